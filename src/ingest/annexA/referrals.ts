/**
 * The front door and child protection lists into canonical rows: contacts
 * (list 1), referrals (lists 3 and 6 together), assessments (4), S47
 * enquiries with their strategy discussions and ICPCs (5) and CP plans (7),
 * each linked to the latest referral or conference on or before its date.
 */
import type { Row } from "../../db/database.ts";
import type { ReadContext } from "./context.ts";

/** List 1: one contact row per record. */
export function contacts(ctx: ReadContext): void {
  for (const rec of ctx.records.get(1) ?? []) {
    const date = rec.v.contactDate as string;
    ctx.push("ssd_contacts", rec, {
      cont_contact_id: ctx.id(`${rec.childId}/CONTACT/${date}`),
      cont_person_id: rec.childId,
      cont_contact_date: date,
      cont_contact_source_code: rec.v.contactSource ?? null,
      cont_contact_source_desc: rec.raw.contactSource ?? null,
    });
  }
}

/** Lists 3 and 6 as referrals (one per child and referral date); returns each child's referrals by date. */
export function buildReferrals(ctx: ReadContext): Map<string, { date: string; id: string }[]> {
  const byKey = new Map<string, Row>();
  for (const rec of ctx.records.get(3) ?? []) {
    const date = rec.v.referralDate as string;
    const key = `${rec.childId}|${date}`;
    if (byKey.has(key)) {
      ctx.issue(
        "warning",
        "ANNEXA_DUPLICATE",
        `child ${rec.childId} has a second List 3 referral on ${date}: it was read as the same referral`,
        rec.sheet,
        rec.row,
        "Date of Referral",
        date,
      );
      continue;
    }
    const row = ctx.at(rec, {
      cine_referral_id: `${rec.childId}/REF/${date}`,
      cine_person_id: rec.childId,
      cine_referral_date: date,
      cine_cin_primary_need_code: null,
      cine_referral_source_code: rec.v.referralSource ?? null,
      cine_referral_source_desc: rec.raw.referralSource ?? null,
      cine_referral_nfa: rec.v.referralNfa ?? null,
      cine_close_reason: null,
      cine_close_date: null,
      cine_referral_team: rec.v.team ?? null,
      cine_referral_worker_id: rec.v.worker ?? null,
    });
    byKey.set(key, row);
    ctx.rows.ssd_cin_episodes.push(row);
  }
  for (const rec of ctx.records.get(6) ?? []) {
    const date = rec.v.cinStart as string;
    const key = `${rec.childId}|${date}`;
    let row = byKey.get(key);
    if (!row) {
      row = ctx.at(rec, {
        cine_referral_id: `${rec.childId}/REF/${date}`,
        cine_person_id: rec.childId,
        cine_referral_date: date,
        cine_referral_source_code: null,
        cine_referral_nfa: null,
      });
      byKey.set(key, row);
      ctx.rows.ssd_cin_episodes.push(row);
    }
    row.cine_cin_primary_need_code = rec.v.primaryNeed ?? null;
    row.cine_close_date = rec.v.cinClose ?? null;
    row.cine_close_reason = rec.v.closeReason ?? null;
    row.cine_referral_team ??= rec.v.team ?? null;
    row.cine_referral_worker_id ??= rec.v.worker ?? null;
  }
  const byChild = new Map<string, { date: string; id: string }[]>();
  for (const row of byKey.values()) {
    const child = row.cine_person_id as string;
    const list = byChild.get(child) ?? [];
    list.push({ date: row.cine_referral_date as string, id: row.cine_referral_id as string });
    byChild.set(child, list);
  }
  for (const list of byChild.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  return byChild;
}

/** List 4: assessments, each linked to the child's latest referral on or before its start. */
export function assessments(ctx: ReadContext, referrals: Map<string, { date: string; id: string }[]>): void {
  for (const rec of ctx.records.get(4) ?? []) {
    const start = rec.v.asmtStart as string;
    const outcome = rec.v.asmtOutcome;
    ctx.push("ssd_cin_assessments", rec, {
      cina_assessment_id: ctx.id(`${rec.childId}/ASMT/${start}`),
      cina_person_id: rec.childId,
      cina_referral_id: latestOnOrBefore(referrals.get(rec.childId), start),
      cina_assessment_start_date: start,
      cina_assessment_child_seen: rec.v.childSeen ?? null,
      cina_assessment_auth_date: rec.v.asmtAuth ?? null,
      cina_assessment_outcome_nfa: outcome === "Y" ? "N" : outcome === "N" ? "Y" : null,
      cina_assessment_team: rec.v.team ?? null,
      cina_assessment_worker_id: rec.v.worker ?? null,
    });
  }
}

/** List 5; returns each child's ICPCs by date. */
export function s47s(
  ctx: ReadContext,
  referrals: Map<string, { date: string; id: string }[]>,
): Map<string, { date: string; id: string }[]> {
  const icpcs = new Map<string, { date: string; id: string }[]>();
  for (const rec of ctx.records.get(5) ?? []) {
    const date = rec.v.stratDate as string;
    const s47Id = ctx.id(`${rec.childId}/S47/${date}`);
    const referralId = latestOnOrBefore(referrals.get(rec.childId), date);
    ctx.push("ssdx_strategy_discussions", rec, {
      strd_strategy_discussion_id: s47Id.replace("/S47/", "/STRAT/"),
      strd_person_id: rec.childId,
      strd_referral_id: referralId,
      strd_strategy_discussion_date: date,
      strd_s47_enquiry_id: s47Id,
      strd_outcome: "S47",
    });
    ctx.push("ssd_s47_enquiry", rec, {
      s47e_s47_enquiry_id: s47Id,
      s47e_referral_id: referralId,
      s47e_person_id: rec.childId,
      s47e_s47_start_date: date,
      s47e_s47_nfa: rec.v.icpcUnnecessary ?? null,
      s47e_s47_completed_by_worker_id: rec.v.worker ?? null,
      s47e_s47_completed_by_team: rec.v.team ?? null,
    });
    const icpcDate = rec.v.icpcDate;
    if (typeof icpcDate === "string") {
      const icpcId = s47Id.replace("/S47/", "/ICPC/");
      ctx.push("ssd_initial_cp_conference", rec, {
        icpc_icpc_id: icpcId,
        icpc_s47_enquiry_id: s47Id,
        icpc_person_id: rec.childId,
        icpc_referral_id: referralId,
        icpc_icpc_date: icpcDate,
        icpc_icpc_outcome_cp_flag: rec.v.icpcPlan ?? null,
        icpc_icpc_team: rec.v.team ?? null,
        icpc_icpc_worker_id: rec.v.worker ?? null,
      });
      const list = icpcs.get(rec.childId) ?? [];
      list.push({ date: icpcDate, id: icpcId });
      icpcs.set(rec.childId, list);
    }
  }
  for (const list of icpcs.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  return icpcs;
}

/** List 7: CP plans linked to the latest referral and ICPC, with their latest visit and review. */
export function plans(
  ctx: ReadContext,
  referrals: Map<string, { date: string; id: string }[]>,
  icpcs: Map<string, { date: string; id: string }[]>,
): void {
  for (const rec of ctx.records.get(7) ?? []) {
    const start = rec.v.cppStart as string;
    const planId = ctx.id(`${rec.childId}/CPP/${start}`);
    const previous = rec.v.previousPlans;
    ctx.push("ssd_cp_plans", rec, {
      cppl_cp_plan_id: planId,
      cppl_referral_id: latestOnOrBefore(referrals.get(rec.childId), start),
      cppl_icpc_id: latestOnOrBefore(icpcs.get(rec.childId), start),
      cppl_person_id: rec.childId,
      cppl_cp_plan_start_date: start,
      cppl_cp_plan_end_date: rec.v.cppEnd ?? null,
      cppl_cp_plan_initial_category: rec.v.initialCategory ?? null,
      cppl_cp_plan_latest_category: rec.v.latestCategory ?? null,
      cppl_number_of_previous_cpp:
        typeof previous === "number" && Number.isInteger(previous) && previous >= 0 ? previous : null,
    });
    if (typeof rec.v.lastVisit === "string") {
      const alone = rec.v.seenAlone ?? null;
      ctx.push("ssd_cp_visits", rec, {
        cppv_cp_visit_id: `${planId}/VISIT/${rec.v.lastVisit}`,
        cppv_person_id: rec.childId,
        cppv_cp_plan_id: planId,
        cppv_cp_visit_date: rec.v.lastVisit,
        cppv_cp_visit_seen: alone === "Y" ? "Y" : null,
        cppv_cp_visit_seen_alone: alone,
      });
    }
    if (typeof rec.v.lastReview === "string") {
      ctx.push("ssd_cp_reviews", rec, {
        cppr_cp_review_id: `${planId}/REVIEW/${rec.v.lastReview}`,
        cppr_person_id: rec.childId,
        cppr_cp_plan_id: planId,
        cppr_cp_review_date: rec.v.lastReview,
      });
    }
  }
}

/** The id of the latest entry dated on or before `date`, from entries sorted by date. */
function latestOnOrBefore(entries: { date: string; id: string }[] | undefined, date: string): string | null {
  let found: string | null = null;
  for (const e of entries ?? []) {
    if (e.date > date) break;
    found = e.id;
  }
  return found;
}
