import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { issuesOf, rec, setOf, startLinesAt, type Tables } from "../../../testing/ssda903Sets.ts";
import { validate } from "../validate.ts";
import { SSDA903_CROSS_CHECKS } from "./ssda903Cross.ts";

const header = (fields: Record<string, string> = {}) =>
  rec("header", { SEX: "1", DOB: "01/01/2010", ETHNIC: "WBRI", UPN: "A12345678901B", ...fields });
const ep = (fields: Record<string, string> = {}) =>
  rec("episodes", {
    DECOM: "01/06/2023",
    RNE: "S",
    LS: "C2",
    CIN: "N1",
    PLACE: "U1",
    PLACE_PROVIDER: "PR1",
    ...fields,
  });
const pa = (fields: Record<string, string>) => rec("placed_for_adoption", fields);
const ad1 = (fields: Record<string, string>) => rec("ad1", fields);
const oc2 = (fields: Record<string, string> = {}) => rec("oc2", { DOB: "01/01/2010", ...fields });
const sw = (fields: Record<string, string>) =>
  rec("sw_episodes", { SW_ID: "SW1", SW_REASON: "MANAGE", ...fields });
const pp = (fields: Record<string, string>) => rec("previous_permanence", fields);
/** Looked after since 2020, still on 31 March 2024: continuously for the 12 months of 2023/24. */
const CLA = ep({ DECOM: "01/01/2020" });
/** Started to be looked after on 1 June 2023: not for 12 months. */
const NEW = ep({ DECOM: "01/06/2023" });
const FULL_OC2 = { IMMUNISATIONS: "1", TEETH_CHECK: "1", HEALTH_ASSESSMENT: "1", SUBSTANCE_MISUSE: "0" };

/** Codes found in a set of collection year `year` (2024 = 2023/24 unless a case says otherwise); C1's header unless given. */
function run(t: Tables, code: string, year = 2024): string[] {
  return issuesOf(code, [setOf(t, year, header)], year);
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
  // Decisions to place for adoption (2023/24: 1 April 2023 to 31 March 2024).
  c(
    "117",
    {
      episodes: [ep({ DEC: "01/08/2023", REC: "E11" })],
      placed_for_adoption: [pa({ DATE_PLACED: "02/08/2023" })],
    },
    {
      episodes: [ep({ DEC: "01/08/2023", REC: "E11" })],
      placed_for_adoption: [pa({ DATE_PLACED: "01/08/2023" })],
    },
  ),
  c(
    "117",
    { episodes: [ep()], placed_for_adoption: [pa({ DATE_PLACED: "01/04/2024" })] },
    { episodes: [ep()], placed_for_adoption: [pa({ DATE_PLACED: "31/03/2024" })] },
  ),
  c(
    "118",
    { episodes: [ep()], placed_for_adoption: [pa({ DATE_PLACED_CEASED: "31/05/2023" })] },
    { episodes: [ep()], placed_for_adoption: [pa({ DATE_PLACED_CEASED: "01/06/2023" })] },
  ),
  c(
    "551",
    { episodes: [ep({ PLACE: "A3" })] },
    { episodes: [ep({ PLACE: "A3" })], placed_for_adoption: [pa({ DATE_PLACED: "01/06/2023" })] },
  ),
  c(
    "552",
    { episodes: [ep({ PLACE: "A3" })], placed_for_adoption: [pa({ DATE_PLACED: "02/06/2023" })] },
    { episodes: [ep({ PLACE: "A3" })], placed_for_adoption: [pa({ DATE_PLACED: "01/06/2023" })] },
  ),
  c(
    "553",
    { episodes: [ep({ LS: "E1" })] },
    { episodes: [ep({ LS: "E1" })], placed_for_adoption: [pa({ DATE_PLACED: "01/05/2023" })] },
  ),
  c(
    "553",
    {
      episodes: [ep({ LS: "E1" })],
      placed_for_adoption: [
        pa({ DATE_PLACED: "01/05/2023", DATE_PLACED_CEASED: "01/07/2023", REASON_PLACED_CEASED: "RD1" }),
      ],
    },
    {
      episodes: [ep({ LS: "E1", DEC: "02/07/2023", REC: "E13" })],
      placed_for_adoption: [
        pa({ DATE_PLACED: "01/05/2023", DATE_PLACED_CEASED: "01/07/2023", REASON_PLACED_CEASED: "RD1" }),
      ],
    },
  ),
  c(
    "554",
    { episodes: [ep({ LS: "E1" })], placed_for_adoption: [pa({ DATE_PLACED: "02/06/2023" })] },
    { episodes: [ep({ LS: "E1" })], placed_for_adoption: [pa({ DATE_PLACED: "01/06/2023" })] },
  ),
  c(
    "555",
    { episodes: [ep({ LS: "D1" })] },
    { episodes: [ep({ LS: "D1" })], placed_for_adoption: [pa({ DATE_PLACED: "01/05/2023" })] },
  ),
  c(
    "556",
    { episodes: [ep({ LS: "D1" })], placed_for_adoption: [pa({ DATE_PLACED: "02/06/2023" })] },
    { episodes: [ep({ LS: "D1" })], placed_for_adoption: [pa({ DATE_PLACED: "01/06/2023" })] },
  ),
  c(
    "557",
    {
      episodes: [ep({ PLACE: "A3", DEC: "01/08/2023", REC: "E4A" })],
      placed_for_adoption: [pa({ DATE_PLACED: "01/05/2023" })],
    },
    {
      episodes: [ep({ PLACE: "A3", DEC: "01/08/2023", REC: "E4A" })],
      placed_for_adoption: [
        pa({ DATE_PLACED: "01/05/2023", DATE_PLACED_CEASED: "01/08/2023", REASON_PLACED_CEASED: "RD1" }),
      ],
    },
  ),
  c(
    "579",
    { placed_for_adoption: [pa({ DATE_PLACED: "01/05/2023" }), pa({ DATE_PLACED: "01/07/2023" })] },
    {
      placed_for_adoption: [
        pa({ DATE_PLACED: "01/05/2023", DATE_PLACED_CEASED: "01/06/2023", REASON_PLACED_CEASED: "RD1" }),
        pa({ DATE_PLACED: "01/07/2023" }),
      ],
    },
  ),
  c(
    "579",
    {
      placed_for_adoption: [
        pa({ DATE_PLACED: "01/05/2023", DATE_PLACED_CEASED: "01/08/2023", REASON_PLACED_CEASED: "RD1" }),
        pa({ DATE_PLACED: "31/07/2023" }),
      ],
    },
    {
      placed_for_adoption: [
        pa({ DATE_PLACED: "01/05/2023", DATE_PLACED_CEASED: "01/08/2023", REASON_PLACED_CEASED: "RD1" }),
        pa({ DATE_PLACED: "01/08/2023" }),
      ],
    },
  ),
  c(
    "583",
    { placed_for_adoption: [pa({ DATE_PLACED: "01/05/2023" }), pa({ DATE_PLACED: "01/07/2023" })] },
    {
      placed_for_adoption: [
        pa({ DATE_PLACED: "01/05/2023", DATE_PLACED_CEASED: "01/06/2023" }),
        pa({ DATE_PLACED: "01/07/2023" }),
      ],
    },
  ),
  c(
    "1003",
    { episodes: [ep()], placed_for_adoption: [pa({ DATE_PLACED: "31/05/2023" })] },
    { episodes: [ep()], placed_for_adoption: [pa({ DATE_PLACED: "01/06/2023" })] },
  ),
  // Adopters (AD1).
  c(
    "331",
    { episodes: [ep({ DEC: "01/08/2023", REC: "E11" })], ad1: [ad1({ DATE_MATCH: "02/06/2023" })] },
    { episodes: [ep({ DEC: "01/08/2023", REC: "E11" })], ad1: [ad1({ DATE_MATCH: "01/06/2023" })] },
  ),
  c(
    "334",
    { episodes: [ep()], ad1: [ad1({ DATE_INT: "31/05/2023" })] },
    { episodes: [ep()], ad1: [ad1({ DATE_INT: "01/06/2023" })] },
  ),
  c(
    "335",
    { episodes: [ep({ PLACE: "A3", DEC: "01/08/2023", REC: "E11" })], ad1: [ad1({ FOSTER_CARE: "0" })] },
    { episodes: [ep({ PLACE: "A3", DEC: "01/08/2023", REC: "E11" })], ad1: [ad1({ FOSTER_CARE: "1" })] },
  ),
  c(
    "335",
    { episodes: [ep({ PLACE: "A4", DEC: "01/08/2023", REC: "E12" })], ad1: [ad1({ FOSTER_CARE: "1" })] },
    { episodes: [ep({ PLACE: "A4", DEC: "01/08/2023", REC: "E12" })], ad1: [ad1({ FOSTER_CARE: "0" })] },
  ),
  c(
    "521",
    { episodes: [ep({ PLACE: "A5" })], ad1: [ad1({ DATE_INT: "02/06/2023" })] },
    { episodes: [ep({ PLACE: "A5" })], ad1: [ad1({ DATE_INT: "01/06/2023" })] },
  ),
  c(
    "336",
    {
      episodes: [
        ep({ PLACE: "K2", DEC: "01/07/2023", REC: "X1", REASON_PLACE_CHANGE: "CARPL" }),
        ep({ DECOM: "01/07/2023", RNE: "P", PLACE: "A3" }),
      ],
    },
    {
      episodes: [
        ep({ PLACE: "U1", DEC: "01/07/2023", REC: "X1", REASON_PLACE_CHANGE: "CARPL" }),
        ep({ DECOM: "01/07/2023", RNE: "P", PLACE: "A3" }),
      ],
    },
  ),
  c(
    "199",
    { episodes: [ep({ DEC: "01/07/2023", REC: "E11" }), ep({ DECOM: "01/09/2023" })] },
    { episodes: [ep({ DEC: "01/07/2023", REC: "E4A" }), ep({ DECOM: "01/09/2023" })] },
  ),
  // OC2 and OC3 against 12 months' continuous care.
  c(
    "157",
    { episodes: [CLA], oc2: [oc2({ SDQ_REASON: "SDQ1" })] },
    { episodes: [CLA], oc2: [oc2({ SDQ_REASON: "SDQ2" })] },
  ),
  c(
    "185",
    { episodes: [NEW], oc2: [oc2({ SDQ_SCORE: "10" })] },
    { episodes: [CLA], oc2: [oc2({ SDQ_SCORE: "10" })] },
  ),
  c("186", { episodes: [CLA], oc2: [oc2()] }, { episodes: [CLA], oc2: [oc2({ SDQ_SCORE: "10" })] }),
  c("190", { episodes: [NEW], oc2: [oc2({ CONVICTED: "0" })] }, { episodes: [NEW], oc2: [oc2()] }),
  // Born 1 June 2019: 4 during 2023/24.
  c(
    "197B",
    { episodes: [CLA], oc2: [oc2({ DOB: "01/06/2019" })] },
    { episodes: [CLA], oc2: [oc2({ DOB: "01/06/2019", SDQ_REASON: "SDQ1" })] },
  ),
  // 17 on 2 April 2023 asks an SDQ score or reason; 17 on 1 April 2023 is 17 at the start, where 189 forbids both.
  c(
    "197B",
    { episodes: [CLA], oc2: [oc2({ DOB: "02/04/2006" })] },
    { episodes: [CLA], oc2: [oc2({ DOB: "01/04/2006" })] },
  ),
  c(
    "198",
    { episodes: [NEW], oc2: [oc2({ SDQ_REASON: "SDQ1" })] },
    { episodes: [CLA], oc2: [oc2({ SDQ_REASON: "SDQ1" })] },
  ),
  c("543", { episodes: [CLA], oc2: [oc2()] }, { episodes: [CLA], oc2: [oc2({ CONVICTED: "0" })] }),
  c(
    "545",
    { episodes: [CLA], oc2: [oc2({ DOB: "01/01/2020" })] },
    { episodes: [CLA], oc2: [oc2({ DOB: "01/01/2020", HEALTH_CHECK: "1" })] },
  ),
  c(
    "191",
    { episodes: [CLA], oc2: [oc2({ ...FULL_OC2, TEETH_CHECK: "" })] },
    { episodes: [CLA], oc2: [oc2(FULL_OC2)] },
  ),
  c("191", { episodes: [CLA] }, { episodes: [NEW] }),
  // Adopted on 31 March: the episode has a DEC, so the child was not looked after at 31 March (AD1, no OC2).
  c("191", { episodes: [CLA] }, { episodes: [ep({ DECOM: "01/01/2020", DEC: "31/03/2024", REC: "E12" })] }),
  c(
    "187",
    { episodes: [CLA], oc3: [rec("oc3", { IN_TOUCH: "YES" })] },
    { episodes: [NEW], oc3: [rec("oc3", { IN_TOUCH: "YES" })] },
  ),
  c("187", { episodes: [CLA], ad1: [ad1({ NB_ADOPTR: "1" })] }, { episodes: [CLA], ad1: [ad1({})] }),
  c(
    "215",
    { oc3: [rec("oc3", { IN_TOUCH: "YES" })], oc2: [oc2({ CONVICTED: "0" })] },
    { oc3: [rec("oc3", { IN_TOUCH: "YES" })], oc2: [oc2()] },
  ),
  // The header.
  c(
    "165",
    { header: [header({ SEX: "2" })], episodes: [ep()] },
    { header: [header({ SEX: "2", MOTHER: "0" })], episodes: [ep()] },
  ),
  c("165", { header: [header({ MOTHER: "0" })], episodes: [ep()] }, { header: [header()], episodes: [ep()] }),
  c(
    "165",
    { header: [header({ SEX: "2", MOTHER: "2" })], episodes: [ep()] },
    { header: [header({ SEX: "2", MOTHER: "1" })], episodes: [ep()] },
  ),
  // 2023/24: of school age when 4 by 31 August 2022.
  c(
    "209",
    { header: [header({ UPN: "UN1", DOB: "31/08/2018" })] },
    { header: [header({ UPN: "UN1", DOB: "01/09/2018" })] },
  ),
  c(
    "210",
    { header: [header({ UPN: "UN4" })], episodes: [ep({ DECOM: "24/03/2024" })] },
    {
      header: [header({ UPN: "UN4" })],
      episodes: [ep({ DECOM: "25/03/2024" })].map((e) => ({ ...e, DECOM: "23/03/2024" })),
    },
  ),
  // 2024/25: under 11 on 31 March 2025 when born after 31 March 2014.
  c(
    "231",
    { header: [header({ DOB: "01/04/2014" })], uasc: [rec("uasc", { DOB: "01/04/2014" })] },
    { header: [header({ DOB: "31/03/2014" })], uasc: [rec("uasc", { DOB: "31/03/2014" })] },
    2025,
  ),
  // The XML form's header UASC flag (the CSV form has none: its header rows carry no UASC field).
  c(
    "105",
    { header: [{ ...header(), _file: "return.xml", UASC: "2" }] },
    { header: [{ ...header(), _file: "return.xml", UASC: "1" }, header()] },
  ),
  c(
    "303",
    { header: [{ ...header(), _file: "return.xml", UASC: "0" }], uasc: [rec("uasc", { DUC: "01/06/2023" })] },
    { header: [{ ...header(), _file: "return.xml", UASC: "1" }], uasc: [rec("uasc", { DUC: "01/06/2023" })] },
  ),
  c("EPI", { header: [header()] }, { header: [header()], oc3: [rec("oc3", { IN_TOUCH: "YES" })] }),
  c("1012", { oc2: [oc2()] }, { oc2: [oc2()], episodes: [CLA] }),
  c(
    "1014",
    {
      episodes: [ep({ DECOM: "01/01/2020", DEC: "01/01/2023", REC: "E4A" })],
      uasc: [rec("uasc", { DUC: "01/01/2023" })],
      oc3: [rec("oc3", { IN_TOUCH: "YES" })],
    },
    {
      episodes: [ep({ DECOM: "01/01/2020", DEC: "01/01/2023", REC: "E4A" })],
      uasc: [rec("uasc", { DUC: "01/01/2023" })],
      oc3: [rec("oc3", {})],
    },
  ),
  // 17 on 1 June 2023.
  c(
    "3001",
    { header: [header({ DOB: "01/06/2006" })], oc3: [rec("oc3", { ACCOM: "Z1" })] },
    { header: [header({ DOB: "01/06/2006" })], oc3: [rec("oc3", { ACCOM: "B1" })] },
  ),
  // Episodes: reasons for a placement change.
  c(
    "225",
    { episodes: [ep({ DEC: "01/07/2023", REC: "X1" }), ep({ DECOM: "01/07/2023", RNE: "P", PLACE: "U2" })] },
    {
      episodes: [
        ep({ DEC: "01/07/2023", REC: "X1", REASON_PLACE_CHANGE: "CARPL" }),
        ep({ DECOM: "01/07/2023", RNE: "P", PLACE: "U2" }),
      ],
    },
  ),
  c(
    "226",
    { episodes: [ep({ PLACE: "T0", REASON_PLACE_CHANGE: "CARPL" })] },
    { episodes: [ep({ PLACE: "T0" })] },
  ),
  c(
    "233",
    { episodes: [ep({ DECOM: "01/06/2025", REASON_PLACE_CHANGE: "CARPL" })] },
    { episodes: [ep({ DECOM: "01/06/2025", DEC: "01/07/2025", REC: "X1", REASON_PLACE_CHANGE: "CARPL" })] },
    2026,
  ),
  c(
    "234",
    {
      header: [header({ DOB: "02/06/2015" })],
      episodes: [ep({ DECOM: "01/06/2025", REASON_PLACE_CHANGE: "CUSTOD" })],
    },
    {
      header: [header({ DOB: "01/06/2015" })],
      episodes: [ep({ DECOM: "01/06/2025", REASON_PLACE_CHANGE: "CUSTOD" })],
    },
    2026,
  ),
  // Missing until the 18th birthday, the day care ended.
  c(
    "580",
    {
      missing: [
        rec("missing", { DOB: "01/07/2005", MISSING: "M", MIS_START: "01/06/2023", MIS_END: "01/07/2023" }),
      ],
      episodes: [ep({ DEC: "01/07/2023", REC: "E4A" })],
    },
    {
      missing: [
        rec("missing", { DOB: "01/07/2005", MISSING: "M", MIS_START: "01/06/2023", MIS_END: "01/07/2023" }),
      ],
      episodes: [ep({ DEC: "01/07/2023", REC: "E8" })],
    },
  ),
  // Previous permanence.
  c("630", { episodes: [ep()] }, { episodes: [ep()], previous_permanence: [pp({ PREV_PERM: "Z1" })] }),
  c(
    "630",
    { episodes: [ep()], previous_permanence: [pp({ PREV_PERM: "P1" })] },
    {
      episodes: [ep()],
      previous_permanence: [pp({ PREV_PERM: "P1", LA_PERM: "201", DATE_PERM: "01/01/2015" })],
    },
  ),
  c(
    "632",
    { episodes: [ep()], previous_permanence: [pp({ DATE_PERM: "01/06/2023" })] },
    { episodes: [ep()], previous_permanence: [pp({ DATE_PERM: "ZZ/05/2023" })] },
  ),
  c(
    "632",
    { previous_permanence: [pp({ DATE_PERM: "ZZ/13/2015" })] },
    { previous_permanence: [pp({ DATE_PERM: "ZZ/ZZ/2015" })] },
  ),
  c(
    "633",
    { previous_permanence: [pp({ LA_PERM: "123" })] },
    { previous_permanence: [pp({ LA_PERM: "201" })] },
  ),
  c(
    "634",
    { episodes: [ep({ DECOM: "01/01/2020" })], previous_permanence: [pp({ PREV_PERM: "P1" })] },
    { episodes: [ep({ DECOM: "01/04/2023" })], previous_permanence: [pp({ PREV_PERM: "P1" })] },
  ),
  // Social worker episodes.
  c("SW01STG1", { episodes: [ep()] }, { episodes: [ep()], sw_episodes: [sw({ SW_DECOM: "01/06/2023" })] }),
  c(
    "SW01bSTG1",
    { sw_episodes: [sw({ SW_DECOM: "01/04/2023", SW_REASON: "" })] },
    { sw_episodes: [sw({ SW_DECOM: "31/03/2023", SW_REASON: "" })] },
    2025,
  ),
  c(
    "SW03STG1",
    { sw_episodes: [sw({ SW_DECOM: "01/06/2023", SW_ID: "" })] },
    { sw_episodes: [sw({ SW_DECOM: "01/06/2023" })] },
  ),
  c(
    "SW06STG2",
    { sw_episodes: [sw({ SW_DECOM: "01/04/2024" })] },
    { sw_episodes: [sw({ SW_DECOM: "31/03/2024" })] },
  ),
  c(
    "SW07STG2",
    { sw_episodes: [sw({ SW_DECOM: "01/01/2022", SW_DEC: "31/03/2022" })] },
    { sw_episodes: [sw({ SW_DECOM: "01/01/2022", SW_DEC: "01/04/2022" })] },
  ),
  c(
    "SW10STG2",
    { sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "01/06/2023" }), sw({ SW_DECOM: "09/06/2023" })] },
    { sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "01/06/2023" }), sw({ SW_DECOM: "08/06/2023" })] },
  ),
  c(
    "SW11aSTG2",
    { sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "01/06/2023" }), sw({ SW_DECOM: "07/06/2023" })] },
    { sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "01/06/2023" }), sw({ SW_DECOM: "06/06/2023" })] },
  ),
  // A first contact (FCONTA) opens the case again: no handover to be made within 5 days.
  c(
    "SW11aSTG2",
    { sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "01/06/2023" }), sw({ SW_DECOM: "01/09/2023" })] },
    {
      sw_episodes: [
        sw({ SW_DECOM: "01/05/2023", SW_DEC: "01/06/2023" }),
        sw({ SW_DECOM: "01/09/2023", SW_REASON: "FCONTA" }),
      ],
    },
  ),
  c(
    "SW11bSTG2",
    { episodes: [CLA], sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "26/03/2024" })] },
    { episodes: [CLA], sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "25/03/2024" })] },
  ),
  // Only a child still looked after on 31 March: one who left care on 26 March has no worker to follow.
  c(
    "SW11bSTG2",
    { episodes: [CLA], sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "26/03/2024" })] },
    {
      episodes: [ep({ DECOM: "01/01/2020", DEC: "26/03/2024", REC: "E4A" })],
      sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "26/03/2024" })],
    },
  ),
  c(
    "SW12STG2",
    { episodes: [ep()], sw_episodes: [sw({ SW_DECOM: "31/05/2023" })] },
    { episodes: [ep()], sw_episodes: [sw({ SW_DECOM: "01/06/2023" })] },
  ),
  // An episode that ends care needs a social worker episode begun by its end; one still open (no REC) that
  // did not start care (RNE P) neither starts nor ends care, as in data-to-insight's check.
  c(
    "SW12STG2",
    {
      episodes: [ep({ RNE: "P", DEC: "01/08/2023", REC: "E4A" })],
      sw_episodes: [sw({ SW_DECOM: "01/09/2023" })],
    },
    { episodes: [ep({ RNE: "P" })], sw_episodes: [sw({ SW_DECOM: "01/09/2023" })] },
  ),
  c(
    "SW13STG1",
    { sw_episodes: [sw({ SW_DECOM: "01/06/2023", SW_REASON: "OTHER" })] },
    { sw_episodes: [sw({ SW_DECOM: "01/06/2023" })] },
  ),
  c(
    "SW14STG2",
    { sw_episodes: [sw({ SW_DECOM: "01/05/2023" }), sw({ SW_DECOM: "01/06/2023" })] },
    { sw_episodes: [sw({ SW_DECOM: "01/05/2023", SW_DEC: "01/06/2023" }), sw({ SW_DECOM: "01/06/2023" })] },
  ),
  c(
    "SW17STG2",
    { episodes: [CLA], sw_episodes: [sw({ SW_DECOM: "01/05/2025", SW_DEC: "01/06/2025" })] },
    { episodes: [CLA], sw_episodes: [sw({ SW_DECOM: "01/05/2025" })] },
    2026,
  ),
  // A child who left care in the year (here on 1 June 2025, the worker's last day) needs no open episode.
  c(
    "SW17STG2",
    { episodes: [CLA], sw_episodes: [sw({ SW_DECOM: "01/05/2025", SW_DEC: "01/06/2025" })] },
    {
      episodes: [ep({ DECOM: "01/01/2020", DEC: "01/06/2025", REC: "E4A" })],
      sw_episodes: [sw({ SW_DECOM: "01/05/2025", SW_DEC: "01/06/2025" })],
    },
    2026,
  ),
];

describe("DfE 903 rules across the return's files", () => {
  it("every such rule has a case", () => {
    const tested = new Set(CASES.map((x) => x.code));
    assert.deepEqual(
      SSDA903_CROSS_CHECKS.map((x) => x.code).filter((x) => !tested.has(x)),
      [],
    );
  });
  for (const x of CASES) {
    it(`${x.code} fires`, () => assert.ok(run(x.fire, x.code, x.year).length > 0, `${x.code} did not fire`));
    it(`${x.code} stays quiet`, () => assert.deepEqual(run(x.quiet, x.code, x.year), []));
  }

  it("names the file, line and field, with DfE's message and the facts", () => {
    startLinesAt(100);
    assert.deepEqual(run({ episodes: [ep({ PLACE: "A3" })] }, "551"), [
      "episodes.csv:101 PLACE DfE 903 551: Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption. (A3 with no DATE_PLACED)",
    ]);
  });

  it("run only in their collection years (233 from 2025/26, 555 until 2023/24)", () => {
    const open = { episodes: [ep({ DECOM: "01/06/2023", REASON_PLACE_CHANGE: "CARPL" })] };
    assert.deepEqual(run(open, "233", 2024), []);
    assert.deepEqual(run({ episodes: [ep({ DECOM: "01/06/2024", LS: "D1" })] }, "555", 2025), []);
  });

  it("find nothing without the return as written (rows from SSD tables)", () => {
    assert.deepEqual(
      validate({}, { collectionYearEnd: "2024-03-31" }).filter((i) => i.rule === "551"),
      [],
    );
  });
});
