import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario } from "../testing/scenario.ts";
import { CHILDREN_IN_NEED } from "./childrenInNeed.ts";

const episode = (id: string, child: string, referral: string, close: string | null = null) => ({
  cine_referral_id: id,
  cine_person_id: child,
  cine_referral_date: referral,
  cine_close_date: close,
});

describe("children in need", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(CHILDREN_IN_NEED, {
      dataFrom: "2023-10-01",
      dataTo: "2024-04-30",
      population: { 2023: 4_000, 2024: 5_000 },
      tables: {
        ssd_cin_episodes: [
          // referred on the snapshot date: open at it
          episode("E1", "A", "2024-01-31"),
          // closed on the snapshot date: not open at it
          episode("E2", "B", "2023-12-01", "2024-01-31"),
          // two overlapping episodes: one child
          episode("E3", "C", "2023-11-01"),
          episode("E4", "C", "2024-01-10", "2024-03-01"),
          // closes before its referral: listed at 2024-01-31 as a validation issue
          episode("E5", "D", "2024-02-10", "2024-01-20"),
          episode("E6", "E", "2024-02-01"),
          // referred and closed the same day: never open at a month end
          episode("E7", "F", "2024-01-05", "2024-01-05"),
        ],
      },
    });
  });
  after(() => c.close());

  it("counts children with an episode open at D once", async () => {
    // 2023-12-31: B, C = 2; 2024-01-31: A, C = 2; 2024-02-29: A, C, E = 3
    assert.equal((await c.figure("cin_open", "month", "2023-12-31")).value, 2);
    assert.equal((await c.figure("cin_open", "month", "2024-01-31")).value, 2);
    assert.equal((await c.figure("cin_open", "month", "2024-02-29")).value, 3);
    // a stock's quarter value is its value at the quarter end: 2024-03-31 A, C, E = 3
    assert.equal((await c.figure("cin_open", "quarter", "2024-03-31")).value, 3);
  });

  it("rates on the financial year's population", async () => {
    // 2024-02-29: 3 ÷ 4,000 × 10,000 = 7.5; 2024-04-30 (2024-25): 3 ÷ 5,000 × 10,000 = 6
    assert.deepEqual(await c.figure("cin_rate_10k", "month", "2024-02-29"), {
      numerator: 3,
      denominator: 4_000,
      value: 7.5,
    });
    assert.equal((await c.figure("cin_rate_10k", "month", "2024-04-30")).value, 6);
  });

  it("explain lists each child once and the invalid episode with its reason", async () => {
    const rows = await c.explain("cin_open", "month", "2024-01-31");
    assert.deepEqual(
      rows.map((r) => [r.child_id, r.event_id, r.in_numerator]),
      [
        ["A", "E1", true],
        ["C", "E3", true],
        ["D", "E5", false],
      ],
    );
    assert.match(rows[1]?.detail ?? "", /episodes open at D: E3, E4/);
    assert.equal(
      rows[2]?.reason,
      "episode closes (2024-01-20) before its referral (2024-02-10): a validation issue",
    );
  });
});
