import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Cell } from "../app/scorecard.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import { SELECTION_RULE, type SelectionLine, selectHighlights } from "./selection.ts";

const EMPTY: Cell = { value: null, numerator: null, denominator: null };

function line(id: string, ref: string, over: Partial<SelectionLine> & { latest?: Cell } = {}): SelectionLine {
  const indicator = findIndicator(id)!;
  const { latest = EMPTY, ...rest } = over;
  return {
    ref,
    title: indicator.title,
    indicator,
    months: [
      { end: "2026-08-31", cell: EMPTY },
      { end: "2026-09-30", cell: EMPTY },
      { end: "2026-10-31", cell: latest },
    ],
    ytd: EMPTY,
    ytdLastYear: EMPTY,
    projection: null,
    rolling12: EMPTY,
    outturns: [],
    direction: "no change",
    signal: false,
    rag: null,
    ratedOn: "month",
    target: "",
    benchmarks: {
      year: 2026,
      snAverage: null,
      england: null,
      quartile: null,
      compared: { name: "sn_average", label: "statistical neighbours' average", value: null, verdict: null },
    },
    variation: null,
    ...rest,
  };
}

const pct = (n: number, d: number): Cell => ({ value: (100 * n) / d, numerator: n, denominator: d });

describe("selectHighlights", () => {
  const lines: SelectionLine[] = [
    // green and steady: well
    line("assessments_45wd_pct", "A1", { latest: pct(213, 220), rag: "green", target: "green ≥ 90" }),
    // red: improve, whatever else
    line("icpc_15wd_pct", "S1", {
      latest: pct(20, 31),
      rag: "red",
      target: "green ≥ 85",
      direction: "improving",
    }),
    // green but declining: neither
    line("cla_visits_on_time_pct", "L1", { latest: pct(90, 100), rag: "green", direction: "declining" }),
    // amber and declining, worse than SN and declining, and a concerning signal: improve, first (3 reasons)
    line("cla_reviews_on_time_pct", "L2", {
      latest: pct(80, 100),
      rag: "amber",
      target: "red < 75, amber 75–85, green ≥ 85",
      direction: "declining",
      variation: "special-concerning",
      benchmarks: {
        year: 2026,
        snAverage: 88,
        england: 90,
        quartile: null,
        compared: {
          name: "sn_average",
          label: "statistical neighbours' average",
          value: 88,
          verdict: "worse",
        },
      },
    }),
    // information measure with a signal: neither
    line("referrals", "F1", {
      latest: { value: 250, numerator: null, denominator: null },
      variation: "special-neutral",
      direction: "higher",
    }),
    // no target, better than benchmark and improving, improving signal: well (2 reasons, so first)
    line("rereferrals_12m_pct", "F2", {
      latest: pct(40, 250),
      direction: "improving",
      variation: "special-improving",
      benchmarks: {
        year: 2026,
        snAverage: 21.5,
        england: 22.4,
        quartile: null,
        compared: {
          name: "sn_average",
          label: "statistical neighbours' average",
          value: 21.5,
          verdict: "better",
        },
      },
    }),
  ];

  it("applies the stated rule and orders by conditions met, then scorecard order", () => {
    const s = selectHighlights(lines);
    assert.deepEqual(
      s.needToImprove.map((i) => i.ref),
      ["L2", "S1"],
    );
    assert.deepEqual(
      s.performingWell.map((i) => i.ref),
      ["F2", "A1"],
    );
  });

  it("writes one sentence per item with its figures", () => {
    const s = selectHighlights(lines);
    assert.deepEqual(
      s.needToImprove.map((i) => i.sentence),
      [
        // 80 ÷ 100 = 80.0%
        "L2 % children looked after with reviews on time: 80.0% (80 of 100) in October 2026, a signal in the worse direction, a real change and not noise; rated amber (red < 75, amber 75–85, green ≥ 85) and declining; worse than the statistical neighbours' average (88.0%) and declining.",
        // 20 ÷ 31 = 64.5%
        "S1 % ICPCs within 15 working days of the strategy discussion: 64.5% (20 of 31) in October 2026, rated red against the target (green ≥ 85).",
      ],
    );
    assert.deepEqual(
      s.performingWell.map((i) => i.sentence),
      [
        // 40 ÷ 250 = 16.0%
        "F2 % re-referrals within 12 months: 16.0% (40 of 250) in October 2026, a signal in the better direction, a real change and not noise; better than the statistical neighbours' average (21.5%) and improving.",
        // 213 ÷ 220 = 96.8%
        "A1 % assessments completed within 45 working days: 96.8% (213 of 220) in October 2026, rated green against the target (green ≥ 90).",
      ],
    );
  });

  it("uses the figure of the period the RAG is given on", () => {
    const ytd = line("icpc_15wd_pct", "S1", {
      ratedOn: "ytd",
      ytd: pct(150, 200),
      rag: "red",
      target: "green ≥ 85",
    });
    // 150 ÷ 200 = 75.0%
    assert.equal(
      selectHighlights([ytd]).needToImprove[0]!.sentence,
      "S1 % ICPCs within 15 working days of the strategy discussion: 75.0% (150 of 200) in the year to October 2026, rated red against the target (green ≥ 85).",
    );
  });

  it("writes no count of 1 to 4 when published", () => {
    const small = line("icpc_15wd_pct", "S1", { latest: pct(3, 4), rag: "red", target: "green ≥ 85" });
    assert.equal(
      selectHighlights([small], { publish: true }).needToImprove[0]!.sentence,
      "S1 % ICPCs within 15 working days of the strategy discussion: not published (fewer than 5) in October 2026, rated red against the target (green ≥ 85).",
    );
    assert.match(selectHighlights([small]).needToImprove[0]!.sentence, /75\.0% \(3 of 4\)/);
  });

  it("states the rule it applies", () => {
    assert.match(SELECTION_RULE, /rated red/);
    assert.match(SELECTION_RULE, /Information measures.* are on neither list/);
  });
});
