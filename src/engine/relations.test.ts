import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defineIndicator, defineRelation, relationsInOrder } from "../indicators/define.ts";
import { computeScenario } from "../testing/scenario.ts";

// Plans open at each month end: one relation, read by two indicators.
const openPlans = defineRelation({
  name: "_rel_test_open_plans",
  description: "CP plans open at each snapshot",
  sql: () => `SELECT s.la_code, s.snapshot_date, p.cppl_person_id AS child_id, p.cppl_cp_plan_id AS plan_id,
      p.cppl_cp_plan_start_date AS start_date
    FROM _snapshots s JOIN ssd_cp_plans p ON p.la_code = s.la_code AND p.cppl_cp_plan_start_date <= s.snapshot_date
      AND (p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date > s.snapshot_date)`,
});
const openLongPlans = defineRelation({
  name: "_rel_test_open_long_plans",
  description: "plans open at least a year",
  uses: [openPlans],
  sql: () =>
    `SELECT * FROM _rel_test_open_plans WHERE start_date <= CAST(snapshot_date - INTERVAL 12 MONTH AS DATE)`,
});

const stock = (id: string, relation: string, uses = [openPlans]) =>
  defineIndicator({
    id,
    title: `test ${id}`,
    area: "Child protection",
    definition: "a test indicator over a shared relation",
    polarity: "info",
    unit: "count",
    decimals: 0,
    kind: "stock",
    uses,
    rows: () => `SELECT la_code, child_id, plan_id AS event_id, snapshot_date, true AS in_numerator,
      true AS in_denominator, NULL::DOUBLE AS value, NULL AS reason, plan_id AS detail FROM ${relation}`,
  });

describe("shared relations", () => {
  it("orders relations after those they use, each once", () => {
    const a = stock("a", "_rel_test_open_long_plans", [openLongPlans]);
    const b = stock("b", "_rel_test_open_plans");
    assert.deepEqual(
      relationsInOrder([a, b]).map((r) => r.name),
      ["_rel_test_open_plans", "_rel_test_open_long_plans"],
    );
  });

  it("are materialised for computing and for explaining", async () => {
    const all = stock("open_plans", "_rel_test_open_plans");
    const long = stock("open_long_plans", "_rel_test_open_long_plans", [openLongPlans]);
    const c = await computeScenario([all, long], {
      dataFrom: "2024-01-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cp_plans: [
          { cppl_cp_plan_id: "P1", cppl_person_id: "A", cppl_cp_plan_start_date: "2023-01-15" },
          { cppl_cp_plan_id: "P2", cppl_person_id: "B", cppl_cp_plan_start_date: "2024-02-10" },
          { cppl_cp_plan_id: "P3", cppl_person_id: "C", cppl_cp_plan_start_date: "2023-03-31" },
        ],
      },
    });
    // 31 Jan: P1, P3 open; 29 Feb and 31 Mar: P1, P2, P3
    assert.equal((await c.figure("open_plans", "month", "2024-01-31")).value, 2);
    assert.equal((await c.figure("open_plans", "month", "2024-03-31")).value, 3);
    // open a year at 29 Feb (cut-off 2023-02-28): P1 only; at 31 Mar (2023-03-31): P1 and P3
    assert.equal((await c.figure("open_long_plans", "month", "2024-02-29")).value, 1);
    assert.equal((await c.figure("open_long_plans", "month", "2024-03-31")).value, 2);
    const rows = await c.explain("open_long_plans", "month", "2024-03-31");
    assert.deepEqual(rows.map((r) => r.event_id).sort(), ["P1", "P3"]);
    c.close();
  });
});
