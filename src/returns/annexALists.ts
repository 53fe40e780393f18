/**
 * The eleven Annex A lists as the writer lays them out: Ofsted's sheet
 * names and headers (the 2026 `Sex` layout) and, per list, one SQL query
 * over the canonical tables that yields its rows, column for column, for
 * one council as at the list date.
 *
 * Why each list's population is what it is: Ofsted asks for the records
 * live in the period, so a list written for [from, to] holds every record
 * that a figure for a month in that span needs. Lists 1 and 3 hold the
 * events dated in the period; list 4 the assessments authorised in it or
 * still open; list 5 the S47 enquiries started in it or whose conference
 * fell in it; lists 6, 7 and 8 every CIN episode, CP plan (not another
 * council's) and period of care open at any time in it; list 9 the care
 * leavers aged 16–25 at the list date; list 10 the children with a decision
 * for adoption still in progress in it. Lists 2 and 11 (early help, adopters)
 * have no canonical table and are written with their headers only. Nothing
 * after the list date is written: a later end is left blank, as it would
 * have been on that day.
 */
import { ageAt } from "../indicators/sql.ts";
import type { AnnexACode } from "./annexACodes.ts";

/** How a column's SQL value is written. */
export type ColumnKind = "text" | "date" | "number" | "yesno" | "disability" | AnnexACode;

export interface ListColumn {
  header: string;
  kind: ColumnKind;
}

export interface ListSpec {
  list: number;
  sheet: string;
  columns: ListColumn[];
  /** The rows' query, its columns in `columns` order; absent for a list written with headers only. */
  sql?: (p: ListParams) => string;
}

/** SQL literals for one council and span. */
export interface ListParams {
  la: string;
  from: string;
  to: string;
}

const c = (header: string, kind: ColumnKind): ListColumn => ({ header, kind });

const COMMON = [
  c("Child Unique ID", "text"),
  c("Sex", "sex"),
  c("Ethnicity", "ethnicity"),
  c("Date of Birth", "date"),
  c("Age of Child (Years)", "number"),
];
const DISABILITY = c("Does the Child have a Disability", "disability");
const TEAM_WORKER = [c("Allocated Team", "text"), c("Allocated Worker", "text")];

const day = (d: string) => `strftime(${d}, '%Y-%m-%d')`;
/** A date, blank when after the list date. */
const upTo = (d: string, p: ListParams) => `CASE WHEN ${d} <= ${p.to} THEN ${day(d)} END`;
const monthsBefore = (d: string, months: number) => `CAST(${d} - INTERVAL ${months} MONTH AS DATE)`;

/** The common five columns (and the disability flag) for child `child`, from CTE `pe`. */
function common(child: string, p: ListParams, disability = true): string {
  return `${child}, pe.sex, pe.eth, ${day("pe.dob")},
    CASE WHEN pe.dob <= ${p.to} THEN ${ageAt("pe.dob", p.to)} END${disability ? ", pe.dis" : ""}`;
}

/** CTEs shared by the lists: people, team and worker names, allocations open at the list date. */
function base(p: ListParams): string {
  return `pe_all AS (
      SELECT pers_person_id AS pid, min(pers_sex) AS sex, min(pers_ethnicity) AS eth, min(pers_dob) AS dob,
        min(pers_disability) AS dis
      FROM ssd_person WHERE la_code = ${p.la} GROUP BY 1),
    teams AS (SELECT dept_team_id AS id, min(dept_team_name) AS name FROM ssd_department WHERE la_code = ${p.la} GROUP BY 1),
    workers AS (
      SELECT prof_professional_id AS id, min(prof_professional_name) AS name
      FROM ssd_professionals WHERE la_code = ${p.la} GROUP BY 1),
    alloc AS (
      SELECT invo_person_id AS pid,
        arg_max(invo_professional_team, (invo_involvement_start_date, invo_involvements_id)) AS team,
        arg_max(invo_professional_id, (invo_involvement_start_date, invo_involvements_id)) AS worker
      FROM ssd_involvements
      WHERE la_code = ${p.la} AND invo_involvement_start_date <= ${p.to}
        AND (invo_involvement_end_date IS NULL OR invo_involvement_end_date > ${p.to})
      GROUP BY 1)`;
}

/** Team and worker names (ids when the council has no name for them) for team and worker id expressions. */
function teamWorker(team: string, worker: string): string {
  return `coalesce((SELECT name FROM teams WHERE id = ${team}), ${team}),
    coalesce((SELECT name FROM workers WHERE id = ${worker}), ${worker})`;
}

/** `WITH` the shared CTEs and `more`, then `select` joined to the person `pe` of `child`. */
function query(p: ListParams, more: string, select: string): string {
  return `WITH ${base(p)}${more ? `, ${more}` : ""} ${select}`;
}

const personJoin = (child: string) => `LEFT JOIN pe_all pe ON pe.pid = ${child}`;

/** Periods of care (episodes sharing a period id) with their first and last episode, as the indicators read them. */
function periods(p: ListParams): string {
  return `ep AS (
      SELECT *, coalesce(clae_cla_id, clae_person_id || '/' ||
        strftime(coalesce(clae_entered_care_date, clae_cla_episode_start_date), '%Y-%m-%d')) AS period_id,
        (clae_cla_episode_start_date, coalesce(clae_cla_episode_ceased_date, DATE '9999-12-31'), clae_cla_episode_id) AS ord
      FROM ssd_cla_episodes
      WHERE la_code = ${p.la} AND clae_cla_episode_start_date IS NOT NULL AND clae_person_id IS NOT NULL),
    periods AS (
      SELECT period_id, min(clae_person_id) AS child,
        coalesce(min(clae_entered_care_date), min(clae_cla_episode_start_date)) AS entered,
        arg_min(clae_cla_primary_need_code, ord) AS need,
        arg_max(clae_cla_episode_ceased_date, ord) AS last_end,
        arg_max(upper(clae_cla_episode_ceased_reason), ord) AS last_reason,
        arg_max(clae_cla_last_iro_contact_date, ord) AS iro
      FROM ep GROUP BY 1),
    pc AS (
      SELECT *, CASE WHEN last_reason IS DISTINCT FROM 'X1' THEN last_end END AS ended,
        CASE WHEN last_reason IS DISTINCT FROM 'X1' AND last_end IS NOT NULL THEN last_reason END AS end_reason
      FROM periods)`;
}

/** The Annex A lists, in order. */
export const LISTS: readonly ListSpec[] = [
  {
    list: 1,
    sheet: "List 1",
    columns: [...COMMON, c("Date of Contact", "date"), c("Contact Source", "source")],
    sql: (p) =>
      query(
        p,
        "",
        `SELECT ${common("x.cont_person_id", p, false)}, ${day("x.cont_contact_date")}, x.cont_contact_source_code
        FROM ssd_contacts x ${personJoin("x.cont_person_id")}
        WHERE x.la_code = ${p.la} AND x.cont_person_id IS NOT NULL
          AND x.cont_contact_date BETWEEN ${p.from} AND ${p.to}
        ORDER BY x.cont_contact_date, x.cont_person_id, x.cont_contact_id`,
      ),
  },
  {
    list: 2,
    sheet: "List 2",
    columns: [
      ...COMMON,
      c("Assessment start date", "date"),
      c("Assessment completion date", "date"),
      c("Organisation completing assessment", "text"),
    ],
  },
  {
    list: 3,
    sheet: "List 3",
    columns: [
      ...COMMON,
      c("Date of referral", "date"),
      c("Referral Source", "source"),
      c("Referral NFA?", "yesno"),
      c("Number of Referrals in Last 12 Months", "number"),
      ...TEAM_WORKER,
    ],
    sql: (p) =>
      query(
        p,
        `r AS (SELECT * FROM ssd_cin_episodes
          WHERE la_code = ${p.la} AND cine_person_id IS NOT NULL AND cine_referral_date IS NOT NULL)`,
        `SELECT ${common("x.cine_person_id", p, false)}, ${day("x.cine_referral_date")}, x.cine_referral_source_code,
          x.cine_referral_nfa,
          (SELECT count(*) FROM r y WHERE y.cine_person_id = x.cine_person_id
            AND y.cine_referral_date < x.cine_referral_date
            AND y.cine_referral_date >= ${monthsBefore("x.cine_referral_date", 12)})::INTEGER,
          ${teamWorker("x.cine_referral_team", "x.cine_referral_worker_id")}
        FROM r x ${personJoin("x.cine_person_id")}
        WHERE x.cine_referral_date BETWEEN ${p.from} AND ${p.to}
        ORDER BY x.cine_referral_date, x.cine_person_id, x.cine_referral_id`,
      ),
  },
  {
    list: 4,
    sheet: "List 4",
    columns: [
      ...COMMON,
      DISABILITY,
      c("Continuous Assessment Start Date", "date"),
      c("Child Seen During Continuous Assessment", "yesno"),
      c("Continuous Assessment Date of Authorisation", "date"),
      c("Was the child assessed as requiring LA children's social care support?", "yesno"),
      ...TEAM_WORKER,
    ],
    sql: (p) =>
      query(
        p,
        "",
        `SELECT ${common("x.cina_person_id", p)}, ${day("x.cina_assessment_start_date")},
          x.cina_assessment_child_seen, ${upTo("x.cina_assessment_auth_date", p)},
          CASE WHEN x.cina_assessment_auth_date <= ${p.to} THEN
            CASE upper(x.cina_assessment_outcome_nfa) WHEN 'Y' THEN 'N' WHEN 'N' THEN 'Y' END END,
          ${teamWorker("x.cina_assessment_team", "x.cina_assessment_worker_id")}
        FROM ssd_cin_assessments x ${personJoin("x.cina_person_id")}
        WHERE x.la_code = ${p.la} AND x.cina_person_id IS NOT NULL AND x.cina_assessment_start_date <= ${p.to}
          AND (x.cina_assessment_auth_date IS NULL OR x.cina_assessment_auth_date >= ${p.from}
            OR x.cina_assessment_start_date >= ${p.from})
        ORDER BY x.cina_assessment_start_date, x.cina_person_id, x.cina_assessment_id`,
      ),
  },
  {
    list: 5,
    sheet: "List 5",
    columns: [
      ...COMMON,
      DISABILITY,
      c("Strategy discussion initiating Section 47 Enquiry Start Date", "date"),
      c("Was an Initial Child Protection Conference deemed unnecessary?", "yesno"),
      c("Date of Initial Child Protection Conference", "date"),
      c("Did the Initial Child Protection Conference Result in a Child Protection Plan", "yesno"),
      c("Number of Section 47 Enquiries in the last 12 months", "number"),
      c("Number of ICPCs in the last 12 months", "number"),
      ...TEAM_WORKER,
    ],
    sql: (p) =>
      query(
        p,
        `s AS (SELECT * FROM ssd_s47_enquiry
          WHERE la_code = ${p.la} AND s47e_person_id IS NOT NULL AND s47e_s47_start_date <= ${p.to}),
        conf AS (
          SELECT icpc_s47_enquiry_id AS sid, min(icpc_icpc_date) AS held,
            arg_min(icpc_icpc_outcome_cp_flag, (icpc_icpc_date, icpc_icpc_id)) AS plan
          FROM ssd_initial_cp_conference
          WHERE la_code = ${p.la} AND icpc_s47_enquiry_id IS NOT NULL AND icpc_icpc_date <= ${p.to}
          GROUP BY 1),
        icpcs AS (
          SELECT icpc_person_id AS pid, count(*)::INTEGER AS n FROM ssd_initial_cp_conference
          WHERE la_code = ${p.la} AND icpc_icpc_date > ${monthsBefore(p.to, 12)} AND icpc_icpc_date <= ${p.to}
          GROUP BY 1)`,
        `SELECT ${common("x.s47e_person_id", p)}, ${day("x.s47e_s47_start_date")},
          CASE WHEN x.s47e_s47_end_date IS NULL OR x.s47e_s47_end_date <= ${p.to} THEN x.s47e_s47_nfa END,
          ${day("k.held")}, k.plan,
          (SELECT count(*) FROM s y WHERE y.s47e_person_id = x.s47e_person_id
            AND y.s47e_s47_start_date > ${monthsBefore(p.to, 12)})::INTEGER,
          coalesce(n.n, 0),
          ${teamWorker("x.s47e_s47_completed_by_team", "x.s47e_s47_completed_by_worker_id")}
        FROM s x ${personJoin("x.s47e_person_id")}
        LEFT JOIN conf k ON k.sid = x.s47e_s47_enquiry_id
        LEFT JOIN icpcs n ON n.pid = x.s47e_person_id
        WHERE x.s47e_s47_start_date >= ${p.from} OR k.held >= ${p.from}
        ORDER BY x.s47e_s47_start_date, x.s47e_person_id, x.s47e_s47_enquiry_id`,
      ),
  },
  {
    list: 6,
    sheet: "List 6",
    columns: [
      ...COMMON,
      DISABILITY,
      c("CIN Start Date", "date"),
      c("Primary Need Code", "primaryNeed"),
      c("Date Child Was Last Seen", "date"),
      c("CIN Closure Date", "date"),
      c("Reason for Closure", "closeReason"),
      c("Case Status", "text"),
      ...TEAM_WORKER,
    ],
    sql: (p) =>
      query(
        p,
        `seen AS (
          SELECT pid, max(d) AS d FROM (
            SELECT cppv_person_id AS pid, cppv_cp_visit_date AS d FROM ssd_cp_visits
            WHERE la_code = ${p.la} AND coalesce(upper(cppv_cp_visit_seen), 'Y') = 'Y'
            UNION ALL
            SELECT clav_person_id, clav_cla_visit_date FROM ssd_cla_visits
            WHERE la_code = ${p.la} AND coalesce(upper(clav_cla_visit_seen), 'Y') = 'Y')
          WHERE d <= ${p.to} GROUP BY 1),
        lac AS (
          SELECT DISTINCT clae_person_id AS pid FROM ssd_cla_episodes
          WHERE la_code = ${p.la} AND clae_cla_episode_start_date <= ${p.to}
            AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date > ${p.to})),
        cp AS (
          SELECT DISTINCT cppl_person_id AS pid FROM ssd_cp_plans
          WHERE la_code = ${p.la} AND cppl_cp_plan_start_date <= ${p.to}
            AND (cppl_cp_plan_end_date IS NULL OR cppl_cp_plan_end_date > ${p.to})),
        asmt AS (
          SELECT DISTINCT cina_referral_id AS rid FROM ssd_cin_assessments
          WHERE la_code = ${p.la} AND cina_assessment_start_date <= ${p.to}
            AND (cina_assessment_auth_date IS NULL OR cina_assessment_auth_date > ${p.to}))`,
        `SELECT ${common("x.cine_person_id", p)}, ${day("x.cine_referral_date")}, x.cine_cin_primary_need_code,
          ${day("sn.d")}, ${upTo("x.cine_close_date", p)},
          CASE WHEN x.cine_close_date <= ${p.to} THEN x.cine_close_reason END,
          CASE WHEN x.cine_close_date <= ${p.to} THEN 'e) Closed episode'
            WHEN x.cine_person_id IN (SELECT pid FROM lac) THEN 'a) Looked after child'
            WHEN x.cine_person_id IN (SELECT pid FROM cp) THEN 'b) Child Protection plan'
            WHEN x.cine_referral_id IN (SELECT rid FROM asmt) THEN 'd) Open assessment'
            ELSE 'c) Child in need plan' END,
          ${teamWorker("coalesce(x.cine_referral_team, al.team)", "coalesce(x.cine_referral_worker_id, al.worker)")}
        FROM ssd_cin_episodes x ${personJoin("x.cine_person_id")}
        LEFT JOIN seen sn ON sn.pid = x.cine_person_id
        LEFT JOIN alloc al ON al.pid = x.cine_person_id
        WHERE x.la_code = ${p.la} AND x.cine_person_id IS NOT NULL AND x.cine_referral_date <= ${p.to}
          AND (x.cine_close_date IS NULL OR x.cine_close_date >= ${p.from} OR x.cine_referral_date >= ${p.from})
        ORDER BY x.cine_referral_date, x.cine_person_id, x.cine_referral_id`,
      ),
  },
  {
    list: 7,
    sheet: "List 7",
    columns: [
      ...COMMON,
      DISABILITY,
      c("Child Protection Plan Start Date", "date"),
      c("Initial Category of Abuse", "abuse"),
      c("Latest Category of Abuse", "abuse"),
      c("Date of the Last Statutory Visit", "date"),
      c("Was the Child Seen Alone?", "yesno"),
      c("Date of latest review conference", "date"),
      c("Child Protection Plan End Date", "date"),
      c(
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "yesno",
      ),
      c("Number of Previous Child Protection Plans", "number"),
      ...TEAM_WORKER,
    ],
    sql: (p) =>
      query(
        p,
        `pl AS (
          SELECT *, coalesce(cppl_cp_plan_end_date < cppl_cp_plan_start_date, false) AS bad
          FROM ssd_cp_plans
          WHERE la_code = ${p.la} AND cppl_person_id IS NOT NULL AND cppl_cp_plan_start_date IS NOT NULL
            AND coalesce(upper(cppl_cp_plan_ola), 'N') <> 'Y'),
        visit AS (
          SELECT cppv_cp_plan_id AS plan, max(cppv_cp_visit_date) AS d,
            arg_max(cppv_cp_visit_seen_alone, (cppv_cp_visit_date, cppv_cp_visit_id)) AS alone
          FROM ssd_cp_visits WHERE la_code = ${p.la} AND cppv_cp_visit_date <= ${p.to} GROUP BY 1),
        review AS (
          SELECT cppr_cp_plan_id AS plan, max(cppr_cp_review_date) AS d
          FROM ssd_cp_reviews WHERE la_code = ${p.la} AND cppr_cp_review_date <= ${p.to} GROUP BY 1),
        protection AS (
          SELECT DISTINCT lega_person_id AS pid FROM ssd_legal_status
          WHERE la_code = ${p.la} AND upper(lega_legal_status) IN ('L1', 'L2')
            AND lega_legal_status_start_date <= ${p.to}
            AND coalesce(lega_legal_status_end_date, DATE '9999-12-31') > ${monthsBefore(p.to, 6)}),
        conf AS (
          SELECT icpc_icpc_id AS id, min(icpc_icpc_team) AS team, min(icpc_icpc_worker_id) AS worker
          FROM ssd_initial_cp_conference WHERE la_code = ${p.la} GROUP BY 1)`,
        `SELECT ${common("x.cppl_person_id", p)}, ${day("x.cppl_cp_plan_start_date")},
          x.cppl_cp_plan_initial_category, x.cppl_cp_plan_latest_category,
          ${day("v.d")}, v.alone, ${day("rv.d")}, ${upTo("x.cppl_cp_plan_end_date", p)},
          CASE WHEN x.cppl_person_id IN (SELECT pid FROM protection) THEN 'Y' ELSE 'N' END,
          greatest(coalesce(x.cppl_number_of_previous_cpp, 0),
            (SELECT count(*) FROM pl y WHERE y.cppl_person_id = x.cppl_person_id AND NOT y.bad
              AND y.cppl_cp_plan_start_date < x.cppl_cp_plan_start_date))::INTEGER,
          ${teamWorker("coalesce(k.team, al.team)", "coalesce(k.worker, al.worker)")}
        FROM pl x ${personJoin("x.cppl_person_id")}
        LEFT JOIN visit v ON v.plan = x.cppl_cp_plan_id
        LEFT JOIN review rv ON rv.plan = x.cppl_cp_plan_id
        LEFT JOIN conf k ON k.id = x.cppl_icpc_id
        LEFT JOIN alloc al ON al.pid = x.cppl_person_id
        WHERE x.cppl_cp_plan_start_date <= ${p.to}
          AND (x.cppl_cp_plan_end_date IS NULL OR x.cppl_cp_plan_end_date >= ${p.from}
            OR x.cppl_cp_plan_start_date >= ${p.from})
        ORDER BY x.cppl_cp_plan_start_date, x.cppl_person_id, x.cppl_cp_plan_id`,
      ),
  },
  {
    list: 8,
    sheet: "List 8",
    columns: [
      ...COMMON,
      c("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", "yesno"),
      DISABILITY,
      c("Date Started to be Looked After", "date"),
      c("Child's Category of Need", "primaryNeed"),
      c(
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "yesno",
      ),
      c("Start date of current legal status", "date"),
      c("Child's Legal Status", "legalStatus"),
      c("Date of Latest Statutory Review", "date"),
      c("Date of Last Social Work Visit", "date"),
      c("What is the permanence plan for this child?", "text"),
      c("Date of Last IRO Visit / Contact to the Child", "date"),
      c("Date of Last Health Assessment", "date"),
      c("Date of Last Dental Check", "date"),
      c("Number of Placements in the Last 12 months", "number"),
      c("Date Ceased to be Looked After", "date"),
      c("Reason Ceased to be Looked After", "ceasedReason"),
      c("Start Date of Most Recent Placement", "date"),
      c("Placement Type", "placementType"),
      c("Placement Provider", "provider"),
      c("Placement postcode", "text"),
      c("URN of Placement", "text"),
      c("Placement Location", "text"),
      c("LA of Placement", "text"),
      c(
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "number",
      ),
      c(
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "number",
      ),
      c("Was the child offered a Return Interview after their last missing episode (Y/N)?", "yesno"),
      c("Did the child accept a Return Interview after their last missing episode (Y/N)?", "yesno"),
      ...TEAM_WORKER,
    ],
    sql: (p) =>
      query(
        p,
        `${periods(p)},
        live AS (
          SELECT *, least(coalesce(ended, ${p.to}), ${p.to}) AS upto FROM pc
          WHERE entered <= ${p.to} AND (ended IS NULL OR ended >= ${p.from})),
        status AS (
          SELECT v.period_id,
            arg_max(upper(l.lega_legal_status), (l.lega_legal_status_start_date, upper(l.lega_legal_status))) AS status,
            max(l.lega_legal_status_start_date) AS since,
            bool_and(coalesce(upper(l.lega_legal_status) IN ('V3', 'V4'), false)) AS short_breaks
          FROM live v JOIN ssd_legal_status l ON l.la_code = ${p.la} AND l.lega_person_id = v.child
            AND l.lega_legal_status_start_date <= v.upto
            AND coalesce(l.lega_legal_status_end_date, DATE '9999-12-31') > v.entered
          GROUP BY 1),
        uasc AS (
          SELECT DISTINCT v.period_id FROM live v JOIN ssd_immigration_status i ON i.la_code = ${p.la}
            AND i.immi_person_id = v.child AND upper(i.immi_immigration_status) = 'UASC'
            AND i.immi_immigration_status_start_date <= v.upto
            AND coalesce(i.immi_immigration_status_end_date, DATE '9999-12-31') > v.entered),
        review AS (
          SELECT clar_cla_id AS period_id, max(clar_cla_review_date) AS d FROM ssd_cla_reviews
          WHERE la_code = ${p.la} AND clar_cla_review_date <= ${p.to} GROUP BY 1),
        visit AS (
          SELECT v.period_id, max(x.clav_cla_visit_date) AS d FROM live v JOIN ssd_cla_visits x
            ON x.la_code = ${p.la} AND x.clav_person_id = v.child
            AND x.clav_cla_visit_date BETWEEN v.entered AND v.upto
          GROUP BY 1),
        health AS (
          SELECT v.period_id,
            max(h.clah_health_check_date) FILTER (WHERE upper(h.clah_health_check_type) IN ('HA_INITIAL', 'HA_REVIEW')) AS ha,
            max(h.clah_health_check_date) FILTER (WHERE upper(h.clah_health_check_type) = 'DENTAL') AS dental
          FROM live v JOIN ssd_cla_health h ON h.la_code = ${p.la} AND h.clah_person_id = v.child
            AND h.clah_health_check_date <= v.upto
          GROUP BY 1),
        place AS (
          SELECT v.period_id,
            arg_max({'start': x.clap_cla_placement_start_date, 'type': x.clap_cla_placement_type,
              'provider': x.clap_cla_placement_provider, 'postcode': x.clap_cla_placement_postcode,
              'urn': x.clap_cla_placement_urn}, (x.clap_cla_placement_start_date, x.clap_cla_placement_id)) AS cur,
            count(*) FILTER (WHERE coalesce(x.clap_cla_placement_end_date, DATE '9999-12-31') > ${monthsBefore(p.to, 12)}
              AND coalesce(upper(x.clap_cla_placement_type), '') NOT IN ('T0', 'T1', 'T2', 'T3', 'T4'))::INTEGER AS n12
          FROM live v JOIN ssd_cla_placement x ON x.la_code = ${p.la} AND x.clap_cla_id = v.period_id
            AND x.clap_cla_placement_start_date <= ${p.to}
          GROUP BY 1),
        miss AS (
          SELECT miss_person_id AS pid,
            count(*) FILTER (WHERE upper(miss_missing_episode_type) = 'M')::INTEGER AS missing,
            count(*) FILTER (WHERE upper(miss_missing_episode_type) = 'A')::INTEGER AS absent
          FROM ssd_missing WHERE la_code = ${p.la} AND miss_missing_episode_start_date <= ${p.to}
            AND miss_missing_episode_start_date > ${monthsBefore(p.to, 12)}
          GROUP BY 1),
        rhi AS (
          SELECT miss_person_id AS pid,
            arg_max(miss_missing_rhi_offered, (miss_missing_episode_start_date, miss_table_id)) AS offered,
            arg_max(miss_missing_rhi_accepted, (miss_missing_episode_start_date, miss_table_id)) AS accepted
          FROM ssd_missing WHERE la_code = ${p.la} AND upper(miss_missing_episode_type) = 'M'
            AND miss_missing_episode_start_date <= ${p.to}
          GROUP BY 1)`,
        `SELECT ${common("v.child", p, false)},
          CASE WHEN v.period_id IN (SELECT period_id FROM uasc) THEN 'Y' ELSE 'N' END, pe.dis,
          ${day("v.entered")}, v.need,
          CASE WHEN EXISTS (SELECT 1 FROM pc o WHERE o.child = v.child AND o.period_id <> v.period_id
            AND o.ended <= v.entered AND o.ended >= ${monthsBefore("v.entered", 12)}) THEN 'Y' ELSE 'N' END,
          ${day("st.since")}, st.status, ${day("rv.d")}, ${day("vi.d")}, NULL,
          ${upTo("v.iro", p)}, ${day("h.ha")}, ${day("h.dental")}, coalesce(pl.n12, 0),
          ${upTo("v.ended", p)}, CASE WHEN v.ended <= ${p.to} THEN v.end_reason END,
          ${day("pl.cur.start")}, pl.cur.type, pl.cur.provider, pl.cur.postcode, pl.cur.urn, NULL, NULL,
          coalesce(m.missing, 0), coalesce(m.absent, 0), r.offered, r.accepted,
          ${teamWorker("al.team", "al.worker")}
        FROM live v ${personJoin("v.child")}
        LEFT JOIN status st ON st.period_id = v.period_id
        LEFT JOIN review rv ON rv.period_id = v.period_id
        LEFT JOIN visit vi ON vi.period_id = v.period_id
        LEFT JOIN health h ON h.period_id = v.period_id
        LEFT JOIN place pl ON pl.period_id = v.period_id
        LEFT JOIN miss m ON m.pid = v.child
        LEFT JOIN rhi r ON r.pid = v.child
        LEFT JOIN alloc al ON al.pid = v.child
        WHERE NOT coalesce(st.short_breaks, false)
        ORDER BY v.entered, v.child, v.period_id`,
      ),
  },
  {
    list: 9,
    sheet: "List 9",
    columns: [
      ...COMMON,
      c("Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)", "yesno"),
      DISABILITY,
      ...TEAM_WORKER,
      c("Allocated Personal Advisor", "text"),
      c("Eligibility Category", "eligibility"),
      c("Latest Pathway Plan Review Date", "date"),
      c("LA in Touch", "inTouch"),
      c("Latest Date of Contact", "date"),
      c("Type of Accommodation", "accommodation"),
      c("Suitability of Accommodation", "suitable"),
      c("Activity Status", "activity"),
    ],
    sql: (p) =>
      query(
        p,
        `latest AS (
          SELECT clec_person_id AS pid,
            arg_max({'d': clec_contact_date, 'touch': clec_in_touch, 'accom': clec_accommodation,
              'suitable': clec_accom_suitable, 'activity': clec_activity}, (clec_contact_date, clec_contact_id)) AS k
          FROM ssdx_care_leaver_contacts WHERE la_code = ${p.la} AND clec_contact_date <= ${p.to} GROUP BY 1),
        uasc AS (
          SELECT DISTINCT immi_person_id AS pid FROM ssd_immigration_status
          WHERE la_code = ${p.la} AND upper(immi_immigration_status) = 'UASC'
            AND immi_immigration_status_start_date <= ${p.to})`,
        `SELECT ${common("x.clea_person_id", p, false)},
          CASE WHEN x.clea_person_id IN (SELECT pid FROM uasc) THEN 'Y' ELSE 'N' END, pe.dis,
          ${teamWorker("coalesce(x.clea_care_leaver_allocated_team, al.team)", "coalesce(x.clea_care_leaver_worker_id, al.worker)")},
          x.clea_care_leaver_personal_advisor, x.clea_care_leaver_eligibility,
          ${upTo("x.clea_pathway_plan_review_date", p)},
          CASE WHEN k.pid IS NULL THEN x.clea_care_leaver_in_touch ELSE k.k.touch END,
          CASE WHEN k.pid IS NULL THEN ${upTo("x.clea_care_leaver_latest_contact", p)} ELSE ${day("k.k.d")} END,
          CASE WHEN k.pid IS NULL THEN x.clea_care_leaver_accommodation ELSE k.k.accom END,
          CASE WHEN k.pid IS NULL THEN x.clea_care_leaver_accom_suitable ELSE k.k.suitable END,
          CASE WHEN k.pid IS NULL THEN x.clea_care_leaver_activity ELSE k.k.activity END
        FROM ssd_care_leavers x ${personJoin("x.clea_person_id")}
        LEFT JOIN latest k ON k.pid = x.clea_person_id
        LEFT JOIN alloc al ON al.pid = x.clea_person_id
        WHERE x.la_code = ${p.la} AND x.clea_person_id IS NOT NULL
          AND pe.dob <= ${p.to} AND ${ageAt("pe.dob", p.to)} BETWEEN 16 AND 25
        ORDER BY x.clea_person_id, x.clea_table_id`,
      ),
  },
  {
    list: 10,
    sheet: "List 10",
    columns: [
      c("Child Unique ID", "text"),
      c("Family identifier", "text"),
      ...COMMON.slice(1),
      DISABILITY,
      c("Date the Child Entered Care", "date"),
      c("Date of Decision that Child Should be Placed for Adoption", "date"),
      c("Date of Placement Order", "date"),
      c("Date of Matching Child and Prospective Adopters", "date"),
      c("Date Placed for Adoption", "date"),
      c("Date of Adoption Order", "date"),
      c("Date of Decision that Child Should No Longer be Placed for Adoption", "date"),
      c("Reason Why Child No Longer Placed for Adoption", "reversedReason"),
      c("Date the child was placed for fostering in FFA or concurrent planning placement", "date"),
    ],
    sql: (p) =>
      query(
        p,
        periods(p),
        `SELECT x.perm_person_id, NULL, pe.sex, pe.eth, ${day("pe.dob")},
          CASE WHEN pe.dob <= ${p.to} THEN ${ageAt("pe.dob", p.to)} END, pe.dis,
          ${day("pc.entered")}, ${day("x.perm_adm_decision_date")}, ${upTo("x.perm_placement_order_date", p)},
          ${upTo("x.perm_matched_date", p)}, ${upTo("x.perm_placed_for_adoption_date", p)},
          CASE WHEN coalesce(lower(x.perm_permanence_order_type), 'adoption') LIKE '%adoption%'
            THEN ${upTo("x.perm_permanence_order_date", p)} END,
          ${upTo("x.perm_decision_reversed_date", p)},
          CASE WHEN x.perm_decision_reversed_date <= ${p.to} THEN x.perm_decision_reversed_reason END,
          ${upTo("x.perm_placed_ffa_cp_date", p)}
        FROM ssd_permanence x ${personJoin("x.perm_person_id")}
        LEFT JOIN pc ON pc.period_id = x.perm_cla_id
        WHERE x.la_code = ${p.la} AND x.perm_person_id IS NOT NULL AND x.perm_adm_decision_date <= ${p.to}
          AND ((coalesce(x.perm_permanence_order_date, DATE '9999-12-31') >= ${p.from}
              AND coalesce(x.perm_decision_reversed_date, DATE '9999-12-31') >= ${p.from})
            OR pc.ended >= ${p.from})
        ORDER BY x.perm_adm_decision_date, x.perm_person_id, x.perm_table_id`,
      ),
  },
  {
    list: 11,
    sheet: "List 11",
    columns: [
      "Individual adopter identifier",
      "Family identifier",
      "Sex",
      "Ethnicity",
      "Disability",
      "Is the (prospective) adopter fostering for adoption?",
      "Date enquiry received",
      "Date Stage 1 started",
      "Date Stage 1 ended",
      "Date Stage 2 started",
      "Date Stage 2 ended",
      "Date application submitted",
      "Date application approved",
      "Date adopter matched with child(ren)",
      "Date child/children placed with adopter(s)",
      "No. of children placed",
      "Date of Adoption Order",
      "Date of leaving adoption process",
      "Reason for leaving adoption process",
    ].map((h) => c(h, /^Date/.test(h) ? "date" : "text")),
  },
];
