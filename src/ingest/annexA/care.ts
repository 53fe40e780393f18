/**
 * The looked-after lists into canonical rows: children in care (list 8:
 * period, legal status, placement, latest review, visit and health checks,
 * UASC), care leavers (9) and adoption (10).
 */
import type { ReadContext, Rec } from "./context.ts";

/** List 8: a period of care per record with its legal status, placement, latest review, visit and health checks; UASC from the earliest period flagged. */
export function lookedAfter(ctx: ReadContext): void {
  const uasc = new Map<string, { rec: Rec; start: string }>();
  for (const rec of ctx.records.get(8) ?? []) {
    const v = rec.v;
    const start = v.claStart as string;
    const claId = ctx.id(`${rec.childId}/CLA/${start}`);
    const placementStart = typeof v.placementStart === "string" ? v.placementStart : null;
    const placementId = placementStart ? `${claId}/PLACEMENT/${placementStart}` : null;
    const ceased = v.ceasedDate ?? null;
    ctx.push("ssd_cla_episodes", rec, {
      clae_cla_episode_id: claId,
      clae_person_id: rec.childId,
      clae_cla_episode_start_date: start,
      clae_cla_episode_start_reason: "S",
      clae_cla_primary_need_code: v.categoryOfNeed ?? null,
      clae_cla_episode_ceased_date: ceased,
      clae_cla_episode_ceased_reason: v.ceasedReason ?? null,
      clae_cla_id: claId,
      clae_cla_placement_id: placementId,
      clae_entered_care_date: start,
      clae_cla_last_iro_contact_date: v.lastIro ?? null,
    });
    if (v.legalStatus || v.legalStart) {
      ctx.push("ssd_legal_status", rec, {
        lega_legal_status_id: `${claId}/LEGAL`,
        lega_person_id: rec.childId,
        lega_legal_status: v.legalStatus ?? null,
        lega_legal_status_start_date: v.legalStart ?? start,
        lega_legal_status_end_date: ceased,
      });
    }
    if (placementId) {
      ctx.push("ssd_cla_placement", rec, {
        clap_cla_placement_id: placementId,
        clap_cla_placement_start_date: placementStart,
        clap_cla_placement_type: v.placementType ?? null,
        clap_cla_placement_urn: v.urn ?? null,
        clap_cla_placement_distance: v.distance ?? null,
        clap_cla_id: claId,
        clap_cla_placement_provider: v.provider ?? null,
        clap_cla_placement_postcode: v.postcode ?? null,
        clap_cla_placement_end_date: ceased,
        clap_person_id: rec.childId,
      });
    }
    if (typeof v.lastReview === "string") {
      ctx.push("ssd_cla_reviews", rec, {
        clar_cla_review_id: `${claId}/REVIEW/${v.lastReview}`,
        clar_cla_id: claId,
        clar_cla_review_date: v.lastReview,
      });
    }
    if (typeof v.lastVisit === "string") {
      ctx.push("ssd_cla_visits", rec, {
        clav_cla_visit_id: `${claId}/VISIT/${v.lastVisit}`,
        clav_cla_id: claId,
        clav_person_id: rec.childId,
        clav_cla_visit_date: v.lastVisit,
      });
    }
    for (const [field, type] of [
      ["lastHealth", "HA_REVIEW"],
      ["lastDental", "DENTAL"],
    ] as const) {
      const date = v[field];
      if (typeof date !== "string") continue;
      ctx.push("ssd_cla_health", rec, {
        clah_health_check_id: `${claId}/${type}/${date}`,
        clah_person_id: rec.childId,
        clah_health_check_type: type,
        clah_health_check_date: date,
      });
    }
    const known = uasc.get(rec.childId);
    if (v.uasc === "Y" && (!known || start < known.start)) uasc.set(rec.childId, { rec, start });
  }
  for (const [child, { rec, start }] of uasc) {
    ctx.push("ssd_immigration_status", rec, {
      immi_immigration_status_id: `${child}/UASC`,
      immi_person_id: child,
      immi_immigration_status: "UASC",
      immi_immigration_status_start_date: start,
      immi_immigration_status_end_date: null,
    });
  }
}

/** List 9: the care leaver row and, when dated, the latest contact. */
export function careLeavers(ctx: ReadContext): void {
  for (const rec of ctx.records.get(9) ?? []) {
    const v = rec.v;
    const id = ctx.id(`${rec.childId}/CARELEAVER`);
    ctx.push("ssd_care_leavers", rec, {
      clea_table_id: id,
      clea_person_id: rec.childId,
      clea_care_leaver_eligibility: v.eligibility ?? null,
      clea_care_leaver_in_touch: v.inTouch ?? null,
      clea_care_leaver_latest_contact: v.latestContact ?? null,
      clea_care_leaver_accommodation: v.accommodation ?? null,
      clea_care_leaver_accom_suitable: v.suitable ?? null,
      clea_care_leaver_activity: v.activity ?? null,
      clea_pathway_plan_review_date: v.pathwayReview ?? null,
      clea_care_leaver_personal_advisor: v.personalAdviser ?? null,
      clea_care_leaver_allocated_team: v.team ?? null,
      clea_care_leaver_worker_id: v.worker ?? null,
    });
    if (typeof v.latestContact === "string") {
      ctx.push("ssdx_care_leaver_contacts", rec, {
        clec_contact_id: `${id}/CONTACT/${v.latestContact}`,
        clec_person_id: rec.childId,
        clec_contact_date: v.latestContact,
        clec_in_touch: v.inTouch ?? null,
        clec_accommodation: v.accommodation ?? null,
        clec_accom_suitable: v.suitable ?? null,
        clec_activity: v.activity ?? null,
      });
    }
  }
}

/** List 10: adoption dates into one permanence row per record. */
export function permanence(ctx: ReadContext): void {
  for (const rec of ctx.records.get(10) ?? []) {
    const v = rec.v;
    const entered = typeof v.enteredCare === "string" ? v.enteredCare : null;
    ctx.push("ssd_permanence", rec, {
      perm_table_id: ctx.id(`${rec.childId}/PERMANENCE/${v.admDecision ?? entered ?? rec.row}`),
      perm_person_id: rec.childId,
      perm_cla_id: entered ? `${rec.childId}/CLA/${entered}` : null,
      perm_adm_decision_date: v.admDecision ?? null,
      perm_placement_order_date: v.placementOrder ?? null,
      perm_matched_date: v.matched ?? null,
      perm_placed_for_adoption_date: v.placedForAdoption ?? null,
      perm_placed_ffa_cp_date: v.ffaDate ?? null,
      perm_decision_reversed_date: v.reversedDate ?? null,
      perm_decision_reversed_reason: v.reversedReason ?? null,
      perm_permanence_order_date: v.adoptionOrder ?? null,
      perm_permanence_order_type: v.adoptionOrder ? "Adoption order" : null,
    });
  }
}
