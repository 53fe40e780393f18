import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatValue } from "../report/format.ts";
import { atDisplayedPrecision, greaterOrEqual, isPresent, lessOrEqual } from "./precision.ts";

describe("atDisplayedPrecision", () => {
  it("rounds half away from zero on the shortest decimal, as the report displays", () => {
    assert.equal(atDisplayedPrecision(85.95, 1), 86);
    assert.equal(atDisplayedPrecision(83.05, 1), 83.1); // the double is 83.04999…; its shortest decimal is 83.05
    assert.equal(atDisplayedPrecision(1.005, 2), 1.01);
    assert.equal(atDisplayedPrecision(-2.5, 0), -3);
    assert.equal(atDisplayedPrecision(12345.678, 0), 12346);
    assert.equal(atDisplayedPrecision(17.649999, 1), 17.6);
    assert.equal(atDisplayedPrecision(85.95, undefined), 85.95);
    assert.equal(atDisplayedPrecision(Number.NaN, 1), Number.NaN);
  });

  it("gives the figure the report prints, for the same values", () => {
    // value, decimals, what the report prints, the number judged
    for (const [value, decimals, printed, judged] of [
      [83.05, 1, "83.1", 83.1],
      [1.005, 2, "1.01", 1.01],
      [1.45, 1, "1.5", 1.5],
      [8.345, 2, "8.35", 8.35],
      [17.649999, 1, "17.6", 17.6],
      [1040.5, 0, "1,041", 1041],
    ] as const) {
      assert.equal(formatValue(value, "ratio", decimals), printed, `${value} at ${decimals}`);
      assert.equal(atDisplayedPrecision(value, decimals), judged, `${value} at ${decimals}`);
    }
  });
});

describe("comparisons", () => {
  it("ignore floating-point noise but not real differences", () => {
    // 4.999999999999999 is what 8.2 − 3.2 gives in a double: one unit in the last place below 5
    assert.equal(greaterOrEqual(4.999999999999999, 5), true);
    assert.equal(lessOrEqual(5, 4.999999999999999), true);
    assert.equal(greaterOrEqual(4.9999, 5), false);
    assert.equal(lessOrEqual(5.0001, 5), false);
    // the tolerance is 1e-9 of the larger magnitude: 1e-7 at 100
    assert.equal(lessOrEqual(100.00000001, 100), true); // over by 1e-8
    assert.equal(lessOrEqual(100.000001, 100), false); // over by 1e-6
    assert.equal(lessOrEqual(0.0000000005, 0), true); // below the 1e-9 floor near zero
    assert.equal(lessOrEqual(0.000001, 0), false);
  });

  it("treat null, undefined, NaN and infinities as missing, zero as present", () => {
    assert.equal(isPresent(0), true);
    assert.equal(isPresent(-3.5), true);
    assert.equal(isPresent(null), false);
    assert.equal(isPresent(undefined), false);
    assert.equal(isPresent(Number.NaN), false);
    assert.equal(isPresent(Number.POSITIVE_INFINITY), false);
  });
});
