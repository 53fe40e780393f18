/**
 * The records with a date or a year of their own: reviews (linked to the
 * period of care they fall in), OC2 health and dental checks (dated inside
 * the collection year), missing episodes and social worker episodes (kept
 * once across years' sets), and OC3 care leavers.
 */
import { isIsoDate } from "../../calendar/dates.ts";
import { CARE_LEAVER_ACCOMMODATION } from "../../model/codes.ts";
import type { Issue } from "../issues.ts";
import { compact, type ReadContext, uniqueId } from "./context.ts";
import type { Raw } from "./format.ts";

const ACCOMMODATION: ReadonlySet<string> = new Set(CARE_LEAVER_ACCOMMODATION.codes);

/** Reviews, each linked to the period of care it falls in (or the latest before it, with a warning). */
export function reviews(ctx: ReadContext, la: string): void {
  const ids = new Set<string>();
  for (const r of ctx.records.reviews) {
    const date = ctx.required(r, "REVIEW", "review");
    if (date === false) continue;
    const child = r.v.CHILD!;
    const { period, inside } = ctx.periodAt(child, date);
    if (!inside) {
      ctx.at(
        "warning",
        "SSDA903_REVIEW_PERIOD",
        r,
        "REVIEW",
        period
          ? `the review on ${date} falls after child ${child}'s period of care ${period.id} ended (${period.end}): linked to it`
          : `the review on ${date} falls in no period of care of child ${child} in these files: kept without a period of care`,
      );
    }
    const id = uniqueId(ids, `${child}-R${compact(date)}`);
    ctx.push("ssd_cla_reviews", r, {
      la_code: la,
      clar_cla_review_id: id,
      clar_cla_id: period?.id ?? null,
      clar_cla_review_date: date,
      clar_cla_review_participation: ctx.code(r, "REVIEW_CODE"),
    });
  }
}

/** OC2 health assessment and dental check flags into checks dated 30 March of the collection year. */
export function health(ctx: ReadContext, la: string): void {
  for (const r of ctx.records.oc2) {
    const yearEnd = ctx.yearEndOf(r);
    // HEALTH_ASSESSMENT is DfE's annual health assessment; HEALTH_CHECK (under-5 health promotion) stands in
    // for it only when HEALTH_ASSESSMENT is blank, as earlier writers of this tool put it there.
    const ha = (r.v.HEALTH_ASSESSMENT ?? "") === "" ? "HEALTH_CHECK" : "HEALTH_ASSESSMENT";
    const checks: [string, string, string][] = [
      [ha, "HA_REVIEW", "HA"],
      ["TEETH_CHECK", "DENTAL", "D"],
    ];
    for (const [field, type, tag] of checks) {
      if (ctx.flag(r, field) !== "Y") continue;
      if (!yearEnd) {
        ctx.at(
          "warning",
          "SSDA903_NO_YEAR",
          r,
          field,
          "no collection year is known, so the check cannot be dated: not imported",
        );
        continue;
      }
      ctx.push("ssd_cla_health", r, {
        la_code: la,
        clah_health_check_id: `${r.v.CHILD}-${tag}${compact(yearEnd)}`,
        clah_person_id: r.v.CHILD,
        clah_health_check_type: type,
        clah_health_check_date: `${yearEnd.slice(0, 4)}-03-30`,
        clah_health_check_status: "Completed",
      });
    }
  }
}

/** Missing episodes, one copy of each across years' sets. */
export function missing(ctx: ReadContext, la: string): void {
  const ids = new Set<string>();
  for (const r of ctx.onceAcrossSets(ctx.records.missing, "MIS_START", "MIS_END")) {
    const start = ctx.required(r, "MIS_START", "missing episode");
    const end = ctx.date(r, "MIS_END", "error", "missing episode");
    if (start === false || end === false) continue;
    ctx.push("ssd_missing", r, {
      la_code: la,
      miss_table_id: uniqueId(ids, `${r.v.CHILD}-M${compact(start)}`),
      miss_person_id: r.v.CHILD,
      miss_missing_episode_start_date: start,
      miss_missing_episode_type: ctx.code(r, "MISSING"),
      miss_missing_episode_end_date: end,
    });
  }
}

/** Social worker episodes into involvements, one copy of each across years' sets. */
export function socialWorkers(ctx: ReadContext, la: string): void {
  const ids = new Set<string>();
  for (const r of ctx.onceAcrossSets(ctx.records.sw_episodes, "SW_DECOM", "SW_DEC")) {
    const start = ctx.required(r, "SW_DECOM", "social worker episode");
    const end = ctx.date(r, "SW_DEC", "error", "social worker episode");
    if (start === false || end === false) continue;
    ctx.push("ssd_involvements", r, {
      la_code: la,
      invo_involvements_id: uniqueId(ids, `${r.v.CHILD}-SW${compact(start)}`),
      invo_professional_id: r.v.SW_ID || null,
      invo_professional_role_id: "SW",
      invo_involvement_start_date: start,
      invo_involvement_end_date: end,
      invo_worker_change_reason: r.v.SW_REASON ? r.v.SW_REASON.toUpperCase() : null,
      invo_person_id: r.v.CHILD,
    });
  }
}

/** OC3 rows into the care leaver snapshot and a contact dated 31 March of the collection year. */
export function careLeavers(ctx: ReadContext, la: string): void {
  for (const r of ctx.records.oc3) {
    const yearEnd = ctx.yearEndOf(r);
    const child = r.v.CHILD!;
    const inTouch = ctx.code(r, "IN_TOUCH");
    const activity = ctx.code(r, "ACTIV");
    const { accommodation, suitable } = accommodationOf(ctx, r);
    const dob = ctx.date(r, "DOB", "warning", "care leaver");
    const eligibility =
      dob && yearEnd ? (ageOn(dob, yearEnd) >= 18 ? "FORMER_RELEVANT" : "RELEVANT") : "FORMER_RELEVANT";
    ctx.push("ssd_care_leavers", r, {
      la_code: la,
      clea_table_id: `${child}-CL${ctx.years[r.set] ?? ""}`,
      clea_person_id: child,
      clea_care_leaver_eligibility: eligibility,
      clea_care_leaver_in_touch: inTouch,
      clea_care_leaver_latest_contact: null,
      clea_care_leaver_accommodation: accommodation,
      clea_care_leaver_accom_suitable: suitable,
      clea_care_leaver_activity: activity,
    });
    if (!yearEnd) continue;
    ctx.push("ssdx_care_leaver_contacts", r, {
      la_code: la,
      clec_contact_id: `${child}-CC${compact(yearEnd)}`,
      clec_person_id: child,
      clec_contact_date: yearEnd,
      clec_in_touch: inTouch,
      clec_accommodation: accommodation,
      clec_accom_suitable: suitable,
      clec_activity: activity,
    });
  }
}

/** ACCOM is a letter (the accommodation) and a digit (1 suitable, 2 unsuitable). */
function accommodationOf(
  ctx: ReadContext,
  r: Raw,
): { accommodation: string | null; suitable: string | null } {
  const text = (r.v.ACCOM ?? "").toUpperCase();
  if (text === "" || text === "0") return { accommodation: null, suitable: null };
  const m = /^([A-Z])([12])?$/.exec(text);
  if (m && ACCOMMODATION.has(m[1]!)) return { accommodation: m[1]!, suitable: m[2] ?? null };
  ctx.at(
    "warning",
    "SSDA903_CODE",
    r,
    "ACCOM",
    `${r.v.ACCOM} is not an accommodation code (a letter B–Z and 1 suitable or 2 unsuitable): kept as written`,
  );
  return { accommodation: r.v.ACCOM!, suitable: null };
}

function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** OC2's other items (SDQ, convictions, health promotion, immunisations, substance misuse) as the child's outcomes at 31 March. */
export function outcomes(ctx: ReadContext, la: string): void {
  const ids = new Set<string>();
  for (const r of ctx.records.oc2) {
    const yearEnd = ctx.yearEndOf(r);
    if (!yearEnd) continue;
    const sdq = r.v.SDQ_SCORE ?? "";
    const score = /^\d{1,2}$/.test(sdq) && Number(sdq) <= 40 ? Number(sdq) : null;
    if (sdq !== "" && score === null)
      ctx.at("warning", "SSDA903_SDQ", r, "SDQ_SCORE", `"${sdq}" is not a score from 0 to 40: left empty`);
    const flags = [
      "CONVICTED",
      "HEALTH_CHECK",
      "IMMUNISATIONS",
      "SUBSTANCE_MISUSE",
      "INTERVENTION_RECEIVED",
      "INTERVENTION_OFFERED",
    ].map((f) => ctx.flag(r, f));
    if (score === null && flags.every((f) => f === null)) continue;
    ctx.push("ssdx_cla_outcomes", r, {
      la_code: la,
      outc_table_id: uniqueId(ids, `${r.v.CHILD}-O${compact(yearEnd)}`),
      outc_person_id: r.v.CHILD,
      outc_year_end: yearEnd,
      outc_sdq_score: score,
      outc_convicted: flags[0],
      outc_health_check: flags[1],
      outc_immunisations: flags[2],
      outc_substance_misuse: flags[3],
      outc_intervention_received: flags[4],
      outc_intervention_offered: flags[5],
    });
  }
}

/**
 * Previous permanence onto the period of care the child entered in the
 * record's collection year (the latest, if more than one). DATE_PERM is
 * kept only when it is a whole date (DfE allows ZZ for an unknown day or month).
 */
export function previousPermanence(ctx: ReadContext): void {
  const details = new Map(ctx.rows.ssdx_cla_period_details.map((d) => [String(d.clpd_cla_id), d]));
  const unplaced = ctx.unplacedPermanence ?? new Map<string, number>();
  for (const r of ctx.records.previous_permanence) {
    const option = ctx.code(r, "PREV_PERM");
    const yearEnd = ctx.yearEndOf(r);
    if (option === null || !yearEnd) continue;
    const yearStart = `${Number(yearEnd.slice(0, 4)) - 1}-04-01`;
    const period = (ctx.periods.get(r.v.CHILD!) ?? [])
      .filter((p) => p.entered && p.start >= yearStart && p.start <= yearEnd)
      .at(-1);
    const row = period && details.get(period.id);
    if (!row) {
      unplaced.set(r.file, (unplaced.get(r.file) ?? 0) + 1);
      continue;
    }
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(r.v.DATE_PERM ?? "");
    row.clpd_previous_permanence = option;
    row.clpd_previous_permanence_la = r.v.LA_PERM || null;
    const date = m ? `${m[3]}-${m[2]}-${m[1]}` : "";
    row.clpd_previous_permanence_date = isIsoDate(date) ? date : null;
  }
  // A streamed read counts across its chunks and reports once, after the last.
  if (!ctx.unplacedPermanence) for (const [file, n] of unplaced) ctx.issue(unplacedPermanenceIssue(file, n));
}

/** The warning that `n` previous permanence records of `file` name no period of care. */
export function unplacedPermanenceIssue(file: string, n: number): Issue {
  return {
    severity: "warning",
    file,
    column: "PREV_PERM",
    value: "",
    rule: "SSDA903_PREV_PERM_UNUSED",
    message: `${n.toLocaleString("en-GB")} previous permanence record${n === 1 ? "" : "s"} name no period of care the child entered in that collection year: not imported`,
  };
}
