import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { combineSources } from "./combine.ts";

const person = (id: string, sex: string, file: string) => ({
  la_code: "999",
  pers_person_id: id,
  pers_sex: sex,
  pers_dob: "2015-01-01",
  _file: file,
});
const referral = (id: string, child: string, date: string, need: string | null) => ({
  la_code: "999",
  cine_referral_id: id,
  cine_person_id: child,
  cine_referral_date: date,
  cine_cin_primary_need_code: need,
});

describe("combining sources", () => {
  it("keeps one row per event, fills gaps, reports each disagreement and rewrites references", () => {
    const annex = {
      name: "Annex A a.xlsx",
      format: "annex-a" as const,
      rows: {
        ssd_person: [person("C1", "F", "a.xlsx")],
        ssd_cin_episodes: [referral("C1/REF/2024-01-05", "C1", "2024-01-05", "N1")],
        ssd_cin_assessments: [
          {
            la_code: "999",
            cina_assessment_id: "C1/ASMT/2024-01-06",
            cina_person_id: "C1",
            cina_referral_id: "C1/REF/2024-01-05",
            cina_assessment_start_date: "2024-01-06",
          },
        ],
      },
    };
    const cin = {
      name: "CIN census c.xml",
      format: "cin" as const,
      rows: {
        ssd_person: [person("C1", "M", "c.xml")],
        // same child and date as the Annex A referral; no need code, and a second referral the same day
        ssd_cin_episodes: [
          referral("C1-R1", "C1", "2024-01-05", null),
          referral("C1-R2", "C1", "2024-01-05", "N2"),
        ],
      },
    };
    const r = combineSources([annex, cin], { rows: {} });
    // 2 people read, 1 kept (CIN census outranks Annex A); 3 referrals read: the CIN census's two
    // kept, the Annex A's matched to the first and dropped.
    assert.deepEqual(r.counts.ssd_person, { read: 2, added: 1, duplicate: 1 });
    assert.deepEqual(r.counts.ssd_cin_episodes, { read: 3, added: 2, duplicate: 1 });
    assert.equal(r.rows.ssd_person?.[0]?.pers_sex, "M");
    assert.equal(r.rows.ssd_cin_episodes?.[0]?.cine_cin_primary_need_code, "N1", "gap filled from Annex A");
    assert.equal(
      r.rows.ssd_cin_assessments?.[0]?.cina_referral_id,
      "C1-R1",
      "reference rewritten to the kept referral",
    );
    assert.equal(r.issues.length, 1);
    assert.equal(r.issues[0]?.rule, "COMBINE_CONFLICT");
    assert.equal(r.issues[0]?.file, "a.xlsx");
    assert.match(r.issues[0]!.message, /CIN census c\.xml has pers_sex "M" but Annex A a\.xlsx has "F"/);
  });

  it("never changes rows already in the workspace and renames a clashing id", () => {
    const existing = { rows: { ssd_cin_episodes: [referral("R1", "C1", "2023-05-01", "N1")] } };
    const ssd = {
      name: "SSD tables",
      format: "ssd" as const,
      rows: {
        ssd_cin_episodes: [
          referral("R9", "C1", "2023-05-01", "N4"),
          referral("R1", "C2", "2023-06-01", "N1"),
        ],
      },
    };
    const r = combineSources([ssd], { ...existing, sourceOf: () => "import 1 (cin)" });
    assert.deepEqual(r.counts.ssd_cin_episodes, { read: 2, added: 1, duplicate: 1 });
    assert.deepEqual(r.matchedExisting, { ssd_cin_episodes: ["R1"] });
    assert.equal(r.rows.ssd_cin_episodes?.[0]?.cine_referral_id, "R1~2");
    assert.equal(existing.rows.ssd_cin_episodes[0]?.cine_cin_primary_need_code, "N1");
    assert.match(r.issues[0]!.message, /import 1 \(cin\)'s value was kept/);
  });
});
