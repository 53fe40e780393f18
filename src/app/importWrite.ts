/**
 * What every import path shares: the shapes of an import's files, counts
 * and result; rejecting the records errors point at; the workspace's rows
 * an import is combined with; writing combined rows with their undo ledger;
 * the import's own records; the periods a return covers.
 *
 * Why a module of its own: the whole-file path (import.ts) and the streamed
 * one (importStreamed.ts) must write exactly the same workspace, so they
 * share these steps rather than each having a copy.
 */
import { type CellValue, type Database, query, type Row, TableLoader } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { combineSources, EVENTS, type SourceRows } from "../ingest/combine.ts";
import { RowDates } from "../ingest/coverage.ts";
import type { Format } from "../ingest/detect.ts";
import type { Issue } from "../ingest/issues.ts";
import { own } from "../ingest/text.ts";
import { crossSourceIssues, type SourcePart } from "../ingest/validate/crossSource.ts";
import { TABLES, type TableSpec } from "../model/tables.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { computeWorkspace } from "./compute.ts";

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
   * How SSDA903 files (CSV sets and XML files) are read: streamed a chunk
   * of children at a time (the default; `childrenPerChunk` sets the chunk),
   * or `whole`, every record at once (the equivalence tests compare the
   * two). An import holding SSDA903 files and asking for `whole` takes the
   * whole-file path for all its files. Streamed, `rulesOnWorker` runs the
   * rules on a worker thread (not the default: importSources.ts).
   */
  ssda903?: { whole?: boolean; childrenPerChunk?: number; rulesOnWorker?: boolean };
  /** The same for CIN census files (cin/stream.ts). */
  cin?: { whole?: boolean; childrenPerChunk?: number };
  /** The same for Annex A workbooks (annexA/stream.ts). */
  annexA?: { whole?: boolean; childrenPerChunk?: number };
  /** The same for SSD table files, read together (ssd/stream.ts). */
  ssd?: { whole?: boolean; childrenPerChunk?: number };
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

/** The columns of import_rows, in order. */
export const LEDGER_COLUMNS = [
  { name: "import_id", type: "INTEGER" },
  { name: "table_name", type: "VARCHAR" },
  { name: "la_code", type: "VARCHAR" },
  { name: "row_key", type: "VARCHAR" },
  { name: "added", type: "BOOLEAN" },
] as const;

/** The sources as the cross-source check names them, the workspace's rows first when given. */
export function parts(sources: readonly SourceRows[], workspace?: Record<string, Row[]>): SourcePart[] {
  return [
    ...(workspace ? [{ name: "the workspace", rows: workspace }] : []),
    ...sources.map((s) => ({ name: s.name, rows: s.rows })),
  ];
}

/**
 * The refusal of files that brought no rows. Where errors dropped records
 * (a date that does not exist), the first of them with its file, row,
 * column and value, not "only headers": the analyst can find and mend it.
 */
export function noRecords(files: string, issues: readonly Issue[]): UserError {
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

/** A reader's file-level error as the import's refusal, in the same words on every path. */
export function refusalOf(fatal: Issue): string {
  return `${fatal.file || "the files"}: ${fatal.message.replace(/;? ?nothing was imported.*$/, "")}; nothing was imported`;
}

/** A reader's file-level error: the file could not be used at all. */
export function isFatal(i: Issue): boolean {
  return i.severity === "error" && /nothing was imported/.test(i.message);
}

/**
 * Removes the record an error issue points at: the rows read from the same
 * file, sheet, row or line. A location shared by several children's rows
 * (an XML file written on one line) does not identify a record, so nothing
 * is removed for it; the error stays in the report. A child's person row
 * is never removed (the child's other records hang off it). Returns counts
 * by table.
 */
export function rejectRows(sources: SourceRows[], issues: readonly Issue[]): Record<string, number> {
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
export function upToToday(p: Period): Period {
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
export function inferredAfterToday(files: string, period: Period, today: string): Issue {
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

export function collectionPeriod(year: number | undefined): Period | undefined {
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
export function periodOfRows(rows: Record<string, Row[]>): Period | undefined {
  const dates = new RowDates(new Date().toISOString().slice(0, 10));
  dates.add(rows);
  return dates.period();
}

/** The event dates of rows (all periodOfRows reads), added to `into`. */
export function keepDates(rows: Record<string, Row[]>, into: Record<string, Row[]>): void {
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
export class RowWriter {
  private readonly loaders = new Map<string, TableLoader>();
  private ledger?: TableLoader;
  private readonly values: CellValue[];
  /** Tables holding rows of the council before this import wrote any. */
  private before?: Set<string>;
  /** The tables this import wrote rows to, and the children (person ids) of those rows. */
  private readonly tablesWritten = new Set<string>();
  private readonly childrenWritten = new Set<string>();

  constructor(
    private readonly db: Database,
    id: number,
    private readonly laCode: string,
  ) {
    this.values = [id, "", laCode, "", 1];
  }

  /**
   * The tables that may hold rows of `children` (of any child, for a table
   * without a person column) of the council now: each holding its rows
   * before this import, or written by it with a row of one of `children`.
   * Every other table holds none (its rows of the council are this
   * import's, of other children), so existingRows need not ask.
   */
  async mayHold(children: ReadonlySet<string>): Promise<(table: TableSpec) => boolean> {
    this.before ??= await tablesOfCouncil(this.db, this.laCode);
    const before = this.before;
    let named = false;
    for (const child of children)
      if (this.childrenWritten.has(child)) {
        named = true;
        break;
      }
    return (t) =>
      before.has(t.name) || (this.tablesWritten.has(t.name) && (named || t.personColumn === undefined));
  }

  async write(combined: { rows: Record<string, Row[]>; matchedExisting: Record<string, string[]> }) {
    this.before ??= await tablesOfCouncil(this.db, this.laCode);
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
        this.tablesWritten.add(t.name);
        const column = t.personColumn;
        if (column)
          for (const r of rows) {
            const child = r[column];
            if (child === null || child === undefined || child === "") continue;
            // As the loader writes it; kept as a copy, so a slice does not keep the text it was cut from.
            const key = String(child);
            if (!this.childrenWritten.has(key)) this.childrenWritten.add(own(key));
          }
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
 * Adds rows' counts by table to an import's: `rejected` (records its errors
 * rejected) count as read. Returns the records counted.
 */
export function addCounts(
  found: Record<string, TableCounts>,
  combined: Record<string, { read: number; added: number; duplicate: number }>,
  rejected: Record<string, number>,
): number {
  let total = 0;
  for (const t of TABLES) {
    const n = combined[t.name];
    const r = rejected[t.name] ?? 0;
    if (!n?.read && !r) continue;
    const sum = found[t.name] ?? { read: 0, added: 0, duplicate: 0, rejected: 0 };
    sum.read += (n?.read ?? 0) + r;
    sum.added += n?.added ?? 0;
    sum.duplicate += n?.duplicate ?? 0;
    sum.rejected += r;
    found[t.name] = sum;
    total += (n?.read ?? 0) + r;
  }
  return total;
}

/**
 * One chunk of children of a streamed import, its records rejected by
 * errors already removed: the sources' rows (of the same children, every
 * source's) are combined with each other and with those children's rows in
 * the workspace and written; the disagreements and cross-source issues join
 * the import's issues, the counts its counts. Returns the records it read.
 */
export async function writeChunk(
  db: Database,
  laCode: string,
  sources: SourceRows[],
  brought: Map<string, string>,
  writer: RowWriter,
  into: {
    /** The import's issues, added to. */
    issues: Issue[];
    /** The import's counts by table, added to. */
    found: Record<string, TableCounts>;
  },
): Promise<number> {
  const existing = await existingRows(db, laCode, sources, brought, writer);
  const combined = combineSources(sources, existing);
  const cross = crossSourceIssues(parts(sources, existing.rows), () => {
    const together: Record<string, Row[]> = { ...existing.rows };
    for (const [table, rows] of Object.entries(combined.rows))
      together[table] = [...(together[table] ?? []), ...rows];
    return together;
  });
  into.issues.push(...combined.issues, ...cross);
  const total = addCounts(into.found, combined.counts, {});
  await writer.write(combined);
  return total;
}

/** The import's result, after the recompute it asks for (a failed recompute is reported, the import stands). */
export async function recomputed(
  ws: Workspace,
  options: ImportOptions,
  result: ImportResult,
): Promise<ImportResult> {
  if (options.recompute === false) return result;
  const failure = await recompute(ws);
  return failure ? { ...result, recomputeError: failure } : result;
}

/** The import's own records: its files and its row in `imports`. */
export async function recordImport(
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
export function writeFailure(e: unknown): string {
  return (e as NodeJS.ErrnoException).code === "ENOSPC"
    ? "No space left on device"
    : e instanceof Error
      ? e.message.split("\n")[0]!
      : String(e);
}

export function widen(a: Period | undefined, b: Period | undefined): Period | undefined {
  if (!a) return b;
  if (!b) return a;
  const from = [a.from, b.from].sort()[0]!;
  const to = [a.to, b.to].sort()[1]!;
  return { from, to };
}

export async function recompute(ws: Workspace): Promise<string | undefined> {
  try {
    await computeWorkspace(ws);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.split("\n")[0] : String(e);
  }
}

/**
 * The council's rows already in the workspace that an incoming row could
 * duplicate (those of the children the files name, and every team and
 * worker), with the import that brought each (for messages).
 */
export async function existingRows(
  db: Database,
  laCode: string,
  sources: readonly SourceRows[],
  brought?: Map<string, string>,
  writer?: RowWriter,
) {
  const children = new Set<string>();
  for (const s of sources) {
    for (const [table, list] of Object.entries(s.rows)) {
      const column = TABLES.find((t) => t.name === table)?.personColumn;
      if (column) for (const r of list) if (r[column]) children.add(String(r[column]));
    }
  }
  const mayHold = writer ? await writer.mayHold(children) : () => true;
  const asked = TABLES.filter(mayHold);
  const rows: Record<string, Row[]> = {};
  const c = db.connection;
  if (asked.length) await listChildren(db, children);
  for (const t of asked) {
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
  if (asked.length) await c.run("DROP TABLE _import_children");
  const by = brought ?? (await broughtBy(db, laCode));
  return {
    rows,
    sourceOf: (table: string, key: string) =>
      `the workspace (${by.get(`${table}\u0000${key}`) ?? "data not brought by an import"})`,
  };
}

/** The temporary table `_import_children`, listing `children`. */
async function listChildren(db: Database, children: ReadonlySet<string>): Promise<void> {
  const c = db.connection;
  await c.run("CREATE OR REPLACE TEMP TABLE _import_children (child VARCHAR)");
  const appender = await c.createAppender("_import_children", "main", "temp");
  for (const child of children) {
    appender.appendVarchar(child);
    appender.endRow();
  }
  appender.closeSync();
}

/** The canonical tables holding any row of the council. */
async function tablesOfCouncil(db: Database, laCode: string): Promise<Set<string>> {
  const found = await query(
    db,
    TABLES.map((t) => `SELECT '${t.name}' AS t FROM (FROM ${t.name} WHERE la_code = $1 LIMIT 1)`).join(
      " UNION ALL ",
    ),
    [laCode],
  );
  return new Set(found.map((r) => String(r.t)));
}

/** Which live import first brought each of the council's rows, by table and key. */
export async function broughtBy(db: Database, laCode: string): Promise<Map<string, string>> {
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
