import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Row } from "../db/database.ts";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import {
  claDentalCheckPct,
  claHealthAssessmentPct,
  claReviewsOnTimePct,
  claVisitsOnTimePct,
} from "./lookedAfter.ts";

const episode = (child: string, cla: string, start: string, ceased: string | null = null): Row => ({
  clae_cla_episode_id: `E${cla}`,
  clae_person_id: child,
  clae_cla_id: cla,
  clae_entered_care_date: start,
  clae_cla_episode_start_date: start,
  clae_cla_episode_ceased_date: ceased,
  clae_cla_episode_ceased_reason: ceased ? "E4A" : null,
});
let reviewNo = 0;
const review = (cla: string, date: string, cancelled = "N"): Row => ({
  clar_cla_review_id: `RV${++reviewNo}`,
  clar_cla_id: cla,
  clar_cla_review_date: date,
  clar_cla_review_cancelled: cancelled,
});

describe("children looked after: reviews", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario([claReviewsOnTimePct], {
      dataFrom: "2024-03-01",
      dataTo: "2024-05-31",
      tables: {
        ssd_cla_episodes: [
          // Entered Friday 2024-03-01: 20 working days later is 2024-04-02, after Good Friday
          // (29 March) and Easter Monday (1 April); without the holidays it would be 28 March.
          episode("V1", "P1", "2024-03-01"),
          episode("V2", "P2", "2024-03-01"),
          episode("V3", "P3", "2024-03-01"),
          // entered 2024-04-02: 20 working days later is 2024-04-30, the snapshot itself
          episode("V4", "P4", "2024-04-02"),
          episode("V5", "P5", "2023-01-10"),
          episode("V6", "P6", "2023-01-10"),
          episode("V7", "P7", "2023-06-01"),
          // V8: two periods of care; the first one's reviews do not carry into the second
          episode("V8", "P8a", "2023-01-03", "2024-02-01"),
          episode("V8", "P8b", "2024-03-04"),
        ],
        ssd_cla_reviews: [
          review("P1", "2024-04-02"), // WD 20: on time
          review("P2", "2024-04-03"), // WD 21: late
          // P5: 2023-02-07 (WD 20), 2023-05-07 (3 months), 2023-11-07 and 2024-05-07 (6 months each): all on the day
          review("P5", "2023-02-07"),
          review("P5", "2023-05-07"),
          review("P5", "2023-11-07"),
          review("P5", "2024-05-07"),
          review("P5", "2024-02-01", "Y"),
          // P6: third review a day late (due by 2023-11-07)
          review("P6", "2023-02-07"),
          review("P6", "2023-05-07"),
          review("P6", "2023-11-08"),
          // P7: 2023-06-28 (WD 19), 2023-09-28 (3 months); next due 2024-03-28; the 2024-03-20 one was cancelled
          review("P7", "2023-06-28"),
          review("P7", "2023-09-28"),
          review("P7", "2024-03-20", "Y"),
          review("P8a", "2023-01-20"),
          review("P8a", "2023-04-20"),
          // no date: not held
          { clar_cla_review_id: "RVX", clar_cla_id: "P3", clar_cla_review_due_date: "2024-04-02" },
        ],
      },
    });
  });
  after(() => c.close());

  it("first review within 20 working days across Easter, then 3 and 6 months", async () => {
    // 31 March 2024: V1 V2 V3 at WD 19 (first review due 2 April) and V8 (P8b, WD 18) not yet due;
    // V4 not in care. Denominator V5 V6 V7; V5 on time, V6 late, V7 overdue → 1 / 3
    const march = await c.figure("cla_reviews_on_time_pct", "month", "2024-03-31");
    assert.deepEqual([march.numerator, march.denominator, round(march.value)], [1, 3, 33.33]);
    // 30 April 2024: V1 yes, V2 late, V3 overdue, V4 first review due on D (not yet overdue) yes,
    // V5 yes, V6 late, V7 overdue, V8 overdue (due 2024-04-03) → 3 / 8
    assert.deepEqual(await c.figure("cla_reviews_on_time_pct", "month", "2024-04-30"), {
      numerator: 3,
      denominator: 8,
      value: 37.5,
    });
  });

  it("explain gives the late or overdue review", async () => {
    const rows = await c.explain("cla_reviews_on_time_pct", "month", "2024-04-30");
    const reason = (id: string) => rows.find((r) => r.child_id === id)?.reason;
    assert.deepEqual(
      rows
        .filter((r) => r.in_numerator)
        .map((r) => r.child_id)
        .sort(),
      ["V1", "V4", "V5"],
    );
    assert.equal(reason("V2"), "review on 2024-04-03 was late (due by 2024-04-02)");
    assert.equal(reason("V3"), "review overdue at D (due by 2024-04-02)");
    assert.equal(reason("V6"), "review on 2023-11-08 was late (due by 2023-11-07)");
    assert.equal(reason("V7"), "review overdue at D (due by 2024-03-28)");
    assert.equal(reason("V8"), "review overdue at D (due by 2024-04-03)");
    const march = await c.explain("cla_reviews_on_time_pct", "month", "2024-03-31");
    const v1 = march.find((r) => r.child_id === "V1");
    assert.equal(v1?.in_denominator, false);
    assert.equal(v1?.reason, "looked after for less than 20 working days (first review due 2024-04-02)");
  });
});

const placement = (id: string, child: string, start: string, end: string | null = null): Row => ({
  clap_cla_placement_id: id,
  clap_person_id: child,
  clap_cla_placement_type: "U4",
  clap_cla_placement_start_date: start,
  clap_cla_placement_end_date: end,
});
let visitNo = 0;
const visit = (child: string, date: string): Row => ({
  clav_cla_visit_id: `VI${++visitNo}`,
  clav_person_id: child,
  clav_cla_visit_date: date,
});

const VISIT_TABLES = {
  ssd_cla_episodes: [
    episode("W1", "PW1", "2024-03-20"),
    episode("W2", "PW2", "2024-03-24"),
    episode("W3", "PW3", "2023-09-01"),
    episode("W4", "PW4", "2023-09-01"),
    episode("W5", "PW5", "2022-01-01"),
    episode("W6", "PW6", "2023-02-01"),
    episode("W7", "PW7", "2024-01-01"),
    episode("W9", "PW9", "2024-03-01"),
  ],
  ssd_cla_placement: [
    placement("PL1", "W1", "2024-03-20"), // no visit: due 2024-03-27
    placement("PL2", "W2", "2024-03-24"), // no visit: due 2024-03-31 = D
    placement("PL3", "W3", "2023-09-01"), // first year, last visit 2024-02-18 + 42 = 2024-03-31
    placement("PL4", "W4", "2023-09-01"), // first year, last visit 2024-02-17 + 42 = 2024-03-30
    placement("PL5", "W5", "2022-01-01"), // second year, last visit 2024-01-07 + 84 = 2024-03-31
    placement("PL6", "W6", "2023-02-01"), // visit 2024-01-31 is in the first year: + 42 = 2024-03-13
    // W7 moved on 2024-03-22: the visit on 2024-03-21 was in the old placement; due 2024-03-29
    placement("PL7a", "W7", "2024-01-01", "2024-03-22"),
    placement("PL7b", "W7", "2024-03-22"),
    // W9 has no placement recorded: the clock runs from entering care (2024-03-01)
  ],
  ssd_cla_visits: [
    visit("W3", "2024-01-05"),
    visit("W3", "2024-02-18"),
    visit("W4", "2024-02-17"),
    visit("W5", "2024-01-07"),
    visit("W6", "2024-01-31"),
    visit("W7", "2024-03-21"),
    visit("W9", "2024-03-05"),
    visit("W1", "2024-04-02"), // after D
  ],
};

describe("children looked after: visits", () => {
  let national: Computed;
  let local: Computed;
  before(async () => {
    const scenario = { dataFrom: "2024-03-01", dataTo: "2024-03-31", tables: VISIT_TABLES };
    national = await computeScenario([claVisitsOnTimePct], scenario);
    local = await computeScenario([claVisitsOnTimePct], {
      ...scenario,
      options: { claVisitStandard: { everyDays: 28 } },
    });
  });
  after(() => {
    national.close();
    local.close();
  });

  const onTime = async (c: Computed) =>
    (await c.explain("cla_visits_on_time_pct", "month", "2024-03-31"))
      .filter((r) => r.in_numerator)
      .map((r) => r.child_id)
      .sort();

  it("national minimum: 1 week, 6-weekly in the placement's first year, then 12-weekly", async () => {
    // on time: W2 (due on D), W3 (due on D), W5 (12-weekly), W9 → 4 / 8
    assert.deepEqual(await national.figure("cla_visits_on_time_pct", "month", "2024-03-31"), {
      numerator: 4,
      denominator: 8,
      value: 50,
    });
    assert.deepEqual(await onTime(national), ["W2", "W3", "W5", "W9"]);
    const rows = await national.explain("cla_visits_on_time_pct", "month", "2024-03-31");
    const w7 = rows.find((r) => r.child_id === "W7");
    assert.equal(w7?.reason, "visit overdue at D (due by 2024-03-29)");
    assert.equal(w7?.detail, "placement PL7b from 2024-03-22, no visit since, next due 2024-03-29");
    assert.equal(rows.find((r) => r.child_id === "W6")?.reason, "visit overdue at D (due by 2024-03-13)");
  });

  it("a local standard of every 28 days replaces the national one", async () => {
    // due: W1 03-20+28 = 04-17 yes; W2 yes; W3 02-18+28 = 03-17 no; W4 no; W5 01-07+28 no;
    // W6 01-31+28 = 02-28 no; W7 03-22+28 = 04-19 yes; W9 03-05+28 = 04-02 yes → W1 W2 W7 W9
    assert.deepEqual(await onTime(local), ["W1", "W2", "W7", "W9"]);
    assert.equal((await local.figure("cla_visits_on_time_pct", "month", "2024-03-31")).value, 50);
  });
});

const health = (child: string, type: string, date: string): Row => ({
  clah_health_check_id: `${child}-${type}-${date}`,
  clah_person_id: child,
  clah_health_check_type: type,
  clah_health_check_date: date,
});

describe("children looked after: health assessments and dental checks", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario([claHealthAssessmentPct, claDentalCheckPct], {
      dataFrom: "2024-03-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cla_episodes: [
          episode("H1", "PH1", "2023-03-31"), // exactly 12 months at D
          episode("H2", "PH2", "2023-04-01"), // one day short
          episode("H3", "PH3", "2022-01-01"),
          episode("H4", "PH4", "2022-01-01"),
          episode("H5", "PH5", "2022-01-01"),
          episode("H6", "PH6", "2022-01-01"),
          episode("H7", "PH7", "2022-11-01"),
          episode("H8", "PH8", "2020-01-01"), // short breaks
        ],
        ssd_person: [
          { pers_person_id: "H1", pers_dob: "2010-01-01" },
          { pers_person_id: "H2", pers_dob: "2010-01-01" },
          { pers_person_id: "H3", pers_dob: "2020-01-01" }, // 4 at D
          { pers_person_id: "H4", pers_dob: "2019-03-31" }, // 5 on D
          { pers_person_id: "H5", pers_dob: null },
          { pers_person_id: "H6", pers_dob: "2010-01-01" },
          { pers_person_id: "H7", pers_dob: "2010-01-01" },
          { pers_person_id: "H8", pers_dob: "2010-01-01" },
        ],
        ssd_legal_status: [
          {
            lega_legal_status_id: "L8",
            lega_person_id: "H8",
            lega_legal_status: "V3",
            lega_legal_status_start_date: "2020-01-01",
          },
        ],
        ssd_cla_health: [
          health("H1", "HA_REVIEW", "2023-03-31"), // D − 12 months: inside
          health("H1", "DENTAL", "2023-03-30"), // a day before: outside
          health("H2", "HA_INITIAL", "2023-04-10"),
          health("H3", "HA_REVIEW", "2023-09-29"), // under 5: window from 2023-09-30
          health("H3", "DENTAL", "2023-09-29"), // dental: 12 months whatever the age
          health("H4", "HA_REVIEW", "2023-09-29"), // 5: 12 months
          health("H5", "HA_REVIEW", "2024-01-01"),
          health("H5", "DENTAL", "2024-03-31"), // on D
          health("H6", "OPTICIAN", "2024-01-01"),
          health("H7", "HA_INITIAL", "2022-12-01"),
          health("H7", "HA_REVIEW", "2024-04-01"), // after D
          health("H8", "HA_REVIEW", "2024-01-01"),
          health("H8", "DENTAL", "2024-01-01"),
        ],
      },
    });
  });
  after(() => c.close());

  it("health assessments: 12 months, 6 for under-5s, 12+ months in care", async () => {
    // denominator H1 H3 H4 H6 H7 (H2 under 12 months, H5 no date of birth, H8 short breaks);
    // numerator H1 (on the window's first day), H4 → 2 / 5
    assert.deepEqual(await c.figure("cla_health_assessment_pct", "month", "2024-03-31"), {
      numerator: 2,
      denominator: 5,
      value: 40,
    });
    const rows = await c.explain("cla_health_assessment_pct", "month", "2024-03-31");
    const reason = (id: string) => rows.find((r) => r.child_id === id)?.reason;
    assert.equal(reason("H3"), "no health assessment on or after 2023-09-30 (last 2023-09-29)");
    assert.equal(reason("H2"), "looked after for less than 12 months (entered care 2023-04-01)");
    assert.equal(
      reason("H5"),
      "date of birth not recorded: cannot tell whether the 6-month window (under 5) applies",
    );
    assert.equal(reason("H6"), "no health assessment on or after 2023-03-31 (none recorded)");
    assert.equal(reason("H7"), "no health assessment on or after 2023-03-31 (last 2022-12-01)");
    assert.equal(
      rows.some((r) => r.child_id === "H8"),
      false,
    );
  });

  it("dental checks: 12 months for every age, no date of birth needed", async () => {
    // denominator H1 H3 H4 H5 H6 H7 = 6; numerator H3, H5 (on D) → 2 / 6
    const fig = await c.figure("cla_dental_check_pct", "month", "2024-03-31");
    assert.deepEqual([fig.numerator, fig.denominator, round(fig.value)], [2, 6, 33.33]);
    const rows = await c.explain("cla_dental_check_pct", "month", "2024-03-31");
    assert.equal(
      rows.find((r) => r.child_id === "H1")?.reason,
      "no dental check on or after 2023-03-31 (last 2023-03-30)",
    );
  });
});
