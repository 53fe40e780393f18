/**
 * The streamed import: one transaction over a sequence of sources (a CIN
 * census, a set of SSDA903 CSV files, an SSDA903 XML file …), each read a
 * chunk of children at a time, so that no stage holds a whole file's
 * records in JavaScript.
 *
 * The skeleton every streamed import shares: BEGIN; each source's chunks in
 * turn, its records rejected by errors removed; the source's closing issues
 * (rules about the whole return, counts past the caps) after its last
 * chunk, a file-level error refusing the import there; the rows combined
 * and written; "no records" and a year not begun refused after the last
 * source, in the whole-file path's order; the import recorded; COMMIT. Any
 * refusal or failure rolls everything back.
 *
 * Why rows of several sources are staged by child: combining (precedence
 * between formats and files, the disagreements it reports, the cross-source
 * checks, the duplicates the ledger records) must see every source's rows
 * of a child together, as the whole-file path does; each source streams in
 * its own order (a CIN census in file order, a 903 by child id). So with
 * more than one source, each chunk's checked rows are appended to a staging
 * table (an in-memory DuckDB of its own that spills under the workspace's
 * folder) with the child they belong to, and read back a chunk of children
 * at a time, every source's rows of those children combined at once with
 * the workspace's. With one source, each checked chunk is combined and
 * written as it comes. Every combining step looks at one child at a time
 * (row ids are made from the child's id), so the result is the whole-file
 * path's; the equivalence tests (importStreamed*.test.ts) check it row for
 * row.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { inTransaction, query, type Row } from "../db/database.ts";
import { writingRowGroupsWhenFull } from "../db/loader.ts";
import { byChunk, numberChunks, openStaging, type Staging } from "../db/staging.ts";
import { UserError } from "../errors/userError.ts";
import { ANNEXA_STAGING_PREFIX } from "../ingest/annexA/stream.ts";
import type { SourceRows } from "../ingest/combine.ts";
import type { Format } from "../ingest/detect.ts";
import type { Issue } from "../ingest/issues.ts";
import { SSD_STAGING_PREFIX } from "../ingest/ssd/stream.ts";
import { STAGING_PREFIX } from "../ingest/ssda903/stream.ts";
import { TABLES } from "../model/tables.ts";
import { readCoverage, setCoverage, type Workspace } from "../workspace/workspace.ts";
import { councilOfRows } from "./importCouncil.ts";
import {
  addCounts,
  broughtBy,
  type FileInfo,
  type ImportOptions,
  type ImportResult,
  noRecords,
  type Period,
  RowWriter,
  recomputed,
  recordImport,
  rejectRows,
  type TableCounts,
  widen,
  writeChunk,
  writeFailure,
} from "./importWrite.ts";

/** One chunk of a source's children, validated. */
export interface CheckedChunk {
  rows: Record<string, Row[]>;
  /** The chunk's issues, reported. */
  reported: Issue[];
  /** The issues whose errors reject the chunk's records (the reported ones, and any located before the chunks). */
  rejecting: Issue[];
}

/** What a source knows once its last chunk is read. */
export interface SourceEnd {
  /** Issues about the whole source: rules finished over it, counts past the per-rule caps, the reader's own. */
  issues: Issue[];
  /** A file-level error, as the import's refusal: nothing is imported. */
  fatal?: string;
  /** The source's year has not begun (refused once every source is read, as the whole-file path does). */
  notBegun?: string;
  /** The dates the source's data covers. */
  period?: Period;
}

/** A file, or a set of files, of one format, read a chunk of children at a time. */
export interface StreamSource {
  /** As messages name it (the whole-file path's name). */
  name: string;
  format: Format;
  /** The chunks, once, in order. */
  chunks(): AsyncIterable<CheckedChunk>;
  /** After the last chunk. */
  end(): SourceEnd;
  /** Lets go of what the source holds (a staging database); called whatever happened. */
  close(): void;
}

/** Children a chunk of several sources' rows holds, when the import sets none. */
export const CHILDREN_PER_COMBINED_CHUNK = 5000;

/** The name the staging folders of several sources' rows start with (leftovers are found by it). */
const ROWS_STAGING_PREFIX = ".staging-rows-";

/**
 * Imports `sources` (the files' `files`) in one transaction, as described
 * above. Throws a one-line UserError, the workspace unchanged, when a source
 * is refused or the writing fails.
 */
export async function importStreamed(
  ws: Workspace,
  laCode: string,
  files: FileInfo[],
  alreadyImported: FileInfo[],
  skipped: Issue[],
  sources: StreamSource[],
  options: ImportOptions,
  childrenPerChunk = CHILDREN_PER_COMBINED_CHUNK,
): Promise<ImportResult> {
  removeStagingLeftovers(ws.dir);
  const issues: Issue[] = [...skipped];
  const found: Record<string, TableCounts> = {};
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
    await writingRowGroupsWhenFull(ws.db, () =>
      inTransaction(ws.db, async () => {
        const brought = await broughtBy(ws.db, laCode);
        const writer = new RowWriter(ws.db, id, laCode);
        const stage = sources.length > 1 ? await ChildStage.open(ws.dir) : undefined;
        const ends: SourceEnd[] = [];
        let total = 0;
        try {
          for (const [k, source] of sources.entries()) {
            for await (const chunk of source.chunks()) {
              const rows: SourceRows = { name: source.name, format: source.format, rows: chunk.rows };
              councilOfRows([rows], laCode);
              const person = stage ? personOfPeriod(chunk.rows) : undefined;
              total += addCounts(found, {}, rejectRows([rows], chunk.rejecting));
              issues.push(...chunk.reported);
              if (stage) await stage.add(k, chunk.rows, person!);
              else total += await writeChunk(ws.db, laCode, [rows], brought, writer, { issues, found });
            }
            const end = source.end();
            if (end.fatal) throw refuse(end.fatal);
            issues.push(...end.issues);
            ends.push(end);
          }
          if (stage) {
            for await (const chunk of stage.chunks(sources, childrenPerChunk))
              total += await writeChunk(ws.db, laCode, chunk, brought, writer, { issues, found });
          }
        } finally {
          // Appended rows reach the transaction before any rollback, never after it.
          writer.close();
          stage?.close();
        }
        if (total === 0)
          throw refuse(noRecords(files.length === 1 ? files[0]!.path : "the files", issues).message);
        const notBegun = ends.find((e) => e.notBegun)?.notBegun;
        if (notBegun)
          throw refuse(
            `${notBegun}: a return is imported once its year is under way (\`scorecard validate\` checks it now); nothing was imported`,
          );
        const periods = ends.flatMap((e) => (e.period ? [e.period] : []));
        const period = periods.length
          ? {
              from: periods.map((p) => p.from).sort()[0]!,
              to: periods
                .map((p) => p.to)
                .sort()
                .at(-1)!,
            }
          : undefined;
        coverage = widen(before ? { from: before.dataFrom, to: before.dataTo } : undefined, period);
        // Tables in their usual order, as the whole-file path lists them.
        counts = Object.fromEntries(TABLES.filter((t) => found[t.name]).map((t) => [t.name, found[t.name]!]));
        errors = issues.filter((i) => i.severity === "error").length;
        await recordImport(ws.db, id, laCode, files, counts, errors, issues.length - errors, period, before);
        if (coverage) await setCoverage(ws.db, { laCode, dataFrom: coverage.from, dataTo: coverage.to });
        await options.writeReport?.(id, issues);
        await options.beforeCommit?.();
      }),
    );
  } catch (e) {
    if (refusal && e === refusal) throw e;
    if (e instanceof UserError) throw e;
    throw new UserError(`the import failed while writing (${writeFailure(e)}); the workspace is unchanged`);
  } finally {
    for (const source of sources) source.close();
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
}

/**
 * Deletes the staging folders a killed import left in the workspace's
 * folder (one process owns a workspace, so none is in use).
 */
function removeStagingLeftovers(dir: string): void {
  for (const entry of readdirSync(dir))
    if (
      [STAGING_PREFIX, ANNEXA_STAGING_PREFIX, SSD_STAGING_PREFIX, ROWS_STAGING_PREFIX].some((p) =>
        entry.startsWith(p),
      )
    )
      rmSync(join(dir, entry), { recursive: true, force: true });
}

/** The child of each period of care the rows' episodes name (a review belongs to its period's child). */
function personOfPeriod(rows: Record<string, Row[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows.ssd_cla_episodes ?? []) {
    const cla = r.clae_cla_id;
    if (cla !== null && cla !== undefined && r.clae_person_id && !out.has(String(cla)))
      out.set(String(cla), String(r.clae_person_id));
  }
  return out;
}

/** The staging database's memory before it spills to its folder. */
const STAGING_MEMORY = "512MB";

/**
 * Several sources' checked rows, staged with the child each belongs to
 * (rows of no child under ""), read back a chunk of children at a time,
 * each source's rows in the order it gave them.
 */
class ChildStage {
  private seq = 0;

  private constructor(private readonly staging: Staging) {}

  private get c(): DuckDBConnection {
    return this.staging.connection;
  }

  /** A new stage spilling under `dir` (the workspace's folder: child data goes nowhere the workspace is not). */
  static async open(dir: string): Promise<ChildStage> {
    const staging = await openStaging({
      under: dir,
      prefix: ROWS_STAGING_PREFIX,
      memoryLimit: STAGING_MEMORY,
    });
    try {
      await staging.connection.run(
        "CREATE TABLE stg (src INTEGER, seq BIGINT, child VARCHAR, tbl UTINYINT, r VARCHAR)",
      );
    } catch (e) {
      staging.close();
      throw e;
    }
    return new ChildStage(staging);
  }

  /** Appends source `src`'s rows; `person` gives a review's child from its period of care. */
  async add(src: number, rows: Record<string, Row[]>, person: Map<string, string>): Promise<void> {
    const appender = await this.c.createAppender("stg");
    for (const [t, spec] of TABLES.entries()) {
      const list = rows[spec.name];
      if (!list?.length) continue;
      const column = spec.personColumn;
      for (const r of list) {
        const child = column
          ? r[column]
          : spec.name === "ssd_cla_reviews"
            ? person.get(String(r.clar_cla_id ?? ""))
            : undefined;
        appender.appendInteger(src);
        appender.appendBigInt(BigInt(this.seq++));
        appender.appendVarchar(child === null || child === undefined ? "" : String(child));
        appender.appendUTinyInt(t);
        appender.appendVarchar(JSON.stringify(r));
        appender.endRow();
      }
    }
    appender.closeSync();
  }

  /** The staged rows, `childrenPerChunk` children at a time (children in id order), as each source's rows. */
  async *chunks(sources: readonly StreamSource[], childrenPerChunk: number): AsyncGenerator<SourceRows[]> {
    await numberChunks(this.c, "stg", childrenPerChunk);
    let bySource: Record<string, Row[]>[] = sources.map(() => ({}));
    const done = (): SourceRows[] => {
      const out = sources.flatMap((s, k) =>
        Object.keys(bySource[k]!).length ? [{ name: s.name, format: s.format, rows: bySource[k]! }] : [],
      );
      bySource = sources.map(() => ({}));
      return out;
    };
    yield* byChunk(
      this.c,
      "SELECT k.chunk, s.src, s.tbl, s.r FROM stg s JOIN chunks k USING (child) ORDER BY k.chunk, s.src, s.seq",
      (columns, k) => {
        const [, srcCol, tblCol, rowCol] = columns as [number[], number[], number[], string[]];
        const rows = bySource[srcCol[k]!]!;
        const table = TABLES[tblCol[k]!]!.name;
        const list = rows[table] ?? [];
        rows[table] = list;
        list.push(JSON.parse(rowCol[k]!) as Row);
      },
      done,
    );
  }

  close(): void {
    this.staging.close();
  }
}
