/**
 * Reads a set of SSDA903 CSV files (or an XML file), each read a block at
 * a time (fileStream.ts) or, when plain, by DuckDB (csvStage.ts), a chunk
 * of children at a time, through
 * a DuckDB staging table, so that no stage holds every record of the
 * return in JavaScript.
 *
 * Why: a 903 of a million episodes is six million records; holding them
 * all (and every canonical row and every rule's index built from them) at
 * once costs gigabytes and much of the time in garbage collection. Every
 * SSDA903 builder and rule looks at one child's records at a time, so the
 * records are parsed file by file into a staging table (in an in-memory
 * DuckDB of its own, which spills to disk), and handed back ordered by
 * child, a chunk of children at a time, each chunk built by the same
 * builders as readSsda903 (people, episodes, reviews …) in a context of
 * its own. What needs the whole return is worked out while staging: each
 * set's latest date (its collection year) and the files holding OC2/OC3.
 * Within a chunk the records keep the order of the files (set, file, line),
 * so a return that fits in one chunk is read exactly as readSsda903 reads
 * it; the equivalence test (stream.test.ts) checks the same rows and issues
 * come out whatever the chunk size.
 */
import { dirname } from "node:path";
import type { Row } from "../../db/database.ts";
import { type CellValue, type LoaderType, TableLoader } from "../../db/loader.ts";
import { byChunk, numberChunks, openStaging } from "../../db/staging.ts";
import { cappedIssueLines, type Issue, type RuleCounts } from "../issues.ts";
import { MAX_ISSUES_PER_RULE, ReadContext } from "./context.ts";
import { stagePlainCsv } from "./csvStage.ts";
import { type StreamSizes, streamSetFile } from "./fileStream.ts";
import {
  type Raw,
  type Records,
  SSDA903_FILES,
  type Ssda903File,
  type Ssda903ReadOptions,
  type Ssda903Return,
  type Ssda903Table,
} from "./format.ts";
import { build, latestDate, returns, setYears, yearFromLatest } from "./reader.ts";
import { unplacedPermanenceIssue } from "./yearRecords.ts";

/** Children per chunk: small enough to keep a chunk's rows and rule indexes a few megabytes. */
export const CHILDREN_PER_CHUNK = 5000;

/** One chunk of children: their canonical rows and their records as written, by set. */
export interface Ssda903Chunk {
  rows: Record<Ssda903Table, Row[]>;
  /** Empty when the chunks were asked for `{ text: true }` (the rules then run elsewhere, on `text`). */
  returns: Ssda903Return[];
  /** The reader's issues found while building this chunk (listed ones only: see `closing`). */
  issues: Issue[];
  periodsOfCare: number;
  /** The chunk's staged records as text, when asked for: a ChunkBuilder given `plan` builds the same chunk from them. */
  text?: StagedText;
}

/** A chunk's staged records as read back, in order: plain arrays, cheap to post to a worker thread. */
export interface StagedText {
  fileIx: number[];
  tbl: number[];
  line: number[];
  v: string[];
}

/** What building chunks needs besides their records: plain data, so a worker thread can build the same chunks. */
export interface ChunkPlan {
  options: Ssda903ReadOptions & { laCode: string };
  /** Per file and table staged: its column labels (an XML record's element paths are its own, staged with it). */
  files: { file: string; set: number; labels: Record<string, string>; xml: boolean }[];
  years: (number | undefined)[];
  collectionYear?: number;
  sets: number;
}

/**
 * Builds chunks of children from their staged records, one record at a
 * time, with the builders readSsda903 uses; the reader's issues go to
 * `sink` (its per-rule caps counted across chunks).
 */
export class ChunkBuilder {
  private ctx: ReadContext;

  constructor(
    private readonly plan: ChunkPlan,
    private readonly sink: { issues: Issue[]; perRule: RuleCounts; unplacedPermanence: Map<string, number> },
  ) {
    this.ctx = new ReadContext(plan.options, sink);
  }

  /** Adds one staged record (its file's index in the plan, its table's number, line and fields as staged). */
  add(fileIx: number, tbl: number, line: number, text: string): void {
    const f = this.plan.files[fileIx]!;
    const v = JSON.parse(text);
    const raw: Raw = f.xml
      ? { file: f.file, set: f.set, line, v: v[0], labels: v[1] }
      : { file: f.file, set: f.set, row: line, v, labels: f.labels };
    this.ctx.records[FILE_NAMES[tbl]!].push(raw);
  }

  /** The chunk of the records added since the last; `withReturns` also gives the records as written, for the rules. */
  finish(withReturns = true): Ssda903Chunk {
    const ctx = this.ctx;
    ctx.years = this.plan.years;
    if (this.plan.collectionYear !== undefined) ctx.collectionYear = this.plan.collectionYear;
    build(ctx, this.plan.options.laCode);
    let n = 0;
    for (const list of ctx.periods.values()) n += list.length;
    const out = {
      rows: ctx.rows,
      returns: withReturns ? returns(ctx, this.plan.sets) : [],
      issues: this.sink.issues.splice(0),
      periodsOfCare: n,
    };
    this.ctx = new ReadContext(this.plan.options, this.sink);
    return out;
  }
}

/** The staging database's memory before it spills to its temporary folder. */
const STAGING_MEMORY = "512MB";
/**
 * Its threads: one. Its work (read_csv, the chunks read back in order) is
 * fed to or consumed by the one JavaScript thread; a second thread measured
 * half again as much CPU time for the same staging on a busy machine.
 */
const STAGING_THREADS = 1;
/** The name its spill folders start with (a killed import's leftovers are found by it). */
export const STAGING_PREFIX = ".staging-903-";

/** A staged 903 return: what is known of the whole, and its chunks to read once. */
export interface StagedSsda903 {
  /** Issues found while staging (file errors, field counts, the years assumed). */
  issues: Issue[];
  records: number;
  children: number;
  collectionYear?: number;
  period?: { from: string; to: string };
  /** What a ChunkBuilder elsewhere needs to build the same chunks from their `text`. */
  plan: ChunkPlan;
  /**
   * The chunks of children, in child order; with `text`, each with its
   * staged records as text and without its records as written.
   */
  chunks(options?: { text?: boolean }): AsyncGenerator<Ssda903Chunk>;
  /** The reader's closing counts of issues past the per-rule cap (after the last chunk). */
  closing(): Issue[];
  /**
   * The lines of XML files holding records of more than one child (a file
   * written on one line), as `file\u0000line`: an error there identifies no
   * record, so an import rejects nothing for it, as the whole-file path.
   */
  sharedLines: ReadonlySet<string>;
  close(): void;
}

const FILE_NAMES = Object.keys(SSDA903_FILES) as Ssda903File[];

const STAGING_COLUMNS: { name: string; type: LoaderType }[] = [
  { name: "seq", type: "INTEGER" },
  { name: "file_ix", type: "INTEGER" },
  { name: "tbl", type: "INTEGER" },
  { name: "line", type: "INTEGER" },
  { name: "child", type: "VARCHAR" },
  { name: "v", type: "VARCHAR" },
];

/**
 * Parses 903 CSV files (one folder = one set, as readSsda903 groups them)
 * and XML files into a staging table. `options.laCode` is required:
 * without it nothing can be built; `sizes` are the bytes read and the XML
 * children handed on at a time (smaller in tests). The caller closes the
 * result.
 */
export async function stageSsda903(
  paths: readonly string[],
  options: Ssda903ReadOptions & { laCode: string; spillUnder?: string },
  childrenPerChunk = CHILDREN_PER_CHUNK,
  sizes: StreamSizes = {},
): Promise<StagedSsda903> {
  const sink = {
    issues: [] as Issue[],
    perRule: new Map() as RuleCounts,
    unplacedPermanence: new Map<string, number>(),
  };
  const stage = new ReadContext(options, sink);
  // Its own database: past STAGING_MEMORY the staging spills to a folder of its own under the workspace's folder.
  const { connection: c, close } = await openStaging({
    under: options.spillUnder,
    prefix: STAGING_PREFIX,
    memoryLimit: STAGING_MEMORY,
    threads: STAGING_THREADS,
  });
  try {
    await c.run(
      "CREATE TABLE stg (seq INTEGER, file_ix INTEGER, tbl INTEGER, line INTEGER, child VARCHAR, v VARCHAR)",
    );
    const sets = new Map<string, number>();
    const files: ChunkPlan["files"] = [];
    const latest: string[] = [];
    const ocFiles: Set<string>[] = [];
    let seq = 0;
    const values: CellValue[] = [0, 0, 0, 0, "", ""];
    const tableNumber = (table: Ssda903File) => FILE_NAMES.indexOf(table);
    /** Appends the records read so far (of `path`, set `set`) to the staging table, and lets them go. */
    const stageRecords = (appender: TableLoader, path: string, set: number, records: Records) => {
      latest[set] = latestDate(records, set, latest[set]);
      for (const table of FILE_NAMES) {
        const list = records[table];
        if (list.length === 0) continue;
        if (table === "oc2" || table === "oc3") ocFiles[set]!.add(path);
        const fileIx = files.length;
        const xml = list[0]!.row === undefined;
        files.push({ file: path, set, labels: list[0]!.labels, xml });
        values[1] = fileIx;
        values[2] = tableNumber(table);
        for (const r of list) {
          values[0] = seq++;
          values[3] = r.row ?? r.line ?? 0;
          values[4] = r.v.CHILD!;
          values[5] = JSON.stringify(xml ? [r.v, r.labels] : r.v);
          appender.appendValues(values);
        }
        list.length = 0;
      }
    };
    for (const path of paths) {
      const xml = /\.xml$/i.test(path);
      const key = xml ? `xml:${path}` : `dir:${dirname(path)}`;
      let set = sets.get(key);
      if (set === undefined) {
        set = sets.size;
        sets.set(key, set);
        latest.push("");
        ocFiles.push(new Set());
      }
      if (!xml) {
        const plain = await stagePlainCsv(c, stage, path, set, { seq, fileIx: files.length, tableNumber });
        if (plain) {
          if (plain.latest > latest[set]!) latest[set] = plain.latest;
          if (plain.table) {
            if (plain.table === "oc2" || plain.table === "oc3") ocFiles[set]!.add(path);
            files.push({ file: path, set, labels: plain.labels, xml: false });
            seq += plain.records;
          }
          continue;
        }
      }
      // Filled a data chunk at a time (one copy per column per 2,048 records), not value by value.
      const appender = await TableLoader.openColumns({ connection: c }, "stg", STAGING_COLUMNS);
      const before = { seq, files: files.length, latest: latest[set]!, ocFiles: new Set(ocFiles[set]) };
      let read: boolean;
      try {
        read = await streamSetFile(
          stage,
          path,
          set,
          (records) => stageRecords(appender, path, set, records),
          sizes,
        );
      } finally {
        appender.close();
      }
      if (!read && seq > before.seq) {
        // Not read after all (as the whole-file reader would have found): its staged records are taken back.
        await c.run("DELETE FROM stg WHERE seq >= $1", [before.seq]);
        seq = before.seq;
        files.length = before.files;
        latest[set] = before.latest;
        ocFiles[set] = before.ocFiles;
      }
    }
    const years = setYears(stage, sets.size, (set) =>
      yearFromLatest(stage, latest[set] ?? "", ocFiles[set] ?? new Set()),
    );
    const known = [...new Set(years.filter((y): y is number => y !== undefined))].sort();
    const collectionYear = known.at(-1);
    const counts = (
      await c.runAndReadAll("SELECT count(*)::INTEGER AS n, count(DISTINCT child)::INTEGER AS k FROM stg")
    ).getRowObjectsJS()[0] as { n: number; k: number };
    // Each child's chunk number, children in id order; the records in file order within a chunk.
    await numberChunks(c, "stg", childrenPerChunk);
    const issues = sink.issues.splice(0);
    const sharedLines = new Set<string>();
    const xmlFiles = [...files.entries()].filter(([, f]) => f.xml);
    if (xmlFiles.length) {
      await c.run("CREATE TABLE xml_files (file_ix INTEGER, path VARCHAR)");
      const xmlAppender = await c.createAppender("xml_files");
      for (const [k, f] of xmlFiles) {
        xmlAppender.appendInteger(k);
        xmlAppender.appendVarchar(f.file);
        xmlAppender.endRow();
      }
      xmlAppender.closeSync();
      const shared = await c.runAndReadAll(
        "SELECT x.path, s.line FROM stg s JOIN xml_files x USING (file_ix) GROUP BY ALL HAVING count(DISTINCT s.child) > 1",
      );
      for (const r of shared.getRowObjectsJS()) sharedLines.add(`${r.path}\u0000${r.line}`);
    }
    const plan: ChunkPlan = {
      options,
      files,
      years,
      ...(collectionYear !== undefined ? { collectionYear } : {}),
      sets: sets.size,
    };
    return {
      issues,
      records: counts.n,
      children: counts.k,
      ...(collectionYear !== undefined ? { collectionYear } : {}),
      ...(known.length ? { period: { from: `${known[0]! - 1}-04-01`, to: `${known.at(-1)!}-03-31` } } : {}),
      plan,
      async *chunks(chunkOptions: { text?: boolean } = {}) {
        const builder = new ChunkBuilder(plan, sink);
        const keep = !!chunkOptions.text;
        let text: StagedText = { fileIx: [], tbl: [], line: [], v: [] };
        yield* byChunk(
          c,
          "SELECT k.chunk, s.file_ix, s.tbl, s.line, s.v FROM stg s JOIN chunks k USING (child) ORDER BY k.chunk, s.seq",
          (columns, k) => {
            const [, fileCol, tblCol, lineCol, vCol] = columns as [
              number[],
              number[],
              number[],
              number[],
              string[],
            ];
            builder.add(fileCol[k]!, tblCol[k]!, lineCol[k]!, vCol[k]!);
            if (keep) {
              text.fileIx.push(fileCol[k]!);
              text.tbl.push(tblCol[k]!);
              text.line.push(lineCol[k]!);
              text.v.push(vCol[k]!);
            }
          },
          () => {
            const chunk = builder.finish(!keep);
            if (!keep) return chunk;
            const out = { ...chunk, text };
            text = { fileIx: [], tbl: [], line: [], v: [] };
            return out;
          },
        );
      },
      closing: () => {
        const ctx = new ReadContext(options, sink);
        for (const [file, n] of sink.unplacedPermanence) ctx.issue(unplacedPermanenceIssue(file, n));
        return [...sink.issues.splice(0), ...cappedIssueLines(sink.perRule, MAX_ISSUES_PER_RULE, "")];
      },
      sharedLines,
      close,
    };
  } catch (e) {
    close();
    throw e;
  }
}
