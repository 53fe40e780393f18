/**
 * One file of a 903 return read as a stream, the streamed import's
 * readSetFile: its text decoded a block at a time (textStream.ts), a CSV
 * file split into records a block at a time (csvStream.ts) and an XML file
 * a `<CHILD>` at a time (xmlStream.ts), the records read so far handed on
 * to be staged after each block, so that no whole file's records are held.
 *
 * Why the file's issues are kept apart until its end: the whole-file
 * reader refuses some files only once it has read them all (a quoted value
 * never closed, XML cut short), and then reports that error alone and
 * keeps none of the file's records; the streamed read has staged them by
 * then, so it reports the same error alone and its caller takes the staged
 * records back. What is refused and how it is said (an empty file, not
 * text, blank space, a header of no 903 file) is readSetFile's.
 */
import { type CsvRecords, CsvStream } from "../csvStream.ts";
import { own } from "../text.ts";
import { openText, TEXT_BLOCK } from "../textStream.ts";
import { ReadContext } from "./context.ts";
import { type CsvHeader, csvHeader, csvRecord, noRows, unterminatedQuote } from "./csv.ts";
import type { FileRead, Records, Ssda903FileSummary } from "./format.ts";
import { failure } from "./reader.ts";
import { CHILDREN_PER_BATCH, streamXml } from "./xmlStream.ts";

/** Block and batch sizes (smaller in tests). */
export interface StreamSizes {
  /** Bytes read and decoded at a time. */
  blockSize?: number;
  /** Children of an XML file handed on together. */
  childrenPerBatch?: number;
}

/**
 * Reads `file` of set `set` as readSetFile reads it, handing the records
 * read so far to `flush` (which takes and empties them) after each block
 * of a CSV file and each batch of children of an XML file. Resolves false
 * when the file was not read: whatever was flushed must be taken back.
 * Never rejects.
 */
export async function streamSetFile(
  ctx: ReadContext,
  file: string,
  set: number,
  flush: (records: Records) => void,
  sizes: StreamSizes = {},
): Promise<boolean> {
  const summary: Ssda903FileSummary = { file, records: 0, children: 0 };
  ctx.files.push(summary);
  const perRule = new Map([...ctx.perRule].map(([rule, count]) => [rule, { ...count }]));
  const own = new ReadContext(ctx.options, { issues: [], perRule });
  let got: FileRead;
  try {
    got = await read(own, file, set, () => flush(own.records), sizes);
  } catch (e) {
    got = { fatal: failure(e) };
  }
  if (got && "fatal" in got) {
    ctx.fatal(file, ...got.fatal);
    return false;
  }
  ctx.issues.push(...own.issues);
  for (const [rule, count] of own.perRule) ctx.perRule.set(rule, count);
  if (!got) return false;
  Object.assign(summary, got);
  return true;
}

async function read(
  ctx: ReadContext,
  file: string,
  set: number,
  flush: () => void,
  sizes: StreamSizes,
): Promise<FileRead> {
  const opened = await openText(file, sizes.blockSize ?? TEXT_BLOCK);
  if (opened.empty) return { fatal: ["SSDA903_EMPTY", "the file is empty"] };
  try {
    if (opened.notText)
      return { fatal: ["SSDA903_NOT_903", `this is not an SSDA903 file: ${opened.notText}`] };
    if (opened.blank) return { fatal: ["SSDA903_EMPTY", "the file holds only blank space"] };
    return opened.start.trimStart().startsWith("<")
      ? await streamXml(ctx, file, set, opened.texts, flush, sizes.childrenPerBatch ?? CHILDREN_PER_BATCH)
      : await streamCsv(ctx, file, set, opened.texts, flush);
  } finally {
    await opened.close();
  }
}

/** A CSV file's records into the context's records, as csv.ts reads them, flushed after each block. */
async function streamCsv(
  ctx: ReadContext,
  file: string,
  set: number,
  texts: AsyncIterable<string>,
  flush: () => void,
): Promise<FileRead> {
  const parser = new CsvStream();
  let header: CsvHeader | undefined;
  /** Records after the header, once it is read. */
  let records = -1;
  const children = new Set<string>();
  const take = ({ records: list, lines }: CsvRecords) => {
    let k = 0;
    if (records < 0 && list.length > 0) {
      header = csvHeader(ctx, file, list[0]!);
      k = 1;
    }
    records += list.length;
    // A header of no 903 file: the rest is split only to find a quoted value never closed.
    if (!header) return;
    const known = header;
    const into = ctx.records[known.table];
    for (; k < list.length; k++) {
      const r = csvRecord(ctx, file, set, known, list[k]!, lines[k]!);
      if (r) {
        // A copy: an id of 13 characters or more is otherwise a pointer into its block of text.
        children.add(own(r.v.CHILD!));
        into.push(r);
      }
    }
  };
  for await (const text of texts) {
    take(parser.push(text));
    flush();
  }
  take(parser.end());
  if (parser.unterminatedQuoteLine !== undefined)
    return { fatal: unterminatedQuote(parser.unterminatedQuoteLine) };
  flush();
  if (!header) return undefined;
  if (records === 0) noRows(ctx, file, header.table);
  return { table: header.table, records, children: children.size };
}
