import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { directionOfTravel } from "./scorecard.ts";

describe("direction of travel", () => {
  it("reads a rise as improving when high is good and declining when low is good", () => {
    assert.equal(directionOfTravel("high", 80.0, 82.5, 1), "improving");
    assert.equal(directionOfTravel("low", 22.0, 24.1, 1), "declining");
    assert.equal(directionOfTravel("low", 24.1, 22.0, 1), "improving");
  });

  it("says only higher or lower for information and range measures", () => {
    assert.equal(directionOfTravel("info", 935, 1029, 0), "higher");
    assert.equal(directionOfTravel("range", 16.6, 14.1, 1), "lower");
  });

  it("treats a change invisible at the displayed precision as no change", () => {
    // 46.62% and 46.64% both show as 46.6%
    assert.equal(directionOfTravel("high", 46.62, 46.64, 1), "no change");
    // 46.64 → 46.66 shows 46.6% → 46.7%: a visible rise
    assert.equal(directionOfTravel("high", 46.64, 46.66, 1), "improving");
  });

  it("is new when either month has no value", () => {
    assert.equal(directionOfTravel("high", null, 50, 1), "new");
    assert.equal(directionOfTravel("high", 50, null, 1), "new");
  });
});
