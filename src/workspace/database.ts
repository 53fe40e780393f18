/**
 * The workspace database: one DuckDB file holding the canonical tables,
 * the calendar, settings and computed values.
 *
 * Why here: DuckDB is the I/O edge. This module opens the file (turning
 * DuckDB's lock error into a plain sentence: one process owns a workspace
 * at a time), creates the schema, and loads rows with the Appender.
 */

import { totalmem } from "node:os";
import {
  BOOLEAN,
  DATE,
  DOUBLE,
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  VARCHAR,
} from "@duckdb/node-api";
import bindings from "@duckdb/node-bindings";
import { toDayNumber } from "../calendar/dates.ts";
import { calendarDays } from "../calendar/workingDays.ts";
import { createImportTables } from "../ingest/import.ts";
import { type ColumnType, createTableSql, TABLES, tableSpec } from "../model/tables.ts";
import { UserError } from "./errors.ts";

/** A value a canonical row may hold: text, an ISO date (for DATE columns), a number, or empty. */
export type CellValue = string | number | null | undefined;
/** A canonical row keyed by column name. */
export type Row = Record<string, CellValue>;

/** An open workspace database. */
export interface Database {
  connection: DuckDBConnection;
  /** A further connection to the same database (closed by its user), for work run side by side. */
  connect?: () => Promise<DuckDBConnection>;
  /** Set on the Database `withOwnConnection` hands out: its connection is in a transaction of its own. */
  own?: boolean;
  close(): void;
}

/**
 * DuckDB's memory ceiling: 40% of the machine's memory, at most 4 GB, so a large
 * load spills to disk instead of crowding out everything else on an analyst's
 * laptop. SCORECARD_MEMORY_LIMIT (e.g. "8GB") overrides it.
 */
export function memoryLimit(): string {
  const fromEnv = process.env.SCORECARD_MEMORY_LIMIT;
  if (fromEnv && /^\d+(\.\d+)?\s*(MB|GB)$/i.test(fromEnv)) return fromEnv;
  const mb = Math.min(4096, Math.floor((totalmem() * 0.4) / 2 ** 20));
  return `${mb}MB`;
}

/**
 * Opens (creating if needed) a DuckDB database; `:memory:` for tests.
 * `readOnly`: opens an existing file for reading only (any write fails).
 */
export async function openDatabase(path: string, options: { readOnly?: boolean } = {}): Promise<Database> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      memory_limit: memoryLimit(),
      ...(options.readOnly ? { access_mode: "READ_ONLY" } : {}),
    });
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
    connect: () => instance.connect(),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Runs `work` with a Database of its own connection to the same database,
 * in one transaction, closed afterwards (its temporary tables with it): work
 * that readies temporary tables cannot meet another call's, and every query
 * of `work` reads the same snapshot, so a recompute committed meanwhile is
 * seen by all of them or by none. Without `connect` (a Database given one
 * connection only), or given a Database it handed out, `work` gets `db` itself.
 */
export async function withOwnConnection<T>(db: Database, work: (own: Database) => Promise<T>): Promise<T> {
  if (!db.connect || db.own) return work(db);
  const connection = await db.connect();
  try {
    await connection.run("BEGIN TRANSACTION");
    const result = await work({ connection, connect: db.connect, own: true, close: () => {} });
    await connection.run("COMMIT");
    return result;
  } finally {
    connection.closeSync();
  }
}

/**
 * Runs `work` in one transaction: committed when it returns, rolled back
 * when it throws, and the error passed on (a rollback that fails because
 * the transaction is already gone does not hide it).
 */
export async function inTransaction<T>(db: Database, work: () => Promise<T>): Promise<T> {
  await db.connection.run("BEGIN TRANSACTION");
  try {
    const result = await work();
    await db.connection.run("COMMIT");
    return result;
  } catch (e) {
    try {
      await db.connection.run("ROLLBACK");
    } catch {
      // the transaction is already gone; nothing was committed
    }
    throw e;
  }
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
  await createImportTables(db);
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
 * Streams rows into a canonical table with the DuckDB Appender, a data
 * chunk of 2,048 rows at a time.
 *
 * Why this shape: loading is the slow part of a big import. Each column is
 * filled in a plain typed buffer (dates as day numbers, numbers as
 * doubles/ints, and strings of up to 12 bytes written inline in DuckDB's
 * 16-byte `duckdb_string_t` slot, as its C API lays them out) and copied to
 * DuckDB in one call per column per chunk; only longer or non-ASCII strings
 * cross to DuckDB one by one. `database.test.ts` round-trips every kind of
 * value through this path.
 */
export class TableLoader {
  private count = 0;
  private filled = 0;
  private readonly columns: ColumnBuffer[];
  private readonly names: string[];
  private chunk?: DuckDBDataChunk;

  private constructor(
    private readonly spec: LoaderTable,
    private readonly appender: DuckDBAppender,
  ) {
    this.columns = spec.columns.map((c) => new ColumnBuffer(c.type, `${spec.name}.${c.name}`));
    this.names = spec.columns.map((c) => c.name);
  }

  /** Opens a loader for a canonical table. */
  static async open(db: Database, table: string): Promise<TableLoader> {
    const spec = tableSpec(table);
    if (!spec) throw new Error(`unknown canonical table ${table}`);
    return new TableLoader(spec, await db.connection.createAppender(table));
  }

  /**
   * Opens a loader for any table of the main schema, given all its columns
   * in order (e.g. the import ledger). BOOLEAN values are 1/0 or "Y"/"N".
   */
  static async openColumns(
    db: Database,
    table: string,
    columns: readonly { name: string; type: LoaderType }[],
  ): Promise<TableLoader> {
    return new TableLoader({ name: table, columns }, await db.connection.createAppender(table));
  }

  /** Appends one row. */
  append(row: Row): void {
    const names = this.names;
    for (let k = 0; k < names.length; k++) this.columns[k]!.set(this.filled, row[names[k]!]);
    this.endRow();
  }

  /** Appends a row given as values in the table's column order; DATE values may be day numbers. */
  appendValues(values: readonly CellValue[]): void {
    const n = this.columns.length;
    for (let k = 0; k < n; k++) this.columns[k]!.set(this.filled, values[k]);
    this.endRow();
  }

  private endRow(): void {
    this.filled++;
    this.count++;
    if (this.filled === CHUNK_ROWS) this.flushChunk();
  }

  private flushChunk(): void {
    if (this.filled === 0) return;
    // One chunk, reused: a chunk's native memory is freed only when its wrapper is collected,
    // so a chunk per flush would hold hundreds of megabytes through a large load.
    if (this.chunk) this.chunk.reset();
    else
      this.chunk = DuckDBDataChunk.create(
        this.spec.columns.map((c) => DUCKDB_TYPES[c.type]),
        CHUNK_ROWS,
      );
    const chunk = this.chunk;
    this.columns.forEach((col, k) => {
      col.copyTo(bindings.data_chunk_get_vector(chunk.chunk, k), this.filled);
    });
    chunk.rowCount = this.filled;
    this.appender.appendDataChunk(chunk);
    this.filled = 0;
  }

  /** Rows appended so far. */
  get rowsAppended(): number {
    return this.count;
  }

  /** Hands buffered rows to DuckDB; outside an explicit transaction this commits them. */
  flush(): void {
    this.flushChunk();
    this.appender.flushSync();
  }

  /** Appends what is buffered and closes the appender. */
  close(): void {
    this.flushChunk();
    this.appender.closeSync();
  }
}

const CHUNK_ROWS = 2048;
const STRING_SLOT = 16;
const INLINE_MAX = 12;

/** The column types a TableLoader writes: the canonical ones, and BOOLEAN for system tables. */
export type LoaderType = ColumnType | "BOOLEAN";

interface LoaderTable {
  name: string;
  columns: readonly { name: string; type: LoaderType }[];
}

const DUCKDB_TYPES: Record<LoaderType, DuckDBType> = { VARCHAR, DATE, INTEGER, DOUBLE, BOOLEAN };

/** One column's values for the chunk being filled. */
class ColumnBuffer {
  private readonly validity = new Uint8Array(CHUNK_ROWS / 8);
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly ints?: Int32Array;
  private readonly doubles?: Float64Array;
  private long: [number, string][] = [];

  constructor(
    private readonly type: LoaderType,
    private readonly name: string,
  ) {
    const width = type === "VARCHAR" ? STRING_SLOT : type === "DOUBLE" ? 8 : type === "BOOLEAN" ? 1 : 4;
    this.bytes = new Uint8Array(CHUNK_ROWS * width);
    this.view = new DataView(this.bytes.buffer);
    if (type === "DATE" || type === "INTEGER") this.ints = new Int32Array(this.bytes.buffer);
    if (type === "DOUBLE") this.doubles = new Float64Array(this.bytes.buffer);
  }

  set(i: number, value: CellValue): void {
    const bit = 1 << (i & 7);
    if (value === null || value === undefined || value === "") {
      this.validity[i >> 3]! &= ~bit;
      return;
    }
    this.validity[i >> 3]! |= bit;
    switch (this.type) {
      case "VARCHAR":
        this.setString(i, typeof value === "string" ? value : String(value));
        return;
      case "DATE":
        this.ints![i] = typeof value === "number" ? value : toDayNumber(value);
        return;
      case "INTEGER": {
        const n = typeof value === "number" ? value : Number(value);
        if (!Number.isInteger(n) || n > 2147483647 || n < -2147483648)
          throw new Error(`${this.name}: not a whole number`);
        this.ints![i] = n;
        return;
      }
      case "DOUBLE": {
        const n = typeof value === "number" ? value : Number(value);
        if (!Number.isFinite(n)) throw new Error(`${this.name}: not a number`);
        this.doubles![i] = n;
        return;
      }
      case "BOOLEAN":
        if (value === 1 || value === "Y") this.bytes[i] = 1;
        else if (value === 0 || value === "N") this.bytes[i] = 0;
        else throw new Error(`${this.name}: not 1/0 or Y/N`);
        return;
      default:
        throw new Error(`${this.name}: unsupported type ${this.type satisfies never}`);
    }
  }

  private setString(i: number, s: string): void {
    const at = i * STRING_SLOT;
    if (s.length <= INLINE_MAX) {
      let ascii = true;
      for (let j = 0; j < s.length; j++) {
        const code = s.charCodeAt(j);
        if (code > 127) {
          ascii = false;
          break;
        }
        this.bytes[at + 4 + j] = code;
      }
      if (ascii) {
        this.view.setUint32(at, s.length, true);
        this.bytes.fill(0, at + 4 + s.length, at + STRING_SLOT);
        return;
      }
    }
    this.bytes.fill(0, at, at + STRING_SLOT);
    this.long.push([i, s]);
  }

  copyTo(vector: ReturnType<typeof bindings.data_chunk_get_vector>, rows: number): void {
    const width = this.bytes.length / CHUNK_ROWS;
    bindings.copy_data_to_vector(vector, 0, this.bytes.buffer as ArrayBuffer, 0, rows * width);
    bindings.vector_ensure_validity_writable(vector);
    bindings.copy_data_to_vector_validity(
      vector,
      0,
      this.validity.buffer as ArrayBuffer,
      0,
      Math.ceil(rows / 8),
    );
    for (const [i, s] of this.long) bindings.vector_assign_string_element(vector, i, s);
    this.long = [];
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

/** Values bound to a statement's parameters: `$1`… by position, or `$name` by name. */
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/**
 * Runs a query and returns plain JS row objects (dates as YYYY-MM-DD strings, bigints as numbers).
 * Values from users or files go in `params`, never into `sql`.
 */
export async function query(db: Database, sql: string, params?: Params): Promise<Record<string, unknown>[]> {
  const result = await db.connection.runAndReadAll(sql, params);
  const names = result.columnNames();
  return result.getRows().map((r) => {
    const o: Record<string, unknown> = {};
    names.forEach((name, k) => {
      o[name] = toPlain(r[k]);
    });
    return o;
  });
}

/** True when the main schema has table `name` (a read: a read-only workspace may predate a table). */
export async function tableExists(db: Database, name: string): Promise<boolean> {
  const rows = await query(
    db,
    "SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1",
    [name],
  );
  return Number(rows[0]?.n) > 0;
}

function toPlain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof DuckDBDateValue) return v.toString();
  if (typeof v === "object") return String(v);
  return v;
}
