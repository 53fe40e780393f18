import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { assertGolden } from "../../testing/golden.ts";
import { contrast, TEXT_COLOUR } from "./render.ts";
import { TREND_COLOURS, type TrendInput, targetBands, trendChart } from "./trend.ts";

const ENDS = [
  "2024-11-30",
  "2024-12-31",
  "2025-01-31",
  "2025-02-28",
  "2025-03-31",
  "2025-04-30",
  "2025-05-31",
  "2025-06-30",
  "2025-07-31",
  "2025-08-31",
  "2025-09-30",
  "2025-10-31",
  "2025-11-30",
  "2025-12-31",
  "2026-01-31",
  "2026-02-28",
  "2026-03-31",
  "2026-04-30",
  "2026-05-31",
  "2026-06-30",
  "2026-07-31",
  "2026-08-31",
  "2026-09-30",
  "2026-10-31",
];
// assessments within 45 working days, of 100 each month; the last 7 months sit higher
const WITHIN = [
  84, 88, 86, 90, 85, 87, 89, 86, 88, 85, 87, 90, 86, 88, 85, 89, 87, 93, 94, 95, 93, 96, 94, 95,
];

const INPUT: TrendInput = {
  id: "assessments_45wd_pct",
  title: "A1 % assessments completed within 45 working days",
  indicator: { unit: "percent", decimals: 1, polarity: "high" },
  months: ENDS.map((end, i) => ({
    end,
    value: WITHIN[i]!,
    numerator: WITHIN[i]!,
    denominator: 100,
    rag: WITHIN[i]! >= 90 ? "green" : WITHIN[i]! >= 85 ? "amber" : "red",
  })),
  targets: [{ form: "threshold", green: 90, amber: 85, from: "2020-04-01" }],
  benchmarks: [
    { year: 2025, snAverage: 86.4, england: 82.9 },
    { year: 2026, snAverage: 87.1, england: 83.5 },
  ],
};

describe("trend chart", () => {
  it("matches the golden SVG", async () => {
    const chart = await trendChart(INPUT);
    assertGolden(join(import.meta.dirname, "golden", "trend.svg"), chart.svg);
  });

  it("draws the same bytes whatever was drawn before (the cached view holds no state between charts)", async () => {
    const first = await trendChart(INPUT);
    await trendChart({ ...INPUT, id: "other", title: "Other", months: INPUT.months.slice(6), targets: [] });
    await trendChart({ ...INPUT, id: "other2", indicator: { unit: "count", decimals: 0, polarity: "info" } });
    const again = await trendChart(INPUT);
    assert.equal(again.svg, first.svg);
  });

  it("is a self-contained image named and described for screen readers", async () => {
    const { svg, description } = await trendChart(INPUT);
    assert.match(
      svg,
      /^<svg [^>]*role="img" aria-labelledby="assessments_45wd_pct-title assessments_45wd_pct-desc">/,
    );
    assert.match(
      svg,
      /<title id="assessments_45wd_pct-title">A1 % assessments completed within 45 working days<\/title>/,
    );
    assert.ok(svg.includes(`<desc id="assessments_45wd_pct-desc">${description}</desc>`));
    assert.doesNotMatch(svg, /<script|<image|<foreignObject|href="http|@import|url\(http/);
    // every internal id carries the chart's prefix, so charts can share one page
    for (const m of svg.matchAll(/ id="([^"]+)"/g))
      assert.ok(m[1]!.startsWith("assessments_45wd_pct-"), m[1]);
  });

  it("describes the chart in words", async () => {
    const { description } = await trendChart(INPUT);
    // mean 2,140 ÷ 24 = 89.17; moving ranges sum to 63 over 23 → 2.739; limits 89.17 ± 2.66 × 2.739 = 81.88 … 96.45;
    // signals: May–Nov 2025 (7 in a row below the mean) and Apr–Oct 2026 (7 in a row above) = 14 months
    assert.equal(
      description,
      "A1 % assessments completed within 45 working days: monthly figures from Nov-24 to Oct-26 (24 months). Latest, Oct-26: 95.0%. SPC average 89.2%, process limits 81.9% to 96.5%; 14 months are signals (special cause variation). The target and tolerance in force are shaded. The statistical neighbours' average (squares) and England (crosses) are marked at each year end: 2024-25, 2025-26.",
    );
  });

  it("gives a data table with RAG and signals in words", async () => {
    const { table } = await trendChart(INPUT);
    assert.deepEqual(table.columns, [
      "Month",
      "Value",
      "Numerator",
      "Denominator",
      "RAG",
      "Average",
      "Process limits",
      "Signal",
      "SN average",
      "England",
    ]);
    assert.equal(table.rows.length, 24);
    assert.deepEqual(table.rows[4]!.slice(0, 5), ["Mar-25", "85.0%", "85", "100", "AMBER"]);
    assert.deepEqual(table.rows[4]!.slice(8), ["86.4%", "82.9%"]); // 2024-25 benchmarks at March 2025
    assert.equal(table.rows[23]![7], "Signal: improvement (run above the average)");
    assert.equal(table.rows[6]![7], "Signal: concern (run below the average)"); // May-25
    assert.equal(table.rows[16]![7], "");
  });

  it("leaves a month resting on a count of 1 to 4 out of the published chart", async () => {
    const months = INPUT.months.map((m, i) =>
      i === 10 ? { ...m, value: 75, numerator: 3, denominator: 4 } : m,
    );
    const published = await trendChart({ ...INPUT, months, publish: true });
    assert.deepEqual(published.table.rows[10]!.slice(1, 4), ["–", "<5", "<5"]);
    const internal = await trendChart({ ...INPUT, months });
    assert.deepEqual(internal.table.rows[10]!.slice(1, 4), ["75.0%", "3", "4"]);
    assert.notEqual(published.svg, internal.svg);
  });

  it("published, draws no SPC average, limits or signal when a month rests on a count of 1 to 4", async () => {
    const months = INPUT.months.map((m, i) =>
      i === 10 ? { ...m, value: 75, numerator: 3, denominator: 4 } : m,
    );
    const internal = await trendChart({ ...INPUT, months });
    // internally the average includes the hidden 75.0 (so it moves when that month does)
    assert.match(internal.description, /SPC average \d/);
    assert.notEqual(internal.table.rows[0]![5], "–");
    const published = await trendChart({ ...INPUT, months, publish: true });
    assert.doesNotMatch(published.description, /SPC average \d|process limits \d/);
    assert.match(published.description, /No SPC average, process limits or signals are drawn/);
    for (const row of published.table.rows) assert.deepEqual(row.slice(5, 8), ["–", "", ""]);
    assert.ok(!published.svg.includes("Process limits"));
    assert.ok(!published.svg.includes("Signal"));
    // with no month suppressed the published chart keeps its SPC lines
    const whole = await trendChart({ ...INPUT, publish: true });
    assert.match(whole.description, /SPC average \d/);
    // the caller may withhold them for a suppressed month before the window
    const before = await trendChart({ ...INPUT, publish: true, spcWithheld: true });
    assert.doesNotMatch(before.description, /SPC average \d/);
  });

  it("throws when the SPC chart does not match the months", async () => {
    await assert.rejects(
      trendChart({
        ...INPUT,
        spc: {
          mean: 1,
          averageMovingRange: 0,
          upper: 1,
          lower: 1,
          pointsUsed: 1,
          limitsUnreliable: true,
          points: [],
        },
      }),
      /the SPC chart has 0 points for 24 months/,
    );
  });
});

describe("targetBands", () => {
  const inf = Number.POSITIVE_INFINITY;
  it("shades green from the threshold and amber between the thresholds, by polarity", () => {
    assert.deepEqual(targetBands({ form: "threshold", green: 90, amber: 85 }, "high"), [
      { band: "green", lo: 90, hi: inf, part: "a" },
      { band: "amber", lo: 85, hi: 90, part: "a" },
    ]);
    assert.deepEqual(targetBands({ form: "threshold", green: 10, amber: 15 }, "low"), [
      { band: "green", lo: -inf, hi: 10, part: "a" },
      { band: "amber", lo: 10, hi: 15, part: "a" },
    ]);
  });

  it("shades a band around a resolved benchmark, amber either side", () => {
    // 73.5 ± 5 green, ± 10 amber
    assert.deepEqual(
      targetBands({ form: "band", reference: "sn_average", green: 5, amber: 10 }, "range", {
        sn_average: 73.5,
      }),
      [
        { band: "green", lo: 68.5, hi: 78.5, part: "a" },
        { band: "amber", lo: 63.5, hi: 68.5, part: "below" },
        { band: "amber", lo: 78.5, hi: 83.5, part: "above" },
      ],
    );
    assert.deepEqual(
      targetBands({ form: "band", reference: "sn_average", green: 5 }, "range", { sn_average: null }),
      [],
    );
  });

  it("shades a range with its amber margins, and nothing for information", () => {
    assert.deepEqual(targetBands({ form: "range", low: 8, high: 12, amberBelow: 2 }, "range"), [
      { band: "green", lo: 8, hi: 12, part: "a" },
      { band: "amber", lo: 6, hi: 8, part: "below" },
    ]);
    assert.deepEqual(targetBands({ form: "none" }, "info"), []);
    assert.deepEqual(targetBands(undefined, "high"), []);
  });
});

describe("trend colours", () => {
  it("pass WCAG contrast: text 4.5:1, marks and lines 3:1 on white, the line 3:1 on the bands", () => {
    assert.ok(contrast(TEXT_COLOUR, "#ffffff") >= 4.5);
    for (const c of [
      "series",
      "spc",
      "improvement",
      "concern",
      "neutral",
      "benchmark",
      "greenEdge",
      "amberEdge",
    ] as const) {
      assert.ok(contrast(TREND_COLOURS[c], "#ffffff") >= 3, `${c} ${contrast(TREND_COLOURS[c], "#ffffff")}`);
    }
    for (const fill of ["greenFill", "amberFill"] as const) {
      for (const c of ["series", "spc", "improvement", "concern", "neutral", "benchmark"] as const) {
        assert.ok(contrast(TREND_COLOURS[c], TREND_COLOURS[fill]) >= 3, `${c} on ${fill}`);
      }
    }
  });

  it("computes contrast as WCAG defines it", () => {
    assert.equal(contrast("#000000", "#ffffff"), 21); // (1 + 0.05) ÷ (0 + 0.05)
    assert.equal(contrast("#777777", "#777777"), 1);
  });
});
