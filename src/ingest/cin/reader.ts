/**
 * Reads a DfE CIN census XML return (any collection year 2017–2026) into
 * canonical rows plus issues.
 *
 * Why streamed: large councils' files run to hundreds of MB, so the file is
 * decoded chunk by chunk into saxes and one `<Child>` at a time is held,
 * turned into rows and dropped. Why never throwing: councils' files are
 * messy; every problem becomes an Issue with the line and element path. A
 * file that is not well-formed XML (or not a CIN census at all) gives one
 * error and no rows, because an import is all or nothing; within a
 * well-formed file, a record whose own dates are unusable is left out with
 * the records nested in it, and everything else is kept.
 *
 * Layout: format.ts (tables and result shapes), context.ts (the read's state
 * and value checks), elements.ts (SAX events into elements), header.ts,
 * child.ts and referral.ts (elements into rows). This module streams the
 * file through the parser and finishes the result.
 */

import { createReadStream } from "node:fs";
import { TextDecoder } from "node:util";
import { ReadContext } from "./context.ts";
import { Fatal, listen } from "./elements.ts";
import { CIN_TABLES, type CinReadOptions, type CinReadResult } from "./format.ts";

/** Bytes read at a time, and the slices the first chunk is parsed in. */
const CHUNK_BYTES = 1 << 20;
const SLICE_CHARS = 1 << 14;

export {
  CIN_TABLES,
  type CinReadOptions,
  type CinReadResult,
  type CinSummary,
  type CinTable,
} from "./format.ts";

/**
 * Reads a CIN census XML file. Resolves with the rows (keyed by canonical
 * table), the issues found and a summary; never rejects.
 */
export async function readCinCensus(path: string, options: CinReadOptions = {}): Promise<CinReadResult> {
  const ctx = new ReadContext(path, options);
  listen(ctx);
  return readStream(ctx);
}

/** Decodes the file chunk by chunk into the parser; a file-level error stops it. */
async function readStream(ctx: ReadContext): Promise<CinReadResult> {
  for await (const _ of parseFile(ctx));
  if (!ctx.fatal) finish(ctx);
  return ctx.result();
}

/**
 * What `parseFile` shows of each block before parsing it: its bytes, the
 * text decoded from them and the encoding; at the end, the decoder's last
 * text (no bytes).
 */
export type SeenBlock = (block: Buffer | undefined, text: string, encoding: string) => void;

/**
 * Feeds the file through the context's parser, pausing after each block of
 * bytes (`seen` is shown each block first): a streamed import takes the
 * children read so far at each pause. A file-level error ends it.
 */
export async function* parseFile(ctx: ReadContext, seen?: SeenBlock): AsyncGenerator<void> {
  let bytes = 0;
  let nonBlank = false;
  try {
    let decoder: TextDecoder | undefined;
    const stream = createReadStream(ctx.file, { highWaterMark: CHUNK_BYTES });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!decoder) decoder = new TextDecoder(detectEncoding(chunk));
      bytes += chunk.length;
      const text = decoder.decode(chunk, { stream: true });
      seen?.(chunk, text, decoder.encoding);
      if (!nonBlank && text.trim() !== "") nonBlank = true;
      // The first chunk in slices, so a junk file stops after a few errors rather than a megabyte of them.
      const slice = bytes > chunk.length ? text.length : SLICE_CHARS;
      for (let at = 0; at < text.length && !ctx.fatal; at += slice) {
        ctx.parser.write(slice >= text.length ? text : text.slice(at, at + slice));
      }
      if (ctx.fatal) {
        stream.destroy();
        break;
      }
      yield;
    }
    if (!ctx.fatal) {
      if (!nonBlank) {
        ctx.fail(
          "CIN_EMPTY",
          bytes === 0 ? "the file is empty" : "the file holds only blank space",
          1,
          "",
          "",
        );
      } else {
        if (decoder) {
          const text = decoder.decode();
          seen?.(undefined, text, decoder.encoding);
          ctx.parser.write(text);
        }
        if (!ctx.fatal) ctx.parser.close();
      }
    }
  } catch (e) {
    if (!(e instanceof Fatal)) {
      const message = e instanceof Error ? e.message : String(e);
      const code = (e as { code?: string }).code;
      ctx.fail(
        code ? "CIN_READ" : "CIN_INTERNAL",
        code
          ? `cannot read the file: ${message}`
          : `the reader failed on this file (${message}); please report it`,
        ctx.parser.line,
        ctx.currentPath(),
        "",
      );
    }
  }
}

/** Fails a file with no child or no LA (after the last block); gives rows read before the LA was known the LA. */
export function finish(ctx: ReadContext): void {
  if (ctx.childIndex === 0) {
    ctx.fail(
      "CIN_NO_CHILDREN",
      ctx.sawChildren
        ? "the file lists no <Child>"
        : "the file has no <Children> element: it holds no children",
      1,
      "Message",
      "",
    );
    return;
  }
  if (!ctx.la) {
    ctx.fail(
      "CIN_NO_LA",
      "the file names no LA (Header/Source/LEA) and none was given: give the council's LA code",
      1,
      "Message/Header/Source/LEA",
      ctx.fileLa ?? "",
    );
    return;
  }
  if (ctx.rowsBeforeLa) {
    for (const table of CIN_TABLES) for (const row of ctx.rows[table]) row.la_code ??= ctx.la;
  }
}

/** The text encoding: a byte-order mark, UTF-16 without one, or the XML declaration's; UTF-8 otherwise. */
function detectEncoding(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  if (head[0] === 0x3c && head[1] === 0x00) return "utf-16le";
  if (head[0] === 0x00 && head[1] === 0x3c) return "utf-16be";
  const decl = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    head.subarray(0, 200).toString("latin1"),
  );
  const declared = decl?.[1]?.toLowerCase();
  if (declared && /^(windows-1252|cp1252|iso-8859-1|latin-?1|us-ascii)$/.test(declared))
    return "windows-1252";
  return "utf-8";
}
