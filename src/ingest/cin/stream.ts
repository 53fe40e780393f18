/**
 * Reads a CIN census a chunk of children at a time, so that an import
 * never holds the whole file's records in JavaScript.
 *
 * Why: a 200 MB census is a million records; held at once (with every
 * rule's indexes built from them) they cost close to a gigabyte. The
 * reader (reader.ts) already turns one `<Child>` at a time into rows, and
 * DfE's element scan (validate/cinReturn.ts) is fed the same bytes, so
 * each block of the file read gives the rows, issues and scanned children
 * of the children closed in it; every `childrenPerChunk` children they are
 * handed on as a chunk. A chunk is only cut where the next `<Child>` opens
 * on a later line than the last one closed, so no line holds rows of two
 * chunks (an import rejects a record by its line, and a line shared by
 * children identifies none: a file written on one line is one chunk).
 * What needs the whole file (the header, the reader's counts past its
 * per-rule cap, file-level errors) is known at the end, from `end`.
 *
 * A child listed twice (or more) must have all its entries in one chunk:
 * the rules look at a child's records together, and its second entry's
 * referrals are the first's to combine with. So the file's LAchildIDs are
 * counted first (a scan of the bytes for the element, no parse), and the
 * entries of every child listed more than once are held back, with their
 * rows, the reader's issues on them and their scanned elements, and handed
 * on together as the last chunk.
 */
import { createReadStream } from "node:fs";
import type { Row } from "../../db/database.ts";
import type { Issue } from "../issues.ts";
import { type CinReturnView, CinScan } from "../validate/cinReturn.ts";
import { decodeXmlReferences } from "../xmlText.ts";
import { ReadContext } from "./context.ts";
import { listen } from "./elements.ts";
import { type CinReadOptions, type CinTable, emptyRows } from "./format.ts";
import { finish, parseFile, type SeenBlock } from "./reader.ts";

/** Children per chunk: a chunk's rows and rule indexes stay a few megabytes. */
export const CIN_CHILDREN_PER_CHUNK = 2000;

/** One chunk of children: their rows, the reader's issues on them, and their elements as DfE's rules scan them. */
export interface CinChunk {
  rows: Record<CinTable, Row[]>;
  issues: Issue[];
  view: CinReturnView;
}

/** A CIN census read in chunks; `chunks` once, then `end`. */
export class CinStream {
  private readonly ctx: ReadContext;
  private readonly scan: CinScan;
  private readonly ready: CinChunk[] = [];
  private pending = 0;
  private lastClose = 0;
  /** LAchildIDs listed more than once (known once `chunks` starts). */
  private twice = new Set<string>();
  /** Where the `<Child>` being read began in the rows and issues. */
  private rowMarks = new Map<CinTable, number>();
  private issueMark = 0;
  /** The entries of children listed more than once, held for the last chunk. */
  private readonly held: CinChunk = { rows: emptyRows(), issues: [], view: { file: "", children: [] } };

  constructor(
    readonly file: string,
    options: CinReadOptions,
    private readonly childrenPerChunk = CIN_CHILDREN_PER_CHUNK,
  ) {
    this.ctx = new ReadContext(file, options);
    this.scan = new CinScan(file);
    listen(this.ctx);
    this.ctx.childHook = {
      open: (line) => {
        if (this.pending >= this.childrenPerChunk && line > this.lastClose) this.cut();
        for (const table of Object.keys(this.ctx.rows) as CinTable[])
          this.rowMarks.set(table, this.ctx.rows[table].length);
        this.issueMark = this.ctx.issues.length;
      },
      close: (line) => {
        this.lastClose = line;
        const id = this.ctx.lastChildId;
        if (id === undefined || !this.twice.has(id)) {
          this.pending++;
          return;
        }
        for (const table of Object.keys(this.ctx.rows) as CinTable[])
          this.held.rows[table].push(...this.ctx.rows[table].splice(this.rowMarks.get(table) ?? 0));
        this.held.issues.push(...this.ctx.issues.splice(this.issueMark));
      },
    };
  }

  /** The header's collection year (known once the first chunk is out). */
  get collectionYear(): number | undefined {
    return this.ctx.collectionYear;
  }

  /** The header's ReferenceDate as scanned (known once the first chunk is out). */
  get referenceDate(): string | undefined {
    return this.scan.view.referenceDate?.text;
  }

  /** The chunks, in the file's order; none after a file-level error (see `end`). */
  async *chunks(): AsyncGenerator<CinChunk> {
    this.twice = await idsListedTwice(this.file);
    // A UTF-8 file's text is decoded once, for the reader and the scan alike (the scan reads UTF-8).
    const seen: SeenBlock = (block, text, encoding) =>
      encoding === "utf-8" ? this.scan.writeText(text) : block && this.scan.write(block);
    for await (const _ of parseFile(this.ctx, seen)) {
      yield* this.ready.splice(0);
    }
    if (this.ctx.fatal) return;
    this.scan.end();
    finish(this.ctx);
    if (this.ctx.fatal) return;
    this.cut();
    if (this.twice.size) {
      this.held.view = { ...this.ready.at(-1)!.view, children: this.held.view.children };
      this.ready.push(this.held);
    }
    yield* this.ready.splice(0);
  }

  /**
   * After the last chunk: the issues not handed on with a chunk (a
   * file-level error among them, and the counts of issues past the
   * reader's per-rule cap) and whether the file failed as a whole.
   */
  end(): { issues: Issue[]; fatal: boolean } {
    return { issues: this.ctx.result().issues, fatal: this.ctx.fatal };
  }

  private cut(): void {
    const rows = emptyRows();
    for (const table of Object.keys(rows) as CinTable[]) {
      rows[table] = this.ctx.rows[table];
      this.ctx.rows[table] = [];
    }
    const view = this.scan.view;
    const children = view.children.splice(0, this.scan.completed);
    this.ready.push({
      rows,
      issues: this.ctx.issues.splice(0),
      view: {
        file: view.file,
        ...(view.year ? { year: view.year } : {}),
        ...(view.referenceDate ? { referenceDate: view.referenceDate } : {}),
        children: this.twice.size
          ? children.filter((c) => {
              // The scan keeps an id as written; the parser, and so `twice`, decodes its references.
              const held = c.id !== undefined && this.twice.has(decodeXmlReferences(c.id.text));
              if (held) this.held.view.children.push(c);
              return !held;
            })
          : children,
      },
    });
    this.scan.completed = 0;
    this.pending = 0;
  }
}

/**
 * The LAchildIDs the file lists more than once, from a scan of its bytes
 * for `<LAchildID>` (a namespace prefix allowed): the reader's own ids,
 * decoded as the parser decodes them (UTF-8, entities and character
 * references) and trimmed. The bytes are searched as they are (no regular
 * expression): the file is read twice.
 */
export async function idsListedTwice(path: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  let carry: Buffer | undefined;
  try {
    for await (const block of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      const bytes = carry?.length ? Buffer.concat([carry, block]) : block;
      let end = 0;
      for (let at = bytes.indexOf(LACHILDID); at !== -1; at = bytes.indexOf(LACHILDID, at + 1)) {
        if (tagStart(bytes, at) < end) continue;
        const from = at + LACHILDID.length;
        const lt = bytes.indexOf(LT, from);
        if (lt === -1) break;
        const written = bytes.toString("utf8", from, lt);
        const id = (written.includes("&") ? decodeXmlReferences(written) : written).trim();
        if (seen.has(id)) twice.add(id);
        else seen.add(id);
        end = lt + 1;
        at = lt;
      }
      carry = bytes.subarray(Math.max(end, bytes.length - 512));
    }
  } catch {
    // Unreadable: the reader says so.
  }
  return twice;
}

const LACHILDID = Buffer.from("LAchildID>", "latin1");
const LT = 0x3c;

/** Where the tag whose local name ends at `at` opens: its `<`, with any `prefix:` before the name; -1 if none. */
function tagStart(bytes: Buffer, at: number): number {
  let k = at - 1;
  if (bytes[k] === LT) return k;
  if (bytes[k] !== 0x3a) return -1;
  const colon = k;
  for (k--; k >= 0 && isNameByte(bytes[k]!); k--);
  return k < colon - 1 && bytes[k] === LT ? k : -1;
}

/** A byte of `[\w.-]`. */
function isNameByte(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) ||
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    b === 0x5f ||
    b === 0x2e ||
    b === 0x2d
  );
}
