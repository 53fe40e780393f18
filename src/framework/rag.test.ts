import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rag } from "./rag.ts";
import { type DatedTarget, type Target, targetInForce } from "./targets.ts";

describe("rag: threshold with an amber band", () => {
  // "red < 83%, amber 83–86%, green ≥ 86%" (high is good)
  const t: Target = { form: "threshold", green: 86, amber: 83 };

  it("high polarity: on the green threshold is green, on the red/amber boundary is amber", () => {
    assert.equal(rag(90, t, "high"), "green");
    assert.equal(rag(86, t, "high"), "green");
    assert.equal(rag(85.9, t, "high"), "amber");
    assert.equal(rag(83, t, "high"), "amber");
    assert.equal(rag(82.9, t, "high"), "red");
    assert.equal(rag(0, t, "high"), "red");
  });

  it("compares at the displayed precision", () => {
    // 1 decimal: 85.96 shows as 86.0 → green; 85.94 shows as 85.9 → amber
    assert.equal(rag(85.96, t, "high", {}, 1), "green");
    assert.equal(rag(85.94, t, "high", {}, 1), "amber");
    // 0 decimals: 82.5 shows as 83 → amber; 82.49 shows as 82 → red
    assert.equal(rag(82.5, t, "high", {}, 0), "amber");
    assert.equal(rag(82.49, t, "high", {}, 0), "red");
    // without decimals the raw value is compared: 85.96 < 86 → amber
    assert.equal(rag(85.96, t, "high"), "amber");
    // 29 of 50: (29 ÷ 50) × 100 = 57.99999999999999 in floating point, still exactly on "green ≥ 58"
    assert.equal(rag((29 / 50) * 100, { form: "threshold", green: 58, amber: 55 }, "high"), "green");
  });

  it("low polarity: red above ('red > 25%, amber 22–25%, green ≤ 22%')", () => {
    const low: Target = { form: "threshold", green: 22, amber: 25 };
    assert.equal(rag(18, low, "low"), "green");
    assert.equal(rag(22, low, "low"), "green");
    assert.equal(rag(22.1, low, "low"), "amber");
    assert.equal(rag(25, low, "low"), "amber");
    assert.equal(rag(25.1, low, "low"), "red");
    // 1 decimal: 25.04 shows as 25.0 → amber; 25.05 shows as 25.1 → red
    assert.equal(rag(25.04, low, "low", {}, 1), "amber");
    assert.equal(rag(25.05, low, "low", {}, 1), "red");
  });

  it("no amber band ('Red <85%, 85%<'): on the threshold is green, below is red", () => {
    const t85: Target = { form: "threshold", green: 85 };
    assert.equal(rag(85, t85, "high"), "green");
    assert.equal(rag(84.9, t85, "high"), "red");
  });

  it("a missing value is blank, never green", () => {
    assert.equal(rag(null, t, "high"), null);
    assert.equal(rag(undefined, t, "high"), null);
    assert.equal(rag(Number.NaN, t, "high"), null);
    assert.equal(rag(null, { form: "none" }, "info"), null);
  });

  it("a threshold on a range measure is a set-up error", () => {
    assert.throws(() => rag(10, t, "range"), /high or low/);
  });
});

describe("rag: band around a reference", () => {
  // "green within ±5 of 73.5, amber within ±10, red beyond"
  const t: Target = { form: "band", reference: 73.5, green: 5, amber: 10 };

  it("edges of each band are inside it, either side of the reference", () => {
    // 8.2 − 3.2 = 4.999999999999999 in floating point: still on the green edge
    assert.equal(rag(8.2, { form: "band", reference: 3.2, green: 5 }, "range"), "green");
    assert.equal(rag(73.5, t, "range"), "green");
    assert.equal(rag(78.5, t, "range"), "green"); // 78.5 − 73.5 = 5
    assert.equal(rag(68.5, t, "range"), "green"); // 73.5 − 68.5 = 5
    assert.equal(rag(78.6, t, "range"), "amber"); // 5.1
    assert.equal(rag(83.5, t, "range"), "amber"); // 10
    assert.equal(rag(63.5, t, "range"), "amber"); // 10
    assert.equal(rag(83.6, t, "range"), "red"); // 10.1
    assert.equal(rag(63.4, t, "range"), "red"); // 10.1
  });

  it("the band's polarity does not matter: nearness to the reference is what is rated", () => {
    assert.equal(rag(83.6, t, "high"), "red");
    assert.equal(rag(63.5, t, "low"), "amber");
  });

  it("a named benchmark is resolved by the caller and rounded like the value", () => {
    const sn: Target = { form: "band", reference: "sn_average", green: 5, amber: 10 };
    // SN average 21.57 shows as 21.6 (1 decimal); 26.6 − 21.6 = 5.0 → green
    assert.equal(rag(26.6, sn, "high", { sn_average: 21.57 }, 1), "green");
    // 26.7 − 21.6 = 5.1 → amber
    assert.equal(rag(26.7, sn, "high", { sn_average: 21.57 }, 1), "amber");
    // unrounded: 26.6 − 21.57 = 5.03 → amber
    assert.equal(rag(26.6, sn, "high", { sn_average: 21.57 }), "amber");
    // a benchmark not published for the year: grey, not red or green
    assert.equal(rag(26.6, sn, "high", { sn_average: null }), "grey");
    assert.throws(() => rag(26.6, sn, "high", { england: 22.6 }), /"sn_average" was not resolved/);
  });

  it("no amber band: beyond green is red", () => {
    const t2: Target = { form: "band", reference: 10, green: 2 };
    assert.equal(rag(12, t2, "range"), "green");
    assert.equal(rag(12.1, t2, "range"), "red");
  });
});

describe("rag: range where too low is also a concern", () => {
  it("placement moves 8%–12%: both edges green, outside either side red", () => {
    const t: Target = { form: "range", low: 8, high: 12 };
    assert.equal(rag(8, t, "range"), "green");
    assert.equal(rag(12, t, "range"), "green");
    assert.equal(rag(7.9, t, "range"), "red");
    assert.equal(rag(12.1, t, "range"), "red");
    // 46 of 413 = 11.138…% → 11.1 at 1 decimal → green
    assert.equal(rag((100 * 46) / 413, t, "range", {}, 1), "green");
  });

  it("caseloads 14–20 with amber within 1 above: 21 amber, 21.1 red, 13.9 red", () => {
    const t: Target = { form: "range", low: 14, high: 20, amberAbove: 1 };
    assert.equal(rag(20, t, "range"), "green");
    assert.equal(rag(20.5, t, "range"), "amber");
    assert.equal(rag(21, t, "range"), "amber"); // 20 + 1
    assert.equal(rag(21.1, t, "range"), "red");
    assert.equal(rag(14, t, "range"), "green");
    assert.equal(rag(13.9, t, "range"), "red"); // no amber below
  });

  it("caseloads 14–20 with amber within 1 either side: 13 and 21 amber, 12.9 and 21.1 red", () => {
    const t: Target = { form: "range", low: 14, high: 20, amberAbove: 1, amberBelow: 1 };
    assert.equal(rag(13, t, "range"), "amber"); // 14 − 1
    assert.equal(rag(12.9, t, "range"), "red");
    assert.equal(rag(21, t, "range"), "amber");
    assert.equal(rag(21.1, t, "range"), "red");
    // 1 decimal: 12.96 shows as 13.0 → amber; 21.04 shows as 21.0 → amber
    assert.equal(rag(12.96, t, "range", {}, 1), "amber");
    assert.equal(rag(21.04, t, "range", {}, 1), "amber");
  });
});

describe("rag: target only", () => {
  it("high: met (at or above) is green, else red; there is no amber", () => {
    const t: Target = { form: "target", target: 95 };
    assert.equal(rag(95, t, "high"), "green");
    assert.equal(rag(100, t, "high"), "green");
    assert.equal(rag(94.9, t, "high"), "red");
    // 0 decimals: 94.5 shows as 95 → green
    assert.equal(rag(94.5, t, "high", {}, 0), "green");
  });

  it("low: met (at or below) is green, else red", () => {
    const t: Target = { form: "target", target: 20 };
    assert.equal(rag(20, t, "low"), "green");
    assert.equal(rag(20.1, t, "low"), "red");
    assert.equal(rag(0, t, "low"), "green");
  });
});

describe("rag: information and no target", () => {
  it("information measures are grey whatever the target", () => {
    assert.equal(rag(1041, { form: "none" }, "info"), "grey");
    assert.equal(rag(1041, { form: "target", target: 10 }, "info"), "grey");
  });

  it("no target in force is grey", () => {
    assert.equal(rag(50, undefined, "high"), "grey");
    assert.equal(rag(50, { form: "none" }, "high"), "grey");
  });
});

describe("rag: mid-year target change", () => {
  // "agreed Dec 17 to reduce target from 95% to 85%"
  const targets: DatedTarget[] = [
    { form: "target", target: 95, from: "2017-04-01" },
    { form: "target", target: 85, from: "2017-12-01" },
  ];
  const rated = (value: number, periodEnd: string) => rag(value, targetInForce(targets, periodEnd), "high");

  it("88% is red against 95% in November and green against 85% from December", () => {
    assert.equal(rated(88, "2017-11-30"), "red");
    assert.equal(rated(88, "2017-12-31"), "green");
    assert.equal(rated(88, "2018-03-31"), "green");
  });

  it("before any target takes effect the value is not rated", () => {
    assert.equal(rated(88, "2017-03-31"), "grey");
  });
});
