/**
 * The synthetic generator on a worker thread: generates a council and posts
 * its rows to the main thread as filled Appender chunks (db/chunkBuffer.ts),
 * so the main thread's DuckDB appends and this thread's JavaScript run on two
 * cores at once (load.ts, `loadGenerated`).
 *
 * Why a counter in shared memory: the main thread appends more slowly than
 * this thread generates, so after posting a chunk the worker waits while
 * more than `MAX_IN_FLIGHT` chunks are unappended, and memory stays flat.
 */
import { parentPort, workerData } from "node:worker_threads";
import { CHUNK_ROWS, ColumnBuffer } from "../db/chunkBuffer.ts";
import { tableSpec } from "../model/tables.ts";
import { type GenerateParams, generateCouncil } from "./generate.ts";

/** Chunks posted but not yet appended, at most. */
export const MAX_IN_FLIGHT = 64;

/** What the main thread hands the worker. */
export interface WorkerInput {
  params: GenerateParams;
  /** One Int32: chunks posted and not yet appended (the main thread subtracts and notifies). */
  inFlight: SharedArrayBuffer;
}

interface Pending {
  columns: ColumnBuffer[];
  filled: number;
}

if (parentPort) {
  const port = parentPort;
  const { params, inFlight } = workerData as WorkerInput;
  const counter = new Int32Array(inFlight);
  const tables = new Map<string, Pending>();
  const post = (table: string, p: Pending) => {
    const columns = p.columns.map((c) => c.take());
    port.postMessage(
      { table, rows: p.filled, columns },
      columns.flatMap((c) => [c.bytes.buffer as ArrayBuffer, c.validity.buffer as ArrayBuffer]),
    );
    p.filled = 0;
    Atomics.add(counter, 0, 1);
    for (let n = Atomics.load(counter, 0); n > MAX_IN_FLIGHT; n = Atomics.load(counter, 0)) {
      Atomics.wait(counter, 0, n);
    }
  };
  const summary = generateCouncil(params, (table, values) => {
    let p = tables.get(table);
    if (!p) {
      const spec = tableSpec(table);
      if (!spec) throw new Error(`the generator wrote to unknown table ${table}`);
      p = { columns: spec.columns.map((c) => new ColumnBuffer(c.type, `${table}.${c.name}`)), filled: 0 };
      tables.set(table, p);
    }
    const columns = p.columns;
    for (let k = 0; k < columns.length; k++) columns[k]!.set(p.filled, values[k]);
    if (++p.filled === CHUNK_ROWS) post(table, p);
  });
  for (const [table, p] of tables) if (p.filled > 0) post(table, p);
  port.postMessage({ summary });
}
