/**
 * Works out which return each file is, from its content rather than its name
 * (except SSD tables, whose file name is the only place their table is named).
 *
 * Why from content: councils rename files freely ("CIN 2024 final v3.xml",
 * "export (2).csv"); a PDF or a workbook saved under the wrong extension
 * must be refused with a reason instead of reaching a reader. Only the first
 * 64 KB of a file is looked at, so detection is cheap for a 200 MB census.
 * `--as` forces a format for every file given; folders are expanded
 * (recursively, hidden files skipped) in name order.
 */
import { open, readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { UserError } from "../errors/userError.ts";
import { tableForFile } from "./ssd/reader.ts";
import { SSDA903_FILES } from "./ssda903/reader.ts";
import { decodeText, normaliseHeader, notTextReason, parseCsv } from "./text.ts";

/** The returns this product imports. */
export const FORMATS = ["annex-a", "cin", "903", "ssd"] as const;
export type Format = (typeof FORMATS)[number];

/** Plain-English names of the formats, for messages. */
export const FORMAT_NAMES: Record<Format, string> = {
  "annex-a": "Annex A workbook",
  cin: "CIN census",
  "903": "SSDA903 return",
  ssd: "SSD tables",
};

/** A file's detected format, or why none was recognised. */
export type Detection = { format: Format } | { format?: undefined; reason: string };

const SNIFF_BYTES = 64 * 1024;

/** Reads a `--as` value; throws a one-line error for anything else. */
export function parseFormat(text: string): Format {
  const f = text
    .trim()
    .toLowerCase()
    .replace(/^annexa$/, "annex-a")
    .replace(/^ssda903$/, "903");
  if ((FORMATS as readonly string[]).includes(f)) return f as Format;
  throw new UserError(`--as must be one of ${FORMATS.join(", ")} (got "${text}")`);
}

/** Expands folders into the files they hold (recursively, in name order); files are kept as given. */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  return (await expandPathsFrom(paths)).map((p) => p.path);
}

/** Like expandPaths, saying which files were found inside a folder rather than named. */
export async function expandPathsFrom(
  paths: readonly string[],
): Promise<{ path: string; fromFolder: boolean }[]> {
  const out: { path: string; fromFolder: boolean }[] = [];
  for (const p of paths) {
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(p);
    } catch {
      throw new UserError(`${p} does not exist`);
    }
    if (s.isDirectory()) {
      const names = (await readdir(p)).filter((n) => !n.startsWith(".")).sort();
      const inner = await expandPathsFrom(names.map((n) => join(p, n)));
      if (inner.length === 0) throw new UserError(`the folder ${p} holds no files`);
      out.push(...inner.map((x) => ({ path: x.path, fromFolder: true })));
    } else out.push({ path: p, fromFolder: false });
  }
  const seen = new Set<string>();
  return out.filter((x) => !seen.has(x.path) && seen.add(x.path));
}

/** Detects one file's format from its first 64 KB (and, for SSD tables, its name). */
export async function detectFormat(path: string): Promise<Detection> {
  const head = await sniff(path);
  return head instanceof Uint8Array ? detectBytes(basename(path), head) : head;
}

/** A file's first 64 KB, or why it cannot be read. */
async function sniff(path: string): Promise<Uint8Array | { reason: string }> {
  try {
    const handle = await open(path, "r");
    try {
      const buffer = new Uint8Array(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    return { reason: `cannot be read (${e instanceof Error ? e.message.split("\n")[0] : String(e)})` };
  }
}

/**
 * Why no reader could use a file whatever format `--as` forces (it is empty,
 * a PDF, an old-style Office file or binary junk), from its first bytes; a
 * zip or Parquet file is left to the forced format's reader.
 */
export function unusableReason(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return "is empty";
  const head = String.fromCharCode(...bytes.subarray(0, 8));
  if (head.startsWith("%PDF")) return "is a PDF document, not a data file";
  if (head.startsWith("PK\u0003\u0004") || head.startsWith("PAR1")) return undefined;
  if (head.startsWith("\u00d0\u00cf\u0011\u00e0")) {
    return "is an old-style Excel (.xls) or Office file: save it as .xlsx and try again";
  }
  const notText = notTextReason(bytes, decodeText(bytes).text);
  return notText ? `is not a recognised data file (${notText})` : undefined;
}

/** Detects a format from a file name and its first bytes. */
export function detectBytes(name: string, bytes: Uint8Array): Detection {
  if (bytes.length === 0) return { reason: "is empty" };
  const head = String.fromCharCode(...bytes.subarray(0, 8));
  if (head.startsWith("%PDF")) return { reason: "is a PDF document, not a data file" };
  if (head.startsWith("PK\u0003\u0004")) {
    const names = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 8192)));
    if (/xl\/|\[Content_Types\]\.xml/.test(names)) return { format: "annex-a" };
    return { reason: "is a zip archive but not an Excel workbook (.xlsx)" };
  }
  if (head.startsWith("PAR1")) {
    return tableForFile(name)
      ? { format: "ssd" }
      : { reason: "is a Parquet file not named after an SSD table (e.g. ssd_cin_episodes.parquet)" };
  }
  if (head.startsWith("\u00d0\u00cf\u0011\u00e0")) {
    return { reason: "is an old-style Excel (.xls) or Office file: save it as .xlsx and try again" };
  }
  const { text } = decodeText(bytes);
  const notText = notTextReason(bytes, text);
  if (notText) return { reason: `is not a recognised data file (${notText})` };
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("<")) return detectXml(body);
  if (tableForFile(name)) return { format: "ssd" };
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const header = parseCsv(firstLine).records[0]?.map(normaliseHeader) ?? [];
  if (header.length > 1) {
    const have = new Set(header);
    for (const cols of Object.values(SSDA903_FILES)) {
      if (cols.every((c) => have.has(c))) return { format: "903" };
    }
    if (/^ssd/i.test(name)) {
      return { reason: "looks like an SSD table but its name is not a table's (e.g. ssd_cin_episodes.csv)" };
    }
    return {
      reason: `is a table whose columns (${header.slice(0, 4).join(", ")}${header.length > 4 ? ", …" : ""}) match no SSDA903 file and whose name is no SSD table's`,
    };
  }
  return {
    reason: "is not a recognised return (Annex A .xlsx, CIN census XML, SSDA903 CSV or XML, SSD tables)",
  };
}

function detectXml(text: string): Detection {
  const root = /<([A-Za-z_][\w.:-]*)/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ""));
  const name = root?.[1]?.replace(/^.*:/, "");
  if (!name) return { reason: "is XML with no root element" };
  if (name === "EXPSSDA903") return { format: "903" };
  if (name === "Message") {
    const collection = /<(?:\w+:)?Collection>\s*([^<]*?)\s*</.exec(text)?.[1];
    if (collection === undefined || /^CIN/i.test(collection)) return { format: "cin" };
    return { reason: `is a DfE ${collection} return, not a CIN census` };
  }
  return { reason: `is XML whose root element <${name}> is neither a CIN census nor an SSDA903 return` };
}

/** Files grouped by format. */
export interface DetectedFiles {
  byFormat: Map<Format, string[]>;
  unknown: { path: string; reason: string }[];
}

/**
 * Detects every file's format, or uses `forced` for all except a file no
 * format could use (see unusableReason): refusing that from its first
 * 64 KB spares reading gigabytes of junk.
 */
export async function detectFiles(paths: readonly string[], forced?: Format): Promise<DetectedFiles> {
  const byFormat = new Map<Format, string[]>();
  const unknown: DetectedFiles["unknown"] = [];
  for (const path of paths) {
    const d: Detection = forced ? await forcedDetection(path, forced) : await detectFormat(path);
    if (d.format === undefined) unknown.push({ path, reason: d.reason });
    else byFormat.set(d.format, [...(byFormat.get(d.format) ?? []), path]);
  }
  return { byFormat, unknown };
}

async function forcedDetection(path: string, forced: Format): Promise<Detection> {
  const head = await sniff(path);
  if (!(head instanceof Uint8Array)) return head;
  const reason = unusableReason(head);
  return reason ? { reason } : { format: forced };
}
