/**
 * Regional comparison (issue 12): every council of a workspace side by
 * side for one indicator and period: ranked, with the region's mean and
 * median, each council's quartile band, and the average of its DfE
 * statistical neighbours among the workspace's own councils, beside the
 * figures DfE published for it.
 *
 * Why pure and built on benchmarks/statistics.ts: a region's comparison and
 * DfE's national one must rank, band and average the same way (LAIT's
 * arithmetic: type-7 quartiles, band A the best quarter, rank 1 + the
 * councils strictly better, neighbours' mean over those with a figure), so
 * the functions are shared, not written twice; this module only chooses
 * which figures they run over.
 *
 * The rules:
 * - a figure is compared as it is shown, at the indicator's displayed
 *   precision (framework/precision.ts), so two councils shown with the same
 *   figure share a rank and band, as on DfE's rounded published figures;
 * - ranks run from 1 = best by polarity (high: highest first; low: lowest
 *   first); ties share the better rank and the next rank skips (1, 2, 2, 4);
 *   information and range measures have no best, so no rank or band (LAIT
 *   shows none): they are listed highest first;
 * - a council with no figure for the period, or whose figure is suppressed
 *   (publishing: it rests on a count of 1 to 4), is listed last with no
 *   rank or band, and is left out of the mean, median, quartiles and every
 *   neighbours' average;
 * - quartiles and the median are taken over the councils with a figure;
 * - a council's neighbours' average is the mean of the figures of those of
 *   its 10 DfE neighbours that are councils of the workspace and have a
 *   figure; how many of the 10 are present, and how many have a figure, is
 *   stated beside it.
 */

import type { QuartileBand } from "../benchmarks/statistics.ts";
import {
  type BenchmarkPolarity,
  neighbourAverage,
  quartileBand,
  quartiles,
  rankAmong,
} from "../benchmarks/statistics.ts";
import { atDisplayedPrecision } from "../framework/precision.ts";
import type { Polarity, Unit } from "../indicators/define.ts";

/** The indicator compared. */
export interface ComparedIndicator {
  id: string;
  title: string;
  unit: Unit;
  decimals: number;
  polarity: Polarity;
}

/** One council's stored figure for the period. */
export interface CouncilFigure {
  la_code: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** True when publishing blanks it (a count of 1 to 4 behind it): treated as no figure. */
  suppressed?: boolean;
}

/** A council of the workspace. */
export interface Council {
  la_code: string;
  name: string;
}

/** DfE's statistical neighbours of a council, closest first. */
export interface NeighbourList {
  la_code: string;
  neighbours: readonly string[];
}

/** What DfE published for a council and this indicator (a bm_stats row of the year chosen). */
export interface PublishedBenchmark {
  /** The DfE year (2025 = 2024-25). */
  year: number;
  value: number | null;
  sn_average: number | null;
  /** Neighbours with a published figure (of 10). */
  sn_count: number;
  england: number | null;
  quartile_band: QuartileBand | null;
  rank: number | null;
  /** Councils ranked nationally. */
  n_councils: number;
}

/** Why a council has no rank. */
export type Unranked = "no figure" | "suppressed" | "no polarity";

/** One council's place in the comparison. */
export interface CouncilPlace {
  la_code: string;
  name: string;
  /** The stored figure (null: none, or suppressed). */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The figure at displayed precision: what is ranked and averaged. */
  shown: number | null;
  /** 1 = best; null: see `unranked`. */
  rank: number | null;
  /** LAIT's band among the workspace's councils: A = best quarter. */
  band: QuartileBand | null;
  /** Set when the council has no rank. */
  unranked: Unranked | null;
  neighbours: {
    /** False when DfE's list has no group for the council (a code DfE does not publish). */
    listed: boolean;
    /** Of its 10 neighbours, those that are councils of the workspace. */
    present: string[];
    /** Of those, the ones with a figure (what the average is over). */
    withFigure: string[];
    average: number | null;
  };
  /** DfE's published figures for the council; null where none are stored. */
  published: PublishedBenchmark | null;
}

/** The comparison of one indicator for one period. */
export interface IndicatorComparison {
  indicator: ComparedIndicator;
  periodType: string;
  periodEnd: string;
  /** Rank direction: `high` or `low` best; `info` = not ranked. */
  rankedBy: BenchmarkPolarity;
  /** Councils of the workspace. */
  councils: number;
  /** Councils with a figure (ranked and averaged). */
  withFigure: number;
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
  /** Best first, then councils with no figure or a suppressed one (by LA code). */
  places: CouncilPlace[];
}

/** Everything one indicator's comparison is built from. */
export interface ComparisonInput {
  indicator: ComparedIndicator;
  periodType: string;
  periodEnd: string;
  /** Every council of the workspace. */
  councils: readonly Council[];
  /** Their figures for the period (a council with none may be left out). */
  figures: readonly CouncilFigure[];
  neighbours: readonly NeighbourList[];
  published?: ReadonlyMap<string, PublishedBenchmark>;
}

/** The polarity ranks and bands follow: high or low; info and range are not ranked. */
export function rankDirection(polarity: Polarity): BenchmarkPolarity {
  return polarity === "high" || polarity === "low" ? polarity : "info";
}

/** Builds one indicator's comparison (pure). */
export function compareCouncils(input: ComparisonInput): IndicatorComparison {
  const { indicator } = input;
  const direction = rankDirection(indicator.polarity);
  const byCode = new Map(input.figures.map((f) => [f.la_code, f]));
  const inWorkspace = new Set(input.councils.map((c) => c.la_code));
  const shownOf = (code: string): number | null => {
    const f = byCode.get(code);
    if (!f || f.suppressed || f.value === null || !Number.isFinite(f.value)) return null;
    return atDisplayedPrecision(f.value, indicator.decimals);
  };
  const shown = new Map(input.councils.map((c) => [c.la_code, shownOf(c.la_code)]));
  const values = [...shown.values()].filter((v): v is number => v !== null);
  const q = quartiles(values);
  const groups = new Map(input.neighbours.map((g) => [g.la_code, g.neighbours]));

  const places = input.councils.map((c): CouncilPlace => {
    const f = byCode.get(c.la_code);
    const suppressed = f?.suppressed === true && f.value !== null;
    const v = shown.get(c.la_code) ?? null;
    const group = groups.get(c.la_code);
    const present = (group ?? []).filter((n) => inWorkspace.has(n) && n !== c.la_code);
    const withFigure = present.filter((n) => shown.get(n) !== null);
    return {
      la_code: c.la_code,
      name: c.name,
      value: suppressed ? null : (f?.value ?? null),
      numerator: suppressed ? null : (f?.numerator ?? null),
      denominator: suppressed ? null : (f?.denominator ?? null),
      shown: v,
      rank: rankAmong(v, values, direction),
      band: quartileBand(v, q, direction),
      unranked: suppressed
        ? "suppressed"
        : v === null
          ? "no figure"
          : direction === "info"
            ? "no polarity"
            : null,
      neighbours: {
        listed: group !== undefined,
        present,
        withFigure,
        average: neighbourAverage(withFigure.map((n) => shown.get(n) ?? null)),
      },
      published: input.published?.get(c.la_code) ?? null,
    };
  });
  places.sort((a, b) => {
    if ((a.shown === null) !== (b.shown === null)) return a.shown === null ? 1 : -1;
    if (a.shown !== null && b.shown !== null && a.shown !== b.shown)
      return direction === "low" ? a.shown - b.shown : b.shown - a.shown;
    return a.la_code < b.la_code ? -1 : a.la_code > b.la_code ? 1 : 0;
  });
  return {
    indicator,
    periodType: input.periodType,
    periodEnd: input.periodEnd,
    rankedBy: direction,
    councils: input.councils.length,
    withFigure: values.length,
    mean: values.length ? values.reduce((s, x) => s + x, 0) / values.length : null,
    median: q?.median ?? null,
    q1: q?.q1 ?? null,
    q3: q?.q3 ?? null,
    min: q?.min ?? null,
    max: q?.max ?? null,
    places,
  };
}
