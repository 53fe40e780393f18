import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import { CHILD_PROTECTION } from "./childProtection.ts";

const plan = (
  id: string,
  child: string,
  start: string,
  end: string | null = null,
  more: Record<string, unknown> = {},
) => ({
  cppl_cp_plan_id: id,
  cppl_person_id: child,
  cppl_cp_plan_start_date: start,
  cppl_cp_plan_end_date: end,
  cppl_cp_plan_ola: "N",
  ...more,
});

describe("child protection: plans open, started, ended and their durations", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(CHILD_PROTECTION, {
      dataFrom: "2023-04-01",
      dataTo: "2024-09-30",
      population: { 2023: 8_000 },
      tables: {
        ssd_cp_plans: [
          // 2022-03-02 → 2024-02-29 (leap day) is 730 days including both; from 2022-03-03 it is 729
          plan("PA", "A", "2022-03-02", "2024-02-29"),
          plan("PB", "B", "2022-03-03", "2024-02-29"),
          plan("PC", "C", "2022-03-02"),
          plan("PD", "D", "2022-03-03"),
          // starts on the snapshot date: open at it
          plan("PE", "E", "2024-02-29"),
          // two overlapping plans: one child
          plan("PF1", "F", "2023-06-01"),
          plan("PF2", "F", "2023-09-01", "2024-05-15"),
          // held by another authority: excluded everywhere
          plan("PG", "G", "2023-05-01", null, { cppl_cp_plan_ola: "y" }),
          // ends before it starts: a validation issue, listed at 2024-01-31 (between its end and start)
          plan("PH", "H", "2024-02-10", "2024-01-15"),
          // 18 months before 2024-08-31 is 2023-02-28 (clamped): PI starts on it (not over 18 months), PJ the day before
          plan("PI", "I", "2023-02-28"),
          plan("PJ", "J", "2023-02-27"),
        ],
      },
    });
  });
  after(() => c.close());

  it("counts children on a plan at D once, not the plan ending on D, the plan starting on D counted", async () => {
    // 2024-02-29: C D E F I J = 6 (A and B end on D; G is another authority's; H is invalid)
    assert.equal((await c.figure("cpp_open", "month", "2024-02-29")).value, 6);
    // 2024-01-31: A B C D F I J = 7
    assert.equal((await c.figure("cpp_open", "month", "2024-01-31")).value, 7);
    // the year-to-date value of a stock is its value at the month end
    assert.equal((await c.figure("cpp_open", "ytd", "2024-02-29")).value, 6);
  });

  it("rates children on a plan on the financial year's population", async () => {
    // 6 ÷ 8,000 × 10,000 = 7.5
    assert.deepEqual(await c.figure("cpp_rate_10k", "month", "2024-02-29"), {
      numerator: 6,
      denominator: 8_000,
      value: 7.5,
    });
  });

  it("explain lists every child at D once, with excluded plans and why", async () => {
    const rows = await c.explain("cpp_open", "month", "2024-01-31");
    assert.equal(rows.length, 9);
    assert.deepEqual(
      rows.filter((r) => r.in_numerator).map((r) => r.child_id),
      ["A", "B", "C", "D", "F", "I", "J"],
    );
    const f = rows.find((r) => r.child_id === "F");
    assert.equal(f?.event_id, "PF1");
    assert.match(f?.detail ?? "", /plans open at D: PF1, PF2/);
    assert.equal(rows.find((r) => r.child_id === "G")?.reason, "plan held by another authority");
    assert.equal(
      rows.find((r) => r.child_id === "H")?.reason,
      "plan ends (2024-01-15) before it starts (2024-02-10): a validation issue",
    );
  });

  it("counts plans started and ended by their dates, excluding OLA and invalid plans", async () => {
    // Feb 2024 starts: PE (PH starts 2024-02-10 but is invalid) → 1
    assert.equal((await c.figure("cpp_starts", "month", "2024-02-29")).value, 1);
    // 2023-24 to March: PF1, PF2, PE (PG is another authority's, PH invalid) → 3
    assert.equal((await c.figure("cpp_starts", "ytd", "2024-03-31")).value, 3);
    // Feb 2024 ends: PA, PB → 2; Jan 2024: only PH (invalid) → 0; May 2024: PF2 → 1
    assert.equal((await c.figure("cpp_ended", "month", "2024-02-29")).value, 2);
    assert.equal((await c.figure("cpp_ended", "month", "2024-01-31")).value, 0);
    assert.equal((await c.figure("cpp_ended", "month", "2024-05-31")).value, 1);
  });

  it("ceased 2 years or more: 730 days including both ends over a leap day, not 729", async () => {
    // Feb 2024: PA 730 yes, PB 729 no → 1/2
    assert.deepEqual(await c.figure("cpp_ceased_2y_plus_pct", "month", "2024-02-29"), {
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    const rows = await c.explain("cpp_ceased_2y_plus_pct", "month", "2024-02-29");
    assert.equal(rows.find((r) => r.event_id === "PB")?.reason, "lasted fewer than 730 days");
    assert.match(rows.find((r) => r.event_id === "PA")?.detail ?? "", /730 days/);
  });

  it("open 2 years or more counts plans open at D with D − start + 1 ≥ 730", async () => {
    // 2024-02-29, open plans: PC 730 yes; PD 729, PE, PF1, PF2, PI (367), PJ no; PG excluded → 1/7
    const f = await c.figure("cpp_open_2y_plus_pct", "month", "2024-02-29");
    assert.deepEqual([f.numerator, f.denominator, round(f.value, 2)], [1, 7, 14.29]);
    // 2024-08-31: PC 914, PD yes; PE, PF1, PI (551), PJ no → 2/6
    const g = await c.figure("cpp_open_2y_plus_pct", "month", "2024-08-31");
    assert.deepEqual([g.numerator, g.denominator], [2, 6]);
  });

  it("open over 18 months: started before D − 18 months, clamped at the month end", async () => {
    // 2024-08-31 − 18 months = 2023-02-28: PC, PD, PJ (2023-02-27) yes; PI (2023-02-28), PE, PF1 no → 3/6
    assert.deepEqual(await c.figure("cpp_open_18m_plus_pct", "month", "2024-08-31"), {
      numerator: 3,
      denominator: 6,
      value: 50,
    });
    const rows = await c.explain("cpp_open_18m_plus_pct", "month", "2024-08-31");
    assert.equal(
      rows.find((r) => r.event_id === "PI")?.reason,
      "started on or after 2023-02-28 (D − 18 months)",
    );
    assert.equal(rows.find((r) => r.event_id === "PG")?.in_denominator, false);
  });
});

describe("child protection: second and subsequent plans", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(CHILD_PROTECTION, {
      dataFrom: "2023-04-01",
      dataTo: "2024-06-30",
      tables: {
        ssd_cp_plans: [
          // K2 starts 2024-05-31; 2 years before is 2022-05-31, the day K1 ended: within 2 years
          plan("K1", "K", "2020-01-10", "2022-05-31"),
          plan("K2", "K", "2024-05-31"),
          // L1 ended the day before: a second plan, but not within 2 years
          plan("L1", "L", "2020-01-10", "2022-05-30"),
          plan("L2", "L", "2024-05-31"),
          // no earlier plan in the data, but 2 previous plans recorded
          plan("M1", "M", "2024-05-10", null, { cppl_number_of_previous_cpp: 2 }),
          // two plans the same day: neither is earlier
          plan("N1", "N", "2024-05-15"),
          plan("N2", "N", "2024-05-15"),
          // the earlier plan was another authority's: not an earlier plan here
          plan("O1", "O", "2023-01-01", "2023-12-31", { cppl_cp_plan_ola: "Y" }),
          plan("O2", "O", "2024-05-20"),
          // the earlier plan is still open: the child was on a plan within 2 years
          plan("R1", "R", "2023-01-01"),
          plan("R2", "R", "2024-05-25"),
          // the new plan is another authority's: excluded from both
          plan("S1", "S", "2022-01-01", "2023-01-01"),
          plan("S2", "S", "2024-05-05", null, { cppl_cp_plan_ola: "Y" }),
          // the earlier plan ends before it starts: invalid, so not evidence of an earlier plan
          plan("T1", "T", "2023-03-01", "2023-02-01"),
          plan("T2", "T", "2024-05-28"),
          // leap day: 2024-02-29 − 24 months = 2022-02-28, the day Q1 ended
          plan("Q1", "Q", "2021-06-01", "2022-02-28"),
          plan("Q2", "Q", "2024-02-29"),
        ],
      },
    });
  });
  after(() => c.close());

  it("second or subsequent ever: an earlier start in the data or previous plans recorded", async () => {
    // May 2024: K2 L2 M1 R2 yes; N1 N2 O2 T2 no; S2 excluded → 4/8
    assert.deepEqual(await c.figure("cpp_second_or_subsequent_pct", "month", "2024-05-31"), {
      numerator: 4,
      denominator: 8,
      value: 50,
    });
    assert.equal((await c.figure("cpp_second_or_subsequent_pct", "month", "2024-02-29")).value, 100);
  });

  it("second within 2 years: an earlier plan ended on or after start − 24 months", async () => {
    // May 2024: K2 (boundary) and R2 (earlier plan open) yes; L2 M1 N1 N2 O2 T2 no → 2/8
    assert.deepEqual(await c.figure("cpp_second_within_2y_pct", "month", "2024-05-31"), {
      numerator: 2,
      denominator: 8,
      value: 25,
    });
    // Feb 2024: Q2, Q1 ended on the clamped boundary → 1/1
    assert.deepEqual(await c.figure("cpp_second_within_2y_pct", "month", "2024-02-29"), {
      numerator: 1,
      denominator: 1,
      value: 100,
    });
  });

  it("explain gives the reason a plan is not a repeat within 2 years", async () => {
    const rows = await c.explain("cpp_second_within_2y_pct", "month", "2024-05-31");
    assert.equal(rows.length, 9);
    assert.deepEqual(
      rows.filter((r) => r.in_numerator).map((r) => r.event_id),
      ["R2", "K2"],
    );
    assert.equal(
      rows.find((r) => r.event_id === "L2")?.reason,
      "no earlier plan ended on or after 2022-05-31",
    );
    assert.equal(rows.find((r) => r.event_id === "S2")?.reason, "plan held by another authority");
    assert.equal(rows.find((r) => r.event_id === "S2")?.in_denominator, false);
  });
});

describe("child protection: reviews within timescales", () => {
  let c: Computed;
  const review = (id: string, planId: string, date: string) => ({
    cppr_cp_review_id: id,
    cppr_cp_plan_id: planId,
    cppr_cp_review_date: date,
  });
  before(async () => {
    c = await computeScenario(CHILD_PROTECTION, {
      dataFrom: "2024-04-01",
      dataTo: "2024-07-31",
      tables: {
        ssd_cp_plans: [
          plan("RA", "A", "2024-01-31"),
          plan("RB", "B", "2024-01-15"),
          plan("RC", "C", "2023-06-10"),
          plan("RD", "D", "2023-06-10"),
          plan("RE", "E", "2023-10-01"),
          plan("RF", "F", "2024-03-01"),
          plan("RG", "G", "2024-03-30"),
          plan("RH", "H", "2023-01-01", null, { cppl_cp_plan_ola: "Y" }),
          plan("RI", "I", "2023-01-01", "2024-05-31"),
          plan("RJ", "J", "2024-01-10"),
        ],
        ssd_cp_reviews: [
          // RA: 2024-01-31 + 3 months = 2024-04-30 (clamped); reviewed on it: on time
          review("V1", "RA", "2024-04-30"),
          // RB: due 2024-04-15, reviewed a day late
          review("V2", "RB", "2024-04-16"),
          // RC: on time, then exactly 6 months later, then a review after 2024-05-31
          review("V3", "RC", "2023-09-10"),
          review("V4", "RC", "2024-03-10"),
          review("V5", "RC", "2024-06-20"),
          // RD: the second review a day over 6 months
          review("V6", "RD", "2023-09-10"),
          review("V7", "RD", "2024-03-11"),
          // RE: next review due 2024-06-15; held 2024-07-01
          review("V8", "RE", "2023-12-15"),
          review("V9", "RE", "2024-07-01"),
          // linked to no plan of J's: does not count for RJ
          review("V10", "XX", "2024-03-01"),
        ],
      },
    });
  });
  after(() => c.close());

  it("counts children whose plan started 3+ months before D and whose reviews are all on time", async () => {
    // 2024-05-31, D − 3 months = 2024-02-29: RF, RG started later (not counted); RH another authority's.
    // RA on the boundary, RC, RE (next due 2024-06-15) on time; RB, RD late; RJ overdue (due 2024-04-10) → 3/6
    assert.deepEqual(await c.figure("cpp_reviews_on_time_pct", "month", "2024-05-31"), {
      numerator: 3,
      denominator: 6,
      value: 50,
    });
    // 2024-06-30, D − 3 months = 2024-03-30: RF overdue (due 2024-06-01); RG due on D, not overdue;
    // RE overdue (due 2024-06-15, its 2024-07-01 review is after D). RA RC RG of 8 → 37.5%
    assert.deepEqual(await c.figure("cpp_reviews_on_time_pct", "month", "2024-06-30"), {
      numerator: 3,
      denominator: 8,
      value: 37.5,
    });
  });

  it("explain says which review was late or overdue", async () => {
    const may = await c.explain("cpp_reviews_on_time_pct", "month", "2024-05-31");
    assert.equal(may.length, 9);
    const reason = (id: string) => may.find((r) => r.event_id === id)?.reason;
    assert.equal(
      reason("RB"),
      "first review 2024-04-16 was more than 3 months after the plan start (due 2024-04-15)",
    );
    assert.equal(
      reason("RD"),
      "review 2024-03-11 was more than 6 months after the one before (due 2024-03-10)",
    );
    assert.equal(reason("RJ"), "review overdue at D (due 2024-04-10)");
    assert.equal(reason("RF"), "plan started less than 3 months before D");
    const july = await c.explain("cpp_reviews_on_time_pct", "month", "2024-07-31");
    assert.equal(
      july.find((r) => r.event_id === "RE")?.reason,
      "review 2024-07-01 was more than 6 months after the one before (due 2024-06-15)",
    );
  });
});

describe("child protection: visits within the local standard", () => {
  const tables = {
    ssd_cp_plans: [
      plan("PA", "A", "2024-10-01"),
      plan("PB", "B", "2024-10-01"),
      // WD(2024-12-13, 2024-12-31) = 10 (25, 26 December are bank holidays): counted at the default
      plan("PC", "C", "2024-12-13"),
      // WD(2024-12-16, 2024-12-31) = 9: too recent
      plan("PD", "D", "2024-12-16"),
      plan("PE", "E", "2024-06-01", null, { cppl_cp_plan_ola: "Y" }),
      plan("PF", "F", "2024-06-01"),
      plan("PG", "G", "2024-06-01"),
    ],
    ssd_cp_visits: [
      // WD(2024-12-13, 2024-12-31) = 10 across Christmas: within 10
      { cppv_cp_visit_id: "W1", cppv_person_id: "A", cppv_cp_visit_date: "2024-12-13" },
      // WD(2024-12-12, 2024-12-31) = 11; the January visit is after D
      { cppv_cp_visit_id: "W2", cppv_person_id: "B", cppv_cp_visit_date: "2024-12-12" },
      { cppv_cp_visit_id: "W3", cppv_person_id: "B", cppv_cp_visit_date: "2025-01-02" },
      { cppv_cp_visit_id: "W4", cppv_person_id: "D", cppv_cp_visit_date: "2024-12-20" },
      { cppv_cp_visit_id: "W5", cppv_person_id: "E", cppv_cp_visit_date: "2024-12-20" },
      // visited on D: 0 working days
      { cppv_cp_visit_id: "W6", cppv_person_id: "F", cppv_cp_visit_date: "2024-12-31" },
      // WD(2024-11-29, 2024-12-31) = 20
      { cppv_cp_visit_id: "W7", cppv_person_id: "G", cppv_cp_visit_date: "2024-11-29" },
    ],
  };
  let c: Computed;
  let local: Computed;
  before(async () => {
    const scenario = { dataFrom: "2024-04-01", dataTo: "2025-01-31", tables };
    c = await computeScenario(CHILD_PROTECTION, scenario);
    local = await computeScenario(CHILD_PROTECTION, { ...scenario, options: { cpVisitWorkingDays: 11 } });
  });
  after(() => {
    c.close();
    local.close();
  });

  it("counts visits within 10 working days of D, across bank holidays", async () => {
    // 2024-12-31: counted A B C F G (D too recent, E another authority's); visited A (10), F (0) → 2/5
    assert.deepEqual(await c.figure("cpp_visits_on_time_pct", "month", "2024-12-31"), {
      numerator: 2,
      denominator: 5,
      value: 40,
    });
  });

  it("uses the council's standard when set", async () => {
    // 11 working days: C (10 since start) no longer counted; B (11) now in time → A B F of A B F G = 75%
    assert.deepEqual(await local.figure("cpp_visits_on_time_pct", "month", "2024-12-31"), {
      numerator: 3,
      denominator: 4,
      value: 75,
    });
  });

  it("explain gives the last visit and why a child is not counted", async () => {
    const rows = await c.explain("cpp_visits_on_time_pct", "month", "2024-12-31");
    assert.equal(rows.length, 7);
    const row = (child: string) => rows.find((r) => r.child_id === child);
    assert.equal(row("B")?.reason, "last visit 2024-12-12 is more than 10 working days before D");
    assert.match(row("B")?.detail ?? "", /last visit 2024-12-12 \(11 working days to D\)/);
    assert.equal(row("C")?.reason, "no CP visit on or before D");
    assert.equal(row("D")?.reason, "plan started fewer than 10 working days before D");
    assert.equal(row("E")?.reason, "plan held by another authority");
  });
});
