import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import { FRONT_DOOR } from "./frontDoor.ts";

describe("front door", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(FRONT_DOOR, {
      dataFrom: "2023-04-01",
      dataTo: "2024-05-31",
      population: { 2023: 20_000, 2024: 25_000 },
      tables: {
        ssd_contacts: [
          {
            cont_contact_id: "K1",
            cont_person_id: "A",
            cont_contact_date: "2024-03-01",
            cont_contact_outcome_json: '["REFERRAL"]',
          },
          {
            cont_contact_id: "K2",
            cont_person_id: "B",
            cont_contact_date: "2024-03-31",
            cont_contact_outcome_json: '["NFA"]',
          },
          {
            cont_contact_id: "K3",
            cont_person_id: "C",
            cont_contact_date: "2024-04-01",
            cont_contact_outcome_json: null,
          },
          {
            cont_contact_id: "K4",
            cont_person_id: "C",
            cont_contact_date: "2024-04-01",
            cont_contact_outcome_json: '["REFERRAL","ADVICE"]',
          },
          // no date: not counted (a validation issue at import)
          { cont_contact_id: "K5", cont_person_id: "D", cont_contact_date: null },
        ],
        ssd_cin_episodes: [
          // child A: referral on 2023-02-28 (before coverage, still history), again 2024-02-29 (leap day).
          // 2024-02-29 minus 12 months = 2023-02-28, so the earlier referral is "within 12 months": a re-referral.
          {
            cine_referral_id: "R1",
            cine_person_id: "A",
            cine_referral_date: "2023-02-28",
            cine_referral_nfa: "N",
          },
          {
            cine_referral_id: "R2",
            cine_person_id: "A",
            cine_referral_date: "2024-02-29",
            cine_referral_nfa: "Y",
          },
          // child B: 2023-03-01 then 2024-03-02: 366 days apart, outside 12 months (2024-03-02 − 12m = 2023-03-02)
          { cine_referral_id: "R3", cine_person_id: "B", cine_referral_date: "2023-03-01" },
          {
            cine_referral_id: "R4",
            cine_person_id: "B",
            cine_referral_date: "2024-03-02",
            cine_referral_nfa: "n",
          },
          // child C: two referrals the same day: neither is "before" the other, so no re-referral
          { cine_referral_id: "R5", cine_person_id: "C", cine_referral_date: "2024-03-15" },
          { cine_referral_id: "R6", cine_person_id: "C", cine_referral_date: "2024-03-15" },
          // child C again in April: R5/R6 are within 12 months before
          {
            cine_referral_id: "R7",
            cine_person_id: "C",
            cine_referral_date: "2024-04-30",
            cine_referral_nfa: "y",
          },
        ],
        ssd_cin_assessments: [
          {
            cina_assessment_id: "S1",
            cina_person_id: "A",
            cina_referral_id: "R2",
            cina_assessment_start_date: "2024-03-01",
          },
          {
            cina_assessment_id: "S2",
            cina_person_id: "A",
            cina_referral_id: "R2",
            cina_assessment_start_date: "2024-03-05",
          },
          {
            cina_assessment_id: "S3",
            cina_person_id: "C",
            cina_referral_id: "R5",
            cina_assessment_start_date: "2024-04-02",
          },
        ],
      },
    });
  });
  after(() => c.close());

  it("counts contacts by contact date, both period ends inclusive", async () => {
    assert.deepEqual(await c.figure("contacts", "month", "2024-03-31"), {
      numerator: null,
      denominator: null,
      value: 2,
    });
    // K3, K4 on 1 April 2024: the first day of 2024-25, so the new year-to-date
    assert.equal((await c.figure("contacts", "ytd", "2024-04-30")).value, 2);
    // rolling 12 months to 2024-04-30 = May 2023 … Apr 2024: K1 K2 K3 K4
    assert.equal((await c.figure("contacts", "rolling12", "2024-04-30")).value, 4);
    assert.equal((await c.figure("contacts", "year", "2024-03-31")).value, 2);
  });

  it("reports a month with no contacts as 0, not missing", async () => {
    assert.equal((await c.figure("contacts", "month", "2024-05-31")).value, 0);
  });

  it("% contacts to referral: outcome REFERRAL among outcome codes", async () => {
    // April 2024: K3 (no outcome) and K4 (REFERRAL, ADVICE) → 1 / 2 = 50%
    assert.deepEqual(await c.figure("contacts_to_referral_pct", "month", "2024-04-30"), {
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    // May 2024: no contacts → no value (never 0%)
    assert.equal((await c.figure("contacts_to_referral_pct", "month", "2024-05-31")).value, null);
  });

  it("counts referrals and rates them on the financial year's population", async () => {
    // March 2024: R4, R5, R6 = 3 (R2 is 29 February)
    assert.equal((await c.figure("referrals", "month", "2024-03-31")).value, 3);
    // year 2023-24: R2 R4 R5 R6 (R1, R3 fall in 2022-23) → 4 ÷ 20,000 × 10,000 = 2.0
    assert.deepEqual(await c.figure("referrals_rate_10k", "year", "2024-03-31"), {
      numerator: 4,
      denominator: 20_000,
      value: 2,
    });
    // April 2024 uses 2024-25's population: 1 ÷ 25,000 × 10,000 = 0.4
    assert.equal((await c.figure("referrals_rate_10k", "month", "2024-04-30")).value, 0.4);
  });

  it("re-referrals: leap-day clamp, 366 days outside, same day not before", async () => {
    // Feb 2024: R2 only, and R1 on 2023-02-28 is within 12 months before → 1/1
    // March 2024: R4 no, R5 no, R6 no → 0/3
    assert.deepEqual(await c.figure("rereferrals_12m_pct", "month", "2024-02-29"), {
      numerator: 1,
      denominator: 1,
      value: 100,
    });
    assert.deepEqual(await c.figure("rereferrals_12m_pct", "month", "2024-03-31"), {
      numerator: 0,
      denominator: 3,
      value: 0,
    });
    // April: R7, previous R5/R6 on 2024-03-15 → 1/1
    assert.equal((await c.figure("rereferrals_12m_pct", "month", "2024-04-30")).value, 100);
    // quarter Jan–Mar 2024: R2 yes; R4, R5, R6 no → 1/4 = 25% (sum of numerators over sum of denominators)
    assert.equal((await c.figure("rereferrals_12m_pct", "quarter", "2024-03-31")).value, 25);
  });

  it("explain lists the rows behind a re-referral figure with the reason", async () => {
    const rows = await c.explain("rereferrals_12m_pct", "quarter", "2024-03-31");
    assert.equal(rows.length, 4);
    assert.deepEqual(
      rows.filter((r) => r.in_numerator).map((r) => r.event_id),
      ["R2"],
    );
    assert.equal(rows.find((r) => r.event_id === "R4")?.reason, "no referral in the 12 months before");
  });

  it("% NFA reads the flag in any case", async () => {
    // Feb 2024: R2 Y → 1/1; March 2024: R4 n, R5 empty, R6 empty → 0/3
    assert.equal((await c.figure("referrals_nfa_pct", "month", "2024-02-29")).value, 100);
    assert.equal((await c.figure("referrals_nfa_pct", "month", "2024-03-31")).value, 0);
    // April: R7 'y' → 1/1
    assert.equal((await c.figure("referrals_nfa_pct", "month", "2024-04-30")).value, 100);
  });

  it("% referrals to assessment counts a referral once however many assessments", async () => {
    // Feb 2024: R2 has two assessments → 1/1, not 2/1
    assert.deepEqual(await c.figure("referrals_to_assessment_pct", "month", "2024-02-29"), {
      numerator: 1,
      denominator: 1,
      value: 100,
    });
    // 2023-24 to date: R2 R5 linked of R2 R4 R5 R6 → 2/4 = 50%
    assert.equal(round((await c.figure("referrals_to_assessment_pct", "ytd", "2024-03-31")).value, 1), 50);
  });
});
