/**
 * The workspace tables holding imported benchmarks and their statistics.
 *
 * Why tables: the report, `scorecard values` and the framework's RAG
 * against a benchmark all read benchmarks by council, indicator and year;
 * storing them once at import means no DfE file is needed afterwards.
 * Every table carries `la_code` and `year`.
 */
import { type Database, inTransaction, query } from "../db/database.ts";
import type { BenchmarkValue, NeighbourGroup } from "./readers.ts";
import type { BenchmarkStats } from "./statistics.ts";

/** Where stored figures came from: `shipped` with the product (data/benchmarks) or `imported` by the user. */
export interface BenchmarkOrigin {
  origin: "shipped" | "imported";
  /** The publication and release ("Children in need, Reporting year 2025") or the imported file's name. */
  publication: string;
}

/** What to store; each part given replaces what was stored before (values: per dataset family). */
export interface BenchmarkImport {
  values?: readonly BenchmarkValue[];
  /** A statistical-neighbour model and its year (e.g. 2025 for DfE's 2025 model). */
  neighbours?: { year: number; groups: readonly NeighbourGroup[] };
  stats?: readonly BenchmarkStats[];
  /** Recorded in bm_sources for the values and neighbours given (default: imported, publication unnamed). */
  origin?: BenchmarkOrigin | ((dataset: string) => BenchmarkOrigin);
}

/**
 * A dataset's family: its name without a trailing year range, so DfE's
 * next release of a file (`c1_…_2013_to_2026`) replaces the last one
 * (`c1_…_2013_to_2025`), as re-importing the same file does.
 */
export function datasetFamily(dataset: string): string {
  return dataset.replace(/_\d{4}_to_\d{4}$/, "");
}

const FAMILY_SQL = "regexp_replace(dataset, '_[0-9]{4}_to_[0-9]{4}$', '')";

function sqlText(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/**
 * Stores imported benchmarks and computed statistics. Values replace the
 * stored values of the same dataset families (re-importing a file, or DfE's
 * next release of it, replaces it); neighbours replace the stored model;
 * statistics replace all stored statistics (they are recomputed from every
 * stored value). Where the values and neighbours came from is kept in bm_sources.
 */
export async function storeBenchmarks(db: Database, data: BenchmarkImport): Promise<void> {
  const c = db.connection;
  await inTransaction(db, async () => {
    const originOf = (dataset: string): BenchmarkOrigin =>
      typeof data.origin === "function"
        ? data.origin(dataset)
        : (data.origin ?? { origin: "imported", publication: dataset });
    const record = async (source: string, dataset: string) => {
      const o = originOf(dataset);
      await c.run(
        `INSERT INTO bm_sources VALUES (${sqlText(source)}, ${sqlText(dataset)}, ${sqlText(o.origin)}, ${sqlText(o.publication)})`,
      );
    };
    if (data.values) {
      const datasets = [...new Set(data.values.map((v) => `${v.source}\u0000${v.dataset}`))];
      for (const key of datasets) {
        const [source, dataset] = key.split("\u0000") as [string, string];
        for (const table of ["bm_values", "bm_sources"]) {
          await c.run(
            `DELETE FROM ${table} WHERE source = ${sqlText(source)} AND ${FAMILY_SQL} = ${sqlText(datasetFamily(dataset))}`,
          );
        }
        await record(source, dataset);
      }
      const a = await c.createAppender("bm_values");
      for (const v of data.values) {
        a.appendVarchar(v.la_code);
        a.appendInteger(v.year);
        a.appendVarchar(v.source);
        a.appendVarchar(v.dataset);
        a.appendVarchar(v.measure);
        a.appendVarchar(v.breakdown);
        a.appendVarchar(v.period);
        a.appendVarchar(v.level);
        a.appendVarchar(v.area_name);
        v.value === null ? a.appendNull() : a.appendDouble(v.value);
        v.symbol === null ? a.appendNull() : a.appendVarchar(v.symbol);
        a.appendInteger(v.row);
        a.endRow();
      }
      a.closeSync();
    }
    if (data.neighbours) {
      await c.run("DELETE FROM bm_neighbours");
      await c.run("DELETE FROM bm_sources WHERE source = 'neighbours'");
      await record("neighbours", `${data.neighbours.year} model`);
      const a = await c.createAppender("bm_neighbours");
      for (const g of data.neighbours.groups) {
        for (const n of g.neighbours) {
          a.appendVarchar(g.la_code);
          a.appendInteger(data.neighbours.year);
          a.appendVarchar(g.la_name);
          a.appendVarchar(g.region_name);
          a.appendInteger(n.rank);
          a.appendVarchar(n.la_code);
          a.appendVarchar(n.closeness);
          a.endRow();
        }
      }
      a.closeSync();
    }
    if (data.stats) {
      await c.run("DELETE FROM bm_stats");
      const a = await c.createAppender("bm_stats");
      const num = (v: number | null) => (v === null ? a.appendNull() : a.appendDouble(v));
      const text = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
      for (const s of data.stats) {
        a.appendVarchar(s.la_code);
        a.appendInteger(s.year);
        a.appendVarchar(s.indicator);
        a.appendVarchar(s.polarity);
        text(s.source);
        num(s.value);
        a.appendVarchar(s.sn_method);
        num(s.sn_average);
        a.appendInteger(s.sn_count);
        text(s.best_sn_code);
        num(s.best_sn_value);
        num(s.england);
        text(s.region_code);
        num(s.region);
        a.appendInteger(s.n_councils);
        num(s.q1);
        num(s.median);
        num(s.q3);
        num(s.top_quartile);
        text(s.quartile_band);
        s.rank === null ? a.appendNull() : a.appendInteger(s.rank);
        a.endRow();
      }
      a.closeSync();
    }
  });
}

/** The stored benchmark values, all or those matching an SQL condition. */
export async function storedValues(db: Database, where = "TRUE"): Promise<BenchmarkValue[]> {
  const rows = await query(
    db,
    `SELECT source, dataset, measure, breakdown, year, period, level, la_code, area_name, value, symbol, source_row
     FROM bm_values WHERE ${where}`,
  );
  return rows.map((r) => ({
    source: r.source as BenchmarkValue["source"],
    dataset: String(r.dataset),
    measure: String(r.measure),
    breakdown: String(r.breakdown),
    year: Number(r.year),
    period: String(r.period),
    level: r.level as BenchmarkValue["level"],
    la_code: String(r.la_code),
    area_name: String(r.area_name ?? ""),
    value: r.value as number | null,
    symbol: (r.symbol as string | null) ?? null,
    row: Number(r.source_row),
  }));
}

/** Where the stored figures and neighbours came from, one line per dataset. */
export async function storedSources(
  db: Database,
): Promise<{ source: string; dataset: string; origin: string; publication: string }[]> {
  const rows = await query(
    db,
    "SELECT source, dataset, origin, publication FROM bm_sources ORDER BY origin DESC, source, dataset",
  );
  return rows.map((r) => ({
    source: String(r.source),
    dataset: String(r.dataset),
    origin: String(r.origin),
    publication: String(r.publication),
  }));
}

/** The stored statistical-neighbour groups, one per council. */
export async function storedNeighbours(db: Database): Promise<NeighbourGroup[]> {
  const rows = await query(
    db,
    "SELECT la_code, la_name, region_name, neighbour_rank, neighbour_code, closeness FROM bm_neighbours ORDER BY la_code, neighbour_rank",
  );
  const groups = new Map<string, NeighbourGroup>();
  for (const r of rows) {
    const code = String(r.la_code);
    let g = groups.get(code);
    if (!g) {
      g = {
        la_code: code,
        la_name: String(r.la_name ?? ""),
        region_name: String(r.region_name ?? ""),
        neighbours: [],
        row: 0,
      };
      groups.set(code, g);
    }
    g.neighbours.push({
      rank: Number(r.neighbour_rank),
      la_code: String(r.neighbour_code),
      closeness: String(r.closeness ?? ""),
    });
  }
  return [...groups.values()];
}
