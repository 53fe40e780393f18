/**
 * What validation rules see: the canonical rows indexed once by child and by
 * id, the collection year, and a way to report a value.
 *
 * Why one shared index: every rule that compares records (a plan with its
 * referral, an episode with the one before it, a review with its plan)
 * would otherwise scan the tables again; building the index once keeps a
 * million rows to a few passes. Why the column map: the analyst fixing a
 * file needs the 903 field (`DECOM`) or the CIN census element
 * (`CPPstartDate`) they will find in it, not our canonical column name.
 */
import { addDays, isIsoDate } from "../../calendar/dates.ts";
import type { CellValue, Row } from "../../db/database.ts";
import type { DfeSeverity, Severity } from "../issues.ts";
import type { Ssda903Return } from "../ssda903/reader.ts";
import type { CinReturnView } from "./cinReturn.ts";
import type { PostcodeDirectory, ProviderList } from "./reference.ts";

export interface Years {
  from?: number;
  until?: number;
}

/** Who published a rule. */
export type RuleSource = "DfE CIN" | "DfE 903" | "product";

/** Reports one questionable value: `column` is the canonical column; `detail` adds the facts to the rule's message. */
export type Emit = (table: string, row: Row, column: string, detail?: string) => void;

/** A validation rule, as data. */
export interface Rule {
  /** DfE's rule code, or PRD-… for this product's own checks. */
  code: string;
  source: RuleSource;
  /** DfE's message, word for word, or ours. */
  message: string;
  /** What this product does with the record: `error` leaves it out of an import, `warning` keeps it. */
  severity: Severity;
  /** DfE's severity, for DfE's rules. */
  dfe?: DfeSeverity;
  /** The fields or elements DfE's rule names. */
  fields?: readonly string[];
  /** The collection years the rule applies to (absent: every year). */
  years?: Years;
  /** Canonical tables the rule reads. */
  tables: string[];
  check: (ctx: Context, emit: Emit) => void;
  /**
   * For a rule about the whole return (a share of all children, a UPN two
   * children hold): the same check folded over the return a part at a time,
   * as a streamed import validates it. `check` is then `whole` over one part.
   */
  whole?: WholeReturn;
}

/**
 * A whole-return check as a running aggregate: `start` its state, `add`
 * each part's context to it, `finish` with the issues. The state holds
 * counts and the few rows issues are placed on, never every record.
 */
export interface WholeReturn<S = unknown> {
  start(): S;
  add(state: S, ctx: Context): void;
  finish(state: S, emit: Emit): void;
}

/**
 * Of a whole-return rule's row so far and another, the one earlier in its
 * file (the first given on a tie): the issue is placed on the same row
 * whatever order a streamed import reads the return's parts in.
 */
export function earlier(kept: Row | undefined, r: Row): Row {
  if (kept === undefined) return r;
  const at = (x: Row) => Number(x._line ?? x._row ?? 0);
  return at(r) < at(kept) ? r : kept;
}

/** A rule's check and its whole-return form, from the running aggregate. */
export function wholeReturn<S>(whole: WholeReturn<S>): Pick<Rule, "check" | "whole"> {
  return {
    whole: whole as WholeReturn,
    check: (ctx, emit) => {
      const state = whole.start();
      whole.add(state, ctx);
      whole.finish(state, emit);
    },
  };
}

/** One looked-after episode with the placement and legal status it sits in, as the 903 rules see it. */
export interface EpisodeView {
  row: Row;
  start: string;
  end?: string;
  rne?: string;
  rec?: string;
  place?: string;
  /** The placement's provider (PLACE_PROVIDER). */
  provider?: string;
  ls?: string;
}

/** Everything known about one child, each list sorted by its start date. */
export interface Child {
  id: string;
  persons: Row[];
  referrals: Row[];
  assessments: Row[];
  s47s: Row[];
  icpcs: Row[];
  plans: Row[];
  cpReviews: Row[];
  episodes: EpisodeView[];
  placements: Row[];
  legal: Row[];
  missing: Row[];
  claReviews: Row[];
  uasc: Row[];
  careLeavers: Row[];
  permanence: Row[];
}

export interface ValidateOptions {
  /** Today, for future-date checks (YYYY-MM-DD); default the system date. */
  referenceDate?: string;
  /** The collection year's last day (YYYY-MM-DD, usually 31 March); rules about the collection period run only when it is given. */
  collectionYearEnd?: string;
  /** CIN census files as scanned for the elements the canonical rows do not hold (UPN, CIN plans, factors). */
  cinFiles?: readonly CinReturnView[];
  /** SSDA903 sets as written, oldest first, for the rules on fields the canonical rows do not hold. */
  ssda903?: readonly Ssda903Return[];
  /** Last year's SSDA903 return, given only to compare this year's with (`validate --previous`): not itself checked. */
  ssda903Previous?: readonly Ssda903Return[];
  /** The council's postcode directory (the return's postcodes in it), for DfE's distance and location rules. */
  postcodes?: PostcodeDirectory;
  /** The council's Ofsted provider list (the return's URNs in it), for DfE's URN rules. */
  providers?: ProviderList;
}

/** The rows and their indexes, built once per validate() call. */
export interface Context {
  rows: Record<string, Row[]>;
  today: string;
  yearEnd?: string;
  /** The day after the previous year end (1 April), when yearEnd is given. */
  yearStart?: string;
  /** The collection year by its end (2025 for 2024/25), when yearEnd is given. */
  year?: number;
  children: Map<string, Child>;
  /** Referral id → the rows hanging off it. */
  byReferral: Map<string, { assessments: Row[]; s47s: Row[]; icpcs: Row[]; plans: Row[] }>;
  referralById: Map<string, Row>;
  s47ById: Map<string, Row>;
  planById: Map<string, Row>;
  /** CIN census files scanned for the rules on their own elements (empty when none was given). */
  cinFiles: readonly CinReturnView[];
  /** SSDA903 sets as written, oldest first (empty when none was given). */
  ssda903: readonly Ssda903Return[];
  /** Last year's return, for comparisons only (empty when none was given). */
  ssda903Previous: readonly Ssda903Return[];
  postcodes?: PostcodeDirectory;
  providers?: ProviderList;
  /** Period of care id → child id and the period's first day. */
  periods: Map<string, { child: string; start?: string }>;
}

/** A cell as a trimmed string, or undefined when empty. */
export function str(row: Row, column: string): string | undefined {
  const v: CellValue = row[column];
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string" && v.length > 0) {
    // Printable ASCII at both ends: nothing to trim.
    const a = v.charCodeAt(0);
    const b = v.charCodeAt(v.length - 1);
    if (a > 32 && a < 127 && b > 32 && b < 127) return v;
  }
  const s = String(v).trim();
  return s === "" ? undefined : s;
}

/** A cell as an ISO date, or undefined when empty or not a date. */
export function date(row: Row, column: string): string | undefined {
  const v = row[column];
  return typeof v === "string" && isIsoDate(v) ? v : undefined;
}

/** The same day `years` later (29 February becomes 28 February, as pandas' DateOffset does). */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, "0")}-${md === "02-29" && !leap ? "02-28" : md}`;
}

const PERSON_COLUMN: Record<string, string> = {
  ssd_person: "pers_person_id",
  ssd_cin_episodes: "cine_person_id",
  ssd_cin_assessments: "cina_person_id",
  ssd_s47_enquiry: "s47e_person_id",
  ssd_initial_cp_conference: "icpc_person_id",
  ssd_cp_plans: "cppl_person_id",
  ssd_cp_reviews: "cppr_person_id",
  ssd_cla_placement: "clap_person_id",
  ssd_legal_status: "lega_person_id",
  ssd_missing: "miss_person_id",
  ssd_immigration_status: "immi_person_id",
  ssd_care_leavers: "clea_person_id",
  ssd_permanence: "perm_person_id",
};

const LIST_OF: Record<string, keyof Child> = {
  ssd_person: "persons",
  ssd_cin_episodes: "referrals",
  ssd_cin_assessments: "assessments",
  ssd_s47_enquiry: "s47s",
  ssd_initial_cp_conference: "icpcs",
  ssd_cp_plans: "plans",
  ssd_cp_reviews: "cpReviews",
  ssd_cla_placement: "placements",
  ssd_legal_status: "legal",
  ssd_missing: "missing",
  ssd_immigration_status: "uasc",
  ssd_care_leavers: "careLeavers",
  ssd_permanence: "permanence",
};

/** The date each child list is sorted by. */
const SORT_BY: Partial<Record<keyof Child, string>> = {
  referrals: "cine_referral_date",
  assessments: "cina_assessment_start_date",
  s47s: "s47e_s47_start_date",
  icpcs: "icpc_icpc_date",
  plans: "cppl_cp_plan_start_date",
  cpReviews: "cppr_cp_review_date",
  placements: "clap_cla_placement_start_date",
  legal: "lega_legal_status_start_date",
  missing: "miss_missing_episode_start_date",
  claReviews: "clar_cla_review_date",
};

/** The key of the child a row belongs to (council and person id), or undefined when it names none. */
export function childKey(row: Row, personColumn: string): string | undefined {
  const id = str(row, personColumn);
  return id === undefined ? undefined : `${str(row, "la_code") ?? ""}|${id}`;
}

/**
 * The one empty list every child's and referral's lists start as, replaced
 * by a list of their own at the first row: a return of 200,000 children
 * leaves most of their sixteen lists empty, and an empty array each would
 * cost hundreds of megabytes. Frozen, so nothing can add to it by mistake.
 */
const EMPTY = Object.freeze([]) as unknown as never[];

/** Adds a row to one of an object's lists, giving the list its own array the first time. */
function add<K extends string>(owner: Record<K, unknown[]>, list: K, item: unknown): void {
  const l = owner[list];
  if (l === EMPTY) owner[list] = [item];
  else l.push(item);
}

function newChild(id: string): Child {
  return {
    id,
    persons: EMPTY,
    referrals: EMPTY,
    assessments: EMPTY,
    s47s: EMPTY,
    icpcs: EMPTY,
    plans: EMPTY,
    cpReviews: EMPTY,
    episodes: EMPTY,
    placements: EMPTY,
    legal: EMPTY,
    missing: EMPTY,
    claReviews: EMPTY,
    uasc: EMPTY,
    careLeavers: EMPTY,
    permanence: EMPTY,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byDate(column: string): (a: Row, b: Row) => number {
  return (a, b) => cmp(date(a, column) ?? "", date(b, column) ?? "");
}

/** Builds the indexes: a handful of passes over the rows plus a sort per child. */
export function buildContext(rows: Record<string, Row[]>, options: ValidateOptions): Context {
  const today = options.referenceDate ?? new Date().toISOString().slice(0, 10);
  const yearEnd =
    options.collectionYearEnd && isIsoDate(options.collectionYearEnd) ? options.collectionYearEnd : undefined;
  const yearStart = yearEnd ? addDays(addYears(yearEnd, -1), 1) : undefined;
  const children = new Map<string, Child>();
  const child = (key: string): Child => {
    let c = children.get(key);
    if (!c) {
      c = newChild(key.slice(key.indexOf("|") + 1));
      children.set(key, c);
    }
    return c;
  };
  for (const [table, personColumn] of Object.entries(PERSON_COLUMN)) {
    const list = LIST_OF[table]!;
    for (const row of rows[table] ?? []) {
      const key = childKey(row, personColumn);
      if (key !== undefined) add(child(key) as unknown as Record<string, Row[]>, list, row);
    }
  }

  const referralById = new Map<string, Row>();
  const s47ById = new Map<string, Row>();
  const planById = new Map<string, Row>();
  const byReferral: Context["byReferral"] = new Map();
  const group = (id: string | undefined) => {
    if (id === undefined) return undefined;
    let g = byReferral.get(id);
    if (!g) {
      g = { assessments: EMPTY, s47s: EMPTY, icpcs: EMPTY, plans: EMPTY };
      byReferral.set(id, g);
    }
    return g;
  };
  for (const r of rows.ssd_cin_episodes ?? []) {
    const id = str(r, "cine_referral_id");
    if (id !== undefined && !referralById.has(id)) referralById.set(id, r);
  }
  for (const r of rows.ssd_cin_assessments ?? []) {
    const g = group(str(r, "cina_referral_id"));
    if (g) add(g, "assessments", r);
  }
  for (const r of rows.ssd_s47_enquiry ?? []) {
    const g = group(str(r, "s47e_referral_id"));
    if (g) add(g, "s47s", r);
    const id = str(r, "s47e_s47_enquiry_id");
    if (id !== undefined && !s47ById.has(id)) s47ById.set(id, r);
  }
  for (const r of rows.ssd_initial_cp_conference ?? []) {
    const g = group(str(r, "icpc_referral_id"));
    if (g) add(g, "icpcs", r);
  }
  for (const r of rows.ssd_cp_plans ?? []) {
    const g = group(str(r, "cppl_referral_id"));
    if (g) add(g, "plans", r);
    const id = str(r, "cppl_cp_plan_id");
    if (id !== undefined && !planById.has(id)) planById.set(id, r);
  }

  // Episodes: each with its placement's type and the legal status in force on its first day.
  const placementById = new Map<string, Row>();
  for (const r of rows.ssd_cla_placement ?? []) {
    const id = str(r, "clap_cla_placement_id");
    if (id !== undefined && !placementById.has(id)) placementById.set(id, r);
  }
  const periods = new Map<string, { child: string; start?: string }>();
  for (const row of rows.ssd_cla_episodes ?? []) {
    const key = childKey(row, "clae_person_id");
    const start = date(row, "clae_cla_episode_start_date");
    if (key === undefined || start === undefined) continue;
    const placement = placementById.get(str(row, "clae_cla_placement_id") ?? "");
    add(child(key) as unknown as Record<string, EpisodeView[]>, "episodes", {
      row,
      start,
      end: date(row, "clae_cla_episode_ceased_date"),
      rne: str(row, "clae_cla_episode_start_reason")?.toUpperCase(),
      rec: str(row, "clae_cla_episode_ceased_reason")?.toUpperCase(),
      place: placement ? str(placement, "clap_cla_placement_type")?.toUpperCase() : undefined,
      provider: placement ? str(placement, "clap_cla_placement_provider")?.toUpperCase() : undefined,
    });
    const period = str(row, "clae_cla_id");
    if (period !== undefined) {
      const p = periods.get(period);
      const entered = date(row, "clae_entered_care_date") ?? start;
      if (!p) periods.set(period, { child: key, start: entered });
      else if (p.start === undefined || entered < p.start) p.start = entered;
    }
  }
  for (const r of rows.ssd_cla_reviews ?? []) {
    const p = periods.get(str(r, "clar_cla_id") ?? "");
    if (p) add(child(p.child) as unknown as Record<string, Row[]>, "claReviews", r);
  }

  const sorts = Object.entries(SORT_BY).map(
    ([list, column]) => [list as keyof Child, byDate(column!)] as const,
  );
  for (const c of children.values()) {
    for (const [list, compare] of sorts) {
      const rows = c[list] as Row[];
      if (rows.length > 1) rows.sort(compare);
    }
    if (c.episodes.length > 1)
      c.episodes.sort((a, b) => cmp(a.start, b.start) || cmp(a.end ?? "9", b.end ?? "9"));
    // Legal statuses are sorted by start: walk them alongside the episodes.
    let k = 0;
    for (const e of c.episodes) {
      while (
        k + 1 < c.legal.length &&
        (date(c.legal[k + 1]!, "lega_legal_status_start_date") ?? "") <= e.start
      )
        k++;
      const l = c.legal[k];
      if (l && (date(l, "lega_legal_status_start_date") ?? "9") <= e.start)
        e.ls = str(l, "lega_legal_status")?.toUpperCase();
    }
  }
  return {
    rows,
    today,
    ...(yearEnd ? { yearEnd, yearStart, year: collectionYearOf(yearEnd) } : {}),
    children,
    byReferral,
    referralById,
    s47ById,
    planById,
    periods,
    cinFiles: options.cinFiles ?? [],
    ssda903: options.ssda903 ?? [],
    ssda903Previous: options.ssda903Previous ?? [],
    ...(options.postcodes ? { postcodes: options.postcodes } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
  };
}

/** The collection year a year end (DfE's ReferenceDate) closes: 2025 for 2025-03-31. */
export function collectionYearOf(yearEnd: string): number {
  return Number(yearEnd.slice(0, 4));
}

/** The person row of a child, if any. */
export function person(c: Child): Row | undefined {
  return c.persons[0];
}

// --- naming a value as it appears in the source file -------------------------------

const CIN_ELEMENTS: Record<string, string> = {
  pers_person_id: "LAchildID",
  pers_sex: "Sex",
  pers_ethnicity: "Ethnicity",
  pers_dob: "PersonBirthDate",
  pers_expected_dob: "ExpectedPersonBirthDate",
  pers_death_date: "PersonDeathDate",
  pers_upn_unknown: "UPNunknown",
  pers_disability: "Disability",
  cine_referral_date: "CINreferralDate",
  cine_close_date: "CINclosureDate",
  cine_close_reason: "ReasonForClosure",
  cine_cin_primary_need_code: "PrimaryNeedCode",
  cine_referral_source_code: "ReferralSource",
  cine_referral_nfa: "ReferralNFA",
  cina_assessment_start_date: "AssessmentActualStartDate",
  cina_assessment_auth_date: "AssessmentAuthorisationDate",
  s47e_s47_start_date: "S47ActualStartDate",
  s47e_s47_nfa: "ICPCnotRequired",
  icpc_icpc_date: "DateOfInitialCPC",
  icpc_icpc_target_date: "InitialCPCtarget",
  cppl_cp_plan_start_date: "CPPstartDate",
  cppl_cp_plan_end_date: "CPPendDate",
  cppl_cp_plan_initial_category: "InitialCategoryOfAbuse",
  cppl_cp_plan_latest_category: "LatestCategoryOfAbuse",
  cppl_number_of_previous_cpp: "NumberOfPreviousCPP",
  cppr_cp_review_date: "CPPreviewDate",
};

const SSDA903_FIELDS: Record<string, string> = {
  pers_person_id: "CHILD",
  pers_sex: "SEX",
  pers_dob: "DOB",
  pers_ethnicity: "ETHNIC",
  pers_is_mother: "MOTHER",
  clae_person_id: "CHILD",
  clae_cla_episode_start_date: "DECOM",
  clae_cla_episode_start_reason: "RNE",
  clae_cla_primary_need_code: "CIN",
  clae_cla_episode_ceased_date: "DEC",
  clae_cla_episode_ceased_reason: "REC",
  clap_person_id: "CHILD",
  clap_cla_placement_start_date: "DECOM",
  clap_cla_placement_end_date: "DEC",
  clap_cla_placement_type: "PLACE",
  clap_cla_placement_provider: "PLACE_PROVIDER",
  clap_cla_placement_urn: "URN",
  clap_cla_placement_postcode: "PL_POST",
  clap_cla_placement_change_reason: "REASON_PLACE_CHANGE",
  lega_person_id: "CHILD",
  lega_legal_status: "LS",
  lega_legal_status_start_date: "DECOM",
  lega_legal_status_end_date: "DEC",
  clar_cla_review_date: "REVIEW",
  clar_cla_review_participation: "REVIEW_CODE",
  immi_person_id: "CHILD",
  immi_immigration_status_end_date: "DUC",
  clea_person_id: "CHILD",
  clea_care_leaver_in_touch: "IN_TOUCH",
  clea_care_leaver_activity: "ACTIV",
  clea_care_leaver_accommodation: "ACCOM",
  clea_care_leaver_accom_suitable: "ACCOM",
  perm_person_id: "CHILD",
  perm_adm_decision_date: "DATE_INT",
  perm_matched_date: "DATE_MATCH",
  perm_adopted_by_carer_flag: "FOSTER_CARE",
  perm_placed_for_adoption_date: "DATE_PLACED",
  perm_decision_reversed_date: "DATE_PLACED_CEASED",
  perm_decision_reversed_reason: "REASON_PLACED_CEASED",
  miss_person_id: "CHILD",
  miss_missing_episode_start_date: "MIS_START",
  miss_missing_episode_end_date: "MIS_END",
  miss_missing_episode_type: "MISSING",
  invo_person_id: "CHILD",
  invo_involvement_start_date: "SW_DECOM",
  invo_involvement_end_date: "SW_DEC",
  invo_professional_id: "SW_ID",
  invo_worker_change_reason: "SW_REASON",
};

const CIN_ONLY = new Set([
  "ssd_cin_episodes",
  "ssd_cin_assessments",
  "ssd_s47_enquiry",
  "ssd_initial_cp_conference",
  "ssd_cp_plans",
  "ssd_cp_reviews",
]);

const OTHER = 0;
const XML = 1;
const CSV = 2;
const NEITHER = 3;
/** Each source file's kind, judged once: rules ask it of a row many times over. */
const kinds = new Map<string, number>();

/** A workbook, parquet or SSD extract (OTHER), else XML, CSV or NEITHER, by the file's name. */
function fileKind(path: string): number {
  let kind = kinds.get(path);
  if (kind !== undefined) return kind;
  const file = path.toLowerCase();
  const base = file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
  if (file === "" || /\.(xlsx|xlsm|xls|parquet)$/.test(base) || base.startsWith("ssd")) kind = OTHER;
  else kind = base.endsWith(".xml") ? XML : base.endsWith(".csv") ? CSV : NEITHER;
  if (kinds.size > 10_000) kinds.clear();
  kinds.set(path, kind);
  return kind;
}

/** The file format a row was read from, judged from its source file and the columns its reader set. */
export function sourceFormat(table: string, row: Row): "cin" | "903" | "other" {
  const kind = typeof row._file === "string" ? fileKind(row._file) : OTHER;
  if (kind === OTHER) return "other";
  const xml = kind === XML;
  if (table === "ssd_person") {
    if ("pers_is_mother" in row) return "903";
    if (xml && ("pers_upn_unknown" in row || "pers_disability" in row)) return "cin";
    return "other";
  }
  if (CIN_ONLY.has(table)) return xml ? "cin" : "other";
  return kind === CSV || xml ? "903" : "other";
}

/** The column name an analyst will find in the source file: the 903 field, the CIN element, else the canonical column. */
export function sourceColumn(table: string, row: Row, column: string): string {
  const format = sourceFormat(table, row);
  if (format === "cin") return CIN_ELEMENTS[column] ?? column;
  if (format === "903") return SSDA903_FIELDS[column] ?? column;
  return column;
}
