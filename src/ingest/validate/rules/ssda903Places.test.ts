import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Row } from "../../../db/database.ts";
import { issuesOf, rec, setOf, type Tables } from "../../../testing/ssda903Sets.ts";
import { SSDA903_PLACE_CHECKS } from "./ssda903Places.ts";

/** An episode of C1 in 2023/24 placed U1 at ZZ1 1AB from home at ZZ1 1AA. */
const ep = (fields: Record<string, string> = {}) =>
  rec("episodes", {
    DECOM: "01/06/2023",
    RNE: "S",
    LS: "C2",
    CIN: "N1",
    PLACE: "U1",
    PLACE_PROVIDER: "PR1",
    HOME_POST: "ZZ1 1AA",
    PL_POST: "ZZ1 1AB",
    URN: "",
    ...fields,
  });
/** A chain of episodes, each ending (X1) the day the next starts. */
function chain(...eps: Record<string, string>[]): Row[] {
  const days = ["01/06/2023", "01/07/2023", "01/08/2023", "01/09/2023"];
  return eps.map((x, k) =>
    ep({
      DECOM: days[k]!,
      ...(k + 1 < eps.length ? { DEC: days[k + 1]!, REC: "X1", REASON_PLACE_CHANGE: "CARPL" } : {}),
      ...x,
    }),
  );
}

function run(t: Tables, code: string, year = 2024): string[] {
  return issuesOf(code, [setOf(t, year)], year);
}

interface Case {
  code: string;
  fire: Tables;
  quiet: Tables;
  year?: number;
}
const c = (code: string, fire: Tables, quiet: Tables, year?: number): Case => ({
  code,
  fire,
  quiet,
  ...(year ? { year } : {}),
});

const CASES: Case[] = [
  c(
    "214",
    { episodes: [ep({ LS: "V3", HOME_POST: "", PL_POST: "", URN: "SC000001" })] },
    { episodes: [ep({ LS: "V3", HOME_POST: "", PL_POST: "" })] },
  ),
  c(
    "398",
    { episodes: [ep({ LS: "V4", PL_POST: "" })] },
    { episodes: [ep({ LS: "V4", HOME_POST: "", PL_POST: "" })] },
  ),
  c(
    "392d",
    { episodes: [ep({ PL_POST: "zz11aa" })] },
    { episodes: [ep({ PLACE: "P1", PL_POST: "ZZ1 1AA" })] },
  ),
  // 2023/24: P2 still has no URN; from 2025/26 Z1 became Z11–Z14.
  c(
    "222",
    { episodes: [ep({ PLACE: "P2", URN: "SC000001" })] },
    { episodes: [ep({ PLACE: "P2", URN: "XXXXXXX" })] },
  ),
  c(
    "222",
    { episodes: [ep({ PLACE: "Z12", URN: "SC000001" })] },
    { episodes: [ep({ PLACE: "Z1", URN: "SC000001" })] },
    2026,
  ),
  c(
    "392b",
    { episodes: [ep({ HOME_POST: "" })] },
    { episodes: [ep({ HOME_POST: "" })], uasc: [rec("uasc", { DUC: "01/01/2024" })] },
  ),
  c(
    "383",
    { episodes: chain({ PLACE: "U1" }, { PLACE: "T1", RNE: "T" }, { PLACE: "U2", RNE: "P" }) },
    { episodes: chain({ PLACE: "U1" }, { PLACE: "T1", RNE: "T" }, { PLACE: "U1", RNE: "P" }) },
  ),
  // From 2025/26 the child returns to the same postcode too.
  c(
    "383",
    {
      episodes: chain(
        { DECOM: "01/06/2025" },
        { DECOM: "01/07/2025", PLACE: "T1", RNE: "T" },
        { DECOM: "01/08/2025", RNE: "P", PL_POST: "ZZ2 2AA" },
      ),
    },
    {
      episodes: chain(
        { DECOM: "01/06/2025" },
        { DECOM: "01/07/2025", PLACE: "T1", RNE: "T" },
        { DECOM: "01/08/2025", RNE: "P" },
      ),
    },
    2026,
  ),
  c("434", { episodes: chain({}, { RNE: "L" }) }, { episodes: chain({}, { RNE: "L", LS: "C1" }) }),
  c(
    "434",
    { episodes: chain({}, { RNE: "L", LS: "C1", PL_POST: "ZZ2 2AA" }) },
    { episodes: chain({}, { RNE: "L", LS: "C1", PL_POST: "zz1 1ab" }) },
  ),
  c("435", { episodes: chain({}, { RNE: "P" }) }, { episodes: chain({}, { RNE: "P", PLACE: "U2" }) }),
  c(
    "435",
    { episodes: chain({}, { RNE: "P", PLACE: "U2", LS: "C1" }) },
    { episodes: chain({}, { RNE: "P", URN: "SC000001" }) },
  ),
  c(
    "436",
    { episodes: chain({}, { RNE: "U", PLACE: "U2" }) },
    { episodes: chain({}, { RNE: "U", PLACE: "U2", LS: "C1" }) },
  ),
  c(
    "436",
    { episodes: chain({}, { RNE: "B", LS: "C1" }) },
    { episodes: chain({}, { RNE: "B", LS: "C1", PLACE_PROVIDER: "PR2" }) },
  ),
  // 18 on 1 April 2024: under 18 when 2023/24 began.
  c(
    "347",
    { oc3: [rec("oc3", { DOB: "01/04/2006", ACCOM: "T1" })] },
    { oc3: [rec("oc3", { DOB: "01/04/2005", ACCOM: "T1" })] },
  ),
];

describe("DfE 903 placement rules on postcodes and URNs as written", () => {
  it("every such rule has a case", () => {
    const tested = new Set(CASES.map((x) => x.code));
    assert.deepEqual(
      SSDA903_PLACE_CHECKS.map((x) => x.code).filter((x) => !tested.has(x)),
      [],
    );
  });
  for (const x of CASES) {
    it(`${x.code} fires`, () => assert.ok(run(x.fire, x.code, x.year).length > 0, `${x.code} did not fire`));
    it(`${x.code} stays quiet`, () => assert.deepEqual(run(x.quiet, x.code, x.year), []));
  }
});
