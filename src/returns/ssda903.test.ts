import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { importFiles } from "../app/import.ts";
import { type Database, query } from "../db/database.ts";
import { readSsda903 } from "../ingest/ssda903/reader.ts";
import {
  compared,
  differences,
  type Figures,
  fromCollectionYear,
  type RoundTripResult,
  roundTrip,
  uncompared,
} from "../testing/roundTrip.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, setCoverage, type Workspace } from "../workspace/workspace.ts";
import { collectionYears, writeSsda903 } from "./ssda903.ts";

/**
 * What a set of 903 returns carries, compared at every month end, quarter, year to date, rolling
 * 12 months and year both runs hold, the first collection year included. The returns are written
 * as `demo --via cin-903` writes them: the collection years the data overlaps, the first starting
 * part-way through a year (8 months before the data starts) and so written from its 1 April.
 * Not carried:
 * - front door, assessments, S47, CP, CIN, workforce: not in a looked-after children's return;
 * - cla_visits_on_time_pct: the 903 has no statutory visits;
 * - cla_placed_20_miles_pct: the 903 has no distance (HOME_POST, PL_POST are postcodes; no home address in the model to write);
 * - missing_rhi_offered_pct, missing_rhi_72h_pct: the 903's missing file has no return interview;
 * - cla_health_assessment_pct, cla_dental_check_pct: OC2 is a yes/no per year with no date (read as 30 March), so only 31 March is carried;
 * - care_leavers_*: OC3 is one status a year (read as 31 March), not the contact history, so only 31 March is carried.
 */
const CARRIED = [
  "cla_open",
  "cla_rate_10k",
  "cla_uasc_open",
  "cla_starts",
  "cla_ceased",
  "cla_ceased_permanence_pct",
  "missing_episodes",
  "missing_children",
  "adoptions",
];

/**
 * Carried, but each looks back 12 months before D (placements overlapping the 12 months), and
 * a year's returns hold only the episodes open in it: compared from the end of the first
 * collection year.
 */
const LOOKING_BACK_12M = ["cla_3plus_placements_pct"];

/**
 * Carried only with the history before the data: a period of care that began before the first
 * collection year is known from its first episode open in it, so its date of entering care,
 * its earlier placements and reviews, and the placement order and adoptive placement of an
 * adoption are not. Compared on returns written back to 25 years before the data.
 */
const NEEDS_HISTORY = [
  "cla_long_term_stability_pct",
  "cla_reviews_on_time_pct",
  "adoption_a1_days",
  "adoption_a10_days",
  "adoption_a2_days",
];

/** Carried at 31 March only: the year-end snapshots (OC2, OC3). */
const AT_YEAR_END = [
  "cla_health_assessment_pct",
  "cla_dental_check_pct",
  "care_leavers_suitable_accommodation_pct",
  "care_leavers_eet_pct",
  "care_leavers_in_touch_pct",
];

function yearEnds(f: Figures): Figures {
  return new Map([...f].filter(([k]) => k.endsWith("-03-31")));
}

/** The period types compared for `indicators`, with how many figures each. */
function periodTypes(r: RoundTripResult, indicators: readonly string[], from = ""): Record<string, number> {
  const wanted = new Set(indicators);
  const out: Record<string, number> = {};
  for (const key of r.original.keys()) {
    const [id, type, end] = key.split("|") as [string, string, string];
    if (wanted.has(id) && end >= from && r.imported.has(key)) out[type] = (out[type] ?? 0) + 1;
  }
  return out;
}

describe("SSDA903 round trip, the collection years of the data", () => {
  let r: RoundTripResult;
  before(async () => {
    // data 2023-08-01 to 2025-07-31: sets 2024 (from 2023-04-01), 2025 and 2026 (to 2025-07-31);
    // the original's coverage is widened back to 2023-04-01, so the first year is compared whole
    r = await roundTrip([writeSsda903], {
      population: 6_000,
      years: 2,
      end: "2025-07-31",
      coverage: fromCollectionYear,
    });
  });
  after(() => r?.cleanup());

  it("imports without errors, one set per collection year, the first from its 1 April", () => {
    assert.equal(r.imports.errors, 0, r.imports.issues.map((i) => i.message).join("\n"));
    const sets = [...new Set(r.written[0]!.files.map((f) => f.split(/[\\/]/).at(-2)))];
    assert.deepEqual(sets, ["ssda903_999_2024", "ssda903_999_2025", "ssda903_999_2026"]);
    assert.deepEqual(r.coverage, { from: "2023-04-01", to: "2025-07-31" });
  });

  it("gives the same figures for every indicator the 903 carries, at every period from the first month", () => {
    // 28 month ends (April 2023 to July 2025) of each of 9 indicators are all there
    assert.deepEqual(uncompared(r, CARRIED), []);
    // month 28, quarter 28, ytd 28, rolling12 17 (from March 2024), year 2 (2024, 2025): 103 each
    assert.deepEqual(periodTypes(r, ["cla_starts"]), {
      month: 28,
      quarter: 28,
      ytd: 28,
      rolling12: 17,
      year: 2,
    });
    assert.deepEqual(differences(r, CARRIED).slice(0, 10), []);
  });

  it("says which periods of care began before the data, and does not count them as starts", () => {
    const before = r.imports.issues.filter((i) => i.rule === "SSDA903_STARTED_BEFORE");
    assert.ok(before.length > 10, `${before.length} periods began before the data`);
    assert.match(before[0]!.message, /not S: the period of care began before the data/);
    // they are looked after on 30 April 2023 yet no start of them is counted: starts equal the original's
    assert.deepEqual(differences(r, ["cla_starts"]), []);
  });

  it("gives the same look-back figures from the end of the first collection year", () => {
    const from = "2024-03-31";
    assert.deepEqual(uncompared(r, LOOKING_BACK_12M, from), []);
    assert.ok(compared(r, LOOKING_BACK_12M, from) > 50, `only ${compared(r, LOOKING_BACK_12M, from)}`);
    assert.deepEqual(differences(r, LOOKING_BACK_12M, from).slice(0, 10), []);
  });

  it("gives the same year-end figures for OC2 and OC3", () => {
    const ends = { original: yearEnds(r.original), imported: yearEnds(r.imported) };
    assert.deepEqual(uncompared(ends, AT_YEAR_END), []);
    assert.ok(compared(ends, AT_YEAR_END) >= 5, `only ${compared(ends, AT_YEAR_END)} figures compared`);
    assert.deepEqual(differences(ends, AT_YEAR_END).slice(0, 10), []);
  });
});

describe("SSDA903 round trip, with the history before the data", () => {
  let r: RoundTripResult;
  before(async () => {
    // every year back to 25 years before the data, so periods of care that began before it keep their start
    r = await roundTrip([writeSsda903], {
      population: 6_000,
      years: 2,
      end: "2025-07-31",
      coverage: fromCollectionYear,
      scopes: (c) => [{ from: `${Number(c.from.slice(0, 4)) - 25}-04-01`, to: c.to }],
    });
  });
  after(() => r?.cleanup());

  it("gives the same figures for every indicator the 903 carries, those needing the history included", () => {
    assert.equal(r.imports.errors, 0, r.imports.issues.map((i) => i.message).join("\n"));
    const all = [...CARRIED, ...LOOKING_BACK_12M, ...NEEDS_HISTORY];
    assert.deepEqual(uncompared(r, all), []);
    assert.ok(compared(r, all) > 1400, `only ${compared(r, all)} figures compared`);
    assert.deepEqual(differences(r, all).slice(0, 10), []);
  });
});

describe("collectionYears", () => {
  it("names each year by its end", () => {
    // 2023-04-01 is in 2023-24 (2024); 2025-03-31 in 2024-25 (2025)
    assert.deepEqual(collectionYears("2023-04-01", "2025-03-31"), [2024, 2025]);
    // 2023-03-31 is in 2022-23; 2023-04-01 starts 2023-24
    assert.deepEqual(collectionYears("2023-03-31", "2023-04-01"), [2023, 2024]);
  });
});

describe("writeSsda903 on hand-made rows", () => {
  const tmp = tempFiles("scorecard-903-writer-", "csv");
  let ws: Workspace;
  let db: Database;
  before(async () => {
    const dir = tmp.path("ws");
    await initWorkspace(dir, starterSettings("Test Council", "999", { 2024: 1000, 2025: 1000 }));
    ws = await openWorkspace(dir);
    db = ws.db;
    const run = (sql: string) => db.connection.run(sql);
    await run(`INSERT INTO ssd_person (la_code, pers_person_id, pers_sex, pers_ethnicity, pers_dob, pers_is_mother) VALUES
      ('999', 'A1', 'M', 'WBRI', DATE '2010-06-01', NULL),
      ('999', 'B2', 'F', 'ASIA', DATE '2012-02-29', 'N'),
      ('999', 'OLD', 'F', 'WBRI', DATE '2005-01-01', NULL),
      ('888', 'X9', 'M', 'WBRI', DATE '2011-01-01', NULL)`);
    // A1: one period, two episodes joined by X1; the second is open past 31/03/2024.
    // B2: entered 10/02/2025, still in care. OLD: left care in 2020 (no records in scope). X9: another council.
    await run(`INSERT INTO ssd_cla_placement (la_code, clap_cla_placement_id, clap_cla_placement_start_date, clap_cla_placement_type,
        clap_cla_placement_urn, clap_cla_id, clap_cla_placement_provider, clap_cla_placement_postcode, clap_cla_placement_end_date,
        clap_cla_placement_change_reason, clap_person_id) VALUES
      ('999', 'P1', DATE '2023-01-05', 'u4', 'SC1', 'C1', 'pr1', 'AB1 2CD', DATE '2023-09-01', 'carpl', 'A1'),
      ('999', 'P2', DATE '2023-09-01', 'K2', NULL, 'C1', 'PR4', NULL, NULL, NULL, 'A1'),
      ('999', 'P3', DATE '2025-02-10', 'U6', NULL, 'C2', 'PR1', NULL, NULL, NULL, 'B2'),
      ('999', 'P4', DATE '2019-01-01', 'U6', NULL, 'C3', 'PR1', NULL, DATE '2020-01-01', NULL, 'OLD'),
      ('888', 'P9', DATE '2024-01-01', 'U6', NULL, 'C9', 'PR1', NULL, NULL, NULL, 'X9')`);
    await run(`INSERT INTO ssd_legal_status (la_code, lega_legal_status_id, lega_person_id, lega_legal_status,
        lega_legal_status_start_date, lega_legal_status_end_date) VALUES
      ('999', 'L1', 'A1', 'c1', DATE '2023-01-05', DATE '2023-09-01'),
      ('999', 'L2', 'A1', 'C2', DATE '2023-09-01', NULL),
      ('999', 'L3', 'B2', 'V2', DATE '2025-02-10', NULL),
      ('999', 'L4', 'OLD', 'V2', DATE '2019-01-01', DATE '2020-01-01')`);
    await run(`INSERT INTO ssd_cla_episodes (la_code, clae_cla_episode_id, clae_person_id, clae_cla_episode_start_date,
        clae_cla_episode_start_reason, clae_cla_primary_need_code, clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason,
        clae_cla_id, clae_cla_placement_id, clae_entered_care_date) VALUES
      ('999', 'E1', 'A1', DATE '2023-01-05', 's', 'N1', DATE '2023-09-01', 'X1', 'C1', 'P1', DATE '2023-01-05'),
      ('999', 'E2', 'A1', DATE '2023-09-01', 'B', 'N1', DATE '2024-06-30', 'E4A', 'C1', 'P2', DATE '2023-01-05'),
      ('999', 'E3', 'B2', DATE '2025-02-10', 'S', 'N2', NULL, NULL, 'C2', 'P3', DATE '2025-02-10'),
      ('999', 'E4', 'OLD', DATE '2019-01-01', 'S', 'N1', DATE '2020-01-01', 'E4A', 'C3', 'P4', DATE '2019-01-01'),
      ('888', 'E9', 'X9', DATE '2024-01-01', 'S', 'N1', NULL, NULL, 'C9', 'P9', DATE '2024-01-01')`);
    await run(`INSERT INTO ssd_cla_reviews (la_code, clar_cla_review_id, clar_cla_id, clar_cla_review_date, clar_cla_review_cancelled,
        clar_cla_review_participation) VALUES
      ('999', 'R1', 'C1', DATE '2023-02-01', NULL, 'pn1'),
      ('999', 'R2', 'C1', DATE '2023-05-01', NULL, 'PN2'),
      ('999', 'R3', 'C1', DATE '2023-06-01', 'Y', 'PN2')`);
    await run(`INSERT INTO ssd_missing (la_code, miss_table_id, miss_person_id, miss_missing_episode_start_date,
        miss_missing_episode_type, miss_missing_episode_end_date) VALUES
      ('999', 'M1', 'A1', DATE '2024-03-30', 'M', DATE '2024-04-02'),
      ('999', 'M2', 'B2', DATE '2024-12-01', 'M', DATE '2024-12-02')`);
  });
  after(() => ws?.close());

  async function write(from: string, to: string, tag = ""): Promise<{ dir: string; files: string[] }> {
    const out = tmp.path(`out-${from}-${to}${tag}`);
    mkdirSync(out);
    const w = await writeSsda903(db, out, { laCode: "999", from, to });
    return { dir: out, files: w.files.map((f) => f.slice(out.length + 1)) };
  }
  const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

  it("writes a year's episodes with their history, codes upper-cased, dates dd/mm/yyyy, the open one open", async () => {
    const { dir, files } = await write("2023-04-01", "2024-03-31");
    // 2023-24: A1 only (B2 enters in 2025, OLD left in 2020, X9 is another council's)
    assert.deepEqual(files, [
      "ssda903_999_2024/header.csv",
      "ssda903_999_2024/episodes.csv",
      "ssda903_999_2024/reviews.csv",
      "ssda903_999_2024/oc2.csv",
      "ssda903_999_2024/missing.csv",
    ]);
    // A1 has been looked after since 05/01/2023, over 12 months at 31/03/2024, with no check recorded
    assert.equal(
      read(dir, "ssda903_999_2024/oc2.csv"),
      "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\nA1,01/06/2010,,,,,,0,0,,,\n",
    );
    assert.equal(
      read(dir, "ssda903_999_2024/episodes.csv"),
      [
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
        // E1 started before the year and ended in it: carried, with the placement's change reason
        "A1,05/01/2023,S,C1,N1,U4,PR1,01/09/2023,X1,CARPL,,AB1 2CD,SC1",
        // E2 ends 30/06/2024, after this year: written open
        "A1,01/09/2023,B,C2,N1,K2,PR4,,,,,,",
        "",
      ].join("\n"),
    );
    // sex 1/2 before 2024-25; MOTHER blank when unknown
    assert.equal(
      read(dir, "ssda903_999_2024/header.csv"),
      "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,1,01/06/2010,WBRI,,,\n",
    );
    // only reviews in the year and not cancelled (R1 is before it, R3 cancelled)
    assert.equal(
      read(dir, "ssda903_999_2024/reviews.csv"),
      "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,01/06/2010,01/05/2023,PN2\n",
    );
    // the missing episode still open on 31/03/2024 has no end
    assert.equal(
      read(dir, "ssda903_999_2024/missing.csv"),
      "CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,01/06/2010,M,30/03/2024,\n",
    );
  });

  it("writes the next year with the carried episode closed and M/F sex", async () => {
    const { dir } = await write("2024-04-01", "2025-03-31");
    assert.equal(
      read(dir, "ssda903_999_2025/episodes.csv"),
      [
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
        "A1,01/09/2023,B,C2,N1,K2,PR4,30/06/2024,E4A,,,,",
        "B2,10/02/2025,S,V2,N2,U6,PR1,,,,,,",
        "",
      ].join("\n"),
    );
    assert.equal(
      read(dir, "ssda903_999_2025/header.csv"),
      "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,M,01/06/2010,WBRI,,,\nB2,F,29/02/2012,ASIA,,0,\n",
    );
    // B2's missing episode (while looked after? no: before entering care) is not a 903 record
    assert.equal(
      read(dir, "ssda903_999_2025/missing.csv"),
      "CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,01/06/2010,M,30/03/2024,02/04/2024\n",
    );
  });

  it("writes nothing for a year in which no child was looked after, and the same bytes twice", async () => {
    const empty = await write("2021-04-01", "2022-03-31");
    assert.deepEqual(empty.files, []);
    const a = await write("2023-04-01", "2025-03-31", "a");
    const b = await write("2023-04-01", "2025-03-31", "b");
    // 2023-24: header, episodes, reviews, oc2, missing; 2024-25: header, episodes, previous_permanence (B2 entered), missing
    assert.equal(a.files.length, 9);
    assert.deepEqual(a.files, b.files);
    for (const f of a.files) assert.equal(read(a.dir, f), read(b.dir, f), f);
  });

  it("imports a period first seen part-way through as begun before the data, never a start", async () => {
    // 2024-25 alone: A1's first episode in it is E2 (from 01/09/2023, RNE B), B2 enters on 10/02/2025 (RNE S)
    const { dir } = await write("2024-04-01", "2025-03-31", "-alone");
    const wsDir = tmp.path("ws-import-2025");
    await initWorkspace(wsDir, starterSettings("Test Council", "999", { 2023: 1000, 2024: 1000 }));
    const b = await openWorkspace(wsDir);
    try {
      // the council's data reaches back to April 2023 (from other returns), so 01/09/2023 lies in a period
      await setCoverage(b.db, { laCode: "999", dataFrom: "2023-04-01", dataTo: "2025-03-31" });
      const result = await importFiles(b, [dir]);
      assert.deepEqual(
        result.issues
          .filter((i) => i.rule === "SSDA903_STARTED_BEFORE")
          .map((i) => [i.row, i.column, i.value]),
        [[2, "RNE", "B"]],
      );
      const starts = await query(
        b.db,
        "SELECT CAST(period_end AS VARCHAR) AS period_end, value FROM indicator_values WHERE indicator = 'cla_starts' AND period_type = 'year' ORDER BY 1",
      );
      // 2023-24: none (A1 began before the data); 2024-25: B2 only
      assert.deepEqual(
        starts.map((x) => [x.period_end, Number(x.value)]),
        [
          ["2024-03-31", 0],
          ["2025-03-31", 1],
        ],
      );
      // A1 is still looked after, and its end is still an end: ceased on 30/06/2024
      const other = await query(
        b.db,
        `SELECT indicator, value FROM indicator_values WHERE period_type = 'month'
          AND ((indicator = 'cla_open' AND period_end = DATE '2024-03-31') OR (indicator = 'cla_ceased' AND period_end = DATE '2024-06-30'))
          ORDER BY 1`,
      );
      assert.deepEqual(
        other.map((x) => [x.indicator, Number(x.value)]),
        [
          ["cla_ceased", 1],
          ["cla_open", 1],
        ],
      );
    } finally {
      b.close();
    }
  });

  it("reads two years' folders back as two collection years, the carried episode once", async () => {
    const { dir, files } = await write("2023-04-01", "2025-03-31");
    const paths = files.map((f) => join(dir, f));
    const got = await readSsda903(paths, { laCode: "999" });
    assert.deepEqual(got.summary.collectionYears, [2024, 2025]);
    assert.deepEqual(got.summary.period, { from: "2023-04-01", to: "2025-03-31" });
    // A1: E1, E2 (once, closed); B2: E3
    assert.deepEqual(
      got.rows.ssd_cla_episodes.map((e) => [
        e.clae_person_id,
        e.clae_cla_episode_start_date,
        e.clae_cla_episode_ceased_date,
      ]),
      [
        ["A1", "2023-01-05", "2023-09-01"],
        ["A1", "2023-09-01", "2024-06-30"],
        ["B2", "2025-02-10", null],
      ],
    );
    // the missing episode open in 2024's set and closed in 2025's is one episode, with its end
    assert.deepEqual(
      got.rows.ssd_missing.map((m) => [m.miss_table_id, m.miss_missing_episode_end_date]),
      [["A1-M20240330", "2024-04-02"]],
    );
    assert.deepEqual(
      got.issues.filter((i) => i.severity === "error").map((i) => i.message),
      [],
    );
  });

  it("dates OC2 checks by each set's own year", async () => {
    const base = tmp.path("two-years");
    const oc2 =
      "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\nA1,01/06/2010,,,,,,0,1,,,\n";
    const paths: string[] = [];
    for (const [y, decom] of [
      ["2024", "01/05/2022"],
      ["2025", "01/05/2022"],
    ] as const) {
      const d = join(base, y);
      mkdirSync(d, { recursive: true });
      writeFileSync(
        join(d, "e.csv"),
        `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nA1,${decom},S,C2,N1,U4,PR1,,,,,,\n`,
      );
      writeFileSync(join(d, "review.csv"), `CHILD,DOB,REVIEW,REVIEW_CODE\nA1,01/06/2010,01/03/${y},PN1\n`);
      writeFileSync(join(d, "o.csv"), oc2);
      paths.push(join(d, "e.csv"), join(d, "review.csv"), join(d, "o.csv"));
    }
    const got = await readSsda903(paths, { laCode: "999" });
    // one HA_REVIEW per year, each dated 30 March of its own year: 31/03/2024 opens 2024-25's
    // window [31/03/2024, 31/03/2025], so a 2023-24 "yes" dated then would count in 2024-25 too
    assert.deepEqual(
      got.rows.ssd_cla_health.map((h) => [h.clah_health_check_type, h.clah_health_check_date]),
      [
        ["HA_REVIEW", "2024-03-30"],
        ["HA_REVIEW", "2025-03-30"],
      ],
    );
  });

  it("reads HEALTH_ASSESSMENT as the health assessment, HEALTH_CHECK only when it is blank", async () => {
    const d = tmp.path("oc2-fields");
    mkdirSync(d, { recursive: true });
    // A1: HEALTH_CHECK 1, HEALTH_ASSESSMENT blank → one HA (older files); B2: HEALTH_CHECK 1, HEALTH_ASSESSMENT 0 →
    // none (an under-5 health promotion check is not a health assessment); C3: HEALTH_ASSESSMENT 1 → one HA.
    writeFileSync(
      join(d, "o.csv"),
      "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n" +
        "A1,01/06/2010,,,,1,,0,,,,\nB2,01/06/2021,,,,1,1,0,0,0,,\nC3,01/06/2012,,,,,,0,1,,,\n",
    );
    const got = await readSsda903([join(d, "o.csv")], { laCode: "999", collectionYear: 2024 });
    assert.deepEqual(
      got.rows.ssd_cla_health.map((h) => [h.clah_person_id, h.clah_health_check_type]),
      [
        ["A1", "HA_REVIEW"],
        ["C3", "HA_REVIEW"],
      ],
    );
  });
});
