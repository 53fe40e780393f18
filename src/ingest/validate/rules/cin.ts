/**
 * DfE CIN census validation rules that bear on the indicators, as data.
 *
 * Why these: referral, assessment, S47, ICPC and CP plan dates drive the
 * front-door and child-protection figures, so the rules that question those
 * dates (order, overlap, collection period, date of birth and death) and the
 * codes the breakdowns use are here. Codes and messages are DfE's, as the
 * data-to-insight CIN validator (csc-validator-be-cin) names them; the
 * conditions are restated on the canonical rows, so they also question CIN
 * records that arrived through Annex A or SSD tables.
 */
import { addDays } from "../../../calendar/dates.ts";
import {
  ABUSE_CATEGORIES,
  CIN_CLOSURE_REASONS,
  ETHNICITY,
  PRIMARY_NEED,
  REFERRAL_SOURCES,
  SEX,
} from "../../../model/codes.ts";
import type { Row } from "../../../workspace/database.ts";
import { type Context, date, type Emit, person, type Rule, sourceFormat, str } from "../context.ts";

const PERSON = "ssd_person";
const REF = "ssd_cin_episodes";
const ASMT = "ssd_cin_assessments";
const S47 = "ssd_s47_enquiry";
const ICPC = "ssd_initial_cp_conference";
const PLAN = "ssd_cp_plans";
const REVIEW = "ssd_cp_reviews";

const NEEDS = new Set<string>(PRIMARY_NEED.codes);
const CLOSURES = new Set<string>(CIN_CLOSURE_REASONS.codes);
const SOURCES = new Set<string>(REFERRAL_SOURCES.codes);
const ABUSE = new Set<string>(ABUSE_CATEGORIES.codes);
const ETHNICITIES = new Set<string>(ETHNICITY.codes);
const SEXES = new Set<string>(SEX.codes);

function rows(ctx: Context, table: string): Row[] {
  return ctx.rows[table] ?? [];
}

/** Rows of a table whose `column`, as a date, satisfies `bad`. */
function dateRule(
  table: string,
  column: string,
  bad: (value: string, row: Row, ctx: Context) => string | false | undefined,
): Rule["check"] {
  return (ctx, emit) => {
    for (const r of rows(ctx, table)) {
      const v = date(r, column);
      if (v === undefined) continue;
      const why = bad(v, r, ctx);
      if (why) emit(table, r, column, why);
    }
  };
}

/** `end` before `start` on one row. */
function endBeforeStart(table: string, start: string, end: string, sameDay = false): Rule["check"] {
  return dateRule(table, end, (e, r) => {
    const s = date(r, start);
    return s !== undefined && (sameDay ? e === s : e < s) && `${e} against a start of ${s}`;
  });
}

/** A row's date before the date of the referral it belongs to. */
function beforeReferral(table: string, refColumn: string, column: string): Rule["check"] {
  return dateRule(table, column, (v, r, ctx) => {
    const ref = ctx.referralById.get(str(r, refColumn) ?? "");
    const refDate = ref ? date(ref, "cine_referral_date") : undefined;
    return refDate !== undefined && v < refDate && `${v}; the referral is dated ${refDate}`;
  });
}

/** Outside the census year (only when the collection year is known). */
function outsideYear(table: string, column: string): Rule["check"] {
  return dateRule(
    table,
    column,
    (v, _r, ctx) =>
      ctx.yearEnd !== undefined &&
      (v < ctx.yearStart! || v > ctx.yearEnd) &&
      `${v} is outside ${ctx.yearStart} – ${ctx.yearEnd}`,
  );
}

/** A coded value off DfE's list; a missing one too when `missing` says it should be there. */
function codeRule(
  table: string,
  column: string,
  codes: Set<string>,
  missing: (row: Row) => boolean = () => false,
  applies: (row: Row) => boolean = () => true,
): Rule["check"] {
  return (ctx, emit) => {
    for (const r of rows(ctx, table)) {
      if (!applies(r)) continue;
      const v = str(r, column);
      if (v === undefined ? missing(r) : !codes.has(v.toUpperCase()))
        emit(table, r, column, v === undefined ? "missing" : `${v} is not on the list`);
    }
  };
}

const fromCin = (table: string) => (r: Row) => sourceFormat(table, r) === "cin";
const not903 = (r: Row) => sourceFormat(PERSON, r) !== "903";

/** Rows that overlap an earlier one of the same child (sorted by start; open = never ends). */
function overlaps(
  list: Row[],
  start: string,
  end: string,
  emit: (row: Row, detail: string) => void,
  skip: (row: Row) => boolean = () => false,
): void {
  let maxEnd: string | undefined;
  let open = false;
  for (const r of list) {
    if (skip(r)) continue;
    const s = date(r, start);
    if (s === undefined) continue;
    if (open || (maxEnd !== undefined && s < maxEnd))
      emit(r, `starts ${s}, before an earlier one ${open ? "has ended (it is open)" : `ends (${maxEnd})`}`);
    const e = date(r, end);
    if (e === undefined) open = true;
    else if (maxEnd === undefined || e > maxEnd) maxEnd = e;
  }
}

/** The date of each S47's ICPC, by S47 id. */
function icpcDateByS47(ctx: Context): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of rows(ctx, ICPC)) {
    const id = str(c, "icpc_s47_enquiry_id");
    const d = date(c, "icpc_icpc_date");
    if (id !== undefined && d !== undefined && !out.has(id)) out.set(id, d);
  }
  return out;
}

function perChild(ctx: Context, f: (c: ReturnType<Context["children"]["get"]> & object) => void): void {
  for (const c of ctx.children.values()) f(c);
}

const flagged = (r: Row, column: string) => str(r, column)?.toUpperCase() === "Y";

/** Rules from the CIN census validation (2024–25 wording). */
export const CIN_RULES: Rule[] = [
  {
    code: "8500",
    source: "DfE CIN",
    message: "LA Child ID missing",
    severity: "error",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of rows(ctx, PERSON))
        if (str(r, "pers_person_id") === undefined) emit(PERSON, r, "pers_person_id");
    },
  },
  {
    code: "8510",
    source: "DfE CIN",
    message: "More than one child record with the same LA Child ID",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      const seen = new Set<string>();
      for (const r of rows(ctx, PERSON)) {
        const id = str(r, "pers_person_id");
        if (id === undefined || sourceFormat(PERSON, r) === "903") continue;
        const key = `${String(r._file ?? "")}|${str(r, "la_code") ?? ""}|${id}`;
        if (seen.has(key)) emit(PERSON, r, "pers_person_id", `child ${id} is listed again in the same file`);
        seen.add(key);
      }
    },
  },
  {
    code: "8520",
    source: "DfE CIN",
    message:
      "Date of Birth is after data collection period (must be on or before the end of the census period)",
    severity: "warning",
    tables: [PERSON],
    check: dateRule(
      PERSON,
      "pers_dob",
      (v, r, ctx) =>
        not903(r) && ctx.yearEnd !== undefined && v > ctx.yearEnd && `${v} is after ${ctx.yearEnd}`,
    ),
  },
  {
    code: "8525Q",
    source: "DfE CIN",
    message: "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of rows(ctx, PERSON)) {
        if (!fromCin(PERSON)(r)) continue;
        const dob = str(r, "pers_dob") !== undefined;
        const expected = str(r, "pers_expected_dob") !== undefined;
        if (dob === expected) emit(PERSON, r, "pers_dob", dob ? "both are given" : "neither is given");
      }
    },
  },
  {
    code: "8535Q",
    source: "DfE CIN",
    message:
      "Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth",
    severity: "error",
    tables: [PERSON],
    check: dateRule(PERSON, "pers_death_date", (v, r) => {
      const dob = date(r, "pers_dob");
      return dob !== undefined && v < dob && `died ${v}, born ${dob}`;
    }),
  },
  {
    code: "8555Q",
    source: "DfE CIN",
    message: "Child cannot be referred after its recorded date of death",
    severity: "warning",
    tables: [REF, PERSON],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const death = person(c) && date(person(c)!, "pers_death_date");
        if (!death) return;
        for (const r of c.referrals) {
          const d = date(r, "cine_referral_date");
          if (d !== undefined && d > death)
            emit(REF, r, "cine_referral_date", `referred ${d}, died ${death}`);
        }
      }),
  },
  {
    code: "8600",
    source: "DfE CIN",
    message: "Child referral date missing or after data collection period",
    severity: "warning",
    tables: [REF],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF)) {
        const d = date(r, "cine_referral_date");
        if (d === undefined) emit(REF, r, "cine_referral_date", "missing");
        else if (ctx.yearEnd !== undefined && d > ctx.yearEnd)
          emit(REF, r, "cine_referral_date", `${d} is after ${ctx.yearEnd}`);
      }
    },
  },
  {
    code: "8606",
    source: "DfE CIN",
    message: "Child referral date is more than 40 weeks before DOB or expected DOB",
    severity: "warning",
    tables: [REF, PERSON],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const p = person(c);
        if (!p) return;
        const births = [date(p, "pers_dob"), date(p, "pers_expected_dob")].filter((d) => d !== undefined);
        if (births.length === 0) return;
        for (const r of c.referrals) {
          const d = date(r, "cine_referral_date");
          const birth = births.find((b) => d !== undefined && d < addDays(b, -280));
          if (birth) emit(REF, r, "cine_referral_date", `referred ${d}, born or due ${birth}`);
        }
      }),
  },
  {
    code: "8608",
    source: "DfE CIN",
    message: "Assessment Start Date cannot be later than its End Date",
    severity: "error",
    tables: [ASMT],
    check: endBeforeStart(ASMT, "cina_assessment_start_date", "cina_assessment_auth_date"),
  },
  {
    code: "1103",
    source: "DfE CIN",
    message: "The assessment start date cannot be before the referral date",
    severity: "warning",
    tables: [ASMT, REF],
    check: beforeReferral(ASMT, "cina_referral_id", "cina_assessment_start_date"),
  },
  {
    code: "1104",
    source: "DfE CIN",
    message: "The date of the initial child protection conference cannot be before the referral date",
    severity: "warning",
    tables: [ICPC, REF],
    check: beforeReferral(ICPC, "icpc_referral_id", "icpc_icpc_date"),
  },
  {
    code: "1105",
    source: "DfE CIN",
    message: "The child protection plan start date cannot be before the referral date",
    severity: "warning",
    tables: [PLAN, REF],
    check: beforeReferral(PLAN, "cppl_referral_id", "cppl_cp_plan_start_date"),
  },
  {
    code: "2889",
    source: "DfE CIN",
    message: "The S47 start date cannot be before the referral date.",
    severity: "warning",
    tables: [S47, REF],
    check: beforeReferral(S47, "s47e_referral_id", "s47e_s47_start_date"),
  },
  {
    code: "8615",
    source: "DfE CIN",
    message:
      "Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference",
    severity: "error",
    tables: [S47, ICPC],
    check: (ctx, emit) => {
      const icpcs = icpcDateByS47(ctx);
      for (const r of rows(ctx, S47)) {
        const icpc = icpcs.get(str(r, "s47e_s47_enquiry_id") ?? "");
        if (icpc === undefined) continue;
        const s = date(r, "s47e_s47_start_date");
        if (s === undefined) emit(S47, r, "s47e_s47_start_date", `missing; the ICPC is dated ${icpc}`);
        else if (s > icpc) emit(S47, r, "s47e_s47_start_date", `started ${s}, ICPC held ${icpc}`);
      }
    },
  },
  {
    code: "8630",
    source: "DfE CIN",
    message: "CIN Closure Date is before CIN Referral Date for the same CIN episode",
    severity: "error",
    tables: [REF],
    check: endBeforeStart(REF, "cine_referral_date", "cine_close_date"),
  },
  {
    code: "8925",
    source: "DfE CIN",
    message: "Child Protection Plan End Date earlier than Start Date",
    severity: "error",
    tables: [PLAN],
    check: endBeforeStart(PLAN, "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
  },
  {
    code: "8840",
    source: "DfE CIN",
    message: "Child Protection Plan cannot start and end on the same day",
    severity: "warning",
    tables: [PLAN],
    check: endBeforeStart(PLAN, "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", true),
  },
  {
    code: "8841",
    source: "DfE CIN",
    message: "The review date cannot be on the same day or before the Child protection Plan start date.",
    severity: "error",
    tables: [REVIEW, PLAN],
    check: dateRule(REVIEW, "cppr_cp_review_date", (v, r, ctx) => {
      const plan = ctx.planById.get(str(r, "cppr_cp_plan_id") ?? "");
      const start = plan ? date(plan, "cppl_cp_plan_start_date") : undefined;
      return start !== undefined && v <= start && `review ${v}, plan started ${start}`;
    }),
  },
  {
    code: "8935",
    source: "DfE CIN",
    message: "This child is showing more than one open Child Protection plan, i.e. with no End Date",
    severity: "warning",
    tables: [PLAN],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const open = c.plans.filter((p) => str(p, "cppl_cp_plan_end_date") === undefined);
        if (open.length > 1)
          for (const p of open)
            emit(PLAN, p, "cppl_cp_plan_end_date", `${open.length} open plans for child ${c.id}`);
      }),
  },
  {
    code: "8940",
    source: "DfE CIN",
    message: "Child Protection Plan data contains overlapping dates",
    severity: "warning",
    tables: [PLAN],
    check: (ctx, emit) =>
      perChild(ctx, (c) =>
        overlaps(c.plans, "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", (r, d) =>
          emit(PLAN, r, "cppl_cp_plan_start_date", `this plan ${d}`),
        ),
      ),
  },
  {
    code: "8820",
    source: "DfE CIN",
    message: "The dates on the CIN episodes for this child overlap",
    severity: "warning",
    tables: [REF],
    check: (ctx, emit) =>
      perChild(ctx, (c) =>
        overlaps(
          c.referrals,
          "cine_referral_date",
          "cine_close_date",
          (r, d) => emit(REF, r, "cine_referral_date", `this referral ${d}`),
          (r) => flagged(r, "cine_referral_nfa"),
        ),
      ),
  },
  {
    code: "8815",
    source: "DfE CIN",
    message:
      "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.",
    severity: "warning",
    tables: [REF],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const open = c.referrals.filter(
          (r) => str(r, "cine_close_date") === undefined && !flagged(r, "cine_referral_nfa"),
        );
        if (open.length > 1)
          for (const r of open)
            emit(REF, r, "cine_close_date", `${open.length} open referrals for child ${c.id}`);
      }),
  },
  {
    code: "8805",
    source: "DfE CIN",
    message: "A CIN case cannot have a CIN closure date without a Reason for Closure",
    severity: "warning",
    tables: [REF],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF))
        if (str(r, "cine_close_date") !== undefined && str(r, "cine_close_reason") === undefined)
          emit(REF, r, "cine_close_reason");
    },
  },
  {
    code: "8810",
    source: "DfE CIN",
    message: "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
    severity: "warning",
    tables: [REF],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF))
        if (str(r, "cine_close_reason") !== undefined && str(r, "cine_close_date") === undefined)
          emit(REF, r, "cine_close_date");
    },
  },
  {
    code: "8650",
    source: "DfE CIN",
    message: "Primary Need Code invalid (see Primary Need table in CIN census code set)",
    severity: "warning",
    tables: [REF],
    check: codeRule(REF, "cine_cin_primary_need_code", NEEDS),
  },
  {
    code: "8610",
    source: "DfE CIN",
    message: "Primary Need code is missing for a referral which led to further action.",
    severity: "warning",
    tables: [REF],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF))
        if (
          str(r, "cine_referral_nfa")?.toUpperCase() === "N" &&
          str(r, "cine_cin_primary_need_code") === undefined
        )
          emit(REF, r, "cine_cin_primary_need_code");
    },
  },
  {
    code: "8640",
    source: "DfE CIN",
    message: "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)",
    severity: "warning",
    tables: [REF],
    check: codeRule(REF, "cine_close_reason", CLOSURES),
  },
  {
    code: "8866",
    source: "DfE CIN",
    message: "Source of Referral is missing or an invalid code",
    severity: "warning",
    tables: [REF],
    check: codeRule(REF, "cine_referral_source_code", SOURCES, fromCin(REF)),
  },
  {
    code: "8905",
    source: "DfE CIN",
    message:
      "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
    severity: "warning",
    tables: [PLAN],
    check: codeRule(PLAN, "cppl_cp_plan_initial_category", ABUSE, fromCin(PLAN)),
  },
  {
    code: "8910",
    source: "DfE CIN",
    message:
      "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
    severity: "warning",
    tables: [PLAN],
    check: codeRule(PLAN, "cppl_cp_plan_latest_category", ABUSE, fromCin(PLAN)),
  },
  {
    code: "4220",
    source: "DfE CIN",
    message: "Ethnicity is missing or invalid (see Ethnicity table)",
    severity: "warning",
    tables: [PERSON],
    check: codeRule(PERSON, "pers_ethnicity", ETHNICITIES, fromCin(PERSON), not903),
  },
  {
    code: "4180",
    source: "DfE CIN",
    message: "Sex must be provided and equal M, F, or U",
    severity: "warning",
    tables: [PERSON],
    check: codeRule(PERSON, "pers_sex", SEXES, fromCin(PERSON), not903),
  },
  {
    code: "8915",
    source: "DfE CIN",
    message: "Child Protection Plan shown as starting after the child’s Date of Death",
    severity: "warning",
    tables: [PLAN, PERSON],
    check: afterDeath(PLAN, "plans", "cppl_cp_plan_start_date"),
  },
  {
    code: "8920",
    source: "DfE CIN",
    message: "Child Protection Plan cannot end after the child’s Date of Death",
    severity: "warning",
    tables: [PLAN, PERSON],
    check: afterDeath(PLAN, "plans", "cppl_cp_plan_end_date"),
  },
  {
    code: "8585Q",
    source: "DfE CIN",
    message:
      "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death",
    severity: "warning",
    tables: [REF, PERSON],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const p = person(c);
        if (!p || str(p, "pers_death_date") !== undefined) return;
        for (const r of c.referrals)
          if (str(r, "cine_close_reason")?.toUpperCase() === "RC2") emit(REF, r, "cine_close_reason");
      }),
  },
  {
    code: "8831",
    source: "DfE CIN",
    message: "Activity is recorded against a case marked as a referral with no further action",
    severity: "warning",
    tables: [REF, ASMT, S47],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF)) {
        if (!flagged(r, "cine_referral_nfa")) continue;
        const g = ctx.byReferral.get(str(r, "cine_referral_id") ?? "");
        const n = (g?.assessments.length ?? 0) + (g?.s47s.length ?? 0);
        if (n > 0) emit(REF, r, "cine_referral_nfa", `${n} assessment(s) or S47 enquiries recorded`);
      }
    },
  },
  {
    code: "8832",
    source: "DfE CIN",
    message: "Child Protection details provided for a referral with no further action.",
    severity: "warning",
    tables: [REF, PLAN],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF)) {
        if (!flagged(r, "cine_referral_nfa")) continue;
        const n = ctx.byReferral.get(str(r, "cine_referral_id") ?? "")?.plans.length ?? 0;
        if (n > 0) emit(REF, r, "cine_referral_nfa", `${n} CP plan(s) recorded`);
      }
    },
  },
  {
    code: "8565",
    source: "DfE CIN",
    message: "Activity shown after a case has been closed",
    severity: "warning",
    tables: [REF, ASMT, S47, ICPC, PLAN],
    check: (ctx, emit) => {
      const checks: [string, keyof NonNullable<ReturnType<Context["byReferral"]["get"]>>, string[]][] = [
        [ASMT, "assessments", ["cina_assessment_start_date", "cina_assessment_auth_date"]],
        [S47, "s47s", ["s47e_s47_start_date"]],
        [ICPC, "icpcs", ["icpc_icpc_date"]],
        [PLAN, "plans", ["cppl_cp_plan_end_date"]],
      ];
      for (const r of rows(ctx, REF)) {
        const close = date(r, "cine_close_date");
        const g = close && ctx.byReferral.get(str(r, "cine_referral_id") ?? "");
        if (!close || !g) continue;
        for (const [table, list, columns] of checks)
          for (const x of g[list])
            for (const col of columns) {
              const d = date(x, col);
              if (d !== undefined && d > close) {
                emit(table, x, col, `${d}; the case closed ${close}`);
                break;
              }
            }
      }
    },
  },
  {
    code: "8867",
    source: "DfE CIN",
    message: "CIN episode is shown as closed, however Assessment is not shown as completed",
    severity: "warning",
    tables: [REF, ASMT],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF)) {
        if (str(r, "cine_close_date") === undefined) continue;
        for (const a of ctx.byReferral.get(str(r, "cine_referral_id") ?? "")?.assessments ?? [])
          if (str(a, "cina_assessment_auth_date") === undefined) emit(ASMT, a, "cina_assessment_auth_date");
      }
    },
  },
  {
    code: "8868",
    source: "DfE CIN",
    message:
      "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag",
    severity: "warning",
    tables: [REF, S47, ICPC],
    check: (ctx, emit) => {
      const icpcs = icpcDateByS47(ctx);
      for (const r of rows(ctx, REF)) {
        if (str(r, "cine_close_date") === undefined) continue;
        for (const s of ctx.byReferral.get(str(r, "cine_referral_id") ?? "")?.s47s ?? [])
          if (!icpcs.has(str(s, "s47e_s47_enquiry_id") ?? "") && !flagged(s, "s47e_s47_nfa"))
            emit(S47, s, "s47e_s47_nfa");
      }
    },
  },
  {
    code: "2885",
    source: "DfE CIN",
    message:
      "Child protection plan shown as starting a different day to the initial child protection conference.",
    severity: "warning",
    tables: [PLAN, ICPC],
    check: (ctx, emit) => {
      const icpcs = new Map<string, string>();
      for (const c of rows(ctx, ICPC)) {
        const id = str(c, "icpc_icpc_id");
        const d = date(c, "icpc_icpc_date");
        if (id !== undefined && d !== undefined) icpcs.set(id, d);
      }
      for (const p of rows(ctx, PLAN)) {
        const icpc = icpcs.get(str(p, "cppl_icpc_id") ?? "");
        const start = date(p, "cppl_cp_plan_start_date");
        if (icpc !== undefined && start !== undefined && icpc !== start)
          emit(PLAN, p, "cppl_cp_plan_start_date", `plan started ${start}, ICPC held ${icpc}`);
      }
    },
  },
  {
    code: "8720",
    source: "DfE CIN",
    message: "Child Protection Plan Start Date missing or out of data collection period",
    severity: "warning",
    tables: [PLAN],
    check: dateRule(
      PLAN,
      "cppl_cp_plan_start_date",
      (v, _r, ctx) => ctx.yearEnd !== undefined && v > ctx.yearEnd && `${v} is after ${ctx.yearEnd}`,
    ),
  },
  {
    code: "8620",
    source: "DfE CIN",
    message: "CIN Closure Date present and does not fall within the Census year",
    severity: "warning",
    tables: [REF],
    check: outsideYear(REF, "cine_close_date"),
  },
  {
    code: "8696",
    source: "DfE CIN",
    message: "Assessment end date must fall within the census year",
    severity: "warning",
    tables: [ASMT],
    check: outsideYear(ASMT, "cina_assessment_auth_date"),
  },
  {
    code: "8715",
    source: "DfE CIN",
    message: "Date of Initial Child Protection Conference must fall within the census year",
    severity: "warning",
    tables: [ICPC],
    check: outsideYear(ICPC, "icpc_icpc_date"),
  },
  {
    code: "8930",
    source: "DfE CIN",
    message: "Child Protection Plan End Date must fall within the census year",
    severity: "warning",
    tables: [PLAN],
    check: outsideYear(PLAN, "cppl_cp_plan_end_date"),
  },
  {
    code: "8863Q",
    source: "DfE CIN",
    message: "An Assessment is shown as starting when there is another Assessment ongoing.",
    severity: "warning",
    tables: [ASMT],
    check: (ctx, emit) =>
      perChild(ctx, (c) =>
        ongoing(
          c.assessments,
          (a) => date(a, "cina_assessment_start_date"),
          (a) => date(a, "cina_assessment_auth_date"),
          (a, d) => emit(ASMT, a, "cina_assessment_start_date", d),
        ),
      ),
  },
  {
    code: "8890",
    source: "DfE CIN",
    message: "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
    severity: "warning",
    tables: [S47, ICPC],
    check: (ctx, emit) => {
      const icpcs = icpcDateByS47(ctx);
      perChild(ctx, (c) =>
        ongoing(
          c.s47s,
          (s) => date(s, "s47e_s47_start_date"),
          (s) =>
            icpcs.get(str(s, "s47e_s47_enquiry_id") ?? "") ??
            date(s, "s47e_s47_end_date") ??
            (flagged(s, "s47e_s47_nfa") ? date(s, "s47e_s47_start_date") : undefined),
          (s, d) => emit(S47, s, "s47e_s47_start_date", d),
        ),
      );
    },
  },
];

/** Rows (sorted by start) that start while an earlier one is still going (no end, or an end on or after this start). */
function ongoing(
  list: Row[],
  start: (r: Row) => string | undefined,
  end: (r: Row) => string | undefined,
  emit: (r: Row, detail: string) => void,
): void {
  let latestEnd: string | undefined;
  let open: string | undefined;
  let prev: { s: string; e?: string } | undefined;
  for (const r of list) {
    const s = start(r);
    if (s === undefined) continue;
    const e = end(r);
    const duplicate = prev !== undefined && prev.s === s && prev.e === e;
    if (!duplicate && open !== undefined) emit(r, `starts ${s} while one started ${open} is still open`);
    else if (!duplicate && latestEnd !== undefined && s <= latestEnd)
      emit(r, `starts ${s} while an earlier one runs until ${latestEnd}`);
    if (e === undefined) open ??= s;
    else if (latestEnd === undefined || e > latestEnd) latestEnd = e;
    prev = { s, e };
  }
}

function afterDeath(table: string, list: "plans", column: string): Rule["check"] {
  return (ctx: Context, emit: Emit) =>
    perChild(ctx, (c) => {
      const death = person(c) && date(person(c)!, "pers_death_date");
      if (!death) return;
      for (const r of c[list]) {
        const d = date(r, column);
        if (d !== undefined && d > death) emit(table, r, column, `${d}; died ${death}`);
      }
    });
}
