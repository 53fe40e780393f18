import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BenchmarkValue, NeighbourGroup } from "./readers.ts";
import {
  benchmarkStats,
  bestNeighbour,
  indicatorValues,
  neighbourAverage,
  type Quartiles,
  quantile7,
  quartileBand,
  quartiles,
  rankAmong,
  topQuartileThreshold,
} from "./statistics.ts";

const SIX = [50, 10, 70, 30, 20, 40];

describe("type-7 quartiles", () => {
  it("interpolates between order statistics as R's quantile() does", () => {
    // sorted 10 20 30 40 50 70, n = 6, h = (n − 1)p = 5p, x[h] 0-based:
    // Q1: h = 1.25 → 20 + 0.25 × (30 − 20) = 22.5
    // median: h = 2.5 → 30 + 0.5 × (40 − 30) = 35
    // Q3: h = 3.75 → 40 + 0.75 × (50 − 40) = 47.5
    assert.deepEqual(quartiles(SIX), { min: 10, q1: 22.5, median: 35, q3: 47.5, max: 70, n: 6 });
    // n = 5: h = 1, 2, 3 fall on values, no interpolation
    assert.deepEqual(quartiles([8, 1, 4, 3, 10]), { min: 1, q1: 3, median: 4, q3: 8, max: 10, n: 5 });
    assert.equal(quantile7([7], 0.25), 7);
    assert.equal(quartiles([]), undefined);
  });

  it("bands A–D by polarity with LAIT's boundaries (low: A ≤ Q1; high: A > Q3)", () => {
    const q = quartiles(SIX)!;
    // low polarity: A ≤ 22.5 < B ≤ 35 < C ≤ 47.5 < D
    assert.deepEqual(
      [10, 22.5, 22.6, 35, 47.5, 47.6, 70].map((v) => band(v, q, "low")),
      ["A", "A", "B", "B", "C", "D", "D"],
    );
    // high polarity: D ≤ 22.5 < C ≤ 35 < B ≤ 47.5 < A — exactly on Q3 is B
    assert.deepEqual(
      [10, 22.5, 22.6, 35, 47.5, 47.6, 70].map((v) => band(v, q, "high")),
      ["D", "D", "C", "C", "B", "A", "A"],
    );
    assert.equal(quartileBand(30, q, "info"), null);
    assert.equal(quartileBand(null, q, "low"), null);
    assert.equal(topQuartileThreshold(q, "low"), 22.5);
    assert.equal(topQuartileThreshold(q, "high"), 47.5);
    assert.equal(topQuartileThreshold(q, "info"), null);
  });

  it("ranks 1 + councils strictly better, ties sharing the better rank", () => {
    // low: 10 and 20 are below 30 → rank 3; high: 40, 50, 70 above 30 → rank 4
    assert.equal(rankAmong(30, SIX, "low"), 3);
    assert.equal(rankAmong(30, SIX, "high"), 4);
    // 10 20 20 30: both 20s are 2nd (low) and 2nd (high: only 30 above)
    assert.equal(rankAmong(20, [10, 20, 20, 30], "low"), 2);
    assert.equal(rankAmong(20, [10, 20, 20, 30], "high"), 2);
    assert.equal(rankAmong(20, [10, 20], "info"), null);
    assert.equal(rankAmong(null, [10, 20], "low"), null);
  });
});

function band(v: number, q: Quartiles, p: "low" | "high") {
  return quartileBand(v, q, p);
}

describe("neighbours", () => {
  it("averages only the neighbours with a value; median as an option", () => {
    // mean (12 + 20 + 31) / 3 = 21; median of 12 20 31 = 20
    assert.equal(neighbourAverage([12, null, 20, null, 31]), 21);
    assert.equal(neighbourAverage([12, null, 20, null, 31], "median"), 20);
    // median of 12 20 31 40: h = 1.5 → 20 + 0.5 × (31 − 20) = 25.5
    assert.equal(neighbourAverage([31, 12, 20, 40], "median"), 25.5);
    assert.equal(neighbourAverage([null, null]), null);
  });

  it("best neighbour follows polarity; the closer wins a tie", () => {
    const ns = [
      { la_code: "101", value: 5 },
      { la_code: "102", value: null },
      { la_code: "103", value: 2 },
      { la_code: "104", value: 2 },
      { la_code: "105", value: 9 },
    ];
    assert.deepEqual(bestNeighbour(ns, "low"), { la_code: "103", value: 2 });
    assert.deepEqual(bestNeighbour(ns, "high"), { la_code: "105", value: 9 });
    assert.equal(bestNeighbour(ns, "info"), null);
  });
});

function v(la_code: string, value: number | null, extra: Partial<BenchmarkValue> = {}): BenchmarkValue {
  const level = la_code === "england" ? "england" : la_code.startsWith("region:") ? "region" : "la";
  return {
    source: "lait",
    dataset: "bds",
    measure: "ReReferral",
    breakdown: "",
    year: 2025,
    period: "2025",
    level,
    la_code,
    area_name: "",
    value,
    symbol: value === null ? "c" : null,
    row: 1,
    ...extra,
  };
}

describe("benchmarkStats on a hand-made year", () => {
  const mapping = {
    indicator: "rereferrals_12m_pct",
    lait: { measure: "ReReferral", code: "271", name: "" },
  };
  const values = [
    v("201", 30),
    v("202", 10),
    v("203", null),
    v("204", 20),
    v("205", 40),
    v("206", 50),
    v("207", 70),
    v("england", 22.6),
    v("region:inner london", null),
    v("region:london", 19.4),
    v("202", 99, { period: "2025 (prov)" }),
    v("201", 33, { source: "manual", measure: "rereferrals_12m_pct", dataset: "hand" }),
  ];
  const group: NeighbourGroup = {
    la_code: "201",
    la_name: "City",
    region_name: "London (Inner)",
    neighbours: [
      { rank: 1, la_code: "202", closeness: "" },
      { rank: 2, la_code: "203", closeness: "" },
      { rank: 3, la_code: "204", closeness: "" },
    ],
    row: 1,
  };

  it("computes every statistic, the hand-entered figure replacing the published one", () => {
    const year = indicatorValues(values, mapping).get(2025)!;
    const s = benchmarkStats("rereferrals_12m_pct", "low", 2025, year, group);
    // councils with a value: 33 (hand-entered for 201) 10 20 40 50 70 → sorted 10 20 33 40 50 70, n = 6
    // Q1 h = 1.25 → 20 + 0.25 × 13 = 23.25; median h = 2.5 → 33 + 0.5 × 7 = 36.5; Q3 h = 3.75 → 40 + 0.75 × 10 = 47.5
    // neighbours 202 = 10 (the unsuffixed "2025" kept over "2025 (prov)"), 203 suppressed, 204 = 20 → mean 15
    // 33 is above Q1 23.25 and ≤ 36.5 → B; 10 and 20 are lower → rank 3
    // Inner London has no figure → London's 19.4
    assert.deepEqual(s, {
      la_code: "201",
      indicator: "rereferrals_12m_pct",
      year: 2025,
      polarity: "low",
      source: "manual",
      value: 33,
      sn_method: "mean",
      sn_average: 15,
      sn_count: 2,
      best_sn_code: "202",
      best_sn_value: 10,
      england: 22.6,
      region_code: "region:london",
      region: 19.4,
      n_councils: 6,
      q1: 23.25,
      median: 36.5,
      q3: 47.5,
      top_quartile: 23.25,
      quartile_band: "B",
      rank: 3,
    });
  });
});
