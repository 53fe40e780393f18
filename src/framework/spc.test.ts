import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { xmr } from "./spc.ts";

const r6 = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
const flagged = (chart: ReturnType<typeof xmr>) =>
  chart.points.flatMap((p, i) => (p.signals.length > 0 ? [`${i}:${p.signals.join("+")}`] : []));

describe("xmr: a hand-computed chart", () => {
  // values 5 7 6 8 7 6 9 8 7 20
  // mean = 83 ÷ 10 = 8.3
  // moving ranges 2 1 2 1 1 3 1 1 13: sum 25 over 9 → 25/9 = 2.777778
  // limits 8.3 ± 2.66 × 25/9 = 8.3 ± 7.388889 → upper 15.688889, lower 0.911111
  // 20 > 15.688889: outside. The first six points are all below 8.3 (a run of 6: no signal).
  const values = [5, 7, 6, 8, 7, 6, 9, 8, 7, 20];

  it("mean, average moving range and process limits", () => {
    const c = xmr(values, "high");
    assert.equal(r6(c.mean), 8.3);
    assert.equal(r6(c.averageMovingRange), 2.777778);
    assert.equal(r6(c.upper), 15.688889);
    assert.equal(r6(c.lower), 0.911111);
    assert.equal(c.pointsUsed, 10);
    // 10 values < 12: limits flagged unreliable
    assert.equal(c.limitsUnreliable, true);
    assert.equal(r6(c.points[3]!.upper), 15.688889);
  });

  it("only the last point is special cause; its meaning follows polarity", () => {
    assert.deepEqual(flagged(xmr(values, "high")), ["9:above upper limit"]);
    assert.deepEqual(
      xmr(values, "high").points.map((p) => p.variation),
      [...Array(9).fill("common"), "special-improving"],
    );
    assert.equal(xmr(values, "low").points[9]!.variation, "special-concerning");
    assert.equal(xmr(values, "info").points[9]!.variation, "special-neutral");
    assert.equal(xmr(values, "range").points[9]!.variation, "special-neutral");
  });

  it("a baseline fixes the limits on the first N months", () => {
    // first 9: mean 63 ÷ 9 = 7; moving ranges 2 1 2 1 1 3 1 1 → 12 ÷ 8 = 1.5
    // limits 7 ± 2.66 × 1.5 = 7 ± 3.99 → 10.99 and 3.01; 20 is above
    const c = xmr(values, "high", { baseline: 9 });
    assert.equal(r6(c.mean), 7);
    assert.equal(r6(c.averageMovingRange), 1.5);
    assert.equal(r6(c.upper), 10.99);
    assert.equal(r6(c.lower), 3.01);
    assert.equal(c.pointsUsed, 9);
    // the 7s sit on the mean and break any run; only 20 signals
    assert.deepEqual(flagged(c), ["9:above upper limit"]);
  });
});

describe("xmr: shifts (runs on one side of the mean)", () => {
  it("7 consecutive points below the mean: all seven flagged", () => {
    // 4 5 4 5 4 5 4 | 6 7 6 7 6: mean (31 + 32) ÷ 12 = 5.25; the first 7 are below, the last 5 above
    // moving ranges 1 1 1 1 1 1 2 1 1 1 1 = 12 ÷ 11 = 1.090909; limits 5.25 ± 2.901818 (8.151818, 2.348182)
    const c = xmr([4, 5, 4, 5, 4, 5, 4, 6, 7, 6, 7, 6], "high");
    assert.equal(r6(c.mean), 5.25);
    assert.equal(r6(c.upper), 8.151818);
    assert.equal(c.limitsUnreliable, false); // 12 values
    assert.deepEqual(
      flagged(c),
      [0, 1, 2, 3, 4, 5, 6].map((i) => `${i}:run below mean`),
    );
    // below the mean when high is good: concerning
    assert.equal(c.points[0]!.variation, "special-concerning");
    assert.equal(c.points[7]!.variation, "common");
    // low polarity: the same run is improving
    assert.equal(xmr([4, 5, 4, 5, 4, 5, 4, 6, 7, 6, 7, 6], "low").points[6]!.variation, "special-improving");
  });

  it("exactly 6 on each side: no signal", () => {
    // 4 5 4 5 4 5 | 6 7 6 7 6 7: mean 66 ÷ 12 = 5.5; six below then six above
    // moving ranges all 1 → limits 5.5 ± 2.66 (8.16, 2.84)
    const c = xmr([4, 5, 4, 5, 4, 5, 6, 7, 6, 7, 6, 7], "high");
    assert.equal(r6(c.mean), 5.5);
    assert.equal(r6(c.averageMovingRange), 1);
    assert.deepEqual(flagged(c), []);
    assert.ok(c.points.every((p) => p.variation === "common"));
  });

  it("a run continues across a missing month", () => {
    // 4 5 4 _ 5 4 5 4 | 6 7 6 7 6: the same values as above with a gap, mean 5.25
    // moving ranges skip the gap: 1 1 | 1 1 1 2 1 1 1 1 = 11 ÷ 10 = 1.1
    const c = xmr([4, 5, 4, null, 5, 4, 5, 4, 6, 7, 6, 7, 6], "high");
    assert.equal(r6(c.mean), 5.25);
    assert.equal(r6(c.averageMovingRange), 1.1);
    assert.deepEqual(
      flagged(c),
      [0, 1, 2, 4, 5, 6, 7].map((i) => `${i}:run below mean`),
    );
    assert.deepEqual(c.points[3], {
      value: null,
      mean: c.mean,
      upper: c.upper,
      lower: c.lower,
      signals: [],
      variation: null,
    });
  });

  it("after a baseline, a sustained shift above the old mean is flagged", () => {
    // baseline 10 12 ×6: mean 11, moving ranges all 2 → limits 11 ± 5.32 (16.32, 5.68)
    // the last baseline month (12) and the seven after it (13 13 14 13 14 13 14) are above 11: a run of 8
    const values = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 13, 13, 14, 13, 14, 13, 14];
    const c = xmr(values, "high", { baseline: 12 });
    assert.equal(r6(c.mean), 11);
    assert.equal(r6(c.upper), 16.32);
    assert.equal(r6(c.lower), 5.68);
    assert.equal(c.pointsUsed, 12);
    assert.equal(c.limitsUnreliable, false);
    assert.deepEqual(
      flagged(c),
      [11, 12, 13, 14, 15, 16, 17, 18].map((i) => `${i}:run above mean`),
    );
    assert.equal(c.points[18]!.variation, "special-improving");
  });
});

describe("xmr: trends", () => {
  it("7 consecutive rising points: all flagged; each is judged by its side of the mean", () => {
    // 12 | 10 11 12 13 14 15 16 | 12 13 12 13: sum 153, mean 12.75
    // moving ranges 2 1 1 1 1 1 1 4 1 1 1 = 15 ÷ 11 = 1.363636; limits 12.75 ± 3.627273 (16.377273, 9.122727)
    // sides: 4 below then 4 above at most: no shift
    const c = xmr([12, 10, 11, 12, 13, 14, 15, 16, 12, 13, 12, 13], "high");
    assert.equal(r6(c.mean), 12.75);
    assert.equal(r6(c.upper), 16.377273);
    assert.deepEqual(
      flagged(c),
      [1, 2, 3, 4, 5, 6, 7].map((i) => `${i}:rising trend`),
    );
    // 10 lies below the mean: concerning even within a rising trend (Making Data Count colours by side)
    assert.equal(c.points[1]!.variation, "special-concerning");
    assert.equal(c.points[7]!.variation, "special-improving");
    assert.equal(c.points[8]!.variation, "common");
  });

  it("6 consecutive rising points: no signal", () => {
    // 12 | 10 11 12 13 14 15 | 12 13 12 13 12: mean 149 ÷ 12 = 12.416667
    const c = xmr([12, 10, 11, 12, 13, 14, 15, 12, 13, 12, 13, 12], "high");
    assert.equal(r6(c.mean), 12.416667);
    assert.deepEqual(flagged(c), []);
  });

  it("7 falling points make a falling trend", () => {
    // 12 | 16 15 14 13 12 11 10 | 12 13 12 13: mean 153 ÷ 12 = 12.75, mirror of the rising case
    const c = xmr([12, 16, 15, 14, 13, 12, 11, 10, 12, 13, 12, 13], "low");
    assert.deepEqual(
      flagged(c),
      [1, 2, 3, 4, 5, 6, 7].map((i) => `${i}:falling trend`),
    );
    // low is good: 10 below the mean is improving, 16 above is concerning
    assert.equal(c.points[7]!.variation, "special-improving");
    assert.equal(c.points[1]!.variation, "special-concerning");
  });

  it("a tie breaks a trend", () => {
    // 10 11 12 = 12 13 14 15 16: eight rising-ish points, but the tie splits them into 3 and 5
    // mean 152 ÷ 12 = 12.666667; moving ranges 2 1 1 0 1 1 1 1 4 1 1 = 14 ÷ 11 = 1.272727
    // upper 12.666667 + 2.66 × 1.272727 = 12.666667 + 3.385455 = 16.052121: 16 is inside
    const c = xmr([12, 10, 11, 12, 12, 13, 14, 15, 16, 12, 13, 12], "high");
    assert.equal(r6(c.upper), 16.052121);
    assert.deepEqual(flagged(c), []);
  });
});

describe("xmr: edge cases", () => {
  it("missing values contribute no value and no moving range", () => {
    // 5 _ 7 6: mean 18 ÷ 3 = 6; the only consecutive pair is 7, 6 → moving range 1
    const c = xmr([5, null, 7, 6], "high");
    assert.equal(c.mean, 6);
    assert.equal(c.averageMovingRange, 1);
    assert.equal(r6(c.upper), 8.66);
    assert.equal(r6(c.lower), 3.34);
    assert.equal(c.pointsUsed, 3);
    assert.equal(c.limitsUnreliable, true);
    assert.deepEqual(
      c.points.map((p) => p.variation),
      ["common", null, "common", "common"],
    );
  });

  it("a flat series: limits equal the mean, no point is beyond them, no signal", () => {
    const c = xmr(Array(12).fill(5), "high");
    assert.equal(c.upper, 5);
    assert.equal(c.lower, 5);
    assert.deepEqual(flagged(c), []);
  });

  it("too few values for limits", () => {
    const one = xmr([5, undefined], "high");
    assert.equal(one.mean, 5);
    assert.equal(one.upper, null);
    assert.equal(one.points[0]!.variation, "common");
    const none = xmr([null, null], "high");
    assert.equal(none.mean, null);
    assert.equal(none.pointsUsed, 0);
    assert.deepEqual(
      none.points.map((p) => p.variation),
      [null, null],
    );
    assert.deepEqual(xmr([], "high").points, []);
  });

  it("run and trend lengths and the reliability threshold are settings", () => {
    // with runLength 6, the six-below/six-above series signals throughout
    const c = xmr([4, 5, 4, 5, 4, 5, 6, 7, 6, 7, 6, 7], "high", { runLength: 6, minPoints: 20 });
    assert.equal(flagged(c).length, 12);
    assert.equal(c.limitsUnreliable, true);
    assert.throws(() => xmr([1, 2], "high", { baseline: 0 }), /baseline/);
  });
});
