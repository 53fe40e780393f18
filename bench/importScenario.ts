/**
 * Import benchmark, step 2 (its own process, so peak memory is the
 * import's alone): import a folder of files into a new workspace without
 * recomputing, as `scorecard import` does, and print one JSON line with the
 * time (wall and CPU: the machine may be shared), the peak memory and the
 * records read. `--whole` reads SSDA903 CSVs, a CIN census and an Annex A workbook whole, as before streaming;
 * `--rules-worker` runs an SSDA903 import's rules on a worker thread.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFiles } from "../src/app/import.ts";
import { starterSettings } from "../src/workspace/settings.ts";
import { initWorkspace, openWorkspace } from "../src/workspace/workspace.ts";

const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith("--")) ?? "";
const whole = args.includes("--whole");
const rulesWorker = args.includes("--rules-worker");
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 25);
const dir = mkdtempSync(join(tmpdir(), "scorecard-bench-import-"));
try {
  const population: Record<number, number> = {};
  for (let y = 1990; y <= 2030; y++) population[y] = 100_000;
  await initWorkspace(join(dir, "ws"), starterSettings("Bench Council", "999", population));
  const ws = await openWorkspace(join(dir, "ws"));
  const baseline = process.memoryUsage().rss;
  try {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = await importFiles(ws, [folder], {
      recompute: false,
      ...(whole ? { ssda903: { whole }, cin: { whole }, annexA: { whole } } : {}),
      ...(rulesWorker ? { ssda903: { rulesOnWorker: true } } : {}),
    });
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    clearInterval(sampler);
    const read = Object.values(r.counts).reduce((n, c) => n + c.read, 0);
    const added = Object.values(r.counts).reduce((n, c) => n + c.added, 0);
    console.log(
      JSON.stringify({
        seconds,
        cpuSeconds,
        read,
        added,
        errors: r.errors,
        warnings: r.warnings,
        baselineGB: baseline / 1024 ** 3,
        peakGB: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 ** 3,
      }),
    );
  } finally {
    ws.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
