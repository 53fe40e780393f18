import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Row } from "../db/database.ts";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import { S47_AND_CONFERENCES } from "./s47.ts";

// Working days below are WD(a, b) = working days d with a < d ≤ b (England and Wales).
const s47 = (id: string, child: string, start: string | null, end: string | null = null): Row => ({
  s47e_s47_enquiry_id: id,
  s47e_person_id: child,
  s47e_s47_start_date: start,
  s47e_s47_end_date: end,
});
const icpc = (
  id: string,
  child: string,
  s47Id: string | null,
  date: string | null,
  extra: Row = {},
): Row => ({
  icpc_icpc_id: id,
  icpc_person_id: child,
  icpc_s47_enquiry_id: s47Id,
  icpc_icpc_date: date,
  ...extra,
});

const S47S: Row[] = [
  // April 2024 (1 April is Easter Monday)
  s47("E1", "A", "2024-04-01", "2024-04-20"),
  s47("E2", "B", "2024-04-30"),
  s47("E3", "C", "2024-04-15", "2024-04-10"), // ends before it starts: a validation issue
  s47("E5", "E", "2024-04-10"),
  s47("E6", "F", "2024-04-12"),
  s47("E17", "J", "2024-04-02"),
  // March 2024, one on the leap day
  s47("E4", "D", "2024-03-31"),
  s47("E15", "M", "2024-02-29"),
  // May 2024 (6 May and 27 May are bank holidays); child J has a second S47
  s47("E10", "G", "2024-05-03"),
  s47("E11", "H", "2024-05-03"),
  s47("E12", "I", "2024-05-15"),
  s47("E16", "J", "2024-05-10"),
  s47("E20", "N", null), // no start date: not an S47 start
];

const ICPCS: Row[] = [
  // Mon 1 Apr (Easter Monday) → Fri 19 Apr: 2–5, 8–12, 15–19 = 14 WD
  icpc("C1", "A", "E1", "2024-04-19", { icpc_icpc_outcome_cp_flag: "Y" }),
  icpc("C3", "C", "E3", "2024-04-25"), // its S47 ends before it starts
  icpc("C5", "E", "E5", null), // not (yet) held
  icpc("C6", "F", "E6", "2024-04-11"), // held the day before its S47 started
  // leap day Thu 29 Feb → Thu 21 Mar: 1, 4–8, 11–15, 18–21 March = 15 WD
  icpc("C15", "M", "E15", "2024-03-21"),
  // Fri 3 May → Tue 28 May: 7–10, 13–17, 20–24, 28 = 15 WD (6 and 27 May holidays); → Wed 29 May = 16
  icpc("C10", "G", "E10", "2024-05-28", { icpc_icpc_outcome_cp_flag: "Y" }),
  icpc("C11", "H", "E11", "2024-05-29", { icpc_icpc_outcome_cp_flag: "Y" }),
  // the same day as its S47: 0 WD
  icpc("C12", "I", "E12", "2024-05-15", { icpc_icpc_outcome_cp_flag: "N" }),
  icpc("C13", "K", null, "2024-05-20", { icpc_icpc_transfer_in: "Y", icpc_icpc_outcome_cp_flag: "Y" }),
  icpc("C14", "L", null, "2024-05-21"),
  icpc("C18", "P", "NOPE", "2024-05-22", { icpc_icpc_outcome_cp_flag: "N" }), // links to an unknown S47
  // child J twice in May: Fri 10 May → Fri 31 May = 13–17, 20–24, 28–31 = 14 WD; Tue 2 Apr → Wed 1 May = 21 WD
  icpc("C16", "J", "E16", "2024-05-31", { icpc_icpc_outcome_cp_flag: "y" }),
  icpc("C17", "J", "E17", "2024-05-01", { icpc_icpc_outcome_cp_flag: "N" }),
  // state funeral Mon 19 Sep 2022: Fri 16 Sep → Fri 7 Oct = 15 weekdays − 1 = 14 WD; → Mon 10 Oct = 15
  icpc("C30", "Q", "E30", "2022-10-10"),
  // coronation Mon 8 May 2023 (1 May also a holiday): Fri 28 Apr → Tue 23 May = 17 weekdays − 2 = 15 WD;
  // → Wed 24 May = 16
  icpc("C31", "R", "E31", "2023-05-23"),
  icpc("C32", "S", "E32", "2023-05-24"),
];

const EXTRA_S47S: Row[] = [
  s47("E30", "Q", "2022-09-16"),
  s47("E31", "R", "2023-04-28"),
  s47("E32", "S", "2023-04-28"),
];

describe("strategy discussions, S47 enquiries and conferences", () => {
  let c: Computed;
  let noDiscussions: Computed;
  before(async () => {
    c = await computeScenario(S47_AND_CONFERENCES, {
      dataFrom: "2022-04-01",
      dataTo: "2024-06-30",
      population: { 2024: 25_000 },
      tables: {
        ssdx_strategy_discussions: [
          {
            strd_strategy_discussion_id: "SD1",
            strd_person_id: "A",
            strd_strategy_discussion_date: "2024-04-01",
            strd_outcome: "S47",
          },
          {
            strd_strategy_discussion_id: "SD2",
            strd_person_id: "X",
            strd_strategy_discussion_date: "2024-04-30",
            strd_outcome: "NFA",
          },
          {
            strd_strategy_discussion_id: "SD3",
            strd_person_id: "Y",
            strd_strategy_discussion_date: "2024-03-31",
          },
          {
            strd_strategy_discussion_id: "SD4",
            strd_person_id: "Z",
            strd_strategy_discussion_date: "2024-05-01",
          },
          { strd_strategy_discussion_id: "SD5", strd_person_id: "Z", strd_strategy_discussion_date: null },
        ],
        ssd_s47_enquiry: [...S47S, ...EXTRA_S47S],
        ssd_initial_cp_conference: ICPCS,
      },
    });
    // council 999 supplies no strategy discussions; council 888 does (its rows must not stop the fallback)
    noDiscussions = await computeScenario(S47_AND_CONFERENCES, {
      dataFrom: "2024-04-01",
      dataTo: "2024-06-30",
      tables: {
        ssdx_strategy_discussions: [
          {
            la_code: "888",
            strd_strategy_discussion_id: "SD9",
            strd_person_id: "A",
            strd_strategy_discussion_date: "2024-04-02",
          },
        ],
        ssd_s47_enquiry: S47S,
      },
    });
  });
  after(() => {
    c.close();
    noDiscussions.close();
  });

  it("counts strategy discussions from the extension table, both month ends inclusive", async () => {
    // April 2024: SD1 (1 Apr), SD2 (30 Apr) = 2; the five April S47s are not added
    assert.equal((await c.figure("strategy_discussions", "month", "2024-04-30")).value, 2);
    // quarter Apr–Jun: SD1, SD2, SD4 = 3 (SD3 is March; SD5 has no date)
    assert.equal((await c.figure("strategy_discussions", "quarter", "2024-06-30")).value, 3);
  });

  it("falls back to S47 start dates for a council with no strategy discussions, saying so", async () => {
    // April 2024: E1, E2, E5, E6, E17 = 5 (E3 invalid; 888's SD9 belongs to another council)
    assert.equal((await noDiscussions.figure("strategy_discussions", "month", "2024-04-30")).value, 5);
    const rows = await noDiscussions.explain("strategy_discussions", "month", "2024-04-30");
    assert.equal(rows.length, 6);
    assert.equal(
      rows.find((r) => r.event_id === "E1")?.detail,
      "S47 started 2024-04-01, ended 2024-04-20 (source: S47 start date, as the council supplied no strategy discussions)",
    );
    assert.equal(
      rows.find((r) => r.event_id === "E3")?.reason,
      "validation issue: S47 ended 2024-04-10 before it started 2024-04-15",
    );
    const fromTable = await c.explain("strategy_discussions", "month", "2024-04-30");
    assert.deepEqual(
      fromTable.map((r) => [r.event_id, r.detail]),
      [
        ["SD1", "strategy discussion 2024-04-01, outcome S47 (source: strategy discussions table)"],
        ["SD2", "strategy discussion 2024-04-30, outcome NFA (source: strategy discussions table)"],
      ],
    );
  });

  it("counts S47s started, excluding one that ends before it starts, and rates them", async () => {
    // April 2024: E1, E2, E5, E6, E17 = 5 (E3 excluded); March: E4 (31 Mar), E15 (29 Feb) is February
    assert.equal((await c.figure("s47_enquiries", "month", "2024-04-30")).value, 5);
    assert.equal((await c.figure("s47_enquiries", "month", "2024-03-31")).value, 1);
    assert.equal((await c.figure("s47_enquiries", "month", "2024-02-29")).value, 1);
    // 5 ÷ 25,000 × 10,000 = 2.0 (2024-25 population)
    assert.deepEqual(await c.figure("s47_rate_10k", "month", "2024-04-30"), {
      numerator: 5,
      denominator: 25_000,
      value: 2,
    });
    // quarter Apr–Jun: April 5 + May E10 E11 E12 E16 = 9 → 9 ÷ 25,000 × 10,000 = 3.6
    assert.equal(round((await c.figure("s47_rate_10k", "quarter", "2024-06-30")).value, 1), 3.6);
  });

  it("% S47 to ICPC counts an ICPC only once it has a date", async () => {
    // April 2024: E1 (C1) ✓, E2 none ✗, E5 (C5 undated) ✗, E6 (C6) ✓, E17 (C17) ✓ → 3/5 = 60%
    assert.deepEqual(await c.figure("s47_to_icpc_pct", "month", "2024-04-30"), {
      numerator: 3,
      denominator: 5,
      value: 60,
    });
    // March: E4 ✗ → 0/1
    assert.equal((await c.figure("s47_to_icpc_pct", "month", "2024-03-31")).value, 0);
    const rows = await c.explain("s47_to_icpc_pct", "month", "2024-04-30");
    assert.equal(rows.find((r) => r.event_id === "E5")?.reason, "no ICPC held linked to this S47");
  });

  it("% ICPC within 15 WD: 15 in, 16 out, same day, bank holidays, exclusions", async () => {
    // May 2024: C10 15 ✓, C11 16 ✗, C12 0 ✓, C16 14 ✓, C17 21 ✗ → 3/5 = 60%
    //   (C13 transfer-in, C14 not linked, C18 linked to an unknown S47: excluded)
    assert.deepEqual(await c.figure("icpc_15wd_pct", "month", "2024-05-31"), {
      numerator: 3,
      denominator: 5,
      value: 60,
    });
    // April: C1 14 ✓; C6 before its S47, C3's S47 invalid: excluded → 1/1
    assert.deepEqual(await c.figure("icpc_15wd_pct", "month", "2024-04-30"), {
      numerator: 1,
      denominator: 1,
      value: 100,
    });
    // March: C15 from the leap day, 15 ✓ → 1/1
    assert.equal((await c.figure("icpc_15wd_pct", "month", "2024-03-31")).value, 100);
    // October 2022: C30 15 with the state funeral not a working day ✓ (16 if it were) → 1/1
    assert.equal((await c.figure("icpc_15wd_pct", "month", "2022-10-31")).value, 100);
    // May 2023: C31 15 ✓, C32 16 ✗ → 1/2 (counting the coronation as a working day: 0/2)
    assert.equal((await c.figure("icpc_15wd_pct", "month", "2023-05-31")).value, 50);
    // quarter Apr–Jun 2024: (1 + 3) / (1 + 5) = 66.67%, not the mean of monthly ratios
    assert.equal(round((await c.figure("icpc_15wd_pct", "quarter", "2024-06-30")).value, 2), 66.67);
  });

  it("explain names every excluded ICPC's reason", async () => {
    const april = await c.explain("icpc_15wd_pct", "month", "2024-04-30");
    assert.deepEqual(
      april.map((r) => [r.event_id, r.in_numerator, r.in_denominator, r.reason]),
      [
        ["C1", true, true, null],
        ["C6", false, false, "validation issue: ICPC dated 2024-04-11 before its S47 started 2024-04-12"],
        ["C3", false, false, "validation issue: linked S47 ended 2024-04-10 before it started 2024-04-15"],
      ],
    );
    assert.equal(april[0]?.detail, "ICPC 2024-04-19, S47 E1 started 2024-04-01: 14 working days");
    const may = await c.explain("icpc_15wd_pct", "month", "2024-05-31");
    const reason = (id: string) => may.find((r) => r.event_id === id)?.reason;
    assert.equal(reason("C13"), "transfer-in ICPC: not timed");
    assert.equal(reason("C14"), "not linked to an S47 enquiry");
    assert.equal(reason("C18"), "linked S47 NOPE not found");
    assert.equal(reason("C11"), "held 16 working days after the S47 started (over 15)");
    const may2023 = await c.explain("icpc_15wd_pct", "month", "2023-05-31");
    assert.equal(may2023[0]?.detail, "ICPC 2023-05-23, S47 E31 started 2023-04-28: 15 working days");
  });

  it("counts children with an ICPC once each, transfer-ins included", async () => {
    // May 2024: G, H, I, K, L, P, J (C16 and C17) = 7 children from 8 ICPCs
    assert.equal((await c.figure("icpc_children", "month", "2024-05-31")).value, 7);
    // April: A, C, F = 3 (C5 has no date)
    assert.equal((await c.figure("icpc_children", "month", "2024-04-30")).value, 3);
  });

  it("% ICPC to CP plan reads the outcome flag in any case", async () => {
    // May 2024: C10 Y, C11 Y, C13 Y, C16 y ✓; C12 N, C14 empty, C17 N, C18 N ✗ → 4/8 = 50%
    assert.deepEqual(await c.figure("icpc_to_cpp_pct", "month", "2024-05-31"), {
      numerator: 4,
      denominator: 8,
      value: 50,
    });
    // April: C1 Y; C3, C6 empty → 1/3 = 33.3%
    assert.equal(round((await c.figure("icpc_to_cpp_pct", "month", "2024-04-30")).value, 1), 33.3);
  });
});
