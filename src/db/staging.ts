/**
 * Staging databases for the imports that stream: an in-memory DuckDB of
 * its own per staged file or set of rows, which spills past its memory
 * limit into a folder of its own, and hands its rows back a chunk of
 * children at a time.
 *
 * Why one module: three stages (SSDA903 records, Annex A records, several
 * sources' checked rows) open, number and read back their rows the same
 * way, and the spill folder must always be under the workspace's folder
 * (child data goes nowhere the workspace is not) and always deleted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

/** An open staging database. */
export interface Staging {
  connection: DuckDBConnection;
  /** Closes the database and deletes its spill folder. */
  close(): void;
}

/** Where and how a staging database spills. */
export interface StagingOptions {
  /** The folder its spill folder is made in (the workspace's; the system's temporary folder without one). */
  under?: string | undefined;
  /** The name its spill folder starts with, so a killed import's leftovers can be found. */
  prefix: string;
  /** DuckDB's memory limit before it spills, e.g. "512MB". */
  memoryLimit: string;
  /** DuckDB's threads, when not its default. */
  threads?: number;
}

/** Opens a staging database; the caller closes it whatever happens. */
export async function openStaging(options: StagingOptions): Promise<Staging> {
  const spill = mkdtempSync(join(options.under ?? tmpdir(), options.prefix));
  try {
    const instance = await DuckDBInstance.create(":memory:", {
      memory_limit: options.memoryLimit,
      temp_directory: spill,
      ...(options.threads ? { threads: String(options.threads) } : {}),
    });
    const connection = await instance.connect();
    return {
      connection,
      close() {
        connection.closeSync();
        instance.closeSync();
        rmSync(spill, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(spill, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Creates table `chunks (child, chunk)`: each distinct `child` of `table`
 * numbered into chunks of `perChunk` children, children in id order.
 */
export async function numberChunks(c: DuckDBConnection, table: string, perChunk: number): Promise<void> {
  await c.run(
    `CREATE TABLE chunks AS
     SELECT child, (((row_number() OVER (ORDER BY child)) - 1) // $1::INTEGER)::INTEGER AS chunk
     FROM (SELECT DISTINCT child FROM ${table})`,
    [Math.max(1, Math.floor(perChunk))],
  );
}

/**
 * Streams `sql`, whose first column is the chunk number in ascending order:
 * `row(columns, k)` takes each row (row k of a result chunk's columns), and
 * after a chunk's last row `finish()` gives what is yielded for it.
 */
export async function* byChunk<T>(
  c: DuckDBConnection,
  sql: string,
  row: (columns: readonly unknown[][], k: number) => void,
  finish: () => T,
): AsyncGenerator<T> {
  const result = await c.stream(sql);
  let current: unknown;
  let started = false;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const columns = chunk.getColumns() as unknown[][];
    const numbers = columns[0]!;
    for (let k = 0; k < chunk.rowCount; k++) {
      if (!started || numbers[k] !== current) {
        if (started) yield finish();
        current = numbers[k];
        started = true;
      }
      row(columns, k);
    }
  }
  if (started) yield finish();
}
