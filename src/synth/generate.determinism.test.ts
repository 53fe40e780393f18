/**
 * Pins the synthetic council byte for byte: seed 11 at the demo's default
 * size (60,000 children, 3 years to 31 March 2025) must keep producing the
 * same rows in the same order. A refactor of the generator that changes
 * one draw changes a hash here; a change of the model is meant to update
 * these literals in the same commit, with the reason.
 */
import assert from "node:assert/strict";
import { createHash, type Hash } from "node:crypto";
import { describe, it } from "node:test";
import { generateCouncil } from "./generate.ts";

/** Rows and SHA-256 of every row's JSON (one per line, in emitted order) per table, recorded before the Generator was split. */
const EXPECTED: Record<string, [number, string]> = {
  ssd_care_leavers: [379, "58012445943b7bbb0fa20bf83cd201061830fe02c2ba3cbd82f94362c7e2727c"],
  ssd_cin_assessments: [18_874, "fb42e204ec66330810893e9497732207832c17462b33a30fb2be36ec6d7de972"],
  ssd_cin_episodes: [18_564, "051eb420f19312253f53610f693ddc6b15248d7432e2651a78a4300bd79fb26a"],
  ssd_cla_episodes: [6_167, "429dfdfa3e2ba26a68ae809ca6936b38ee69d99f2f25f2b8b6c414aaf9e00bd4"],
  ssd_cla_health: [4_485, "2a54373f5d3025133cc128da901e2444533fa24bdcce486ac19dd2bb88058bff"],
  ssd_cla_placement: [5_228, "8b77524a222de81f30d849adad3b8258d03d81ae0f8468eee88a1d0376d1ed62"],
  ssd_cla_reviews: [10_510, "8febb920c6e6a2ba6e20952c4fcaa7df13d0f04d2e660b0d8506db7091216a50"],
  ssd_cla_visits: [21_922, "41a24f5763182fb560727a92e01790daadab2fc7c1d013c7dda44fd3709d6813"],
  ssd_contacts: [67_679, "1b08fc5e81d4760538688401a4a97736892a44ad8e35659102f46b10b602e6bd"],
  ssd_cp_plans: [1_855, "49ae8bcb882a67d014573fab92f819255aacb3c1a05f9ee53c0121053dcb6310"],
  ssd_cp_reviews: [3_774, "2eefb02822424933c292d653120ad6333d06eaaec65e5a79147d4fa75fdd1cee"],
  ssd_cp_visits: [42_947, "cf75d653a5633199e4a956a298a23cd192254ccbf02ab8f807c8d856e99b4190"],
  ssd_department: [29, "d47bcbb7efc2006c2fc30fe94e9dfffe7b1c7c0198cdc15a4c326751d62dcae2"],
  ssd_immigration_status: [125, "988833a4f375b5833568c58517ce088b9412fea2cc8cd3fa4682210f7f2366c9"],
  ssd_initial_cp_conference: [2_262, "15ab4f2e3f1d04eda3ace17b161d9c027766b82f0619ccb89c59da70062fb3dc"],
  ssd_involvements: [40_763, "9e9fa0d973a3d37243b375a7b8bd9787bfc378866d7c5bdc5d8300b0ee570d25"],
  ssd_legal_status: [2_306, "60ebcf23ac04a576788ed64e0809ff647f0b1a8269a19574eb91bd7502e03e30"],
  ssd_missing: [1_875, "fadcba2fe7cbc60835ff807b0999326160bf69b9b7df2c446077fba2fab278c6"],
  ssd_permanence: [166, "4009b65f5ace69148c987d47ab4b1c7fb2e11e3d61b7ea875d05a21fb40f4ffb"],
  ssd_person: [29_795, "717e04043142d4ff5844cb8be8b8bfc80eb7f2260743c8d67d8ebc89999640ab"],
  ssd_professionals: [194, "b27187d391c49e0b3938ae6d3a414bcdf7d66e686653f11c131d7bac86d02d1b"],
  ssd_s47_enquiry: [6_687, "76aa098aa7d760fa767af61af55e51a76f063b5953dd01623d36ee6c3213a847"],
  // returnItems.ts (its own stream, so the tables above kept their hashes)
  ssdx_adopters: [166, "9372868385951589484ecbaad183cc46e87491bbeddb2dfc75d2db3b9e514ca6"],
  ssdx_cla_outcomes: [1_914, "82cb2955eb1474d6c04b8f37fb24a835529b0adccfd76cd90943ece329549f94"],
  ssdx_cla_period_details: [1_585, "bac57a0142587ffb9e30ab5baa448fb90a8301ebc8cb9a5d01dc523a3ae9d63b"],
  ssdx_care_leaver_contacts: [6_326, "d0a85edd3810127c720732de23764e17a45e5bd5ae07824623181cdb25f0023c"],
  ssdx_missing_return_interviews: [1_124, "d8f8145e7a4d9b9c548c1c0b0ce6ce3ae2062deb48439056e364c37514d654c3"],
  ssdx_strategy_discussions: [8_084, "39e0be945e7c8319c2d2ba29cc9632514e6a631945fc2dd8231ba2706da78180"],
};

describe("the synthetic council for seed 11", () => {
  it("writes the same rows, in the same order, as before the Generator was split", () => {
    const hashes = new Map<string, Hash>();
    const counts = new Map<string, number>();
    const summary = generateCouncil(
      { seed: 11, population: 60_000, years: 3, endDate: "2025-03-31", laCode: "999" },
      (table, values) => {
        let h = hashes.get(table);
        if (!h) {
          h = createHash("sha256");
          hashes.set(table, h);
        }
        h.update(JSON.stringify(values));
        h.update("\n");
        counts.set(table, (counts.get(table) ?? 0) + 1);
      },
    );
    const actual: Record<string, [number, string]> = {};
    for (const [table, h] of [...hashes].sort(([a], [b]) => (a < b ? -1 : 1))) {
      actual[table] = [counts.get(table) ?? 0, h.digest("hex")];
    }
    assert.deepEqual(actual, EXPECTED);
    assert.equal(summary.children, 29_795);
    assert.equal(summary.dataFrom, "2022-04-01");
    assert.equal(summary.dataTo, "2025-03-31");
  });
});
