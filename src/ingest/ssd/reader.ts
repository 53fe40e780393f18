/**
 * Reads Standard Safeguarding Dataset tables exported by a council (one
 * CSV or Parquet file per `ssd_*` table, named after it) into canonical
 * rows plus issues.
 *
 * Why a reader at all when the columns already match: extracts differ from
 * the model in ways that would give wrong figures if loaded as they are.
 * Some systems write `1900-01-01` for an empty date, or their own
 * description text in a code column (`Police` for referral source 6);
 * dates arrive as timestamps or dd/mm/yyyy; flags as Yes/No. This reader
 * maps those back (codes.ts), reports what it cannot map, and keeps the
 * files `export-tables` writes exactly as they are. Parquet is read through
 * an in-memory DuckDB with every column cast to text, so both formats take
 * the same path. Never throws: an unreadable file gives one error and no
 * rows; a row with an unreadable date is dropped with an error. The
 * streamed import (stream.ts) maps headers and records with the same
 * SsdReader, a record at a time.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Row } from "../../db/database.ts";
import { TABLES, type TableSpec } from "../../model/tables.ts";
import { cappedIssueLines, countIssue, type Issue, type RuleCounts } from "../issues.ts";
import { withSource } from "../source.ts";
import { decodeText, notTextReason, parseCsv, parseDateText } from "../text.ts";
import { type OpenedText, openText } from "../textStream.ts";
import { CODE_COLUMNS, mapCode, yesNo } from "./codes.ts";

export interface SsdReadOptions {
  /** The council's LA code, for files without an `la_code` column (or with it empty). */
  laCode?: string;
}

/** What was read from one file. */
export interface SsdFileSummary {
  file: string;
  /** The canonical table the file name names; absent when it names none. */
  table?: string;
  /** Data rows in the file. */
  records: number;
  /** Rows kept. */
  rows: number;
}

export interface SsdSummary {
  files: SsdFileSummary[];
  /** Distinct person ids across the tables that hold a child. */
  children: number;
}

export interface SsdReadResult {
  rows: Record<string, Row[]>;
  issues: Issue[];
  summary: SsdSummary;
}

const MAX_ISSUES_PER_RULE = 1000;
/** Dates some systems write for "no date". */
const EMPTY_DATES = new Set(["1900-01-01"]);
/** A Parquet file's columns, each as text (both formats take the same path). */
export const PARQUET_AS_TEXT = "SELECT COLUMNS(*)::VARCHAR FROM read_parquet($1)";
const TABLE_NAMES = TABLES.map((t) => t.name).sort((a, b) => b.length - a.length);

/**
 * Reads SSD table files. Resolves with rows keyed by canonical table, the
 * issues and a summary; never rejects.
 */
export async function readSsdTables(
  paths: readonly string[],
  options: SsdReadOptions = {},
): Promise<SsdReadResult> {
  const reader = new SsdReader(options);
  for (const path of paths) await reader.readFile(path);
  return reader.result();
}

/** The canonical table a file name names (`ssd_cin_episodes.csv`, `ssd_cin_episodes_2025.parquet`), if any. */
export function tableForFile(path: string): TableSpec | undefined {
  const stem = basename(path)
    .replace(/\.(csv|txt|parquet)$/i, "")
    .toLowerCase();
  const name = TABLE_NAMES.find(
    (n) => stem === n || (stem.startsWith(n) && /^[^a-z0-9]/.test(stem.slice(n.length))),
  );
  return name ? TABLES.find((t) => t.name === name) : undefined;
}

/** A file's columns: the table it fills, its header as written, and where each canonical column is. */
export interface SsdColumns {
  file: string;
  spec: TableSpec;
  header: string[];
  index: Map<string, number>;
}

/** Where a reader's issues stand (SsdReader.mark). */
interface Mark {
  issues: number;
  perRule: RuleCounts;
  fatal: boolean;
}

/** A file read whole: its header, its records and the line each starts on. */
interface WholeTable {
  header: string[];
  records: string[][];
  lines: number[];
}

/**
 * What reading SSD files keeps: the issues (capped per rule) and the rows.
 * The whole-file reader (readFile) and the streamed stage (stream.ts) both
 * map each file's header with `columns` and each record with `row`, so a
 * record reads the same, with the same issues, on either path.
 */
export class SsdReader {
  private readonly rows: Record<string, Row[]> = {};
  private readonly issues: Issue[] = [];
  private readonly perRule: RuleCounts = new Map();
  private readonly files: SsdFileSummary[] = [];
  private readonly children = new Set<string>();
  private sawFatal = false;

  constructor(private readonly options: SsdReadOptions) {}

  /** Reads a file whole, keeping its rows. */
  async readFile(file: string): Promise<void> {
    const begun = this.begin(file);
    if (!begun) return;
    const { spec, summary } = begun;
    let table: WholeTable | undefined;
    try {
      table = /\.parquet$/i.test(file) ? await this.parquet(file) : await this.csv(file);
    } catch (e) {
      this.failed(file, e);
      return;
    }
    if (!table) return;
    summary.records = table.records.length;
    const columns = this.columns(file, spec, table.header);
    if (!columns) return;
    const rows: Row[] = [];
    for (let k = 0; k < table.records.length; k++) {
      const row = this.row(columns, table.records[k]!, table.lines[k]!);
      if (row) rows.push(row);
    }
    summary.rows = rows.length;
    const list = this.rows[spec.name] ?? [];
    for (const r of rows) list.push(r);
    this.rows[spec.name] = list;
    if (spec.personColumn) {
      for (const r of rows) {
        const id = r[spec.personColumn];
        if (typeof id === "string") this.children.add(`${r.la_code}\u0000${id}`);
      }
    }
  }

  result(): SsdReadResult {
    return {
      rows: this.rows,
      issues: this.closedIssues(),
      summary: { files: this.files, children: this.children.size },
    };
  }

  /** The issues, with a line per rule past its cap; call once, after the last file. */
  closedIssues(): Issue[] {
    this.issues.push(...cappedIssueLines(this.perRule, MAX_ISSUES_PER_RULE, ""));
    return this.issues;
  }

  /** Whether a file-level error was reported. */
  get fatalSeen(): boolean {
    return this.sawFatal;
  }

  /** Starts a file: the table its name names, or undefined with an error when it names none. */
  begin(file: string): { spec: TableSpec; summary: SsdFileSummary } | undefined {
    const summary: SsdFileSummary = { file, records: 0, rows: 0 };
    this.files.push(summary);
    const spec = tableForFile(file);
    if (!spec) {
      this.fatal(
        file,
        "SSD_UNKNOWN_TABLE",
        /^ssd/i.test(basename(file))
          ? `${basename(file)} names no table this product reads (the file name must be the table's, e.g. ssd_cin_episodes.csv)`
          : `${basename(file)} is not named after an SSD table (e.g. ssd_cin_episodes.csv or .parquet)`,
      );
      return undefined;
    }
    summary.table = spec.name;
    return { spec, summary };
  }

  /** Where the issues stand, for `rollback`. */
  mark(): Mark {
    return { issues: this.issues.length, perRule: new Map(this.perRule), fatal: this.sawFatal };
  }

  /** Forgets the issues reported since `mark` (a file found cut short reports that alone, as read whole). */
  rollback(mark: Mark): void {
    this.sawFatal = mark.fatal;
    this.issues.length = mark.issues;
    this.perRule.clear();
    for (const [k, v] of mark.perRule) this.perRule.set(k, v);
  }

  /** The error for a reader that failed on `file`. */
  failed(file: string, e: unknown): void {
    this.fatal(
      file,
      "SSD_INTERNAL",
      `the reader failed on this file (${e instanceof Error ? e.message : String(e)}); please report it`,
    );
  }

  private issue(i: Issue): void {
    if (countIssue(this.perRule, i.rule, i.severity, MAX_ISSUES_PER_RULE)) this.issues.push(i);
  }

  private fatal(file: string, rule: string, message: string, row?: number): void {
    this.sawFatal = true;
    this.issue({
      severity: "error",
      file,
      ...(row !== undefined ? { row } : {}),
      column: "",
      value: "",
      rule,
      message: `${message}; nothing was imported from this file`,
    });
  }

  /** A CSV file's bytes and text, or undefined with an error when it cannot be read or is not text. */
  private async csvText(file: string): Promise<{ bytes: Uint8Array; text: string } | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      this.fatal(file, "SSD_READ", `cannot read the file: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    if (bytes.length === 0) {
      this.fatal(file, "SSD_EMPTY", "the file is empty");
      return undefined;
    }
    const { text } = decodeText(bytes);
    const notText = notTextReason(bytes, text);
    if (notText) {
      this.fatal(file, "SSD_NOT_CSV", `this is not a CSV file: ${notText}`);
      return undefined;
    }
    return { bytes, text };
  }

  /**
   * A CSV file opened to be read a block at a time (textStream.ts), or
   * undefined with the error `csvText` gives when it cannot be read, is
   * empty or is not text. The caller closes it.
   */
  async openCsv(file: string): Promise<OpenedText | undefined> {
    let opened: OpenedText;
    try {
      opened = await openText(file);
    } catch (e) {
      this.fatal(file, "SSD_READ", `cannot read the file: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    if (opened.empty) {
      this.fatal(file, "SSD_EMPTY", "the file is empty");
      return undefined;
    }
    if (opened.notText) {
      await opened.close();
      this.fatal(file, "SSD_NOT_CSV", `this is not a CSV file: ${opened.notText}`);
      return undefined;
    }
    return opened;
  }

  /** The error for a CSV file that ends inside a quoted value opened on `line`. */
  cutShort(file: string, line: number): void {
    this.fatal(
      file,
      "SSD_CSV",
      `the file is cut short or malformed: a quoted value opened on line ${line} is never closed`,
      line,
    );
  }

  /** The error for a CSV file of blank space only. */
  blank(file: string): void {
    this.fatal(file, "SSD_EMPTY", "the file holds only blank space");
  }

  /** The error for a Parquet file DuckDB cannot read. */
  parquetUnreadable(file: string, e: unknown): void {
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    this.fatal(file, "SSD_PARQUET", `cannot read the Parquet file: ${message}`);
  }

  private async csv(file: string): Promise<WholeTable | undefined> {
    const read = await this.csvText(file);
    if (!read) return undefined;
    const csv = parseCsv(read.text);
    if (csv.unterminatedQuoteLine !== undefined) {
      this.cutShort(file, csv.unterminatedQuoteLine);
      return undefined;
    }
    if (csv.records.length === 0) {
      this.blank(file);
      return undefined;
    }
    return { header: csv.records[0]!, records: csv.records.slice(1), lines: csv.lines.slice(1) };
  }

  private async parquet(file: string): Promise<WholeTable | undefined> {
    let instance: DuckDBInstance | undefined;
    try {
      instance = await DuckDBInstance.create(":memory:");
      const c = await instance.connect();
      try {
        const result = await c.runAndReadAll(PARQUET_AS_TEXT, [file]);
        const header = result.columnNames();
        const records = result.getRows().map((r) => r.map((v) => (v === null ? "" : String(v))));
        return { header, records, lines: records.map((_, k) => k + 2) };
      } finally {
        c.closeSync();
      }
    } catch (e) {
      this.parquetUnreadable(file, e);
      return undefined;
    } finally {
      instance?.closeSync();
    }
  }

  /**
   * A file's header matched to `spec`'s columns, with warnings for columns
   * unknown, twice or absent; undefined with an error when the rows could
   * not be identified (no key column, no LA code).
   */
  columns(file: string, spec: TableSpec, header: string[]): SsdColumns | undefined {
    const columns = new Map(spec.columns.map((c) => [c.name, c]));
    const index = new Map<string, number>();
    header.forEach((h, k) => {
      const name = h
        .replace(/^\uFEFF/, "")
        .trim()
        .toLowerCase();
      if (columns.has(name)) {
        if (index.has(name)) {
          this.issue({
            severity: "warning",
            file,
            row: 1,
            column: h,
            value: h,
            rule: "SSD_DUPLICATE_COLUMN",
            message: `the column ${h} appears twice: the first was read`,
          });
        } else index.set(name, k);
      } else if (name !== "") {
        this.issue({
          severity: "warning",
          file,
          row: 1,
          column: h,
          value: h,
          rule: "SSD_UNKNOWN_COLUMN",
          message: `${h} is not a column of ${spec.name}: it was ignored`,
        });
      }
    });
    if (!index.has(spec.key)) {
      this.fatal(
        file,
        "SSD_NO_KEY",
        `the file has no ${spec.key} column, which identifies each ${spec.name} row`,
        1,
      );
      return undefined;
    }
    if (!index.has("la_code") && !this.options.laCode) {
      this.fatal(
        file,
        "SSD_NO_LA",
        "the file has no la_code column and no LA code was given: give the council's LA code",
        1,
      );
      return undefined;
    }
    const absent = spec.columns.filter((c) => !index.has(c.name) && c.name !== "la_code").map((c) => c.name);
    if (absent.length > 0) {
      this.issue({
        severity: "warning",
        file,
        row: 1,
        column: "",
        value: "",
        rule: "SSD_MISSING_COLUMN",
        message: `the file has no ${absent.join(", ")} column${absent.length > 1 ? "s" : ""}: left empty`,
      });
    }
    return { file, spec, header, index };
  }

  /** One record (its fields as written, the line it starts on) as a canonical row; undefined when dropped with an error. */
  row(columns: SsdColumns, fields: readonly string[], line: number): Row | undefined {
    const { file, spec, header, index } = columns;
    const row: Row = {};
    let ok = true;
    for (const c of spec.columns) {
      const j = index.get(c.name);
      const text = j === undefined ? "" : (fields[j] ?? "");
      const at = { file, row: line, column: j === undefined ? c.name : header[j]!, value: text };
      const value = this.value(spec, c.name, c.type, c.description, text, at);
      if (value === false) ok = false;
      else row[c.name] = value;
    }
    if (!ok) return undefined;
    if (row.la_code === null) row.la_code = this.options.laCode ?? null;
    if (row.la_code === null) {
      this.issue({
        severity: "error",
        file,
        row: line,
        column: "la_code",
        value: "",
        rule: "SSD_NO_LA",
        message: "the row has no la_code and no LA code was given: it was not imported",
      });
      return undefined;
    }
    if (row[spec.key] === null) {
      this.issue({
        severity: "error",
        file,
        row: line,
        column: spec.key,
        value: "",
        rule: "SSD_NO_KEY",
        message: `the row has no ${spec.key}: it was not imported`,
      });
      return undefined;
    }
    return withSource(row, { file, row: line });
  }

  /** A cell as its canonical value: text, ISO date, number or null; false when the row must be dropped. */
  private value(
    spec: TableSpec,
    column: string,
    type: string,
    description: string,
    text: string,
    at: { file: string; row: number; column: string; value: string },
  ): string | number | null | false {
    const t = text.trim();
    if (t === "") return null;
    if (type === "DATE") {
      const d = parseDateText(t);
      if ("problem" in d) {
        this.issue({
          severity: "error",
          ...at,
          rule: "SSD_DATE",
          message: `"${text}" is not a valid date: ${d.problem}; the ${spec.name} row was not imported`,
        });
        return false;
      }
      return EMPTY_DATES.has(d.iso) ? null : d.iso;
    }
    if (type === "INTEGER" || type === "DOUBLE") {
      const plain = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, "") : t;
      const n = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(plain) ? Number(plain) : Number.NaN;
      if (!Number.isFinite(n) || (type === "INTEGER" && !Number.isInteger(n))) {
        this.issue({
          severity: "warning",
          ...at,
          rule: "SSD_NUMBER",
          message: `"${text}" is not ${type === "INTEGER" ? "a whole number" : "a number"}: left empty`,
        });
        return null;
      }
      return n;
    }
    const map = CODE_COLUMNS[column];
    if (map) {
      const code = mapCode(map, t);
      if (code !== undefined) return code;
      this.issue({
        severity: "warning",
        ...at,
        rule: "SSD_CODE",
        message: `"${text}" is not a ${map.name} code or a description this product knows: kept as written`,
      });
      return text;
    }
    if (/\bY\/N\b/.test(description)) {
      const yn = yesNo(t);
      if (yn) return yn;
      this.issue({
        severity: "warning",
        ...at,
        rule: "SSD_FLAG",
        message: `"${text}" is not Y or N (or yes/no, true/false, 1/0): kept as written`,
      });
      return text;
    }
    return text;
  }
}
