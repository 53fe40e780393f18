/**
 * `demo --councils N` draws current councils only: none of the codes DfE's
 * LA code list keeps for councils since abolished.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readBundle } from "../benchmarks/bundle.ts";
import { parseLaCodes } from "../synth/region.ts";
import { currentLaNames, demoRegion } from "./demoRegion.ts";

const listed = parseLaCodes(
  readFileSync(join(import.meta.dirname, "..", "..", "data", "la-codes.csv"), "utf8"),
);
const current = currentLaNames();
/** The latest year of each council's figures in the shipped values. */
const lastYear = new Map<string, number>();
for (const v of readBundle().values)
  if (v.level === "la" && v.value !== null && v.year > (lastYear.get(v.la_code) ?? 0))
    lastYear.set(v.la_code, v.year);

describe("the councils a regional demo draws", () => {
  it("are the 153 of DfE's 158 listed councils in its 2025 neighbour model: the 5 abolished left out", () => {
    assert.equal(listed.length, 158);
    assert.equal(current.length, 153);
    const gone = listed.filter((c) => !current.some((x) => x.code === c.code));
    // merged into 839 and 838 in 2019; split into 940 and 941 in 2021; split into 942 and 943 in 2023
    assert.deepEqual(
      gone.map((c) => [c.code, c.name, lastYear.get(c.code)]),
      [
        ["837", "Bournemouth (Pre LG)", 2019],
        ["909", "Cumbria", 2023],
        ["835", "Dorset (Pre LG)", 2020],
        ["928", "Northamptonshire", 2021],
        ["836", "Poole (Pre LG)", 2019],
      ],
    );
    for (const code of ["838", "839", "940", "941", "942", "943"])
      assert.ok(
        current.some((c) => c.code === code),
        code,
      );
  });

  it("every one has figures in the latest year DfE has published (2025)", () => {
    for (const c of current) assert.equal(lastYear.get(c.code), 2025, `${c.code} ${c.name}`);
  });

  it("draws none of the abolished, even 150 of them", () => {
    const drawn = demoRegion({ councils: 150, seed: 5, population: 1_000, years: 1, endDate: "2025-03-31" });
    assert.equal(drawn.length, 150);
    for (const c of drawn) assert.ok(!["835", "836", "837", "909", "928"].includes(c.laCode), c.laCode);
  });
});
