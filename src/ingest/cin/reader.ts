/**
 * Reads a DfE CIN census XML return (any collection year 2017–2026) into
 * canonical rows plus issues.
 *
 * Why streamed: large councils' files run to hundreds of MB, so the file is
 * decoded chunk by chunk into saxes and one `<Child>` at a time is held,
 * turned into rows and dropped. Why never throwing: councils' files are
 * messy; every problem becomes an Issue with the line and element path. A
 * file that is not well-formed XML (or not a CIN census at all) gives one
 * error and no rows, because an import is all or nothing; within a
 * well-formed file, a record whose own dates are unusable is left out with
 * the records nested in it, and everything else is kept.
 */
import { createReadStream } from "node:fs";
import { TextDecoder } from "node:util";
import { SaxesParser } from "saxes";
import { parseIsoDate } from "../../calendar/dates.ts";
import type { Row } from "../../db/database.ts";
import { cappedIssueLines, countIssue, type Issue, type RuleCounts, type Severity } from "../issues.ts";
import { withSource } from "../source.ts";
import {
  CODE_FIRST_YEAR,
  CODE_LISTS,
  CONTAINERS,
  ELEMENT_YEARS,
  GENDER_TO_SEX,
  REPEATABLE,
} from "./codes.ts";

/** The canonical tables a CIN census fills. */
export const CIN_TABLES = [
  "ssd_person",
  "ssd_cin_episodes",
  "ssd_cin_assessments",
  "ssd_s47_enquiry",
  "ssd_initial_cp_conference",
  "ssd_cp_plans",
  "ssd_cp_reviews",
] as const;

export type CinTable = (typeof CIN_TABLES)[number];

export interface CinReadOptions {
  /** The council's 3-digit LA code; overrides the file's Header/Source/LEA. */
  laCode?: string;
}

export interface CinSummary {
  children: number;
  referrals: number;
  assessments: number;
  s47: number;
  cpPlans: number;
  collectionYear?: number;
  laCode?: string;
}

export interface CinReadResult {
  rows: Record<CinTable, Row[]>;
  issues: Issue[];
  summary: CinSummary;
}

/** Issues listed per rule before the rest are counted in one closing warning. */
const MAX_ISSUES_PER_RULE = 1000;
const CHUNK_BYTES = 1 << 20;
const SLICE_CHARS = 1 << 14;

interface Val {
  text: string;
  line: number;
  path: string;
}

/** A container element read so far: its single-valued leaves, repeated leaves and nested containers. */
interface Node {
  name: string;
  line: number;
  path: string;
  leaf: Map<string, Val>;
  multi: Map<string, Val[]>;
  kids: Node[];
}

interface Frame {
  name: string;
  line: number;
  path: string;
  /** The container being built (absent for leaves and for Message/Children). */
  node?: Node;
  isLeaf: boolean;
  text: string;
  counts: Map<string, number>;
  warnedText: boolean;
}

class Fatal extends Error {}

/**
 * Reads a CIN census XML file. Resolves with the rows (keyed by canonical
 * table), the issues found and a summary; never rejects.
 */
export async function readCinCensus(path: string, options: CinReadOptions = {}): Promise<CinReadResult> {
  const reader = new CinReader(path, options);
  return reader.read();
}

class CinReader {
  private readonly rows: Record<CinTable, Row[]> = emptyRows();
  private readonly issues: Issue[] = [];
  private readonly perRule: RuleCounts = new Map();
  private readonly warnedOnce = new Set<string>();
  private readonly seenChildren = new Map<string, number>();
  /** Date text → ISO date, and code → its one shared copy: a 200 MB file repeats the same few thousand values. */
  private readonly dates = new Map<string, string>();
  private readonly codes = new Map<string, string>();
  private readonly stack: Frame[] = [];
  private skipDepth = 0;
  /** The line the last tag ended on: where the text after it starts. */
  private lastTagLine = 1;
  private fatal = false;
  private sawRoot = false;
  private sawChildren = false;
  private childIndex = 0;
  private children = 0;
  private collectionYear?: number;
  private fileLa?: string;
  private la?: string;
  private rowsBeforeLa = false;
  private readonly parser = new SaxesParser({ position: true });

  constructor(
    private readonly file: string,
    private readonly options: CinReadOptions,
  ) {
    this.la = options.laCode;
    const p = this.parser;
    p.on("opentag", (tag) => {
      this.guard(() => this.open(tag.name));
      this.lastTagLine = p.line;
    });
    p.on("text", (text) => this.guard(() => this.text(text)));
    p.on("cdata", (text) => this.guard(() => this.text(text)));
    p.on("closetag", () => {
      this.guard(() => this.close());
      this.lastTagLine = p.line;
    });
    p.on("error", (err) => this.parseError(err.message));
  }

  async read(): Promise<CinReadResult> {
    let bytes = 0;
    let nonBlank = false;
    try {
      let decoder: TextDecoder | undefined;
      const stream = createReadStream(this.file, { highWaterMark: CHUNK_BYTES });
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (!decoder) decoder = new TextDecoder(detectEncoding(chunk));
        bytes += chunk.length;
        const text = decoder.decode(chunk, { stream: true });
        if (!nonBlank && text.trim() !== "") nonBlank = true;
        // The first chunk in slices, so a junk file stops after a few errors rather than a megabyte of them.
        const slice = bytes > chunk.length ? text.length : SLICE_CHARS;
        for (let at = 0; at < text.length && !this.fatal; at += slice) {
          this.parser.write(slice >= text.length ? text : text.slice(at, at + slice));
        }
        if (this.fatal) {
          stream.destroy();
          break;
        }
      }
      if (!this.fatal) {
        if (!nonBlank) {
          this.fail(
            "CIN_EMPTY",
            bytes === 0 ? "the file is empty" : "the file holds only blank space",
            1,
            "",
            "",
          );
        } else {
          if (decoder) this.parser.write(decoder.decode());
          if (!this.fatal) this.parser.close();
        }
      }
    } catch (e) {
      if (!(e instanceof Fatal)) {
        const message = e instanceof Error ? e.message : String(e);
        const code = (e as { code?: string }).code;
        this.fail(
          code ? "CIN_READ" : "CIN_INTERNAL",
          code
            ? `cannot read the file: ${message}`
            : `the reader failed on this file (${message}); please report it`,
          this.parser.line,
          this.currentPath(),
          "",
        );
      }
    }
    if (!this.fatal) this.finish();
    return this.result();
  }

  private finish(): void {
    if (this.childIndex === 0) {
      this.fail(
        "CIN_NO_CHILDREN",
        this.sawChildren
          ? "the file lists no <Child>"
          : "the file has no <Children> element: it holds no children",
        1,
        "Message",
        "",
      );
      return;
    }
    if (!this.la) {
      this.fail(
        "CIN_NO_LA",
        "the file names no LA (Header/Source/LEA) and none was given: give the council's LA code",
        1,
        "Message/Header/Source/LEA",
        this.fileLa ?? "",
      );
      return;
    }
    if (this.rowsBeforeLa) {
      for (const table of CIN_TABLES) for (const row of this.rows[table]) row.la_code ??= this.la;
    }
  }

  private result(): CinReadResult {
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

  // --- issues ---------------------------------------------------------------

  private issue(
    severity: Severity,
    rule: string,
    message: string,
    line: number,
    column: string,
    value: string,
  ) {
    if (!countIssue(this.perRule, rule, severity, MAX_ISSUES_PER_RULE)) return;
    this.issues.push({ severity, file: this.file, line, column, value: own(value), rule, message });
  }

  private at(severity: Severity, rule: string, v: Val, message: string) {
    this.issue(severity, rule, message, v.line, v.path, v.text);
  }

  /** A file-level error: nothing from the file is imported. */
  private fail(rule: string, message: string, line: number, column: string, value: string): void {
    if (this.fatal) return;
    this.fatal = true;
    this.issue("error", rule, `${message}; nothing was imported from this file`, line, column, value);
  }

  private parseError(raw: string): void {
    if (this.fatal) return;
    // saxes prefixes "line:column: "; the issue carries the line separately.
    const message = raw.replace(/^(?:[^:]*:)?\d+:\d+: /, "");
    const where = `line ${this.parser.line}, column ${this.parser.column + 1}`;
    const notXml = !this.sawRoot;
    this.fail(
      "CIN_XML",
      notXml
        ? `the file is not XML (${where}: ${message})`
        : `the XML is malformed or cut short (${where}: ${message})`,
      this.parser.line,
      this.currentPath(),
      "",
    );
  }

  private guard(fn: () => void): void {
    if (this.fatal) return;
    fn();
  }

  private currentPath(): string {
    return this.stack.at(-1)?.path ?? "";
  }

  // --- SAX events -------------------------------------------------------------

  private open(qname: string): void {
    const name = localName(qname);
    const line = this.parser.line;
    if (this.skipDepth > 0) {
      this.skipDepth++;
      return;
    }
    const parent = this.stack.at(-1);
    if (!parent) {
      this.sawRoot = true;
      if (name !== "Message") {
        this.fail(
          "CIN_NOT_CIN",
          `this is not a CIN census file: its root element is <${name}>, not <Message>`,
          line,
          name,
          "",
        );
        throw new Fatal();
      }
      this.stack.push(frame(name, line, name, undefined, false));
      return;
    }
    const allowed = CONTAINERS[parent.name];
    const index = (parent.counts.get(name) ?? 0) + 1;
    parent.counts.set(name, index);
    const path = `${parent.path}/${name}${REPEATABLE.has(name) ? `[${index}]` : ""}`;
    if (!allowed?.includes(name)) {
      this.issue(
        "warning",
        "CIN_UNKNOWN_ELEMENT",
        parent.isLeaf
          ? `<${name}> inside <${parent.name}>, which holds a value: the element was ignored`
          : `<${name}> is not a CIN census element inside <${parent.name}>: it and its contents were ignored`,
        line,
        path,
        "",
      );
      this.skipDepth = 1;
      return;
    }
    this.checkElementYear(name, line, path);
    if (name === "Children") this.sawChildren = true;
    if (name === "Child") this.childIndex++;
    const isLeaf = CONTAINERS[name] === undefined;
    const node =
      isLeaf || name === "Children"
        ? undefined
        : { name, line, path, leaf: new Map(), multi: new Map(), kids: [] };
    this.stack.push(frame(name, line, path, node, isLeaf));
  }

  private text(text: string): void {
    if (this.skipDepth > 0) return;
    const top = this.stack.at(-1);
    if (!top) return;
    if (top.isLeaf) {
      top.text += text;
    } else if (!top.warnedText && text.trim() !== "") {
      top.warnedText = true;
      const leading = text.slice(0, text.length - text.trimStart().length);
      this.issue(
        "warning",
        "CIN_STRAY_TEXT",
        `text "${text.trim().slice(0, 40)}" sits directly inside <${top.name}> (outside any element): it was ignored`,
        this.lastTagLine + (leading.match(/\n/g)?.length ?? 0),
        top.path,
        text.trim(),
      );
    }
  }

  private close(): void {
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    const f = this.stack.pop();
    if (!f) return;
    const parent = this.stack.at(-1)?.node;
    if (f.isLeaf) {
      if (!parent) return;
      const v: Val = { text: f.text.trim(), line: f.line, path: f.path };
      if (REPEATABLE.has(f.name)) {
        const list = parent.multi.get(f.name);
        if (list) list.push(v);
        else parent.multi.set(f.name, [v]);
      } else if (parent.leaf.has(f.name)) {
        this.at(
          "warning",
          "CIN_REPEATED_ELEMENT",
          v,
          `<${f.name}> appears more than once in <${parent.name}>: the first (line ${parent.leaf.get(f.name)!.line}) was used`,
        );
      } else {
        parent.leaf.set(f.name, v);
      }
      return;
    }
    if (!f.node) return;
    if (f.name === "Child") this.child(f.node);
    else if (f.name === "Header") this.header(f.node);
    else if (parent) parent.kids.push(f.node);
  }

  private checkElementYear(name: string, line: number, path: string): void {
    const span = ELEMENT_YEARS[name];
    const year = this.collectionYear;
    if (!span || year === undefined || this.warnedOnce.has(name)) return;
    if ((span.from !== undefined && year < span.from) || (span.until !== undefined && year > span.until)) {
      this.warnedOnce.add(name);
      const when = span.from !== undefined ? `from ${span.from}` : `until ${span.until}`;
      this.issue(
        "warning",
        "CIN_ELEMENT_YEAR",
        `<${name}> belongs to the CIN census ${when}, but this file is for ${year}: it was read anyway (reported once per file)`,
        line,
        path,
        "",
      );
    }
  }

  // --- header -----------------------------------------------------------------

  private header(node: Node): void {
    const details = kid(node, "CollectionDetails");
    const year = details?.leaf.get("Year");
    if (year) {
      if (/^\d{4}$/.test(year.text)) this.collectionYear = Number(year.text);
      else
        this.at("warning", "CIN_HEADER", year, "the collection year is not a 4-digit year: it was ignored");
    }
    const reference = details?.leaf.get("ReferenceDate");
    const referenceDate = reference ? this.date(reference, "warning") : undefined;
    if (
      reference &&
      referenceDate &&
      this.collectionYear &&
      !referenceDate.startsWith(String(this.collectionYear))
    ) {
      const year = this.collectionYear;
      // DfE's collection goes by ReferenceDate, and so does everything year-specific here.
      this.collectionYear = Number(referenceDate.slice(0, 4));
      this.at(
        "warning",
        "CIN_HEADER",
        reference,
        `the header says Year ${year} but ReferenceDate ${referenceDate}: DfE's collection goes by ReferenceDate, and so do the year-specific checks (${this.collectionYear})`,
      );
    }
    const leas = node.kids
      .filter((k) => k.name === "Source")
      .map((k) => k.leaf.get("LEA"))
      .filter((v): v is Val => v !== undefined);
    for (const lea of leas) {
      if (!/^\d{3}$/.test(lea.text)) {
        this.at("warning", "CIN_HEADER", lea, "the LEA is not a 3-digit LA code: it was ignored");
      } else if (this.fileLa === undefined) {
        this.fileLa = lea.text;
      } else if (lea.text !== this.fileLa) {
        this.at(
          "warning",
          "CIN_HEADER",
          lea,
          `a second Source names LA ${lea.text}; ${this.fileLa} was used`,
        );
      }
    }
    const given = this.options.laCode;
    if (given !== undefined && this.fileLa !== undefined && given !== this.fileLa) {
      const lea = leas[0]!;
      this.at(
        "warning",
        "CIN_LA_OVERRIDE",
        lea,
        `the file says LA ${this.fileLa}; LA ${given} was used as asked`,
      );
    }
    this.la = given ?? this.fileLa;
  }

  // --- one child ----------------------------------------------------------------

  private child(node: Node): void {
    const ids = kid(node, "ChildIdentifiers");
    const chars = kid(node, "ChildCharacteristics");
    const idVal = ids?.leaf.get("LAchildID");
    if (!idVal || idVal.text === "") {
      this.issue(
        "error",
        "CIN_CHILD_ID",
        `child ${this.childIndex} has no LAchildID: none of its records were imported`,
        idVal?.line ?? node.line,
        idVal?.path ?? `${node.path}/ChildIdentifiers/LAchildID`,
        "",
      );
      return;
    }
    const id = own(idVal.text);
    const previous = this.seenChildren.get(id);
    let referralNumber = previous ?? 0;
    this.children += previous === undefined ? 1 : 0;
    if (this.la === undefined) this.rowsBeforeLa = true;

    if (previous !== undefined) {
      this.at(
        "warning",
        "CIN_DUPLICATE_CHILD",
        idVal,
        `child ${id} appears again: its referrals were added to the first entry and its identifiers and characteristics ignored`,
      );
    } else {
      this.person(id, node, ids!, chars);
    }
    for (const details of node.kids) {
      if (details.name !== "CINdetails") continue;
      referralNumber++;
      this.referral(id, `${id}-R${referralNumber}`, details);
    }
    if (referralNumber === (previous ?? 0)) {
      this.issue("warning", "CIN_MISSING", `child ${id} has no CINdetails`, node.line, node.path, "");
    }
    this.seenChildren.set(id, referralNumber);
  }

  private person(id: string, child: Node, ids: Node, chars: Node | undefined): void {
    const dob = this.optionalDate(ids, "PersonBirthDate");
    const expected = this.optionalDate(ids, "ExpectedPersonBirthDate");
    const death = this.optionalDate(ids, "PersonDeathDate");
    const sex = this.sex(id, ids);
    if (!chars) {
      this.issue(
        "warning",
        "CIN_MISSING",
        `child ${id} has no ChildCharacteristics`,
        child.line,
        `${child.path}/ChildCharacteristics`,
        "",
      );
    }
    const ethnicityVal = chars?.leaf.get("Ethnicity");
    if (chars && !ethnicityVal) {
      this.issue(
        "warning",
        "CIN_MISSING",
        `child ${id} has no Ethnicity`,
        chars.line,
        `${chars.path}/Ethnicity`,
        "",
      );
    }
    const disabilities = kid(chars, "Disabilities")?.multi.get("Disability") ?? [];
    const codes = disabilities.map((v) => this.code(v));
    const none = codes.indexOf("NONE");
    if (none >= 0 && codes.length > 1) {
      this.at(
        "warning",
        "CIN_DISABILITY_NONE",
        disabilities[none]!,
        `child ${id} has NONE alongside other disabilities`,
      );
    }
    if (dob === false || expected === false || death === false) {
      this.issue(
        "error",
        "CIN_RECORD_REJECTED",
        `child ${id}'s identifiers hold an invalid date: the person record was not imported (its referrals were)`,
        ids.line,
        ids.path,
        "",
      );
      return;
    }
    this.push("ssd_person", child.line, {
      la_code: this.la,
      pers_person_id: id,
      pers_sex: sex,
      pers_ethnicity: ethnicityVal ? this.code(ethnicityVal) : null,
      pers_dob: dob,
      pers_upn_unknown: this.optionalCode(ids, "UPNunknown"),
      pers_upn: ids.leaf.get("UPN")?.text.trim().toUpperCase() || null,
      pers_expected_dob: expected,
      pers_death_date: death,
      pers_disability: codes.length > 0 ? codes.join(",") : null,
    });
  }

  private sex(id: string, ids: Node): string | null {
    const sex = ids.leaf.get("Sex");
    const gender = ids.leaf.get("GenderCurrent");
    const v = sex ?? gender;
    if (!v) {
      this.issue(
        "warning",
        "CIN_MISSING",
        `child ${id} has no Sex (GenderCurrent before 2025)`,
        ids.line,
        ids.path,
        "",
      );
      return null;
    }
    if (sex && gender) {
      this.at(
        "warning",
        "CIN_REPEATED_ELEMENT",
        gender,
        `child ${id} has both Sex and GenderCurrent: Sex was used`,
      );
    }
    const upper = v.text.toUpperCase();
    if (upper === "M" || upper === "F" || upper === "U") {
      if (v === gender)
        this.at("warning", "CIN_SEX_CODE", v, `GenderCurrent holds ${v.text}; read as Sex ${upper}`);
      return upper;
    }
    const mapped = GENDER_TO_SEX[v.text];
    if (mapped) {
      if (v === sex)
        this.at("warning", "CIN_SEX_CODE", v, `Sex holds the pre-2025 code ${v.text}; read as ${mapped}`);
      return mapped;
    }
    this.at("warning", "CIN_CODE", v, `${v.text || "(empty)"} is not a sex code (M, F, U; or 1, 2, 0, 9)`);
    return own(v.text);
  }

  private referral(personId: string, refId: string, d: Node): void {
    const start = this.requiredDate(d, "CINreferralDate");
    const close = this.optionalDate(d, "CINclosureDate");
    const assessments = d.kids.filter((k) => k.name === "Assessments");
    const s47s = d.kids.filter((k) => k.name === "Section47");
    const plans = d.kids.filter((k) => k.name === "ChildProtectionPlans");
    if (start === false || close === false) {
      const nested = [
        [assessments.length, "assessment"],
        [s47s.length, "S47 enquiry"],
        [plans.length, "CP plan"],
      ]
        .filter(([n]) => (n as number) > 0)
        .map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`);
      this.issue(
        "error",
        "CIN_RECORD_REJECTED",
        `referral ${refId} of child ${personId} was not imported (${start === false ? "no valid referral date" : "invalid closure date"})${nested.length ? `, nor its ${nested.join(", ")}` : ""}`,
        d.line,
        d.path,
        "",
      );
      return;
    }
    const nfa = this.bool(d, "ReferralNFA", true);
    if (!d.leaf.has("ReferralSource")) this.missing(d, "ReferralSource");
    this.push("ssd_cin_episodes", d.line, {
      la_code: this.la,
      cine_referral_id: refId,
      cine_person_id: personId,
      cine_referral_date: start,
      cine_cin_primary_need_code: this.optionalCode(d, "PrimaryNeedCode"),
      cine_referral_source_code: this.optionalCode(d, "ReferralSource"),
      cine_referral_nfa: nfa,
      cine_close_reason: this.optionalCode(d, "ReasonForClosure"),
      cine_close_date: close,
    });

    let k = 0;
    for (const a of assessments) this.assessment(personId, refId, `${refId}-A${++k}`, a);
    for (const p of d.kids) if (p.name === "CINPlanDates") this.cinPlan(p);

    const icpcs: Row[] = [];
    const s47IcpcDates = new Set<string>();
    k = 0;
    for (const s of s47s) {
      const icpcText = s.leaf.get("DateOfInitialCPC")?.text;
      if (icpcText) s47IcpcDates.add(icpcText);
      const icpc = this.s47(personId, refId, `${refId}-S${++k}`, s);
      if (icpc) icpcs.push(icpc);
    }
    const referralIcpc = d.leaf.get("DateOfInitialCPC");
    if (referralIcpc && !s47IcpcDates.has(referralIcpc.text)) {
      const date = this.date(referralIcpc, "error");
      if (date === undefined) {
        this.at(
          "error",
          "CIN_RECORD_REJECTED",
          referralIcpc,
          `the ICPC of referral ${refId} was not imported`,
        );
      } else {
        icpcs.push(this.icpcRow(referralIcpc.line, `${refId}-ICPC`, personId, refId, null, date, null));
      }
    }

    const planRows: Row[] = [];
    k = 0;
    for (const p of plans) {
      const row = this.plan(personId, refId, `${refId}-P${++k}`, p);
      if (row) planRows.push(row);
    }
    linkPlansToConferences(planRows, icpcs);
    this.rows.ssd_initial_cp_conference.push(...icpcs);
    this.rows.ssd_cp_plans.push(...planRows);
  }

  private assessment(personId: string, refId: string, id: string, a: Node): void {
    const start = this.requiredDate(a, "AssessmentActualStartDate");
    const auth = this.optionalDate(a, "AssessmentAuthorisationDate");
    const review = a.leaf.get("AssessmentInternalReviewDate");
    if (review) this.date(review, "warning");
    const factors: string[] = [];
    for (const f of kid(a, "FactorsIdentifiedAtAssessment")?.multi.get("AssessmentFactors") ?? []) {
      const code = this.code(f).trim();
      if (code !== "" && !factors.includes(code)) factors.push(code);
    }
    if (start === false || auth === false) {
      this.reject(a, `assessment ${id}`);
      return;
    }
    this.push("ssd_cin_assessments", a.line, {
      la_code: this.la,
      cina_assessment_id: id,
      cina_person_id: personId,
      cina_referral_id: refId,
      cina_assessment_start_date: start,
      cina_assessment_auth_date: auth,
      cina_assessment_factors: factors.length > 0 ? factors.join(",") : null,
    });
  }

  /** CIN plan dates have no canonical table; they are checked so the report shows their problems. */
  private cinPlan(p: Node): void {
    const start = p.leaf.get("CINPlanStartDate");
    if (start) this.date(start, "warning");
    else this.missing(p, "CINPlanStartDate");
    const end = p.leaf.get("CINPlanEndDate");
    if (end) this.date(end, "warning");
  }

  /** Adds the S47 row and returns its ICPC row, if it records one. */
  private s47(personId: string, refId: string, id: string, s: Node): Row | undefined {
    const start = this.requiredDate(s, "S47ActualStartDate");
    const target = this.optionalDate(s, "InitialCPCtarget");
    const icpc = this.optionalDate(s, "DateOfInitialCPC");
    if (start === false || target === false || icpc === false) {
      this.reject(s, `S47 enquiry ${id}${s.leaf.has("DateOfInitialCPC") ? " and its ICPC" : ""}`);
      return undefined;
    }
    this.push("ssd_s47_enquiry", s.line, {
      la_code: this.la,
      s47e_s47_enquiry_id: id,
      s47e_referral_id: refId,
      s47e_person_id: personId,
      s47e_s47_start_date: start,
      s47e_s47_nfa: this.bool(s, "ICPCnotRequired", true),
    });
    return icpc ? this.icpcRow(s.line, `${id}-ICPC`, personId, refId, id, icpc, target) : undefined;
  }

  private icpcRow(
    line: number,
    id: string,
    personId: string,
    refId: string,
    s47Id: string | null,
    date: string,
    target: string | null,
  ): Row {
    return this.located(line, {
      la_code: this.la,
      icpc_icpc_id: id,
      icpc_s47_enquiry_id: s47Id,
      icpc_person_id: personId,
      icpc_cp_plan_id: null,
      icpc_referral_id: refId,
      icpc_icpc_target_date: target,
      icpc_icpc_date: date,
      icpc_icpc_outcome_cp_flag: "N",
    });
  }

  /** Adds the plan's reviews and returns the plan row (pushed once linked to its ICPC). */
  private plan(personId: string, refId: string, id: string, p: Node): Row | undefined {
    const start = this.requiredDate(p, "CPPstartDate");
    const end = this.optionalDate(p, "CPPendDate");
    const reviews = kid(p, "Reviews")?.multi.get("CPPreviewDate") ?? [];
    if (start === false || end === false) {
      this.reject(p, `CP plan ${id}${reviews.length ? ` and its ${reviews.length} review(s)` : ""}`);
      return undefined;
    }
    for (const name of ["InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"]) {
      if (!p.leaf.has(name)) this.missing(p, name);
    }
    const previousVal = p.leaf.get("NumberOfPreviousCPP");
    let previous: number | null = null;
    if (previousVal) {
      if (/^\d{1,4}$/.test(previousVal.text)) previous = Number(previousVal.text);
      else
        this.at(
          "warning",
          "CIN_NUMBER",
          previousVal,
          "NumberOfPreviousCPP is not a whole number: left empty",
        );
    }
    let j = 0;
    for (const r of reviews) {
      j++;
      const date = this.date(r, "error");
      if (date === undefined) {
        this.at("error", "CIN_RECORD_REJECTED", r, `review ${id}-V${j} was not imported`);
        continue;
      }
      this.push("ssd_cp_reviews", r.line, {
        la_code: this.la,
        cppr_cp_review_id: `${id}-V${j}`,
        cppr_person_id: personId,
        cppr_cp_plan_id: id,
        cppr_cp_review_date: date,
      });
    }
    return this.located(p.line, {
      la_code: this.la,
      cppl_cp_plan_id: id,
      cppl_referral_id: refId,
      cppl_icpc_id: null,
      cppl_person_id: personId,
      cppl_cp_plan_start_date: start,
      cppl_cp_plan_end_date: end,
      cppl_cp_plan_initial_category: this.optionalCode(p, "InitialCategoryOfAbuse"),
      cppl_cp_plan_latest_category: this.optionalCode(p, "LatestCategoryOfAbuse"),
      cppl_cp_plan_ola: "N",
      cppl_number_of_previous_cpp: previous,
    });
  }

  // --- values -------------------------------------------------------------------

  /** Adds a row located at the element on `line` it was read from. */
  private push(table: CinTable, line: number, row: Row): void {
    this.rows[table].push(this.located(line, row));
  }

  private located(line: number, row: Row): Row {
    return withSource(row, { file: this.file, line });
  }

  private reject(node: Node, what: string): void {
    this.issue("error", "CIN_RECORD_REJECTED", `${what} was not imported`, node.line, node.path, "");
  }

  private missing(node: Node, name: string): void {
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
  private requiredDate(node: Node, name: string): string | false {
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
  private optionalDate(node: Node, name: string): string | null | false {
    const v = node.leaf.get(name);
    if (!v || v.text === "") return null;
    return this.date(v, "error") ?? false;
  }

  /** Parses an xs:date (an optional time zone or time is dropped; dd/mm/yyyy accepted with a warning). */
  private date(v: Val, severity: Severity): string | undefined {
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
  private code(v: Val): string {
    const name = v.path.slice(v.path.lastIndexOf("/") + 1).replace(/\[\d+\]$/, "");
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
    const first = CODE_FIRST_YEAR.get(`${name}:${upper}`);
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

  private optionalCode(node: Node, name: string): string | null {
    const v = node.leaf.get(name);
    return v && v.text !== "" ? this.code(v) : null;
  }

  /** 0/1/true/false as Y/N; anything else is reported and left empty. */
  private bool(node: Node, name: string, required: boolean): "Y" | "N" | null {
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

  private intern(s: string): string {
    const hit = this.codes.get(s);
    if (hit !== undefined) return hit;
    const copy = own(s);
    if (this.codes.size < 100_000) this.codes.set(copy, copy);
    return copy;
  }
}

/**
 * Marks, for each plan in start order, the latest not-yet-used ICPC of the
 * same referral held on or before the plan's start as the conference that
 * led to it.
 */
function linkPlansToConferences(plans: Row[], icpcs: Row[]): void {
  const sorted = [...plans].sort((a, b) =>
    String(a.cppl_cp_plan_start_date).localeCompare(String(b.cppl_cp_plan_start_date)),
  );
  for (const plan of sorted) {
    const start = plan.cppl_cp_plan_start_date as string;
    let best: Row | undefined;
    for (const c of icpcs) {
      const date = c.icpc_icpc_date as string;
      if (c.icpc_cp_plan_id !== null || date > start) continue;
      if (!best || date > (best.icpc_icpc_date as string)) best = c;
    }
    if (best) {
      best.icpc_cp_plan_id = plan.cppl_cp_plan_id;
      best.icpc_icpc_outcome_cp_flag = "Y";
      plan.cppl_icpc_id = best.icpc_icpc_id;
    }
  }
}

function emptyRows(): Record<CinTable, Row[]> {
  return Object.fromEntries(CIN_TABLES.map((t) => [t, []])) as unknown as Record<CinTable, Row[]>;
}

function frame(name: string, line: number, path: string, node: Node | undefined, isLeaf: boolean): Frame {
  return { name, line, path, node, isLeaf, text: "", counts: new Map(), warnedText: false };
}

function kid(node: Node | undefined, name: string): Node | undefined {
  return node?.kids.find((k) => k.name === name);
}

function localName(qname: string): string {
  const colon = qname.indexOf(":");
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/**
 * A flat copy of a string: a value sliced out of a 1 MB decoded chunk would
 * otherwise keep the whole chunk alive for as long as the row holds it.
 */
function own(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** The text encoding: a byte-order mark, UTF-16 without one, or the XML declaration's; UTF-8 otherwise. */
function detectEncoding(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  if (head[0] === 0x3c && head[1] === 0x00) return "utf-16le";
  if (head[0] === 0x00 && head[1] === 0x3c) return "utf-16be";
  const decl = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    head.subarray(0, 200).toString("latin1"),
  );
  const declared = decl?.[1]?.toLowerCase();
  if (declared && /^(windows-1252|cp1252|iso-8859-1|latin-?1|us-ascii)$/.test(declared))
    return "windows-1252";
  return "utf-8";
}
