/**
 * The commentary workbook councils send round to managers: a template with
 * one row per indicator of the framework (its figures and RAG as stored and
 * judged, the previous period's commentary, an empty column to write in),
 * and the import that reads it back.
 *
 * Why all-or-nothing with the row named: a manager's typo in an indicator
 * id or period must not leave half a month's commentary stored; the first
 * problem is reported in one line naming the row, and nothing is written.
 */
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { addMonths, type IsoDate, isIsoDate, monthEnd, monthStart } from "../calendar/dates.ts";
import type { Database } from "../db/database.ts";
import { findPeriod, preparePeriods } from "../engine/compute.ts";
import { UserError } from "../errors/userError.ts";
import { type Framework, frameworkIndicators } from "../framework/config.ts";
import { judgeWorkspace } from "../framework/judge.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { unusableReason } from "../ingest/detect.ts";
import { readCoverage } from "../workspace/workspace.ts";
import {
  addCommentary,
  type CommentaryPeriodType,
  type CommentaryVersion,
  isCommentaryPeriodType,
  latestCommentary,
  type NewCommentary,
} from "./commentary.ts";

/** The template's columns; the import reads those marked `read` by their header. */
export const TEMPLATE_HEADERS = {
  id: "Indicator ID",
  ref: "No.",
  title: "Indicator",
  periodType: "Period type",
  periodEnd: "Period end",
  value: "Value",
  numerator: "Numerator",
  denominator: "Denominator",
  rag: "RAG",
  ratedOn: "Rated on",
  target: "Target",
  previous: "Previous commentary",
  text: "New commentary",
  author: "Author",
} as const;

/** The period before `end` of the same type: the previous month, quarter or year. */
export function previousPeriodEnd(end: IsoDate, type: CommentaryPeriodType): IsoDate {
  const back = { month: 1, quarter: 3, year: 12 }[type];
  return monthEnd(addMonths(monthStart(end), -back));
}

/** "December 2017", "quarter to December 2017", "year to March 2018". */
function periodName(end: IsoDate, type: CommentaryPeriodType): string {
  const month = new Date(`${end}T00:00:00Z`).toLocaleString("en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return type === "month" ? month : `${type} to ${month}`;
}

/** One line of the template. */
export interface TemplateLine {
  id: string;
  ref: string;
  title: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  decimals: number;
  unit: string;
  rag: string | null;
  ratedOn: string;
  target: string;
  previous: string | null;
}

/**
 * The template's lines: one per framework indicator, its stored figure for
 * the period and the judgement of its rated figure at the same end (the
 * latest year out-turn for those rated on the year), and the latest
 * commentary written for the previous period.
 */
export async function templateLines(
  db: Database,
  framework: Framework,
  laCode: string,
  benchmarkCouncil: string,
  periodEnd: IsoDate,
  periodType: CommentaryPeriodType,
): Promise<TemplateLine[]> {
  const judged = await judgeWorkspace(db, framework, laCode, benchmarkCouncil);
  const previous = await latestCommentary(db, laCode, previousPeriodEnd(periodEnd, periodType), periodType);
  const lastYearEnd =
    periodEnd.slice(5) >= "03-31"
      ? `${periodEnd.slice(0, 4)}-03-31`
      : `${Number(periodEnd.slice(0, 4)) - 1}-03-31`;
  return frameworkIndicators(framework).map((fi) => {
    const rows = judged.get(fi.id) ?? [];
    const at = (type: string, end: string) =>
      rows.find((r) => r.period_type === type && r.period_end === end);
    const figure = at(periodType, periodEnd);
    const rated = at(fi.ratedOn, fi.ratedOn === "year" ? lastYearEnd : periodEnd);
    return {
      id: fi.id,
      ref: fi.ref,
      title: fi.title,
      value: figure?.value ?? null,
      numerator: figure?.numerator ?? null,
      denominator: figure?.denominator ?? null,
      decimals: fi.indicator.decimals,
      unit: fi.indicator.unit,
      rag: rated?.rag ?? null,
      ratedOn: fi.ratedOn,
      target: rated?.target ?? "",
      previous: previous.get(fi.id)?.text ?? null,
    };
  });
}

const RAG_FILLS: Record<string, string> = {
  red: "FFF4B6B6",
  amber: "FFFFE08A",
  green: "FFB9E4C0",
  grey: "FFE0E0E0",
};

/** The template workbook: a Commentary sheet with a frozen header, figures as numbers, the column to write in shaded. */
export async function templateWorkbook(
  lines: readonly TemplateLine[],
  council: string,
  periodEnd: IsoDate,
  periodType: CommentaryPeriodType,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Commentary", { views: [{ state: "frozen", ySplit: 1, xSplit: 3 }] });
  const h = TEMPLATE_HEADERS;
  const prev = periodName(previousPeriodEnd(periodEnd, periodType), periodType);
  ws.columns = [
    { header: h.id, key: "id", width: 30 },
    { header: h.ref, key: "ref", width: 7 },
    { header: h.title, key: "title", width: 48 },
    { header: h.periodType, key: "periodType", width: 11 },
    { header: h.periodEnd, key: "periodEnd", width: 11 },
    { header: h.value, key: "value", width: 10 },
    { header: h.numerator, key: "numerator", width: 11 },
    { header: h.denominator, key: "denominator", width: 12 },
    { header: h.rag, key: "rag", width: 8 },
    { header: h.ratedOn, key: "ratedOn", width: 9 },
    { header: h.target, key: "target", width: 30 },
    { header: `${h.previous} (${prev})`, key: "previous", width: 50 },
    { header: h.text, key: "text", width: 60 },
    { header: h.author, key: "author", width: 18 },
  ];
  for (const line of lines) {
    const row = ws.addRow({
      ...line,
      periodType,
      periodEnd,
      rag: line.rag ?? "",
      previous: line.previous ?? "(none written)",
      text: null,
      author: null,
    });
    const fmt = line.decimals > 0 ? `0.${"0".repeat(line.decimals)}` : "#,##0";
    row.getCell("value").numFmt = line.unit === "percent" ? `${fmt}"%"` : fmt;
    row.getCell("numerator").numFmt = "#,##0";
    row.getCell("denominator").numFmt = "#,##0";
    const fill = line.rag ? RAG_FILLS[line.rag] : undefined;
    if (fill) row.getCell("rag").fill = { type: "pattern", pattern: "solid", fgColor: { argb: fill } };
    for (const k of ["title", "previous", "text", "target"])
      row.getCell(k).alignment = { wrapText: true, vertical: "top" };
    row.getCell("text").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFDE7" } };
  }
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: "top" };
  wb.title = `${council}: commentary for ${periodName(periodEnd, periodType)}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One filled-in row of a commentary workbook, as read. */
export interface WorkbookRow {
  row: number;
  id: string;
  periodType: string;
  periodEnd: string;
  text: string;
  author: string;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("text" in v) return String(v.text);
  }
  return String(v);
}

/**
 * Reads a commentary workbook's rows (those with commentary written in
 * them), or a one-line UserError naming the file: empty, not a workbook, no
 * Commentary sheet or a column missing, nothing written.
 */
export async function readCommentaryWorkbook(path: string): Promise<WorkbookRow[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UserError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const unusable = unusableReason(bytes.subarray(0, 8192));
  if (unusable) throw new UserError(`${path} ${unusable}; nothing imported`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new UserError(
      `${path}: not a readable .xlsx workbook (${(e as Error).message.split("\n")[0]}); nothing imported`,
    );
  }
  const ws = wb.getWorksheet("Commentary") ?? wb.worksheets[0];
  if (!ws) throw new UserError(`${path}: the workbook has no sheets; nothing imported`);
  const header = ws.getRow(1);
  const column = new Map<string, number>();
  header.eachCell((c, k) => column.set(cellText(c.value).trim().toLowerCase(), k));
  const h = TEMPLATE_HEADERS;
  const need = [h.id, h.periodType, h.periodEnd, h.text, h.author];
  const missing = need.filter((n) => !column.has(n.toLowerCase()));
  if (missing.length) {
    throw new UserError(
      `${path}: sheet "${ws.name}" has no column(s) ${missing.map((m) => `"${m}"`).join(", ")} in row 1 (write the template with scorecard comment template); nothing imported`,
    );
  }
  const get = (r: ExcelJS.Row, name: string) =>
    cellText(r.getCell(column.get(name.toLowerCase())!).value).trim();
  const rows: WorkbookRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    const text = get(r, h.text);
    if (text === "") return;
    rows.push({
      row: n,
      id: get(r, h.id),
      periodType: get(r, h.periodType),
      periodEnd: get(r, h.periodEnd),
      text,
      author: get(r, h.author),
    });
  });
  if (rows.length === 0) {
    throw new UserError(`${path}: no commentary written in the "${h.text}" column; nothing imported`);
  }
  return rows;
}

/** What an import checks rows against. */
export interface CommentaryKnown {
  indicators: ReadonlySet<string>;
  /** Whether the council's data has this period. */
  periodExists(type: CommentaryPeriodType, end: IsoDate): Promise<boolean>;
}

/**
 * The rows as commentary to store, or a UserError on the first row that
 * names an unknown indicator, a period type or end that is not valid or not
 * in the data, has no author (`author` fills an empty Author cell), or
 * repeats an indicator and period of an earlier row.
 */
export async function checkCommentaryRows(
  path: string,
  rows: readonly WorkbookRow[],
  known: CommentaryKnown,
  author?: string,
): Promise<NewCommentary[]> {
  const out: NewCommentary[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const at = `${path}: row ${r.row}`;
    const periodType = r.periodType.toLowerCase();
    let problem: string | undefined;
    if (!known.indicators.has(r.id)) problem = `${at}: no indicator "${r.id}" (see scorecard indicators)`;
    else if (!isCommentaryPeriodType(periodType))
      problem = `${at}: period type "${r.periodType}" is not month, quarter or year`;
    else if (!isIsoDate(r.periodEnd))
      problem = `${at}: period end "${r.periodEnd}" is not a date written YYYY-MM-DD`;
    else if (!(await known.periodExists(periodType, r.periodEnd)))
      problem = `${at}: the data has no ${periodType} period ending ${r.periodEnd}`;
    else if (r.author === "" && !author)
      problem = `${at}: no author (fill the Author column or give --author)`;
    else {
      const key = `${r.id}|${periodType}|${r.periodEnd}`;
      const first = seen.get(key);
      if (first !== undefined)
        problem = `${at}: ${r.id}, ${periodType} ending ${r.periodEnd} already has commentary in row ${first}`;
      else seen.set(key, r.row);
    }
    if (problem) {
      problems.push(problem);
      continue;
    }
    out.push({
      indicator: r.id,
      periodType: periodType as CommentaryPeriodType,
      periodEnd: r.periodEnd,
      text: r.text,
      author: r.author || author!,
    });
  }
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more row(s) with problems)` : "";
    throw new UserError(`${problems[0]}${more}; nothing imported`);
  }
  return out;
}

/** The indicators commentary may be written for: the catalogue's and the framework's (local ones too). */
export function commentableIndicators(framework: Framework): Set<string> {
  return new Set([...CATALOGUE.map((i) => i.id), ...frameworkIndicators(framework).map((f) => f.id)]);
}

/** Whether the council's data has a period (its reporting periods, as compute derives them). */
export async function periodChecker(
  db: Database,
  laCode: string,
): Promise<(type: CommentaryPeriodType, end: IsoDate) => Promise<boolean>> {
  await preparePeriods(db, await readCoverage(db));
  return async (type, end) => (await findPeriod(db, laCode, type, end)) !== undefined;
}

/** Reads, checks and stores a commentary workbook as council `laCode`'s, in one transaction; returns the versions stored. */
export async function importCommentaryWorkbook(
  db: Database,
  framework: Framework,
  laCode: string,
  path: string,
  author?: string,
): Promise<{ read: number; stored: CommentaryVersion[] }> {
  const rows = await readCommentaryWorkbook(path);
  const items = await checkCommentaryRows(
    path,
    rows,
    { indicators: commentableIndicators(framework), periodExists: await periodChecker(db, laCode) },
    author,
  );
  return { read: rows.length, stored: await addCommentary(db, laCode, items) };
}
