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

/**
 * Rows and SHA-256 of every row's JSON (one per line, in emitted order) per table, first recorded before the
 * Generator was split; re-recorded when the model changed so that written returns pass DfE's 903 and CIN rules
 * (temporary placements of a week at most and back to the placement before, no custody moves under 10, no wait
 * for a worker on a transfer or entry to care, missing episodes over before care ends, care leavers' housing by
 * age, no conference after the 18th birthday, and the first child of each mother in ssd_mother).
 */
const EXPECTED: Record<string, [number, string]> = {
  ssd_care_leavers: [372, "d590f7973158c03d257c9ff6cdcd6996539ea4be6b5a7173babfe2f3f1ad16d6"],
  ssd_cin_assessments: [18_795, "39a355163acd246a724319b6fa6489e13907895e29206973a243ebecbcf9aa6f"],
  ssd_cin_episodes: [18_410, "df2c8579c79215967d62f5c30a3dade84b595bb6cf2b916edf1eef538627f44b"],
  ssd_cla_episodes: [5_759, "e760e3afadd5643933d6d46684d73e60876f58b23067e47ba102ae5d6e720a48"],
  ssd_cla_health: [4_367, "43cb696f86be294242dfb2563540a02a6851b0e857a140568b92cfe29d802388"],
  ssd_cla_placement: [4_865, "bde1c806cbdf30f0b4a7daeb1ae7cf9eb1308cac665e925f0fcbcf101ef90afa"],
  ssd_cla_reviews: [10_150, "0f9d3ca1a13071734401f948ad70f74aa2ce99ce441b945d57d922399601ba17"],
  ssd_cla_visits: [21_088, "4af58f92389a9b7db1403d225926629207f787397ee73eb1e8d8916bc3a3a2e6"],
  ssd_contacts: [67_088, "35df90fcdba389dca401a4c214beaf0455a996e2a1318f3c7f87f120c16f26d8"],
  ssd_cp_plans: [1_836, "ae1e99ffb87590adcef9ade93d4fc71abe9b2073120da7014b6df2aae2a1d2eb"],
  ssd_cp_reviews: [3_827, "8496c121fc2709d51c81b5dec0b79e14d5861d628ed28b12ad5391efa4f527b2"],
  ssd_cp_visits: [43_004, "5099597bf0dbda32fb447e1ca9ea0ee50ab008259a73bb1bd7e13bc966a77d06"],
  ssd_department: [29, "d47bcbb7efc2006c2fc30fe94e9dfffe7b1c7c0198cdc15a4c326751d62dcae2"],
  ssd_immigration_status: [158, "eef0a62dbfade6977bab21ddf3dc1622ee62fd909ff13c78de1afe41f132bf79"],
  ssd_initial_cp_conference: [2_227, "db75f95fda8f0568cb75dd564c47becb2f9487131f4a2a18c964358f316d46d7"],
  ssd_involvements: [40_667, "3d34cae047ba70ee52fff06bb136f8376f9eb4f5e765812c6ebbe3cff9c70147"],
  ssd_legal_status: [2_227, "6541617f785c87543233d330e332e038ca7ae2e34a4387a6a198ca133a8d954a"],
  ssd_missing: [1_442, "0184b60d71a6b82e4f0b7f09466802a172f8e8e63e782fd3220df05a803a3777"],
  ssd_mother: [173, "77e23a3179d14b6e421e4446bd737e0d2756679e05f16837976917bfe0c02516"],
  ssd_permanence: [176, "b26db2d31c3499a0017a3e217d1cb5a8151cd54fa688b1c4a98db57de369d1a9"],
  ssd_person: [29_518, "a307e28d60348060d135fe07d313ef71a364053a6de7dc3ea7759914e5142356"],
  ssd_professionals: [194, "b27187d391c49e0b3938ae6d3a414bcdf7d66e686653f11c131d7bac86d02d1b"],
  ssd_s47_enquiry: [6_761, "55bf3782da47e9166d88f9bc2fbd03bcd54d7fef7c3ee5498ad2c64621221856"],
  // returnItems.ts (its own stream, so the tables above kept their hashes)
  ssdx_adopters: [176, "46cfde0c12277c4f7555ad0dcfeddf137c838c80a6922643aa81b4c6f665b076"],
  ssdx_cla_outcomes: [1_858, "dd91f9c377c68bab1fb736f13d6d18e64e4903bc134711b24790a4d7e81134f3"],
  ssdx_cla_period_details: [1_501, "f28c413ef334ab2628021803d5284f9554eab57d5bedcc4f7de9bc9e78e2a900"],
  ssdx_care_leaver_contacts: [6_456, "23cbc15deb244462afff6b79969e2be794c619f00ba74a61e998e896104713b9"],
  ssdx_missing_return_interviews: [858, "2c447828db61f80575c6078f5455a723014acce7381edcd225a63c32447fd544"],
  ssdx_strategy_discussions: [8_135, "a04472e7a1934102e22bbd486988761e1d7195eb0b6dd1d90ed02d268bb640ac"],
};

describe("the synthetic council for seed 11", () => {
  it("writes the same rows, in the same order, as recorded", () => {
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
    assert.equal(summary.children, 29_518);
    assert.equal(summary.dataFrom, "2022-04-01");
    assert.equal(summary.dataTo, "2025-03-31");
  });
});
