/**
 * SQL fragments shared by indicator row queries.
 *
 * Why: working days, ages, "12 months before" and yes/no flags have one
 * correct definition each (indicators.md, "Time and windows"); indicators
 * call these rather than re-deriving them.
 */
import type { RowForm } from "./define.ts";

/** A yes flag: Y (case-insensitive); canonical tables hold Y/N after import. */
export function isYes(column: string): string {
  return `(upper(coalesce(${column}, '')) = 'Y')`;
}

/** Completed years of age at `at` for date of birth `dob`. */
export function ageAt(dob: string, at: string): string {
  return `(year(${at}) - year(${dob}) - CASE WHEN month(${at}) < month(${dob}) OR (month(${at}) = month(${dob}) AND day(${at}) < day(${dob})) THEN 1 ELSE 0 END)`;
}

/** `date` plus n calendar months, clamped to the month's last day (DuckDB clamps month arithmetic). */
export function addMonthsSql(date: string, months: number): string {
  return `CAST(${date} + INTERVAL (${months}) MONTH AS DATE)`;
}

/** LEFT JOIN of the working-day calendar for a date, under `alias`. */
export function calendarJoin(alias: string, date: string): string {
  return `LEFT JOIN cal_days ${alias} ON ${alias}.cal_date = ${date}`;
}

/** WD(a, b) from two calendar joins: working days d with a < d ≤ b; NULL when a date is outside the calendar. */
export function workingDays(fromAlias: string, toAlias: string): string {
  return `(${toAlias}.wd_index - ${fromAlias}.wd_index)`;
}

/** The working day n working days after `date` (WD(date, result) = n); NULL outside the calendar. */
export function workingDayAfter(date: string, n: number): string {
  return `(SELECT _wd_to.cal_date FROM cal_days _wd_from JOIN cal_days _wd_to
    ON _wd_to.wd_index = _wd_from.wd_index + ${n} AND _wd_to.is_working_day WHERE _wd_from.cal_date = ${date})`;
}

/**
 * A text or breakdown column of a row query: `sql` in the "rows" form, NULL in the
 * "figures" form, where only the figure columns are read (see define.ts, RowForm).
 * Never for an expression a row's date, flags or value depend on.
 */
export function forRows(form: RowForm, sql: string): string {
  return form === "rows" ? sql : "NULL";
}

/** A date for a detail string, or '?' when empty. */
export function fmt(date: string): string {
  return `coalesce(strftime(${date}, '%Y-%m-%d'), '?')`;
}

/** The far future: the end of a record that has not ended, so "open at D" is a two-sided range. */
export const OPEN_END = "DATE '9999-12-31'";

/**
 * "Open at `date`": start ≤ date and (end empty or end > date), written as a two-sided
 * range so DuckDB can join month ends to records with a range join rather than a nested loop.
 */
export function openAt(start: string, end: string, date: string): string {
  return `(${date} >= ${start} AND ${date} < coalesce(${end}, ${OPEN_END}))`;
}
