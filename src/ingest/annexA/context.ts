/**
 * The state of one read of an Annex A workbook and what every part of it
 * shares: issues (capped per rule; a file-level error keeps nothing), ids
 * unique within the file, rows located at their sheet and row.
 *
 * Why a class of its own: the sheet reader fills its records, the builders
 * of canonical rows read them; each is a module of functions over this.
 */
import type { Row } from "../../db/database.ts";
import { cappedIssueLines, countIssue, type Issue, type RuleCounts, type Severity } from "../issues.ts";
import { withSource } from "../source.ts";
import {
  type AnnexAListSummary,
  type AnnexAReadOptions,
  type AnnexAReadResult,
  type AnnexATable,
  emptyRows,
} from "./format.ts";
import type { HeaderMatch } from "./headers.ts";

/** Issues listed per rule before the rest are counted in one closing warning. */
export const MAX_ISSUES_PER_RULE = 1000;

/** Where a read's issues go: shared by the contexts of a read done in parts (stream.ts), so the caps are the read's. */
export interface IssueSink {
  issues: Issue[];
  perRule: RuleCounts;
}

const FATAL_RULES = new Set([
  "ANNEXA_FILE",
  "ANNEXA_EMPTY",
  "ANNEXA_NO_LISTS",
  "ANNEXA_NO_ROWS",
  "ANNEXA_INTERNAL",
]);

/** A cell's value once read by its column's kind. */
export type Value = string | number | null;

/** One data row of a list, its values read. */
export interface Rec {
  sheet: string;
  row: number;
  childId: string;
  v: Record<string, Value>;
  /** Raw text of the code cells kept as descriptions (contact and referral source). */
  raw: Record<string, string>;
}

/** A sheet as it is read: its list once a header row matched one. */
export interface SheetState {
  name: string;
  match?: HeaderMatch;
  headerRow: number;
  summary?: AnnexAListSummary;
  ids: Set<string>;
}

/**
 * What one read of a workbook holds while it runs (records by list, rows,
 * issues) and the helpers every part of it shares.
 */
export class ReadContext {
  readonly rows: Record<AnnexATable, Row[]> = emptyRows();
  readonly issues: Issue[];
  readonly perRule: RuleCounts;
  readonly records = new Map<number, Rec[]>();
  readonly lists: AnnexAListSummary[] = [];
  readonly persons = new Map<string, Row>();
  readonly conflicts = new Set<string>();
  readonly usedIds = new Map<string, number>();
  fatal = false;
  /** Where each record read goes instead of `records`, when set (stream.ts stages them). */
  onRecord?: (list: number, rec: Rec) => void;

  /** A read of the workbook at `file`, its issues into `sink` when given. */
  constructor(
    readonly file: string,
    readonly options: AnnexAReadOptions,
    sink: IssueSink = { issues: [], perRule: new Map() },
  ) {
    this.issues = sink.issues;
    this.perRule = sink.perRule;
  }

  /** Keeps a record read of `list`, in reading order. */
  keep(list: number, rec: Rec): void {
    if (this.onRecord) {
      this.onRecord(list, rec);
      return;
    }
    const bucket = this.records.get(list);
    if (bucket) bucket.push(rec);
    else this.records.set(list, [rec]);
  }

  /** Records an issue, counting it instead once its rule has MAX_ISSUES_PER_RULE listed. */
  issue(
    severity: Severity,
    rule: string,
    message: string,
    sheet: string | undefined,
    row: number | undefined,
    column: string,
    value: string,
  ): void {
    if (!countIssue(this.perRule, rule, severity, MAX_ISSUES_PER_RULE)) return;
    this.issues.push({
      severity,
      file: this.file,
      ...(sheet !== undefined ? { sheet } : {}),
      ...(row !== undefined ? { row } : {}),
      column,
      value,
      rule,
      message,
    });
  }

  /** A file-level error: nothing from the file is imported. */
  fail(rule: string, message: string): void {
    if (this.fatal) return;
    this.fatal = true;
    this.issue(
      "error",
      rule,
      `${message}; nothing was imported from this file`,
      undefined,
      undefined,
      "",
      "",
    );
  }

  /** `row` with the council's LA code, located at the record's sheet and row. */
  at(rec: Rec, row: Row): Row {
    row.la_code = this.options.laCode;
    return withSource(row, { file: this.file, sheet: rec.sheet, row: rec.row });
  }

  /** Adds a canonical row for a record. */
  push(table: AnnexATable, rec: Rec, row: Row): void {
    this.rows[table].push(this.at(rec, row));
  }

  /** A row id unique within the file: the natural key, with #2, #3 … on repeats. */
  id(key: string): string {
    const n = (this.usedIds.get(key) ?? 0) + 1;
    this.usedIds.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  }

  /** The read's result: no rows after a file-level error, and only the errors that explain it. */
  result(): AnnexAReadResult {
    this.issues.push(...cappedIssueLines(this.perRule, MAX_ISSUES_PER_RULE, this.file));
    const issues = this.fatal
      ? this.issues.filter((i) => i.severity !== "error" || FATAL_RULES.has(i.rule))
      : this.issues;
    return {
      rows: this.fatal ? emptyRows() : this.rows,
      issues,
      summary: {
        laCode: this.options.laCode,
        children: this.fatal ? 0 : this.persons.size,
        lists: this.lists,
      },
    };
  }
}
