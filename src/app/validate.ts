/**
 * Validating files without importing them: what `scorecard validate` (and
 * next the web application) reports before anything is written.
 *
 * Why in app/: it runs the readers and every check as an import would, and
 * returns plain data; writing the report files is for the adapters.
 */
import type { Format } from "../ingest/detect.ts";
import type { Issue } from "../ingest/issues.ts";
import { readFiles } from "./import.ts";

/** Issues counted as DfE counts them (its rules' errors and queries) and this product's other checks. */
export function countIssues(issues: readonly Issue[]): {
  dfeErrors: number;
  dfeQueries: number;
  errors: number;
  warnings: number;
} {
  const n = { dfeErrors: 0, dfeQueries: 0, errors: 0, warnings: 0 };
  for (const i of issues) {
    if (i.dfe === "error") n.dfeErrors++;
    else if (i.dfe === "query") n.dfeQueries++;
    else if (i.severity === "error") n.errors++;
    else n.warnings++;
  }
  return n;
}

/** What validating a set of files found. */
export interface Validation {
  issues: Issue[];
  /** Per table: rows read from the files and rows rejected by errors (tables with none left out). */
  counts: Record<string, { read: number; rejected: number }>;
}

/**
 * Reads and checks files as an import would, writing nothing. Throws a
 * one-line UserError for a file that is not a return or cannot be read.
 */
export async function validateFiles(
  paths: readonly string[],
  options: { laCode: string; as?: Format; collectionYear?: number },
): Promise<Validation> {
  const read = await readFiles(paths, options);
  const counts: Record<string, { read: number; rejected: number }> = {};
  for (const s of read.sources) {
    for (const [table, rows] of Object.entries(s.rows)) {
      counts[table] = { read: (counts[table]?.read ?? 0) + rows.length, rejected: 0 };
    }
  }
  for (const [table, n] of Object.entries(read.rejected)) {
    counts[table] = { read: (counts[table]?.read ?? 0) + n, rejected: n };
  }
  for (const [table, c] of Object.entries(counts)) if (!c.read) delete counts[table];
  return { issues: read.issues, counts };
}
