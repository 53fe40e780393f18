/**
 * buildScorecard over a small hand-made workspace: which stored figures
 * land in which cells (the as-at month, the same period last year, the
 * out-turns, the projection), which benchmark council's statistics are
 * wired in, and which lines and sections are left out.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSchema, type Database, openDatabase } from "../db/database.ts";
import { parseFramework } from "../framework/config.ts";
import { parseSettings, starterSettings } from "../workspace/settings.ts";
import { setCoverage } from "../workspace/workspace.ts";
import { buildScorecard, type Scorecard, type ScorecardLine } from "./scorecard.ts";

const FRAMEWORK = parseFramework({
  local: [
    {
      id: "agency_staff_pct",
      title: "Agency social workers",
      unit: "percent",
      polarity: "low",
      kind: "stock",
    },
  ],
  sections: [
    {
      title: "Front door",
      indicators: [
        {
          id: "rereferrals_12m_pct",
          ref: "FD1",
          title: "Re-referrals within 12 months",
          ratedOn: "month",
          targets: [{ form: "threshold", green: 20, amber: 23, from: "2010-04-01" }],
        },
        { id: "referrals", ref: "FD2" },
      ],
    },
    { title: "Child protection", indicators: [{ id: "cpp_open", compareWith: "england" }] },
    { title: "Workforce (local)", indicators: [{ id: "agency_staff_pct" }] },
  ],
});

/** indicator, period type, period end, numerator, denominator, value; all for LA 999 unless `la`. */
type Value = [string, string, string, number | null, number | null, number, string?];
const VALUES: Value[] = [
  ["rereferrals_12m_pct", "month", "2025-08-31", 18, 100, 18],
  ["rereferrals_12m_pct", "month", "2025-09-30", 21, 100, 21],
  ["rereferrals_12m_pct", "month", "2025-10-31", 24, 100, 24],
  // November is not complete on 15 November: never the as-at month
  ["rereferrals_12m_pct", "month", "2025-11-30", 5, 50, 10],
  ["rereferrals_12m_pct", "ytd", "2025-10-31", 120, 600, 20],
  ["rereferrals_12m_pct", "ytd", "2024-10-31", 110, 500, 22],
  ["rereferrals_12m_pct", "ytd", "2025-11-30", 125, 650, 19.2],
  ["rereferrals_12m_pct", "rolling12", "2025-10-31", 250, 1100, 250 / 11],
  ["rereferrals_12m_pct", "year", "2023-03-31", 280, 1000, 28],
  ["rereferrals_12m_pct", "year", "2024-03-31", 300, 1200, 25],
  ["rereferrals_12m_pct", "year", "2025-03-31", 260, 1300, 20],
  ["rereferrals_12m_pct", "month", "2025-10-31", 99, 100, 99, "888"],
  ["referrals", "month", "2025-10-31", null, null, 60],
  ["referrals", "ytd", "2025-10-31", null, null, 350],
  ["cpp_open", "month", "2025-10-31", null, null, 40],
];

/** la, year, indicator, polarity, sn_average, england, q1, median, q3 */
type Stat = [
  string,
  number,
  string,
  string,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
];
const STATS: Stat[] = [
  ["372", 2025, "rereferrals_12m_pct", "low", 20.5, 22.6, 16.9, 20, 23],
  ["372", 2024, "rereferrals_12m_pct", "low", 30, 30, 10, 11, 12],
  ["999", 2025, "rereferrals_12m_pct", "low", 1, 1, 1, 2, 3],
  ["372", 2025, "cpp_open", "info", 38, 41.5, null, null, null],
];

const sql = (v: unknown) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${v}'`);

describe("buildScorecard", () => {
  let db: Database;
  let card: Scorecard;
  const line = (id: string): ScorecardLine =>
    card.sections.flatMap((s) => s.lines).find((l) => l.indicator.id === id)!;

  before(async () => {
    db = await openDatabase(":memory:");
    await createSchema(db);
    await setCoverage(db, { laCode: "999", dataFrom: "2022-04-01", dataTo: "2025-11-15" });
    for (const [ind, type, end, num, den, value, la] of VALUES) {
      await db.connection.run(
        `INSERT INTO indicator_values VALUES ('${la ?? "999"}', '${ind}', '${type}', NULL, DATE '${end}',
         ${sql(num)}, ${sql(den)}, ${value})`,
      );
    }
    for (const [la, year, ind, pol, sn, eng, q1, med, q3] of STATS) {
      await db.connection.run(
        `INSERT INTO bm_stats (la_code, year, indicator, polarity, sn_method, sn_average, sn_count, england,
           n_councils, q1, median, q3) VALUES ('${la}', ${year}, '${ind}', '${pol}', 'mean', ${sql(sn)}, 10,
           ${sql(eng)}, 153, ${sql(q1)}, ${sql(med)}, ${sql(q3)})`,
      );
    }
    await db.connection.run(
      `INSERT INTO bm_neighbours VALUES ('372', 2025, 'Rotherham', 'Yorkshire and The Humber', 1, '370', 'Very close')`,
    );
    const settings = parseSettings({
      ...starterSettings("Test Council", "999", { 2025: 10_000 }),
      benchmarks: { council: "372" },
    });
    card = await buildScorecard(db, settings, FRAMEWORK);
  });
  after(() => db.close());

  it("reports at the last complete month end: 15 November's data gives 31 October", () => {
    assert.deepEqual(
      [card.council, card.laCode, card.asAt, card.dataFrom, card.dataTo, card.ytdLabel],
      ["Test Council", "999", "2025-10-31", "2022-04-01", "2025-11-15", "2025-26"],
    );
    assert.deepEqual(
      line("rereferrals_12m_pct").months.map((m) => [m.end, m.cell.value]),
      [
        ["2025-08-31", 18],
        ["2025-09-30", 21],
        ["2025-10-31", 24],
      ],
    );
  });

  it("fills year to date, the same period last year, rolling 12 months and the two last out-turns", () => {
    const l = line("rereferrals_12m_pct");
    assert.deepEqual(l.ytd, { value: 20, numerator: 120, denominator: 600 });
    assert.deepEqual(l.ytdLastYear, { value: 22, numerator: 110, denominator: 500 });
    assert.deepEqual(l.rolling12, { value: 250 / 11, numerator: 250, denominator: 1100 });
    // 2025-26 is the as-at year: its complete predecessors are 2023-24 and 2024-25, oldest first
    assert.deepEqual(
      l.outturns.map((o) => [o.label, o.cell.value]),
      [
        ["2023-24", 25],
        ["2024-25", 20],
      ],
    );
    // a percentage is not projected; referrals: 350 in the 7 months April–October → 350 × 12 ÷ 7 = 600
    assert.equal(l.projection, null);
    assert.equal(line("referrals").projection, 600);
    assert.deepEqual(line("referrals").ytdLastYear, { value: null, numerator: null, denominator: null });
  });

  it("judges the as-at month: 21% → 24% is declining (low is good), and red against amber from 23%", () => {
    const l = line("rereferrals_12m_pct");
    assert.deepEqual(
      [l.ref, l.title, l.direction, l.rag, l.ratedOn],
      ["FD1", "Re-referrals within 12 months", "declining", "red", "month"],
    );
    // the target in force, as the framework states it (green ≤ 20, amber to 23)
    assert.equal(l.target, "red > 23, amber 20–23, green ≤ 20");
  });

  it("takes the benchmark council's statistics for the as-at financial year (2025-26: latest published 2025)", () => {
    // chosen by settings benchmarks.council, not the council's own code (999)
    assert.deepEqual(card.benchmarkCouncil, { laCode: "372", name: "Rotherham", fromSettings: true });
    const b = line("rereferrals_12m_pct").benchmarks;
    // 372's 2025 row, not its 2024 row nor the council's own (999) row
    assert.deepEqual([b.year, b.snAverage, b.england], [2025, 20.5, 22.6]);
    // a flow's quartile places its rolling 12 months: 22.7 is over the median 20 and within Q3 23 → C (low is good)
    assert.equal(b.quartile, "C");
    assert.deepEqual(b.compared, {
      name: "sn_average",
      label: b.compared.label,
      value: 20.5,
      verdict: "worse",
    });
    // a stock compares its month-end figure: 40 against England's 41.5, an information measure → lower, no band
    const c = line("cpp_open").benchmarks;
    assert.deepEqual(
      [c.year, c.quartile, c.compared.name, c.compared.value, c.compared.verdict],
      [2025, null, "england", 41.5, "lower"],
    );
  });

  it("leaves out a local indicator with no values, and the section it empties", () => {
    assert.deepEqual(
      card.sections.map((s) => [s.title, s.lines.map((l) => l.ref)]),
      [
        ["Front door", ["FD1", "FD2"]],
        ["Child protection", ["2.1"]],
      ],
    );
  });
});
