/**
 * Loading rows into tables with the DuckDB Appender.
 *
 * Why a module of its own: every bulk load (imports, the generator, the
 * calendar, tests' datasets) goes through one fast, typed path.
 */
import {
  BOOLEAN,
  DATE,
  DOUBLE,
  type DuckDBAppender,
  DuckDBDataChunk,
  type DuckDBType,
  INTEGER,
  VARCHAR,
} from "@duckdb/node-api";
import bindings from "@duckdb/node-bindings";
import { toDayNumber } from "../calendar/dates.ts";
import { type ColumnType, tableSpec } from "../model/tables.ts";
import type { Database } from "./connection.ts";

/** A value a canonical row may hold: text, an ISO date (for DATE columns), a number, or empty. */
export type CellValue = string | number | null | undefined;
/** A canonical row keyed by column name. */
export type Row = Record<string, CellValue>;

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
  static async open(db: Pick<Database, "connection">, table: string): Promise<TableLoader> {
    const spec = tableSpec(table);
    if (!spec) throw new Error(`unknown canonical table ${table}`);
    return new TableLoader(spec, await db.connection.createAppender(table));
  }

  /**
   * Opens a loader for any table of the main schema, given all its columns
   * in order (e.g. the import ledger). BOOLEAN values are 1/0 or "Y"/"N".
   */
  static async openColumns(
    db: Pick<Database, "connection">,
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
export async function loadTables(
  db: Pick<Database, "connection">,
  tables: Record<string, readonly Row[]>,
): Promise<void> {
  for (const [name, rows] of Object.entries(tables)) {
    const loader = await TableLoader.open(db, name);
    for (const row of rows) loader.append(row);
    loader.close();
  }
}
