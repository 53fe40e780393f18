import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { periodsEndingOn } from "../calendar/periods.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { DEFAULT_OPTIONS } from "../indicators/define.ts";
import { referrals, referralsNfaPct, referralsRate10k } from "../indicators/frontDoor.ts";
import { caseloadAverage } from "../indicators/workforce.ts";
import { type Computed, computeScenario, TEST_LA } from "../testing/scenario.ts";
import { type Breakdown, breakdown, type DimensionName, dimensionsOf, isDimension } from "./breakdown.ts";

const MARCH = periodsEndingOn("2024-03-31").find((p) => p.type === "month")!;

const ref = (
  id: string,
  child: string,
  date: string,
  source: string | null,
  need: string | null,
  nfa = "N",
) => ({
  cine_referral_id: id,
  cine_person_id: child,
  cine_referral_date: date,
  cine_referral_source_code: source,
  cine_cin_primary_need_code: need,
  cine_referral_nfa: nfa,
});

/** Cells as "cell=value" or "cell=numerator/denominator". */
function cells(b: Breakdown): string[] {
  return b.cells.map((c) =>
    c.numerator === null ? `${c.cell}=${c.value}` : `${c.cell}=${c.numerator}/${c.denominator}`,
  );
}

describe("breakdowns", () => {
  let c: Computed;
  const by = (ind: typeof referrals, dim: DimensionName, period = MARCH) =>
    breakdown(c.db, ind, DEFAULT_OPTIONS, TEST_LA, period, dim);
  before(async () => {
    c = await computeScenario([referrals, referralsNfaPct, referralsRate10k, caseloadAverage], {
      dataFrom: "2024-01-01",
      dataTo: "2024-03-31",
      tables: {
        ssd_cin_episodes: [
          ref("R1", "A", "2024-03-05", "1A", "N1", "Y"),
          ref("R2", "B", "2024-03-10", "2A", "N1"),
          ref("R3", "C", "2024-03-20", null, "N4"),
          ref("R4", "A", "2024-03-25", "1A", null),
          ref("R5", "B", "2024-02-10", "2A", "N1"), // February: outside the period
        ],
        ssd_person: [
          {
            pers_person_id: "A",
            pers_dob: "2023-06-01",
            pers_sex: "F",
            pers_ethnicity: "WBRI",
            pers_disability: "NONE",
          },
          // 10 on the day of R2 (2024-03-10)
          {
            pers_person_id: "B",
            pers_dob: "2014-03-10",
            pers_sex: "M",
            pers_ethnicity: "MWBC",
            pers_disability: "HAND",
          },
          // C has no person record
        ],
        ssd_immigration_status: [
          {
            immi_immigration_status_id: "U1",
            immi_person_id: "A",
            immi_immigration_status: "UASC",
            immi_immigration_status_start_date: "2024-03-20",
          },
        ],
        ssd_involvements: [
          {
            invo_involvements_id: "I1",
            invo_person_id: "A",
            invo_professional_id: "W1",
            invo_professional_team: "T1",
            invo_involvement_start_date: "2024-01-01",
          },
          {
            invo_involvements_id: "I2",
            invo_person_id: "B",
            invo_professional_id: "W2",
            invo_professional_team: "T2",
            invo_involvement_start_date: "2024-03-15",
          },
        ],
        ssd_professionals: [
          { prof_professional_id: "W1", prof_full_time_equivalency: 1, prof_professional_department: "T1" },
          { prof_professional_id: "W2", prof_full_time_equivalency: 0.5, prof_professional_department: "T2" },
        ],
      },
    });
  });
  after(() => c.close());

  it("joins the child's age band, sex, ethnicity and disability; no person record is Unknown", async () => {
    // March referrals R1 (A, 0), R2 (B, 10 that day), R3 (C, no record), R4 (A, 0)
    assert.deepEqual(cells(await by(referrals, "age_band")), ["Under 1=2", "10 to 15=1", "Unknown=1"]);
    assert.deepEqual(cells(await by(referrals, "sex")), ["F=2", "M=1", "Unknown=1"]);
    assert.deepEqual(cells(await by(referrals, "ethnicity")), [
      "Mixed or multiple ethnic groups=1",
      "White=2",
      "Unknown=1",
    ]);
    assert.deepEqual(cells(await by(referrals, "disability")), ["Disabled=1", "Not disabled=2", "Unknown=1"]);
  });

  it("reads UASC status and the worker at the row's date", async () => {
    // A is UASC from 2024-03-20: R4 (25th) UASC, R1 (5th) local; B's worker starts after R2
    assert.deepEqual(cells(await by(referrals, "uasc")), ["Local=3", "UASC=1"]);
    assert.deepEqual(cells(await by(referrals, "worker")), ["Unallocated=2", "W1=2"]);
    assert.deepEqual(cells(await by(referrals, "team")), ["T1=2", "Unallocated=2"]);
  });

  it("reads the indicator's own columns, with code descriptions", async () => {
    const b = await by(referrals, "source");
    assert.deepEqual(cells(b), ["1A=2", "2A=1", "Unknown=1"]);
    assert.equal(b.cells[0]!.label, "Individual: family member, relative or carer");
    assert.deepEqual(cells(await by(referrals, "need")), ["N1=2", "N4=1", "Unknown=1"]);
    assert.deepEqual(b.total.value, 4);
  });

  it("gives percentages per cell and rates as counts", async () => {
    // NFA: R1 only, source 1A: 1 of 2
    const pct = await by(referralsNfaPct, "source");
    assert.deepEqual(cells(pct), ["1A=1/2", "2A=0/1", "Unknown=0/1"]);
    assert.equal(pct.cells[0]!.value, 50);
    assert.deepEqual([pct.total.numerator, pct.total.denominator], [1, 4]);
    const rate = await by(referralsRate10k, "sex");
    assert.equal(rate.unit, "count");
    assert.deepEqual(cells(rate), ["F=2", "M=1", "Unknown=1"]);
  });

  it("splits a caseload by the row's own team: children over FTE", async () => {
    // 31 March: W1 (T1, FTE 1) holds A; W2 (T2, FTE 0.5) holds B → T1 1/1, T2 1/0.5 = 2
    const b = await by(
      caseloadAverage,
      "team",
      periodsEndingOn("2024-03-31").find((p) => p.type === "month")!,
    );
    assert.deepEqual(cells(b), ["T1=1/1", "T2=1/0.5"]);
    assert.equal(b.cells[1]!.value, 2);
    assert.deepEqual([b.total.numerator, b.total.denominator], [2, 1.5]);
  });

  it("refuses a dimension the indicator does not carry, naming those it does", async () => {
    await assert.rejects(
      by(referrals, "abuse_category"),
      /referrals has no breakdown by abuse_category \(it offers: age_band, sex, ethnicity, disability, uasc, team, worker, source, need\)/,
    );
  });

  it("every dimension an indicator declares is a known one", () => {
    const unknown = CATALOGUE.flatMap((i) =>
      (i.dimensions ?? []).filter((d) => !isDimension(d)).map((d) => `${i.id}: ${d}`),
    );
    assert.deepEqual(unknown, []);
    assert.equal(dimensionsOf(referralsRate10k).includes("source"), true);
  });
});
