/**
 * A worker thread (rulesWorker.ts) running the validation rules over a
 * streamed SSDA903 import's chunks while this thread builds and writes
 * them. The worker answers in the order it is asked, so a chunk's issues
 * are awaited while the next is being built.
 *
 * Why opt-in: at a million episodes it took the main thread's CPU from 85
 * to 52 s (the worker's 50 s beside it) but the import's from 131 to 158 s
 * (the worker builds each chunk again). On two idle cores that bought no
 * wall time (81.5 s against 80.7 s in line, CPU 137.6 s against 94.9 s):
 * the two threads compete with DuckDB's. It may pay on more cores; not
 * measured (docs/benchmarks.md).
 */
import type { Worker } from "node:worker_threads";
import { startWorker } from "../db/worker.ts";
import type { Issue } from "../ingest/issues.ts";
import type { ChunkPlan, StagedText } from "../ingest/ssda903/stream.ts";
import { RULES, type Rule, type ValidateOptions } from "../ingest/validate/validate.ts";

/** What the worker is started with. */
export interface RulesWorkerInput {
  plan: ChunkPlan;
  options: ValidateOptions;
}

/** The rules of a streamed SSDA903 import, on a thread of their own. */
export class RulesWorker {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (m: unknown) => void; reject: (e: Error) => void }[] = [];
  private closed = false;
  private failure?: Error;

  /** Starts the worker for chunks built by `plan`, checked with `options` (as findIssues takes them). */
  constructor(plan: ChunkPlan, options: ValidateOptions) {
    this.worker = startWorker(import.meta.url, "rulesWorker", {
      workerData: { plan, options } satisfies RulesWorkerInput,
    });
    this.worker.on("message", (m) => this.waiting.shift()?.resolve(m));
    // What failed may quote a record: the import says only where.
    this.worker.on("error", () => this.fail("stopped"));
    this.worker.on("exit", () => this.fail("exited"));
  }

  /** The issues of the chunk whose staged records are `text` (every rule, in order, as findIssues gives them). */
  check(text: StagedText): Promise<Issue[]> {
    return this.ask(text) as Promise<Issue[]>;
  }

  /** Each rule's count of findings over every chunk checked, into `tally` (as findIssues keeps it). */
  async tally(tally: Map<Rule, number>): Promise<void> {
    const counts = (await this.ask("tally")) as number[];
    for (const [k, n] of counts.entries()) if (n) tally.set(RULES[k]!, n);
  }

  /** Stops the worker (whatever it was doing). */
  close(): void {
    this.closed = true;
    void this.worker.terminate();
  }

  private ask(message: unknown): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const answer = new Promise<unknown>((resolve, reject) => this.waiting.push({ resolve, reject }));
    // A question left unanswered when the import stops early is no failure of its own.
    answer.catch(() => {});
    this.worker.postMessage(message);
    return answer;
  }

  private fail(how: string): void {
    if (this.closed || this.failure) return;
    this.failure = new Error(`the validation rules' worker thread ${how}`);
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }
}
