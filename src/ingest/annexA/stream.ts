/**
 * Reads an Annex A workbook a chunk of children at a time, through a
 * DuckDB staging table, so that an import never holds the workbook's
 * records in JavaScript.
 *
 * Why staged, when the sheets are already streamed row by row: a child's
 * records lie on several sheets (a referral on List 3, its assessment on
 * List 4, the plan on List 7, in any sheet order), and the builders need
 * all of a child's records together: List 6 completes List 3's referrals,
 * Lists 4, 5 and 7 link to the latest referral or conference on or before
 * their date, a person is made from the first list naming the child and
 * completed (or contradicted) by the rest, and ids count repeats per child.
 * No order of the file gives that, so each record read (its values, as
 * values.ts reads them) is appended to a staging table in an in-memory
 * DuckDB of its own (which spills past STAGING_MEMORY to a folder under
 * the workspace), then handed back ordered by child, a chunk of children
 * at a time, in list and reading order within the chunk, and built by the
 * same builders as readAnnexA (reader.ts `build`) in a context of its own.
 * Every builder looks at one child's records at a time, so a chunk's rows
 * are those children's rows of the whole workbook; what needs the whole
 * workbook (no list, no rows, lists read but not imported) is known once
 * staged, before any chunk. Issues go to one sink, so the per-rule caps
 * are the workbook's; `closing` gives the counts past them.
 */
import type { Row } from "../../db/database.ts";
import { byChunk, numberChunks, openStaging } from "../../db/staging.ts";
import { cappedIssueLines, type Issue } from "../issues.ts";
import { type IssueSink, MAX_ISSUES_PER_RULE, ReadContext, type Rec } from "./context.ts";
import type { AnnexAReadOptions, AnnexATable } from "./format.ts";
import { build, checkLists } from "./reader.ts";
import { checkContainer, readSheets } from "./workbook.ts";

/** Children per chunk: a chunk's rows and rule indexes stay some tens of megabytes. */
export const ANNEXA_CHILDREN_PER_CHUNK = 20_000;

/** The staging database's memory before it spills to its temporary folder. */
const STAGING_MEMORY = "256MB";
/** The name its spill folders start with (a killed import's leftovers are found by it). */
export const ANNEXA_STAGING_PREFIX = ".staging-annexa-";

/** One chunk of children: their canonical rows and the reader's issues found building them. */
export interface AnnexAChunk {
  rows: Record<AnnexATable, Row[]>;
  issues: Issue[];
}

/** A staged workbook: what is known of the whole, and its chunks to read once. */
export interface StagedAnnexA {
  /** Issues found while staging: every cell's, and a file-level error (then no chunks). */
  issues: Issue[];
  /** Records staged (rows of Lists 1–10 with a child id and a usable key date). */
  records: number;
  /** The chunks of children, in child id order. */
  chunks(): AsyncGenerator<AnnexAChunk>;
  /** The counts of issues past the reader's per-rule cap (after the last chunk). */
  closing(): Issue[];
  close(): void;
}

/**
 * Reads the workbook at `path` into a staging table (the caller closes the
 * result). A file-level error (not a workbook, no lists …) is an issue, as
 * readAnnexA gives it, and leaves nothing to chunk.
 */
export async function stageAnnexA(
  path: string,
  options: AnnexAReadOptions & { spillUnder?: string },
  childrenPerChunk = ANNEXA_CHILDREN_PER_CHUNK,
): Promise<StagedAnnexA> {
  const sink: IssueSink = { issues: [], perRule: new Map() };
  // Its own database, spilling past STAGING_MEMORY to a folder of its own under the workspace's folder.
  const { connection: c, close } = await openStaging({
    under: options.spillUnder,
    prefix: ANNEXA_STAGING_PREFIX,
    memoryLimit: STAGING_MEMORY,
  });
  try {
    await c.run(
      "CREATE TABLE stg (seq INTEGER, child VARCHAR, list UTINYINT, sheet USMALLINT, row INTEGER, v VARCHAR)",
    );
    const appender = await c.createAppender("stg");
    const sheets: string[] = [];
    const sheetIndex = new Map<string, number>();
    let seq = 0;
    const stage = new ReadContext(path, options, sink);
    stage.onRecord = (list, rec) => {
      let sheet = sheetIndex.get(rec.sheet);
      if (sheet === undefined) {
        sheet = sheets.length;
        sheets.push(rec.sheet);
        sheetIndex.set(rec.sheet, sheet);
      }
      appender.appendInteger(seq++);
      appender.appendVarchar(rec.childId);
      appender.appendUTinyInt(list);
      appender.appendUSmallInt(sheet);
      appender.appendInteger(rec.row);
      appender.appendVarchar(JSON.stringify([rec.v, rec.raw]));
      appender.endRow();
    };
    try {
      if (await checkContainer(stage)) await readSheets(stage);
      if (!stage.fatal) checkLists(stage);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      stage.fail(
        "ANNEXA_FILE",
        `the workbook cannot be read (${message}): it is corrupt or not an .xlsx file`,
      );
    }
    appender.closeSync();
    const issues = sink.issues.splice(0);
    if (stage.fatal) {
      return { issues, records: 0, chunks: async function* () {}, closing: () => [], close };
    }
    // Each child's chunk number, children in id order.
    await numberChunks(c, "stg", childrenPerChunk);
    return {
      issues,
      records: seq,
      async *chunks() {
        // Within a chunk, list by list in reading order, as readAnnexA holds its records.
        let ctx = new ReadContext(path, options, sink);
        const finishChunk = (): AnnexAChunk => {
          build(ctx);
          const out = { rows: ctx.rows, issues: sink.issues.splice(0) };
          ctx = new ReadContext(path, options, sink);
          return out;
        };
        yield* byChunk(
          c,
          "SELECT k.chunk, s.child, s.list, s.sheet, s.row, s.v FROM stg s JOIN chunks k USING (child) ORDER BY k.chunk, s.list, s.seq",
          (columns, k) => {
            const [, childCol, listCol, sheetCol, rowCol, vCol] = columns as [
              number[],
              string[],
              number[],
              number[],
              number[],
              string[],
            ];
            const [v, raw] = JSON.parse(vCol[k]!) as [Rec["v"], Rec["raw"]];
            ctx.keep(listCol[k]!, {
              sheet: sheets[sheetCol[k]!]!,
              row: rowCol[k]!,
              childId: childCol[k]!,
              v,
              raw,
            });
          },
          finishChunk,
        );
      },
      closing: () => [...sink.issues.splice(0), ...cappedIssueLines(sink.perRule, MAX_ISSUES_PER_RULE, path)],
      close,
    };
  } catch (e) {
    close();
    throw e;
  }
}
