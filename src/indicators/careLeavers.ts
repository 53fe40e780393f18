/**
 * Care leavers (indicators.md, "Care leavers"): accommodation, activity and
 * contact of former relevant care leavers at a month end (LAIT 112, 113).
 *
 * Why the cohort is rebuilt at each month end: `ssd_care_leavers` is today's
 * snapshot, so it no longer holds young people who have since aged out; a past
 * month's cohort read from it shrinks. Who was a care leaver at D comes from what
 * was true at D: the date of birth, and either the care leaver record's
 * eligibility (when the extract carries one) or the care history (DfE's test:
 * looked after for at least 13 weeks in total from age 14, and on or after the
 * 16th birthday), and not looked after at D.
 *
 * Why a history union for the status: the SSD holds only each care leaver's
 * latest contact (`ssd_care_leavers`); the extension table
 * `ssdx_care_leaver_contacts` holds the history. The status at D is the latest
 * record dated on or before D from either source, so a past month's figure does
 * not change when a newer contact is recorded.
 */
import { sqlLiteral as lit, sqlList } from "../db/quote.ts";
import {
  CARE_LEAVER_ACTIVITY,
  CARE_LEAVER_IN_TOUCH,
  EET_ACTIVITIES,
  SHORT_BREAK_LEGAL_STATUSES,
} from "../model/codes.ts";
import { defineIndicator, defineRelation } from "./define.ts";
import { claAt, claEpisodes } from "./lookedAfter.ts";
import { ageAt, fmt, OPEN_END, openAt } from "./sql.ts";

const AREA = "Care leavers" as const;

/** Care leaver record eligibilities that say the care history meets the test (all three require it). */
const QUALIFYING_ELIGIBILITIES = ["ELIGIBLE", "RELEVANT", "FORMER_RELEVANT"];
/** Eligibilities a record may carry; any other value (or none) leaves the decision to the care history. */
const KNOWN_ELIGIBILITIES = [...QUALIFYING_ELIGIBILITIES, "QUALIFYING"];
/** DfE: at least 13 weeks looked after in total from the 14th birthday. */
const QUALIFYING_DAYS = 91;

/** SQL turning a code column into "label (CODE)" from a code list, or the code itself when unknown. */
function labelled(column: string, labels: Record<string, string>): string {
  const lower = (label: string) =>
    /^[A-Z]{2}/.test(label) ? label : label[0]!.toLowerCase() + label.slice(1);
  const whens = Object.entries(labels)
    .map(([code, label]) => `WHEN ${lit(code)} THEN ${lit(`${lower(label)} (${code})`)}`)
    .join(" ");
  return `(CASE ${column} ${whens} ELSE ${column} END)`;
}

/**
 * The nth birthday: the first day whose age (`ageAt`) is n, so a 29 February birthday
 * falls on 1 March in a common year.
 */
function birthday(dob: string, n: number): string {
  const plain = `CAST(${dob} + INTERVAL (${n}) YEAR AS DATE)`;
  return `CASE WHEN ${ageAt(dob, plain)} < ${n} THEN CAST(${plain} + INTERVAL 1 DAY AS DATE) ELSE ${plain} END`;
}

/** What the latest record must show, beyond being in touch, to count in the numerator. */
interface Test {
  /** Condition on the normalised columns of `latest` (in_touch, suitable, activity, accommodation). */
  passes: string;
  /** Reason text when an in-touch care leaver fails the test. */
  failReason: string;
}

/**
 * Per young person, the date from which their care history meets DfE's former relevant
 * test (`qualified`): looked after (an episode not on a short-break legal status, V3/V4,
 * at its start) on 91 days or more from the 14th birthday, and on a day on or after the
 * 16th birthday. An episode's last looked-after day is the day before it ceased.
 * Overlapping episodes are merged so no day counts twice; several periods of care add up.
 */
const careHistory = defineRelation({
  name: "_rel_care_leaver_history",
  description: "the date each young person's care history meets the former relevant test",
  uses: [claEpisodes],
  sql: () => `
    WITH person AS (
      SELECT p.la_code, p.pers_person_id AS person_id, max(p.pers_dob) AS dob
      FROM ssd_person p SEMI JOIN (SELECT DISTINCT la_code, child_id FROM _rel_cla_episodes) k
        ON k.la_code = p.la_code AND k.child_id = p.pers_person_id
      WHERE p.pers_dob IS NOT NULL
      GROUP BY ALL),
    status AS (
      SELECT e.la_code, e.child_id, e.ep_start,
        max_by(upper(l.lega_legal_status), strftime(l.lega_legal_status_start_date, '%Y-%m-%d') || upper(l.lega_legal_status)) AS legal_status
      FROM _rel_cla_episodes e JOIN ssd_legal_status l ON l.la_code = e.la_code AND l.lega_person_id = e.child_id
        AND ${openAt("l.lega_legal_status_start_date", "l.lega_legal_status_end_date", "e.ep_start")}
      GROUP BY ALL),
    seg AS (
      SELECT ep.la_code, ep.child_id AS person_id, ep.period_id, p.dob, ${birthday("p.dob", 16)} AS b16,
        greatest(ep.ep_start, ${birthday("p.dob", 14)}) AS s, coalesce(ep.ep_end, ${OPEN_END}) AS e
      FROM _rel_cla_episodes ep
      JOIN person p ON p.la_code = ep.la_code AND p.person_id = ep.child_id
      LEFT JOIN status st ON st.la_code = ep.la_code AND st.child_id = ep.child_id AND st.ep_start = ep.ep_start
      WHERE NOT ep.contradictory AND NOT coalesce(st.legal_status IN ${sqlList(SHORT_BREAK_LEGAL_STATUSES)}, false)
        AND coalesce(ep.ep_end, ${OPEN_END}) > greatest(ep.ep_start, ${birthday("p.dob", 14)})),
    flagged AS (
      SELECT *, CASE WHEN s <= max(e) OVER (PARTITION BY la_code, person_id ORDER BY s, e
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS new_island
      FROM seg),
    grouped AS (
      SELECT *, sum(new_island) OVER (PARTITION BY la_code, person_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
      FROM flagged),
    islands AS (
      SELECT la_code, person_id, island, min(s) AS s, max(e) AS e, any_value(b16) AS b16,
        arg_max(period_id, s) AS period_id
      FROM grouped GROUP BY ALL),
    running AS (
      SELECT *, coalesce(sum(e - s) OVER (PARTITION BY la_code, person_id ORDER BY s
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
      FROM islands),
    tests AS (
      SELECT la_code, person_id,
        min(CAST(s + INTERVAL (CAST(${QUALIFYING_DAYS} - 1 - before AS INTEGER)) DAY AS DATE))
          FILTER (WHERE before + (e - s) >= ${QUALIFYING_DAYS}) AS day_91,
        min(greatest(s, b16)) FILTER (WHERE e > b16) AS after_16
      FROM running GROUP BY ALL)
    SELECT t.la_code, t.person_id, greatest(t.day_91, t.after_16) AS qualified, t.day_91, t.after_16,
      (SELECT arg_max(i.period_id, i.s) FROM islands i
        WHERE i.la_code = t.la_code AND i.person_id = t.person_id AND i.s <= greatest(t.day_91, t.after_16)) AS period_id
    FROM tests t
    WHERE t.day_91 IS NOT NULL AND t.after_16 IS NOT NULL`,
});

/**
 * One row per former relevant care leaver aged within `careLeaverAges` at each snapshot
 * (or with no date of birth, when their record says they qualify), with their latest
 * record on or before it: the latest date, then the care leaver record before a
 * contact, then the greatest record id. Who is in the cohort at D: a young person whose
 * care leaver record carries a known eligibility qualifies when it is ELIGIBLE, RELEVANT
 * or FORMER_RELEVANT (not when QUALIFYING); one with no record, or none with a known
 * eligibility, qualifies from the day their care history meets the test. Either way not
 * while looked after at D (as cla_open). Each day's record holds until the next record's
 * date, so the status lookup is an equi-join with a range.
 */
const careLeaversLatest = defineRelation({
  name: "_rel_care_leavers_latest",
  description: "former relevant care leavers at each month end with their latest record",
  uses: [careHistory, claAt],
  sql: (options) => {
    const [lo, hi] = options.careLeaverAges;
    return `
    WITH rec AS (
      SELECT la_code, clea_person_id AS person_id,
        bool_or(upper(trim(clea_care_leaver_eligibility)) IN ${sqlList(QUALIFYING_ELIGIBILITIES)}) AS qualifies,
        arg_min(clea_table_id, (upper(trim(clea_care_leaver_eligibility)) NOT IN ${sqlList(QUALIFYING_ELIGIBILITIES)}, clea_table_id)) AS clea_id,
        arg_min(upper(trim(clea_care_leaver_eligibility)), (upper(trim(clea_care_leaver_eligibility)) NOT IN ${sqlList(QUALIFYING_ELIGIBILITIES)}, clea_table_id)) AS eligibility
      FROM ssd_care_leavers
      WHERE clea_person_id IS NOT NULL AND upper(trim(clea_care_leaver_eligibility)) IN ${sqlList(KNOWN_ELIGIBILITIES)}
      GROUP BY ALL),
    cl AS (
      SELECT la_code, person_id, clea_id AS base_id, NULL::DATE AS qualified,
        'care leaver record ' || clea_id || ': ' || eligibility AS basis
      FROM rec WHERE qualifies
      UNION ALL
      SELECT h.la_code, h.person_id, h.period_id, h.qualified,
        'care history (13 weeks looked after from age 14 by ' || ${fmt("h.day_91")}
          || ', looked after at 16 or over on ' || ${fmt("h.after_16")} || ', period of care ' || coalesce(h.period_id, '?') || ')'
      FROM _rel_care_leaver_history h ANTI JOIN rec ON rec.la_code = h.la_code AND rec.person_id = h.person_id),
    dob AS (
      SELECT p.la_code, p.pers_person_id, max(p.pers_dob) AS dob
      FROM ssd_person p SEMI JOIN cl ON cl.la_code = p.la_code AND cl.person_id = p.pers_person_id
      GROUP BY ALL),
    pop AS (
      SELECT s.la_code, s.snapshot_date, cl.person_id, cl.base_id, cl.basis, dob.dob,
        ${ageAt("dob.dob", "s.snapshot_date")} AS age
      FROM _snapshots s
      JOIN cl ON cl.la_code = s.la_code
      LEFT JOIN dob ON dob.la_code = cl.la_code AND dob.pers_person_id = cl.person_id
      WHERE (dob.dob IS NULL OR ${ageAt("dob.dob", "s.snapshot_date")} BETWEEN ${lo} AND ${hi})
        AND coalesce(cl.qualified <= s.snapshot_date, true)
        AND NOT EXISTS (SELECT 1 FROM _rel_cla_at a WHERE a.la_code = s.la_code AND a.d = s.snapshot_date
          AND a.child_id = cl.person_id AND NOT a.short_break)),
    recs AS (
      SELECT la_code, clec_person_id AS person_id, clec_contact_id AS rec_id, 'contact' AS source, 1 AS source_rank,
        clec_contact_date AS rec_date, clec_in_touch AS in_touch, clec_accommodation AS accommodation,
        clec_accom_suitable AS suitable, clec_activity AS activity
      FROM ssdx_care_leaver_contacts WHERE clec_contact_date IS NOT NULL
      UNION ALL
      SELECT la_code, clea_person_id, clea_table_id, 'care leaver record', 0,
        clea_care_leaver_latest_contact, clea_care_leaver_in_touch, clea_care_leaver_accommodation,
        clea_care_leaver_accom_suitable, clea_care_leaver_activity
      FROM ssd_care_leavers WHERE clea_care_leaver_latest_contact IS NOT NULL),
    daily AS (
      SELECT * FROM recs
      QUALIFY row_number() OVER (PARTITION BY la_code, person_id, rec_date ORDER BY source_rank, rec_id DESC) = 1),
    until AS (
      SELECT *, lead(rec_date) OVER (PARTITION BY la_code, person_id ORDER BY rec_date) AS next_date FROM daily)
    SELECT pop.*, r.rec_id, r.source, r.rec_date,
      nullif(upper(trim(r.in_touch)), '') AS in_touch,
      nullif(upper(trim(r.accommodation)), '') AS accommodation,
      nullif(trim(r.suitable), '') AS suitable,
      nullif(upper(trim(r.activity)), '') AS activity
    FROM pop
    LEFT JOIN until r ON r.la_code = pop.la_code AND r.person_id = pop.person_id
      AND pop.snapshot_date >= r.rec_date AND pop.snapshot_date < coalesce(r.next_date, ${OPEN_END})`;
  },
});

/**
 * Rows: one per care leaver in `_rel_care_leavers_latest`. A care leaver whose date of
 * birth is missing is listed, outside the denominator, since their age cannot be known.
 */
function careLeaverRows(test: Test): string {
  return `
    WITH latest AS (
      SELECT *,
        CASE
          WHEN dob IS NULL THEN 'date of birth not recorded: age at the month end unknown'
          WHEN rec_date IS NULL THEN 'no contact record on or before the month end'
          WHEN in_touch IS NULL THEN 'in-touch status not recorded on the latest record'
          WHEN in_touch = 'REFU' THEN 'refuses contact (REFU)'
          WHEN in_touch = 'NO' THEN 'not in touch (NO)'
          WHEN in_touch <> 'YES' THEN 'not in touch: ' || ${labelled("in_touch", CARE_LEAVER_IN_TOUCH.labels)}
          WHEN NOT coalesce(${test.passes}, false) THEN ${test.failReason}
        END AS reason
      FROM _rel_care_leavers_latest)
    SELECT la_code, person_id AS child_id, coalesce(rec_id, base_id, person_id) AS event_id, snapshot_date,
      reason IS NULL AS in_numerator, dob IS NOT NULL AS in_denominator, NULL::DOUBLE AS value, reason,
      'age ' || coalesce(CAST(age AS VARCHAR), '?')
        || CASE WHEN rec_date IS NULL THEN ', no record'
           ELSE ', latest ' || source || ' ' || rec_id || ' on ' || ${fmt("rec_date")}
             || ': in touch ' || coalesce(in_touch, '?') || ', accommodation ' || coalesce(accommodation, '?')
             || ' suitability ' || coalesce(suitable, '?') || ', activity ' || coalesce(activity, '?') END
        || '; former relevant by ' || basis AS detail
    FROM latest`;
}

const SHARED =
  " Former relevant care leavers whose age at D is within the configured range (default 19–21) and who are not looked after at D. A young person is former relevant when their care leaver record's eligibility is ELIGIBLE, RELEVANT or FORMER_RELEVANT (not QUALIFYING); with no record, or none carrying an eligibility, when their care history by D meets DfE's test: looked after for at least 13 weeks (91 days) in total from the 14th birthday, and on a day on or after the 16th birthday (an episode whose legal status at its start is a short break, V3 or V4, does not count; the day an episode ceases is not looked after). So young people who have since turned 22, and left today's care leaver records, stay in past month ends. The latest record on or before D is the latest of the contact history and the care leaver record's latest contact (the record's own row wins a same-day tie). Those with no record, not in touch, refusing contact or whose in-touch status is anything but YES count in the denominator only.";

export const careLeaversSuitableAccommodationPct = defineIndicator({
  id: "care_leavers_suitable_accommodation_pct",
  title: "% care leavers aged 19–21 in suitable accommodation",
  area: AREA,
  definition: `Of former relevant care leavers aged 19, 20 or 21 at D, those whose latest recorded accommodation on or before D is suitable (suitability 1).${SHARED}`,
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  reference: "LAIT 112",
  uses: [careLeaversLatest],
  rows: () =>
    careLeaverRows({
      passes: "suitable = '1'",
      failReason: `CASE WHEN suitable IS NULL THEN 'suitability of accommodation not recorded'
        ELSE 'accommodation not suitable (' || suitable || ')' END`,
    }),
});

export const careLeaversEetPct = defineIndicator({
  id: "care_leavers_eet_pct",
  title: "% care leavers aged 19–21 in education, employment or training",
  area: AREA,
  definition: `Of former relevant care leavers aged 19, 20 or 21 at D, those whose latest recorded activity on or before D is education, employment or training (F1–F5, P1–P5).${SHARED}`,
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  reference: "LAIT 113",
  uses: [careLeaversLatest],
  rows: () =>
    careLeaverRows({
      passes: `activity IN ${sqlList(EET_ACTIVITIES)}`,
      failReason: `CASE WHEN activity IS NULL THEN 'activity not recorded'
        ELSE 'not in education, employment or training: ' || ${labelled("activity", CARE_LEAVER_ACTIVITY.labels)} END`,
    }),
});

export const careLeaversInTouchPct = defineIndicator({
  id: "care_leavers_in_touch_pct",
  title: "% care leavers aged 19–21 the council is in touch with",
  area: AREA,
  definition: `Of former relevant care leavers aged 19, 20 or 21 at D, those whose latest record on or before D says the council is in touch (YES).${SHARED}`,
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [careLeaversLatest],
  rows: () => careLeaverRows({ passes: "true", failReason: "NULL" }),
});

/** Care leavers indicators in report order. */
export const CARE_LEAVERS = [careLeaversSuitableAccommodationPct, careLeaversEetPct, careLeaversInTouchPct];
