/**
 * The 903 XML form read as a stream: the file is decoded a block at a time
 * into saxes, one `<CHILD>` element at a time is built, turned into the
 * same records as xml.ts makes (`rootKid`) and dropped, and every
 * `childrenPerBatch` children the records read so far are handed on
 * (`flush`), so a streamed import (stream.ts) stages them without holding
 * the file's records.
 *
 * Why a second pass over the bytes first: the whole-file reader decodes a
 * file as UTF-8 unless any byte of it is not, then as Windows-1252; which
 * one is known only at the end, so the bytes are checked before the parse.
 * Everything else (what is refused and how it is said, the element paths
 * and lines of the records, the order of the records) is the whole-file
 * reader's (readSetFile and xml.ts); stream.test.ts checks it.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { TextDecoder } from "node:util";
import { SaxesParser } from "saxes";
import { notTextReason } from "../text.ts";
import type { ReadContext } from "./context.ts";
import type { Ssda903FileSummary } from "./format.ts";
import { readSetFile } from "./reader.ts";
import { rootKid, type XmlNode } from "./xml.ts";

/** Bytes decoded at a time. */
const BLOCK = 1 << 16;
/** Children whose records are handed on together. */
const CHILDREN_PER_BATCH = 1000;

/**
 * Reads one file of set `set` into the context's records, calling `flush`
 * (which takes and empties `ctx.records`) every `childrenPerBatch` children
 * and at the end. A file that does not start with `<` is read as
 * readSetFile reads it (a CSV named .xml), then flushed once.
 */
export async function streamXmlSetFile(
  ctx: ReadContext,
  file: string,
  set: number,
  flush: () => void,
  childrenPerBatch = CHILDREN_PER_BATCH,
): Promise<void> {
  const head = await headOf(file);
  const encoding = head ? await encodingOf(file, head) : undefined;
  const first = head && encoding ? new TextDecoder(encoding.name).decode(head.subarray(encoding.skip)) : "";
  if (!head || !encoding || !first.trimStart().startsWith("<") || notTextReason(head, first)) {
    // Unreadable, empty, blank at its start, not text, or not XML: the whole-file reader says so (or reads it).
    await readSetFile(ctx, file, set);
    flush();
    return;
  }
  const summary: Ssda903FileSummary = { file, records: 0, children: 0 };
  ctx.files.push(summary);
  const parser = new SaxesParser({ position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let error: { error: string; line: number } | undefined;
  let n = 0;
  let pending = 0;
  const children = new Set<string>();
  parser.on("opentag", (tag) => {
    const name = tag.name.includes(":") ? tag.name.slice(tag.name.indexOf(":") + 1) : tag.name;
    const node: XmlNode = { name, line: parser.line, text: "", kids: [] };
    const parent = stack.at(-1);
    // Inside the root, an element is kept until it closes; the root itself keeps none of its children.
    if (parent && parent !== root) parent.kids.push(node);
    if (!parent) {
      root ??= node;
      if (node.name !== "EXPSSDA903") {
        error ??= { error: "", line: node.line };
        return;
      }
    }
    stack.push(node);
  });
  parser.on("text", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("cdata", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("closetag", () => {
    const node = stack.pop();
    if (!node || stack.length !== 1 || error) return;
    if (
      rootKid(ctx, file, set, node, n + 1, (table, r) => {
        children.add(r.v.CHILD!);
        ctx.records[table].push(r);
      })
    ) {
      n++;
      if (++pending >= childrenPerBatch) {
        pending = 0;
        flush();
      }
    }
  });
  parser.on("error", (e) => {
    error ??= { error: e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ""), line: parser.line };
  });
  try {
    const decoder = new TextDecoder(encoding.name);
    let skip = encoding.skip;
    for await (const block of createReadStream(file, { highWaterMark: BLOCK }) as AsyncIterable<Buffer>) {
      const text = decoder.decode(skip ? block.subarray(skip) : block, { stream: true });
      skip = 0;
      if (text) parser.write(text);
      if (error) break;
    }
    if (!error) {
      const rest = decoder.decode();
      if (rest) parser.write(rest);
      if (!error) parser.close();
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    ctx.fatal(
      file,
      code ? "SSDA903_READ" : "SSDA903_INTERNAL",
      code
        ? `cannot read the file: ${e instanceof Error ? e.message : String(e)}`
        : `the reader failed on this file (${e instanceof Error ? e.message : String(e)}); please report it`,
    );
    flush();
    return;
  }
  if (root && root.name !== "EXPSSDA903") {
    ctx.fatal(
      file,
      "SSDA903_NOT_903",
      `this is not an SSDA903 XML file: its root element is <${root.name}>, not <EXPSSDA903>`,
      { line: root.line },
    );
  } else if (error || !root) {
    const at = error ?? { error: "no root element", line: 1 };
    ctx.fatal(
      file,
      "SSDA903_XML",
      root
        ? `the XML is malformed or cut short (line ${at.line}: ${at.error})`
        : `the file is neither XML nor CSV (line ${at.line}: ${at.error})`,
      { line: at.line },
    );
  } else if (n === 0) {
    ctx.fatal(file, "SSDA903_NO_CHILDREN", "the file lists no <CHILD>", { line: root.line });
  } else {
    summary.table = "xml";
    summary.records = n;
    summary.children = children.size;
  }
  flush();
}

/** The file's first block, or undefined when it cannot be read or is empty. */
async function headOf(file: string): Promise<Buffer | undefined> {
  try {
    const handle = await open(file, "r");
    try {
      const buffer = Buffer.alloc(BLOCK);
      const { bytesRead } = await handle.read(buffer, 0, BLOCK, 0);
      return bytesRead > 0 ? buffer.subarray(0, bytesRead) : undefined;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/** The encoding decodeText (text.ts) would choose for the whole file, and the bytes of its byte-order mark. */
async function encodingOf(file: string, head: Buffer): Promise<{ name: string; skip: number } | undefined> {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { name: "utf-8", skip: 3 };
  // UTF-16 (with a byte-order mark or without): left to the whole-file reader, as councils do not write it.
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return undefined;
  const n = Math.min(head.length, 200) & ~1;
  let zeros = 0;
  for (let k = 0; k < n; k++) if (head[k] === 0) zeros++;
  if (zeros > 0) return undefined;
  const check = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const block of createReadStream(file, { highWaterMark: BLOCK }) as AsyncIterable<Buffer>)
      check.decode(block, { stream: true });
    check.decode();
    return { name: "utf-8", skip: 0 };
  } catch (e) {
    if (e instanceof TypeError) return { name: "windows-1252", skip: 0 };
    return undefined;
  }
}
