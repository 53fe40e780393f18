import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSchema, openDatabase, query } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { TABLES } from "../model/tables.ts";
import { loadGenerated } from "./load.ts";

const PARAMS = { seed: 3, population: 2_000, years: 1, endDate: "2025-03-31", laCode: "999" };
/** Large enough that tables fill many chunks, so the worker fills buffers the main thread gave back. */
const MANY_CHUNKS = { ...PARAMS, population: 40_000 };

describe("loading a generated council", () => {
  it("loads every table the generator writes and refuses to load the same council twice", async () => {
    const db = await openDatabase(":memory:");
    await createSchema(db);
    const summary = await loadGenerated(db, PARAMS);
    for (const [table, n] of Object.entries(summary.rowsByTable)) {
      const rows = await query(db, `SELECT count(*) AS n FROM ${table}`);
      assert.equal(rows[0]!.n, n, table);
    }
    await assert.rejects(loadGenerated(db, PARAMS), UserError);
    db.close();
  });

  it("loads the same rows when the generator runs on a worker thread", async () => {
    const tables: string[][] = [];
    for (const worker of [false, true]) {
      const db = await openDatabase(":memory:");
      await createSchema(db);
      await loadGenerated(db, MANY_CHUNKS, { worker });
      const fingerprints: string[] = [];
      for (const t of TABLES) {
        const rows = await query(
          db,
          `SELECT count(*) AS n, md5(string_agg(x, '|' ORDER BY x)) AS h FROM (SELECT t::VARCHAR AS x FROM ${t.name} t)`,
        );
        fingerprints.push(`${t.name}: ${rows[0]!.n} rows, ${rows[0]!.h}`);
      }
      tables.push(fingerprints);
      db.close();
    }
    assert.deepEqual(tables[1], tables[0]);
    assert.ok(tables[0]!.some((f) => !f.includes(": 0 rows")));
  });

  it("leaves no row behind when generation fails on the worker thread", async () => {
    const db = await openDatabase(":memory:");
    await createSchema(db);
    await assert.rejects(loadGenerated(db, { ...PARAMS, endDate: "not-a-date" }, { worker: true }));
    for (const t of TABLES) {
      const rows = await query(db, `SELECT count(*) AS n FROM ${t.name}`);
      assert.equal(rows[0]!.n, 0, t.name);
    }
    db.close();
  });

  it("leaves no row behind when generation fails", async () => {
    const db = await openDatabase(":memory:");
    await createSchema(db);
    await assert.rejects(loadGenerated(db, { ...PARAMS, endDate: "not-a-date" }));
    for (const t of TABLES) {
      const rows = await query(db, `SELECT count(*) AS n FROM ${t.name}`);
      assert.equal(rows[0]!.n, 0, t.name);
    }
    db.close();
  });
});
