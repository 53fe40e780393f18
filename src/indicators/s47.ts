/**
 * Strategy discussions, S47 enquiries and conferences (indicators.md,
 * "Strategy discussions, S47 enquiries and conferences").
 *
 * Why: the SSD has no strategy discussion table, so a council that does not
 * supply the extension table is counted from its S47 start dates (the SSD's
 * "strategy discussion initiating" the enquiry), and each row says which
 * source it came from. ICPC timeliness runs from the S47 start in working
 * days; transfer-ins and ICPCs with no S47 are not timed, and an ICPC dated
 * before its S47 began is listed as a validation issue, never counted.
 */
import { defineIndicator, ratePer10k } from "./define.ts";
import { calendarJoin, fmt, forRows, isYes, workingDayAfter, workingDays } from "./sql.ts";

const AREA = "Strategy discussions, S47 enquiries and conferences" as const;

/** Working days from the strategy discussion (S47 start) within which the ICPC should be held. */
const ICPC_TIMESCALE_WD = 15;

/** S47 enquiries with a start date and their validation issue (NULL when their dates agree). */
const S47 = `
  SELECT la_code, s47e_person_id AS child_id, s47e_s47_enquiry_id AS event_id,
    s47e_s47_start_date AS s47_start, s47e_s47_end_date AS s47_end,
    nullif(regexp_replace(coalesce(s47e_s47_outcome_json, ''), '[\\[\\]" ]', '', 'g'), '') AS outcome,
    CASE WHEN s47e_s47_end_date < s47e_s47_start_date THEN 'validation issue: S47 ended '
      || ${fmt("s47e_s47_end_date")} || ' before it started ' || ${fmt("s47e_s47_start_date")} END AS invalid
  FROM ssd_s47_enquiry WHERE s47e_s47_start_date IS NOT NULL`;

const S47_DETAIL = `'S47 started ' || ${fmt("s47_start")}
  || CASE WHEN s47_end IS NULL THEN ', open' ELSE ', ended ' || ${fmt("s47_end")} END`;

export const strategyDiscussions = defineIndicator({
  id: "strategy_discussions",
  title: "Strategy discussions",
  area: AREA,
  definition:
    "Strategy discussions dated in the period (extension table; where a council has none, those that initiated an S47).",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  rows: () => `
    SELECT la_code, strd_person_id AS child_id, strd_strategy_discussion_id AS event_id,
      strd_strategy_discussion_date AS event_date, true AS in_numerator, true AS in_denominator,
      NULL::DOUBLE AS value, NULL AS reason,
      'strategy discussion ' || ${fmt("strd_strategy_discussion_date")} || ', outcome ' || coalesce(strd_outcome, '?')
        || ' (source: strategy discussions table)' AS detail
    FROM ssdx_strategy_discussions WHERE strd_strategy_discussion_date IS NOT NULL
    UNION ALL
    SELECT la_code, child_id, event_id, s47_start AS event_date,
      invalid IS NULL AS in_numerator, invalid IS NULL AS in_denominator, NULL::DOUBLE AS value,
      invalid AS reason,
      ${S47_DETAIL} || ' (source: S47 start date, as the council supplied no strategy discussions)' AS detail
    FROM (${S47}) s
    WHERE NOT EXISTS (SELECT 1 FROM ssdx_strategy_discussions d WHERE d.la_code = s.la_code)`,
});

const S47_ROWS = `
    SELECT la_code, child_id, event_id, s47_start AS event_date,
      invalid IS NULL AS in_numerator, invalid IS NULL AS in_denominator, NULL::DOUBLE AS value,
      invalid AS reason, ${S47_DETAIL} AS detail, outcome AS dim_outcome
    FROM (${S47})`;

export const s47Enquiries = defineIndicator({
  id: "s47_enquiries",
  title: "Section 47 enquiries started",
  area: AREA,
  definition: "S47 enquiries with start date in the period.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  dimensions: ["outcome"],
  rows: () => S47_ROWS,
});

export const s47Rate10k = ratePer10k(s47Enquiries, {
  id: "s47_rate_10k",
  title: "S47 enquiries per 10,000 children",
  definition: "S47 enquiries started in the period ÷ 0–17 population × 10,000.",
});

export const s47ToIcpcPct = defineIndicator({
  id: "s47_to_icpc_pct",
  title: "% S47 enquiries leading to an ICPC",
  area: AREA,
  definition: "Of S47s started in the period, those linked to an ICPC.",
  polarity: "info",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  rows: () => `
    WITH held AS (
      SELECT la_code, icpc_s47_enquiry_id, min(icpc_icpc_date) AS first_icpc
      FROM ssd_initial_cp_conference
      WHERE icpc_s47_enquiry_id IS NOT NULL AND icpc_icpc_date IS NOT NULL GROUP BY ALL)
    SELECT s.la_code, s.child_id, s.event_id, s.s47_start AS event_date,
      s.invalid IS NULL AND held.first_icpc IS NOT NULL AS in_numerator, s.invalid IS NULL AS in_denominator,
      NULL::DOUBLE AS value,
      coalesce(s.invalid, CASE WHEN held.first_icpc IS NULL THEN 'no ICPC held linked to this S47' END) AS reason,
      ${S47_DETAIL} || coalesce(', ICPC ' || ${fmt("held.first_icpc")}, '') AS detail
    FROM (${S47}) s
    LEFT JOIN held ON held.la_code = s.la_code AND held.icpc_s47_enquiry_id = s.event_id`,
});

/** ICPCs held (with a date), each with its linked S47 where one exists. */
const ICPC = `
  WITH s47 AS (
    SELECT la_code, s47e_s47_enquiry_id AS s47_id, min(s47e_s47_start_date) AS s47_start,
      max(s47e_s47_end_date) AS s47_end
    FROM ssd_s47_enquiry WHERE s47e_s47_enquiry_id IS NOT NULL GROUP BY ALL)
  SELECT c.la_code, c.icpc_person_id AS child_id, c.icpc_icpc_id AS event_id, c.icpc_icpc_date AS icpc_date,
    c.icpc_icpc_transfer_in AS transfer_in, c.icpc_s47_enquiry_id AS linked_s47_id,
    c.icpc_icpc_outcome_cp_flag AS cp_flag, s47.s47_id, s47.s47_start, s47.s47_end
  FROM ssd_initial_cp_conference c
  LEFT JOIN s47 ON s47.la_code = c.la_code AND s47.s47_id = c.icpc_s47_enquiry_id
  WHERE c.icpc_icpc_date IS NOT NULL`;

export const icpc15wdPct = defineIndicator({
  id: "icpc_15wd_pct",
  title: "% ICPCs within 15 working days of the strategy discussion",
  area: AREA,
  definition:
    "Of ICPCs held in the period (not transfer-ins, linked to an S47), those with WD(S47 start, ICPC date) ≤ 15; an ICPC dated before its S47 start is a validation issue.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  reference: "LAIT 218",
  dueDate: true,
  rows: (_options, form) => `
    WITH t AS (
      SELECT i.*, ${workingDays("cs", "ci")} AS wd,
        CASE
          WHEN ${isYes("i.transfer_in")} THEN 'transfer-in ICPC: not timed'
          WHEN i.linked_s47_id IS NULL THEN 'not linked to an S47 enquiry'
          WHEN i.s47_id IS NULL THEN 'linked S47 ' || i.linked_s47_id || ' not found'
          WHEN i.s47_start IS NULL THEN 'linked S47 has no start date'
          WHEN i.s47_end < i.s47_start THEN 'validation issue: linked S47 ended ' || ${fmt("i.s47_end")}
            || ' before it started ' || ${fmt("i.s47_start")}
          WHEN i.icpc_date < i.s47_start THEN 'validation issue: ICPC dated ' || ${fmt("i.icpc_date")}
            || ' before its S47 started ' || ${fmt("i.s47_start")}
          WHEN ${workingDays("cs", "ci")} IS NULL THEN 'a date is outside the working-day calendar'
        END AS excluded
      FROM (${ICPC}) i ${calendarJoin("cs", "i.s47_start")} ${calendarJoin("ci", "i.icpc_date")})
    SELECT la_code, child_id, event_id, icpc_date AS event_date,
      excluded IS NULL AND wd <= ${ICPC_TIMESCALE_WD} AS in_numerator, excluded IS NULL AS in_denominator,
      NULL::DOUBLE AS value,
      coalesce(excluded, CASE WHEN wd > ${ICPC_TIMESCALE_WD}
        THEN 'held ' || wd || ' working days after the S47 started (over ${ICPC_TIMESCALE_WD})' END) AS reason,
      'ICPC ' || ${fmt("icpc_date")} || coalesce(', S47 ' || linked_s47_id, '')
        || CASE WHEN s47_start IS NULL THEN '' ELSE ' started ' || ${fmt("s47_start")} END
        || CASE WHEN ${isYes("transfer_in")} THEN ', transfer-in' ELSE '' END
        || CASE WHEN excluded IS NULL THEN ': ' || wd || ' working days' ELSE '' END AS detail,
      ${forRows(form, workingDayAfter("s47_start", ICPC_TIMESCALE_WD))} AS due_date
    FROM t`,
});

export const icpcChildren = defineIndicator({
  id: "icpc_children",
  title: "Children subject to an ICPC",
  area: AREA,
  definition: "Distinct children with an ICPC in the period.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  countDistinctChildren: true,
  rows: () => `
    SELECT la_code, child_id, event_id, icpc_date AS event_date, true AS in_numerator, true AS in_denominator,
      NULL::DOUBLE AS value, NULL AS reason,
      'ICPC ' || ${fmt("icpc_date")} || CASE WHEN ${isYes("transfer_in")} THEN ', transfer-in' ELSE '' END AS detail
    FROM (${ICPC})`,
});

export const icpcToCppPct = defineIndicator({
  id: "icpc_to_cpp_pct",
  title: "% ICPCs resulting in a CP plan",
  area: AREA,
  definition: 'Of ICPCs in the period, those with outcome "CP plan".',
  polarity: "info",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  rows: () => `
    SELECT la_code, child_id, event_id, icpc_date AS event_date, ${isYes("cp_flag")} AS in_numerator,
      true AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN NOT ${isYes("cp_flag")} THEN 'outcome was not a CP plan' END AS reason,
      'ICPC ' || ${fmt("icpc_date")} || ', CP plan ' || coalesce(cp_flag, '?')
        || CASE WHEN ${isYes("transfer_in")} THEN ', transfer-in' ELSE '' END AS detail
    FROM (${ICPC})`,
});

/** Strategy discussions, S47 enquiries and conferences indicators in report order. */
export const S47_AND_CONFERENCES = [
  strategyDiscussions,
  s47Enquiries,
  s47Rate10k,
  s47ToIcpcPct,
  icpc15wdPct,
  icpcChildren,
  icpcToCppPct,
];
