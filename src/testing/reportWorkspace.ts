/**
 * A small generated council in a workspace folder, computed and with DfE's
 * shipped benchmarks, as the report document's tests read it (the demo's
 * path, smaller). Test support only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeWorkspace } from "../app/compute.ts";
import { seedBenchmarks } from "../benchmarks/shipped.ts";
import { parseFramework } from "../framework/config.ts";
import { loadGenerated } from "../synth/load.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, setCoverage, type Workspace } from "../workspace/workspace.ts";

/** The generated council's parameters: 4,000 children, 3 years to 30 November 2025. */
export const TEST_COUNCIL = { seed: 5, population: 4_000, years: 3, endDate: "2025-11-30", laCode: "999" };

/** A framework of three indicators in two sections (a breakdown, a threshold target), as the document's tests use it. */
export const SMALL_FRAMEWORK = parseFramework({
  sections: [
    {
      title: "Front door",
      indicators: [
        { id: "referrals", ref: "FD1", breakdown: "age_band" },
        {
          id: "rereferrals_12m_pct",
          ref: "FD2",
          targets: [{ form: "threshold", green: 23, amber: 26, from: "2010-04-01" }],
        },
      ],
    },
    { title: "Children looked after", indicators: [{ id: "cla_open", ref: "LA1" }] },
  ],
});

/** Creates, fills and computes the workspace; `dispose` closes it and removes the folder. */
export async function testWorkspace(): Promise<{ ws: Workspace; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "scorecard-report-"));
  const pop: Record<number, number> = {};
  for (let y = 2015; y <= 2026; y++) pop[y] = TEST_COUNCIL.population;
  const settings = starterSettings("Test Borough Council", TEST_COUNCIL.laCode, pop);
  settings.benchmarks = { council: "372", snMethod: "mean" };
  await initWorkspace(dir, settings);
  const ws = await openWorkspace(dir);
  await seedBenchmarks(ws.db, "mean");
  const s = await loadGenerated(ws.db, TEST_COUNCIL);
  await setCoverage(ws.db, { laCode: TEST_COUNCIL.laCode, dataFrom: s.dataFrom, dataTo: s.dataTo });
  await computeWorkspace(ws);
  return {
    ws,
    dispose() {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
