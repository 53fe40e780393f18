import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatCounts, formatValue, longDate, monthLabel } from "./format.ts";

describe("report number formats", () => {
  it("writes values as the seed reports do", () => {
    assert.equal(formatValue(1041, "count", 0), "1,041");
    assert.equal(formatValue(46.5517, "percent", 1), "46.6%");
    assert.equal(formatValue(473.2, "rate10k", 1), "473.2");
    assert.equal(formatValue(0, "percent", 1), "0.0%");
    assert.equal(formatValue(null, "percent", 1), "–");
  });

  it("shows the counts behind a percentage only", () => {
    assert.equal(formatCounts(46, 261, "percent"), "46 of 261");
    assert.equal(formatCounts(12, 60000, "rate10k"), "");
  });

  it("labels months and dates", () => {
    assert.equal(monthLabel("2015-12-31"), "Dec-15");
    assert.equal(longDate("2026-10-31"), "31 October 2026");
  });
});
