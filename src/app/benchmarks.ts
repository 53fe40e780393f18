/**
 * Benchmarks: DfE's published files into the workspace, and the statistics
 * the scorecard compares with.
 *
 * Why import once: the report, `values` and RAG against a benchmark read
 * the stored tables, so no DfE file is needed after import. Each file is
 * recognised by its name and header (LAIT's long parquet file, EES CSVs,
 * the statistical-neighbour list, hand-entered benchmarks); after every
 * import the statistics are recomputed from everything stored.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { BENCHMARK_MAP } from "../benchmarks/mapping.ts";
import { readEesCsv, readLaitBds, readManualBenchmarks, readNeighbours } from "../benchmarks/readers.ts";
import { checkBenchmarkCouncil } from "../benchmarks/shipped.ts";
import { allBenchmarkStats, type NeighbourMethod } from "../benchmarks/statistics.ts";
import { storeBenchmarks, storedNeighbours, storedValues } from "../benchmarks/store.ts";
import { type Database, query } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import type { Issue } from "../ingest/issues.ts";
import type { Workspace } from "../workspace/workspace.ts";

/** What an import read, per file. */
export interface ImportReport {
  file: string;
  kind: string;
  rows: number;
  issues: Issue[];
}

type Kind = "lait" | "ees" | "neighbours" | "manual" | "skip";

function firstLine(path: string): string {
  try {
    return (readFileSync(path, "utf8").split(/\r?\n/, 1)[0] ?? "").replace(/^\uFEFF/, "").toLowerCase();
  } catch {
    return "";
  }
}

/** Which reader a file needs, from its name and (for CSV) header. */
function kindOf(path: string): Kind {
  const name = basename(path).toLowerCase();
  if (name.endsWith(".parquet")) return "lait";
  if (name.endsWith(".xlsx")) {
    if (/^sn_|neighbour/.test(name)) return "neighbours";
    if (name.startsWith("la_code_list")) return "skip";
    return "manual";
  }
  if (!name.endsWith(".csv")) return "skip";
  const header = firstLine(path);
  const cols = header.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
  if (cols.includes("time_period") && cols.includes("geographic_level")) return "ees";
  if (cols.includes("old_la_code") && cols.some((c) => /^sn_?1$/.test(c))) return "neighbours";
  if (["indicator", "year", "la_code", "value"].every((c) => cols.includes(c))) return "manual";
  return "skip";
}

/** The model year in a neighbour file's name (sn_model_2025 → 2025), else the current year. */
function modelYear(path: string): number {
  const m = /(20\d\d)/.exec(basename(path));
  return m ? Number(m[1]) : new Date().getFullYear();
}

/**
 * Imports benchmark files into the workspace database and recomputes the
 * statistics of every council with a neighbour group. Only the LAIT
 * measures the product maps are kept from LAIT's long file. Files that are
 * not benchmarks (LAIT's LA code list, population estimates) are reported
 * as skipped.
 */
export async function importBenchmarks(
  db: Database,
  files: readonly string[],
  snMethod: NeighbourMethod = "mean",
): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const file of files) {
    const kind = kindOf(file);
    if (kind === "skip") {
      reports.push({ file, kind: "skipped (not a benchmark file this product reads)", rows: 0, issues: [] });
      continue;
    }
    if (kind === "neighbours") {
      const r = await readNeighbours(file);
      if (r.rows.length)
        await storeBenchmarks(db, {
          neighbours: { year: modelYear(file), groups: r.rows },
          origin: { origin: "imported", publication: basename(file) },
        });
      reports.push({ file, kind: "statistical neighbours", rows: r.rows.length, issues: r.issues });
      continue;
    }
    const r =
      kind === "lait"
        ? await readLaitBds(file, { measures: BENCHMARK_MAP.map((m) => m.lait.measure) })
        : kind === "ees"
          ? await readEesCsv(file)
          : await readManualBenchmarks(file);
    if (r.rows.length)
      await storeBenchmarks(db, {
        values: r.rows,
        origin: { origin: "imported", publication: basename(file) },
      });
    const label =
      kind === "lait"
        ? "LAIT long data"
        : kind === "ees"
          ? "Explore Education Statistics"
          : "entered by hand";
    reports.push({ file, kind: label, rows: r.rows.length, issues: r.issues });
  }
  const stats = allBenchmarkStats(await storedValues(db), await storedNeighbours(db), BENCHMARK_MAP, {
    snMethod,
  });
  await storeBenchmarks(db, { stats });
  return reports;
}

/** The columns `benchmarksFor` returns, in order. */
export const BENCHMARK_SHOW_COLUMNS = [
  "indicator",
  "year",
  "value",
  "sn_average",
  "sn_count",
  "best_sn_value",
  "england",
  "region",
  "top_quartile",
  "quartile_band",
  "rank",
  "n_councils",
] as const;

/**
 * The stored statistics of a council (by default the settings' benchmark
 * council, else the workspace's own), in the order of the benchmark map
 * and by year. Throws a one-line UserError for a code that is not a council
 * DfE publishes neighbours for.
 */
export async function benchmarksFor(
  ws: Workspace,
  councilOption?: string,
): Promise<{ council: string; rows: Record<string, unknown>[] }> {
  const council = String(councilOption ?? ws.settings.benchmarks?.council ?? ws.settings.council.laCode);
  if (!/^\d{3}$/.test(council))
    throw new UserError(`benchmarks: --council is a 3-digit LA code (got "${council}")`);
  if (councilOption !== undefined) await checkBenchmarkCouncil(ws.db, council, "benchmarks show: --council");
  else if (ws.settings.benchmarks?.council !== undefined)
    await checkBenchmarkCouncil(ws.db, council, `${ws.dir}/settings.json: benchmarks.council`);
  const order = BENCHMARK_MAP.map((m, k) => `WHEN '${m.indicator}' THEN ${k}`).join(" ");
  const rows = await query(
    ws.db,
    `SELECT ${BENCHMARK_SHOW_COLUMNS.join(", ")} FROM bm_stats WHERE la_code = $1
     ORDER BY CASE indicator ${order} ELSE 9999 END, year`,
    [council],
  );
  return { council, rows };
}
