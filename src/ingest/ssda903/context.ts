/**
 * The state of one read of 903 files and the field checks every part of
 * the reader shares (dates, codes, flags, the issue for each problem).
 *
 * Why a class of its own: the CSV and XML parsers fill its records and the
 * builders of canonical rows (people, episodes, permanence …) read them and
 * add rows and issues; each of those is a module of functions over this.
 */

import type { Row } from "../../db/database.ts";
import {
  CARE_LEAVER_ACTIVITY,
  CARE_LEAVER_IN_TOUCH,
  EPISODE_END_REASONS,
  EPISODE_START_REASONS,
  ETHNICITY,
  LEGAL_STATUSES,
  MISSING_TYPES,
  PLACEMENT_CHANGE_REASONS,
  PLACEMENT_PROVIDERS,
  PLACEMENT_TYPES,
  PRIMARY_NEED,
  REVIEW_PARTICIPATION,
} from "../../model/codes.ts";
import { countIssue, type Issue, type RuleCounts, type Severity } from "../issues.ts";
import { withSource } from "../source.ts";
import { parseDateText } from "../text.ts";
import {
  emptyRecords,
  type Raw,
  SSDA903_TABLES,
  type Ssda903FileSummary,
  type Ssda903ReadOptions,
  type Ssda903Table,
} from "./format.ts";

/** Issues listed per rule before the rest are counted in one closing warning. */
export const MAX_ISSUES_PER_RULE = 1000;

const START_REASONS = new Set(EPISODE_START_REASONS.codes);

const CODE_LISTS: Record<string, ReadonlySet<string>> = {
  RNE: START_REASONS,
  LS: new Set(LEGAL_STATUSES.codes),
  CIN: new Set(PRIMARY_NEED.codes),
  PLACE: new Set(PLACEMENT_TYPES.codes),
  PLACE_PROVIDER: new Set(PLACEMENT_PROVIDERS.codes),
  REC: new Set(EPISODE_END_REASONS.codes),
  REASON_PLACE_CHANGE: new Set(PLACEMENT_CHANGE_REASONS.codes),
  REVIEW_CODE: new Set(REVIEW_PARTICIPATION.codes),
  ETHNIC: new Set(ETHNICITY.codes),
  IN_TOUCH: new Set(CARE_LEAVER_IN_TOUCH.codes),
  ACTIV: new Set(CARE_LEAVER_ACTIVITY.codes),
  MISSING: new Set(MISSING_TYPES.codes),
};

/** A period of care rebuilt from a child's episodes. */
export interface Period {
  id: string;
  /** The first episode's start: the date entered care when `entered`, else the first date known. */
  start: string;
  end: string | null;
  /** False when the child's first episode in the files is not an entry to care (RNE other than S): the period began before them. */
  entered: boolean;
}

function emptyRows(): Record<Ssda903Table, Row[]> {
  return Object.fromEntries(SSDA903_TABLES.map((t) => [t, []])) as unknown as Record<Ssda903Table, Row[]>;
}

/** An ISO date without its dashes, for ids (2024-03-31 → 20240331). */
export function compact(iso: string): string {
  return iso.replace(/-/g, "");
}

/** `id`, or `id-2`, `id-3` … when already taken in `ids`; records the one returned. */
export function uniqueId(ids: Set<string>, id: string): string {
  let candidate = id;
  for (let k = 2; ids.has(candidate); k++) candidate = `${id}-${k}`;
  ids.add(candidate);
  return candidate;
}

/**
 * What one read of a set of 903 files holds while it runs, and the checks
 * every part of it shares: issues (capped per rule), dates, codes and flags.
 */
export class ReadContext {
  readonly issues: Issue[];
  readonly perRule: RuleCounts;
  readonly records = emptyRecords();
  readonly files: Ssda903FileSummary[] = [];
  readonly rows = emptyRows();
  readonly periods = new Map<string, Period[]>();
  collectionYear?: number;
  /** Collection year by set. */
  years: (number | undefined)[] = [];

  /**
   * Previous permanence records that name no period of care, by file, when
   * a streamed read counts them across its chunks (it then reports them).
   */
  readonly unplacedPermanence?: Map<string, number>;

  /** `sink`: the issue list, per-rule counts and counts to share (a streamed read builds each chunk of children in its own context). */
  constructor(
    readonly options: Ssda903ReadOptions,
    sink?: { issues: Issue[]; perRule: RuleCounts; unplacedPermanence?: Map<string, number> },
  ) {
    this.issues = sink?.issues ?? [];
    this.perRule = sink?.perRule ?? new Map();
    if (sink?.unplacedPermanence) this.unplacedPermanence = sink.unplacedPermanence;
  }

  /** Records an issue, counting it instead once its rule has MAX_ISSUES_PER_RULE listed. */
  issue(i: Issue): void {
    if (countIssue(this.perRule, i.rule, i.severity, MAX_ISSUES_PER_RULE)) this.issues.push(i);
  }

  /** An error that stops a whole file being read. */
  fatal(file: string, rule: string, message: string, at: { row?: number; line?: number } = {}): void {
    this.issue({
      severity: "error",
      file,
      ...at,
      column: "",
      value: "",
      rule,
      message: `${message}; nothing was imported from this file`,
    });
  }

  /** An issue about one field of a record, naming its file, row or line, column and value. */
  at(severity: Severity, rule: string, r: Raw, field: string, message: string): void {
    this.issue({
      severity,
      file: r.file,
      ...(r.row !== undefined ? { row: r.row } : {}),
      ...(r.line !== undefined ? { line: r.line } : {}),
      column: r.labels[field] ?? field,
      value: r.v[field] ?? "",
      rule,
      message,
    });
  }

  /** Whether the record names its child (else an error: the record is not imported). */
  childOk(r: Raw): boolean {
    if (r.v.CHILD) return true;
    this.at("error", "SSDA903_NO_CHILD", r, "CHILD", "the record has no CHILD id: it was not imported");
    return false;
  }

  /** Adds a canonical row, located at the record it came from. */
  push(table: Ssda903Table, r: Raw, row: Row): void {
    this.rows[table].push(withSource(row, { file: r.file, row: r.row, line: r.line }));
  }

  /** A date field: ISO, null when blank, or false when invalid (reported with `severity`). */
  date(r: Raw, field: string, severity: Severity, what: string): string | null | false {
    const text = r.v[field] ?? "";
    if (text === "") return null;
    const d = parseDateText(text);
    if ("iso" in d) return d.iso;
    this.at(
      severity,
      "SSDA903_DATE",
      r,
      field,
      `${field} "${text}" is not a valid date: ${d.problem}; ${severity === "error" ? `the ${what} was not imported` : "left empty"}`,
    );
    return false;
  }

  /** A date that must be there: ISO, or false (reported as an error) when blank or invalid. */
  required(r: Raw, field: string, what: string): string | false {
    const d = this.date(r, field, "error", what);
    if (d === null) {
      this.at("error", "SSDA903_MISSING", r, field, `${field} is empty: the ${what} was not imported`);
      return false;
    }
    return d;
  }

  /** A coded value, upper-cased; a value off the DfE list is kept as written and reported. */
  code(r: Raw, field: string): string | null {
    const text = r.v[field] ?? "";
    if (text === "") return null;
    const upper = text.toUpperCase();
    const list = CODE_LISTS[field];
    if (list && !list.has(upper)) {
      this.at("warning", "SSDA903_CODE", r, field, `${text} is not a valid ${field} code: kept as written`);
      return text;
    }
    return upper;
  }

  /** A 0/1 field as N/Y; null when blank or (with a warning) anything else. */
  flag(r: Raw, field: string): "Y" | "N" | null {
    const text = r.v[field] ?? "";
    if (text === "") return null;
    if (/^1(?:\.0+)?$/.test(text)) return "Y";
    if (/^0(?:\.0+)?$/.test(text)) return "N";
    this.at("warning", "SSDA903_FLAG", r, field, `${field} "${text}" is not 0 or 1: left empty`);
    return null;
  }

  /** The order of sets by collection year (a later year's copy of a record is the more current). */
  setOrder(r: Raw): number {
    return this.years[r.set] ?? -1;
  }

  /** The 31 March ending the collection year of a record's set. */
  yearEndOf(r: Raw): string | undefined {
    const year = this.years[r.set];
    return year !== undefined ? `${year}-03-31` : undefined;
  }

  /** The period of care holding `date`, else the latest one that started before it. */
  periodAt(child: string, date: string): { period?: Period; inside: boolean } {
    let before: Period | undefined;
    for (const p of this.periods.get(child) ?? []) {
      if (p.start <= date && (p.end === null || date <= p.end)) return { period: p, inside: true };
      if (p.start <= date) before = p;
    }
    return { period: before, inside: false };
  }

  /**
   * The records of `list` with one set's copy of each (child, start): a
   * record repeated in another year's set is dropped, the copy with an end
   * preferred, else the later year's. Records of one set are all kept.
   */
  onceAcrossSets(list: readonly Raw[], start: string, end: string): Raw[] {
    const chosen = new Map<string, Raw[]>();
    for (const r of list) {
      const d = r.v[start] ? parseDateText(r.v[start]!) : undefined;
      const key = `${r.v.CHILD}\u0001${d && "iso" in d ? d.iso : (r.v[start] ?? "")}`;
      const have = chosen.get(key);
      if (!have || have[0]!.set === r.set) {
        chosen.set(key, [...(have ?? []), r]);
        continue;
      }
      const oldEnded = have.some((x) => x.v[end]);
      const newEnded = Boolean(r.v[end]);
      if (newEnded !== oldEnded ? newEnded : this.setOrder(r) >= this.setOrder(have[0]!))
        chosen.set(key, [r]);
    }
    return [...chosen.values()].flat();
  }
}
