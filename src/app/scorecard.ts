/**
 * The scorecard model: for each indicator of the council's framework, in
 * its sections, order, numbering and wording, at the latest month end: the
 * last three months, year to date, rolling 12 months, last years'
 * out-turns, the direction of travel (with whether the SPC chart calls the
 * month a signal), the RAG on the period type the framework rates, the
 * target in force, and the benchmarks.
 *
 * Why separate from HTML: the figures and judgements are decided here
 * (and tested); the renderer only lays them out.
 *
 * A local indicator with no imported values has no line (a council that
 * reports no agency figures should not see a row of dashes), and a
 * section left with no lines is not shown; a catalogue indicator always
 * has its line, its missing figures shown as "not yet available".
 */

import { checkBenchmarkCouncil } from "../benchmarks/shipped.ts";
import type { QuartileBand } from "../benchmarks/statistics.ts";
import { storedSources } from "../benchmarks/store.ts";
import { addMonths, monthEnd, monthStart } from "../calendar/dates.ts";
import { financialYearLabel, financialYearOf } from "../calendar/financialYear.ts";
import type { PeriodType } from "../calendar/periods.ts";
import { type Database, query } from "../db/database.ts";
import type { Framework } from "../framework/config.ts";
import { direction as directionOf } from "../framework/direction.ts";
import {
  type ComparisonVerdict,
  type JudgedValue,
  judgeWorkspace,
  REFERENCE_LABELS,
  type ReferenceName,
} from "../framework/judge.ts";
import { projectYearEnd } from "../framework/projection.ts";
import type { Rag } from "../framework/rag.ts";
import type { Indicator, Polarity } from "../indicators/define.ts";
import type { Settings } from "../workspace/settings.ts";
import { readCoverage } from "../workspace/workspace.ts";

/** A figure with the counts behind it. */
export interface Cell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** improving / declining relative to polarity; higher / lower for information measures. */
export type Direction = "improving" | "declining" | "no change" | "higher" | "lower" | "new";

export interface ScorecardLine {
  /** The council's reference number and wording (framework). */
  ref: string;
  title: string;
  indicator: Pick<Indicator, "id" | "title" | "polarity" | "unit" | "decimals" | "kind" | "definition">;
  /** Month ends of the last three months, oldest first, with their values. */
  months: { end: string; cell: Cell }[];
  ytd: Cell;
  /** The year to date at the same month end a year earlier. */
  ytdLastYear: Cell;
  /** Flow counts and rates: the year to date projected to the year end (YTD × 12 ÷ months elapsed); null otherwise or without a value. */
  projection: number | null;
  rolling12: Cell;
  /** Complete financial years' out-turns, oldest first. */
  outturns: { label: string; cell: Cell }[];
  /** The latest month against the comparison period. */
  direction: Direction;
  /** True when the latest month is special cause variation on the XmR chart. */
  signal: boolean;
  /** The RAG on the rated period type ending at the as-at date (null: blank, no value). */
  rag: Rag | null;
  ratedOn: PeriodType;
  /** The target in force, in words ("" when none). */
  target: string;
  /**
   * DfE benchmarks of the latest published year; the quartile band places
   * the rolling 12 months (flows) or the month-end figure (stocks) among
   * the national quartiles.
   */
  benchmarks: {
    year: number | null;
    snAverage: number | null;
    england: number | null;
    quartile: QuartileBand | null;
    /** The benchmark the framework compares this indicator with, and how the figure stands against it. */
    compared: {
      name: ReferenceName;
      label: string;
      value: number | null;
      verdict: ComparisonVerdict | null;
    };
  };
}

export interface Scorecard {
  council: string;
  laCode: string;
  asAt: string;
  dataFrom: string;
  dataTo: string;
  ytdLabel: string;
  /**
   * The council whose statistical neighbours and quartiles the benchmarks
   * are (null: none stored for it); `fromSettings` when chosen by settings
   * benchmarks.council rather than being the council itself.
   */
  benchmarkCouncil: { laCode: string; name: string; fromSettings?: boolean } | null;
  /** Where the stored benchmarks came from ("shipped with csc-scorecard: …", "imported: …"); absent: not known. */
  benchmarkSources?: string[];
  /** True when the workspace holds benchmarks, though perhaps none for benchmarkCouncil. */
  benchmarksStored?: boolean;
  sections: { title: string; lines: ScorecardLine[] }[];
}

const EMPTY: Cell = { value: null, numerator: null, denominator: null };

/**
 * Direction of travel of `current` against `previous` for a polarity. A
 * change that vanishes at the indicator's displayed precision is "no change".
 */
export function directionOfTravel(
  polarity: Polarity,
  previous: number | null,
  current: number | null,
  decimals: number,
): Direction {
  return directionOf(current, previous, polarity, { decimals }) ?? "new";
}

/** Choices of buildScorecard beyond the framework. */
export interface ScorecardOptions {
  /** The month end the scorecard is at (default: the latest month end of the data). */
  asAt?: string;
  /** The workspace already judged (judgeWorkspace with the same framework and councils), so it is read once. */
  judged?: Map<string, JudgedValue[]>;
}

/** The month end a scorecard is at by default: the last complete month of the data. */
export function latestAsAt(dataTo: string): string {
  return monthEnd(dataTo) === dataTo ? dataTo : monthEnd(addMonths(dataTo, -1));
}

/**
 * Builds the scorecard of the workspace's council at the latest month end
 * of its data (or `options.asAt`), laid out and judged by `framework`;
 * benchmarks are those of `benchmarkCouncil` (default: the council itself).
 */
export async function buildScorecard(
  db: Database,
  settings: Settings,
  framework: Framework,
  benchmarkCouncil: string = settings.benchmarks?.council ?? settings.council.laCode,
  options: ScorecardOptions = {},
): Promise<Scorecard> {
  const la = settings.council.laCode;
  const coverage = (await readCoverage(db)).find((c) => c.laCode === la);
  if (!coverage) throw new Error(`no data coverage recorded for LA ${la}`);
  const chosen = settings.benchmarks?.council;
  if (chosen !== undefined && chosen === benchmarkCouncil)
    await checkBenchmarkCouncil(db, chosen, "settings.json: benchmarks.council");
  const asAt = options.asAt ?? latestAsAt(coverage.dataTo);
  const monthEnds = [-2, -1, 0].map((k) => monthEnd(addMonths(monthStart(asAt), k)));
  const fy = financialYearOf(asAt);
  const yearEnds = [fy - 2, fy - 1].map((y) => `${y + 1}-03-31`);
  // judged as at the period end asked for, so no signal of it rests on a later month
  const judged =
    options.judged ??
    (await judgeWorkspace(db, framework, la, benchmarkCouncil, options.asAt ? { asAt } : {}));
  const shown = framework.sections
    .map((section) => ({
      title: section.title,
      indicators: section.indicators.filter((fi) => !fi.local || (judged.get(fi.id) ?? []).length > 0),
    }))
    .filter((section) => section.indicators.length > 0);
  const sections: Scorecard["sections"] = shown.map((section) => ({
    title: section.title,
    lines: section.indicators.map((fi) => {
      const ind = fi.indicator;
      const byPeriod = new Map((judged.get(fi.id) ?? []).map((j) => [`${j.period_type}|${j.period_end}`, j]));
      const at = (type: string, end: string): JudgedValue | undefined => byPeriod.get(`${type}|${end}`);
      const cell = (type: string, end: string): Cell => {
        const j = at(type, end);
        return j ? { value: j.value, numerator: j.numerator, denominator: j.denominator } : EMPTY;
      };
      const latest = at("month", asAt);
      const ratedEnd = fi.ratedOn === "year" ? yearEnds[1]! : asAt;
      const rated = at(fi.ratedOn, ratedEnd);
      const compared = ind.kind === "flow" ? at("rolling12", asAt) : latest;
      const anyBenchmark = compared ?? latest;
      return {
        ref: fi.ref,
        title: fi.title,
        indicator: ind,
        months: monthEnds.map((end) => ({ end, cell: cell("month", end) })),
        ytd: cell("ytd", asAt),
        ytdLastYear: cell("ytd", monthEnd(addMonths(monthStart(asAt), -12))),
        projection: projectYearEnd(ind, at("ytd", asAt)?.value, asAt),
        rolling12: cell("rolling12", asAt),
        outturns: yearEnds.map((end) => ({
          label: financialYearLabel(Number(end.slice(0, 4)) - 1),
          cell: cell("year", end),
        })),
        direction: latest?.direction ?? "new",
        signal: latest?.signal?.startsWith("special") ?? false,
        rag: rated?.rag ?? null,
        ratedOn: fi.ratedOn,
        target: rated?.target ?? "",
        benchmarks: {
          year: anyBenchmark?.benchmarkYear ?? null,
          snAverage: anyBenchmark?.sn_average ?? null,
          england: anyBenchmark?.england ?? null,
          quartile: compared?.quartile ?? null,
          compared: {
            name: fi.compareWith,
            label: REFERENCE_LABELS[fi.compareWith],
            value: anyBenchmark?.compared.value ?? null,
            verdict: compared?.compared.verdict ?? null,
          },
        },
      };
    }),
  }));
  const names = await query(
    db,
    "SELECT any_value(la_name) AS name, count(*) AS n FROM bm_neighbours WHERE la_code = $1",
    [benchmarkCouncil],
  );
  const haveStats = await query(db, "SELECT count(*) AS n FROM bm_stats WHERE la_code = $1", [
    benchmarkCouncil,
  ]);
  const anyStats = await query(db, "SELECT count(*) AS n FROM bm_stats");
  const sources = await storedSources(db);
  return {
    council: settings.council.name,
    laCode: la,
    asAt,
    dataFrom: coverage.dataFrom,
    dataTo: coverage.dataTo,
    ytdLabel: financialYearLabel(fy),
    benchmarkCouncil:
      Number(haveStats[0]?.n ?? 0) > 0
        ? {
            laCode: benchmarkCouncil,
            name: String(names[0]?.name ?? ""),
            fromSettings: chosen !== undefined && chosen === benchmarkCouncil,
          }
        : null,
    benchmarkSources: describeSources(sources),
    benchmarksStored: Number(anyStats[0]?.n ?? 0) > 0,
    sections,
  };
}

/**
 * Where the benchmarks came from, in words: the shipped publications, then
 * the imported files ("shipped with csc-scorecard: Children in need,
 * Reporting year 2025; …", "imported: bds_long_0.parquet, …").
 */
export function describeSources(sources: readonly { origin: string; publication: string }[]): string[] {
  const out: string[] = [];
  for (const [origin, label] of [
    ["shipped", "shipped with csc-scorecard"],
    ["imported", "imported"],
  ] as const) {
    const pubs = [...new Set(sources.filter((s) => s.origin === origin).map((s) => s.publication))];
    if (pubs.length) out.push(`${label}: ${pubs.join("; ")}`);
  }
  return out;
}
