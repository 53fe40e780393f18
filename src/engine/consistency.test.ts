/**
 * values ⇄ explain agreement on a generated council: for every indicator
 * and several periods, the rows `explain` lists add up to the stored
 * figure: numerator, denominator and value, each worked out here from the
 * rows by the unit's definition. This is the traceability promise, checked
 * end to end.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { periodsEndingOn } from "../calendar/periods.ts";
import { type Database, query } from "../db/database.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { DEFAULT_OPTIONS, type Indicator } from "../indicators/define.ts";
import { computedGeneratedCouncil, TEST_LA } from "../testing/scenario.ts";
import { type ExplainRow, explainRows } from "./explain.ts";

const LA = TEST_LA;
const END = "2025-03-31";
/** The 0–17 population the generated council is given for every year. */
const POPULATION = 25_000;

/**
 * The figure the listed rows make, per unit as indicators.md defines it:
 * n = rows (or distinct children) in the numerator, d = rows in the
 * denominator, s = the sum of `value` over the denominator's rows.
 */
function figureFromRows(
  ind: Indicator,
  rows: ExplainRow[],
): { numerator: number | null; denominator: number | null; value: number | null } {
  const num = rows.filter((r) => r.in_numerator);
  const den = rows.filter((r) => r.in_denominator);
  const n = ind.countDistinctChildren ? new Set(num.map((r) => r.child_id)).size : num.length;
  const d = den.length;
  const s = den.reduce((sum, r) => sum + (r.value ?? 0), 0);
  switch (ind.unit) {
    case "count":
      return { numerator: null, denominator: null, value: n };
    case "percent":
      return { numerator: n, denominator: d, value: d === 0 ? null : (100 * n) / d };
    case "rate10k":
      return { numerator: n, denominator: POPULATION, value: (n * 10_000) / POPULATION };
    case "days":
      return { numerator: s, denominator: d, value: d === 0 ? null : s / d };
    case "ratio":
      return { numerator: n, denominator: s, value: s === 0 ? null : n / s };
  }
}

/** Equal, or both numbers within 1e-9 relative (sums of fractional FTEs differ in the last bit by order). */
function close(stored: unknown, expected: number | null): boolean {
  if (expected === null || stored === null) return stored === expected;
  return typeof stored === "number" && Math.abs(stored - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

describe("values and explain agree for every indicator", () => {
  let db: Database;
  before(async () => {
    db = await computedGeneratedCouncil({ seed: 7, population: POPULATION, years: 2, endDate: END });
  });
  after(() => db.close());

  const periods = [...periodsEndingOn(END), periodsEndingOn("2024-11-30").find((p) => p.type === "month")!];
  for (const ind of CATALOGUE) {
    it(ind.id, async () => {
      for (const period of periods) {
        const stored = (
          await query(
            db,
            `SELECT numerator, denominator, value FROM indicator_values WHERE indicator = '${ind.id}'
             AND period_type = '${period.type}' AND period_end = DATE '${period.end}'`,
          )
        )[0];
        assert.ok(stored, `${period.type} ${period.end} has a value row`);
        const rows = await explainRows(db, ind, DEFAULT_OPTIONS, LA, period);
        const where = `${ind.id} ${period.type} ${period.end}`;
        const expected = figureFromRows(ind, rows);
        assert.ok(
          close(stored.numerator, expected.numerator),
          `${where}: numerator ${stored.numerator}, rows ${expected.numerator}`,
        );
        assert.ok(
          close(stored.denominator, expected.denominator),
          `${where}: denominator ${stored.denominator}, rows ${expected.denominator}`,
        );
        assert.ok(
          close(stored.value, expected.value),
          `${where}: value ${stored.value}, rows ${expected.value}`,
        );
      }
    });
  }

  it("the generated council gives most indicators a value", async () => {
    const empty = await query(
      db,
      `SELECT indicator FROM indicator_values WHERE period_type = 'rolling12' AND period_end = DATE '${END}'
       GROUP BY indicator HAVING max(coalesce(value, 0)) = 0 ORDER BY 1`,
    );
    assert.deepEqual(
      empty.map((r) => r.indicator),
      [],
    );
  });
});
