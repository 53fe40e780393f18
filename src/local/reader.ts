/**
 * Reads a council's local indicator values: a CSV or the first sheet of an
 * XLSX with one row per indicator and month (columns indicator, month,
 * value, and optionally numerator and denominator).
 *
 * Why tolerant and never throwing: these files are typed by hand or saved
 * from HR and early-help systems, so headers vary ("Indicator ID", "Month
 * end", "Num"), months come as 2025-04, 30/04/2025 or an Excel date, and
 * Excel's percentage cells hold 0.171 for 17.1%. Every cell that cannot be
 * read becomes an Issue naming the file, sheet, row, column and value, as
 * the other readers report, and the row is left out.
 */
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { monthEnd } from "../calendar/dates.ts";
import type { Issue, Severity } from "../ingest/issues.ts";
import { decodeText, notTextReason, parseCsv, parseDateText } from "../ingest/text.ts";

/** One month's figure of one local indicator, as read. */
export interface LocalValue {
  indicator: string;
  /** The month's last day (YYYY-MM-DD). */
  month: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  file: string;
  sheet?: string;
  row: number;
}

/** What the reader gives: rows plus the problems found. */
export interface LocalRead {
  rows: LocalValue[];
  issues: Issue[];
}

type Column = "indicator" | "month" | "value" | "numerator" | "denominator";

/** Header spellings, compared lower-case with everything but letters and digits removed. */
const HEADERS: Record<Column, readonly string[]> = {
  indicator: ["indicator", "indicatorid", "id", "measure", "measureid", "code"],
  month: ["month", "monthend", "monthending", "period", "periodend", "date", "asat"],
  value: ["value", "figure", "result", "actual"],
  numerator: ["numerator", "num", "n"],
  denominator: ["denominator", "denom", "den", "d"],
};

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

interface Cell {
  text: string;
  /** A number Excel stored, with whether its cell is formatted as a percentage. */
  number?: number;
  percent?: boolean;
}

interface Table {
  rows: { cells: Cell[]; row: number }[];
  sheet?: string;
  error?: string;
}

/** Reads a local values file (`.xlsx` as a workbook, anything else as delimited text). */
export async function readLocalValues(path: string, shownAs: string = path): Promise<LocalRead> {
  const table = /\.xlsx$/i.test(path) ? await readSheet(path) : await readText(path);
  const issues: Issue[] = [];
  const add = (
    severity: Severity,
    rule: string,
    column: string,
    value: string,
    message: string,
    row?: number,
  ) =>
    issues.push({
      severity,
      file: shownAs,
      ...(table.sheet !== undefined ? { sheet: table.sheet } : {}),
      ...(row !== undefined ? { row } : {}),
      column,
      value,
      rule,
      message,
    });
  if (table.error) {
    add("error", "LOCAL_READ", "", "", table.error);
    return { rows: [], issues };
  }
  const headerRow = table.rows[0];
  const names = headerRow?.cells.map((c) => c.text.trim()) ?? [];
  const norm = names.map((h) => h.toLowerCase().replace(/[^a-z0-9]/g, ""));
  const at = {} as Record<Column, number>;
  for (const col of Object.keys(HEADERS) as Column[])
    at[col] = norm.findIndex((h) => HEADERS[col].includes(h));
  const missing = (["indicator", "month", "value"] as const).filter((c) => at[c] < 0);
  if (missing.length > 0) {
    add(
      "error",
      "LOCAL_HEADER",
      missing.join(", "),
      names.join(", "),
      `no ${missing.join(" or ")} column in the first row (expected indicator, month, value and optionally numerator, denominator); nothing read`,
      headerRow?.row,
    );
    return { rows: [], issues };
  }
  const rows: LocalValue[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row } of table.rows.slice(1)) {
    if (cells.every((c) => c.text.trim() === "")) continue;
    const cell = (col: Column): Cell => (at[col] >= 0 ? (cells[at[col]] ?? { text: "" }) : { text: "" });
    const header = (col: Column) => names[at[col]] ?? col;
    let ok = true;
    const bad = (col: Column, message: string) => {
      add(
        "error",
        `LOCAL_${col.toUpperCase()}`,
        header(col),
        cell(col).text.trim(),
        `${message}; row skipped`,
        row,
      );
      ok = false;
    };
    const indicator = cell("indicator").text.trim();
    if (indicator === "") bad("indicator", "no indicator id");
    else if (!/^[a-z][a-z0-9_]*$/.test(indicator))
      bad("indicator", "not an indicator id (lower_snake_case, as declared under local in the framework)");
    const month = readMonth(cell("month"));
    if ("problem" in month) bad("month", month.problem);
    const number = (col: Column): number | null => {
      if (at[col] < 0) return null;
      const r = readNumber(cell(col));
      if (r === undefined) {
        bad(col, "not a number");
        return null;
      }
      if (r !== null && r < 0) {
        bad(col, "a negative figure");
        return null;
      }
      return r;
    };
    const value = number("value");
    const numerator = number("numerator");
    const denominator = number("denominator");
    if (ok && (numerator === null) !== (denominator === null)) {
      bad(
        numerator === null ? "denominator" : "numerator",
        `${numerator === null ? "a denominator without a numerator" : "a numerator without a denominator"}: give both or neither`,
      );
    }
    if (ok && denominator === 0) bad("denominator", "a denominator of 0 gives no figure");
    if (ok && value === null && numerator === null)
      bad("value", "no value (and no numerator and denominator)");
    if (!ok || "problem" in month) continue;
    const key = `${indicator}|${month.end}`;
    const first = seen.get(key);
    if (first !== undefined) {
      add(
        "error",
        "LOCAL_DUPLICATE",
        header("month"),
        cell("month").text.trim(),
        `${indicator} for ${month.end.slice(0, 7)} is already given at row ${first}; row skipped`,
        row,
      );
      continue;
    }
    seen.set(key, row);
    rows.push({
      indicator,
      month: month.end,
      value,
      numerator,
      denominator,
      file: shownAs,
      ...(table.sheet !== undefined ? { sheet: table.sheet } : {}),
      row,
    });
  }
  return { rows, issues };
}

/** A month from `2025-04`, `04/2025`, `Apr 2025`, `April-2025` or any date in it (a month end included). */
function readMonth(cell: Cell): { end: string } | { problem: string } {
  const t = cell.text.trim();
  if (t === "") return { problem: "no month" };
  const ym = /^(\d{4})[-/.](\d{1,2})$/.exec(t);
  const my = /^(\d{1,2})[-/.](\d{4})$/.exec(t);
  const named = /^([A-Za-z]{3,9})[\s\-/.]*(\d{2}|\d{4})$/.exec(t);
  let y: number | undefined;
  let m: number | undefined;
  if (ym) [y, m] = [Number(ym[1]), Number(ym[2])];
  else if (my) [y, m] = [Number(my[2]), Number(my[1])];
  else if (named) {
    const name = named[1]!.toLowerCase();
    const k = MONTHS.findIndex(
      (full) => name === full || name === full.slice(0, 3) || (name === "sept" && full === "september"),
    );
    if (k < 0) return { problem: `not a month name: "${named[1]}"` };
    if (named[2]!.length === 2) return { problem: "the year has two digits, so the century is ambiguous" };
    [y, m] = [Number(named[2]), k + 1];
  } else {
    const d = parseDateText(t);
    if ("problem" in d)
      return { problem: `not a month (expected YYYY-MM or a date in the month): ${d.problem}` };
    return { end: monthEnd(d.iso) };
  }
  if (m < 1 || m > 12) return { problem: `there is no month ${m}` };
  if (y < 1900 || y > 2099) return { problem: `the year ${y} is out of range` };
  return { end: monthEnd(`${y}-${String(m).padStart(2, "0")}-01`) };
}

/** A number, null for an empty cell, undefined when the text is not a number. "17.1%" is 17.1; Excel's 0.171 in a % cell is 17.1. */
function readNumber(cell: Cell): number | null | undefined {
  if (cell.number !== undefined)
    return cell.percent ? Number((cell.number * 100).toPrecision(12)) : cell.number;
  const t = cell.text.trim().replace(/,/g, "").replace(/%$/, "").trim();
  if (t === "") return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}

async function readText(path: string): Promise<Table> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return { rows: [], error: `cannot read the file: ${e instanceof Error ? e.message : String(e)}` };
  }
  const { text } = decodeText(bytes);
  const why = notTextReason(bytes, text);
  if (why) return { rows: [], error: `cannot read it as CSV: ${why}` };
  const csv = parseCsv(text);
  return {
    rows: csv.records.map((fields, k) => ({ cells: fields.map((f) => ({ text: f })), row: csv.lines[k]! })),
  };
}

async function readSheet(path: string): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    return { rows: [], error: `cannot read the workbook: ${e instanceof Error ? e.message : String(e)}` };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], error: "the workbook has no sheets" };
  const rows: Table["rows"] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: Cell[] = [];
    for (let k = 1; k <= r.cellCount; k++) {
      const c = r.getCell(k);
      cells.push(sheetCell(c.value, c.numFmt));
    }
    rows.push({ cells, row: n });
  });
  return { rows, sheet: ws.name };
}

function sheetCell(v: ExcelJS.CellValue, numFmt: string | undefined): Cell {
  if (v === null || v === undefined) return { text: "" };
  if (typeof v === "number") return { text: String(v), number: v, percent: /%/.test(numFmt ?? "") };
  if (typeof v === "string") return { text: v };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10) };
  if (typeof v === "object") {
    if ("result" in v) return sheetCell(v.result as ExcelJS.CellValue, numFmt);
    if ("richText" in v) return { text: v.richText.map((t) => t.text).join("") };
    if ("text" in v) return { text: String(v.text) };
    if ("error" in v) return { text: String(v.error) };
  }
  return { text: String(v) };
}
