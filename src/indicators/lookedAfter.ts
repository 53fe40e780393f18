/**
 * Children looked after (indicators.md, "Children looked after").
 *
 * Why shared CTEs: every stock indicator here is "of children in cla_open
 * at D", so who is looked after at a month end (an open episode, not on a
 * short-break legal status) and which period of care and placement they are
 * in are defined once below; each indicator adds only its own test. Periods
 * of care are the episodes sharing `clae_cla_id`: a period starts on the
 * date the child entered care and ends when its last episode ends with a
 * reason other than X1, so an X1 chain is one start and one end.
 */
import { sqlList } from "../db/quote.ts";
import {
  ADOPTION_PLACEMENT_TYPES,
  PERMANENCE_END_REASONS,
  SHORT_BREAK_LEGAL_STATUSES,
  TEMPORARY_PLACEMENT_TYPES,
} from "../model/codes.ts";
import { defineIndicator, defineRelation, type IndicatorOptions, ratePer10k } from "./define.ts";
import { addMonthsSql, ageAt, fmt, forRows, isYes, OPEN_END, openAt } from "./sql.ts";

const AREA = "Children looked after" as const;
const SHORT_BREAKS = sqlList(SHORT_BREAK_LEGAL_STATUSES);
const TEMPORARY = sqlList(TEMPORARY_PLACEMENT_TYPES);
const ADOPTIVE = sqlList(ADOPTION_PLACEMENT_TYPES);
const PERMANENCE = sqlList(PERMANENCE_END_REASONS);

/**
 * The legal status in force on `date` among the joined legal statuses `l` (start ≤ date < end):
 * the latest-starting, then the greatest code, as an aggregate over those rows.
 */
const LEGAL_STATUS_AGG = `max_by(upper(l.lega_legal_status), strftime(l.lega_legal_status_start_date, '%Y-%m-%d') || upper(l.lega_legal_status))`;

/** Joins `ssd_legal_status l` in force on `date` for council `la` (and the child `child`, when given). */
function legalStatusJoin(la: string, child: string, date: string): string {
  return `JOIN ssd_legal_status l ON l.la_code = ${la} ${child ? `AND l.lega_person_id = ${child}` : ""}
    AND ${openAt("l.lega_legal_status_start_date", "l.lega_legal_status_end_date", date)}`;
}

function isShortBreak(status: string): string {
  return `coalesce(${status} IN ${SHORT_BREAKS}, false)`;
}

/** A date as text, NULL when empty (for optional parts of a detail string; `fmt` gives '?'). */
function day(date: string): string {
  return `strftime(${date}, '%Y-%m-%d')`;
}

/** `date` plus n calendar days. */
function addDaysSql(date: string, days: number | string): string {
  return `CAST(${date} + INTERVAL (${days}) DAY AS DATE)`;
}

/**
 * Episodes with a start date and a child. An episode ending before it starts is a
 * validation issue (`contradictory`): it never makes a child looked after, and its
 * period of care is listed, not counted, as a start or an end.
 */
export const claEpisodes = defineRelation({
  name: "_rel_cla_episodes",
  description: "looked-after episodes with their period of care",
  sql: () => `
    SELECT la_code, clae_person_id AS child_id, clae_cla_episode_id AS episode_id,
      coalesce(clae_cla_id, clae_person_id || '/' || strftime(coalesce(clae_entered_care_date, clae_cla_episode_start_date), '%Y-%m-%d')) AS period_id,
      clae_cla_episode_start_date AS ep_start, clae_cla_episode_ceased_date AS ep_end,
      upper(clae_cla_episode_ceased_reason) AS ep_reason, clae_entered_care_date AS entered,
      coalesce(upper(clae_cla_episode_start_reason), '') AS ep_rne,
      coalesce(clae_cla_episode_ceased_date < clae_cla_episode_start_date, false) AS contradictory
    FROM ssd_cla_episodes
    WHERE clae_cla_episode_start_date IS NOT NULL AND clae_person_id IS NOT NULL`,
});

/**
 * Periods of care: entered, ended, end_reason, contradictory (any episode), bad_episode, and
 * began_before: the first episode's start reason when it is not S (not an entry to care) and no
 * date entered care is recorded, so the period began before the data (`entered` is then only the
 * first date known, and the period is not a start).
 */
const claPeriods = defineRelation({
  name: "_rel_cla_periods",
  description: "periods of care: the episodes sharing a period id, X1 chains joined",
  uses: [claEpisodes],
  sql: () => `
    WITH ep_last AS (
      SELECT la_code, period_id, ep_end AS last_end, ep_reason AS last_reason
      FROM _rel_cla_episodes
      QUALIFY row_number() OVER (PARTITION BY la_code, period_id
        ORDER BY ep_start DESC, ep_end DESC NULLS FIRST, episode_id DESC) = 1)
    SELECT a.*, CASE WHEN l.last_reason IS DISTINCT FROM 'X1' THEN l.last_end END AS ended,
      CASE WHEN l.last_reason IS DISTINCT FROM 'X1' AND l.last_end IS NOT NULL THEN l.last_reason END AS end_reason
    FROM (
      SELECT la_code, period_id, min(child_id) AS child_id, coalesce(min(entered), min(ep_start)) AS entered,
        CASE WHEN min(entered) IS NULL AND arg_min(ep_rne, (ep_start, episode_id)) NOT IN ('S', '')
          THEN arg_min(ep_rne, (ep_start, episode_id)) END AS began_before,
        bool_or(contradictory) AS contradictory,
        min(episode_id || ' (start ' || ${fmt("ep_start")} || ', ceased ' || ${fmt("ep_end")} || ')')
          FILTER (WHERE contradictory) AS bad_episode
      FROM _rel_cla_episodes GROUP BY la_code, period_id) a
    JOIN ep_last l ON l.la_code = a.la_code AND l.period_id = a.period_id`,
});

/**
 * Every child with an open episode at each snapshot `d` (the latest-starting if several), with
 * the period of care, the date they entered care, the legal status at d (`short_break` when it
 * is V3 or V4) and the date of birth. Children in cla_open are those with `NOT short_break`.
 */
export const claAt = defineRelation({
  name: "_rel_cla_at",
  description: "children with an open looked-after episode at each month end",
  uses: [claEpisodes, claPeriods],
  sql: () => `
    WITH person AS (
      SELECT p.la_code, p.pers_person_id, min(p.pers_dob) AS dob
      FROM ssd_person p SEMI JOIN (SELECT DISTINCT la_code, child_id FROM _rel_cla_episodes) k
        ON k.la_code = p.la_code AND k.child_id = p.pers_person_id
      GROUP BY ALL),
    ep AS (
      SELECT e.la_code, e.child_id, e.ep_start, e.ep_end,
        {'episode_id': e.episode_id, 'period_id': e.period_id, 'entered': p.entered, 'dob': per.dob} AS facts,
        (e.ep_start, coalesce(e.episode_id, '')) AS latest
      FROM _rel_cla_episodes e
      JOIN _rel_cla_periods p ON p.la_code = e.la_code AND p.period_id = e.period_id
      LEFT JOIN person per ON per.la_code = e.la_code AND per.pers_person_id = e.child_id
      WHERE NOT e.contradictory),
    at_d AS (
      SELECT s.la_code, s.snapshot_date AS d, e.child_id, max(e.ep_start) AS ep_start, arg_max(e.facts, e.latest) AS f
      FROM _snapshots s JOIN ep e ON e.la_code = s.la_code AND ${openAt("e.ep_start", "e.ep_end", "s.snapshot_date")}
      GROUP BY s.la_code, s.snapshot_date, e.child_id),
    status AS (
      SELECT s.la_code, s.snapshot_date AS d, l.lega_person_id AS child_id, ${LEGAL_STATUS_AGG} AS legal_status
      FROM _snapshots s ${legalStatusJoin("s.la_code", "", "s.snapshot_date")}
      GROUP BY ALL)
    SELECT a.la_code, a.d, a.child_id, a.f.episode_id, a.f.period_id, a.ep_start, a.f.entered, st.legal_status,
      ${isShortBreak("st.legal_status")} AS short_break, a.f.dob
    FROM at_d a
    LEFT JOIN status st ON st.la_code = a.la_code AND st.d = a.d AND st.child_id = a.child_id`,
});

/** Children in cla_open at each snapshot, as CTE `lac`. */
const LAC = "lac AS (SELECT * FROM _rel_cla_at WHERE NOT short_break)";

/**
 * Placements with a start date and a child, flagged `temporary` (T0–T4) and `contradictory` (end
 * before start), with their provider and the reason recorded for the change that ended them (NULL when blank).
 */
const claPlacements = defineRelation({
  name: "_rel_cla_placements",
  description: "looked-after placements",
  sql: () => `
    SELECT la_code, clap_person_id AS child_id, clap_cla_placement_id AS placement_id,
      clap_cla_placement_start_date AS pl_start, clap_cla_placement_end_date AS pl_end,
      upper(clap_cla_placement_type) AS pl_type, clap_cla_placement_distance AS distance,
      nullif(upper(trim(clap_cla_placement_provider)), '') AS provider,
      nullif(upper(trim(clap_cla_placement_change_reason)), '') AS change_reason,
      coalesce(clap_cla_placement_end_date < clap_cla_placement_start_date, false) AS contradictory,
      coalesce(upper(clap_cla_placement_type) IN ${TEMPORARY}, false) AS temporary
    FROM ssd_cla_placement
    WHERE clap_cla_placement_start_date IS NOT NULL AND clap_person_id IS NOT NULL`,
});

/**
 * Children in cla_open at each snapshot with their current placement (the latest-starting
 * non-temporary placement open at d: placement_id, pl_start, pl_type, distance, provider; NULL when
 * none) and `bad_reason`: a placement ending before it starts whose dates fall in the
 * current period of care.
 */
const claPlaced = defineRelation({
  name: "_rel_cla_placed",
  description: "children looked after at each month end with their current placement",
  uses: [claAt, claPlacements],
  sql: () => `
    WITH ${LAC},
    cur AS (
      SELECT s.la_code, s.snapshot_date AS d, p.child_id,
        arg_max({'placement_id': p.placement_id, 'pl_start': p.pl_start, 'pl_type': p.pl_type, 'distance': p.distance,
          'provider': p.provider},
          (p.pl_start, coalesce(p.placement_id, ''))) AS c
      FROM _snapshots s JOIN _rel_cla_placements p ON p.la_code = s.la_code
        AND NOT p.temporary AND NOT p.contradictory AND ${openAt("p.pl_start", "p.pl_end", "s.snapshot_date")}
      GROUP BY ALL),
    ${badPlacementsCte("bad_pl", "l.entered")}
    SELECT l.*, c.c.placement_id, c.c.pl_start, c.c.pl_type, c.c.distance, c.c.provider, b.bad_reason
    FROM lac l
    LEFT JOIN cur c ON c.la_code = l.la_code AND c.d = l.d AND c.child_id = l.child_id
    LEFT JOIN bad_pl b ON b.la_code = l.la_code AND b.d = l.d AND b.child_id = l.child_id`,
});

/** Per child and D, a contradictory placement (end before start) whose dates lie within [from, D]. */
function badPlacementsCte(name: string, from: string): string {
  return `${name} AS (
    SELECT l.la_code, l.d, l.child_id,
      min('placement ' || p.placement_id || ' ends (' || ${fmt("p.pl_end")} || ') before it starts (' || ${fmt("p.pl_start")}
        || '): a validation issue, not counted') AS bad_reason
    FROM lac l JOIN _rel_cla_placements p ON p.la_code = l.la_code AND p.child_id = l.child_id AND p.contradictory
      AND p.pl_end <= l.d AND p.pl_start >= ${from}
    GROUP BY ALL)`;
}

/** The distance band (engine/breakdown.ts DISTANCE_BANDS) of a distance in miles; NULL when unknown. */
function distanceBand(miles: string): string {
  return `CASE WHEN ${miles} IS NULL OR ${miles} < 0 THEN NULL WHEN ${miles} <= 5 THEN '0 to 5 miles'
    WHEN ${miles} <= 10 THEN 'Over 5 to 10 miles' WHEN ${miles} <= 20 THEN 'Over 10 to 20 miles'
    WHEN ${miles} <= 50 THEN 'Over 20 to 50 miles' ELSE 'Over 50 miles' END`;
}

/** Breakdown columns of a `_rel_cla_placed` row (alias `alias`): its current placement's type and provider. */
function placementDims(alias: string): string {
  return `${alias}.pl_type AS dim_placement_type, ${alias}.provider AS dim_provider`;
}

/** Breakdowns by the current placement (engine/breakdown.ts); NULL, so "Unknown", when there is none. */
const PLACEMENT_DIMENSIONS = ["placement_type", "provider"] as const;

/** The standard stock columns for a row of `lac` (alias l). */
const LAC_KEYS = "l.la_code, l.child_id, l.period_id AS event_id, l.d AS snapshot_date";

export const claOpen = defineIndicator({
  id: "cla_open",
  title: "Children looked after",
  area: AREA,
  definition:
    "Distinct children with a looked-after episode where start ≤ D and (end empty or end > D), excluding children whose legal status at D is a short break (V3, V4).",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "stock",
  uses: [claEpisodes, claAt, claPlaced],
  dimensions: ["legal_status", ...PLACEMENT_DIMENSIONS],
  rows: () => `
    WITH bad AS (
      SELECT s.la_code, s.snapshot_date AS d, e.child_id, e.episode_id, e.ep_start, e.ep_end
      FROM _snapshots s JOIN _rel_cla_episodes e ON e.la_code = s.la_code AND e.contradictory AND e.ep_start <= s.snapshot_date
      WHERE NOT EXISTS (SELECT 1 FROM _rel_cla_at c WHERE c.la_code = s.la_code AND c.d = s.snapshot_date AND c.child_id = e.child_id)
        AND NOT EXISTS (SELECT 1 FROM _rel_cla_episodes e2 WHERE e2.la_code = e.la_code AND e2.child_id = e.child_id
          AND NOT e2.contradictory AND e2.ep_start > e.ep_start AND e2.ep_start <= s.snapshot_date)
      QUALIFY row_number() OVER (PARTITION BY s.la_code, s.snapshot_date, e.child_id ORDER BY e.ep_start DESC, e.episode_id DESC) = 1)
    SELECT ${LAC_KEYS},
      NOT ${isShortBreak("l.legal_status")} AS in_numerator, NOT ${isShortBreak("l.legal_status")} AS in_denominator,
      NULL::DOUBLE AS value,
      CASE WHEN ${isShortBreak("l.legal_status")}
        THEN 'short break: legal status ' || l.legal_status || ' at D, not counted as looked after' END AS reason,
      'episode ' || l.episode_id || ' from ' || ${fmt("l.ep_start")} || ', entered care ' || ${fmt("l.entered")}
        || ', legal status ' || coalesce(l.legal_status, 'not recorded') AS detail,
      l.legal_status AS dim_legal_status, ${placementDims("cp")}
    FROM _rel_cla_at l
    LEFT JOIN _rel_cla_placed cp ON cp.la_code = l.la_code AND cp.d = l.d AND cp.child_id = l.child_id
    UNION ALL
    SELECT la_code, child_id, episode_id, d, false, false, NULL::DOUBLE,
      'episode ' || episode_id || ' ceased (' || ${fmt("ep_end")} || ') before it started (' || ${fmt("ep_start")}
        || '): a validation issue, not counted',
      'episode ' || episode_id || ' start ' || ${fmt("ep_start")} || ', ceased ' || ${fmt("ep_end")}, NULL, NULL, NULL
    FROM bad`,
});

export const claRate10k = ratePer10k(claOpen, {
  id: "cla_rate_10k",
  title: "Children looked after per 10,000",
  definition: "cla_open at D ÷ 0–17 population × 10,000.",
  reference: "LAIT 124",
});

export const claUascOpen = defineIndicator({
  id: "cla_uasc_open",
  title: "Unaccompanied asylum-seeking children looked after",
  area: AREA,
  definition:
    "Children in cla_open at D whose immigration status in force at D (start ≤ D and (end empty or end > D)) is UASC.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "stock",
  uses: [claAt],
  rows: () => `
    WITH ${LAC},
    uasc AS (
      SELECT l.la_code, l.d, l.child_id, min(i.immi_immigration_status_start_date) AS since
      FROM lac l JOIN ssd_immigration_status i ON i.la_code = l.la_code AND i.immi_person_id = l.child_id
        AND upper(i.immi_immigration_status) = 'UASC'
        AND ${openAt("i.immi_immigration_status_start_date", "i.immi_immigration_status_end_date", "l.d")}
      GROUP BY ALL)
    SELECT ${LAC_KEYS}, u.child_id IS NOT NULL AS in_numerator, true AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN u.child_id IS NULL THEN 'not UASC at D' END AS reason,
      'entered care ' || ${fmt("l.entered")} || coalesce(', UASC since ' || ${day("u.since")}, '') AS detail
    FROM lac l LEFT JOIN uasc u ON u.la_code = l.la_code AND u.d = l.d AND u.child_id = l.child_id`,
});

/** Periods of care with their legal status at the start and why they are `excluded`, for starts and ends. */
const claPeriodRows = defineRelation({
  name: "_rel_cla_period_rows",
  description: "periods of care with the legal status at their start",
  uses: [claPeriods],
  sql: () => `
    WITH status AS (
      SELECT poc.la_code, poc.period_id, ${LEGAL_STATUS_AGG} AS start_status
      FROM _rel_cla_periods poc ${legalStatusJoin("poc.la_code", "poc.child_id", "poc.entered")}
      GROUP BY poc.la_code, poc.period_id),
    pr AS (
      SELECT poc.*, st.start_status
      FROM _rel_cla_periods poc LEFT JOIN status st ON st.la_code = poc.la_code AND st.period_id = poc.period_id)
    SELECT pr.*,
      CASE
        WHEN contradictory THEN 'episode ' || bad_episode || ' ceased before it started: a validation issue, not counted'
        WHEN ${isShortBreak("start_status")} THEN 'short break: legal status ' || start_status || ' at the start of the period of care, not counted'
      END AS excluded,
      CASE WHEN began_before IS NOT NULL THEN 'began before the data: its first episode starts with reason '
        || began_before || ', not S, and no date entered care is recorded; not counted as a start' END AS start_unknown
    FROM pr`,
});

const PERIOD_DETAIL = `'period of care ' || period_id || ', entered care ' || ${fmt("entered")}
  || coalesce(', ceased ' || ${day("ended")} || ' (' || coalesce(end_reason, 'reason not recorded') || ')', ', open')
  || ', legal status at start ' || coalesce(start_status, 'not recorded')`;

/** Breakdown columns of a period of care: legal status at its start, reason it ended. */
const PERIOD_DIMS = "start_status AS dim_legal_status, end_reason AS dim_reason_ceased";

/**
 * Periods of care placed in time by `date` (entered or ended), excluded ones listed with their
 * reason; a period that began before the data is listed, not counted, as a start.
 */
function periodEventRows(date: "entered" | "ended"): string {
  const excluded = date === "entered" ? "coalesce(excluded, start_unknown)" : "excluded";
  return `
    SELECT la_code, child_id, period_id AS event_id, ${date} AS event_date,
      ${excluded} IS NULL AS in_numerator, ${excluded} IS NULL AS in_denominator, NULL::DOUBLE AS value,
      ${excluded} AS reason, ${PERIOD_DETAIL} AS detail, ${PERIOD_DIMS}
    FROM _rel_cla_period_rows WHERE ${date} IS NOT NULL`;
}

export const claStarts = defineIndicator({
  id: "cla_starts",
  title: "Children who started to be looked after",
  area: AREA,
  definition:
    "Periods of care starting in the period (the date the child entered care); an X1 change of episode is not a new start; periods starting on a short-break legal status (V3, V4) are excluded, and so are periods that began before the data (no date entered care and a first episode that is not an entry to care, RNE S).",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  uses: [claPeriodRows],
  dimensions: ["legal_status"],
  rows: () => periodEventRows("entered"),
});

export const claCeased = defineIndicator({
  id: "cla_ceased",
  title: "Children who ceased to be looked after",
  area: AREA,
  definition:
    "Periods of care ending in the period: the last episode's ceased date, where it ended with a reason other than X1 (an episode ending X1 does not end the period); periods starting on a short-break legal status (V3, V4) are excluded.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  uses: [claPeriodRows],
  dimensions: ["legal_status", "reason_ceased"],
  rows: () => periodEventRows("ended"),
});

export const claCeasedPermanencePct = defineIndicator({
  id: "cla_ceased_permanence_pct",
  title: "% ceasing to be looked after to permanence",
  area: AREA,
  definition:
    "Of periods of care ended in the period (as cla_ceased), those ending by adoption (E11, E12), special guardianship (E43–E48) or child arrangements/residence order (E41).",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  uses: [claPeriodRows],
  dimensions: ["legal_status", "reason_ceased"],
  rows: () => `
    SELECT la_code, child_id, period_id AS event_id, ended AS event_date,
      excluded IS NULL AND coalesce(end_reason IN ${PERMANENCE}, false) AS in_numerator,
      excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      coalesce(excluded, CASE WHEN NOT coalesce(end_reason IN ${PERMANENCE}, false)
        THEN 'ceased for a reason other than permanence (' || coalesce(end_reason, 'not recorded') || ')' END) AS reason,
      ${PERIOD_DETAIL} AS detail, ${PERIOD_DIMS}
    FROM _rel_cla_period_rows WHERE ended IS NOT NULL`,
});

/** Joins the child's non-temporary placements (p) overlapping the 12 months ending l.d. */
const IN_12_MONTHS = `JOIN _rel_cla_placements p ON p.la_code = l.la_code AND p.child_id = l.child_id
  AND NOT p.temporary AND NOT p.contradictory
  AND l.d >= p.pl_start AND ${addMonthsSql("l.d", -12)} < coalesce(p.pl_end, ${OPEN_END})`;

/** A placement (p) for a detail list: id, type, start–end. */
const PLACEMENT_TEXT = `p.placement_id || ' ' || coalesce(p.pl_type, '?') || ' ' || ${fmt("p.pl_start")} || '–'
  || coalesce(strftime(p.pl_end, '%Y-%m-%d'), '')`;

/**
 * Breakdown by change_reason: the reason recorded on the child's most recent placement change in
 * the 12 months ending D — of the non-temporary placements ending in (D − 12 months, D] with a
 * reason recorded, the latest-ending one's reason; "Unknown" when there is none.
 */
export const cla3plusPlacementsPct = defineIndicator({
  id: "cla_3plus_placements_pct",
  title: "% children looked after with 3 or more placements in 12 months",
  area: AREA,
  definition:
    "Of children in cla_open at D, those with 3 or more distinct placements (temporary T0–T4 excluded) overlapping the 12 months ending D: start ≤ D and (end empty or end > D − 12 months), so a placement ending on the window's first day counts and one ending the day before does not. Placements in earlier periods of care count.",
  polarity: "low",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  reference: "LAIT 372",
  uses: [claAt, claPlacements, claPlaced],
  dimensions: [...PLACEMENT_DIMENSIONS, "change_reason"],
  rows: (_options, form) => `
    WITH ${LAC},
    ${badPlacementsCte("bad_12m", addMonthsSql("l.d", -12))},
    n12 AS (
      SELECT l.la_code, l.d, l.child_id, count(DISTINCT p.placement_id) AS n, count(*) AS listed,
        ${forRows(form, `arg_min(${PLACEMENT_TEXT}, (p.pl_start, p.placement_id))`)} AS first_text,
        ${forRows(form, `arg_max(${PLACEMENT_TEXT}, (p.pl_start, p.placement_id))`)} AS last_text,
        ${forRows(
          form,
          `arg_max(p.change_reason, (p.pl_end, p.pl_start, p.placement_id))
          FILTER (WHERE p.pl_end <= l.d AND p.change_reason IS NOT NULL)`,
        )} AS change_reason
      FROM lac l ${IN_12_MONTHS}
      GROUP BY ALL),
    long_lists AS (${
      form === "rows"
        ? `
      SELECT l.la_code, l.d, l.child_id,
        string_agg(${PLACEMENT_TEXT}, ', ' ORDER BY p.pl_start, p.placement_id) AS list
      FROM n12 l ${IN_12_MONTHS}
      WHERE l.listed > 2
      GROUP BY ALL`
        : // only the detail reads the lists: none in the figures form
          "SELECT NULL::VARCHAR AS la_code, NULL::DATE AS d, NULL::VARCHAR AS child_id, NULL::VARCHAR AS list WHERE false"
    })
    SELECT ${LAC_KEYS},
      b.bad_reason IS NULL AND coalesce(n.n, 0) >= 3 AS in_numerator, b.bad_reason IS NULL AS in_denominator,
      NULL::DOUBLE AS value,
      coalesce(b.bad_reason, CASE WHEN coalesce(n.n, 0) < 3
        THEN coalesce(n.n, 0) || ' placement(s) in the 12 months ending D' END) AS reason,
      coalesce(n.n, 0) || ' placement(s) since ' || ${fmt(addDaysSql(addMonthsSql("l.d", -12), 1))}
        || coalesce(': ' || CASE WHEN n.listed > 2 THEN ll.list WHEN n.listed = 2 THEN n.first_text || ', ' || n.last_text
          ELSE n.first_text END, '') AS detail,
      ${placementDims("cp")}, n.change_reason AS dim_change_reason
    FROM lac l
    LEFT JOIN _rel_cla_placed cp ON cp.la_code = l.la_code AND cp.d = l.d AND cp.child_id = l.child_id
    LEFT JOIN n12 n ON n.la_code = l.la_code AND n.d = l.d AND n.child_id = l.child_id
    LEFT JOIN long_lists ll ON ll.la_code = l.la_code AND ll.d = l.d AND ll.child_id = l.child_id
    LEFT JOIN bad_12m b ON b.la_code = l.la_code AND b.d = l.d AND b.child_id = l.child_id`,
});

export const claLongTermStabilityPct = defineIndicator({
  id: "cla_long_term_stability_pct",
  title: "% long-term looked-after children in the same placement 2+ years",
  area: AREA,
  definition:
    "Of children in cla_open at D who are under 16 at D and entered their current period of care on or before D − 30 months, those whose current placement (the latest non-temporary placement open at D) started on or before D − 2 years, or who are placed for adoption (A3–A6) and whose placement immediately before the adoptive one (the latest earlier non-temporary placement) started on or before D − 2 years.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  reference: "LAIT 393",
  uses: [claPlaced, claPlacements],
  dimensions: PLACEMENT_DIMENSIONS,
  rows: () => `
    WITH prev AS (
      SELECT c.la_code, c.d, c.child_id, p.placement_id AS prev_id, p.pl_start AS prev_start
      FROM _rel_cla_placed c JOIN _rel_cla_placements p ON p.la_code = c.la_code AND p.child_id = c.child_id
        AND NOT p.temporary AND NOT p.contradictory AND p.pl_start < c.pl_start
      WHERE c.pl_type IN ${ADOPTIVE}
      QUALIFY row_number() OVER (PARTITION BY c.la_code, c.d, c.child_id ORDER BY p.pl_start DESC, p.placement_id DESC) = 1),
    j AS (
      SELECT l.*, ${ageAt("l.dob", "l.d")} AS age, pv.prev_id, pv.prev_start,
        ${addMonthsSql("l.d", -24)} AS two_years_before,
        l.pl_start <= ${addMonthsSql("l.d", -24)} AS stable,
        coalesce(l.pl_type IN ${ADOPTIVE} AND pv.prev_start <= ${addMonthsSql("l.d", -24)}, false) AS adoptive_stable
      FROM _rel_cla_placed l
      LEFT JOIN prev pv ON pv.la_code = l.la_code AND pv.d = l.d AND pv.child_id = l.child_id),
    k AS (
      SELECT j.*,
        CASE
          WHEN bad_reason IS NOT NULL THEN bad_reason
          WHEN age IS NULL THEN 'date of birth not recorded'
          WHEN age >= 16 THEN 'aged ' || age || ' at D (16 or over)'
          WHEN entered > ${addMonthsSql("d", -30)} THEN 'looked after for less than 2.5 years (entered care ' || ${fmt("entered")} || ')'
        END AS excluded
      FROM j)
    SELECT l.la_code, l.child_id, l.period_id AS event_id, l.d AS snapshot_date,
      excluded IS NULL AND (coalesce(stable, false) OR adoptive_stable) AS in_numerator,
      excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      coalesce(excluded, CASE
        WHEN placement_id IS NULL THEN 'no current (non-temporary) placement at D'
        WHEN NOT (stable OR adoptive_stable) THEN
          CASE WHEN pl_type IN ${ADOPTIVE}
            THEN 'placed for adoption ' || ${fmt("pl_start")} || '; with the placement before it (from ' || ${fmt("prev_start")} || ') less than 2 years'
            ELSE 'current placement started ' || ${fmt("pl_start")} || ', less than 2 years before D' END
      END) AS reason,
      'entered care ' || ${fmt("entered")} || ', age ' || coalesce(age::VARCHAR, '?')
        || coalesce(', placement ' || placement_id || ' ' || coalesce(pl_type, '?') || ' from ' || ${fmt("pl_start")}, ', no current placement')
        || coalesce(', previous placement ' || prev_id || ' from ' || ${day("prev_start")}, '') AS detail,
      ${placementDims("l")}
    FROM k l`,
});

/** 20 working days after `entered` (alias ce = its cal_days row, due = the wd_index → date lookup). */
const FIRST_REVIEW_DUE = "coalesce(due20.wd_date, CAST(p.entered + INTERVAL 28 DAY AS DATE))";

export const claReviewsOnTimePct = defineIndicator({
  id: "cla_reviews_on_time_pct",
  title: "% children looked after with reviews on time",
  area: AREA,
  definition:
    "Of children in cla_open at D looked after (current period of care) for at least 20 working days, those whose non-cancelled reviews on or before D, linked to the current period of care, were all on time — first within 20 working days of entering care, second within 3 months of the first, each later one within 6 months of the one before — and whose next review is not overdue at D (a review due on D is not yet overdue). Where a date is outside the working-day calendar, 20 working days is taken as 28 calendar days.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [claPeriods, claAt],
  rows: (_options, form) => `
    WITH ${LAC},
    wd_dates AS (SELECT wd_index, min(cal_date) AS wd_date FROM cal_days GROUP BY wd_index),
    first_due AS (
      SELECT p.la_code, p.period_id, ${FIRST_REVIEW_DUE} AS due1
      FROM _rel_cla_periods p
      LEFT JOIN cal_days ce ON ce.cal_date = p.entered
      LEFT JOIN wd_dates due20 ON due20.wd_index = ce.wd_index + 20),
    rv AS (
      SELECT r.la_code, r.clar_cla_id AS period_id, r.clar_cla_review_id AS review_id, r.clar_cla_review_date AS rv_date,
        row_number() OVER w AS ordinal, lag(r.clar_cla_review_date) OVER w AS prev_date
      FROM ssd_cla_reviews r
      WHERE r.clar_cla_review_date IS NOT NULL AND NOT ${isYes("r.clar_cla_review_cancelled")}
      WINDOW w AS (PARTITION BY r.la_code, r.clar_cla_id ORDER BY r.clar_cla_review_date, r.clar_cla_review_id)),
    rv_due AS (
      SELECT rv.*, CASE rv.ordinal WHEN 1 THEN f.due1
        WHEN 2 THEN ${addMonthsSql("rv.prev_date", 3)} ELSE ${addMonthsSql("rv.prev_date", 6)} END AS due
      FROM rv JOIN first_due f ON f.la_code = rv.la_code AND f.period_id = rv.period_id),
    agg AS (
      SELECT l.la_code, l.d, l.child_id, count(*) AS n, max(r.rv_date) AS last_date,
        min(r.rv_date) FILTER (WHERE r.rv_date > r.due) AS first_late,
        arg_min(r.due, r.rv_date) FILTER (WHERE r.rv_date > r.due) AS first_late_due
      FROM lac l JOIN rv_due r ON r.la_code = l.la_code AND r.period_id = l.period_id AND r.rv_date <= l.d
      GROUP BY ALL),
    j AS (
      SELECT l.*, f.due1, coalesce(a.n, 0) AS n, a.last_date, a.first_late, a.first_late_due,
        CASE WHEN coalesce(a.n, 0) = 0 THEN f.due1 WHEN a.n = 1 THEN ${addMonthsSql("a.last_date", 3)}
          ELSE ${addMonthsSql("a.last_date", 6)} END AS next_due
      FROM lac l
      JOIN first_due f ON f.la_code = l.la_code AND f.period_id = l.period_id
      LEFT JOIN agg a ON a.la_code = l.la_code AND a.d = l.d AND a.child_id = l.child_id)
    SELECT j.la_code, j.child_id, j.period_id AS event_id, j.d AS snapshot_date,
      j.due1 <= j.d AND j.first_late IS NULL AND j.next_due >= j.d AS in_numerator,
      j.due1 <= j.d AS in_denominator, NULL::DOUBLE AS value,
      ${forRows(
        form,
        `CASE
        WHEN j.due1 > j.d THEN 'looked after for less than 20 working days (first review due ' || ${fmt("j.due1")} || ')'
        WHEN j.first_late IS NOT NULL THEN 'review on ' || ${fmt("j.first_late")} || ' was late (due by ' || ${fmt("j.first_late_due")} || ')'
        WHEN j.next_due < j.d THEN 'review overdue at D (due by ' || ${fmt("j.next_due")} || ')'
      END`,
      )} AS reason,
      ${forRows(
        form,
        `'entered care ' || ${fmt("j.entered")} || ', ' || j.n || ' review(s) by D'
        || coalesce(', last ' || ${day("j.last_date")}, '') || ', next due ' || ${fmt("j.next_due")}`,
      )} AS detail,
      ${forRows(form, "CASE WHEN j.first_late IS NOT NULL THEN j.first_late_due ELSE j.next_due END")} AS due_date
    FROM j`,
  dueDate: true,
});

/** SQL for the date the next visit is due, from the last visit (`lv`) or the placement start (`ps`). */
function visitDueSql(standard: IndicatorOptions["claVisitStandard"], lv: string, ps: string): string {
  if (standard === "national") {
    return `CASE WHEN ${lv} IS NULL THEN ${addDaysSql(ps, 7)}
      WHEN ${lv} < ${addMonthsSql(ps, 12)} THEN ${addDaysSql(lv, 42)}
      ELSE ${addDaysSql(lv, 84)} END`;
  }
  const every = standard.everyDays;
  if (!Number.isInteger(every) || every <= 0) {
    throw new Error(`claVisitStandard.everyDays must be a whole number of days above 0, not ${every}`);
  }
  return addDaysSql(`coalesce(${lv}, ${ps})`, every);
}

export const claVisitsOnTimePct = defineIndicator({
  id: "cla_visits_on_time_pct",
  title: "% children looked after visited within timescale",
  area: AREA,
  definition:
    "Of children in cla_open at D, those not overdue a statutory visit at D. The clock runs from the current placement's start (the latest non-temporary placement open at D). A temporary placement (T0–T4) does not start a placement: for a child in one at D with no other placement open, the placement before it continues (the latest non-temporary placement of the current period of care starting on or before the temporary one). Where there is none, the clock runs from the date the child entered care. With no visit on or after that start and on or before D, the next visit is due 7 days after the start; otherwise it is due 42 days (6 weeks) after the last such visit if that visit fell within 12 months of the placement's start, else 84 days (12 weeks) after it. On time when the due date is on or after D. A local standard of every N days (setting claVisitStandard) makes the due date N days after the last visit, or after the placement start where there is none.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [claPlaced, claPlacements],
  dimensions: PLACEMENT_DIMENSIONS,
  rows: (options) => `
    WITH held AS (
      SELECT l.la_code, l.d, l.child_id,
        arg_max({'placement_id': b.placement_id, 'pl_start': b.pl_start, 'temp_id': t.placement_id},
          (b.pl_start, coalesce(b.placement_id, ''))) AS h
      FROM _rel_cla_placed l
      JOIN _rel_cla_placements t ON t.la_code = l.la_code AND t.child_id = l.child_id
        AND t.temporary AND NOT t.contradictory AND ${openAt("t.pl_start", "t.pl_end", "l.d")}
      JOIN _rel_cla_placements b ON b.la_code = l.la_code AND b.child_id = l.child_id
        AND NOT b.temporary AND NOT b.contradictory AND b.pl_start >= l.entered AND b.pl_start <= t.pl_start
      WHERE l.placement_id IS NULL
      GROUP BY ALL),
    j AS (
      SELECT l.*, h.h.placement_id AS held_id, h.h.temp_id,
        coalesce(l.pl_start, h.h.pl_start, l.entered) AS ps,
        ${sinceOrNull("v.on_date", "coalesce(l.pl_start, h.h.pl_start, l.entered)")} AS last_visit
      FROM _rel_cla_placed l
      LEFT JOIN held h ON h.la_code = l.la_code AND h.d = l.d AND h.child_id = l.child_id
      ${latestOnOrBefore("SELECT la_code, clav_person_id AS child_id, clav_cla_visit_date AS on_date FROM ssd_cla_visits", "v")}),
    k AS (SELECT j.*, ${visitDueSql(options.claVisitStandard, "j.last_visit", "j.ps")} AS due FROM j)
    SELECT la_code, child_id, period_id AS event_id, d AS snapshot_date,
      due >= d AS in_numerator, true AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN due < d THEN 'visit overdue at D (due by ' || ${fmt("due")} || ')' END AS reason,
      coalesce('placement ' || placement_id || ' from ' || ${fmt("ps")},
          'placement ' || held_id || ' from ' || ${fmt("ps")} || ' (temporary placement ' || temp_id || ' at D does not restart the clock)',
          'no current placement; entered care ' || ${fmt("ps")})
        || coalesce(', last visit ' || ${day("last_visit")}, ', no visit since') || ', next due ' || ${fmt("due")} AS detail,
      due AS due_date, ${placementDims("k")}
    FROM k`,
  dueDate: true,
});

/**
 * LEFT JOIN, under `alias`, of the child's latest `on_date` on or before l.d from `dates` (a
 * query giving la_code, child_id, on_date): each date is valid until the child's next one,
 * so the lookup is an equi-join with a range, not a correlated subquery per row. (Not ASOF:
 * DuckDB plans an ASOF join over a table made in the same transaction as a nested loop.)
 */
function latestOnOrBefore(dates: string, alias: string): string {
  return `LEFT JOIN (
      SELECT la_code, child_id, on_date, lead(on_date) OVER (PARTITION BY la_code, child_id ORDER BY on_date) AS next_date
      FROM (SELECT DISTINCT la_code, child_id, on_date FROM (${dates}) WHERE on_date IS NOT NULL)) ${alias}
    ON ${alias}.la_code = l.la_code AND ${alias}.child_id = l.child_id
      AND l.d >= ${alias}.on_date AND l.d < coalesce(${alias}.next_date, ${OPEN_END})`;
}

/** `date` when it is on or after `from`, else NULL: the latest date on or before D that is also in [from, D]. */
function sinceOrNull(date: string, from: string): string {
  return `CASE WHEN ${date} >= ${from} THEN ${date} END`;
}

/** Rows for a "looked after 12+ months with a health check in the window" indicator. */
function healthRows(types: readonly string[], under5SixMonths: boolean, what: string): string {
  const window = under5SixMonths
    ? `CASE WHEN ${ageAt("l.dob", "l.d")} < 5 THEN ${addMonthsSql("l.d", -6)} ELSE ${addMonthsSql("l.d", -12)} END`
    : addMonthsSql("l.d", -12);
  return `
    WITH ${LAC},
    j AS (
      SELECT l.*, ${ageAt("l.dob", "l.d")} AS age, ${window} AS window_start,
        ${sinceOrNull("h.on_date", addMonthsSql("l.d", -12))} AS last_check, h.on_date AS last_ever
      FROM lac l
      ${latestOnOrBefore(`SELECT la_code, clah_person_id AS child_id, clah_health_check_date AS on_date FROM ssd_cla_health WHERE upper(clah_health_check_type) IN ${sqlList(types)}`, "h")}),
    k AS (
      SELECT j.*, CASE
          WHEN entered > ${addMonthsSql("d", -12)} THEN 'looked after for less than 12 months (entered care ' || ${fmt("entered")} || ')'
          ${under5SixMonths ? "WHEN age IS NULL THEN 'date of birth not recorded: cannot tell whether the 6-month window (under 5) applies'" : ""}
        END AS excluded,
        coalesce(last_check >= window_start, false) AS done
      FROM j)
    SELECT la_code, child_id, period_id AS event_id, d AS snapshot_date,
      excluded IS NULL AND done AS in_numerator, excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      coalesce(excluded, CASE WHEN NOT done THEN 'no ${what} on or after ' || ${fmt("window_start")}
        || coalesce(' (last ' || ${day("last_ever")} || ')', ' (none recorded)') END) AS reason,
      'entered care ' || ${fmt("entered")} || ', age ' || coalesce(age::VARCHAR, '?')
        || ', window from ' || ${fmt("window_start")} || coalesce(', last ${what} ' || ${day("last_ever")}, '') AS detail,
      ${
        under5SixMonths
          ? `CASE WHEN age IS NULL THEN NULL WHEN age < 5 THEN ${addMonthsSql("last_ever", 6)} ELSE ${addMonthsSql("last_ever", 12)} END`
          : addMonthsSql("last_ever", 12)
      } AS due_date
    FROM k`;
}

export const claHealthAssessmentPct = defineIndicator({
  id: "cla_health_assessment_pct",
  title: "% children looked after 12+ months with an up-to-date health assessment",
  area: AREA,
  definition:
    "Of children in cla_open at D who entered their current period of care on or before D − 12 months, those with a health assessment (initial or review) dated in [D − 12 months, D], or [D − 6 months, D] for children under 5 at D. Children with no date of birth are excluded (the window depends on age).",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [claAt],
  rows: () => healthRows(["HA_INITIAL", "HA_REVIEW"], true, "health assessment"),
  dueDate: true,
});

export const claDentalCheckPct = defineIndicator({
  id: "cla_dental_check_pct",
  title: "% children looked after 12+ months with a dental check",
  area: AREA,
  definition:
    "Of children in cla_open at D who entered their current period of care on or before D − 12 months, those with a dental check dated in [D − 12 months, D].",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [claAt],
  rows: () => healthRows(["DENTAL"], false, "dental check"),
  dueDate: true,
});

export const claPlaced20MilesPct = defineIndicator({
  id: "cla_placed_20_miles_pct",
  title: "% children looked after placed more than 20 miles from home",
  area: AREA,
  definition:
    "Of children in cla_open at D with a current placement (the latest non-temporary placement open at D) of known distance, those whose distance is over 20 miles. Unknown (or negative) distance and no current placement are excluded from both.",
  polarity: "low",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [claPlaced],
  dimensions: [...PLACEMENT_DIMENSIONS, "distance_band"],
  rows: () => `
    WITH j AS (
      SELECT l.*,
        CASE
          WHEN l.bad_reason IS NOT NULL THEN l.bad_reason
          WHEN l.placement_id IS NULL THEN 'no current (non-temporary) placement at D'
          WHEN l.distance IS NULL OR l.distance < 0 THEN 'placement distance not known'
        END AS excluded
      FROM _rel_cla_placed l)
    SELECT la_code, child_id, period_id AS event_id, d AS snapshot_date,
      excluded IS NULL AND distance > 20 AS in_numerator, excluded IS NULL AS in_denominator,
      NULL::DOUBLE AS value,
      coalesce(excluded, CASE WHEN distance <= 20 THEN 'placed ' || distance || ' miles from home (20 or less)' END) AS reason,
      coalesce('placement ' || placement_id || ' ' || coalesce(pl_type, '?') || ' from ' || ${fmt("pl_start")}
        || ', ' || coalesce(distance::VARCHAR || ' miles', 'distance unknown'), 'no current placement') AS detail,
      ${placementDims("j")}, ${distanceBand("distance")} AS dim_distance_band
    FROM j`,
});

/** Children looked after indicators in report order. */
export const LOOKED_AFTER = [
  claOpen,
  claRate10k,
  claUascOpen,
  claStarts,
  claCeased,
  claCeasedPermanencePct,
  cla3plusPlacementsPct,
  claLongTermStabilityPct,
  claReviewsOnTimePct,
  claVisitsOnTimePct,
  claHealthAssessmentPct,
  claDentalCheckPct,
  claPlaced20MilesPct,
];
