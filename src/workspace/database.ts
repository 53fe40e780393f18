/**
 * The workspace database: one DuckDB file holding the canonical tables,
 * the calendar, settings and computed values.
 *
 * Why here: DuckDB is the I/O edge. This module opens the file (turning
 * DuckDB's lock error into a plain sentence: one process owns a workspace
 * at a time), creates the schema, and loads rows with the Appender.
 */
import { type DuckDBConnection, DuckDBDateValue, DuckDBInstance } from "@duckdb/node-api";
import { toDayNumber } from "../calendar/dates.ts";
import { calendarDays } from "../calendar/workingDays.ts";
import { type ColumnType, createTableSql, TABLES, type TableSpec, tableSpec } from "../model/tables.ts";
import { UserError } from "./errors.ts";

/** A value a canonical row may hold: text, an ISO date (for DATE columns), a number, or empty. */
export type CellValue = string | number | null | undefined;
/** A canonical row keyed by column name. */
export type Row = Record<string, CellValue>;

/** An open workspace database. */
export interface Database {
  connection: DuckDBConnection;
  close(): void;
}

/** Opens (creating if needed) a DuckDB database; `:memory:` for tests. */
export async function openDatabase(path: string): Promise<Database> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pid = /PID (\d+)/.exec(message)?.[1];
    if (/lock/i.test(message)) {
      throw new UserError(
        `the workspace ${path} is in use by another process${pid ? ` (PID ${pid})` : ""}; one process owns a workspace at a time, so wait for it to finish and try again`,
      );
    }
    throw new UserError(`cannot open the workspace ${path}: ${message.split("\n")[0]}`);
  }
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Creates every canonical table, the calendar and the system tables, if absent. */
export async function createSchema(db: Database): Promise<void> {
  const c = db.connection;
  for (const t of TABLES) await c.run(createTableSql(t));
  await c.run(`CREATE TABLE IF NOT EXISTS cal_days (
    cal_date DATE PRIMARY KEY, is_working_day BOOLEAN, is_bank_holiday BOOLEAN, wd_index INTEGER)`);
  await c.run(`CREATE TABLE IF NOT EXISTS cfg_population (
    la_code VARCHAR, fy_start INTEGER, population DOUBLE)`);
  await c.run(`CREATE TABLE IF NOT EXISTS cfg_coverage (
    la_code VARCHAR, data_from DATE, data_to DATE)`);
  await c.run(`CREATE TABLE IF NOT EXISTS indicator_values (
    la_code VARCHAR, indicator VARCHAR, period_type VARCHAR, period_start DATE, period_end DATE,
    numerator DOUBLE, denominator DOUBLE, value DOUBLE)`);
  const have = await c.runAndReadAll("SELECT count(*) FROM cal_days");
  if (Number(have.getRows()[0]?.[0]) === 0) await loadCalendar(db);
}

async function loadCalendar(db: Database): Promise<void> {
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

/**
 * Streams rows into a canonical table with the DuckDB Appender. Callers give
 * rows as objects keyed by column name; absent columns are empty.
 */
export class TableLoader {
  private count = 0;
  private constructor(
    private readonly spec: TableSpec,
    private readonly appender: Awaited<ReturnType<DuckDBConnection["createAppender"]>>,
  ) {}

  /** Opens a loader for a canonical table. */
  static async open(db: Database, table: string): Promise<TableLoader> {
    const spec = tableSpec(table);
    if (!spec) throw new Error(`unknown canonical table ${table}`);
    return new TableLoader(spec, await db.connection.createAppender(table));
  }

  /** Appends one row. */
  append(row: Row): void {
    for (const col of this.spec.columns) appendCell(this.appender, col.type, row[col.name], col.name);
    this.appender.endRow();
    this.count++;
  }

  /** Appends a row given as values in the table's column order (the fast path for generators). */
  appendValues(values: readonly CellValue[]): void {
    const cols = this.spec.columns;
    for (let k = 0; k < cols.length; k++) appendCell(this.appender, cols[k]!.type, values[k], cols[k]!.name);
    this.appender.endRow();
    this.count++;
  }

  /** Rows appended so far. */
  get rowsAppended(): number {
    return this.count;
  }

  /** Flushes and closes the appender. */
  close(): void {
    this.appender.closeSync();
  }
}

type Appender = Awaited<ReturnType<DuckDBConnection["createAppender"]>>;

function appendCell(a: Appender, type: ColumnType, value: CellValue, column: string): void {
  if (value === null || value === undefined || value === "") {
    a.appendNull();
    return;
  }
  switch (type) {
    case "VARCHAR":
      a.appendVarchar(String(value));
      return;
    case "DATE":
      a.appendDate(new DuckDBDateValue(typeof value === "number" ? value : toDayNumber(value)));
      return;
    case "INTEGER":
      a.appendInteger(Number(value));
      return;
    case "DOUBLE":
      a.appendDouble(Number(value));
      return;
    default:
      throw new Error(`column ${column}: unsupported type ${type satisfies never}`);
  }
}

/** Loads rows into several tables at once, e.g. a test's hand-made dataset. */
export async function loadTables(db: Database, tables: Record<string, readonly Row[]>): Promise<void> {
  for (const [name, rows] of Object.entries(tables)) {
    const loader = await TableLoader.open(db, name);
    for (const row of rows) loader.append(row);
    loader.close();
  }
}

/** Runs a query and returns plain JS row objects (dates as YYYY-MM-DD strings, bigints as numbers). */
export async function query(db: Database, sql: string): Promise<Record<string, unknown>[]> {
  const result = await db.connection.runAndReadAll(sql);
  const names = result.columnNames();
  return result.getRows().map((r) => {
    const o: Record<string, unknown> = {};
    names.forEach((name, k) => {
      o[name] = toPlain(r[k]);
    });
    return o;
  });
}

function toPlain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof DuckDBDateValue) return v.toString();
  if (typeof v === "object") return String(v);
  return v;
}
