/**
 * Stages a plain 903 CSV file through DuckDB's own `read_csv`, without
 * parsing it in JavaScript.
 *
 * Why: parsing a million-episode return record by record in JavaScript
 * (and turning each record into JSON text for the staging table) is a
 * large part of a streamed import; DuckDB reads the same file several
 * times faster. Why only plain files: the JavaScript reader's behaviour on
 * quoted values and line breaks inside them, blank lines, encodings other
 * than ASCII, other delimiters and rows of the wrong length is the
 * reference, and matching it in SQL case by case would be fragile. A file
 * qualifies when one pass over its bytes shows none of those: ASCII
 * without quotes or control characters, one kind of line end, no blank
 * line, every line with the header's number of commas, at least one
 * record, every record with a CHILD id. Then each record's line is its
 * position plus 2 and its fields are the comma-separated values trimmed,
 * exactly as the JavaScript reader gives them; any other file (or any
 * failure of `read_csv`) is read by the JavaScript reader as before.
 */
import { createReadStream } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { normaliseHeader } from "../text.ts";
import type { ReadContext } from "./context.ts";
import { csvHeader } from "./csv.ts";
import type { Records, Ssda903File, Ssda903FileSummary } from "./format.ts";
import { latestDate, YEAR_FIELDS } from "./reader.ts";

/** A plain file's shape: its header line, its records and its line end. */
export interface Plain {
  header: string;
  records: number;
  newLine: "\n" | "\r\n";
}

/** The file's shape when it is plain (see the module's comment), else undefined. */
export function plainCsv(bytes: Uint8Array): Plain | undefined {
  const scan = new PlainScan();
  scan.push(bytes);
  return scan.end();
}

/** Bytes of a file looked at a time by `plainCsvFile`. */
const PLAIN_BLOCK = 1 << 20;

/**
 * `plainCsv` of a file, read a block at a time (and stopped at the first
 * byte that makes it not plain), so that its bytes are never held whole;
 * undefined too when the file cannot be read.
 */
export async function plainCsvFile(file: string, blockSize = PLAIN_BLOCK): Promise<Plain | undefined> {
  const scan = new PlainScan();
  try {
    for await (const block of createReadStream(file, { highWaterMark: blockSize }) as AsyncIterable<Buffer>)
      if (!scan.push(block)) return undefined;
  } catch {
    return undefined;
  }
  return scan.end();
}

/** The byte test of `plainCsv`, fed a block at a time: `push` each block, then `end`. */
class PlainScan {
  private commas = -1;
  private lineCommas = 0;
  private lines = 0;
  private lineEmpty = true;
  private crlf: boolean | undefined;
  /** A CR ended the last block: the next byte must be its LF. */
  private pendingCr = false;
  private headerOpen = true;
  private readonly header: Buffer[] = [];
  private plain = true;

  /** Looks at the next block; false once the file is known not to be plain. */
  push(bytes: Uint8Array): boolean {
    if (!this.plain) return false;
    const n = bytes.length;
    let i = 0;
    if (this.pendingCr && n > 0) {
      this.pendingCr = false;
      if (bytes[0] !== 10 || !this.endCrLf()) return this.notPlain();
      i = 1;
    }
    for (; i < n; i++) {
      const c = bytes[i]!;
      if (c === 44) {
        this.lineCommas++;
        this.lineEmpty = false;
      } else if (c >= 32 && c < 127) {
        if (c === 34) return this.notPlain();
        this.lineEmpty = false;
      } else if (c === 10) {
        this.closeHeader(bytes, i);
        if (this.crlf === true || !this.endLine()) return this.notPlain();
        this.crlf = false;
      } else if (c === 13) {
        this.closeHeader(bytes, i);
        if (i + 1 === n) this.pendingCr = true;
        else if (bytes[i + 1] !== 10 || !this.endCrLf()) return this.notPlain();
        else i++;
      } else return this.notPlain();
    }
    if (this.headerOpen) this.header.push(Buffer.from(bytes));
    return true;
  }

  /** The file's shape once every block has been pushed, when it is plain. */
  end(): Plain | undefined {
    if (!this.plain || this.pendingCr) return undefined;
    if (!this.lineEmpty && !this.endLine()) return undefined;
    if (this.commas < 1 || this.lines < 2) return undefined;
    const header = Buffer.concat(this.header).toString("latin1");
    // What the JavaScript reader would take for another kind of file, or another delimiter.
    if (header.trimStart().startsWith("<") || header.startsWith("%PDF") || header.includes(";"))
      return undefined;
    return { header, records: this.lines - 1, newLine: this.crlf ? "\r\n" : "\n" };
  }

  private closeHeader(bytes: Uint8Array, at: number): void {
    if (!this.headerOpen) return;
    this.header.push(Buffer.from(bytes.subarray(0, at)));
    this.headerOpen = false;
  }

  private endCrLf(): boolean {
    if (this.crlf === false || !this.endLine()) return false;
    this.crlf = true;
    return true;
  }

  private endLine(): boolean {
    if (this.lineEmpty) return false;
    if (this.commas < 0) this.commas = this.lineCommas;
    else if (this.lineCommas !== this.commas) return false;
    this.lines++;
    this.lineCommas = 0;
    this.lineEmpty = true;
    return true;
  }

  private notPlain(): false {
    this.plain = false;
    return false;
  }
}

/**
 * Reads a plain file's records (after its header) into temp table `plain`:
 * columns c0, c1 … as text, a value empty in the file NULL, in the file's
 * order (rowid 0 is the record on line 2).
 */
export async function readPlainCsv(c: DuckDBConnection, file: string, plain: Plain): Promise<void> {
  const columns = plain.header
    .split(",")
    .map((_, k) => `'c${k}': 'VARCHAR'`)
    .join(", ");
  await c.run(
    `CREATE OR REPLACE TEMP TABLE plain AS SELECT * FROM read_csv($1, delim = ',', quote = '"', escape = '"',
       header = false, skip = 1, auto_detect = false, new_line = $2, columns = {${columns}})`,
    [file, plain.newLine === "\n" ? "\\n" : "\\r\\n"],
  );
}

/** Where a staged file's records go: the next sequence number, its file index and its table's number. */
export interface StageAt {
  seq: number;
  fileIx: number;
  tableNumber: (table: Ssda903File) => number;
}

/** What staging a plain file found (`table` absent when its header was refused, with an error in ctx). */
export interface PlainStaged {
  table?: Ssda903File;
  records: number;
  labels: Record<string, string>;
  /** The latest event date of its records (ISO), or "" when it holds none. */
  latest: string;
}

/**
 * Stages `file` (of set `set`) into `stg` through read_csv when it is
 * plain; undefined (nothing staged, nothing reported) when it is not, for
 * the JavaScript reader to read it.
 */
export async function stagePlainCsv(
  c: DuckDBConnection,
  ctx: ReadContext,
  file: string,
  set: number,
  at: StageAt,
): Promise<PlainStaged | undefined> {
  const plain = await plainCsvFile(file);
  if (!plain) return undefined;
  const header = plain.header.split(",");
  try {
    await readPlainCsv(c, file, plain);
  } catch {
    return undefined;
  }
  try {
    const child = header.findIndex((h) => normaliseHeader(h) === "CHILD");
    if (child < 0) return undefined;
    const counted = (
      await c.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE coalesce(trim(c${child}), '') = '')::INTEGER AS blank,
           count(DISTINCT trim(c${child}))::INTEGER AS children FROM plain`,
      )
    ).getRowObjectsJS()[0] as { n: number; blank: number; children: number };
    if (counted.n !== plain.records || counted.blank > 0) return undefined;
    // As readSetFile keeps it: the records and children counted once the file is read.
    const summary: Ssda903FileSummary = { file, records: 0, children: 0 };
    ctx.files.push(summary);
    const known = csvHeader(ctx, file, header);
    if (!known) return { records: 0, labels: {}, latest: "" };
    const { table, index, labels } = known;
    const field = (name: string) => `coalesce(trim(c${index.get(name)}), '')`;
    const json = [...index.keys()].map((name) => `'${name}', ${field(name)}`).join(", ");
    await c.run(
      `INSERT INTO stg SELECT ($1 + rowid)::INTEGER, $2::INTEGER, $3::INTEGER, (rowid + 2)::INTEGER,
         ${field("CHILD")}, json_object(${json})::VARCHAR FROM plain`,
      [at.seq, at.fileIx, at.tableNumber(table)],
    );
    Object.assign(summary, { table, records: plain.records, children: counted.children });
    return { table, records: plain.records, labels, latest: await latest(c, table, set, index) };
  } finally {
    await c.run("DROP TABLE IF EXISTS plain");
  }
}

/** The latest event date of the staged file's records, from its distinct dates read as the reader reads them. */
async function latest(
  c: DuckDBConnection,
  table: Ssda903File,
  set: number,
  index: Map<string, number>,
): Promise<string> {
  const names = (YEAR_FIELDS.find(([t]) => t === table)?.[1] ?? []).filter((n) => index.has(n));
  if (names.length === 0) return "";
  const values = (
    await c.runAndReadAll(
      names
        .map((n) => `SELECT DISTINCT coalesce(trim(c${index.get(n)}), '') AS v FROM plain`)
        .join(" UNION "),
    )
  ).getRowObjectsJS() as { v: string }[];
  const records: Partial<Records> = {
    [table]: values.map(({ v }) => ({ file: "", set, v: { [names[0]!]: v }, labels: {} })),
  };
  return latestDate(records, set);
}
