/**
 * The "figures" form of the row queries (what compute reads) gives exactly the
 * figures of the "rows" form (what explain and breakdowns read), for every
 * indicator and every period of a generated council: the two forms may differ
 * only in text and breakdown columns.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Database, query } from "../db/database.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { DEFAULT_OPTIONS } from "../indicators/define.ts";
import { computedGeneratedCouncil } from "../testing/scenario.ts";
import { rowsSql } from "./aggregateSql.ts";
import { computeIndicator, materialiseRelations } from "./compute.ts";

describe("the figures form gives the figures of the full rows", () => {
  let db: Database;
  before(async () => {
    db = await computedGeneratedCouncil({ seed: 11, population: 12_000, years: 2, endDate: "2025-03-31" });
    await db.connection.run("CREATE TEMP TABLE _from_figures AS SELECT * FROM indicator_values");
    // computeAll drops the shared relations when it ends; _periods and _snapshots remain.
    await materialiseRelations(db, CATALOGUE, DEFAULT_OPTIONS);
  });
  after(() => db.close());

  for (const ind of CATALOGUE) {
    it(ind.id, async () => {
      await computeIndicator(
        db,
        ind,
        DEFAULT_OPTIONS,
        rowsSql(ind, ind.rows(DEFAULT_OPTIONS, "rows"), "figures"),
      );
      const compared = await query(
        db,
        `SELECT count(*) AS periods,
           count(*) FILTER (WHERE f.period_end IS NULL OR r.period_end IS NULL
             OR f.numerator IS DISTINCT FROM r.numerator OR f.denominator IS DISTINCT FROM r.denominator
             OR f.value IS DISTINCT FROM r.value) AS different,
           count(*) FILTER (WHERE r.value IS NOT NULL AND r.value <> 0) AS nonzero
         FROM (SELECT * FROM _from_figures WHERE indicator = '${ind.id}') f
         FULL JOIN (SELECT * FROM indicator_values WHERE indicator = '${ind.id}') r
           ON r.la_code = f.la_code AND r.period_type = f.period_type AND r.period_end = f.period_end`,
      );
      const { periods, different } = compared[0]!;
      // 24 months of data: 24 month ends × 6 period types (some not answerable yet) at least.
      assert.ok(Number(periods) >= 24, `${ind.id}: ${periods} periods compared`);
      assert.equal(Number(different), 0, `${ind.id}: periods whose figures differ between the forms`);
    });
  }

  it("the generated council gives figures to compare (not just zeros)", async () => {
    const rows = await query(
      db,
      "SELECT count(DISTINCT indicator) AS n FROM _from_figures WHERE value IS NOT NULL AND value <> 0",
    );
    // every indicator but at most a few rare ones (adoption timings in a 2-year window) has a figure
    assert.ok(Number(rows[0]!.n) >= CATALOGUE.length - 3, `${rows[0]!.n} of ${CATALOGUE.length}`);
  });

  it("the figures form leaves the text columns empty where an indicator skips them", async () => {
    const cin = CATALOGUE.find((i) => i.id === "cin_open")!;
    const count = (form: "rows" | "figures") =>
      query(
        db,
        `SELECT count(detail) AS with_detail, count(*) AS n FROM (${cin.rows(DEFAULT_OPTIONS, form)})`,
      );
    const [rows] = await count("rows");
    const [figures] = await count("figures");
    assert.equal(rows!.n, figures!.n);
    assert.ok(Number(rows!.with_detail) > 0);
    assert.equal(Number(figures!.with_detail), 0);
  });
});
