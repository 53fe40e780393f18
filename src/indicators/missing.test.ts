import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario } from "../testing/scenario.ts";
import { MISSING } from "./missing.ts";

const episode = (
  id: string,
  child: string,
  type: string,
  start: string | null,
  end: string | null,
  offered: string | null,
) => ({
  miss_table_id: id,
  miss_person_id: child,
  miss_missing_episode_type: type,
  miss_missing_episode_start_date: start,
  miss_missing_episode_end_date: end,
  miss_missing_rhi_offered: offered,
});

const interview = (id: string, episodeId: string, child: string, date: string | null) => ({
  mrhi_return_interview_id: id,
  mrhi_missing_id: episodeId,
  mrhi_person_id: child,
  mrhi_return_interview_date: date,
});

describe("missing", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(MISSING, {
      dataFrom: "2024-01-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_missing: [
          episode("M1", "A", "M", "2024-01-31", "2024-02-01", "Y"), // spans the month end
          episode("M2", "A", "M", "2024-02-01", "2024-02-01", "N"), // same-day episode
          episode("M3", "B", "A", "2024-02-10", "2024-02-11", "Y"), // away, not missing: never counted
          episode("M4", "B", "M", "2024-02-28", "2024-03-01", "Y"), // across the leap day
          episode("M5", "C", "M", "2024-02-29", null, null), // still missing
          episode("M6", "C", "m", "2024-03-31", "2024-03-20", "Y"), // ends before it starts
          episode("M7", "D", "M", "2023-12-30", "2024-01-02", null), // started before the data
          episode("M8", "A", "M", "2024-02-15", "2024-02-16", "y"),
        ],
        ssdx_missing_return_interviews: [
          interview("I1", "M1", "A", "2024-02-04"), // 3 days after 2024-02-01: within
          interview("I2", "M2", "A", "2024-02-05"), // 4 days: not within
          interview("I3", "M3", "B", "2024-02-11"), // for an away episode: not counted
          interview("I4", "M4", "B", "2024-03-04"), // 3 days after 2024-03-01: within
          interview("I4b", "M4", "B", null), // no date: excluded
          interview("I7", "M7", "D", "2024-01-01"), // before the episode ended: excluded
          interview("I8", "M8", "A", "2024-02-16"), // same day: 0 days, within
        ],
      },
    });
  });
  after(() => c.close());

  it("counts M episodes by start date, both period ends inclusive", async () => {
    // Jan: M1 (31 Jan); Feb: M2 (1st), M8, M4 (28th), M5 (29th) = 4; Mar: M6 contradicts its dates = 0
    assert.equal((await c.figure("missing_episodes", "month", "2024-01-31")).value, 1);
    assert.equal((await c.figure("missing_episodes", "month", "2024-02-29")).value, 4);
    assert.equal((await c.figure("missing_episodes", "month", "2024-03-31")).value, 0);
    // quarter Jan–Mar: M1 M2 M4 M5 M8 = 5 (M3 is away, M7 started in December)
    assert.equal((await c.figure("missing_episodes", "quarter", "2024-03-31")).value, 5);
  });

  it("counts children once however many episodes", async () => {
    // Feb: A (M2, M8), B (M4), C (M5) = 3; quarter: A, B, C = 3 (C's M6 is excluded, D's M7 is December)
    assert.equal((await c.figure("missing_children", "month", "2024-02-29")).value, 3);
    assert.equal((await c.figure("missing_children", "quarter", "2024-03-31")).value, 3);
    assert.equal((await c.figure("missing_children", "month", "2024-03-31")).value, 0);
  });

  it("% return interviews offered, by episode end date", async () => {
    // Jan: M7 (ended 2 Jan, offer not recorded) → 0/1
    assert.deepEqual(await c.figure("missing_rhi_offered_pct", "month", "2024-01-31"), {
      numerator: 0,
      denominator: 1,
      value: 0,
    });
    // quarter: M7 no, M1 Y, M2 N, M8 y, M4 Y (ended 1 Mar); M6 excluded; M5 open → 3/5 = 60%
    assert.deepEqual(await c.figure("missing_rhi_offered_pct", "quarter", "2024-03-31"), {
      numerator: 3,
      denominator: 5,
      value: 60,
    });
  });

  it("% return interviews within 72 hours: end date + 3 days", async () => {
    // Feb: I1 (3 days) yes, I2 (4 days) no, I8 (0 days) yes → 2/3
    assert.equal((await c.figure("missing_rhi_72h_pct", "month", "2024-02-29")).numerator, 2);
    assert.equal((await c.figure("missing_rhi_72h_pct", "month", "2024-02-29")).denominator, 2 + 1);
    // Jan: only I7, dated before its episode ended → nothing to measure, no value
    assert.equal((await c.figure("missing_rhi_72h_pct", "month", "2024-01-31")).value, null);
    // quarter: I1, I8, I4 of I1, I2, I8, I4 → 3/4 = 75%
    assert.equal((await c.figure("missing_rhi_72h_pct", "quarter", "2024-03-31")).value, 75);
  });

  it("explain lists excluded interviews and episodes with their reasons", async () => {
    const rows = await c.explain("missing_rhi_72h_pct", "month", "2024-03-31");
    assert.deepEqual(
      rows.map((r) => [r.event_id, r.in_numerator, r.in_denominator, r.reason]),
      [
        ["I4", true, true, null],
        ["I4b", false, false, "interview date not recorded"],
      ],
    );
    assert.equal(rows[0]?.detail, "missing 2024-02-28 to 2024-03-01, episode M4, interview 2024-03-04");
    const feb = await c.explain("missing_rhi_72h_pct", "month", "2024-02-29");
    assert.equal(
      feb.find((r) => r.event_id === "I2")?.reason,
      "interview 4 days after the episode ended (more than 3)",
    );
    const jan = await c.explain("missing_rhi_72h_pct", "month", "2024-01-31");
    assert.equal(jan[0]?.reason, "interview dated before the episode ended: a validation issue, not counted");
    const mar = await c.explain("missing_episodes", "month", "2024-03-31");
    assert.deepEqual(
      mar.map((r) => [r.event_id, r.in_numerator, r.reason]),
      [
        [
          "M6",
          false,
          "episode ends (2024-03-20) before it starts (2024-03-31): a validation issue, not counted",
        ],
      ],
    );
  });
});
