/**
 * values ⇄ explain agreement on a generated council: for every indicator
 * and several periods, the rows `explain` lists add up to the stored
 * figure. This is the traceability promise, checked end to end.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { periodsEndingOn } from "../calendar/periods.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { DEFAULT_OPTIONS } from "../indicators/define.ts";
import { type Database, query } from "../workspace/database.ts";
import { explainRows } from "./explain.ts";
import { computedGeneratedCouncil, TEST_LA } from "./testing.ts";

const LA = TEST_LA;
const END = "2025-03-31";

describe("values and explain agree for every indicator", () => {
  let db: Database;
  before(async () => {
    db = await computedGeneratedCouncil({ seed: 7, population: 25_000, years: 2, endDate: END });
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
        const num = rows.filter((r) => r.in_numerator);
        const den = rows.filter((r) => r.in_denominator);
        const where = `${ind.id} ${period.type} ${period.end}`;
        const numCount = ind.countDistinctChildren ? new Set(num.map((r) => r.child_id)).size : num.length;
        switch (ind.unit) {
          case "count":
            assert.equal(stored.value, numCount, where);
            break;
          case "percent":
            assert.equal(stored.numerator, numCount, where);
            assert.equal(stored.denominator, den.length, where);
            break;
          case "rate10k":
            assert.equal(stored.numerator, numCount, where);
            break;
          case "days":
            assert.equal(stored.denominator, den.length, where);
            break;
          case "ratio":
            assert.equal(stored.numerator, numCount, where);
            break;
        }
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
