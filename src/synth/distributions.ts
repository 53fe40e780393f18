/**
 * The shares the synthetic council draws its codes from.
 *
 * Why in one place: the proportions are the part of the generator someone
 * checking realism wants to read and tune, apart from the journey logic.
 * They approximate England's published figures (CIN census, SSDA903,
 * Characteristics of children in need, Children looked after in England).
 */
import { REFERRAL_SOURCES } from "../model/codes.ts";
import { Weighted } from "./random.ts";

/** Referral and contact sources (police and schools lead). */
export const SOURCES = new Weighted<string>([
  ["1A", 3],
  ["1B", 0.8],
  ["1C", 1],
  ["1D", 1.5],
  ["2A", 20],
  ["2B", 1.5],
  ["3A", 2.5],
  ["3B", 2.5],
  ["3C", 1],
  ["3D", 2],
  ["3E", 3],
  ["3F", 5],
  ["4", 2],
  ["5A", 4],
  ["5B", 3],
  ["5C", 2],
  ["5D", 3],
  ["6", 29],
  ["7", 2],
  ["8", 4],
  ["9", 1],
  ["10", 1.2],
]);

/** Source code → description. */
export const SOURCE_DESC: Record<string, string> = REFERRAL_SOURCES.labels;

/** Primary need at referral for children who are not UASC or disabled. */
export const NEEDS = new Weighted<string>([
  ["N1", 56],
  ["N3", 4],
  ["N4", 10],
  ["N5", 17],
  ["N6", 3],
  ["N7", 0.5],
  ["N8", 2],
  ["N9", 5],
  ["N0", 1.5],
]);

/** Outcome arrays of contacts that did not become referrals. */
export const CONTACT_NON_REFERRAL = new Weighted<string>([
  ['["NFA"]', 24],
  ['["ADVICE"]', 33],
  ['["EARLY_HELP"]', 24],
  ['["OTHER_AGENCY"]', 14],
  ['["ADVICE","EARLY_HELP"]', 3],
  ['["ADVICE","OTHER_AGENCY"]', 2],
]);
export const CONTACT_REFERRAL = '["REFERRAL"]';

export const ETHNICITIES = new Weighted<string>([
  ["WBRI", 66],
  ["WIRI", 0.4],
  ["WOTH", 6],
  ["WIRT", 0.3],
  ["WROM", 0.8],
  ["MWBC", 3],
  ["MWBA", 1.2],
  ["MWAS", 1.5],
  ["MOTH", 3.5],
  ["AIND", 1.3],
  ["APKN", 3.5],
  ["ABAN", 1.2],
  ["AOTH", 1.5],
  ["BCRB", 1],
  ["BAFR", 3.5],
  ["BOTH", 1],
  ["CHNE", 0.3],
  ["OOTH", 2.5],
  ["REFU", 0.5],
  ["NOBT", 1.5],
]);

export const UASC_ETHNICITIES = new Weighted<string>([
  ["OOTH", 35],
  ["BAFR", 30],
  ["AOTH", 25],
  ["WOTH", 5],
  ["BOTH", 5],
]);

export const UASC_NATIONALITIES = new Weighted<string>([
  ["Afghanistan", 25],
  ["Sudan", 20],
  ["Eritrea", 17],
  ["Iran", 10],
  ["Vietnam", 6],
  ["Syria", 6],
  ["Iraq", 6],
  ["Albania", 5],
  ["Ethiopia", 5],
]);

/** Disability codes of children with a disability. */
export const DISABILITIES = new Weighted<string>([
  ["LD", 20],
  ["AUT", 25],
  ["BEH", 15],
  ["COMM", 10],
  ["MOB", 6],
  ["PC", 5],
  ["HEAR", 3],
  ["VIS", 3],
  ["CON", 3],
  ["HAND", 2],
  ["AUT,LD", 6],
  ["LD,MOB", 2],
]);

/** Relative numbers of children at first contact by age in whole years (0–17). */
export const ARRIVAL_AGE_WEIGHTS = [7, 5, 5, 5, 5, 5.5, 5.5, 5.5, 5.5, 5.5, 6, 6.5, 7, 7.5, 7.5, 7, 6, 4];
export const ARRIVAL_AGE = new Weighted<number>(ARRIVAL_AGE_WEIGHTS.map((w, k) => [k, w] as const));

/** Relative numbers of children starting to be looked after (not UASC) by age in whole years. */
export const CARE_ENTRY_AGE_WEIGHTS = [21, 5, 4, 4, 4, 3.5, 3.5, 3.5, 3.5, 3.5, 4.5, 5, 6, 7, 8, 8, 4.5, 2];
export const CARE_ENTRY_AGE = new Weighted<number>(CARE_ENTRY_AGE_WEIGHTS.map((w, k) => [k, w] as const));

export const ABUSE = new Weighted<string>([
  ["NEG", 50],
  ["EMO", 36],
  ["PHY", 7],
  ["SAB", 4],
  ["MUL", 3],
]);

export const RETURN_HOME = new Weighted<string>([
  ["E4A", 82],
  ["E4B", 18],
]);
export const SGO_KIN = new Weighted<string>([
  ["E48", 55],
  ["E47", 45],
]);
export const SGO_OTHER = new Weighted<string>([
  ["E45", 60],
  ["E46", 40],
]);
export const AT_EIGHTEEN = new Weighted<string>([
  ["E5", 48],
  ["E6", 12],
  ["E17", 28],
  ["E7", 4],
  ["E8", 5],
  ["E13", 3],
]);
export const OTHER_EXIT = new Weighted<string>([
  ["E8", 40],
  ["E13", 25],
  ["E3", 15],
  ["E9", 10],
  ["E41", 10],
]);

export const CHANGE_REASONS = new Weighted<string>([
  ["CARPL", 38],
  ["CREQB", 14],
  ["CREQO", 10],
  ["CHILD", 7],
  ["LAREQ", 6],
  ["STAND", 4],
  ["ALLEG", 2],
  ["CLOSE", 4],
  ["APPRR", 2],
  ["PLACE", 5],
  ["CUSTOD", 1],
  ["OTHER", 7],
]);

/** Placement types by age band at the placement's start (adoption and kinship-for-SGO handled by the journey). */
export const PLACEMENT_BY_AGE: Weighted<string>[] = [
  // under 1
  new Weighted([
    ["U6", 58],
    ["U3", 20],
    ["U5", 6],
    ["R3", 8],
    ["P1", 6],
    ["U2", 2],
  ]),
  // 1–9
  new Weighted([
    ["U6", 58],
    ["U3", 20],
    ["U4", 7],
    ["U1", 3],
    ["P1", 7],
    ["K2", 3],
    ["Z1", 1],
    ["T4", 1],
  ]),
  // 10–15
  new Weighted([
    ["U6", 44],
    ["U3", 13],
    ["U4", 10],
    ["U1", 3],
    ["K2", 20],
    ["P1", 4],
    ["S1", 2],
    ["K1", 0.8],
    ["R5", 0.5],
    ["Z1", 1.2],
    ["T4", 1.5],
  ]),
  // 16–17
  new Weighted([
    ["K3", 18],
    ["H5", 12],
    ["U6", 30],
    ["U3", 8],
    ["K2", 18],
    ["P1", 3],
    ["P2", 2],
    ["R5", 1],
    ["Z14", 2],
    ["T4", 1],
    ["K1", 0.5],
  ]),
];

export const PARTICIPATION = new Weighted<string>([
  ["PN1", 42],
  ["PN2", 6],
  ["PN3", 5],
  ["PN4", 4],
  ["PN5", 11],
  ["PN6", 19],
  ["PN7", 13],
]);

/** Care leavers' accommodation codes: [code, weight]; suitability is drawn separately. */
export const LEAVER_ACCOMMODATION = new Weighted<string>([
  ["U", 34],
  ["Z", 9],
  ["B", 12],
  ["D", 15],
  ["E", 5],
  ["K", 3],
  ["T", 3],
  ["C", 2],
  ["Y", 3],
  ["X", 2.5],
  ["S", 1.5],
  ["V", 1],
  ["W", 0.6],
  ["R", 1],
]);
/** Accommodation that is never suitable. */
export const UNSUITABLE_ACCOMMODATION = new Set(["X", "S", "V", "W", "R"]);

export const LEAVER_ACTIVITY = new Weighted<string>([
  ["F1", 7],
  ["P1", 1],
  ["F2", 15],
  ["P2", 3],
  ["F4", 3],
  ["P4", 1],
  ["F5", 17],
  ["P5", 8],
  ["G4", 10],
  ["G5", 30],
  ["G6", 5],
]);

export const LEAVER_IN_TOUCH = new Weighted<string>([
  ["YES", 90],
  ["NO", 4.5],
  ["REFU", 3],
  ["NREQ", 1.5],
  ["RHOM", 1],
]);

export const FIRST_NAMES = [
  "Aisha",
  "Amy",
  "Ben",
  "Chloe",
  "Daniel",
  "Emma",
  "Fatima",
  "George",
  "Hannah",
  "Imran",
  "Jade",
  "James",
  "Kate",
  "Liam",
  "Maria",
  "Mohammed",
  "Natalie",
  "Oliver",
  "Priya",
  "Rachel",
  "Sam",
  "Sarah",
  "Tom",
  "Zoe",
];
export const LAST_NAMES = [
  "Ahmed",
  "Brown",
  "Clarke",
  "Davies",
  "Evans",
  "Green",
  "Hall",
  "Hughes",
  "Jones",
  "Khan",
  "Lewis",
  "Patel",
  "Roberts",
  "Smith",
  "Taylor",
  "Thomas",
  "Walker",
  "White",
  "Williams",
  "Wilson",
  "Wright",
  "Young",
];
