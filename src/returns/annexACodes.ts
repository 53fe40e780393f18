/**
 * DfE codes as an Annex A workbook writes them: Ofsted's drop-down text
 * (`q) 6: Police`, `a) Male`) where the template has one that names exactly
 * one code, else `CODE: description`.
 *
 * Why the code stays in the text: Ofsted's drop-downs group several codes
 * under one label (`Health services` is 3A–3F), so a label alone could not be
 * read back; the letter-and-code form is what councils' workbooks hold and
 * what the Annex A reader narrows to one code.
 */

import type { CodeField } from "../ingest/annexA/codes.ts";
import {
  ABUSE_CATEGORIES,
  CARE_LEAVER_ACCOMMODATION,
  CARE_LEAVER_ACTIVITY,
  CARE_LEAVER_IN_TOUCH,
  CIN_CLOSURE_REASONS,
  EPISODE_END_REASONS,
  LEGAL_STATUSES,
  PLACEMENT_PROVIDERS,
  PLACEMENT_TYPES,
  PRIMARY_NEED,
  REFERRAL_SOURCES,
} from "../model/codes.ts";

/** The coded columns the writer fills: those the reader maps back to DfE codes. */
export type AnnexACode = CodeField;

/** Ofsted's lettered drop-down entries (liia-schemas/Annex_A_schema.yml), by column. */
const LETTERED: Partial<Record<AnnexACode, Record<string, string>>> = {
  sex: { M: "a) Male", F: "b) Female", U: "c) Not stated/recorded" },
  ethnicity: Object.fromEntries(
    "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT"
      .split(" ")
      .map((code, k) => [code, `${String.fromCharCode(97 + k)}) ${code}`]),
  ),
  source: {
    "1A": "a) 1A: Individual",
    "1B": "b) 1B: Individual",
    "1C": "c) 1C: Individual",
    "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools",
    "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services",
    "3C": "i) 3C: Health services",
    "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services",
    "3F": "l) 3F: Health services",
    "4": "m) 4: Housing",
    "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services",
    "5C": "p) 5C: LA services",
    "6": "q) 6: Police",
    "7": "r) 7: Other legal agency",
    "8": "s) 8: Other",
    "9": "t) 9: Anonymous",
    "10": "u) 10: Unknown",
  },
  abuse: {
    NEG: "a) Neglect",
    PHY: "b) Physical abuse",
    SAB: "c) Sexual abuse",
    EMO: "d) Emotional abuse",
    MUL: "e) Multiple (not recommended)",
  },
  placementType: {
    U1: "a) U1: Foster placement - relatives - long term",
    U2: "b) U2: Foster placement - relative - FFA",
    U3: "c) U3: Foster placement - relative - not FFA",
    U4: "d) U4: Foster placement - long term",
    U5: "e) U5: Foster placement - FFA",
    U6: "f) U6: Foster placement - not FFA",
    A3: "g) A3: Placed for adoption - consent - current foster",
    A4: "h) A4: Placed for adoption - consent - not foster",
    A5: "i) A5: Placed for adoption - order - foster",
    A6: "j) A6: Placed for adoption - order - not foster",
    P1: "k) P1: Placed with parents",
    P2: "l) P2: Independent living",
    P3: "m) P3: Residential employment",
    H5: "n) H5: Residential accommodation",
    K1: "o) K1: Secure Children’s Homes",
    K2: "p) K2: Children’s Homes",
    R1: "q) R1: Residential Care Home",
    R2: "r) R2: NHS/Health Trust",
    R3: "s) R3: Family Centre or Mother and Baby Unit",
    R5: "t) R5: Young Offender Institution",
    S1: "u) S1: Residential school",
    Z1: "v) Z1: Other placements",
    T0: "w) T0: Temporary placement",
  },
  ceasedReason: {
    E11: "a) E11: Adopted - application unopposed",
    E12: "b) E12: Adopted - consent dispensed",
    E2: "c) E2: Died",
    E3: "d) E3: Care taken by another LA",
    E41: "h) E41: Residence order granted",
    E7: "o) E7: Transferred to residential care funded by adult social services",
    E9: "p) E9: Sentenced to custody",
    E17: "v) E17: Aged 18+ and remained with current carers",
  },
  provider: {
    PR0: "a) PR0: Parents/Parental responsibility",
    PR1: "b) PR1: Own provision",
    PR2: "c) PR2: Other LA provision",
    PR3: "d) PR3: Other public provision",
    PR4: "e) PR4: Private provision",
    PR5: "f) PR5: Voluntary/third sector",
  },
  eligibility: {
    RELEVANT: "a) Relevant child",
    FORMER_RELEVANT: "b) Former relevant child",
    QUALIFYING: "c) Qualifying care leaver",
    ELIGIBLE: "d) Eligible child",
  },
  inTouch: { YES: "a) Yes", NO: "b) No" },
  suitable: { "1": "a) Suitable", "2": "b) Unsuitable" },
};

/** `CODE: description` lists for the codes without a lettered entry. */
const DESCRIBED: Partial<Record<AnnexACode, Record<string, string>>> = {
  source: REFERRAL_SOURCES.labels,
  primaryNeed: PRIMARY_NEED.labels,
  closeReason: CIN_CLOSURE_REASONS.labels,
  abuse: ABUSE_CATEGORIES.labels,
  legalStatus: LEGAL_STATUSES.labels,
  ceasedReason: EPISODE_END_REASONS.labels,
  placementType: PLACEMENT_TYPES.labels,
  provider: PLACEMENT_PROVIDERS.labels,
  inTouch: CARE_LEAVER_IN_TOUCH.labels,
  accommodation: CARE_LEAVER_ACCOMMODATION.labels,
  activity: CARE_LEAVER_ACTIVITY.labels,
  reversedReason: {
    RD1: "The child's needs changed subsequent to the decision",
    RD2: "The Court did not make a placement order",
    RD3: "Prospective adopters could not be found",
    RD4: "Any other reason",
  },
};

/** The Annex A text for a DfE code; a code no list knows is written as it is (the reader reports it). */
export function annexAText(field: AnnexACode, code: string | null): string | null {
  if (code === null || code === "") return null;
  const up = code.toUpperCase();
  const lettered = LETTERED[field]?.[up];
  if (lettered) return lettered;
  const described = DESCRIBED[field]?.[up];
  if (described) return `${up}: ${described}`;
  return code;
}

/** Every code the writer has a text for, by column (for tests). */
export function knownCodes(field: AnnexACode): string[] {
  return [...new Set([...Object.keys(LETTERED[field] ?? {}), ...Object.keys(DESCRIBED[field] ?? {})])];
}
