import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isSuppressed } from "../report/suppress.ts";
import { sixCouncilWorkspace } from "../testing/sixCouncils.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { compareWorkspace } from "./compare.ts";

/** The six councils of testing/sixCouncils.ts: Barnsley 370, Doncaster 371, Rotherham 372, Wakefield 384, Tameside 357, Sheffield 373. */
const tmp = mkdtempSync(join(tmpdir(), "compare-app-"));
let ws: Workspace;

before(async () => {
  ws = await sixCouncilWorkspace(join(tmp, "ws"));
});
after(() => {
  ws?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("compareWorkspace", () => {
  it("compares at the latest month every council's data covers, rolling 12 months for a flow", async () => {
    const region = await compareWorkspace(ws, { indicator: "rereferrals_12m_pct" });
    assert.equal(region.periodEnd, "2025-03-31");
    const [c] = region.indicators;
    assert.equal(c!.periodType, "rolling12");
    assert.deepEqual(
      c!.places.map((p) => [p.la_code, p.name, p.rank, p.band]),
      [
        // lower is better: 12 < 18.5 < 20 = 20 < 25 < 31; quartiles of the six: Q1 18.875, median 20, Q3 23.75
        ["373", "Sheffield", 1, "A"],
        ["357", "Tameside", 2, "A"],
        ["370", "Barnsley", 3, "B"],
        ["372", "Rotherham", 3, "B"],
        ["371", "Doncaster", 5, "D"],
        ["384", "Wakefield", 6, "D"],
      ],
    );
    // (12 + 18.5 + 20 + 20 + 25 + 31) / 6 = 21.083…
    assert.ok(Math.abs(c!.mean! - 126.5 / 6) < 1e-9);
    assert.deepEqual([c!.median, c!.q1, c!.q3], [20, 18.875, 23.75]);
    const rotherham = c!.places.find((p) => p.la_code === "372")!;
    // DfE's list, read from the workspace: 370 20 + 357 18.5 + 371 25 + 384 31 = 94.5 / 4
    assert.deepEqual(rotherham.neighbours.present, ["370", "357", "371", "384"]);
    assert.equal(rotherham.neighbours.average, 23.625);
    // the shipped LAIT figure for Rotherham, 2024-25 (the year ending 31 March 2025)
    assert.equal(rotherham.published?.year, 2025);
    assert.equal(rotherham.published?.value, 19.6);
    assert.equal(rotherham.published?.england, 22.6);
  });

  it("compares the figures of --period-type for every indicator", async () => {
    const region = await compareWorkspace(ws, { indicator: "rereferrals_12m_pct", periodType: "month" });
    const [c] = region.indicators;
    // only 370 (50.0) and 373 (30.0) have a month figure; the four others have none
    assert.deepEqual(
      c!.places.map((p) => [p.la_code, p.rank, p.unranked]),
      [
        ["373", 1, null],
        ["370", 2, null],
        ["357", null, "no figure"],
        ["371", null, "no figure"],
        ["372", null, "no figure"],
        ["384", null, "no figure"],
      ],
    );
    assert.equal(c!.mean, 40);
  });

  it("higher is better; a figure shown the same shares a rank; a null figure is no figure", async () => {
    const [c] = (await compareWorkspace(ws, { indicator: "assessments_45wd_pct" })).indicators;
    // shown 90.0, 85.0, 85.0, 75.0, 60.0: quartiles of five: Q1 75, median 85, Q3 85
    assert.deepEqual(
      c!.places.map((p) => [p.la_code, p.rank, p.band]),
      [
        ["372", 1, "A"],
        ["370", 2, "C"],
        ["371", 2, "C"],
        ["357", 4, "D"],
        ["373", 5, "D"],
        ["384", null, null],
      ],
    );
    // (90 + 85 + 85 + 75 + 60) / 5
    assert.equal(c!.mean, 79);
    assert.deepEqual([c!.q1, c!.median, c!.q3], [75, 85, 85]);
  });

  it("publishing, a figure resting on a count of 1 to 4 is suppressed and left out", async () => {
    const region = await compareWorkspace(ws, {
      indicator: "assessments_45wd_pct",
      suppressed: isSuppressed,
    });
    const [c] = region.indicators;
    assert.equal(region.publish, true);
    // 357's 3 of 4 is suppressed: shown 90, 85, 85, 60 → mean 320 / 4, Q1 78.75, median 85, Q3 86.25
    assert.deepEqual(
      c!.places.map((p) => [p.la_code, p.rank, p.band, p.unranked]),
      [
        ["372", 1, "A", null],
        ["370", 2, "C", null],
        ["371", 2, "C", null],
        ["373", 4, "D", null],
        ["357", null, null, "suppressed"],
        ["384", null, null, "no figure"],
      ],
    );
    assert.deepEqual([c!.mean, c!.q1, c!.median, c!.q3], [80, 78.75, 85, 86.25]);
    // 372's neighbours: 370 85 + 371 85 (357 suppressed, 384 none) → 85, 2 of its 4 present with a figure
    const r = c!.places.find((p) => p.la_code === "372")!;
    assert.deepEqual(
      [r.neighbours.present.length, r.neighbours.withFigure.length, r.neighbours.average],
      [4, 2, 85],
    );
  });

  it("every indicator of the framework, by default", async () => {
    const region = await compareWorkspace(ws);
    assert.ok(region.indicators.length > 40);
    assert.equal(region.councils.length, 6);
  });

  it("refuses an unknown indicator and a period end that is not a month end, in one line", async () => {
    await assert.rejects(compareWorkspace(ws, { indicator: "nope" }), /compare: no indicator "nope"/);
    await assert.rejects(
      compareWorkspace(ws, { periodEnd: "2025-03-30" }),
      /compare: --period-end must be a month end \(2025-03-30 is not; try 2025-03-31\)/,
    );
  });
});
