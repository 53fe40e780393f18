import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PERIOD_TYPES, type PeriodType, periodsEndingOn } from "../calendar/periods.ts";
import { createSchema, type Database, loadTables, openDatabase, query, type Row } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { DEFAULT_OPTIONS, defineIndicator, type Indicator, ratePer10k } from "../indicators/define.ts";
import { type Computed, computeScenario, round, TEST_LA } from "../testing/scenario.ts";
import { computeAll } from "./compute.ts";
import { explainRows } from "./explain.ts";

// Tiny indicators over contacts (flows) and CP plans (stocks), defined here so
// the engine is tested apart from the real catalogue.

const CONTACT_ROWS = (numerator: string, denominator: string, reason: string) => `
  SELECT la_code, cont_person_id AS child_id, cont_contact_id AS event_id, cont_contact_date AS event_date,
    ${numerator} AS in_numerator, ${denominator} AS in_denominator, NULL::DOUBLE AS value,
    ${reason} AS reason, 'contact ' || strftime(cont_contact_date, '%Y-%m-%d') AS detail
  FROM ssd_contacts WHERE cont_contact_date IS NOT NULL`;

const flowBase = {
  area: "Front door",
  definition: "A test indicator over contacts.",
  polarity: "info",
  decimals: 0,
  kind: "flow",
} as const;

const events = defineIndicator({
  ...flowBase,
  id: "t_events",
  title: "Contacts",
  unit: "count",
  rows: () => CONTACT_ROWS("true", "true", "NULL"),
});

const eventsRate = ratePer10k(events, {
  id: "t_events_rate",
  title: "Contacts per 10,000",
  definition: "Contacts ÷ 0–17 population × 10,000.",
});

const children = defineIndicator({
  ...flowBase,
  id: "t_children",
  title: "Children contacted",
  unit: "count",
  countDistinctChildren: true,
  rows: () => CONTACT_ROWS("true", "true", "NULL"),
});

const referralPct = defineIndicator({
  ...flowBase,
  id: "t_referral_pct",
  title: "% contacts to referral",
  unit: "percent",
  decimals: 1,
  rows: () =>
    CONTACT_ROWS(
      `cont_contact_source_code IS NOT NULL AND contains(coalesce(cont_contact_outcome_json, ''), '"REFERRAL"')`,
      "cont_contact_source_code IS NOT NULL",
      `CASE WHEN cont_contact_source_code IS NULL THEN 'no contact source recorded'
            WHEN NOT contains(coalesce(cont_contact_outcome_json, ''), '"REFERRAL"') THEN 'not a referral' END`,
    ),
});

const planLength = defineIndicator({
  ...flowBase,
  area: "Child protection",
  id: "t_plan_days",
  title: "Average length of ended plans",
  unit: "days",
  rows: () => `
    SELECT la_code, cppl_person_id AS child_id, cppl_cp_plan_id AS event_id, cppl_cp_plan_end_date AS event_date,
      true AS in_numerator, true AS in_denominator,
      (cppl_cp_plan_end_date - cppl_cp_plan_start_date)::DOUBLE AS value, NULL AS reason, NULL AS detail
    FROM ssd_cp_plans WHERE cppl_cp_plan_end_date IS NOT NULL`,
});

const OPEN = "(p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date > s.snapshot_date)";
const PLAN_ROWS = (numerator: string, denominator: string, reason: string) => `
  SELECT p.la_code, p.cppl_person_id AS child_id, p.cppl_cp_plan_id AS event_id, s.snapshot_date,
    ${numerator} AS in_numerator, ${denominator} AS in_denominator, NULL::DOUBLE AS value,
    ${reason} AS reason, 'started ' || strftime(p.cppl_cp_plan_start_date, '%Y-%m-%d') AS detail
  FROM ssd_cp_plans p JOIN _snapshots s ON s.la_code = p.la_code AND p.cppl_cp_plan_start_date <= s.snapshot_date`;
const ENDED_REASON = `CASE WHEN NOT ${OPEN} THEN 'plan ended ' || strftime(p.cppl_cp_plan_end_date, '%Y-%m-%d') END`;

const openPlans = defineIndicator({
  ...flowBase,
  area: "Child protection",
  id: "t_open",
  title: "Open plans",
  unit: "count",
  kind: "stock",
  rows: () => PLAN_ROWS(OPEN, OPEN, ENDED_REASON),
});

const openPlansRate = ratePer10k(openPlans, {
  id: "t_open_rate",
  title: "Open plans per 10,000",
  definition: "Open plans ÷ 0–17 population × 10,000.",
});

const neglectPct = defineIndicator({
  ...flowBase,
  area: "Child protection",
  id: "t_neglect_pct",
  title: "% open plans for neglect",
  unit: "percent",
  kind: "stock",
  rows: () =>
    PLAN_ROWS(
      `${OPEN} AND p.cppl_cp_plan_latest_category = 'N'`,
      OPEN,
      `coalesce(${ENDED_REASON}, CASE WHEN p.cppl_cp_plan_latest_category <> 'N' THEN 'not neglect' END)`,
    ),
});

const ALL: Indicator[] = [
  events,
  eventsRate,
  children,
  referralPct,
  planLength,
  openPlans,
  openPlansRate,
  neglectPct,
];

const contact = (id: string, child: string, date: string | null, source: string | null, outcome: string) => ({
  cont_contact_id: id,
  cont_person_id: child,
  cont_contact_date: date,
  cont_contact_source_code: source,
  cont_contact_outcome_json: `["${outcome}"]`,
});

const plan = (id: string, child: string, start: string, end: string | null, category: string) => ({
  cppl_cp_plan_id: id,
  cppl_person_id: child,
  cppl_cp_plan_start_date: start,
  cppl_cp_plan_end_date: end,
  cppl_cp_plan_latest_category: category,
});

describe("engine: one council", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(ALL, {
      dataFrom: "2023-04-01",
      dataTo: "2025-03-31",
      population: { 2023: 20_000, 2024: 25_000 },
      tables: {
        ssd_contacts: [
          contact("C1", "A", "2023-04-01", "1A", "REFERRAL"), // first day of 2023-24
          contact("C2", "B", "2023-11-30", "1A", "NFA"), // day before rolling 12 to Nov 2024
          contact("C3", "A", "2023-12-01", "1A", "REFERRAL"), // first day of rolling 12 to Nov 2024
          contact("C4", "C", "2024-03-31", "3A", "REFERRAL"), // last day of 2023-24
          contact("C5", "Y", "2024-04-01", "1A", "NFA"), // first day of 2024-25
          contact("C6", "Z", "2024-09-30", "1A", "REFERRAL"), // last day of Q2
          contact("C7", "X", "2024-10-01", "1A", "REFERRAL"), // first day of Q3
          contact("C8", "X", "2024-10-31", null, "REFERRAL"), // no source: outside the % denominator
          contact("C9", "Y", "2024-11-01", "1A", "NFA"),
          contact("C10", "X", "2024-11-30", "1A", "REFERRAL"),
          contact("C11", "W", "2024-12-01", null, "NFA"), // December's only contact, no source
          contact("C12", "A", "2025-03-31", "1A", "NFA"), // last day of 2024-25
          contact("C13", "Q", null, "1A", "REFERRAL"), // undated: in no period
        ],
        ssd_cp_plans: [
          plan("P1", "A", "2024-01-15", "2024-03-31", "N"), // ends on a month end: not open at it
          plan("P2", "B", "2024-03-31", null, "E"), // starts on a month end: open at it
          plan("P3", "C", "2024-02-01", "2024-02-29", "N"),
          plan("P4", "D", "2023-12-01", null, "N"),
          plan("P5", "E", "2024-02-10", "2024-04-15", "N"),
        ],
      },
    });
  });
  after(() => c.close());

  it("flow count: events on the first and last day of each window are inside it", async () => {
    // Nov 2024: C9 (1st), C10 (30th)
    assert.deepEqual(await c.figure("t_events", "month", "2024-11-30"), {
      numerator: null,
      denominator: null,
      value: 2,
    });
    // Q3 to Nov: C7 (1 Oct) … C10 = 4; C6 on 30 Sep is Q2
    assert.equal((await c.figure("t_events", "quarter", "2024-11-30")).value, 4);
    // 2024-25 to Nov: C5 (1 Apr) … C10 = 6
    assert.equal((await c.figure("t_events", "ytd", "2024-11-30")).value, 6);
    // Dec 2023 – Nov 2024: C3 (1 Dec) … C10 = 8; C2 on 30 Nov 2023 is out
    assert.equal((await c.figure("t_events", "rolling12", "2024-11-30")).value, 8);
    // 2023-24: C1 (1 Apr) … C4 (31 Mar) = 4; 2024-25: C5 … C12 (31 Mar) = 8
    assert.equal((await c.figure("t_events", "year", "2024-03-31")).value, 4);
    assert.equal((await c.figure("t_events", "year", "2025-03-31")).value, 8);
    assert.equal((await c.figure("t_events", "rolling12", "2024-03-31")).value, 4);
    assert.equal((await c.figure("t_events", "month", "2024-10-31")).value, 2);
    assert.equal((await c.figure("t_events", "quarter", "2024-09-30")).value, 1);
  });

  it("flow count: an empty month is 0", async () => {
    assert.equal((await c.figure("t_events", "month", "2025-01-31")).value, 0);
    assert.equal((await c.figure("t_events", "quarter", "2025-02-28")).value, 0);
  });

  it("computes every period type for every month end the data covers", async () => {
    const rows = await query(
      c.db,
      `SELECT period_type, count(*) AS n FROM indicator_values WHERE indicator = 't_events'
       GROUP BY 1 ORDER BY 1`,
    );
    // 24 month ends (Apr 2023 – Mar 2025); rolling 12 from Mar 2024 (13); two whole years
    assert.deepEqual(rows, [
      { period_type: "month", n: 24 },
      { period_type: "quarter", n: 24 },
      { period_type: "rolling12", n: 13 },
      { period_type: "year", n: 2 },
      { period_type: "ytd", n: 24 },
    ]);
  });

  it("distinct children: a child seen in several months of a quarter counts once", async () => {
    // Oct: X, X → 1; Nov: Y, X → 2; Q3 to Nov: X, Y → 2 (not 1 + 2 = 3, not 4 events)
    assert.equal((await c.figure("t_children", "month", "2024-10-31")).value, 1);
    assert.equal((await c.figure("t_children", "month", "2024-11-30")).value, 2);
    assert.equal((await c.figure("t_children", "quarter", "2024-11-30")).value, 2);
    // 2024-25 to Nov: Y, Z, X → 3; Dec 2023 – Nov 2024: A, C, Y, Z, X → 5
    assert.equal((await c.figure("t_children", "ytd", "2024-11-30")).value, 3);
    assert.equal((await c.figure("t_children", "rolling12", "2024-11-30")).value, 5);
    // 2023-24: A (twice), B, C → 3
    assert.equal((await c.figure("t_children", "year", "2024-03-31")).value, 3);
  });

  it("percent: sum of numerators over sum of denominators; no denominator → no value", async () => {
    // Nov: C9 NFA, C10 referral → 1/2
    assert.deepEqual(await c.figure("t_referral_pct", "month", "2024-11-30"), {
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    // Oct: C7 referral; C8 has no source → 1/1
    assert.deepEqual(await c.figure("t_referral_pct", "month", "2024-10-31"), {
      numerator: 1,
      denominator: 1,
      value: 100,
    });
    // Q3 to Nov: C7, C10 of C7, C9, C10 → 2/3 = 66.67 (the mean of monthly 100 and 50 would be 75)
    const q = await c.figure("t_referral_pct", "quarter", "2024-11-30");
    assert.deepEqual([q.numerator, q.denominator, round(q.value)], [2, 3, 66.67]);
    // Dec: C11 only, not in the denominator → 0/0, no value; Jan: no contacts at all → the same
    assert.deepEqual(await c.figure("t_referral_pct", "month", "2024-12-31"), {
      numerator: 0,
      denominator: 0,
      value: null,
    });
    assert.deepEqual(await c.figure("t_referral_pct", "month", "2025-01-31"), {
      numerator: 0,
      denominator: 0,
      value: null,
    });
    // 2023-24: C1, C3, C4 of C1 … C4 → 3/4
    assert.equal((await c.figure("t_referral_pct", "year", "2024-03-31")).value, 75);
  });

  it("rate: uses the population of the financial year the period ends in", async () => {
    // Mar 2024 (2023-24, 20,000): C4 → 1 ÷ 20,000 × 10,000 = 0.5
    assert.deepEqual(await c.figure("t_events_rate", "month", "2024-03-31"), {
      numerator: 1,
      denominator: 20_000,
      value: 0.5,
    });
    // Apr 2024 (2024-25, 25,000): C5 → 1 ÷ 25,000 × 10,000 = 0.4
    assert.deepEqual(await c.figure("t_events_rate", "month", "2024-04-30"), {
      numerator: 1,
      denominator: 25_000,
      value: 0.4,
    });
    // rolling 12 to Mar 2024: C1 … C4 = 4 ÷ 20,000 × 10,000 = 2
    assert.equal((await c.figure("t_events_rate", "rolling12", "2024-03-31")).value, 2);
    // rolling 12 to Apr 2024 (May 2023 – Apr 2024, mostly 2023-24): C2 … C5 = 4 ÷ 25,000 × 10,000 = 1.6
    assert.deepEqual(await c.figure("t_events_rate", "rolling12", "2024-04-30"), {
      numerator: 4,
      denominator: 25_000,
      value: 1.6,
    });
    // an empty month is a rate of 0, not missing
    assert.equal((await c.figure("t_events_rate", "month", "2025-01-31")).value, 0);
  });

  it("days: mean over the period's events", async () => {
    // ended in Q4 2023-24: P3 28 days (1 → 29 Feb), P1 76 days (15 Jan → 31 Mar: 16 + 29 + 31) → 104 / 2 = 52
    assert.deepEqual(await c.figure("t_plan_days", "quarter", "2024-03-31"), {
      numerator: 104,
      denominator: 2,
      value: 52,
    });
    // Apr 2024: P5, 10 Feb → 15 Apr = 19 + 31 + 15 = 65
    assert.equal((await c.figure("t_plan_days", "month", "2024-04-30")).value, 65);
    // no plan ended in Jan 2024 → no value
    assert.deepEqual(await c.figure("t_plan_days", "month", "2024-01-31"), {
      numerator: 0,
      denominator: 0,
      value: null,
    });
  });

  it("stock count: evaluated at each month end", async () => {
    // open at D: started on or before D and not ended by D
    const expected: Record<string, number> = {
      "2023-11-30": 0,
      "2023-12-31": 1, // P4
      "2024-01-31": 2, // P4, P1
      "2024-02-29": 3, // P4, P1, P5 (P3 ended 29 Feb)
      "2024-03-31": 3, // P4, P2 (started 31 Mar), P5 (P1 ended 31 Mar)
      "2024-04-30": 2, // P4, P2 (P5 ended 15 Apr)
      "2025-03-31": 2,
    };
    for (const [end, value] of Object.entries(expected)) {
      assert.equal((await c.figure("t_open", "month", end)).value, value, end);
    }
  });

  it("stock: every period type ending on a date has the month-end value", async () => {
    for (const id of ["t_open", "t_open_rate", "t_neglect_pct"]) {
      for (const end of ["2023-12-31", "2024-02-29", "2024-03-31", "2024-11-30", "2025-03-31"]) {
        const month = await c.figure(id, "month", end);
        const types = (
          await query(
            c.db,
            `SELECT period_type FROM indicator_values WHERE indicator = '${id}' AND period_end = DATE '${end}'`,
          )
        ).map((r) => r.period_type as PeriodType);
        assert.ok(types.length >= 3, `${id} ${end}: ${types}`);
        for (const type of types)
          assert.deepEqual(await c.figure(id, type, end), month, `${id} ${type} ${end}`);
      }
    }
    assert.equal((await c.figure("t_open", "year", "2024-03-31")).value, 3);
    assert.equal((await c.figure("t_open", "rolling12", "2024-03-31")).value, 3);
  });

  it("stock rate and percent", async () => {
    // 31 Mar 2024: 3 ÷ 20,000 × 10,000 = 1.5; 30 Apr 2024: 2 ÷ 25,000 × 10,000 = 0.8
    assert.deepEqual(await c.figure("t_open_rate", "ytd", "2024-03-31"), {
      numerator: 3,
      denominator: 20_000,
      value: 1.5,
    });
    assert.equal((await c.figure("t_open_rate", "month", "2024-04-30")).value, 0.8);
    // 31 Mar 2024: P4 N, P2 E, P5 N → 2/3; 29 Feb: P4, P1, P5 all N → 3/3
    const mar = await c.figure("t_neglect_pct", "month", "2024-03-31");
    assert.deepEqual([mar.numerator, mar.denominator, round(mar.value)], [2, 3, 66.67]);
    assert.equal((await c.figure("t_neglect_pct", "month", "2024-02-29")).value, 100);
    // 30 Nov 2023: no plan yet → 0/0, no value
    assert.deepEqual(await c.figure("t_neglect_pct", "month", "2023-11-30"), {
      numerator: 0,
      denominator: 0,
      value: null,
    });
  });

  it("explain: the numerator rows are exactly the rows counted, for every flow figure", async () => {
    const periods = await query(
      c.db,
      `SELECT period_type, CAST(period_end AS VARCHAR) AS period_end, value, indicator FROM indicator_values
       WHERE indicator IN ('t_events', 't_children', 't_referral_pct') ORDER BY indicator, period_end, period_type`,
    );
    assert.equal(periods.length, 3 * (24 * 3 + 13 + 2));
    for (const p of periods) {
      const rows = await c.explain(String(p.indicator), p.period_type as PeriodType, String(p.period_end));
      const counted = rows.filter((r) => r.in_numerator);
      const n = p.indicator === "t_children" ? new Set(counted.map((r) => r.child_id)).size : counted.length;
      if (p.indicator === "t_referral_pct") {
        const den = rows.filter((r) => r.in_denominator).length;
        assert.equal(
          den === 0 ? null : (100 * n) / den,
          p.value,
          `${p.indicator} ${p.period_type} ${p.period_end}`,
        );
      } else {
        assert.equal(n, p.value, `${p.indicator} ${p.period_type} ${p.period_end}`);
      }
    }
  });

  it("explain: lists the window's rows, numerator first, with reasons", async () => {
    const q = await c.explain("t_referral_pct", "quarter", "2024-11-30");
    assert.deepEqual(
      q.map((r) => [r.event_id, r.date, r.in_numerator, r.in_denominator, r.reason]),
      [
        ["C7", "2024-10-01", true, true, null],
        ["C10", "2024-11-30", true, true, null],
        ["C9", "2024-11-01", false, true, "not a referral"],
        ["C8", "2024-10-31", false, false, "no contact source recorded"],
      ],
    );
    assert.equal(q[0]!.la_code, TEST_LA);
    assert.equal(q[0]!.detail, "contact 2024-10-01");
    const r12 = await c.explain("t_events", "rolling12", "2024-11-30");
    assert.deepEqual(r12.map((r) => r.event_id).sort(), ["C10", "C3", "C4", "C5", "C6", "C7", "C8", "C9"]);
  });

  it("explain: stock rows are those evaluated at the period end", async () => {
    const rows = await c.explain("t_open", "year", "2024-03-31");
    assert.deepEqual(
      rows.map((r) => [r.event_id, r.date, r.in_numerator, r.reason]),
      [
        ["P2", "2024-03-31", true, null],
        ["P4", "2024-03-31", true, null],
        ["P5", "2024-03-31", true, null],
        ["P1", "2024-03-31", false, "plan ended 2024-03-31"],
        ["P3", "2024-03-31", false, "plan ended 2024-02-29"],
      ],
    );
    assert.equal(
      rows.filter((r) => r.in_numerator).length,
      (await c.figure("t_open", "year", "2024-03-31")).value,
    );
  });
});

/** A workspace with two councils, for the tests that need to build it by hand. */
async function workspace(
  tables: Record<string, Row[]>,
  population: [string, number, number][],
): Promise<Database> {
  const db = await openDatabase(":memory:");
  await createSchema(db);
  await loadTables(db, tables);
  if (population.length) {
    await db.connection.run(
      `INSERT INTO cfg_population VALUES ${population.map(([la, y, n]) => `('${la}', ${y}, ${n})`).join(",")}`,
    );
  }
  return db;
}

describe("engine: two councils in one workspace", () => {
  let db: Database;
  before(async () => {
    db = await workspace(
      {
        ssd_contacts: [
          { la_code: "201", ...contact("K1", "1", "2024-04-10", "1A", "NFA") },
          { la_code: "201", ...contact("K2", "1", "2024-05-10", "1A", "NFA") },
          { la_code: "201", ...contact("K3", "2", "2024-05-20", "1A", "NFA") },
          // the same contact and child ids in another council are other people
          { la_code: "202", ...contact("K1", "1", "2024-05-10", "1A", "NFA") },
          { la_code: "202", ...contact("K2", "3", "2024-07-31", "1A", "NFA") },
          { la_code: "202", ...contact("K3", "3", "2024-04-15", "1A", "NFA") }, // before 202's data starts
        ],
      },
      [
        ["201", 2024, 10_000],
        ["202", 2024, 40_000],
      ],
    );
    await computeAll(db, [events, eventsRate, children], DEFAULT_OPTIONS, [
      { laCode: "201", dataFrom: "2024-04-01", dataTo: "2024-06-30" },
      { laCode: "202", dataFrom: "2024-05-01", dataTo: "2024-07-31" },
    ]);
  });
  after(() => db.close());

  const value = async (la: string, id: string, type: string, end: string) =>
    (
      await query(
        db,
        `SELECT value FROM indicator_values WHERE la_code = '${la}' AND indicator = '${id}'
         AND period_type = '${type}' AND period_end = DATE '${end}'`,
      )
    ).map((r) => r.value);

  it("computes each council separately", async () => {
    // May 2024: 201 K2, K3 (children 1, 2); 202 K1 (child 1)
    assert.deepEqual(await value("201", "t_events", "month", "2024-05-31"), [2]);
    assert.deepEqual(await value("202", "t_events", "month", "2024-05-31"), [1]);
    assert.deepEqual(await value("201", "t_children", "month", "2024-05-31"), [2]);
    assert.deepEqual(await value("202", "t_children", "month", "2024-05-31"), [1]);
    // 201 Q1 to June: K1, K2, K3 → 3 events, children 1, 2 → 2
    assert.deepEqual(await value("201", "t_events", "quarter", "2024-06-30"), [3]);
    assert.deepEqual(await value("201", "t_children", "quarter", "2024-06-30"), [2]);
    // 202 Q2 to July: K2 → 1
    assert.deepEqual(await value("202", "t_events", "quarter", "2024-07-31"), [1]);
  });

  it("uses each council's own population", async () => {
    // May 2024: 201 2 ÷ 10,000 × 10,000 = 2; 202 1 ÷ 40,000 × 10,000 = 0.25
    assert.deepEqual(await value("201", "t_events_rate", "month", "2024-05-31"), [2]);
    assert.deepEqual(await value("202", "t_events_rate", "month", "2024-05-31"), [0.25]);
  });

  it("gives each council the periods its own coverage answers for", async () => {
    const rows = await query(
      db,
      `SELECT la_code, period_type, count(*) AS n FROM indicator_values WHERE indicator = 't_events'
       GROUP BY ALL ORDER BY ALL`,
    );
    // 201: Apr–Jun, all from 1 April; 202: May–Jul, so its quarter-to-date and year-to-date
    // windows starting 1 April are dropped, leaving the July quarter only
    assert.deepEqual(rows, [
      { la_code: "201", period_type: "month", n: 3 },
      { la_code: "201", period_type: "quarter", n: 3 },
      { la_code: "201", period_type: "ytd", n: 3 },
      { la_code: "202", period_type: "month", n: 3 },
      { la_code: "202", period_type: "quarter", n: 1 },
    ]);
    assert.deepEqual(await value("202", "t_events", "month", "2024-04-30"), []);
  });

  it("explain lists only the council's own rows", async () => {
    const may = periodsEndingOn("2024-05-31").find((p) => p.type === "month")!;
    const rows201 = await explainRows(db, events, DEFAULT_OPTIONS, "201", may);
    const rows202 = await explainRows(db, events, DEFAULT_OPTIONS, "202", may);
    assert.deepEqual(
      rows201.map((r) => [r.la_code, r.event_id, r.child_id]),
      [
        ["201", "K2", "1"],
        ["201", "K3", "2"],
      ],
    );
    assert.deepEqual(
      rows202.map((r) => [r.la_code, r.event_id, r.child_id]),
      [["202", "K1", "1"]],
    );
  });
});

describe("engine: errors", () => {
  const tables = { ssd_contacts: [{ la_code: "201", ...contact("K1", "1", "2025-04-10", "1A", "NFA") }] };
  const coverage = [{ laCode: "201", dataFrom: "2024-04-01", dataTo: "2025-04-30" }];

  it("a missing population is a UserError naming the financial year", async () => {
    const db = await workspace(tables, [["201", 2024, 10_000]]);
    try {
      await assert.rejects(computeAll(db, [eventsRate], DEFAULT_OPTIONS, coverage), (e: Error) => {
        assert.ok(e instanceof UserError);
        assert.match(e.message, /2025-26 \(LA 201\)/);
        assert.doesNotMatch(e.message, /2024-25/);
        return true;
      });
      // nothing was written
      assert.deepEqual(await query(db, "SELECT count(*) AS n FROM indicator_values"), [{ n: 0 }]);
      // counts need no population
      await computeAll(db, [events], DEFAULT_OPTIONS, coverage);
      assert.deepEqual(
        await query(
          db,
          "SELECT value FROM indicator_values WHERE period_type = 'month' AND period_end = '2025-04-30'",
        ),
        [{ value: 1 }],
      );
    } finally {
      db.close();
    }
  });

  it("a zero population is missing, not a division by zero", async () => {
    const db = await workspace(tables, [
      ["201", 2024, 10_000],
      ["201", 2025, 0],
    ]);
    try {
      await assert.rejects(
        computeAll(db, [eventsRate], DEFAULT_OPTIONS, coverage),
        /population is not set for 2025-26/,
      );
    } finally {
      db.close();
    }
  });

  const broken = defineIndicator({
    ...flowBase,
    id: "t_broken",
    title: "Broken",
    unit: "count",
    rows: () =>
      CONTACT_ROWS("true", "true", "NULL").replace(
        "cont_contact_date AS event_date",
        "cont_no_such_date AS event_date",
      ),
  });
  const missingColumn = defineIndicator({
    ...flowBase,
    id: "t_no_reason",
    title: "No reason column",
    unit: "count",
    rows: () => CONTACT_ROWS("true", "true", "NULL").replace("NULL AS reason,", ""),
  });

  it("a row query with a bad column names the indicator and the column", async () => {
    await assert.rejects(
      computeScenario([events, broken], { dataFrom: "2024-04-01", dataTo: "2024-06-30", tables: {} }),
      (e: Error) => {
        assert.match(e.message, /^indicator t_broken: its row query failed/);
        assert.match(e.message, /cont_no_such_date/);
        return true;
      },
    );
    await assert.rejects(
      computeScenario([missingColumn], { dataFrom: "2024-04-01", dataTo: "2024-06-30", tables: {} }),
      /^Error: indicator t_no_reason: .*reason/,
    );
  });

  it("a failing indicator leaves the earlier values in place", async () => {
    const db = await workspace(tables, [
      ["201", 2024, 10_000],
      ["201", 2025, 10_000],
    ]);
    try {
      await computeAll(db, [events], DEFAULT_OPTIONS, coverage);
      const before = await query(db, "SELECT * FROM indicator_values ORDER BY ALL");
      assert.ok(before.length > 0);
      await assert.rejects(
        computeAll(db, [events, eventsRate, broken], DEFAULT_OPTIONS, coverage),
        /t_broken/,
      );
      assert.deepEqual(await query(db, "SELECT * FROM indicator_values ORDER BY ALL"), before);
    } finally {
      db.close();
    }
  });

  it("period types cover what indicators.md lists", () => {
    assert.deepEqual([...PERIOD_TYPES], ["month", "quarter", "ytd", "rolling12", "year"]);
  });
});
