import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Row } from "../db/database.ts";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import {
  claDentalCheckPct,
  claHealthAssessmentPct,
  claPlaced20MilesPct,
  claVisitsOnTimePct,
} from "./lookedAfter.ts";

// indicators.md as clarified: health assessments and dental checks on D count ("on or after
// D − 12 months and on or before D"); a temporary placement (T0–T4) is not a current placement
// for the 20-mile measure, and does not restart the clock for looked-after visits.

const episode = (
  child: string,
  entered: string,
  ceased: string | null = null,
  period = `P${child}`,
): Row => ({
  clae_cla_episode_id: `E${period}`,
  clae_person_id: child,
  clae_cla_id: period,
  clae_entered_care_date: entered,
  clae_cla_episode_start_date: entered,
  clae_cla_episode_ceased_date: ceased,
  clae_cla_episode_ceased_reason: ceased ? "E4A" : null,
});
const pl = (
  id: string,
  child: string,
  type: string,
  start: string,
  end: string | null,
  distance: number | null = null,
): Row => ({
  clap_cla_placement_id: id,
  clap_person_id: child,
  clap_cla_placement_type: type,
  clap_cla_placement_start_date: start,
  clap_cla_placement_end_date: end,
  clap_cla_placement_distance: distance,
});
const check = (child: string, type: string, date: string): Row => ({
  clah_health_check_id: `${child}-${type}-${date}`,
  clah_person_id: child,
  clah_health_check_type: type,
  clah_health_check_date: date,
});
const visit = (child: string, date: string): Row => ({
  clav_cla_visit_id: `${child}-${date}`,
  clav_person_id: child,
  clav_cla_visit_date: date,
});

describe("health assessments and dental checks on D", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario([claHealthAssessmentPct, claDentalCheckPct], {
      dataFrom: "2024-02-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cla_episodes: [
          episode("A1", "2022-01-01"),
          episode("A2", "2022-01-01"),
          episode("A3", "2022-01-01"),
          episode("A4", "2020-01-01"),
        ],
        ssd_person: [
          { pers_person_id: "A1", pers_dob: "2014-01-01" }, // 10
          { pers_person_id: "A2", pers_dob: "2021-01-01" }, // 3: 6-month window for health assessments
          { pers_person_id: "A3", pers_dob: "2014-01-01" },
          { pers_person_id: "A4", pers_dob: "2014-01-01" },
        ],
        ssd_cla_health: [
          check("A1", "HA_REVIEW", "2022-06-01"),
          check("A1", "HA_REVIEW", "2024-03-31"), // on D
          check("A1", "DENTAL", "2024-03-31"), // on D
          check("A2", "HA_INITIAL", "2024-03-31"), // on D, under 5
          check("A2", "DENTAL", "2023-03-31"), // D − 12 months
          check("A3", "HA_REVIEW", "2023-03-30"), // a day before the window
          check("A3", "HA_REVIEW", "2024-04-01"), // a day after D
          check("A3", "DENTAL", "2024-04-01"),
          check("A4", "HA_REVIEW", "2023-02-28"), // 2024-02-29 − 12 months = 2023-02-28
          check("A4", "DENTAL", "2023-02-27"),
        ],
      },
    });
  });
  after(() => c.close());

  it("31 March 2024: a check dated D counts; one dated D + 1 does not", async () => {
    // health: A1 (on D), A2 (on D, under 5); A3 (2023-03-30, 2024-04-01), A4 (2023-02-28) → 2/4
    assert.deepEqual(await c.figure("cla_health_assessment_pct", "month", "2024-03-31"), {
      numerator: 2,
      denominator: 4,
      value: 50,
    });
    // dental: A1 (on D), A2 (2023-03-31, the window's first day); A3 (after D), A4 → 2/4
    assert.deepEqual(await c.figure("cla_dental_check_pct", "month", "2024-03-31"), {
      numerator: 2,
      denominator: 4,
      value: 50,
    });
    const rows = await c.explain("cla_health_assessment_pct", "month", "2024-03-31");
    assert.equal(
      rows.find((r) => r.child_id === "A3")?.reason,
      "no health assessment on or after 2023-03-31 (last 2023-03-30)",
    );
  });

  it("29 February 2024: the window starts 2023-02-28", async () => {
    // health, window 2023-02-28 … 2024-02-29: A3 (2023-03-30), A4 (2023-02-28, the first day);
    // A1's latest by D is 2022-06-01, A2 (window from 2023-08-29) has none by D → 2/4
    assert.deepEqual(await c.figure("cla_health_assessment_pct", "month", "2024-02-29"), {
      numerator: 2,
      denominator: 4,
      value: 50,
    });
    // dental: A2 (2023-03-31); A4 2023-02-27 is a day early; A1, A3 none by D → 1/4
    const dental = await c.figure("cla_dental_check_pct", "month", "2024-02-29");
    assert.deepEqual([dental.numerator, dental.denominator, round(dental.value)], [1, 4, 25]);
  });
});

describe("temporary placements (T0–T4) and the 20-mile measure", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario([claPlaced20MilesPct], {
      dataFrom: "2024-03-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cla_episodes: ["M1", "M2", "M3", "M4"].map((id) => episode(id, "2022-01-01")),
        ssd_cla_placement: [
          // M1: a temporary placement alongside an open one: the open one (30 miles) is current
          pl("M1a", "M1", "U4", "2022-01-01", null, 30),
          pl("M1b", "M1", "T1", "2024-03-20", null, 2),
          // M2: the placement ended when a temporary one began: no current placement
          pl("M2a", "M2", "U4", "2022-01-01", "2024-03-20", 5),
          pl("M2b", "M2", "T2", "2024-03-20", null, 40),
          // M3: back from a temporary placement into a new one (10 miles)
          pl("M3a", "M3", "U4", "2022-01-01", "2024-03-01", 50),
          pl("M3b", "M3", "T1", "2024-03-01", "2024-03-20", 60),
          pl("M3c", "M3", "U6", "2024-03-20", null, 10),
          // M4: only ever temporary (T0, then T4 over D)
          pl("M4a", "M4", "T0", "2022-01-01", "2024-01-01", 25),
          pl("M4b", "M4", "T4", "2024-01-01", null, 100),
        ],
      },
    });
  });
  after(() => c.close());

  it("counts the current non-temporary placement only", async () => {
    // denominator: M1 (M1a, 30), M3 (M3c, 10); M2 and M4 have no current placement → 1/2
    assert.deepEqual(await c.figure("cla_placed_20_miles_pct", "month", "2024-03-31"), {
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    const rows = await c.explain("cla_placed_20_miles_pct", "month", "2024-03-31");
    const reason = (id: string) => rows.find((r) => r.child_id === id)?.reason;
    assert.equal(reason("M2"), "no current (non-temporary) placement at D");
    assert.equal(reason("M4"), "no current (non-temporary) placement at D");
    assert.equal(reason("M3"), "placed 10.0 miles from home (20 or less)");
  });
});

describe("temporary placements (T0–T4) and the visits clock", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario([claVisitsOnTimePct], {
      dataFrom: "2024-03-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cla_episodes: [
          episode("V1", "2022-01-01"),
          episode("V2", "2020-01-01"),
          episode("V3", "2022-01-01"),
          episode("V4", "2024-03-01"),
          episode("V5", "2022-01-01", "2023-12-01", "PV5a"),
          episode("V5", "2024-03-01", null, "PV5b"),
        ],
        ssd_cla_placement: [
          // V1: A from 2023-06-01, then T1 over D. A continues: visit 2024-02-01 in A's first year
          // → due 2024-02-01 + 42 = 2024-03-14: overdue (from entering care, 2022-01-01, it would
          // be + 84 = 2024-04-25: on time)
          pl("V1z", "V1", "U4", "2022-01-01", "2023-06-01"),
          pl("V1a", "V1", "U4", "2023-06-01", "2024-03-10"),
          pl("V1t", "V1", "T1", "2024-03-10", null),
          // V2: A from 2024-03-01, visited 2024-03-05, then T3 from 2024-03-15. A continues:
          // + 42 = 2024-04-16: on time (restarted at T3 with no visit since, due 2024-03-22: overdue)
          pl("V2y", "V2", "U4", "2020-01-01", "2024-03-01"),
          pl("V2a", "V2", "U6", "2024-03-01", "2024-03-15"),
          pl("V2t", "V2", "T3", "2024-03-15", null),
          // V3: back from T1 into a new placement B on 2024-03-20: B starts the clock; the visit
          // on 2024-03-10 was before it → due 2024-03-27: overdue
          pl("V3a", "V3", "U4", "2022-01-01", "2024-03-01"),
          pl("V3t", "V3", "T1", "2024-03-01", "2024-03-20"),
          pl("V3b", "V3", "U4", "2024-03-20", null),
          // V4: a temporary placement first: nothing before it → from entering care, 2024-03-01;
          // visit 2024-03-06 + 42 = 2024-04-17: on time
          pl("V4t", "V4", "T0", "2024-03-01", null),
          // V5: back in care on 2024-03-01 straight into T2; the placement before it belongs to
          // the previous period of care → from 2024-03-01, no visit since → due 2024-03-08: overdue
          pl("V5a", "V5", "U4", "2022-01-01", "2023-12-01"),
          pl("V5t", "V5", "T2", "2024-03-01", null),
        ],
        ssd_cla_visits: [
          visit("V1", "2024-02-01"),
          visit("V2", "2024-03-05"),
          visit("V3", "2024-03-10"),
          visit("V4", "2024-03-06"),
          visit("V5", "2023-11-20"),
        ],
      },
    });
  });
  after(() => c.close());

  it("the placement before a temporary one continues; a new placement after it restarts", async () => {
    // on time: V2, V4; overdue: V1, V3, V5 → 2/5
    assert.deepEqual(await c.figure("cla_visits_on_time_pct", "month", "2024-03-31"), {
      numerator: 2,
      denominator: 5,
      value: 40,
    });
    const rows = await c.explain("cla_visits_on_time_pct", "month", "2024-03-31");
    const row = (id: string) => rows.find((r) => r.child_id === id);
    assert.deepEqual(
      [row("V1")?.reason, row("V1")?.detail],
      [
        "visit overdue at D (due by 2024-03-14)",
        "placement V1a from 2023-06-01 (temporary placement V1t at D does not restart the clock), last visit 2024-02-01, next due 2024-03-14",
      ],
    );
    assert.equal(
      row("V2")?.detail,
      "placement V2a from 2024-03-01 (temporary placement V2t at D does not restart the clock), last visit 2024-03-05, next due 2024-04-16",
    );
    assert.equal(row("V3")?.detail, "placement V3b from 2024-03-20, no visit since, next due 2024-03-27");
    assert.equal(
      row("V4")?.detail,
      "no current placement; entered care 2024-03-01, last visit 2024-03-06, next due 2024-04-17",
    );
    assert.equal(row("V5")?.reason, "visit overdue at D (due by 2024-03-08)");
  });
});
