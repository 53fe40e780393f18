/**
 * This product's own checks (codes PRD-…), for contradictions the DfE rules
 * leave out or only check in one return's shape.
 *
 * Why: an indicator excludes a record whose dates contradict each other, and
 * the analyst must be told which one and why; these rules say it for every
 * canonical table, whatever file the row came from. Where a DfE rule already
 * questions the same value (CIN 8630, 8608, 8925; 903 356, 567, 302, 501,
 * 586; CIN 8555Q, 8606, 8915, 8841), it is left to that rule so a value is
 * reported once.
 */
import { addDays } from "../../../calendar/dates.ts";
import type { Row } from "../../../db/database.ts";
import { TABLES, tableSpec } from "../../../model/tables.ts";
import { sourceOf } from "../../source.ts";
import { type Child, type Context, date, person, type Rule, str } from "../context.ts";

/** Start/end pairs no DfE rule here checks. */
const PAIRS: [table: string, start: string, end: string][] = [
  ["ssd_s47_enquiry", "s47e_s47_start_date", "s47e_s47_end_date"],
  ["ssd_cla_placement", "clap_cla_placement_start_date", "clap_cla_placement_end_date"],
  ["ssd_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date"],
  ["ssd_immigration_status", "immi_immigration_status_start_date", "immi_immigration_status_end_date"],
  ["ssd_involvements", "invo_involvement_start_date", "invo_involvement_end_date"],
  ["ssd_permanence", "perm_placed_for_adoption_date", "perm_decision_reversed_date"],
];

/** Start/end pairs a DfE rule checks (listed so the tests can show every pair is covered). */
export const PAIRS_COVERED_BY_DFE: [table: string, start: string, end: string, rule: string][] = [
  ["ssd_cin_episodes", "cine_referral_date", "cine_close_date", "8630"],
  ["ssd_cin_assessments", "cina_assessment_start_date", "cina_assessment_auth_date", "8608"],
  ["ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "8925"],
  ["ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", "356"],
  ["ssd_missing", "miss_missing_episode_start_date", "miss_missing_episode_end_date", "567"],
];

export const END_BEFORE_START_PAIRS = PAIRS;

/**
 * Dates that may rightly lie ahead: expected births, targets and due dates, and the end of UASC status,
 * which DfE's SSDA903 records in advance as the 18th birthday while the status goes on (DUC; rule 205B).
 */
const FUTURE_OK = new Set([
  "pers_expected_dob",
  "immi_immigration_status_end_date",
  "icpc_icpc_target_date",
  "cppr_cp_review_due",
  "clar_cla_review_due_date",
]);

type ListName = keyof Omit<Child, "id" | "persons" | "episodes">;

/** Looked-after records: none can begin before the child is born. */
const CARE_EVENTS: [table: string, list: ListName | "episodes", column: string][] = [
  ["ssd_cla_placement", "placements", "clap_cla_placement_start_date"],
  ["ssd_legal_status", "legal", "lega_legal_status_start_date"],
  ["ssd_cla_reviews", "claReviews", "clar_cla_review_date"],
];

/** Children's social care work that may start before birth (pre-birth assessments and plans), but not by much. */
const CIN_EVENTS: [table: string, list: ListName, column: string][] = [
  ["ssd_cin_assessments", "assessments", "cina_assessment_start_date"],
  ["ssd_s47_enquiry", "s47s", "s47e_s47_start_date"],
  ["ssd_initial_cp_conference", "icpcs", "icpc_icpc_date"],
  ["ssd_cp_plans", "plans", "cppl_cp_plan_start_date"],
];

/** Events that start something: after a child's death each is suspicious (closures on or after death are normal). */
const STARTS_AFTER_DEATH: [table: string, list: ListName, column: string][] = [
  ["ssd_cin_assessments", "assessments", "cina_assessment_start_date"],
  ["ssd_s47_enquiry", "s47s", "s47e_s47_start_date"],
  ["ssd_initial_cp_conference", "icpcs", "icpc_icpc_date"],
  ["ssd_cp_reviews", "cpReviews", "cppr_cp_review_date"],
  ["ssd_cla_placement", "placements", "clap_cla_placement_start_date"],
  ["ssd_legal_status", "legal", "lega_legal_status_start_date"],
  ["ssd_missing", "missing", "miss_missing_episode_start_date"],
  ["ssd_cla_reviews", "claReviews", "clar_cla_review_date"],
];

function perChild(ctx: Context, f: (c: Child) => void): void {
  for (const c of ctx.children.values()) f(c);
}

const dateOf = (c: Child, column: string) => {
  const p = person(c);
  return p ? date(p, column) : undefined;
};

function where(row: Row): string {
  const s = sourceOf(row);
  if (!s) return "an earlier row";
  const at = s.row !== undefined ? ` row ${s.row}` : s.line !== undefined ? ` line ${s.line}` : "";
  return `${s.file}${s.sheet ? ` sheet "${s.sheet}"` : ""}${at}`;
}

/** This product's own checks. */
export const PRODUCT_RULES: Rule[] = [
  {
    code: "PRD-END-BEFORE-START",
    source: "product",
    message: "The record ends before it starts: it is left out of the indicators",
    severity: "error",
    tables: PAIRS.map(([t]) => t),
    check: (ctx, emit) => {
      for (const [table, start, end] of PAIRS)
        for (const r of ctx.rows[table] ?? []) {
          const s = date(r, start);
          const e = date(r, end);
          if (s !== undefined && e !== undefined && e < s) emit(table, r, end, `ends ${e}, starts ${s}`);
        }
    },
  },
  {
    code: "PRD-BEFORE-BIRTH",
    source: "product",
    message: "A looked-after record starts before the child was born",
    severity: "error",
    tables: ["ssd_person", ...CARE_EVENTS.map(([t]) => t)],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const birth = dateOf(c, "pers_dob");
        if (!birth) return;
        for (const [table, list, column] of CARE_EVENTS)
          for (const r of c[list] as Row[]) {
            const d = date(r, column);
            if (d !== undefined && d < birth) emit(table, r, column, `${d}; born ${birth}`);
          }
      }),
  },
  {
    code: "PRD-PREBIRTH-WORK",
    source: "product",
    message: "Work with the child is dated more than 40 weeks before the child was born",
    severity: "warning",
    tables: ["ssd_person", ...CIN_EVENTS.map(([t]) => t)],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const birth = dateOf(c, "pers_dob");
        if (!birth) return;
        const limit = addDays(birth, -280);
        for (const [table, list, column] of CIN_EVENTS)
          for (const r of c[list] as Row[]) {
            const d = date(r, column);
            if (d !== undefined && d < limit) emit(table, r, column, `${d}; born ${birth}`);
          }
      }),
  },
  {
    code: "PRD-AFTER-DEATH",
    source: "product",
    message: "An event is dated after the child's recorded date of death",
    severity: "warning",
    tables: ["ssd_person", ...STARTS_AFTER_DEATH.map(([t]) => t)],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const death = dateOf(c, "pers_death_date");
        if (!death) return;
        for (const e of c.episodes)
          if (e.start > death)
            emit("ssd_cla_episodes", e.row, "clae_cla_episode_start_date", `${e.start}; died ${death}`);
        for (const [table, list, column] of STARTS_AFTER_DEATH)
          for (const r of c[list] as Row[]) {
            const d = date(r, column);
            if (d !== undefined && d > death) emit(table, r, column, `${d}; died ${death}`);
          }
      }),
  },
  {
    code: "PRD-FUTURE-DATE",
    source: "product",
    message: "The date is in the future",
    severity: "warning",
    tables: TABLES.map((t) => t.name),
    check: (ctx, emit) => {
      for (const [table, list] of Object.entries(ctx.rows)) {
        const columns = tableSpec(table)?.columns.filter((c) => c.type === "DATE" && !FUTURE_OK.has(c.name));
        if (!columns || columns.length === 0) continue;
        for (const r of list)
          for (const { name } of columns) {
            const d = date(r, name);
            if (d !== undefined && d > ctx.today) emit(table, r, name, `${d} is after today (${ctx.today})`);
          }
      }
    },
  },
  {
    code: "PRD-CARE-OVERLAP",
    source: "product",
    message:
      "Two placements or legal statuses of the same child overlap (episodes are checked by DfE 501 and 142)",
    severity: "warning",
    tables: ["ssd_cla_placement", "ssd_legal_status"],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const lists: [string, Row[], string, string][] = [
          ["ssd_cla_placement", c.placements, "clap_cla_placement_start_date", "clap_cla_placement_end_date"],
          ["ssd_legal_status", c.legal, "lega_legal_status_start_date", "lega_legal_status_end_date"],
        ];
        for (const [table, list, start, end] of lists) {
          let prev: { s: string; e?: string } | undefined;
          for (const r of list) {
            const s = date(r, start);
            if (s === undefined) continue;
            const e = date(r, end);
            if (prev && (prev.e === undefined || s < prev.e))
              emit(
                table,
                r,
                start,
                `starts ${s}; the one before (from ${prev.s}) ${prev.e ? `ends ${prev.e}` : "is open"}`,
              );
            // Keep the record reaching furthest: an open one covers everything after it.
            if (!prev || (prev.e !== undefined && (e === undefined || e > prev.e))) prev = { s, e };
          }
        }
      }),
  },
  {
    code: "PRD-ICPC-BEFORE-S47",
    source: "product",
    message:
      "An initial child protection conference is held before any section 47 enquiry into the child had started",
    severity: "warning",
    tables: ["ssd_initial_cp_conference", "ssd_s47_enquiry"],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        for (const r of c.icpcs) {
          const d = date(r, "icpc_icpc_date");
          if (d === undefined || str(r, "icpc_icpc_transfer_in")?.toUpperCase() === "Y") continue;
          const linked = ctx.s47ById.get(str(r, "icpc_s47_enquiry_id") ?? "");
          if (linked && date(linked, "s47e_s47_start_date") !== undefined) continue; // CIN 8615 checks the order
          const first = c.s47s.length > 0 ? date(c.s47s[0]!, "s47e_s47_start_date") : undefined;
          if (first === undefined || first > d)
            emit(
              "ssd_initial_cp_conference",
              r,
              "icpc_icpc_date",
              first ? `ICPC ${d}; the first S47 starts ${first}` : `ICPC ${d}; no S47 enquiry is recorded`,
            );
        }
      }),
  },
  {
    code: "PRD-REVIEW-BEFORE-PLAN",
    source: "product",
    message: "A looked-after review is dated before the period of care it belongs to began",
    severity: "error",
    tables: ["ssd_cla_reviews", "ssd_cla_episodes"],
    check: (ctx, emit) => {
      for (const r of ctx.rows.ssd_cla_reviews ?? []) {
        const d = date(r, "clar_cla_review_date");
        const start = ctx.periods.get(str(r, "clar_cla_id") ?? "")?.start;
        if (d !== undefined && start !== undefined && d < start)
          emit("ssd_cla_reviews", r, "clar_cla_review_date", `review ${d}; care began ${start}`);
      }
    },
  },
  {
    code: "PRD-REVIEW-AFTER-PLAN",
    source: "product",
    message: "A child protection review is dated after its plan ended",
    severity: "warning",
    tables: ["ssd_cp_reviews", "ssd_cp_plans"],
    check: (ctx, emit) => {
      for (const r of ctx.rows.ssd_cp_reviews ?? []) {
        const d = date(r, "cppr_cp_review_date");
        const plan = ctx.planById.get(str(r, "cppr_cp_plan_id") ?? "");
        const end = plan ? date(plan, "cppl_cp_plan_end_date") : undefined;
        if (d !== undefined && end !== undefined && d > end)
          emit("ssd_cp_reviews", r, "cppr_cp_review_date", `review ${d}; the plan ended ${end}`);
      }
    },
  },
  {
    code: "PRD-DUPLICATE-ID",
    source: "product",
    message: "Another record has the same id but different content: only one can be kept",
    severity: "error",
    tables: TABLES.map((t) => t.name),
    check: (ctx, emit) => {
      for (const [table, list] of Object.entries(ctx.rows)) {
        const spec = tableSpec(table);
        if (!spec) continue;
        const columns = spec.columns.map((c) => c.name);
        // By council, then id: no key string is made per row.
        const seenByLa = new Map<string, Map<string, Row>>();
        for (const r of list) {
          const id = str(r, spec.key);
          if (id === undefined) continue;
          const la = str(r, "la_code") ?? "";
          let seen = seenByLa.get(la);
          if (!seen) {
            seen = new Map();
            seenByLa.set(la, seen);
          }
          const first = seen.get(id);
          if (!first) {
            seen.set(id, r);
            continue;
          }
          const diff = columns.filter((c) => (r[c] ?? null) !== (first[c] ?? null));
          if (diff.length > 0)
            emit(table, r, spec.key, `${id} is also at ${where(first)}; they differ in ${diff.join(", ")}`);
        }
      }
    },
  },
];
