/**
 * Validating files without importing them: what `scorecard validate` (and
 * next the web application) reports before anything is written.
 *
 * Why in app/: it runs the readers and every check as an import would, and
 * returns plain data; writing the report files is for the adapters.
 */
import { UserError } from "../errors/userError.ts";
import { expandPaths, type Format } from "../ingest/detect.ts";
import type { Issue } from "../ingest/issues.ts";
import { readSsda903 } from "../ingest/ssda903/reader.ts";
import { loadPostcodes, loadProviders } from "../ingest/validate/referenceFiles.ts";
import type { Supplied } from "../ingest/validate/validate.ts";
import { type ReferenceData, readFiles } from "./import.ts";

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
  /** The dates the files cover. */
  period?: { from: string; to: string };
}

/**
 * Reads and checks files as an import would, writing nothing. Throws a
 * one-line UserError for a file that is not a return or cannot be read.
 */
export async function validateFiles(
  paths: readonly string[],
  options: { laCode: string; as?: Format; collectionYear?: number; reference?: ReferenceData },
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
  return { issues: read.issues, counts, ...(read.period ? { period: read.period } : {}) };
}

/** Where the council's reference files are, as given to `validate`. */
export interface ReferencePaths {
  /** Last year's SSDA903 return: folders or files. */
  previous?: readonly string[];
  /** The ONS Postcode Directory as CSV. */
  postcodes?: string;
  /** The council's own ONS local authority codes. */
  area?: readonly string[];
  /** Ofsted's providers as CSV. */
  providers?: string;
}

/** Last year's return and the reference files, read for DfE's rules that need them; what was given. */
export async function loadReference(
  paths: ReferencePaths,
  laCode: string,
  collectionYear?: number,
): Promise<{ reference: ReferenceData; given: Supplied; previous?: { years: number[]; children: number } }> {
  const reference: ReferenceData = {};
  const given: Supplied = {};
  let previous: { years: number[]; children: number } | undefined;
  const area = paths.area ?? [];
  if (area.some((a) => !/^[ENSWL]\d{8}$/i.test(a)))
    throw new UserError(
      `validate: --area takes ONS local authority codes such as E09000002 (got "${area.join(",")}")`,
    );
  if (area.length && paths.postcodes === undefined)
    throw new UserError(
      "validate: --area is used with --postcodes (the placements' LAs come from the postcode directory)",
    );
  if (paths.previous?.length) {
    const files = await expandPaths(paths.previous);
    const last = await readSsda903(files, {
      laCode,
      ...(collectionYear ? { collectionYear: collectionYear - 1 } : {}),
    });
    const fatal = last.issues.find((i) => i.severity === "error" && /nothing was imported/.test(i.message));
    if (fatal) throw new UserError(`--previous ${fatal.file || paths.previous.join(", ")}: ${fatal.message}`);
    if (!last.returns.some((r) => Object.values(r.tables).some((t) => t.length > 0)))
      throw new UserError(`--previous ${paths.previous.join(", ")}: no SSDA903 records found`);
    reference.previous903 = last.returns;
    given.lastYear = true;
    previous = { years: last.summary.collectionYears ?? [], children: last.summary.children };
  }
  if (paths.postcodes !== undefined) {
    const file = paths.postcodes;
    reference.postcodes = (wanted) => loadPostcodes(file, wanted, area);
    given.postcodes = true;
    if (area.length) given.area = true;
  }
  if (paths.providers !== undefined) {
    reference.providers = await loadProviders(paths.providers);
    given.providers = true;
  }
  return { reference, given, ...(previous ? { previous } : {}) };
}
