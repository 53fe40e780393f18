/**
 * Every table a workspace holds, created and upgraded by numbered
 * migrations recorded in `schema_version`.
 *
 * Why one registry: tables used to be created in five modules on every
 * open, so a read-only open could not work and nobody could say which
 * tables a workspace has. Opening a workspace for writing applies the
 * migrations it lacks in one transaction; a read-only open only checks the
 * version and says in one line how to upgrade. The canonical tables stay
 * declared in model/tables.ts (their DDL comes from createTableSql).
 *
 * To change a table: append a migration (never edit an applied one). A new
 * canonical column goes at the end of its table in model/tables.ts, with a
 * migration `ALTER TABLE … ADD COLUMN IF NOT EXISTS …` so the columns of an
 * upgraded workspace stay in the declared order the Appender writes.
 */
import { DuckDBDateValue } from "@duckdb/node-api";
import { toDayNumber } from "../calendar/dates.ts";
import { calendarDays } from "../calendar/workingDays.ts";
import { UserError } from "../errors/userError.ts";
import { createTableSql, TABLES } from "../model/tables.ts";
import { type Database, inTransaction, query } from "./connection.ts";

/** What a migration may need of the workspace it upgrades. */
export interface MigrationContext {
  /** The workspace's councils (LA codes), in the order its settings list them; none for a bare database. */
  councils: readonly string[];
  /** Tells the user of a change the upgrade made that they should check (one line). */
  note(line: string): void;
}

/** One schema change: statements run in order, then an optional loading step. */
export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
  load?: (db: Pick<Database, "connection">, context: MigrationContext) => Promise<void>;
}

/** The calendar, settings copied for SQL, coverage and computed values. */
const SYSTEM_TABLES = [
  `CREATE TABLE IF NOT EXISTS cal_days (
    cal_date DATE PRIMARY KEY, is_working_day BOOLEAN, is_bank_holiday BOOLEAN, wd_index INTEGER)`,
  `CREATE TABLE IF NOT EXISTS cfg_population (
    la_code VARCHAR, fy_start INTEGER, population DOUBLE)`,
  `CREATE TABLE IF NOT EXISTS cfg_coverage (
    la_code VARCHAR, data_from DATE, data_to DATE)`,
  `CREATE TABLE IF NOT EXISTS indicator_values (
    la_code VARCHAR, indicator VARCHAR, period_type VARCHAR, period_start DATE, period_end DATE,
    numerator DOUBLE, denominator DOUBLE, value DOUBLE)`,
];

/** The import ledger: each import, its files (by hash) and the rows it brought, for listing and undo. */
const IMPORT_TABLES = [
  `CREATE TABLE IF NOT EXISTS imports (
    import_id INTEGER PRIMARY KEY, imported_at VARCHAR, la_code VARCHAR, formats VARCHAR,
    counts_json VARCHAR, errors INTEGER, warnings INTEGER, data_from DATE, data_to DATE,
    coverage_before_json VARCHAR, undone_at VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS import_files (
    import_id INTEGER, path VARCHAR, format VARCHAR, sha256 VARCHAR, bytes BIGINT)`,
  `CREATE TABLE IF NOT EXISTS import_rows (
    import_id INTEGER, table_name VARCHAR, la_code VARCHAR, row_key VARCHAR, added BOOLEAN)`,
];

/** Imported and shipped benchmarks and their statistics (benchmarks/store.ts reads and writes them). */
const BENCHMARK_TABLES = [
  `CREATE TABLE IF NOT EXISTS bm_values (
    la_code VARCHAR NOT NULL, year INTEGER NOT NULL, source VARCHAR NOT NULL, dataset VARCHAR NOT NULL,
    measure VARCHAR NOT NULL, breakdown VARCHAR NOT NULL, period VARCHAR NOT NULL, level VARCHAR NOT NULL,
    area_name VARCHAR, value DOUBLE, symbol VARCHAR, source_row INTEGER)`,
  `CREATE TABLE IF NOT EXISTS bm_neighbours (
    la_code VARCHAR NOT NULL, year INTEGER NOT NULL, la_name VARCHAR, region_name VARCHAR,
    neighbour_rank INTEGER NOT NULL, neighbour_code VARCHAR NOT NULL, closeness VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS bm_stats (
    la_code VARCHAR NOT NULL, year INTEGER NOT NULL, indicator VARCHAR NOT NULL, polarity VARCHAR NOT NULL,
    source VARCHAR, value DOUBLE, sn_method VARCHAR NOT NULL, sn_average DOUBLE, sn_count INTEGER NOT NULL,
    best_sn_code VARCHAR, best_sn_value DOUBLE, england DOUBLE, region_code VARCHAR, region DOUBLE,
    n_councils INTEGER NOT NULL, q1 DOUBLE, median DOUBLE, q3 DOUBLE, top_quartile DOUBLE,
    quartile_band VARCHAR, rank INTEGER,
    PRIMARY KEY (la_code, indicator, year))`,
  `CREATE TABLE IF NOT EXISTS bm_sources (
    source VARCHAR NOT NULL, dataset VARCHAR NOT NULL, origin VARCHAR NOT NULL, publication VARCHAR NOT NULL)`,
];

/** Local indicators' monthly values (local/store.ts). */
const LOCAL_TABLES = [
  `CREATE TABLE IF NOT EXISTS local_values (
    la_code VARCHAR NOT NULL, indicator VARCHAR NOT NULL, month_end DATE NOT NULL,
    numerator DOUBLE, denominator DOUBLE, value DOUBLE,
    source_file VARCHAR, source_sheet VARCHAR, source_row INTEGER,
    PRIMARY KEY (la_code, indicator, month_end))`,
];

/** The web application's accounts, sessions and append-only audit log (auth/). */
const WEB_TABLES = [
  `CREATE TABLE IF NOT EXISTS users (
    name VARCHAR NOT NULL, role VARCHAR NOT NULL, teams VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL, must_set_password BOOLEAN NOT NULL,
    failed_attempts INTEGER NOT NULL, locked_until DOUBLE, created_at VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS sessions (
    token_hash VARCHAR NOT NULL, user_name VARCHAR NOT NULL, csrf VARCHAR NOT NULL,
    created_at DOUBLE NOT NULL, last_seen DOUBLE NOT NULL)`,
  "CREATE SEQUENCE IF NOT EXISTS audit_log_seq",
  `CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT NOT NULL DEFAULT nextval('audit_log_seq'), logged_at VARCHAR NOT NULL,
    user_name VARCHAR, role VARCHAR, action VARCHAR NOT NULL, route VARCHAR,
    indicator VARCHAR, period VARCHAR, child_ids VARCHAR, child_count INTEGER,
    outcome VARCHAR NOT NULL, detail VARCHAR)`,
];

/**
 * The migrations, oldest first. Version 1 is every table as the releases
 * before versioning created them (all `IF NOT EXISTS`, so it also adopts a
 * workspace made before `schema_version` existed); later versions change
 * them.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "every table, and the calendar",
    statements: [
      ...TABLES.map((t) => createTableSql(t, { storage: true })),
      ...SYSTEM_TABLES,
      ...IMPORT_TABLES,
      ...BENCHMARK_TABLES,
      ...LOCAL_TABLES,
    ],
    load: loadCalendarIfEmpty,
  },
  {
    version: 2,
    description: "UPN and assessment factors (extension columns)",
    statements: [
      "ALTER TABLE ssd_person ADD COLUMN IF NOT EXISTS pers_upn VARCHAR",
      "ALTER TABLE ssd_cin_assessments ADD COLUMN IF NOT EXISTS cina_assessment_factors VARCHAR",
    ],
  },
  {
    version: 3,
    description: "the web application's users, sessions and audit log",
    statements: WEB_TABLES,
  },
  {
    version: 4,
    description: "commentary per indicator and period, with its history (app/commentary.ts)",
    statements: [
      `CREATE TABLE IF NOT EXISTS commentary (
        id INTEGER PRIMARY KEY, indicator VARCHAR NOT NULL, period_type VARCHAR NOT NULL,
        period_end DATE NOT NULL, text VARCHAR NOT NULL, author VARCHAR NOT NULL,
        written_at TIMESTAMP NOT NULL, replaces INTEGER)`,
    ],
  },
  {
    version: 5,
    description:
      "SSDA903 items the SSD does not hold: adopters, home postcode and previous permanence, OC2 outcomes",
    statements: ["ssdx_adopters", "ssdx_cla_period_details", "ssdx_cla_outcomes"].map((name) =>
      createTableSql(TABLES.find((t) => t.name === name)!),
    ),
  },
  {
    version: 6,
    description: "the SSD's mothers table (SSDA903 MC_DOB, the mother's first child's date of birth)",
    statements: [createTableSql(TABLES.find((t) => t.name === "ssd_mother")!)],
  },
  {
    version: 7,
    description: "the council each audit entry is about (a workspace of several councils)",
    statements: ["ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS la_code VARCHAR"],
  },
  {
    version: 8,
    description: "the council each commentary is about (a workspace of several councils)",
    statements: ["ALTER TABLE commentary ADD COLUMN IF NOT EXISTS la_code VARCHAR"],
    load: commentaryCouncil,
  },
];

/** The schema version this program writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY, description VARCHAR, applied_at VARCHAR)`;

/** The version a database is at: 0 when it has no `schema_version` table (empty, or made before versioning). */
export async function schemaVersion(db: Pick<Database, "connection">): Promise<number> {
  const found = await query(
    db,
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'schema_version' AND schema_name = 'main' AND database_name = current_database()",
  );
  if (Number(found[0]?.n) === 0) return 0;
  const rows = await query(db, "SELECT coalesce(max(version), 0) AS v FROM schema_version");
  return Number(rows[0]?.v ?? 0);
}

/**
 * Brings a database opened for writing up to SCHEMA_VERSION: the pending
 * migrations run in one transaction, so a failure leaves it as it was.
 * Returns the versions applied.
 */
export async function migrate(
  db: Pick<Database, "connection">,
  label = "the workspace",
  context: MigrationContext = { councils: [], note: () => {} },
): Promise<number[]> {
  const from = await schemaVersion(db);
  if (from > SCHEMA_VERSION) throw newerError(label, from);
  const pending = MIGRATIONS.filter((m) => m.version > from);
  if (pending.length === 0) return [];
  await inTransaction(db, async () => {
    await db.connection.run(VERSION_TABLE);
    for (const m of pending) {
      for (const sql of m.statements) await db.connection.run(sql);
      if (m.load) await m.load(db, context);
      await db.connection.run("INSERT INTO schema_version VALUES ($1, $2, $3)", [
        m.version,
        m.description,
        new Date().toISOString(),
      ]);
    }
  });
  return pending.map((m) => m.version);
}

/** Creates every table (applies every pending migration): for new workspaces and in-memory test databases. */
export async function createSchema(db: Pick<Database, "connection">): Promise<void> {
  await migrate(db);
}

/**
 * For a database opened read-only: throws a one-line UserError unless it is
 * at SCHEMA_VERSION, naming the command that upgrades it.
 */
export async function checkSchema(
  db: Pick<Database, "connection">,
  label: string,
  upgrade: string,
): Promise<void> {
  const at = await schemaVersion(db);
  if (at > SCHEMA_VERSION) throw newerError(label, at);
  if (at < SCHEMA_VERSION) {
    throw new UserError(
      `${label} was made by an earlier version of scorecard (schema ${at}, this version reads ${SCHEMA_VERSION}); run "${upgrade}" once to upgrade it`,
    );
  }
}

function newerError(label: string, at: number): UserError {
  return new UserError(
    `${label} was made by a newer version of scorecard (schema ${at}, this version knows up to ${SCHEMA_VERSION}); update scorecard to use it`,
  );
}

/**
 * Commentary written before it had a council: a workspace's commentary was
 * then its only council's, or, with several, shown for every council, so
 * it is given the first council its settings list and the user is told
 * how many and where to check. A database with commentary and no council
 * to give it is refused (the upgrade rolls back).
 */
async function commentaryCouncil(db: Pick<Database, "connection">, context: MigrationContext): Promise<void> {
  const found = await db.connection.runAndReadAll("SELECT count(*) FROM commentary WHERE la_code IS NULL");
  const n = Number(found.getRows()[0]?.[0]);
  if (n === 0) return;
  const first = context.councils[0];
  if (first === undefined)
    throw new UserError(
      `the workspace holds ${n} commentary version(s) without a council and no council to give them: open it as a workspace (with its settings.json) to upgrade it`,
    );
  await db.connection.run("UPDATE commentary SET la_code = $1 WHERE la_code IS NULL", [first]);
  if (context.councils.length > 1)
    context.note(
      `upgrade: ${n} commentary version(s) written before each council had its own were given to LA ${first}, the first council of settings.json (they were shown for every council): see them with "scorecard comment list --council ${first}"`,
    );
}

async function loadCalendarIfEmpty(db: Pick<Database, "connection">): Promise<void> {
  const have = await db.connection.runAndReadAll("SELECT count(*) FROM cal_days");
  if (Number(have.getRows()[0]?.[0]) !== 0) return;
  const appender = await db.connection.createAppender("cal_days");
  for (const day of calendarDays()) {
    appender.appendDate(new DuckDBDateValue(toDayNumber(day.date)));
    appender.appendBoolean(day.isWorkingDay);
    appender.appendBoolean(day.isBankHoliday);
    appender.appendInteger(day.wdIndex);
    appender.endRow();
  }
  appender.closeSync();
}
