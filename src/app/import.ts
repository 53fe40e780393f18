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
import { createReadStream } from "node:fs";
import { basename } from "node:path";
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
import { combineSources, type SourceRows } from "../ingest/combine.ts";
import { detectFiles, expandPathsFrom, type Format } from "../ingest/detect.ts";
import type { Issue } from "../ingest/issues.ts";
import { readSsdTables } from "../ingest/ssd/reader.ts";
import { readSsda903, type Ssda903Return } from "../ingest/ssda903/reader.ts";
import { type CinReturnView, scanCinReturn } from "../ingest/validate/cinReturn.ts";
import { crossSourceIssues } from "../ingest/validate/crossSource.ts";
import { type PostcodeDirectory, type ProviderList, postcodeKey } from "../ingest/validate/reference.ts";
import { type ValidateOptions, validate } from "../ingest/validate/validate.ts";
import { TABLES } from "../model/tables.ts";
import { readCoverage, setCoverage, type Workspace } from "../workspace/workspace.ts";
import { councilOfImport, councilOfRows } from "./importCouncil.ts";
import { annexASource, cinSource, ssda903Source, ssdSource } from "./importSources.ts";
import { importStreamed, type StreamSource } from "./importStreamed.ts";
import {
  collectionPeriod,
  existingRows,
  type FileInfo,
  type ImportOptions,
  type ImportResult,
  inferredAfterToday,
  isFatal,
  LEDGER_COLUMNS,
  noRecords,
  type Period,
  parts,
  periodOfRows,
  recompute,
  recomputed,
  recordImport,
  refusalOf,
  rejectRows,
  type TableCounts,
  upToToday,
  widen,
  writeFailure,
} from "./importWrite.ts";

export type { FileInfo, ImportOptions, ImportResult, Period, TableCounts } from "./importWrite.ts";

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
  if (fatal) throw new UserError(refusalOf(fatal));
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
 * The sources of a streamed import, in the order the whole-file path reads
 * them (formats as the files come, each CIN census and each Annex A
 * workbook on its own, the SSDA903 CSV files together, then each SSDA903
 * XML file, the SSD tables together), or undefined when the import takes
 * the whole-file path: it asks for `whole` for one of its formats.
 */
function streamSources(
  files: readonly FileInfo[],
  laCode: string,
  { dir, db }: Pick<Workspace, "dir" | "db">,
  options: ImportOptions,
): StreamSource[] | undefined {
  const byFormat = new Map<Format, FileInfo[]>();
  for (const f of files) byFormat.set(f.format, [...(byFormat.get(f.format) ?? []), f]);
  const sources: StreamSource[] = [];
  for (const [format, list] of byFormat) {
    if (format === "cin" && !options.cin?.whole) {
      for (const f of list) sources.push(cinSource(f, laCode, options.cin?.childrenPerChunk));
    } else if (format === "903" && !options.ssda903?.whole) {
      const set = {
        laCode,
        spillUnder: dir,
        ...(options.collectionYear ? { collectionYear: options.collectionYear } : {}),
        ...(options.ssda903?.childrenPerChunk ? { childrenPerChunk: options.ssda903.childrenPerChunk } : {}),
        ...(options.ssda903?.rulesOnWorker !== undefined
          ? { rulesOnWorker: options.ssda903.rulesOnWorker }
          : {}),
      };
      const csv = list.filter((f) => !/\.xml$/i.test(f.path));
      if (csv.length) sources.push(ssda903Source(csv, set));
      for (const f of list) if (/\.xml$/i.test(f.path)) sources.push(ssda903Source([f], set));
    } else if (format === "annex-a" && !options.annexA?.whole) {
      const set = {
        laCode,
        spillUnder: dir,
        ...(options.annexA?.childrenPerChunk ? { childrenPerChunk: options.annexA.childrenPerChunk } : {}),
      };
      for (const f of list) sources.push(annexASource(f, set));
    } else if (format === "ssd" && !options.ssd?.whole) {
      sources.push(
        ssdSource(list, {
          laCode,
          db,
          spillUnder: dir,
          ...(options.ssd?.childrenPerChunk ? { childrenPerChunk: options.ssd.childrenPerChunk } : {}),
        }),
      );
    } else return undefined;
  }
  return sources;
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
  const sources = streamSources(fresh, laCode, ws, options);
  if (sources) {
    const sizes = [
      options.cin?.childrenPerChunk,
      options.ssda903?.childrenPerChunk,
      options.ssd?.childrenPerChunk,
      options.annexA?.childrenPerChunk,
    ].filter((n): n is number => n !== undefined);
    return importStreamed(
      ws,
      laCode,
      fresh,
      alreadyImported,
      detected.skipped,
      sources,
      options,
      sizes.length ? Math.min(...sizes) : undefined,
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

async function knownHashes(db: Database): Promise<Map<string, Format>> {
  const rows = await query(
    db,
    "SELECT f.sha256, f.format FROM import_files f JOIN imports i USING (import_id) WHERE i.undone_at IS NULL",
  );
  return new Map(rows.map((r) => [String(r.sha256), r.format as Format]));
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
