import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { query } from "../db/database.ts";
import type { Issue } from "../ingest/issues.ts";
import { writeCinCensus } from "../returns/cin.ts";
import { writeSsda903 } from "../returns/ssda903.ts";
import type { CouncilProfile, GenerateParams } from "../synth/council.ts";
import { generateCouncil } from "../synth/generate.ts";
import { loadGenerated } from "../synth/load.ts";
import { PROFILE_REACH } from "../synth/region.ts";
import { DEFAULT_STANDARDS_INPUT } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, setCoverage, type Workspace } from "../workspace/workspace.ts";
import { computeWorkspace } from "./compute.ts";
import { readFiles } from "./import.ts";

const tmp = mkdtempSync(join(tmpdir(), "scorecard-profile-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The ends of the demo's profiles (region.ts): every factor at 1/reach, and at reach. */
const BETTER: Required<CouncilProfile> = {
  lateness: 1 / PROFILE_REACH.lateness,
  moves: 1 / PROFILE_REACH.moves,
  rereferral: 1 / PROFILE_REACH.rereferral,
};
const WORSE: Required<CouncilProfile> = { ...PROFILE_REACH };
const BETTER_LA = "301";
const WORSE_LA = "302";

function hashOf(params: GenerateParams): string {
  const h = createHash("sha256");
  generateCouncil(params, (table, values) => {
    h.update(table);
    h.update(JSON.stringify(values));
  });
  return h.digest("hex");
}

describe("a council's profile", () => {
  it("leaves the generated council unchanged at England's (every factor 1)", () => {
    const base = { seed: 3, population: 3_000, years: 1, endDate: "2025-03-31", laCode: "999" };
    const none = hashOf(base);
    assert.equal(hashOf({ ...base, profile: {} }), none);
    assert.equal(hashOf({ ...base, profile: { lateness: 1, moves: 1, rereferral: 1 } }), none);
    // each factor on its own changes the data
    for (const f of ["lateness", "moves", "rereferral"] as const)
      assert.notEqual(hashOf({ ...base, profile: { [f]: 1.5 } }), none, f);
  });

  it("refuses a factor that is not above 0 and at most 10", () => {
    const base = { seed: 3, population: 1_000, years: 1, endDate: "2025-03-31", laCode: "999" };
    for (const bad of [0, -1, 11, Number.NaN])
      assert.throws(() => hashOf({ ...base, profile: { moves: bad } }), RangeError, String(bad));
  });

  describe("at the ends of the demo's range, same seed and size", () => {
    let ws: Workspace;
    const out = join(tmp, "returns");
    before(async () => {
      const years: Record<string, number> = {};
      for (let y = 2016; y <= 2027; y++) years[`${y}-${String((y + 1) % 100).padStart(2, "0")}`] = 10_000;
      const dir = join(tmp, "ws");
      await initWorkspace(dir, {
        councils: [BETTER_LA, WORSE_LA].map((la) => ({
          name: `Profile ${la}`,
          laCode: la,
          population: years,
        })),
        standards: { ...DEFAULT_STANDARDS_INPUT },
      });
      ws = await openWorkspace(dir, { allCouncils: true });
      mkdirSync(out);
      for (const [la, profile] of [
        [BETTER_LA, BETTER],
        [WORSE_LA, WORSE],
      ] as const) {
        const g = await loadGenerated(ws.db, {
          seed: 5,
          population: 10_000,
          years: 2,
          endDate: "2025-03-31",
          laCode: la,
          profile,
        });
        await setCoverage(ws.db, { laCode: la, dataFrom: g.dataFrom, dataTo: g.dataTo });
        const scope = { laCode: la, from: g.dataFrom, to: g.dataTo };
        await writeCinCensus(ws.db, out, scope);
        await writeSsda903(ws.db, out, scope);
      }
      await computeWorkspace(ws);
    });
    after(() => ws.close());

    /** The financial year 2024-25's figure of each council: [better, worse]. */
    async function year(indicator: string): Promise<[number, number]> {
      const rows = await query(
        ws.db,
        `SELECT la_code, value FROM indicator_values
         WHERE indicator = $1 AND period_type = 'year' AND period_end = DATE '2025-03-31' ORDER BY la_code`,
        [indicator],
      );
      assert.deepEqual(
        rows.map((r) => r.la_code),
        [BETTER_LA, WORSE_LA],
        indicator,
      );
      return [Number(rows[0]!.value), Number(rows[1]!.value)];
    }

    /**
     * A share at a date pooled over the 12 month ends of 2024-25, each council's Σ numerator ÷ Σ denominator
     * × 100: [better, worse]. One month end holds a few dozen children, where chance can outweigh the profile.
     */
    async function pooled(indicator: string): Promise<[number, number]> {
      const rows = await query(
        ws.db,
        `SELECT la_code, count(*) AS months, 100 * sum(numerator) / sum(denominator) AS value FROM indicator_values
         WHERE indicator = $1 AND period_type = 'month' AND period_end BETWEEN DATE '2024-04-30' AND DATE '2025-03-31'
         GROUP BY la_code ORDER BY la_code`,
        [indicator],
      );
      assert.deepEqual(
        rows.map((r) => [r.la_code, Number(r.months)]),
        [
          [BETTER_LA, 12],
          [WORSE_LA, 12],
        ],
        indicator,
      );
      return [Number(rows[0]!.value), Number(rows[1]!.value)];
    }

    it("gives the later council fewer assessments, conferences, reviews and visits on time", async () => {
      // Lateness 0.5 against 2: the late share of each is a quarter of the other's (assessments 7.5% against
      // 30% late at England's 15%, ICPCs 10% against 40%, each CP review 1.25% against 5%, each CLA review
      // 0.75% against 3%, CP visits 10 against 40 in 256, CLA visits 2,768 against 11,072 in 65,536).
      // Seed 5 gives, in 2024-25, 93.1% against 70.8% and 87.2 against 51.6; pooled over its month ends
      // 96.1 against 95.4 (CP reviews), 92.9 against 80.6 (CLA reviews), 98.5 against 96.1 (CP visits) and
      // 99.4 against 97.6 (CLA visits).
      for (const [id, figures] of [
        ["assessments_45wd_pct", year],
        ["icpc_15wd_pct", year],
        ["cpp_reviews_on_time_pct", pooled],
        ["cla_reviews_on_time_pct", pooled],
        ["cpp_visits_on_time_pct", pooled],
        ["cla_visits_on_time_pct", pooled],
      ] as const) {
        const [better, worse] = await figures(id);
        assert.ok(better > worse, `${id}: ${better} should be above ${worse}`);
      }
      // the stock of overdue assessments at 31 March 2025: 1 against 9
      const [better, worse] = await year("assessments_open_over_45wd");
      assert.ok(better < worse, `assessments_open_over_45wd: ${better} should be below ${worse}`);
    });

    it("gives the council that moves children more: more with 3+ placements, fewer settled long term", async () => {
      // Moves 1/1.5 against 1.5: children who move now and then or often 18.7% against 42% (England's 28%), and
      // every expected stay 2.25 times as long in the better council. Pooled over 2024-25's month ends: 10.4%
      // against 19.1% with 3+ placements, 78.8% against 28.4% of long-term children settled 2+ years.
      const [b3, w3] = await pooled("cla_3plus_placements_pct");
      assert.ok(b3 < w3, `cla_3plus_placements_pct: ${b3} should be below ${w3}`);
      const [bs, ws2] = await pooled("cla_long_term_stability_pct");
      assert.ok(bs > ws2, `cla_long_term_stability_pct: ${bs} should be above ${ws2}`);
    });

    it("gives the council children come back to more re-referrals within 12 months", async () => {
      // Re-referral 1/1.2 against 1.2: a child comes back after a referral 48% against 70% of the time
      // (England's 58%), a quick return is referred 50% against 72% (60%): 17.6% against 31.0% in 2024-25.
      const [better, worse] = await year("rereferrals_12m_pct");
      assert.ok(better < worse, `rereferrals_12m_pct: ${better} should be below ${worse}`);
    });

    it("writes CIN censuses and SSDA903s with no DfE error for either end", async () => {
      const tally = (issues: readonly Issue[]): string[] =>
        issues.filter((i) => i.dfe === "error").map((i) => `${i.file} ${i.rule}`);
      const files = readdirSync(out).sort();
      // two councils × 2 collection years × (a census + a 903 folder)
      assert.deepEqual(files, [
        "cin_census_301_2024.xml",
        "cin_census_301_2025.xml",
        "cin_census_302_2024.xml",
        "cin_census_302_2025.xml",
        "ssda903_301_2024",
        "ssda903_301_2025",
        "ssda903_302_2024",
        "ssda903_302_2025",
      ]);
      const errors: Record<string, string[]> = {};
      let checked = 0;
      for (const f of files) {
        const la = f.includes("_301_") ? BETTER_LA : WORSE_LA;
        const paths = f.endsWith(".xml")
          ? [join(out, f)]
          : readdirSync(join(out, f)).map((x) => join(out, f, x));
        const options = f.endsWith(".xml")
          ? { laCode: la }
          : { laCode: la, collectionYear: Number(f.slice(-4)) };
        const issues = (await readFiles(paths, options)).issues;
        checked += issues.filter((i) => i.dfe !== undefined).length;
        errors[f] = tally(issues);
      }
      // DfE's rules ran: its queries (referrals closed before assessment, 8825Q, and the like) are reported
      assert.ok(checked > 0, "no DfE issue at all");
      assert.deepEqual(errors, Object.fromEntries(files.map((f) => [f, []])));
    });
  });
});
