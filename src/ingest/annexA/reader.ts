/**
 * Reads an Ofsted Annex A workbook (.xlsx, lists 1–11) into canonical rows
 * plus issues.
 *
 * Why streamed and header-driven: councils' workbooks run to hundreds of
 * thousands of rows, rename sheets, put titles or blank rows above the
 * header and reword headers, so sheets are read row by row with exceljs's
 * WorkbookReader and each is matched to a list by its headers (headers.ts),
 * never by its name. Codes arrive in many spellings (codes.ts). Why rows are
 * built at the end: list 6 completes list 3's referrals and lists 4, 5 and 7
 * link to referrals and conferences read from other sheets, which may come
 * in any order. A file that is not a readable workbook, or holds no list,
 * gives one error and no rows (imports are all or nothing); a bad value gives
 * an issue naming sheet, row, column and value, and drops the record only
 * when its defining date is unusable.
 */
import { open, stat } from "node:fs/promises";
import { fromDayNumber, parseIsoDate } from "../../calendar/dates.ts";
import type { Row } from "../../db/database.ts";
import { cappedIssueLines, countIssue, type Issue, type RuleCounts, type Severity } from "../issues.ts";
import { withSource } from "../source.ts";
import { type CodeField, type FlagField, readCode, readDisability, readFlag } from "./codes.ts";
import { type ColumnDef, type HeaderMatch, identifyList, LISTS } from "./headers.ts";
import { NotAWorkbook, openWorkbook, type SheetReader } from "./xlsx.ts";

/** The canonical tables an Annex A workbook fills. */
export const ANNEXA_TABLES = [
  "ssd_person",
  "ssd_contacts",
  "ssd_cin_episodes",
  "ssd_cin_assessments",
  "ssdx_strategy_discussions",
  "ssd_s47_enquiry",
  "ssd_initial_cp_conference",
  "ssd_cp_plans",
  "ssd_cp_visits",
  "ssd_cp_reviews",
  "ssd_cla_episodes",
  "ssd_legal_status",
  "ssd_cla_placement",
  "ssd_cla_reviews",
  "ssd_cla_visits",
  "ssd_cla_health",
  "ssd_immigration_status",
  "ssd_care_leavers",
  "ssdx_care_leaver_contacts",
  "ssd_permanence",
] as const;

export type AnnexATable = (typeof ANNEXA_TABLES)[number];

export interface AnnexAReadOptions {
  /** The council's 3-digit LA code (Annex A does not carry one). */
  laCode: string;
  /** The date the lists were produced (YYYY-MM-DD): dates after it are reported. */
  asAt?: string;
}

/** One list as found in the workbook. */
export interface AnnexAListSummary {
  list: number;
  title: string;
  sheet: string;
  /** 1-based row of the header. */
  headerRow: number;
  /** Data rows read (blank rows not counted), including rows later rejected. */
  rows: number;
  /** Distinct child (or, for list 11, adopter) ids. */
  children: number;
  imported: boolean;
}

export interface AnnexASummary {
  laCode: string;
  /** Distinct children across lists 1–10. */
  children: number;
  lists: AnnexAListSummary[];
}

export interface AnnexAReadResult {
  rows: Record<AnnexATable, Row[]>;
  issues: Issue[];
  summary: AnnexASummary;
}

/** Issues listed per rule before the rest are counted in one closing warning. */
const MAX_ISSUES_PER_RULE = 1000;
/** Rows searched for a header at the top of each sheet. */
const HEADER_SCAN_ROWS = 30;
/** The date that Excel serial 0 stands for, as a day number (1899-12-30). */
const EXCEL_EPOCH_DAY = -25569;

const CODE_FIELDS: Record<string, CodeField> = {
  sex: "sex",
  ethnicity: "ethnicity",
  contactSource: "source",
  referralSource: "source",
  primaryNeed: "primaryNeed",
  categoryOfNeed: "primaryNeed",
  closeReason: "closeReason",
  initialCategory: "abuse",
  latestCategory: "abuse",
  legalStatus: "legalStatus",
  ceasedReason: "ceasedReason",
  placementType: "placementType",
  provider: "provider",
  eligibility: "eligibility",
  inTouch: "inTouch",
  accommodation: "accommodation",
  suitable: "suitable",
  activity: "activity",
  reversedReason: "reversedReason",
};

const FLAG_FIELDS: Record<string, FlagField> = {
  referralNfa: "nfa",
  childSeen: "seen",
  seenAlone: "seen",
  uasc: "uasc",
};

/** The date that defines each list's record: without a usable one the record is dropped. */
const KEY_DATE: Record<number, string> = {
  1: "contactDate",
  3: "referralDate",
  4: "asmtStart",
  5: "stratDate",
  6: "cinStart",
  7: "cppStart",
  8: "claStart",
};

const FATAL_RULES = new Set([
  "ANNEXA_FILE",
  "ANNEXA_EMPTY",
  "ANNEXA_NO_LISTS",
  "ANNEXA_NO_ROWS",
  "ANNEXA_INTERNAL",
]);

type Value = string | number | null;

/** One data row of a list, its values read. */
interface Rec {
  sheet: string;
  row: number;
  childId: string;
  v: Record<string, Value>;
  /** Raw text of code cells, for description columns. */
  raw: Record<string, string>;
}

interface SheetState {
  name: string;
  match?: HeaderMatch;
  headerRow: number;
  summary?: AnnexAListSummary;
  ids: Set<string>;
}

/**
 * Reads an Annex A workbook. Resolves with the rows (keyed by canonical
 * table), the issues found and a summary; never rejects.
 */
export async function readAnnexA(path: string, options: AnnexAReadOptions): Promise<AnnexAReadResult> {
  return new AnnexAReader(path, options).read();
}

class AnnexAReader {
  private readonly rows: Record<AnnexATable, Row[]> = emptyRows();
  private readonly issues: Issue[] = [];
  private readonly perRule: RuleCounts = new Map();
  private readonly records = new Map<number, Rec[]>();
  private readonly lists: AnnexAListSummary[] = [];
  private readonly persons = new Map<string, Row>();
  private readonly conflicts = new Set<string>();
  private readonly usedIds = new Map<string, number>();
  private fatal = false;

  constructor(
    private readonly file: string,
    private readonly options: AnnexAReadOptions,
  ) {}

  async read(): Promise<AnnexAReadResult> {
    try {
      if (await this.checkContainer()) await this.readSheets();
      if (!this.fatal) this.finish();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.fail(
        "ANNEXA_FILE",
        `the workbook cannot be read (${message}): it is corrupt or not an .xlsx file`,
      );
    }
    return this.result();
  }

  // --- the container ------------------------------------------------------------

  /** Recognises files that are plainly not workbooks from their first bytes. */
  private async checkContainer(): Promise<boolean> {
    let size: number;
    try {
      size = (await stat(this.file)).size;
    } catch (e) {
      this.fail("ANNEXA_FILE", `cannot read the file: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
    if (size === 0) {
      this.fail("ANNEXA_EMPTY", "the file is empty");
      return false;
    }
    const handle = await open(this.file, "r");
    try {
      const head = Buffer.alloc(Math.min(8, size));
      await handle.read(head, 0, head.length, 0);
      if (head.subarray(0, 4).toString("latin1") === "%PDF") {
        this.fail("ANNEXA_FILE", "this is a PDF, not an Excel workbook: export the lists as .xlsx");
        return false;
      }
      if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
        this.fail(
          "ANNEXA_FILE",
          "this is an Excel 97–2003 (.xls) or password-protected workbook: save it as an unprotected .xlsx",
        );
        return false;
      }
      if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) {
        this.fail("ANNEXA_FILE", "this is not an .xlsx workbook (it is not a zip file)");
        return false;
      }
      return true;
    } finally {
      await handle.close();
    }
  }

  private async readSheets(): Promise<void> {
    let sheets: SheetReader[];
    try {
      sheets = await openWorkbook(this.file);
    } catch (e) {
      if (e instanceof NotAWorkbook) {
        this.fail("ANNEXA_FILE", e.message);
        return;
      }
      throw e;
    }
    for (const reader of sheets) {
      const sheet: SheetState = { name: reader.name, headerRow: 0, ids: new Set() };
      for await (const row of reader.rows()) {
        if (sheet.match) this.dataRow(sheet, row.number, row.cells);
        else if (row.number <= HEADER_SCAN_ROWS) this.scanRow(sheet, row.number, row.cells);
      }
      this.endSheet(sheet);
    }
  }

  // --- sheets and headers -----------------------------------------------------------

  private scanRow(sheet: SheetState, number: number, cells: unknown[]): void {
    const headers: string[] = [];
    for (let c = 1; c < cells.length; c++) headers.push(cellText(cells[c]));
    if (headers.every((h) => h.trim() === "")) return;
    const match = identifyList(headers);
    if (!match) return;
    sheet.match = match;
    sheet.headerRow = number;
    const def = match.list;
    sheet.summary = {
      list: def.list,
      title: def.title,
      sheet: sheet.name,
      headerRow: number,
      rows: 0,
      children: 0,
      imported: def.list !== 2 && def.list !== 11,
    };
    this.lists.push(sheet.summary);
    for (const header of match.unknown.values()) {
      this.issue(
        "warning",
        "ANNEXA_UNKNOWN_COLUMN",
        `column "${header}" is not a List ${def.list} column this reader knows: ignored`,
        sheet.name,
        number,
        header,
        header,
      );
    }
    for (const [field, headersAgain] of match.repeated) {
      for (const header of headersAgain) {
        this.issue(
          "warning",
          "ANNEXA_REPEATED_COLUMN",
          `column "${header}" repeats the List ${def.list} column ${field}: the first was used`,
          sheet.name,
          number,
          header,
          header,
        );
      }
    }
  }

  private endSheet(sheet: SheetState): void {
    if (!sheet.summary) {
      this.issue(
        "warning",
        "ANNEXA_NO_LIST",
        `sheet "${sheet.name}" holds no recognisable Annex A list (no header row naming a child id and the list's key date in its first ${HEADER_SCAN_ROWS} rows): ignored`,
        sheet.name,
        undefined,
        "",
        "",
      );
      return;
    }
    sheet.summary.children = sheet.ids.size;
    if (sheet.summary.rows === 0) {
      this.issue(
        "warning",
        "ANNEXA_HEADER_ONLY",
        `List ${sheet.summary.list} (${sheet.summary.title}) on sheet "${sheet.name}" has a header but no rows`,
        sheet.name,
        sheet.headerRow,
        "",
        "",
      );
    }
  }

  // --- one data row ------------------------------------------------------------------

  private dataRow(sheet: SheetState, number: number, cells: unknown[]): void {
    const match = sheet.match!;
    const list = match.list.list;
    let blank = true;
    for (let c = 1; c < cells.length; c++) {
      const v = cells[c];
      if (v !== null && v !== undefined && cellText(v).trim() !== "") {
        blank = false;
        break;
      }
    }
    if (blank) return;
    sheet.summary!.rows++;
    const rec: Rec = { sheet: sheet.name, row: number, childId: "", v: {}, raw: {} };
    let rejected = false;
    for (const [i, def] of match.byIndex) {
      const cell = cells[i + 1];
      const header = headerAt(match, i);
      const value = this.value(def, cell, sheet.name, number, header, list);
      if (value === REJECT) {
        rejected = true;
        continue;
      }
      rec.v[def.field] = value;
      if (def.kind === "code" && cell !== null && cell !== undefined)
        rec.raw[def.field] = cellText(cell).trim();
    }
    const idField = list === 11 ? "adopterId" : "childId";
    const id = rec.v[idField];
    if (typeof id !== "string" || id === "") {
      this.issue(
        "error",
        "ANNEXA_CHILD_ID",
        `List ${list} row ${number} has no ${list === 11 ? "adopter" : "child"} id: the row was not imported`,
        sheet.name,
        number,
        headerAt(match, indexOf(match, idField)),
        "",
      );
      return;
    }
    rec.childId = id;
    sheet.ids.add(id);
    const keyField = KEY_DATE[list];
    if (keyField && (rejected || rec.v[keyField] === null || rec.v[keyField] === undefined)) {
      if (!rejected) {
        this.issue(
          "error",
          "ANNEXA_MISSING_DATE",
          `List ${list} row ${number} (child ${id}) has no ${headerAt(match, indexOf(match, keyField))}: the row was not imported`,
          sheet.name,
          number,
          headerAt(match, indexOf(match, keyField)),
          "",
        );
      }
      return;
    }
    const bucket = this.records.get(list);
    if (bucket) bucket.push(rec);
    else this.records.set(list, [rec]);
  }

  /** A cell's value by column kind; REJECT when the list's key date is unusable (already reported). */
  private value(
    def: ColumnDef,
    cell: unknown,
    sheet: string,
    row: number,
    header: string,
    list: number,
  ): Value | typeof REJECT {
    if (isErrorCell(cell)) {
      this.issue(
        "warning",
        "ANNEXA_CELL_ERROR",
        `the cell holds the Excel error ${cell.error}: read as empty`,
        sheet,
        row,
        header,
        String(cell.error),
      );
      return null;
    }
    const plain = unwrap(cell);
    switch (def.kind) {
      case "id":
        return idText(plain);
      case "text": {
        const t = plain === null ? "" : plainText(plain).trim();
        return t === "" ? null : t;
      }
      case "ignore":
        return null;
      case "number":
        return this.number(plain, sheet, row, header);
      case "date": {
        const isKey = KEY_DATE[list] === def.field;
        const d = readDate(plain);
        if (d.iso !== undefined) {
          if (this.options.asAt && d.iso > this.options.asAt) {
            this.issue(
              "warning",
              "ANNEXA_FUTURE_DATE",
              `${header} ${d.iso} is after the workbook date ${this.options.asAt}: kept`,
              sheet,
              row,
              header,
              plainText(plain),
            );
          }
          return d.iso;
        }
        if (d.problem === undefined) return null;
        const severity: Severity = isKey ? "error" : "warning";
        this.issue(
          severity,
          d.ambiguous ? "ANNEXA_DATE_AMBIGUOUS" : "ANNEXA_DATE",
          `${header} "${plainText(plain)}" ${d.problem}: ${isKey ? "the row was not imported" : "left empty"}`,
          sheet,
          row,
          header,
          plainText(plain),
        );
        return isKey ? REJECT : null;
      }
      case "flag": {
        if (plain === null) return null;
        const text = plainText(plain);
        if (def.field === "disability") {
          const d = readDisability(text);
          if (d !== undefined) return d;
        } else {
          const f = readFlag(FLAG_FIELDS[def.field] ?? "plain", text);
          if (f !== undefined) return f;
        }
        this.issue(
          "warning",
          "ANNEXA_FLAG",
          `${header} "${text}" is not a yes/no answer: left empty`,
          sheet,
          row,
          header,
          text,
        );
        return null;
      }
      case "code": {
        if (plain === null) return null;
        const text = plainText(plain);
        const field = CODE_FIELDS[def.field];
        if (!field) return text;
        const read = readCode(field, text);
        if (read.how === "group") {
          this.issue(
            "warning",
            "ANNEXA_CODE_GROUP",
            `${header} "${text}" names a group of codes (${read.note}), not one: the code was left empty`,
            sheet,
            row,
            header,
            text,
          );
        } else if (read.how === "unknown") {
          this.issue(
            "warning",
            "ANNEXA_CODE",
            `${header} "${text}" is not a recognised code or description: the code was left empty`,
            sheet,
            row,
            header,
            text,
          );
        } else if (read.how === "renamed") {
          this.issue(
            "warning",
            "ANNEXA_CODE_RENAMED",
            `${header} ${read.note} is a retired code: read as ${read.code}`,
            sheet,
            row,
            header,
            text,
          );
        }
        return read.code;
      }
    }
  }

  private number(plain: PlainCell, sheet: string, row: number, header: string): number | null {
    if (plain === null) return null;
    if (typeof plain === "number") return Number.isFinite(plain) ? plain : null;
    const text = plainText(plain).trim();
    if (text === "") return null;
    if (/^<\s*1$/.test(text)) return 0;
    const cleaned = text.replace(/,(?=\d{3}(?:\D|$))/g, "");
    if (/^-?\d+(?:\.\d+)?$/.test(cleaned)) return Number(cleaned);
    this.issue(
      "warning",
      "ANNEXA_NUMBER",
      `${header} "${text}" is not a number: left empty`,
      sheet,
      row,
      header,
      text,
    );
    return null;
  }

  // --- canonical rows --------------------------------------------------------------------

  private finish(): void {
    if (this.lists.length === 0) {
      this.fail(
        "ANNEXA_NO_LISTS",
        "no sheet holds a recognisable Annex A list (a header row with a child id and a list's key date)",
      );
      return;
    }
    if (this.lists.every((l) => l.rows === 0)) {
      this.fail("ANNEXA_NO_ROWS", "every Annex A list in the workbook has a header but no rows");
      return;
    }
    for (const list of [2, 11]) {
      const found = this.lists.filter((l) => l.list === list);
      if (found.length === 0) continue;
      const rows = found.reduce((n, l) => n + l.rows, 0);
      const ids = found.reduce((n, l) => n + l.children, 0);
      this.issue(
        "warning",
        "ANNEXA_NOT_IMPORTED",
        `List ${list} (${found[0]!.title}): ${rows} rows for ${ids} ${list === 11 ? "adopters" : "children"} read but not imported: the canonical model has no table for ${list === 11 ? "adopters" : "early help assessments"}`,
        found.map((l) => l.sheet).join(", "),
        undefined,
        "",
        "",
      );
    }
    for (let list = 1; list <= 10; list++) for (const rec of this.records.get(list) ?? []) this.person(rec);
    const referrals = this.referrals();
    this.contacts();
    this.assessments(referrals);
    const icpcs = this.s47s(referrals);
    this.plans(referrals, icpcs);
    this.lookedAfter();
    this.careLeavers();
    this.permanence();
  }

  private at(rec: Rec, row: Row): Row {
    row.la_code = this.options.laCode;
    return withSource(row, { file: this.file, sheet: rec.sheet, row: rec.row });
  }

  private push(table: AnnexATable, rec: Rec, row: Row): void {
    this.rows[table].push(this.at(rec, row));
  }

  /** A row id unique within the file: the natural key, with #2, #3 … on repeats. */
  private id(key: string): string {
    const n = (this.usedIds.get(key) ?? 0) + 1;
    this.usedIds.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  }

  private person(rec: Rec): void {
    const v = rec.v;
    const fields: Row = {
      pers_sex: v.sex ?? null,
      pers_ethnicity: v.ethnicity ?? null,
      pers_dob: v.dob ?? null,
      pers_disability: v.disability ?? null,
    };
    const existing = this.persons.get(rec.childId);
    if (!existing) {
      const row = this.at(rec, { pers_person_id: rec.childId, ...fields });
      this.persons.set(rec.childId, row);
      this.rows.ssd_person.push(row);
      return;
    }
    for (const [column, value] of Object.entries(fields)) {
      if (value === null) continue;
      const had = existing[column];
      if (had === null || had === undefined) existing[column] = value;
      else if (
        had !== value &&
        column !== "pers_disability" &&
        !this.conflicts.has(`${rec.childId}|${column}`)
      ) {
        this.conflicts.add(`${rec.childId}|${column}`);
        this.issue(
          "warning",
          "ANNEXA_PERSON_CONFLICT",
          `child ${rec.childId} has ${column.replace("pers_", "")} ${value} here but ${had} on sheet "${existing._sheet}" row ${existing._row}: the first was kept`,
          rec.sheet,
          rec.row,
          column === "pers_dob" ? "Date of Birth" : column === "pers_sex" ? "Gender/Sex" : "Ethnicity",
          String(value),
        );
      }
    }
  }

  private contacts(): void {
    for (const rec of this.records.get(1) ?? []) {
      const date = rec.v.contactDate as string;
      this.push("ssd_contacts", rec, {
        cont_contact_id: this.id(`${rec.childId}/CONTACT/${date}`),
        cont_person_id: rec.childId,
        cont_contact_date: date,
        cont_contact_source_code: rec.v.contactSource ?? null,
        cont_contact_source_desc: rec.raw.contactSource ?? null,
      });
    }
  }

  /** Lists 3 and 6 as referrals (one per child and referral date); returns each child's referrals by date. */
  private referrals(): Map<string, { date: string; id: string }[]> {
    const byKey = new Map<string, Row>();
    for (const rec of this.records.get(3) ?? []) {
      const date = rec.v.referralDate as string;
      const key = `${rec.childId}|${date}`;
      if (byKey.has(key)) {
        this.issue(
          "warning",
          "ANNEXA_DUPLICATE",
          `child ${rec.childId} has a second List 3 referral on ${date}: it was read as the same referral`,
          rec.sheet,
          rec.row,
          "Date of Referral",
          date,
        );
        continue;
      }
      const row = this.at(rec, {
        cine_referral_id: `${rec.childId}/REF/${date}`,
        cine_person_id: rec.childId,
        cine_referral_date: date,
        cine_cin_primary_need_code: null,
        cine_referral_source_code: rec.v.referralSource ?? null,
        cine_referral_source_desc: rec.raw.referralSource ?? null,
        cine_referral_nfa: rec.v.referralNfa ?? null,
        cine_close_reason: null,
        cine_close_date: null,
        cine_referral_team: rec.v.team ?? null,
        cine_referral_worker_id: rec.v.worker ?? null,
      });
      byKey.set(key, row);
      this.rows.ssd_cin_episodes.push(row);
    }
    for (const rec of this.records.get(6) ?? []) {
      const date = rec.v.cinStart as string;
      const key = `${rec.childId}|${date}`;
      let row = byKey.get(key);
      if (!row) {
        row = this.at(rec, {
          cine_referral_id: `${rec.childId}/REF/${date}`,
          cine_person_id: rec.childId,
          cine_referral_date: date,
          cine_referral_source_code: null,
          cine_referral_nfa: null,
        });
        byKey.set(key, row);
        this.rows.ssd_cin_episodes.push(row);
      }
      row.cine_cin_primary_need_code = rec.v.primaryNeed ?? null;
      row.cine_close_date = rec.v.cinClose ?? null;
      row.cine_close_reason = rec.v.closeReason ?? null;
      row.cine_referral_team ??= rec.v.team ?? null;
      row.cine_referral_worker_id ??= rec.v.worker ?? null;
    }
    const byChild = new Map<string, { date: string; id: string }[]>();
    for (const row of byKey.values()) {
      const child = row.cine_person_id as string;
      const list = byChild.get(child) ?? [];
      list.push({ date: row.cine_referral_date as string, id: row.cine_referral_id as string });
      byChild.set(child, list);
    }
    for (const list of byChild.values()) list.sort((a, b) => a.date.localeCompare(b.date));
    return byChild;
  }

  private assessments(referrals: Map<string, { date: string; id: string }[]>): void {
    for (const rec of this.records.get(4) ?? []) {
      const start = rec.v.asmtStart as string;
      const outcome = rec.v.asmtOutcome;
      this.push("ssd_cin_assessments", rec, {
        cina_assessment_id: this.id(`${rec.childId}/ASMT/${start}`),
        cina_person_id: rec.childId,
        cina_referral_id: latestOnOrBefore(referrals.get(rec.childId), start),
        cina_assessment_start_date: start,
        cina_assessment_child_seen: rec.v.childSeen ?? null,
        cina_assessment_auth_date: rec.v.asmtAuth ?? null,
        cina_assessment_outcome_nfa: outcome === "Y" ? "N" : outcome === "N" ? "Y" : null,
        cina_assessment_team: rec.v.team ?? null,
        cina_assessment_worker_id: rec.v.worker ?? null,
      });
    }
  }

  /** List 5; returns each child's ICPCs by date. */
  private s47s(
    referrals: Map<string, { date: string; id: string }[]>,
  ): Map<string, { date: string; id: string }[]> {
    const icpcs = new Map<string, { date: string; id: string }[]>();
    for (const rec of this.records.get(5) ?? []) {
      const date = rec.v.stratDate as string;
      const s47Id = this.id(`${rec.childId}/S47/${date}`);
      const referralId = latestOnOrBefore(referrals.get(rec.childId), date);
      this.push("ssdx_strategy_discussions", rec, {
        strd_strategy_discussion_id: s47Id.replace("/S47/", "/STRAT/"),
        strd_person_id: rec.childId,
        strd_referral_id: referralId,
        strd_strategy_discussion_date: date,
        strd_s47_enquiry_id: s47Id,
        strd_outcome: "S47",
      });
      this.push("ssd_s47_enquiry", rec, {
        s47e_s47_enquiry_id: s47Id,
        s47e_referral_id: referralId,
        s47e_person_id: rec.childId,
        s47e_s47_start_date: date,
        s47e_s47_nfa: rec.v.icpcUnnecessary ?? null,
        s47e_s47_completed_by_worker_id: rec.v.worker ?? null,
        s47e_s47_completed_by_team: rec.v.team ?? null,
      });
      const icpcDate = rec.v.icpcDate;
      if (typeof icpcDate === "string") {
        const icpcId = s47Id.replace("/S47/", "/ICPC/");
        this.push("ssd_initial_cp_conference", rec, {
          icpc_icpc_id: icpcId,
          icpc_s47_enquiry_id: s47Id,
          icpc_person_id: rec.childId,
          icpc_referral_id: referralId,
          icpc_icpc_date: icpcDate,
          icpc_icpc_outcome_cp_flag: rec.v.icpcPlan ?? null,
          icpc_icpc_team: rec.v.team ?? null,
          icpc_icpc_worker_id: rec.v.worker ?? null,
        });
        const list = icpcs.get(rec.childId) ?? [];
        list.push({ date: icpcDate, id: icpcId });
        icpcs.set(rec.childId, list);
      }
    }
    for (const list of icpcs.values()) list.sort((a, b) => a.date.localeCompare(b.date));
    return icpcs;
  }

  private plans(
    referrals: Map<string, { date: string; id: string }[]>,
    icpcs: Map<string, { date: string; id: string }[]>,
  ): void {
    for (const rec of this.records.get(7) ?? []) {
      const start = rec.v.cppStart as string;
      const planId = this.id(`${rec.childId}/CPP/${start}`);
      const previous = rec.v.previousPlans;
      this.push("ssd_cp_plans", rec, {
        cppl_cp_plan_id: planId,
        cppl_referral_id: latestOnOrBefore(referrals.get(rec.childId), start),
        cppl_icpc_id: latestOnOrBefore(icpcs.get(rec.childId), start),
        cppl_person_id: rec.childId,
        cppl_cp_plan_start_date: start,
        cppl_cp_plan_end_date: rec.v.cppEnd ?? null,
        cppl_cp_plan_initial_category: rec.v.initialCategory ?? null,
        cppl_cp_plan_latest_category: rec.v.latestCategory ?? null,
        cppl_number_of_previous_cpp:
          typeof previous === "number" && Number.isInteger(previous) && previous >= 0 ? previous : null,
      });
      if (typeof rec.v.lastVisit === "string") {
        const alone = rec.v.seenAlone ?? null;
        this.push("ssd_cp_visits", rec, {
          cppv_cp_visit_id: `${planId}/VISIT/${rec.v.lastVisit}`,
          cppv_person_id: rec.childId,
          cppv_cp_plan_id: planId,
          cppv_cp_visit_date: rec.v.lastVisit,
          cppv_cp_visit_seen: alone === "Y" ? "Y" : null,
          cppv_cp_visit_seen_alone: alone,
        });
      }
      if (typeof rec.v.lastReview === "string") {
        this.push("ssd_cp_reviews", rec, {
          cppr_cp_review_id: `${planId}/REVIEW/${rec.v.lastReview}`,
          cppr_person_id: rec.childId,
          cppr_cp_plan_id: planId,
          cppr_cp_review_date: rec.v.lastReview,
        });
      }
    }
  }

  private lookedAfter(): void {
    const uasc = new Map<string, { rec: Rec; start: string }>();
    for (const rec of this.records.get(8) ?? []) {
      const v = rec.v;
      const start = v.claStart as string;
      const claId = this.id(`${rec.childId}/CLA/${start}`);
      const placementStart = typeof v.placementStart === "string" ? v.placementStart : null;
      const placementId = placementStart ? `${claId}/PLACEMENT/${placementStart}` : null;
      const ceased = v.ceasedDate ?? null;
      this.push("ssd_cla_episodes", rec, {
        clae_cla_episode_id: claId,
        clae_person_id: rec.childId,
        clae_cla_episode_start_date: start,
        clae_cla_episode_start_reason: "S",
        clae_cla_primary_need_code: v.categoryOfNeed ?? null,
        clae_cla_episode_ceased_date: ceased,
        clae_cla_episode_ceased_reason: v.ceasedReason ?? null,
        clae_cla_id: claId,
        clae_cla_placement_id: placementId,
        clae_entered_care_date: start,
        clae_cla_last_iro_contact_date: v.lastIro ?? null,
      });
      if (v.legalStatus || v.legalStart) {
        this.push("ssd_legal_status", rec, {
          lega_legal_status_id: `${claId}/LEGAL`,
          lega_person_id: rec.childId,
          lega_legal_status: v.legalStatus ?? null,
          lega_legal_status_start_date: v.legalStart ?? start,
          lega_legal_status_end_date: ceased,
        });
      }
      if (placementId) {
        this.push("ssd_cla_placement", rec, {
          clap_cla_placement_id: placementId,
          clap_cla_placement_start_date: placementStart,
          clap_cla_placement_type: v.placementType ?? null,
          clap_cla_placement_urn: v.urn ?? null,
          clap_cla_placement_distance: v.distance ?? null,
          clap_cla_id: claId,
          clap_cla_placement_provider: v.provider ?? null,
          clap_cla_placement_postcode: v.postcode ?? null,
          clap_cla_placement_end_date: ceased,
          clap_person_id: rec.childId,
        });
      }
      if (typeof v.lastReview === "string") {
        this.push("ssd_cla_reviews", rec, {
          clar_cla_review_id: `${claId}/REVIEW/${v.lastReview}`,
          clar_cla_id: claId,
          clar_cla_review_date: v.lastReview,
        });
      }
      if (typeof v.lastVisit === "string") {
        this.push("ssd_cla_visits", rec, {
          clav_cla_visit_id: `${claId}/VISIT/${v.lastVisit}`,
          clav_cla_id: claId,
          clav_person_id: rec.childId,
          clav_cla_visit_date: v.lastVisit,
        });
      }
      for (const [field, type] of [
        ["lastHealth", "HA_REVIEW"],
        ["lastDental", "DENTAL"],
      ] as const) {
        const date = v[field];
        if (typeof date !== "string") continue;
        this.push("ssd_cla_health", rec, {
          clah_health_check_id: `${claId}/${type}/${date}`,
          clah_person_id: rec.childId,
          clah_health_check_type: type,
          clah_health_check_date: date,
        });
      }
      const known = uasc.get(rec.childId);
      if (v.uasc === "Y" && (!known || start < known.start)) uasc.set(rec.childId, { rec, start });
    }
    for (const [child, { rec, start }] of uasc) {
      this.push("ssd_immigration_status", rec, {
        immi_immigration_status_id: `${child}/UASC`,
        immi_person_id: child,
        immi_immigration_status: "UASC",
        immi_immigration_status_start_date: start,
        immi_immigration_status_end_date: null,
      });
    }
  }

  private careLeavers(): void {
    for (const rec of this.records.get(9) ?? []) {
      const v = rec.v;
      const id = this.id(`${rec.childId}/CARELEAVER`);
      this.push("ssd_care_leavers", rec, {
        clea_table_id: id,
        clea_person_id: rec.childId,
        clea_care_leaver_eligibility: v.eligibility ?? null,
        clea_care_leaver_in_touch: v.inTouch ?? null,
        clea_care_leaver_latest_contact: v.latestContact ?? null,
        clea_care_leaver_accommodation: v.accommodation ?? null,
        clea_care_leaver_accom_suitable: v.suitable ?? null,
        clea_care_leaver_activity: v.activity ?? null,
        clea_pathway_plan_review_date: v.pathwayReview ?? null,
        clea_care_leaver_personal_advisor: v.personalAdviser ?? null,
        clea_care_leaver_allocated_team: v.team ?? null,
        clea_care_leaver_worker_id: v.worker ?? null,
      });
      if (typeof v.latestContact === "string") {
        this.push("ssdx_care_leaver_contacts", rec, {
          clec_contact_id: `${id}/CONTACT/${v.latestContact}`,
          clec_person_id: rec.childId,
          clec_contact_date: v.latestContact,
          clec_in_touch: v.inTouch ?? null,
          clec_accommodation: v.accommodation ?? null,
          clec_accom_suitable: v.suitable ?? null,
          clec_activity: v.activity ?? null,
        });
      }
    }
  }

  private permanence(): void {
    for (const rec of this.records.get(10) ?? []) {
      const v = rec.v;
      const entered = typeof v.enteredCare === "string" ? v.enteredCare : null;
      this.push("ssd_permanence", rec, {
        perm_table_id: this.id(`${rec.childId}/PERMANENCE/${v.admDecision ?? entered ?? rec.row}`),
        perm_person_id: rec.childId,
        perm_cla_id: entered ? `${rec.childId}/CLA/${entered}` : null,
        perm_adm_decision_date: v.admDecision ?? null,
        perm_placement_order_date: v.placementOrder ?? null,
        perm_matched_date: v.matched ?? null,
        perm_placed_for_adoption_date: v.placedForAdoption ?? null,
        perm_placed_ffa_cp_date: v.ffaDate ?? null,
        perm_decision_reversed_date: v.reversedDate ?? null,
        perm_decision_reversed_reason: v.reversedReason ?? null,
        perm_permanence_order_date: v.adoptionOrder ?? null,
        perm_permanence_order_type: v.adoptionOrder ? "Adoption order" : null,
      });
    }
  }

  // --- issues and result -------------------------------------------------------------------

  private issue(
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
  private fail(rule: string, message: string): void {
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

  private result(): AnnexAReadResult {
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

const REJECT = Symbol("reject");

type PlainCell = string | number | boolean | Date | null;

function isErrorCell(cell: unknown): cell is { error: string } {
  return typeof cell === "object" && cell !== null && "error" in cell;
}

/** A cell's value with formulas, rich text and hyperlinks reduced to what they show. */
function unwrap(cell: unknown): PlainCell {
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

function plainText(v: PlainCell): string {
  if (v === null) return "";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  return String(v);
}

/** The text a cell shows, for headers and blank checks. */
function cellText(cell: unknown): string {
  if (isErrorCell(cell)) return String(cell.error);
  return plainText(unwrap(cell));
}

/** An id as text: numbers as written (no exponent or decimals for whole numbers), text trimmed. */
function idText(v: PlainCell): string | null {
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

/** The id of the latest entry dated on or before `date`, from entries sorted by date. */
function latestOnOrBefore(entries: { date: string; id: string }[] | undefined, date: string): string | null {
  let found: string | null = null;
  for (const e of entries ?? []) {
    if (e.date > date) break;
    found = e.id;
  }
  return found;
}

function headerAt(match: HeaderMatch, index: number): string {
  const def = match.byIndex.get(index);
  return def ? (match.headers[index] ?? def.field) : "";
}

function indexOf(match: HeaderMatch, field: string): number {
  for (const [i, def] of match.byIndex) if (def.field === field) return i;
  return -1;
}

function emptyRows(): Record<AnnexATable, Row[]> {
  return Object.fromEntries(ANNEXA_TABLES.map((t) => [t, []])) as unknown as Record<AnnexATable, Row[]>;
}

/** The list numbers this reader knows, for callers that report by list. */
export const ANNEXA_LISTS = LISTS.map((l) => ({ list: l.list, title: l.title }));
