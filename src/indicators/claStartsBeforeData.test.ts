import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario } from "../testing/scenario.ts";
import { claCeased, claOpen, claStarts } from "./lookedAfter.ts";

/** An episode with its start reason (RNE) and no date entered care unless given. */
const ep = (
  id: string,
  child: string,
  cla: string,
  rne: string | null,
  start: string,
  ceased: string | null,
  reason: string | null,
  entered: string | null = null,
) => ({
  clae_cla_episode_id: id,
  clae_person_id: child,
  clae_cla_id: cla,
  clae_entered_care_date: entered,
  clae_cla_episode_start_reason: rne,
  clae_cla_episode_start_date: start,
  clae_cla_episode_ceased_date: ceased,
  clae_cla_episode_ceased_reason: reason,
});

describe("cla_starts: a period of care that began before the data", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario([claOpen, claStarts, claCeased], {
      dataFrom: "2023-04-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cla_episodes: [
          // W: first known episode is a change of placement (P), no date entered care: began before the data
          ep("EW1", "W", "PW", "P", "2023-05-01", "2023-10-10", "E4A"),
          // X: first episode's reason not recorded, then a P: counted from its first episode (not known otherwise)
          ep("EX1", "X", "PX", null, "2023-06-01", "2023-07-01", "X1"),
          ep("EX2", "X", "PX", "P", "2023-07-01", null, null),
          // Y: enters care (S), no date entered care recorded: its first episode's start
          ep("EY1", "Y", "PY", "S", "2023-08-01", null, null),
          // Z: first episode is a P, but the date entered care is recorded: a start on that date
          ep("EZ1", "Z", "PZ", "P", "2023-09-01", null, null, "2023-09-01"),
        ],
      },
    });
  });
  after(() => c?.close());

  it("is looked after and ends, but is listed, not counted, as a start", async () => {
    // X (June), Y (August), Z (September): 3; W is not a start
    assert.equal((await c.figure("cla_starts", "year", "2024-03-31")).value, 3);
    assert.equal((await c.figure("cla_starts", "month", "2023-05-31")).value, 0);
    const rows = await c.explain("cla_starts", "month", "2023-05-31");
    assert.deepEqual(
      rows.map((r) => [r.child_id, r.in_numerator, r.reason]),
      [
        [
          "W",
          false,
          "began before the data: its first episode starts with reason P, not S, and no date entered care is recorded; not counted as a start",
        ],
      ],
    );
    // W is looked after at the end of May and its period ends in October
    assert.equal((await c.figure("cla_open", "month", "2023-05-31")).value, 1);
    assert.equal((await c.figure("cla_ceased", "month", "2023-10-31")).value, 1);
  });
});
