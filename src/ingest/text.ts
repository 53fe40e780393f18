/**
 * Text-file plumbing shared by the readers of delimited files (SSDA903 CSV
 * set, SSD table exports): decoding whatever encoding a council's system or
 * Excel wrote, and (from csvStream.ts) splitting RFC 4180 CSV into records
 * with their line numbers.
 *
 * Why hand-written rather than a CSV package: the readers need the line each
 * record starts on (for issues), must never throw on junk, and must be fast
 * enough for a million-row episodes file; a single pass over the decoded
 * string does all three.
 */
import { TextDecoder } from "node:util";

export { type CsvTable, parseCsv } from "./csvStream.ts";

/**
 * A flat copy of a string: a value sliced out of a large decoded block of a
 * file (V8 keeps a slice of 13 characters or more as a pointer into its
 * parent) would otherwise keep the whole block alive for as long as the
 * value is held.
 */
export function own(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** The encodings `decodeText` recognises. */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** Decoded text and what it was decoded from. */
export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** True when a byte-order mark was present (and removed). */
  bom: boolean;
}

/**
 * Decodes a file's bytes: a byte-order mark decides (UTF-8, UTF-16 LE/BE, as
 * Excel saves "Unicode text"); without one, UTF-16 is recognised by its zero
 * bytes, valid UTF-8 is read as UTF-8 and anything else as Windows-1252 (the
 * code page of older UK council systems). Never throws.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const known = encodingFromHead(bytes);
  if (known) {
    const { encoding, skip } = known;
    return { text: decode(encoding, bytes.subarray(skip)), encoding, bom: skip > 0 };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8", bom: false };
  } catch {
    return { text: decode("windows-1252", bytes), encoding: "windows-1252", bom: false };
  }
}

/**
 * The encoding `decodeText` chooses from a file's first bytes (its first
 * 200, or all when fewer), and the bytes of its byte-order mark to skip:
 * undefined when only the whole file can tell (UTF-8 when every byte of it
 * is valid UTF-8, else Windows-1252).
 */
export function encodingFromHead(head: Uint8Array): { encoding: TextEncoding; skip: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", skip: 2 };
  const utf16 = utf16WithoutBom(head);
  return utf16 ? { encoding: utf16, skip: 0 } : undefined;
}

function decode(encoding: TextEncoding, bytes: Uint8Array): string {
  return new TextDecoder(encoding).decode(bytes);
}

/** UTF-16 without a BOM: text in the ASCII range has a zero in every other byte. */
function utf16WithoutBom(bytes: Uint8Array): TextEncoding | undefined {
  const n = Math.min(bytes.length, 200) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let k = 0; k < n; k += 2) {
    if (bytes[k] === 0) evenZero++;
    if (bytes[k + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero === 0) return "utf-16le";
  if (evenZero > pairs * 0.6 && oddZero === 0) return "utf-16be";
  return undefined;
}

/**
 * Why a decoded file cannot be text a reader should parse (a PDF, a zip or
 * xlsx renamed, binary junk), or undefined when it looks like text.
 */
export function notTextReason(bytes: Uint8Array, text: string): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 8)).toString("latin1");
  if (head.startsWith("%PDF")) return "it is a PDF document, not a text file";
  if (head.startsWith("PK\u0003\u0004"))
    return "it is a zip archive (perhaps an .xlsx workbook), not a text file";
  if (head.startsWith("\u00d0\u00cf\u0011\u00e0"))
    return "it is an old-style Excel/Office file, not a text file";
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let k = 0; k < sample.length; k++) {
    const c = sample.charCodeAt(k);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.05) return "it holds binary data, not text";
  return undefined;
}

/** A header cell normalised for matching: trimmed, upper-case, inner spaces as underscores. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/\s+/g, "_")
    .toUpperCase();
}

/** A date read from text: the ISO date, or why it could not be read. */
export type DateText = { iso: string } | { problem: string };

/**
 * Reads a date written `dd/mm/yyyy` (also `d/m/yyyy`, `-` or `.` between
 * parts) or `yyyy-mm-dd`, with any time of day dropped. A two-digit year is
 * refused (1/2/24 could be 1924 or 2024, and some systems write m/d/yy), as
 * is a date that does not exist (31/02/2024, 2024-13-01) or lies outside
 * 1900–2099.
 */
export function parseDateText(text: string): DateText {
  let known = parsedDates.get(text);
  if (known === undefined) {
    known = Object.freeze(parseDate(text));
    // A return's dates are a few thousand distinct values: the cache rarely fills.
    if (parsedDates.size >= 100_000) parsedDates.clear();
    parsedDates.set(text, known);
  }
  return known;
}

/** Dates parsed by their text (a million-record return repeats each date hundreds of times). */
const parsedDates = new Map<string, DateText>();

function parseDate(text: string): DateText {
  const t = text.trim().replace(/[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, "");
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const uk = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(t);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (uk) {
    if (uk[4]!.length === 2) return { problem: "the year has two digits, so the century is ambiguous" };
    [d, m, y] = [Number(uk[1]), Number(uk[3]), Number(uk[4])];
  } else {
    return { problem: "not a date (expected dd/mm/yyyy or yyyy-mm-dd)" };
  }
  if (y < 1900 || y > 2099) return { problem: `the year ${y} is out of range` };
  if (m < 1 || m > 12) return { problem: `there is no month ${m}` };
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > last) return { problem: `there is no day ${d} in that month` };
  return { iso: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}
