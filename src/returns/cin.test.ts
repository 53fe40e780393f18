import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { createSchema, type Database, openDatabase, type Row, TableLoader } from "../db/database.ts";
import { readCinCensus } from "../ingest/cin/reader.ts";
import {
  compared,
  differences,
  fromCollectionYear,
  type RoundTripResult,
  roundTrip,
  uncompared,
} from "../testing/roundTrip.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { collectionYears, escapeXml, sexCode, writeCinCensus } from "./cin.ts";

/**
 * Indicators a CIN census carries, compared at every month end, quarter, year to date, rolling
 * 12 months and year both runs hold, the first collection year included: the censuses are written
 * as `demo --via cin-903` writes them, for the collection years the data overlaps, the first
 * starting part-way through a year and so written from its 1 April.
 * Not carried:
 * - contacts, contacts_to_referral_pct: the census has no contacts.
 * - assessments_nfa_pct: the census has no assessment outcome.
 * - strategy_discussions: the census has no strategy discussions (the figure falls back to S47 starts).
 * - cpp_visits_on_time_pct: the census has no CP visits.
 * - cla_*, care_leavers_*, missing_*, adoption*: looked-after children, care leavers, missing and
 *   adoption are the SSDA903's, not the census's.
 * - allocated_sw_pct, caseload_average: the census has no workers or teams.
 */
const CARRIED = [
  "referrals",
  "referrals_rate_10k",
  "referrals_nfa_pct",
  "referrals_to_assessment_pct",
  "assessments_completed",
  "assessments_45wd_pct",
  "assessments_open_over_45wd",
  "s47_enquiries",
  "s47_rate_10k",
  "s47_to_icpc_pct",
  "icpc_15wd_pct",
  "icpc_children",
  "icpc_to_cpp_pct",
  "cpp_open",
  "cpp_rate_10k",
  "cpp_starts",
  "cpp_ended",
  "cpp_second_or_subsequent_pct",
  "cpp_open_2y_plus_pct",
  "cpp_open_18m_plus_pct",
  "cpp_ceased_2y_plus_pct",
  "cpp_reviews_on_time_pct",
  "cin_open",
  "cin_rate_10k",
];

/**
 * Carried, but they look back before the period (12 months; 2 years for the second plan), and a
 * census holds only children in need during its year: compared from the first period whose
 * look-back lies inside the data (the year ending 31 March of the second collection year).
 */
const LOOKING_BACK = ["rereferrals_12m_pct", "cpp_second_within_2y_pct"];

describe("CIN census round trip", () => {
  let r: RoundTripResult;
  before(async () => {
    // data 2022-08-01 to 2025-07-31; the original's coverage is widened back to 2022-04-01, the
    // start of the first collection year, so that year is compared whole
    r = await roundTrip([writeCinCensus], {
      population: 6_000,
      years: 3,
      end: "2025-07-31",
      coverage: fromCollectionYear,
    });
  });
  after(() => r?.cleanup());

  it("writes one file per collection year and imports without errors", () => {
    // collection years 2023 (from 2022-04-01), 2024, 2025 and 2026 (to 2025-07-31)
    assert.deepEqual(
      r.written[0]?.files.map((f) => f.slice(f.lastIndexOf("/") + 1)),
      [
        "cin_census_999_2023.xml",
        "cin_census_999_2024.xml",
        "cin_census_999_2025.xml",
        "cin_census_999_2026.xml",
      ],
    );
    assert.deepEqual(r.coverage, { from: "2022-04-01", to: "2025-07-31" });
    assert.equal(
      r.imports.errors,
      0,
      r.imports.issues
        .filter((i) => i.severity === "error")
        .slice(0, 5)
        .map((i) => i.message)
        .join("\n"),
    );
  });

  it("gives the same figures for every indicator the census carries, at every period from the first month", () => {
    assert.deepEqual(uncompared(r, CARRIED), []);
    // per indicator: 40 month ends (April 2022 to July 2025), each a month, quarter and ytd,
    // 29 rolling 12 months (from March 2023), 3 years: 40 × 3 + 29 + 3 = 152; × 24 indicators = 3648
    assert.equal(compared(r, CARRIED), 3648);
    assert.deepEqual(differences(r, CARRIED).slice(0, 10), []);
  });

  it("gives the same looking-back figures once their look-back lies inside the data", () => {
    const from = "2024-03-31";
    assert.deepEqual(uncompared(r, LOOKING_BACK, from), []);
    const n = compared(r, LOOKING_BACK, from);
    assert.ok(n > 100, `only ${n} figures compared`);
    assert.deepEqual(differences(r, LOOKING_BACK, from).slice(0, 10), []);
  });
});

describe("collection years and codes", () => {
  it("lists the collection years a span overlaps", () => {
    assert.deepEqual(collectionYears("2022-04-01", "2025-03-31"), [2023, 2024, 2025]);
    // 31 March 2024 is in 2024; 1 April 2024 starts 2025
    assert.deepEqual(collectionYears("2024-03-31", "2024-04-01"), [2024, 2025]);
    assert.deepEqual(collectionYears("2024-05-01", "2024-06-30"), [2025]);
  });

  it("writes sex as the year's XSD does", () => {
    assert.equal(sexCode("M", 2024), "1");
    assert.equal(sexCode("F", 2024), "2");
    assert.equal(sexCode("U", 2024), "0");
    assert.equal(sexCode("m", 2025), "M");
    assert.equal(sexCode("2", 2026), "F");
    assert.equal(sexCode("9", 2026), "U");
    assert.equal(sexCode("X", 2026), undefined);
    assert.equal(sexCode(null, 2026), undefined);
  });

  it("escapes markup in text", () => {
    assert.equal(escapeXml("A&B <1>"), "A&amp;B &lt;1&gt;");
  });
});

describe("writing hand-made rows", () => {
  const tmp = tempFiles("scorecard-cin-writer-", "xml");
  let db: Database;
  const la = "201";

  const rows: Record<string, Row[]> = {
    ssd_person: [
      {
        pers_person_id: "C1",
        pers_sex: "F",
        pers_ethnicity: "WBRI",
        pers_dob: "2015-06-01",
        pers_disability: "HAND,VIS",
      },
      {
        pers_person_id: "C2",
        pers_sex: "M",
        pers_ethnicity: "AIND",
        pers_dob: "2012-01-01",
        pers_disability: "NONE",
      },
      // C3's only referral closed before the 2025 year: not in the 2025 file
      { pers_person_id: "C3", pers_sex: "M", pers_ethnicity: "BAFR", pers_dob: "2010-01-01" },
    ],
    ssd_cin_episodes: [
      // C1: one episode closed in 2024-25, one open at its end
      {
        cine_referral_id: "R1",
        cine_person_id: "C1",
        cine_referral_date: "2024-05-01",
        cine_referral_source_code: "2A",
        cine_cin_primary_need_code: "N1",
        cine_referral_nfa: "N",
        cine_close_reason: "RC7",
        cine_close_date: "2024-09-30",
      },
      {
        cine_referral_id: "R2",
        cine_person_id: "C1",
        cine_referral_date: "2025-01-10",
        cine_referral_source_code: "6",
        cine_cin_primary_need_code: "N4",
        cine_referral_nfa: "N",
      },
      // C2: referred in 2023-24 and closed after the 2025 year end (left open there)
      {
        cine_referral_id: "R3",
        cine_person_id: "C2",
        cine_referral_date: "2024-02-01",
        cine_referral_source_code: "1A",
        cine_referral_nfa: "Y",
        cine_close_reason: "RC8",
        cine_close_date: "2025-05-01",
      },
      {
        cine_referral_id: "R4",
        cine_person_id: "C3",
        cine_referral_date: "2023-01-01",
        cine_referral_nfa: "Y",
        cine_close_date: "2023-02-01",
      },
    ],
    ssd_cin_assessments: [
      {
        cina_assessment_id: "A1",
        cina_person_id: "C1",
        cina_referral_id: "R1",
        cina_assessment_start_date: "2024-05-02",
        cina_assessment_auth_date: "2024-06-20",
      },
      // authorised after the 2025 year end: written without its authorisation
      {
        cina_assessment_id: "A2",
        cina_person_id: "C1",
        cina_referral_id: "R2",
        cina_assessment_start_date: "2025-01-11",
        cina_assessment_auth_date: "2025-04-15",
      },
    ],
    ssd_s47_enquiry: [
      {
        s47e_s47_enquiry_id: "S1",
        s47e_referral_id: "R1",
        s47e_person_id: "C1",
        s47e_s47_start_date: "2024-05-03",
        s47e_s47_nfa: "N",
      },
    ],
    ssd_initial_cp_conference: [
      {
        icpc_icpc_id: "I1",
        icpc_s47_enquiry_id: "S1",
        icpc_person_id: "C1",
        icpc_cp_plan_id: "P1",
        icpc_referral_id: "R1",
        icpc_icpc_target_date: "2024-05-24",
        icpc_icpc_date: "2024-05-20",
        icpc_icpc_outcome_cp_flag: "Y",
      },
    ],
    ssd_cp_plans: [
      {
        cppl_cp_plan_id: "P1",
        cppl_referral_id: "R1",
        cppl_icpc_id: "I1",
        cppl_person_id: "C1",
        cppl_cp_plan_start_date: "2024-05-20",
        cppl_cp_plan_end_date: "2024-09-30",
        cppl_cp_plan_initial_category: "NEG",
        cppl_cp_plan_latest_category: "EMO",
        cppl_cp_plan_ola: "N",
        cppl_number_of_previous_cpp: 1,
      },
    ],
    ssd_cp_reviews: [
      {
        cppr_cp_review_id: "V2",
        cppr_person_id: "C1",
        cppr_cp_plan_id: "P1",
        cppr_cp_review_date: "2024-09-30",
      },
      {
        cppr_cp_review_id: "V1",
        cppr_person_id: "C1",
        cppr_cp_plan_id: "P1",
        cppr_cp_review_date: "2024-08-10",
      },
    ],
  };

  before(async () => {
    db = await openDatabase(":memory:");
    await createSchema(db);
    for (const [table, list] of Object.entries(rows)) {
      const loader = await TableLoader.open(db, table);
      for (const row of list) loader.append({ la_code: la, ...row });
      // another council's row, never written
      loader.append({ ...list[0], la_code: "999" });
      loader.close();
    }
  });
  after(() => db?.close());

  async function write(from: string, to: string) {
    const dir = tmp.path("");
    const out = `${dir}/${from}`;
    mkdirSync(out, { recursive: true });
    return writeCinCensus(db, out, { laCode: la, from, to });
  }

  it("writes the year's children, their episodes and the records inside them", async () => {
    const w = await write("2024-04-01", "2025-03-31");
    assert.equal(w.files.length, 1);
    // C1 and C2 (C3 closed before the year); R1, R2, R3; A1, A2; S1 with its ICPC; P1 with 2 reviews
    assert.deepEqual(w.counts, {
      Child: 2,
      CINdetails: 3,
      Assessments: 2,
      Section47: 1,
      DateOfInitialCPC: 1,
      ChildProtectionPlans: 1,
      CPPreviewDate: 2,
    });
    const xml = readFileSync(w.files[0]!, "utf8");
    assert.match(xml, /<Year>2025<\/Year>/);
    assert.match(xml, /<LEA>201<\/LEA>/);
    assert.match(xml, /<Sex>F<\/Sex>/);
    assert.doesNotMatch(xml, /GenderCurrent/);
    assert.match(xml, /<Disabilities>\s*<Disability>HAND<\/Disability>\s*<Disability>VIS<\/Disability>/);
    assert.doesNotMatch(xml, /C3/);
    // the closure after the year end is left off, and so is its reason
    assert.doesNotMatch(xml, /2025-05-01|RC8/);
    assert.doesNotMatch(xml, /2025-04-15/);
    assert.match(xml, /<ReferralNFA>1<\/ReferralNFA>/);
    // reviews in date order inside the plan, after NumberOfPreviousCPP; ReferralNFA before the plan
    assert.match(
      xml,
      /<ReferralNFA>0<\/ReferralNFA>\s*<ChildProtectionPlans>\s*<CPPstartDate>2024-05-20<\/CPPstartDate>\s*<CPPendDate>2024-09-30<\/CPPendDate>\s*<InitialCategoryOfAbuse>NEG<\/InitialCategoryOfAbuse>\s*<LatestCategoryOfAbuse>EMO<\/LatestCategoryOfAbuse>\s*<NumberOfPreviousCPP>1<\/NumberOfPreviousCPP>\s*<Reviews>\s*<CPPreviewDate>2024-08-10<\/CPPreviewDate>\s*<CPPreviewDate>2024-09-30<\/CPPreviewDate>\s*<\/Reviews>/,
    );
    assert.match(
      xml,
      /<Section47>\s*<S47ActualStartDate>2024-05-03<\/S47ActualStartDate>\s*<InitialCPCtarget>2024-05-24<\/InitialCPCtarget>\s*<DateOfInitialCPC>2024-05-20<\/DateOfInitialCPC>\s*<ICPCnotRequired>0<\/ICPCnotRequired>/,
    );
  });

  it("is read back by the CIN reader as the same records", async () => {
    const w = await write("2024-04-01", "2025-03-31");
    const back = await readCinCensus(w.files[0]!);
    assert.equal(back.issues.filter((i) => i.severity === "error").length, 0);
    assert.equal(back.summary.laCode, la);
    assert.equal(back.summary.collectionYear, 2025);
    const episodes = back.rows.ssd_cin_episodes.map((e) => [
      e.cine_person_id,
      e.cine_referral_date,
      e.cine_close_date,
    ]);
    assert.deepEqual(episodes, [
      ["C1", "2024-05-01", "2024-09-30"],
      ["C1", "2025-01-10", null],
      ["C2", "2024-02-01", null],
    ]);
    assert.deepEqual(
      back.rows.ssd_person.map((p) => [p.pers_person_id, p.pers_sex, p.pers_disability]),
      [
        ["C1", "F", "HAND,VIS"],
        ["C2", "M", "NONE"],
      ],
    );
    const plan = back.rows.ssd_cp_plans[0]!;
    assert.equal(plan.cppl_number_of_previous_cpp, 1);
    assert.equal(back.rows.ssd_initial_cp_conference[0]?.icpc_icpc_outcome_cp_flag, "Y");
    assert.deepEqual(
      back.rows.ssd_cp_reviews.map((v) => v.cppr_cp_review_date),
      ["2024-08-10", "2024-09-30"],
    );
  });

  it("writes GenderCurrent before 2025, and an earlier year only with what it held", async () => {
    const w = await write("2023-04-01", "2024-03-31");
    const xml = readFileSync(w.files[0]!, "utf8");
    // only C2's referral (2024-02-01) was open in 2023-24; C3's closed on 2023-02-01
    assert.equal(w.counts.Child, 1);
    assert.match(xml, /<GenderCurrent>1<\/GenderCurrent>/);
    assert.doesNotMatch(xml, /<Sex>/);
  });

  it("writes no file for a year with no child in need (a census must hold one)", async () => {
    const w = await write("2019-04-01", "2020-03-31");
    assert.deepEqual(w, { files: [], counts: w.counts });
    assert.equal(w.counts.Child, 0);
    assert.equal(existsSync(`${tmp.path("")}/2019-04-01/cin_census_201_2020.xml`), false);
  });

  it("writes the same bytes twice", async () => {
    const a = readFileSync((await write("2024-04-01", "2025-03-31")).files[0]!);
    const b = readFileSync((await write("2024-04-01", "2025-03-31")).files[0]!);
    assert.ok(a.equals(b));
  });
});
