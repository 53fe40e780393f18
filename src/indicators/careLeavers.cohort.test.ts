import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Row } from "../db/database.ts";
import { type Computed, computeScenario, round } from "../testing/scenario.ts";
import { CARE_LEAVERS } from "./careLeavers.ts";

// The extract is taken on 2024-11-30: young people who have turned 22 by then have no
// care leaver record, and the month ends tested are earlier. Each young person's role:
//   P1  born 2002-06-15, 22 on 2024-06-15: no record; one period of care 14–18
//   P2  born 2001-10-10, 22 on 2023-10-10: no record; two periods adding to 13 weeks exactly
//       (60 days from 2015-11-01, then 31 from 2017-10-01, over the 16th birthday 2017-10-10)
//   P13 born 2001-09-30, 22 on 2023-09-30 (a month end)
//   P5  born 2003-08-01: a record with no eligibility (the care history decides); last
//       looked-after day is the 16th birthday (ceased 2019-08-02)
//   P6  born 2004-02-29: 14 on 2018-03-01, 16 on 2020-02-29; 90 days from 2018-03-01, then the
//       16th birthday itself = 91 days
//   P10 born 2004-01-20: record FORMER_RELEVANT, no care history in the data
//   not in any cohort: P3 (90 days, 13 weeks less a day), P4 (ceased on the 16th birthday, so
//   last looked after at 15), P7 (born 2004-02-29: 89 days from the 14th birthday 2018-03-01 +
//   1 = 90; counted from 28 February it would be 91), P8 (short breaks, V4), P9 (record says
//   QUALIFYING although the care history meets the test)

const person = (id: string, dob: string): Row => ({ pers_person_id: id, pers_dob: dob });
const episode = (id: string, child: string, period: string, start: string, end: string | null): Row => ({
  clae_cla_episode_id: id,
  clae_person_id: child,
  clae_cla_id: period,
  clae_entered_care_date: start,
  clae_cla_episode_start_date: start,
  clae_cla_episode_ceased_date: end,
  clae_cla_episode_ceased_reason: end ? "E4A" : null,
});
const contact = (
  id: string,
  child: string,
  date: string,
  inTouch: string,
  suitable: string | null = null,
  activity: string | null = null,
): Row => ({
  clec_contact_id: id,
  clec_person_id: child,
  clec_contact_date: date,
  clec_in_touch: inTouch,
  clec_accom_suitable: suitable,
  clec_activity: activity,
});

const TABLES: Record<string, Row[]> = {
  ssd_person: [
    person("P1", "2002-06-15"),
    person("P2", "2001-10-10"),
    person("P13", "2001-09-30"),
    person("P5", "2003-08-01"),
    person("P6", "2004-02-29"),
    person("P10", "2004-01-20"),
    person("P3", "2003-05-05"),
    person("P4", "2003-07-01"),
    person("P7", "2004-02-29"),
    person("P8", "2003-01-01"),
    person("P9", "2003-03-01"),
    person("P11", "2006-01-15"),
    person("P12", "2006-03-10"),
  ],
  ssd_cla_episodes: [
    episode("E1", "P1", "PC1", "2016-09-01", "2020-06-15"),
    episode("E2a", "P2", "PC2a", "2015-11-01", "2015-12-31"),
    episode("E2b", "P2", "PC2b", "2017-10-01", "2017-11-01"),
    episode("E13", "P13", "PC13", "2016-01-01", "2019-09-30"),
    episode("E5", "P5", "PC5", "2018-01-01", "2019-08-02"),
    episode("E6a", "P6", "PC6a", "2017-12-01", "2018-05-30"),
    episode("E6b", "P6", "PC6b", "2020-02-29", "2020-03-01"),
    episode("E3", "P3", "PC3", "2019-02-05", "2019-05-06"),
    episode("E4", "P4", "PC4", "2018-01-01", "2019-07-01"),
    episode("E7a", "P7", "PC7a", "2017-12-01", "2018-05-29"),
    episode("E7b", "P7", "PC7b", "2020-02-29", "2020-03-01"),
    episode("E8", "P8", "PC8", "2017-06-01", "2019-06-01"),
    episode("E9", "P9", "PC9", "2017-06-01", "2019-06-01"),
    // for the 17–18 variant: P11 ceases on 2023-09-30 (a month end); P12 reaches 91 days on 2023-09-29
    episode("E11", "P11", "PC11", "2020-03-01", "2023-09-30"),
    episode("E12a", "P12", "PC12a", "2023-01-01", "2023-02-01"),
    episode("E12b", "P12", "PC12b", "2023-08-01", "2023-10-01"),
  ],
  ssd_legal_status: [
    {
      lega_legal_status_id: "L8",
      lega_person_id: "P8",
      lega_legal_status: "V4",
      lega_legal_status_start_date: "2017-06-01",
      lega_legal_status_end_date: "2019-06-01",
    },
    {
      lega_legal_status_id: "L1",
      lega_person_id: "P1",
      lega_legal_status: "C2",
      lega_legal_status_start_date: "2016-09-01",
      lega_legal_status_end_date: "2020-06-15",
    },
  ],
  ssd_care_leavers: [
    { clea_table_id: "LP5", clea_person_id: "P5", clea_care_leaver_eligibility: null },
    { clea_table_id: "LP9", clea_person_id: "P9", clea_care_leaver_eligibility: "QUALIFYING" },
    {
      clea_table_id: "LP10",
      clea_person_id: "P10",
      clea_care_leaver_eligibility: "FORMER_RELEVANT",
      clea_care_leaver_latest_contact: "2023-06-01",
      clea_care_leaver_in_touch: "YES",
      clea_care_leaver_accom_suitable: "1",
      clea_care_leaver_activity: "F2",
    },
  ],
  ssdx_care_leaver_contacts: [
    contact("K1a", "P1", "2023-02-01", "YES", "1", "F1"),
    contact("K1b", "P1", "2023-08-01", "YES", "2", "G5"),
    contact("K1c", "P1", "2024-02-01", "NO"),
    contact("K2a", "P2", "2023-03-31", "YES", "1", "P2"),
    contact("K2b", "P2", "2023-09-01", "REFU"),
    contact("K13a", "P13", "2022-12-15", "YES", "1", "G4"),
    contact("K5a", "P5", "2023-03-01", "YES", "2", "F5"),
    contact("K6a", "P6", "2023-03-01", "YES", "1", "G6"),
    contact("K6b", "P6", "2024-03-31", "YES", "1", "F4"),
    contact("K3a", "P3", "2023-01-01", "YES", "1", "F1"),
    contact("K4a", "P4", "2023-01-01", "YES", "1", "F1"),
    contact("K7a", "P7", "2023-03-10", "YES", "1", "F1"),
    contact("K8a", "P8", "2023-01-01", "YES", "1", "F1"),
    contact("K9a", "P9", "2023-01-01", "YES", "1", "F1"),
    contact("K11a", "P11", "2023-09-30", "YES", "1", "F2"),
    contact("K12a", "P12", "2023-03-15", "YES", "1", "F1"),
    contact("K12b", "P12", "2023-12-01", "NO"),
  ],
};

const SCENARIO = { dataFrom: "2023-01-01", dataTo: "2024-11-30", tables: TABLES };

/** [numerator, denominator, value to 2 decimals] */
async function fig(c: Computed, id: string, end: string): Promise<(number | null)[]> {
  const f = await c.figure(id, "month", end);
  return [f.numerator, f.denominator, round(f.value)];
}

describe("care leavers at past month ends: the cohort from what was true at D", () => {
  let c: Computed;
  before(async () => {
    c = await computeScenario(CARE_LEAVERS, SCENARIO);
  });
  after(() => c.close());

  it("31 March 2023: P1, P2, P13 (all since aged out), P5, P6, P10", async () => {
    // cohort: P1 (20), P2 (21), P13 (21), P5 (19), P6 (19 since 2023-03-01), P10 (19) = 6
    // suitable: P1 K1a 1, P2 K2a (on D) 1, P13 1, P6 K6a 1; P5 is 2, P10 has no record yet → 4/6
    assert.deepEqual(await fig(c, "care_leavers_suitable_accommodation_pct", "2023-03-31"), [4, 6, 66.67]);
    // EET: P1 F1, P2 P2, P5 F5; P13 G4, P6 G6 NEET; P10 no record → 3/6
    assert.deepEqual(await fig(c, "care_leavers_eet_pct", "2023-03-31"), [3, 6, 50]);
    // in touch: P1, P2, P13, P5, P6; P10 no record → 5/6
    assert.deepEqual(await fig(c, "care_leavers_in_touch_pct", "2023-03-31"), [5, 6, 83.33]);
  });

  it("30 September 2023: P13 is 22 on D; P2 refuses contact", async () => {
    // cohort: P1 (21), P2 (21), P5 (20), P6 (19), P10 (19) = 5
    // suitable: P6 K6a 1, P10 LP10 1; P1 K1b 2, P5 2, P2 REFU → 2/5
    assert.deepEqual(await fig(c, "care_leavers_suitable_accommodation_pct", "2023-09-30"), [2, 5, 40]);
    // EET: P5 F5, P10 F2; P1 G5, P6 G6, P2 REFU → 2/5
    assert.deepEqual(await fig(c, "care_leavers_eet_pct", "2023-09-30"), [2, 5, 40]);
    // in touch: P1, P5, P6, P10; P2 REFU → 4/5
    assert.deepEqual(await fig(c, "care_leavers_in_touch_pct", "2023-09-30"), [4, 5, 80]);
  });

  it("31 March 2024: P2 is 22; P1 still counts, with no record in today's extract", async () => {
    // cohort: P1 (21), P5 (20), P6 (20 on 2024-02-29), P10 (20) = 4
    // suitable: P6 K6b (on D) 1, P10 1; P1 K1c NO, P5 2 → 2/4
    assert.deepEqual(await fig(c, "care_leavers_suitable_accommodation_pct", "2024-03-31"), [2, 4, 50]);
    // EET: P5 F5, P6 F4, P10 F2; P1 not in touch → 3/4
    assert.deepEqual(await fig(c, "care_leavers_eet_pct", "2024-03-31"), [3, 4, 75]);
    // in touch: P5, P6, P10; P1 NO → 3/4
    assert.deepEqual(await fig(c, "care_leavers_in_touch_pct", "2024-03-31"), [3, 4, 75]);
  });

  it("explain lists the cohort and says on what each young person is former relevant", async () => {
    const rows = await c.explain("care_leavers_in_touch_pct", "month", "2023-03-31");
    // not P3 (90 days), P4 (left care at 15), P7 (leap day: 90 days), P8 (V4), P9 (QUALIFYING)
    assert.deepEqual(rows.map((r) => r.child_id).sort(), ["P1", "P10", "P13", "P2", "P5", "P6"]);
    const detail = (id: string) => rows.find((r) => r.child_id === id)?.detail;
    assert.equal(
      detail("P2"),
      "age 21, latest contact K2a on 2023-03-31: in touch YES, accommodation ? suitability 1, activity P2; former relevant by care history (13 weeks looked after from age 14 by 2017-10-31, looked after at 16 or over on 2017-10-10, period of care PC2b)",
    );
    // P6: 90 days from 2018-03-01 (to 2018-05-29), the 91st on 2020-02-29, the 16th birthday
    assert.equal(
      detail("P6"),
      "age 19, latest contact K6a on 2023-03-01: in touch YES, accommodation ? suitability 1, activity G6; former relevant by care history (13 weeks looked after from age 14 by 2020-02-29, looked after at 16 or over on 2020-02-29, period of care PC6b)",
    );
    // P5: looked after from 2018-01-01 (age 14), the 91st day 2018-04-01; last day the 16th birthday
    assert.equal(
      detail("P5"),
      "age 19, latest contact K5a on 2023-03-01: in touch YES, accommodation ? suitability 2, activity F5; former relevant by care history (13 weeks looked after from age 14 by 2018-04-01, looked after at 16 or over on 2019-08-01, period of care PC5)",
    );
    const p10 = rows.find((r) => r.child_id === "P10");
    assert.deepEqual(
      [p10?.event_id, p10?.reason, p10?.detail],
      [
        "LP10",
        "no contact record on or before the month end",
        "age 19, no record; former relevant by care leaver record LP10: FORMER_RELEVANT",
      ],
    );
  });

  it("the 17–18 variant: not while looked after, nor before the care history meets the test", async () => {
    const v = await computeScenario(CARE_LEAVERS, { ...SCENARIO, options: { careLeaverAges: [17, 18] } });
    try {
      // 2023-03-31: P11 (17) is looked after; P12 (17) has left care but has 31 days so far → nobody
      assert.deepEqual(await fig(v, "care_leavers_in_touch_pct", "2023-03-31"), [0, 0, null]);
      // 2023-09-30: P11 ceased on D, so not looked after on D: in, K11a (on D) YES → 1/1;
      // P12 is looked after (E12b to 2023-10-01)
      assert.deepEqual(await fig(v, "care_leavers_in_touch_pct", "2023-09-30"), [1, 1, 100]);
      // 2024-03-31: P11 (18) YES; P12 (18: 31 + 61 = 92 days, the 91st on 2023-09-29) K12b NO → 1/2
      assert.deepEqual(await fig(v, "care_leavers_in_touch_pct", "2024-03-31"), [1, 2, 50]);
      const p12 = (await v.explain("care_leavers_in_touch_pct", "month", "2024-03-31")).find(
        (r) => r.child_id === "P12",
      );
      assert.equal(
        p12?.detail,
        "age 18, latest contact K12b on 2023-12-01: in touch NO, accommodation ? suitability ?, activity ?; former relevant by care history (13 weeks looked after from age 14 by 2023-09-29, looked after at 16 or over on 2023-01-01, period of care PC12b)",
      );
    } finally {
      v.close();
    }
  });
});
