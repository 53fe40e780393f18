import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { sharedFixture } from "../../testing/fixtures.ts";
import { tempFiles } from "../../testing/tempFiles.ts";
import type { Issue } from "../issues.ts";
import { readCode } from "./codes.ts";
import { ANNEXA_TABLES, type AnnexAReadResult, readAnnexA } from "./reader.ts";

const FATAL_RULES = ["ANNEXA_FILE", "ANNEXA_EMPTY", "ANNEXA_NO_LISTS", "ANNEXA_NO_ROWS", "ANNEXA_INTERNAL"];
const LA = { laCode: "822" };

function fixture(): string {
  return sharedFixture("annex-a", "Annex_A_2024_Jan.xlsx");
}

const tmp = tempFiles("annexa-reader-", "xlsx");

const write = tmp.write;

type Sheet = { name: string; rows: unknown[][] };

/** Writes a workbook; `rows` start at row 1 (use [] for a blank row). */
async function workbook(sheets: Sheet[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) => {
      if (r.length > 0) ws.getRow(i + 1).values = r as ExcelJS.CellValue[];
    });
  }
  const path = tmp.next("xlsx");
  await wb.xlsx.writeFile(path);
  return path;
}

const COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"];
const COMMON_2026 = ["Child Unique ID", "Sex", "Ethnicity", "Date of Birth", "Age of Child (Years)"];

function counts(r: AnnexAReadResult): Record<string, number> {
  return Object.fromEntries(ANNEXA_TABLES.map((t) => [t, r.rows[t].length]).filter(([, n]) => n !== 0));
}

function rules(issues: Issue[], severity?: string): string[] {
  return issues.filter((i) => !severity || i.severity === severity).map((i) => i.rule);
}

function assertFatal(r: AnnexAReadResult, rule: string): Issue {
  const errors = r.issues.filter((i) => i.severity === "error");
  assert.equal(errors.length, 1, JSON.stringify(r.issues));
  assert.equal(errors[0]!.rule, rule);
  for (const t of ANNEXA_TABLES) assert.equal(r.rows[t].length, 0, `${t} must be empty after a fatal error`);
  assert.equal(r.summary.children, 0);
  return errors[0]!;
}

describe("Annex A reader: shared fixture", () => {
  it("reads Annex_A_2024_Jan.xlsx: rows and children per list", async () => {
    const r = await readAnnexA(fixture(), LA);
    // Counted independently with python's zipfile: for each xl/worksheets/sheetN.xml, re.findall('<row ') minus
    // the header row, and the distinct <v> of each row's A cell (sheet N is List N in xl/workbook.xml):
    // rows 5 5 6 5 5 5 7 5 6 5 5; ids 5 5 6 5 5 5 7 5 6 5 5; distinct ids over sheets 1–10: 48.
    assert.deepEqual(
      r.summary.lists.map((l) => [l.list, l.sheet, l.rows, l.children, l.imported]),
      [
        [1, "List 1", 5, 5, true],
        [2, "List 2", 5, 5, false],
        [3, "List 3", 6, 6, true],
        [4, "List 4", 5, 5, true],
        [5, "List 5", 5, 5, true],
        [6, "List 6", 5, 5, true],
        [7, "List 7", 7, 7, true],
        [8, "List 8", 5, 5, true],
        [9, "List 9", 6, 6, true],
        [10, "List 10", 5, 5, true],
        [11, "List 11", 5, 5, false],
      ],
    );
    assert.equal(r.summary.children, 48);
    // List 6's CIN start dates (2010-06-09 …) match no List 3 referral date, so 6 + 5 referrals; List 5 column I
    // (ICPC date) is filled in 3 of 5 rows; List 7 column L (review) in 5 of 7; List 8 columns Q and R (health,
    // dental) in all 5 rows; List 9 column N (latest contact) in none.
    assert.deepEqual(counts(r), {
      ssd_person: 48,
      ssd_contacts: 5,
      ssd_cin_episodes: 11,
      ssd_cin_assessments: 5,
      ssdx_strategy_discussions: 5,
      ssd_s47_enquiry: 5,
      ssd_initial_cp_conference: 3,
      ssd_cp_plans: 7,
      ssd_cp_visits: 7,
      ssd_cp_reviews: 5,
      ssd_cla_episodes: 5,
      ssd_legal_status: 5,
      ssd_cla_placement: 5,
      ssd_cla_reviews: 5,
      ssd_cla_visits: 5,
      ssd_cla_health: 10,
      ssd_care_leavers: 6,
      ssd_permanence: 5,
    });
    assert.equal(rules(r.issues, "error").length, 0);
    assert.equal(rules(r.issues).filter((x) => x === "ANNEXA_NOT_IMPORTED").length, 2);
    const contact = r.rows.ssd_contacts[0]!;
    assert.deepEqual(
      [
        contact.cont_person_id,
        contact.cont_contact_date,
        contact.cont_contact_source_code,
        contact._sheet,
        contact._row,
      ],
      ["9212044", "2020-09-16", "6", "List 1", 2],
    );
    // List 8 row 6: ceased 2020-09-22, "k) E47: Special Guardianship Orders - relative/friend", "n) H5: …", C1: ICO.
    const ceased = r.rows.ssd_cla_episodes.find((e) => e.clae_person_id === "3623204")!;
    assert.equal(ceased.clae_cla_episode_ceased_reason, "E47");
    assert.equal(ceased.clae_cla_episode_ceased_date, "2020-09-22");
    const legal = r.rows.ssd_legal_status.find((l) => l.lega_person_id === "3623204")!;
    assert.deepEqual([legal.lega_legal_status, legal.lega_legal_status_start_date], ["C1", "2009-07-27"]);
    const placement = r.rows.ssd_cla_placement.find((p) => p.clap_person_id === "3623204")!;
    assert.deepEqual(
      [placement.clap_cla_placement_type, placement.clap_cla_placement_provider],
      ["H5", "PR4"],
    );
    // List 7 "Physical abuse" → PHY; List 9 "b) Former relevant child"; "F3: …" read as F5 with a warning.
    assert.equal(r.rows.ssd_cp_plans[0]!.cppl_cp_plan_initial_category, "PHY");
    assert.ok(r.rows.ssd_care_leavers.every((c) => c.clea_care_leaver_eligibility === "FORMER_RELEVANT"));
    assert.equal(r.rows.ssd_care_leavers.filter((c) => c.clea_care_leaver_activity === "F5").length, 2);
    // List 10 shared formulas are read from their cached results.
    assert.equal(r.rows.ssd_permanence[0]!.perm_adm_decision_date, "2009-08-11");
  });
});

describe("Annex A reader: layouts and spellings", () => {
  it("finds a list under a renamed sheet below blank rows, Sex layout, text and serial dates, <1, curly quotes", async () => {
    const path = await workbook([
      { name: "Notes", rows: [["This workbook was produced for the inspection"]] },
      {
        name: "Contacts Jan",
        rows: [
          [],
          [],
          [...COMMON_2026, "Date of Contact", "Contact Source"],
          ["00123", "F", "a) WBRI", "01/02/2023", "<1", "01/02/2024", "a) 1A: Individual"],
          ["00124", "Male", "White British", 44927, 1, 45323, "6"],
          ["00125", "b) Female", "k) APKN", new Date(Date.UTC(2010, 4, 6)), 13, "2024-02-29", "Individual"],
        ],
      },
      {
        name: "LAC",
        rows: [
          [
            ...COMMON,
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
            "Date Started to be Looked After",
            "Child\u2019s Legal Status",
            "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months",
            "Start Date of Most Recent Placement",
            "Placement Type",
            "Placement distance (miles)",
            "Date of Last Health Assessment",
            "Date of Last Dental Check",
            "Date of Latest Statutory Review",
            "Date of Last Social Work Visit",
          ],
          [
            "00123",
            "b) Female",
            "WBRI",
            "01/02/2023",
            1,
            "a) Yes",
            "03/03/2023",
            "C2",
            "1,234",
            "04/03/2023",
            "u4",
            "12.5",
            "05/05/2023",
            "06/06/2023",
            "07/07/2023",
            "08/08/2023",
          ],
        ],
      },
    ]);
    const r = await readAnnexA(path, LA);
    assert.deepEqual(rules(r.issues, "error"), []);
    assert.deepEqual(
      r.summary.lists.map((l) => [l.list, l.sheet, l.headerRow, l.rows]),
      [
        [1, "Contacts Jan", 3, 3],
        [8, "LAC", 1, 1],
      ],
    );
    assert.ok(rules(r.issues).includes("ANNEXA_NO_LIST"), "the Notes sheet is reported");
    const contacts = r.rows.ssd_contacts;
    // Text 01/02/2024 is 1 February; serial 45323 is 2024-02-01; ISO text; leading zeros kept.
    assert.deepEqual(
      contacts.map((c) => [c.cont_person_id, c.cont_contact_date, c.cont_contact_source_code, c._row]),
      [
        ["00123", "2024-02-01", "1A", 4],
        ["00124", "2024-02-01", "6", 5],
        ["00125", "2024-02-29", null, 6],
      ],
    );
    assert.equal(r.issues.find((i) => i.rule === "ANNEXA_CODE_GROUP")?.value, "Individual");
    const people = Object.fromEntries(r.rows.ssd_person.map((p) => [p.pers_person_id, p]));
    assert.deepEqual(
      [people["00123"]!.pers_sex, people["00124"]!.pers_sex, people["00125"]!.pers_sex],
      ["F", "M", "F"],
    );
    assert.deepEqual(
      [people["00124"]!.pers_dob, people["00124"]!.pers_ethnicity, people["00125"]!.pers_dob],
      ["2023-01-01", "WBRI", "2010-05-06"],
    );
    assert.ok(!rules(r.issues).includes("ANNEXA_NUMBER"), "<1 and 1,234 are numbers");
    const episode = r.rows.ssd_cla_episodes[0]!;
    assert.deepEqual(
      [episode.clae_cla_episode_start_date, episode.clae_entered_care_date, episode.clae_cla_id],
      ["2023-03-03", "2023-03-03", "00123/CLA/2023-03-03"],
    );
    assert.equal(r.rows.ssd_legal_status[0]!.lega_legal_status, "C2");
    assert.deepEqual(
      [
        r.rows.ssd_cla_placement[0]!.clap_cla_placement_type,
        r.rows.ssd_cla_placement[0]!.clap_cla_placement_distance,
      ],
      ["U4", 12.5],
    );
    assert.deepEqual(
      r.rows.ssd_cla_health.map((h) => [h.clah_health_check_type, h.clah_health_check_date]),
      [
        ["HA_REVIEW", "2023-05-05"],
        ["DENTAL", "2023-06-06"],
      ],
    );
    assert.equal(r.rows.ssd_cla_reviews[0]!.clar_cla_review_date, "2023-07-07");
    assert.equal(r.rows.ssd_cla_visits[0]!.clav_cla_visit_date, "2023-08-08");
    assert.deepEqual(
      r.rows.ssd_immigration_status.map((i) => [
        i.immi_person_id,
        i.immi_immigration_status,
        i.immi_immigration_status_start_date,
      ]),
      [["00123", "UASC", "2023-03-03"]],
    );
  });

  it("reads the Gender layout the same as the Sex layout", async () => {
    const rows = (common: string[]) => [
      [...common, "Date of Contact", "Contact Source"],
      ["1", "1", "WBRI", "01/01/2015", 9, "02/01/2024", "q) 6: Police"],
      ["2", "2 - Female", "WBRI", "01/01/2015", 9, "02/01/2024", "6"],
      ["3", "c) Not stated/recorded", "WBRI", "01/01/2015", 9, "02/01/2024", "6"],
    ];
    const a = await readAnnexA(await workbook([{ name: "List 1", rows: rows(COMMON) }]), LA);
    const b = await readAnnexA(await workbook([{ name: "List 1", rows: rows(COMMON_2026) }]), LA);
    const sexes = (r: AnnexAReadResult) => r.rows.ssd_person.map((p) => p.pers_sex);
    assert.deepEqual(sexes(a), ["M", "F", "U"]);
    assert.deepEqual(sexes(b), ["M", "F", "U"]);
  });

  it("maps code spellings councils use", () => {
    const cases: [Parameters<typeof readCode>[0], string, string | null][] = [
      ["source", "a) 1A: Individual", "1A"],
      ["source", "1A", "1A"],
      ["source", "Individual", null],
      ["source", "(CS) Police", "6"],
      ["source", "\u2018POLICE\u2019.", "6"],
      ["primaryNeed", "N1 - Abuse or Neglect", "N1"],
      ["primaryNeed", "1d Neglect", "N1"],
      ["primaryNeed", "n4", "N4"],
      ["abuse", "Emotional abuse", "EMO"],
      ["abuse", "e) Multiple/not recommended", "MUL"],
      ["legalStatus", "C1  [Interim Care Order]", "C1"],
      ["ceasedReason", "k) E47: Special Guardianship Orders - relative/friend", "E47"],
      // The liia spelling table maps these two to E8; the leading DfE code wins.
      ["ceasedReason", "E7: Transferred to adult social care", "E7"],
      ["ceasedReason", "E17: Staying put", "E17"],
      ["placementType", "f) U6: Foster placement - not FFA", "U6"],
      ["placementType", "Foster placement", null],
      ["provider", "e) PR4 - Private provision", "PR4"],
      ["accommodation", "U: Independent living", "U"],
      ["inTouch", "d) Refu", "REFU"],
      ["eligibility", "b) Former relevant child", "FORMER_RELEVANT"],
      ["ethnicity", "WBRI - White British", "WBRI"],
      ["ethnicity", "Pakistani", "APKN"],
      ["reversedReason", "RD2", "RD2"],
      ["sex", "2 - Female", "F"],
    ];
    for (const [field, text, code] of cases)
      assert.equal(readCode(field, text).code, code, `${field} ${text}`);
  });
});

describe("Annex A reader: linking lists", () => {
  it("merges List 6 into List 3 referrals and links assessments, S47s, ICPCs and plans", async () => {
    const path = await workbook([
      {
        name: "L3",
        rows: [
          [
            ...COMMON,
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Allocated Team",
            "Allocated Worker",
          ],
          ["7", "M", "WBRI", "01/01/2015", 9, "01/09/2023", "e) 2A: Schools", "No", "MASH", "W1"],
          ["7", "M", "WBRI", "01/01/2015", 9, "01/11/2023", "6", "No", "MASH", "W1"],
        ],
      },
      {
        name: "L6",
        rows: [
          [
            ...COMMON,
            "CIN Start Date",
            "Primary Need Code",
            "CIN Closure Date",
            "Reason for Closure",
            "Allocated Team",
          ],
          [
            "7",
            "M",
            "WBRI",
            "01/01/2015",
            9,
            "01/11/2023",
            "N1 - Abuse or neglect",
            "31/12/2023",
            "RC7",
            "CIN 1",
          ],
          ["8", "F", "WBRI", "01/01/2016", 8, "05/10/2023", "N5", "", "", "CIN 2"],
        ],
      },
      {
        name: "L4",
        rows: [
          [
            ...COMMON,
            "Does the Child have a Disability",
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children\u2019s social care support?",
          ],
          ["7", "M", "WBRI", "01/01/2015", 9, "b) No", "02/11/2023", "Yes", "20/11/2023", "a) Yes"],
          ["7", "M", "WBRI", "01/01/2015", 9, "b) No", "02/10/2023", "b) No", "", "No"],
        ],
      },
      {
        name: "L5",
        rows: [
          [
            ...COMMON,
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the ICPC Result in a Child Protection Plan",
          ],
          ["7", "M", "WBRI", "01/01/2015", 9, "03/11/2023", "No", "20/11/2023", "Yes"],
          ["8", "F", "WBRI", "01/01/2016", 8, "06/10/2023", "Yes", "", ""],
        ],
      },
      {
        name: "L7",
        rows: [
          [
            ...COMMON,
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Number of Previous Child Protection Plans",
          ],
          [
            "7",
            "M",
            "WBRI",
            "01/01/2015",
            9,
            "20/11/2023",
            "NEG",
            "b) Physical abuse",
            "01/12/2023",
            "b) No",
            "",
            "",
            2,
          ],
        ],
      },
    ]);
    const r = await readAnnexA(path, LA);
    assert.deepEqual(rules(r.issues, "error"), []);
    // Child 7: referrals 2023-09-01 and 2023-11-01 (the second completed by List 6); child 8: List 6 only.
    assert.deepEqual(
      r.rows.ssd_cin_episodes.map((e) => [
        e.cine_referral_id,
        e.cine_referral_source_code,
        e.cine_cin_primary_need_code,
        e.cine_close_date,
        e.cine_close_reason,
        e.cine_referral_team,
      ]),
      [
        ["7/REF/2023-09-01", "2A", null, null, null, "MASH"],
        ["7/REF/2023-11-01", "6", "N1", "2023-12-31", "RC7", "MASH"],
        ["8/REF/2023-10-05", null, "N5", null, null, "CIN 2"],
      ],
    );
    // The assessment of 2 November follows the 1 November referral; the one of 2 October the 1 September one.
    assert.deepEqual(
      r.rows.ssd_cin_assessments.map((a) => [
        a.cina_referral_id,
        a.cina_assessment_child_seen,
        a.cina_assessment_auth_date,
        a.cina_assessment_outcome_nfa,
      ]),
      [
        ["7/REF/2023-11-01", "Y", "2023-11-20", "N"],
        ["7/REF/2023-09-01", "N", null, "Y"],
      ],
    );
    assert.deepEqual(
      r.rows.ssd_s47_enquiry.map((s) => [s.s47e_s47_enquiry_id, s.s47e_referral_id, s.s47e_s47_nfa]),
      [
        ["7/S47/2023-11-03", "7/REF/2023-11-01", "N"],
        ["8/S47/2023-10-06", "8/REF/2023-10-05", "Y"],
      ],
    );
    assert.deepEqual(
      r.rows.ssdx_strategy_discussions.map((s) => [s.strd_strategy_discussion_date, s.strd_s47_enquiry_id]),
      [
        ["2023-11-03", "7/S47/2023-11-03"],
        ["2023-10-06", "8/S47/2023-10-06"],
      ],
    );
    assert.deepEqual(
      r.rows.ssd_initial_cp_conference.map((c) => [
        c.icpc_icpc_id,
        c.icpc_icpc_date,
        c.icpc_icpc_outcome_cp_flag,
      ]),
      [["7/ICPC/2023-11-03", "2023-11-20", "Y"]],
    );
    const plan = r.rows.ssd_cp_plans[0]!;
    assert.deepEqual(
      [
        plan.cppl_icpc_id,
        plan.cppl_referral_id,
        plan.cppl_cp_plan_initial_category,
        plan.cppl_cp_plan_latest_category,
        plan.cppl_number_of_previous_cpp,
      ],
      ["7/ICPC/2023-11-03", "7/REF/2023-11-01", "NEG", "PHY", 2],
    );
    assert.deepEqual(
      r.rows.ssd_cp_visits.map((v) => [v.cppv_cp_plan_id, v.cppv_cp_visit_date, v.cppv_cp_visit_seen_alone]),
      [["7/CPP/2023-11-20", "2023-12-01", "N"]],
    );
    assert.equal(r.rows.ssd_cp_reviews.length, 0, "no review date, no review row");
    assert.equal(r.rows.ssd_person.find((p) => p.pers_person_id === "7")!.pers_disability, "NONE");
  });

  it("reads List 9 care leavers with a contact row at the latest date of contact", async () => {
    const path = await workbook([
      {
        name: "Care leavers",
        rows: [
          [
            ...COMMON,
            "Eligibility Category",
            "LA in Touch",
            "Latest Date of Contact",
            "Type of Accommodation",
            "Suitability of Accommodation",
            "Activity Status",
          ],
          [
            "9",
            "M",
            "WBRI",
            "01/01/2004",
            19,
            "b) Former relevant child",
            "a) Yes",
            "15/01/2024",
            "D",
            "1",
            "G5",
          ],
          ["10", "F", "WBRI", "01/01/2005", 18, "Former Relevant", "No", "", "", "", ""],
        ],
      },
    ]);
    const r = await readAnnexA(path, LA);
    assert.deepEqual(
      r.rows.ssd_care_leavers.map((c) => [
        c.clea_person_id,
        c.clea_care_leaver_in_touch,
        c.clea_care_leaver_latest_contact,
        c.clea_care_leaver_accommodation,
        c.clea_care_leaver_accom_suitable,
        c.clea_care_leaver_activity,
      ]),
      [
        ["9", "YES", "2024-01-15", "D", "1", "G5"],
        ["10", "NO", null, null, null, null],
      ],
    );
    assert.deepEqual(
      r.rows.ssdx_care_leaver_contacts.map((c) => [c.clec_person_id, c.clec_contact_date, c.clec_in_touch]),
      [["9", "2024-01-15", "YES"]],
    );
  });
});

describe("Annex A reader: bad values", () => {
  it("rejects a row whose key date is 31/02/2024 or 1/2/24, keeps one whose other date is invalid", async () => {
    const path = await workbook([
      {
        name: "List 7",
        rows: [
          [
            ...COMMON,
            "Child Protection Plan Start Date",
            "Date of the Last Statutory Visit",
            "Child Protection Plan End Date",
          ],
          ["1", "M", "WBRI", "01/01/2015", 9, "31/02/2024", "", ""],
          ["2", "M", "WBRI", "01/01/2015", 9, "1/2/24", "", ""],
          ["3", "M", "WBRI", "01/01/2015", 9, "01/01/2024", "2024-13-01", ""],
          ["4", "M", "WBRI", "01/01/2015", 9, "01/01/2024", "", "not ended"],
          ["", "M", "WBRI", "01/01/2015", 9, "01/01/2024", "", ""],
        ],
      },
    ]);
    const r = await readAnnexA(path, LA);
    assert.deepEqual(
      r.rows.ssd_cp_plans.map((p) => [p.cppl_person_id, p.cppl_cp_plan_end_date]),
      [
        ["3", null],
        ["4", null],
      ],
    );
    assert.equal(r.rows.ssd_cp_visits.length, 0);
    const find = (rule: string, row: number) => r.issues.find((i) => i.rule === rule && i.row === row);
    const feb31 = find("ANNEXA_DATE", 2)!;
    assert.deepEqual(
      [feb31.severity, feb31.sheet, feb31.column, feb31.value],
      ["error", "List 7", "Child Protection Plan Start Date", "31/02/2024"],
    );
    assert.equal(find("ANNEXA_DATE_AMBIGUOUS", 3)?.severity, "error");
    assert.equal(find("ANNEXA_DATE", 4)?.severity, "warning");
    assert.equal(find("ANNEXA_DATE", 5)?.value, "not ended");
    assert.equal(find("ANNEXA_CHILD_ID", 6)?.severity, "error");
    assert.equal(r.summary.lists[0]!.rows, 5);
  });
});

describe("Annex A reader: bad input", () => {
  it("a PDF renamed .xlsx", async () => {
    const r = await readAnnexA(write("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), LA);
    assert.match(assertFatal(r, "ANNEXA_FILE").message, /PDF/);
  });

  it("an empty file", async () => {
    assertFatal(await readAnnexA(write(""), LA), "ANNEXA_EMPTY");
  });

  it("a truncated workbook", async () => {
    const bytes = readFileSync(fixture());
    const r = await readAnnexA(write(bytes.subarray(0, Math.floor(bytes.length / 2))), LA);
    assert.match(assertFatal(r, "ANNEXA_FILE").message, /truncated or corrupt/);
  });

  it("a file that does not exist", async () => {
    assertFatal(await readAnnexA(tmp.path("missing.xlsx"), LA), "ANNEXA_FILE");
  });

  it("a workbook with no recognisable list", async () => {
    const path = await workbook([
      {
        name: "Sheet1",
        rows: [
          ["Name", "Address"],
          ["A", "B"],
        ],
      },
    ]);
    const r = await readAnnexA(path, LA);
    assertFatal(r, "ANNEXA_NO_LISTS");
    assert.deepEqual(rules(r.issues, "warning"), ["ANNEXA_NO_LIST"]);
  });

  it("a header-only sheet beside a list with rows, and a header-only workbook", async () => {
    const header = [...COMMON, "Date of Contact", "Contact Source"];
    const path = await workbook([
      { name: "List 1", rows: [header, ["1", "M", "WBRI", "01/01/2015", 9, "02/01/2024", "6"]] },
      { name: "List 3", rows: [[...COMMON, "Date of Referral", "Referral Source"]] },
    ]);
    const r = await readAnnexA(path, LA);
    assert.equal(r.rows.ssd_contacts.length, 1);
    const headerOnly = r.issues.find((i) => i.rule === "ANNEXA_HEADER_ONLY")!;
    assert.deepEqual([headerOnly.severity, headerOnly.sheet, headerOnly.row], ["warning", "List 3", 1]);
    assertFatal(await readAnnexA(await workbook([{ name: "List 1", rows: [header] }]), LA), "ANNEXA_NO_ROWS");
  });

  it("random bytes resolve with a fatal issue", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (bytes) => {
        const r = await readAnnexA(write(bytes), LA);
        assert.ok(r.issues.some((i) => FATAL_RULES.includes(i.rule)));
      }),
      { numRuns: 100 },
    );
  });

  it("truncated and mutated copies of the fixture resolve with issues, never reject", async () => {
    const good = readFileSync(fixture());
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: good.length - 1 }), async (cut) => {
        const r = await readAnnexA(write(good.subarray(0, cut)), LA);
        assert.ok(r.issues.some((i) => i.severity === "error"));
      }),
      { numRuns: 60 },
    );
    const edit = fc.record({
      at: fc.integer({ min: 0, max: good.length - 1 }),
      byte: fc.integer({ min: 0, max: 255 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
        const bytes = Buffer.from(good);
        for (const e of edits) bytes[e.at] = e.byte;
        const r = await readAnnexA(write(bytes), LA);
        const fatal = r.issues.some((i) => FATAL_RULES.includes(i.rule));
        if (fatal) for (const t of ANNEXA_TABLES) assert.equal(r.rows[t].length, 0);
      }),
      { numRuns: 100 },
    );
  });
});
