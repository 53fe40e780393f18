import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { publishCount, publishFigure } from "./suppress.ts";

describe("small-number suppression", () => {
  it("shows counts of 1 to 4 as <5; 0, 5 and blanks stay", () => {
    assert.deepEqual([0, 1, 4, 5, null].map(publishCount), [0, "<5", "<5", 5, null]);
  });

  it("suppresses a count indicator's value", () => {
    assert.deepEqual(publishFigure("count", { numerator: null, denominator: null, value: 4 }), {
      numerator: null,
      denominator: null,
      value: "<5",
    });
    assert.deepEqual(publishFigure("count", { numerator: null, denominator: null, value: 0 }).value, 0);
  });

  it("blanks a percentage whose numerator or denominator is 1 to 4", () => {
    // 1 of 20 = 5%: the numerator is small
    assert.deepEqual(publishFigure("percent", { numerator: 1, denominator: 20, value: 5 }), {
      numerator: "<5",
      denominator: 20,
      value: null,
    });
    // 0 of 4 = 0%: the denominator is small
    assert.deepEqual(publishFigure("percent", { numerator: 0, denominator: 4, value: 0 }), {
      numerator: 0,
      denominator: "<5",
      value: null,
    });
    // 0 of 5 and 5 of 5 are published as they are
    assert.deepEqual(publishFigure("percent", { numerator: 0, denominator: 5, value: 0 }), {
      numerator: 0,
      denominator: 5,
      value: 0,
    });
    assert.deepEqual(publishFigure("percent", { numerator: 5, denominator: 5, value: 100 }).value, 100);
  });

  it("treats a rate's population, a caseload's FTE and a mean's days as not counts", () => {
    // 3 referrals per 10,000 of 50,000 = 0.6: the count is small, the population is not a count
    assert.deepEqual(publishFigure("rate10k", { numerator: 3, denominator: 50_000, value: 0.6 }), {
      numerator: "<5",
      denominator: 50_000,
      value: null,
    });
    // 4 children over 2.5 FTE: suppressed; 6 children over 0.5 FTE (FTE below 5): published
    assert.equal(publishFigure("ratio", { numerator: 4, denominator: 2.5, value: 1.6 }).value, null);
    assert.equal(publishFigure("ratio", { numerator: 6, denominator: 0.5, value: 12 }).value, 12);
    // 2 adoptions, 800 days in all: mean 400 hidden, and its total of days with it
    assert.deepEqual(publishFigure("days", { numerator: 800, denominator: 2, value: 400 }), {
      numerator: null,
      denominator: "<5",
      value: null,
    });
    assert.equal(publishFigure("days", { numerator: 3, denominator: 5, value: 0.6 }).value, 0.6);
  });
});
