import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { figureLookup, type StoredFigure } from "../figures.ts";
import { flows } from "../flows.ts";
import { BAR_COLOURS, type BreakdownInput, breakdownChart, flowChart } from "./bars.ts";
import { contrast } from "./render.ts";

const count = (cell: string, n: number) => ({
  cell,
  label: cell,
  numerator: null,
  denominator: null,
  value: n,
});

const AGES: BreakdownInput = {
  id: "cla_open-age",
  title: "Children looked after",
  dimension: "age band",
  unit: "count",
  decimals: 0,
  // 12 + 3 + 20 + 0 + 8 = 43
  cells: [
    count("Under 1", 12),
    count("1 to 4", 3),
    count("5 to 9", 20),
    count("10 to 15", 0),
    count("16 and over", 8),
  ],
  total: count("Total", 43),
};

describe("breakdown chart", () => {
  it("labels every bar with its figure and tabulates the cells and total", async () => {
    const chart = await breakdownChart(AGES);
    assert.equal(
      chart.description,
      "Children looked after by age band: 5 groups, total 43. Largest: 5 to 9 (20).",
    );
    assert.deepEqual(chart.table.rows, [
      ["Under 1", "12", "", ""],
      ["1 to 4", "3", "", ""],
      ["5 to 9", "20", "", ""],
      ["10 to 15", "0", "", ""],
      ["16 and over", "8", "", ""],
      ["Total", "43", "", ""],
    ]);
    for (const label of ["Under 1", "1 to 4", "16 and over"])
      assert.ok(chart.svg.includes(`>${label}</text>`), label);
    assert.match(chart.svg, /<title id="cla_open-age-title">Children looked after<\/title>/);
  });

  it("draws no bar for a count of 1 to 4 when published, and says so", async () => {
    const chart = await breakdownChart({ ...AGES, publish: true });
    assert.deepEqual(chart.table.rows[1], ["1 to 4", "<5", "", ""]);
    assert.equal(chart.table.rows[3]![1], "0"); // 0 is shown
    assert.match(chart.description, /Groups with fewer than 5 are not drawn\.$/);
    assert.ok(chart.svg.includes(">&lt;5</text>"));
    assert.ok(!chart.svg.includes(">3</text>"));
  });

  it("writes percentages with their counts and hides one resting on a small count", async () => {
    const pct = (cell: string, n: number, d: number) => ({
      cell,
      label: cell,
      numerator: n,
      denominator: d,
      value: (100 * n) / d,
    });
    const chart = await breakdownChart({
      ...AGES,
      id: "visits-team",
      title: "% visited within timescale",
      dimension: "team",
      unit: "percent",
      decimals: 1,
      // 18 ÷ 20 = 90.0%; 2 ÷ 4 = 50.0%; 20 ÷ 24 = 83.3%
      cells: [pct("North", 18, 20), pct("South", 2, 4)],
      total: pct("Total", 20, 24),
      publish: true,
    });
    assert.deepEqual(chart.table.rows, [
      ["North", "90.0%", "18", "20"],
      ["South", "not published", "<5", "<5"],
      ["Total", "83.3%", "20", "24"],
    ]);
    assert.ok(chart.svg.includes(">90.0% (18 of 20)</text>"));
  });

  it("draws the same bytes after other charts of its shape", async () => {
    const first = await breakdownChart(AGES);
    await breakdownChart({ ...AGES, id: "x", cells: AGES.cells.slice(0, 2) });
    assert.equal((await breakdownChart(AGES)).svg, first.svg);
  });
});

describe("flow chart", () => {
  const END = "2017-12-31";
  const row = (
    indicator: string,
    value: number,
    numerator: number | null = null,
    denominator: number | null = null,
  ): StoredFigure => ({
    indicator,
    period_type: "quarter",
    period_end: END,
    value,
    numerator,
    denominator,
  });
  const f = flows(
    figureLookup([
      row("contacts", 1380),
      row("contacts_to_referral_pct", (100 * 207) / 1380, 207, 1380),
      row("referrals", 226),
      row("assessments_completed", 220),
      row("strategy_discussions", 104),
      row("s47_enquiries", 78),
      row("icpc_children", 29),
      row("cpp_starts", 26),
      row("cla_starts", 17),
      row("cla_ceased", 11),
      row("cla_open", 222),
    ]),
    "quarter",
    END,
  );

  it("tabulates each step with its indicator, number and conversion", async () => {
    const chart = await flowChart("flows-q3", "Flows, Q3 2017-18", f);
    assert.deepEqual(chart.table.rows, [
      ["Contacts", "contacts", "1,380", "", ""],
      // 207 ÷ 1,380 = 15.0%
      ["Referrals", "referrals", "226", "15.0%", "contacts_to_referral_pct"],
      ["Assessments completed", "assessments_completed", "220", "–", "referrals_to_assessment_pct"],
      [
        "Strategy discussions",
        "strategy_discussions",
        "104",
        "no indicator",
        "no indicator measures the conversion from assessments completed",
      ],
      [
        "Section 47 enquiries",
        "s47_enquiries",
        "78",
        "no indicator",
        "no indicator measures the conversion from strategy discussions",
      ],
      ["Children subject to an ICPC", "icpc_children", "29", "–", "s47_to_icpc_pct"],
      ["CP plans started", "cpp_starts", "26", "–", "icpc_to_cpp_pct"],
      ["Started to be looked after", "cla_starts", "17", "", ""],
      ["Ceased to be looked after", "cla_ceased", "11", "", ""],
      ["Looked after at the period end", "cla_open", "222", "", ""],
    ]);
    assert.ok(chart.svg.includes(">226 · 15.0% from the step before</text>"));
    assert.equal(
      chart.description,
      "Flows, Q3 2017-18: 1,380 contacts and 26 CP plans started; 17 started and 11 ceased to be looked after, 222 looked after at the end. Each conversion rate is its indicator's figure; where no indicator measures a step's conversion, none is given.",
    );
  });
});

describe("bar colours", () => {
  it("pass 4.5:1 on white", () => {
    for (const c of Object.values(BAR_COLOURS)) assert.ok(contrast(c, "#ffffff") >= 4.5, c);
  });
});
