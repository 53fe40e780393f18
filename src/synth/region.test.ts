import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseLaCodes, regionCouncils } from "./region.ts";

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

  it("refuses more councils than the list holds", () => {
    assert.throws(() => regionCouncils(parseLaCodes(CSV), { count: 5, seed: 1, population: 1 }), RangeError);
  });
});
