/**
 * computeAll on several connections stores exactly what one connection stores, leaves
 * nothing of its scratch database behind, and keeps the earlier values when it fails.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Database, query } from "../db/database.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { DEFAULT_OPTIONS, defineIndicator } from "../indicators/define.ts";
import { computedGeneratedCouncil, TEST_LA } from "../testing/scenario.ts";
import { computeAll } from "./compute.ts";

const COVERAGE = [{ laCode: TEST_LA, dataFrom: "2023-04-01", dataTo: "2025-03-31" }];

describe("compute side by side", () => {
  let db: Database;
  before(async () => {
    db = await computedGeneratedCouncil({ seed: 5, population: 8_000, years: 2, endDate: "2025-03-31" });
    await db.connection.run("SET threads = 2");
  });
  after(() => db.close());

  it("stores the figures one connection stores, for every indicator and period", async () => {
    await computeAll(db, CATALOGUE, DEFAULT_OPTIONS, COVERAGE);
    await db.connection.run("CREATE OR REPLACE TEMP TABLE _two AS FROM indicator_values");
    // Without `connect`, computeAll has only the one connection.
    const single: Database = { connection: db.connection, close: () => {} };
    await computeAll(single, CATALOGUE, DEFAULT_OPTIONS, COVERAGE);
    const [c] = await query(
      db,
      `SELECT (SELECT count(*) FROM _two) AS two, (SELECT count(*) FROM indicator_values) AS one,
         (SELECT count(*) FROM (FROM _two EXCEPT ALL FROM indicator_values)) AS only_two,
         (SELECT count(*) FROM (FROM indicator_values EXCEPT ALL FROM _two)) AS only_one,
         (SELECT count(DISTINCT indicator) FROM _two) AS indicators`,
    );
    assert.equal(Number(c!.indicators), CATALOGUE.length);
    assert.equal(c!.two, c!.one);
    assert.ok(Number(c!.one) > 24 * CATALOGUE.length, `${c!.one} values`);
    assert.equal(Number(c!.only_two), 0);
    assert.equal(Number(c!.only_one), 0);
  });

  it("detaches its scratch database and keeps the earlier values when an indicator fails", async () => {
    const before = await query(db, "SELECT count(*) AS n, sum(value) AS s FROM indicator_values");
    const broken = defineIndicator({
      ...CATALOGUE[0]!,
      id: "t_broken",
      uses: [],
      rows: () => "SELECT * FROM no_such_table",
    });
    await assert.rejects(computeAll(db, [...CATALOGUE, broken], DEFAULT_OPTIONS, COVERAGE), /t_broken/);
    assert.deepEqual(await query(db, "SELECT count(*) AS n, sum(value) AS s FROM indicator_values"), before);
    const scratch = await query(
      db,
      "SELECT count(*) AS n FROM duckdb_databases() WHERE database_name = '_compute_scratch'",
    );
    assert.equal(Number(scratch[0]!.n), 0);
  });
});
