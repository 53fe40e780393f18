import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findIndicator } from "../indicators/catalogue.ts";
import { figureLookup, type StoredFigure } from "./figures.ts";
import { CARE, flows, PATHWAY } from "./flows.ts";

const END = "2017-12-31";

function row(
  indicator: string,
  value: number | null,
  numerator: number | null = null,
  denominator: number | null = null,
  type: StoredFigure["period_type"] = "quarter",
): StoredFigure {
  return { indicator, period_type: type, period_end: END, value, numerator, denominator };
}

// Darlington's Q3 2017-18 counts (seed report) with invented conversion figures.
const Q3: StoredFigure[] = [
  row("contacts", 1380),
  row("contacts_to_referral_pct", (100 * 207) / 1380, 207, 1380), // 15.0%
  row("referrals", 226),
  row("referrals_to_assessment_pct", (100 * 192) / 226, 192, 226), // 84.96%
  row("assessments_completed", 220),
  row("strategy_discussions", 104),
  row("s47_enquiries", 78),
  row("s47_to_icpc_pct", (100 * 28) / 78, 28, 78), // 35.9%
  row("icpc_children", 29),
  row("icpc_to_cpp_pct", (100 * 26) / 31, 26, 31), // 83.9%
  row("cpp_starts", 26),
  row("cla_starts", 17),
  row("cla_ceased", 11),
  row("cla_open", 222),
  // another period type's figures must not leak into the quarter's flow
  row("referrals", 803, null, null, "ytd"),
];

describe("flows", () => {
  const f = flows(figureLookup(Q3), "quarter", END);

  it("takes each step's count from its indicator's stored figure", () => {
    assert.deepEqual(
      f.pathway.map((s) => [s.indicator, s.count]),
      [
        ["contacts", 1380],
        ["referrals", 226],
        ["assessments_completed", 220],
        ["strategy_discussions", 104],
        ["s47_enquiries", 78],
        ["icpc_children", 29],
        ["cpp_starts", 26],
      ],
    );
  });

  it("takes each conversion rate from its percentage indicator, counts included", () => {
    const referral = f.pathway[1]!.from;
    assert.ok(referral && referral.indicator === "contacts_to_referral_pct");
    assert.equal((referral as { percent: number }).percent, 15); // 207 ÷ 1,380 = 15.0%
    assert.deepEqual(
      f.pathway.map((s) => (s.from && "numerator" in s.from ? [s.from.numerator, s.from.denominator] : null)),
      [null, [207, 1380], [192, 226], null, null, [28, 78], [26, 31]],
    );
    // the ICPC → plan rate is of ICPCs (31), not of children conferenced (29): the indicator's own cohort
    const plan = f.pathway[6]!.from as { percent: number };
    assert.ok(Math.abs(plan.percent - 83.870967) < 1e-6); // 26 ÷ 31
  });

  it("says where no indicator measures a conversion instead of dividing counts", () => {
    assert.deepEqual(f.pathway[3]!.from, {
      indicator: null,
      note: "no indicator measures the conversion from assessments completed",
    });
    assert.deepEqual(f.pathway[4]!.from, {
      indicator: null,
      note: "no indicator measures the conversion from strategy discussions",
    });
    assert.equal(f.pathway[0]!.from, null);
  });

  it("gives the care flows from cla_starts, cla_ceased and cla_open", () => {
    assert.deepEqual(
      [f.care.started.count, f.care.ceased.count, f.care.lookedAfterAtEnd.count],
      [17, 11, 222],
    );
  });

  it("marks a step with no stored figure rather than inventing one", () => {
    const partial = flows(figureLookup([row("contacts", 12)]), "quarter", END);
    assert.equal(partial.pathway[0]!.stored, true);
    assert.equal(partial.pathway[1]!.count, null);
    assert.equal(partial.pathway[1]!.stored, false);
    assert.equal((partial.pathway[1]!.from as { stored: boolean }).stored, false);
  });

  it("reads the year to date when asked", () => {
    assert.equal(flows(figureLookup(Q3), "ytd", END).pathway[1]!.count, 803);
  });

  it("suppresses counts of 1 to 4 and a rate resting on one when published", () => {
    const small = [
      row("s47_enquiries", 3),
      row("s47_to_icpc_pct", (100 * 2) / 3, 2, 3),
      row("icpc_children", 0),
    ];
    const pub = flows(figureLookup(small), "quarter", END, { publish: true });
    assert.equal(pub.pathway[4]!.count, "<5");
    assert.equal(pub.pathway[5]!.count, 0); // 0 is not suppressed
    assert.deepEqual(
      { ...(pub.pathway[5]!.from as object), definition: "" },
      {
        indicator: "s47_to_icpc_pct",
        definition: "",
        percent: null,
        numerator: "<5",
        denominator: "<5",
        stored: true,
      },
    );
    const internal = flows(figureLookup(small), "quarter", END);
    assert.equal(internal.pathway[4]!.count, 3);
  });

  it("names only indicators of the catalogue, counts for steps and percentages for conversions", () => {
    for (const s of PATHWAY) {
      assert.equal(findIndicator(s.indicator)?.unit, "count", s.indicator);
      if (s.conversion) assert.equal(findIndicator(s.conversion)?.unit, "percent", s.conversion);
    }
    for (const c of Object.values(CARE)) assert.equal(findIndicator(c.indicator)?.unit, "count", c.indicator);
  });
});
