/**
 * `scorecard benchmarks import|show`: DfE's published benchmarks into the
 * workspace, and the statistics the scorecard compares with.
 *
 * Why import once: the report, `values` and RAG against a benchmark read
 * the stored tables, so no DfE file is needed after import. Each file is
 * recognised by its name and header (LAIT's long parquet file, EES CSVs,
 * the statistical-neighbour list, hand-entered benchmarks); after every
 * import the statistics are recomputed from everything stored.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { BENCHMARK_MAP } from "../../benchmarks/mapping.ts";
import { readEesCsv, readLaitBds, readManualBenchmarks, readNeighbours } from "../../benchmarks/readers.ts";
import { checkBenchmarkCouncil } from "../../benchmarks/shipped.ts";
import { allBenchmarkStats, type NeighbourMethod } from "../../benchmarks/statistics.ts";
import {
  createBenchmarkTables,
  storeBenchmarks,
  storedNeighbours,
  storedValues,
} from "../../benchmarks/store.ts";
import { sqlLiteral } from "../../db/quote.ts";
import type { Issue } from "../../ingest/issues.ts";
import { type Database, query } from "../../workspace/database.ts";
import { UserError } from "../../workspace/errors.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { toCsv, toTextTable } from "../format.ts";

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
  await createBenchmarkTables(db);
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

const SHOW_COLUMNS = [
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

export const benchmarksCommand: CommandRunner = {
  async run({ values, positionals }) {
    const [action, ...files] = positionals;
    if (action !== "import" && action !== "show") {
      throw new UserError(`benchmarks: say import or show (got "${action}")`);
    }
    if (action === "import" && files.length === 0)
      throw new UserError("benchmarks import: name at least one FILE");
    if (action === "show" && files.length > 0)
      throw new UserError(`benchmarks show: unexpected argument "${files[0]}"`);
    const ws = await openWorkspace(requiredOption(values, "dir", "benchmarks"));
    try {
      if (action === "import") {
        const reports = await importBenchmarks(ws.db, files, ws.settings.benchmarks?.snMethod ?? "mean");
        for (const r of reports) {
          const errors = r.issues.filter((i) => i.severity === "error").length;
          const warnings = r.issues.length - errors;
          console.log(
            `${r.file}: ${r.kind}, ${r.rows.toLocaleString("en-GB")} rows${errors ? `, ${errors} errors` : ""}${warnings ? `, ${warnings} warnings` : ""}`,
          );
          for (const i of r.issues.filter((x) => x.severity === "error").slice(0, 5)) {
            console.log(`  ${i.row ? `row ${i.row}: ` : ""}${i.column ? `${i.column}: ` : ""}${i.message}`);
          }
        }
        return;
      }
      const format = String(values.format ?? "text");
      if (format !== "text" && format !== "csv")
        throw new UserError(`benchmarks: --format must be text or csv (got "${format}")`);
      const council = String(values.council ?? ws.settings.benchmarks?.council ?? ws.settings.council.laCode);
      if (!/^\d{3}$/.test(council))
        throw new UserError(`benchmarks: --council is a 3-digit LA code (got "${council}")`);
      if (values.council !== undefined)
        await checkBenchmarkCouncil(ws.db, council, "benchmarks show: --council");
      else if (ws.settings.benchmarks?.council !== undefined)
        await checkBenchmarkCouncil(ws.db, council, `${ws.dir}/settings.json: benchmarks.council`);
      await createBenchmarkTables(ws.db);
      const order = BENCHMARK_MAP.map((m, k) => `WHEN ${sqlLiteral(m.indicator)} THEN ${k}`).join(" ");
      const rows = await query(
        ws.db,
        `SELECT ${SHOW_COLUMNS.join(", ")} FROM bm_stats WHERE la_code = $1
         ORDER BY CASE indicator ${order} ELSE 9999 END, year`,
        [council],
      );
      if (rows.length === 0) {
        console.log(`no benchmarks for LA ${council}: import DfE's files with "scorecard benchmarks import"`);
        return;
      }
      const tidy = rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            typeof v === "number" && !Number.isInteger(v) ? Number(v.toFixed(2)) : v,
          ]),
        ),
      );
      process.stdout.write(format === "csv" ? toCsv(SHOW_COLUMNS, tidy) : toTextTable(SHOW_COLUMNS, tidy));
    } finally {
      ws.close();
    }
  },
};
