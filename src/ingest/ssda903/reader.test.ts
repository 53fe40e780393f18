import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SHARED_FIXTURES, sharedFixture } from "../../testing/fixtures.ts";
import { tempFiles } from "../../testing/tempFiles.ts";
import type { Issue } from "../issues.ts";
import { readSsda903, SSDA903_TABLES, type Ssda903ReadResult } from "./reader.ts";

const FIXTURES = join(SHARED_FIXTURES, "ssda903");

function fixture(name: string): string {
  return sharedFixture("ssda903", name);
}

const tmp = tempFiles("ssda903-reader-", "csv");

const write = tmp.write;

const HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";
const EPISODES =
  "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";

function counts(r: Ssda903ReadResult): Record<string, number> {
  return Object.fromEntries(SSDA903_TABLES.map((t) => [t, r.rows[t].length]));
}

function rules(issues: Issue[]): string[] {
  return issues.map((i) => i.rule);
}

function strip<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  const { _file, _row, _line, ...rest } = row;
  return rest;
}

function assertFatal(r: Ssda903ReadResult, rule: string): Issue {
  const errors = r.issues.filter((i) => i.severity === "error");
  assert.equal(errors.length, 1, JSON.stringify(r.issues));
  assert.equal(errors[0]!.rule, rule);
  for (const t of SSDA903_TABLES) assert.equal(r.rows[t].length, 0, `${t} must be empty after a fatal error`);
  return errors[0]!;
}

describe("SSDA903 reader: shared fixtures", () => {
  it("reads the CSV set, each file recognised by its columns", async () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.endsWith(".csv"))
      .map(fixture);
    const r = await readSsda903(files, { laCode: "201", collectionYear: 2018 });
    // per file: `tail -n +2 F | wc -l` (records) and `tail -n +2 F | cut -d, -f1 | sort -u | wc -l` (children)
    const perFile = Object.fromEntries(
      r.summary.files.map((f) => [f.file.slice(FIXTURES.length + 1), [f.table, f.records, f.children]]),
    );
    assert.deepEqual(perFile, {
      "ad1.csv": ["ad1", 29, 29],
      "episodes.csv": ["episodes", 5050, 2123],
      "header.csv": ["header", 2675, 2675],
      "missing.csv": ["missing", 43, 39],
      "oc2.csv": ["oc2", 2675, 2675],
      "oc3.csv": ["oc3", 53, 53],
      "placed_for_adoption.csv": ["placed_for_adoption", 29, 29],
      "previous_permanence.csv": ["previous_permanence", 2675, 2675],
      "reviews.csv": ["reviews", 12582, 2675],
      "sw_episodes.csv": ["sw_episodes", 1, 1],
      "uasc.csv": ["uasc", 132, 132],
    });
    // the header's 2675 children plus CHILD10, found only in sw_episodes.csv
    assert.equal(r.summary.children, 2676);
    // periods/placements/legal statuses counted with awk over episodes sorted by child and DECOM:
    // a new period unless the previous episode of the child ended with X1 on this DECOM; a new placement
    // at each new period or RNE in P,B,T,U,S; a new legal status at each new period or change of LS → 2249, 4275, 3031.
    // oc2: HEALTH_ASSESSMENT (column 9) is never blank here: awk -F, '$9==1' → 1364 health assessments,
    // '$8==1' → 1325 dental checks; 1364 + 1325 = 2689.
    assert.deepEqual(counts(r), {
      ssd_person: 2675,
      // awk -F, '$6 ~ /^1/ && $7 != ""' header.csv → one mother (child 6389, MOTHER "1.0", MC_DOB 27/08/2016)
      ssd_mother: 1,
      ssd_cla_episodes: 5050,
      ssd_cla_placement: 4275,
      ssd_legal_status: 3031,
      ssd_cla_reviews: 12582,
      ssd_immigration_status: 132,
      ssd_cla_health: 2689,
      ssd_care_leavers: 53,
      ssdx_care_leaver_contacts: 53,
      ssd_permanence: 29,
      ssd_missing: 43,
      ssd_involvements: 1,
      // awk -F, 'NR>1 && ($6!=""||$7!=""||$8!="")' ad1.csv → 29 with adopters' items; every one of the 2675
      // oc2 rows has an SDQ score or a flag; one details row per period of care (2249)
      ssdx_adopters: 29,
      ssdx_cla_outcomes: 2675,
      ssdx_cla_period_details: 2249,
    });
    assert.equal(r.summary.periodsOfCare, 2249);
    assert.deepEqual(
      r.issues.filter((i) => i.severity === "error"),
      [],
    );
    // awk over episodes sorted by child and DECOM: 1856 of the 2123 children's first episode has an
    // RNE other than S, so their periods began before the files: no date entered care, not starts
    const unknownStart = new Set(
      r.rows.ssd_cla_episodes.filter((e) => e.clae_entered_care_date === null).map((e) => e.clae_cla_id),
    );
    assert.equal(unknownStart.size, 1856);
    // one warning each: 1000 listed, then one line for the other 856
    const before = r.issues.filter((i) => i.rule === "SSDA903_STARTED_BEFORE");
    assert.equal(before.length, 1001);
    assert.equal(before.at(-1)?.message, "856 more issues of rule SSDA903_STARTED_BEFORE are not listed");
    // grep ^566910, episodes.csv: 15/02/2016 L C2 T2 … DEC 14/08/2017 X1 CLOSE; 14/08/2017 T C2 A3 open
    // (its first episode is RNE L: the period began before the files)
    const episodes = r.rows.ssd_cla_episodes.filter((e) => e.clae_person_id === "566910").map(strip);
    assert.deepEqual(
      episodes.map((e) => [
        e.clae_cla_episode_id,
        e.clae_cla_id,
        e.clae_cla_placement_id,
        e.clae_entered_care_date,
      ]),
      [
        ["566910-E20160215", "566910-C20160215", "566910-P20160215", null],
        ["566910-E20170814", "566910-C20160215", "566910-P20170814", null],
      ],
    );
    const placements = r.rows.ssd_cla_placement.filter((p) => p.clap_person_id === "566910").map(strip);
    assert.deepEqual(
      placements.map((p) => [
        p.clap_cla_placement_type,
        p.clap_cla_placement_end_date,
        p.clap_cla_placement_change_reason,
      ]),
      [
        ["T2", "2017-08-14", "CLOSE"],
        ["A3", null, null],
      ],
    );
    assert.deepEqual(r.rows.ssd_legal_status.filter((l) => l.lega_person_id === "566910").map(strip), [
      {
        la_code: "201",
        lega_legal_status_id: "566910-L20160215",
        lega_person_id: "566910",
        lega_legal_status: "C2",
        lega_legal_status_start_date: "2016-02-15",
        lega_legal_status_end_date: null,
      },
    ]);
    const person = r.rows.ssd_person.find((p) => p.pers_person_id === "566910")!;
    assert.deepEqual(
      [person.pers_sex, person.pers_dob, person.pers_ethnicity, person._file, person._row],
      ["F", "2008-03-27", "WROM", fixture("header.csv"), 2],
    );
    // children with an RNE S episode starting 01/04/2017–31/03/2018 (awk on episodes.csv) that have a
    // PREV_PERM: 119, each onto the period entered that year; the other 2675 − 119 = 2556 are reported
    const ppPlaced = 119;
    // previous_permanence is imported now (onto ssdx_cla_period_details), so no longer reported as unused;
    // its rows for children who entered no period of care in the year are reported together
    assert.ok(!rules(r.issues).includes("SSDA903_NOT_USED"));
    assert.equal(
      r.rows.ssdx_cla_period_details.filter((d) => d.clpd_previous_permanence !== null).length,
      ppPlaced,
    );
    assert.match(
      r.issues.find((i) => i.rule === "SSDA903_PREV_PERM_UNUSED")!.message,
      new RegExp(`^${(2675 - ppPlaced).toLocaleString("en-GB")} previous permanence records name no period`),
    );
  });

  it("reads fake_903.xml (EXPSSDA903)", async () => {
    const r = await readSsda903([fixture("fake_903.xml")], { laCode: "201", collectionYear: 2018 });
    // grep -o '<CHILD>' | wc -l → 253; '<EPISODE>' 459; '<AREVIEW>' 1206; '<HEALTH_ASSESSMENT>1<' 123;
    // '<TEETH_CHECK>1<' 127 (123 + 127 = 250 health rows); '<AMISSING>' 6; '<IN_TOUCH>' 6; '<DUC>' 12; '<DATE_INT>' 3
    assert.deepEqual(r.summary.files, [
      { file: fixture("fake_903.xml"), table: "xml", records: 253, children: 253 },
    ]);
    const c = counts(r);
    assert.deepEqual(
      [c.ssd_person, c.ssd_cla_episodes, c.ssd_cla_reviews, c.ssd_cla_health, c.ssd_missing],
      [253, 459, 1206, 250, 6],
    );
    assert.deepEqual([c.ssd_care_leavers, c.ssd_immigration_status, c.ssd_permanence], [6, 12, 3]);
    // the first child: two episodes joined by X1 on 06/10/2017, both J3 placements R5 then P2 (RNE T)
    const eps = r.rows.ssd_cla_episodes.filter((e) => e.clae_person_id === "907440");
    assert.deepEqual(
      eps.map((e) => [e.clae_cla_id, e.clae_cla_episode_ceased_reason]),
      [
        ["907440-C20170106", "X1"],
        ["907440-C20170106", "E11"],
      ],
    );
    const pl = r.rows.ssd_cla_placement.filter((p) => p.clap_person_id === "907440");
    assert.deepEqual(
      pl.map((p) => [p.clap_cla_placement_type, p.clap_cla_placement_postcode, p.clap_cla_placement_urn]),
      [
        ["R5", "E7 5YR", "1465167"],
        ["P2", "Q6 7TT", "8809927"],
      ],
    );
    assert.equal(pl[0]!._line, 2);
    assert.equal(r.rows.ssd_person.find((p) => p.pers_person_id === "907440")?.pers_sex, "F");
    assert.deepEqual(
      r.issues.filter((i) => i.severity === "error"),
      [],
    );
  });
});

describe("SSDA903 reader: mapping", () => {
  it("rebuilds periods of care, placements and legal statuses from episodes", async () => {
    const header = write(
      [
        "child, Sex ,dob,ETHNIC,UPN,MOTHER,MC_DOB",
        "007,1,01/01/2010,wbri,b801200005001,0,",
        "008,F,02/02/2011,BAFR,UN2,,",
      ].join("\n"),
      "txt",
    );
    // columns in another order; codes lower-case
    const episodes = write(
      [
        "DEC,CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
        "10/05/2024,007,01/04/2024,s,c1,n1,u6,pr1,x1,,,AB1 2CD,",
        "20/06/2024,007,10/05/2024,l,c2,N1,U6,PR1,X1,carpl,,AB1 2CD,",
        "01/08/2024,007,20/06/2024,P,C2,N1,K2,PR4,E4A,,,ZZ9 9ZZ,SC123",
        "31/12/2024,007,01/10/2024,S,V2,N1,U4,PR1,X1,,,,",
        ",007,02/01/2025,P,V2,N1,U5,PR1,,,,,",
      ].join("\r\n"),
    );
    const reviews = write(
      ["CHILD,DOB,REVIEW,REVIEW_CODE", "007,01/01/2010,15/05/2024,pn1", "007,01/01/2010,01/09/2024,PN1"].join(
        "\n",
      ),
    );
    const r = await readSsda903([header, episodes, reviews], { laCode: "999", collectionYear: 2025 });
    assert.deepEqual(
      r.issues.filter((i) => i.severity === "error"),
      [],
    );
    assert.deepEqual(r.rows.ssd_person.map(strip), [
      {
        la_code: "999",
        pers_person_id: "007",
        pers_sex: "M",
        pers_ethnicity: "WBRI",
        pers_dob: "2010-01-01",
        pers_is_mother: "N",
        pers_upn: "B801200005001",
        pers_upn_unknown: null,
      },
      {
        la_code: "999",
        pers_person_id: "008",
        pers_sex: "F",
        pers_ethnicity: "BAFR",
        pers_dob: "2011-02-02",
        pers_is_mother: null,
        // the UPN column holds the reason when the UPN is not known
        pers_upn: null,
        pers_upn_unknown: "UN2",
      },
    ]);
    // periods: 01/04/2024–01/08/2024 (three episodes joined by X1) and 01/10/2024–open: the X1 on
    // 31/12/2024 is followed on 02/01/2025, a day's gap, so a third period starts (and a warning)
    assert.deepEqual(
      r.rows.ssd_cla_episodes.map((e) => [e.clae_cla_id, e.clae_entered_care_date, e.clae_cla_placement_id]),
      [
        ["007-C20240401", "2024-04-01", "007-P20240401"],
        ["007-C20240401", "2024-04-01", "007-P20240401"],
        ["007-C20240401", "2024-04-01", "007-P20240620"],
        ["007-C20241001", "2024-10-01", "007-P20241001"],
        ["007-C20250102", "2025-01-02", "007-P20250102"],
      ],
    );
    assert.deepEqual(
      r.issues.map((i) => [i.rule, i.row, i.column]),
      [
        ["SSDA903_EPISODE_JOIN", 6, "DECOM"],
        ["SSDA903_REVIEW_PERIOD", 3, "REVIEW"],
      ],
    );
    // placement 1 runs across the L episode (same placement), ending 20/06/2024 with reason CARPL
    assert.deepEqual(
      r.rows.ssd_cla_placement.map((p) => [
        p.clap_cla_placement_id,
        p.clap_cla_placement_type,
        p.clap_cla_placement_start_date,
        p.clap_cla_placement_end_date,
        p.clap_cla_placement_change_reason,
        p.clap_cla_placement_provider,
        p.clap_cla_id,
      ]),
      [
        ["007-P20240401", "U6", "2024-04-01", "2024-06-20", "CARPL", "PR1", "007-C20240401"],
        ["007-P20240620", "K2", "2024-06-20", "2024-08-01", null, "PR4", "007-C20240401"],
        ["007-P20241001", "U4", "2024-10-01", "2024-12-31", null, "PR1", "007-C20241001"],
        ["007-P20250102", "U5", "2025-01-02", null, null, "PR1", "007-C20250102"],
      ],
    );
    // C1 for one episode, C2 merged over two, then V2 in each later period
    assert.deepEqual(
      r.rows.ssd_legal_status.map((l) => [
        l.lega_legal_status,
        l.lega_legal_status_start_date,
        l.lega_legal_status_end_date,
      ]),
      [
        ["C1", "2024-04-01", "2024-05-10"],
        ["C2", "2024-05-10", "2024-08-01"],
        ["V2", "2024-10-01", "2024-12-31"],
        ["V2", "2025-01-02", null],
      ],
    );
    assert.deepEqual(r.rows.ssd_cla_reviews.map(strip), [
      {
        la_code: "999",
        clar_cla_review_id: "007-R20240515",
        clar_cla_id: "007-C20240401",
        clar_cla_review_date: "2024-05-15",
        clar_cla_review_participation: "PN1",
      },
      // 01/09/2024 falls between periods: linked to the one before, with a warning
      {
        la_code: "999",
        clar_cla_review_id: "007-R20240901",
        clar_cla_id: "007-C20240401",
        clar_cla_review_date: "2024-09-01",
        clar_cla_review_participation: "PN1",
      },
    ]);
  });

  it("leaves unknown the dates of a period that began before the files, which are already in force at its first episode", async () => {
    // K1: first episode 01/02/2023 RNE P, already under E1 and placed A4 (the period began earlier);
    // adopted E11 on 01/03/2025. K2: enters (S) on 01/02/2023 under C2, E1 from 01/06/2023, A4 from 01/09/2023.
    const files = [
      write(
        [
          EPISODES,
          "K1,01/02/2023,P,E1,N1,A4,PR1,01/03/2025,E11,,,,",
          "K2,01/02/2023,S,C2,N1,U4,PR1,01/06/2023,X1,,,,",
          "K2,01/06/2023,L,E1,N1,U4,PR1,01/09/2023,X1,,,,",
          "K2,01/09/2023,P,E1,N1,A4,PR1,01/03/2025,E11,,,,",
        ].join("\n"),
      ),
      write(
        [
          "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
          "K1,01/06/2020,01/05/2022,01/07/2022,0,2,MF,L0",
          "K2,01/06/2020,01/05/2023,01/08/2023,0,2,MF,L0",
        ].join("\n"),
      ),
    ];
    const r = await readSsda903(files, { laCode: "999", collectionYear: 2025 });
    assert.deepEqual(
      r.issues.map((i) => [i.rule, i.value]),
      [["SSDA903_STARTED_BEFORE", "P"]],
    );
    assert.deepEqual(
      r.rows.ssd_cla_episodes.map((e) => [e.clae_person_id, e.clae_entered_care_date]),
      [
        ["K1", null],
        ["K2", "2023-02-01"],
        ["K2", "2023-02-01"],
        ["K2", "2023-02-01"],
      ],
    );
    assert.deepEqual(
      r.rows.ssd_permanence.map((p) => [
        p.perm_person_id,
        p.perm_placement_order_date,
        p.perm_placed_for_adoption_date,
        p.perm_matched_date,
      ]),
      [
        // the order and the adoptive placement were in force on 01/02/2023, from some earlier date
        ["K1", null, null, "2022-07-01"],
        ["K2", "2023-06-01", "2023-09-01", "2023-08-01"],
      ],
    );
  });

  it("maps uasc, oc2, oc3, ad1, placed_for_adoption, missing and sw_episodes", async () => {
    const files = [
      write([EPISODES, "A1,01/04/2024,S,C2,N1,U4,PR1,,,,AB1 2CD,,"].join("\n")),
      write(["CHILD,SEX,DOB,DUC", "A1,M,01/06/2008,01/06/2026"].join("\n")),
      write(["CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM", "A1,01/06/2008,P2,999,15/03/2019"].join("\n")),
      write(
        [
          "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
          "A1,01/06/2008,12,,0,1,1,1,1,0,0,0",
          "B2,01/06/2009,,SDQ1,0,0,1,1,0,0,0,0",
        ].join("\n"),
      ),
      write(
        ["CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", "C3,15/04/2006,yes,f2,d1", "C4,10/04/2007,NO,G5,R"].join("\n"),
      ),
      write(
        [
          "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
          "A1,01/06/2008,01/05/2024,01/07/2024,1,2,MF,L0",
        ].join("\n"),
      ),
      write(
        [
          "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
          "A1,01/06/2008,01/08/2024,01/10/2024,RD1",
          "A1,01/06/2008,01/12/2024,,",
        ].join("\n"),
      ),
      write(["CHILD,DOB,MISSING,MIS_START,MIS_END", "A1,01/06/2008,m,03/05/2024,04/05/2024"].join("\n")),
      write(["CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON", "A1,01/06/2008,SW7,01/04/2024,,"].join("\n")),
    ];
    const r = await readSsda903(files, { laCode: "999", collectionYear: 2025 });
    assert.deepEqual(r.issues, []);
    // UASC from the start of the child's first period of care to DUC
    assert.deepEqual(r.rows.ssd_immigration_status.map(strip), [
      {
        la_code: "999",
        immi_immigration_status_id: "A1-U",
        immi_person_id: "A1",
        immi_immigration_status: "UASC",
        immi_immigration_status_start_date: "2024-04-01",
        immi_immigration_status_end_date: "2026-06-01",
      },
    ]);
    // A1: health check and dental check, dated 30/03/2025 (the day before the next year's window opens); B2: dental only
    assert.deepEqual(
      r.rows.ssd_cla_health.map((h) => [
        h.clah_person_id,
        h.clah_health_check_type,
        h.clah_health_check_date,
      ]),
      [
        ["A1", "HA_REVIEW", "2025-03-30"],
        ["A1", "DENTAL", "2025-03-30"],
        ["B2", "DENTAL", "2025-03-30"],
      ],
    );
    // the other OC2 items as each child's outcomes at 31 March 2025
    assert.deepEqual(r.rows.ssdx_cla_outcomes.map(strip), [
      {
        la_code: "999",
        outc_table_id: "A1-O20250331",
        outc_person_id: "A1",
        outc_year_end: "2025-03-31",
        outc_sdq_score: 12,
        outc_convicted: "N",
        outc_health_check: "Y",
        outc_immunisations: "Y",
        outc_substance_misuse: "N",
        outc_intervention_received: "N",
        outc_intervention_offered: "N",
      },
      {
        la_code: "999",
        outc_table_id: "B2-O20250331",
        outc_person_id: "B2",
        outc_year_end: "2025-03-31",
        outc_sdq_score: null,
        outc_convicted: "N",
        outc_health_check: "N",
        outc_immunisations: "Y",
        outc_substance_misuse: "N",
        outc_intervention_received: "N",
        outc_intervention_offered: "N",
      },
    ]);
    // the adopters of A1's adoption, on its permanence row; HOME_POST and the previous permanence on the
    // period of care A1 entered in 2024-25
    assert.deepEqual(r.rows.ssdx_adopters.map(strip), [
      {
        la_code: "999",
        adop_perm_table_id: "A1-A",
        adop_person_id: "A1",
        adop_number_of_adopters: "2",
        adop_adopter_sex: "MF",
        adop_adopter_legal_status: "L0",
      },
    ]);
    assert.deepEqual(r.rows.ssdx_cla_period_details.map(strip), [
      {
        la_code: "999",
        clpd_cla_id: "A1-C20240401",
        clpd_person_id: "A1",
        clpd_home_postcode: "AB1 2CD",
        clpd_previous_permanence: "P2",
        clpd_previous_permanence_la: "999",
        clpd_previous_permanence_date: "2019-03-15",
      },
    ]);
    // C3 is 18 on 31/03/2025 (born 15/04/2006 → 18 since 15/04/2024): former relevant; C4 is 17
    assert.deepEqual(
      r.rows.ssd_care_leavers.map((c) => [
        c.clea_person_id,
        c.clea_care_leaver_eligibility,
        c.clea_care_leaver_in_touch,
        c.clea_care_leaver_activity,
        c.clea_care_leaver_accommodation,
        c.clea_care_leaver_accom_suitable,
      ]),
      [
        ["C3", "FORMER_RELEVANT", "YES", "F2", "D", "1"],
        ["C4", "RELEVANT", "NO", "G5", "R", null],
      ],
    );
    assert.deepEqual(r.rows.ssdx_care_leaver_contacts.map(strip)[0], {
      la_code: "999",
      clec_contact_id: "C3-CC20250331",
      clec_person_id: "C3",
      clec_contact_date: "2025-03-31",
      clec_in_touch: "YES",
      clec_accommodation: "D",
      clec_accom_suitable: "1",
      clec_activity: "F2",
    });
    // the later decision (01/12/2024, not ceased) is the current one
    assert.deepEqual(r.rows.ssd_permanence.map(strip), [
      {
        la_code: "999",
        perm_table_id: "A1-A",
        perm_person_id: "A1",
        perm_cla_id: "A1-C20240401",
        perm_adm_decision_date: "2024-05-01",
        perm_matched_date: "2024-07-01",
        perm_adopted_by_carer_flag: "Y",
        // DATE_PLACED is the decision date (AD1's DATE_INT wins); the dates placed, of the order and
        // with the foster carer come from the episodes: A1's one episode is U4 under C2, so none
        perm_placed_for_adoption_date: null,
        perm_placement_order_date: null,
        perm_placed_foster_carer_date: null,
        perm_decision_reversed_date: null,
        perm_decision_reversed_reason: null,
      },
    ]);
    assert.deepEqual(
      r.rows.ssd_missing.map((m) => [
        m.miss_table_id,
        m.miss_missing_episode_type,
        m.miss_missing_episode_end_date,
      ]),
      [["A1-M20240503", "M", "2024-05-04"]],
    );
    assert.deepEqual(
      r.rows.ssd_involvements.map((i) => [
        i.invo_professional_id,
        i.invo_involvement_start_date,
        i.invo_involvement_end_date,
      ]),
      [["SW7", "2024-04-01", null]],
    );
  });

  it("infers the collection year from the latest date when none is given, and says so", async () => {
    const files = [
      write([EPISODES, "A1,01/04/2024,S,C2,N1,U4,PR1,15/04/2025,E4A,,,,"].join("\n")),
      write(["CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", "C3,15/04/2006,YES,F2,D1"].join("\n")),
    ];
    const r = await readSsda903(files, { laCode: "999" });
    // latest date 15/04/2025 is after 31/03/2025, so the year ending 31/03/2026
    assert.equal(r.summary.collectionYear, 2026);
    assert.equal(r.rows.ssdx_care_leaver_contacts[0]?.clec_contact_date, "2026-03-31");
    assert.deepEqual(rules(r.issues), ["SSDA903_YEAR_INFERRED"]);
  });
});

describe("SSDA903 reader: bad input", () => {
  it("reports invalid and ambiguous dates by row and column, dropping the episode", async () => {
    const f = write(
      [
        EPISODES,
        "A1,31/02/2024,S,C2,N1,U4,PR1,,,,,,",
        "A2,2024-13-01,S,C2,N1,U4,PR1,,,,,,",
        "A3,1/2/24,S,C2,N1,U4,PR1,,,,,,",
        "A4,1/2/2024,S,C2,N1,U4,PR1,,,,,,",
        "A5,,S,C2,N1,U4,PR1,,,,,,",
      ].join("\n"),
    );
    const r = await readSsda903([f], { laCode: "999" });
    assert.deepEqual(
      r.issues.map((i) => [i.severity, i.rule, i.row, i.column, i.value]),
      [
        ["error", "SSDA903_DATE", 2, "DECOM", "31/02/2024"],
        ["error", "SSDA903_DATE", 3, "DECOM", "2024-13-01"],
        ["error", "SSDA903_DATE", 4, "DECOM", "1/2/24"],
        ["error", "SSDA903_MISSING", 6, "DECOM", ""],
      ],
    );
    assert.match(r.issues[2]!.message, /century is ambiguous/);
    assert.deepEqual(
      r.rows.ssd_cla_episodes.map((e) => [e.clae_person_id, e.clae_cla_episode_start_date]),
      [["A4", "2024-02-01"]],
    );
  });

  it("gives one error and no rows for an empty file, a PDF, an unknown column set, a cut-short quote", async () => {
    const cases: [string | Uint8Array, string][] = [
      ["", "SSDA903_EMPTY"],
      ["  \n\n ", "SSDA903_EMPTY"],
      [Buffer.from("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj<<>>endobj\n", "latin1"), "SSDA903_NOT_903"],
      ["name,address\nJo,Leeds\n", "SSDA903_NOT_903"],
      [`${EPISODES}\nA1,"01/04/2024,S,C2\n`, "SSDA903_CSV"],
      ["<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID>", "SSDA903_XML"],
      ["<Message><Header/></Message>", "SSDA903_NOT_903"],
      ["<EXPSSDA903></EXPSSDA903>", "SSDA903_NO_CHILDREN"],
    ];
    for (const [content, rule] of cases) {
      const r = await readSsda903([write(content)], { laCode: "999" });
      assertFatal(r, rule);
    }
    const missing = await readSsda903([tmp.path("nope.csv")], { laCode: "999" });
    assertFatal(missing, "SSDA903_READ");
  });

  it("names the closest file when required columns are missing", async () => {
    const r = await readSsda903([write("CHILD,DOB,REVIEW\nA1,01/01/2010,01/05/2024\n")], { laCode: "999" });
    assert.match(assertFatal(r, "SSDA903_NOT_903").message, /reviews file, which also needs REVIEW_CODE/);
  });

  it("keeps a file with an extra column, warning about it; a header-only file is a warning", async () => {
    const r = await readSsda903(
      [
        write(["CHILD,DOB,REVIEW,REVIEW_CODE,Notes", "A1,01/01/2010,01/05/2024,PN1,hello"].join("\n")),
        write("CHILD,DOB,MISSING,MIS_START,MIS_END\n"),
      ],
      { laCode: "999" },
    );
    assert.deepEqual(
      r.issues.map((i) => [i.severity, i.rule, i.column]),
      [
        ["warning", "SSDA903_UNKNOWN_COLUMN", "Notes"],
        ["warning", "SSDA903_NO_ROWS", ""],
        ["warning", "SSDA903_REVIEW_PERIOD", "REVIEW"],
      ],
    );
    assert.equal(r.rows.ssd_cla_reviews.length, 1);
  });

  it("reads UTF-16 (Excel 'Unicode text', tab-separated) and Windows-1252 files", async () => {
    const text = `${HEADER.replace(/,/g, "\t")}\r\nZoë1\t2\t01/01/2010\tWBRI\t\t\t\r\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(le);
    be.swap16();
    const cp1252 = Buffer.from(`${HEADER}\nZo\u00eb1,2,01/01/2010,WBRI,,,\n`, "latin1");
    const bom8 = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${HEADER}\nZoë1,2,01/01/2010,WBRI,,,\n`),
    ]);
    for (const bytes of [le, be, cp1252, bom8]) {
      const r = await readSsda903([write(bytes)], { laCode: "999" });
      assert.deepEqual(r.issues, []);
      assert.deepEqual(
        r.rows.ssd_person.map((p) => [p.pers_person_id, p.pers_sex]),
        [["Zoë1", "F"]],
      );
    }
  });

  it("refuses to import without an LA code", async () => {
    const r = await readSsda903([write(`${HEADER}\nA1,1,01/01/2010,WBRI,,,\n`)]);
    assertFatal(r, "SSDA903_NO_LA");
  });

  it("reports a bad code but keeps it; a record without CHILD is dropped", async () => {
    const r = await readSsda903(
      [
        write(
          [EPISODES, "A1,01/04/2024,S,Q9,N1,U4,PR1,,,,,,", ",01/04/2024,S,C2,N1,U4,PR1,,,,,,"].join("\n"),
        ),
      ],
      { laCode: "999" },
    );
    assert.deepEqual(
      r.issues.map((i) => [i.severity, i.rule, i.row, i.column, i.value]),
      [
        ["error", "SSDA903_NO_CHILD", 3, "CHILD", ""],
        ["warning", "SSDA903_CODE", 2, "LS", "Q9"],
      ],
    );
    assert.equal(r.rows.ssd_legal_status[0]?.lega_legal_status, "Q9");
  });

  it("never rejects on random bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const r = await readSsda903([write(bytes)], { laCode: "999" });
        assert.ok(Array.isArray(r.issues));
      }),
      { numRuns: 60 },
    );
  });

  it("never rejects on mutated copies of the fixtures", async () => {
    const sources = ["episodes.csv", "header.csv", "fake_903.xml"].map((f) =>
      readFileSync(fixture(f)).subarray(0, 20000),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        fc.nat(),
        async (which, edits, cut) => {
          const bytes = Buffer.from(sources[which]!);
          for (const [at, b] of edits) bytes[at % bytes.length] = b;
          const r = await readSsda903([write(bytes.subarray(0, (cut % bytes.length) + 1))], {
            laCode: "999",
          });
          assert.ok(Array.isArray(r.issues));
        },
      ),
      { numRuns: 60 },
    );
  });
});
