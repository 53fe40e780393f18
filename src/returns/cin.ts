/**
 * The DfE Children in Need census: one XML file per collection year
 * (1 April to 31 March, named by its end year), laid out as that year's
 * XSD says (`GenderCurrent` 1/2/0 until 2024, `Sex` M/F/U from 2025).
 *
 * Why one ordered query per year: a large council's census runs to hundreds
 * of MB, so neither the rows nor the file are ever held whole. DuckDB sorts
 * every record of the year (children, referrals, assessments, S47s, plans,
 * reviews) into one stream in document order, and the stream is turned into
 * XML one row at a time and written in chunks that respect backpressure.
 *
 * What a year holds (the DfE guidance): every child with a CIN episode open
 * at any time in the year, and within each episode the records of the year:
 * assessments open in it or authorised in it, S47 enquiries started in it
 * or whose conference falls in it (one carried over from an earlier year
 * with no conference in this one is not listed: DfE rule 8740), conferences
 * held in it (a conference that followed an S47 is dated on the S47 only,
 * the episode's own DateOfInitialCPC being for one with no S47: rule
 * 2884), plans open at any time in it (not those held by another council,
 * which that council returns). UPNs (`pers_upn`) and assessment factors
 * (`cina_assessment_factors`) are written when the data holds them. An S47 whose conference was held before the
 * year is not listed again. Nothing dated after the year end is
 * written (a closure, an authorisation or a plan end after it is left off,
 * as it was not yet known). Reviews of a plan are written from the plan's
 * start, not only the year's, so a plan's review history survives a file
 * on its own. A record whose referral id names no referral is placed in the
 * child's latest referral starting on or before it; an episode closed
 * before the year is written when one of its records falls in the year.
 * Missing values are left out, never invented, so validation reports them;
 * the one exception is ICPCnotRequired, which the XSD requires and which is
 * empty in the data while an enquiry is under way: written 0 (not deemed
 * unnecessary, so far).
 */
import { once } from "node:events";
import { createWriteStream, rmSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { Database } from "../db/database.ts";
import { isYes } from "../indicators/sql.ts";
import type { ReturnScope, WrittenReturn } from "./types.ts";

/** The first collection year whose XSD has `Sex` (M/F/U) in place of `GenderCurrent` (1/2/0/9). */
export const FIRST_SEX_YEAR = 2025;

const FLUSH_CHARS = 1 << 16;

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Collection years (end years) whose 1 April – 31 March overlaps [from, to]. */
export function collectionYears(from: string, to: string): number[] {
  const first = Number(from.slice(0, 4)) + (from.slice(5) >= "04-01" ? 1 : 0);
  const last = Number(to.slice(0, 4)) + (to.slice(5) >= "04-01" ? 1 : 0);
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}

/** The canonical sex (M/F/U, or a pre-2025 code) as the year's XSD writes it; undefined when unknown. */
export function sexCode(value: string | null, year: number): string | undefined {
  if (value === null) return undefined;
  const v = value.trim().toUpperCase();
  const sex = v === "1" ? "M" : v === "2" ? "F" : v === "0" || v === "9" ? "U" : v;
  if (sex !== "M" && sex !== "F" && sex !== "U") return undefined;
  if (year >= FIRST_SEX_YEAR) return sex;
  return sex === "M" ? "1" : sex === "F" ? "2" : "0";
}

/** Text escaped for an XML element. */
export function escapeXml(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") : s;
}

const d = (column: string) => `strftime(${column}, '%Y-%m-%d')`;

/**
 * The year's records in document order: kind 0 child, 1 referral,
 * 2 assessment, 4 S47, 5 plan (reviews are kind 5 rows with `sub` set).
 * Columns v1… hold each kind's values as text.
 */
function yearSql(la: string, from: string, to: string): string {
  const L = lit(la);
  const YS = `DATE ${lit(from)}`;
  const YE = `DATE ${lit(to)}`;
  const upTo = (column: string) => `CASE WHEN ${column} <= ${YE} THEN ${d(column)} END`;
  return `
  SELECT pid, kind, sub IS NOT NULL AS is_review, v1, v2, v3, v4, v5, v6, v7, v8 FROM (
  WITH ref AS (
    SELECT cine_referral_id AS rid, cine_person_id AS pid, cine_referral_date AS rdate, cine_close_date AS cdate,
      cine_referral_source_code, cine_cin_primary_need_code, cine_close_reason, cine_referral_nfa
    FROM ssd_cin_episodes
    WHERE la_code = ${L} AND cine_referral_date IS NOT NULL AND cine_person_id IS NOT NULL
      AND cine_referral_date <= ${YE}),
  conf AS (
    SELECT * FROM ssd_initial_cp_conference
    WHERE la_code = ${L} AND icpc_person_id IS NOT NULL AND icpc_icpc_date BETWEEN ${YS} AND ${YE}),
  s47 AS (
    SELECT s.*, c.icpc_date, t.target
    FROM ssd_s47_enquiry s
    LEFT JOIN (SELECT icpc_s47_enquiry_id AS sid, min(icpc_icpc_date) AS icpc_date FROM conf GROUP BY ALL) c
      ON c.sid = s.s47e_s47_enquiry_id
    LEFT JOIN (SELECT icpc_s47_enquiry_id AS sid, min(icpc_icpc_target_date) AS target
               FROM ssd_initial_cp_conference WHERE la_code = ${L} AND icpc_s47_enquiry_id IS NOT NULL GROUP BY ALL) t
      ON t.sid = s.s47e_s47_enquiry_id
    WHERE s.la_code = ${L} AND s.s47e_person_id IS NOT NULL AND s.s47e_s47_start_date <= ${YE}
      AND (s.s47e_s47_start_date >= ${YS} OR c.icpc_date IS NOT NULL)),
  plans AS (
    SELECT * FROM ssd_cp_plans
    WHERE la_code = ${L} AND cppl_person_id IS NOT NULL AND cppl_cp_plan_start_date <= ${YE}
      AND NOT ${isYes("cppl_cp_plan_ola")}
      AND (cppl_cp_plan_end_date IS NULL OR cppl_cp_plan_end_date >= ${YS})),
  items AS (
    SELECT 2 AS kind, cina_person_id AS pid, cina_referral_id AS given, cina_assessment_start_date AS d,
      cina_assessment_id AS id, ${d("cina_assessment_start_date")} AS v1,
      ${upTo("cina_assessment_auth_date")} AS v2,
      CASE WHEN cina_assessment_auth_date <= ${YE} THEN cina_assessment_factors END AS v3, NULL AS v4, NULL AS v5
    FROM ssd_cin_assessments
    WHERE la_code = ${L} AND cina_person_id IS NOT NULL AND cina_assessment_start_date <= ${YE}
      AND (cina_assessment_auth_date IS NULL OR cina_assessment_auth_date >= ${YS})
    UNION ALL
    SELECT 4, s47e_person_id, s47e_referral_id, s47e_s47_start_date, s47e_s47_enquiry_id,
      ${d("s47e_s47_start_date")}, ${d("target")}, ${d("icpc_date")}, s47e_s47_nfa, NULL
    FROM s47
    UNION ALL
    SELECT 3, icpc_person_id, icpc_referral_id, icpc_icpc_date, icpc_icpc_id, ${d("icpc_icpc_date")},
      NULL, NULL, NULL, NULL
    FROM conf WHERE icpc_s47_enquiry_id IS NULL
      OR icpc_s47_enquiry_id NOT IN (SELECT s47e_s47_enquiry_id FROM s47 WHERE s47e_s47_enquiry_id IS NOT NULL)
    UNION ALL
    SELECT 5, cppl_person_id, cppl_referral_id, cppl_cp_plan_start_date, cppl_cp_plan_id,
      ${d("cppl_cp_plan_start_date")}, ${upTo("cppl_cp_plan_end_date")}, cppl_cp_plan_initial_category,
      cppl_cp_plan_latest_category, CAST(cppl_number_of_previous_cpp AS VARCHAR)
    FROM plans),
  placed AS (
    SELECT i.*, coalesce(exact.rid, near.rid) AS rid
    FROM items i
    LEFT JOIN ref exact ON exact.rid = i.given AND exact.pid = i.pid
    ASOF LEFT JOIN ref near ON near.pid = i.pid AND near.rdate <= i.d),
  refs AS (
    SELECT r.*, (SELECT max(p.d) FROM placed p WHERE p.kind = 3 AND p.rid = r.rid) AS transfer_icpc,
      (SELECT max(p.v3) FROM placed p WHERE p.kind = 4 AND p.rid = r.rid) AS s47_icpc
    FROM ref r
    WHERE r.cdate IS NULL OR r.cdate >= ${YS} OR r.rid IN (SELECT rid FROM placed WHERE rid IS NOT NULL)),
  people AS (
    SELECT k.pid, p.*
    FROM (SELECT DISTINCT pid FROM refs) k
    LEFT JOIN (SELECT * FROM ssd_person WHERE la_code = ${L}
               QUALIFY row_number() OVER (PARTITION BY pers_person_id ORDER BY pers_dob, pers_sex, pers_ethnicity) = 1) p
      ON p.pers_person_id = k.pid)
  SELECT pid, NULL AS rdate, NULL AS rid, 0 AS kind, NULL AS d, NULL AS id, NULL AS sub, NULL AS sub_id,
    pers_upn_unknown AS v1, ${d("pers_dob")} AS v2, ${d("pers_expected_dob")} AS v3, pers_sex AS v4,
    ${upTo("pers_death_date")} AS v5, pers_ethnicity AS v6, pers_disability AS v7, pers_upn AS v8
  FROM people
  UNION ALL
  SELECT pid, rdate, rid, 1, NULL, NULL, NULL, NULL,
    ${d("rdate")}, cine_referral_source_code, cine_cin_primary_need_code, ${upTo("cdate")},
    CASE WHEN cdate <= ${YE} THEN cine_close_reason END,
    ${d("transfer_icpc")}, cine_referral_nfa, ${d("transfer_icpc")}
  FROM refs
  UNION ALL
  SELECT p.pid, r.rdate, r.rid, p.kind, p.d, p.id, NULL, NULL, p.v1, p.v2, p.v3, p.v4, p.v5, NULL, NULL, NULL
  FROM placed p JOIN refs r ON r.rid = p.rid AND p.kind <> 3
  UNION ALL
  SELECT p.pid, r.rdate, r.rid, 5, p.d, p.id, v.cppr_cp_review_date, v.cppr_cp_review_id,
    ${d("v.cppr_cp_review_date")}, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM placed p JOIN refs r ON r.rid = p.rid AND p.kind = 5
  JOIN ssd_cp_reviews v ON v.la_code = ${L} AND v.cppr_cp_plan_id = p.id
    AND v.cppr_cp_review_date IS NOT NULL AND v.cppr_cp_review_date <= ${YE}
  ) u
  ORDER BY pid, rdate NULLS FIRST, rid NULLS FIRST, kind, d NULLS FIRST, id NULLS FIRST,
    sub NULLS FIRST, sub_id NULLS FIRST`;
}

/** A chunked writer over a file stream that waits when the stream's buffer is full. */
class ChunkedFile {
  private buf = "";
  private readonly out: WriteStream;
  private failure: Error | undefined;

  constructor(path: string) {
    this.out = createWriteStream(path, { encoding: "utf8" });
    this.out.on("error", (e) => {
      this.failure = e;
    });
  }

  add(s: string): void {
    this.buf += s;
  }

  /** Hands the buffer to the stream once it is big enough (always when `force`), waiting out backpressure. */
  async flush(force = false): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buf.length < FLUSH_CHARS && !force) return;
    const chunk = this.buf;
    this.buf = "";
    if (!this.out.write(chunk)) await this.drained();
    if (this.failure) throw this.failure;
  }

  /** Resolves when the stream drains or fails, leaving no listener behind. */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.out.off("drain", done);
        this.out.off("error", done);
        resolve();
      };
      this.out.on("drain", done);
      this.out.on("error", done);
    });
  }

  async close(): Promise<void> {
    await this.flush(true);
    this.out.end();
    await once(this.out, "finish");
    if (this.failure) throw this.failure;
  }
}

type Cell = string | null;

/** One row of the year's stream: pid, kind, is_review, then v1…v8 (see yearSql). */
type StreamRow = [Cell, number, boolean, ...Cell[]];

/** The record types a census holds, as counted in `WrittenReturn.counts`. */
const COUNTED = [
  "Child",
  "CINdetails",
  "Assessments",
  "Section47",
  "DateOfInitialCPC",
  "ChildProtectionPlans",
  "CPPreviewDate",
] as const;

/** Turns the ordered rows of one year into the census XML. */
class CensusXml {
  private inChild = false;
  private inReferral = false;
  private nfa: Cell = null;
  private nfaWritten = false;
  private inPlan = false;
  private inReviews = false;
  readonly counts: Record<string, number> = Object.fromEntries(COUNTED.map((k) => [k, 0]));

  constructor(
    private readonly out: ChunkedFile,
    private readonly year: number,
  ) {}

  private leaf(indent: string, name: string, value: Cell | undefined): void {
    if (value === null || value === undefined || value === "") return;
    this.out.add(`${indent}<${name}>${escapeXml(value)}</${name}>\n`);
  }

  header(la: string): void {
    this.out.add(
      `<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CIN</Collection>
      <Year>${this.year}</Year>
      <ReferenceDate>${this.year}-03-31</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>${escapeXml(la)}</LEA>
      <SoftwareCode>csc-scorecard</SoftwareCode>
      <Release>1</Release>
      <SerialNo>001</SerialNo>
    </Source>
  </Header>
  <Children>
`,
    );
  }

  row(r: StreamRow): void {
    const kind = r[1];
    if (kind === 0) this.child(r);
    else if (kind === 1) this.referral(r);
    else if (kind === 2) this.assessment(r);
    else if (kind === 4) this.s47(r);
    else if (!r[2]) this.plan(r);
    else this.review(r);
  }

  private child(r: StreamRow): void {
    this.closeChild();
    this.inChild = true;
    this.counts.Child!++;
    const i = "        ";
    this.out.add("    <Child>\n      <ChildIdentifiers>\n");
    this.leaf(i, "LAchildID", r[0]);
    this.leaf(i, "UPN", r[10]);
    this.leaf(i, "UPNunknown", r[10] ? null : r[3]);
    this.leaf(i, "PersonBirthDate", r[4]);
    this.leaf(i, "ExpectedPersonBirthDate", r[5]);
    this.leaf(i, this.year >= FIRST_SEX_YEAR ? "Sex" : "GenderCurrent", sexCode(r[6] ?? null, this.year));
    this.leaf(i, "PersonDeathDate", r[7]);
    this.out.add("      </ChildIdentifiers>\n      <ChildCharacteristics>\n");
    this.leaf(i, "Ethnicity", r[8]);
    const disabilities = list(r[9] ?? null);
    if (disabilities.length > 0) {
      this.out.add(`${i}<Disabilities>\n`);
      for (const x of disabilities) this.leaf(`${i}  `, "Disability", x);
      this.out.add(`${i}</Disabilities>\n`);
    }
    this.out.add("      </ChildCharacteristics>\n");
  }

  private referral(r: StreamRow): void {
    this.closeReferral();
    this.inReferral = true;
    this.counts.CINdetails!++;
    const i = "        ";
    this.out.add("      <CINdetails>\n");
    this.leaf(i, "CINreferralDate", r[3]);
    this.leaf(i, "ReferralSource", r[4]);
    this.leaf(i, "PrimaryNeedCode", r[5]);
    this.leaf(i, "CINclosureDate", r[6]);
    this.leaf(i, "ReasonForClosure", r[7]);
    this.leaf(i, "DateOfInitialCPC", r[8]);
    if (r[10]) this.counts.DateOfInitialCPC!++;
    this.nfa = r[9] ?? null;
    this.nfaWritten = false;
  }

  private assessment(r: StreamRow): void {
    this.counts.Assessments!++;
    const i = "          ";
    this.out.add("        <Assessments>\n");
    this.leaf(i, "AssessmentActualStartDate", r[3]);
    this.leaf(i, "AssessmentAuthorisationDate", r[4]);
    const factors = list(r[5] ?? null);
    if (factors.length > 0) {
      this.out.add(`${i}<FactorsIdentifiedAtAssessment>\n`);
      for (const f of factors) this.leaf(`${i}  `, "AssessmentFactors", f);
      this.out.add(`${i}</FactorsIdentifiedAtAssessment>\n`);
    }
    this.out.add("        </Assessments>\n");
  }

  private s47(r: StreamRow): void {
    this.counts.Section47!++;
    const i = "          ";
    this.out.add("        <Section47>\n");
    this.leaf(i, "S47ActualStartDate", r[3]);
    this.leaf(i, "InitialCPCtarget", r[4]);
    this.leaf(i, "DateOfInitialCPC", r[5]);
    if (r[5]) this.counts.DateOfInitialCPC!++;
    this.leaf(i, "ICPCnotRequired", yesNo(r[6] ?? null) ?? "0");
    this.out.add("        </Section47>\n");
  }

  private plan(r: StreamRow): void {
    this.writeNfa();
    this.closePlan();
    this.inPlan = true;
    this.counts.ChildProtectionPlans!++;
    const i = "          ";
    this.out.add("        <ChildProtectionPlans>\n");
    this.leaf(i, "CPPstartDate", r[3]);
    this.leaf(i, "CPPendDate", r[4]);
    this.leaf(i, "InitialCategoryOfAbuse", r[5]);
    this.leaf(i, "LatestCategoryOfAbuse", r[6]);
    this.leaf(i, "NumberOfPreviousCPP", r[7]);
  }

  private review(r: StreamRow): void {
    if (!this.inReviews) {
      this.out.add("          <Reviews>\n");
      this.inReviews = true;
    }
    this.counts.CPPreviewDate!++;
    this.leaf("            ", "CPPreviewDate", r[3]);
  }

  private writeNfa(): void {
    if (this.nfaWritten) return;
    this.nfaWritten = true;
    this.leaf("        ", "ReferralNFA", yesNo(this.nfa));
  }

  private closePlan(): void {
    if (this.inReviews) this.out.add("          </Reviews>\n");
    if (this.inPlan) this.out.add("        </ChildProtectionPlans>\n");
    this.inReviews = false;
    this.inPlan = false;
  }

  private closeReferral(): void {
    if (!this.inReferral) return;
    this.writeNfa();
    this.closePlan();
    this.out.add("      </CINdetails>\n");
    this.inReferral = false;
  }

  private closeChild(): void {
    this.closeReferral();
    if (this.inChild) this.out.add("    </Child>\n");
    this.inChild = false;
  }

  footer(): void {
    this.closeChild();
    this.out.add("  </Children>\n</Message>\n");
  }
}

/** A comma-separated list of codes (disabilities, assessment factors), blanks dropped. */
function list(v: Cell): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Y/N (or the census's own 1/0/true/false) as the XSD's 1/0; undefined when unknown. */
function yesNo(v: Cell): string | undefined {
  const t = v?.trim().toUpperCase();
  if (t === "Y" || t === "1" || t === "TRUE") return "1";
  if (t === "N" || t === "0" || t === "FALSE") return "0";
  return undefined;
}

/** Writes one collection year's census to `path`; returns what it wrote, by record type. */
async function writeYear(
  db: Database,
  path: string,
  la: string,
  year: number,
  from: string,
  to: string,
): Promise<Record<string, number>> {
  const out = new ChunkedFile(path);
  const xml = new CensusXml(out, year);
  xml.header(la);
  try {
    const result = await db.connection.stream(yearSql(la, from, to));
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const columns = chunk.getColumns() as unknown[][];
      const n = chunk.rowCount;
      const row = new Array(columns.length) as StreamRow;
      for (let k = 0; k < n; k++) {
        for (let c = 0; c < columns.length; c++) row[c] = columns[c]![k] as Cell;
        xml.row(row);
      }
      await out.flush();
    }
    xml.footer();
  } finally {
    await out.close();
  }
  return xml.counts;
}

/**
 * Writes `<outDir>/cin_census_<laCode>_<yyyy>.xml` for every collection year
 * overlapping the scope (see the module comment for what each year holds).
 * Each year is written from its 1 April, even when the scope starts later
 * in it: a census covers its whole year (the importer takes it so), and
 * one cut at the scope's start would under-count that year. A year cut
 * short by the scope's end holds its records up to `scope.to`. A
 * year with no child in need is not written: the XSD requires at least one
 * `<Child>`, and the importer rejects a census without one.
 */
export async function writeCinCensus(
  db: Database,
  outDir: string,
  scope: ReturnScope,
): Promise<WrittenReturn> {
  const files: string[] = [];
  const counts: Record<string, number> = Object.fromEntries(COUNTED.map((k) => [k, 0]));
  for (const year of collectionYears(scope.from, scope.to)) {
    const start = `${year - 1}-04-01`;
    const end = `${year}-03-31`;
    const to = scope.to < end ? scope.to : end;
    const path = join(outDir, `cin_census_${scope.laCode}_${year}.xml`);
    const written = await writeYear(db, path, scope.laCode, year, start, to);
    if (written.Child === 0) {
      rmSync(path, { force: true });
      continue;
    }
    for (const [k, n] of Object.entries(written)) counts[k] = (counts[k] ?? 0) + n;
    files.push(path);
  }
  return { files, counts };
}
