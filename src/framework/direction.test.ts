import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { comparisonPeriodEnd, DirectionSettingsSchema, direction } from "./direction.ts";

describe("direction", () => {
  it("high polarity: up is improving, down is declining", () => {
    assert.equal(direction(88, 85, "high"), "improving");
    assert.equal(direction(85, 88, "high"), "declining");
  });

  it("low polarity: down is improving, up is declining", () => {
    assert.equal(direction(20, 22, "low"), "improving");
    assert.equal(direction(22, 20, "low"), "declining");
  });

  it("information and range measures say only higher or lower", () => {
    assert.equal(direction(1041, 1000, "info"), "higher");
    assert.equal(direction(9, 11, "range"), "lower");
    assert.equal(direction(9, 9, "range"), "no change");
  });

  it("missing current value is blank; missing previous value is new", () => {
    assert.equal(direction(null, 85, "high"), null);
    assert.equal(direction(Number.NaN, 85, "high"), null);
    assert.equal(direction(85, null, "high"), "new");
    assert.equal(direction(85, undefined, "low"), "new");
    assert.equal(direction(0, 0, "high"), "no change");
  });

  it("a change invisible at the displayed precision is no change", () => {
    // 1 decimal: 86.04 and 85.96 both show as 86.0
    assert.equal(direction(86.04, 85.96, "high", { decimals: 1 }), "no change");
    // 86.05 shows as 86.1, 85.96 as 86.0: +0.1
    assert.equal(direction(86.05, 85.96, "high", { decimals: 1 }), "improving");
    // unrounded, the 0.08 difference counts
    assert.equal(direction(86.04, 85.96, "high"), "improving");
  });

  it("a no-change threshold in the value's unit: |change| up to it is no change", () => {
    // 0 decimals, threshold 1: 86 − 85 = 1 → no change; 87 − 85 = 2 → improving
    assert.equal(direction(86, 85, "high", { decimals: 0, noChangeWithin: 1 }), "no change");
    assert.equal(direction(84, 85, "high", { decimals: 0, noChangeWithin: 1 }), "no change");
    assert.equal(direction(87, 85, "high", { decimals: 0, noChangeWithin: 1 }), "improving");
    // displayed 85.6 → 86 and 84.6 → 85: change 1, within the threshold
    assert.equal(direction(85.6, 84.6, "low", { decimals: 0, noChangeWithin: 1 }), "no change");
    // displayed 85.6 → 86 and 84.4 → 84: change 2, beyond it (up is worse for low polarity)
    assert.equal(direction(85.6, 84.4, "low", { decimals: 0, noChangeWithin: 1 }), "declining");
    // 1.1 − 0.6 = 0.5000000000000001 in floating point: still within 0.5
    assert.equal(direction(1.1, 0.6, "low", { decimals: 1, noChangeWithin: 0.5 }), "no change");
    assert.equal(direction(1.2, 0.6, "low", { decimals: 1, noChangeWithin: 0.5 }), "declining");
  });
});

describe("comparisonPeriodEnd", () => {
  it("previous: month on month for month, ytd and rolling 12; previous quarter; previous year", () => {
    assert.equal(comparisonPeriodEnd("month", "2024-03-31", "previous"), "2024-02-29");
    assert.equal(comparisonPeriodEnd("ytd", "2024-11-30", "previous"), "2024-10-31");
    assert.equal(comparisonPeriodEnd("rolling12", "2025-01-31", "previous"), "2024-12-31");
    assert.equal(comparisonPeriodEnd("quarter", "2024-12-31", "previous"), "2024-09-30");
    assert.equal(comparisonPeriodEnd("quarter", "2024-11-30", "previous"), "2024-08-31");
    assert.equal(comparisonPeriodEnd("year", "2025-03-31", "previous"), "2024-03-31");
  });

  it("same period last year: twelve months back, month ends clamped (leap years)", () => {
    assert.equal(comparisonPeriodEnd("month", "2024-02-29", "same period last year"), "2023-02-28");
    assert.equal(comparisonPeriodEnd("month", "2025-02-28", "same period last year"), "2024-02-29");
    assert.equal(comparisonPeriodEnd("ytd", "2024-11-30", "same period last year"), "2023-11-30");
  });
});

describe("DirectionSettingsSchema", () => {
  it("defaults to month on month with no threshold, and rejects a negative threshold", () => {
    assert.deepEqual(DirectionSettingsSchema.parse({}), { basis: "previous", noChangeWithin: 0 });
    assert.equal(DirectionSettingsSchema.safeParse({ noChangeWithin: -1 }).success, false);
    assert.equal(DirectionSettingsSchema.safeParse({ basis: "last month" }).success, false);
  });
});
