import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import { CARE_LEAVERS } from "./careLeavers.ts";

const FR = "FORMER_RELEVANT";

const tables = {
  ssd_person: [
    { pers_person_id: "A", pers_dob: "2005-03-31" }, // 19th birthday on 2024-03-31
    { pers_person_id: "B", pers_dob: "2002-03-31" }, // 22nd birthday on 2024-03-31
    { pers_person_id: "C", pers_dob: "2004-02-29" }, // leap day: 19 on 2023-03-01, not 2023-02-28
    { pers_person_id: "D", pers_dob: "2004-06-01" },
    { pers_person_id: "F", pers_dob: "2003-06-15" },
    { pers_person_id: "G", pers_dob: "2002-05-01" },
    { pers_person_id: "I", pers_dob: "2003-01-01" },
    { pers_person_id: "J", pers_dob: "2004-01-01" },
    // E has no person row: no date of birth
  ],
  ssd_care_leavers: [
    { clea_table_id: "LA", clea_person_id: "A", clea_care_leaver_eligibility: FR },
    {
      clea_table_id: "LB",
      clea_person_id: "B",
      clea_care_leaver_eligibility: FR,
      // after 2024-02-29: ignored at that month end
      clea_care_leaver_latest_contact: "2024-03-15",
      clea_care_leaver_in_touch: "YES",
      clea_care_leaver_accom_suitable: "1",
      clea_care_leaver_activity: "F1",
    },
    { clea_table_id: "LC", clea_person_id: "C", clea_care_leaver_eligibility: FR },
    { clea_table_id: "LD", clea_person_id: "D", clea_care_leaver_eligibility: "QUALIFYING" },
    { clea_table_id: "LE", clea_person_id: "E", clea_care_leaver_eligibility: FR },
    {
      clea_table_id: "LF",
      clea_person_id: "F",
      clea_care_leaver_eligibility: FR,
      // same day as history contact F1: the care leaver record wins the tie
      clea_care_leaver_latest_contact: "2024-03-20",
      clea_care_leaver_in_touch: "YES",
      clea_care_leaver_accommodation: "U",
      clea_care_leaver_accom_suitable: "1",
      clea_care_leaver_activity: "F5",
    },
    { clea_table_id: "LG", clea_person_id: "G", clea_care_leaver_eligibility: "former_relevant" },
    { clea_table_id: "LI", clea_person_id: "I", clea_care_leaver_eligibility: FR },
    { clea_table_id: "LJ", clea_person_id: "J", clea_care_leaver_eligibility: FR },
  ],
  ssdx_care_leaver_contacts: [
    {
      clec_contact_id: "A1",
      clec_person_id: "A",
      clec_contact_date: "2024-03-31",
      clec_in_touch: "YES",
      clec_accommodation: "D",
      clec_accom_suitable: "1",
      clec_activity: "F1",
    },
    { clec_contact_id: "B1", clec_person_id: "B", clec_contact_date: "2024-02-10", clec_in_touch: "NO" },
    {
      clec_contact_id: "C1",
      clec_person_id: "C",
      clec_contact_date: "2023-03-15",
      clec_in_touch: "yes",
      clec_accom_suitable: "1",
      clec_activity: "G6",
    },
    {
      clec_contact_id: "F1",
      clec_person_id: "F",
      clec_contact_date: "2024-03-20",
      clec_in_touch: "YES",
      clec_accom_suitable: "2",
      clec_activity: "G5",
    },
    { clec_contact_id: "G1", clec_person_id: "G", clec_contact_date: "2024-03-01", clec_in_touch: "REFU" },
    { clec_contact_id: "I1", clec_person_id: "I", clec_contact_date: "2024-01-15", clec_in_touch: "YES" },
    { clec_contact_id: "J1", clec_person_id: "J", clec_contact_date: "2024-03-10", clec_in_touch: "DIED" },
    // no date: cannot be placed before any month end
    {
      clec_contact_id: "J0",
      clec_person_id: "J",
      clec_contact_date: null,
      clec_in_touch: "YES",
      clec_accom_suitable: "1",
    },
  ],
};

describe("care leavers", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(CARE_LEAVERS, { dataFrom: "2023-01-01", dataTo: "2024-03-31", tables });
  });
  after(() => c.close());

  it("March 2024: 19th birthday in, 22nd birthday out, same-day tie, refusals in the denominator", async () => {
    // population at 2024-03-31: A (19 today), C (20), F (20), G (21), I (21), J (20); B is 22 today;
    // D is QUALIFYING (not former relevant); E has no date of birth (listed, outside the denominator) → denominator 6
    // suitable: A (A1: 1), C (C1: 1), F (record LF: 1, beats same-day contact F1: 2) → 3/6 = 50%
    assert.deepEqual(await c.figure("care_leavers_suitable_accommodation_pct", "month", "2024-03-31"), {
      numerator: 3,
      denominator: 6,
      value: 50,
    });
    // EET: A F1, F F5 (LF, not F1's G5); C G6 is NEET → 2/6 = 33.33%
    const eet = await c.figure("care_leavers_eet_pct", "ytd", "2024-03-31");
    assert.deepEqual([eet.numerator, eet.denominator, round(eet.value)], [2, 6, 33.33]);
    // in touch: A, C (yes in lower case), F, I; G refuses, J died → 4/6 = 66.67%
    const touch = await c.figure("care_leavers_in_touch_pct", "quarter", "2024-03-31");
    assert.deepEqual([touch.numerator, touch.denominator, round(touch.value)], [4, 6, 66.67]);
  });

  it("February 2024 (leap day): records after D are ignored", async () => {
    // population at 2024-02-29: B (21), C (20 today), F (20), G (21), I (21), J (20) = 6; A is 18
    // B: B1 (NO) is latest on or before D, LB (2024-03-15) is later; F, G, J: nothing yet;
    // I: I1 in touch, suitability not recorded → suitable: C only = 1/6; in touch: C, I = 2/6
    assert.deepEqual(await c.figure("care_leavers_suitable_accommodation_pct", "month", "2024-02-29"), {
      numerator: 1,
      denominator: 6,
      value: (100 * 1) / 6,
    });
    assert.equal((await c.figure("care_leavers_in_touch_pct", "month", "2024-02-29")).numerator, 2);
  });

  it("a leap-day birthday turns 19 on 1 March in a common year", async () => {
    const feb = await c.explain("care_leavers_in_touch_pct", "month", "2023-02-28");
    assert.equal(
      feb.some((r) => r.child_id === "C"),
      false,
    );
    const mar = await c.explain("care_leavers_in_touch_pct", "month", "2023-03-31");
    assert.deepEqual(
      mar.find((r) => r.child_id === "C"),
      {
        la_code: "999",
        child_id: "C",
        event_id: "C1",
        date: "2023-03-31",
        in_numerator: true,
        in_denominator: true,
        value: null,
        reason: null,
        detail:
          "age 19, latest contact C1 on 2023-03-15: in touch YES, accommodation ? suitability 1, activity G6; former relevant by care leaver record LC: FORMER_RELEVANT",
      },
    );
  });

  it("explain gives the reason each care leaver is outside the numerator", async () => {
    const rows = await c.explain("care_leavers_suitable_accommodation_pct", "month", "2024-03-31");
    const reasons = Object.fromEntries(rows.map((r) => [r.child_id, r.reason]));
    assert.deepEqual(reasons, {
      A: null,
      C: null,
      F: null,
      G: "refuses contact (REFU)",
      I: "suitability of accommodation not recorded",
      J: "not in touch: died (DIED)",
      E: "date of birth not recorded: age at the month end unknown",
    });
    assert.equal(rows.find((r) => r.child_id === "E")?.in_denominator, false);
    assert.equal(rows.find((r) => r.child_id === "F")?.event_id, "LF");
    const feb = await c.explain("care_leavers_eet_pct", "month", "2024-02-29");
    assert.equal(feb.find((r) => r.child_id === "B")?.reason, "not in touch (NO)");
    assert.equal(feb.find((r) => r.child_id === "F")?.reason, "no contact record on or before the month end");
    const eet = await c.explain("care_leavers_eet_pct", "month", "2024-03-31");
    assert.equal(
      eet.find((r) => r.child_id === "C")?.reason,
      "not in education, employment or training: NEET: pregnancy or parenting (G6)",
    );
  });

  it("the 17–18 variant is a setting", async () => {
    const v = await computeScenario(CARE_LEAVERS, {
      dataFrom: "2024-01-01",
      dataTo: "2024-03-31",
      tables,
      options: { careLeaverAges: [17, 18] },
    });
    try {
      // 2024-02-29: A is 18 with no record yet → 0/1; 2024-03-31: A is 19 → nobody, no value
      assert.deepEqual(await v.figure("care_leavers_in_touch_pct", "month", "2024-02-29"), {
        numerator: 0,
        denominator: 1,
        value: 0,
      });
      assert.equal((await v.figure("care_leavers_in_touch_pct", "month", "2024-03-31")).value, null);
    } finally {
      v.close();
    }
  });
});
