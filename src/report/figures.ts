/**
 * Stored figures as the report's building blocks read them: one row of
 * `indicator_values` (indicator × period type × period end, with value,
 * numerator and denominator as compute stored them), and a look-up over
 * a set of them.
 *
 * Why a look-up rather than queries: the narrative, the flows and the
 * charts are pure functions of the figures, so they can be tested with
 * literal rows and can never compute a number a second way.
 */
import type { IsoDate } from "../calendar/dates.ts";
import type { PeriodType } from "../calendar/periods.ts";

/** One stored figure (a row of `indicator_values`). */
export interface StoredFigure {
  indicator: string;
  period_type: PeriodType;
  period_end: IsoDate;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** Finds the stored figure of an indicator for a period type and end; undefined when none was stored. */
export type FigureLookup = (
  indicator: string,
  periodType: PeriodType,
  periodEnd: IsoDate,
) => StoredFigure | undefined;

/** A look-up over `rows`; a second row for the same indicator and period is an error (compute stores one). */
export function figureLookup(rows: readonly StoredFigure[]): FigureLookup {
  const byKey = new Map<string, StoredFigure>();
  for (const r of rows) {
    const key = `${r.indicator}|${r.period_type}|${r.period_end}`;
    if (byKey.has(key))
      throw new Error(`two stored figures for ${r.indicator}, ${r.period_type} ending ${r.period_end}`);
    byKey.set(key, r);
  }
  return (indicator, periodType, periodEnd) => byKey.get(`${indicator}|${periodType}|${periodEnd}`);
}
