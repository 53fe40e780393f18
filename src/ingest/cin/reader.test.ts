import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { sharedFixture } from "../../testing/fixtures.ts";
import { tempFiles } from "../../testing/tempFiles.ts";
import type { Issue } from "../issues.ts";
import { CIN_TABLES, type CinReadResult, readCinCensus } from "./reader.ts";

const FATAL_RULES = [
  "CIN_XML",
  "CIN_NOT_CIN",
  "CIN_EMPTY",
  "CIN_READ",
  "CIN_NO_CHILDREN",
  "CIN_NO_LA",
  "CIN_INTERNAL",
];

function fixture(name: string): string {
  return sharedFixture("cin-census", name);
}

const tmp = tempFiles("cin-reader-", "xml");

const write = tmp.write;

/** A message: line 1 the XML declaration, lines 2–3 the header, line 4 <Children>, each child from line 5. */
function message(children: string[], opts: { year?: number; lea?: string } = {}): string {
  const lea = opts.lea === undefined ? "201" : opts.lea;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>${opts.year ?? 2026}</Year></CollectionDetails>`,
    `<Source>${lea ? `<LEA>${lea}</LEA>` : ""}</Source></Header>`,
    "<Children>",
    ...children,
    "</Children>",
    "</Message>",
  ].join("\n");
}

/** One child on one line per part: identifiers, characteristics, then each CINdetails. */
function child(
  id: string,
  details: string[],
  ids = "<Sex>M</Sex>",
  chars = "<Ethnicity>WBRI</Ethnicity>",
): string {
  return [
    "<Child>",
    `<ChildIdentifiers><LAchildID>${id}</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate>${ids}</ChildIdentifiers>`,
    `<ChildCharacteristics>${chars}</ChildCharacteristics>`,
    ...details,
    "</Child>",
  ].join("\n");
}

const referral = (inner = "", date = "2025-05-01") =>
  `<CINdetails><CINreferralDate>${date}</CINreferralDate><ReferralSource>6</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>${inner}<ReferralNFA>0</ReferralNFA></CINdetails>`;

function counts(r: CinReadResult): Record<string, number> {
  return Object.fromEntries(CIN_TABLES.map((t) => [t, r.rows[t].length]));
}

function rules(issues: Issue[]): string[] {
  return issues.map((i) => i.rule);
}

function assertFatal(r: CinReadResult, rule: string): Issue {
  const errors = r.issues.filter((i) => i.severity === "error");
  assert.equal(errors.length, 1, JSON.stringify(r.issues));
  assert.equal(errors[0]!.rule, rule);
  for (const t of CIN_TABLES) assert.equal(r.rows[t].length, 0, `${t} must be empty after a fatal error`);
  assert.equal(r.summary.children, 0);
  return errors[0]!;
}

describe("CIN census reader: shared fixtures", () => {
  it("reads fake_CIN_data.xml (2022, GenderCurrent, referral-level ICPCs)", async () => {
    const r = await readCinCensus(fixture("fake_CIN_data.xml"));
    // grep -c '<Child>' → 332; grep -c '<CINdetails>' → 402; grep -c '<Assessments>' / '<Section47>' /
    // '<ChildProtectionPlans>' → 0; grep -c '<DateOfInitialCPC>' → 350 (all at CINdetails level, so 350 unlinked ICPCs)
    assert.deepEqual(r.summary, {
      children: 332,
      referrals: 402,
      assessments: 0,
      s47: 0,
      cpPlans: 0,
      collectionYear: 2022,
      laCode: "975",
    });
    assert.equal(r.rows.ssd_person.length, 332);
    assert.equal(r.rows.ssd_initial_cp_conference.length, 350);
    assert.ok(r.rows.ssd_initial_cp_conference.every((c) => c.icpc_s47_enquiry_id === null));
    // grep -c '<GenderCurrent>1</GenderCurrent>' → 82; '…>2<…' → 74; '…>9<…' or '…>0<…' → 176
    const bySex = (s: string) => r.rows.ssd_person.filter((p) => p.pers_sex === s).length;
    assert.deepEqual([bySex("M"), bySex("F"), bySex("U")], [82, 74, 176]);
    // grep -o '<ReferralNFA>[^<]*<' | sort | uniq -c → 402 × true
    assert.ok(r.rows.ssd_cin_episodes.every((e) => e.cine_referral_nfa === "Y"));
    // grep -c '<PersonDeathDate>' → 21
    assert.equal(r.rows.ssd_person.filter((p) => p.pers_death_date !== null).length, 21);
    // grep -n -A3 RND000824303014: two CINdetails, GenderCurrent 9
    const episodes = r.rows.ssd_cin_episodes.filter((e) => e.cine_person_id === "RND000824303014");
    assert.deepEqual(
      episodes.map((e) => [
        e.cine_referral_id,
        e.cine_referral_date,
        e.cine_close_date,
        e.cine_referral_source_code,
      ]),
      [
        ["RND000824303014-R1", "2013-10-25", "2014-01-01", "6"],
        ["RND000824303014-R2", "2017-10-22", null, "3A"],
      ],
    );
    assert.equal(r.rows.ssd_person.find((p) => p.pers_person_id === "RND000824303014")?.pers_sex, "U");
    assert.deepEqual(
      r.issues.filter((i) => i.severity === "error"),
      [],
    );
  });

  it("reads minimal_cin_2026.xml into exactly these rows, each located at its element", async () => {
    const file = sharedFixture("cin-census", "minimal_cin_2026.xml");
    const r = await readCinCensus(file);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.summary, {
      children: 1,
      referrals: 1,
      assessments: 1,
      s47: 1,
      cpPlans: 1,
      collectionYear: 2026,
      laCode: "201",
    });
    const la = { la_code: "201" };
    // grep -nE '<(Child|CINdetails|Assessments|Section47|ChildProtectionPlans|CPPreviewDate)>' minimal_cin_2026.xml:
    // Child 8, CINdetails 19, Assessments 23, Section47 28, ChildProtectionPlans 35, CPPreviewDate 40
    const source = (line: number) => ({ _file: file, _line: line });
    assert.deepEqual(r.rows.ssd_person, [
      {
        ...la,
        pers_person_id: "C0001",
        pers_sex: "F",
        pers_ethnicity: "WBRI",
        pers_dob: "2022-05-01",
        pers_upn_unknown: "UN1",
        pers_upn: null,
        pers_expected_dob: null,
        pers_death_date: null,
        pers_disability: "NONE",
        ...source(8),
      },
    ]);
    assert.deepEqual(r.rows.ssd_cin_episodes, [
      {
        ...la,
        cine_referral_id: "C0001-R1",
        cine_person_id: "C0001",
        cine_referral_date: "2025-06-02",
        cine_cin_primary_need_code: "N1",
        cine_referral_source_code: "6",
        cine_referral_nfa: "N",
        cine_close_reason: null,
        cine_close_date: null,
        ...source(19),
      },
    ]);
    assert.deepEqual(r.rows.ssd_cin_assessments, [
      {
        ...la,
        cina_assessment_id: "C0001-R1-A1",
        cina_person_id: "C0001",
        cina_referral_id: "C0001-R1",
        cina_assessment_start_date: "2025-06-03",
        cina_assessment_auth_date: "2025-07-10",
        cina_assessment_factors: "3B",
        ...source(23),
      },
    ]);
    assert.deepEqual(r.rows.ssd_s47_enquiry, [
      {
        ...la,
        s47e_s47_enquiry_id: "C0001-R1-S1",
        s47e_referral_id: "C0001-R1",
        s47e_person_id: "C0001",
        s47e_s47_start_date: "2025-06-04",
        s47e_s47_nfa: "N",
        ...source(28),
      },
    ]);
    // the ICPC (2025-06-20) is on or before the plan's start (2025-06-20): it led to the plan
    assert.deepEqual(r.rows.ssd_initial_cp_conference, [
      {
        ...la,
        icpc_icpc_id: "C0001-R1-S1-ICPC",
        icpc_s47_enquiry_id: "C0001-R1-S1",
        icpc_person_id: "C0001",
        icpc_cp_plan_id: "C0001-R1-P1",
        icpc_referral_id: "C0001-R1",
        icpc_icpc_target_date: "2025-06-25",
        icpc_icpc_date: "2025-06-20",
        icpc_icpc_outcome_cp_flag: "Y",
        ...source(28),
      },
    ]);
    assert.deepEqual(r.rows.ssd_cp_plans, [
      {
        ...la,
        cppl_cp_plan_id: "C0001-R1-P1",
        cppl_referral_id: "C0001-R1",
        cppl_icpc_id: "C0001-R1-S1-ICPC",
        cppl_person_id: "C0001",
        cppl_cp_plan_start_date: "2025-06-20",
        cppl_cp_plan_end_date: null,
        cppl_cp_plan_initial_category: "EMO",
        cppl_cp_plan_latest_category: "EMO",
        cppl_cp_plan_ola: "N",
        cppl_number_of_previous_cpp: 0,
        ...source(35),
      },
    ]);
    assert.deepEqual(r.rows.ssd_cp_reviews, [
      {
        ...la,
        cppr_cp_review_id: "C0001-R1-P1-V1",
        cppr_person_id: "C0001",
        cppr_cp_plan_id: "C0001-R1-P1",
        cppr_cp_review_date: "2025-09-15",
        ...source(40),
      },
    ]);
  });

  it("reads CIN_Census_2024_with_errors.xml, reporting its problems by line", async () => {
    const r = await readCinCensus(fixture("CIN_Census_2024_with_errors.xml"));
    // grep -c: '<Child>' 2, '<CINdetails>' 2, '<Assessments>' 2, '<Section47>' 1, '<ChildProtectionPlans>' 1,
    // '<CPPreviewDate>' 1, '<DateOfInitialCPC>' 2 (line 40 at CINdetails level, 2022-12-06; line 57 in the S47, 2022-06-17)
    assert.deepEqual(counts(r), {
      ssd_person: 2,
      ssd_cin_episodes: 2,
      ssd_cin_assessments: 2,
      ssd_s47_enquiry: 1,
      ssd_initial_cp_conference: 2,
      ssd_cp_plans: 1,
      ssd_cp_reviews: 1,
    });
    assert.equal(r.summary.children, 2);
    const at = (rule: string) =>
      r.issues.filter((i) => i.rule === rule).map((i) => [i.line, i.column, i.value]);
    // grep -n: line 23 '<UPNunknown>UN3</UPNunknown>PersonBirthDate'; line 25 '<Sex>1</Sex>'; line 46 'RB'
    assert.deepEqual(at("CIN_STRAY_TEXT"), [
      [23, "Message/Children/Child[1]/ChildIdentifiers", "PersonBirthDate"],
    ]);
    assert.deepEqual(at("CIN_SEX_CODE"), [[25, "Message/Children/Child[1]/ChildIdentifiers/Sex", "1"]]);
    assert.deepEqual(at("CIN_CODE"), [
      [
        46,
        "Message/Children/Child[1]/CINdetails[1]/Assessments[1]/FactorsIdentifiedAtAssessment/AssessmentFactors[2]",
        "RB",
      ],
    ]);
    // Year 2023 with Sex (from 2025) and ReferenceDate 2024-03-31
    assert.ok(rules(r.issues).includes("CIN_ELEMENT_YEAR"));
    assert.ok(rules(r.issues).includes("CIN_HEADER"));
    assert.equal(r.rows.ssd_person[0]!.pers_sex, "M");
    assert.equal(r.rows.ssd_person[0]!.pers_disability, "HAND,HEAR");
    // the plan starts 2022-02-17, before both ICPCs: neither led to it. An S47's ICPC is located at its
    // <Section47> (grep -n '<Section47>': 54), a referral's own at its <DateOfInitialCPC> (line 40)
    assert.deepEqual(
      r.rows.ssd_initial_cp_conference.map((c) => [
        c.icpc_icpc_id,
        c.icpc_icpc_date,
        c.icpc_s47_enquiry_id,
        c.icpc_icpc_outcome_cp_flag,
        c._line,
      ]),
      [
        ["DfEX0000001-R1-S1-ICPC", "2022-06-17", "DfEX0000001-R1-S1", "N", 54],
        ["DfEX0000001-R1-ICPC", "2022-12-06", null, "N", 40],
      ],
    );
    assert.equal(r.rows.ssd_cp_plans[0]!.cppl_number_of_previous_cpp, 10);
    assert.equal(r.rows.ssd_cin_episodes[1]!.cine_referral_nfa, "N"); // <ReferralNFA>false</ReferralNFA>
  });
});

describe("CIN census reader: bad input", () => {
  it("malformed XML: one error with its line, no rows at all", async () => {
    const xml = message([child("A1", [referral()])]).replace(
      "</ChildCharacteristics>",
      "</ChildCharacteristic>",
    );
    const r = await readCinCensus(write(xml));
    const e = assertFatal(r, "CIN_XML");
    assert.equal(e.line, 7); // child starts on line 5: <Child>, identifiers, characteristics (line 7)
    assert.match(e.message, /malformed or cut short \(line 7, .*nothing was imported/);
  });

  it("a truncated file: one error, no rows, though complete children came before the cut", async () => {
    const xml = message([child("A1", [referral()]), child("A2", [referral()])]);
    const r = await readCinCensus(write(xml.slice(0, xml.indexOf("<LAchildID>A2"))));
    assertFatal(r, "CIN_XML");
  });

  it("an empty file and a blank file", async () => {
    assert.match(assertFatal(await readCinCensus(write("")), "CIN_EMPTY").message, /the file is empty/);
    assertFatal(await readCinCensus(write("  \n\t\n")), "CIN_EMPTY");
  });

  it("a non-XML file (a PDF renamed .xml) and a file that is XML but not a CIN census", async () => {
    const pdf = await readCinCensus(
      write(Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "latin1")),
    );
    assert.match(assertFatal(pdf, "CIN_XML").message, /not XML/);
    const other = await readCinCensus(write('<?xml version="1.0"?>\n<Message903><Header/></Message903>'));
    assert.equal(assertFatal(other, "CIN_NOT_CIN").line, 2);
  });

  it("a missing file and a header with no children", async () => {
    assertFatal(await readCinCensus(tmp.path("no-such-file.xml")), "CIN_READ");
    const headerOnly = message([]).replace("<Children>\n</Children>\n", "");
    assertFatal(await readCinCensus(write(headerOnly)), "CIN_NO_CHILDREN");
    const noChild = assertFatal(await readCinCensus(write(message([]))), "CIN_NO_CHILDREN");
    assert.match(noChild.message, /lists no <Child>/);
  });

  it("a rule firing more than 1000 times lists 1000 and counts the rest", async () => {
    const kids = Array.from({ length: 1003 }, (_, k) =>
      child(`A${k}`, [referral()], "<Sex>M</Sex>", "<Ethnicity>ZZZZ</Ethnicity>"),
    );
    const r = await readCinCensus(write(message(kids)));
    // 1003 bad ethnicities: 1000 listed + 1 line for the other 3
    assert.equal(r.issues.length, 1001);
    assert.equal(r.issues.at(-1)!.message, "3 more issues of rule CIN_CODE are not listed");
    assert.equal(r.rows.ssd_person.length, 1003);
  });

  it("no LA code in the file and none given: an error and no rows; given, it is used", async () => {
    const xml = message([child("A1", [referral()])], { lea: "" });
    assertFatal(await readCinCensus(write(xml)), "CIN_NO_LA");
    const r = await readCinCensus(write(xml), { laCode: "330" });
    assert.deepEqual(r.issues, []);
    assert.equal(r.rows.ssd_cin_episodes[0]!.la_code, "330");
  });

  it("options.laCode overrides the file's LEA with a warning", async () => {
    const r = await readCinCensus(write(message([child("A1", [referral()])])), { laCode: "330" });
    assert.deepEqual(rules(r.issues), ["CIN_LA_OVERRIDE"]);
    assert.equal(r.summary.laCode, "330");
    assert.ok(r.rows.ssd_person.every((p) => p.la_code === "330"));
  });

  it("unknown elements: a warning with line and path, the rest of the child imported", async () => {
    const xml = message([
      child("A1", [referral("<Colour><Shade>blue</Shade></Colour>")], "<Sex>F</Sex><Nickname>Al</Nickname>"),
    ]);
    const r = await readCinCensus(write(xml));
    assert.deepEqual(
      r.issues.map((i) => [i.severity, i.rule, i.line, i.column]),
      [
        ["warning", "CIN_UNKNOWN_ELEMENT", 6, "Message/Children/Child[1]/ChildIdentifiers/Nickname"],
        ["warning", "CIN_UNKNOWN_ELEMENT", 8, "Message/Children/Child[1]/CINdetails[1]/Colour"],
      ],
    );
    assert.equal(r.rows.ssd_cin_episodes.length, 1);
    assert.equal(r.rows.ssd_person[0]!.pers_sex, "F");
  });

  it("an impossible date (2024-02-30) rejects only its record; a leap day is fine", async () => {
    const xml = message([
      child("A1", [
        referral(
          "<Assessments><AssessmentActualStartDate>2024-02-30</AssessmentActualStartDate></Assessments>" +
            "<Assessments><AssessmentActualStartDate>2024-02-29</AssessmentActualStartDate></Assessments>",
        ),
      ]),
    ]);
    const r = await readCinCensus(write(xml));
    assert.deepEqual(
      r.issues.map((i) => [i.severity, i.rule, i.line, i.column, i.value]),
      [
        [
          "error",
          "CIN_DATE",
          8,
          "Message/Children/Child[1]/CINdetails[1]/Assessments[1]/AssessmentActualStartDate",
          "2024-02-30",
        ],
        ["error", "CIN_RECORD_REJECTED", 8, "Message/Children/Child[1]/CINdetails[1]/Assessments[1]", ""],
      ],
    );
    assert.deepEqual(
      r.rows.ssd_cin_assessments.map((a) => [a.cina_assessment_id, a.cina_assessment_start_date]),
      [["A1-R1-A2", "2024-02-29"]],
    );
    assert.equal(r.rows.ssd_cin_episodes.length, 1);
  });

  it("text that is a code elsewhere in the file is still not a date", async () => {
    const xml = message([
      child("A1", [
        referral(),
        "<CINdetails><CINreferralDate>N1</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>0</ReferralNFA></CINdetails>",
      ]),
    ]);
    const r = await readCinCensus(write(xml));
    assert.deepEqual(
      r.issues.map((i) => [i.rule, i.line, i.value]),
      [
        ["CIN_DATE", 9, "N1"],
        ["CIN_RECORD_REJECTED", 9, ""],
      ],
    );
    assert.equal(r.rows.ssd_cin_episodes.length, 1);
  });

  it("a referral without a valid date is left out with everything nested in it; the child's other referrals stay", async () => {
    const s47 =
      "<Section47><S47ActualStartDate>2025-05-02</S47ActualStartDate><DateOfInitialCPC>2025-05-20</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>";
    const xml = message([child("A1", [referral(s47, "2025-13-01"), referral("", "2025-06-01")])]);
    const r = await readCinCensus(write(xml));
    assert.deepEqual(
      r.issues.filter((i) => i.rule === "CIN_RECORD_REJECTED").map((i) => i.message),
      ["referral A1-R1 of child A1 was not imported (no valid referral date), nor its 1 S47 enquiry"],
    );
    assert.deepEqual(counts(r), {
      ssd_person: 1,
      ssd_cin_episodes: 1,
      ssd_cin_assessments: 0,
      ssd_s47_enquiry: 0,
      ssd_initial_cp_conference: 0,
      ssd_cp_plans: 0,
      ssd_cp_reviews: 0,
    });
    assert.equal(r.rows.ssd_cin_episodes[0]!.cine_referral_id, "A1-R2");
  });

  it("a child without an LAchildID is left out; an invalid birth date leaves out only the person row", async () => {
    const xml = message([
      child("", [referral()]),
      child("B1", [referral()], "<Sex>M</Sex><PersonDeathDate>31/02/2024</PersonDeathDate>"),
    ]);
    const r = await readCinCensus(write(xml));
    assert.deepEqual(
      r.issues.map((i) => [i.severity, i.rule, i.line]),
      [
        ["error", "CIN_CHILD_ID", 6],
        ["error", "CIN_DATE", 11],
        ["error", "CIN_RECORD_REJECTED", 11],
      ],
    );
    assert.deepEqual(counts(r).ssd_person, 0);
    assert.deepEqual(
      r.rows.ssd_cin_episodes.map((e) => e.cine_person_id),
      ["B1"],
    );
    assert.equal(r.summary.children, 1);
  });

  it("bad codes are kept as written with a warning; lower-case codes are upper-cased; bad booleans left empty", async () => {
    const xml = message([
      child(
        "A1",
        [
          "<CINdetails><CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>1z</ReferralSource><PrimaryNeedCode>n4</PrimaryNeedCode><ReasonForClosure>RC99</ReasonForClosure><ReferralNFA>maybe</ReferralNFA></CINdetails>",
        ],
        "<Sex>X</Sex>",
        "<Ethnicity>wbri</Ethnicity><Disabilities><Disability>aut</Disability><Disability>WINGS</Disability></Disabilities>",
      ),
    ]);
    const r = await readCinCensus(write(xml));
    assert.deepEqual(
      r.issues.map((i) => [i.rule, i.value]),
      [
        ["CIN_CODE", "X"],
        ["CIN_CODE", "WINGS"],
        ["CIN_BOOLEAN", "maybe"],
        ["CIN_CODE", "1z"],
        ["CIN_CODE", "RC99"],
      ],
    );
    const e = r.rows.ssd_cin_episodes[0]!;
    assert.deepEqual(
      [e.cine_referral_source_code, e.cine_cin_primary_need_code, e.cine_close_reason, e.cine_referral_nfa],
      ["1z", "N4", "RC99", null],
    );
    const p = r.rows.ssd_person[0]!;
    assert.deepEqual([p.pers_sex, p.pers_ethnicity, p.pers_disability], ["X", "WBRI", "AUT,WINGS"]);
  });

  it("booleans 0/1/true/false; GenderCurrent 1/2/0/9 and Sex M/F/U; ids keep leading zeros", async () => {
    const nfa = (v: string, date: string) =>
      `<CINdetails><CINreferralDate>${date}</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>${v}</ReferralNFA></CINdetails>`;
    const xml = message(
      [
        child(
          "000123",
          [
            nfa("1", "2024-01-01"),
            nfa("0", "2024-02-01"),
            nfa("TRUE", "2024-03-01"),
            nfa("false", "2024-03-02"),
          ],
          "<GenderCurrent>2</GenderCurrent>",
        ),
        child("000124", [referral()], "<GenderCurrent>0</GenderCurrent>"),
        child("000125", [referral()], "<GenderCurrent>9</GenderCurrent>"),
        child("000126", [referral()], "<GenderCurrent>1</GenderCurrent>"),
      ],
      { year: 2024 },
    );
    const r = await readCinCensus(write(xml));
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.rows.ssd_cin_episodes.slice(0, 4).map((e) => [e.cine_referral_id, e.cine_referral_nfa]),
      [
        ["000123-R1", "Y"],
        ["000123-R2", "N"],
        ["000123-R3", "Y"],
        ["000123-R4", "N"],
      ],
    );
    assert.deepEqual(
      r.rows.ssd_person.map((p) => [p.pers_person_id, p.pers_sex]),
      [
        ["000123", "F"],
        ["000124", "U"],
        ["000125", "U"],
        ["000126", "M"],
      ],
    );
  });

  it("an ICPC is recorded once: from its S47, or from CINdetails when no S47 has that date", async () => {
    const s47 = (start: string, icpc: string) =>
      `<Section47><S47ActualStartDate>${start}</S47ActualStartDate><DateOfInitialCPC>${icpc}</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>`;
    const xml = message([
      child("A1", [
        referral(`<DateOfInitialCPC>2025-05-20</DateOfInitialCPC>${s47("2025-05-02", "2025-05-20")}`),
        referral("<DateOfInitialCPC>2025-07-01</DateOfInitialCPC>", "2025-06-01"),
      ]),
    ]);
    const r = await readCinCensus(write(xml));
    assert.deepEqual(
      r.rows.ssd_initial_cp_conference.map((c) => [
        c.icpc_icpc_id,
        c.icpc_s47_enquiry_id,
        c.icpc_referral_id,
      ]),
      [
        ["A1-R1-S1-ICPC", "A1-R1-S1", "A1-R1"],
        ["A1-R2-ICPC", null, "A1-R2"],
      ],
    );
  });

  it("each plan takes the latest earlier ICPC of its referral; a later ICPC did not lead to it", async () => {
    const s47 = (start: string, icpc: string) =>
      `<Section47><S47ActualStartDate>${start}</S47ActualStartDate><DateOfInitialCPC>${icpc}</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>`;
    const plan = (start: string) =>
      `<ChildProtectionPlans><CPPstartDate>${start}</CPPstartDate><InitialCategoryOfAbuse>neg</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>2</NumberOfPreviousCPP><Reviews><CPPreviewDate>2025-06-15</CPPreviewDate><CPPreviewDate>2025-06-31</CPPreviewDate></Reviews></ChildProtectionPlans>`;
    const details =
      "<CINdetails><CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>6</ReferralSource>" +
      s47("2025-05-02", "2025-05-10") +
      s47("2025-05-03", "2025-05-15") +
      s47("2025-05-20", "2025-06-01") +
      `<ReferralNFA>0</ReferralNFA>${plan("2025-05-15")}</CINdetails>`;
    const r = await readCinCensus(write(message([child("A1", [details])])));
    // ICPCs 05-10 and 05-15 precede the plan (05-15, same day counts); the later, 05-15, led to it; 06-01 did not
    assert.deepEqual(
      r.rows.ssd_initial_cp_conference.map((c) => [
        c.icpc_icpc_date,
        c.icpc_icpc_outcome_cp_flag,
        c.icpc_cp_plan_id,
      ]),
      [
        ["2025-05-10", "N", null],
        ["2025-05-15", "Y", "A1-R1-P1"],
        ["2025-06-01", "N", null],
      ],
    );
    const p = r.rows.ssd_cp_plans[0]!;
    assert.deepEqual(
      [p.cppl_icpc_id, p.cppl_cp_plan_initial_category, p.cppl_number_of_previous_cpp],
      ["A1-R1-S2-ICPC", "NEG", 2],
    );
    // review 2025-06-31 does not exist: that review alone is left out
    assert.deepEqual(
      r.rows.ssd_cp_reviews.map((v) => [v.cppr_cp_review_id, v.cppr_cp_review_date]),
      [["A1-R1-P1-V1", "2025-06-15"]],
    );
    assert.deepEqual(
      r.issues.map((i) => [i.rule, i.value]),
      [
        ["CIN_DATE", "2025-06-31"],
        ["CIN_RECORD_REJECTED", "2025-06-31"],
      ],
    );
  });

  it("a child listed twice: its referrals continue the first entry's numbering", async () => {
    const xml = message([child("A1", [referral()]), child("A1", [referral("", "2025-09-01")])]);
    const r = await readCinCensus(write(xml));
    assert.deepEqual(rules(r.issues), ["CIN_DUPLICATE_CHILD"]);
    assert.equal(r.summary.children, 1);
    assert.deepEqual(
      r.rows.ssd_cin_episodes.map((e) => e.cine_referral_id),
      ["A1-R1", "A1-R2"],
    );
  });

  it("codes and elements outside their collection year are warned about, once per element", async () => {
    const details =
      "<CINdetails><CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>5D</ReferralSource>" +
      "<CINPlanDates><CINPlanStartDate>2021-05-01</CINPlanStartDate></CINPlanDates><ReferralNFA>0</ReferralNFA></CINdetails>";
    const xml = message([child("A1", [details]), child("A2", [details])], { year: 2021 });
    const r = await readCinCensus(write(xml));
    // Sex (from 2025) and CINPlanDates (from 2022) once each, as they are met; 5D (from 2023) per referral
    assert.deepEqual(
      r.issues.map((i) => [i.rule, i.line]),
      [
        ["CIN_ELEMENT_YEAR", 6],
        ["CIN_ELEMENT_YEAR", 8],
        ["CIN_CODE_YEAR", 8],
        ["CIN_CODE_YEAR", 13],
      ],
    );
    assert.equal(r.rows.ssd_cin_episodes[0]!.cine_referral_source_code, "5D");
  });

  it("reads UTF-16 (with BOM), UTF-8 with BOM and declared Windows-1252", async () => {
    const xml = message([child("Zoë-1", [referral()])]);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(xml.replace("UTF-8", "UTF-16"), "utf16le"),
    ]);
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, "utf8")]);
    const cp1252 = Buffer.from(xml.replace("UTF-8", "windows-1252"), "latin1");
    for (const bytes of [utf16, bom8, cp1252]) {
      const r = await readCinCensus(write(bytes));
      assert.deepEqual(r.issues, []);
      assert.equal(r.rows.ssd_person[0]!.pers_person_id, "Zoë-1");
    }
  });
});

describe("CIN census reader: random and mutated files never make it throw", () => {
  const minimal = () => readFileSync(fixture("minimal_cin_2026.xml"));

  async function check(bytes: Uint8Array): Promise<CinReadResult> {
    const r = await readCinCensus(write(bytes));
    assert.ok(Array.isArray(r.issues));
    const fatal = r.issues.some((i) => i.severity === "error" && FATAL_RULES.includes(i.rule));
    if (fatal) for (const t of CIN_TABLES) assert.equal(r.rows[t].length, 0);
    for (const i of r.issues) assert.ok(i.message.length > 0 && i.rule.startsWith("CIN_"));
    return r;
  }

  it("random bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (bytes) => {
        const r = await check(bytes);
        assert.ok(r.issues.length > 0, "random bytes must produce at least one issue");
      }),
      { numRuns: 150 },
    );
  });

  it("the minimal fixture truncated anywhere: an error and no rows", async () => {
    const good = minimal();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: good.length - 12 }), async (cut) => {
        const r = await readCinCensus(write(good.subarray(0, cut)));
        assert.ok(r.issues.some((i) => FATAL_RULES.includes(i.rule)));
        for (const t of CIN_TABLES) assert.equal(r.rows[t].length, 0);
      }),
      { numRuns: 150 },
    );
  });

  it("the minimal fixture with bytes flipped, inserted or deleted", async () => {
    const good = minimal();
    const edit = fc.record({
      at: fc.integer({ min: 0, max: good.length - 1 }),
      byte: fc.integer({ min: 0, max: 255 }),
      kind: fc.constantFrom("flip", "insert", "delete"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
        let bytes = Buffer.from(good);
        for (const { at, byte, kind } of edits) {
          const k = Math.min(at, bytes.length - 1);
          if (kind === "flip") bytes[k] = byte;
          else if (kind === "insert")
            bytes = Buffer.concat([bytes.subarray(0, k), Buffer.from([byte]), bytes.subarray(k)]);
          else bytes = Buffer.concat([bytes.subarray(0, k), bytes.subarray(k + 1)]);
        }
        await check(bytes);
      }),
      { numRuns: 300 },
    );
  });
});
