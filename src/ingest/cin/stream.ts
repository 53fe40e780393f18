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
 */
import type { Row } from "../../db/database.ts";
import type { Issue } from "../issues.ts";
import { type CinReturnView, CinScan } from "../validate/cinReturn.ts";
import { ReadContext } from "./context.ts";
import { listen } from "./elements.ts";
import { type CinReadOptions, type CinTable, emptyRows } from "./format.ts";
import { finish, parseFile } from "./reader.ts";

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
      },
      close: (line) => {
        this.pending++;
        this.lastClose = line;
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
    for await (const _ of parseFile(this.ctx, (block) => this.scan.write(block))) {
      yield* this.ready.splice(0);
    }
    if (this.ctx.fatal) return;
    this.scan.end();
    finish(this.ctx);
    if (this.ctx.fatal) return;
    this.cut();
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
    this.ready.push({
      rows,
      issues: this.ctx.issues.splice(0),
      view: {
        file: view.file,
        ...(view.year ? { year: view.year } : {}),
        ...(view.referenceDate ? { referenceDate: view.referenceDate } : {}),
        children: view.children.splice(0, this.scan.completed),
      },
    });
    this.scan.completed = 0;
    this.pending = 0;
  }
}
