/**
 * The synthetic generator on a worker thread: generates a council and posts
 * its rows to the main thread as filled Appender chunks (db/chunkBuffer.ts),
 * so the main thread's DuckDB appends and this thread's JavaScript run on two
 * cores at once (load.ts, `loadGenerated`).
 *
 * Each chunk's buffers come back once appended (`spares`, read without waiting) and are
 * filled again, instead of allocating and zeroing new ones for every chunk.
 *
 * Why a counter in shared memory: the main thread appends more slowly than
 * this thread generates, so after posting a chunk the worker waits while
 * more than `MAX_IN_FLIGHT` chunks are unappended, and memory stays flat.
 */
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { CHUNK_ROWS, ColumnBuffer, type FilledColumn } from "../db/chunkBuffer.ts";
import { tableSpec } from "../model/tables.ts";
import { type GenerateParams, generateCouncil } from "./generate.ts";

/** Chunks posted but not yet appended, at most. */
export const MAX_IN_FLIGHT = 64;

/** What the main thread hands the worker. */
export interface WorkerInput {
  params: GenerateParams;
  /** One Int32: chunks posted and not yet appended (the main thread subtracts and notifies). */
  inFlight: SharedArrayBuffer;
  /** Where the main thread gives back each chunk's buffers once appended, to be filled again. */
  spares: MessagePort;
}

/** A chunk's buffers given back by the main thread. */
export interface Spare {
  table: string;
  columns: FilledColumn[];
}

interface Pending {
  columns: ColumnBuffer[];
  filled: number;
}

if (parentPort) {
  const port = parentPort;
  const { params, inFlight, spares } = workerData as WorkerInput;
  const counter = new Int32Array(inFlight);
  const tables = new Map<string, Pending>();
  const pool = new Map<string, FilledColumn[][]>();
  const post = (table: string, p: Pending) => {
    for (let m = receiveMessageOnPort(spares); m; m = receiveMessageOnPort(spares)) {
      const back = m.message as Spare;
      const free = pool.get(back.table);
      if (free) free.push(back.columns);
      else pool.set(back.table, [back.columns]);
    }
    const spare = pool.get(table)?.pop();
    const columns = p.columns.map((c, k) => c.take(spare?.[k]));
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
  spares.close();
  port.postMessage({ summary });
}
