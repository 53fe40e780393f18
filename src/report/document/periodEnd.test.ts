/**
 * A report at an earlier period end uses only data up to it: the summary's
 * signal is the one its trend chart and narrative show, and the report does
 * not change when the later months' figures are taken away.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { query } from "../../db/database.ts";
import { loadFramework } from "../../framework/load.ts";
import { testWorkspace } from "../../testing/reportWorkspace.ts";
import type { Workspace } from "../../workspace/workspace.ts";
import { buildReportModel, type ReportModel } from "./model.ts";

const PERIOD_END = "2025-03-31";

let ws: Workspace;
let dispose: () => void;

/** Per indicator: the summary's signal and direction, RAG, the chart's last SPC point and the narrative. */
function facts(model: ReportModel) {
  return model.sections.flatMap((s) =>
    s.indicators.map((i) => ({
      id: i.id,
      signal: i.line.signal,
      direction: i.line.direction,
      rag: i.line.rag,
      spc: i.trend.spc?.points.at(-1),
      mean: i.trend.spc?.mean,
      narrative: i.narrative.map((n) => n.text),
    })),
  );
}

describe("report at an earlier period end", () => {
  before(async () => {
    ({ ws, dispose } = await testWorkspace());
  });
  after(() => dispose());

  it("shows one signal in summary, chart and narrative, unchanged when later months are taken away", async () => {
    const framework = loadFramework(ws.settings, ws.dir);
    const early = await buildReportModel(ws, { framework, periodEnd: PERIOD_END, produced: "2025-12-05" });
    let signals = 0;
    for (const f of facts(early)) {
      const chartSignal = f.spc?.variation?.startsWith("special") ?? false;
      assert.equal(f.signal, chartSignal, f.id);
      const said = f.narrative.some((t) => /a real change, not noise/.test(t));
      assert.equal(said, chartSignal, `${f.id}: ${f.narrative.join(" ")}`);
      if (chartSignal) signals++;
    }
    assert.ok(signals > 0, "some indicator is a signal at the period end");
    // the later months' figures taken away (the data's coverage stays, so the period end is still in it)
    await query(ws.db, "DELETE FROM indicator_values WHERE period_end > CAST($1 AS DATE)", [PERIOD_END]);
    const alone = await buildReportModel(ws, { framework, periodEnd: PERIOD_END, produced: "2025-12-05" });
    assert.deepEqual(facts(alone), facts(early));
    assert.deepEqual(alone.summary, early.summary);
  });
});
