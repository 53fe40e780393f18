import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readFiles } from "../../../app/import.ts";
import type { Row } from "../../../db/database.ts";
import { FILES } from "../../../testing/ssda903Sets.ts";
import type { Ssda903File } from "../../ssda903/reader.ts";
import { validate } from "../validate.ts";
import { SSDA903_LAST_YEAR_CHECKS, SSDA903_RETURN_CHECKS } from "./ssda903Return.ts";

type Tables = Partial<Record<Ssda903File, Row[]>>;

/** A record of one 903 file for child C1 (line 2 of `<file>.csv`). */
const rec = (file: Ssda903File, fields: Record<string, string> = {}): Row => ({
  _file: `${file}.csv`,
  _row: 2,
  CHILD: "C1",
  ...fields,
});
/** C1's header: a boy born 1 January 2010 with a valid UPN. */
const header = (fields: Record<string, string> = {}) =>
  rec("header", {
    SEX: "1",
    DOB: "01/01/2010",
    ETHNIC: "WBRI",
    UPN: "A12345678901B",
    MOTHER: "",
    MC_DOB: "",
    ...fields,
  });

/** The 2023/24 set (year end 2024-03-31): C1's header unless `t` gives one. */
function run(t: Tables, code: string, year = 2024): string[] {
  const tables = Object.fromEntries(FILES.map((f) => [f, t[f] ?? (f === "header" ? [header()] : [])]));
  return validate(
    {},
    {
      collectionYearEnd: `${year}-03-31`,
      referenceDate: "2025-01-01",
      ssda903: [{ year, tables: tables as Record<Ssda903File, Row[]> }],
    },
  )
    .filter((i) => i.rule === code)
    .map((i) => `${i.file}:${i.row} ${i.column} ${i.message}`);
}

interface Case {
  code: string;
  fire: Tables;
  quiet: Tables;
  year?: number;
}

/** One file's record: fires with `bad`, stays quiet with `good`. */
const one = (
  code: string,
  file: Ssda903File,
  bad: Record<string, string>,
  good: Record<string, string>,
): Case => ({
  code,
  fire: { [file]: [file === "header" ? header(bad) : rec(file, bad)] },
  quiet: { [file]: [file === "header" ? header(good) : rec(file, good)] },
});

const AD1 = {
  DATE_INT: "01/05/2023",
  DATE_MATCH: "01/06/2023",
  FOSTER_CARE: "0",
  NB_ADOPTR: "2",
  SEX_ADOPTR: "MF",
  LS_ADOPTR: "L11",
};
const OC2 = { IMMUNISATIONS: "1", TEETH_CHECK: "1", HEALTH_ASSESSMENT: "1", SUBSTANCE_MISUSE: "0" };

const CASES: Case[] = [
  one("102", "header", { DOB: "31/02/2010" }, { DOB: "28/02/2010" }),
  one("102", "header", { DOB: "" }, { DOB: "01/01/2010" }),
  one(
    "171",
    "header",
    { SEX: "2", MOTHER: "1", MC_DOB: "2023" },
    { SEX: "2", MOTHER: "1", MC_DOB: "01/05/2023" },
  ),
  one("141", "episodes", { DECOM: "" }, { DECOM: "01/05/2023" }),
  one("147", "episodes", { DECOM: "01/05/2023", DEC: "32/05/2023" }, { DECOM: "01/05/2023", DEC: "" }),
  one("104", "uasc", { DUC: "x" }, { DUC: "01/01/2024" }),
  one("112", "ad1", { DATE_INT: "1/13/2023" }, { DATE_INT: "13/1/2023" }),
  one("113", "ad1", { DATE_MATCH: "?" }, { DATE_MATCH: "01/06/2023" }),
  one("115", "placed_for_adoption", { DATE_PLACED: "2023/05/01" }, { DATE_PLACED: "2023-05-01" }),
  one(
    "116",
    "placed_for_adoption",
    { DATE_PLACED_CEASED: "00/01/2024" },
    { DATE_PLACED_CEASED: "01/01/2024" },
  ),
  one("166", "reviews", { REVIEW: "" }, { REVIEW: "01/06/2023" }),
  one("1004", "missing", { MISSING: "M", MIS_START: "" }, { MISSING: "M", MIS_START: "01/06/2023" }),
  one("1005", "missing", { MIS_END: "31/06/2023" }, { MIS_END: "30/06/2023" }),
  one("SW04STG1", "sw_episodes", { SW_DECOM: "tomorrow" }, { SW_DECOM: "01/06/2023" }),
  one("SW05STG1", "sw_episodes", { SW_DEC: "29/02/2023" }, { SW_DEC: "29/02/2024" }),
  one("114", "ad1", { FOSTER_CARE: "2" }, { FOSTER_CARE: "1" }),
  one("175", "ad1", { NB_ADOPTR: "3" }, { NB_ADOPTR: "2" }),
  one("176", "ad1", { SEX_ADOPTR: "FM" }, { SEX_ADOPTR: "MF" }),
  one("177", "ad1", { LS_ADOPTR: "L1" }, { LS_ADOPTR: "L11" }),
  one("120", "placed_for_adoption", { REASON_PLACED_CEASED: "RD5" }, { REASON_PLACED_CEASED: "RD4" }),
  one("196", "oc2", { SDQ_REASON: "SDQ6" }, { SDQ_REASON: "SDQ5" }),
  one("631", "previous_permanence", { PREV_PERM: "P5" }, { PREV_PERM: "Z1" }),
  one("180", "oc2", { SDQ_SCORE: "41" }, { SDQ_SCORE: "40" }),
  one("181", "oc2", { ...OC2, CONVICTED: "2" }, { ...OC2, CONVICTED: "0" }),
  // A letter other than I, O or S, eleven digits, then a digit or letter; or UN1 to UN5.
  one("168", "header", { UPN: "I12345678901B" }, { UPN: "UN5" }),
  one("168", "header", { UPN: "UN6" }, { UPN: "A123456789012" }),
  one("442", "header", { UPN: "" }, { UPN: "UN1" }),
  {
    code: "444",
    year: 2026,
    fire: { header: [header(), { ...header(), CHILD: "C2", _row: 3 }] },
    quiet: { header: [header(), { ...header({ UPN: "A12345678901C" }), CHILD: "C2", _row: 3 }] },
  },
  one("174", "header", { MC_DOB: "01/05/2023" }, { SEX: "2", MOTHER: "1", MC_DOB: "01/05/2023" }),
  one("611", "header", { SEX: "2", MOTHER: "1" }, { SEX: "2", MOTHER: "1", MC_DOB: "01/05/2023" }),
  one("612", "header", { SEX: "2", MOTHER: "0", MC_DOB: "01/05/2023" }, { SEX: "2", MOTHER: "0" }),
  one(
    "621",
    "header",
    { SEX: "2", MOTHER: "1", MC_DOB: "31/12/2009" },
    { SEX: "2", MOTHER: "1", MC_DOB: "01/05/2023" },
  ),
  one(
    "625",
    "header",
    { SEX: "2", MOTHER: "1", MC_DOB: "01/04/2024" },
    { SEX: "2", MOTHER: "1", MC_DOB: "31/03/2024" },
  ),
  one("151", "ad1", { ...AD1, LS_ADOPTR: "" }, AD1),
  one(
    "511",
    "ad1",
    { ...AD1, NB_ADOPTR: "2", SEX_ADOPTR: "F1" },
    { ...AD1, NB_ADOPTR: "1", SEX_ADOPTR: "F1" },
  ),
  one("514", "ad1", { LS_ADOPTR: "L0", SEX_ADOPTR: "MF" }, { LS_ADOPTR: "L0", SEX_ADOPTR: "M1" }),
  one("517", "ad1", { LS_ADOPTR: "L3", SEX_ADOPTR: "FF" }, { LS_ADOPTR: "L3", SEX_ADOPTR: "MF" }),
  one("518", "ad1", { LS_ADOPTR: "L4", SEX_ADOPTR: "MF" }, { LS_ADOPTR: "L4", SEX_ADOPTR: "FF" }),
  one("519", "ad1", { LS_ADOPTR: "L2", SEX_ADOPTR: "M1" }, { LS_ADOPTR: "L2", SEX_ADOPTR: "MM" }),
  one("520", "ad1", { LS_ADOPTR: "L11", SEX_ADOPTR: "MM" }, { LS_ADOPTR: "L11", SEX_ADOPTR: "MF" }),
  one("524", "ad1", { LS_ADOPTR: "L12", SEX_ADOPTR: "MF" }, { LS_ADOPTR: "L12", SEX_ADOPTR: "MM" }),
  one(
    "119",
    "placed_for_adoption",
    { DATE_PLACED: "01/05/2023", DATE_PLACED_CEASED: "01/06/2023" },
    {
      DATE_PLACED: "01/05/2023",
      DATE_PLACED_CEASED: "01/06/2023",
      REASON_PLACED_CEASED: "RD1",
    },
  ),
  one(
    "184",
    "placed_for_adoption",
    { DOB: "01/01/2010", DATE_PLACED: "31/12/2009" },
    {
      DOB: "01/01/2010",
      DATE_PLACED: "01/01/2010",
    },
  ),
  one(
    "522",
    "placed_for_adoption",
    { DATE_PLACED: "02/06/2023", DATE_PLACED_CEASED: "01/06/2023" },
    {
      DATE_PLACED: "01/06/2023",
      DATE_PLACED_CEASED: "01/06/2023",
    },
  ),
  one(
    "563",
    "placed_for_adoption",
    { REASON_PLACED_CEASED: "RD1" },
    { DATE_PLACED: "01/05/2023", REASON_PLACED_CEASED: "RD1" },
  ),
  {
    code: "523",
    fire: {
      ad1: [rec("ad1", AD1)],
      placed_for_adoption: [rec("placed_for_adoption", { DATE_PLACED: "02/05/2023" })],
    },
    quiet: {
      ad1: [rec("ad1", AD1)],
      placed_for_adoption: [rec("placed_for_adoption", { DATE_PLACED: "01/05/2023" })],
    },
  },
  {
    code: "134",
    fire: { ad1: [rec("ad1", AD1)], oc3: [rec("oc3", { IN_TOUCH: "YES", ACTIV: "F1", ACCOM: "B1" })] },
    quiet: { ad1: [rec("ad1", AD1)], oc3: [rec("oc3", { IN_TOUCH: "", ACTIV: "", ACCOM: "" })] },
  },
  {
    code: "601",
    fire: {
      episodes: [rec("episodes", { DECOM: "01/05/2023", DEC: "01/06/2023", REC: "E11" })],
      ad1: [rec("ad1", { ...AD1, LS_ADOPTR: "" })],
    },
    quiet: {
      episodes: [rec("episodes", { DECOM: "01/05/2023", DEC: "01/06/2023", REC: "E11" })],
      ad1: [rec("ad1", AD1)],
    },
  },
  {
    // Adopted 2023-03-31, in 2022/23: not this year.
    code: "602",
    fire: {
      episodes: [rec("episodes", { DECOM: "01/05/2022", DEC: "31/03/2023", REC: "E11" })],
      ad1: [rec("ad1", AD1)],
    },
    quiet: {
      episodes: [rec("episodes", { DECOM: "01/05/2022", DEC: "01/04/2023", REC: "E12" })],
      ad1: [rec("ad1", AD1)],
    },
  },
  {
    code: "582",
    fire: {
      episodes: [rec("episodes", { DECOM: "01/05/2023", DEC: "01/06/2023", REC: "E11" })],
      ad1: [rec("ad1", AD1)],
    },
    quiet: {
      episodes: [rec("episodes", { DECOM: "01/05/2023", DEC: "02/06/2023", REC: "E11" })],
      ad1: [rec("ad1", AD1)],
    },
  },
  {
    code: "558",
    fire: {
      episodes: [rec("episodes", { DECOM: "01/05/2023", DEC: "02/06/2023", REC: "E11" })],
      placed_for_adoption: [
        rec("placed_for_adoption", {
          DATE_PLACED: "01/05/2023",
          DATE_PLACED_CEASED: "01/06/2023",
          REASON_PLACED_CEASED: "RD1",
        }),
      ],
    },
    quiet: {
      episodes: [rec("episodes", { DECOM: "01/05/2023", DEC: "02/06/2023", REC: "E11" })],
      placed_for_adoption: [rec("placed_for_adoption", { DATE_PLACED: "01/05/2023" })],
    },
  },
  {
    code: "525",
    fire: {
      ad1: [rec("ad1", AD1)],
      placed_for_adoption: [
        rec("placed_for_adoption", {
          DATE_PLACED: "01/05/2023",
          DATE_PLACED_CEASED: "01/06/2023",
          REASON_PLACED_CEASED: "RD1",
        }),
      ],
    },
    quiet: {
      ad1: [rec("ad1", AD1)],
      placed_for_adoption: [rec("placed_for_adoption", { DATE_PLACED: "01/05/2023" })],
    },
  },
  {
    code: "SW08STG2",
    fire: {
      sw_episodes: [
        rec("sw_episodes", { SW_ID: "SW1", SW_DECOM: "01/05/2023", SW_DEC: "" }),
        { ...rec("sw_episodes", { SW_ID: "SW2", SW_DECOM: "01/06/2023", SW_DEC: "" }), _row: 3 },
      ],
    },
    quiet: {
      sw_episodes: [
        rec("sw_episodes", { SW_ID: "SW1", SW_DECOM: "01/05/2023", SW_DEC: "01/06/2023" }),
        { ...rec("sw_episodes", { SW_ID: "SW2", SW_DECOM: "01/06/2023", SW_DEC: "" }), _row: 3 },
      ],
    },
  },
  one("182", "oc2", { CONVICTED: "0", IMMUNISATIONS: "1" }, { CONVICTED: "0", ...OC2 }),
  one(
    "192",
    "oc2",
    { ...OC2, SUBSTANCE_MISUSE: "1" },
    { ...OC2, SUBSTANCE_MISUSE: "1", INTERVENTION_RECEIVED: "1" },
  ),
  one(
    "193",
    "oc2",
    { ...OC2, INTERVENTION_OFFERED: "1" },
    { ...OC2, SUBSTANCE_MISUSE: "1", INTERVENTION_OFFERED: "1" },
  ),
  one(
    "158",
    "oc2",
    { ...OC2, SUBSTANCE_MISUSE: "1", INTERVENTION_RECEIVED: "1", INTERVENTION_OFFERED: "0" },
    {
      ...OC2,
      SUBSTANCE_MISUSE: "1",
      INTERVENTION_RECEIVED: "1",
    },
  ),
  one(
    "159",
    "oc2",
    { ...OC2, SUBSTANCE_MISUSE: "1", INTERVENTION_RECEIVED: "0" },
    {
      ...OC2,
      SUBSTANCE_MISUSE: "1",
      INTERVENTION_RECEIVED: "0",
      INTERVENTION_OFFERED: "1",
    },
  ),
  one("197a", "oc2", { SDQ_SCORE: "12", SDQ_REASON: "SDQ1" }, { SDQ_SCORE: "12" }),
  one("544", "oc2", { CONVICTED: "0", IMMUNISATIONS: "1" }, { CONVICTED: "0", ...OC2 }),
  one("547", "oc2", { HEALTH_CHECK: "1", TEETH_CHECK: "1" }, { HEALTH_CHECK: "1", ...OC2 }),
  // Year 2023-04-01 to 2024-03-31. Born 2020-04-01: 4 on 2024-04-01, after the year end; born 2020-03-31: 4 that day.
  one("188", "oc2", { DOB: "01/04/2020", SDQ_REASON: "SDQ1" }, { DOB: "31/03/2020", SDQ_REASON: "SDQ1" }),
  // Born 2006-04-01: 17 on 2023-04-01, the year's first day; born 2006-04-02: 16 then.
  one("189", "oc2", { DOB: "01/04/2006", SDQ_SCORE: "10" }, { DOB: "02/04/2006", SDQ_SCORE: "10" }),
  one("542", "oc2", { DOB: "01/04/2014", CONVICTED: "0" }, { DOB: "31/03/2014", CONVICTED: "0" }),
  one("546", "oc2", { DOB: "31/03/2019", HEALTH_CHECK: "1" }, { DOB: "01/04/2019", HEALTH_CHECK: "1" }),
  one("153", "oc3", { IN_TOUCH: "YES", ACTIV: "F1" }, { IN_TOUCH: "YES", ACTIV: "F1", ACCOM: "B1" }),
  one("564", "missing", { MISSING: "A" }, { MISSING: "A", MIS_START: "01/06/2023" }),
  one("565", "missing", { MIS_START: "01/06/2023" }, { MISSING: "M", MIS_START: "01/06/2023" }),
  one("566", "missing", { MIS_START: "", MIS_END: "02/06/2023" }, { MISSING: "M", MIS_END: "02/06/2023" }),
  one("635", "previous_permanence", { PREV_PERM: "Z1", LA_PERM: "201" }, { PREV_PERM: "P1", LA_PERM: "201" }),
  one("SW02STG1", "sw_episodes", { SW_ID: "AB123" }, { SW_ID: "xx123" }),
  {
    code: "SW01aSTG1",
    year: 2025,
    fire: { sw_episodes: [rec("sw_episodes", { SW_ID: "SW1", SW_DECOM: "" })] },
    quiet: { sw_episodes: [rec("sw_episodes", { SW_ID: "SW1", SW_DECOM: "01/06/2024" })] },
  },
  one(
    "SW09STG2",
    "sw_episodes",
    { SW_DECOM: "01/06/2023", SW_DEC: "01/06/2023" },
    {
      SW_DECOM: "01/06/2023",
      SW_DEC: "02/06/2023",
    },
  ),
  ...(
    [
      ["INT01", "ad1"],
      ["INT02", "placed_for_adoption"],
      ["INT03", "episodes"],
      ["INT04", "missing"],
      ["INT05", "oc2"],
      ["INT06", "oc3"],
      ["INT07", "previous_permanence"],
      ["INT08", "reviews"],
      ["INT09", "uasc"],
    ] as const
  ).map(([code, file]) => ({
    code,
    fire: { [file]: [{ ...rec(file), CHILD: "C2" }] },
    quiet: { [file]: [rec(file)] },
  })),
  ...(
    [
      ["INT11", "ad1"],
      ["INT12", "placed_for_adoption"],
      ["INT13", "missing"],
      ["INT14", "oc2"],
      ["INT15", "oc3"],
      ["INT16", "previous_permanence"],
      ["INT17", "reviews"],
      ["INT18", "uasc"],
    ] as const
  ).map(([code, file]) => one(code, file, { DOB: "02/01/2010" }, { DOB: "01/01/2010" })),
  // The header writes 1, the UASC file M: the same sex.
  one("INT21", "uasc", { SEX: "F" }, { SEX: "M" }),
  ...(
    [
      ["INT31", "ad1"],
      ["INT33", "oc2"],
      ["INT34", "oc3"],
      ["INT35", "previous_permanence"],
      ["INT36", "uasc"],
    ] as const
  ).map(([code, file]) => ({
    code,
    fire: { [file]: [rec(file), { ...rec(file), _row: 3 }] },
    quiet: {
      [file]: [rec(file), { ...rec(file), CHILD: "C2", _row: 3 }],
      header: [header(), { ...header(), CHILD: "C2" }],
    },
  })),
  {
    code: "INT32",
    fire: { header: [header(), { ...header(), _row: 3 }] },
    quiet: { header: [header(), { ...header({ UPN: "A12345678901C" }), CHILD: "C2", _row: 3 }] },
  },
];

describe("DfE 903 rules on the return as written", () => {
  it("every such rule has a case", () => {
    const tested = new Set(CASES.map((c) => c.code));
    assert.deepEqual(
      SSDA903_RETURN_CHECKS.map((c) => c.code).filter((c) => !tested.has(c)),
      [],
    );
  });
  for (const c of CASES) {
    it(`${c.code} fires`, () => assert.ok(run(c.fire, c.code, c.year).length > 0, `${c.code} did not fire`));
    it(`${c.code} stays quiet`, () => assert.deepEqual(run(c.quiet, c.code, c.year), []));
  }

  it("names the file, line and field, with DfE's message and the facts", () => {
    assert.deepEqual(run({ header: [header({ UPN: "UN6" })] }, "168"), [
      "header.csv:2 UPN DfE 903 168: Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5. (not a UPN nor UN1–UN5)",
    ]);
  });

  it("finds nothing without the return as written (rows from SSD tables)", () => {
    assert.deepEqual(
      validate({}, { collectionYearEnd: "2024-03-31" }).filter((i) => i.rule === "442"),
      [],
    );
  });
});

/** Last year's (2022/23) and this year's (2023/24) sets read together: codes found. */
function runTwo(last: Tables, now: Tables, code: string): string[] {
  const set = (t: Tables, year: number) => ({
    year,
    tables: Object.fromEntries(FILES.map((f) => [f, t[f] ?? (f === "header" ? [header()] : [])])) as Record<
      Ssda903File,
      Row[]
    >,
  });
  return validate(
    {},
    {
      collectionYearEnd: "2024-03-31",
      referenceDate: "2025-01-01",
      ssda903: [set(last, 2023), set(now, 2024)],
    },
  )
    .filter((i) => i.rule === code)
    .map((i) => `${i.file}:${i.row} ${i.column}`);
}

interface TwoYears {
  code: string;
  last: Tables;
  fire: Tables;
  quiet: Tables;
}

const epi = (fields: Record<string, string>) =>
  rec("episodes", {
    DECOM: "01/02/2023",
    RNE: "S",
    LS: "C2",
    CIN: "N1",
    PLACE: "U4",
    PLACE_PROVIDER: "PR1",
    DEC: "",
    REC: "",
    URN: "SC1",
    ...fields,
  });
const LAST_OPEN = { episodes: [epi({})] };
const carried = (code: string, field: string, other: string): TwoYears => ({
  code,
  last: LAST_OPEN,
  fire: { episodes: [epi({ [field]: other })] },
  quiet: { episodes: [epi({})] },
});

const TWO_YEARS: TwoYears[] = [
  {
    code: "202",
    last: {},
    fire: { header: [header({ SEX: "2" })] },
    quiet: { header: [header({ SEX: "M" })] },
  },
  {
    code: "203",
    last: {},
    fire: { header: [header({ DOB: "02/01/2010" })] },
    quiet: { header: [header({ DOB: "2010-01-01" })] },
  },
  {
    code: "204",
    last: {},
    fire: { header: [header({ ETHNIC: "WIRI" })] },
    quiet: { header: [header({ ETHNIC: "wbri" })] },
  },
  {
    code: "207",
    last: { header: [header({ SEX: "2", MOTHER: "1", MC_DOB: "01/05/2022" })] },
    fire: { header: [header({ SEX: "2", MOTHER: "0", MC_DOB: "01/05/2022" })] },
    quiet: { header: [header({ SEX: "2", MOTHER: "1", MC_DOB: "01/05/2022" })] },
  },
  {
    code: "208",
    last: {},
    fire: { header: [header({ UPN: "A12345678901C" })] },
    quiet: { header: [header()] },
  },
  // A known UPN may not become unknown; the case of its letters does not matter.
  {
    code: "208",
    last: {},
    fire: { header: [header({ UPN: "UN1" })] },
    quiet: { header: [header({ UPN: "a12345678901b" })] },
  },
  {
    code: "624",
    last: { header: [header({ SEX: "2", MOTHER: "1", MC_DOB: "01/05/2022" })] },
    fire: { header: [header({ SEX: "2", MOTHER: "1", MC_DOB: "02/05/2022" })] },
    quiet: { header: [header({ SEX: "2", MOTHER: "1", MC_DOB: "01/05/2022" })] },
  },
  {
    code: "502",
    last: LAST_OPEN,
    fire: { episodes: [epi({ DECOM: "02/02/2023" })] },
    quiet: { episodes: [epi({})] },
  },
  carried("503A", "RNE", "P"),
  carried("503B", "LS", "C1"),
  carried("503C", "CIN", "N2"),
  carried("503D", "PLACE", "U6"),
  carried("503E", "PLACE_PROVIDER", "PR2"),
  carried("503F", "URN", "SC2"),
  {
    code: "576",
    last: { missing: [rec("missing", { MISSING: "M", MIS_START: "30/03/2023", MIS_END: "" })] },
    fire: { missing: [rec("missing", { MISSING: "M", MIS_START: "01/05/2023", MIS_END: "02/05/2023" })] },
    quiet: { missing: [rec("missing", { MISSING: "M", MIS_START: "30/03/2023", MIS_END: "02/04/2023" })] },
  },
];

describe("DfE 903 rules comparing with last year's return", () => {
  it("every such rule has a case", () => {
    const tested = new Set(TWO_YEARS.map((c) => c.code));
    assert.deepEqual(
      SSDA903_LAST_YEAR_CHECKS.map((c) => c.code).filter((c) => !tested.has(c)),
      [],
    );
  });
  for (const c of TWO_YEARS) {
    it(`${c.code} fires`, () =>
      assert.ok(runTwo(c.last, c.fire, c.code).length > 0, `${c.code} did not fire`));
    it(`${c.code} stays quiet`, () => assert.deepEqual(runTwo(c.last, c.quiet, c.code), []));
  }

  it("let an unknown UPN become known, and question no episode when last year's closed", () => {
    assert.deepEqual(runTwo({ header: [header({ UPN: "UN2" })] }, { header: [header()] }, "208"), []);
    const closed = { episodes: [epi({ DEC: "01/03/2023", REC: "E11" })] };
    assert.deepEqual(runTwo(closed, { episodes: [epi({ DECOM: "02/02/2023" })] }, "502"), []);
  });

  it("find nothing with one year's files: the same change read alone", () => {
    for (const c of TWO_YEARS) assert.deepEqual(run(c.fire, c.code), [], c.code);
  });

  it("compare only consecutive years (2022/23 with 2024/25 is not last year's)", () => {
    const found = validate(
      {},
      {
        collectionYearEnd: "2025-03-31",
        ssda903: [2023, 2025].map((year, k) => ({
          year,
          tables: Object.fromEntries(
            FILES.map((f) => [f, f === "header" ? [header(k === 0 ? {} : { SEX: "2" })] : []]),
          ) as Record<Ssda903File, Row[]>,
        })),
      },
    ).filter((i) => i.rule === "202");
    assert.deepEqual(found, []);
  });
});

describe("903 files of two years, a folder each, read in one run", () => {
  it("compare this year's header with last year's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "903-two-years-"));
    const files: string[] = [];
    const write = (year: string, sex: string, episode: string) => {
      mkdirSync(join(dir, year));
      const h = join(dir, year, "header.csv");
      const e = join(dir, year, "episodes.csv");
      writeFileSync(h, `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,${sex},01/01/2010,WBRI,A12345678901B,,\n`);
      writeFileSync(
        e,
        `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nC1,${episode}\n`,
      );
      files.push(h, e);
    };
    // Looked after from 2022-05-01 (2022/23), home on 2023-06-01 (2023/24); SEX 1 last year, 2 this year.
    write("2023", "1", "01/05/2022,S,C2,N1,U4,PR1,,,,,,");
    write("2024", "2", "01/05/2022,S,C2,N1,U4,PR1,01/06/2023,E11,,,,");
    const read = await readFiles(files, { laCode: "201" });
    assert.deepEqual(
      read.issues
        .filter((i) => i.rule === "202")
        .map((i) => `${i.file.slice(dir.length)}:${i.row} ${i.column} ${i.value}`),
      [`${join("/", "2024", "header.csv")}:2 SEX 2`],
    );
  });
});
