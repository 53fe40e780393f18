/**
 * Loads a generated council into a workspace database through the
 * Appender, in one transaction: a failed generation leaves nothing behind.
 *
 * With `{ worker: true }` the council is generated on a worker thread
 * (loadWorker.ts) that fills Appender chunks while this thread appends
 * them, so generating and appending can share two cores; both give the
 * same rows (load.test.ts). Not the default yet: it costs 15–25% more CPU,
 * and its shorter critical path (per-thread CPU at 1,200,000 children:
 * ≈ 9 s against ≈ 12 s inline) is still to be confirmed as wall time on a
 * quiet machine (docs/benchmarks.md, issue 12).
 *
 * Measured alternative (docs/benchmarks.md): committing every 2M rows by
 * flushing appenders outside a transaction lowered England-scale peak
 * memory from 10.0 to 8.7 GB but made the load 230 s instead of 140 s,
 * as autocommitted appends go through the write-ahead log.
 */

import { MessageChannel } from "node:worker_threads";
import type { FilledColumn } from "../db/chunkBuffer.ts";
import { type Database, inTransaction, query, TableLoader } from "../db/database.ts";
import { writingRowGroupsWhenFull } from "../db/loader.ts";
import { startWorker } from "../db/worker.ts";
import { UserError } from "../errors/userError.ts";
import { TABLES } from "../model/tables.ts";
import { type GenerateParams, type GenerateSummary, generateCouncil } from "./generate.ts";
import type { Spare, WorkerInput } from "./loadWorker.ts";

/** How to load: `worker` generates on a worker thread (default: on this thread). */
export interface LoadOptions {
  worker?: boolean;
}

/** Generates a council and appends its rows to the canonical tables; the council must not be there yet. */
export async function loadGenerated(
  db: Database,
  params: GenerateParams,
  options: LoadOptions = {},
): Promise<GenerateSummary> {
  const present = await query(db, "SELECT count(*) AS n FROM ssd_person WHERE la_code = $1", [params.laCode]);
  if (Number(present[0]?.n) > 0) {
    throw new UserError(
      `the workspace already holds data for LA ${params.laCode}; generate into a new workspace`,
    );
  }
  const loaders = new Map<string, TableLoader>();
  const loader = (table: string): TableLoader => {
    const l = loaders.get(table);
    if (!l) throw new Error(`the generator wrote to unknown table ${table}`);
    return l;
  };
  return writingRowGroupsWhenFull(db, () =>
    inTransaction(db, async () => {
      for (const t of TABLES) loaders.set(t.name, await TableLoader.open(db, t.name));
      const summary = options.worker
        ? await generateOnWorker(params, (table, columns, rows) => loader(table).appendChunk(columns, rows))
        : generateCouncil(params, (table, values) => loader(table).appendValues(values));
      for (const l of loaders.values()) l.close();
      return summary;
    }),
  );
}

/** Runs the generator on a worker thread, handing each filled chunk to `append` as it arrives. */
function generateOnWorker(
  params: GenerateParams,
  append: (table: string, columns: FilledColumn[], rows: number) => void,
): Promise<GenerateSummary> {
  const inFlight = new SharedArrayBuffer(4);
  const counter = new Int32Array(inFlight);
  const { port1: giveBack, port2: spares } = new MessageChannel();
  const worker = startWorker(import.meta.url, "loadWorker", {
    workerData: { params, inFlight, spares } satisfies WorkerInput,
    transferList: [spares],
  });
  return new Promise<GenerateSummary>((resolve, reject) => {
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      giveBack.close();
      void worker.terminate();
      reject(e);
    };
    worker.on(
      "message",
      (m: { table: string; columns: FilledColumn[]; rows: number } | { summary: GenerateSummary }) => {
        if (failed) return;
        if ("summary" in m) {
          failed = true;
          giveBack.close();
          resolve(m.summary);
          return;
        }
        try {
          append(m.table, m.columns, m.rows);
        } catch (e) {
          fail(e);
          return;
        }
        giveBack.postMessage(
          {
            table: m.table,
            columns: m.columns.map((c) => ({ bytes: c.bytes, validity: c.validity, long: [] })),
          } satisfies Spare,
          m.columns.flatMap((c) => [c.bytes.buffer as ArrayBuffer, c.validity.buffer as ArrayBuffer]),
        );
        Atomics.sub(counter, 0, 1);
        Atomics.notify(counter, 0);
      },
    );
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the generator's worker thread stopped (exit code ${code})`)));
  });
}
