/**
 * The judgement of every figure: RAG against the target in force, direction
 * of travel, signal or noise, the target in words, and the benchmarks
 * (statistical-neighbour average, England, quartile band).
 *
 * Why one place: `scorecard values`, the report and any export must judge a
 * figure identically. The rules:
 * - RAG and the target text are given only for the period type the
 *   framework rates the indicator on (its "RAG (in month unless stated)"),
 *   against the target in force at the period's end; other period types
 *   are left blank rather than rated against a target set for another window.
 * - Direction compares each figure with the same period type's figure at
 *   the comparison period (framework: previous, or same period last year).
 * - Signal is the XmR variation of the month's point in the indicator's
 *   whole monthly series (month rows only; other windows overlap and are
 *   not independent points).
 * - Benchmarks are DfE's figures for the year to 31 March ending the
 *   period's financial year when published, else the latest earlier year;
 *   the quartile band places this council's own figure among the national
 *   quartiles of that year (LAIT's bands; none for measures LAIT gives no
 *   polarity).
 * - A local indicator has no DfE figure; its benchmarks are those entered
 *   by hand for its id (`scorecard benchmarks import` of a CSV/XLSX with
 *   indicator, year, la_code, value), summarised here with the same
 *   statistics as DfE's (the stored bm_stats cover mapped indicators only).
 */

import { listValue } from "@duckdb/node-api";
import type { NeighbourGroup } from "../benchmarks/readers.ts";
import {
  type BenchmarkPolarity,
  benchmarkStats,
  indicatorValues,
  type QuartileBand,
  quartileBand,
} from "../benchmarks/statistics.ts";
import { storedNeighbours, storedValues } from "../benchmarks/store.ts";
import { addMonths, type IsoDate, monthEnd, monthStart } from "../calendar/dates.ts";
import { financialYearOf } from "../calendar/financialYear.ts";
import type { PeriodType } from "../calendar/periods.ts";
import { type Database, query, withOwnConnection } from "../db/database.ts";
import type { Framework, FrameworkIndicator } from "./config.ts";
import { comparisonPeriodEnd, type Direction, type DirectionSettings, direction } from "./direction.ts";
import { atDisplayedPrecision, isPresent } from "./precision.ts";
import { type Rag, rag } from "./rag.ts";
import { REFERENCE_LABELS, REFERENCE_NAMES, type ReferenceName } from "./references.ts";
import { type Variation, xmr } from "./spc.ts";
import { describeTarget, targetInForce } from "./targets.ts";

/** One computed figure. */
export interface ValueRow {
  period_type: PeriodType;
  period_end: IsoDate;
  value: number | null;
}

/** The benchmark statistics of one indicator and year (a bm_stats row). */
export interface BenchmarkRow {
  year: number;
  polarity: "high" | "low" | "info";
  sn_average: number | null;
  best_sn_value: number | null;
  england: number | null;
  region: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  top_quartile: number | null;
}

/** The judgement of one figure; null or "" where it does not apply. */
export interface Judgement {
  /** Null: blank (no value, or not the rated period type). */
  rag: Rag | null;
  direction: Direction | null;
  /** XmR variation of a month's figure; null for other period types or no value. */
  signal: Variation | null;
  /** The target in force in words; "" when not rated on this period type or none in force. */
  target: string;
  /** The DfE year (2025 = 2024-25) the benchmarks are for; null when none imported. */
  benchmarkYear: number | null;
  sn_average: number | null;
  england: number | null;
  quartile: QuartileBand | null;
  /**
   * The benchmark the framework compares the indicator with, its value, and
   * whether the figure is better or worse than it (by polarity; higher or
   * lower for information measures); null when either value is missing.
   */
  compared: { name: ReferenceName; value: number | null; verdict: ComparisonVerdict | null };
}

export { REFERENCE_LABELS, REFERENCE_NAMES, type ReferenceName };

/** A figure against its chosen benchmark. */
export type ComparisonVerdict = "better" | "worse" | "same" | "higher" | "lower";

/** The benchmark year for a period ending `end`: its financial year's if published, else the latest earlier. */
export function benchmarkFor(benchmarks: readonly BenchmarkRow[], end: IsoDate): BenchmarkRow | undefined {
  const yearEnding = financialYearOf(end) + 1;
  let best: BenchmarkRow | undefined;
  for (const b of benchmarks) {
    if (b.year <= yearEnding && (best === undefined || b.year > best.year)) best = b;
  }
  return best;
}

const key = (type: string, end: string) => `${type}|${end}`;

/**
 * Judges every figure of one indicator (`rows`, any order, every period
 * type), returning one judgement per row in the same order.
 */
export function judgeSeries(
  fi: Pick<FrameworkIndicator, "indicator" | "ratedOn" | "targets"> &
    Partial<Pick<FrameworkIndicator, "compareWith">>,
  rows: readonly ValueRow[],
  benchmarks: readonly BenchmarkRow[],
  settings: DirectionSettings,
): Judgement[] {
  const { polarity, decimals } = fi.indicator;
  const compareWith = fi.compareWith ?? "sn_average";
  const values = new Map(rows.map((r) => [key(r.period_type, r.period_end), r.value]));

  const months = rows
    .filter((r) => r.period_type === "month")
    .map((r) => r.period_end)
    .sort();
  const signals = new Map<string, Variation | null>();
  if (months.length > 0) {
    const ends: IsoDate[] = [];
    for (let e = months[0]!; e <= months.at(-1)!; e = monthEnd(addMonths(monthStart(e), 1))) ends.push(e);
    const chart = xmr(
      ends.map((e) => values.get(key("month", e)) ?? null),
      polarity,
    );
    ends.forEach((e, i) => {
      signals.set(e, chart.points[i]!.variation);
    });
  }

  return rows.map((r) => {
    const previous = values.get(
      key(r.period_type, comparisonPeriodEnd(r.period_type, r.period_end, settings.basis)),
    );
    const bm = benchmarkFor(benchmarks, r.period_end);
    let rating: Rag | null = null;
    let target = "";
    if (r.period_type === fi.ratedOn) {
      const t = targetInForce(fi.targets, r.period_end);
      rating = rag(r.value, t, polarity, references(bm), decimals);
      if (t) target = describeTarget(t, polarity);
    }
    const q =
      bm && bm.q1 !== null && bm.median !== null && bm.q3 !== null
        ? { min: bm.q1, q1: bm.q1, median: bm.median, q3: bm.q3, max: bm.q3, n: 0 }
        : undefined;
    return {
      rag: rating,
      direction: direction(r.value, previous, polarity, {
        decimals,
        noChangeWithin: settings.noChangeWithin,
      }),
      signal: r.period_type === "month" && isPresent(r.value) ? (signals.get(r.period_end) ?? null) : null,
      target,
      benchmarkYear: bm?.year ?? null,
      sn_average: bm?.sn_average ?? null,
      england: bm?.england ?? null,
      quartile: bm && isPresent(r.value) ? quartileBand(r.value, q, bm.polarity) : null,
      compared: compare(compareWith, r.value, references(bm)[compareWith], polarity, decimals),
    };
  });
}

/** The figure against a benchmark, at the indicator's displayed precision. */
export function compareWithBenchmark(
  value: number | null,
  benchmark: number | null,
  polarity: FrameworkIndicator["indicator"]["polarity"],
  decimals: number,
): ComparisonVerdict | null {
  if (!isPresent(value) || !isPresent(benchmark)) return null;
  const a = atDisplayedPrecision(value, decimals);
  const b = atDisplayedPrecision(benchmark, decimals);
  if (a === b) return "same";
  if (polarity === "high") return a > b ? "better" : "worse";
  if (polarity === "low") return a < b ? "better" : "worse";
  return a > b ? "higher" : "lower";
}

function compare(
  name: ReferenceName,
  value: number | null,
  benchmark: number | null,
  polarity: FrameworkIndicator["indicator"]["polarity"],
  decimals: number,
) {
  return { name, value: benchmark, verdict: compareWithBenchmark(value, benchmark, polarity, decimals) };
}

function references(bm: BenchmarkRow | undefined): Record<(typeof REFERENCE_NAMES)[number], number | null> {
  return {
    sn_average: bm?.sn_average ?? null,
    best_sn: bm?.best_sn_value ?? null,
    england: bm?.england ?? null,
    region: bm?.region ?? null,
    median: bm?.median ?? null,
    top_quartile: bm?.top_quartile ?? null,
  };
}

/** A computed figure with its counts and judgement. */
export interface JudgedValue extends ValueRow, Judgement {
  indicator: string;
  numerator: number | null;
  denominator: number | null;
}

/**
 * Reads the council's computed figures and the benchmark council's
 * statistics from the workspace and judges every figure of every
 * framework indicator (hidden indicators are not judged). Keyed by indicator id.
 * Reads only, in one snapshot of its own (see `withOwnConnection`), so it may run on a
 * read-only workspace.
 */
export async function judgeWorkspace(
  db: Database,
  framework: Framework,
  laCode: string,
  benchmarkCouncil: string = laCode,
  options: JudgeOptions = {},
): Promise<Map<string, JudgedValue[]>> {
  return withOwnConnection(db, (own) =>
    judgeOnOwnConnection(own, framework, laCode, benchmarkCouncil, options.asAt),
  );
}

/** Options of judgeWorkspace. */
export interface JudgeOptions {
  /**
   * Judge as at this date: figures of periods ending after it are left out, so no
   * judgement (a signal rests on every month of the SPC chart) uses later data.
   */
  asAt?: IsoDate;
}

async function judgeOnOwnConnection(
  db: Database,
  framework: Framework,
  laCode: string,
  benchmarkCouncil: string,
  asAt: IsoDate | undefined,
): Promise<Map<string, JudgedValue[]>> {
  const valueRows = await query(
    db,
    `SELECT indicator, period_type, strftime(period_end, '%Y-%m-%d') AS period_end, numerator, denominator, value
     FROM indicator_values WHERE la_code = $1${asAt === undefined ? "" : " AND period_end <= CAST($2 AS DATE)"}`,
    asAt === undefined ? [laCode] : [laCode, asAt],
  );
  const bmRows = await query(
    db,
    `SELECT indicator, year, polarity, sn_average, best_sn_value, england, region, q1, median, q3, top_quartile
     FROM bm_stats WHERE la_code = $1`,
    [benchmarkCouncil],
  );
  const raw = new Map<string, Record<string, unknown>[]>();
  for (const r of valueRows) {
    const id = String(r.indicator);
    const list = raw.get(id) ?? [];
    raw.set(id, list);
    list.push(r);
  }
  const bms = await localBenchmarks(db, framework, benchmarkCouncil);
  for (const r of bmRows) {
    const id = String(r.indicator);
    const list = bms.get(id) ?? [];
    bms.set(id, list);
    list.push({ ...(r as unknown as BenchmarkRow), year: Number(r.year) });
  }
  const out = new Map<string, JudgedValue[]>();
  for (const section of framework.sections) {
    for (const fi of section.indicators) {
      const rows = (raw.get(fi.id) ?? []).map((r) => ({
        indicator: fi.id,
        period_type: r.period_type as PeriodType,
        period_end: String(r.period_end),
        numerator: r.numerator as number | null,
        denominator: r.denominator as number | null,
        value: r.value as number | null,
      }));
      const judged = judgeSeries(fi, rows, bms.get(fi.id) ?? [], framework.direction);
      out.set(
        fi.id,
        rows.map((r, i) => ({ ...r, ...judged[i]! })),
      );
    }
  }
  return out;
}

/**
 * Benchmark statistics of the framework's local indicators for `council`,
 * from the figures entered by hand for their ids, by indicator id. The
 * neighbours are the council's stored statistical neighbours (none: no
 * neighbour average); a range or information measure gets no quartile band.
 */
export async function localBenchmarks(
  db: Database,
  framework: Framework,
  council: string,
): Promise<Map<string, BenchmarkRow[]>> {
  const out = new Map<string, BenchmarkRow[]>();
  const locals = framework.sections.flatMap((s) => s.indicators).filter((fi) => fi.local);
  if (locals.length === 0) return out;
  const values = await storedValues(db, "source = 'manual' AND list_contains($1::VARCHAR[], measure)", [
    listValue(locals.map((fi) => fi.id)),
  ]);
  if (values.length === 0) return out;
  const group: NeighbourGroup = (await storedNeighbours(db)).find((g) => g.la_code === council) ?? {
    la_code: council,
    la_name: "",
    region_name: "",
    neighbours: [],
    row: 0,
  };
  for (const fi of locals) {
    const polarity: BenchmarkPolarity =
      fi.indicator.polarity === "high" || fi.indicator.polarity === "low" ? fi.indicator.polarity : "info";
    const byYear = indicatorValues(values, { indicator: fi.id, lait: { measure: "", code: "", name: "" } });
    const rows = [...byYear].map(([year, yearValues]): BenchmarkRow => {
      const s = benchmarkStats(fi.id, polarity, year, yearValues, group);
      return {
        year,
        polarity,
        sn_average: s.sn_average,
        best_sn_value: s.best_sn_value,
        england: s.england,
        region: s.region,
        q1: s.q1,
        median: s.median,
        q3: s.q3,
        top_quartile: s.top_quartile,
      };
    });
    if (rows.length) out.set(fi.id, rows);
  }
  return out;
}
