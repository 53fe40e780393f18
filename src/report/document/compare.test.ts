/**
 * The report's "how we compare" section: absent with one council; with a
 * second council in the workspace, built from the same comparison as
 * `scorecard compare`, in the HTML, the workbook and the notes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { compareWorkspace } from "../../app/compare.ts";
import { parseFramework } from "../../framework/config.ts";
import { testWorkspace } from "../../testing/reportWorkspace.ts";
import type { Workspace } from "../../workspace/workspace.ts";
import { renderReportHtml } from "./html.ts";
import { buildReportModel } from "./model.ts";
import { renderReportXlsx } from "./xlsx.ts";

const FRAMEWORK = parseFramework({
  sections: [
    {
      title: "Front door",
      indicators: [
        { id: "rereferrals_12m_pct", ref: "FD2" },
        { id: "referrals_nfa_pct", ref: "FD3" },
      ],
    },
    { title: "Children looked after", indicators: [{ id: "cla_visits_on_time_pct", ref: "LAC1" }] },
  ],
});
const AS_AT = "2025-10-31";

let ws: Workspace;
let dispose: () => void;
before(async () => {
  ({ ws, dispose } = await testWorkspace());
});
after(() => dispose?.());

describe("the report's how we compare", () => {
  it("is left out when the workspace holds one council", async () => {
    const model = await buildReportModel(ws, {
      framework: FRAMEWORK,
      periodEnd: AS_AT,
      produced: "2025-12-01",
    });
    assert.equal(model.comparison, null);
    assert.doesNotMatch(await renderReportHtml(model), /How we compare/);
  });

  it("with a second council, places the report's council among them as compare does", async () => {
    // Rotherham (372): every figure of the test council 999, 5 points higher
    await ws.db.connection.run(
      `INSERT INTO indicator_values SELECT '372', indicator, period_type, period_start, period_end, numerator, denominator, value + 5
       FROM indicator_values WHERE la_code = '999'`,
    );
    const model = await buildReportModel(ws, {
      framework: FRAMEWORK,
      periodEnd: AS_AT,
      produced: "2025-12-01",
    });
    const c = model.comparison!;
    assert.equal(c.laCode, "999");
    assert.equal(c.region.periodEnd, AS_AT);
    assert.deepEqual(
      c.region.councils.map((x) => [x.la_code, x.name]),
      [
        ["372", "Rotherham"],
        ["999", "Test Borough Council"],
      ],
    );
    const [rereferrals, nfa, visits] = c.region.indicators;
    // lower is better: 999 is 5 points below 372, so first of two, band A (≤ Q1); 372 band D
    assert.deepEqual(
      rereferrals!.places.map((p) => [p.la_code, p.rank, p.band]),
      [
        ["999", 1, "A"],
        ["372", 2, "D"],
      ],
    );
    assert.equal(rereferrals!.periodType, "rolling12");
    // information measure: not ranked, highest (372) first
    assert.deepEqual(
      nfa!.places.map((p) => [p.la_code, p.rank, p.unranked]),
      [
        ["372", null, "no polarity"],
        ["999", null, "no polarity"],
      ],
    );
    // a stock, higher is better, at the month end: 372 first
    assert.equal(visits!.periodType, "month");
    assert.deepEqual(
      visits!.places.map((p) => p.la_code),
      ["372", "999"],
    );
    // the test council's code 999 is not in DfE's neighbour list: no neighbours
    assert.equal(rereferrals!.places.find((p) => p.la_code === "999")!.neighbours.listed, false);
    // the same comparison as scorecard compare's
    const region = await compareWorkspace(ws, { indicator: "rereferrals_12m_pct", periodEnd: AS_AT });
    assert.deepEqual(region.indicators[0], rereferrals);

    const html = await renderReportHtml(model);
    assert.match(html, /<li><a href="#how-we-compare">How we compare<\/a><\/li>/);
    assert.match(html, /<section class="page" id="how-we-compare"><h2>How we compare<\/h2>/);
    assert.match(html, /beside the 1 other councils of this workspace \(Rotherham\)/);
    assert.match(html, /<td>1 of 2<\/td><td>A<\/td>/);
    assert.ok(model.notes.some((n) => n.heading === "How we compare"));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReportXlsx(model)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("How we compare")!;
    assert.deepEqual(
      [3, 4, 5].map((r) => [sheet.getRow(r).getCell(1).value, sheet.getRow(r).getCell(5).value]),
      [
        ["rereferrals_12m_pct", 1],
        ["referrals_nfa_pct", null],
        ["cla_visits_on_time_pct", 2],
      ],
    );
  });
});
