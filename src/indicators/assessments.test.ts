import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Row } from "../db/database.ts";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import { ASSESSMENTS } from "./assessments.ts";

// Working days below are WD(a, b) = working days d with a < d ≤ b (England and Wales).
const assessment = (
  id: string,
  child: string,
  start: string | null,
  auth: string | null,
  extra: Row = {},
): Row => ({
  cina_assessment_id: id,
  cina_person_id: child,
  cina_assessment_start_date: start,
  cina_assessment_auth_date: auth,
  ...extra,
});

const TABLES: Record<string, Row[]> = {
  ssd_cin_episodes: [
    { cine_referral_id: "R2", cine_person_id: "B", cine_referral_date: "2024-05-31" },
    { cine_referral_id: "R3", cine_person_id: "B", cine_referral_date: "2024-06-03" },
    { cine_referral_id: "R4", cine_person_id: "C", cine_referral_date: "2024-08-02" },
    { cine_referral_id: "R10", cine_person_id: "D", cine_referral_date: "2024-08-23" },
  ],
  ssd_cin_assessments: [
    // Christmas 2024: Fri 20 Dec → Fri 3 Jan 2025; 23, 24, 27, 30, 31 Dec, 2, 3 Jan = 7 WD
    assessment("A1", "A", "2024-12-20", "2025-01-03"),
    // child B, two assessments: Mon 3 Jun → Mon 5 Aug 2024 = 9 weeks = 45 WD; → Tue 6 Aug = 46 WD
    assessment("A2", "B", "2024-06-03", "2024-08-05", {
      cina_referral_id: "R2",
      cina_assessment_outcome_nfa: "N",
    }),
    assessment("A3", "B", "2024-06-03", "2024-08-06", { cina_referral_id: "R3" }),
    // started and authorised the same day, the first day of August: 0 WD; its referral is dated after it
    assessment("A4", "C", "2024-08-01", "2024-08-01", {
      cina_referral_id: "R4",
      cina_assessment_outcome_nfa: "Y",
    }),
    // authorised before it started: a validation issue, in no figure
    assessment("A7", "G", "2024-08-20", "2024-08-10", { cina_assessment_outcome_nfa: "Y" }),
    // Fri 23 Aug → Sat 31 Aug (last day of August): 26 Aug is a bank holiday; 27–30 = 4 WD
    assessment("A10", "D", "2024-08-23", "2024-08-31", {
      cina_referral_id: "R10",
      cina_assessment_outcome_nfa: "y",
    }),
    // not linked to a referral: 12 → 14 Aug = 2 WD
    assessment("A13", "E", "2024-08-12", "2024-08-14", { cina_assessment_outcome_nfa: "N" }),
    // either side of August
    assessment("A11", "F", "2024-07-01", "2024-07-31"),
    assessment("A12", "H", "2024-06-28", "2024-09-01"),
    // state funeral Mon 19 Sep 2022: Mon 12 Sep → Tue 15 Nov = 46 weekdays − 1 = 45; → Wed 16 Nov = 46
    assessment("A5", "J", "2022-09-12", "2022-11-15"),
    assessment("A5b", "K", "2022-09-12", "2022-11-16"),
    // coronation Mon 8 May 2023 and spring bank holiday 29 May: Tue 2 May → Thu 6 Jul = 47 weekdays − 2 = 45; → Fri 7 Jul = 46
    assessment("A6", "L", "2023-05-02", "2023-07-06"),
    assessment("A6b", "M", "2023-05-02", "2023-07-07"),
    // open assessments for the stock; at Sat 31 Aug 2024: O1 45 WD, O2 46 WD, O3 84 WD (authorised on 30 Sep)
    assessment("O1", "N", "2024-06-27", null),
    assessment("O2", "P", "2024-06-26", null),
    assessment("O3", "Q", "2024-05-01", "2024-09-30"),
    // started on a snapshot date (Mon 30 Sep 2024): open 0 WD
    assessment("O4", "R", "2024-09-30", null),
    // leap day: open at Thu 29 Feb 2024 since Wed 20 Dec 2023:
    // Dec 21, 22, 27, 28, 29 (5) + Jan 22 (1 Jan holiday) + Feb 21 = 48 WD; and one started on 29 Feb itself
    assessment("O6", "S", "2023-12-20", "2024-03-05"),
    assessment("O7", "T", "2024-02-29", "2024-03-01"),
  ],
};

const SCENARIO = { dataFrom: "2022-04-01", dataTo: "2025-03-31", tables: TABLES };

describe("assessments", () => {
  let c: Computed;
  let fromReferral: Computed;
  before(async () => {
    c = await computeScenario(ASSESSMENTS, SCENARIO);
    fromReferral = await computeScenario(ASSESSMENTS, {
      ...SCENARIO,
      options: { assessmentClockStartsAt: "referral" },
    });
  });
  after(() => {
    c.close();
    fromReferral.close();
  });

  it("counts assessments by authorisation date, both month ends inclusive, without the invalid one", async () => {
    // August 2024: A2, A3, A4 (1 Aug), A10 (31 Aug), A13 = 5; A7 excluded; A11 (31 Jul), A12 (1 Sep) outside
    assert.equal((await c.figure("assessments_completed", "month", "2024-08-31")).value, 5);
    // July: A11; September: A12, O3
    assert.equal((await c.figure("assessments_completed", "month", "2024-07-31")).value, 1);
    assert.equal((await c.figure("assessments_completed", "month", "2024-09-30")).value, 2);
  });

  it("% within 45 WD: exactly 45 in, 46 out, same day 0", async () => {
    // August 2024: A2 45 ✓, A3 46 ✗, A4 0 ✓, A10 4 ✓, A13 2 ✓ → 4/5 = 80%
    assert.deepEqual(await c.figure("assessments_45wd_pct", "month", "2024-08-31"), {
      numerator: 4,
      denominator: 5,
      value: 80,
    });
  });

  it("% within 45 WD does not count the state funeral or the coronation as working days", async () => {
    // November 2022: A5 45 ✓, A5b 46 ✗ → 1/2 (with 19 Sep as a working day it would be 0/2)
    assert.equal((await c.figure("assessments_45wd_pct", "month", "2022-11-30")).value, 50);
    // July 2023: A6 45 ✓, A6b 46 ✗ → 1/2 (counting 8 May it would be 0/2)
    assert.equal((await c.figure("assessments_45wd_pct", "month", "2023-07-31")).value, 50);
  });

  it("explain shows the Christmas assessment took 7 working days", async () => {
    const rows = await c.explain("assessments_45wd_pct", "month", "2025-01-31");
    assert.deepEqual(
      rows.map((r) => [r.event_id, r.in_numerator, r.detail]),
      [["A1", true, "started 2024-12-20, authorised 2025-01-03: 7 working days from the start"]],
    );
  });

  it("explain lists the invalid assessment with its reason and the late one with its working days", async () => {
    const rows = await c.explain("assessments_45wd_pct", "month", "2024-08-31");
    assert.equal(rows.length, 6);
    assert.deepEqual(
      rows.filter((r) => r.in_numerator).map((r) => r.event_id),
      ["A4", "A2", "A13", "A10"],
    );
    const a7 = rows.find((r) => r.event_id === "A7");
    assert.equal(a7?.in_denominator, false);
    assert.equal(a7?.reason, "validation issue: authorised 2024-08-10 before it started 2024-08-20");
    assert.equal(rows.find((r) => r.event_id === "A3")?.reason, "took 46 working days (over 45)");
    const completed = await c.explain("assessments_completed", "month", "2024-08-31");
    assert.equal(completed.find((r) => r.event_id === "A7")?.in_numerator, false);
  });

  it("option: the clock starts at the linked referral's date", async () => {
    // August 2024 from the referral date:
    //   A2 Fri 31 May → Mon 5 Aug = 46 ✗; A3 3 Jun → 6 Aug = 46 ✗; A10 23 → 31 Aug = 4 ✓;
    //   A4 referral 2 Aug after its authorisation 1 Aug: excluded; A13 no referral: excluded → 1/3
    const f = await fromReferral.figure("assessments_45wd_pct", "month", "2024-08-31");
    assert.deepEqual([f.numerator, f.denominator, round(f.value, 1)], [1, 3, 33.3]);
    const rows = await fromReferral.explain("assessments_45wd_pct", "month", "2024-08-31");
    assert.equal(
      rows.find((r) => r.event_id === "A4")?.reason,
      "validation issue: authorised 2024-08-01 before the referral date 2024-08-02",
    );
    assert.match(rows.find((r) => r.event_id === "A13")?.reason ?? "", /^no referral date/);
    assert.equal(
      rows.find((r) => r.event_id === "A2")?.detail,
      "referral 2024-05-31, started 2024-06-03, authorised 2024-08-05: 46 working days from the referral",
    );
    // the default scenario is unaffected: still 4/5
    assert.equal((await c.figure("assessments_45wd_pct", "month", "2024-08-31")).value, 80);
  });

  it("open over 45 WD at a month end: 45 is not over, 46 is; authorised on D is not open", async () => {
    // Sat 31 Aug 2024: open O1 45 ✗, O2 46 ✓, O3 84 ✓, A12 (Fri 28 Jun, authorised 1 Sep) 44 ✗ → 2
    assert.equal((await c.figure("assessments_open_over_45wd", "month", "2024-08-31")).value, 2);
    // the YTD value of a stock is its value at the month end
    assert.equal((await c.figure("assessments_open_over_45wd", "ytd", "2024-08-31")).value, 2);
    // Mon 30 Sep: O1 66 ✓, O2 67 ✓, O4 started that day 0 ✗; O3 authorised on 30 Sep, A12 on 1 Sep: not open → 2
    assert.equal((await c.figure("assessments_open_over_45wd", "month", "2024-09-30")).value, 2);
    // Thu 29 Feb 2024: O6 48 ✓, O7 started that day 0 ✗ → 1
    assert.equal((await c.figure("assessments_open_over_45wd", "month", "2024-02-29")).value, 1);
    // Oct 2024 onwards: only O1, O2, O4 remain open; O4 reaches 46 WD after 45 working days
    assert.equal((await c.figure("assessments_open_over_45wd", "month", "2024-10-31")).value, 2);
    assert.equal((await c.figure("assessments_open_over_45wd", "month", "2024-12-31")).value, 3);
  });

  it("explain of the open stock lists each open assessment and the invalid one at its start month", async () => {
    const rows = await c.explain("assessments_open_over_45wd", "month", "2024-08-31");
    assert.deepEqual(
      rows.map((r) => [r.event_id, r.in_numerator, r.in_denominator]),
      [
        ["O2", true, true],
        ["O3", true, true],
        ["A12", false, true],
        ["O1", false, true],
        ["A7", false, false],
      ],
    );
    assert.equal(rows.find((r) => r.event_id === "O1")?.reason, "open 45 working days (not over 45)");
    assert.equal(
      rows.find((r) => r.event_id === "A7")?.reason,
      "validation issue: authorised 2024-08-10 before it started 2024-08-20",
    );
    assert.equal(
      rows.find((r) => r.event_id === "O2")?.detail,
      "started 2024-06-26, not authorised: open 46 working days at 2024-08-31",
    );
  });

  it("% NFA of completed assessments, any case, invalid one excluded", async () => {
    // August 2024: A4 Y, A10 y of A2 A3 A4 A10 A13 → 2/5 = 40% (A7 'Y' excluded)
    assert.deepEqual(await c.figure("assessments_nfa_pct", "month", "2024-08-31"), {
      numerator: 2,
      denominator: 5,
      value: 40,
    });
    // quarter Jul–Sep 2024: 2 of A11 + August's 5 + A12, O3 = 2/8 = 25%
    assert.equal((await c.figure("assessments_nfa_pct", "quarter", "2024-09-30")).value, 25);
  });
});
