/**
 * The conventions every benchmark reader shares: DfE's suppression symbols,
 * CSV text, reporting years and geography keys.
 *
 * Why one module: DfE publishes the same figures through Explore Education
 * Statistics (CSV), LAIT (parquet) and councils re-key them by hand; a
 * value, a year or a region must read the same whichever file it came from,
 * or a council's neighbour average would silently mix "Yorkshire and The
 * Humber" with "Yorkshire and the Humber", or read "c" as zero.
 */

/**
 * Cell texts that mean "no value": DfE's symbols (c confidential, x not
 * available, z not applicable, low/k rounds to zero, u low reliability),
 * the ONS/GSS ':' and '..', and LAIT's '-'. Compared lower-cased.
 */
export const SUPPRESSION_SYMBOLS: readonly string[] = ["c", "x", "z", "low", "k", "u", ":", "..", "-", "na"];

const SYMBOLS = new Set(SUPPRESSION_SYMBOLS);
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A published cell read: a number, no value (empty or a suppression symbol), or text that is neither. */
export type ParsedValue =
  | { kind: "number"; value: number }
  | { kind: "none"; symbol: string }
  | { kind: "invalid"; text: string };

/**
 * Reads one published cell. Accepts plain numbers, thousands separators
 * ("1,234") and a trailing "%"; empty cells and suppression symbols are no
 * value (the symbol is kept, lower-cased, so a report can say why).
 */
export function parseValue(text: string | number | null | undefined): ParsedValue {
  if (text === null || text === undefined) return { kind: "none", symbol: "" };
  if (typeof text === "number")
    return Number.isFinite(text) ? { kind: "number", value: text } : invalid(text);
  let t = text.trim();
  if (t === "") return { kind: "none", symbol: "" };
  const lower = t.toLowerCase();
  if (SYMBOLS.has(lower)) return { kind: "none", symbol: lower };
  if (t.endsWith("%")) t = t.slice(0, -1).trim();
  if (GROUPED.test(t)) t = t.replaceAll(",", "");
  if (!NUMBER.test(t)) return invalid(text);
  return { kind: "number", value: Number(t) };
}

function invalid(text: string | number): ParsedValue {
  return { kind: "invalid", text: String(text) };
}

/**
 * Parses CSV text (RFC 4180: quoted fields may hold commas, quotes and line
 * breaks; CRLF or LF; a leading byte-order mark is dropped). Returns the
 * records with the 1-based line each starts on.
 */
export function parseCsv(text: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let field = "";
  let startLine = 1;
  let quoted = false;
  let any = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) out.push({ fields, line: startLine });
    fields = [];
    field = "";
    any = false;
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (!any) {
      startLine = line;
      any = true;
    }
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
    } else field += ch;
  }
  if (any) endRecord();
  return out;
}

/**
 * The reporting year a published period belongs to, as the year in which it
 * ends: DfE's "2025" (year to 31 March 2025, or at 31 March 2025), "2024-25",
 * "2024/25", "202425" and "2024-2025" all give 2025; a multi-year period
 * ("2022-24", "2021/22-23/24") gives its last year; LAIT's suffixes
 * ("(Rev)", "(prov)", "(OT)") are ignored. Undefined when no year is found.
 */
export function reportingYear(period: string | number): number | undefined {
  const t = String(period)
    .replace(/\(.*?\)/g, "")
    .trim();
  let m = /^(\d{4})$/.exec(t);
  if (m) return Number(m[1]);
  m = /^(\d{4})(\d{2})$/.exec(t);
  if (m) return followingYear(Number(m[1]), m[2]!);
  m = /^\d{4}(?:\/\d{2})?[-/](\d{2}|\d{4})(?:\/(\d{2}))?$/.exec(t);
  if (m) {
    const first = Number(t.slice(0, 4));
    const last = m[2] ?? m[1]!;
    return last.length === 4 ? Number(last) : followingYear(first, last);
  }
  return undefined;
}

function followingYear(first: number, twoDigits: string): number | undefined {
  const century = Math.floor(first / 100) * 100;
  let year = century + Number(twoDigits);
  if (year < first) year += 100;
  return year > first + 10 ? undefined : year;
}

/** The geography a value describes. */
export type GeoLevel = "la" | "region" | "england";

/** The key stored for England in `la_code` columns. */
export const ENGLAND = "england";

/**
 * The key of a region: `region:` and the name lower-cased, with DfE's
 * spellings made one ("Yorkshire and The Humber" = "Yorkshire and the
 * Humber"; "London (Inner)" = "Inner London").
 */
export function regionKey(name: string): string {
  let n = name.trim().toLowerCase().replace(/\s+/g, " ");
  if (n.startsWith("region:")) n = n.slice(7).trim();
  const london = /^london \((inner|outer)\)$/.exec(n);
  if (london) n = `${london[1]} london`;
  return `region:${n}`;
}

/**
 * Reads a geography as a council, England or a region: a 3-digit old LA
 * code (LAIT gives it as a number, e.g. 372.0), "england" (or E92000001),
 * or "region:<name>". Undefined when it is none of these.
 */
export function geography(code: string | number): { level: GeoLevel; laCode: string } | undefined {
  const t = String(code).trim();
  if (/^\d{3}(\.0+)?$/.test(t)) return { level: "la", laCode: t.slice(0, 3) };
  const lower = t.toLowerCase();
  if (lower === ENGLAND || lower === "e92000001") return { level: "england", laCode: ENGLAND };
  if (lower.startsWith("region:") && lower.length > 7) return { level: "region", laCode: regionKey(t) };
  return undefined;
}
