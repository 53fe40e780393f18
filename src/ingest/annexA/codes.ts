/**
 * Turns the values councils write in Annex A coded columns into DfE codes.
 *
 * Why a ladder rather than one table: the same code arrives as `q) 6: Police`,
 * `6`, `Police`, `(CS) Police` or a council's own wording. In order: the code
 * itself; a spelling the LIIA schema has seen in a real council's file
 * (spellings.ts); a code written at the start of the text or in brackets; the
 * DfE description. A value that names only an Annex A group spanning several
 * DfE codes (`Individual` is 1A–1D) cannot be narrowed and is left uncoded.
 */
import {
  ABUSE_CATEGORIES,
  CARE_LEAVER_ACCOMMODATION,
  CARE_LEAVER_ACTIVITY,
  CARE_LEAVER_ELIGIBILITY,
  CARE_LEAVER_IN_TOUCH,
  CIN_CLOSURE_REASONS,
  EPISODE_END_REASONS,
  ETHNICITY,
  LEGAL_STATUSES,
  PLACEMENT_PROVIDERS,
  PLACEMENT_TYPES,
  PRIMARY_NEED,
  REFERRAL_SOURCES,
} from "../../model/codes.ts";
import { DISABILITIES } from "../cin/codes.ts";
import { SPELLINGS } from "./spellings.ts";

/** Coded Annex A fields and the DfE code list each maps to. */
export type CodeField =
  | "source"
  | "primaryNeed"
  | "closeReason"
  | "abuse"
  | "legalStatus"
  | "ceasedReason"
  | "placementType"
  | "provider"
  | "eligibility"
  | "inTouch"
  | "accommodation"
  | "suitable"
  | "activity"
  | "reversedReason"
  | "ethnicity"
  | "sex";

interface FieldCodes {
  labels: Record<string, string>;
  /** Extra descriptions (normalised) → code, beyond the DfE labels. */
  aliases?: Record<string, string>;
  /** Codes from older returns → current code. */
  renamed?: Record<string, string>;
  /** Annex A group names that span several codes, for a clearer message. */
  groups?: Record<string, string>;
}

const LABELS: Record<CodeField, FieldCodes> = {
  source: {
    labels: REFERRAL_SOURCES.labels,
    groups: {
      individual: "1A–1D",
      "health services": "3A–3F",
      health: "3A–3F",
      "la services": "5A–5D",
    },
  },
  primaryNeed: { labels: PRIMARY_NEED.labels },
  closeReason: {
    labels: CIN_CLOSURE_REASONS.labels,
    groups: { "child not in need after assessment": "RC8–RC9" },
  },
  abuse: { labels: ABUSE_CATEGORIES.labels, aliases: { "multiple not recommended": "MUL" } },
  legalStatus: {
    labels: LEGAL_STATUSES.labels,
    aliases: { ico: "C1", fco: "C2", epo: "L2", "section 20": "V2", s20: "V2" },
  },
  ceasedReason: { labels: EPISODE_END_REASONS.labels },
  placementType: { labels: PLACEMENT_TYPES.labels, groups: { "foster placement": "U1–U6" } },
  provider: { labels: PLACEMENT_PROVIDERS.labels },
  eligibility: {
    labels: CARE_LEAVER_ELIGIBILITY.labels,
    aliases: { relevant: "RELEVANT", "former relevant": "FORMER_RELEVANT" },
  },
  inTouch: {
    labels: CARE_LEAVER_IN_TOUCH.labels,
    aliases: { yes: "YES", no: "NO", y: "YES", n: "NO", "0 no": "NO", "b no": "NO" },
  },
  accommodation: { labels: CARE_LEAVER_ACCOMMODATION.labels },
  suitable: { labels: { "1": "Suitable", "2": "Unsuitable" }, aliases: { suitable: "1", unsuitable: "2" } },
  activity: {
    labels: CARE_LEAVER_ACTIVITY.labels,
    // Annex A still offers the SSDA903 codes replaced in 2017 (training or employment before apprenticeships were split out).
    renamed: { F3: "F5", P3: "P5" },
  },
  reversedReason: {
    labels: {
      RD1: "The child's needs changed subsequent to the decision",
      RD2: "The Court did not make a placement order",
      RD3: "Prospective adopters could not be found",
      RD4: "Any other reason",
    },
  },
  ethnicity: {
    labels: ETHNICITY.labels,
    aliases: {
      "white english": "WBRI",
      "white scottish": "WBRI",
      "white welsh": "WBRI",
      "other white": "WOTH",
      "white other": "WOTH",
      "gypsy roma": "WROM",
      roma: "WROM",
      "gypsy or roma": "WROM",
      "other mixed": "MOTH",
      "other asian": "AOTH",
      "black caribbean": "BCRB",
      "black african": "BAFR",
      "other black": "BOTH",
      "other ethnic group": "OOTH",
      "not obtained": "NOBT",
      "not yet obtained": "NOBT",
      "information not yet obtained": "NOBT",
      refused: "REFU",
    },
  },
  sex: { labels: { M: "Male", F: "Female", U: "Unknown" } },
};

/** Lower case, curly quotes straightened, every run of other punctuation and space to one space. */
export function spellingKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** How a value was read: used to decide whether to say anything about it. */
export type CodeHow = "code" | "spelling" | "extracted" | "description" | "renamed" | "group" | "unknown";

export interface CodeRead {
  code: string | null;
  how: CodeHow;
  /** For `renamed`: the code as written; for `group`: the codes the group spans. */
  note?: string;
}

const INDEX = new Map<CodeField, { codes: Map<string, string>; descriptions: Map<string, string> }>();

function index(field: CodeField) {
  let hit = INDEX.get(field);
  if (hit) return hit;
  const spec = LABELS[field];
  const codes = new Map(Object.keys(spec.labels).map((c) => [c.toUpperCase(), c]));
  const descriptions = new Map<string, string>();
  for (const [code, label] of Object.entries(spec.labels)) descriptions.set(spellingKey(label), code);
  for (const [alias, code] of Object.entries(spec.aliases ?? {})) descriptions.set(alias, code);
  hit = { codes, descriptions };
  INDEX.set(field, hit);
  return hit;
}

/** A code written at the start (after an `a) ` list letter or an opening bracket) or in brackets. */
const LEADING = /^(?:[a-z]{1,2}\d?\)\s*)?[[('"\u2018\u201c~]*([A-Za-z0-9_]{1,15})(?=$|[\s:\-\u2013)\].,/;>])/;
const BRACKETED = /[[(]([A-Za-z0-9]{1,6})[\])]/g;

/** Readings remembered per field: a workbook repeats a handful of spellings in every row. */
const READ = new Map<CodeField, Map<string, CodeRead>>();
/** Distinct texts remembered per field, so free text in a code column cannot grow the memory without end. */
const READ_LIMIT = 10_000;

/** Reads one coded value. Empty text gives `{ code: null, how: "code" }`. The result is shared: not to be changed. */
export function readCode(field: CodeField, text: string): CodeRead {
  let known = READ.get(field);
  if (!known) {
    known = new Map();
    READ.set(field, known);
  }
  const had = known.get(text);
  if (had) return had;
  const read = readCodeAfresh(field, text);
  if (known.size < READ_LIMIT) known.set(text, read);
  return read;
}

function readCodeAfresh(field: CodeField, text: string): CodeRead {
  const raw = text.trim();
  if (raw === "") return { code: null, how: "code" };
  const { codes, descriptions } = index(field);
  const spec = LABELS[field];
  const exact = codes.get(raw.toUpperCase());
  if (exact) return { code: exact, how: "code" };
  const renamedExact = spec.renamed?.[raw.toUpperCase()];
  if (renamedExact) return { code: renamedExact, how: "renamed", note: raw.toUpperCase() };
  const key = spellingKey(raw);
  const table = SPELLINGS[field];
  const spelt = table?.[key] ?? table?.[key.replace(/^[a-z]{1,2}\d? (?=.)/, "")];
  const lead = LEADING.exec(raw)?.[1];
  if (spelt) {
    // A valid DfE code written at the start wins over a spelling that maps elsewhere
    // (the liia schema maps "E7 Transferred to adult social care" to E8).
    const led = lead ? codes.get(lead.toUpperCase()) : undefined;
    return led && led !== spelt ? { code: led, how: "extracted" } : { code: spelt, how: "spelling" };
  }
  const candidates: string[] = [];
  if (lead) candidates.push(lead);
  for (const m of raw.matchAll(BRACKETED)) candidates.push(m[1]!);
  for (const c of candidates) {
    const up = c.toUpperCase();
    const code = codes.get(up);
    if (code) return { code, how: "extracted" };
    const renamed = spec.renamed?.[up];
    if (renamed) return { code: renamed, how: "renamed", note: up };
  }
  const stripped = key.replace(/^[a-z]{1,2}\d? (?=.)/, "");
  const described = descriptions.get(key) ?? descriptions.get(stripped);
  if (described) return { code: described, how: "description" };
  const group = spec.groups?.[stripped] ?? spec.groups?.[key];
  if (group) return { code: null, how: "group", note: group };
  return { code: null, how: "unknown" };
}

const YES = new Set(["y", "yes", "true", "1", "a yes", "1 yes", "t"]);
const NO = new Set(["n", "no", "false", "0", "b no", "0 no", "f"]);
const UNKNOWN = new Set(["c unknown", "unknown", "not known", "not recorded", "n a", "na", "nan", "u"]);

/** Extra yes/no spellings for particular columns. */
export type FlagField = "plain" | "nfa" | "seen" | "uasc" | "offered";

const FLAG_EXTRAS: Record<FlagField, Record<string, "Y" | "N">> = {
  plain: {},
  nfa: { nfa: "Y", "no further action": "Y", fa: "N", "further action": "N" },
  seen: {
    seen: "Y",
    "seen alone": "Y",
    "child seen": "Y",
    "child seen alone": "Y",
    "not seen": "N",
    "not seen alone": "N",
    "child not seen": "N",
    "child not seen alone": "N",
  },
  uasc: { uasc: "Y", "non uasc": "N", "not uasc": "N" },
  offered: { "offered and accepted": "Y", "offered and declined": "Y", "not offered": "N" },
};

/** Reads a yes/no value: 'Y', 'N', null (blank or recorded as unknown), or undefined (not a yes/no). */
export function readFlag(field: FlagField, text: string): "Y" | "N" | null | undefined {
  const key = spellingKey(text);
  if (key === "") return null;
  if (YES.has(key)) return "Y";
  if (NO.has(key)) return "N";
  if (UNKNOWN.has(key)) return null;
  const extra = FLAG_EXTRAS[field][key] ?? FLAG_EXTRAS[field][key.replace(/^[a-z] (?=.)/, "")];
  if (extra) return extra;
  if (field === "offered" && key.startsWith("not offered")) return "N";
  return undefined;
}

const DISABILITY_CODES = new Set<string>(DISABILITIES);

/**
 * The disability column as `pers_disability`: NONE for no, the DfE code when
 * one is written, null for a plain yes (Annex A does not say which) or unknown;
 * undefined when the value is not recognised.
 */
export function readDisability(text: string): string | null | undefined {
  const key = spellingKey(text);
  if (key === "") return null;
  const up = key.toUpperCase().replace(/^[A-Z] (?=.)/, "");
  if (DISABILITY_CODES.has(up)) return up;
  if (key === "no disability" || key === "none") return "NONE";
  const flag = readFlag("plain", text);
  if (flag === "N") return "NONE";
  if (flag === "Y" || flag === null) return null;
  if (key === "nobt" || key === "refu" || key.startsWith("refused") || key.startsWith("not obtained"))
    return null;
  return undefined;
}
