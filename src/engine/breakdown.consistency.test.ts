/**
 * Breakdowns add up on a generated council: for every indicator, every
 * dimension it offers and two periods, the cells' numerators and
 * denominators add up to the stored figure's.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { periodsEndingOn } from "../calendar/periods.ts";
import { type Database, query } from "../db/database.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { DEFAULT_OPTIONS } from "../indicators/define.ts";
import { computedGeneratedCouncil, TEST_LA } from "../testing/scenario.ts";
import { breakdown, dimensionsOf, UNKNOWN } from "./breakdown.ts";

const LA = TEST_LA;
const END = "2025-03-31";

describe("breakdown cells add up to the stored figure", () => {
  let db: Database;
  before(async () => {
    db = await computedGeneratedCouncil({ seed: 11, population: 6_000, years: 2, endDate: END });
  });
  after(() => db.close());

  const periods = [
    periodsEndingOn(END).find((p) => p.type === "rolling12")!,
    periodsEndingOn("2024-11-30").find((p) => p.type === "month")!,
  ];
  const knownCells = new Map<string, number>();
  for (const ind of CATALOGUE) {
    it(ind.id, async () => {
      for (const period of periods) {
        const stored = (
          await query(
            db,
            `SELECT numerator, denominator, value FROM indicator_values WHERE indicator = '${ind.id}'
             AND period_type = '${period.type}' AND period_end = DATE '${period.end}'`,
          )
        )[0]!;
        for (const dim of dimensionsOf(ind)) {
          const b = await breakdown(db, ind, DEFAULT_OPTIONS, LA, period, dim);
          const where = `${ind.id} by ${dim}, ${period.type} ${period.end}`;
          const add = (k: "numerator" | "denominator" | "value") =>
            b.cells.reduce((a, c) => a + (c[k] ?? 0), 0);
          switch (ind.unit) {
            case "count":
              assert.equal(add("value"), stored.value, where);
              break;
            case "rate10k":
              assert.equal(add("value"), stored.numerator, where);
              break;
            case "percent":
            case "ratio":
              assert.equal(add("numerator"), stored.numerator, where);
              assert.ok(Math.abs(add("denominator") - Number(stored.denominator)) < 1e-9, where);
              break;
            case "days":
              assert.ok(Math.abs(add("numerator") - Number(stored.numerator)) < 1e-6, where);
              assert.equal(add("denominator"), stored.denominator, where);
              break;
          }
          if (b.cells.some((c) => c.cell !== UNKNOWN && (c.value ?? 0) + (c.denominator ?? 0) > 0)) {
            knownCells.set(dim, (knownCells.get(dim) ?? 0) + 1);
          }
        }
      }
    });
  }

  it("every dimension puts rows in known cells somewhere (not all Unknown)", () => {
    const offered = new Set(CATALOGUE.flatMap((i) => dimensionsOf(i)));
    const allUnknown = [...offered].filter((d) => !knownCells.has(d));
    assert.deepEqual(allUnknown, []);
  });
});
