import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Database } from "../db/database.ts";
import { explainRowsWithCells } from "../engine/breakdown.ts";
import { findPeriod } from "../engine/compute.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { CHILD_PROTECTION } from "../indicators/childProtection.ts";
import { DEFAULT_OPTIONS } from "../indicators/define.ts";
import { type Computed, computedGeneratedCouncil, computeScenario, TEST_LA } from "../testing/scenario.ts";
import { EXCEPTION_LISTS, exceptionRows, findExceptionList } from "./exceptions.ts";
import { produceExceptionLists, readCalendar } from "./exceptionsData.ts";

async function monthPeriod(db: Database, end: string) {
  const p = await findPeriod(db, TEST_LA, "month", end);
  if (!p) throw new Error(`no month ending ${end}`);
  return p;
}

describe("exception lists from a hand-made workspace", () => {
  const plan = (id: string, child: string, start: string) => ({
    cppl_cp_plan_id: id,
    cppl_person_id: child,
    cppl_cp_plan_start_date: start,
    cppl_cp_plan_ola: "N",
  });
  const visit = (id: string, child: string, date: string) => ({
    cppv_cp_visit_id: id,
    cppv_person_id: child,
    cppv_cp_visit_date: date,
  });
  const involvement = (id: string, child: string, worker: string, team: string) => ({
    invo_involvements_id: id,
    invo_person_id: child,
    invo_professional_id: worker,
    invo_professional_team: team,
    invo_involvement_start_date: "2024-01-01",
  });
  let c: Computed;
  before(async () => {
    c = await computeScenario(CHILD_PROTECTION, {
      dataFrom: "2024-04-01",
      dataTo: "2025-01-31",
      tables: {
        ssd_cp_plans: [
          plan("PA", "A", "2024-10-01"),
          plan("PB", "B", "2024-10-01"),
          plan("PC", "C", "2024-12-13"),
          plan("PG", "G", "2024-06-01"),
        ],
        ssd_cp_visits: [
          // WD(2024-12-13, 2024-12-31) = 10 (25, 26 December bank holidays): on time
          visit("V1", "A", "2024-12-13"),
          // WD(2024-12-12, 2024-12-31) = 11: overdue
          visit("V2", "B", "2024-12-12"),
          // WD(2024-11-29, 2024-12-31) = 20: overdue
          visit("V7", "G", "2024-11-29"),
        ],
        ssd_involvements: [
          involvement("I1", "A", "W1", "T1"),
          involvement("I2", "B", "W1", "T1"),
          involvement("I3", "C", "W2", "T2"),
        ],
      },
    });
  });
  after(() => c.close());

  it("lists CP visits overdue by team and worker, reconciling with the figure", async () => {
    const [p] = await produceExceptionLists(
      c.db,
      DEFAULT_OPTIONS,
      TEST_LA,
      await monthPeriod(c.db, "2024-12-31"),
      [findExceptionList("cp-visits-overdue")!],
    );
    // counted A B C G (C's plan started 10 working days before D); on time A → 4 − 1 = 3 exceptions
    assert.deepEqual(p!.figure, { numerator: 1, denominator: 4, value: 25 });
    assert.equal(p!.expected, 3);
    assert.deepEqual(
      p!.rows.map((r) => [r.team, r.worker, r.child_id, r.due_date, r.days_overdue]),
      [
        // last visit 12 Dec + 10 working days = 30 Dec; WD(30 Dec, 31 Dec) = 1
        ["T1", "W1", "B", "2024-12-30", 1],
        // no visit: plan start 13 Dec + 10 working days = 31 Dec, due on D: 0
        ["T2", "W2", "C", "2024-12-31", 0],
        // no involvement: Unallocated; 29 Nov + 10 working days = 13 Dec; WD(13 Dec, 31 Dec) = 10
        ["Unallocated", "Unallocated", "G", "2024-12-13", 10],
      ],
    );
  });

  it("keeps one team's rows with --team, and then compares with no council figure", async () => {
    const [p] = await produceExceptionLists(
      c.db,
      DEFAULT_OPTIONS,
      TEST_LA,
      await monthPeriod(c.db, "2024-12-31"),
      [findExceptionList("cp-visits-overdue")!],
      "T1",
    );
    assert.deepEqual(
      p!.rows.map((r) => r.child_id),
      ["B"],
    );
    assert.equal(p!.expected, null);
  });
});

/** Lists whose due date needs a previous check, which a child may never have had. */
const MAY_LACK_DUE = new Set(["health-assessments-overdue", "dental-checks-overdue"]);

describe("exception lists of a generated council reconcile with the figures", () => {
  let db: Database;
  before(async () => {
    db = await computedGeneratedCouncil({ seed: 11, population: 6_000, years: 2, endDate: "2025-03-31" });
  });
  after(() => db.close());

  for (const end of ["2024-06-30", "2024-12-31", "2025-03-31"]) {
    it(`at ${end}: every list's total is its figure's numerator or denominator − numerator`, async () => {
      const lists = await produceExceptionLists(
        db,
        DEFAULT_OPTIONS,
        TEST_LA,
        await monthPeriod(db, end),
        EXCEPTION_LISTS,
      );
      let total = 0;
      for (const p of lists) {
        total += p.rows.length;
        if (!p.list.reconciles) continue;
        assert.notEqual(p.expected, null, `${p.list.name}: no figure at ${end}`);
        assert.equal(p.rows.length, p.expected, `${p.list.name} at ${end}`);
        // lists with a measure read a due date from every row (a changed detail string would leave it empty)
        if (p.list.measure !== null && !MAY_LACK_DUE.has(p.list.name)) {
          for (const r of p.rows) assert.notEqual(r.due_date, null, `${p.list.name}: ${r.event}`);
        }
        for (const r of p.rows)
          assert.ok(r.team !== "" && r.worker !== "", `${p.list.name}: team and worker`);
      }
      assert.ok(total > 0, "the generated council has exceptions");
      if (process.env.SHOW_EXCEPTIONS)
        console.log(end, lists.map((p) => `${p.list.name} ${p.rows.length}`).join(", "));
    });
  }
});

describe("exception lists: the rows' own due dates agree with those their text gives", () => {
  let db: Database;
  before(async () => {
    db = await computedGeneratedCouncil({ seed: 11, population: 6_000, years: 2, endDate: "2025-03-31" });
  });
  after(() => db.close());

  for (const end of ["2024-06-30", "2024-12-31", "2025-03-31"]) {
    it(`at ${end}: due dates and days overdue from explain's due_date equal those read from its reason and detail`, async () => {
      const period = await monthPeriod(db, end);
      const calendar = await readCalendar(db);
      let compared = 0;
      for (const list of EXCEPTION_LISTS.filter((l) => l.measure !== null)) {
        const ind = CATALOGUE.find((i) => i.id === list.indicator)!;
        const rows = (
          await explainRowsWithCells(db, ind, DEFAULT_OPTIONS, TEST_LA, period, ["team", "worker"])
        ).map(({ cells, ...r }) => ({ ...r, team: cells.team ?? "", worker: cells.worker ?? "" }));
        const ctx = { asAt: end, calendar, options: DEFAULT_OPTIONS };
        const structured = exceptionRows(list, rows, ctx);
        const fromText = exceptionRows(
          list,
          rows.map(({ due_date: _, ...r }) => r),
          ctx,
        );
        if (ind.dueDate)
          assert.ok(
            rows.every((r) => r.due_date !== undefined),
            list.name,
          );
        assert.deepEqual(structured, fromText, list.name);
        compared += structured.filter((r) => r.due_date !== null).length;
      }
      assert.ok(compared >= 10, `${compared} rows with a due date compared`);
    });
  }
});
