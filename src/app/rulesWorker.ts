/**
 * The validation rules of a streamed SSDA903 import, on a worker thread
 * (RulesWorker, rulesOnWorker.ts): each chunk's staged records arrive as
 * text, are built into the chunk the main thread builds (the same
 * ChunkBuilder over the same records) and checked by findIssues with every
 * rule; the chunk's issues go back, and after the last chunk each rule's
 * count of findings (its tally, for the closing counts past the cap).
 *
 * Why build the chunk again here rather than receive it: copying a chunk's
 * rows and records as written between threads measured slower than
 * building them (serialising and reading back 280 MB for 100,000
 * episodes), while the staged text is a few arrays.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Issue } from "../ingest/issues.ts";
import { ChunkBuilder, type StagedText } from "../ingest/ssda903/stream.ts";
import { findIssues, RULES, type Rule } from "../ingest/validate/validate.ts";
import type { RulesWorkerInput } from "./rulesOnWorker.ts";

const { plan, options } = workerData as RulesWorkerInput;
// The reader's issues are the main thread's to report: here they are built and let go.
const builder = new ChunkBuilder(plan, { issues: [], perRule: new Map(), unplacedPermanence: new Map() });
const tally = new Map<Rule, number>();

parentPort!.on("message", (m: StagedText | "tally") => {
  if (m === "tally") {
    parentPort!.postMessage(RULES.map((r) => tally.get(r) ?? 0));
    return;
  }
  for (let k = 0; k < m.v.length; k++) builder.add(m.fileIx[k]!, m.tbl[k]!, m.line[k]!, m.v[k]!);
  const chunk = builder.finish();
  const issues: Issue[] = findIssues(chunk.rows, { ...options, ssda903: chunk.returns }, RULES, tally).map(
    (f) => f.issue,
  );
  parentPort!.postMessage(issues);
});
