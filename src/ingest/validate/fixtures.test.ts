import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readFiles } from "../../app/import.ts";
import type { Row } from "../../db/database.ts";
import { sharedFixture } from "../../testing/fixtures.ts";
import { readAnnexA } from "../annexA/reader.ts";
import type { Issue } from "../issues.ts";
import { readSsda903 } from "../ssda903/reader.ts";
import { validate } from "./validate.ts";

function byRule(issues: Issue[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of issues) out[i.rule] = (out[i.rule] ?? 0) + 1;
  return out;
}

/** The DfE rule codes among the issues, sorted. */
const dfeCodes = (issues: Issue[]) => [...new Set(issues.filter((i) => i.dfe).map((i) => i.rule))].sort();

const asRows = (rows: object) => rows as Record<string, Row[]>;

const ssda903Csvs = () => {
  const dir = sharedFixture("ssda903");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .map((f) => join(dir, f));
};

describe("validate over the shared fixtures, through the readers", () => {
  it("SSDA903 CSV set: issues, located in the 903 files with 903 field names", async () => {
    const files = ssda903Csvs();
    const read = await readSsda903(files, { laCode: "201", collectionYear: 2018 });
    const issues = validate(asRows(read.rows), {
      referenceDate: "2026-01-01",
      collectionYearEnd: "2018-03-31",
    });
    const counts = byRule(issues);
    // awk -F, 'NR>1 && $8=="" && $9!=""' episodes.csv | wc -l  → 1413 (REC without DEC)
    assert.equal(counts["148"], 1413);
    // DEC after 2018-03-31, dates as yyyymmdd:
    // awk -F, 'function iso(d){split(d,a,"/");return a[3] a[2] a[1]} NR>1 && $8!="" && iso($8)>"20180331"' episodes.csv | wc -l → 12
    assert.equal(counts["385"], 12);
    // No episode ends before, or on, the day it starts; none starts after the year end (same awk, iso($8)<iso($2), ==, iso($2)>…) → 0
    assert.equal(counts["356"], undefined);
    assert.equal(counts["355"], undefined);
    assert.equal(counts["354"], undefined);
    const first = issues.find((i) => i.rule === "148")!;
    assert.equal(first.file, join(sharedFixture("ssda903"), "episodes.csv"));
    assert.equal(typeof first.row, "number");
    assert.ok(["DEC", "REC"].includes(first.column));
  });

  it("CIN census with errors: the assessment authorised before it started", async () => {
    const read = await readFiles([sharedFixture("cin-census", "CIN_Census_2024_with_errors.xml")], {
      laCode: "201",
    });
    // grep -n "AssessmentAuthorisationDate" …: two assessments; lines 42–43 start 2028-04-28, authorised 2020-09-19.
    const a = read.issues.filter((i) => i.rule === "8608");
    assert.equal(a.length, 1);
    assert.equal(a[0]!.value, "2020-09-19");
    assert.equal(a[0]!.line, 41); // the record is located at its <Assessments> element
    assert.equal(a[0]!.dfe, "error");
  });

  it("Annex A workbook: issues name the sheet and row", async () => {
    const read = await readAnnexA(sharedFixture("annex-a", "Annex_A_2024_Jan.xlsx"), { laCode: "201" });
    const issues = validate(asRows(read.rows), { referenceDate: "2026-01-01" });
    assert.ok(issues.length > 0);
    for (const i of issues) {
      assert.ok(i.sheet && i.row, JSON.stringify(i));
    }
  });
});

describe("the DfE rules each fixture breaks, as validate finds them", () => {
  it("CIN_Census_2024_with_errors.xml (ReferenceDate 2024-03-31: census 2023-04-01 to 2024-03-31)", async () => {
    const read = await readFiles([sharedFixture("cin-census", "CIN_Census_2024_with_errors.xml")], {
      laCode: "201",
    });
    // Child 1 (referred 2022-10-06, closed 2023-02-27): its assessment starts 2028-04-28 after the
    // closure (8565) and ends 2020-09-19 before it starts (8608) and outside the census (8696); its S47
    // (2022-06-02, 2889), the S47's conference (2022-06-17, 1104) and its CP plan (2022-02-17, 1105) come
    // before the referral; conferences at both levels (2884) and both outside the census (8715 ×2); the
    // CP plan ends 2023-03-14, after the closure (8565) and outside the census (8930); the CIN plan
    // (2023-01-24 to 01-26) ends outside the census (4013) and starts inside the CP plan (4016); UPN
    // A123456789123: weights 2…13 give 404, 404 mod 23 = 13 → P, not A (1510), and 123 is no LA (1530).
    // Child 2: referred 2024-10-24, after the census (8600), its assessment (2023-12-25) before that
    // (1103), authorised 2024-01-27 with no factors (8897Q). Both closures fall outside the census (8620).
    // The return uses HAND, HEAR and NONE: fewer than 8 disability codes (2887Q).
    // DfE's rule 100 stays quiet: ReferenceDate is 31 March; the header's Year (2023) disagrees, which the
    // reader reports (CIN_HEADER), and the census year follows ReferenceDate as DfE's collection does.
    assert.deepEqual(dfeCodes(read.issues), [
      "1103",
      "1104",
      "1105",
      "1510",
      "1530",
      "2884",
      "2887Q",
      "2889",
      "4013",
      "4016",
      "8565",
      "8600",
      "8608",
      "8620",
      "8696",
      "8715",
      "8897Q",
      "8930",
    ]);
    assert.ok(read.issues.some((i) => i.rule === "CIN_HEADER" && /goes by ReferenceDate/.test(i.message)));
  });

  it("fake_CIN_data.xml (Year 2022, ReferenceDate 2022-07-21: census 2021-07-22 to 2022-07-21)", async () => {
    const read = await readFiles([sharedFixture("cin-census", "fake_CIN_data.xml")], { laCode: "201" });
    // ReferenceDate is not 31 March (100). All 402 referrals are flagged no further action
    // (grep -c "<ReferralNFA>true" → 402), so each of the 350 conferences recorded on them breaks 8831,
    // and those referred before the census start are queried (8569Q); the 30 closed RC8/RC9 have no
    // assessment (8825Q), 28 of them with a conference (2990). 176 of 332 children have GenderCurrent 0 or
    // 9 (53% > 2%: 2886Q). Random UPNs mostly fail the check letter (1510) and the LA code (1530).
    // The rest are the generator's random dates and codes: referrals after the census (8600), closures
    // and conferences outside it (8620, 8715), conferences at weekends (8875), deaths outside it (8545Q)
    // or before a referral (8555Q), RC2 with no death (8585Q), NONE with other disabilities (8790), a
    // code twice (8794). 12 disability codes are used and several children have more than one, so
    // 2887Q and 2888Q stay quiet.
    assert.deepEqual(dfeCodes(read.issues), [
      "100",
      "1510",
      "1530",
      "2886Q",
      "2990",
      "8545Q",
      "8555Q",
      "8569Q",
      "8585Q",
      "8600",
      "8620",
      "8715",
      "8790",
      "8794",
      "8825Q",
      "8831",
      "8875",
    ]);
    const n = read.issues.filter((i) => i.dfe === "error").length;
    // DfE errors, not queries: what blocks the submission (it was "0 errors" when these reported as warnings)
    assert.ok(n > 1000, `${n} DfE errors`);
  });

  it("minimal_cin_2026.xml: a clean return, but for the whole-return query on disability codes", async () => {
    const read = await readFiles([sharedFixture("cin-census", "minimal_cin_2026.xml")], { laCode: "201" });
    // one child, Disability NONE: 0 codes used, fewer than 8 (2887Q, a query on the whole return)
    assert.deepEqual(dfeCodes(read.issues), ["2887Q"]);
    assert.equal(read.issues.filter((i) => i.dfe === "error").length, 0);
  });

  // SSDA903: 269 of DfE's 322 rules run on one year's return alone (51 need last year's return, the postcode
  // directory or the provider list, none given here; 164 and 411 cannot fire on derived values), so these are
  // the rules the files break without those, not all DfE would report. The collection year is inferred
  // from the dates (the fake files run to 2030/31 for the CSVs and 2026/27 for the XML), so rules of
  // 2023/24 only (217t, 370, 451) do not run. Checked by hand in episodes.csv, header.csv, oc3.csv,
  // missing.csv and reviews.csv: line 2 (T2 with PR0: 213, 550), line 5 (A5 with RNE L: 217), line 6
  // (V3, RNE L, T3: 366, 382), oc3 line 2 (DIED with ACTIV F1: 344; born 2001, 29 in 2030/31: 391),
  // header line 2 (SEX 2, MOTHER blank, looked after: 393), missing line 7 (starts 2018-02-09, the
  // child left care 2017-06-08: 578), reviews line 183 (every episode of child 819792 is V4: 399).
  // With the records as written (rules on fields the canonical rows do not keep), checked by hand too:
  // placed_for_adoption line 2 (REASON_PLACED_CEASED XXX: 120), oc2 line 6 (INTERVENTION_RECEIVED 1 and
  // OFFERED 0: 158), line 5 (SUBSTANCE_MISUSE 0 with the intervention items 0: 193), line 2 (born
  // 2008-03-27 with an SDQ score, 22 in 2030/31: 189; HEALTH_CHECK given at 23: 546), header line 14
  // (UPN O068405655286, a UPN cannot start with O: 168), ad1 line 3 (L0 with MF: 514); only in the CSVs,
  // ad1 lines 4, 6, 7, 9, 16, 2 (511, 517, 519, 518, 524, 520: two adopters F1, L3 FF, L2 M1, L4 MF,
  // L12 M1, L11 MM). Child 988635 (ad1 and placed_for_adoption line 2) has adoption items, a reversed
  // decision (525) and no episode ending E11 or E12 (602); only in the CSVs, child 590545
  // (placed_for_adoption line 4) has a reversed decision and an episode ending E12 (558). Header line 1273 (MOTHER 1.0 with MC_DOB) is a mother: no 612, as d2i reads it.
  const FOUND_IN_BOTH_903 = [
    "525",
    "602",
    "120",
    "158",
    "168",
    "189",
    "193",
    "514",
    "546",
    "213",
    "217",
    "344",
    "359",
    "364",
    "366",
    "367",
    "372",
    "374",
    "375",
    "376",
    "379",
    "382",
    "384",
    "391",
    "393",
    "399",
    "408",
    "516",
    "527",
    "528",
    "529",
    "530",
    "531",
    "550",
    "571",
    "578",
    "132",
    "133",
    "148",
    "351",
    "358",
    "361",
    "362",
    "363",
    "365",
    "378",
    "380",
    "381",
    "387",
    "388",
    "389",
    "390",
    "432",
    "433",
    "440",
    "441",
    "460",
    "501",
  ];

  // Rules added with issue 13, found in both forms (checked by hand on the first record each names; the
  // collection year is inferred as 2030/31 for the CSVs and 2026/27 for the XML, years after the records'
  // 2015–2020 dates, which is why the year-relative rules fire so often):
  // - adoption: 118 (placed_for_adoption line 2: decision ceased 2017-04-07, before the year), 551 (episodes
  //   line 3: A3 with no DATE_PLACED), 553 (E1 with no decision), 557 (line 20: left care E46 from A3, no
  //   decision recorded), 336 (line 3: A3 after T2, not a foster or adoption placement), 199 (an episode after one ended E11/E12);
  // - OC2/OC3 against 12 months' continuous care: 185, 190, 198 (OC2 items for children not looked after all
  //   2030/31), 187 (OC3 items for a child who was), 215 (OC2 items beside OC3 items);
  // - 165 (header line 2: a girl looked after, MOTHER blank; 393 already says so for the canonical rows);
  // - placements: 214 and 398 (episodes line 6: postcodes under V3), 222 (line 2: URN for T2), 226 (line 2:
  //   CLOSE given for T2), 233 (line 5: CARPL on an open episode), 234 (CUSTOD for a child under 10), 383 (line
  //   14: back from T0 to S1, not the placement before), 434 and 435 (RNE L with the same LS; RNE P with LS changed);
  // - 1012 (records of children with no episode in the set), EPI (header line 7: no episode, no OC3), SW12STG2
  //   (looked after with no social worker episode covering it: the files hold one SW episode).
  const ADDED_IN_BOTH_903 = [
    ...["118", "551", "553", "557", "336", "199"],
    ...["185", "190", "198", "187", "215", "165"],
    ...["214", "398", "222", "226", "233", "234", "383", "434", "435"],
    ...["1012", "EPI", "SW12STG2"],
  ];

  it("SSDA903 CSV set (collection year inferred from the dates)", async () => {
    const read = await readFiles(ssda903Csvs(), { laCode: "201" });
    // The CSVs hold more records than the XML copy and break four more: 142 (an episode starts before
    // the previous one ends), 431 (started to be looked after the day the previous episode ended),
    // 437 (episodes after a child died or turned 18), 574 (overlapping missing periods) and 373 (line 602:
    // S1 from 2017-07-02 for a child born 2013-09-12, aged 3).
    assert.deepEqual(
      dfeCodes(read.issues),
      [
        ...FOUND_IN_BOTH_903,
        ...["142", "373", "431", "437", "574"],
        ...["511", "517", "518", "519", "520", "524", "558"],
        ...ADDED_IN_BOTH_903,
        // Only in the CSVs (records the XML copy lacks): placed_for_adoption line 6 (DATE_PLACED 2015-03-02, the
        // period of care started 2015-06-07: 1003; ad1 line 6 the same date: 334), line 12 (ceased 2017-10-16,
        // after the child left care 2017-10-10: 117), uasc line 38 (a care leaver with no episode this year: 1014),
        // episodes line 2 (T2 with no postcodes: 392b), line 1044 (X1 with no reason, next episode RNE P: 225),
        // line 935 (RNE B, the legal status unchanged: 436), previous_permanence (children whose latest episode
        // began before 2030-04-01: 634), sw_episodes line 2 (ended 2020-01-03, before the reporting period:
        // SW07STG2; reason SWLAZY: SW13STG1). Its child, CHILD10, has no episode, so was not looked after on
        // 31 March: SW17STG2 (the latest social worker episode closed) stays quiet, where d2i, which checks
        // every child's latest episode, reports it (see SW17STG2 in rules/ssda903Cross.ts).
        ...["1003", "334", "117", "1014", "392b", "225", "436", "634", "SW07STG2", "SW13STG1"],
      ].sort(),
    );
  });

  it("fake_903.xml", async () => {
    const read = await readFiles([sharedFixture("ssda903", "fake_903.xml")], { laCode: "201" });
    // Only in the XML: 105 (the header's UASC element is absent for most children: d2i, as DfE, wants 0 or 1 in
    // the XML form; the CSV form has no such field) and 157 (SDQ1 as the reason for no SDQ score at 4 to 16).
    assert.deepEqual(
      dfeCodes(read.issues),
      [...FOUND_IN_BOTH_903, ...ADDED_IN_BOTH_903, "105", "157"].sort(),
    );
    const located = read.issues.filter((i) => i.dfe && i.file !== "");
    assert.ok(located.every((i) => i.file.endsWith("fake_903.xml") && i.line !== undefined));
  });
});
