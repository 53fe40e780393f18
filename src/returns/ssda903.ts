/**
 * The SSDA903 return (children looked after) as the CSV set councils send
 * DfE: one folder per collection year, `ssda903_<la>_<yyyy>/`, holding
 * header, episodes, uasc, reviews, missing, oc2, oc3, ad1,
 * placed_for_adoption, previous_permanence and (from 2023-24) sw_episodes,
 * with DfE's column names and order and dates as dd/mm/yyyy.
 *
 * Why one folder per year: a 903 set is one year's return (the reader dates
 * OC2 and OC3 by its collection year), and the files of different years
 * carry the same names, so each year keeps its own folder.
 *
 * Who is in a year (DfE's 903 guidance): every child looked after at any
 * time in the year; their episodes open at any time in the year, with
 * their original start dates (history carried over), an episode still open
 * on 31 March written open (no DEC, REC); reviews and missing episodes in
 * the year; OC2 for children looked after continuously for 12 months at
 * 31 March; OC3 for relevant and former relevant care leavers whose 17th
 * to 21st birthday falls in the year and who had left care by 31 March (the
 * care-leaver table holds today's eligibility, so a child still looked after
 * in an earlier year is not a care leaver of that year), with their latest
 * recorded status on or before 31 March; AD1 for children adopted in the year; placed for
 * adoption for children with a decision to place for adoption in force at
 * some time in the year. Every year overlapping the scope is written whole
 * from its 1 April, even when the scope starts later in it (a reader takes a
 * set to cover its whole year, so a set cut at the scope's start would lose
 * the episodes that closed before it and make the next episode look like an
 * entry to care). A year cut short by the scope ends at `scope.to` and then
 * has no OC2 or OC3 (they are 31 March snapshots).
 *
 * Why SQL and streamed chunks: each file is one ordered query whose rows are
 * already formatted by DuckDB, read chunk by chunk and written through a
 * file stream that is awaited when full, so a million episodes never sit in
 * memory. Rows are ordered by child and date, so the same workspace always
 * gives the same bytes.
 */

import { once } from "node:events";
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { Database } from "../db/database.ts";
import { sqlLiteral as lit, sqlDate, sqlList } from "../db/quote.ts";
import { SSDA903_FILES, type Ssda903File } from "../ingest/ssda903/reader.ts";
import {
  ADOPTION_END_REASONS,
  SHORT_BREAK_LEGAL_STATUSES,
  SW_REASON_CODES,
  TEMPORARY_PLACEMENT_TYPES,
} from "../model/codes.ts";
import type { ReturnScope, WrittenReturn } from "./types.ts";

/** Placement types DfE records with no provider (213): temporary placements and, from 2025-26, supported accommodation. */
const NO_PROVIDER = [...TEMPORARY_PLACEMENT_TYPES, "Z11", "Z12", "Z13", "Z14"];

const dmy = (col: string) => `strftime(${col}, '%d/%m/%Y')`;

/** Collection years (named by their end) overlapping [from, to]. */
export function collectionYears(from: string, to: string): number[] {
  const yearOf = (d: string) => Number(d.slice(0, 4)) + (d.slice(5) >= "04-01" ? 1 : 0);
  const out: number[] = [];
  for (let y = yearOf(from); y <= yearOf(to); y++) out.push(y);
  return out;
}

/** One year's window: the child-level queries read between `start` and `end` (ISO dates, inclusive). */
interface Window {
  la: string;
  year: number;
  start: string;
  end: string;
}

/** SQL for the windowed CTEs every file's query starts from. */
function base(w: Window): string {
  const la = lit(w.la);
  const s = sqlDate(w.start);
  const e = sqlDate(w.end);
  return `
    ep AS (
      SELECT * FROM ssd_cla_episodes
      WHERE la_code = ${la} AND clae_person_id IS NOT NULL AND clae_cla_episode_start_date IS NOT NULL
        AND clae_cla_episode_start_date <= ${e}
        AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date >= ${s})),
    lac AS (SELECT DISTINCT clae_person_id AS child FROM ep),
    person AS (
      SELECT pers_person_id AS child, min(pers_dob) AS dob, min(pers_sex) AS sex, min(pers_ethnicity) AS ethnic,
        min(pers_is_mother) AS mother, min(pers_upn) AS upn, min(pers_upn_unknown) AS upn_unknown
      FROM ssd_person WHERE la_code = ${la} GROUP BY ALL)`;
}

/** The `WITH` clauses and query of one file for one window: columns in DfE's order, text ready to write. */
function fileSql(file: Ssda903File, w: Window): string | undefined {
  const la = lit(w.la);
  const s = sqlDate(w.start);
  const e = sqlDate(w.end);
  const yearEnd = w.end === `${w.year}-03-31`;
  const sex =
    w.year >= 2025
      ? "CASE upper(p.sex) WHEN 'M' THEN 'M' WHEN 'F' THEN 'F' WHEN 'U' THEN 'U' END"
      : "CASE upper(p.sex) WHEN 'M' THEN '1' WHEN 'F' THEN '2' END";
  const flag = (c: string) => `CASE upper(trim(${c})) WHEN 'Y' THEN '1' WHEN 'N' THEN '0' END`;
  const age = (at: string) =>
    `(year(${at}) - year(p.dob) - CASE WHEN month(${at}) < month(p.dob) OR (month(${at}) = month(p.dob) AND day(${at}) < day(p.dob)) THEN 1 ELSE 0 END)`;
  const oc3Cohort = `
    oc3 AS (
      SELECT DISTINCT c.clea_person_id AS child FROM ssd_care_leavers c
      JOIN person p ON p.child = c.clea_person_id
      WHERE c.la_code = ${la} AND upper(trim(c.clea_care_leaver_eligibility)) IN ('RELEVANT', 'FORMER_RELEVANT')
        AND ${yearEnd} AND p.dob IS NOT NULL AND ${age(e)} BETWEEN 17 AND 21
        AND EXISTS (SELECT 1 FROM ssd_cla_episodes x WHERE x.la_code = ${la} AND x.clae_person_id = c.clea_person_id
          AND x.clae_cla_episode_ceased_date <= ${e})
        AND NOT EXISTS (SELECT 1 FROM ep WHERE ep.clae_person_id = c.clea_person_id
          AND (ep.clae_cla_episode_ceased_date IS NULL OR ep.clae_cla_episode_ceased_date > ${e}))
        -- 17 or 18 at 31 March and left care on or after that birthday: no OC3 this year (DfE 1016)
        AND NOT (${age(e)} IN (17, 18) AND EXISTS (SELECT 1 FROM ep WHERE ep.clae_person_id = c.clea_person_id
          AND ep.clae_cla_episode_ceased_date >= p.dob + to_years(CAST(${age(e)} AS INTEGER)))))`;
  const w0 = `WITH ${base(w)}`;
  // each in-year episode's legal status: the one in force when it started
  const lsCte = `ls AS (
          SELECT ep.clae_cla_episode_id AS id, ep.clae_person_id AS child,
            arg_max(l.lega_legal_status, (l.lega_legal_status_start_date, l.lega_legal_status)) AS ls
          FROM ep JOIN ssd_legal_status l ON l.la_code = ${la} AND l.lega_person_id = ep.clae_person_id
            AND l.lega_legal_status_start_date <= ep.clae_cla_episode_start_date
            AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > ep.clae_cla_episode_start_date
              OR l.lega_legal_status_end_date = l.lega_legal_status_start_date)
          GROUP BY ALL)`;
  switch (file) {
    case "header":
      return `${w0}, ${oc3Cohort},
        kids AS (SELECT child FROM lac UNION SELECT child FROM oc3), ${lsCte},
        -- MOTHER only for a girl looked after in the year other than under short breaks (DfE 628, 399, 165)
        mothered AS (
          SELECT DISTINCT ep.clae_person_id AS child FROM ep LEFT JOIN ls ON ls.id = ep.clae_cla_episode_id
          WHERE NOT coalesce(upper(ls.ls) IN ${sqlList(SHORT_BREAK_LEGAL_STATUSES)}, false)),
        -- MC_DOB is her first child's birth (ssd_mother); she is a mother in a year's return once that child is
        -- born by 31 March, or by the day she left care (DfE 611, 612, 625), and not before
        first AS (SELECT moth_person_id AS child, min(moth_childs_dob) AS born FROM ssd_mother
          WHERE la_code = ${la} AND moth_childs_dob IS NOT NULL GROUP BY ALL),
        upto AS (SELECT clae_person_id AS child, CASE WHEN bool_or(clae_cla_episode_ceased_date IS NULL
            OR clae_cla_episode_ceased_date > ${e}) THEN ${e} ELSE max(clae_cla_episode_ceased_date) END AS day
          FROM ep GROUP BY ALL),
        mums AS (
          SELECT k.child, fc.born, fc.born IS NOT NULL AND fc.born <= coalesce(u.day, ${e}) AS born_by
          FROM kids k JOIN person p ON p.child = k.child LEFT JOIN first fc ON fc.child = k.child
          LEFT JOIN upto u ON u.child = k.child
          WHERE k.child IN (SELECT child FROM mothered) AND upper(p.sex) = 'F')
        SELECT k.child, ${sex}, ${dmy("p.dob")}, p.ethnic, coalesce(p.upn, upper(p.upn_unknown)),
          CASE WHEN m.child IS NULL THEN NULL WHEN m.born_by THEN '1' WHEN m.born IS NOT NULL THEN '0'
            ELSE ${flag("p.mother")} END,
          CASE WHEN m.born_by THEN ${dmy("m.born")} END
        FROM kids k LEFT JOIN person p ON p.child = k.child LEFT JOIN mums m ON m.child = k.child ORDER BY k.child`;
    case "episodes":
      return `${w0},
        ${lsCte}
        SELECT ep.clae_person_id, ${dmy("ep.clae_cla_episode_start_date")}, upper(ep.clae_cla_episode_start_reason),
          upper(ls.ls), upper(ep.clae_cla_primary_need_code), upper(pl.clap_cla_placement_type),
          -- no provider for temporary placements and supported accommodation (DfE 213)
          CASE WHEN upper(pl.clap_cla_placement_type) NOT IN ${sqlList(NO_PROVIDER)} THEN upper(pl.clap_cla_placement_provider) END,
          CASE WHEN ep.clae_cla_episode_ceased_date <= ${e} THEN ${dmy("ep.clae_cla_episode_ceased_date")} END,
          CASE WHEN ep.clae_cla_episode_ceased_date <= ${e} THEN upper(ep.clae_cla_episode_ceased_reason) END,
          -- no reason into or out of a temporary placement (DfE 226: blank on a T0–T4 episode and the one before it)
          CASE WHEN ep.clae_cla_episode_ceased_date <= ${e} AND ep.clae_cla_episode_ceased_date = pl.clap_cla_placement_end_date
            AND NOT coalesce(upper(pl.clap_cla_placement_type) IN ${sqlList(TEMPORARY_PLACEMENT_TYPES)}, false)
            AND NOT coalesce(lead(upper(pl.clap_cla_placement_type)) OVER (PARTITION BY ep.clae_person_id
              ORDER BY ep.clae_cla_episode_start_date, ep.clae_cla_episode_id) IN ${sqlList(TEMPORARY_PLACEMENT_TYPES)}, false)
            THEN upper(pl.clap_cla_placement_change_reason) END,
          -- no postcodes or URN under short breaks (DfE 214, 398, 392a); HOME_POST is the home when the period began
          CASE WHEN NOT coalesce(upper(ls.ls) IN ${sqlList(SHORT_BREAK_LEGAL_STATUSES)}, false) THEN upper(pd.clpd_home_postcode) END,
          -- placed with parents (P1) with no placement postcode recorded: the parents' home is the child's home (DfE 392b)
          CASE WHEN NOT coalesce(upper(ls.ls) IN ${sqlList(SHORT_BREAK_LEGAL_STATUSES)}, false) THEN coalesce(pl.clap_cla_placement_postcode,
            CASE WHEN upper(pl.clap_cla_placement_type) = 'P1' THEN upper(pd.clpd_home_postcode) END) END,
          CASE WHEN NOT coalesce(upper(ls.ls) IN ${sqlList(SHORT_BREAK_LEGAL_STATUSES)}, false) THEN pl.clap_cla_placement_urn END
        FROM ep
        LEFT JOIN ls ON ls.id = ep.clae_cla_episode_id
        LEFT JOIN ssd_cla_placement pl ON pl.la_code = ${la} AND pl.clap_cla_placement_id = ep.clae_cla_placement_id
        LEFT JOIN ssdx_cla_period_details pd ON pd.la_code = ${la} AND pd.clpd_cla_id = ep.clae_cla_id
        ORDER BY ep.clae_person_id, ep.clae_cla_episode_start_date, ep.clae_cla_episode_id`;
    case "uasc":
      return `${w0}
        -- DUC: the day UASC status ended or, while it goes on, the 18th birthday, when it will (DfE 205B as d2i's
        -- tests read it: a child UASC in both years has last year's DUC at the 18th birthday, this year's the same)
        SELECT i.immi_person_id, ${sex}, ${dmy("p.dob")},
          ${dmy("CASE WHEN bool_or(i.immi_immigration_status_end_date IS NULL) THEN CAST(p.dob + INTERVAL 18 YEAR AS DATE) ELSE max(i.immi_immigration_status_end_date) END")}
        FROM ssd_immigration_status i JOIN lac ON lac.child = i.immi_person_id
        LEFT JOIN person p ON p.child = i.immi_person_id
        WHERE i.la_code = ${la} AND upper(i.immi_immigration_status) = 'UASC'
          AND coalesce(i.immi_immigration_status_start_date, ${e}) <= ${e}
          AND (i.immi_immigration_status_end_date IS NULL OR i.immi_immigration_status_end_date >= ${s})
        GROUP BY i.immi_person_id, p.sex, p.dob
        ORDER BY i.immi_person_id`;
    case "reviews":
      return `${w0},
        periods AS (SELECT DISTINCT clae_cla_id AS period, clae_person_id AS child FROM ep WHERE clae_cla_id IS NOT NULL)
        SELECT pe.child, ${dmy("p.dob")}, ${dmy("r.clar_cla_review_date")}, upper(r.clar_cla_review_participation)
        FROM ssd_cla_reviews r JOIN periods pe ON pe.period = r.clar_cla_id
        LEFT JOIN person p ON p.child = pe.child
        WHERE r.la_code = ${la} AND r.clar_cla_review_date BETWEEN ${s} AND ${e}
          AND upper(coalesce(trim(r.clar_cla_review_cancelled), '')) NOT IN ('Y', 'YES', '1', 'TRUE')
        ORDER BY pe.child, r.clar_cla_review_date, r.clar_cla_review_id`;
    case "missing":
      return `${w0}
        SELECT m.miss_person_id, ${dmy("p.dob")}, upper(m.miss_missing_episode_type), ${dmy("m.miss_missing_episode_start_date")},
          CASE WHEN m.miss_missing_episode_end_date <= ${e} THEN ${dmy("m.miss_missing_episode_end_date")} END
        FROM ssd_missing m LEFT JOIN person p ON p.child = m.miss_person_id
        WHERE m.la_code = ${la} AND m.miss_missing_episode_start_date <= ${e}
          AND (m.miss_missing_episode_end_date IS NULL OR m.miss_missing_episode_end_date >= ${s})
          AND EXISTS (SELECT 1 FROM ep WHERE ep.clae_person_id = m.miss_person_id
            AND ep.clae_cla_episode_start_date <= m.miss_missing_episode_start_date
            AND (ep.clae_cla_episode_ceased_date IS NULL OR ep.clae_cla_episode_ceased_date >= m.miss_missing_episode_start_date))
        ORDER BY m.miss_person_id, m.miss_missing_episode_start_date, m.miss_table_id`;
    case "oc2": {
      if (!yearEnd) return undefined;
      const check = (types: string, from: string) => `CASE WHEN EXISTS (SELECT 1 FROM ssd_cla_health h
          WHERE h.la_code = ${la} AND h.clah_person_id = c.child AND upper(h.clah_health_check_type) IN ${types}
            AND h.clah_health_check_date BETWEEN ${from} AND ${e}) THEN '1' ELSE '0' END`;
      return `${w0},
        periods AS (
          SELECT clae_person_id AS child, coalesce(clae_cla_id, clae_person_id) AS period,
            coalesce(min(clae_entered_care_date), min(clae_cla_episode_start_date)) AS entered
          FROM ssd_cla_episodes WHERE la_code = ${la} AND clae_person_id IN (SELECT child FROM lac) GROUP BY ALL),
        open_now AS (
          SELECT clae_person_id AS child, arg_max(coalesce(clae_cla_id, clae_person_id), clae_cla_episode_start_date) AS period
          FROM ep WHERE clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date > ${e}
          GROUP BY ALL),
        status AS (
          SELECT lega_person_id AS child, arg_max(upper(lega_legal_status), (lega_legal_status_start_date, upper(lega_legal_status))) AS ls
          FROM ssd_legal_status WHERE la_code = ${la} AND lega_legal_status_start_date <= ${e}
            AND (lega_legal_status_end_date IS NULL OR lega_legal_status_end_date > ${e})
          GROUP BY ALL),
        c AS (
          SELECT o.child FROM open_now o JOIN periods pe ON pe.child = o.child AND pe.period = o.period
          LEFT JOIN status st ON st.child = o.child
          -- in care from 1 April at the latest: 12 months at 31 March (d2i's CONTINUOUSLY_LOOKED_AFTER, rules 191, 187)
          WHERE pe.entered <= ${s} AND NOT coalesce(st.ls IN ${sqlList(SHORT_BREAK_LEGAL_STATUSES)}, false))
        ,
        outc AS (
          SELECT outc_person_id AS child,
            arg_max(outc_sdq_score, outc_table_id) AS outc_sdq_score, arg_max(outc_convicted, outc_table_id) AS outc_convicted, arg_max(outc_health_check, outc_table_id) AS outc_health_check,
            arg_max(outc_immunisations, outc_table_id) AS outc_immunisations, arg_max(outc_substance_misuse, outc_table_id) AS outc_substance_misuse, arg_max(outc_intervention_received, outc_table_id) AS outc_intervention_received, arg_max(outc_intervention_offered, outc_table_id) AS outc_intervention_offered
          FROM ssdx_cla_outcomes WHERE la_code = ${la} AND outc_year_end = ${e} GROUP BY ALL)
        -- Health assessments go to HEALTH_ASSESSMENT, dental checks to TEETH_CHECK; the other items come from
        -- ssdx_cla_outcomes, given at the ages DfE asks them: SDQ from 4 at 1 April to 16, SDQ1 ("under 4")
        -- for a child turning 4 in the year, none younger (186, 188, 197B), CONVICTED from 10 (543), HEALTH_CHECK under 5 (545, 546); the
        -- intervention items only with a substance misuse problem, OFFERED only when none was received (192–196).
        SELECT c.child, ${dmy("p.dob")},
          CASE WHEN ${age(s)} BETWEEN 4 AND 16 THEN o.outc_sdq_score END,
          CASE WHEN ${age(s)} < 4 AND ${age(e)} >= 4 THEN 'SDQ1' END,
          CASE WHEN ${age(e)} >= 10 THEN ${flag("o.outc_convicted")} END,
          CASE WHEN ${age(e)} < 5 THEN ${flag("o.outc_health_check")} END,
          ${flag("o.outc_immunisations")},
          ${check("('DENTAL')", `CAST(${e} - INTERVAL 12 MONTH AS DATE)`)},
          ${check("('HA_INITIAL', 'HA_REVIEW')", `CASE WHEN p.dob IS NOT NULL AND ${age(e)} < 5 THEN CAST(${e} - INTERVAL 6 MONTH AS DATE) ELSE CAST(${e} - INTERVAL 12 MONTH AS DATE) END`)},
          ${flag("o.outc_substance_misuse")},
          CASE WHEN upper(trim(o.outc_substance_misuse)) = 'Y' THEN ${flag("o.outc_intervention_received")} END,
          CASE WHEN upper(trim(o.outc_substance_misuse)) = 'Y' AND upper(trim(o.outc_intervention_received)) = 'N'
            THEN ${flag("o.outc_intervention_offered")} END
        FROM c LEFT JOIN person p ON p.child = c.child LEFT JOIN outc o ON o.child = c.child ORDER BY c.child`;
    }
    case "oc3":
      if (!yearEnd) return undefined;
      return `${w0}, ${oc3Cohort},
        recs AS (
          SELECT clec_person_id AS child, clec_contact_id AS rec_id, 1 AS rank, clec_contact_date AS on_date,
            clec_in_touch AS in_touch, clec_accommodation AS accom, clec_accom_suitable AS suitable, clec_activity AS activ
          FROM ssdx_care_leaver_contacts WHERE la_code = ${la} AND clec_contact_date <= ${e}
          UNION ALL
          SELECT clea_person_id, clea_table_id, 0, clea_care_leaver_latest_contact, clea_care_leaver_in_touch,
            clea_care_leaver_accommodation, clea_care_leaver_accom_suitable, clea_care_leaver_activity
          FROM ssd_care_leavers WHERE la_code = ${la} AND clea_care_leaver_latest_contact <= ${e}),
        latest AS (
          SELECT * FROM recs WHERE child IN (SELECT child FROM oc3)
          QUALIFY row_number() OVER (PARTITION BY child ORDER BY on_date DESC, rank, rec_id DESC) = 1)
        -- not in touch (NO, DIED, REFU, NREQ, RHOM): ACTIV and ACCOM are DfE's 0, as all three are coded or none (153)
        SELECT o.child, ${dmy("p.dob")}, upper(trim(l.in_touch)),
          CASE WHEN upper(trim(l.in_touch)) NOT IN ('', 'YES') THEN coalesce(upper(trim(l.activ)), '0') ELSE upper(trim(l.activ)) END,
          CASE WHEN upper(trim(l.in_touch)) NOT IN ('', 'YES') THEN coalesce(nullif(upper(trim(coalesce(l.accom, ''))) || coalesce(trim(l.suitable), ''), ''), '0')
            ELSE nullif(upper(trim(coalesce(l.accom, ''))) || coalesce(trim(l.suitable), ''), '') END
        FROM oc3 o LEFT JOIN person p ON p.child = o.child LEFT JOIN latest l ON l.child = o.child
        ORDER BY o.child`;
    case "ad1":
      return `${w0},
        last AS (
          SELECT * FROM ssd_cla_episodes WHERE la_code = ${la} AND clae_person_id IN (SELECT child FROM lac)
          QUALIFY row_number() OVER (PARTITION BY coalesce(clae_cla_id, 'episode ' || clae_cla_episode_id)
            ORDER BY clae_cla_episode_start_date DESC NULLS LAST, clae_cla_episode_ceased_date DESC NULLS FIRST,
              clae_cla_episode_id DESC) = 1),
        adopted AS (
          SELECT clae_person_id AS child, coalesce(clae_cla_id, 'episode ' || clae_cla_episode_id) AS period,
            clae_cla_episode_ceased_date AS ended
          FROM last WHERE clae_cla_episode_ceased_date BETWEEN ${s} AND ${e}
            AND upper(trim(clae_cla_episode_ceased_reason)) IN ${sqlList(ADOPTION_END_REASONS)}),
        perm AS (
          SELECT a.child, a.ended, pm.* FROM adopted a JOIN ssd_permanence pm ON pm.la_code = ${la}
            AND (pm.perm_cla_id = a.period OR (pm.perm_cla_id IS NULL AND pm.perm_person_id = a.child))
          QUALIFY row_number() OVER (PARTITION BY a.period ORDER BY coalesce(pm.perm_cla_id = a.period, false) DESC,
            pm.perm_placed_for_adoption_date DESC NULLS LAST, pm.perm_table_id DESC) = 1)
        SELECT pm.child, ${dmy("p.dob")}, ${dmy("pm.perm_adm_decision_date")}, ${dmy("pm.perm_matched_date")},
          ${flag("pm.perm_adopted_by_carer_flag")}, ad.adop_number_of_adopters, upper(ad.adop_adopter_sex),
          upper(ad.adop_adopter_legal_status)
        FROM perm pm LEFT JOIN person p ON p.child = pm.child
        LEFT JOIN ssdx_adopters ad ON ad.la_code = ${la} AND ad.adop_perm_table_id = pm.perm_table_id
        ORDER BY pm.child, pm.ended`;
    case "placed_for_adoption":
      return `${w0}
        SELECT pm.perm_person_id, ${dmy("p.dob")}, ${dmy("pm.perm_adm_decision_date")},
          CASE WHEN pm.perm_decision_reversed_date <= ${e} THEN ${dmy("pm.perm_decision_reversed_date")} END,
          CASE WHEN pm.perm_decision_reversed_date <= ${e} THEN upper(pm.perm_decision_reversed_reason) END
        FROM ssd_permanence pm JOIN lac ON lac.child = pm.perm_person_id
        LEFT JOIN person p ON p.child = pm.perm_person_id
        WHERE pm.la_code = ${la} AND pm.perm_adm_decision_date <= ${e}
          AND (pm.perm_decision_reversed_date IS NULL OR pm.perm_decision_reversed_date >= ${s})
        ORDER BY pm.perm_person_id, pm.perm_adm_decision_date, pm.perm_table_id`;
    case "previous_permanence":
      return `${w0},
        starts AS (
          SELECT clae_person_id AS child, arg_max(clae_cla_id, clae_cla_episode_start_date) AS period FROM ep
          WHERE coalesce(clae_entered_care_date, clae_cla_episode_start_date) BETWEEN ${s} AND ${e}
            AND coalesce(clae_entered_care_date = clae_cla_episode_start_date, true)
          GROUP BY ALL)
        -- the latest period begun in the year; LA_PERM and DATE_PERM only with an order (not Z1: DfE 630, 1008)
        SELECT st.child, ${dmy("p.dob")}, upper(pd.clpd_previous_permanence),
          CASE WHEN upper(pd.clpd_previous_permanence) <> 'Z1' THEN pd.clpd_previous_permanence_la END,
          CASE WHEN upper(pd.clpd_previous_permanence) <> 'Z1' THEN ${dmy("pd.clpd_previous_permanence_date")} END
        FROM starts st LEFT JOIN person p ON p.child = st.child
        LEFT JOIN ssdx_cla_period_details pd ON pd.la_code = ${la} AND pd.clpd_cla_id = st.period
        ORDER BY st.child`;
    case "sw_episodes":
      if (w.year < 2024) return undefined;
      return `${w0}
        -- SW_ID is the worker's Social Work England registration (SW…), the worker id only when none is held
        SELECT i.invo_person_id, ${dmy("p.dob")}, coalesce(upper(trim(pr.prof_social_worker_registration_no)), i.invo_professional_id),
          ${dmy("i.invo_involvement_start_date")},
          CASE WHEN i.invo_involvement_end_date <= ${e} THEN ${dmy("i.invo_involvement_end_date")} END,
          -- SW_REASON is why this worker's episode began (DfE: FCONTA for the child's first): the model keeps why
          -- the previous one ended, as a code when it was read from a 903, as words when generated
          -- FCONTA too when more than a week passed without a worker since the previous episode ended: the case was
          -- closed and opened again (DfE's SW10STG2 expects a new episode within 7 days of the last, unless FCONTA)
          -- and when the previous one ended with the case closed: a new referral's first worker
          CASE WHEN i.prev_reason IS NULL OR i.invo_involvement_start_date > i.prev_end + 7
              OR lower(i.prev_reason) LIKE '%case closed%' THEN 'FCONTA'
            WHEN upper(trim(i.prev_reason)) IN ${sqlList(SW_REASON_CODES)} THEN upper(trim(i.prev_reason))
            WHEN lower(i.prev_reason) LIKE '%left%' THEN 'LEFTRL'
            WHEN lower(i.prev_reason) LIKE '%caseload%' OR lower(i.prev_reason) LIKE '%manage%' THEN 'MANAGE'
            ELSE 'OTHERS' END
        FROM (SELECT *, lag(invo_worker_change_reason) OVER w AS prev_reason, lag(invo_involvement_end_date) OVER w AS prev_end
            FROM ssd_involvements WHERE la_code = ${la}
            WINDOW w AS (PARTITION BY invo_person_id, upper(coalesce(invo_professional_role_id, 'SW')) IN ('SW', 'SOCIAL WORKER')
              ORDER BY invo_involvement_start_date, invo_involvements_id)) i
        JOIN lac ON lac.child = i.invo_person_id
        LEFT JOIN person p ON p.child = i.invo_person_id
        LEFT JOIN ssd_professionals pr ON pr.la_code = ${la} AND pr.prof_professional_id = i.invo_professional_id
        WHERE i.la_code = ${la} AND upper(coalesce(i.invo_professional_role_id, 'SW')) IN ('SW', 'SOCIAL WORKER')
          AND i.invo_involvement_start_date <= ${e}
          AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date >= ${s})
        ORDER BY i.invo_person_id, i.invo_involvement_start_date, i.invo_involvements_id`;
  }
}

/** A CSV field: quoted when it holds a comma, quote or line break. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  const t = typeof v === "string" ? v : String(v);
  return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** A file written in chunks, waiting for the stream to drain when its buffer is full. */
class ChunkedFile {
  private readonly out: WriteStream;
  private failed: Error | undefined;

  constructor(path: string) {
    this.out = createWriteStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
    this.out.on("error", (e) => {
      this.failed = e;
    });
  }

  async write(text: string): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.out.write(text)) await Promise.race([once(this.out, "drain"), once(this.out, "error")]);
    if (this.failed) throw this.failed;
  }

  async close(): Promise<void> {
    this.out.end();
    if (!this.out.writableFinished) await Promise.race([once(this.out, "finish"), once(this.out, "error")]);
    if (this.failed) throw this.failed;
  }
}

/** Streams `sql`'s rows into `path` as CSV under `header`; returns the rows written. */
async function writeCsv(db: Database, path: string, header: readonly string[], sql: string): Promise<number> {
  const out = new ChunkedFile(path);
  let rows = 0;
  try {
    await out.write(`${header.join(",")}\n`);
    const result = await db.connection.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const columns = chunk.getColumns();
      const n = chunk.rowCount;
      const lines: string[] = new Array(n);
      for (let k = 0; k < n; k++) {
        let line = csvField(columns[0]![k]);
        for (let c = 1; c < columns.length; c++) line += `,${csvField(columns[c]![k])}`;
        lines[k] = line;
      }
      rows += n;
      await out.write(`${lines.join("\n")}\n`);
    }
  } finally {
    await out.close();
  }
  return rows;
}

/**
 * Writes `<outDir>/ssda903_<la>_<yyyy>/<file>.csv` for every collection year
 * overlapping the scope (each from its 1 April) in which any child was looked after (see the module
 * comment for who each file holds); a file with no records that year is
 * not written (header and episodes always are). Counts are rows written
 * per file name.
 */
export async function writeSsda903(db: Database, outDir: string, scope: ReturnScope): Promise<WrittenReturn> {
  const files: string[] = [];
  const counts: Record<string, number> = {};
  for (const year of collectionYears(scope.from, scope.to)) {
    const yearStart = `${year - 1}-04-01`;
    const yearEnd = `${year}-03-31`;
    // Always from 1 April, whatever day the scope starts: a year's return holds every episode
    // open at any time in the year, and a reader takes it to cover the whole year.
    const w: Window = {
      la: scope.laCode,
      year,
      start: yearStart,
      end: scope.to < yearEnd ? scope.to : yearEnd,
    };
    const looked = await db.connection.runAndReadAll(`WITH ${base(w)} SELECT count(*) FROM lac`);
    if (Number(looked.getRows()[0]?.[0] ?? 0) === 0) continue;
    const dir = join(outDir, `ssda903_${scope.laCode}_${year}`);
    mkdirSync(dir, { recursive: true });
    for (const [file, columns] of Object.entries(SSDA903_FILES) as [Ssda903File, readonly string[]][]) {
      const sql = fileSql(file, w);
      if (!sql) continue;
      const path = join(dir, `${file}.csv`);
      const rows = await writeCsv(db, path, columns, sql);
      if (rows === 0 && file !== "header" && file !== "episodes") {
        rmSync(path);
        continue;
      }
      counts[file] = (counts[file] ?? 0) + rows;
      files.push(path);
    }
  }
  return { files, counts };
}
