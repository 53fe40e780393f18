/**
 * A small streaming .xlsx reader: sheets in workbook order, rows one at a
 * time, cells as string, number, boolean, Date or `{ error }`.
 *
 * Why not exceljs's WorkbookReader: on real councils' workbooks (Excel writes
 * sharedStrings.xml and styles.xml after the sheets) it hands back unresolved
 * `{ sharedString: n }` cells and numbers instead of dates, and drops sheets.
 * Reading the zip's central directory first lets the shared strings and
 * styles be parsed before any sheet, whatever the entry order, and lets a
 * truncated or foreign file be recognised before any XML is parsed.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createInflateRaw } from "node:zlib";
import { SaxesParser } from "saxes";
import { decodeXmlReferences } from "../xmlText.ts";
import { SheetScanner } from "./sheetXml.ts";
import { readZipEnd } from "./zipEnd.ts";

/** Why a file is not a readable workbook. */
export class NotAWorkbook extends Error {}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

export interface SheetRow {
  /** 1-based row number. */
  number: number;
  /** Cells by 1-based column index (index 0 unused). */
  cells: unknown[];
}

export interface SheetReader {
  name: string;
  rows(): AsyncGenerator<SheetRow>;
}

/** Opens a workbook: reads its zip directory, shared strings and styles. Throws NotAWorkbook. */
export async function openWorkbook(path: string): Promise<SheetReader[]> {
  const entries = await readDirectory(path);
  const text = async (name: string): Promise<string | undefined> => {
    const e = entries.get(name);
    if (!e) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of entryStream(path, e)) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };
  const workbookXml = await text("xl/workbook.xml");
  if (workbookXml === undefined)
    throw new NotAWorkbook("this zip file is not an Excel workbook (no xl/workbook.xml)");
  const relsXml = (await text("xl/_rels/workbook.xml.rels")) ?? "";
  const rels = new Map<string, string>();
  for (const tag of elements(relsXml, "Relationship")) {
    if (tag.Id && tag.Target) rels.set(tag.Id, tag.Target);
  }
  const date1904 = /<workbookPr[^>]*date1904="(1|true)"/.test(workbookXml);
  const strings = await sharedStrings(entries.get("xl/sharedStrings.xml") ? path : undefined, entries);
  const dateStyles = styles((await text("xl/styles.xml")) ?? "");
  const sheets: SheetReader[] = [];
  let n = 0;
  for (const tag of elements(workbookXml, "sheet")) {
    n++;
    const rid = tag["r:id"] ?? Object.entries(tag).find(([k]) => k.endsWith(":id"))?.[1];
    const target = rid ? rels.get(rid) : undefined;
    const entryName = target
      ? target.startsWith("/")
        ? target.slice(1)
        : `xl/${target.replace(/^\.\//, "")}`
      : `xl/worksheets/sheet${n}.xml`;
    const entry = entries.get(entryName);
    if (!entry) continue;
    const name = decodeXmlReferences(tag.name ?? `sheet ${n}`);
    sheets.push({ name, rows: () => sheetRows(path, entry, strings, dateStyles, date1904) });
  }
  return sheets;
}

async function readDirectory(path: string): Promise<Map<string, ZipEntry>> {
  const size = (await stat(path)).size;
  const handle = await open(path, "r");
  try {
    const end = await readZipEnd(handle, size);
    if (!end) throw new NotAWorkbook("the workbook is truncated or corrupt (its zip directory is missing)");
    const { count, directorySize: cdSize, directoryOffset: cdOffset, endAt: eocdAt } = end;
    if (cdOffset + cdSize > eocdAt || count === 0 || cdOffset === 0xffffffff) {
      throw new NotAWorkbook("the workbook is truncated or corrupt (its zip directory is damaged)");
    }
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const entries = new Map<string, ZipEntry>();
    for (let at = 0, k = 0; k < count; k++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) {
        throw new NotAWorkbook("the workbook is truncated or corrupt (its zip directory is damaged)");
      }
      const nameLength = cd.readUInt16LE(at + 28);
      const name = cd.subarray(at + 46, at + 46 + nameLength).toString("utf8");
      const entry = {
        name,
        method: cd.readUInt16LE(at + 10),
        compressedSize: cd.readUInt32LE(at + 20),
        localOffset: cd.readUInt32LE(at + 42),
      };
      if (entry.localOffset + entry.compressedSize > cdOffset) {
        throw new NotAWorkbook("the workbook is truncated or corrupt (a part lies outside the file)");
      }
      entries.set(name, entry);
      at += 46 + nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
    }
    for (const e of entries.values()) {
      const local = Buffer.alloc(30);
      await handle.read(local, 0, 30, e.localOffset);
      if (local.readUInt32LE(0) !== 0x04034b50) {
        throw new NotAWorkbook(`the workbook is corrupt (part ${e.name} is damaged)`);
      }
      e.localOffset += 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    }
    return entries;
  } finally {
    await handle.close();
  }
}

function entryStream(path: string, e: ZipEntry): AsyncIterable<Buffer> {
  if (e.method !== 0 && e.method !== 8) {
    throw new NotAWorkbook(
      `part ${e.name} uses zip compression method ${e.method}, which Excel does not write`,
    );
  }
  if (e.compressedSize === 0) return (async function* () {})();
  const raw = createReadStream(path, {
    start: e.localOffset,
    end: e.localOffset + e.compressedSize - 1,
    highWaterMark: 1 << 20,
  });
  if (e.method === 0) return raw;
  const inflate = createInflateRaw({ chunkSize: 1 << 18 });
  raw.on("error", (err) => inflate.destroy(err));
  return raw.pipe(inflate);
}

async function sharedStrings(path: string | undefined, entries: Map<string, ZipEntry>): Promise<string[]> {
  const entry = entries.get("xl/sharedStrings.xml");
  if (!path || !entry) return [];
  const strings: string[] = [];
  const parser = new SaxesParser();
  let current: string | undefined;
  let inT = false;
  let phonetic = 0;
  parser.on("opentag", (t) => {
    if (t.name === "si") current = "";
    else if (t.name === "rPh") phonetic++;
    else if (t.name === "t" && phonetic === 0) inT = true;
  });
  parser.on("text", (s) => {
    if (inT && current !== undefined) current += s;
  });
  parser.on("closetag", (t) => {
    if (t.name === "t") inT = false;
    else if (t.name === "rPh") phonetic--;
    else if (t.name === "si") {
      strings.push(current ?? "");
      current = undefined;
    }
  });
  await feed(parser, entryStream(path, entry));
  return strings;
}

async function feed(parser: SaxesParser, stream: AsyncIterable<Buffer>): Promise<void> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of stream) parser.write(decoder.decode(chunk, { stream: true }));
  parser.write(decoder.decode());
  parser.close();
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Style index → true when its number format shows a date. */
function styles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const tag of elements(xml, "numFmt")) {
    custom.set(Number(tag.numFmtId), decodeXmlReferences(tag.formatCode ?? ""));
  }
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? "";
  return elements(xfs, "xf").map((tag) => {
    const id = Number(tag.numFmtId ?? 0);
    if (BUILTIN_DATE_FORMATS.has(id)) return true;
    const code = custom.get(id);
    if (!code) return false;
    const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
    return /[dy]/i.test(bare) || /m.*[dy]|[dy].*m/i.test(bare);
  });
}

async function* sheetRows(
  path: string,
  entry: ZipEntry,
  strings: string[],
  dateStyles: boolean[],
  date1904: boolean,
): AsyncGenerator<SheetRow> {
  const scanner = new SheetScanner((type, text, style) =>
    cellValue(type, text, style, strings, dateStyles, date1904),
  );
  const done = scanner.rows;
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of entryStream(path, entry)) {
    scanner.write(decoder.decode(chunk, { stream: true }));
    yield* done.splice(0);
  }
  scanner.write(decoder.decode());
  scanner.end();
  yield* done.splice(0);
}

function cellValue(
  type: string,
  text: string,
  style: number,
  strings: string[],
  dateStyles: boolean[],
  date1904: boolean,
): unknown {
  switch (type) {
    case "s":
      return strings[Number(text)] ?? "";
    case "str":
    case "inlineStr":
      return text;
    case "b":
      return text === "1" || text === "true";
    case "e":
      return { error: text };
    case "d":
      return text;
    default: {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) return text;
      if (dateStyles[style]) return new Date(Math.round((n - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
      return n;
    }
  }
}

/** The attributes of every `<name …>` element in a small XML part. */
function elements(xml: string, name: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const re = new RegExp(`<(?:\\w+:)?${name}\\b([^>]*)>`, "g");
  for (const m of xml.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([\w:]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    out.push(attrs);
  }
  return out;
}
