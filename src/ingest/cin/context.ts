/**
 * The state of one streamed read of a CIN census and the value checks every
 * part of the reader shares: issues (capped per rule; a file-level error
 * keeps nothing), dates and codes (cached, as a 200 MB file repeats the same
 * few thousand values), flags, and rows located at their line.
 *
 * Why a class of its own: the SAX handlers, the header and the builders of
 * canonical rows are modules of functions over this one state.
 */

import { SaxesParser } from "saxes";
import { parseIsoDate } from "../../calendar/dates.ts";
import type { Row } from "../../db/database.ts";
import { cappedIssueLines, countIssue, type Issue, type RuleCounts, type Severity } from "../issues.ts";
import { withSource } from "../source.ts";
import { own } from "../text.ts";
import { CODE_FIRST_YEAR, CODE_LISTS } from "./codes.ts";
import { type CinReadOptions, type CinReadResult, type CinTable, emptyRows } from "./format.ts";

/** Issues listed per rule before the rest are counted in one closing warning. */
const MAX_ISSUES_PER_RULE = 1000;

export { own };

/** A leaf element's text, with its line and element path for issues. */
export interface Val {
  text: string;
  line: number;
  path: string;
}

/** A container element read so far: its single-valued leaves, repeated leaves and nested containers. */
export interface Node {
  name: string;
  line: number;
  path: string;
  leaf: Map<string, Val>;
  /** Made when the first is read (most containers have none). */
  multi: Map<string, Val[]> | undefined;
  kids: Node[];
}

/** An open element on the parser's stack. */
export interface Frame {
  name: string;
  line: number;
  path: string;
  /** The container being built (absent for leaves and for Message/Children). */
  node?: Node;
  isLeaf: boolean;
  text: string;
  /** Children opened so far by name, for the repeatable ones (created at the first). */
  counts: Map<string, number> | undefined;
  warnedText: boolean;
}

/** The first nested container of `node` named `name`. */
export function kid(node: Node | undefined, name: string): Node | undefined {
  return node?.kids.find((k) => k.name === name);
}

/**
 * What one read of a CIN census holds while it streams (the parser, the
 * element stack, rows, issues, caches) and the value checks every part of it
 * shares.
 */
export class ReadContext {
  readonly rows: Record<CinTable, Row[]> = emptyRows();
  readonly issues: Issue[] = [];
  readonly perRule: RuleCounts = new Map();
  readonly warnedOnce = new Set<string>();
  readonly seenChildren = new Map<string, number>();
  /** Date text → ISO date, and code → its one shared copy: a 200 MB file repeats the same few thousand values. */
  readonly dates = new Map<string, string>();
  readonly codes = new Map<string, string>();
  readonly stack: Frame[] = [];
  skipDepth = 0;
  /** The line the last tag ended on: where the text after it starts. */
  lastTagLine = 1;
  fatal = false;
  sawRoot = false;
  sawChildren = false;
  childIndex = 0;
  /** The LAchildID of the last `<Child>` read (undefined when it had none). */
  lastChildId?: string;
  children = 0;
  collectionYear?: number;
  fileLa?: string;
  la?: string;
  rowsBeforeLa = false;
  /** Told of each `<Child>`'s opening line, and of its closing line once its rows are read (stream.ts cuts chunks between children). */
  childHook?: { open(line: number): void; close(line: number): void };
  readonly parser = new SaxesParser({ position: true });

  /** A read of the file at `file`; `listen` (elements.ts) connects the parser's events to it. */
  constructor(
    readonly file: string,
    readonly options: CinReadOptions,
  ) {
    this.la = options.laCode;
  }

  /** Records an issue, counting it instead once its rule has MAX_ISSUES_PER_RULE listed. */
  issue(severity: Severity, rule: string, message: string, line: number, column: string, value: string) {
    if (!countIssue(this.perRule, rule, severity, MAX_ISSUES_PER_RULE)) return;
    this.issues.push({ severity, file: this.file, line, column, value: own(value), rule, message });
  }

  /** An issue about one leaf value, at its line and path. */
  at(severity: Severity, rule: string, v: Val, message: string) {
    this.issue(severity, rule, message, v.line, v.path, v.text);
  }

  /** A file-level error: nothing from the file is imported. */
  fail(rule: string, message: string, line: number, column: string, value: string): void {
    if (this.fatal) return;
    this.fatal = true;
    this.issue("error", rule, `${message}; nothing was imported from this file`, line, column, value);
  }

  /** The path of the element being read, for issues raised outside one. */
  currentPath(): string {
    return this.stack.at(-1)?.path ?? "";
  }

  /** Adds a row located at the element on `line` it was read from. */
  push(table: CinTable, line: number, row: Row): void {
    this.rows[table].push(this.located(line, row));
  }

  /** `row` located at `line` of the file. */
  located(line: number, row: Row): Row {
    return withSource(row, { file: this.file, line });
  }

  /** An error: the record (`what`) was not imported. */
  reject(node: Node, what: string): void {
    this.issue("error", "CIN_RECORD_REJECTED", `${what} was not imported`, node.line, node.path, "");
  }

  /** A warning: `node` lacks the element `name`. */
  missing(node: Node, name: string): void {
    this.issue(
      "warning",
      "CIN_MISSING",
      `<${node.name}> has no ${name}`,
      node.line,
      `${node.path}/${name}`,
      "",
    );
  }

  /** A required date: the ISO date, or false when missing or invalid (already reported). */
  requiredDate(node: Node, name: string): string | false {
    const v = node.leaf.get(name);
    if (!v || v.text === "") {
      this.issue(
        "error",
        "CIN_MISSING",
        `<${node.name}> has no ${name}, which it must have`,
        v?.line ?? node.line,
        v?.path ?? `${node.path}/${name}`,
        "",
      );
      return false;
    }
    return this.date(v, "error") ?? false;
  }

  /** An optional date: the ISO date, null when absent, or false when invalid (already reported). */
  optionalDate(node: Node, name: string): string | null | false {
    const v = node.leaf.get(name);
    if (!v || v.text === "") return null;
    return this.date(v, "error") ?? false;
  }

  /** Parses an xs:date (an optional time zone or time is dropped; dd/mm/yyyy accepted with a warning). */
  date(v: Val, severity: Severity): string | undefined {
    const cached = this.dates.get(v.text);
    if (cached !== undefined) return cached;
    let iso: string | undefined;
    const m = /^(\d{4}-\d{2}-\d{2})(?:T[\d:.]+)?(?:Z|[+-]\d{2}:\d{2})?$/.exec(v.text);
    if (m) iso = m[1];
    const uk = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v.text);
    if (uk) iso = `${uk[3]}-${uk[2]}-${uk[1]}`;
    const parts = iso === undefined ? undefined : parseIsoDate(iso);
    if (!parts || parts.year < 1900 || parts.year > 2099) {
      const what = v.path.slice(v.path.lastIndexOf("/") + 1);
      this.at(severity, "CIN_DATE", v, `${what} "${v.text}" is not a valid date (YYYY-MM-DD)`);
      return undefined;
    }
    if (uk) {
      this.at("warning", "CIN_DATE_FORMAT", v, `date written dd/mm/yyyy; read as ${iso}`);
      return iso;
    }
    const result = own(iso!);
    if (this.dates.size < 100_000) this.dates.set(result === v.text ? result : own(v.text), result);
    return result;
  }

  /** A coded value, upper-cased; a value off the list is kept as written and reported. */
  code(v: Val): string {
    const name = elementOf(v.path);
    const upper = v.text.toUpperCase();
    const list = CODE_LISTS[name];
    if (list && !list.has(upper)) {
      this.at(
        "warning",
        "CIN_CODE",
        v,
        `${v.text || "(empty)"} is not a valid ${name} code: kept as written`,
      );
      return own(v.text);
    }
    const first = YEARLY_CODES.has(name) ? CODE_FIRST_YEAR.get(`${name}:${upper}`) : undefined;
    if (first !== undefined && this.collectionYear !== undefined && this.collectionYear < first) {
      this.at(
        "warning",
        "CIN_CODE_YEAR",
        v,
        `${name} ${upper} exists from the ${first} collection, but this file is for ${this.collectionYear}`,
      );
    }
    return this.intern(upper);
  }

  /** A code that may be absent: null when it is. */
  optionalCode(node: Node, name: string): string | null {
    const v = node.leaf.get(name);
    return v && v.text !== "" ? this.code(v) : null;
  }

  /** 0/1/true/false as Y/N; anything else is reported and left empty. */
  bool(node: Node, name: string, required: boolean): "Y" | "N" | null {
    const v = node.leaf.get(name);
    if (!v) {
      if (required) this.missing(node, name);
      return null;
    }
    const t = v.text.toLowerCase();
    if (t === "1" || t === "true") return "Y";
    if (t === "0" || t === "false") return "N";
    this.at("warning", "CIN_BOOLEAN", v, `${name} "${v.text}" is not 0, 1, true or false: left empty`);
    return null;
  }

  /** One shared copy of a code. */
  intern(s: string): string {
    const hit = this.codes.get(s);
    if (hit !== undefined) return hit;
    const copy = own(s);
    if (this.codes.size < 100_000) this.codes.set(copy, copy);
    return copy;
  }

  /** The read's result: no rows after a file-level error. */
  result(): CinReadResult {
    this.issues.push(...cappedIssueLines(this.perRule, MAX_ISSUES_PER_RULE, this.file));
    const rows = this.fatal ? emptyRows() : this.rows;
    return {
      rows,
      issues: this.issues,
      summary: {
        children: this.fatal ? 0 : this.children,
        referrals: rows.ssd_cin_episodes.length,
        assessments: rows.ssd_cin_assessments.length,
        s47: rows.ssd_s47_enquiry.length,
        cpPlans: rows.ssd_cp_plans.length,
        collectionYear: this.collectionYear,
        laCode: this.la ?? this.fileLa,
      },
    };
  }
}

/** The elements with codes added in a later collection year (CODE_FIRST_YEAR). */
const YEARLY_CODES = new Set([...CODE_FIRST_YEAR.keys()].map((k) => k.slice(0, k.indexOf(":"))));

/** The element a path ends in, without its index (`…/AssessmentFactors[2]` → `AssessmentFactors`). */
function elementOf(path: string): string {
  const from = path.lastIndexOf("/") + 1;
  const open = path.lastIndexOf("[");
  if (open < from || path.charCodeAt(path.length - 1) !== 93 || open === path.length - 2)
    return path.slice(from);
  for (let k = open + 1; k < path.length - 1; k++) {
    const c = path.charCodeAt(k);
    if (c < 48 || c > 57) return path.slice(from);
  }
  return path.slice(from, open);
}
