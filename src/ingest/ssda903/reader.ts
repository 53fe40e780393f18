/**
 * Reads a council's SSDA903 return (the looked-after children collection),
 * either the set of CSV files or the XML form (`EXPSSDA903`), into canonical
 * rows plus issues.
 *
 * Why rebuilt rather than copied: the 903 holds episodes (one per change of
 * legal status or placement), while the canonical model holds periods of
 * care, placements and legal statuses. Periods are runs of episodes joined
 * end to start (the previous episode ends with X1 on the day the next
 * starts); a placement is a run within a period that starts with a change of
 * placement (RNE P, B, T, U or S); a legal status is a run with the same LS.
 * A child's first period whose first episode in the files is not an entry
 * to care (RNE other than S: the files begin part-way through it) began before the data:
 * its date entered care is left empty, as unknown, so it is never counted as
 * a start, and a warning says so.
 * Ids are made from the child and a start date, so the same episode read
 * from two years' returns gets the same id.
 *
 * A CSV file is recognised by its set of column names (any order, any file
 * name). One folder holds one year's set: CSV files in different folders
 * are different years' returns (an XML file is a set of its own), each
 * with its own collection year, read together so that an episode carried
 * from one year into the next is one episode and periods of care span the
 * years; a record repeated in two years' sets (a child's header, an
 * episode, a missing episode or social worker open at 31 March) is kept
 * once, the copy with an end date preferred. The year-level flags of OC2 (health check, dental check) and the
 * OC3 snapshot have no dates. OC3 rows are dated the collection year end
 * (31 March) of their set's year. An OC2 "yes" says a check fell in the 12
 * months to 31 March, [31 March of the year before, 31 March] with both
 * ends in, so it is dated 30 March: inside that year's window (and the
 * 6-month one for under-5s) but before 31 March, which is also the first
 * day of the next year's window, where the next set's own flag must decide
 * alone. DATE_INT (AD1) and DATE_PLACED (placed
 * for adoption) are both the date of the decision that the child should be
 * placed for adoption; the placement order, the date placed for adoption
 * and the date placed with a foster carer who adopts come from the
 * episodes (the first E1 legal status, the first A3–A6 placement and the
 * placement before it; left empty when that status or placement was already
 * in force at the first episode of a period that began before the files).
 * Previous permanence has no canonical table and is not read.
 * Never throws: a file that cannot be read at all gives one error and no
 * rows; a record with an unusable date is dropped with an error; anything
 * else suspicious is kept with a warning. For CSV files `row` is the line
 * the record starts on (the header is line 1).
 */
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { SaxesParser } from "saxes";
import type { Row } from "../../db/database.ts";
import {
  ADOPTION_PLACEMENT_TYPES,
  CARE_LEAVER_ACCOMMODATION,
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
import { cappedIssueLines, countIssue, type Issue, type RuleCounts, type Severity } from "../issues.ts";
import { withSource } from "../source.ts";
import { decodeText, normaliseHeader, notTextReason, parseCsv, parseDateText } from "../text.ts";

/** The canonical tables a 903 return fills. */
export const SSDA903_TABLES = [
  "ssd_person",
  "ssd_cla_episodes",
  "ssd_cla_placement",
  "ssd_legal_status",
  "ssd_cla_reviews",
  "ssd_immigration_status",
  "ssd_cla_health",
  "ssd_care_leavers",
  "ssdx_care_leaver_contacts",
  "ssd_permanence",
  "ssd_missing",
  "ssd_involvements",
] as const;

export type Ssda903Table = (typeof SSDA903_TABLES)[number];

/** The 903 CSV files and their columns (formats.md; liia SSDA903 schemas). */
export const SSDA903_FILES = {
  header: ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
  episodes: [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
  ],
  reviews: ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
  uasc: ["CHILD", "SEX", "DOB", "DUC"],
  oc2: [
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
  ],
  oc3: ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
  ad1: ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
  placed_for_adoption: ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
  previous_permanence: ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
  missing: ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
  sw_episodes: ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
} as const;

export type Ssda903File = keyof typeof SSDA903_FILES;

export interface Ssda903ReadOptions {
  /** The council's 3-digit LA code (903 files do not carry it). */
  laCode?: string;
  /**
   * The collection year, named by its end (2025 = April 2024 – March 2025);
   * inferred from the dates when absent, and for each set when the files
   * hold several years' sets (folders).
   */
  collectionYear?: number;
}

/** What was read from one file. */
export interface Ssda903FileSummary {
  file: string;
  /** The 903 table the file holds (`xml` for the XML form); absent when the file could not be read. */
  table?: Ssda903File | "xml";
  /** Records read (CSV data rows, or XML `<CHILD>` elements). */
  records: number;
  /** Distinct children in the file. */
  children: number;
}

export interface Ssda903Summary {
  /** Distinct children across every file read. */
  children: number;
  files: Ssda903FileSummary[];
  /** Periods of care rebuilt from the episodes. */
  periodsOfCare: number;
  /** The latest set's collection year. */
  collectionYear?: number;
  /** Every set's collection year, ascending (several when folders of several years were read). */
  collectionYears?: number[];
  /** From 1 April of the first collection year to 31 March of the last. */
  period?: { from: string; to: string };
  laCode?: string;
}

export interface Ssda903ReadResult {
  rows: Record<Ssda903Table, Row[]>;
  issues: Issue[];
  summary: Ssda903Summary;
  /** Each set's records as written (DfE's rules read fields the canonical rows do not keep), oldest year first. */
  returns: Ssda903Return[];
}

/**
 * One year's 903 set as written: per file, its records with their fields as
 * text (blank as ""), located by `_file` and `_row` (CSV) or `_line` (XML).
 */
export interface Ssda903Return {
  /** The collection year by its end (2025 = 2024/25), when known. */
  year?: number;
  tables: Record<Ssda903File, Row[]>;
}

/** Issues listed per rule before the rest are counted in one closing warning. */
const MAX_ISSUES_PER_RULE = 1000;

/** One 903 record, as text, with where it came from. */
interface Raw {
  file: string;
  /** The set (one year's return) the record came from. */
  set: number;
  row?: number;
  line?: number;
  v: Record<string, string>;
  /** Field → the column header (CSV) or element path (XML) to name in issues. */
  labels: Record<string, string>;
}

type Records = Record<Ssda903File, Raw[]>;

const START_REASONS = new Set(EPISODE_START_REASONS.codes);
const PLACEMENT_CHANGES = new Set(["P", "B", "T", "U", "S"]);
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
const ACCOMMODATION: ReadonlySet<string> = new Set(CARE_LEAVER_ACCOMMODATION.codes);
const DECISION_REVERSED = new Set(["RD1", "RD2", "RD3", "RD4"]);
const ADOPTION_PLACEMENTS: ReadonlySet<string> = new Set(ADOPTION_PLACEMENT_TYPES);

/** XML element names that map to a 903 CSV field of another name. */
const XML_FIELD: Record<string, string> = { CHILDID: "CHILD", PL: "PLACE" };

/**
 * Reads 903 files (CSV set and/or XML). Resolves with the rows (keyed by
 * canonical table), the issues and a summary; never rejects.
 */
export async function readSsda903(
  paths: readonly string[],
  options: Ssda903ReadOptions = {},
): Promise<Ssda903ReadResult> {
  const reader = new Ssda903Reader(options);
  const sets = new Map<string, number>();
  for (const path of paths) {
    const key = /\.xml$/i.test(path) ? `xml:${path}` : `dir:${dirname(path)}`;
    let set = sets.get(key);
    if (set === undefined) {
      set = sets.size;
      sets.set(key, set);
    }
    await reader.readFile(path, set);
  }
  return reader.finish(sets.size);
}

class Ssda903Reader {
  private readonly issues: Issue[] = [];
  private readonly perRule: RuleCounts = new Map();
  private readonly records = emptyRecords();
  private readonly files: Ssda903FileSummary[] = [];
  private readonly rows = emptyRows();
  private readonly periods = new Map<string, Period[]>();
  private collectionYear?: number;
  /** Collection year by set. */
  private years: (number | undefined)[] = [];

  constructor(private readonly options: Ssda903ReadOptions) {}

  async readFile(file: string, set = 0): Promise<void> {
    const summary: Ssda903FileSummary = { file, records: 0, children: 0 };
    this.files.push(summary);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      this.fatal(file, "SSDA903_READ", `cannot read the file: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    try {
      if (bytes.length === 0) {
        this.fatal(file, "SSDA903_EMPTY", "the file is empty");
        return;
      }
      const { text } = decodeText(bytes);
      const notText = notTextReason(bytes, text);
      if (notText) {
        this.fatal(file, "SSDA903_NOT_903", `this is not an SSDA903 file: ${notText}`);
        return;
      }
      if (text.trim() === "") {
        this.fatal(file, "SSDA903_EMPTY", "the file holds only blank space");
        return;
      }
      const got = text.trimStart().startsWith("<") ? this.xml(file, set, text) : this.csv(file, set, text);
      if (!got) return;
      summary.table = got.table;
      summary.records = got.records;
      const children = new Set<string>();
      for (const [table, raws] of Object.entries(got.raws) as [Ssda903File, Raw[]][]) {
        for (const r of raws) {
          children.add(r.v.CHILD!);
          this.records[table].push(r);
        }
      }
      summary.children = children.size;
    } catch (e) {
      this.fatal(
        file,
        "SSDA903_INTERNAL",
        `the reader failed on this file (${e instanceof Error ? e.message : String(e)}); please report it`,
      );
    }
  }

  finish(sets = 1): Ssda903ReadResult {
    const la = this.options.laCode;
    const anyRecords = Object.values(this.records).some((r) => r.length > 0);
    if (!la && anyRecords) {
      this.issue({
        severity: "error",
        file: this.files.map((f) => f.file).join(", "),
        column: "",
        value: "",
        rule: "SSDA903_NO_LA",
        message:
          "SSDA903 files do not name their council and no LA code was given: give the council's LA code; nothing was imported",
      });
    } else if (la) {
      this.years = this.setYears(sets);
      const known = [...new Set(this.years.filter((y): y is number => y !== undefined))].sort();
      this.collectionYear = known.at(-1);
      this.build(la);
    }
    this.issues.push(...cappedIssueLines(this.perRule, MAX_ISSUES_PER_RULE, ""));
    const children = new Set<string>();
    for (const raws of Object.values(this.records)) for (const r of raws) children.add(r.v.CHILD!);
    let periods = 0;
    for (const list of this.periods.values()) periods += list.length;
    return {
      rows: this.rows,
      issues: this.issues,
      returns: this.returns(sets),
      summary: {
        children: children.size,
        files: this.files,
        periodsOfCare: periods,
        ...(this.collectionYear !== undefined ? { collectionYear: this.collectionYear } : {}),
        ...this.yearsSummary(),
        ...(la ? { laCode: la } : {}),
      },
    };
  }

  /** The records as written, by set, ordered by collection year. */
  private returns(sets: number): Ssda903Return[] {
    const out: Ssda903Return[] = [];
    for (let set = 0; set < sets; set++) {
      const year = this.years[set];
      out.push({
        ...(year !== undefined ? { year } : {}),
        tables: emptyRecords() as unknown as Record<Ssda903File, Row[]>,
      });
    }
    for (const [table, raws] of Object.entries(this.records) as [Ssda903File, Raw[]][])
      for (const r of raws) {
        const row: Row = { ...r.v, _file: r.file };
        if (r.row !== undefined) row._row = r.row;
        if (r.line !== undefined) row._line = r.line;
        out[r.set]?.tables[table].push(row);
      }
    return out.sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  }

  // --- issues ---------------------------------------------------------------

  private issue(i: Issue): void {
    if (countIssue(this.perRule, i.rule, i.severity, MAX_ISSUES_PER_RULE)) this.issues.push(i);
  }

  private fatal(file: string, rule: string, message: string, at: { row?: number; line?: number } = {}): void {
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

  private at(severity: Severity, rule: string, r: Raw, field: string, message: string): void {
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

  // --- CSV --------------------------------------------------------------------

  private csv(
    file: string,
    set: number,
    text: string,
  ): { table: Ssda903File; records: number; raws: Partial<Records> } | undefined {
    const csv = parseCsv(text);
    if (csv.unterminatedQuoteLine !== undefined) {
      this.fatal(
        file,
        "SSDA903_CSV",
        `the file is cut short or malformed: a quoted value opened on line ${csv.unterminatedQuoteLine} is never closed`,
        { row: csv.unterminatedQuoteLine },
      );
      return undefined;
    }
    const header = csv.records[0]!;
    const names = header.map(normaliseHeader);
    const table = this.identify(file, header, names);
    if (!table) return undefined;
    const columns = SSDA903_FILES[table] as readonly string[];
    const index = new Map<string, number>();
    names.forEach((n, k) => {
      if (columns.includes(n) && !index.has(n)) index.set(n, k);
    });
    const labels: Record<string, string> = {};
    for (const [n, k] of index) labels[n] = header[k]!.trim();
    const raws: Raw[] = [];
    for (let k = 1; k < csv.records.length; k++) {
      const fields = csv.records[k]!;
      const row = csv.lines[k]!;
      const v: Record<string, string> = {};
      for (const [n, j] of index) v[n] = (fields[j] ?? "").trim();
      const r: Raw = { file, set, row, v, labels };
      if (fields.length !== header.length) {
        this.at(
          "warning",
          "SSDA903_FIELD_COUNT",
          r,
          "CHILD",
          `the row has ${fields.length} values but the header has ${header.length} columns: values were read by position`,
        );
      }
      if (this.childOk(r)) raws.push(r);
    }
    if (raws.length === 0 && csv.records.length === 1) {
      this.issue({
        severity: "warning",
        file,
        row: 1,
        column: "",
        value: "",
        rule: "SSDA903_NO_ROWS",
        message: `the ${table} file has a header but no records`,
      });
    }
    if (table === "previous_permanence") {
      this.issue({
        severity: "warning",
        file,
        column: "",
        value: "",
        rule: "SSDA903_NOT_USED",
        message:
          "previous permanence (PREV_PERM, LA_PERM, DATE_PERM) has no place in the canonical tables: the file was checked but not imported",
      });
    }
    return { table, records: csv.records.length - 1, raws: { [table]: raws } };
  }

  /** The 903 table a CSV header belongs to: its exact column set, or the closest one with a reported difference. */
  private identify(file: string, header: string[], names: string[]): Ssda903File | undefined {
    const have = new Set(names.filter((n) => n !== ""));
    let best: { table: Ssda903File; missing: string[]; extra: string[] } | undefined;
    for (const [table, cols] of Object.entries(SSDA903_FILES) as [Ssda903File, readonly string[]][]) {
      const missing = cols.filter((c) => !have.has(c));
      const extra = [...have].filter((n) => !cols.includes(n));
      if (missing.length === 0 && extra.length === 0) return this.duplicates(file, header, names, table);
      const score = cols.length - missing.length;
      if (
        !best ||
        score > SSDA903_FILES[best.table].length - best.missing.length ||
        (score === SSDA903_FILES[best.table].length - best.missing.length && extra.length < best.extra.length)
      )
        best = { table, missing, extra };
    }
    const found = header.slice(0, 8).join(", ");
    if (!best || best.missing.length > 0) {
      const hint =
        best && SSDA903_FILES[best.table].length - best.missing.length >= 3
          ? ` (closest: the ${best.table} file, which also needs ${best.missing.join(", ")})`
          : "";
      this.fatal(
        file,
        "SSDA903_NOT_903",
        `the columns (${found}${header.length > 8 ? ", …" : ""}) are not those of any SSDA903 file${hint}`,
        { row: 1 },
      );
      return undefined;
    }
    for (const extra of best.extra) {
      const k = names.indexOf(extra);
      this.issue({
        severity: "warning",
        file,
        row: 1,
        column: header[k]!.trim(),
        value: header[k]!.trim(),
        rule: "SSDA903_UNKNOWN_COLUMN",
        message: `${header[k]!.trim()} is not a column of the SSDA903 ${best.table} file: it was ignored`,
      });
    }
    return this.duplicates(file, header, names, best.table);
  }

  private duplicates(file: string, header: string[], names: string[], table: Ssda903File): Ssda903File {
    names.forEach((n, k) => {
      if (n !== "" && names.indexOf(n) !== k) {
        this.issue({
          severity: "warning",
          file,
          row: 1,
          column: header[k]!.trim(),
          value: header[k]!.trim(),
          rule: "SSDA903_DUPLICATE_COLUMN",
          message: `the column ${header[k]!.trim()} appears twice: the first was read`,
        });
      }
    });
    return table;
  }

  private childOk(r: Raw): boolean {
    if (r.v.CHILD) return true;
    this.at("error", "SSDA903_NO_CHILD", r, "CHILD", "the record has no CHILD id: it was not imported");
    return false;
  }

  // --- XML --------------------------------------------------------------------

  private xml(
    file: string,
    set: number,
    text: string,
  ): { table: "xml"; records: number; raws: Partial<Records> } | undefined {
    const root = parseXml(text);
    if ("error" in root) {
      this.fatal(
        file,
        "SSDA903_XML",
        root.sawRoot
          ? `the XML is malformed or cut short (line ${root.line}: ${root.error})`
          : `the file is neither XML nor CSV (line ${root.line}: ${root.error})`,
        { line: root.line },
      );
      return undefined;
    }
    if (root.name !== "EXPSSDA903") {
      this.fatal(
        file,
        "SSDA903_NOT_903",
        `this is not an SSDA903 XML file: its root element is <${root.name}>, not <EXPSSDA903>`,
        { line: root.line },
      );
      return undefined;
    }
    const raws: Partial<Records> = {};
    const push = (table: Ssda903File, r: Raw) => {
      if (!this.childOk(r)) return;
      const list = raws[table] ?? [];
      list.push(r);
      raws[table] = list;
    };
    let n = 0;
    for (const child of root.kids) {
      if (child.name !== "CHILD") {
        this.issue({
          severity: "warning",
          file,
          line: child.line,
          column: child.name,
          value: "",
          rule: "SSDA903_UNKNOWN_ELEMENT",
          message: `<${child.name}> is not an SSDA903 element inside <EXPSSDA903>: it was ignored`,
        });
        continue;
      }
      n++;
      const base = `CHILD[${n}]`;
      const header = child.kids.find((k) => k.name === "HEADER");
      const h = leaves(header);
      const id = h.CHILD?.text ?? "";
      const raw = (node: XmlNode | undefined, path: string, fields: Record<string, XmlLeaf>): Raw => {
        const v: Record<string, string> = { CHILD: id };
        const labels: Record<string, string> = { CHILD: `${base}/HEADER/CHILDID` };
        for (const [f, leaf] of Object.entries(fields)) {
          v[f] = leaf.text;
          labels[f] = `${path}/${leaf.name}`;
        }
        return { file, set, line: node?.line ?? child.line, v, labels };
      };
      const pick = (names: readonly string[]) =>
        Object.fromEntries(names.filter((f) => h[f]).map((f) => [f, h[f]!])) as Record<string, XmlLeaf>;
      const hp = `${base}/HEADER`;
      push("header", raw(header, hp, pick(SSDA903_FILES.header)));
      const flag = h.UASC?.text ?? "";
      if ((flag !== "" && flag !== "0") || (h.DUC?.text ?? "") !== "")
        push("uasc", raw(header, hp, pick(["SEX", "DOB", "DUC"])));
      if (["DATE_INT", "DATE_MATCH", "FOSTER_CARE"].some((f) => h[f]?.text))
        push("ad1", raw(header, hp, pick(SSDA903_FILES.ad1)));
      if (["IN_TOUCH", "ACTIV", "ACCOM"].some((f) => h[f]?.text))
        push("oc3", raw(header, hp, pick(SSDA903_FILES.oc3)));
      const repeated: [string, Ssda903File][] = [
        ["AREVIEW", "reviews"],
        ["AMISSING", "missing"],
        ["AD_PLACED", "placed_for_adoption"],
        ["OC2", "oc2"],
      ];
      for (const [element, table] of repeated) {
        let k = 0;
        for (const node of header?.kids ?? []) {
          if (node.name !== element) continue;
          const path = `${hp}/${element}[${++k}]`;
          push(table, raw(node, path, { ...pick(["DOB"]), ...leaves(node) }));
        }
      }
      let e = 0;
      for (const node of child.kids) {
        if (node.name !== "EPISODE") continue;
        push("episodes", raw(node, `${base}/EPISODE[${++e}]`, leaves(node)));
      }
    }
    if (n === 0) {
      this.fatal(file, "SSDA903_NO_CHILDREN", "the file lists no <CHILD>", { line: root.line });
      return undefined;
    }
    return { table: "xml", records: n, raws };
  }

  // --- building canonical rows --------------------------------------------------

  /**
   * Each set's collection year: the one given, when the files are one set;
   * else inferred from the set's dates (a year given for several sets is
   * not used, and that is said).
   */
  private setYears(sets: number): (number | undefined)[] {
    const given = this.options.collectionYear;
    if (given !== undefined && sets <= 1) return [given];
    if (given !== undefined) {
      this.issue({
        severity: "warning",
        file: this.files.map((f) => f.file).join(", "),
        column: "",
        value: String(given),
        rule: "SSDA903_YEAR_IGNORED",
        message: `the files are ${sets} sets (folders) of SSDA903 returns: each set's collection year was taken from its own dates, not the ${given} given`,
      });
    }
    const years: (number | undefined)[] = [];
    for (let set = 0; set < sets; set++) years.push(this.inferYear(set));
    return years;
  }

  private yearsSummary(): Pick<Ssda903Summary, "collectionYears" | "period"> {
    const known = [...new Set(this.years.filter((y): y is number => y !== undefined))].sort();
    if (known.length === 0) return {};
    return {
      collectionYears: known,
      period: { from: `${known[0]! - 1}-04-01`, to: `${known.at(-1)!}-03-31` },
    };
  }

  /** The 31 March ending the collection year of a record's set. */
  private yearEndOf(r: Raw): string | undefined {
    const year = this.years[r.set];
    return year !== undefined ? `${year}-03-31` : undefined;
  }

  /** A set's collection year: the one whose 31 March is the first on or after the latest event date. */
  private inferYear(set: number): number | undefined {
    let latest = "";
    const fields: [Ssda903File, string[]][] = [
      ["episodes", ["DECOM", "DEC"]],
      ["reviews", ["REVIEW"]],
      ["missing", ["MIS_START", "MIS_END"]],
      ["sw_episodes", ["SW_DECOM", "SW_DEC"]],
    ];
    for (const [table, names] of fields) {
      for (const r of this.records[table]) {
        if (r.set !== set) continue;
        for (const f of names) {
          const d = r.v[f] ? parseDateText(r.v[f]) : undefined;
          if (d && "iso" in d && d.iso > latest) latest = d.iso;
        }
      }
    }
    if (!latest) return undefined;
    const year = Number(latest.slice(0, 4));
    const inferred = latest.slice(5) <= "03-31" ? year : year + 1;
    if (this.records.oc2.some((r) => r.set === set) || this.records.oc3.some((r) => r.set === set)) {
      const files = new Set(
        [...this.records.oc2, ...this.records.oc3].filter((r) => r.set === set).map((r) => r.file),
      );
      this.issue({
        severity: "warning",
        file: [...files].join(", "),
        column: "",
        value: String(inferred),
        rule: "SSDA903_YEAR_INFERRED",
        message: `no collection year was given: ${inferred} (April ${inferred - 1} – March ${inferred}) was assumed from the latest date in the files (${latest}); OC2 checks are dated ${inferred}-03-30 and OC3 rows ${inferred}-03-31`,
      });
    }
    return inferred;
  }

  private build(la: string): void {
    this.people(la);
    this.episodes(la);
    this.reviews(la);
    this.uasc(la);
    this.health(la);
    this.careLeavers(la);
    this.permanence(la);
    this.missing(la);
    this.socialWorkers(la);
  }

  private push(table: Ssda903Table, r: Raw, row: Row): void {
    this.rows[table].push(withSource(row, { file: r.file, row: r.row, line: r.line }));
  }

  /** A date field: ISO, null when blank, or false when invalid (reported with `severity`). */
  private date(r: Raw, field: string, severity: Severity, what: string): string | null | false {
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

  private required(r: Raw, field: string, what: string): string | false {
    const d = this.date(r, field, "error", what);
    if (d === null) {
      this.at("error", "SSDA903_MISSING", r, field, `${field} is empty: the ${what} was not imported`);
      return false;
    }
    return d;
  }

  /** A coded value, upper-cased; a value off the DfE list is kept as written and reported. */
  private code(r: Raw, field: string): string | null {
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

  private flag(r: Raw, field: string): "Y" | "N" | null {
    const text = r.v[field] ?? "";
    if (text === "") return null;
    if (/^1(?:\.0+)?$/.test(text)) return "Y";
    if (/^0(?:\.0+)?$/.test(text)) return "N";
    this.at("warning", "SSDA903_FLAG", r, field, `${field} "${text}" is not 0 or 1: left empty`);
    return null;
  }

  /** The order of sets by collection year (a later year's copy of a record is the more current). */
  private setOrder(r: Raw): number {
    return this.years[r.set] ?? -1;
  }

  /**
   * One person per child: within a set the first header record; across
   * sets the latest year's, with a warning when the years disagree about
   * sex, date of birth or ethnicity (a blank disagrees with nothing).
   */
  private people(la: string): void {
    const seen = new Map<string, Raw>();
    const where = (r: Raw) => `${r.file}${r.row ? ` row ${r.row}` : ""}${r.line ? ` line ${r.line}` : ""}`;
    const norm = (r: Raw, f: string) => {
      const t = (r.v[f] ?? "").toUpperCase();
      return f === "SEX" ? ({ "1": "M", "2": "F", "0": "U", "9": "U" }[t] ?? t) : t;
    };
    const ordered = [...this.records.header].sort((a, b) => this.setOrder(a) - this.setOrder(b));
    for (const r of ordered) {
      const id = r.v.CHILD!;
      const first = seen.get(id);
      if (first && first.set === r.set) {
        this.at(
          "warning",
          "SSDA903_DUPLICATE",
          r,
          "CHILD",
          `child ${id} has a second header record: the first (${where(first)}) was used`,
        );
        continue;
      }
      if (first) {
        const differ = ["SEX", "DOB", "ETHNIC"].filter(
          (f) => norm(first, f) && norm(r, f) && norm(first, f) !== norm(r, f),
        );
        if (differ.length > 0) {
          this.at(
            "warning",
            "SSDA903_DUPLICATE",
            r,
            differ[0]!,
            `child ${id}'s header differs from the earlier year's (${where(first)}) in ${differ.join(", ")}: this later one was used`,
          );
        }
      }
      seen.set(id, r);
    }
    for (const r of seen.values()) {
      const id = r.v.CHILD!;
      const dob = this.date(r, "DOB", "warning", "child");
      // The UPN column holds the UPN or, when it is not known, the reason (UN1–UN7).
      const upn = (r.v.UPN ?? "").trim().toUpperCase();
      const unknown = /^UN\d$/.test(upn);
      this.push("ssd_person", r, {
        la_code: la,
        pers_person_id: id,
        pers_sex: this.sex(r),
        pers_ethnicity: this.code(r, "ETHNIC"),
        pers_dob: dob || null,
        pers_is_mother: this.flag(r, "MOTHER"),
        pers_upn: upn === "" || unknown ? null : upn,
        pers_upn_unknown: unknown ? upn : null,
      });
    }
  }

  private sex(r: Raw): string | null {
    const text = (r.v.SEX ?? "").toUpperCase();
    if (text === "") return null;
    if (text === "1" || text === "M") return "M";
    if (text === "2" || text === "F") return "F";
    if (text === "U" || text === "0" || text === "9") return "U";
    this.at(
      "warning",
      "SSDA903_CODE",
      r,
      "SEX",
      `${r.v.SEX} is not a sex code (1, 2 or M, F, U): kept as written`,
    );
    return r.v.SEX!;
  }

  private episodes(la: string): void {
    const byChild = new Map<string, Episode[]>();
    for (const r of this.records.episodes) {
      const start = this.required(r, "DECOM", "episode");
      const end = this.date(r, "DEC", "error", "episode");
      if (start === false || end === false) continue;
      const e: Episode = {
        r,
        start,
        end,
        rne: this.code(r, "RNE"),
        ls: this.code(r, "LS"),
        cin: this.code(r, "CIN"),
        place: this.code(r, "PLACE"),
        provider: this.code(r, "PLACE_PROVIDER"),
        rec: this.code(r, "REC"),
        change: this.code(r, "REASON_PLACE_CHANGE"),
      };
      const list = byChild.get(r.v.CHILD!);
      if (list) list.push(e);
      else byChild.set(r.v.CHILD!, [e]);
    }
    for (const [child, list] of byChild) {
      const episodes = this.dedupeEpisodes(list);
      const periods: Period[] = [];
      let period: Period | undefined;
      let placement: Row | undefined;
      let legal: Row | undefined;
      let prev: Episode | undefined;
      for (const e of episodes) {
        const joined = prev !== undefined && prev.rec === "X1" && prev.end === e.start;
        if (prev && (prev.end === null || prev.end > e.start)) {
          this.at(
            "warning",
            "SSDA903_EPISODE_OVERLAP",
            e.r,
            "DECOM",
            `this episode of child ${child} starts ${e.start}, before the previous one (from ${prev.start}) ${prev.end === null ? "ends (it is open)" : `ended (${prev.end})`}: a new period of care was started`,
          );
        } else if (prev?.rec === "X1" && prev.end !== e.start) {
          this.at(
            "warning",
            "SSDA903_EPISODE_JOIN",
            e.r,
            "DECOM",
            `the previous episode of child ${child} ended ${prev.end} with REC X1 (a new episode the same day), but this one starts ${e.start}: a new period of care was started`,
          );
        }
        if (!joined || !period) {
          // Only the child's first episode in the files: a later period after a broken X1 chain is
          // already reported (SSDA903_EPISODE_JOIN/OVERLAP) and was started there.
          const entered = prev !== undefined || e.rne === null || e.rne === "S";
          period = { id: `${child}-C${compact(e.start)}`, start: e.start, end: e.end, entered };
          periods.push(period);
          if (!entered) {
            this.at(
              "warning",
              "SSDA903_STARTED_BEFORE",
              e.r,
              "RNE",
              `child ${child}'s first episode in these files (from ${e.start}) starts with RNE ${e.rne}, not S: the period of care began before the data, so its date of entering care is unknown and it is not counted as a start to care`,
            );
          }
          placement = undefined;
          legal = undefined;
        }
        period.end = e.end;
        if (!placement || (e.rne !== null && PLACEMENT_CHANGES.has(e.rne))) {
          placement = {
            la_code: la,
            clap_cla_placement_id: `${child}-P${compact(e.start)}`,
            clap_cla_placement_start_date: e.start,
            clap_cla_placement_type: e.place,
            clap_cla_placement_urn: e.r.v.URN || null,
            clap_cla_id: period.id,
            clap_cla_placement_provider: e.provider,
            clap_cla_placement_postcode: e.r.v.PL_POST || null,
            clap_cla_placement_end_date: e.end,
            clap_cla_placement_change_reason: e.change,
            clap_person_id: child,
          };
          this.push("ssd_cla_placement", e.r, placement);
        } else {
          placement.clap_cla_placement_end_date = e.end;
          if (e.change !== null) placement.clap_cla_placement_change_reason = e.change;
        }
        if (!legal || legal.lega_legal_status !== e.ls) {
          legal = {
            la_code: la,
            lega_legal_status_id: `${child}-L${compact(e.start)}`,
            lega_person_id: child,
            lega_legal_status: e.ls,
            lega_legal_status_start_date: e.start,
            lega_legal_status_end_date: e.end,
          };
          this.push("ssd_legal_status", e.r, legal);
        } else {
          legal.lega_legal_status_end_date = e.end;
        }
        this.push("ssd_cla_episodes", e.r, {
          la_code: la,
          clae_cla_episode_id: `${child}-E${compact(e.start)}`,
          clae_person_id: child,
          clae_cla_episode_start_date: e.start,
          clae_cla_episode_start_reason: e.rne,
          clae_cla_primary_need_code: e.cin,
          clae_cla_episode_ceased_date: e.end,
          clae_cla_episode_ceased_reason: e.rec,
          clae_cla_id: period.id,
          clae_cla_placement_id: placement.clap_cla_placement_id,
          clae_entered_care_date: period.entered ? period.start : null,
        });
        prev = e;
      }
      this.periods.set(child, periods);
    }
  }

  /**
   * Sorts a child's episodes by start and keeps one per start date: the
   * same episode read from two years' returns (open in the first, closed in
   * the second) is kept once, the closed copy preferred.
   */
  private dedupeEpisodes(list: Episode[]): Episode[] {
    const byStart = new Map<string, Episode>();
    for (const e of list) {
      const other = byStart.get(e.start);
      if (!other) {
        byStart.set(e.start, e);
        continue;
      }
      const open = other.end === null || e.end === null;
      const same = SSDA903_FILES.episodes.every(
        (f) =>
          f === "DEC" || f === "REC" || (open && f === "REASON_PLACE_CHANGE") || other.r.v[f] === e.r.v[f],
      );
      const keep =
        other.end === null && e.end !== null ? e : other.end !== null && e.end === null ? other : e;
      if (!same || (other.end !== null && e.end !== null && other.end !== e.end)) {
        this.at(
          "warning",
          "SSDA903_DUPLICATE",
          e.r,
          "DECOM",
          `child ${e.r.v.CHILD} has two different episodes starting ${e.start}: the one ${keep === e ? "here" : `in ${other.r.file}${other.r.row ? ` row ${other.r.row}` : ""}`} was used`,
        );
      }
      byStart.set(e.start, keep);
    }
    return [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
  }

  /** The period of care holding `date`, else the latest one that started before it. */
  private periodAt(child: string, date: string): { period?: Period; inside: boolean } {
    let before: Period | undefined;
    for (const p of this.periods.get(child) ?? []) {
      if (p.start <= date && (p.end === null || date <= p.end)) return { period: p, inside: true };
      if (p.start <= date) before = p;
    }
    return { period: before, inside: false };
  }

  private reviews(la: string): void {
    const ids = new Set<string>();
    for (const r of this.records.reviews) {
      const date = this.required(r, "REVIEW", "review");
      if (date === false) continue;
      const child = r.v.CHILD!;
      const { period, inside } = this.periodAt(child, date);
      if (!inside) {
        this.at(
          "warning",
          "SSDA903_REVIEW_PERIOD",
          r,
          "REVIEW",
          period
            ? `the review on ${date} falls after child ${child}'s period of care ${period.id} ended (${period.end}): linked to it`
            : `the review on ${date} falls in no period of care of child ${child} in these files: kept without a period of care`,
        );
      }
      const id = uniqueId(ids, `${child}-R${compact(date)}`);
      this.push("ssd_cla_reviews", r, {
        la_code: la,
        clar_cla_review_id: id,
        clar_cla_id: period?.id ?? null,
        clar_cla_review_date: date,
        clar_cla_review_participation: this.code(r, "REVIEW_CODE"),
      });
    }
  }

  /**
   * The records of `list` with one set's copy of each (child, start): a
   * record repeated in another year's set is dropped, the copy with an end
   * preferred, else the later year's. Records of one set are all kept.
   */
  private onceAcrossSets(list: readonly Raw[], start: string, end: string): Raw[] {
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

  private uasc(la: string): void {
    const latest = new Map<string, Raw>();
    for (const r of this.records.uasc) {
      const have = latest.get(r.v.CHILD!);
      if (!have || this.setOrder(r) >= this.setOrder(have)) latest.set(r.v.CHILD!, r);
    }
    for (const r of latest.values()) {
      const end = this.date(r, "DUC", "warning", "UASC record");
      const child = r.v.CHILD!;
      const start = this.periods.get(child)?.[0]?.start ?? null;
      this.push("ssd_immigration_status", r, {
        la_code: la,
        immi_immigration_status_id: `${child}-U`,
        immi_person_id: child,
        immi_immigration_status: "UASC",
        immi_immigration_status_start_date: start,
        immi_immigration_status_end_date: end || null,
      });
    }
  }

  private health(la: string): void {
    for (const r of this.records.oc2) {
      const yearEnd = this.yearEndOf(r);
      // HEALTH_ASSESSMENT is DfE's annual health assessment; HEALTH_CHECK (under-5 health promotion) stands in
      // for it only when HEALTH_ASSESSMENT is blank, as earlier writers of this tool put it there.
      const ha = (r.v.HEALTH_ASSESSMENT ?? "") === "" ? "HEALTH_CHECK" : "HEALTH_ASSESSMENT";
      const checks: [string, string, string][] = [
        [ha, "HA_REVIEW", "HA"],
        ["TEETH_CHECK", "DENTAL", "D"],
      ];
      for (const [field, type, tag] of checks) {
        if (this.flag(r, field) !== "Y") continue;
        if (!yearEnd) {
          this.at(
            "warning",
            "SSDA903_NO_YEAR",
            r,
            field,
            "no collection year is known, so the check cannot be dated: not imported",
          );
          continue;
        }
        this.push("ssd_cla_health", r, {
          la_code: la,
          clah_health_check_id: `${r.v.CHILD}-${tag}${compact(yearEnd)}`,
          clah_person_id: r.v.CHILD,
          clah_health_check_type: type,
          clah_health_check_date: `${yearEnd.slice(0, 4)}-03-30`,
          clah_health_check_status: "Completed",
        });
      }
    }
  }

  private careLeavers(la: string): void {
    for (const r of this.records.oc3) {
      const yearEnd = this.yearEndOf(r);
      const child = r.v.CHILD!;
      const inTouch = this.code(r, "IN_TOUCH");
      const activity = this.code(r, "ACTIV");
      const { accommodation, suitable } = this.accommodation(r);
      const dob = this.date(r, "DOB", "warning", "care leaver");
      const eligibility =
        dob && yearEnd ? (ageOn(dob, yearEnd) >= 18 ? "FORMER_RELEVANT" : "RELEVANT") : "FORMER_RELEVANT";
      this.push("ssd_care_leavers", r, {
        la_code: la,
        clea_table_id: `${child}-CL${this.years[r.set] ?? ""}`,
        clea_person_id: child,
        clea_care_leaver_eligibility: eligibility,
        clea_care_leaver_in_touch: inTouch,
        clea_care_leaver_latest_contact: null,
        clea_care_leaver_accommodation: accommodation,
        clea_care_leaver_accom_suitable: suitable,
        clea_care_leaver_activity: activity,
      });
      if (!yearEnd) continue;
      this.push("ssdx_care_leaver_contacts", r, {
        la_code: la,
        clec_contact_id: `${child}-CC${compact(yearEnd)}`,
        clec_person_id: child,
        clec_contact_date: yearEnd,
        clec_in_touch: inTouch,
        clec_accommodation: accommodation,
        clec_accom_suitable: suitable,
        clec_activity: activity,
      });
    }
  }

  /** ACCOM is a letter (the accommodation) and a digit (1 suitable, 2 unsuitable). */
  private accommodation(r: Raw): { accommodation: string | null; suitable: string | null } {
    const text = (r.v.ACCOM ?? "").toUpperCase();
    if (text === "" || text === "0") return { accommodation: null, suitable: null };
    const m = /^([A-Z])([12])?$/.exec(text);
    if (m && ACCOMMODATION.has(m[1]!)) return { accommodation: m[1]!, suitable: m[2] ?? null };
    this.at(
      "warning",
      "SSDA903_CODE",
      r,
      "ACCOM",
      `${r.v.ACCOM} is not an accommodation code (a letter B–Z and 1 suitable or 2 unsuitable): kept as written`,
    );
    return { accommodation: r.v.ACCOM!, suitable: null };
  }

  private permanence(la: string): void {
    const byChild = new Map<string, { r: Raw; row: Row }>();
    const get = (r: Raw) => {
      const child = r.v.CHILD!;
      let hit = byChild.get(child);
      if (!hit) {
        hit = {
          r,
          row: { la_code: la, perm_table_id: `${child}-A`, perm_person_id: child, perm_cla_id: null },
        };
        byChild.set(child, hit);
      }
      return hit;
    };
    for (const r of this.records.ad1) {
      const decision = this.date(r, "DATE_INT", "error", "adoption record");
      const matched = this.date(r, "DATE_MATCH", "error", "adoption record");
      if (decision === false || matched === false) continue;
      const { row } = get(r);
      row.perm_adm_decision_date = decision;
      row.perm_matched_date = matched;
      row.perm_adopted_by_carer_flag = this.flag(r, "FOSTER_CARE");
    }
    const placedDecision = new Map<string, string>();
    const placed = [...this.records.placed_for_adoption].map((r) => ({
      r,
      date: this.required(r, "DATE_PLACED", "placed-for-adoption record"),
      ceased: this.date(r, "DATE_PLACED_CEASED", "error", "placed-for-adoption record"),
    }));
    placed.sort((a, b) => String(a.date).localeCompare(String(b.date)));
    for (const { r, date, ceased } of placed) {
      if (date === false || ceased === false) continue;
      const { row } = get(r);
      placedDecision.set(r.v.CHILD!, date);
      const reason = (r.v.REASON_PLACED_CEASED ?? "").toUpperCase();
      if (ceased && DECISION_REVERSED.has(reason)) {
        row.perm_decision_reversed_date = ceased;
        row.perm_decision_reversed_reason = reason;
      } else {
        row.perm_decision_reversed_date = null;
        row.perm_decision_reversed_reason = null;
      }
    }
    const placements = new Map<string, Row[]>();
    for (const p of this.rows.ssd_cla_placement) {
      const list = placements.get(String(p.clap_cla_id));
      if (list) list.push(p);
      else placements.set(String(p.clap_cla_id), [p]);
    }
    const placementOrders = new Map<string, string[]>();
    for (const l of this.rows.ssd_legal_status) {
      if (l.lega_legal_status !== "E1" || typeof l.lega_legal_status_start_date !== "string") continue;
      const child = String(l.lega_person_id);
      const list = placementOrders.get(child);
      if (list) list.push(l.lega_legal_status_start_date);
      else placementOrders.set(child, [l.lega_legal_status_start_date]);
    }
    for (const [child, { r, row }] of byChild) {
      row.perm_adm_decision_date ??= placedDecision.get(child) ?? null;
      const anchor = row.perm_adm_decision_date as string | null;
      const period = anchor ? this.periodAt(child, anchor).period : undefined;
      row.perm_cla_id = period?.id ?? null;
      Object.assign(
        row,
        adoptionDates(period, placementOrders.get(child) ?? [], placements.get(period?.id ?? "") ?? [], row),
      );
      this.push("ssd_permanence", r, row);
    }
  }

  private missing(la: string): void {
    const ids = new Set<string>();
    for (const r of this.onceAcrossSets(this.records.missing, "MIS_START", "MIS_END")) {
      const start = this.required(r, "MIS_START", "missing episode");
      const end = this.date(r, "MIS_END", "error", "missing episode");
      if (start === false || end === false) continue;
      this.push("ssd_missing", r, {
        la_code: la,
        miss_table_id: uniqueId(ids, `${r.v.CHILD}-M${compact(start)}`),
        miss_person_id: r.v.CHILD,
        miss_missing_episode_start_date: start,
        miss_missing_episode_type: this.code(r, "MISSING"),
        miss_missing_episode_end_date: end,
      });
    }
  }

  private socialWorkers(la: string): void {
    const ids = new Set<string>();
    for (const r of this.onceAcrossSets(this.records.sw_episodes, "SW_DECOM", "SW_DEC")) {
      const start = this.required(r, "SW_DECOM", "social worker episode");
      const end = this.date(r, "SW_DEC", "error", "social worker episode");
      if (start === false || end === false) continue;
      this.push("ssd_involvements", r, {
        la_code: la,
        invo_involvements_id: uniqueId(ids, `${r.v.CHILD}-SW${compact(start)}`),
        invo_professional_id: r.v.SW_ID || null,
        invo_professional_role_id: "SW",
        invo_involvement_start_date: start,
        invo_involvement_end_date: end,
        invo_worker_change_reason: r.v.SW_REASON ? r.v.SW_REASON.toUpperCase() : null,
        invo_person_id: r.v.CHILD,
      });
    }
  }
}

interface Episode {
  r: Raw;
  start: string;
  end: string | null;
  rne: string | null;
  ls: string | null;
  cin: string | null;
  place: string | null;
  provider: string | null;
  rec: string | null;
  change: string | null;
}

interface Period {
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

function emptyRecords(): Records {
  return Object.fromEntries(Object.keys(SSDA903_FILES).map((t) => [t, []])) as unknown as Records;
}

function compact(iso: string): string {
  return iso.replace(/-/g, "");
}

function uniqueId(ids: Set<string>, id: string): string {
  let candidate = id;
  for (let k = 2; ids.has(candidate); k++) candidate = `${id}-${k}`;
  ids.add(candidate);
  return candidate;
}

function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

// --- a small XML tree (903 XML files are a few MB at most) ----------------------

interface XmlNode {
  name: string;
  line: number;
  text: string;
  kids: XmlNode[];
}

interface XmlLeaf {
  name: string;
  text: string;
}

/** The leaf children of an element, keyed by 903 field name (the first of each). */
function leaves(node: XmlNode | undefined): Record<string, XmlLeaf> {
  const out: Record<string, XmlLeaf> = {};
  for (const k of node?.kids ?? []) {
    if (k.kids.length > 0) continue;
    const field = XML_FIELD[k.name] ?? k.name;
    out[field] ??= { name: k.name, text: k.text.trim() };
  }
  return out;
}

function parseXml(text: string): XmlNode | { error: string; line: number; sawRoot: boolean } {
  const parser = new SaxesParser({ position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let error: { error: string; line: number } | undefined;
  parser.on("opentag", (tag) => {
    const name = tag.name.includes(":") ? tag.name.slice(tag.name.indexOf(":") + 1) : tag.name;
    const node: XmlNode = { name, line: parser.line, text: "", kids: [] };
    const parent = stack.at(-1);
    if (parent) parent.kids.push(node);
    else root ??= node;
    stack.push(node);
  });
  parser.on("text", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("cdata", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.on("error", (e) => {
    error ??= { error: e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ""), line: parser.line };
  });
  const slice = 1 << 16;
  for (let at = 0; at < text.length && !error; at += slice) parser.write(text.slice(at, at + slice));
  if (!error) parser.close();
  if (error) return { ...error, sawRoot: root !== undefined };
  if (!root) return { error: "no root element", line: 1, sawRoot: false };
  return root;
}

/**
 * What the episodes say about an adoption in `period`: the placement
 * order (the first E1 legal status in the period), the date placed for
 * adoption (the first A3–A6 placement) and, for a child adopted by their
 * foster carer, the date the placement before that one began. `placementOrders`:
 * the start dates of the child's E1 legal statuses.
 */
function adoptionDates(
  period: Period | undefined,
  placementOrders: readonly string[],
  placements: readonly Row[],
  row: Row,
): Row {
  if (!period) {
    return {
      perm_placement_order_date: null,
      perm_placed_for_adoption_date: null,
      perm_placed_foster_carer_date: null,
    };
  }
  const inPeriod = (d: unknown) =>
    typeof d === "string" && d >= period.start && (period.end === null || d <= period.end);
  // In a period that began before the files, a status or placement already in force at its
  // first known episode began on a date the files do not hold.
  const known = (d: string | undefined | null) => (d && (period.entered || d !== period.start) ? d : null);
  const order = known(placementOrders.filter(inPeriod).sort()[0]);
  const sorted = [...placements].sort((a, b) =>
    String(a.clap_cla_placement_start_date).localeCompare(String(b.clap_cla_placement_start_date)),
  );
  const k = sorted.findIndex((p) => ADOPTION_PLACEMENTS.has(String(p.clap_cla_placement_type)));
  const placedOn = k >= 0 ? known(String(sorted[k]!.clap_cla_placement_start_date)) : null;
  const byCarer = row.perm_adopted_by_carer_flag === "Y";
  const fosterFrom =
    byCarer && k >= 0 ? known(String(sorted[Math.max(0, k - 1)]!.clap_cla_placement_start_date)) : null;
  return {
    perm_placement_order_date: order ?? null,
    perm_placed_for_adoption_date: placedOn,
    perm_placed_foster_carer_date: fosterFrom,
  };
}
