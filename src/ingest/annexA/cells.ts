/**
 * Cell values as Annex A workbooks hold them: formulas, rich text and
 * hyperlinks reduced to what they show; ids as written; dates from Excel
 * dates, serial numbers or text (dd/mm/yyyy, yyyy-mm-dd, 1 Feb 2024).
 */
import { fromDayNumber, parseIsoDate } from "../../calendar/dates.ts";

/** The date that Excel serial 0 stands for, as a day number (1899-12-30). */
const EXCEL_EPOCH_DAY = -25569;

/** A cell's value once formulas, rich text and hyperlinks are reduced to what they show. */
export type PlainCell = string | number | boolean | Date | null;

/** Whether a cell holds an Excel error (#N/A, #REF! …). */
export function isErrorCell(cell: unknown): cell is { error: string } {
  return typeof cell === "object" && cell !== null && "error" in cell;
}

/** A cell's value with formulas, rich text and hyperlinks reduced to what they show. */
export function unwrap(cell: unknown): PlainCell {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "string" || typeof cell === "number" || typeof cell === "boolean") return cell;
  if (cell instanceof Date) return cell;
  if (typeof cell === "object") {
    const o = cell as Record<string, unknown>;
    if ("result" in o || "formula" in o || "sharedFormula" in o) {
      return isErrorCell(o.result) ? null : unwrap(o.result);
    }
    if (Array.isArray(o.richText)) {
      return (o.richText as { text?: string }[]).map((r) => r.text ?? "").join("");
    }
    if ("text" in o) return unwrap(o.text);
  }
  return null;
}

/** A plain value as text (dates as ISO days). */
export function plainText(v: PlainCell): string {
  if (v === null) return "";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  return String(v);
}

/** The text a cell shows, for headers and blank checks. */
export function cellText(cell: unknown): string {
  if (isErrorCell(cell)) return String(cell.error);
  return plainText(unwrap(cell));
}

/** An id as text: numbers as written (no exponent or decimals for whole numbers), text trimmed. */
export function idText(v: PlainCell): string | null {
  if (v === null) return null;
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  const t = plainText(v).trim();
  return t === "" ? null : t;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

interface DateRead {
  iso?: string;
  /** Why the value is not a date (undefined with no iso: the cell is empty). */
  problem?: string;
  ambiguous?: boolean;
}

function checked(year: number, month: number, day: number, written: string): DateRead {
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (!parseIsoDate(iso)) {
    return {
      problem: `is not a calendar date (${written.includes("/") ? "read as day/month/year" : "no such day"})`,
    };
  }
  if (year < 1900 || year > 2099) return { problem: "is outside the years 1900–2099" };
  return { iso };
}

/** Reads an Excel date, a serial number or date text (dd/mm/yyyy, yyyy-mm-dd, 1 Feb 2024). */
export function readDate(v: PlainCell): DateRead {
  if (v === null) return {};
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) return { problem: "is not a date" };
    const rounded = new Date(Math.round(t / 60_000) * 60_000);
    return checked(rounded.getUTCFullYear(), rounded.getUTCMonth() + 1, rounded.getUTCDate(), "");
  }
  if (typeof v === "number") return serial(v);
  if (typeof v === "boolean") return { problem: "is not a date" };
  const text = v.trim();
  if (text === "") return {};
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]), text);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (m) return checked(Number(m[3]), Number(m[2]), Number(m[1]), "/");
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/.test(text)) {
    return {
      problem: "has a two-digit year, so the century (and whether it is day/month or month/day) is a guess",
      ambiguous: true,
    };
  }
  m = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})[\s-]+(\d{4})$/.exec(text);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    if (month > 0) return checked(Number(m[3]), month, Number(m[1]), text);
  }
  if (/^\d+(?:\.\d+)?$/.test(text)) return serial(Number(text));
  return { problem: "is not a date (expected dd/mm/yyyy)" };
}

function serial(n: number): DateRead {
  if (!Number.isFinite(n) || n < 1 || n >= 73051)
    return { problem: "is a number but not an Excel date serial" };
  const iso = fromDayNumber(Math.floor(n) + EXCEL_EPOCH_DAY);
  return checked(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)), "");
}
