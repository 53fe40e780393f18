/**
 * Child protection plans, reviews and visits (indicators.md, "Child protection").
 *
 * Why shared CTEs: every figure here starts from the same reading of
 * `ssd_cp_plans` — plans held by another authority and plans ending before
 * they start are excluded with a reason (indicators.md, "Common
 * exclusions") — and the child-level stock figures from the same choice of
 * a child's plan at a snapshot, so the counts and percentages cannot
 * disagree about who is on a plan.
 */
import { defineIndicator, defineRelation, ratePer10k } from "./define.ts";
import {
  addMonthsSql,
  calendarJoin,
  fmt,
  forRows,
  isYes,
  OPEN_END,
  workingDayAfter,
  workingDays,
} from "./sql.ts";

const AREA = "Child protection" as const;

/** A plan's dates for a detail string: "plan P1 2024-01-05 to open". */
function planDetail(alias: string): string {
  return `'plan ' || ${alias}.plan_id || ' ' || ${fmt(`${alias}.start_date`)} || ' to ' || coalesce(strftime(${alias}.end_date, '%Y-%m-%d'), 'open')`;
}

/**
 * `plans`: every plan with a start date, with `excluded` holding why it is not counted
 * (dates contradict each other, or held by another authority), else NULL.
 */
const PLANS = `
    plans AS (
      SELECT la_code, cppl_person_id AS child_id, cppl_cp_plan_id AS plan_id,
        cppl_cp_plan_start_date AS start_date, cppl_cp_plan_end_date AS end_date,
        cppl_number_of_previous_cpp AS previous_plans, cppl_cp_plan_initial_category AS initial_category,
        coalesce(cppl_cp_plan_latest_category, cppl_cp_plan_initial_category) AS latest_category,
        CASE
          WHEN cppl_cp_plan_end_date < cppl_cp_plan_start_date
            THEN 'plan ends (' || ${fmt("cppl_cp_plan_end_date")} || ') before it starts (' || ${fmt("cppl_cp_plan_start_date")} || '): a validation issue'
          WHEN ${isYes("cppl_cp_plan_ola")} THEN 'plan held by another authority'
        END AS excluded
      FROM ssd_cp_plans
      WHERE cppl_cp_plan_start_date IS NOT NULL AND cppl_person_id IS NOT NULL)`;

/**
 * Plans open at each snapshot D (start ≤ D, end empty or after D), plus plans whose dates
 * contradict each other at the snapshots between their end and start, so explain lists them.
 */
const plansAt = defineRelation({
  name: "_rel_cp_plans_at",
  description: "CP plans open at each month end",
  sql: () => `
    WITH ${PLANS}
    SELECT p.*, s.snapshot_date
    FROM plans p JOIN _snapshots s ON s.la_code = p.la_code
      AND s.snapshot_date >= CASE WHEN p.end_date < p.start_date THEN p.end_date ELSE p.start_date END
      AND s.snapshot_date < CASE WHEN p.end_date < p.start_date THEN p.start_date ELSE coalesce(p.end_date, ${OPEN_END}) END`,
});

/**
 * One row per child per snapshot: the child's counted plan open at D that started first
 * (or, when none counts, the first excluded one), with every plan id open at D when several are.
 */
const childAt = defineRelation({
  name: "_rel_cp_child_at",
  description: "children on a CP plan at each month end, with the plan counted",
  uses: [plansAt],
  sql: () => `
    WITH firsts AS (
      SELECT la_code, child_id, snapshot_date, count(*) AS plans_open,
        arg_min({'plan_id': plan_id, 'start_date': start_date, 'end_date': end_date, 'previous_plans': previous_plans,
          'excluded': excluded, 'latest_category': latest_category}, (excluded IS NOT NULL, start_date, plan_id IS NULL, plan_id)) AS p
      FROM _rel_cp_plans_at GROUP BY ALL),
    several AS (
      SELECT a.la_code, a.child_id, a.snapshot_date,
        string_agg(a.plan_id, ', ' ORDER BY a.start_date, a.plan_id) AS plan_ids
      FROM _rel_cp_plans_at a JOIN firsts f ON f.la_code = a.la_code AND f.child_id = a.child_id
        AND f.snapshot_date = a.snapshot_date AND f.plans_open > 1
      GROUP BY a.la_code, a.child_id, a.snapshot_date)
    SELECT f.la_code, f.child_id, f.p.plan_id, f.p.start_date, f.p.end_date, f.p.previous_plans, f.p.excluded,
      f.p.latest_category, f.snapshot_date, f.plans_open, s.plan_ids
    FROM firsts f LEFT JOIN several s ON s.la_code = f.la_code AND s.child_id = f.child_id
      AND s.snapshot_date = f.snapshot_date`,
});

/** The children on a plan at each snapshot as CTE `child_at`. */
const CHILD_AT = "child_at AS (SELECT * FROM _rel_cp_child_at)";

/** The detail of a `child_at` row: its plan, and the others open at D when there are several. */
const CHILD_DETAIL = `${planDetail("c")} || CASE WHEN c.plans_open > 1 THEN ' (plans open at D: ' || c.plan_ids || ')' ELSE '' END`;

export const cppOpen = defineIndicator({
  id: "cpp_open",
  title: "Children subject to a CP plan",
  area: AREA,
  definition: "Distinct children with a plan where start ≤ D and (end is empty or end > D).",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "stock",
  uses: [childAt],
  dimensions: ["abuse_category"],
  rows: () => `
    WITH ${CHILD_AT}
    SELECT c.la_code, c.child_id, c.plan_id AS event_id, c.snapshot_date,
      c.excluded IS NULL AS in_numerator, c.excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      c.excluded AS reason, ${CHILD_DETAIL} AS detail, c.latest_category AS dim_abuse_category
    FROM child_at c`,
});

export const cppRate10k = ratePer10k(cppOpen, {
  id: "cpp_rate_10k",
  title: "Children subject to a CP plan per 10,000",
  definition: "Children subject to a CP plan at D ÷ 0–17 population × 10,000.",
});

export const cppStarts = defineIndicator({
  id: "cpp_starts",
  title: "CP plans started",
  area: AREA,
  definition: "Plans with start date in the period.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  dimensions: ["abuse_category"],
  rows: () => `
    WITH ${PLANS}
    SELECT p.la_code, p.child_id, p.plan_id AS event_id, p.start_date AS event_date,
      p.excluded IS NULL AS in_numerator, p.excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      p.excluded AS reason, ${planDetail("p")} AS detail, p.initial_category AS dim_abuse_category
    FROM plans p`,
});

export const cppEnded = defineIndicator({
  id: "cpp_ended",
  title: "CP plans ended",
  area: AREA,
  definition: "Plans with end date in the period.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  dimensions: ["abuse_category"],
  rows: () => `
    WITH ${PLANS}
    SELECT p.la_code, p.child_id, p.plan_id AS event_id, p.end_date AS event_date,
      p.excluded IS NULL AS in_numerator, p.excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      p.excluded AS reason, ${planDetail("p")} AS detail, p.latest_category AS dim_abuse_category
    FROM plans p WHERE p.end_date IS NOT NULL`,
});

export const cppSecondOrSubsequentPct = defineIndicator({
  id: "cpp_second_or_subsequent_pct",
  title: "% CP plans that are a second or subsequent plan (ever)",
  area: AREA,
  definition:
    "Of plans started in the period, those where the child had an earlier plan (earlier start) in the data or a recorded number of previous plans > 0.",
  polarity: "low",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  reference: "LAIT 15",
  dimensions: ["abuse_category"],
  rows: () => `
    WITH ${PLANS},
    earlier AS (
      SELECT p.la_code, p.plan_id, max(e.start_date) AS earlier_start
      FROM plans p JOIN plans e ON e.la_code = p.la_code AND e.child_id = p.child_id
        AND e.start_date < p.start_date AND e.excluded IS NULL
      GROUP BY p.la_code, p.plan_id)
    SELECT p.la_code, p.child_id, p.plan_id AS event_id, p.start_date AS event_date,
      p.excluded IS NULL AND (e.plan_id IS NOT NULL OR coalesce(p.previous_plans, 0) > 0) AS in_numerator,
      p.excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN p.excluded IS NOT NULL THEN p.excluded
        WHEN e.plan_id IS NULL AND coalesce(p.previous_plans, 0) <= 0
          THEN 'no earlier plan in the data and no previous plans recorded' END AS reason,
      ${planDetail("p")} || coalesce(', latest earlier plan started ' || ${fmt("e.earlier_start")}, '')
        || coalesce(', previous plans recorded: ' || p.previous_plans, '') AS detail,
      p.initial_category AS dim_abuse_category
    FROM plans p LEFT JOIN earlier e ON e.la_code = p.la_code AND e.plan_id = p.plan_id`,
});

export const cppSecondWithin2yPct = defineIndicator({
  id: "cpp_second_within_2y_pct",
  title: "% CP plans that are a second or subsequent plan within 2 years",
  area: AREA,
  definition:
    "Of plans started in the period, those where an earlier plan of the child ended on or after (this start − 2 years).",
  polarity: "low",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  dimensions: ["abuse_category"],
  rows: () => `
    WITH ${PLANS},
    earlier AS (
      SELECT p.la_code, p.plan_id,
        max(coalesce(e.end_date, DATE '9999-12-31')) AS latest_end
      FROM plans p JOIN plans e ON e.la_code = p.la_code AND e.child_id = p.child_id
        AND e.start_date < p.start_date AND e.excluded IS NULL
        AND (e.end_date IS NULL OR e.end_date >= ${addMonthsSql("p.start_date", -24)})
      GROUP BY p.la_code, p.plan_id)
    SELECT p.la_code, p.child_id, p.plan_id AS event_id, p.start_date AS event_date,
      p.excluded IS NULL AND e.plan_id IS NOT NULL AS in_numerator,
      p.excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN p.excluded IS NOT NULL THEN p.excluded
        WHEN e.plan_id IS NULL
          THEN 'no earlier plan ended on or after ' || ${fmt(addMonthsSql("p.start_date", -24))} END AS reason,
      ${planDetail("p")} || coalesce(', earlier plan ended ' || CASE WHEN e.latest_end = DATE '9999-12-31'
        THEN 'never (still open)' ELSE ${fmt("e.latest_end")} END, '') AS detail,
      p.initial_category AS dim_abuse_category
    FROM plans p LEFT JOIN earlier e ON e.la_code = p.la_code AND e.plan_id = p.plan_id`,
});

/** Plans open at D, one row per plan (these two definitions count plans, not children). */
function openPlanDuration(numerator: string, reasonNot: string, due: string): string {
  return `
    WITH plans_at AS (SELECT * FROM _rel_cp_plans_at)
    SELECT c.la_code, c.child_id, c.plan_id AS event_id, c.snapshot_date,
      c.excluded IS NULL AND ${numerator} AS in_numerator, c.excluded IS NULL AS in_denominator,
      NULL::DOUBLE AS value,
      CASE WHEN c.excluded IS NOT NULL THEN c.excluded WHEN NOT (${numerator}) THEN ${reasonNot} END AS reason,
      ${planDetail("c")} || ', ' || (c.snapshot_date - c.start_date + 1) || ' days to D including both' AS detail,
      ${due} AS due_date, c.latest_category AS dim_abuse_category
    FROM plans_at c`;
}

export const cppOpen2yPlusPct = defineIndicator({
  id: "cpp_open_2y_plus_pct",
  title: "% open CP plans lasting 2 years or more",
  area: AREA,
  definition: "Of plans open at D, those with (D − start + 1) ≥ 730.",
  polarity: "low",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  reference: "LAIT 264",
  uses: [plansAt],
  dimensions: ["abuse_category"],
  rows: () =>
    openPlanDuration(
      "(c.snapshot_date - c.start_date + 1) >= 730",
      "'open for fewer than 730 days at D'",
      "c.start_date + 729",
    ),
  dueDate: true,
});

export const cppOpen18mPlusPct = defineIndicator({
  id: "cpp_open_18m_plus_pct",
  title: "% open CP plans lasting over 18 months",
  area: AREA,
  definition: "Of plans open at D, those that started more than 18 calendar months before D.",
  polarity: "low",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [plansAt],
  dimensions: ["abuse_category"],
  rows: () =>
    openPlanDuration(
      `c.start_date < ${addMonthsSql("c.snapshot_date", -18)}`,
      `'started on or after ' || ${fmt(addMonthsSql("c.snapshot_date", -18))} || ' (D − 18 months)'`,
      addMonthsSql("c.start_date", 18),
    ),
  dueDate: true,
});

export const cppCeased2yPlusPct = defineIndicator({
  id: "cpp_ceased_2y_plus_pct",
  title: "% CP plans ceased that lasted 2 years or more",
  area: AREA,
  definition: "Of plans ended in the period, those with (end − start + 1) ≥ 730.",
  polarity: "low",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  reference: "LAIT 98",
  dimensions: ["abuse_category"],
  rows: () => `
    WITH ${PLANS}
    SELECT p.la_code, p.child_id, p.plan_id AS event_id, p.end_date AS event_date,
      p.excluded IS NULL AND (p.end_date - p.start_date + 1) >= 730 AS in_numerator,
      p.excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN p.excluded IS NOT NULL THEN p.excluded
        WHEN (p.end_date - p.start_date + 1) < 730 THEN 'lasted fewer than 730 days' END AS reason,
      ${planDetail("p")} || ', ' || (p.end_date - p.start_date + 1) || ' days including both' AS detail,
      p.latest_category AS dim_abuse_category
    FROM plans p WHERE p.end_date IS NOT NULL`,
});

export const cppReviewsOnTimePct = defineIndicator({
  id: "cpp_reviews_on_time_pct",
  title: "% CP plans reviewed within timescales",
  area: AREA,
  definition:
    "Of children on a plan at D whose plan started at least 3 months before D, those whose reviews were all on time: first review within 3 months of the plan start, each later review within 6 months of the one before, and no review overdue at D.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  reference: "LAIT 19",
  uses: [childAt],
  dimensions: ["abuse_category"],
  rows: (_options, form) => `
    WITH ${PLANS}, ${CHILD_AT},
    reviews AS (
      SELECT r.la_code, p.plan_id, r.cppr_cp_review_date AS review_date,
        CASE WHEN lag(r.cppr_cp_review_date) OVER w IS NULL THEN ${addMonthsSql("p.start_date", 3)}
          ELSE ${addMonthsSql("lag(r.cppr_cp_review_date) OVER w", 6)} END AS due_date,
        lag(r.cppr_cp_review_date) OVER w IS NULL AS is_first
      FROM ssd_cp_reviews r JOIN plans p ON p.la_code = r.la_code AND p.plan_id = r.cppr_cp_plan_id
      WHERE r.cppr_cp_review_date >= p.start_date
      WINDOW w AS (PARTITION BY r.la_code, p.plan_id ORDER BY r.cppr_cp_review_date)),
    held AS (
      SELECT c.la_code, c.child_id, c.snapshot_date,
        count(*) AS reviews, max(r.review_date) AS last_review,
        arg_min(r.review_date, r.review_date) FILTER (WHERE r.review_date > r.due_date) AS late_review,
        arg_min(r.due_date, r.review_date) FILTER (WHERE r.review_date > r.due_date) AS late_due,
        arg_min(r.is_first, r.review_date) FILTER (WHERE r.review_date > r.due_date) AS late_is_first
      FROM child_at c JOIN reviews r ON r.la_code = c.la_code AND r.plan_id = c.plan_id
        AND r.review_date <= c.snapshot_date
      GROUP BY c.la_code, c.child_id, c.snapshot_date),
    judged AS (
      SELECT c.*, h.reviews, h.last_review, h.late_review, h.late_due, h.late_is_first,
        c.excluded IS NULL AND c.start_date <= ${addMonthsSql("c.snapshot_date", -3)} AS counted,
        CASE WHEN h.last_review IS NULL THEN ${addMonthsSql("c.start_date", 3)}
          ELSE ${addMonthsSql("h.last_review", 6)} END AS next_due
      FROM child_at c
      LEFT JOIN held h ON h.la_code = c.la_code AND h.child_id = c.child_id AND h.snapshot_date = c.snapshot_date)
    SELECT c.la_code, c.child_id, c.plan_id AS event_id, c.snapshot_date,
      c.counted AND c.late_review IS NULL AND c.next_due >= c.snapshot_date AS in_numerator,
      c.counted AS in_denominator, NULL::DOUBLE AS value,
      ${forRows(
        form,
        `CASE WHEN c.excluded IS NOT NULL THEN c.excluded
        WHEN NOT c.counted THEN 'plan started less than 3 months before D'
        WHEN c.late_review IS NOT NULL THEN CASE WHEN c.late_is_first
          THEN 'first review ' || ${fmt("c.late_review")} || ' was more than 3 months after the plan start (due ' || ${fmt("c.late_due")} || ')'
          ELSE 'review ' || ${fmt("c.late_review")} || ' was more than 6 months after the one before (due ' || ${fmt("c.late_due")} || ')' END
        WHEN c.next_due < c.snapshot_date THEN 'review overdue at D (due ' || ${fmt("c.next_due")} || ')' END`,
      )} AS reason,
      ${forRows(
        form,
        `${CHILD_DETAIL} || ', ' || coalesce(c.reviews, 0) || ' review(s) by D'
        || coalesce(', last ' || ${fmt("c.last_review")}, '') || ', next due ' || ${fmt("c.next_due")}`,
      )} AS detail,
      ${forRows(form, "CASE WHEN c.late_review IS NOT NULL THEN c.late_due ELSE c.next_due END")} AS due_date,
      ${forRows(form, "c.latest_category")} AS dim_abuse_category
    FROM judged c`,
  dueDate: true,
});

export const cppVisitsOnTimePct = defineIndicator({
  id: "cpp_visits_on_time_pct",
  title: "% children on a CP plan visited within the local standard",
  area: AREA,
  definition:
    "Of children on a plan at D whose plan started at least 10 working days before D, those with a CP visit with WD(visit, D) ≤ 10. The standard (10 working days) is a council setting.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [childAt],
  dimensions: ["abuse_category"],
  rows: (options, form) => {
    const n = options.cpVisitWorkingDays;
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(`cpVisitWorkingDays must be a whole number of working days, not ${n}`);
    }
    return `
    WITH ${CHILD_AT},
    last_visit AS (
      SELECT c.la_code, c.child_id, c.snapshot_date, max(v.cppv_cp_visit_date) AS visit_date
      FROM child_at c JOIN ssd_cp_visits v ON v.la_code = c.la_code AND v.cppv_person_id = c.child_id
        AND v.cppv_cp_visit_date <= c.snapshot_date
      GROUP BY c.la_code, c.child_id, c.snapshot_date),
    judged AS (
      SELECT c.*, lv.visit_date,
        ${workingDays("cs", "cd")} AS plan_wd, ${workingDays("cv", "cd")} AS visit_wd,
        c.excluded IS NULL AND (cs.wd_index IS NULL OR ${workingDays("cs", "cd")} >= ${n}) AS counted
      FROM child_at c
      LEFT JOIN last_visit lv ON lv.la_code = c.la_code AND lv.child_id = c.child_id
        AND lv.snapshot_date = c.snapshot_date
      ${calendarJoin("cs", "c.start_date")}
      ${calendarJoin("cd", "c.snapshot_date")}
      ${calendarJoin("cv", "lv.visit_date")})
    SELECT c.la_code, c.child_id, c.plan_id AS event_id, c.snapshot_date,
      c.counted AND coalesce(c.visit_wd <= ${n}, false) AS in_numerator,
      c.counted AS in_denominator, NULL::DOUBLE AS value,
      ${forRows(
        form,
        `CASE WHEN c.excluded IS NOT NULL THEN c.excluded
        WHEN NOT c.counted THEN 'plan started fewer than ${n} working days before D'
        WHEN c.visit_date IS NULL THEN 'no CP visit on or before D'
        WHEN NOT coalesce(c.visit_wd <= ${n}, false)
          THEN 'last visit ' || ${fmt("c.visit_date")} || ' is more than ${n} working days before D' END`,
      )} AS reason,
      ${forRows(
        form,
        `${CHILD_DETAIL} || coalesce(', last visit ' || ${fmt("c.visit_date")} || ' (' || c.visit_wd || ' working days to D)', '')`,
      )} AS detail,
      ${forRows(form, workingDayAfter("coalesce(c.visit_date, c.start_date)", n))} AS due_date,
      ${forRows(form, "c.latest_category")} AS dim_abuse_category
    FROM judged c`;
  },
  dueDate: true,
});

/** Child protection indicators in report order. */
export const CHILD_PROTECTION = [
  cppOpen,
  cppRate10k,
  cppStarts,
  cppEnded,
  cppSecondOrSubsequentPct,
  cppSecondWithin2yPct,
  cppOpen2yPlusPct,
  cppOpen18mPlusPct,
  cppCeased2yPlusPct,
  cppReviewsOnTimePct,
  cppVisitsOnTimePct,
];
