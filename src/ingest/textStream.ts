/**
 * A file's text decoded a block at a time, in the encoding `decodeText`
 * (text.ts) chooses for the whole file, for the streamed readers.
 *
 * Why a first pass over the bytes: without a byte-order mark or UTF-16's
 * zero bytes, the whole-file decoding reads UTF-8 unless any byte of the
 * file is not valid UTF-8, and then Windows-1252; only the whole file
 * tells, so its bytes are checked (and let go) before it is decoded.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { TextDecoder } from "node:util";
import { encodingFromHead, notTextReason, type TextEncoding } from "./text.ts";

/**
 * Bytes read at a time: 64 KiB, about 900 903 episodes, whose records are
 * staged and dropped while still young to the garbage collector; a
 * megabyte's 14,000 outlive it and cost a streamed staging half again as
 * much CPU (docs/benchmarks.md).
 */
export const TEXT_BLOCK = 1 << 16;

/** The bytes `encodingFromHead` and `notTextReason` look at. */
const HEAD = 256;

/** A file's first bytes (empty when the file is) and the encoding of its text, after `skip` bytes of byte-order mark. */
export interface FileText {
  head: Uint8Array;
  encoding: TextEncoding;
  skip: number;
}

/** The file's first bytes and its encoding; rejects as `readFile` does when it cannot be read. */
export async function fileText(file: string, blockSize = TEXT_BLOCK): Promise<FileText> {
  const handle = await open(file, "r");
  let head: Uint8Array;
  try {
    const buffer = Buffer.alloc(HEAD);
    const { bytesRead } = await handle.read(buffer, 0, HEAD, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const known = encodingFromHead(head);
  if (known) return { head, ...known };
  const check = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const block of createReadStream(file, { highWaterMark: blockSize }) as AsyncIterable<Buffer>)
      check.decode(block, { stream: true });
    check.decode();
    return { head, encoding: "utf-8", skip: 0 };
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_ENCODING_INVALID_ENCODED_DATA")
      return { head, encoding: "windows-1252", skip: 0 };
    throw e;
  }
}

/** The file's text after its byte-order mark, decoded `blockSize` bytes at a time (no empty strings). */
export async function* decodedBlocks(
  file: string,
  text: FileText,
  blockSize = TEXT_BLOCK,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(text.encoding);
  const stream = createReadStream(file, {
    highWaterMark: blockSize,
    start: text.skip,
  }) as AsyncIterable<Buffer>;
  for await (const block of stream) {
    const decoded = decoder.decode(block, { stream: true });
    if (decoded) yield decoded;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The characters `notTextReason` looks at. */
const SAMPLE = 4096;

/** A file opened for its text a block at a time, after a look at its start. */
export interface OpenedText {
  /** The file has no bytes (then there is no text, and nothing to close). */
  empty: boolean;
  /** Why it is not text (`notTextReason`), when it is not. */
  notText?: string;
  /** It holds only blank space. */
  blank: boolean;
  /** Its first blocks of text, at least up to its first character that is not blank space. */
  start: string;
  /** Its whole text from the start (`start` first), a block at a time. */
  texts: AsyncIterable<string>;
  /** Closes the file when its text was not read to the end. */
  close(): Promise<void>;
}

/**
 * Opens `file` for the streamed readers, telling what the whole-file
 * readers tell before parsing (empty, not text, blank space); rejects as
 * `readFile` does when it cannot be read.
 */
export async function openText(file: string, blockSize = TEXT_BLOCK): Promise<OpenedText> {
  const text = await fileText(file, blockSize);
  if (text.head.length === 0)
    return { empty: true, blank: true, start: "", texts: (async function* () {})(), close: async () => {} };
  const blocks = decodedBlocks(file, text, blockSize);
  const close = async () => {
    await blocks.return(undefined);
  };
  try {
    let start = "";
    let blank = true;
    while (blank || start.length < SAMPLE) {
      const next = await blocks.next();
      if (next.done) break;
      start += next.value;
      blank &&= !/\S/.test(next.value);
    }
    const notText = notTextReason(text.head, start);
    const texts = (async function* () {
      yield start;
      yield* blocks;
    })();
    return { empty: false, ...(notText ? { notText } : {}), blank, start, texts, close };
  } catch (e) {
    await close();
    throw e;
  }
}
