import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario } from "../testing/scenario.ts";
import { ADOPTION } from "./adoption.ts";

const ep = (
  id: string,
  child: string,
  cla: string | null,
  start: string,
  ceased: string | null,
  reason: string | null,
  entered: string | null,
) => ({
  clae_cla_episode_id: id,
  clae_person_id: child,
  clae_cla_id: cla,
  clae_cla_episode_start_date: start,
  clae_cla_episode_ceased_date: ceased,
  clae_cla_episode_ceased_reason: reason,
  clae_entered_care_date: entered,
});

describe("adoption", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(ADOPTION, {
      dataFrom: "2023-04-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cla_episodes: [
          // P1 (A): two episodes joined by X1; the last ends E11 on the last day of the year
          ep("E1a", "A", "P1", "2022-01-10", "2023-02-01", "X1", "2022-01-10"),
          ep("E1b", "A", "P1", "2023-02-01", "2024-03-31", "E11", "2022-01-10"),
          // P2 (B): E12 in lower case
          ep("E2", "B", "P2", "2023-01-01", "2024-03-01", "e12", "2023-01-01"),
          // P3 (C): adopted on the leap day
          ep("E3", "C", "P3", "2023-12-01", "2024-02-29", "E11", "2023-12-01"),
          // P4 (D): no permanence record
          ep("E4", "D", "P4", "2023-06-01", "2024-01-15", "E11", "2023-06-01"),
          // P5 (E): ends before its last episode starts
          ep("E5", "E", "P5", "2024-02-20", "2024-02-10", "E11", "2024-02-20"),
          // P6 (F): an earlier episode coded E11, but the period goes on: not adopted
          ep("E6a", "F", "P6", "2023-05-01", "2023-08-01", "E11", "2023-05-01"),
          ep("E6b", "F", "P6", "2023-08-01", null, null, "2023-05-01"),
          // P7 (G): adopted by the foster carer, foster placement date missing
          ep("E7", "G", "P7", "2023-03-31", "2024-03-31", "E11", "2023-03-31"),
          // P8 (H): entered-care date missing; adopted on the first day of the year
          ep("E8", "H", "P8", "2022-11-01", "2023-04-01", "E11", null),
        ],
        ssd_permanence: [
          // an older period of care of A: must not be used for P1
          {
            perm_table_id: "Q0",
            perm_person_id: "A",
            perm_cla_id: "OLD",
            perm_placed_for_adoption_date: "2021-01-01",
          },
          {
            perm_table_id: "Q1",
            perm_person_id: "A",
            perm_cla_id: "P1",
            perm_placement_order_date: "2022-10-01",
            perm_matched_date: "2023-01-10",
            perm_placed_for_adoption_date: "2023-02-01",
            perm_adopted_by_carer_flag: "N",
          },
          // no period of care id: matched by child
          {
            perm_table_id: "Q2",
            perm_person_id: "B",
            perm_placement_order_date: "2023-03-01",
            perm_matched_date: "2023-02-15",
            perm_placed_for_adoption_date: "2023-06-01",
            perm_adopted_by_carer_flag: "Y",
            perm_placed_foster_carer_date: "2023-01-01",
          },
          {
            perm_table_id: "Q3",
            perm_person_id: "C",
            perm_cla_id: "P3",
            perm_placed_for_adoption_date: "2024-02-29",
          },
          {
            perm_table_id: "Q5",
            perm_person_id: "E",
            perm_cla_id: "P5",
            perm_placed_for_adoption_date: "2024-02-20",
          },
          {
            perm_table_id: "Q7",
            perm_person_id: "G",
            perm_cla_id: "P7",
            perm_placement_order_date: "2023-05-01",
            perm_matched_date: "2023-07-01",
            perm_placed_for_adoption_date: "2023-09-30",
            perm_adopted_by_carer_flag: "y",
          },
          {
            perm_table_id: "Q8",
            perm_person_id: "H",
            perm_cla_id: "P8",
            perm_placement_order_date: "2022-12-01",
            perm_matched_date: "2022-12-31",
            perm_placed_for_adoption_date: "2023-01-01",
          },
        ],
      },
    });
  });
  after(() => c.close());

  it("counts periods of care ending E11/E12, both year ends inclusive", async () => {
    // 2023-24: P8 (1 Apr), P4, P3 (29 Feb), P2, P1 and P7 (31 Mar) = 6; P5 contradicts, P6 is still open
    assert.equal((await c.figure("adoptions", "year", "2024-03-31")).value, 6);
    assert.equal((await c.figure("adoptions", "month", "2023-04-30")).value, 1);
    assert.equal((await c.figure("adoptions", "month", "2024-02-29")).value, 1);
    assert.equal((await c.figure("adoptions", "month", "2024-03-31")).value, 3);
    const feb = await c.explain("adoptions", "month", "2024-02-29");
    assert.deepEqual(
      feb.map((r) => [r.event_id, r.in_numerator, r.reason]),
      [
        ["P3", true, null],
        [
          "P5",
          false,
          "period of care ends (2024-02-10) before its last episode starts (2024-02-20): a validation issue, not counted",
        ],
      ],
    );
  });

  it("A1: mean days from entering care to placed for adoption", async () => {
    // P1 2022-01-10 → 2023-02-01 = 387; P2 2023-01-01 → 2023-06-01 = 151;
    // P3 2023-12-01 → 2024-02-29 = 31 + 31 + 29 = 90; P7 2023-03-31 → 2023-09-30 = 183;
    // P4 no permanence record, P8 no entered-care date → (387 + 151 + 90 + 183) / 4 = 811 / 4 = 202.75
    assert.deepEqual(await c.figure("adoption_a1_days", "year", "2024-03-31"), {
      numerator: 811,
      denominator: 4,
      value: 202.75,
    });
    const rows = await c.explain("adoption_a1_days", "ytd", "2024-03-31");
    assert.deepEqual(
      rows.filter((r) => !r.in_denominator).map((r) => [r.event_id, r.value, r.reason]),
      [
        ["P8", null, "date entered care not recorded"],
        ["P4", null, "no permanence record for this period of care"],
        [
          "P5",
          null,
          "period of care ends (2024-02-10) before its last episode starts (2024-02-20): a validation issue, not counted",
        ],
      ],
    );
    assert.equal(
      rows.find((r) => r.event_id === "P1")?.detail,
      "adopted 2024-03-31 (E11), entered care 2022-01-10, placed for adoption 2023-02-01",
    );
    assert.equal(rows.find((r) => r.event_id === "P1")?.value, 387);
  });

  it("A10: the clock stops when a child adopted by the foster carer moved in", async () => {
    // P1 387 (flag N); P2 flag Y: 2023-01-01 → 2023-01-01 = 0; P3 90 (flag empty);
    // P7 flag y but no foster placement date: excluded → (387 + 0 + 90) / 3 = 159
    assert.deepEqual(await c.figure("adoption_a10_days", "year", "2024-03-31"), {
      numerator: 477,
      denominator: 3,
      value: 159,
    });
    const rows = await c.explain("adoption_a10_days", "month", "2024-03-31");
    assert.equal(
      rows.find((r) => r.event_id === "P7")?.reason,
      "adopted by foster carer, but the date placed with the foster carer is not recorded",
    );
  });

  it("A2: placement order to match, a match before the order counts as 0", async () => {
    // P1 2022-10-01 → 2023-01-10 = 101; P2 matched before the order → 0; P7 2023-05-01 → 2023-07-01 = 61;
    // P8 2022-12-01 → 2022-12-31 = 30; P3 has no placement order, P4 no record → 192 / 4 = 48
    assert.deepEqual(await c.figure("adoption_a2_days", "year", "2024-03-31"), {
      numerator: 192,
      denominator: 4,
      value: 48,
    });
    // February: P3 only, no placement order → no value
    assert.equal((await c.figure("adoption_a2_days", "month", "2024-02-29")).value, null);
    const feb = await c.explain("adoption_a2_days", "month", "2024-02-29");
    assert.equal(feb.find((r) => r.event_id === "P3")?.reason, "no placement order recorded");
  });
});
