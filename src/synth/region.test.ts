import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROFILE_REACH, parseLaCodes, regionCouncils, regionProfiles } from "./region.ts";

const CSV = `# comment
code,name,region,type
301,Barking and Dagenham,Outer London,OLB
801,"Bristol, City of",South West,UA
372,Rotherham,Yorkshire and The Humber,MD
370,Barnsley,Yorkshire and The Humber,MD
970,England,NA,NA`;

describe("a region of synthetic councils", () => {
  it("reads DfE's LA code list, quoted names included, region rows left out", () => {
    assert.deepEqual(parseLaCodes(CSV), [
      { code: "301", name: "Barking and Dagenham" },
      { code: "801", name: "Bristol, City of" },
      { code: "372", name: "Rotherham" },
      { code: "370", name: "Barnsley" },
    ]);
  });

  it("draws distinct councils, sizes within 0.4–2 times and demand within 0.7–1.4, the same for a seed", () => {
    const list = parseLaCodes(CSV);
    const a = regionCouncils(list, { count: 4, seed: 7, population: 10_000 });
    assert.deepEqual(a, regionCouncils(list, { count: 4, seed: 7, population: 10_000 }));
    assert.deepEqual(
      a.map((c) => c.laCode),
      ["301", "370", "372", "801"],
    );
    assert.equal(new Set(a.map((c) => c.seed)).size, 4);
    for (const c of a) {
      assert.ok(c.population >= 4_000 && c.population <= 20_000, `${c.population}`);
      assert.ok(c.demand >= 0.7 && c.demand <= 1.4, `${c.demand}`);
    }
    // demand spread: one council in each quarter of 0.7–1.4 (0.7 + 0.7 × k/4 … (k+1)/4)
    const quarters = a.map((c) => Math.min(3, Math.floor(((c.demand - 0.7) / 0.7) * 4))).sort();
    assert.deepEqual(quarters, [0, 1, 2, 3]);
    assert.notDeepEqual(a, regionCouncils(list, { count: 4, seed: 8, population: 10_000 }));
  });

  it("gives each council a profile, some better and some worse than England on each factor, leaving codes, sizes and demand as before", () => {
    const a = regionCouncils(parseLaCodes(CSV), { count: 4, seed: 7, population: 10_000 });
    // the values regionCouncils drew for seed 7 before profiles were added (main at 76b5d82)
    assert.deepEqual(
      a.map(({ laCode, population, demand, seed }) => [laCode, population, demand, seed]),
      [
        ["301", 5_200, 1.31, 7004],
        ["370", 17_600, 1.19, 7003],
        ["372", 6_000, 0.73, 7001],
        ["801", 14_900, 0.91, 7002],
      ],
    );
    for (const key of ["lateness", "moves", "rereferral"] as const) {
      const f = a.map((c) => c.profile[key]);
      // 4 councils spread on a log scale over 1/reach … reach: the lowest in the first quarter, the highest in the last
      const reach = PROFILE_REACH[key];
      assert.ok(Math.min(...f) >= Math.round(100 / reach) / 100 && Math.min(...f) < 1, `${key}: ${f}`);
      assert.ok(Math.max(...f) <= reach && Math.max(...f) > 1, `${key}: ${f}`);
    }
    // the k-th council drawn (seed 7000 + k + 1) has the k-th profile of regionProfiles
    const drawn = regionProfiles(4, 7);
    assert.deepEqual(
      a.map((c) => c.profile),
      a.map((c) => drawn[c.seed - 7001]),
    );
  });

  it("refuses more councils than the list holds", () => {
    assert.throws(() => regionCouncils(parseLaCodes(CSV), { count: 5, seed: 1, population: 1 }), RangeError);
  });
});
