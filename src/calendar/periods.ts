/**
 * Reporting periods: the one place where time windows are defined.
 *
 * Every indicator is evaluated for the same period types (indicators.md),
 * each ending on a month end: the month; the financial quarter to date; the
 * financial year to date; the rolling 12 months; and the whole financial
 * year once complete. The engine applies these windows to every indicator;
 * no indicator defines its own.
 */
import { addDays, addMonths, type IsoDate, monthEnd, monthStart } from "./dates.ts";
import { financialQuarterStart, financialYearStart } from "./financialYear.ts";

/** The period types every indicator is evaluated for. */
export const PERIOD_TYPES = ["month", "quarter", "ytd", "rolling12", "year"] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

/** Plain-English names, as the seed reports label their columns. */
export const PERIOD_TYPE_LABELS: Record<PeriodType, string> = {
  month: "In month",
  quarter: "Quarter to date",
  ytd: "Year to date",
  rolling12: "Rolling 12 months",
  year: "Financial year",
};

/** A reporting window, both ends inclusive. */
export interface Period {
  type: PeriodType;
  start: IsoDate;
  end: IsoDate;
}

/** True when `value` names a period type. */
export function isPeriodType(value: string): value is PeriodType {
  return (PERIOD_TYPES as readonly string[]).includes(value);
}

/** The windows that end on month end `end` (a year only when `end` is 31 March). */
export function periodsEndingOn(end: IsoDate): Period[] {
  if (monthEnd(end) !== end) throw new RangeError(`periods end on a month end; ${end} is not one`);
  const periods: Period[] = [
    { type: "month", start: monthStart(end), end },
    { type: "quarter", start: financialQuarterStart(end), end },
    { type: "ytd", start: financialYearStart(end), end },
    { type: "rolling12", start: addMonths(monthStart(end), -11), end },
  ];
  if (end.slice(5) === "03-31") periods.push({ type: "year", start: financialYearStart(end), end });
  return periods;
}

/** Month ends from the month containing `from` to the last month end on or before `to`. */
export function monthEndsBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const ends: IsoDate[] = [];
  for (let end = monthEnd(from); end <= to; end = monthEnd(addMonths(monthStart(end), 1))) ends.push(end);
  return ends;
}

/**
 * Every period the data can answer for: windows ending on each month end
 * from `coverageFrom` to `coverageTo` that lie wholly inside the coverage
 * (a rolling 12 months needs 12 months of data; a year-to-date needs the
 * data to start by 1 April), so a partial window is never shown as a full one.
 */
export function reportingPeriods(coverageFrom: IsoDate, coverageTo: IsoDate): Period[] {
  return monthEndsBetween(coverageFrom, coverageTo)
    .flatMap(periodsEndingOn)
    .filter((p) => p.start >= coverageFrom);
}

/** The month end of the latest complete month on or before `date`. */
export function latestMonthEndOnOrBefore(date: IsoDate): IsoDate {
  const end = monthEnd(date);
  return end === date ? end : addDays(monthStart(date), -1);
}
