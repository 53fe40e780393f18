/**
 * The checks of DfE's CIN census validation rules, on the canonical rows.
 *
 * Why on canonical rows: the same conditions then question CIN records that
 * arrived through Annex A or SSD tables too. Codes, messages, fields and
 * years come from cinSpec.ts (DfE's list); the rules on elements only the
 * census file holds (UPN, CIN plans, factors) are in cinFile.ts. Every code
 * of DfE's 2022/23–2025/26 list has a check (a test holds them together).
 * `severity` here is what the import does with the record (error: left
 * out); DfE's own severity follows the code (Q: query).
 */
import { addDays, addMonths, dayOfWeek } from "../../../calendar/dates.ts";
import { isWorkingDay } from "../../../calendar/workingDays.ts";
import type { Row } from "../../../db/database.ts";
import {
  ABUSE_CATEGORIES,
  CIN_CLOSURE_REASONS,
  ETHNICITY,
  PRIMARY_NEED,
  REFERRAL_SOURCES,
  SEX,
} from "../../../model/codes.ts";
import { DISABILITIES } from "../../cin/codes.ts";
import {
  addYears,
  type Context,
  date,
  type Emit,
  earlier,
  person,
  type Rule,
  sourceFormat,
  str,
  wholeReturn,
} from "../context.ts";
import { CIN_FILE_CHECKS } from "./cinFile.ts";
import { CIN_SPEC } from "./cinSpec.ts";
import { type Check, type NotEvaluated, rulesFromSpec } from "./spec.ts";

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

/** The checks of DfE's CIN rules, by code; message, fields and years come from CIN_SPEC. */
const CIN_CHECKS: Check[] = [
  {
    code: "8500",
    severity: "error",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of rows(ctx, PERSON))
        if (str(r, "pers_person_id") === undefined) emit(PERSON, r, "pers_person_id");
    },
  },
  {
    code: "8510",
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
    severity: "error",
    tables: [PERSON],
    check: dateRule(PERSON, "pers_death_date", (v, r) => {
      const dob = date(r, "pers_dob");
      return dob !== undefined && v < dob && `died ${v}, born ${dob}`;
    }),
  },
  {
    code: "8555Q",
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
    severity: "error",
    tables: [ASMT],
    check: endBeforeStart(ASMT, "cina_assessment_start_date", "cina_assessment_auth_date"),
  },
  {
    code: "1103",
    severity: "warning",
    tables: [ASMT, REF],
    check: beforeReferral(ASMT, "cina_referral_id", "cina_assessment_start_date"),
  },
  {
    code: "1104",
    severity: "warning",
    tables: [ICPC, REF],
    check: beforeReferral(ICPC, "icpc_referral_id", "icpc_icpc_date"),
  },
  {
    code: "1105",
    severity: "warning",
    tables: [PLAN, REF],
    check: beforeReferral(PLAN, "cppl_referral_id", "cppl_cp_plan_start_date"),
  },
  {
    code: "2889",
    severity: "warning",
    tables: [S47, REF],
    check: beforeReferral(S47, "s47e_referral_id", "s47e_s47_start_date"),
  },
  {
    code: "8615",
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
    severity: "error",
    tables: [REF],
    check: endBeforeStart(REF, "cine_referral_date", "cine_close_date"),
  },
  {
    code: "8925",
    severity: "error",
    tables: [PLAN],
    check: endBeforeStart(PLAN, "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
  },
  {
    code: "8840",
    severity: "warning",
    tables: [PLAN],
    check: endBeforeStart(PLAN, "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", true),
  },
  {
    code: "8841",
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
    severity: "warning",
    tables: [REF],
    check: codeRule(REF, "cine_cin_primary_need_code", NEEDS),
  },
  {
    code: "8610",
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
    severity: "warning",
    tables: [REF],
    check: codeRule(REF, "cine_close_reason", CLOSURES),
  },
  {
    code: "8866",
    severity: "warning",
    tables: [REF],
    check: codeRule(REF, "cine_referral_source_code", SOURCES, fromCin(REF)),
  },
  {
    code: "8905",
    severity: "warning",
    tables: [PLAN],
    check: codeRule(PLAN, "cppl_cp_plan_initial_category", ABUSE, fromCin(PLAN)),
  },
  {
    code: "8910",
    severity: "warning",
    tables: [PLAN],
    check: codeRule(PLAN, "cppl_cp_plan_latest_category", ABUSE, fromCin(PLAN)),
  },
  {
    code: "4220",
    severity: "warning",
    tables: [PERSON],
    check: codeRule(PERSON, "pers_ethnicity", ETHNICITIES, fromCin(PERSON), not903),
  },
  {
    code: "8915",
    severity: "warning",
    tables: [PLAN, PERSON],
    check: afterDeath(PLAN, "plans", "cppl_cp_plan_start_date"),
  },
  {
    code: "8920",
    severity: "warning",
    tables: [PLAN, PERSON],
    check: afterDeath(PLAN, "plans", "cppl_cp_plan_end_date"),
  },
  {
    code: "8585Q",
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
    severity: "warning",
    tables: [REF, ASMT, S47, ICPC],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF)) {
        if (!flagged(r, "cine_referral_nfa")) continue;
        const g = ctx.byReferral.get(str(r, "cine_referral_id") ?? "");
        const n = (g?.assessments.length ?? 0) + (g?.s47s.length ?? 0) + (g?.icpcs.length ?? 0);
        if (n > 0)
          emit(
            REF,
            r,
            "cine_referral_nfa",
            `${n} assessment(s), S47 enquiries or initial conferences recorded`,
          );
      }
    },
  },
  {
    code: "8832",
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
    severity: "warning",
    tables: [REF],
    check: outsideYear(REF, "cine_close_date"),
  },
  {
    code: "8696",
    severity: "warning",
    tables: [ASMT],
    check: outsideYear(ASMT, "cina_assessment_auth_date"),
  },
  {
    code: "8715",
    severity: "warning",
    tables: [ICPC],
    check: outsideYear(ICPC, "icpc_icpc_date"),
  },
  {
    code: "8930",
    severity: "warning",
    tables: [PLAN],
    check: outsideYear(PLAN, "cppl_cp_plan_end_date"),
  },
  {
    code: "8863Q",
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

/** The date `n` working days (England and Wales) before `iso`. */
export function workingDaysBefore(iso: string, n: number): string {
  let d = iso;
  for (let k = 0; k < n; ) {
    d = addDays(d, -1);
    if (isWorkingDay(d)) k++;
  }
  return d;
}

const inCensus = (ctx: Context, d: string) =>
  ctx.yearEnd !== undefined && d >= ctx.yearStart! && d <= ctx.yearEnd;

const cinPersonsOf = new WeakMap<Context, Row[]>();
const cinPersonSetOf = new WeakMap<Context, Set<Row>>();

/** The same persons, as a set. */
function isCinPerson(ctx: Context, r: Row): boolean {
  let set = cinPersonSetOf.get(ctx);
  if (!set) {
    set = new Set(cinPersons(ctx));
    cinPersonSetOf.set(ctx, set);
  }
  return set.has(r);
}

/** Persons read from a CIN census file (the fields these rules read exist only there), found once per validation. */
function cinPersons(ctx: Context): Row[] {
  let list = cinPersonsOf.get(ctx);
  if (!list) {
    list = rows(ctx, PERSON).filter(fromCin(PERSON));
    cinPersonsOf.set(ctx, list);
  }
  return list;
}

/** A child's disability codes as listed, repeats kept. */
const disabilities = (r: Row) => str(r, "pers_disability")?.toUpperCase().split(",") ?? [];

const DISABILITY_CODES = new Set<string>(DISABILITIES);

/** Further checks of DfE's CIN rules, on the canonical rows. */
const MORE_CHECKS: Check[] = [
  {
    code: "1570",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of cinPersons(ctx)) {
        const id = str(r, "pers_person_id");
        if (id !== undefined && id.length > 20) emit(PERSON, r, "pers_person_id", `${id.length} characters`);
      }
    },
  },
  {
    code: "1580",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of cinPersons(ctx)) {
        const id = str(r, "pers_person_id");
        if (id !== undefined && !/^[A-Za-z0-9]+$/.test(id)) emit(PERSON, r, "pers_person_id");
      }
    },
  },
  {
    code: "2883",
    severity: "warning",
    tables: [PLAN, ICPC],
    ...wholeReturn<{ plans: number; first?: Row; icpcs: number }>({
      start: () => ({ plans: 0, icpcs: 0 }),
      add: (s, ctx) => {
        if (ctx.yearEnd === undefined) return;
        for (const p of rows(ctx, PLAN)) {
          const d = date(p, "cppl_cp_plan_start_date");
          if (d === undefined || !inCensus(ctx, d)) continue;
          s.plans++;
          s.first = earlier(s.first, p);
        }
        for (const c of rows(ctx, ICPC)) {
          const d = date(c, "icpc_icpc_date");
          if (d !== undefined && inCensus(ctx, d)) s.icpcs++;
        }
      },
      finish: (s, emit) => {
        if (s.plans > s.icpcs)
          emit(
            PLAN,
            s.first!,
            "cppl_cp_plan_start_date",
            `${s.plans} plans started in the year, ${s.icpcs} initial conferences`,
          );
      },
    }),
  },
  {
    code: "2884",
    severity: "warning",
    tables: [ICPC],
    check: (ctx, emit) => {
      for (const g of ctx.byReferral.values()) {
        const own = g.icpcs.find((c) => str(c, "icpc_s47_enquiry_id") === undefined);
        if (own && g.icpcs.some((c) => str(c, "icpc_s47_enquiry_id") !== undefined))
          emit(ICPC, own, "icpc_icpc_date", "the referral also has a conference recorded on a Section 47");
      }
    },
  },
  {
    code: "2886Q",
    severity: "warning",
    tables: [PERSON],
    ...wholeReturn<{ persons: number; none: number; first?: Row }>({
      start: () => ({ persons: 0, none: 0 }),
      add: (s, ctx) => {
        for (const r of cinPersons(ctx)) {
          s.persons++;
          s.first = earlier(s.first, r);
          if ((str(r, "pers_sex") ?? "U").toUpperCase() === "U" && str(r, "pers_expected_dob") === undefined)
            s.none++;
        }
      },
      // DfE: (children with no sex recorded, unborn excluded) / all children > 0.02
      finish: ({ persons, none, first }, emit) => {
        if (persons > 0 && none / persons > 0.02)
          emit(
            PERSON,
            first!,
            "pers_sex",
            `${none} of ${persons} children (${((100 * none) / persons).toFixed(1)}%)`,
          );
      },
    }),
  },
  {
    code: "2887Q",
    severity: "warning",
    tables: [PERSON],
    ...wholeReturn<{ used: Set<string>; first?: Row }>({
      start: () => ({ used: new Set() }),
      add: (s, ctx) => {
        for (const r of cinPersons(ctx)) {
          s.first = earlier(s.first, r);
          for (const d of disabilities(r)) if (d !== "NONE") s.used.add(d);
        }
      },
      finish: ({ used, first }, emit) => {
        if (first && used.size < 8) emit(PERSON, first, "pers_disability", `${used.size} codes used`);
      },
    }),
  },
  {
    code: "2888Q",
    severity: "warning",
    tables: [PERSON],
    ...wholeReturn<{ withAny: number; withSeveral: number; first?: Row }>({
      start: () => ({ withAny: 0, withSeveral: 0 }),
      add: (s, ctx) => {
        for (const r of cinPersons(ctx)) {
          s.first = earlier(s.first, r);
          const n = disabilities(r).filter((d) => d !== "NONE").length;
          if (n > 0) s.withAny++;
          if (n > 1) s.withSeveral++;
        }
      },
      finish: ({ withAny, withSeveral, first }, emit) => {
        if (withAny > 0 && withSeveral === 0)
          emit(
            PERSON,
            first!,
            "pers_disability",
            `${withAny} children with a disability, each with one code`,
          );
      },
    }),
  },
  {
    code: "2990",
    severity: "warning",
    tables: [REF, S47, ICPC, PLAN],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF)) {
        const reason = str(r, "cine_close_reason")?.toUpperCase();
        if (reason !== "RC8" && reason !== "RC9") continue;
        const g = ctx.byReferral.get(str(r, "cine_referral_id") ?? "");
        const n = (g?.s47s.length ?? 0) + (g?.icpcs.length ?? 0) + (g?.plans.length ?? 0);
        if (n > 0)
          emit(REF, r, "cine_close_reason", `${reason}, with ${n} S47, conference or CP plan record(s)`);
      }
    },
  },
  {
    code: "2991Q",
    severity: "warning",
    tables: [REF, S47, ASMT],
    check: (ctx, emit) => {
      for (const g of ctx.byReferral.values())
        if (g.s47s.length > 0 && g.assessments.length === 0)
          emit(S47, g.s47s[0]!, "s47e_s47_start_date", "no assessment on this referral");
    },
  },
  {
    code: "4180",
    severity: "warning",
    tables: [PERSON],
    check: codeRule(PERSON, "pers_sex", SEXES, fromCin(PERSON), not903),
  },
  {
    code: "8530Q",
    severity: "warning",
    tables: [PERSON],
    check: dateRule(PERSON, "pers_expected_dob", (v, r, ctx) => {
      if (ctx.yearEnd === undefined || !fromCin(PERSON)(r)) return false;
      // DfE: between ReferenceDate − 30 days and ReferenceDate + 9 months
      const lo = addDays(ctx.yearEnd, -30);
      const hi = addMonths(ctx.yearEnd, 9);
      return (v < lo || v > hi) && `${v} is outside ${lo} – ${hi}`;
    }),
  },
  {
    code: "8540",
    severity: "warning",
    tables: [PERSON, REF],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const p = person(c);
        if (!p || !isCinPerson(ctx, p) || str(p, "pers_dob") === undefined) return;
        if (!c.referrals.some((r) => str(r, "cine_referral_nfa")?.toUpperCase() === "N")) return;
        const codes = disabilities(p);
        const bad = codes.find((d) => !DISABILITY_CODES.has(d));
        if (codes.length === 0) emit(PERSON, p, "pers_disability", "missing");
        else if (bad !== undefined) emit(PERSON, p, "pers_disability", `${bad} is not on the list`);
      }),
  },
  {
    code: "8545Q",
    severity: "warning",
    tables: [PERSON],
    check: dateRule(
      PERSON,
      "pers_death_date",
      (v, r, ctx) =>
        not903(r) &&
        ctx.yearEnd !== undefined &&
        !inCensus(ctx, v) &&
        `${v} is outside ${ctx.yearStart} – ${ctx.yearEnd}`,
    ),
  },
  {
    code: "8568",
    severity: "warning",
    tables: [REF],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF))
        if (fromCin(REF)(r) && !["Y", "N"].includes(str(r, "cine_referral_nfa")?.toUpperCase() ?? ""))
          emit(REF, r, "cine_referral_nfa", "missing or not true/false");
    },
  },
  {
    code: "8569Q",
    severity: "warning",
    tables: [REF],
    check: (ctx, emit) => {
      if (ctx.yearStart === undefined) return;
      const cutoff = workingDaysBefore(ctx.yearStart, 1);
      for (const r of rows(ctx, REF)) {
        const d = date(r, "cine_referral_date");
        if (d !== undefined && d < cutoff && flagged(r, "cine_referral_nfa"))
          emit(REF, r, "cine_referral_nfa", `referred ${d}, before ${cutoff}`);
      }
    },
  },
  {
    code: "8590",
    severity: "warning",
    tables: [PERSON, REF],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const p = person(c);
        if (p && c.referrals.length === 0 && isCinPerson(ctx, p)) emit(PERSON, p, "pers_person_id");
      }),
  },
  {
    code: "8670Q",
    severity: "warning",
    tables: [ASMT],
    check: (ctx, emit) => {
      if (ctx.yearEnd === undefined) return;
      const cutoff = workingDaysBefore(ctx.yearEnd, 45);
      for (const a of rows(ctx, ASMT)) {
        const d = date(a, "cina_assessment_start_date");
        if (d !== undefined && d < cutoff && str(a, "cina_assessment_auth_date") === undefined)
          emit(ASMT, a, "cina_assessment_start_date", `started ${d}, before ${cutoff}, not authorised`);
      }
    },
  },
  {
    code: "8675Q",
    severity: "warning",
    tables: [S47, ICPC],
    check: (ctx, emit) => {
      if (ctx.yearEnd === undefined) return;
      const cutoff = workingDaysBefore(ctx.yearEnd, 15);
      const icpcs = icpcDateByS47(ctx);
      for (const s of rows(ctx, S47)) {
        const d = date(s, "s47e_s47_start_date");
        if (d === undefined || d >= cutoff || icpcs.has(str(s, "s47e_s47_enquiry_id") ?? "")) continue;
        if (str(s, "s47e_s47_nfa")?.toUpperCase() === "N")
          emit(S47, s, "s47e_s47_start_date", `started ${d}, before ${cutoff}, no conference`);
      }
    },
  },
  {
    code: "8730",
    severity: "warning",
    tables: [PLAN],
    check: (ctx, emit) => {
      for (const p of rows(ctx, PLAN)) {
        if (!fromCin(PLAN)(p)) continue;
        const n = p.cppl_number_of_previous_cpp;
        if (n === null || n === undefined || n === "" || !(Number(n) >= 0))
          emit(PLAN, p, "cppl_number_of_previous_cpp");
      }
    },
  },
  {
    code: "8736",
    severity: "warning",
    tables: [ASMT],
    check: (ctx, emit) => {
      for (const a of rows(ctx, ASMT)) {
        const d = date(a, "cina_assessment_start_date");
        if (
          d !== undefined &&
          str(a, "cina_assessment_auth_date") === undefined &&
          ctx.yearEnd !== undefined &&
          !inCensus(ctx, d)
        )
          emit(ASMT, a, "cina_assessment_start_date", `${d} is outside ${ctx.yearStart} – ${ctx.yearEnd}`);
      }
    },
  },
  {
    code: "8740",
    severity: "warning",
    tables: [S47, ICPC],
    check: (ctx, emit) => {
      if (ctx.yearEnd === undefined) return;
      const icpcs = icpcDateByS47(ctx);
      for (const s of rows(ctx, S47)) {
        const d = date(s, "s47e_s47_start_date");
        if (d === undefined || inCensus(ctx, d) || icpcs.has(str(s, "s47e_s47_enquiry_id") ?? "")) continue;
        if (str(s, "s47e_s47_nfa")?.toUpperCase() === "N")
          emit(S47, s, "s47e_s47_start_date", `${d} is outside ${ctx.yearStart} – ${ctx.yearEnd}`);
      }
    },
  },
  {
    code: "8750",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of cinPersons(ctx))
        if (
          str(r, "pers_expected_dob") !== undefined &&
          str(r, "pers_dob") === undefined &&
          (str(r, "pers_sex") ?? "U").toUpperCase() !== "U"
        )
          emit(PERSON, r, "pers_sex", "an unborn child");
    },
  },
  {
    code: "8772",
    severity: "warning",
    tables: [PERSON, REF],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const p = person(c);
        if (!p || str(p, "pers_upn_unknown")?.toUpperCase() !== "UN7") return;
        if (c.referrals.some((r) => !flagged(r, "cine_referral_nfa"))) emit(PERSON, p, "pers_upn_unknown");
      }),
  },
  {
    code: "8775Q",
    severity: "warning",
    tables: [PERSON, REF],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        if (c.referrals.length === 0) return;
        const p = person(c);
        const dob = p && date(p, "pers_dob");
        if (!dob || !p || ctx.yearEnd === undefined || !not903(p) || dob >= addYears(ctx.yearEnd, -25))
          return;
        const at25 = addYears(dob, 25);
        for (const r of c.referrals) {
          const close = date(r, "cine_close_date");
          if (close === undefined || close > at25) {
            emit(PERSON, p, "pers_dob", `born ${dob}`);
            return;
          }
        }
      }),
  },
  {
    code: "8790",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of cinPersons(ctx)) {
        const d = disabilities(r);
        if (d.length > 1 && d.includes("NONE")) emit(PERSON, r, "pers_disability");
      }
    },
  },
  {
    code: "8794",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of cinPersons(ctx)) {
        const d = disabilities(r);
        const twice = d.find((x, k) => d.indexOf(x) !== k);
        if (twice !== undefined) emit(PERSON, r, "pers_disability", `${twice} is listed more than once`);
      }
    },
  },
  {
    code: "8816",
    severity: "warning",
    tables: [REF],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        if (c.referrals.length < 2) return;
        const latest = c.referrals.reduce<string>((m, r) => {
          const d = date(r, "cine_referral_date");
          return d !== undefined && d > m ? d : m;
        }, "");
        for (const r of c.referrals) {
          const d = date(r, "cine_referral_date");
          if (
            d !== undefined &&
            d < latest &&
            str(r, "cine_close_date") === undefined &&
            str(r, "cine_referral_nfa")?.toUpperCase() === "N"
          )
            emit(REF, r, "cine_referral_date", `${d}; the latest referral is dated ${latest}`);
        }
      }),
  },
  {
    code: "8825Q",
    severity: "warning",
    tables: [REF, ASMT],
    check: (ctx, emit) => {
      for (const r of rows(ctx, REF)) {
        const reason = str(r, "cine_close_reason")?.toUpperCase();
        if (
          (reason === "RC8" || reason === "RC9") &&
          !ctx.byReferral.get(str(r, "cine_referral_id") ?? "")?.assessments.length
        )
          emit(REF, r, "cine_close_reason", reason);
      }
    },
  },
  {
    code: "8839",
    severity: "warning",
    tables: [S47, ICPC],
    check: (ctx, emit) => {
      const icpcs = icpcDateByS47(ctx);
      for (const g of ctx.byReferral.values()) {
        const open = g.s47s.filter(
          (s) => !icpcs.has(str(s, "s47e_s47_enquiry_id") ?? "") && !flagged(s, "s47e_s47_nfa"),
        );
        if (open.length > 1)
          for (const s of open)
            emit(S47, s, "s47e_s47_start_date", `${open.length} open S47s on one referral`);
      }
    },
  },
  {
    code: "8870Q",
    severity: "warning",
    tables: [ICPC],
    check: dateRule(ICPC, "icpc_icpc_target_date", (v) => weekend(v) && `${v} is a ${weekend(v)}`),
  },
  {
    code: "8875",
    severity: "warning",
    tables: [ICPC],
    check: dateRule(ICPC, "icpc_icpc_date", (v) => weekend(v) && `${v} is a ${weekend(v)}`),
  },
  {
    code: "8896",
    severity: "warning",
    tables: [ASMT],
    check: (ctx, emit) => {
      for (const g of ctx.byReferral.values()) {
        const open = g.assessments.filter((a) => str(a, "cina_assessment_auth_date") === undefined);
        if (open.length > 1)
          for (const a of open)
            emit(ASMT, a, "cina_assessment_auth_date", `${open.length} open assessments on one referral`);
      }
    },
  },
];

function weekend(iso: string): string | false {
  const d = dayOfWeek(iso);
  return d === 6 ? "Saturday" : d === 0 ? "Sunday" : false;
}

/** DfE's CIN rules checked here, in DfE's code order, each with DfE's wording for the collection year. */
export const CIN_RULES: Rule[] = rulesFromSpec("DfE CIN", CIN_SPEC, [
  ...CIN_CHECKS,
  ...MORE_CHECKS,
  ...CIN_FILE_CHECKS,
]);

/** DfE's CIN rules not checked here, and why: none (every code of CIN_SPEC has a check). */
export const CIN_NOT_EVALUATED: NotEvaluated[] = [];
