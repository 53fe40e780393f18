import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { storeBenchmarks } from "../benchmarks/store.ts";
import { createSchema, openDatabase } from "../db/database.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import { deriveLocalFigures } from "../local/derive.ts";
import { storeLocalValues } from "../local/store.ts";
import { type FrameworkIndicator, parseFramework } from "./config.ts";
import {
  type BenchmarkRow,
  benchmarkFor,
  compareWithBenchmark,
  judgeSeries,
  judgeWorkspace,
  type ValueRow,
} from "./judge.ts";
import type { DatedTarget } from "./targets.ts";

const PREVIOUS = { basis: "previous", noChangeWithin: 0 } as const;

function fi(id: string, ratedOn: FrameworkIndicator["ratedOn"], targets: DatedTarget[]) {
  const indicator = findIndicator(id);
  assert.ok(indicator, id);
  return { indicator, ratedOn, targets };
}

const row = (period_type: ValueRow["period_type"], period_end: string, value: number | null): ValueRow => ({
  period_type,
  period_end,
  value,
});

const bm = (year: number, fields: Partial<BenchmarkRow> = {}): BenchmarkRow => ({
  year,
  polarity: "low",
  sn_average: null,
  best_sn_value: null,
  england: null,
  region: null,
  q1: null,
  median: null,
  q3: null,
  top_quartile: null,
  ...fields,
});

describe("judging figures", () => {
  const assess = (ratedOn: FrameworkIndicator["ratedOn"]) =>
    fi("assessments_45wd_pct", ratedOn, [{ form: "threshold", green: 86, amber: 83, from: "2015-04-01" }]);
  const rows = [
    row("month", "2015-10-31", 84),
    row("month", "2015-11-30", 80),
    row("ytd", "2015-10-31", 84),
    row("ytd", "2015-11-30", 85.96),
  ];

  it("rates only the period type the framework rates on (YTD here)", () => {
    const j = judgeSeries(assess("ytd"), rows, [], PREVIOUS);
    // months are not rated; YTD 84 is amber (83 ≤ 84 < 86); YTD 85.96 shows as 86.0: green
    assert.deepEqual(
      j.map((x) => x.rag),
      [null, null, "amber", "green"],
    );
    assert.deepEqual(
      j.map((x) => x.target),
      ["", "", "red < 83, amber 83–86, green ≥ 86", "red < 83, amber 83–86, green ≥ 86"],
    );
  });

  it("rates the months instead when rated in month", () => {
    const j = judgeSeries(assess("month"), rows, [], PREVIOUS);
    // 84 amber, 80 red (below 83); YTD rows blank
    assert.deepEqual(
      j.map((x) => x.rag),
      ["amber", "red", null, null],
    );
    // direction month on month: 84 → 80 declining (high is good); YTD 84 → 86.0 improving
    assert.deepEqual(
      j.map((x) => x.direction),
      ["new", "declining", "new", "improving"],
    );
  });

  it("uses the target in force when each period ends (mid-year change on 1 December)", () => {
    const f = fi("assessments_45wd_pct", "month", [
      { form: "threshold", green: 95, amber: 90, from: "2015-04-01" },
      { form: "threshold", green: 85, amber: 80, from: "2015-12-01", note: "agreed Dec 15: 95% → 85%" },
    ]);
    const j = judgeSeries(f, [row("month", "2015-11-30", 88), row("month", "2015-12-31", 88)], [], PREVIOUS);
    // November: 88 < 90 red; December: 88 ≥ 85 green
    assert.deepEqual(
      j.map((x) => [x.rag, x.target]),
      [
        ["red", "red < 90, amber 90–95, green ≥ 95"],
        ["green", "red < 80, amber 80–85, green ≥ 85"],
      ],
    );
  });

  it("leaves a missing value blank: no RAG, direction, signal or quartile", () => {
    const j = judgeSeries(
      assess("month"),
      [row("month", "2015-11-30", 90), row("month", "2015-12-31", null)],
      [bm(2016, { q1: 1, median: 2, q3: 3, sn_average: 85 })],
      PREVIOUS,
    );
    assert.deepEqual(j[1], {
      rag: null,
      direction: null,
      signal: null,
      target: "red < 83, amber 83–86, green ≥ 86",
      benchmarkYear: 2016,
      sn_average: 85,
      england: null,
      quartile: null,
      compared: { name: "sn_average", value: 85, verdict: null },
    });
  });

  it("reads a low-is-good threshold the other way, on its boundaries", () => {
    const f = fi("rereferrals_12m_pct", "month", [
      { form: "threshold", green: 23, amber: 26, from: "2015-04-01" },
    ]);
    const ends = ["2015-08-31", "2015-09-30", "2015-10-31", "2015-11-30"];
    const j = judgeSeries(
      f,
      [22.9, 23, 26, 26.1].map((v, i) => row("month", ends[i]!, v)),
      [],
      PREVIOUS,
    );
    // ≤ 23 green (23 exactly is green), ≤ 26 amber (26 exactly is amber), above red
    assert.deepEqual(
      j.map((x) => x.rag),
      ["green", "green", "amber", "red"],
    );
    // a rise is declining when low is good
    assert.deepEqual(
      j.map((x) => x.direction),
      ["new", "declining", "declining", "declining"],
    );
  });

  it("greys information measures and rated indicators with no target", () => {
    const j = judgeSeries(fi("contacts", "month", []), [row("month", "2015-11-30", 935)], [], PREVIOUS);
    assert.equal(j[0]!.rag, "grey");
    assert.equal(j[0]!.target, "");
    const k = judgeSeries(
      fi("assessments_45wd_pct", "month", []),
      [row("month", "2015-11-30", 50)],
      [],
      PREVIOUS,
    );
    assert.equal(k[0]!.rag, "grey");
  });

  it("flags a trend of 7+ rising months as special cause, by side of the mean", () => {
    const ends = [
      "2015-04-30",
      "2015-05-31",
      "2015-06-30",
      "2015-07-31",
      "2015-08-31",
      "2015-09-30",
      "2015-10-31",
      "2015-11-30",
    ];
    const j = judgeSeries(
      assess("month"),
      ends.map((e, i) => row("month", e, i + 1)),
      [],
      PREVIOUS,
    );
    // values 1…8 all rise: every point is a trend point; mean 4.5, high is good:
    // 1–4 below the mean are concerning, 5–8 above it improving
    assert.deepEqual(
      j.map((x) => x.signal),
      [
        "special-concerning",
        "special-concerning",
        "special-concerning",
        "special-concerning",
        "special-improving",
        "special-improving",
        "special-improving",
        "special-improving",
      ],
    );
    // a YTD row has no signal
    assert.equal(judgeSeries(assess("month"), [row("ytd", "2015-04-30", 1)], [], PREVIOUS)[0]!.signal, null);
  });

  it("takes the period's financial year's benchmarks, else the latest earlier, and bands the council's value", () => {
    const bms = [
      bm(2015, { sn_average: 20, england: 21, q1: 18, median: 20, q3: 22 }),
      bm(2016, { sn_average: 24, england: 22.6, q1: 20, median: 22, q3: 25 }),
    ];
    // 2016-05-31 is in 2016-17 (DfE year 2017, not published): 2016; 2015-03-31 is 2014-15: 2015
    assert.equal(benchmarkFor(bms, "2016-05-31")?.year, 2016);
    assert.equal(benchmarkFor(bms, "2015-03-31")?.year, 2015);
    assert.equal(benchmarkFor(bms, "2014-03-31"), undefined);
    const f = fi("rereferrals_12m_pct", "month", [
      { form: "band", reference: "sn_average", green: 1, amber: 2, from: "2015-04-01" },
    ]);
    const j = judgeSeries(
      f,
      [row("month", "2015-12-31", 25.5), row("month", "2015-03-31", 21)],
      bms,
      PREVIOUS,
    );
    // Dec 2015 → 2016: |25.5 − 24| = 1.5 is within ±2: amber; low polarity, 25 < 25.5: band D
    assert.deepEqual([j[0]!.rag, j[0]!.sn_average, j[0]!.england, j[0]!.quartile], ["amber", 24, 22.6, "D"]);
    // Mar 2015 → 2015: band from 2015-04-01 not yet in force: grey; 20 < 21 ≤ 22: band C
    assert.deepEqual([j[1]!.rag, j[1]!.sn_average, j[1]!.quartile], ["grey", 20, "C"]);
  });

  it("compares with the same period last year when the framework says so", () => {
    const j = judgeSeries(
      assess("month"),
      [row("month", "2014-12-31", 80), row("month", "2015-11-30", 90), row("month", "2015-12-31", 85)],
      [],
      { basis: "same period last year", noChangeWithin: 0 },
    );
    // Dec 2015 85 against Dec 2014 80: improving (month on month it would be declining)
    assert.equal(j[2]!.direction, "improving");
  });
});

describe("judging a local indicator", () => {
  it("rates imported months against a target changed mid-year, with benchmarks entered by hand", async () => {
    const db = await openDatabase(":memory:");
    try {
      await createSchema(db);
      const fw = parseFramework({
        local: [
          {
            id: "agency_staff_pct",
            title: "Agency social workers",
            unit: "percent",
            polarity: "low",
            kind: "stock",
          },
        ],
        sections: [
          {
            title: "Workforce (local)",
            indicators: [
              {
                id: "agency_staff_pct",
                targets: [
                  { form: "threshold", green: 18, amber: 20, from: "2025-04-01" },
                  { form: "threshold", green: 15, amber: 17, from: "2025-10-01" },
                ],
              },
            ],
          },
        ],
      });
      const month = (m: string, numerator: number, denominator: number, row: number) => ({
        indicator: "agency_staff_pct",
        month: m,
        value: null,
        numerator,
        denominator,
        file: "hr.csv",
        row,
      });
      await storeLocalValues(db, "999", [
        month("2025-08-31", 17, 100, 2),
        month("2025-09-30", 19, 100, 3),
        month("2025-10-31", 16, 100, 4),
        month("2025-11-30", 16, 100, 5),
      ]);
      await deriveLocalFigures(db, fw, "999");
      const manual = (la_code: string, level: "la" | "england", value: number) => ({
        source: "manual" as const,
        dataset: "regional_group",
        measure: "agency_staff_pct",
        breakdown: "",
        year: 2025,
        period: "2025",
        level,
        la_code,
        area_name: "",
        value,
        symbol: null,
        row: 2,
      });
      await storeBenchmarks(db, {
        values: [manual("england", "england", 16.1), manual("101", "la", 12), manual("102", "la", 20)],
        neighbours: {
          year: 2025,
          groups: [
            {
              la_code: "999",
              la_name: "Test",
              region_name: "",
              neighbours: [
                { rank: 1, la_code: "101", closeness: "" },
                { rank: 2, la_code: "102", closeness: "" },
              ],
              row: 2,
            },
          ],
        },
      });
      const judged = (await judgeWorkspace(db, fw, "999")).get("agency_staff_pct")!;
      const months = judged
        .filter((j) => j.period_type === "month")
        .sort((a, b) => a.period_end.localeCompare(b.period_end))
        .map(
          (j) =>
            `${j.period_end} ${j.value} ${j.rag} ${j.direction} ${j.sn_average} ${j.england} ${j.quartile}`,
        );
      assert.deepEqual(months, [
        // to September: green ≤ 18, amber ≤ 20 (low is good); 17 green, 19 amber
        // neighbours 12 and 20: average 16; councils 12, 20: Q1 14, median 16, Q3 18
        "2025-08-31 17 green new 16 16.1 C",
        "2025-09-30 19 amber declining 16 16.1 D",
        // from 1 October: green ≤ 15, amber ≤ 17; 16 is amber
        "2025-10-31 16 amber improving 16 16.1 B",
        "2025-11-30 16 amber no change 16 16.1 B",
      ]);
      // rated in month: the quarter (a stock: its last month, 16) has no RAG
      const quarter = judged.find((j) => j.period_type === "quarter" && j.period_end === "2025-11-30")!;
      assert.deepEqual(
        [quarter.value, quarter.numerator, quarter.denominator, quarter.rag],
        [16, 16, 100, null],
      );
    } finally {
      db.close();
    }
  });
});

describe("comparing with the benchmark the framework chose", () => {
  it("says better or worse by polarity, at displayed precision", () => {
    // re-referrals (low is good): 21.96 shows as 22.0 = England 22.0 → same; 23.1 > 22.6 → worse
    assert.equal(compareWithBenchmark(21.96, 22.0, "low", 1), "same");
    assert.equal(compareWithBenchmark(23.1, 22.6, "low", 1), "worse");
    assert.equal(compareWithBenchmark(20, 22.6, "low", 1), "better");
    assert.equal(compareWithBenchmark(90, 85, "high", 1), "better");
    assert.equal(compareWithBenchmark(90, 85, "info", 1), "higher");
    assert.equal(compareWithBenchmark(null, 85, "high", 1), null);
    assert.equal(compareWithBenchmark(90, null, "high", 1), null);
  });

  it("uses the indicator's choice, else the statistical-neighbour average", () => {
    const base = fi("rereferrals_12m_pct", "month", []);
    const rows = [row("month", "2025-03-31", 23.1)];
    const bms = [bm(2025, { sn_average: 21.0, england: 22.6 })];
    const bySn = judgeSeries(base, rows, bms, PREVIOUS)[0]!.compared;
    assert.deepEqual(bySn, { name: "sn_average", value: 21.0, verdict: "worse" });
    const byEngland = judgeSeries({ ...base, compareWith: "england" }, rows, bms, PREVIOUS)[0]!.compared;
    assert.deepEqual(byEngland, { name: "england", value: 22.6, verdict: "worse" });
  });
});
