import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import { cla3plusPlacementsPct, claLongTermStabilityPct, claPlaced20MilesPct } from "./lookedAfter.ts";

/** A child looked after (open episode) since `entered`, born `dob`. */
const child = (id: string, entered: string, dob: string) => ({
  episode: {
    clae_cla_episode_id: `E${id}`,
    clae_person_id: id,
    clae_cla_id: `P${id}`,
    clae_entered_care_date: entered,
    clae_cla_episode_start_date: entered,
  },
  person: { pers_person_id: id, pers_dob: dob },
});
const pl = (
  id: string,
  child: string,
  type: string,
  start: string,
  end: string | null,
  distance: number | null = null,
) => ({
  clap_cla_placement_id: id,
  clap_person_id: child,
  clap_cla_placement_type: type,
  clap_cla_placement_start_date: start,
  clap_cla_placement_end_date: end,
  clap_cla_placement_distance: distance,
});

const CHILDREN = [
  child("K", "2021-01-01", "2010-05-01"),
  child("L", "2021-01-01", "2010-01-01"),
  child("M", "2021-01-01", "2011-01-01"),
  child("N", "2021-01-01", "2011-01-01"),
  child("O", "2021-09-30", "2012-01-01"),
  child("Q", "2020-01-01", "2019-06-01"),
  child("R", "2021-06-01", "2015-01-01"),
  child("S", "2021-01-01", "2008-03-31"),
  child("T", "2021-10-01", "2012-01-01"),
  child("U", "2021-01-01", "2012-01-01"),
  // V: short breaks (V4) in a distant, long placement: in none of these indicators
  child("V", "2020-01-01", "2012-01-01"),
];

describe("children looked after: placements", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario([cla3plusPlacementsPct, claLongTermStabilityPct, claPlaced20MilesPct], {
      dataFrom: "2024-03-01",
      dataTo: "2024-04-30",
      tables: {
        ssd_cla_episodes: CHILDREN.map((x) => x.episode),
        ssd_person: CHILDREN.map((x) => x.person),
        ssd_legal_status: [
          {
            lega_legal_status_id: "LV",
            lega_person_id: "V",
            lega_legal_status: "V4",
            lega_legal_status_start_date: "2020-01-01",
          },
        ],
        ssd_cla_placement: [
          // K: K1 ends on D − 12 months (2023-03-31): outside; K3 temporary; → K2 K4 = 2
          pl("K1", "K", "U4", "2021-01-01", "2023-03-31"),
          pl("K2", "K", "U6", "2023-03-31", "2023-10-01"),
          pl("K3", "K", "T2", "2023-10-01", "2023-10-10", 300),
          pl("K4", "K", "U6", "2023-10-10", null, 25),
          // L: L1 ends on the window's first day (2023-04-01): inside at 31 March, outside at 30 April
          pl("L1", "L", "U4", "2021-01-01", "2023-04-01"),
          pl("L2", "L", "K2", "2023-04-01", "2024-01-01"),
          pl("L3", "L", "U6", "2024-01-01", null, 20),
          // M: M1 starts on D; distance unknown
          pl("M0", "M", "U4", "2021-01-01", "2023-06-01"),
          pl("M2", "M", "U6", "2023-06-01", "2024-03-31"),
          pl("M1", "M", "R1", "2024-03-31", null, null),
          // N: a placement ending before it starts, inside the window and the period of care
          pl("N1", "N", "U4", "2021-01-01", null, 50),
          pl("NX", "N", "U6", "2023-08-01", "2023-07-01"),
          // O: entered exactly D − 30 months, placed exactly D − 24 months
          pl("O1", "O", "U4", "2022-03-31", null, 20.5),
          // Q: placed for adoption 2023-06-01 after a placement from 2020-01-01 → stable
          pl("Q1", "Q", "U4", "2020-01-01", "2023-06-01"),
          pl("Q2", "Q", "A5", "2023-06-01", null, 5),
          // R: placed for adoption 2023-06-01 after a placement from 2022-06-01 → not 2 years
          pl("R0", "R", "U4", "2021-06-01", "2022-06-01"),
          pl("R1", "R", "U4", "2022-06-01", "2023-06-01"),
          pl("R2", "R", "A4", "2023-06-01", null, null),
          // S: 16 on D
          pl("S1", "S", "U4", "2021-01-01", null, 30),
          // T: entered one day after D − 30 months
          pl("T1", "T", "U4", "2021-10-01", null, 0),
          // U: only a temporary placement at D
          pl("U1", "U", "U4", "2021-01-01", "2024-03-15"),
          pl("U2", "U", "T3", "2024-03-15", null, 100),
          pl("V1", "V", "U4", "2020-01-01", null, 80),
        ],
      },
    });
  });
  after(() => c.close());

  it("cla_3plus_placements_pct: window boundaries, temporary placements, contradictions", async () => {
    // 31 March 2024, window 2023-04-01 … 2024-03-31: K 2, L 3, M 3, O 1, Q 2, R 2, S 1, T 1, U 1
    // (N excluded: NX ends before it starts; V short breaks) → 2 / 9
    const march = await c.figure("cla_3plus_placements_pct", "month", "2024-03-31");
    assert.deepEqual([march.numerator, march.denominator, round(march.value)], [2, 9, 22.22]);
    // 30 April 2024, window from 2023-05-01: L1 (ended 2023-04-01) drops out → L 2; M 3 → 1 / 9
    const april = await c.figure("cla_3plus_placements_pct", "month", "2024-04-30");
    assert.deepEqual([april.numerator, april.denominator, round(april.value)], [1, 9, 11.11]);
  });

  it("explain cla_3plus_placements_pct lists the rows and why", async () => {
    const rows = await c.explain("cla_3plus_placements_pct", "month", "2024-03-31");
    assert.equal(rows.length, 10);
    assert.deepEqual(
      rows
        .filter((r) => r.in_numerator)
        .map((r) => r.child_id)
        .sort(),
      ["L", "M"],
    );
    const k = rows.find((r) => r.child_id === "K");
    assert.equal(k?.reason, "2 placement(s) in the 12 months ending D");
    assert.equal(
      k?.detail,
      "2 placement(s) since 2023-04-01: K2 U6 2023-03-31–2023-10-01, K4 U6 2023-10-10–",
    );
    const n = rows.find((r) => r.child_id === "N");
    assert.equal(n?.in_denominator, false);
    assert.equal(
      n?.reason,
      "placement NX ends (2023-07-01) before it starts (2023-08-01): a validation issue, not counted",
    );
    assert.equal(
      rows.some((r) => r.child_id === "V"),
      false,
    );
  });

  it("cla_long_term_stability_pct: under 16, 2.5 years in care, 2 years placed or adoptive", async () => {
    // 31 March 2024: D − 30m = 2021-09-30, D − 24m = 2022-03-31.
    // Denominator K L M O Q R U (N contradictory, S is 16, T entered 2021-10-01) = 7; numerator O, Q → 2 / 7
    const march = await c.figure("cla_long_term_stability_pct", "month", "2024-03-31");
    assert.deepEqual([march.numerator, march.denominator, round(march.value)], [2, 7, 28.57]);
    // 30 April 2024: D − 30m = 2021-10-30 brings T in, placed 2021-10-01 ≤ 2022-04-30 → 3 / 8
    assert.deepEqual(await c.figure("cla_long_term_stability_pct", "month", "2024-04-30"), {
      numerator: 3,
      denominator: 8,
      value: 37.5,
    });
    const rows = await c.explain("cla_long_term_stability_pct", "month", "2024-03-31");
    const reason = (id: string) => rows.find((r) => r.child_id === id)?.reason;
    assert.equal(reason("S"), "aged 16 at D (16 or over)");
    assert.equal(reason("T"), "looked after for less than 2.5 years (entered care 2021-10-01)");
    assert.equal(
      reason("R"),
      "placed for adoption 2023-06-01; with the placement before it (from 2022-06-01) less than 2 years",
    );
    assert.equal(reason("U"), "no current (non-temporary) placement at D");
    assert.equal(reason("K"), "current placement started 2023-10-10, less than 2 years before D");
    assert.equal(reason("Q"), null);
  });

  it("cla_placed_20_miles_pct: over 20 miles; unknown distance out of both", async () => {
    // K 25 yes, L 20 no, O 20.5 yes, Q 5 no, S 30 yes, T 0 no → 3 / 6;
    // M and R unknown, U temporary only, N contradictory: excluded; V short breaks
    assert.deepEqual(await c.figure("cla_placed_20_miles_pct", "month", "2024-03-31"), {
      numerator: 3,
      denominator: 6,
      value: 50,
    });
    const rows = await c.explain("cla_placed_20_miles_pct", "month", "2024-03-31");
    const row = (id: string) => rows.find((r) => r.child_id === id);
    assert.equal(row("M")?.reason, "placement distance not known");
    assert.equal(row("M")?.in_denominator, false);
    assert.equal(row("L")?.reason, "placed 20.0 miles from home (20 or less)");
    assert.equal(row("U")?.reason, "no current (non-temporary) placement at D");
  });
});
