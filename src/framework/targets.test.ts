import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type DatedTarget,
  describeTarget,
  indicatorTargetsSchema,
  referenceName,
  TargetSchema,
  targetInForce,
  targetProblems,
} from "./targets.ts";

const messages = (raw: unknown, polarity: "high" | "low" | "info" | "range") => {
  const r = indicatorTargetsSchema(polarity).safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("target forms", () => {
  it("parse in each of the five forms", () => {
    assert.deepEqual(TargetSchema.parse({ form: "threshold", green: 86, amber: 83 }), {
      form: "threshold",
      green: 86,
      amber: 83,
    });
    assert.equal(
      TargetSchema.parse({ form: "band", reference: "sn_average", green: 5, amber: 10 }).form,
      "band",
    );
    assert.equal(TargetSchema.parse({ form: "range", low: 14, high: 20, amberAbove: 1 }).form, "range");
    assert.equal(TargetSchema.parse({ form: "target", target: 95 }).form, "target");
    assert.equal(TargetSchema.parse({ form: "none" }).form, "none");
  });

  it("reject unknown forms, unknown fields, negative tolerances and bad benchmark names", () => {
    assert.equal(TargetSchema.safeParse({ form: "traffic", green: 1 }).success, false);
    assert.equal(TargetSchema.safeParse({ form: "threshold", green: 86, red: 83 }).success, false);
    assert.equal(TargetSchema.safeParse({ form: "band", reference: 73.5, green: -5 }).success, false);
    assert.equal(TargetSchema.safeParse({ form: "band", reference: "SN average", green: 5 }).success, false);
  });

  it("name the benchmark a band is measured around, if any", () => {
    assert.equal(referenceName({ form: "band", reference: "sn_average", green: 5 }), "sn_average");
    assert.equal(referenceName({ form: "band", reference: 73.5, green: 5 }), undefined);
    assert.equal(referenceName({ form: "target", target: 95 }), undefined);
  });
});

describe("targets checked against polarity", () => {
  it("a threshold's amber boundary lies on the bad side of green", () => {
    assert.deepEqual(targetProblems({ form: "threshold", green: 86, amber: 83 }, "high"), []);
    assert.deepEqual(targetProblems({ form: "threshold", green: 86, amber: 83 }, "low"), [
      "low is good, so amber (83) must not be below green (86)",
    ]);
    assert.deepEqual(targetProblems({ form: "threshold", green: 22, amber: 25 }, "low"), []);
    assert.deepEqual(targetProblems({ form: "threshold", green: 22, amber: 25 }, "high"), [
      "high is good, so amber (25) must not be above green (22)",
    ]);
    // no amber band: amber defaults to green, sound either way
    assert.deepEqual(targetProblems({ form: "threshold", green: 85 }, "low"), []);
  });

  it("information measures take only form none; thresholds and bare targets need a direction", () => {
    assert.match(targetProblems({ form: "target", target: 95 }, "info")[0]!, /not rated/);
    assert.deepEqual(targetProblems({ form: "none" }, "info"), []);
    assert.match(targetProblems({ form: "threshold", green: 12 }, "range")[0]!, /high or low/);
    assert.match(targetProblems({ form: "target", target: 12 }, "range")[0]!, /high or low/);
    assert.deepEqual(targetProblems({ form: "range", low: 8, high: 12 }, "range"), []);
  });

  it("bands and ranges keep their edges in order", () => {
    assert.deepEqual(targetProblems({ form: "band", reference: 73.5, green: 10, amber: 5 }, "range"), [
      "the amber band (±5) must not be narrower than the green band (±10)",
    ]);
    assert.deepEqual(targetProblems({ form: "range", low: 12, high: 8 }, "range"), [
      "low (12) must not be above high (8)",
    ]);
  });

  it("the indicator schema reports problems at the target's path and defaults ratedOn to month", () => {
    const ok = indicatorTargetsSchema("high").parse({
      targets: [{ form: "target", target: 95, from: "2017-04-01" }],
    });
    assert.equal(ok.ratedOn, "month");
    assert.deepEqual(
      messages(
        {
          ratedOn: "ytd",
          targets: [
            { form: "target", target: 95, from: "2017-04-01" },
            { form: "threshold", green: 83, amber: 86, from: "2017-12-01" },
            { form: "target", target: 85, from: "2017-12-01" },
          ],
        },
        "high",
      ),
      [
        "targets.1: high is good, so amber (86) must not be above green (83)",
        "targets.2.from: two targets take effect on 2017-12-01",
      ],
    );
    assert.deepEqual(messages({ ratedOn: "week", targets: [] }, "high").length, 2);
    assert.match(messages({ targets: [{ form: "none", from: "2017-02-30" }] }, "info")[0]!, /YYYY-MM-DD/);
  });
});

describe("targetInForce", () => {
  // "agreed Dec 17 to reduce target from 95% to 85%": the new target takes effect on 1 December 2017
  const targets: DatedTarget[] = [
    {
      form: "target",
      target: 85,
      from: "2017-12-01",
      note: "agreed Dec 17 to reduce target from 95% to 85%",
    },
    { form: "target", target: 95, from: "2017-04-01" },
  ];

  it("picks the latest target taking effect on or before the period end, in any order", () => {
    assert.equal(targetInForce(targets, "2017-11-30"), targets[1]);
    assert.equal(targetInForce(targets, "2017-12-31"), targets[0]);
    assert.equal(targetInForce(targets, "2018-03-31"), targets[0]);
  });

  it("a target taking effect on the period end is in force; none before the first", () => {
    assert.equal(targetInForce(targets, "2017-12-01"), targets[0]);
    assert.equal(targetInForce(targets, "2017-04-01"), targets[1]);
    assert.equal(targetInForce(targets, "2017-03-31"), undefined);
    assert.equal(targetInForce([], "2017-03-31"), undefined);
  });
});

describe("describeTarget", () => {
  it("writes each form as the reports' tolerance column does", () => {
    assert.equal(
      describeTarget({ form: "threshold", green: 86, amber: 83 }, "high"),
      "red < 83, amber 83–86, green ≥ 86",
    );
    assert.equal(
      describeTarget({ form: "threshold", green: 22, amber: 25 }, "low"),
      "red > 25, amber 22–25, green ≤ 22",
    );
    assert.equal(describeTarget({ form: "threshold", green: 85 }, "high"), "red < 85, green ≥ 85");
    assert.equal(
      describeTarget({ form: "band", reference: 73.5, green: 5, amber: 10 }, "range"),
      "green within ±5 of 73.5, amber within ±10, red beyond",
    );
    assert.equal(
      describeTarget({ form: "range", low: 14, high: 20, amberAbove: 1 }, "range"),
      "green 14–20, amber within 1 above, red beyond",
    );
    assert.equal(
      describeTarget({ form: "range", low: 14, high: 20, amberAbove: 1, amberBelow: 1 }, "range"),
      "green 14–20, amber within 1 either side, red beyond",
    );
    assert.equal(describeTarget({ form: "target", target: 20 }, "low"), "target ≤ 20");
    assert.equal(describeTarget({ form: "none" }, "info"), "no target (information)");
  });
});
