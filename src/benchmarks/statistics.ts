/**
 * Benchmark statistics for a council, an indicator and a year: its
 * statistical neighbours' average and best, England, its region, the
 * national quartiles, its quartile band and its rank.
 *
 * Why LAIT's arithmetic: councils quote LAIT's figures, so a scorecard that
 * disagreed with LAIT in the first decimal would not be believed. LAIT
 * (dfe-analytical-services/local-authority-interactive-tool, R/fn_analysis.R
 * and the stat_n module) takes the mean of the neighbours that have a value;
 * quartiles are R's `quantile()` (type 7) over every council with a value;
 * band A is the best quarter by polarity (low polarity: value ≤ Q1; high:
 * value > Q3), and rank is 1 + the number of councils strictly better
 * (ties share the better rank). Measures with no polarity get no band or
 * rank. DfE's CSC dashboard uses the neighbours' median instead: an option.
 */
import { type BenchmarkMapping, matchesFilters } from "./mapping.ts";
import { ENGLAND, regionKey } from "./parse.ts";
import type { BenchmarkValue, NeighbourGroup } from "./readers.ts";

export type BenchmarkPolarity = BenchmarkMapping["polarity"];
export type QuartileBand = "A" | "B" | "C" | "D";

/** R's default (type 7) sample quantile: h = (n − 1)p, interpolating between the order statistics either side. */
export function quantile7(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("no values to take a quantile of");
  return sortedQuantile7(
    [...values].sort((a, b) => a - b),
    p,
  );
}

function sortedQuantile7(x: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability ${p} is not in [0, 1]`);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, x.length - 1);
  return x[lo]! + (h - lo) * (x[hi]! - x[lo]!);
}

/** The five quantiles R's quantile() gives (0%, 25%, 50%, 75%, 100%). */
export interface Quartiles {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** How many values they were taken over. */
  n: number;
}

/** Type-7 quartiles of the values, or undefined when there are none. */
export function quartiles(values: readonly number[]): Quartiles | undefined {
  if (values.length === 0) return undefined;
  const x = [...values].sort((a, b) => a - b);
  return {
    min: sortedQuantile7(x, 0),
    q1: sortedQuantile7(x, 0.25),
    median: sortedQuantile7(x, 0.5),
    q3: sortedQuantile7(x, 0.75),
    max: sortedQuantile7(x, 1),
    n: x.length,
  };
}

/**
 * LAIT's quartile band: A is the best quarter. Low polarity: A ≤ Q1 < B ≤
 * median < C ≤ Q3 < D. High polarity: D ≤ Q1 < C ≤ median < B ≤ Q3 < A (so
 * a value exactly on Q3 is B). Null for no value or no polarity. A value
 * beyond every published one (a council's own computed figure) is banded
 * by its side, A or D, where LAIT would show "Error".
 */
export function quartileBand(
  value: number | null,
  q: Quartiles | undefined,
  polarity: BenchmarkPolarity,
): QuartileBand | null {
  if (value === null || q === undefined || polarity === "info") return null;
  const lowBand: QuartileBand = value <= q.q1 ? "A" : value <= q.median ? "B" : value <= q.q3 ? "C" : "D";
  if (polarity === "low") return lowBand;
  return ({ A: "D", B: "C", C: "B", D: "A" } as const)[lowBand];
}

/** Where band A starts: Q1 for low polarity (A at or below it), Q3 for high (A above it); null without polarity. */
export function topQuartileThreshold(q: Quartiles | undefined, polarity: BenchmarkPolarity): number | null {
  if (q === undefined || polarity === "info") return null;
  return polarity === "low" ? q.q1 : q.q3;
}

/** LAIT's rank: 1 + the councils with a strictly better value (ties take the better rank); null without polarity. */
export function rankAmong(
  value: number | null,
  values: readonly number[],
  polarity: BenchmarkPolarity,
): number | null {
  if (value === null || polarity === "info") return null;
  const better = values.filter((v) => (polarity === "high" ? v > value : v < value)).length;
  return better + 1;
}

/** How the neighbours' figures are summarised. */
export type NeighbourMethod = "mean" | "median";

/** The mean (LAIT) or median (DfE's dashboard) of the neighbours that have a value; null when none has. */
export function neighbourAverage(
  values: readonly (number | null)[],
  method: NeighbourMethod = "mean",
): number | null {
  const have = values.filter((v): v is number => v !== null);
  if (have.length === 0) return null;
  if (method === "median") return quantile7(have, 0.5);
  return have.reduce((s, v) => s + v, 0) / have.length;
}

/** The neighbour with the best value by polarity (the closer neighbour on a tie); null without polarity or values. */
export function bestNeighbour(
  neighbours: readonly { la_code: string; value: number | null }[],
  polarity: BenchmarkPolarity,
): { la_code: string; value: number } | null {
  if (polarity === "info") return null;
  let best: { la_code: string; value: number } | null = null;
  for (const n of neighbours) {
    if (n.value === null) continue;
    if (best === null || (polarity === "high" ? n.value > best.value : n.value < best.value)) {
      best = { la_code: n.la_code, value: n.value };
    }
  }
  return best;
}

/** The published figures for one indicator and year, by geography key (la_code). */
export type YearValues = ReadonlyMap<string, BenchmarkValue>;

/**
 * Picks an indicator's published figures by year. LAIT's figures are used
 * for a year where LAIT has any; otherwise Explore Education Statistics'
 * (one publication per year, so quartiles are never taken over a mix).
 * Figures entered by hand for the indicator (measure = the indicator id)
 * replace the published figure for their geography and year. Where a
 * geography has two periods for one year (LAIT's "2025" and "2025 (prov)"),
 * the unsuffixed one is kept.
 */
export function indicatorValues(
  values: readonly BenchmarkValue[],
  mapping: Pick<BenchmarkMapping, "indicator" | "lait" | "ees">,
): Map<number, Map<string, BenchmarkValue>> {
  const lait = new Map<number, Map<string, BenchmarkValue>>();
  const ees = new Map<number, Map<string, BenchmarkValue>>();
  const manual = new Map<number, Map<string, BenchmarkValue>>();
  const put = (into: Map<number, Map<string, BenchmarkValue>>, v: BenchmarkValue) => {
    let year = into.get(v.year);
    if (!year) {
      year = new Map();
      into.set(v.year, year);
    }
    const had = year.get(v.la_code);
    if (had === undefined || (had.period.includes("(") && !v.period.includes("("))) year.set(v.la_code, v);
  };
  for (const v of values) {
    if (v.source === "manual") {
      if (v.measure === mapping.indicator) put(manual, v);
    } else if (v.source === "lait") {
      if (v.measure === mapping.lait.measure) put(lait, v);
    } else if (
      mapping.ees &&
      v.dataset.startsWith(mapping.ees.file) &&
      v.measure === mapping.ees.column &&
      matchesFilters(v.breakdown, mapping.ees.filters)
    ) {
      put(ees, v);
    }
  }
  const out = new Map<number, Map<string, BenchmarkValue>>();
  for (const year of new Set([...lait.keys(), ...ees.keys(), ...manual.keys()])) {
    const merged = new Map(lait.get(year) ?? ees.get(year) ?? []);
    for (const [code, v] of manual.get(year) ?? []) merged.set(code, v);
    out.set(year, merged);
  }
  return out;
}

/** The benchmarks of one council for one indicator and year. */
export interface BenchmarkStats {
  la_code: string;
  indicator: string;
  year: number;
  polarity: BenchmarkPolarity;
  /** Where the council's and others' figures came from: `lait`, `ees` or `manual` (the council's own figure's source). */
  source: string;
  /** The council's own published figure. */
  value: number | null;
  sn_method: NeighbourMethod;
  sn_average: number | null;
  /** Neighbours with a value (of the 10). */
  sn_count: number;
  best_sn_code: string | null;
  best_sn_value: number | null;
  england: number | null;
  /** The region's key (region:<name>) whose figure `region` is. */
  region_code: string | null;
  region: number | null;
  /** Councils with a value: what quartiles and rank are taken over. */
  n_councils: number;
  q1: number | null;
  median: number | null;
  q3: number | null;
  top_quartile: number | null;
  quartile_band: QuartileBand | null;
  rank: number | null;
}

/** Options for benchmarkStats. */
export interface StatsOptions {
  /** Neighbour summary: `mean` as LAIT (default), `median` as DfE's dashboard. */
  snMethod?: NeighbourMethod;
}

/** What every council's statistics of one indicator and year share: the councils' values and their quartiles. */
interface YearSummary {
  councils: number[];
  q: Quartiles | undefined;
}

function summarise(year: YearValues): YearSummary {
  const councils = [...year.values()]
    .filter((v) => v.level === "la" && v.value !== null)
    .map((v) => v.value!);
  return { councils, q: quartiles(councils) };
}

/**
 * The benchmarks of `group.la_code` for one indicator and year, from that
 * year's figures (`year`, keyed by la_code as indicatorValues gives). The
 * council's region is its neighbour group's; a London borough whose inner
 * or outer London figure is missing is compared with London, as LAIT does.
 */
export function benchmarkStats(
  indicator: string,
  polarity: BenchmarkPolarity,
  yearNo: number,
  year: YearValues,
  group: NeighbourGroup,
  options: StatsOptions = {},
  summary: YearSummary = summarise(year),
): BenchmarkStats {
  const method = options.snMethod ?? "mean";
  const num = (code: string) => year.get(code)?.value ?? null;
  const { councils, q } = summary;
  const own = year.get(group.la_code);
  const value = own?.value ?? null;
  const neighbours = group.neighbours.map((n) => ({ la_code: n.la_code, value: num(n.la_code) }));
  const best = bestNeighbour(neighbours, polarity);
  let region: string | null = group.region_name ? regionKey(group.region_name) : null;
  if (region && num(region) === null && /^region:(inner|outer) london$/.test(region))
    region = "region:london";
  return {
    la_code: group.la_code,
    indicator,
    year: yearNo,
    polarity,
    source: own?.source ?? [...year.values()][0]?.source ?? "",
    value,
    sn_method: method,
    sn_average: neighbourAverage(
      neighbours.map((n) => n.value),
      method,
    ),
    sn_count: neighbours.filter((n) => n.value !== null).length,
    best_sn_code: best?.la_code ?? null,
    best_sn_value: best?.value ?? null,
    england: num(ENGLAND),
    region_code: region,
    region: region ? num(region) : null,
    n_councils: councils.length,
    q1: q?.q1 ?? null,
    median: q?.median ?? null,
    q3: q?.q3 ?? null,
    top_quartile: topQuartileThreshold(q, polarity),
    quartile_band: quartileBand(value, q, polarity),
    rank: rankAmong(value, councils, polarity),
  };
}

/**
 * Benchmarks for each council in `neighbours` (or only `laCodes`), each
 * mapped indicator and each year with published figures.
 */
export function allBenchmarkStats(
  values: readonly BenchmarkValue[],
  neighbours: readonly NeighbourGroup[],
  mappings: readonly BenchmarkMapping[],
  options: StatsOptions & { laCodes?: readonly string[] } = {},
): BenchmarkStats[] {
  const wanted = options.laCodes ? new Set(options.laCodes) : undefined;
  const groups = neighbours.filter((g) => !wanted || wanted.has(g.la_code));
  const out: BenchmarkStats[] = [];
  for (const m of mappings) {
    const byYear = indicatorValues(values, m);
    for (const [yearNo, year] of [...byYear].sort((a, b) => a[0] - b[0])) {
      const summary = summarise(year);
      for (const g of groups)
        out.push(benchmarkStats(m.indicator, m.polarity, yearNo, year, g, options, summary));
    }
  }
  return out;
}
