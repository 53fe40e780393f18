/**
 * Region benchmark, step 2 (its own process, so peak memory is the
 * region's alone): a new workspace listing the region's councils (as
 * `demo --councils` writes its settings), DfE's shipped benchmarks seeded;
 * then, as a user would, each council's folder imported with `--council LA`
 * (the workspace opened afresh for each, no recompute), one compute of every
 * council, and `compare` of every indicator (opened read-only, as the
 * command does) with its HTML, then XLSX and CSV for reference. Each step
 * timed: wall, CPU (process.cpuUsage: the machine may be shared) and peak
 * RSS sampled during it. Prints one JSON line.
 *
 * Usage: regionScenario.ts FILES_DIR STAMP_JSON [--keep DIR]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { compareWorkspace } from "../src/app/compare.ts";
import { computeWorkspace } from "../src/app/compute.ts";
import { type RegionParams, regionSettings } from "../src/app/demoRegion.ts";
import { importFiles } from "../src/app/import.ts";
import { seedBenchmarks } from "../src/benchmarks/shipped.ts";
import { query } from "../src/db/database.ts";
import { renderCompareHtml } from "../src/report/compare/html.ts";
import { COMPARE_COLUMNS, comparisonRows } from "../src/report/compare/rows.ts";
import { renderCompareXlsx } from "../src/report/compare/xlsx.ts";
import { toCsv } from "../src/report/tableFormats.ts";
import type { RegionCouncil } from "../src/synth/region.ts";
import { DATABASE_FILE, initWorkspace, openWorkspace } from "../src/workspace/workspace.ts";

const args = process.argv.slice(2);
const [filesDir = "", stampPath = ""] = args.filter((a) => !a.startsWith("--"));
const made = JSON.parse(readFileSync(stampPath, "utf8")) as {
  params: RegionParams;
  councils: RegionCouncil[];
};

let stepPeak = 0;
const sampler = setInterval(() => {
  stepPeak = Math.max(stepPeak, process.memoryUsage().rss);
}, 25);

/** One step's wall and CPU seconds and the peak RSS sampled during it (GB). */
interface Timing {
  wall: number;
  cpu: number;
  peakGB: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T } & Timing> {
  stepPeak = process.memoryUsage().rss;
  const t = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  stepPeak = Math.max(stepPeak, process.memoryUsage().rss);
  return {
    result,
    wall: (performance.now() - t) / 1000,
    cpu: (used.user + used.system) / 1e6,
    peakGB: stepPeak / 1024 ** 3,
  };
}
const plain = ({ wall, cpu, peakGB }: Timing): Timing => ({ wall, cpu, peakGB });

const keep = args.includes("--keep") ? args[args.indexOf("--keep") + 1] : undefined;
const root = keep ?? mkdtempSync(join(tmpdir(), "scorecard-bench-region-"));
const dir = join(root, "ws");
const dbBytes = () => statSync(join(dir, DATABASE_FILE)).size;
try {
  rmSync(dir, { recursive: true, force: true });
  await initWorkspace(dir, regionSettings(made.councils, made.params));
  {
    const ws = await openWorkspace(dir, { allCouncils: true });
    try {
      await seedBenchmarks(ws.db, ws.settings.benchmarks?.snMethod ?? "mean");
    } finally {
      ws.close();
    }
  }
  const councils: (Timing & {
    laCode: string;
    children: number;
    read: number;
    errors: number;
    warnings: number;
  })[] = [];
  const importAll = await timed(async () => {
    for (const c of made.councils) {
      const one = await timed(async () => {
        const ws = await openWorkspace(dir, { allCouncils: true });
        try {
          return await importFiles(ws, [join(filesDir, c.laCode)], { recompute: false, council: c.laCode });
        } finally {
          ws.close();
        }
      });
      const read = Object.values(one.result.counts).reduce((n, x) => n + x.read, 0);
      councils.push({
        laCode: c.laCode,
        children: c.population,
        read,
        errors: one.result.errors,
        warnings: one.result.warnings,
        ...plain(one),
      });
      console.error(
        `  imported ${c.laCode}: ${read.toLocaleString("en-GB")} records in ${one.wall.toFixed(1)} s (CPU ${one.cpu.toFixed(1)} s, peak ${one.peakGB.toFixed(2)} GB)`,
      );
    }
  });
  // the councils' own timings reset the sampled peak: the import's is the largest of theirs
  importAll.peakGB = Math.max(importAll.peakGB, ...councils.map((c) => c.peakGB));
  const afterImportBytes = dbBytes();
  const compute = await timed(async () => {
    const ws = await openWorkspace(dir, { allCouncils: true });
    try {
      await computeWorkspace(ws);
      const [{ n }] = (await query(ws.db, "SELECT count(*) AS n FROM indicator_values")) as [{ n: unknown }];
      return Number(n);
    } finally {
      ws.close();
    }
  });
  console.error(`  computed in ${compute.wall.toFixed(1)} s`);
  const ws = await openWorkspace(dir, { readOnly: true, allCouncils: true });
  try {
    const compare = await timed(async () => {
      const region = await compareWorkspace(ws);
      return { region, html: renderCompareHtml(region) };
    });
    const xlsx = await timed(() => renderCompareXlsx(compare.result.region));
    const csv = await timed(async () => toCsv(COMPARE_COLUMNS, comparisonRows(compare.result.region)));
    clearInterval(sampler);
    const ranked = compare.result.region.indicators;
    console.log(
      JSON.stringify({
        councils,
        children: made.councils.reduce((n, c) => n + c.population, 0),
        import: plain(importAll),
        read: councils.reduce((n, c) => n + c.read, 0),
        errors: councils.reduce((n, c) => n + c.errors, 0),
        warnings: councils.reduce((n, c) => n + c.warnings, 0),
        afterImportGB: afterImportBytes / 1024 ** 3,
        compute: plain(compute),
        values: compute.result,
        afterComputeGB: dbBytes() / 1024 ** 3,
        compare: plain(compare),
        compared: ranked.length,
        htmlMB: compare.result.html.length / 1024 ** 2,
        xlsx: plain(xlsx),
        csv: plain(csv),
        peakGB: (process.resourceUsage().maxRSS * 1024) / 1024 ** 3,
        load: loadavg(),
        workspaceFiles: readdirSync(dir),
      }),
    );
  } finally {
    ws.close();
  }
} finally {
  clearInterval(sampler);
  if (!keep) rmSync(root, { recursive: true, force: true });
}
