/**
 * The sign-in, session and audit tables of a workspace, and the one way this
 * folder talks to them: SQL with bound parameters.
 *
 * Why one function creating all three: the web application needs them
 * before anything else; when the workspace gains a registry of tables and
 * versioned migrations, `createAuthTables` is what it registers.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import type { Database } from "../workspace/database.ts";

/** Creates users, sessions and audit_log if absent. */
export async function createAuthTables(db: Database): Promise<void> {
  const c = db.connection;
  await c.run(`CREATE TABLE IF NOT EXISTS users (
    name VARCHAR NOT NULL, role VARCHAR NOT NULL, teams VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL, must_set_password BOOLEAN NOT NULL,
    failed_attempts INTEGER NOT NULL, locked_until DOUBLE, created_at VARCHAR NOT NULL)`);
  await c.run(`CREATE TABLE IF NOT EXISTS sessions (
    token_hash VARCHAR NOT NULL, user_name VARCHAR NOT NULL, csrf VARCHAR NOT NULL,
    created_at DOUBLE NOT NULL, last_seen DOUBLE NOT NULL)`);
  await c.run("CREATE SEQUENCE IF NOT EXISTS audit_log_seq");
  await c.run(`CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT NOT NULL DEFAULT nextval('audit_log_seq'), logged_at VARCHAR NOT NULL,
    user_name VARCHAR, role VARCHAR, action VARCHAR NOT NULL, route VARCHAR,
    indicator VARCHAR, period VARCHAR, child_ids VARCHAR, child_count INTEGER,
    outcome VARCHAR NOT NULL, detail VARCHAR)`);
}

/** Runs one statement with its values bound to $1, $2 …. */
export async function exec(db: Database, sql: string, params: DuckDBValue[] = []): Promise<void> {
  await db.connection.run(sql, params);
}

/** Runs a query with its values bound to $1, $2 … and returns plain rows (bigints as numbers). */
export async function select(
  db: Database,
  sql: string,
  params: DuckDBValue[] = [],
): Promise<Record<string, unknown>[]> {
  const result = await db.connection.runAndReadAll(sql, params);
  const names = result.columnNames();
  return result.getRows().map((r) => {
    const o: Record<string, unknown> = {};
    names.forEach((name, k) => {
      const v = r[k];
      o[name] = typeof v === "bigint" ? Number(v) : (v ?? null);
    });
    return o;
  });
}
