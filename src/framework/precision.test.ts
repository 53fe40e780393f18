import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatValue } from "../report/format.ts";
import { atDisplayedPrecision, greaterOrEqual, isPresent, lessOrEqual } from "./precision.ts";

describe("atDisplayedPrecision", () => {
  it("rounds half away from zero on the shortest decimal, as the report displays", () => {
    assert.equal(atDisplayedPrecision(85.95, 1), 86);
    assert.equal(atDisplayedPrecision(83.05, 1), 83.1); // toFixed would give 83.0 (binary 83.0499…)
    assert.equal(atDisplayedPrecision(1.005, 2), 1.01);
    assert.equal(atDisplayedPrecision(-2.5, 0), -3);
    assert.equal(atDisplayedPrecision(12345.678, 0), 12346);
    assert.equal(atDisplayedPrecision(85.95, undefined), 85.95);
  });

  it("agrees with the report's formatting", () => {
    for (const [value, decimals] of [
      [83.05, 1],
      [1.005, 2],
      [1.45, 1],
      [8.345, 2],
      [17.649999, 1],
      [1040.5, 0],
    ] as const) {
      const shown = formatValue(value, "ratio", decimals).replaceAll(",", "");
      assert.equal(atDisplayedPrecision(value, decimals), Number(shown), `${value} at ${decimals}`);
    }
  });
});

describe("comparisons", () => {
  it("ignore floating-point noise but not real differences", () => {
    // 8.2 − 3.2 = 4.999999999999999 in floating point
    assert.equal(8.2 - 3.2 < 5, true);
    assert.equal(greaterOrEqual(8.2 - 3.2, 5), true);
    assert.equal(lessOrEqual(5, 8.2 - 3.2), true);
    assert.equal(lessOrEqual(5.0001, 5), false);
  });

  it("treat null, undefined and NaN as missing, zero as present", () => {
    assert.equal(isPresent(0), true);
    assert.equal(isPresent(null), false);
    assert.equal(isPresent(undefined), false);
    assert.equal(isPresent(Number.NaN), false);
  });
});
