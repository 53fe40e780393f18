import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { fixturePath } from "../../../testing/fixtures.ts";
import { issuesOf, rec, setOf, type Tables } from "../../../testing/ssda903Sets.ts";
import type { PostcodeDirectory, ProviderList } from "../reference.ts";
import { loadPostcodes, loadProviders } from "../referenceFiles.ts";
import { type ValidateOptions, validate } from "../validate.ts";
import { SSDA903_POSTCODE_CHECKS, SSDA903_PROVIDER_CHECKS } from "./ssda903Postcodes.ts";

/** C1 placed K2 (a children's home, URN SC000001) at ZZ1 1AB, 1.0 mile from home at ZZ1 1AA, from 1 June 2023. */
const ep = (fields: Record<string, string> = {}) =>
  rec("episodes", {
    DECOM: "01/06/2023",
    RNE: "S",
    LS: "C2",
    CIN: "N1",
    PLACE: "K2",
    PLACE_PROVIDER: "PR1",
    HOME_POST: "ZZ1 1AA",
    PL_POST: "ZZ1 1AB",
    URN: "SC000001",
    ...fields,
  });
const set = (t: Tables, year: number) => setOf(t, year);

let postcodes: PostcodeDirectory;
let providers: ProviderList;
/** The fixture directory with the council's area E09000001 (ZZ1 postcodes). */
const inArea = () => ({ ...postcodes, area: new Set(["E09000001"]) });

function run(
  t: Tables,
  code: string,
  extra: Partial<ValidateOptions> = {},
  last?: Tables,
  year = 2024,
): string[] {
  return issuesOf(code, last ? [set(last, year - 1), set(t, year)] : [set(t, year)], year, {
    postcodes: inArea(),
    providers,
    ...extra,
  });
}

interface Case {
  code: string;
  fire: Tables;
  quiet: Tables;
  last?: Tables;
  year?: number;
}
const c = (code: string, fire: Tables, quiet: Tables, last?: Tables): Case => ({
  code,
  fire,
  quiet,
  ...(last ? { last } : {}),
});
const UASC = { uasc: [rec("uasc", { SEX: "1", DUC: "01/01/2028" })] };
const LAST_OPEN = { episodes: [ep({ DECOM: "01/02/2023" })] };

const CASES: Case[] = [
  c("392c", { episodes: [ep({ PL_POST: "ZZ9 9ZZ" })] }, { episodes: [ep({ PL_POST: "zz11ab" })] }),
  // ZZ5 5AA is in the directory without a grid reference: not found.
  c("392c", { episodes: [ep({ HOME_POST: "ZZ5 5AA" })] }, { episodes: [ep()] }),
  c("392a", { episodes: [ep({ PL_POST: "" })] }, { episodes: [ep({ PL_POST: "" })], ...UASC }),
  c("406", { episodes: [ep()], ...UASC }, { episodes: [ep({ HOME_POST: "" })], ...UASC }),
  // ZZ6 6AA is 354.2 miles from ZZ1 1AA; ZZ2 2AA 10.0 (454 from 2025/26).
  {
    code: "454",
    year: 2026,
    fire: { episodes: [ep({ DECOM: "01/06/2025", PL_POST: "ZZ6 6AA" })] },
    quiet: { episodes: [ep({ DECOM: "01/06/2025", PL_POST: "ZZ2 2AA" })] },
  },
  c("169", { episodes: [ep({ PL_POST: "ZZ9 9ZZ" })] }, { episodes: [ep({ PL_POST: "ZZ9 9ZZ", LS: "V3" })] }),
  c("179", { episodes: [ep({ PL_POST: "" })] }, { episodes: [ep({ PL_POST: "ZZ4 4AA" })] }),
  c("420", { episodes: [ep({ LS: "V4" })] }, { episodes: [ep({ LS: "V4", PL_POST: "" })] }),
  // PR1 (own provision) in a children's home outside the council's area; fostering is exempt.
  c(
    "1015",
    { episodes: [ep({ PL_POST: "ZZ2 2AA" })] },
    { episodes: [ep({ PL_POST: "ZZ2 2AA", PLACE: "U1" })] },
  ),
  // A placement in Scotland (ZZ4 4AA) needs no URN.
  c("218", { episodes: [ep({ URN: "" })] }, { episodes: [ep({ URN: "", PL_POST: "ZZ4 4AA" })] }),
  c(
    "230",
    { episodes: [ep({ PLACE: "H5", URN: "" })] },
    { episodes: [ep({ PLACE: "H5", URN: "", DEC: "28/10/2023", REC: "E4A" })] },
  ),
  c(
    "452",
    { episodes: [ep({ DECOM: "01/02/2023", PL_POST: "ZZ3 3AA" })] },
    { episodes: [ep({ DECOM: "01/02/2023" })] },
    LAST_OPEN,
  ),
  c(
    "453",
    { episodes: [ep({ DECOM: "01/02/2023", PL_POST: "ZZ2 2AA" })] },
    { episodes: [ep({ DECOM: "01/02/2023", RNE: "P", PL_POST: "ZZ2 2AA" })] },
    LAST_OPEN,
  ),
  c(
    "503G",
    { episodes: [ep({ DECOM: "01/02/2023", PL_POST: "ZZ2 2AA" })] },
    { episodes: [ep({ DECOM: "01/02/2023", PL_POST: "zz1 1ab" })] },
    LAST_OPEN,
  ),
  c(
    "503H",
    { episodes: [ep({ DECOM: "01/02/2023", PL_POST: "ZZ4 4AA" })] },
    { episodes: [ep({ DECOM: "01/02/2023", PL_POST: "ZZ1 1AA", HOME_POST: "ZZ1 1AB" })] },
    LAST_OPEN,
  ),
  c(
    "503J",
    { episodes: [ep({ DECOM: "01/02/2023", PL_POST: "ZZ2 2AA" })] },
    { episodes: [ep({ DECOM: "01/02/2023", PL_POST: "ZZ1 1AA", HOME_POST: "ZZ1 1AB" })] },
    LAST_OPEN,
  ),
  // Providers.
  c("1008", { episodes: [ep({ URN: "SC999999" })] }, { episodes: [ep({ URN: "XXXXXXX" })] }),
  c("219", { episodes: [ep({ PLACE: "K1" })] }, { episodes: [ep({ PLACE: "R3" })] }),
  c("224", { episodes: [ep({ PLACE_PROVIDER: "PR4" })] }, { episodes: [ep({ PLACE_PROVIDER: "PR2" })] }),
  c(
    "221",
    { episodes: [ep({ PL_POST: "ZZ2 2AA" })] },
    { episodes: [ep({ PLACE: "U1", PL_POST: "ZZ2 2AA" })] },
  ),
  // SC000002's registration ended 30 June 2023.
  c(
    "227",
    { episodes: [ep({ URN: "SC000002", DECOM: "30/06/2023" })] },
    { episodes: [ep({ URN: "SC000002", DECOM: "29/06/2023", DEC: "30/06/2023", REC: "E4A" })] },
  ),
  c(
    "228",
    { episodes: [ep({ URN: "SC000002", DECOM: "01/05/2023" })] },
    { episodes: [ep({ URN: "SC000002", DECOM: "01/05/2023", DEC: "30/06/2023", REC: "E4A" })] },
  ),
  // SC000001 is at ZZ1 1AB, in the council's area: PR2 (another LA's provision) contradicts it.
  c("229", { episodes: [ep({ PLACE_PROVIDER: "PR2" })] }, { episodes: [ep({ PLACE_PROVIDER: "PR1" })] }),
];

describe("DfE 903 rules needing the postcode directory or the provider list", () => {
  before(async () => {
    postcodes = await loadPostcodes(
      fixturePath("reference", "postcodes.csv"),
      new Set(["ZZ11AA", "ZZ11AB", "ZZ22AA", "ZZ33AA", "ZZ44AA", "ZZ55AA", "ZZ66AA", "ZZ99ZZ"]),
    );
    providers = await loadProviders(fixturePath("reference", "providers.csv"));
  });

  it("read the directory: the postcodes asked for, the county in two-tier areas, none without a grid reference", () => {
    assert.deepEqual([...postcodes.entries.keys()].sort(), [
      "ZZ11AA",
      "ZZ11AB",
      "ZZ22AA",
      "ZZ33AA",
      "ZZ44AA",
      "ZZ66AA",
    ]);
    assert.deepEqual(postcodes.entries.get("ZZ33AA"), { east: 530000, north: 196093, la: "E10000003" });
    assert.equal(postcodes.area, undefined);
  });

  it("read the provider list", () => {
    const p = providers.byUrn.get("SC000002")!;
    assert.deepEqual([...p.places], ["K2"]);
    assert.deepEqual([...p.providers], ["PR4"]);
    assert.equal(p.regEnd, "2023-06-30");
    assert.equal(p.postcode, "ZZ22AA");
    assert.deepEqual([...providers.byUrn.get("SC000001")!.places], ["K2", "R3"]);
  });

  it("every such rule has a case", () => {
    const tested = new Set(CASES.map((x) => x.code));
    assert.deepEqual(
      [...SSDA903_POSTCODE_CHECKS, ...SSDA903_PROVIDER_CHECKS]
        .map((x) => x.code)
        .filter((x) => !tested.has(x)),
      [],
    );
  });
  for (const x of CASES) {
    it(`${x.code} fires`, () =>
      assert.ok(run(x.fire, x.code, {}, x.last, x.year).length > 0, `${x.code} did not fire`));
    it(`${x.code} stays quiet`, () => assert.deepEqual(run(x.quiet, x.code, {}, x.last, x.year), []));
    it(`${x.code} finds nothing without the reference data`, () =>
      assert.deepEqual(
        validate(
          {},
          {
            collectionYearEnd: `${x.year ?? 2024}-03-31`,
            ssda903: x.last ? [set(x.last, 2023), set(x.fire, 2024)] : [set(x.fire, x.year ?? 2024)],
          },
        ).filter((i) => i.rule === x.code),
        [],
      ));
  }

  it("work out the distance as DfE does: 1609 m is 1.0 mile (1.609 / 1.6093, to one decimal)", () => {
    // 453 quiet when last year's distance (1.0) and this year's (10.0) differ but RNE changed; 503G compares only distances.
    assert.match(
      run({ episodes: [ep({ DECOM: "01/02/2023", PL_POST: "ZZ2 2AA" })] }, "503G", {}, LAST_OPEN)[0]!,
      /PL_DISTANCE last year 1 miles, this year 10 miles/,
    );
  });

  it("1015, 503J and 229 need the council's area", () => {
    for (const [code, t, last] of <[string, Tables, Tables | undefined][]>[
      ["1015", { episodes: [ep({ PL_POST: "ZZ2 2AA" })] }, undefined],
      ["503J", { episodes: [ep({ DECOM: "01/02/2023", PL_POST: "ZZ2 2AA" })] }, LAST_OPEN],
      ["229", { episodes: [ep({ PLACE_PROVIDER: "PR2" })] }, undefined],
    ])
      assert.deepEqual(run(t, code, { postcodes }, last), [], code);
  });
});
