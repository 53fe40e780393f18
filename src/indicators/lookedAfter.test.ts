import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import {
  claCeased,
  claCeasedPermanencePct,
  claOpen,
  claRate10k,
  claStarts,
  claUascOpen,
} from "./lookedAfter.ts";

const ep = (
  id: string,
  child: string,
  cla: string,
  entered: string,
  start: string,
  ceased: string | null,
  reason: string | null,
) => ({
  clae_cla_episode_id: id,
  clae_person_id: child,
  clae_cla_id: cla,
  clae_entered_care_date: entered,
  clae_cla_episode_start_date: start,
  clae_cla_episode_ceased_date: ceased,
  clae_cla_episode_ceased_reason: reason,
});
const legal = (id: string, child: string, status: string, start: string, end: string | null = null) => ({
  lega_legal_status_id: id,
  lega_person_id: child,
  lega_legal_status: status,
  lega_legal_status_start_date: start,
  lega_legal_status_end_date: end,
});

describe("children looked after: who is looked after, starts and ends", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(
      [claOpen, claRate10k, claUascOpen, claStarts, claCeased, claCeasedPermanencePct],
      {
        dataFrom: "2023-04-01",
        dataTo: "2024-05-31",
        population: { 2023: 20_000 },
        tables: {
          ssd_cla_episodes: [
            // A: one period of care, an X1 change on 2023-09-30 (a month end), adopted on 2024-03-31 (a month end)
            ep("EA1", "A", "PA", "2023-06-01", "2023-06-01", "2023-09-30", "X1"),
            ep("EA2", "A", "PA", "2023-06-01", "2023-09-30", "2024-03-31", "E11"),
            // B: two periods of care: home in August, back in January
            ep("EB1", "B", "PB1", "2023-05-10", "2023-05-10", "2023-08-20", "E4A"),
            ep("EB2", "B", "PB2", "2024-01-15", "2024-01-15", null, null),
            // C: short breaks only (V3): a closed stay in May 2023 and an open one from July
            ep("EC0", "C", "PC0", "2023-05-01", "2023-05-01", "2023-05-03", "E4A"),
            ep("EC1", "C", "PC1", "2023-07-01", "2023-07-01", null, null),
            // D: starts on V3, becomes looked after (C1) on 2024-02-01 through an X1 change
            ep("ED1", "D", "PD", "2023-10-01", "2023-10-01", "2024-02-01", "X1"),
            ep("ED2", "D", "PD", "2023-10-01", "2024-02-01", null, null),
            // E: starts on the snapshot date itself, no legal status recorded
            ep("EE1", "E", "PE", "2024-03-31", "2024-03-31", null, null),
            // F: looked after since before the data
            ep("EF1", "F", "PF", "2022-01-01", "2022-01-01", null, null),
            // G: ceased before it started: a validation issue
            ep("EG1", "G", "PG", "2024-03-10", "2024-03-10", "2024-03-01", "E4A"),
            // H: entered on the first day of 2023-24, SGO on leap day (a month end)
            ep("EH1", "H", "PH", "2023-04-01", "2023-04-01", "2024-02-29", "E45"),
            // I: the last episode ends X1 but the next episode is missing: the period has not ended
            ep("EI1", "I", "PI", "2023-11-01", "2023-11-01", "2023-12-15", "X1"),
          ],
          ssd_legal_status: [
            legal("LA", "A", "C2", "2023-06-01"),
            legal("LB", "B", "V2", "2023-05-10"),
            legal("LC0", "C", "V3", "2023-05-01", "2023-05-03"),
            legal("LC1", "C", "V3", "2023-07-01"),
            legal("LD1", "D", "V3", "2023-10-01", "2024-02-01"),
            legal("LD2", "D", "C1", "2024-02-01"),
            legal("LF", "F", "C2", "2022-01-01"),
            legal("LH", "H", "C2", "2023-04-01"),
            legal("LI", "I", "C2", "2023-11-01"),
          ],
          ssd_immigration_status: [
            {
              immi_immigration_status_id: "I1",
              immi_person_id: "E",
              immi_immigration_status: "UASC",
              immi_immigration_status_start_date: "2024-03-31",
            },
            {
              immi_immigration_status_id: "I2",
              immi_person_id: "F",
              immi_immigration_status: "UASC",
              immi_immigration_status_start_date: "2022-01-01",
              immi_immigration_status_end_date: "2024-03-31",
            },
            // C is UASC but on short breaks: not in cla_open, so not counted
            {
              immi_immigration_status_id: "I3",
              immi_person_id: "C",
              immi_immigration_status: "uasc",
              immi_immigration_status_start_date: "2023-07-01",
            },
          ],
        },
      },
    );
  });
  after(() => c.close());

  const numeratorChildren = async (id: string, type: "month" | "year" | "ytd", end: string) =>
    (await c.explain(id, type, end)).filter((r) => r.in_numerator).map((r) => r.child_id);

  it("cla_open: episode ending on D is out, starting on D is in, short breaks out", async () => {
    // 2024-03-31: A's episode ceased on D (out); B D E F in; C (V3) and G (contradictory) listed, not counted → 4
    assert.equal((await c.figure("cla_open", "month", "2024-03-31")).value, 4);
    assert.deepEqual((await numeratorChildren("cla_open", "month", "2024-03-31")).sort(), [
      "B",
      "D",
      "E",
      "F",
    ]);
    // 2024-01-31: A B F H; D still on V3 (V3 ends 2024-02-01 > D) → 4
    assert.deepEqual((await numeratorChildren("cla_open", "month", "2024-01-31")).sort(), [
      "A",
      "B",
      "F",
      "H",
    ]);
    // 2024-02-29: H ceased on D (out); D now C1 (in) → A B D F
    assert.deepEqual((await numeratorChildren("cla_open", "month", "2024-02-29")).sort(), [
      "A",
      "B",
      "D",
      "F",
    ]);
  });

  it("cla_open: an X1 change on D gives one row for the child, not two", async () => {
    // 2023-09-30: EA1 ends X1 on D, EA2 starts on D → A once; F, H; C and D on V3 → 3
    const rows = await c.explain("cla_open", "month", "2023-09-30");
    assert.deepEqual(rows.filter((r) => r.child_id === "A").length, 1);
    assert.equal(rows.find((r) => r.child_id === "A")?.event_id, "PA");
    assert.equal((await c.figure("cla_open", "month", "2023-09-30")).value, 3);
  });

  it("explain cla_open: short break and contradictory episode are listed with reasons", async () => {
    const rows = await c.explain("cla_open", "month", "2024-03-31");
    assert.equal(rows.length, 6);
    assert.equal(
      rows.find((r) => r.child_id === "C")?.reason,
      "short break: legal status V3 at D, not counted as looked after",
    );
    const g = rows.find((r) => r.child_id === "G");
    assert.equal(g?.in_denominator, false);
    assert.equal(
      g?.reason,
      "episode EG1 ceased (2024-03-01) before it started (2024-03-10): a validation issue, not counted",
    );
    assert.match(rows.find((r) => r.child_id === "E")?.detail ?? "", /legal status not recorded/);
  });

  it("cla_rate_10k: cla_open over the year's population", async () => {
    // 4 ÷ 20,000 × 10,000 = 2.0
    assert.deepEqual(await c.figure("cla_rate_10k", "month", "2024-03-31"), {
      numerator: 4,
      denominator: 20_000,
      value: 2,
    });
  });

  it("cla_uasc_open: UASC in force at D, among cla_open only", async () => {
    // 2024-03-31: E (UASC from D) yes; F's status ended on D; C is UASC but on short breaks → 1
    assert.deepEqual(await numeratorChildren("cla_uasc_open", "month", "2024-03-31"), ["E"]);
    assert.equal((await c.figure("cla_uasc_open", "month", "2024-03-31")).value, 1);
    // 2024-02-29: F only → 1
    assert.deepEqual(await numeratorChildren("cla_uasc_open", "month", "2024-02-29"), ["F"]);
    const rows = await c.explain("cla_uasc_open", "month", "2024-03-31");
    assert.equal(rows.find((r) => r.child_id === "F")?.reason, "not UASC at D");
    assert.equal(
      rows.some((r) => r.child_id === "C"),
      false,
    );
  });

  it("cla_starts: periods of care, X1 is not a start, V3/V4 and contradictions excluded", async () => {
    // 2023-24: PA PB1 PB2 PE PH (on 1 April, the first day) PI = 6; PC0 PC1 PD on V3, PG contradictory; PF before
    assert.equal((await c.figure("cla_starts", "year", "2024-03-31")).value, 6);
    // March 2024: PE (PG excluded) → 1
    assert.equal((await c.figure("cla_starts", "month", "2024-03-31")).value, 1);
    // September 2023: A's X1 change on the 30th is not a start → 0
    assert.equal((await c.figure("cla_starts", "month", "2023-09-30")).value, 0);
    // October 2023: PD started on V3 → 0, though D is looked after from February
    assert.equal((await c.figure("cla_starts", "month", "2023-10-31")).value, 0);
    const rows = await c.explain("cla_starts", "month", "2023-10-31");
    assert.equal(
      rows[0]?.reason,
      "short break: legal status V3 at the start of the period of care, not counted",
    );
  });

  it("cla_ceased: the last episode's end; X1 ends nothing; a child with two periods counts each", async () => {
    // 2023-24: PB1 (Aug) PH (Feb) PA (Mar) = 3; PC0 (V3) and PG (contradictory) listed only
    assert.equal((await c.figure("cla_ceased", "year", "2024-03-31")).value, 3);
    // A's X1 on 2023-09-30 ends nothing; D's X1 on 2024-02-01 neither, so February has PH only
    assert.equal((await c.figure("cla_ceased", "month", "2023-09-30")).value, 0);
    assert.equal((await c.figure("cla_ceased", "month", "2024-02-29")).value, 1);
    // March 2024: PA on the 31st (period end inclusive); PG excluded → 1
    assert.equal((await c.figure("cla_ceased", "month", "2024-03-31")).value, 1);
    const march = await c.explain("cla_ceased", "month", "2024-03-31");
    assert.equal(
      march.find((r) => r.event_id === "PG")?.reason,
      "episode EG1 (start 2024-03-10, ceased 2024-03-01) ceased before it started: a validation issue, not counted",
    );
    // December 2023: PI's last episode ended X1 → no end
    assert.equal((await c.figure("cla_ceased", "month", "2023-12-31")).value, 0);
    // May 2023: PC0 was a short break (V3) → 0
    assert.equal((await c.figure("cla_ceased", "month", "2023-05-31")).value, 0);
  });

  it("cla_ceased_permanence_pct: adoption and SGO count, return home does not", async () => {
    // 2023-24: PA E11 yes, PH E45 yes, PB1 E4A no → 2 / 3
    const year = await c.figure("cla_ceased_permanence_pct", "year", "2024-03-31");
    assert.deepEqual([year.numerator, year.denominator, round(year.value)], [2, 3, 66.67]);
    // August 2023: PB1 only → 0 / 1
    assert.deepEqual(await c.figure("cla_ceased_permanence_pct", "month", "2023-08-31"), {
      numerator: 0,
      denominator: 1,
      value: 0,
    });
    const aug = await c.explain("cla_ceased_permanence_pct", "month", "2023-08-31");
    assert.equal(aug[0]?.reason, "ceased for a reason other than permanence (E4A)");
    // May 2023: only the short-break period → no value
    assert.equal((await c.figure("cla_ceased_permanence_pct", "month", "2023-05-31")).value, null);
  });
});
