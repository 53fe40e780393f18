import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import { WORKFORCE } from "./workforce.ts";

const inv = (id: string, child: string, worker: string | null, start: string, end: string | null = null) => ({
  invo_involvements_id: id,
  invo_person_id: child,
  invo_professional_id: worker,
  invo_professional_team: "T1",
  invo_involvement_start_date: start,
  invo_involvement_end_date: end,
});

describe("workforce and allocation", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(WORKFORCE, {
      dataFrom: "2024-01-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cin_episodes: [
          { cine_referral_id: "R1", cine_person_id: "A", cine_referral_date: "2024-01-10" },
          // D: closes on 31 March, so not open that day
          {
            cine_referral_id: "R2",
            cine_person_id: "D",
            cine_referral_date: "2024-01-01",
            cine_close_date: "2024-03-31",
          },
          // E: closes before it starts
          {
            cine_referral_id: "R3",
            cine_person_id: "E",
            cine_referral_date: "2024-02-10",
            cine_close_date: "2024-01-05",
          },
          // F: referred on the month end itself
          { cine_referral_id: "R4", cine_person_id: "F", cine_referral_date: "2024-01-31" },
        ],
        ssd_cp_plans: [
          { cppl_cp_plan_id: "CP1", cppl_person_id: "A", cppl_cp_plan_start_date: "2024-02-01" },
          // held by another authority: C is not open to us
          {
            cppl_cp_plan_id: "CP2",
            cppl_person_id: "C",
            cppl_cp_plan_start_date: "2023-12-01",
            cppl_cp_plan_ola: "Y",
          },
        ],
        ssd_cla_episodes: [
          { clae_cla_episode_id: "E1", clae_person_id: "B", clae_cla_episode_start_date: "2023-06-01" },
          // D: short breaks only, not looked after
          { clae_cla_episode_id: "E2", clae_person_id: "D", clae_cla_episode_start_date: "2024-01-01" },
        ],
        ssd_legal_status: [
          {
            lega_legal_status_id: "L1",
            lega_person_id: "D",
            lega_legal_status: "V3",
            lega_legal_status_start_date: "2024-01-01",
          },
        ],
        ssd_involvements: [
          inv("I1", "A", "W1", "2024-01-10"),
          inv("I2", "B", "W1", "2023-06-01", "2024-02-29"), // ends on the leap day: not open that day
          inv("I3", "B", "W2", "2024-03-01"),
          inv("I4", "C", "W2", "2024-01-01"),
          inv("I5", "F", "W3", "2024-01-31"), // starts on the month end: open that day
          inv("I6", "F", null, "2024-01-01"), // no worker: not an allocation
          inv("I7", "G", "W4", "2024-01-01", "2024-03-15"),
          inv("I8", "A", "W2", "2024-03-01"), // A held by two workers in March
        ],
        ssd_professionals: [
          { prof_professional_id: "W1", prof_full_time_equivalency: 1, prof_professional_department: "T1" },
          { prof_professional_id: "W2", prof_full_time_equivalency: 0.5, prof_professional_department: "T2" },
          { prof_professional_id: "W3", prof_full_time_equivalency: null },
          // W4 is not in the table
        ],
      },
    });
  });
  after(() => c.close());

  it("% allocated: children open to CIN, CP or CLA with an open involvement", async () => {
    // 31 Jan: A (CIN, W1), B (CLA, W1), D (CIN; CLA is short breaks only; no worker), F (CIN, W3) → 3/4
    assert.deepEqual(await c.figure("allocated_sw_pct", "month", "2024-01-31"), {
      numerator: 3,
      denominator: 4,
      value: 75,
    });
    // 29 Feb: A (CIN+CP, W1), B (I2 ended today: none), D (none), F (W3); E contradicts, outside → 2/4
    assert.deepEqual(await c.figure("allocated_sw_pct", "month", "2024-02-29"), {
      numerator: 2,
      denominator: 4,
      value: 50,
    });
    // 31 Mar: A, B (W2), F; D's referral closed today → 3/3 (the stock value at the period end)
    assert.deepEqual(await c.figure("allocated_sw_pct", "quarter", "2024-03-31"), {
      numerator: 3,
      denominator: 3,
      value: 100,
    });
  });

  it("explain shows services per child and why a child is not counted", async () => {
    const rows = await c.explain("allocated_sw_pct", "month", "2024-02-29");
    assert.deepEqual(
      rows.map((r) => [r.child_id, r.in_numerator, r.in_denominator, r.reason]),
      [
        ["A", true, true, null],
        ["F", true, true, null],
        ["B", false, true, "no worker involvement open at the month end"],
        ["D", false, true, "no worker involvement open at the month end"],
        [
          "E",
          false,
          false,
          "open only by a record that ends before it starts (CIN R3 2024-02-10 to 2024-01-05): a validation issue, not counted",
        ],
      ],
    );
    assert.equal(rows[0]?.detail, "open to CIN, CP; worker W1 (team T1) since 2024-01-10");
    assert.equal(rows[2]?.detail, "open to CLA; no worker");
  });

  it("caseload: children held ÷ FTE, workers without FTE left out of the total", async () => {
    // 31 Jan: children A, B (W1), C (W2), F (W3), G (W4) = 5; FTE W1 1 + W2 0.5 = 1.5 (W3 none, W4 unknown)
    // → 5 / 1.5 = 3.33
    const jan = await c.figure("caseload_average", "month", "2024-01-31");
    assert.deepEqual([jan.numerator, jan.denominator, round(jan.value)], [5, 1.5, 3.33]);
    // 31 Mar: A (W1 and W2, counted once), B (W2), C (W2), F (W3); G's I7 ended → 4 / 1.5 = 2.67
    const mar = await c.figure("caseload_average", "month", "2024-03-31");
    assert.deepEqual([mar.numerator, mar.denominator, round(mar.value)], [4, 1.5, 2.67]);
    const marRows = await c.explain("caseload_average", "month", "2024-03-31");
    assert.equal(marRows.find((r) => r.child_id === "A")?.detail, "held by W1, W2");
  });

  it("explain lists children and workers, with the reason a worker's FTE is left out", async () => {
    const rows = await c.explain("caseload_average", "month", "2024-01-31");
    const workers = rows.filter((r) => r.child_id === "");
    assert.deepEqual(
      workers.map((r) => [r.event_id, r.in_denominator, r.value, r.reason]),
      [
        ["W1", true, 1, null],
        ["W2", true, 0.5, null],
        [
          "W3",
          false,
          null,
          "FTE not recorded: left out of the FTE total; the 1 child they hold still counted",
        ],
        [
          "W4",
          false,
          null,
          "worker not in the professionals table, so no FTE: left out of the FTE total; the 1 child they hold still counted",
        ],
      ],
    );
    assert.equal(workers[0]?.detail, "worker W1, team T1, FTE 1.0, holding 2 children");
    assert.deepEqual(
      rows.filter((r) => r.in_numerator).map((r) => r.child_id),
      ["A", "B", "C", "F", "G"],
    );
  });
});
