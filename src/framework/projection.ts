/**
 * Year-end projection of a flow count or rate (indicators.md: "YTD value ×
 * 12 ÷ months elapsed"), the figure behind the seed reports' "if the
 * current rate is maintained, the year end rate would be …".
 *
 * Why only flows counted or rated: a percentage, a mean or a month-end
 * stock does not accumulate over the year, so multiplying it is
 * meaningless; those get no projection rather than a wrong one.
 */

import type { IsoDate } from "../calendar/dates.ts";
import { financialYearStart } from "../calendar/financialYear.ts";
import type { Indicator } from "../indicators/define.ts";

/** Months of the financial year up to and including the month of `periodEnd` (April = 1, March = 12). */
export function monthsElapsed(periodEnd: IsoDate): number {
  const start = financialYearStart(periodEnd);
  const months =
    (Number(periodEnd.slice(0, 4)) - Number(start.slice(0, 4))) * 12 +
    Number(periodEnd.slice(5, 7)) -
    Number(start.slice(5, 7)) +
    1;
  return months;
}

/** Whether an indicator can be projected to the year end: flow counts and rates per 10,000 only. */
export function isProjectable(indicator: Pick<Indicator, "kind" | "unit">): boolean {
  return indicator.kind === "flow" && (indicator.unit === "count" || indicator.unit === "rate10k");
}

/**
 * The year-end projection of a year-to-date value at `periodEnd` (a month
 * end), or null when the indicator is not projectable or the value is
 * missing ("not yet available" stays not available).
 */
export function projectYearEnd(
  indicator: Pick<Indicator, "kind" | "unit">,
  ytdValue: number | null | undefined,
  periodEnd: IsoDate,
): number | null {
  if (!isProjectable(indicator) || ytdValue === null || ytdValue === undefined) return null;
  return (ytdValue * 12) / monthsElapsed(periodEnd);
}
