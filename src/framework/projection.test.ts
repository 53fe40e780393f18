import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isProjectable, monthsElapsed, projectYearEnd } from "./projection.ts";

const flowCount = { kind: "flow", unit: "count" } as const;
const flowRate = { kind: "flow", unit: "rate10k" } as const;

describe("monthsElapsed", () => {
  it("counts April as 1 and March as 12, across the calendar year end", () => {
    assert.equal(monthsElapsed("2024-04-30"), 1);
    assert.equal(monthsElapsed("2024-12-31"), 9);
    assert.equal(monthsElapsed("2025-02-28"), 11);
    assert.equal(monthsElapsed("2024-02-29"), 11); // leap year February
    assert.equal(monthsElapsed("2025-03-31"), 12);
  });
});

describe("projectYearEnd", () => {
  it("scales a year-to-date count by 12 ÷ months elapsed", () => {
    // Q3 end: 226 + 241 + 250 = 717 referrals in 9 months → 717 × 12 ÷ 9 = 956
    assert.equal(projectYearEnd(flowCount, 717, "2024-12-31"), 956);
  });

  it("scales a rate the same way", () => {
    // 354.9 per 10,000 by the end of December → 354.9 × 12 ÷ 9 = 473.2
    assert.ok(Math.abs((projectYearEnd(flowRate, 354.9, "2024-12-31") ?? 0) - 473.2) < 1e-9);
  });

  it("returns the out-turn itself in March", () => {
    assert.equal(projectYearEnd(flowCount, 1000, "2025-03-31"), 1000);
  });

  it("is null for a missing value, never zero", () => {
    assert.equal(projectYearEnd(flowCount, null, "2024-12-31"), null);
    assert.equal(projectYearEnd(flowCount, undefined, "2024-12-31"), null);
  });

  it("is zero for a real zero", () => {
    assert.equal(projectYearEnd(flowCount, 0, "2024-06-30"), 0);
  });

  it("does not project percentages, means or stocks", () => {
    assert.equal(isProjectable({ kind: "flow", unit: "percent" }), false);
    assert.equal(isProjectable({ kind: "flow", unit: "days" }), false);
    assert.equal(isProjectable({ kind: "stock", unit: "rate10k" }), false);
    assert.equal(projectYearEnd({ kind: "flow", unit: "percent" }, 85, "2024-12-31"), null);
  });
});
