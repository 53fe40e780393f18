/**
 * `scorecard compare` and the report's "how we compare": every council of
 * the workspace side by side, per indicator, for one period end
 * (compare/compare.ts does the arithmetic).
 *
 * Why one read: the figures of every council for the period are one query
 * of `indicator_values`, DfE's neighbour list and published statistics one
 * more each; the comparison of every indicator is then pure, so a region of
 * 33 councils compares in well under a second.
 *
 * Which period: `--period-type` for every indicator, or by default the
 * rolling 12 months for flows and the month-end figure for stocks (what
 * the scorecard's quartile band places, and what DfE's annual figures
 * count). The default period end is the latest month end every council's
 * data covers, so no council is missing for lack of its latest month.
 */

import { listValue } from "@duckdb/node-api";
import { hasBundle, readBundleNeighbours } from "../benchmarks/bundle.ts";
import type { QuartileBand } from "../benchmarks/statistics.ts";
import { storedNeighbours } from "../benchmarks/store.ts";
import { isIsoDate, monthEnd } from "../calendar/dates.ts";
import { financialYearOf } from "../calendar/financialYear.ts";
import type { PeriodType } from "../calendar/periods.ts";
import {
  type ComparedIndicator,
  type Council,
  type CouncilFigure,
  compareCouncils,
  type IndicatorComparison,
  type NeighbourList,
  type PublishedBenchmark,
} from "../compare/compare.ts";
import { type Database, query } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { type FrameworkIndicator, frameworkIndicators } from "../framework/config.ts";
import { loadFramework } from "../framework/load.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import type { Unit } from "../indicators/define.ts";
import type { Settings } from "../workspace/settings.ts";
import { readCoverage, type Workspace } from "../workspace/workspace.ts";
import { latestAsAt } from "./scorecard.ts";

/** A figure's parts, for deciding whether publishing would blank it. */
export interface FigureParts {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** What to compare. */
export interface CompareOptions {
  /** One indicator (default: every indicator of the framework, in its order). */
  indicator?: string;
  /** The period end (default: the latest month end every council's data covers). */
  periodEnd?: string;
  /** One period type for every indicator (default: rolling 12 months for flows, month for stocks). */
  periodType?: PeriodType;
  /** Publishing: figures this says publishing would blank are treated as suppressed (report/suppress.ts decides). */
  suppressed?: (unit: Unit, figure: FigureParts) => boolean;
  /** The command named in error messages (default "compare"). */
  command?: string;
}

/** The comparison of every indicator asked for. */
export interface RegionComparison {
  periodEnd: string;
  councils: Council[];
  /** Where the neighbour list came from, in words. */
  neighboursFrom: string;
  /** Whether figures publishing blanks were treated as suppressed. */
  publish: boolean;
  indicators: IndicatorComparison[];
}

/** The period type an indicator is compared on by default: rolling 12 months for flows, the month-end figure for stocks. */
export function defaultComparePeriod(kind: "flow" | "stock"): PeriodType {
  return kind === "flow" ? "rolling12" : "month";
}

/** The councils of the workspace, by LA code: those its settings list and any with computed figures. */
export async function workspaceCouncils(db: Database, settings?: Settings): Promise<string[]> {
  const rows = await query(db, "SELECT DISTINCT la_code FROM indicator_values");
  const codes = new Set(rows.map((r) => String(r.la_code)));
  for (const c of settings?.councils ?? []) codes.add(c.laCode);
  return [...codes].sort();
}

/** A framework's indicator as compared. */
export function toCompareIndicator(
  fi: Pick<FrameworkIndicator, "id" | "title" | "indicator">,
): CompareIndicator {
  return {
    id: fi.id,
    title: fi.title,
    unit: fi.indicator.unit,
    decimals: fi.indicator.decimals,
    polarity: fi.indicator.polarity,
    kind: fi.indicator.kind,
  };
}

/** The indicators to compare: the framework's, in its order, or one the framework or catalogue knows. */
function indicatorsOf(ws: Workspace, id: string | undefined, command: string): CompareIndicator[] {
  const framework = loadFramework(ws.settings, ws.dir);
  const shown = frameworkIndicators(framework);
  const of = toCompareIndicator;
  if (id === undefined) return shown.map(of);
  const fi = shown.find((f) => f.id === id);
  if (fi) return [of(fi)];
  const ind = CATALOGUE.find((i) => i.id === id);
  if (ind) return [of({ id: ind.id, title: ind.title, indicator: ind })];
  throw new UserError(
    `${command}: no indicator "${id}" (see scorecard indicators, or the local indicators of the framework)`,
  );
}

/** Neighbour lists: the workspace's stored list (imported or shipped), else the shipped one. */
async function neighbourLists(db: Database): Promise<{ lists: NeighbourList[]; from: string }> {
  let groups = await storedNeighbours(db);
  let from = "DfE's statistical neighbours stored in the workspace";
  if (groups.length === 0 && hasBundle()) {
    groups = readBundleNeighbours();
    from = "DfE's statistical neighbours shipped with csc-scorecard";
  }
  if (groups.length === 0) from = "none (no statistical neighbour list is stored)";
  return {
    lists: groups.map((g) => ({ la_code: g.la_code, neighbours: g.neighbours.map((n) => n.la_code) })),
    from,
  };
}

/** Councils' names: the settings' (a workspace's councils), else DfE's neighbour list's name. */
async function councilNames(db: Database, settings: Settings, codes: readonly string[]): Promise<Council[]> {
  const rows = await query(
    db,
    "SELECT DISTINCT la_code, la_name FROM bm_neighbours WHERE list_contains($1::VARCHAR[], la_code)",
    [listValue(codes)],
  );
  const names = new Map(rows.map((r) => [String(r.la_code), String(r.la_name ?? "")]));
  for (const c of settings.councils) names.set(c.laCode, c.name);
  return codes.map((la_code) => ({ la_code, name: names.get(la_code) ?? "" }));
}

/**
 * DfE's published statistics of each council for each indicator, of the
 * DfE year the period falls in if published, else the latest earlier (as
 * framework/judge.ts's benchmarkFor chooses), by indicator then la_code.
 */
async function publishedFor(
  db: Database,
  codes: readonly string[],
  periodEnd: string,
): Promise<Map<string, Map<string, PublishedBenchmark>>> {
  const rows = await query(
    db,
    `SELECT la_code, indicator, year, value, sn_average, sn_count, england, quartile_band, rank, n_councils
     FROM bm_stats WHERE list_contains($1::VARCHAR[], la_code) AND year <= $2 ORDER BY year`,
    [listValue(codes), financialYearOf(periodEnd) + 1],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const out = new Map<string, Map<string, PublishedBenchmark>>();
  for (const r of rows) {
    const id = String(r.indicator);
    const byCode = out.get(id) ?? new Map<string, PublishedBenchmark>();
    out.set(id, byCode);
    // ordered by year, so the latest year allowed is kept
    byCode.set(String(r.la_code), {
      year: Number(r.year),
      value: num(r.value),
      sn_average: num(r.sn_average),
      sn_count: Number(r.sn_count ?? 0),
      england: num(r.england),
      quartile_band: (r.quartile_band ?? null) as QuartileBand | null,
      rank: num(r.rank),
      n_councils: Number(r.n_councils ?? 0),
    });
  }
  return out;
}

async function hasFigures(db: Database): Promise<boolean> {
  return (await query(db, "SELECT 1 FROM indicator_values LIMIT 1")).length > 0;
}

/** The default period end: the latest complete month every council's data covers. */
async function commonPeriodEnd(db: Database, codes: readonly string[], command: string): Promise<string> {
  const coverage = (await readCoverage(db)).filter((c) => codes.includes(c.laCode));
  if (coverage.length > 0) return coverage.map((c) => latestAsAt(c.dataTo)).sort()[0]!;
  const [row] = await query(
    db,
    "SELECT strftime(max(period_end), '%Y-%m-%d') AS e FROM indicator_values WHERE period_type = 'month'",
  );
  if (!row?.e)
    throw new UserError(`${command}: the workspace has no computed figures; run scorecard compute`);
  return String(row.e);
}

/** An indicator to compare, with its kind (which sets its default period type). */
export type CompareIndicator = ComparedIndicator & { kind: "flow" | "stock" };

/**
 * Compares every council of the workspace (those its settings list and
 * every LA code with computed figures) for each indicator asked for. Throws a one-line UserError when
 * the workspace has no figures, the indicator is unknown or the period end
 * is not a month end.
 */
export async function compareWorkspace(
  ws: Workspace,
  options: CompareOptions = {},
): Promise<RegionComparison> {
  const command = options.command ?? "compare";
  return compareIndicators(ws.db, ws.settings, indicatorsOf(ws, options.indicator, command), options);
}

/**
 * Compares every council of the workspace for each of `indicators`
 * (the report passes its framework's): the database half of
 * compareWorkspace.
 */
export async function compareIndicators(
  db: Database,
  settings: Settings,
  indicators: readonly CompareIndicator[],
  options: CompareOptions = {},
): Promise<RegionComparison> {
  const command = options.command ?? "compare";
  const codes = await workspaceCouncils(db, settings);
  if (!(await hasFigures(db)))
    throw new UserError(
      `${command}: the workspace has no computed figures; import files, then scorecard compute`,
    );
  let periodEnd = options.periodEnd;
  if (periodEnd !== undefined) {
    if (!isIsoDate(periodEnd))
      throw new UserError(`${command}: --period-end must be a date written YYYY-MM-DD (got "${periodEnd}")`);
    if (monthEnd(periodEnd) !== periodEnd)
      throw new UserError(
        `${command}: --period-end must be a month end (${periodEnd} is not; try ${monthEnd(periodEnd)})`,
      );
  } else periodEnd = await commonPeriodEnd(db, codes, command);
  const one = indicators.length === 1 ? indicators[0]!.id : undefined;

  const [councils, neighbours, published, rows] = await Promise.all([
    councilNames(db, settings, codes),
    neighbourLists(db),
    publishedFor(db, codes, periodEnd),
    query(
      db,
      `SELECT la_code, indicator, period_type, CAST(value AS DOUBLE) AS value,
         CAST(numerator AS DOUBLE) AS numerator, CAST(denominator AS DOUBLE) AS denominator
       FROM indicator_values WHERE period_end = CAST($1 AS DATE)${one === undefined ? "" : " AND indicator = $2"}`,
      one === undefined ? [periodEnd] : [periodEnd, one],
    ),
  ]);
  const num = (v: unknown) => (v === null ? null : Number(v));
  const figures = new Map<string, CouncilFigure[]>();
  for (const r of rows) {
    const key = `${r.indicator}|${r.period_type}`;
    const list = figures.get(key) ?? [];
    figures.set(key, list);
    list.push({
      la_code: String(r.la_code),
      value: num(r.value),
      numerator: num(r.numerator),
      denominator: num(r.denominator),
    });
  }
  const comparisons = indicators.map(({ kind, ...indicator }) => {
    const periodType = options.periodType ?? defaultComparePeriod(kind);
    const own = (figures.get(`${indicator.id}|${periodType}`) ?? []).map((f) =>
      options.suppressed?.(indicator.unit, f) ? { ...f, suppressed: true } : f,
    );
    return compareCouncils({
      indicator,
      periodType,
      periodEnd: periodEnd!,
      councils,
      figures: own,
      neighbours: neighbours.lists,
      published: published.get(indicator.id) ?? new Map(),
    });
  });
  return {
    periodEnd,
    councils,
    neighboursFrom: neighbours.from,
    publish: options.suppressed !== undefined,
    indicators: comparisons,
  };
}
