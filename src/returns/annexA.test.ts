import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createSchema, type Database, loadTables, openDatabase, type Row } from "../db/database.ts";
import { readCode } from "../ingest/annexA/codes.ts";
import { readAnnexA } from "../ingest/annexA/reader.ts";
import { openWorkbook } from "../ingest/annexA/xlsx.ts";
import { compared, differences, type RoundTripResult, roundTrip, uncompared } from "../testing/roundTrip.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { writeAnnexA } from "./annexA.ts";
import { type AnnexACode, annexAText, knownCodes } from "./annexACodes.ts";

/**
 * The indicators an Annex A workbook carries, compared over the whole coverage. Not carried:
 * - contacts_to_referral_pct: list 1 has no contact outcome.
 * - strategy_discussions: list 5 holds only discussions that began an S47, not those ending in NFA.
 * - icpc_children, icpc_to_cpp_pct: a transfer-in conference has no S47, so no list 5 row.
 * - cpp_reviews_on_time_pct, cpp_visits_on_time_pct: list 7 holds only the latest review and visit.
 * - cla_3plus_placements_pct, cla_long_term_stability_pct, cla_placed_20_miles_pct: list 8 holds the
 *   most recent placement only (a count, no history) and no distance.
 * - cla_reviews_on_time_pct, cla_visits_on_time_pct, cla_health_assessment_pct, cla_dental_check_pct:
 *   list 8 holds only the latest review, visit, health assessment and dental check.
 * - care_leavers_*: list 9 is a snapshot at the list date, with no contact history.
 * - missing_*: list 8 holds counts of missing episodes, not their dates.
 * - adoption_a10_days: list 10 does not say whether the adopters were the child's foster carers.
 * - allocated_sw_pct, caseload_average: teams and workers are names on a list, not allocations with dates.
 */
const CARRIED = [
  "contacts",
  "referrals",
  "referrals_rate_10k",
  "referrals_nfa_pct",
  "referrals_to_assessment_pct",
  "assessments_completed",
  "assessments_45wd_pct",
  "assessments_open_over_45wd",
  "assessments_nfa_pct",
  "s47_enquiries",
  "s47_rate_10k",
  "s47_to_icpc_pct",
  "icpc_15wd_pct",
  "cpp_open",
  "cpp_rate_10k",
  "cpp_starts",
  "cpp_ended",
  "cpp_second_or_subsequent_pct",
  "cpp_open_2y_plus_pct",
  "cpp_open_18m_plus_pct",
  "cpp_ceased_2y_plus_pct",
  "cin_open",
  "cin_rate_10k",
  "cla_open",
  "cla_rate_10k",
  "cla_uasc_open",
  "cla_starts",
  "cla_ceased",
  "cla_ceased_permanence_pct",
  "adoptions",
  "adoption_a1_days",
  "adoption_a2_days",
];

/**
 * Carried, but each looks back before its event (a referral 12 months, a plan's predecessor
 * 2 years) to records that closed before the workbook's span, so a rolling-12 figure is
 * complete only 24 months after the span starts.
 */
const LOOKING_BACK = ["rereferrals_12m_pct", "cpp_second_within_2y_pct"];

describe("Annex A round trip", () => {
  let r: RoundTripResult;
  before(async () => {
    // as `demo --via annex-a` writes it: one workbook over the whole data, which starts part-way
    // through a year (2022-08-01 to 2025-07-31)
    r = await roundTrip([writeAnnexA], { population: 6_000, years: 3, end: "2025-07-31" });
  });
  after(() => r?.cleanup());

  it("imports without errors", () => {
    const errors = r.imports.issues.filter((i) => i.severity === "error");
    assert.deepEqual(
      errors.slice(0, 5).map((i) => `${i.sheet} ${i.row}: ${i.message}`),
      [],
    );
  });

  it("gives the same figures for every indicator the lists carry, at every period from the first month", () => {
    assert.deepEqual(uncompared(r, CARRIED).slice(0, 10), []);
    assert.ok(compared(r, CARRIED) > 3000, `only ${compared(r, CARRIED)} figures compared`);
    assert.deepEqual(differences(r, CARRIED).slice(0, 10), []);
  });

  it("gives the same figures for the look-back indicators two years into the span", () => {
    const from = `${Number(r.coverage.from.slice(0, 4)) + 2}${r.coverage.from.slice(4)}`;
    assert.deepEqual(uncompared(r, LOOKING_BACK, from), []);
    assert.ok(compared(r, LOOKING_BACK, from) > 80, `only ${compared(r, LOOKING_BACK, from)} compared`);
    assert.deepEqual(differences(r, LOOKING_BACK, from).slice(0, 10), []);
  });
});

describe("Annex A codes", () => {
  const fields: AnnexACode[] = [
    "sex",
    "ethnicity",
    "source",
    "primaryNeed",
    "closeReason",
    "abuse",
    "legalStatus",
    "ceasedReason",
    "placementType",
    "provider",
    "eligibility",
    "inTouch",
    "accommodation",
    "suitable",
    "activity",
    "reversedReason",
  ];
  for (const field of fields) {
    it(`every ${field} code reads back as itself`, () => {
      const codes = knownCodes(field);
      assert.ok(codes.length >= 2);
      const wrong = codes
        .map((code) => ({
          code,
          text: annexAText(field, code)!,
          read: readCode(field, annexAText(field, code)!),
        }))
        .filter((x) => x.read.code !== x.code);
      assert.deepEqual(wrong, []);
    });
  }

  it("writes Ofsted's drop-down text where it names one code", () => {
    assert.equal(annexAText("source", "6"), "q) 6: Police");
    assert.equal(annexAText("source", "5D"), "5D: LA services: early help");
    assert.equal(annexAText("sex", "F"), "b) Female");
    assert.equal(annexAText("placementType", "k3"), "K3: Supported accommodation (from 2024-25)");
    assert.equal(annexAText("legalStatus", null), null);
  });
});

describe("Annex A writer on hand-made rows", () => {
  const files = tempFiles("annexa-writer-", "xlsx");
  let db: Database;
  const la = "123";
  const person = (id: string, sex: string, dob: string): Row => ({
    la_code: la,
    pers_person_id: id,
    pers_sex: sex,
    pers_ethnicity: "WBRI",
    pers_dob: dob,
    pers_disability: "NONE",
  });
  before(async () => {
    db = await openDatabase(":memory:");
    await createSchema(db);
    await loadTables(db, {
      ssd_person: [
        person("C1", "F", "2015-06-01"),
        person("C2", "M", "2010-01-15"),
        person("C3", "U", "2012-03-03"),
        { ...person("OTHER", "M", "2011-01-01"), la_code: "456" },
      ],
      ssd_contacts: [
        {
          la_code: la,
          cont_contact_id: "K1",
          cont_person_id: "C1",
          cont_contact_date: "2024-05-02",
          cont_contact_source_code: "6",
        },
        {
          la_code: la,
          cont_contact_id: "K0",
          cont_person_id: "C1",
          cont_contact_date: "2023-12-31",
          cont_contact_source_code: "1A",
        },
        {
          la_code: "456",
          cont_contact_id: "K9",
          cont_person_id: "OTHER",
          cont_contact_date: "2024-05-02",
          cont_contact_source_code: "6",
        },
      ],
      ssd_cla_episodes: [
        // C2: one period of care of three episodes (X1 chain), still open.
        {
          la_code: la,
          clae_cla_episode_id: "E1",
          clae_person_id: "C2",
          clae_cla_episode_start_date: "2023-02-01",
          clae_cla_episode_start_reason: "S",
          clae_cla_primary_need_code: "N1",
          clae_cla_episode_ceased_date: "2023-08-01",
          clae_cla_episode_ceased_reason: "X1",
          clae_cla_id: "P1",
          clae_entered_care_date: "2023-02-01",
        },
        {
          la_code: la,
          clae_cla_episode_id: "E2",
          clae_person_id: "C2",
          clae_cla_episode_start_date: "2023-08-01",
          clae_cla_episode_start_reason: "P",
          clae_cla_episode_ceased_date: "2024-03-01",
          clae_cla_episode_ceased_reason: "X1",
          clae_cla_id: "P1",
          clae_entered_care_date: "2023-02-01",
        },
        {
          la_code: la,
          clae_cla_episode_id: "E3",
          clae_person_id: "C2",
          clae_cla_episode_start_date: "2024-03-01",
          clae_cla_episode_start_reason: "L",
          clae_cla_id: "P1",
          clae_entered_care_date: "2023-02-01",
        },
        // C3: a period that ended (adopted) after the list date, so it is written as open.
        {
          la_code: la,
          clae_cla_episode_id: "E4",
          clae_person_id: "C3",
          clae_cla_episode_start_date: "2022-01-10",
          clae_cla_episode_start_reason: "S",
          clae_cla_episode_ceased_date: "2024-09-30",
          clae_cla_episode_ceased_reason: "E11",
          clae_cla_id: "P2",
          clae_entered_care_date: "2022-01-10",
        },
      ],
      ssd_legal_status: [
        {
          la_code: la,
          lega_legal_status_id: "L1",
          lega_person_id: "C2",
          lega_legal_status: "C1",
          lega_legal_status_start_date: "2023-02-01",
          lega_legal_status_end_date: "2024-03-01",
        },
        {
          la_code: la,
          lega_legal_status_id: "L2",
          lega_person_id: "C2",
          lega_legal_status: "C2",
          lega_legal_status_start_date: "2024-03-01",
        },
      ],
      ssd_cla_placement: [
        {
          la_code: la,
          clap_cla_placement_id: "PL1",
          clap_cla_id: "P1",
          clap_person_id: "C2",
          clap_cla_placement_start_date: "2023-02-01",
          clap_cla_placement_end_date: "2023-08-01",
          clap_cla_placement_type: "U6",
          clap_cla_placement_provider: "PR1",
        },
        {
          la_code: la,
          clap_cla_placement_id: "PL2",
          clap_cla_id: "P1",
          clap_person_id: "C2",
          clap_cla_placement_start_date: "2023-08-01",
          clap_cla_placement_type: "K2",
          clap_cla_placement_provider: "PR4",
        },
      ],
    });
  });
  after(() => db?.close());
  const folder = (name: string) => {
    const dir = files.path(name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  it("writes one row per period of care, as at the list date, and nothing from another council", async () => {
    const out = folder("one");
    const w = await writeAnnexA(db, out, { laCode: la, from: "2024-01-01", to: "2024-06-30" });
    assert.deepEqual(w.files, [join(out, "annex_a_123_2024-06-30.xlsx")]);
    // List 1: K1 only (K0 is before the span, K9 another council's); list 8: P1 and P2; no other records.
    assert.equal(w.counts["List 1"], 1);
    assert.equal(w.counts["List 8"], 2);
    const back = await readAnnexA(w.files[0]!, { laCode: la });
    assert.deepEqual(
      back.issues.filter((i) => i.severity === "error"),
      [],
    );
    const contacts = back.rows.ssd_contacts.map((r) => [
      r.cont_person_id,
      r.cont_contact_date,
      r.cont_contact_source_code,
    ]);
    assert.deepEqual(contacts, [["C1", "2024-05-02", "6"]]);
    const episodes = back.rows.ssd_cla_episodes.map((r) => [
      r.clae_person_id,
      r.clae_cla_episode_start_date,
      r.clae_cla_episode_ceased_date,
      r.clae_cla_episode_ceased_reason,
      r.clae_cla_primary_need_code,
    ]);
    // C3's adoption on 2024-09-30 is after the list date 2024-06-30, so the period is written open.
    assert.deepEqual(episodes, [
      ["C3", "2022-01-10", null, null, null],
      ["C2", "2023-02-01", null, null, "N1"],
    ]);
    const c2 = back.rows.ssd_cla_placement.find((r) => r.clap_person_id === "C2");
    assert.deepEqual(
      [c2?.clap_cla_placement_start_date, c2?.clap_cla_placement_type, c2?.clap_cla_placement_provider],
      ["2023-08-01", "K2", "PR4"],
    );
    const legal = back.rows.ssd_legal_status.find((r) => r.lega_person_id === "C2");
    assert.deepEqual([legal?.lega_legal_status, legal?.lega_legal_status_start_date], ["C2", "2024-03-01"]);
    const sexes = back.rows.ssd_person.map((r) => [r.pers_person_id, r.pers_sex]).sort();
    assert.deepEqual(sexes, [
      ["C1", "F"],
      ["C2", "M"],
      ["C3", "U"],
    ]);
  });

  it("writes dates as Excel dates, ids and codes as text, and the same bytes twice", async () => {
    const scope = { laCode: la, from: "2024-01-01", to: "2024-06-30" };
    const a = await writeAnnexA(db, folder("a"), scope);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const b = await writeAnnexA(db, folder("b"), scope);
    assert.ok(readFileSync(a.files[0]!).equals(readFileSync(b.files[0]!)));
    const sheets = await openWorkbook(a.files[0]!);
    assert.deepEqual(
      sheets.map((s) => s.name),
      [
        "List 1",
        "List 2",
        "List 3",
        "List 4",
        "List 5",
        "List 6",
        "List 7",
        "List 8",
        "List 9",
        "List 10",
        "List 11",
      ],
    );
    const rows = [];
    for await (const row of sheets[0]!.rows()) rows.push(row.cells.slice(1));
    // C1 born 2015-06-01 is 9 on 2024-06-30.
    assert.deepEqual(rows[1], [
      "C1",
      "b) Female",
      "a) WBRI",
      new Date("2015-06-01T00:00:00Z"),
      9,
      new Date("2024-05-02T00:00:00Z"),
      "q) 6: Police",
    ]);
  });

  it("writes a council with no records in the span as headers only", async () => {
    const w = await writeAnnexA(db, folder("empty"), { laCode: la, from: "2010-01-01", to: "2010-12-31" });
    assert.deepEqual(Object.values(w.counts), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const back = await readAnnexA(w.files[0]!, { laCode: la });
    assert.deepEqual(
      back.summary.lists.map((l) => l.list),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    );
  });
});
