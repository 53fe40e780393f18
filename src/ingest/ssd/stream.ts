/**
 * Stages Standard Safeguarding Dataset files in DuckDB as they are read,
 * and hands their rows back a chunk of children at a time, for the
 * streamed import (importSources.ts, ssdSource).
 *
 * Why staged: an extract's tables are separate files, so a child's rows
 * lie in several of them; only once every file is read can a chunk hold
 * all of a child's rows. Each record is mapped as it is read, in file
 * order, by the same SsdReader code as the whole-file reader (reader.ts),
 * so its issues, rows and row numbers are the whole-file reader's, and its
 * canonical row is appended to the staging table with the child it
 * belongs to. A plain CSV file (csvStage.ts: no quotes, one record a line)
 * and a Parquet file are read by DuckDB and handed to the mapping in
 * batches; any other CSV file (quoted values, line breaks inside them,
 * blank lines, other encodings or delimiters) is decoded and split a block
 * at a time (textStream.ts, csvStream.ts), so neither its text nor its
 * records are held whole.
 *
 * Chunks: children in id order. Rows of no child (departments, workers)
 * go in the first chunk; a CLA review goes with the child of the first
 * episode of its period of care (as the several-sources stage reads it),
 * found in the files or else in the workspace.
 * Combining matches rows by their key within a chunk, so when a key is
 * shared by rows of different children (an extract that reuses ids) the
 * whole extract is one chunk, as the whole-file path reads it.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Row } from "../../db/database.ts";
import { byChunk, numberChunks, openStaging } from "../../db/staging.ts";
import { TABLES } from "../../model/tables.ts";
import { type CsvRecords, CsvStream } from "../csvStream.ts";
import type { Issue } from "../issues.ts";
import { type Plain, plainCsvFile, readPlainCsv } from "../ssda903/csvStage.ts";
import { PARQUET_AS_TEXT, type SsdColumns, SsdReader } from "./reader.ts";

/** The name the staging folders of SSD files start with (leftovers are found by it). */
export const SSD_STAGING_PREFIX = ".staging-ssd-";

/** Children a chunk holds when the import sets none. */
export const SSD_CHILDREN_PER_CHUNK = 5000;

/** Staged SSD files. */
export interface StagedSsd {
  /** The reader's issues (a file-level error among them when a file could not be used), capped per rule. */
  issues: Issue[];
  /** Per table in the whole-file reader's order, its first row of a council other than the import's. */
  otherCouncil: Record<string, Row[]>;
  /**
   * The rows, a chunk of children at a time. `workspaceEpisodes` gives the
   * workspace's periods of care (`add(cla id, child)`), for the reviews of
   * a period whose episodes the files do not hold.
   */
  chunks(workspaceEpisodes: WorkspaceEpisodes): AsyncGenerator<Record<string, Row[]>>;
  /** Closes the staging database and deletes its folder. */
  close(): void;
}

/** Calls `add` with each period of care in the workspace and the child it is of. */
export type WorkspaceEpisodes = (add: (cla: string, child: string) => void) => Promise<void>;

const MEMORY = "512MB";
/** Records read back from DuckDB at a time, for the mapping. */
const BATCH = 2048;
const EPISODES = TABLES.findIndex((t) => t.name === "ssd_cla_episodes");
const REVIEWS = TABLES.findIndex((t) => t.name === "ssd_cla_reviews");

/**
 * Reads `paths` (in order, as readSsdTables does) into a staging database
 * spilling under `spillUnder`. Stops at the first file that cannot be used
 * (its error in `issues`: the import is refused).
 */
export async function stageSsd(
  paths: readonly string[],
  options: { laCode: string; spillUnder?: string },
  childrenPerChunk = SSD_CHILDREN_PER_CHUNK,
): Promise<StagedSsd> {
  const staging = await openStaging({
    under: options.spillUnder,
    prefix: SSD_STAGING_PREFIX,
    memoryLimit: MEMORY,
  });
  try {
    const c = staging.connection;
    await c.run(
      "CREATE TABLE stg (seq BIGINT, tbl UTINYINT, file UINTEGER, child VARCHAR, k VARCHAR, cla VARCHAR, r VARCHAR)",
    );
    const reader = new SsdReader({ laCode: options.laCode });
    const sink = new Sink(c, options.laCode);
    for (const [k, path] of paths.entries()) {
      sink.fileIx = k;
      const begun = reader.begin(path);
      if (begun) {
        try {
          if (/\.parquet$/i.test(path)) await stageParquet(c, reader, sink, path, begun.spec);
          else await stageCsv(c, reader, sink, path, begun.spec);
        } catch (e) {
          sink.closeAppender();
          reader.failed(path, e);
        }
      }
      if (reader.fatalSeen) break;
    }
    const issues = reader.closedIssues();
    return {
      issues,
      otherCouncil: sink.otherCouncil(),
      chunks: (workspaceEpisodes) => chunks(c, childrenPerChunk, workspaceEpisodes, paths),
      close: () => staging.close(),
    };
  } catch (e) {
    staging.close();
    throw e;
  }
}

/** Where mapped rows go: the staging table, with the child, key and period of care of each. */
class Sink {
  private seq = 0;
  /** The file being read, by its place in the files staged. */
  fileIx = 0;
  private appender: Awaited<ReturnType<DuckDBConnection["createAppender"]>> | undefined;
  /** Tables in the order their first file was read, each with its first row of another council. */
  private readonly others = new Map<string, Row | undefined>();

  constructor(
    private readonly c: DuckDBConnection,
    private readonly laCode: string,
  ) {}

  /** Opens the appender; nothing else may run on the connection until closeAppender. */
  async openAppender(): Promise<void> {
    this.appender = await this.c.createAppender("stg");
  }

  closeAppender(): void {
    this.appender?.closeSync();
    this.appender = undefined;
  }

  /** A file of `table` whose header was read: the table takes its place in the reader's order. */
  table(name: string): void {
    if (!this.others.has(name)) this.others.set(name, undefined);
  }

  add(columns: SsdColumns, row: Row): void {
    const { spec } = columns;
    const a = this.appender!;
    if (!this.others.get(spec.name) && row.la_code !== null && String(row.la_code) !== this.laCode)
      this.others.set(spec.name, row);
    const child = spec.personColumn ? row[spec.personColumn] : undefined;
    const cla =
      spec.name === "ssd_cla_episodes"
        ? row.clae_cla_id
        : spec.name === "ssd_cla_reviews"
          ? row.clar_cla_id
          : null;
    a.appendBigInt(BigInt(this.seq++));
    a.appendUTinyInt(TABLES.indexOf(spec));
    a.appendUInteger(this.fileIx);
    a.appendVarchar(child === null || child === undefined ? "" : String(child));
    a.appendVarchar(String(row[spec.key]));
    if (cla === null || cla === undefined) a.appendNull();
    else a.appendVarchar(String(cla));
    // The values in column order and the row number: shorter to write and read back than the row.
    const values: unknown[] = [row._row];
    for (const c of spec.columns) values.push(row[c.name]);
    a.appendVarchar(JSON.stringify(values));
    a.endRow();
  }

  otherCouncil(): Record<string, Row[]> {
    const out: Record<string, Row[]> = {};
    for (const [table, row] of this.others) if (row) out[table] = [row];
    return out;
  }
}

/** Maps the records of `table` (a file's, rowid 0 the first record) read back in batches, in file order. */
async function mapBatches(
  c: DuckDBConnection,
  reader: SsdReader,
  sink: Sink,
  columns: SsdColumns,
  table: "pq" | "plain",
): Promise<void> {
  for (let offset = 0; ; offset += BATCH) {
    const rows = (
      await c.runAndReadAll(`SELECT * FROM ${table} WHERE rowid >= $1 AND rowid < $2 ORDER BY rowid`, [
        offset,
        offset + BATCH,
      ])
    ).getRows();
    if (rows.length === 0) return;
    await sink.openAppender();
    try {
      for (const [k, r] of rows.entries()) {
        const fields = r.map((v) => (v === null ? "" : String(v)));
        const row = reader.row(columns, fields, offset + k + 2);
        if (row) sink.add(columns, row);
      }
    } finally {
      sink.closeAppender();
    }
  }
}

async function stageParquet(
  c: DuckDBConnection,
  reader: SsdReader,
  sink: Sink,
  path: string,
  spec: SsdColumns["spec"],
): Promise<void> {
  try {
    await c.run(`CREATE OR REPLACE TEMP TABLE pq AS ${PARQUET_AS_TEXT}`, [path]);
  } catch (e) {
    reader.parquetUnreadable(path, e);
    return;
  }
  try {
    const header = (await c.runAndReadAll("SELECT * FROM pq LIMIT 0")).columnNames();
    const columns = reader.columns(path, spec, header);
    if (!columns) return;
    sink.table(spec.name);
    await mapBatches(c, reader, sink, columns, "pq");
  } finally {
    await c.run("DROP TABLE IF EXISTS pq");
  }
}

async function stageCsv(
  c: DuckDBConnection,
  reader: SsdReader,
  sink: Sink,
  path: string,
  spec: SsdColumns["spec"],
): Promise<void> {
  // A plain file (ASCII, so never empty nor binary) is read by DuckDB without the encoding pass of openCsv.
  const plain = await plainCsvFile(path);
  if (plain && (await stagedPlain(c, plain, path))) {
    try {
      const columns = reader.columns(path, spec, plain.header.split(","));
      if (!columns) return;
      sink.table(spec.name);
      await mapBatches(c, reader, sink, columns, "plain");
    } finally {
      await c.run("DROP TABLE IF EXISTS plain");
    }
    return;
  }
  const opened = await reader.openCsv(path);
  if (!opened) return;
  try {
    const mark = reader.mark();
    const parser = new CsvStream();
    let columns: SsdColumns | undefined;
    let header = true;
    const take = ({ records, lines }: CsvRecords) => {
      for (let k = 0; k < records.length; k++) {
        if (header) {
          header = false;
          columns = reader.columns(path, spec, records[k]!);
          if (columns) sink.table(spec.name);
        } else if (columns) {
          const row = reader.row(columns, records[k]!, lines[k]!);
          if (row) sink.add(columns, row);
        }
      }
    };
    await sink.openAppender();
    try {
      for await (const text of opened.texts) take(parser.push(text));
      take(parser.end());
    } finally {
      sink.closeAppender();
    }
    if (parser.unterminatedQuoteLine !== undefined) {
      // Read whole, a file cut short reports that alone.
      reader.rollback(mark);
      reader.cutShort(path, parser.unterminatedQuoteLine);
    } else if (header) reader.blank(path);
  } finally {
    await opened.close();
  }
}

/** Whether DuckDB read the plain file's every record into `plain` (else the JavaScript parse reads it). */
async function stagedPlain(c: DuckDBConnection, plain: Plain, path: string): Promise<boolean> {
  try {
    await readPlainCsv(c, path, plain);
    const n = (await c.runAndReadAll("SELECT count(*)::INTEGER FROM plain")).getRows()[0]![0];
    if (n === plain.records) return true;
  } catch {}
  await c.run("DROP TABLE IF EXISTS plain");
  return false;
}

/**
 * A review's child: that of its period of care's first episode in the
 * files, else in the workspace (so that it meets the workspace's reviews of
 * that child, as the whole-file path's would).
 */
async function reviewsToChildren(c: DuckDBConnection, workspaceEpisodes: WorkspaceEpisodes): Promise<void> {
  await c.run(
    `UPDATE stg SET child = e.child
     FROM (SELECT cla, arg_min(child, seq) AS child FROM stg
           WHERE tbl = $1 AND cla IS NOT NULL AND child <> '' GROUP BY cla) e
     WHERE stg.tbl = $2 AND stg.cla = e.cla`,
    [EPISODES, REVIEWS],
  );
  const unplaced = (
    await c.runAndReadAll(
      "SELECT count(*)::INTEGER FROM stg WHERE tbl = $1 AND child = '' AND cla IS NOT NULL",
      [REVIEWS],
    )
  ).getRows()[0]![0] as number;
  if (unplaced === 0) return;
  await c.run("CREATE TABLE ws_cla (cla VARCHAR, child VARCHAR)");
  const appender = await c.createAppender("ws_cla");
  try {
    await workspaceEpisodes((cla, child) => {
      appender.appendVarchar(cla);
      appender.appendVarchar(child);
      appender.endRow();
    });
  } finally {
    appender.closeSync();
  }
  await c.run(
    `UPDATE stg SET child = w.child FROM (SELECT cla, min(child) AS child FROM ws_cla GROUP BY cla) w
     WHERE stg.tbl = $1 AND stg.child = '' AND stg.cla = w.cla`,
    [REVIEWS],
  );
}

/** The staged rows, `perChunk` children at a time, each chunk's rows in file order. */
async function* chunks(
  c: DuckDBConnection,
  perChunk: number,
  workspaceEpisodes: WorkspaceEpisodes,
  files: readonly string[],
): AsyncGenerator<Record<string, Row[]>> {
  await reviewsToChildren(c, workspaceEpisodes);
  const shared = (
    await c.runAndReadAll(
      "SELECT count(*)::INTEGER FROM (SELECT tbl, k FROM stg GROUP BY tbl, k HAVING count(DISTINCT child) > 1)",
    )
  ).getRows()[0]![0] as number;
  await numberChunks(c, "stg", shared > 0 ? 2 ** 31 - 1 : perChunk);
  let rows: Record<string, Row[]> = {};
  yield* byChunk(
    c,
    "SELECT k.chunk, s.tbl, s.file, s.r FROM stg s JOIN chunks k USING (child) ORDER BY k.chunk, s.seq",
    (columns, k) => {
      const [, tblCol, fileCol, rowCol] = columns as [number[], number[], number[], string[]];
      const spec = TABLES[tblCol[k]!]!;
      const values = JSON.parse(rowCol[k]!) as Row[string][];
      const row: Row = {};
      for (let j = 0; j < spec.columns.length; j++) row[spec.columns[j]!.name] = values[j + 1]!;
      row._file = files[fileCol[k]!]!;
      row._row = values[0]!;
      const list = rows[spec.name] ?? [];
      rows[spec.name] = list;
      list.push(row);
    },
    () => {
      const out = rows;
      rows = {};
      return out;
    },
  );
}
