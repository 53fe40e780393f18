/**
 * One benchmark scenario in its own process (so peak memory is its own):
 * generate a synthetic council into a file workspace, then compute every
 * indicator for every period. With `--framework`, then also seed DfE's
 * benchmarks shipped with the product (data/benchmarks, as `init` and `demo`
 * do) and judge every figure (RAG, direction, signal, benchmarks) into the
 * report.
 * Prints one JSON line of measurements.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { buildScorecard } from "../src/app/scorecard.ts";
import { seedBenchmarks } from "../src/benchmarks/shipped.ts";
import { createSchema, openDatabase } from "../src/db/database.ts";
import { computeAll } from "../src/engine/compute.ts";
import { parseFramework } from "../src/framework/config.ts";
import { DEFAULT_FRAMEWORK } from "../src/framework/defaultFramework.ts";
import { CATALOGUE } from "../src/indicators/catalogue.ts";
import { DEFAULT_OPTIONS } from "../src/indicators/define.ts";
import { renderScorecardHtml } from "../src/report/html.ts";
import { loadGenerated } from "../src/synth/load.ts";
import { parseSettings, starterSettings } from "../src/workspace/settings.ts";
import { setCoverage } from "../src/workspace/workspace.ts";

const withFramework = process.argv.includes("--framework");
/** `--worker`: generate on a worker thread (loadGenerated's `worker` option). */
const onWorker = process.argv.includes("--worker");
const [name, populationText, yearsText, endDate = "2026-03-31"] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith("--"));
const population = Number(populationText);
const years = Number(yearsText);
const laCode = "999";

/** CPU seconds (user + system, every thread of the process, DuckDB's included) since `from`. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const dir = mkdtempSync(join(tmpdir(), "scorecard-bench-"));
const db = await openDatabase(join(dir, "workspace.duckdb"));
try {
  await createSchema(db);
  let t = performance.now();
  let cpu = process.cpuUsage();
  const summary = await loadGenerated(
    db,
    { seed: 1, population, years, endDate, laCode },
    { worker: onWorker },
  );
  const loadSeconds = (performance.now() - t) / 1000;
  const loadCpuSeconds = cpuSince(cpu);
  const loadAverage = loadavg()[0];
  await setCoverage(db, { laCode, dataFrom: summary.dataFrom, dataTo: summary.dataTo });
  const pop: string[] = [];
  for (let y = 2005; y <= 2031; y++) pop.push(`('${laCode}', ${y}, ${population})`);
  await db.connection.run(`INSERT INTO cfg_population VALUES ${pop.join(",")}`);
  t = performance.now();
  cpu = process.cpuUsage();
  await computeAll(db, CATALOGUE, DEFAULT_OPTIONS, [
    { laCode, dataFrom: summary.dataFrom, dataTo: summary.dataTo },
  ]);
  const computeSeconds = (performance.now() - t) / 1000;
  const computeCpuSeconds = cpuSince(cpu);
  let benchmarkImportSeconds: number | undefined;
  let judgeSeconds: number | undefined;
  let benchmarkFiles = 0;
  if (withFramework) {
    const settings = parseSettings({
      ...starterSettings("Bench Council", laCode, {}),
      benchmarks: { council: "372", snMethod: "mean" },
    });
    t = performance.now();
    const manifest = await seedBenchmarks(db, "mean");
    benchmarkImportSeconds = (performance.now() - t) / 1000;
    benchmarkFiles = manifest.publications.reduce((n, p) => n + p.files.length, 0);
    t = performance.now();
    const model = await buildScorecard(
      db,
      settings,
      parseFramework(DEFAULT_FRAMEWORK, "the default framework"),
    );
    renderScorecardHtml(model);
    judgeSeconds = (performance.now() - t) / 1000;
  }
  const values = await db.connection.runAndReadAll("SELECT count(*) FROM indicator_values");
  clearInterval(sampler);
  const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  console.log(
    JSON.stringify({
      name,
      population,
      years,
      dataFrom: summary.dataFrom,
      dataTo: summary.dataTo,
      rows: Object.values(summary.rowsByTable).reduce((a, b) => a + b, 0),
      rowsByTable: summary.rowsByTable,
      indicators: CATALOGUE.length,
      values: Number(values.getRows()[0]?.[0]),
      loadSeconds,
      loadCpuSeconds,
      loadAverage,
      computeSeconds,
      computeCpuSeconds,
      benchmarkFiles,
      benchmarkImportSeconds,
      judgeSeconds,
      peakMemoryGB: maxRss / 1024 ** 3,
    }),
  );
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
