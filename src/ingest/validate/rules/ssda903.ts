/**
 * DfE SSDA903 validation rules that bear on the looked-after indicators, as
 * data.
 *
 * Why these: episodes (their order, joins and codes) make the periods of
 * care, placements and legal statuses every looked-after figure counts;
 * reviews, missing episodes, UASC, adoption dates and OC3 feed the rest.
 * Codes and messages are DfE's, as the data-to-insight 903 validator
 * (csc-validator-be-903, 2024–25 rule list) names them. The conditions are
 * restated on canonical rows: an episode's placement type comes from its
 * placement row and its legal status from the legal status in force on its
 * first day. Rules needing last year's return or the Ofsted provider list
 * are left out.
 */
import { ageOn, daysBetween } from "../../../calendar/dates.ts";
import {
  CARE_LEAVER_ACCOMMODATION,
  CARE_LEAVER_ACTIVITY,
  CARE_LEAVER_IN_TOUCH,
  EPISODE_END_REASONS,
  EPISODE_START_REASONS,
  ETHNICITY,
  LEGAL_STATUSES,
  MISSING_TYPES,
  PLACEMENT_CHANGE_REASONS,
  PLACEMENT_PROVIDERS,
  PLACEMENT_TYPES,
  REVIEW_PARTICIPATION,
  SEX,
} from "../../../model/codes.ts";
import type { Row } from "../../../workspace/database.ts";
import {
  addYears,
  type Child,
  type Context,
  date,
  type Emit,
  type EpisodeView,
  person,
  type Rule,
  sourceFormat,
  str,
} from "../context.ts";

const PERSON = "ssd_person";
const EPI = "ssd_cla_episodes";
const PLACE = "ssd_cla_placement";
const LEGAL = "ssd_legal_status";
const REVIEW = "ssd_cla_reviews";
const MISSING = "ssd_missing";
const UASC = "ssd_immigration_status";
const OC3 = "ssd_care_leavers";
const PERM = "ssd_permanence";

const set = (codes: readonly string[]) => new Set<string>(codes);
const TEMPORARY = set(["T0", "T1", "T2", "T3", "T4"]);
const ADOPTION_PLACEMENTS = set(["A3", "A4", "A5", "A6"]);
const CONTINUATIONS = set(["P", "L", "T", "U", "B"]);
/** The day freeing orders were replaced by placement orders (Adoption and Children Act 2002 in force). */
const ACA_2002 = "2005-12-30";

function rows(ctx: Context, table: string): Row[] {
  return ctx.rows[table] ?? [];
}

function perChild(ctx: Context, f: (c: Child) => void): void {
  for (const c of ctx.children.values()) f(c);
}

const dob = (c: Child) => {
  const p = person(c);
  return p ? date(p, "pers_dob") : undefined;
};

/** A code off DfE's list (a missing one too when `required`). */
function codeRule(table: string, column: string, codes: Set<string>, required = false): Rule["check"] {
  return (ctx, emit) => {
    for (const r of rows(ctx, table)) {
      const v = str(r, column);
      if (v === undefined ? required : !codes.has(v.toUpperCase()))
        emit(table, r, column, v === undefined ? "missing" : `${v} is not on the list`);
    }
  };
}

/** Each episode with the one before it (same child, sorted by start). */
function episodes(
  ctx: Context,
  f: (e: EpisodeView, prev: EpisodeView | undefined, next: EpisodeView | undefined, c: Child) => void,
): void {
  perChild(ctx, (c) => {
    const list = c.episodes;
    for (let i = 0; i < list.length; i++) f(list[i]!, list[i - 1], list[i + 1], c);
  });
}

/** An episode ending with one of `reasons` while the child's age at DEC is out of range. */
function ageAtCease(reasons: string[], bad: (age: number) => boolean): Rule["check"] {
  const wanted = set(reasons);
  return (ctx, emit) =>
    episodes(ctx, (e, _p, _n, c) => {
      const birth = dob(c);
      if (!e.rec || !wanted.has(e.rec) || !e.end || !birth || e.end < birth) return;
      const age = ageOn(birth, e.end);
      if (bad(age))
        emit(
          EPI,
          e.row,
          "clae_cla_episode_ceased_reason",
          `${e.rec} at age ${age} (born ${birth}, ceased ${e.end})`,
        );
    });
}

/** A legal status lasting longer than `days` (an open one measured to the year end, else today). */
function legalLongerThan(status: string, days: number): Rule["check"] {
  return (ctx, emit) => {
    for (const r of rows(ctx, LEGAL)) {
      if (str(r, "lega_legal_status")?.toUpperCase() !== status) continue;
      const s = date(r, "lega_legal_status_start_date");
      const e = date(r, "lega_legal_status_end_date") ?? ctx.yearEnd ?? ctx.today;
      if (s !== undefined && e >= s && daysBetween(s, e) > days)
        emit(
          LEGAL,
          r,
          "lega_legal_status_end_date",
          `${status} from ${s} to ${e}: ${daysBetween(s, e)} days`,
        );
    }
  };
}

const from903 = (r: Row) => sourceFormat(PERSON, r) === "903";

/** Rules from the SSDA903 validation (2024–25 wording). */
export const SSDA903_RULES: Rule[] = [
  {
    code: "101",
    source: "DfE 903",
    message: "Gender code is not valid.",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of rows(ctx, PERSON)) {
        const v = str(r, "pers_sex");
        if (from903(r) && v !== undefined && !SEX.codes.includes(v.toUpperCase() as "M"))
          emit(PERSON, r, "pers_sex");
      }
    },
  },
  {
    code: "103",
    source: "DfE 903",
    message: "The ethnicity code is either not valid or has not been entered.",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      const codes = set(ETHNICITY.codes);
      for (const r of rows(ctx, PERSON)) {
        const v = str(r, "pers_ethnicity");
        if (from903(r) && (v === undefined || !codes.has(v.toUpperCase()))) emit(PERSON, r, "pers_ethnicity");
      }
    },
  },
  {
    code: "301",
    source: "DfE 903",
    message: "Date of birth falls after the year ended.",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of rows(ctx, PERSON)) {
        const d = date(r, "pers_dob");
        if (from903(r) && d !== undefined && ctx.yearEnd !== undefined && d > ctx.yearEnd)
          emit(PERSON, r, "pers_dob", `${d} is after ${ctx.yearEnd}`);
      }
    },
  },
  {
    code: "351",
    source: "DfE 903",
    message: "Child was over 25 at the start of the current collection year.",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      if (ctx.yearStart === undefined) return;
      for (const r of rows(ctx, PERSON)) {
        const d = date(r, "pers_dob");
        if (from903(r) && d !== undefined && d <= ctx.yearStart && ageOn(d, ctx.yearStart) > 25)
          emit(PERSON, r, "pers_dob", `aged ${ageOn(d, ctx.yearStart)} on ${ctx.yearStart}`);
      }
    },
  },
  {
    code: "143",
    source: "DfE 903",
    message: "The reason for new episode code is not a valid code.",
    severity: "warning",
    tables: [EPI],
    check: codeRule(EPI, "clae_cla_episode_start_reason", set(EPISODE_START_REASONS.codes), true),
  },
  {
    code: "144",
    source: "DfE 903",
    message: "The legal status code is not a valid code.",
    severity: "warning",
    tables: [LEGAL],
    check: codeRule(LEGAL, "lega_legal_status", set(LEGAL_STATUSES.codes), true),
  },
  {
    code: "145",
    source: "DfE 903",
    message: "Category of need code is not a valid code.",
    severity: "warning",
    tables: [EPI],
    check: codeRule(
      EPI,
      "clae_cla_primary_need_code",
      set(["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"]),
      true,
    ),
  },
  {
    code: "146",
    source: "DfE 903",
    message: "Placement type code is not a valid code.",
    severity: "warning",
    tables: [PLACE],
    check: codeRule(PLACE, "clap_cla_placement_type", set(PLACEMENT_TYPES.codes), true),
  },
  {
    code: "149",
    source: "DfE 903",
    message: "Reason episode ceased code is not valid. ",
    severity: "warning",
    tables: [EPI],
    check: codeRule(EPI, "clae_cla_episode_ceased_reason", set(EPISODE_END_REASONS.codes)),
  },
  {
    code: "178",
    source: "DfE 903",
    message: "Placement provider code is not a valid code.",
    severity: "warning",
    tables: [PLACE],
    check: codeRule(PLACE, "clap_cla_placement_provider", set(PLACEMENT_PROVIDERS.codes)),
  },
  {
    code: "1009",
    source: "DfE 903",
    message: "Reason for placement change is not a valid code.",
    severity: "warning",
    tables: [PLACE],
    check: codeRule(PLACE, "clap_cla_placement_change_reason", set(PLACEMENT_CHANGE_REASONS.codes)),
  },
  {
    code: "167",
    source: "DfE 903",
    message: "Data entry for participation is invalid or blank.",
    severity: "warning",
    tables: [REVIEW],
    check: codeRule(REVIEW, "clar_cla_review_participation", set(REVIEW_PARTICIPATION.codes), true),
  },
  {
    code: "1006",
    source: "DfE 903",
    message: "Missing type invalid.",
    severity: "warning",
    tables: [MISSING],
    check: codeRule(MISSING, "miss_missing_episode_type", set(MISSING_TYPES.codes), true),
  },
  {
    code: "131",
    source: "DfE 903",
    message: "Data entry for being in touch after leaving care is invalid.",
    severity: "warning",
    tables: [OC3],
    check: codeRule(OC3, "clea_care_leaver_in_touch", set(CARE_LEAVER_IN_TOUCH.codes)),
  },
  {
    code: "132",
    source: "DfE 903",
    message: "Data entry for activity after leaving care is invalid.",
    severity: "warning",
    tables: [OC3],
    check: codeRule(OC3, "clea_care_leaver_activity", set([...CARE_LEAVER_ACTIVITY.codes, "0"])),
  },
  {
    code: "133",
    source: "DfE 903",
    message:
      "Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid",
    severity: "warning",
    tables: [OC3],
    check: codeRule(OC3, "clea_care_leaver_accommodation", set([...CARE_LEAVER_ACCOMMODATION.codes, "0"])),
  },
  {
    code: "345",
    source: "DfE 903",
    message:
      "The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero.",
    severity: "warning",
    tables: [OC3],
    check: (ctx, emit) => {
      for (const r of rows(ctx, OC3)) {
        if (str(r, "clea_care_leaver_in_touch")?.toUpperCase() !== "YES") continue;
        const zero = (c: string) => (str(r, c) ?? "0") === "0";
        if (zero("clea_care_leaver_activity")) emit(OC3, r, "clea_care_leaver_activity");
        else if (zero("clea_care_leaver_accommodation")) emit(OC3, r, "clea_care_leaver_accommodation");
      }
    },
  },
  {
    code: "148",
    source: "DfE 903",
    message: "Date episode ceased and reason episode ceased must both be coded, or both left blank.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) => {
      for (const r of rows(ctx, EPI)) {
        const dec = str(r, "clae_cla_episode_ceased_date") !== undefined;
        const rec = str(r, "clae_cla_episode_ceased_reason") !== undefined;
        if (dec !== rec)
          emit(EPI, r, dec ? "clae_cla_episode_ceased_reason" : "clae_cla_episode_ceased_date");
      }
    },
  },
  {
    code: "142",
    source: "DfE 903",
    message: "A new episode has started, but the previous episode has not ended.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e, _p, next) => {
        if (next && e.end === undefined)
          emit(
            EPI,
            e.row,
            "clae_cla_episode_ceased_date",
            `this episode from ${e.start} is open; the next starts ${next.start}`,
          );
      }),
  },
  {
    code: "501",
    source: "DfE 903",
    message: "A new episode has started before the end date of the previous episode.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e, prev) => {
        if (prev?.end !== undefined && e.start < prev.end)
          emit(
            EPI,
            e.row,
            "clae_cla_episode_start_date",
            `starts ${e.start}; the previous episode ended ${prev.end}`,
          );
      }),
  },
  {
    code: "302",
    source: "DfE 903",
    message: "First episode starts before child was born.",
    severity: "error",
    tables: [EPI, PERSON],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const first = c.episodes[0];
        const birth = dob(c);
        if (first && birth && first.start < birth)
          emit(EPI, first.row, "clae_cla_episode_start_date", `starts ${first.start}; born ${birth}`);
      }),
  },
  {
    code: "352",
    source: "DfE 903",
    message: "Child who started to be looked after was aged 18 or over.",
    severity: "warning",
    tables: [EPI, PERSON],
    check: (ctx, emit) =>
      episodes(ctx, (e, _p, _n, c) => {
        const birth = dob(c);
        if (e.rne === "S" && birth && addYears(birth, 18) <= e.start)
          emit(EPI, e.row, "clae_cla_episode_start_date", `started ${e.start}; born ${birth}`);
      }),
  },
  {
    code: "354",
    source: "DfE 903",
    message: "Date episode ceased must be on or before the end of the current collection year.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        if (ctx.yearEnd !== undefined && e.start > ctx.yearEnd)
          emit(EPI, e.row, "clae_cla_episode_start_date", `starts ${e.start}, after ${ctx.yearEnd}`);
      }),
  },
  {
    code: "385",
    source: "DfE 903",
    message: "Date episode ceased must be on or before the end of the current collection year.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        if (ctx.yearEnd !== undefined && e.end !== undefined && e.end > ctx.yearEnd)
          emit(EPI, e.row, "clae_cla_episode_ceased_date", `ceased ${e.end}, after ${ctx.yearEnd}`);
      }),
  },
  {
    code: "355",
    source: "DfE 903",
    message: "Episode appears to have lasted for less than 24 hours",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        if (e.end === e.start) emit(EPI, e.row, "clae_cla_episode_ceased_date", `starts and ends ${e.start}`);
      }),
  },
  {
    code: "356",
    source: "DfE 903",
    message: "The date the episode ceased is before the date the same episode started.",
    severity: "error",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        if (e.end !== undefined && e.end < e.start)
          emit(EPI, e.row, "clae_cla_episode_ceased_date", `ceased ${e.end}, started ${e.start}`);
      }),
  },
  {
    code: "357",
    source: "DfE 903",
    message:
      "If this is the first episode ever for this child, reason for new episode must be S.  Check whether there is an episode immediately preceding this one, which has been left out.  If not the reason for new episode code must be amended to S.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const first = c.episodes[0];
        if (!first || first.rne === "S" || first.rne === undefined) return;
        if (ctx.yearStart !== undefined && first.start < ctx.yearStart) return;
        emit(
          EPI,
          first.row,
          "clae_cla_episode_start_reason",
          `the child's first episode (${first.start}) has RNE ${first.rne}`,
        );
      }),
  },
  {
    code: "358",
    source: "DfE 903",
    message: "Child with this legal status should not be under 10.",
    severity: "warning",
    tables: [LEGAL, PERSON],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const birth = dob(c);
        if (!birth) return;
        for (const l of c.legal) {
          const ls = str(l, "lega_legal_status")?.toUpperCase();
          const s = date(l, "lega_legal_status_start_date");
          if (ls && ["J1", "J2", "J3"].includes(ls) && s !== undefined && addYears(birth, 10) >= s)
            emit(LEGAL, l, "lega_legal_status", `${ls} from ${s}; born ${birth}`);
        }
      }),
  },
  {
    code: "361",
    source: "DfE 903",
    message:
      "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989.",
    severity: "warning",
    tables: [LEGAL],
    check: legalLongerThan("L1", 3),
  },
  {
    code: "362",
    source: "DfE 903",
    message: "Emergency protection order (EPO) lasted longer than 21 days",
    severity: "warning",
    tables: [LEGAL],
    check: legalLongerThan("L2", 21),
  },
  {
    code: "363",
    source: "DfE 903",
    message: "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.",
    severity: "warning",
    tables: [LEGAL],
    check: legalLongerThan("L3", 7),
  },
  {
    code: "365",
    source: "DfE 903",
    message: "Any individual short- term respite placement must not exceed 17 days.",
    severity: "warning",
    tables: [EPI, LEGAL],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        const end = e.end ?? ctx.yearEnd ?? ctx.today;
        if (e.ls === "V3" && end > e.start && daysBetween(e.start, end) > 17)
          emit(EPI, e.row, "clae_cla_episode_ceased_date", `V3 from ${e.start} to ${end}`);
      }),
  },
  {
    code: "378",
    source: "DfE 903",
    message:
      "A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989.",
    severity: "warning",
    tables: [EPI, PLACE, LEGAL],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        if (e.place === "P1" && e.ls === "V2")
          emit(EPI, e.row, "clae_cla_episode_start_date", "placement P1 under V2");
      }),
  },
  {
    code: "380",
    source: "DfE 903",
    message: "A period of care cannot start with a temporary placement.",
    severity: "warning",
    tables: [EPI, PLACE],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        if (e.place && TEMPORARY.has(e.place) && e.rne !== "P" && e.rne !== "B")
          emit(
            EPI,
            e.row,
            "clae_cla_episode_start_reason",
            `placement ${e.place} with RNE ${e.rne ?? "(blank)"}`,
          );
      }),
  },
  {
    code: "381",
    source: "DfE 903",
    message: "A period of care cannot end with a temporary placement.",
    severity: "warning",
    tables: [EPI, PLACE],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        if (e.place && TEMPORARY.has(e.place) && e.rec !== undefined && e.rec !== "X1")
          emit(EPI, e.row, "clae_cla_episode_ceased_reason", `placement ${e.place} ending ${e.rec}`);
      }),
  },
  {
    code: "386",
    source: "DfE 903",
    message: "Reason episode ceased is adopted but child has reached age 18.",
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E11", "E12"], (age) => age >= 18),
  },
  {
    code: "387",
    source: "DfE 903",
    message:
      "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14.",
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E5", "E6"], (age) => age < 14),
  },
  {
    code: "389",
    source: "DfE 903",
    message:
      "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16.",
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E7"], (age) => age < 16),
  },
  {
    code: "407",
    source: "DfE 903",
    message: "Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E45", "E46", "E47", "E48"], (age) => age >= 18),
  },
  {
    code: "460",
    source: "DfE 903",
    message:
      "Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18.",
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E17"], (age) => age < 18),
  },
  {
    code: "388",
    source: "DfE 903",
    message: "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e, _p, next) => {
        if (e.rec === "X1" && e.end !== undefined && next?.start !== e.end)
          emit(
            EPI,
            e.row,
            "clae_cla_episode_ceased_reason",
            next
              ? `ceased ${e.end}; the next episode starts ${next.start}`
              : `ceased ${e.end}; no later episode`,
          );
      }),
  },
  {
    code: "390",
    source: "DfE 903",
    message: "Reason episode ceased is adopted but child has not been previously placed for adoption.",
    severity: "warning",
    tables: [EPI, PLACE],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        if ((e.rec === "E11" || e.rec === "E12") && !(e.place && ADOPTION_PLACEMENTS.has(e.place)))
          emit(
            EPI,
            e.row,
            "clae_cla_episode_ceased_reason",
            `${e.rec} from placement ${e.place ?? "(blank)"}`,
          );
      }),
  },
  {
    code: "431",
    source: "DfE 903",
    message:
      "The reason for new episode is started to be looked after, but the previous episode ended on the same day.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e, prev) => {
        if (e.rne === "S" && prev?.end === e.start)
          emit(
            EPI,
            e.row,
            "clae_cla_episode_start_reason",
            `RNE S on ${e.start}, the day the previous episode ended`,
          );
      }),
  },
  {
    code: "432",
    source: "DfE 903",
    message:
      "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e, prev) => {
        if (prev?.rec !== undefined && prev.rec !== "X1" && e.rne !== undefined && e.rne !== "S")
          emit(
            EPI,
            e.row,
            "clae_cla_episode_start_reason",
            `RNE ${e.rne}; the previous episode ended ${prev.rec}`,
          );
      }),
  },
  {
    code: "433",
    source: "DfE 903",
    message:
      "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e, prev) => {
        if (prev && e.rne !== undefined && CONTINUATIONS.has(e.rne) && prev.end !== e.start)
          emit(
            EPI,
            e.row,
            "clae_cla_episode_start_date",
            `RNE ${e.rne} starting ${e.start}; the previous episode ${prev.end ? `ended ${prev.end}` : "is open"}`,
          );
      }),
  },
  {
    code: "437",
    source: "DfE 903",
    message: "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e, _p, next) => {
        if ((e.rec === "E2" || e.rec === "E15") && next)
          emit(EPI, e.row, "clae_cla_episode_ceased_reason", `${e.rec}, yet an episode starts ${next.start}`);
      }),
  },
  {
    code: "445",
    source: "DfE 903",
    message: "D1 is not a valid code for episodes starting after December 2005.",
    severity: "warning",
    tables: [LEGAL],
    check: legalDated("D1", (s) => s > ACA_2002),
  },
  {
    code: "446",
    source: "DfE 903",
    message: "E1 is not a valid code for episodes starting before December 2005.",
    severity: "warning",
    tables: [LEGAL],
    check: legalDated("E1", (s) => s < ACA_2002),
  },
  {
    code: "440",
    source: "DfE 903",
    message:
      "Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over.",
    severity: "warning",
    tables: [REVIEW, PERSON],
    check: reviewAge((code, d, birth) => code === "PN0" && d > addYears(birth, 4)),
  },
  {
    code: "441",
    source: "DfE 903",
    message:
      "Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old.",
    severity: "warning",
    tables: [REVIEW, PERSON],
    check: reviewAge((code, d, birth) => code !== "PN0" && d < addYears(birth, 4)),
  },
  {
    code: "304",
    source: "DfE 903",
    message:
      "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.",
    severity: "warning",
    tables: [UASC, PERSON],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const birth = dob(c);
        if (!birth) return;
        for (const u of c.uasc) {
          const duc = date(u, "immi_immigration_status_end_date");
          if (duc !== undefined && duc > addYears(birth, 18))
            emit(UASC, u, "immi_immigration_status_end_date", `${duc}; born ${birth}`);
        }
      }),
  },
  {
    code: "567",
    source: "DfE 903",
    message:
      "The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.",
    severity: "error",
    tables: [MISSING],
    check: (ctx, emit) => {
      for (const r of rows(ctx, MISSING)) {
        const s = date(r, "miss_missing_episode_start_date");
        const e = date(r, "miss_missing_episode_end_date");
        if (s !== undefined && e !== undefined && e < s)
          emit(MISSING, r, "miss_missing_episode_end_date", `ended ${e}, started ${s}`);
      }
    },
  },
  {
    code: "570",
    source: "DfE 903",
    message:
      "The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.",
    severity: "warning",
    tables: [MISSING],
    check: (ctx, emit) => {
      for (const r of rows(ctx, MISSING)) {
        const s = date(r, "miss_missing_episode_start_date");
        if (s !== undefined && ctx.yearEnd !== undefined && s > ctx.yearEnd)
          emit(MISSING, r, "miss_missing_episode_start_date", `${s} is after ${ctx.yearEnd}`);
      }
    },
  },
  {
    code: "574",
    source: "DfE 903",
    message:
      "A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.",
    severity: "warning",
    tables: [MISSING],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        let prev: { s: string; e?: string } | undefined;
        for (const r of c.missing) {
          const s = date(r, "miss_missing_episode_start_date");
          if (s === undefined) continue;
          const e = date(r, "miss_missing_episode_end_date");
          if (prev && (prev.e === undefined || s < prev.e))
            emit(
              MISSING,
              r,
              "miss_missing_episode_start_date",
              `starts ${s}; the previous one (from ${prev.s}) ${prev.e ? `ends ${prev.e}` : "is open"}`,
            );
          if (!prev || (prev.e !== undefined && (e === undefined || e > prev.e))) prev = { s, e };
        }
      }),
  },
  {
    code: "586",
    source: "DfE 903",
    message: "Dates of missing periods are before child’s date of birth.",
    severity: "error",
    tables: [MISSING, PERSON],
    check: (ctx, emit) =>
      perChild(ctx, (c) => {
        const birth = dob(c);
        if (!birth) return;
        for (const r of c.missing) {
          const s = date(r, "miss_missing_episode_start_date");
          if (s !== undefined && s < birth)
            emit(MISSING, r, "miss_missing_episode_start_date", `${s}; born ${birth}`);
        }
      }),
  },
  {
    code: "333",
    source: "DfE 903",
    message:
      "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).",
    severity: "error",
    tables: [PERM],
    check: (ctx, emit) => {
      for (const r of rows(ctx, PERM)) {
        const decided = date(r, "perm_adm_decision_date");
        const matched = date(r, "perm_matched_date");
        if (decided !== undefined && matched !== undefined && decided > matched)
          emit(PERM, r, "perm_adm_decision_date", `decision ${decided}, matched ${matched}`);
      }
    },
  },
];

function legalDated(status: string, bad: (start: string) => boolean): Rule["check"] {
  return (ctx: Context, emit: Emit) => {
    for (const r of rows(ctx, LEGAL)) {
      const s = date(r, "lega_legal_status_start_date");
      if (str(r, "lega_legal_status")?.toUpperCase() === status && s !== undefined && bad(s))
        emit(LEGAL, r, "lega_legal_status", `${status} from ${s}`);
    }
  };
}

function reviewAge(bad: (code: string, reviewDate: string, birth: string) => boolean): Rule["check"] {
  return (ctx: Context, emit: Emit) =>
    perChild(ctx, (c) => {
      const birth = dob(c);
      if (!birth) return;
      for (const r of c.claReviews) {
        const code = str(r, "clar_cla_review_participation")?.toUpperCase();
        const d = date(r, "clar_cla_review_date");
        if (code !== undefined && d !== undefined && bad(code, d, birth))
          emit(REVIEW, r, "clar_cla_review_participation", `${code} at a review on ${d}; born ${birth}`);
      }
    });
}
