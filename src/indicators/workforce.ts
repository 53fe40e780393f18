/**
 * Workforce and allocation (indicators.md, "Workforce and allocation"):
 * whether open cases have a worker, and caseloads per FTE, at a month end.
 *
 * Why from involvements: `ssd_involvements` is the SSD's record of who holds
 * a case and since when, so both measures read allocations open at D there
 * (start ≤ D, end empty or after D). An involvement with no worker id is not
 * an allocation and is ignored.
 */
import { sqlList } from "../db/quote.ts";
import { SHORT_BREAK_LEGAL_STATUSES } from "../model/codes.ts";
import { defineIndicator, defineRelation } from "./define.ts";
import { fmt, forRows, isYes, OPEN_END, openAt } from "./sql.ts";

const AREA = "Workforce and allocation" as const;

/** Involvements with a worker, open at each snapshot (read by both indicators). */
const openInvolvements = defineRelation({
  name: "_rel_open_involvements",
  description: "involvements with a worker open at each month end",
  sql: () => `
    SELECT s.la_code, s.snapshot_date, i.invo_person_id AS child_id, trim(i.invo_professional_id) AS worker_id,
      i.invo_professional_team AS team, i.invo_involvement_start_date AS since
    FROM _snapshots s
    JOIN ssd_involvements i ON i.la_code = s.la_code
      AND ${openAt("i.invo_involvement_start_date", "i.invo_involvement_end_date", "s.snapshot_date")}
    WHERE nullif(trim(i.invo_professional_id), '') IS NOT NULL AND i.invo_person_id IS NOT NULL`,
});

/** The open involvements as CTE `inv`. */
const OPEN_INVOLVEMENTS = "inv AS (SELECT * FROM _rel_open_involvements)";

export const allocatedSwPct = defineIndicator({
  id: "allocated_sw_pct",
  title: "% open cases allocated to a social worker",
  area: AREA,
  definition:
    "Of children open at D to CIN (referral ≤ D, closure empty or after D), CP (plan open at D, not held by another authority) or CLA (episode open at D, not short breaks only), those with a worker involvement open at D. The services each child is open to are in the row detail, for the CIN/CP/CLA breakdown. A child open only by a record that ends before it starts is listed outside the denominator.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [openInvolvements],
  dimensions: ["worker", "team"],
  rows: (_options, form) => `
    WITH recs AS (
      SELECT la_code, cine_person_id AS child_id, 'CIN' AS service, cine_referral_id AS rec_id,
        cine_referral_date AS start_date, cine_close_date AS end_date FROM ssd_cin_episodes
      UNION ALL
      SELECT la_code, cppl_person_id, 'CP', cppl_cp_plan_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date
      FROM ssd_cp_plans WHERE NOT ${isYes("cppl_cp_plan_ola")}
      UNION ALL
      SELECT la_code, clae_person_id, 'CLA', clae_cla_episode_id, clae_cla_episode_start_date, clae_cla_episode_ceased_date
      FROM ssd_cla_episodes),
    short_breaks_only AS (
      SELECT s.la_code, s.snapshot_date, l.lega_person_id AS child_id
      FROM _snapshots s
      JOIN ssd_legal_status l ON l.la_code = s.la_code
        AND ${openAt("l.lega_legal_status_start_date", "l.lega_legal_status_end_date", "s.snapshot_date")}
      GROUP BY ALL
      HAVING bool_and(upper(trim(l.lega_legal_status)) IN ${sqlList(SHORT_BREAK_LEGAL_STATUSES)})),
    open_at AS (
      SELECT s.la_code, s.snapshot_date, r.*, coalesce(r.end_date < r.start_date, false) AS contradicts
      FROM _snapshots s
      JOIN recs r ON r.la_code = s.la_code AND s.snapshot_date >= r.start_date
        AND s.snapshot_date < CASE WHEN r.end_date < r.start_date THEN ${OPEN_END} ELSE coalesce(r.end_date, ${OPEN_END}) END
      LEFT JOIN short_breaks_only sb ON sb.la_code = s.la_code
        AND sb.snapshot_date = s.snapshot_date AND sb.child_id = r.child_id
      WHERE r.child_id IS NOT NULL AND NOT (r.service = 'CLA' AND sb.child_id IS NOT NULL)),
${
  form === "figures"
    ? // the same rows without their text, each child's services and worker in one pass:
      // counted when a record open at D does not end before it starts, held when a worker is
      `
    children AS (
      SELECT la_code, snapshot_date, child_id, CASE WHEN bool_or(counts) THEN 'open' END AS services,
        bool_or(held) AS held
      FROM (
        SELECT la_code, snapshot_date, child_id, NOT contradicts AS counts, false AS held FROM open_at
        UNION ALL
        SELECT la_code, snapshot_date, child_id, NULL, true FROM _rel_open_involvements)
      GROUP BY ALL
      HAVING bool_or(NOT held))
    SELECT la_code, child_id, child_id AS event_id, snapshot_date,
      services IS NOT NULL AND held AS in_numerator, services IS NOT NULL AS in_denominator,
      NULL::DOUBLE AS value, NULL AS reason, NULL AS detail, NULL AS dim_worker, NULL AS dim_team
    FROM children`
    : `
    children AS (
      SELECT la_code, snapshot_date, child_id,
        nullif(concat_ws(', ',
          CASE WHEN bool_or(service = 'CIN' AND NOT contradicts) THEN 'CIN' END,
          CASE WHEN bool_or(service = 'CLA' AND NOT contradicts) THEN 'CLA' END,
          CASE WHEN bool_or(service = 'CP' AND NOT contradicts) THEN 'CP' END), '') AS services,
        string_agg(service || ' ' || rec_id || ' ' || ${fmt("start_date")} || ' to ' || ${fmt("end_date")}, '; ')
          FILTER (WHERE contradicts) AS contradicting
      FROM open_at GROUP BY ALL),
    ${OPEN_INVOLVEMENTS},
    first_worker AS (
      SELECT la_code, snapshot_date, child_id, arg_min({'worker_id': worker_id, 'team': team, 'since': since}, (since, worker_id)) AS w,
        count(*) AS n
      FROM inv GROUP BY ALL),
    workers AS (
      SELECT la_code, snapshot_date, child_id, w.worker_id, w.team,
        w.worker_id || coalesce(' (team ' || w.team || ')', '') || ' since ' || ${fmt("w.since")}
          || CASE WHEN n > 1 THEN ' and ' || (n - 1) || ' more' ELSE '' END AS workers
      FROM first_worker)
    SELECT c.la_code, c.child_id, c.child_id AS event_id, c.snapshot_date,
      c.services IS NOT NULL AND w.child_id IS NOT NULL AS in_numerator, c.services IS NOT NULL AS in_denominator,
      NULL::DOUBLE AS value,
      CASE WHEN c.services IS NULL THEN 'open only by a record that ends before it starts (' || c.contradicting
          || '): a validation issue, not counted'
        WHEN w.workers IS NULL THEN 'no worker involvement open at the month end' END AS reason,
      'open to ' || coalesce(c.services, 'none') || '; ' || coalesce('worker ' || w.workers, 'no worker') AS detail,
      w.worker_id AS dim_worker, w.team AS dim_team
    FROM children c
    LEFT JOIN workers w ON w.la_code = c.la_code AND w.snapshot_date = c.snapshot_date AND w.child_id = c.child_id`
}`,
});

/** Each worker's FTE and department (as CTE `prof`). */
const PROF = `prof AS (
      SELECT la_code, prof_professional_id, max(prof_full_time_equivalency) AS fte,
        max(prof_professional_department) AS department
      FROM ssd_professionals GROUP BY ALL)`;
/** Whether a holder's FTE counts in the total, and the FTE it adds. */
const FTE_COUNTED = "coalesce(fte > 0, false)";
const FTE_VALUE = "CASE WHEN fte > 0 THEN fte END::DOUBLE";

const CHILDREN = "children || CASE WHEN children = 1 THEN ' child' ELSE ' children' END";

export const caseloadAverage = defineIndicator({
  id: "caseload_average",
  title: "Average caseload per social worker (FTE)",
  area: AREA,
  definition:
    "Children with a worker involvement open at D ÷ the sum of the FTE of the workers holding them. A worker with no FTE recorded (or 0) is left out of the FTE total and listed; the children they hold are still counted. The good range (e.g. 14–20) is a council setting.",
  polarity: "range",
  unit: "ratio",
  decimals: 1,
  kind: "stock",
  uses: [openInvolvements],
  dimensions: ["worker", "team"],
  rows: (_options, form) =>
    form === "figures"
      ? // the same rows without their text: children by month end, and each holder's FTE
        `
    WITH ${OPEN_INVOLVEMENTS}, ${PROF},
    holders AS (
      SELECT h.la_code, h.snapshot_date, h.worker_id, prof.fte
      FROM (SELECT DISTINCT la_code, snapshot_date, worker_id FROM inv) h
      LEFT JOIN prof ON prof.la_code = h.la_code AND prof.prof_professional_id = h.worker_id)
    SELECT la_code, child_id, child_id AS event_id, snapshot_date, true AS in_numerator, false AS in_denominator,
      NULL::DOUBLE AS value, NULL AS reason, NULL AS detail, NULL AS dim_worker, NULL AS dim_team
    FROM inv GROUP BY la_code, child_id, snapshot_date
    UNION ALL
    SELECT la_code, '' AS child_id, worker_id AS event_id, snapshot_date, false AS in_numerator,
      ${FTE_COUNTED} AS in_denominator, ${FTE_VALUE} AS value, NULL AS reason, NULL AS detail,
      NULL AS dim_worker, NULL AS dim_team
    FROM holders`
      : `
    WITH ${OPEN_INVOLVEMENTS}, ${PROF},
    pairs AS (
      SELECT la_code, snapshot_date, worker_id, child_id, min(team) AS team FROM inv GROUP BY ALL),
    held AS (
      SELECT la_code, snapshot_date, worker_id, count(*) AS children, min(team) AS team FROM pairs GROUP BY ALL),
    holders AS (
      SELECT h.la_code, h.snapshot_date, h.worker_id, h.children, coalesce(prof.department, h.team) AS team,
        prof.prof_professional_id AS known, prof.fte
      FROM held h LEFT JOIN prof ON prof.la_code = h.la_code AND prof.prof_professional_id = h.worker_id),
    pair_teams AS (
      SELECT p.la_code, p.snapshot_date, p.worker_id, p.child_id, h.team
      FROM pairs p JOIN holders h ON h.la_code = p.la_code AND h.snapshot_date = p.snapshot_date
        AND h.worker_id = p.worker_id)
    SELECT la_code, child_id, child_id AS event_id, snapshot_date, true AS in_numerator, false AS in_denominator,
      NULL::DOUBLE AS value, NULL AS reason,
      ${forRows(
        form,
        `'held by ' || min(worker_id) || CASE count(*) WHEN 1 THEN '' WHEN 2 THEN ', ' || max(worker_id)
        ELSE ', …, ' || max(worker_id) || ' (' || count(*) || ' workers)' END`,
      )} AS detail,
      ${forRows(form, "min(worker_id)")} AS dim_worker, ${forRows(form, "arg_min(team, worker_id)")} AS dim_team
    FROM pair_teams GROUP BY la_code, child_id, snapshot_date
    UNION ALL
    SELECT la_code, '' AS child_id, worker_id AS event_id, snapshot_date, false AS in_numerator,
      ${FTE_COUNTED} AS in_denominator, ${FTE_VALUE} AS value,
      CASE WHEN known IS NULL THEN 'worker not in the professionals table, so no FTE'
        WHEN fte IS NULL THEN 'FTE not recorded'
        WHEN fte <= 0 THEN 'FTE recorded as ' || fte END
        || ': left out of the FTE total; the ' || ${CHILDREN} || ' they hold still counted' AS reason,
      'worker ' || worker_id || ', team ' || coalesce(team, '?') || ', FTE ' || coalesce(CAST(fte AS VARCHAR), '?')
        || ', holding ' || ${CHILDREN} AS detail,
      worker_id AS dim_worker, team AS dim_team
    FROM holders`,
});

/** Workforce and allocation indicators in report order. */
export const WORKFORCE = [allocatedSwPct, caseloadAverage];
