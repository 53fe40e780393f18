/**
 * The import pipeline: files → readers → validation → combining → one
 * transaction into the workspace, recorded so it can be listed and undone.
 *
 * Why one transaction: an import is all or nothing. Every row, the `imports`
 * record, the file hashes, the undo ledger (`import_rows`) and the widened
 * data coverage are written between BEGIN and COMMIT, and any error rolls
 * them all back, so a workspace is always as it was before or fully
 * imported. A file whose reader reports a file-level error (corrupt, empty,
 * header-only, not a return at all) stops the import before anything is
 * written. Why hashes: importing the same file twice must change nothing.
 * Why the ledger records duplicates too: undo removes only the rows the
 * import added and no other import also brought.
 *
 * Coverage (the dates between which the council's data is complete) is
 * widened to the imported data's period: a CIN census or SSDA903 covers its
 * collection year (1 April to 31 March), up to today for the year under way
 * (its later month ends hold no data yet); an Annex A workbook or SSD extract
 * covers the month its contacts (else referrals, else dated events) become
 * steady to its latest dated event, no later than today (see periodOfRows).
 */
import { createHash } from "node:crypto";
import { createReadStream, readdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { isIsoDate } from "../calendar/dates.ts";
import {
  type CellValue,
  type Database,
  inTransaction,
  query,
  type Row,
  TableLoader,
} from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { readAnnexA } from "../ingest/annexA/reader.ts";
import { readCinCensus } from "../ingest/cin/reader.ts";
import { CinStream } from "../ingest/cin/stream.ts";
import { combineSources, EVENTS, type SourceRows } from "../ingest/combine.ts";
import { steadyFrom } from "../ingest/coverage.ts";
import { detectFiles, expandPathsFrom, type Format } from "../ingest/detect.ts";
import type { Issue } from "../ingest/issues.ts";
import { readSsdTables } from "../ingest/ssd/reader.ts";
import { readSsda903, type Ssda903Return } from "../ingest/ssda903/reader.ts";
import { STAGING_PREFIX, stageSsda903 } from "../ingest/ssda903/stream.ts";
import { type CinReturnView, scanCinReturn } from "../ingest/validate/cinReturn.ts";
import { crossSourceIssues, type SourcePart } from "../ingest/validate/crossSource.ts";
import { type PostcodeDirectory, type ProviderList, postcodeKey } from "../ingest/validate/reference.ts";
import {
  closingIssues,
  findIssues,
  finishWhole,
  RULES,
  type Rule,
  type ValidateOptions,
  validate,
} from "../ingest/validate/validate.ts";
import { TABLES } from "../model/tables.ts";
import { readCoverage, setCoverage, type Workspace } from "../workspace/workspace.ts";
import { computeWorkspace } from "./compute.ts";
import { councilOfImport, councilOfRows } from "./importCouncil.ts";

/** A file offered to an import. */
export interface FileInfo {
  path: string;
  format: Format;
  sha256: string;
  bytes: number;
}

/** Per table: rows read from the files, added to the workspace, duplicates of rows kept, rejected by errors. */
export interface TableCounts {
  read: number;
  added: number;
  duplicate: number;
  rejected: number;
}

/** The period a source's data covers. */
export interface Period {
  from: string;
  to: string;
}

/** Everything read and checked from a set of files, before anything is written. */
export interface ReadResult {
  files: FileInfo[];
  sources: SourceRows[];
  issues: Issue[];
  /** Rows rejected by errors, by table (already removed from `sources`). */
  rejected: Record<string, number>;
  period?: Period;
  /** One line per return whose collection year has not begun yet, naming the file and the year: `import` refuses them. */
  notBegun?: string[];
}

export interface ReadOptions {
  laCode: string;
  /** Force every file to be read as this format. */
  as?: Format;
  /** SSDA903 collection year (named by its end), inferred from the dates when absent. */
  collectionYear?: number;
  /** What DfE's SSDA903 rules compare the return with, when the council gives it (`validate`). */
  reference?: ReferenceData;
}

/** Last year's SSDA903 return and reference files, for DfE's rules that need them. */
export interface ReferenceData {
  /** Last year's SSDA903 sets as written (`validate --previous`). */
  previous903?: readonly Ssda903Return[];
  /** Loads the council's postcode directory, keeping the postcodes given (keys without spaces, upper case). */
  postcodes?: (wanted: ReadonlySet<string>) => Promise<PostcodeDirectory>;
  /** The council's Ofsted provider list. */
  providers?: ProviderList;
}

export interface ImportOptions {
  as?: Format;
  /** The council the files are of (`--council`); see importCouncil.ts for the default. */
  council?: string;
  collectionYear?: number;
  /** Recompute the indicators afterwards (default true). */
  recompute?: boolean;
  /**
   * Called inside the import's transaction after every row is written, just
   * before the commit: a test passes one that kills the process there, to
   * show the import is all or nothing (src/testing/killedImport.ts).
   */
  beforeCommit?: () => void | Promise<void>;
  /**
   * Writes the import's validation report inside its transaction, before the
   * commit: an import whose report cannot be written (a full disk) is not
   * committed, so the workspace never holds an import without its report.
   */
  writeReport?: (id: number, issues: readonly Issue[]) => Promise<void>;
  /**
   * How SSDA903 CSV files (imported on their own) are read: streamed a
   * chunk of children at a time (the default; `childrenPerChunk` sets the
   * chunk), or `whole`, every record at once, as every other format is (the
   * equivalence test compares the two).
   */
  ssda903?: { whole?: boolean; childrenPerChunk?: number };
  /** The same for an import of one CIN census file (cin/stream.ts). */
  cin?: { whole?: boolean; childrenPerChunk?: number };
}

export interface ImportResult {
  /** The import's id; undefined when every file had been imported already. */
  id?: number;
  /** Files skipped because an earlier import holds a file with the same SHA-256 hash. */
  alreadyImported: FileInfo[];
  files: FileInfo[];
  counts: Record<string, TableCounts>;
  issues: Issue[];
  errors: number;
  warnings: number;
  coverage?: Period;
  /** Why the indicators could not be recomputed, when they could not (the data is imported all the same). */
  recomputeError?: string;
}

/** One past import, as listed by `scorecard imports`. */
export interface ImportRecord {
  id: number;
  when: string;
  /** The council the import's rows belong to. */
  laCode: string;
  formats: string;
  files: FileInfo[];
  counts: Record<string, TableCounts>;
  errors: number;
  warnings: number;
  undone?: string;
}

/** The columns of import_rows, in order. */
const LEDGER_COLUMNS = [
  { name: "import_id", type: "INTEGER" },
  { name: "table_name", type: "VARCHAR" },
  { name: "la_code", type: "VARCHAR" },
  { name: "row_key", type: "VARCHAR" },
  { name: "added", type: "BOOLEAN" },
] as const;

/** The SHA-256 hash and size of a file, streamed. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/**
 * Reads and validates files (folders expanded, formats detected) without
 * touching any workspace. Throws a one-line UserError for a file that is
 * not a return or cannot be read at all; record-level problems are issues.
 */
export async function readFiles(paths: readonly string[], options: ReadOptions): Promise<ReadResult> {
  const read = await readDetected(await detectAndHash(await expandPathsFrom(paths), options.as), options);
  if (read.sources.length > 1) {
    read.issues.push(
      ...crossSourceIssues(parts(read.sources), () => combineSources(read.sources, { rows: {} }).rows),
    );
  }
  return read;
}

/** The sources as the cross-source check names them, the workspace's rows first when given. */
function parts(sources: readonly SourceRows[], workspace?: Record<string, Row[]>): SourcePart[] {
  return [
    ...(workspace ? [{ name: "the workspace", rows: workspace }] : []),
    ...sources.map((s) => ({ name: s.name, rows: s.rows })),
  ];
}

/** Files whose format is known, hashed, and the warnings for files skipped in folders. */
interface Detected {
  files: FileInfo[];
  skipped: Issue[];
}

/**
 * Detects each file's format from its first 64 KB, then hashes the files
 * it recognised. Detection comes first so that a named file that is no
 * return (a PDF, gigabytes of junk) is refused at once, before any of it is
 * read; a file found in a folder is skipped with a warning instead.
 */
async function detectAndHash(
  expanded: readonly { path: string; fromFolder: boolean }[],
  as: Format | undefined,
): Promise<Detected> {
  const inFolder = new Set(expanded.filter((x) => x.fromFolder).map((x) => x.path));
  const detected = await detectFiles(
    expanded.map((x) => x.path),
    as,
  );
  const skipped: Issue[] = [];
  for (const u of detected.unknown) {
    if (!inFolder.has(u.path)) throw new UserError(`${u.path} ${u.reason}; nothing was imported`);
    skipped.push({
      severity: "warning",
      file: u.path,
      column: "",
      value: "",
      rule: "IMPORT_SKIPPED",
      message: `this file in the folder ${u.reason}: it was skipped`,
    });
  }
  const files: FileInfo[] = [];
  for (const [format, list] of detected.byFormat) {
    for (const path of list) files.push({ path, format, ...(await hashFile(path)) });
  }
  return { files, skipped };
}

async function readDetected(detected: Detected, options: ReadOptions): Promise<ReadResult> {
  const files = detected.files;
  const all = files.map((f) => f.path);
  const issues: Issue[] = [...detected.skipped];
  const byFormat = new Map<Format, string[]>();
  for (const f of files) byFormat.set(f.format, [...(byFormat.get(f.format) ?? []), f.path]);
  const sources: SourceRows[] = [];
  const periods: Period[] = [];
  const yearEnds: (string | undefined)[] = [];
  /** Per source: the CIN census file scanned for DfE's rules on its own elements. */
  const cinFiles: (CinReturnView | undefined)[] = [];
  /** Per source: the SSDA903 sets as written, for DfE's rules on fields the canonical rows do not hold. */
  const returns903: (Ssda903Return[] | undefined)[] = [];
  const notBegun: string[] = [];
  const today = new Date().toISOString().slice(0, 10);
  const la = options.laCode;
  const add = (
    format: Format,
    name: string,
    rows: Record<string, Row[]>,
    found: Issue[],
    period?: Period,
  ) => {
    sources.push({ format, name, rows });
    yearEnds.push(period?.to);
    cinFiles.push(undefined);
    returns903.push(undefined);
    issues.push(...found);
    // A year the return declares (the CIN census's ReferenceDate, or --collection-year for a 903) that has not
    // begun; a 903 year inferred from dates after today is left as it was.
    const future =
      period !== undefined && period.from > today && (format === "cin" || !!options.collectionYear);
    if (future)
      notBegun.push(
        `${name}: ${format === "cin" ? `ReferenceDate ${period.to}` : `collection year ${period.from} to ${period.to}`} is of a year that has not begun (today is ${today})`,
      );
    const p = period ? (future ? period : upToToday(period)) : periodOfRows(rows);
    if (p) periods.push(p);
  };
  for (const [format, list] of byFormat) {
    if (format === "cin") {
      for (const path of list) {
        const r = await readCinCensus(path, { laCode: la });
        add(
          format,
          `CIN census ${basename(path)}`,
          r.rows,
          r.issues,
          collectionPeriod(r.summary.collectionYear),
        );
        if (!r.issues.some(isFatal)) {
          const view = scanCinReturn(path);
          cinFiles[cinFiles.length - 1] = view;
          // DfE's census period ends on the header's ReferenceDate, as DfE's collection reads it.
          const reference = view.referenceDate?.text;
          if (reference && isIsoDate(reference)) yearEnds[yearEnds.length - 1] = reference;
        }
      }
    } else if (format === "annex-a") {
      for (const path of list) {
        const r = await readAnnexA(path, { laCode: la });
        add(format, `Annex A ${basename(path)}`, r.rows, r.issues);
      }
    } else if (format === "903") {
      const csv = list.filter((p) => !/\.xml$/i.test(p));
      const groups = [...(csv.length ? [csv] : []), ...list.filter((p) => /\.xml$/i.test(p)).map((p) => [p])];
      for (const group of groups) {
        const r = await readSsda903(group, {
          laCode: la,
          ...(options.collectionYear ? { collectionYear: options.collectionYear } : {}),
        });
        const name = group.length === 1 ? basename(group[0]!) : `${group.length} files`;
        const period = r.summary.period ?? collectionPeriod(r.summary.collectionYear);
        if (period && period.from > today && !options.collectionYear)
          r.issues.push(inferredAfterToday(group.join(", "), period, today));
        add(format, `SSDA903 ${name}`, r.rows, r.issues, period);
        returns903[returns903.length - 1] = r.returns;
      }
    } else {
      const r = await readSsdTables(list, { laCode: la });
      add(format, `SSD tables (${list.length} files)`, r.rows, r.issues);
    }
  }
  const fatal = issues.find(isFatal);
  if (fatal) {
    throw new UserError(
      `${fatal.file || "the files"}: ${fatal.message.replace(/;? ?nothing was imported.*$/, "")}; nothing was imported`,
    );
  }
  const total = sources.reduce((n, s) => n + Object.values(s.rows).reduce((m, r) => m + r.length, 0), 0);
  if (total === 0) throw noRecords(all.length === 1 ? all[0]! : "the files", issues);
  for (const [k, s] of sources.entries()) {
    const extra = await referenceFor(returns903[k], options.reference);
    issues.push(...runValidation(s.rows, yearEnds[k], cinFiles[k], returns903[k], extra));
  }
  const rejected = rejectRows(sources, issues);
  const from = periods.map((p) => p.from).sort()[0];
  const to = periods
    .map((p) => p.to)
    .sort()
    .at(-1);
  return {
    files,
    sources,
    issues,
    rejected,
    ...(from && to ? { period: { from, to } } : {}),
    ...(notBegun.length ? { notBegun } : {}),
  };
}

/** A reader's file-level error: the file could not be used at all. */
/**
 * The refusal of files that brought no rows. Where errors dropped records
 * (a date that does not exist), the first of them with its file, row,
 * column and value, not "only headers": the analyst can find and mend it.
 */
function noRecords(files: string, issues: readonly Issue[]): UserError {
  const dropped = issues.filter(
    (i) => i.severity === "error" && (i.row !== undefined || i.line !== undefined),
  );
  const first = dropped[0];
  if (!first)
    return new UserError(`${files} hold no records (only headers or blank rows?); nothing was imported`);
  const where = [
    first.file,
    first.sheet === undefined ? "" : `sheet ${first.sheet}`,
    first.row === undefined ? `line ${first.line}` : `row ${first.row}`,
    `column ${first.column}`,
    `value "${first.value}"`,
  ].filter((x) => x !== "");
  const more =
    dropped.length > 1
      ? ` (and ${dropped.length - 1} more such error(s): \`scorecard validate\` lists them)`
      : "";
  return new UserError(
    `${where.join(", ")}: ${first.message}${more}; no valid records remain in ${files}, so nothing was imported`,
  );
}

function isFatal(i: Issue): boolean {
  return i.severity === "error" && /nothing was imported/.test(i.message);
}

/**
 * The DfE and product validation rules, run over one source's rows (rules
 * about the collection period run for returns that have one).
 */
function runValidation(
  rows: Record<string, Row[]>,
  collectionYearEnd: string | undefined,
  cinFile: CinReturnView | undefined,
  ssda903: Ssda903Return[] | undefined,
  extra: Pick<ValidateOptions, "postcodes" | "providers" | "ssda903Previous">,
): Issue[] {
  return validate(rows, {
    ...(collectionYearEnd ? { collectionYearEnd } : {}),
    ...(cinFile ? { cinFiles: [cinFile] } : {}),
    ...(ssda903 ? { ssda903 } : {}),
    ...extra,
  });
}

/** The postcode directory (the return's postcodes and its providers') and the provider list, for an SSDA903 source. */
async function referenceFor(
  sets: Ssda903Return[] | undefined,
  reference: ReferenceData | undefined,
): Promise<Pick<ValidateOptions, "postcodes" | "providers" | "ssda903Previous">> {
  if (!sets || !reference) return {};
  const out: Pick<ValidateOptions, "postcodes" | "providers" | "ssda903Previous"> = {};
  if (reference.previous903) out.ssda903Previous = reference.previous903;
  if (reference.providers) out.providers = reference.providers;
  if (reference.postcodes) {
    const wanted = new Set<string>();
    for (const s of [...sets, ...(reference.previous903 ?? [])])
      for (const e of s.tables.episodes)
        for (const field of ["HOME_POST", "PL_POST"]) {
          const v = e[field];
          if (typeof v === "string" && v.trim()) wanted.add(postcodeKey(v));
        }
    for (const p of reference.providers?.byUrn.values() ?? []) if (p.postcode) wanted.add(p.postcode);
    out.postcodes = await reference.postcodes(wanted);
  }
  return out;
}

/**
 * Removes the record an error issue points at: the rows read from the same
 * file, sheet, row or line. A location shared by several children's rows
 * (an XML file written on one line) does not identify a record, so nothing
 * is removed for it; the error stays in the report. A child's person row
 * is never removed (the child's other records hang off it). Returns counts
 * by table.
 */
function rejectRows(sources: SourceRows[], issues: readonly Issue[]): Record<string, number> {
  const bad = new Set<string>();
  for (const i of issues) {
    if (i.severity !== "error" || (i.row === undefined && i.line === undefined)) continue;
    bad.add(locationKey(i.file, i.sheet, i.row, i.line));
  }
  const rejected: Record<string, number> = {};
  if (bad.size === 0) return rejected;
  const childrenAt = new Map<string, Set<string>>();
  for (const s of sources) {
    for (const [table, rows] of Object.entries(s.rows)) {
      const column = TABLES.find((t) => t.name === table)?.personColumn;
      for (const r of rows) {
        const at = locationKey(r._file, r._sheet, r._row, r._line);
        if (!bad.has(at)) continue;
        const set = childrenAt.get(at) ?? new Set<string>();
        if (column) set.add(String(r[column] ?? ""));
        childrenAt.set(at, set);
      }
    }
  }
  for (const [at, children] of childrenAt) if (children.size > 1) bad.delete(at);
  for (const s of sources) {
    for (const [table, rows] of Object.entries(s.rows)) {
      if (table === "ssd_person") continue;
      const keep = rows.filter((r) => {
        const at = locationKey(r._file, r._sheet, r._row, r._line);
        return typeof r._file !== "string" || !bad.has(at);
      });
      if (keep.length !== rows.length) {
        rejected[table] = (rejected[table] ?? 0) + rows.length - keep.length;
        s.rows[table] = keep;
      }
    }
  }
  return rejected;
}

function locationKey(file: unknown, sheet: unknown, row: unknown, line: unknown): string {
  return [file, sheet, row, line].map((v) => (v === undefined || v === null ? "" : String(v))).join("\u0001");
}

/**
 * A collection year's period, ending no later than today: the rest of a year under way has no data yet.
 * (A declared year not begun keeps its own dates instead: `validate` checks it for its own year, and
 * `import` refuses it, ReadResult.notBegun.)
 */
function upToToday(p: Period): Period {
  const today = new Date().toISOString().slice(0, 10);
  // A 903 year inferred from dates after today (a declared one not begun never comes here): the year under
  // way, not a period from a 1 April after today back to today.
  if (p.from > today) {
    const yearEnd = Number(today.slice(0, 4)) + (today.slice(5) >= "04-01" ? 1 : 0);
    return { from: `${yearEnd - 1}-04-01`, to: today };
  }
  return p.to > today ? { from: p.from, to: today } : p;
}

/** The warning that a 903 year inferred from dates after today was taken as the year under way (upToToday). */
function inferredAfterToday(files: string, period: Period, today: string): Issue {
  const under = upToToday(period);
  return {
    severity: "warning",
    file: files,
    column: "",
    value: period.to,
    rule: "SSDA903_YEAR_AFTER_TODAY",
    message: `no collection year was given and the files hold dates after today (${today}), which name the year ${period.from} to ${period.to}, not begun: the import covers the year under way, ${under.from} to ${under.to}; check those dates, or give --collection-year`,
  };
}

function collectionPeriod(year: number | undefined): Period | undefined {
  return year ? { from: `${year - 1}-04-01`, to: `${year}-03-31` } : undefined;
}

/**
 * From the month the front door's records become steady to the latest
 * event, no later than today. A case-management extract holds years of
 * sparse history (an old contact for a child in care since 2006), and
 * counting from that would report years of near-empty figures; so the
 * coverage starts at the first month whose contacts (else referrals, else
 * any dated events) become steady (see coverage.ts).
 */
function periodOfRows(rows: Record<string, Row[]>): Period | undefined {
  const today = new Date().toISOString().slice(0, 10);
  const datesOf = (table: string) =>
    (rows[table] ?? []).flatMap((r) =>
      (EVENTS[table]?.dates ?? [])
        .map((c) => r[c])
        .filter((d): d is string => typeof d === "string" && d <= today),
    );
  const contacts = datesOf("ssd_contacts");
  const every = Object.keys(rows).flatMap(datesOf).sort();
  const referrals = datesOf("ssd_cin_episodes");
  const front = contacts.length ? contacts : referrals.length ? referrals : every;
  const from = steadyFrom(front);
  const to = every.at(-1);
  return from && to ? { from, to } : undefined;
}

/**
 * Imports files into a workspace (see the module comment). Throws a
 * one-line UserError, leaving the workspace unchanged, when a file cannot
 * be used.
 */
export async function importFiles(
  ws: Workspace,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const detected = await detectAndHash(await expandPathsFrom(paths), options.as);
  const known = await knownHashes(ws.db);
  const fresh: FileInfo[] = [];
  const alreadyImported: FileInfo[] = [];
  for (const f of detected.files) {
    const before = known.get(f.sha256);
    if (before) alreadyImported.push({ ...f, format: before });
    else fresh.push(f);
  }
  const empty: ImportResult = { alreadyImported, files: [], counts: {}, issues: [], errors: 0, warnings: 0 };
  if (fresh.length === 0) return empty;
  const laCode = await councilOfImport(ws.settings, fresh, options.council);
  if (!options.cin?.whole && fresh.length === 1 && fresh[0]!.format === "cin") {
    return importCinStreamed(
      ws,
      laCode,
      fresh[0]!,
      alreadyImported,
      detected.skipped,
      options,
      options.cin?.childrenPerChunk,
    );
  }
  if (!options.ssda903?.whole && fresh.every((f) => f.format === "903" && !/\.xml$/i.test(f.path))) {
    return importSsda903Streamed(
      ws,
      laCode,
      fresh,
      alreadyImported,
      detected.skipped,
      options,
      options.ssda903?.childrenPerChunk,
    );
  }

  const read = await readDetected(
    { files: fresh, skipped: detected.skipped },
    {
      laCode,
      ...(options.as ? { as: options.as } : {}),
      ...(options.collectionYear ? { collectionYear: options.collectionYear } : {}),
    },
  );
  councilOfRows(read.sources, laCode);
  // Next year's test return has no period to cover yet: say so rather than record a nonsense one.
  if (read.notBegun)
    throw new UserError(
      `${read.notBegun[0]}: a return is imported once its year is under way (\`scorecard validate\` checks it now); nothing was imported`,
    );
  const existing = await existingRows(ws.db, laCode, read.sources);
  const combined = combineSources(read.sources, existing);
  const cross = crossSourceIssues(parts(read.sources, existing.rows), () => {
    const together: Record<string, Row[]> = { ...existing.rows };
    for (const [table, rows] of Object.entries(combined.rows))
      together[table] = [...(together[table] ?? []), ...rows];
    return together;
  });
  const issues = [...read.issues, ...combined.issues, ...cross];
  const counts: Record<string, TableCounts> = {};
  for (const t of TABLES) {
    const c = combined.counts[t.name];
    const rejected = read.rejected[t.name] ?? 0;
    if (!c?.read && !rejected) continue;
    counts[t.name] = {
      read: (c?.read ?? 0) + rejected,
      added: c?.added ?? 0,
      duplicate: c?.duplicate ?? 0,
      rejected,
    };
  }
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;

  const before = (await readCoverage(ws.db)).find((x) => x.laCode === laCode);
  const coverage = widen(before ? { from: before.dataFrom, to: before.dataTo } : undefined, read.period);
  const id = Number((await query(ws.db, "SELECT coalesce(max(import_id), 0) + 1 AS id FROM imports"))[0]?.id);
  try {
    await inTransaction(ws.db, async () => {
      // Table by table, the rows and their ledger entries; each table's rows are then let go, so the
      // memory they held is free for DuckDB's while the next is written.
      const ledger = await TableLoader.openColumns(ws.db, "import_rows", LEDGER_COLUMNS);
      const values: CellValue[] = [id, "", laCode, "", 1];
      const entry = (table: string, key: string, added: boolean) => {
        values[1] = table;
        values[3] = key;
        values[4] = added ? 1 : 0;
        ledger.appendValues(values);
      };
      for (const t of TABLES) {
        const rows = combined.rows[t.name] ?? [];
        if (rows.length) {
          const loader = await TableLoader.open(ws.db, t.name);
          for (const r of rows) loader.append(r);
          loader.close();
        }
        for (const r of rows) entry(t.name, String(r[t.key]), true);
        for (const key of combined.matchedExisting[t.name] ?? []) entry(t.name, key, false);
        delete combined.rows[t.name];
        delete existing.rows[t.name];
        for (const s of read.sources) delete s.rows[t.name];
      }
      ledger.close();
      await recordImport(ws.db, id, laCode, read.files, counts, errors, warnings, read.period, before);
      if (coverage) await setCoverage(ws.db, { laCode, dataFrom: coverage.from, dataTo: coverage.to });
      await options.writeReport?.(id, issues);
      await options.beforeCommit?.();
    });
  } catch (e) {
    throw new UserError(`the import failed while writing (${writeFailure(e)}); the workspace is unchanged`);
  }
  return recomputed(ws, options, {
    id,
    alreadyImported,
    files: read.files,
    counts,
    issues,
    errors,
    warnings,
    ...(coverage ? { coverage } : {}),
  });
}

/**
 * Imports a set of SSDA903 CSV files streamed (see ssda903/stream.ts): the
 * records are staged in DuckDB, then read back a chunk of children at a
 * time; each chunk is built into canonical rows, validated, stripped of
 * the records errors reject, combined with the same children's rows
 * already in the workspace and written, all inside the one transaction
 * that also records the import, so it stays all or nothing. Every rule,
 * builder and combining step looks at one child at a time, so the result
 * is the workspace importFiles' whole-file path gives (import.test.ts
 * checks it row for row); the caps on issues listed per rule apply to the
 * whole import.
 */
/**
 * Deletes the staging folders a killed import left in the workspace's
 * folder (one process owns a workspace, so none is in use).
 */
function removeStagingLeftovers(dir: string): void {
  for (const entry of readdirSync(dir))
    if (entry.startsWith(STAGING_PREFIX)) rmSync(join(dir, entry), { recursive: true, force: true });
}

async function importSsda903Streamed(
  ws: Workspace,
  laCode: string,
  files: FileInfo[],
  alreadyImported: FileInfo[],
  skipped: Issue[],
  options: ImportOptions,
  childrenPerChunk?: number,
): Promise<ImportResult> {
  const paths = files.map((f) => f.path);
  removeStagingLeftovers(ws.dir);
  const staged = await stageSsda903(
    paths,
    {
      laCode,
      spillUnder: ws.dir,
      ...(options.collectionYear ? { collectionYear: options.collectionYear } : {}),
    },
    childrenPerChunk,
  );
  try {
    const fatal = staged.issues.find(isFatal);
    if (fatal) {
      throw new UserError(
        `${fatal.file || "the files"}: ${fatal.message.replace(/;? ?nothing was imported.*$/, "")}; nothing was imported`,
      );
    }
    const nothing = (found: readonly Issue[]) =>
      noRecords(paths.length === 1 ? paths[0]! : "the files", found);
    if (staged.records === 0) throw nothing(staged.issues);
    const name = `SSDA903 ${paths.length === 1 ? basename(paths[0]!) : `${paths.length} files`}`;
    const yearPeriod = staged.period ?? collectionPeriod(staged.collectionYear);
    const today = new Date().toISOString().slice(0, 10);
    // As the whole-file path: a year declared with --collection-year that has not begun is refused.
    if (options.collectionYear && yearPeriod && yearPeriod.from > today)
      throw new UserError(
        `${name}: collection year ${yearPeriod.from} to ${yearPeriod.to} is of a year that has not begun (today is ${today}): a return is imported once its year is under way (\`scorecard validate\` checks it now); nothing was imported`,
      );
    const period = yearPeriod ? upToToday(yearPeriod) : undefined;
    const validateOptions: ValidateOptions = yearPeriod ? { collectionYearEnd: yearPeriod.to } : {};
    const issues: Issue[] = [...skipped, ...staged.issues];
    if (yearPeriod && yearPeriod.from > today)
      issues.push(inferredAfterToday(paths.join(", "), yearPeriod, today));
    const located = staged.issues.filter((i) => i.severity === "error");
    const tally = new Map<Rule, number>();
    const found: Record<string, TableCounts> = {};
    const before = (await readCoverage(ws.db)).find((x) => x.laCode === laCode);
    const coverage = widen(before ? { from: before.dataFrom, to: before.dataTo } : undefined, period);
    const id = Number(
      (await query(ws.db, "SELECT coalesce(max(import_id), 0) + 1 AS id FROM imports"))[0]?.id,
    );
    let counts: Record<string, TableCounts> = {};
    let errors = 0;
    let noRows: UserError | undefined;
    try {
      await inTransaction(ws.db, async () => {
        const brought = await broughtBy(ws.db, laCode);
        const writer = new RowWriter(ws.db, id, laCode);
        let total = 0;
        try {
          for await (const chunk of staged.chunks()) {
            const source: SourceRows = { format: "903", name, rows: chunk.rows };
            const checked = findIssues(
              chunk.rows,
              { ...validateOptions, ssda903: chunk.returns },
              RULES,
              tally,
            ).map((f) => f.issue);
            total += await writeChunk(ws.db, laCode, source, brought, writer, {
              rejecting: [...located, ...chunk.issues, ...checked],
              reported: [...chunk.issues, ...checked],
              issues,
              found,
            });
          }
        } finally {
          // Appended rows reach the transaction before any rollback, never after it.
          writer.close();
        }
        if (total === 0) {
          noRows = nothing(issues);
          throw noRows;
        }
        issues.push(...staged.closing(), ...closingIssues(tally));
        // Tables in their usual order, as the whole-file path lists them.
        counts = Object.fromEntries(TABLES.filter((t) => found[t.name]).map((t) => [t.name, found[t.name]!]));
        errors = issues.filter((i) => i.severity === "error").length;
        await recordImport(ws.db, id, laCode, files, counts, errors, issues.length - errors, period, before);
        if (coverage) await setCoverage(ws.db, { laCode, dataFrom: coverage.from, dataTo: coverage.to });
        await options.writeReport?.(id, issues);
        await options.beforeCommit?.();
      });
    } catch (e) {
      if (noRows && e === noRows) throw e;
      throw new UserError(`the import failed while writing (${writeFailure(e)}); the workspace is unchanged`);
    }
    return recomputed(ws, options, {
      id,
      alreadyImported,
      files,
      counts,
      issues,
      errors,
      warnings: issues.length - errors,
      ...(coverage ? { coverage } : {}),
    });
  } finally {
    staged.close();
  }
}

/**
 * Imports one CIN census file streamed (see cin/stream.ts), as
 * importSsda903Streamed does a 903: each chunk of children is validated
 * (the rules about the whole return, Rule.whole, as running aggregates
 * finished after the last chunk), stripped of the records errors reject,
 * combined with the same children's rows already in the workspace and
 * written, inside the one transaction that also records the import. What
 * the whole-file path refuses (a file-level error, no records, a year not
 * begun) it refuses after the last chunk, in the same order, and the
 * transaction is rolled back. importStreamedCin.test.ts checks it gives
 * the workspace the whole-file path gives, row for row.
 */
async function importCinStreamed(
  ws: Workspace,
  laCode: string,
  file: FileInfo,
  alreadyImported: FileInfo[],
  skipped: Issue[],
  options: ImportOptions,
  childrenPerChunk?: number,
): Promise<ImportResult> {
  const name = `CIN census ${basename(file.path)}`;
  const stream = new CinStream(file.path, { laCode }, childrenPerChunk);
  const issues: Issue[] = [...skipped];
  const tally = new Map<Rule, number>();
  const running = new Map<Rule, unknown>();
  const found: Record<string, TableCounts> = {};
  /** Without a collection year the coverage comes from the rows' dates: only those are kept. */
  const dates: Record<string, Row[]> = {};
  const before = (await readCoverage(ws.db)).find((x) => x.laCode === laCode);
  const id = Number((await query(ws.db, "SELECT coalesce(max(import_id), 0) + 1 AS id FROM imports"))[0]?.id);
  let counts: Record<string, TableCounts> = {};
  let errors = 0;
  let coverage: Period | undefined;
  let refusal: UserError | undefined;
  const refuse = (message: string) => {
    refusal = new UserError(message);
    return refusal;
  };
  try {
    await inTransaction(ws.db, async () => {
      const brought = await broughtBy(ws.db, laCode);
      const writer = new RowWriter(ws.db, id, laCode);
      let total = 0;
      try {
        for await (const chunk of stream.chunks()) {
          const source: SourceRows = { format: "cin", name, rows: chunk.rows };
          councilOfRows([source], laCode);
          if (stream.collectionYear === undefined) keepDates(chunk.rows, dates);
          const period = collectionPeriod(stream.collectionYear);
          const reference = stream.referenceDate;
          const yearEnd = reference && isIsoDate(reference) ? reference : period?.to;
          const checked = findIssues(
            chunk.rows,
            { ...(yearEnd ? { collectionYearEnd: yearEnd } : {}), cinFiles: [chunk.view] },
            RULES,
            tally,
            running,
          ).map((f) => f.issue);
          total += await writeChunk(ws.db, laCode, source, brought, writer, {
            rejecting: [...chunk.issues, ...checked],
            reported: [...chunk.issues, ...checked],
            issues,
            found,
          });
        }
      } finally {
        // Appended rows reach the transaction before any rollback, never after it.
        writer.close();
      }
      const end = stream.end();
      const fatal = end.issues.find(isFatal);
      if (fatal)
        throw refuse(
          `${fatal.file || "the files"}: ${fatal.message.replace(/;? ?nothing was imported.*$/, "")}; nothing was imported`,
        );
      if (total === 0) throw refuse(noRecords(file.path, issues).message);
      const today = new Date().toISOString().slice(0, 10);
      const yearPeriod = collectionPeriod(stream.collectionYear);
      // As the whole-file path: a return whose year has not begun is refused.
      if (yearPeriod && yearPeriod.from > today)
        throw refuse(
          `${name}: ReferenceDate ${yearPeriod.to} is of a year that has not begun (today is ${today}): a return is imported once its year is under way (\`scorecard validate\` checks it now); nothing was imported`,
        );
      const period = yearPeriod ? upToToday(yearPeriod) : periodOfRows(dates);
      coverage = widen(before ? { from: before.dataFrom, to: before.dataTo } : undefined, period);
      issues.push(...end.issues, ...finishWhole(running, tally).map((f) => f.issue), ...closingIssues(tally));
      counts = Object.fromEntries(TABLES.filter((t) => found[t.name]).map((t) => [t.name, found[t.name]!]));
      errors = issues.filter((i) => i.severity === "error").length;
      await recordImport(ws.db, id, laCode, [file], counts, errors, issues.length - errors, period, before);
      if (coverage) await setCoverage(ws.db, { laCode, dataFrom: coverage.from, dataTo: coverage.to });
      await options.writeReport?.(id, issues);
      await options.beforeCommit?.();
    });
  } catch (e) {
    if (refusal && e === refusal) throw e;
    if (e instanceof UserError) throw e;
    throw new UserError(`the import failed while writing (${writeFailure(e)}); the workspace is unchanged`);
  }
  return recomputed(ws, options, {
    id,
    alreadyImported,
    files: [file],
    counts,
    issues,
    errors,
    warnings: issues.length - errors,
    ...(coverage ? { coverage } : {}),
  });
}

/** The event dates of rows (all periodOfRows reads), added to `into`. */
function keepDates(rows: Record<string, Row[]>, into: Record<string, Row[]>): void {
  for (const [table, list] of Object.entries(rows)) {
    const columns = EVENTS[table]?.dates ?? [];
    if (!columns.length) continue;
    const kept = into[table] ?? [];
    into[table] = kept;
    for (const r of list) kept.push(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
  }
}

/**
 * Writes combined rows, chunk after chunk, and their undo ledger entries
 * (rows added, and workspace rows matched) for import `id`: one appender
 * per table, opened when first needed and kept open until `close`.
 */
class RowWriter {
  private readonly loaders = new Map<string, TableLoader>();
  private ledger?: TableLoader;
  private readonly values: CellValue[];

  constructor(
    private readonly db: Database,
    id: number,
    laCode: string,
  ) {
    this.values = [id, "", laCode, "", 1];
  }

  async write(combined: { rows: Record<string, Row[]>; matchedExisting: Record<string, string[]> }) {
    this.ledger ??= await TableLoader.openColumns(this.db, "import_rows", LEDGER_COLUMNS);
    for (const t of TABLES) {
      const rows = combined.rows[t.name] ?? [];
      if (rows.length) {
        let loader = this.loaders.get(t.name);
        if (!loader) {
          loader = await TableLoader.open(this.db, t.name);
          this.loaders.set(t.name, loader);
        }
        for (const r of rows) loader.append(r);
      }
      for (const r of rows) this.entry(t.name, String(r[t.key]), true);
      for (const key of combined.matchedExisting[t.name] ?? []) this.entry(t.name, key, false);
    }
  }

  private entry(table: string, key: string, added: boolean): void {
    this.values[1] = table;
    this.values[3] = key;
    this.values[4] = added ? 1 : 0;
    this.ledger!.appendValues(this.values);
  }

  close(): void {
    for (const loader of this.loaders.values()) loader.close();
    this.loaders.clear();
    this.ledger?.close();
    this.ledger = undefined;
  }
}

/**
 * One chunk of a streamed import, its rules run: the records its errors
 * reject are removed, the rest combined with the same children's rows in
 * the workspace and written; its issues and counts join the import's.
 * Returns the records it read.
 */
async function writeChunk(
  db: Database,
  laCode: string,
  source: SourceRows,
  brought: Map<string, string>,
  writer: RowWriter,
  chunk: {
    /** The issues whose errors reject records. */
    rejecting: Issue[];
    /** The chunk's own issues, reported. */
    reported: Issue[];
    /** The import's issues, added to. */
    issues: Issue[];
    /** The import's counts by table, added to. */
    found: Record<string, TableCounts>;
  },
): Promise<number> {
  const rejected = rejectRows([source], chunk.rejecting);
  const existing = await existingRows(db, laCode, [source], brought);
  const combined = combineSources([source], existing);
  const cross = crossSourceIssues(parts([source], existing.rows), () => {
    const together: Record<string, Row[]> = { ...existing.rows };
    for (const [table, rows] of Object.entries(combined.rows))
      together[table] = [...(together[table] ?? []), ...rows];
    return together;
  });
  chunk.issues.push(...chunk.reported, ...combined.issues, ...cross);
  let total = 0;
  for (const t of TABLES) {
    const n = combined.counts[t.name];
    const r = rejected[t.name] ?? 0;
    if (!n?.read && !r) continue;
    const sum = chunk.found[t.name] ?? { read: 0, added: 0, duplicate: 0, rejected: 0 };
    sum.read += (n?.read ?? 0) + r;
    sum.added += n?.added ?? 0;
    sum.duplicate += n?.duplicate ?? 0;
    sum.rejected += r;
    chunk.found[t.name] = sum;
    total += (n?.read ?? 0) + r;
  }
  await writer.write(combined);
  return total;
}

/** The import's result, after the recompute it asks for (a failed recompute is reported, the import stands). */
async function recomputed(
  ws: Workspace,
  options: ImportOptions,
  result: ImportResult,
): Promise<ImportResult> {
  if (options.recompute === false) return result;
  const failure = await recompute(ws);
  return failure ? { ...result, recomputeError: failure } : result;
}

/** The import's own records: its files and its row in `imports`. */
async function recordImport(
  db: Database,
  id: number,
  laCode: string,
  files: readonly FileInfo[],
  counts: Record<string, TableCounts>,
  errors: number,
  warnings: number,
  period: Period | undefined,
  before: unknown,
): Promise<void> {
  const c = db.connection;
  for (const f of files) {
    await c.run("INSERT INTO import_files VALUES ($1, $2, $3, $4, $5)", [
      id,
      f.path,
      f.format,
      f.sha256,
      f.bytes,
    ]);
  }
  await c.run("INSERT INTO imports VALUES ($1, $2, $3, $4, $5, $6, $7, $8::DATE, $9::DATE, $10, NULL)", [
    id,
    new Date().toISOString(),
    laCode,
    [...new Set(files.map((f) => f.format))].join(","),
    JSON.stringify(counts),
    errors,
    warnings,
    period?.from || null,
    period?.to || null,
    JSON.stringify(before ?? null),
  ]);
}

/** A write failure's first line, a full disk named as such. */
function writeFailure(e: unknown): string {
  return (e as NodeJS.ErrnoException).code === "ENOSPC"
    ? "No space left on device"
    : e instanceof Error
      ? e.message.split("\n")[0]!
      : String(e);
}

function widen(a: Period | undefined, b: Period | undefined): Period | undefined {
  if (!a) return b;
  if (!b) return a;
  const from = [a.from, b.from].sort()[0]!;
  const to = [a.to, b.to].sort()[1]!;
  return { from, to };
}

async function recompute(ws: Workspace): Promise<string | undefined> {
  try {
    await computeWorkspace(ws);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.split("\n")[0] : String(e);
  }
}

async function knownHashes(db: Database): Promise<Map<string, Format>> {
  const rows = await query(
    db,
    "SELECT f.sha256, f.format FROM import_files f JOIN imports i USING (import_id) WHERE i.undone_at IS NULL",
  );
  return new Map(rows.map((r) => [String(r.sha256), r.format as Format]));
}

/**
 * The council's rows already in the workspace that an incoming row could
 * duplicate (those of the children the files name, and every team and
 * worker), with the import that brought each (for messages).
 */
async function existingRows(
  db: Database,
  laCode: string,
  sources: readonly SourceRows[],
  brought?: Map<string, string>,
) {
  const children = new Set<string>();
  for (const s of sources) {
    for (const [table, list] of Object.entries(s.rows)) {
      const column = TABLES.find((t) => t.name === table)?.personColumn;
      if (column) for (const r of list) if (r[column]) children.add(String(r[column]));
    }
  }
  const c = db.connection;
  await c.run("CREATE OR REPLACE TEMP TABLE _import_children (child VARCHAR)");
  const appender = await c.createAppender("_import_children", "main", "temp");
  for (const child of children) {
    appender.appendVarchar(child);
    appender.endRow();
  }
  appender.closeSync();
  const rows: Record<string, Row[]> = {};
  for (const t of TABLES) {
    const filter = t.personColumn
      ? `AND ${t.personColumn} IN (SELECT child FROM _import_children)`
      : t.name === "ssd_cla_reviews"
        ? `AND clar_cla_id IN (SELECT clae_cla_id FROM ssd_cla_episodes WHERE la_code = $1
             AND clae_person_id IN (SELECT child FROM _import_children))`
        : "";
    const found = (await query(db, `SELECT * FROM ${t.name} WHERE la_code = $1 ${filter}`, [
      laCode,
    ])) as Row[];
    if (found.length) rows[t.name] = found;
  }
  await c.run("DROP TABLE _import_children");
  const by = brought ?? (await broughtBy(db, laCode));
  return {
    rows,
    sourceOf: (table: string, key: string) =>
      `the workspace (${by.get(`${table}\u0000${key}`) ?? "data not brought by an import"})`,
  };
}

/** Which live import first brought each of the council's rows, by table and key. */
async function broughtBy(db: Database, laCode: string): Promise<Map<string, string>> {
  const brought = new Map<string, string>();
  const ledger = await query(
    db,
    `SELECT r.table_name, r.row_key, min(r.import_id) AS id, any_value(i.formats) AS formats
     FROM import_rows r JOIN imports i USING (import_id)
     WHERE r.added AND i.undone_at IS NULL AND r.la_code = $1 GROUP BY ALL`,
    [laCode],
  );
  for (const r of ledger) brought.set(`${r.table_name}\u0000${r.row_key}`, `import ${r.id} (${r.formats})`);
  return brought;
}

/** Past imports, oldest first. */
export async function listImports(ws: Workspace): Promise<ImportRecord[]> {
  const imports = await query(ws.db, "SELECT * FROM imports ORDER BY import_id");
  const files = await query(ws.db, "SELECT * FROM import_files ORDER BY import_id, path");
  return imports.map((i) => ({
    id: Number(i.import_id),
    when: String(i.imported_at),
    laCode: String(i.la_code),
    formats: String(i.formats),
    files: files
      .filter((f) => f.import_id === i.import_id)
      .map((f) => ({
        path: String(f.path),
        format: f.format as Format,
        sha256: String(f.sha256),
        bytes: Number(f.bytes),
      })),
    counts: JSON.parse(String(i.counts_json)) as Record<string, TableCounts>,
    errors: Number(i.errors),
    warnings: Number(i.warnings),
    ...(i.undone_at ? { undone: String(i.undone_at) } : {}),
  }));
}

/**
 * Removes the rows one import added that no other (live) import also
 * brought, in one transaction; restores the data coverage to what the
 * remaining imports justify; then recomputes. Returns rows removed by table.
 */
export async function undoImport(
  ws: Workspace,
  id: number,
  options: { recompute?: boolean } = {},
): Promise<{ removed: Record<string, number>; recomputeError?: string }> {
  const found = await query(ws.db, "SELECT undone_at, la_code FROM imports WHERE import_id = $1", [
    Number(id),
  ]);
  if (found.length === 0)
    throw new UserError(`there is no import ${id} (see "scorecard imports --dir ${ws.dir}")`);
  if (found[0]!.undone_at) throw new UserError(`import ${id} was already undone on ${found[0]!.undone_at}`);
  const la = String(found[0]!.la_code);
  const c = ws.db.connection;
  const removed: Record<string, number> = {};
  try {
    await inTransaction(ws.db, async () => {
      for (const t of TABLES) {
        const result = await c.run(
          `DELETE FROM ${t.name} WHERE la_code = $1 AND ${t.key} IN (
           SELECT row_key FROM import_rows WHERE import_id = $2 AND table_name = $3 AND added)
         AND ${t.key} NOT IN (
           SELECT r.row_key FROM import_rows r JOIN imports i USING (import_id)
           WHERE r.import_id <> $2 AND i.undone_at IS NULL AND r.table_name = $3 AND r.la_code = $1)`,
          [la, Number(id), t.name],
        );
        const n = Number(result.rowsChanged);
        if (n) removed[t.name] = n;
      }
      await c.run("DELETE FROM import_rows WHERE import_id = $1", [Number(id)]);
      await c.run("UPDATE imports SET undone_at = $1 WHERE import_id = $2", [
        new Date().toISOString(),
        Number(id),
      ]);
      await restoreCoverage(ws.db, la);
    });
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new UserError(`undoing import ${id} failed (${message}); the workspace is unchanged`);
  }
  if (options.recompute === false) return { removed };
  const covered = (await readCoverage(ws.db)).some((x) =>
    ws.settings.councils.some((c) => c.laCode === x.laCode),
  );
  if (!covered) {
    await c.run("DELETE FROM indicator_values WHERE la_code = $1", [la]);
    return { removed };
  }
  const failure = await recompute(ws);
  return { removed, ...(failure ? { recomputeError: failure } : {}) };
}

/** Coverage = what the workspace had before its first import, widened by every live import's period. */
async function restoreCoverage(db: Database, la: string): Promise<void> {
  const rows = await query(
    db,
    "SELECT coverage_before_json, data_from, data_to, undone_at FROM imports WHERE la_code = $1 ORDER BY import_id",
    [la],
  );
  const base = rows[0]
    ? (JSON.parse(String(rows[0].coverage_before_json)) as { dataFrom: string; dataTo: string } | null)
    : null;
  let coverage: Period | undefined = base ? { from: base.dataFrom, to: base.dataTo } : undefined;
  for (const r of rows) {
    if (r.undone_at || !r.data_from || !r.data_to) continue;
    coverage = widen(coverage, { from: String(r.data_from), to: String(r.data_to) });
  }
  if (coverage) await setCoverage(db, { laCode: la, dataFrom: coverage.from, dataTo: coverage.to });
  else await db.connection.run("DELETE FROM cfg_coverage WHERE la_code = $1", [la]);
}
