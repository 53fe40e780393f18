/**
 * Direction of travel: is this period better or worse than the one it is
 * compared with?
 *
 * Why: the seed reports show an arrow per figure ("DOT (Month on Month)").
 * Whether up is good depends on polarity, so the arrow is stated as
 * improving or declining; measures with no good direction (information,
 * within a range) say only higher or lower. A change too small to see at
 * the displayed precision is "no change" (86.0% → 86.0% must not show an
 * arrow), and a council may widen that with a threshold in the value's unit.
 */
import { z } from "zod";
import { addMonths, type IsoDate, monthEnd, monthStart } from "../calendar/dates.ts";
import type { PeriodType } from "../calendar/periods.ts";
import type { Polarity } from "../indicators/define.ts";
import { atDisplayedPrecision, isPresent, lessOrEqual } from "./precision.ts";

/** A direction of travel; "new" when there is nothing to compare with. */
export type Direction = "improving" | "declining" | "no change" | "new" | "higher" | "lower";

/** What a period is compared with: the previous period of the same type, or the same period a year earlier. */
export const COMPARISON_BASES = ["previous", "same period last year"] as const;
export type ComparisonBasis = (typeof COMPARISON_BASES)[number];

/** Direction-of-travel settings as a council writes them. */
export const DirectionSettingsSchema = z
  .object({
    basis: z.enum(COMPARISON_BASES).default("previous"),
    /** Largest change (in the value's unit, at displayed precision) still called "no change"; default 0. */
    noChangeWithin: z.number().min(0, "a no-change threshold is not negative").default(0),
  })
  .strict();
export type DirectionSettings = z.infer<typeof DirectionSettingsSchema>;

/** Options for one comparison. */
export interface DirectionOptions {
  /** The indicator's displayed precision: both values are rounded to it before comparing. */
  decimals?: number;
  /** Largest absolute change that counts as "no change" (inclusive); default 0. */
  noChangeWithin?: number;
}

/**
 * The direction from `previous` to `current`. Null when the current value
 * is missing (blank, like its RAG); "new" when the previous one is. The
 * change is taken between the displayed values, so with the default
 * threshold of 0 a change invisible on the page is "no change"; with a
 * threshold t, |change| ≤ t is "no change".
 */
export function direction(
  current: number | null | undefined,
  previous: number | null | undefined,
  polarity: Polarity,
  options: DirectionOptions = {},
): Direction | null {
  if (!isPresent(current)) return null;
  if (!isPresent(previous)) return "new";
  const change =
    atDisplayedPrecision(current, options.decimals) - atDisplayedPrecision(previous, options.decimals);
  if (lessOrEqual(Math.abs(change), options.noChangeWithin ?? 0)) return "no change";
  const up = change > 0;
  switch (polarity) {
    case "high":
      return up ? "improving" : "declining";
    case "low":
      return up ? "declining" : "improving";
    case "info":
    case "range":
      return up ? "higher" : "lower";
  }
}

/** Months back to the previous period of each type: month on month, except quarters and years. */
const PREVIOUS_STEP: Record<PeriodType, number> = {
  month: 1,
  quarter: 3,
  ytd: 1,
  rolling12: 1,
  year: 12,
};

/**
 * The end of the period a period of `type` ending on month end `periodEnd`
 * is compared with (a period of the same type). "previous": a month
 * earlier for month, year to date and rolling 12 months (month on month,
 * as the seeds' "DOT (Month on Month)"), three months earlier for a
 * quarter (the same point in the previous quarter; at a quarter end, the
 * previous whole quarter) and a year earlier for a financial year.
 * "same period last year": twelve months earlier for every type.
 */
export function comparisonPeriodEnd(type: PeriodType, periodEnd: IsoDate, basis: ComparisonBasis): IsoDate {
  const months = basis === "same period last year" ? 12 : PREVIOUS_STEP[type];
  return monthEnd(addMonths(monthStart(periodEnd), -months));
}
