/**
 * Bench (g): the report document of the mid-size council. Generates,
 * computes and seeds benchmarks into a workspace folder (not timed), then
 * times building the report model and writing the report as HTML (every
 * chart drawn), XLSX and PDF (the HTML printed by Chromium), each as
 * `scorecard report` does it, with the wall-clock and the process's CPU
 * seconds (the PDF's printing is in Chromium's processes: wall-clock only).
 * Prints one JSON line of measurements.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeWorkspace } from "../src/app/compute.ts";
import { seedBenchmarks } from "../src/benchmarks/shipped.ts";
import { loadFramework } from "../src/framework/load.ts";
import { findBrowser } from "../src/report/document/browser.ts";
import { renderReportHtml } from "../src/report/document/html.ts";
import { buildReportModel } from "../src/report/document/model.ts";
import { renderReportXlsx } from "../src/report/document/xlsx.ts";
import { loadGenerated } from "../src/synth/load.ts";
import { starterSettings } from "../src/workspace/settings.ts";
import { initWorkspace, openWorkspace, setCoverage } from "../src/workspace/workspace.ts";

const [populationText, yearsText, endDate = "2026-03-31"] = process.argv.slice(2);
const population = Number(populationText);
const laCode = "999";
const dir = mkdtempSync(join(tmpdir(), "scorecard-bench-report-"));

/** Wall-clock and CPU seconds of `work`. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const result = await work();
  const cpu = process.cpuUsage(cpu0);
  return { result, wall: (performance.now() - t) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

try {
  const pop: Record<number, number> = {};
  for (let y = 2005; y <= 2031; y++) pop[y] = population;
  const settings = starterSettings("Bench Council", laCode, pop);
  settings.benchmarks = { council: "372", snMethod: "mean" };
  await initWorkspace(join(dir, "ws"), settings);
  const ws = await openWorkspace(join(dir, "ws"));
  try {
    await seedBenchmarks(ws.db, "mean");
    const s = await loadGenerated(ws.db, { seed: 1, population, years: Number(yearsText), endDate, laCode });
    await setCoverage(ws.db, { laCode, dataFrom: s.dataFrom, dataTo: s.dataTo });
    await computeWorkspace(ws);
    const framework = loadFramework(ws.settings, ws.dir);
    // a first model, untimed, so module loading and vega's first compile are not in the figures
    await renderReportHtml(await buildReportModel(ws, { framework, publish: true }));
    // as `report --format html` and `--format xlsx` build it: the workbook's model also reads the exception lists
    const model = await timed(() => buildReportModel(ws, { framework }));
    const html = await timed(() => renderReportHtml(model.result));
    const xlsxModel = await timed(() => buildReportModel(ws, { framework, exceptions: true }));
    const xlsx = await timed(() => renderReportXlsx(xlsxModel.result));
    let pdf: { wall: number; bytes: number; pages: number } | null = null;
    if (findBrowser()) {
      const { renderReportPdf } = await import("../src/report/document/pdf.ts");
      const t = performance.now();
      const buf = await renderReportPdf(html.result, {
        council: "Bench Council",
        period: model.result.cover.periodLabel,
      });
      pdf = {
        wall: (performance.now() - t) / 1000,
        bytes: buf.length,
        pages: (buf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length,
      };
    }
    const charts = model.result.sections.reduce(
      (n, sec) => n + sec.indicators.length + sec.indicators.filter((i) => i.breakdown).length,
      model.result.flows.length,
    );
    console.log(
      JSON.stringify({
        asAt: model.result.cover.periodEnd,
        indicators: model.result.sections.reduce((n, sec) => n + sec.indicators.length, 0),
        charts,
        model: { wall: model.wall, cpu: model.cpu },
        html: { wall: html.wall, cpu: html.cpu, bytes: html.result.length },
        xlsxModel: { wall: xlsxModel.wall, cpu: xlsxModel.cpu },
        xlsx: { wall: xlsx.wall, cpu: xlsx.cpu, bytes: xlsx.result.length },
        pdf,
        load: (await import("node:os")).loadavg()[0],
      }),
    );
  } finally {
    ws.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
