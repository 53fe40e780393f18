import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { sqlDate, sqlIdentifier, sqlList, sqlLiteral } from "./quote.ts";

const NASTY = [
  "plain",
  "O'Brien",
  "''",
  "'; DROP TABLE t; --",
  "'); DROP TABLE indicator_values; --",
  "back\\slash\\'",
  "\\",
  'double "quote"',
  "semi;colon",
  "-- comment",
  "/* block */",
  "SELECT * FROM t",
  "naïve – ✓ 子 🙂",
  "line\nbreak\ttab\r",
  "",
];

describe("quote", () => {
  let instance: DuckDBInstance;
  let c: DuckDBConnection;
  before(async () => {
    instance = await DuckDBInstance.create(":memory:");
    c = await instance.connect();
    await c.run("CREATE TABLE t (a INTEGER)");
  });
  after(() => {
    c.closeSync();
    instance.closeSync();
  });

  it("writes literals DuckDB reads back unchanged", async () => {
    for (const s of NASTY) {
      const r = await c.runAndReadAll(`SELECT ${sqlLiteral(s)} AS v`);
      assert.equal(r.getRowObjects()[0]?.v, s, s);
    }
    const t = await c.runAndReadAll("SELECT count(*) AS n FROM t");
    assert.equal(Number(t.getRowObjects()[0]?.n), 0);
  });

  it("writes identifiers DuckDB reads back unchanged", async () => {
    for (const s of NASTY.filter((x) => x !== "")) {
      await c.run(`CREATE TABLE ${sqlIdentifier(s)} (${sqlIdentifier(`${s} col`)} VARCHAR)`);
      await c.run(`INSERT INTO ${sqlIdentifier(s)} VALUES (${sqlLiteral(s)})`);
      const r = await c.runAndReadAll(`SELECT ${sqlIdentifier(`${s} col`)} AS v FROM ${sqlIdentifier(s)}`);
      assert.equal(r.getRowObjects()[0]?.v, s, s);
      await c.run(`DROP TABLE ${sqlIdentifier(s)}`);
    }
    const names = await c.runAndReadAll("SELECT table_name FROM duckdb_tables() ORDER BY 1");
    assert.deepEqual(
      names.getRowObjects().map((r) => r.table_name),
      ["t"],
    );
  });

  it("quotes by doubling, keeping backslashes as they are", () => {
    assert.equal(sqlLiteral("O'Brien"), "'O''Brien'");
    assert.equal(sqlLiteral("a\\'b"), "'a\\''b'");
    assert.equal(sqlIdentifier('my "t"'), '"my ""t"""');
  });

  it("writes numbers, booleans and NULL, and refuses what SQL text cannot hold", () => {
    assert.equal(sqlLiteral(12.5), "12.5");
    assert.equal(sqlLiteral(-3), "-3");
    assert.equal(sqlLiteral(true), "TRUE");
    assert.equal(sqlLiteral(null), "NULL");
    assert.equal(sqlLiteral(undefined), "NULL");
    assert.throws(() => sqlLiteral(Number.NaN), /finite/);
    assert.throws(() => sqlLiteral(Number.POSITIVE_INFINITY), /finite/);
    assert.throws(() => sqlLiteral("a\u0000b"), /NUL/);
    assert.throws(() => sqlIdentifier("a\u0000b"), /NUL/);
    assert.throws(() => sqlIdentifier(""), /empty/);
  });

  it("writes dates only from YYYY-MM-DD", async () => {
    assert.equal(sqlDate("2024-03-31"), "DATE '2024-03-31'");
    for (const bad of ["2024-03-31'; DROP TABLE t; --", "31/03/2024", "", "2024-3-31"])
      assert.throws(() => sqlDate(bad), /YYYY-MM-DD/);
    const r = await c.runAndReadAll(`SELECT strftime(${sqlDate("2024-02-29")}, '%Y-%m-%d') AS d`);
    assert.equal(r.getRowObjects()[0]?.d, "2024-02-29");
  });

  it("writes lists, an empty one matching nothing", async () => {
    assert.equal(sqlList(["E11", "O'X"]), "('E11', 'O''X')");
    const r = await c.runAndReadAll(
      `SELECT 'x' IN ${sqlList([])} AS none, 'O''X' IN ${sqlList(["E11", "O'X"])} AS found`,
    );
    assert.deepEqual(r.getRowObjects()[0], { none: null, found: true });
  });
});
