import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSchema, type Database, openDatabase, query } from "../db/database.ts";
import { createTableSql, TABLES, tableSpec } from "./tables.ts";

describe("canonical table declarations", () => {
  it("has tables, each named once, SSD names ssd_, extensions ssdx_", () => {
    assert.ok(TABLES.length >= 20);
    assert.equal(new Set(TABLES.map((t) => t.name)).size, TABLES.length);
    for (const t of TABLES) {
      assert.match(t.name, t.origin === "ssd" ? /^ssd_[a-z0-9_]+$/ : /^ssdx_[a-z0-9_]+$/, t.name);
    }
  });

  for (const t of TABLES) {
    it(`${t.name}: la_code first, unique lower-case columns, key and person column exist`, () => {
      const names = t.columns.map((c) => c.name);
      assert.equal(names[0], "la_code");
      assert.equal(t.columns[0]!.type, "VARCHAR");
      assert.equal(new Set(names).size, names.length, `duplicate column in ${t.name}`);
      for (const c of t.columns) {
        assert.match(c.name, /^[a-z][a-z0-9_]*$/, c.name);
        assert.ok(["VARCHAR", "DATE", "INTEGER", "DOUBLE"].includes(c.type), `${c.name}: ${c.type}`);
        assert.ok(c.description.length > 0, c.name);
      }
      assert.ok(names.includes(t.key), `key ${t.key} is not a column of ${t.name}`);
      assert.notEqual(t.key, "la_code");
      if (t.personColumn !== undefined) {
        assert.ok(
          names.includes(t.personColumn),
          `person column ${t.personColumn} is not a column of ${t.name}`,
        );
      }
      assert.equal(tableSpec(t.name), t);
    });
  }

  it("createTableSql with storage names each text column's compression: FSST for ids, a dictionary for the rest", () => {
    const sql = createTableSql(tableSpec("ssdx_missing_return_interviews")!, { storage: true });
    assert.equal(
      sql,
      "CREATE TABLE IF NOT EXISTS ssdx_missing_return_interviews (\n" +
        "  la_code VARCHAR USING COMPRESSION dictionary,\n" +
        "  mrhi_return_interview_id VARCHAR USING COMPRESSION fsst,\n" +
        "  mrhi_missing_id VARCHAR USING COMPRESSION fsst,\n" +
        "  mrhi_person_id VARCHAR USING COMPRESSION fsst,\n" +
        "  mrhi_return_interview_date DATE\n)",
    );
  });

  it("tableSpec answers undefined for an unknown table", () => {
    assert.equal(tableSpec("ssd_nonexistent"), undefined);
  });

  it("createTableSql writes each column with its type", () => {
    const sql = createTableSql(tableSpec("ssdx_missing_return_interviews")!);
    assert.equal(
      sql,
      "CREATE TABLE IF NOT EXISTS ssdx_missing_return_interviews (\n" +
        "  la_code VARCHAR,\n" +
        "  mrhi_return_interview_id VARCHAR,\n" +
        "  mrhi_missing_id VARCHAR,\n" +
        "  mrhi_person_id VARCHAR,\n" +
        "  mrhi_return_interview_date DATE\n)",
    );
  });
});

describe("the schema in DuckDB", () => {
  let db: Database;
  before(async () => {
    db = await openDatabase(":memory:");
    await createSchema(db);
  });
  after(() => db.close());

  it("creates every table with exactly the declared columns and types, in order", async () => {
    const rows = await query(
      db,
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
    );
    for (const t of TABLES) {
      const got = rows.filter((r) => r.table_name === t.name).map((r) => [r.column_name, r.data_type]);
      assert.deepEqual(
        got,
        t.columns.map((c) => [c.name, c.type]),
        t.name,
      );
    }
  });

  it("is idempotent: creating the schema twice keeps one calendar", async () => {
    await createSchema(db);
    const [r] = await query(
      db,
      "SELECT count(*) AS n, min(cal_date) AS first, max(cal_date) AS last FROM cal_days",
    );
    assert.deepEqual(r, { n: 6940, first: "2012-01-01", last: "2030-12-31" });
  });

  it("each table's DDL runs on its own", async () => {
    for (const t of TABLES) {
      await db.connection.run(`DROP TABLE ${t.name}`);
      await db.connection.run(createTableSql(t));
    }
    const [r] = await query(
      db,
      "SELECT count(DISTINCT table_name) AS n FROM information_schema.tables WHERE table_name LIKE 'ssd%'",
    );
    assert.equal(r!.n, TABLES.length);
  });
});
