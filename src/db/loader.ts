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
import { tableSpec } from "../model/tables.ts";
import {
  type CellValue,
  CHUNK_ROWS,
  ColumnBuffer,
  type FilledColumn,
  type LoaderType,
} from "./chunkBuffer.ts";
import type { Database } from "./connection.ts";

export type { CellValue, LoaderType };
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
    this.appendFilled(this.columns, this.filled);
    for (const c of this.columns) c.long = [];
    this.filled = 0;
  }

  /**
   * Appends a chunk filled elsewhere (a `ColumnBuffer` per column, in the table's column
   * order, e.g. by a worker thread), after any rows buffered here.
   */
  appendChunk(columns: readonly FilledColumn[], rows: number): void {
    if (columns.length !== this.columns.length)
      throw new Error(`${this.spec.name}: a chunk of ${columns.length} columns`);
    this.flushChunk();
    this.appendFilled(columns, rows);
    this.count += rows;
  }

  private appendFilled(columns: readonly FilledColumn[], rows: number): void {
    // One chunk, reused: a chunk's native memory is freed only when its wrapper is collected,
    // so a chunk per flush would hold hundreds of megabytes through a large load.
    if (this.chunk) this.chunk.reset();
    else
      this.chunk = DuckDBDataChunk.create(
        this.spec.columns.map((c) => DUCKDB_TYPES[c.type]),
        CHUNK_ROWS,
      );
    const chunk = this.chunk;
    columns.forEach((col, k) => {
      copyColumn(bindings.data_chunk_get_vector(chunk.chunk, k), col, rows);
    });
    chunk.rowCount = rows;
    this.appender.appendDataChunk(chunk);
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

interface LoaderTable {
  name: string;
  columns: readonly { name: string; type: LoaderType }[];
}

const DUCKDB_TYPES: Record<LoaderType, DuckDBType> = { VARCHAR, DATE, INTEGER, DOUBLE, BOOLEAN };

/** Copies a filled column's first `rows` values into a DuckDB vector. */
function copyColumn(
  vector: ReturnType<typeof bindings.data_chunk_get_vector>,
  column: FilledColumn,
  rows: number,
): void {
  const width = column.bytes.length / CHUNK_ROWS;
  bindings.copy_data_to_vector(
    vector,
    0,
    column.bytes.buffer as ArrayBuffer,
    column.bytes.byteOffset,
    rows * width,
  );
  bindings.vector_ensure_validity_writable(vector);
  bindings.copy_data_to_vector_validity(
    vector,
    0,
    column.validity.buffer as ArrayBuffer,
    column.validity.byteOffset,
    Math.ceil(rows / 8),
  );
  for (const [i, s] of column.long) bindings.vector_assign_string_element(vector, i, s);
}

/**
 * Runs `load` with DuckDB writing each table's row groups as soon as they
 * are full (`write_buffer_row_group_count` 1; its default buffers 5): the
 * rows are compressed and written while more arrive, instead of in batches
 * and, for every table's last batch, all at the commit on one thread. At
 * 1,200,000 generated children this took the load's CPU from 19.0 to
 * 13.5 s and the commit's from 4.8 to 1.6 s (docs/benchmarks.md).
 */
export async function writingRowGroupsWhenFull<T>(
  db: Pick<Database, "connection">,
  load: () => Promise<T>,
): Promise<T> {
  await db.connection.run("SET write_buffer_row_group_count = 1");
  try {
    return await load();
  } finally {
    await db.connection.run("RESET write_buffer_row_group_count");
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
