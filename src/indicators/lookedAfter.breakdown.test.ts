import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { periodsEndingOn } from "../calendar/periods.ts";
import { type Breakdown, breakdown, type DimensionName } from "../engine/breakdown.ts";
import { type Computed, computeScenario, TEST_LA } from "../testing/scenario.ts";
import { DEFAULT_OPTIONS, type Indicator } from "./define.ts";
import { cla3plusPlacementsPct, claOpen } from "./lookedAfter.ts";

const MARCH = periodsEndingOn("2024-03-31").find((p) => p.type === "month")!;

/** A child looked after (open episode) since 2022-01-01. */
const episode = (id: string) => ({
  clae_cla_episode_id: `E${id}`,
  clae_person_id: id,
  clae_cla_id: `P${id}`,
  clae_entered_care_date: "2022-01-01",
  clae_cla_episode_start_date: "2022-01-01",
});
const pl = (
  id: string,
  child: string,
  type: string,
  provider: string | null,
  start: string,
  end: string | null,
  changeReason: string | null = null,
) => ({
  clap_cla_placement_id: id,
  clap_person_id: child,
  clap_cla_placement_type: type,
  clap_cla_placement_provider: provider,
  clap_cla_placement_start_date: start,
  clap_cla_placement_end_date: end,
  clap_cla_placement_change_reason: changeReason,
});

/** Cells as "cell=value" or "cell=numerator/denominator". */
function cells(b: Breakdown): string[] {
  return b.cells.map((c) =>
    c.numerator === null ? `${c.cell}=${c.value}` : `${c.cell}=${c.numerator}/${c.denominator}`,
  );
}

describe("children looked after: breakdowns by placement", () => {
  let c: Computed;
  const by = (ind: Indicator, dim: DimensionName) =>
    breakdown(c.db, ind, DEFAULT_OPTIONS, TEST_LA, MARCH, dim);
  before(async () => {
    c = await computeScenario([claOpen, cla3plusPlacementsPct], {
      dataFrom: "2024-03-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cla_episodes: ["A", "B", "C", "D", "E"].map(episode),
        ssd_cla_placement: [
          // A: 3 placements in the 12 months to 31 March 2024; latest change A2 (ALLEG); now PR4
          pl("A1", "A", "U4", "PR1", "2023-01-01", "2023-06-01", "CARPL"),
          pl("A2", "A", "U6", "PR4", "2023-06-01", "2023-11-01", "ALLEG"),
          pl("A3", "A", "U6", "PR4", "2023-11-01", null),
          // B: B1 ends on D − 12 months (2023-03-31), outside the window: no change; now PR1
          pl("B1", "B", "U4", "PR1", "2022-01-01", "2023-03-31", "CHILD"),
          pl("B2", "B", "U4", "PR1", "2023-03-31", null),
          // C: C2 temporary (its reason ignored), C3 ended without a reason → C1's CARPL; C4 no provider
          pl("C1", "C", "U6", "PR4", "2023-05-01", "2023-09-01", "CARPL"),
          pl("C2", "C", "T1", "PR4", "2023-09-01", "2023-09-10", "OTHER"),
          pl("C3", "C", "K2", "PR2", "2023-09-10", "2023-12-01"),
          pl("C4", "C", "K2", "", "2023-12-01", null),
          // D: no placement. E: E1 (provider written " pr5") ends after D, so no change by D
          pl("E1", "E", "U4", " pr5", "2023-06-01", "2024-04-15", "STAND"),
          pl("E2", "E", "U4", "PR5", "2024-04-15", null),
        ],
      },
    });
  });
  after(() => c.close());

  it("cla_open by the current placement's type and provider; none is Unknown", async () => {
    // A3 U6, B2 U4, C4 K2, D none, E1 U4
    assert.deepEqual(cells(await by(claOpen, "placement_type")), ["K2=1", "U4=2", "U6=1", "Unknown=1"]);
    // A3 PR4, B2 PR1, C4 blank, D none, E1 PR5
    const b = await by(claOpen, "provider");
    assert.deepEqual(cells(b), ["PR1=1", "PR4=1", "PR5=1", "Unknown=2"]);
    assert.equal(b.cells[1]!.label, "Private");
    assert.equal(b.total.value, 5);
  });

  it("cla_3plus_placements_pct by provider and by the reason for the latest placement change", async () => {
    // 3+ placements: A (A1 A2 A3), C (C1 C3 C4); not B (B2 only), D (none), E (E1) → 2/5
    assert.deepEqual(cells(await by(cla3plusPlacementsPct, "provider")), [
      "PR1=0/1",
      "PR4=1/1",
      "PR5=0/1",
      "Unknown=1/2",
    ]);
    // A: ALLEG (A2 ends 2023-11-01, after A1); C: CARPL; B, D, E: no change with a reason → 1+1+0 = 2/5
    const b = await by(cla3plusPlacementsPct, "change_reason");
    assert.deepEqual(cells(b), ["ALLEG=1/1", "CARPL=1/1", "Unknown=0/3"]);
    assert.equal(b.cells[0]!.label, "Allegation (s47)");
    assert.deepEqual([b.total.numerator, b.total.denominator], [2, 5]);
    assert.deepEqual(await c.figure("cla_3plus_placements_pct", "month", "2024-03-31"), {
      numerator: 2,
      denominator: 5,
      value: 40,
    });
  });
});
