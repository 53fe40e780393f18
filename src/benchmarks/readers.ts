/**
 * Readers for DfE's published benchmark files, exactly as DfE publishes
 * them: Explore Education Statistics CSVs, LAIT's long data file and data
 * dictionary, the statistical-neighbour list (CSV or workbook), LAIT's LA
 * code list, and a council's own hand-entered benchmarks (CSV or XLSX).
 *
 * Why these shapes: every figure becomes one long `BenchmarkValue` (source,
 * measure, year, geography, value), whatever file it came from, so the
 * statistics never care which publication a number was read from. Why
 * never throwing: published files carry suppression symbols and the odd
 * stray cell; symbols are "no value" and anything else unreadable is an
 * Issue with the row and column, as the other readers report.
 */
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import ExcelJS from "exceljs";
import { sqlList } from "../db/quote.ts";
import type { Issue, Severity } from "../ingest/issues.ts";
import {
  ENGLAND,
  type GeoLevel,
  geography,
  parseCsv,
  parseValue,
  regionKey,
  reportingYear,
} from "./parse.ts";

/** One published figure. */
export interface BenchmarkValue {
  /** `ees` (Explore Education Statistics), `lait` or `manual`. */
  source: "ees" | "lait" | "manual";
  /** The file's name without extension, e.g. `c1_children_in_need_referrals_and_rereferrals_2013_to_2025`. */
  dataset: string;
  /** LAIT's `Short Desc` (= the dictionary's `Measure_short`), the EES column name, or, for `manual`, the indicator id. */
  measure: string;
  /** EES filter values, `column=value` joined by `; ` in file order; empty when none. */
  breakdown: string;
  /** The reporting year, as the year it ends (2025 = 2024-25, or at 31 March 2025). */
  year: number;
  /** The period as published ("2025", "2024-25 (OT)"). */
  period: string;
  level: GeoLevel;
  /** Old 3-digit LA code, `england`, or `region:<name>` (see regionKey). */
  la_code: string;
  area_name: string;
  /** Empty when not published or suppressed: never zero for a symbol. */
  value: number | null;
  /** The suppression symbol when value is empty ("" for a blank cell). */
  symbol: string | null;
  /** 1-based row (CSV line or spreadsheet row; parquet record) the value came from. */
  row: number;
}

/** What a reader gives: rows plus the problems found. */
export interface ReadResult<T> {
  rows: T[];
  issues: Issue[];
}

const MAX_ISSUES_PER_RULE = 100;

/** Collects issues for one file, listing at most 100 per rule and counting the rest in one closing warning. */
class IssueLog {
  readonly issues: Issue[] = [];
  private readonly counts = new Map<string, number>();
  constructor(
    private readonly file: string,
    private readonly sheet?: string,
  ) {}

  add(severity: Severity, rule: string, column: string, value: string, message: string, row?: number): void {
    const n = (this.counts.get(rule) ?? 0) + 1;
    this.counts.set(rule, n);
    if (n > MAX_ISSUES_PER_RULE) return;
    this.issues.push({
      severity,
      file: this.file,
      ...(this.sheet !== undefined ? { sheet: this.sheet } : {}),
      ...(row !== undefined ? { row } : {}),
      column,
      value,
      rule,
      message,
    });
  }

  close(): Issue[] {
    for (const [rule, n] of this.counts) {
      if (n > MAX_ISSUES_PER_RULE) {
        this.add(
          "warning",
          "BM_MORE",
          "",
          "",
          `${n - MAX_ISSUES_PER_RULE} more issues of rule ${rule} not listed`,
        );
      }
    }
    return this.issues;
  }
}

function stem(path: string): string {
  return basename(path, extname(path));
}

async function readText(path: string, log: IssueLog): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    log.add(
      "error",
      "BM_READ",
      "",
      "",
      `cannot read the file: ${e instanceof Error ? e.message : String(e)}`,
    );
    return undefined;
  }
}

/** Reads a cell as a value, noting text that is neither a number nor a suppression symbol. */
function readCell(
  text: string | number | null | undefined,
  log: IssueLog,
  column: string,
  row: number,
): { value: number | null; symbol: string | null } {
  const p = parseValue(text);
  if (p.kind === "number") return { value: p.value, symbol: null };
  if (p.kind === "none") return { value: null, symbol: p.symbol };
  log.add(
    "warning",
    "BM_VALUE",
    column,
    p.text,
    "not a number or a DfE suppression symbol; read as no value",
    row,
  );
  return { value: null, symbol: null };
}

const EES_STRUCTURE = new Set([
  "time_period",
  "time_identifier",
  "geographic_level",
  "country_code",
  "country_name",
  "region_code",
  "region_name",
  "old_la_code",
  "new_la_code",
  "la_name",
]);

/**
 * Reads an Explore Education Statistics CSV (national, regional and
 * local-authority rows). Columns other than the time and geography columns
 * are filters when more of their cells hold text (neither a number nor a
 * suppression symbol) than numbers (e.g. `breakdown`), else indicators, so
 * a stray word in an indicator column is a warning, not a new filter; each
 * indicator cell becomes one value. Rows at other geographic levels are skipped.
 */
export async function readEesCsv(path: string): Promise<ReadResult<BenchmarkValue>> {
  const log = new IssueLog(path);
  const text = await readText(path, log);
  if (text === undefined) return { rows: [], issues: log.close() };
  const records = parseCsv(text);
  const header = records[0]?.fields.map((h) => h.trim());
  for (const need of ["time_period", "geographic_level"]) {
    if (!header?.includes(need)) {
      log.add(
        "error",
        "BM_EES_HEADER",
        need,
        "",
        `not an Explore Education Statistics file: no ${need} column`,
      );
      return { rows: [], issues: log.close() };
    }
  }
  const cols = header!;
  const at = (name: string) => cols.indexOf(name);
  const others = cols.map((c, k) => ({ c, k })).filter(({ c }) => !EES_STRUCTURE.has(c));
  const filters = others.filter(({ k }) => {
    let text = 0;
    let numbers = 0;
    for (const r of records.slice(1)) {
      const kind = parseValue(r.fields[k] ?? "").kind;
      if (kind === "invalid") text++;
      else if (kind === "number") numbers++;
    }
    return text > numbers;
  });
  const measures = others.filter((o) => !filters.includes(o));
  const dataset = stem(path);
  const rows: BenchmarkValue[] = [];
  const skippedLevels = new Set<string>();
  for (const { fields, line } of records.slice(1)) {
    const get = (name: string) => (at(name) >= 0 ? (fields[at(name)] ?? "").trim() : "");
    const period = get("time_period");
    const year = reportingYear(period);
    if (year === undefined) {
      log.add("error", "BM_YEAR", "time_period", period, "not a reporting year; row skipped", line);
      continue;
    }
    const level = get("geographic_level");
    let geo: { level: GeoLevel; laCode: string; name: string };
    if (level === "National")
      geo = { level: "england", laCode: ENGLAND, name: get("country_name") || "England" };
    else if (level === "Regional") {
      const name = get("region_name");
      if (!name) {
        log.add(
          "error",
          "BM_GEOGRAPHY",
          "region_name",
          "",
          "regional row without a region name; skipped",
          line,
        );
        continue;
      }
      geo = { level: "region", laCode: regionKey(name), name };
    } else if (level === "Local authority") {
      const code = get("old_la_code");
      if (!/^\d{3}$/.test(code)) {
        log.add("error", "BM_GEOGRAPHY", "old_la_code", code, "not a 3-digit LA code; row skipped", line);
        continue;
      }
      geo = { level: "la", laCode: code, name: get("la_name") };
    } else {
      skippedLevels.add(level);
      continue;
    }
    const breakdown = filters.map(({ c, k }) => `${c}=${(fields[k] ?? "").trim()}`).join("; ");
    for (const { c, k } of measures) {
      rows.push({
        source: "ees",
        dataset,
        measure: c,
        breakdown,
        year,
        period,
        level: geo.level,
        la_code: geo.laCode,
        area_name: geo.name,
        ...readCell(fields[k], log, c, line),
        row: line,
      });
    }
  }
  for (const level of skippedLevels) {
    log.add(
      "warning",
      "BM_LEVEL",
      "geographic_level",
      level,
      "rows at this geographic level are not benchmarks; skipped",
    );
  }
  return { rows, issues: log.close() };
}

/** Options for reading LAIT's long data file. */
export interface LaitReadOptions {
  /** Only these measures (`Short Desc`); all when absent. */
  measures?: readonly string[];
}

/**
 * Reads LAIT's long data file (`bds_long_0.parquet`: Short Desc, Data item,
 * Years, LA and Regions, Values, LA Number, Region). LA numbers below 970
 * are councils, 970 England, 980–990 regions; rows without a year are
 * skipped, as LAIT does.
 */
export async function readLaitBds(
  path: string,
  options: LaitReadOptions = {},
): Promise<ReadResult<BenchmarkValue>> {
  const log = new IssueLog(path);
  let raw: unknown[][];
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    const where = options.measures ? `WHERE "Short Desc" IN ${sqlList(options.measures)}` : "";
    const result = await c.runAndReadAll(
      `SELECT "Short Desc", "Years", "LA and Regions", "Values", "LA Number", file_row_number + 1
       FROM read_parquet($1, file_row_number = true) ${where}`,
      [path],
    );
    raw = result.getRowsJS();
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    log.add("error", "BM_LAIT_READ", "", "", `not LAIT's long data file: ${message}`);
    return { rows: [], issues: log.close() };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  const dataset = stem(path);
  const rows: BenchmarkValue[] = [];
  for (const [measure, years, area, values, laNumber, rn] of raw) {
    const row = Number(rn);
    if (years === null) continue;
    const period = String(years);
    const year = reportingYear(period);
    if (year === undefined) {
      log.add("warning", "BM_YEAR", "Years", period, "not a reporting year; row skipped", row);
      continue;
    }
    const num = laNumber === null ? Number.NaN : Number(laNumber);
    const name = String(area ?? "");
    let level: GeoLevel;
    let laCode: string;
    if (num === 970) [level, laCode] = ["england", ENGLAND];
    else if (num >= 980 && num <= 990) [level, laCode] = ["region", regionKey(name)];
    else if (num >= 100 && num < 970 && Number.isInteger(num)) [level, laCode] = ["la", String(num)];
    else {
      log.add(
        "warning",
        "BM_GEOGRAPHY",
        "LA Number",
        String(laNumber),
        "not a council, region or England; skipped",
        row,
      );
      continue;
    }
    rows.push({
      source: "lait",
      dataset,
      measure: String(measure ?? "").trim(),
      breakdown: "",
      year,
      period,
      level,
      la_code: laCode,
      area_name: name,
      ...readCell(values as string | null, log, "Values", row),
      row,
    });
  }
  return { rows, issues: log.close() };
}

/** A measure in LAIT's data dictionary. */
export interface DictionaryEntry {
  /** LAIT's measure number (e.g. "271"); absent where the dictionary says NA. */
  code?: string;
  topic: string;
  measure: string;
  /** The key into the long data file's `Short Desc`. */
  measureShort: string;
  chartTitle: string;
  /** `info` where LAIT gives no polarity ("-" or NA): no quartile band, no rank. */
  polarity: "high" | "low" | "info";
  /** Decimal places shown; absent where NA (LAIT then shows 1). */
  dps?: number;
  yearType: string;
  /** False where LAIT shows no quartile banding (No_Quartile = N). */
  quartiles: boolean;
  description: string;
  methodology: string;
  row: number;
}

/** Reads LAIT's data dictionary (`lait_data_dictionary.csv`). */
export async function readLaitDictionary(path: string): Promise<ReadResult<DictionaryEntry>> {
  const log = new IssueLog(path);
  const text = await readText(path, log);
  if (text === undefined) return { rows: [], issues: log.close() };
  const records = parseCsv(text);
  const header = records[0]?.fields.map((h) => h.trim()) ?? [];
  for (const need of ["Measure_short", "Measure", "Polarity"]) {
    if (!header.includes(need)) {
      log.add("error", "BM_DICT_HEADER", need, "", `not LAIT's data dictionary: no ${need} column`);
      return { rows: [], issues: log.close() };
    }
  }
  const rows: DictionaryEntry[] = [];
  for (const { fields, line } of records.slice(1)) {
    const get = (name: string) => {
      const v = (fields[header.indexOf(name)] ?? "").trim();
      return v === "NA" ? "" : v;
    };
    const short = get("Measure_short");
    if (!short) {
      log.add("warning", "BM_DICT_MEASURE", "Measure_short", "", "no short name; entry skipped", line);
      continue;
    }
    const pol = get("Polarity").toLowerCase();
    const dps = parseValue(get("dps"));
    rows.push({
      ...(get("Measure_code") ? { code: get("Measure_code") } : {}),
      topic: get("Topic"),
      measure: get("Measure"),
      measureShort: short,
      chartTitle: get("Chart_title"),
      polarity: pol === "high" ? "high" : pol === "low" ? "low" : "info",
      ...(dps.kind === "number" ? { dps: dps.value } : {}),
      yearType: get("Year_Type"),
      quartiles: get("No_Quartile") !== "N",
      description: get("Description"),
      methodology: get("Methodology"),
      row: line,
    });
  }
  return { rows, issues: log.close() };
}

/** One council's statistical neighbours, closest first. */
export interface NeighbourGroup {
  la_code: string;
  la_name: string;
  region_name: string;
  neighbours: { rank: number; la_code: string; closeness: string }[];
  row: number;
}

/**
 * Reads a statistical-neighbour list: DfE's wide CSV (`sn_model_2025_wide.csv`:
 * old_la_code, la_name, region_name, SN_1, SN_1P … SN_10, SN_10P) or LAIT's
 * workbook (`sn_may_2025.xlsx`, sheet "LA SN Groups": LA num, LA Name, GOReg,
 * SN1, SNP … SN10, SNP, including the "Old SNs" of councils since reorganised).
 */
export async function readNeighbours(path: string): Promise<ReadResult<NeighbourGroup>> {
  const isXlsx = /\.xlsx$/i.test(path);
  const table = isXlsx ? await readSheet(path, "LA SN Groups") : await readCsvTable(path);
  const log = new IssueLog(path, table.sheet);
  if (table.error) {
    log.add("error", "BM_READ", "", "", table.error);
    return { rows: [], issues: log.close() };
  }
  const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");
  const headerAt = table.rows.findIndex((r) => r.cells.some((c) => ["oldlacode", "lanum"].includes(norm(c))));
  if (headerAt < 0) {
    log.add(
      "error",
      "BM_SN_HEADER",
      "old_la_code",
      "",
      "no statistical-neighbour header (old_la_code or LA num)",
    );
    return { rows: [], issues: log.close() };
  }
  const header = table.rows[headerAt]!.cells.map(norm);
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const codeCol = col("oldlacode", "lanum");
  const nameCol = col("laname");
  const regionCol = col("regionname", "goreg");
  const snCols: { rank: number; code: number; closeness: number }[] = [];
  header.forEach((h, k) => {
    const m = /^sn_?(\d+)$/.exec(h);
    if (!m) return;
    const next = header[k + 1] ?? "";
    snCols.push({ rank: Number(m[1]), code: k, closeness: /^sn_?(\d+)?p$/.test(next) ? k + 1 : -1 });
  });
  const rows: NeighbourGroup[] = [];
  for (const { cells, row } of table.rows.slice(headerAt + 1)) {
    const code = (cells[codeCol] ?? "").trim();
    if (code === "") continue;
    const geo = geography(code);
    if (geo?.level !== "la") {
      log.add("error", "BM_SN_CODE", "old_la_code", code, "not a 3-digit LA code; row skipped", row);
      continue;
    }
    const neighbours: NeighbourGroup["neighbours"] = [];
    for (const sn of snCols) {
      const n = (cells[sn.code] ?? "").trim();
      if (n === "") continue;
      const ng = geography(n);
      if (ng?.level !== "la") {
        log.add(
          "error",
          "BM_SN_CODE",
          `SN${sn.rank}`,
          n,
          "neighbour is not a 3-digit LA code; left out",
          row,
        );
        continue;
      }
      neighbours.push({
        rank: sn.rank,
        la_code: ng.laCode,
        closeness: sn.closeness >= 0 ? (cells[sn.closeness] ?? "").trim() : "",
      });
    }
    rows.push({
      la_code: geo.laCode,
      la_name: (cells[nameCol] ?? "").trim(),
      region_name: (cells[regionCol] ?? "").trim(),
      neighbours: neighbours.sort((a, b) => a.rank - b.rank),
      row,
    });
  }
  return { rows, issues: log.close() };
}

/** A council in LAIT's LA code list. */
export interface LaCode {
  la_code: string;
  la_name: string;
  /** LAIT's region: "Outer London"/"Inner London" for London boroughs. */
  region_name: string;
  /** LAIT's type: MD, UA, SC, OLB, ILB. */
  type: string;
  row: number;
}

/** Reads LAIT's LA code list (`la_code_list.xlsx`: LA Number, LA Name, Region, Type); England and regions are left out. */
export async function readLaCodeList(path: string): Promise<ReadResult<LaCode>> {
  const table = await readSheet(path);
  const log = new IssueLog(path, table.sheet);
  if (table.error) {
    log.add("error", "BM_READ", "", "", table.error);
    return { rows: [], issues: log.close() };
  }
  const header = table.rows[0]?.cells.map((h) => h.trim().toLowerCase()) ?? [];
  const at = (name: string) => header.indexOf(name);
  if (at("la number") < 0 || at("la name") < 0) {
    log.add(
      "error",
      "BM_LA_HEADER",
      "LA Number",
      "",
      "not LAIT's LA code list: no LA Number and LA Name columns",
    );
    return { rows: [], issues: log.close() };
  }
  const rows: LaCode[] = [];
  for (const { cells, row } of table.rows.slice(1)) {
    const code = (cells[at("la number")] ?? "").trim();
    if (code === "") continue;
    const n = Number(code);
    if (n >= 970) continue;
    const geo = geography(code);
    if (geo?.level !== "la") {
      log.add("error", "BM_LA_CODE", "LA Number", code, "not a 3-digit LA code; row skipped", row);
      continue;
    }
    rows.push({
      la_code: geo.laCode,
      la_name: (cells[at("la name")] ?? "").trim(),
      region_name: (cells[at("region")] ?? "").trim(),
      type: (cells[at("type")] ?? "").trim(),
      row,
    });
  }
  return { rows, issues: log.close() };
}

/**
 * Reads benchmarks entered by hand, for measures DfE does not publish
 * (e.g. a regional benchmarking group's figures): a CSV or the first sheet
 * of an XLSX with columns `indicator`, `year` ("2025" or "2024-25"),
 * `la_code` (3-digit code, `england` or `region:<name>`) and `value`, read
 * with the same conventions as DfE's files (suppression symbols are no value).
 */
export async function readManualBenchmarks(path: string): Promise<ReadResult<BenchmarkValue>> {
  const isXlsx = /\.xlsx$/i.test(path);
  const table = isXlsx ? await readSheet(path) : await readCsvTable(path);
  const log = new IssueLog(path, table.sheet);
  if (table.error) {
    log.add("error", "BM_READ", "", "", table.error);
    return { rows: [], issues: log.close() };
  }
  const header = table.rows[0]?.cells.map((h) => h.trim().toLowerCase()) ?? [];
  const missing = ["indicator", "year", "la_code", "value"].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    log.add("error", "BM_MANUAL_HEADER", missing.join(", "), "", `missing column(s) ${missing.join(", ")}`);
    return { rows: [], issues: log.close() };
  }
  const dataset = stem(path);
  const rows: BenchmarkValue[] = [];
  for (const { cells, row } of table.rows.slice(1)) {
    const get = (name: string) => (cells[header.indexOf(name)] ?? "").trim();
    if (cells.every((c) => c.trim() === "")) continue;
    const indicator = get("indicator");
    if (!/^[a-z][a-z0-9_]*$/.test(indicator)) {
      log.add(
        "error",
        "BM_MANUAL_INDICATOR",
        "indicator",
        indicator,
        "not an indicator id; row skipped",
        row,
      );
      continue;
    }
    const period = get("year");
    const year = reportingYear(period);
    if (year === undefined) {
      log.add("error", "BM_YEAR", "year", period, 'not a year ("2025" or "2024-25"); row skipped', row);
      continue;
    }
    const code = get("la_code");
    const geo = geography(code);
    if (!geo) {
      log.add(
        "error",
        "BM_GEOGRAPHY",
        "la_code",
        code,
        "not a 3-digit LA code, england or region:<name>; row skipped",
        row,
      );
      continue;
    }
    rows.push({
      source: "manual",
      dataset,
      measure: indicator,
      breakdown: "",
      year,
      period,
      level: geo.level,
      la_code: geo.laCode,
      area_name: header.includes("area_name")
        ? get("area_name")
        : geo.level === "region"
          ? code.slice(7)
          : "",
      ...readCell(get("value"), log, "value", row),
      row,
    });
  }
  return { rows, issues: log.close() };
}

interface Table {
  rows: { cells: string[]; row: number }[];
  sheet?: string;
  error?: string;
}

async function readCsvTable(path: string): Promise<Table> {
  try {
    const text = await readFile(path, "utf8");
    return { rows: parseCsv(text).map((r) => ({ cells: r.fields, row: r.line })) };
  } catch (e) {
    return { rows: [], error: `cannot read the file: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Reads a sheet (by name, else the first) as text cells, numbers written as JavaScript prints them. */
async function readSheet(path: string, name?: string): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    return { rows: [], error: `cannot read the workbook: ${e instanceof Error ? e.message : String(e)}` };
  }
  const ws = (name ? wb.getWorksheet(name) : undefined) ?? wb.worksheets[0];
  if (!ws) return { rows: [], error: "the workbook has no sheets" };
  if (name && ws.name !== name) return { rows: [], sheet: ws.name, error: `no sheet named "${name}"` };
  const rows: Table["rows"] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: string[] = [];
    for (let k = 1; k <= r.cellCount; k++) cells.push(cellText(r.getCell(k).value));
    rows.push({ cells, row: n });
  });
  return { rows, sheet: ws.name };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
    if ("text" in v) return String(v.text);
    if ("error" in v) return String(v.error);
  }
  return String(v);
}
