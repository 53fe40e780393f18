/**
 * One `<CINdetails>` and what it holds: the referral (CIN episode), its
 * assessments, CIN plan dates (checked only), S47 enquiries, ICPCs and CP
 * plans with their reviews; plans are linked to the conference that led to
 * them. A referral whose own dates are unusable is left out with all of it.
 */
import type { Row } from "../../db/database.ts";
import { kid, type Node, type ReadContext } from "./context.ts";

/** A `<CINdetails>` into its referral row and everything nested in it; ICPCs and plans are pushed once linked. */
export function referral(ctx: ReadContext, personId: string, refId: string, d: Node): void {
  const start = ctx.requiredDate(d, "CINreferralDate");
  const close = ctx.optionalDate(d, "CINclosureDate");
  const assessments = d.kids.filter((k) => k.name === "Assessments");
  const s47s = d.kids.filter((k) => k.name === "Section47");
  const plans = d.kids.filter((k) => k.name === "ChildProtectionPlans");
  if (start === false || close === false) {
    const nested = [
      [assessments.length, "assessment"],
      [s47s.length, "S47 enquiry"],
      [plans.length, "CP plan"],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`);
    ctx.issue(
      "error",
      "CIN_RECORD_REJECTED",
      `referral ${refId} of child ${personId} was not imported (${start === false ? "no valid referral date" : "invalid closure date"})${nested.length ? `, nor its ${nested.join(", ")}` : ""}`,
      d.line,
      d.path,
      "",
    );
    return;
  }
  const nfa = ctx.bool(d, "ReferralNFA", true);
  if (!d.leaf.has("ReferralSource")) ctx.missing(d, "ReferralSource");
  ctx.push("ssd_cin_episodes", d.line, {
    la_code: ctx.la,
    cine_referral_id: refId,
    cine_person_id: personId,
    cine_referral_date: start,
    cine_cin_primary_need_code: ctx.optionalCode(d, "PrimaryNeedCode"),
    cine_referral_source_code: ctx.optionalCode(d, "ReferralSource"),
    cine_referral_nfa: nfa,
    cine_close_reason: ctx.optionalCode(d, "ReasonForClosure"),
    cine_close_date: close,
  });

  let k = 0;
  for (const a of assessments) assessment(ctx, personId, refId, `${refId}-A${++k}`, a);
  for (const p of d.kids) if (p.name === "CINPlanDates") cinPlan(ctx, p);

  const icpcs: Row[] = [];
  const s47IcpcDates = new Set<string>();
  k = 0;
  for (const s of s47s) {
    const icpcText = s.leaf.get("DateOfInitialCPC")?.text;
    if (icpcText) s47IcpcDates.add(icpcText);
    const icpc = s47(ctx, personId, refId, `${refId}-S${++k}`, s);
    if (icpc) icpcs.push(icpc);
  }
  const referralIcpc = d.leaf.get("DateOfInitialCPC");
  if (referralIcpc && !s47IcpcDates.has(referralIcpc.text)) {
    const date = ctx.date(referralIcpc, "error");
    if (date === undefined) {
      ctx.at("error", "CIN_RECORD_REJECTED", referralIcpc, `the ICPC of referral ${refId} was not imported`);
    } else {
      icpcs.push(icpcRow(ctx, referralIcpc.line, `${refId}-ICPC`, personId, refId, null, date, null));
    }
  }

  const planRows: Row[] = [];
  k = 0;
  for (const p of plans) {
    const row = plan(ctx, personId, refId, `${refId}-P${++k}`, p);
    if (row) planRows.push(row);
  }
  linkPlansToConferences(planRows, icpcs);
  ctx.rows.ssd_initial_cp_conference.push(...icpcs);
  ctx.rows.ssd_cp_plans.push(...planRows);
}

function assessment(ctx: ReadContext, personId: string, refId: string, id: string, a: Node): void {
  const start = ctx.requiredDate(a, "AssessmentActualStartDate");
  const auth = ctx.optionalDate(a, "AssessmentAuthorisationDate");
  const review = a.leaf.get("AssessmentInternalReviewDate");
  if (review) ctx.date(review, "warning");
  const factors: string[] = [];
  for (const f of kid(a, "FactorsIdentifiedAtAssessment")?.multi?.get("AssessmentFactors") ?? []) {
    const code = ctx.code(f).trim();
    if (code !== "" && !factors.includes(code)) factors.push(code);
  }
  if (start === false || auth === false) {
    ctx.reject(a, `assessment ${id}`);
    return;
  }
  ctx.push("ssd_cin_assessments", a.line, {
    la_code: ctx.la,
    cina_assessment_id: id,
    cina_person_id: personId,
    cina_referral_id: refId,
    cina_assessment_start_date: start,
    cina_assessment_auth_date: auth,
    cina_assessment_factors: factors.length > 0 ? factors.join(",") : null,
  });
}

/** CIN plan dates have no canonical table; they are checked so the report shows their problems. */
function cinPlan(ctx: ReadContext, p: Node): void {
  const start = p.leaf.get("CINPlanStartDate");
  if (start) ctx.date(start, "warning");
  else ctx.missing(p, "CINPlanStartDate");
  const end = p.leaf.get("CINPlanEndDate");
  if (end) ctx.date(end, "warning");
}

/** Adds the S47 row and returns its ICPC row, if it records one. */
function s47(ctx: ReadContext, personId: string, refId: string, id: string, s: Node): Row | undefined {
  const start = ctx.requiredDate(s, "S47ActualStartDate");
  const target = ctx.optionalDate(s, "InitialCPCtarget");
  const icpc = ctx.optionalDate(s, "DateOfInitialCPC");
  if (start === false || target === false || icpc === false) {
    ctx.reject(s, `S47 enquiry ${id}${s.leaf.has("DateOfInitialCPC") ? " and its ICPC" : ""}`);
    return undefined;
  }
  ctx.push("ssd_s47_enquiry", s.line, {
    la_code: ctx.la,
    s47e_s47_enquiry_id: id,
    s47e_referral_id: refId,
    s47e_person_id: personId,
    s47e_s47_start_date: start,
    s47e_s47_nfa: ctx.bool(s, "ICPCnotRequired", true),
  });
  return icpc ? icpcRow(ctx, s.line, `${id}-ICPC`, personId, refId, id, icpc, target) : undefined;
}

function icpcRow(
  ctx: ReadContext,
  line: number,
  id: string,
  personId: string,
  refId: string,
  s47Id: string | null,
  date: string,
  target: string | null,
): Row {
  return ctx.located(line, {
    la_code: ctx.la,
    icpc_icpc_id: id,
    icpc_s47_enquiry_id: s47Id,
    icpc_person_id: personId,
    icpc_cp_plan_id: null,
    icpc_referral_id: refId,
    icpc_icpc_target_date: target,
    icpc_icpc_date: date,
    icpc_icpc_outcome_cp_flag: "N",
  });
}

/** Adds the plan's reviews and returns the plan row (pushed once linked to its ICPC). */
function plan(ctx: ReadContext, personId: string, refId: string, id: string, p: Node): Row | undefined {
  const start = ctx.requiredDate(p, "CPPstartDate");
  const end = ctx.optionalDate(p, "CPPendDate");
  const reviews = kid(p, "Reviews")?.multi?.get("CPPreviewDate") ?? [];
  if (start === false || end === false) {
    ctx.reject(p, `CP plan ${id}${reviews.length ? ` and its ${reviews.length} review(s)` : ""}`);
    return undefined;
  }
  for (const name of ["InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"]) {
    if (!p.leaf.has(name)) ctx.missing(p, name);
  }
  const previousVal = p.leaf.get("NumberOfPreviousCPP");
  let previous: number | null = null;
  if (previousVal) {
    if (/^\d{1,4}$/.test(previousVal.text)) previous = Number(previousVal.text);
    else
      ctx.at("warning", "CIN_NUMBER", previousVal, "NumberOfPreviousCPP is not a whole number: left empty");
  }
  let j = 0;
  for (const r of reviews) {
    j++;
    const date = ctx.date(r, "error");
    if (date === undefined) {
      ctx.at("error", "CIN_RECORD_REJECTED", r, `review ${id}-V${j} was not imported`);
      continue;
    }
    ctx.push("ssd_cp_reviews", r.line, {
      la_code: ctx.la,
      cppr_cp_review_id: `${id}-V${j}`,
      cppr_person_id: personId,
      cppr_cp_plan_id: id,
      cppr_cp_review_date: date,
    });
  }
  return ctx.located(p.line, {
    la_code: ctx.la,
    cppl_cp_plan_id: id,
    cppl_referral_id: refId,
    cppl_icpc_id: null,
    cppl_person_id: personId,
    cppl_cp_plan_start_date: start,
    cppl_cp_plan_end_date: end,
    cppl_cp_plan_initial_category: ctx.optionalCode(p, "InitialCategoryOfAbuse"),
    cppl_cp_plan_latest_category: ctx.optionalCode(p, "LatestCategoryOfAbuse"),
    cppl_cp_plan_ola: "N",
    cppl_number_of_previous_cpp: previous,
  });
}

/**
 * Marks, for each plan in start order, the latest not-yet-used ICPC of the
 * same referral held on or before the plan's start as the conference that
 * led to it.
 */
function linkPlansToConferences(plans: Row[], icpcs: Row[]): void {
  const sorted = [...plans].sort((a, b) =>
    String(a.cppl_cp_plan_start_date).localeCompare(String(b.cppl_cp_plan_start_date)),
  );
  for (const plan of sorted) {
    const start = plan.cppl_cp_plan_start_date as string;
    let best: Row | undefined;
    for (const c of icpcs) {
      const date = c.icpc_icpc_date as string;
      if (c.icpc_cp_plan_id !== null || date > start) continue;
      if (!best || date > (best.icpc_icpc_date as string)) best = c;
    }
    if (best) {
      best.icpc_cp_plan_id = plan.cppl_cp_plan_id;
      best.icpc_icpc_outcome_cp_flag = "Y";
      plan.cppl_icpc_id = best.icpc_icpc_id;
    }
  }
}
