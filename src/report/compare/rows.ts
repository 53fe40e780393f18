/**
 * The regional comparison as flat rows, one a council and indicator: what
 * `compare --format csv` writes and the workbook's Councils sheet holds.
 *
 * Why one row shape: CSV and XLSX are read by the same analysts into the
 * same tools, so their columns are the same, named once here.
 */
import type { RegionComparison } from "../../app/compare.ts";
import { PERIOD_TYPE_LABELS, type PeriodType } from "../../calendar/periods.ts";
import type { CouncilPlace, IndicatorComparison } from "../../compare/compare.ts";
import { tidyNumber } from "../tableFormats.ts";

/** The columns, in order. */
export const COMPARE_COLUMNS = [
  "indicator",
  "title",
  "period_type",
  "period_end",
  "better",
  "la_code",
  "council",
  "value",
  "numerator",
  "denominator",
  "rank",
  "unranked",
  "quartile_band",
  "region_councils",
  "region_with_figure",
  "region_mean",
  "region_median",
  "region_q1",
  "region_q3",
  "sn_present",
  "sn_with_figure",
  "sn_average",
  "published_year",
  "published_value",
  "published_sn_average",
  "published_quartile_band",
  "published_rank",
  "published_councils",
] as const;

/** Which way is better, in words. */
export function betterWords(c: IndicatorComparison): string {
  return c.rankedBy === "high" ? "higher" : c.rankedBy === "low" ? "lower" : "not ranked";
}

/** "rolling 12 months" for rolling12. */
export function periodWords(type: string): string {
  return (PERIOD_TYPE_LABELS[type as PeriodType] ?? type).toLowerCase();
}

/** One row per indicator and council, best first within each indicator. */
export function comparisonRows(
  region: RegionComparison,
): Record<(typeof COMPARE_COLUMNS)[number], unknown>[] {
  return region.indicators.flatMap((c) =>
    c.places.map((p) => ({
      indicator: c.indicator.id,
      title: c.indicator.title,
      period_type: c.periodType,
      period_end: c.periodEnd,
      better: betterWords(c),
      la_code: p.la_code,
      council: p.name,
      value: tidyNumber(p.value),
      numerator: tidyNumber(p.numerator),
      denominator: tidyNumber(p.denominator),
      rank: p.rank,
      unranked: p.unranked,
      quartile_band: p.band,
      region_councils: c.councils,
      region_with_figure: c.withFigure,
      region_mean: tidyNumber(c.mean),
      region_median: tidyNumber(c.median),
      region_q1: tidyNumber(c.q1),
      region_q3: tidyNumber(c.q3),
      sn_present: p.neighbours.listed ? p.neighbours.present.length : null,
      sn_with_figure: p.neighbours.listed ? p.neighbours.withFigure.length : null,
      sn_average: tidyNumber(p.neighbours.average),
      published_year: p.published?.year ?? null,
      published_value: tidyNumber(p.published?.value ?? null),
      published_sn_average: tidyNumber(p.published?.sn_average ?? null),
      published_quartile_band: p.published?.quartile_band ?? null,
      published_rank: p.published?.rank ?? null,
      published_councils: p.published ? p.published.n_councils : null,
    })),
  );
}

/** The rules of the comparison, in words, for the notes of every format. */
export function comparisonNotes(region: RegionComparison): string[] {
  return [
    `Every council with computed figures in this workspace (${region.councils.length}) is compared, for the period ending ${region.periodEnd}: by default the rolling 12 months for flows and the month-end figure for stocks, as the scorecard's quartile band compares them.`,
    "Figures are compared as shown, at the indicator's displayed precision. Rank 1 is the best by the indicator's polarity (higher or lower is better); councils with equal figures share the better rank and the next rank is skipped (1, 2, 2, 4). Information and range measures have no better direction, so no rank or band: they are listed highest first.",
    `A council with no figure for the period${region.publish ? ", or whose figure rests on a count of 1 to 4 (suppressed, as this comparison is published)," : ""} is listed last with no rank or band and is left out of the mean, median, quartiles and every neighbours' average.`,
    "Quartiles are those of DfE's Local Authority Interactive Tool (R's default type-7 quantiles) taken over the workspace's councils with a figure; band A is the best quarter (lower is better: A at or below Q1, B up to the median, C up to Q3, D above; higher is better: A above Q3, B down to the median, C down to Q1, D at or below Q1). The mean and median are of the councils' figures, each council counting once.",
    `Statistical neighbours are DfE's 10 for each council (${region.neighboursFrom}). The neighbours' average is the mean of the figures of those of its neighbours that are councils of this workspace and have a figure; how many of the 10 are present, and how many of those have a figure, is stated beside it. A council DfE lists no neighbours for has none.`,
    "Published figures are DfE's (LAIT, Explore Education Statistics) for the council, of the year ending 31 March that the period falls in if published, else the latest earlier year: the council's figure, its neighbours' average over all 10, its national quartile band and rank among all councils.",
  ];
}

/** One indicator as one council sees it: the report's "how we compare". */
export interface OwnComparisonRow {
  comparison: IndicatorComparison;
  /** The council's place; undefined when it is not among the workspace's councils. */
  place: CouncilPlace | undefined;
  /** Councils ranked first (ties), by name. */
  best: CouncilPlace[];
}

/** Each indicator's comparison from the point of view of `laCode`. */
export function ownComparisonRows(region: RegionComparison, laCode: string): OwnComparisonRow[] {
  return region.indicators.map((c) => ({
    comparison: c,
    place: c.places.find((p) => p.la_code === laCode),
    best: c.places.filter((p) => p.rank === 1),
  }));
}
