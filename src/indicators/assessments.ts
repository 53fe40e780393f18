/**
 * Assessments (indicators.md, "Assessments").
 *
 * Why: timeliness is counted in working days from the shared calendar
 * (sql.ts), so bank holidays, one-off days included, never count as working
 * time. An assessment authorised before it started is a validation issue:
 * it is listed, with its dates, and kept out of every assessment figure
 * rather than counted as taking 0 or negative days.
 */
import { defineIndicator, type IndicatorOptions } from "./define.ts";
import { calendarJoin, fmt, forRows, isYes, workingDayAfter, workingDays } from "./sql.ts";

const AREA = "Assessments" as const;

/** Working days within which an assessment should be authorised (Working Together; CIN census). */
const TIMESCALE_WD = 45;

/** The validation reason for an assessment authorised before it started, or NULL. */
function authorisedBeforeStart(start: string, auth: string): string {
  return `CASE WHEN ${auth} < ${start} THEN 'validation issue: authorised ' || ${fmt(auth)}
    || ' before it started ' || ${fmt(start)} END`;
}

const ASSESSMENT_COLUMNS = `la_code, cina_person_id AS child_id, cina_assessment_id AS event_id,
  cina_assessment_start_date AS start_date, cina_assessment_auth_date AS auth_date,
  cina_assessment_outcome_nfa AS nfa, cina_referral_id AS referral_id,
  nullif(regexp_replace(coalesce(cina_assessment_outcome_json, ''), '[\\[\\]" ]', '', 'g'), '') AS outcome`;

/** Authorised assessments with their validation issue (NULL when their dates agree). */
const AUTHORISED = `
  SELECT *, ${authorisedBeforeStart("start_date", "auth_date")} AS invalid
  FROM (SELECT ${ASSESSMENT_COLUMNS} FROM ssd_cin_assessments WHERE cina_assessment_auth_date IS NOT NULL)`;

export const assessmentsCompleted = defineIndicator({
  id: "assessments_completed",
  title: "Assessments completed",
  area: AREA,
  definition: "Assessments with authorisation date in the period.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  dimensions: ["outcome"],
  rows: () => `
    SELECT la_code, child_id, event_id, auth_date AS event_date,
      invalid IS NULL AS in_numerator, invalid IS NULL AS in_denominator, NULL::DOUBLE AS value,
      invalid AS reason,
      'started ' || ${fmt("start_date")} || ', authorised ' || ${fmt("auth_date")} AS detail,
      outcome AS dim_outcome
    FROM (${AUTHORISED})`,
});

/** The rows of assessments_45wd_pct for a clock start (assessment start or linked referral date). */
function timelinessRows(options: IndicatorOptions): string {
  const fromReferral = options.assessmentClockStartsAt === "referral";
  const clock = fromReferral ? "referral_date" : "start_date";
  const noClock = fromReferral
    ? "'no referral date: the assessment is not linked to a referral with a date (referral id ' || coalesce(referral_id, 'empty') || ')'"
    : "'no start date recorded'";
  const clockLabel = fromReferral ? "from the referral" : "from the start";
  return `
    WITH ref AS (
      SELECT la_code, cine_referral_id, min(cine_referral_date) AS referral_date
      FROM ssd_cin_episodes WHERE cine_referral_id IS NOT NULL GROUP BY ALL),
    a AS (
      SELECT a.*, ref.referral_date, ${clock} AS clock_date
      FROM (${AUTHORISED}) a
      LEFT JOIN ref ON ref.la_code = a.la_code AND ref.cine_referral_id = a.referral_id),
    t AS (
      SELECT a.*, ${workingDays("cs", "ca")} AS wd,
        CASE
          WHEN a.invalid IS NOT NULL THEN a.invalid
          WHEN a.clock_date IS NULL THEN ${noClock}
          WHEN a.auth_date < a.clock_date THEN 'validation issue: authorised ' || ${fmt("a.auth_date")}
            || ' before the referral date ' || ${fmt("a.clock_date")}
          WHEN ${workingDays("cs", "ca")} IS NULL THEN 'a date is outside the working-day calendar'
        END AS excluded
      FROM a ${calendarJoin("cs", "a.clock_date")} ${calendarJoin("ca", "a.auth_date")})
    SELECT la_code, child_id, event_id, auth_date AS event_date,
      excluded IS NULL AND wd <= ${TIMESCALE_WD} AS in_numerator, excluded IS NULL AS in_denominator,
      NULL::DOUBLE AS value,
      coalesce(excluded, CASE WHEN wd > ${TIMESCALE_WD} THEN 'took ' || wd || ' working days (over ${TIMESCALE_WD})' END) AS reason,
      ${fromReferral ? `'referral ' || ${fmt("referral_date")} || ', ' ||` : ""}
        'started ' || ${fmt("start_date")} || ', authorised ' || ${fmt("auth_date")}
        || coalesce(': ' || wd || ' working days ${clockLabel}', '') AS detail,
      outcome AS dim_outcome
    FROM t`;
}

export const assessments45wdPct = defineIndicator({
  id: "assessments_45wd_pct",
  title: "% assessments completed within 45 working days",
  area: AREA,
  definition:
    "Of assessments authorised in the period, those with WD(start, authorisation) ≤ 45. Option: measure from the referral date instead of the assessment start (Working Together's wording); default is the assessment start, as in the CIN census.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  reference: "DfE CIN census; Working Together to Safeguard Children",
  dimensions: ["outcome"],
  rows: timelinessRows,
});

export const assessmentsOpenOver45wd = defineIndicator({
  id: "assessments_open_over_45wd",
  title: "Open assessments already past 45 working days",
  area: AREA,
  definition: "Assessments started on or before D, not authorised by D, with WD(start, D) > 45.",
  polarity: "low",
  unit: "count",
  decimals: 0,
  kind: "stock",
  // An assessment authorised before it started is never open; it is listed (excluded) at the
  // month end of its start date, the first snapshot that would otherwise have counted it.
  dueDate: true,
  rows: (_options, form) => `
    WITH a AS (
      SELECT *, ${authorisedBeforeStart("start_date", "auth_date")} AS invalid
      FROM (SELECT ${ASSESSMENT_COLUMNS} FROM ssd_cin_assessments WHERE cina_assessment_start_date IS NOT NULL)),
    o AS (
      SELECT a.*, s.snapshot_date, ${workingDays("cs", "cd")} AS wd
      FROM a JOIN _snapshots s ON s.la_code = a.la_code AND a.start_date <= s.snapshot_date
      ${calendarJoin("cs", "a.start_date")} ${calendarJoin("cd", "s.snapshot_date")}
      WHERE (a.invalid IS NULL AND (a.auth_date IS NULL OR a.auth_date > s.snapshot_date))
        OR (a.invalid IS NOT NULL AND s.snapshot_date = last_day(a.start_date)))
    SELECT la_code, child_id, event_id, snapshot_date,
      invalid IS NULL AND wd > ${TIMESCALE_WD} AS in_numerator,
      invalid IS NULL AND wd IS NOT NULL AS in_denominator, NULL::DOUBLE AS value,
      CASE
        WHEN invalid IS NOT NULL THEN invalid
        WHEN wd IS NULL THEN 'a date is outside the working-day calendar'
        WHEN wd <= ${TIMESCALE_WD} THEN 'open ' || wd || ' working days (not over ${TIMESCALE_WD})'
      END AS reason,
      'started ' || ${fmt("start_date")}
        || CASE WHEN auth_date IS NULL THEN ', not authorised' ELSE ', authorised ' || ${fmt("auth_date")} END
        || coalesce(': open ' || wd || ' working days at ' || ${fmt("snapshot_date")}, '') AS detail,
      ${forRows(form, workingDayAfter("start_date", TIMESCALE_WD))} AS due_date
    FROM o`,
});

export const assessmentsNfaPct = defineIndicator({
  id: "assessments_nfa_pct",
  title: "% completed assessments with no further action",
  area: AREA,
  definition: "Of assessments authorised in the period, those whose outcome is NFA.",
  polarity: "info",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  dimensions: ["outcome"],
  rows: () => `
    SELECT la_code, child_id, event_id, auth_date AS event_date,
      invalid IS NULL AND ${isYes("nfa")} AS in_numerator, invalid IS NULL AS in_denominator,
      NULL::DOUBLE AS value,
      coalesce(invalid, CASE WHEN NOT ${isYes("nfa")} THEN 'outcome not flagged NFA' END) AS reason,
      'started ' || ${fmt("start_date")} || ', authorised ' || ${fmt("auth_date")}
        || ', NFA ' || coalesce(nfa, '?') AS detail, outcome AS dim_outcome
    FROM (${AUTHORISED})`,
});

/** Assessments indicators in report order. */
export const ASSESSMENTS = [
  assessmentsCompleted,
  assessments45wdPct,
  assessmentsOpenOver45wd,
  assessmentsNfaPct,
];
