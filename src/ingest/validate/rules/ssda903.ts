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
 * first day. Messages, fields and years come from ssda903Spec.ts (DfE's
 * list); SSDA903_NOT_EVALUATED, at the end, names every rule of that list
 * not checked here and why.
 */
import { ageOn, daysBetween } from "../../../calendar/dates.ts";
import type { Row } from "../../../db/database.ts";
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
import { type Check, type NotEvaluated, rulesFromSpec } from "./spec.ts";
import { SSDA903_MORE_CHECKS } from "./ssda903More.ts";
import { SSDA903_LAST_YEAR_CHECKS, SSDA903_RETURN_CHECKS } from "./ssda903Return.ts";
import { SSDA903_SPEC } from "./ssda903Spec.ts";

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
const SSDA903_CHECKS: Check[] = [
  {
    code: "101",
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
    severity: "warning",
    tables: [EPI],
    check: codeRule(EPI, "clae_cla_episode_start_reason", set(EPISODE_START_REASONS.codes), true),
  },
  {
    code: "144",
    severity: "warning",
    tables: [LEGAL],
    check: codeRule(LEGAL, "lega_legal_status", set(LEGAL_STATUSES.codes), true),
  },
  {
    code: "145",
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
    severity: "warning",
    tables: [PLACE],
    check: codeRule(PLACE, "clap_cla_placement_type", set(PLACEMENT_TYPES.codes), true),
  },
  {
    code: "149",
    severity: "warning",
    tables: [EPI],
    check: codeRule(EPI, "clae_cla_episode_ceased_reason", set(EPISODE_END_REASONS.codes)),
  },
  {
    code: "178",
    severity: "warning",
    tables: [PLACE],
    check: codeRule(PLACE, "clap_cla_placement_provider", set(PLACEMENT_PROVIDERS.codes)),
  },
  {
    code: "1009",
    severity: "warning",
    tables: [PLACE],
    check: codeRule(PLACE, "clap_cla_placement_change_reason", set(PLACEMENT_CHANGE_REASONS.codes)),
  },
  {
    code: "167",
    severity: "warning",
    tables: [REVIEW],
    check: codeRule(REVIEW, "clar_cla_review_participation", set(REVIEW_PARTICIPATION.codes), true),
  },
  {
    code: "1006",
    severity: "warning",
    tables: [MISSING],
    check: codeRule(MISSING, "miss_missing_episode_type", set(MISSING_TYPES.codes), true),
  },
  {
    code: "131",
    severity: "warning",
    tables: [OC3],
    check: codeRule(OC3, "clea_care_leaver_in_touch", set(CARE_LEAVER_IN_TOUCH.codes)),
  },
  {
    code: "132",
    severity: "warning",
    tables: [OC3],
    check: codeRule(OC3, "clea_care_leaver_activity", set([...CARE_LEAVER_ACTIVITY.codes, "0"])),
  },
  {
    code: "133",
    severity: "warning",
    tables: [OC3],
    check: codeRule(OC3, "clea_care_leaver_accommodation", set([...CARE_LEAVER_ACCOMMODATION.codes, "0"])),
  },
  {
    code: "345",
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
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      episodes(ctx, (e) => {
        if (e.end === e.start) emit(EPI, e.row, "clae_cla_episode_ceased_date", `starts and ends ${e.start}`);
      }),
  },
  {
    code: "356",
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
    severity: "warning",
    tables: [LEGAL],
    check: legalLongerThan("L1", 3),
  },
  {
    code: "362",
    severity: "warning",
    tables: [LEGAL],
    check: legalLongerThan("L2", 21),
  },
  {
    code: "363",
    severity: "warning",
    tables: [LEGAL],
    check: legalLongerThan("L3", 7),
  },
  {
    code: "365",
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
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E11", "E12"], (age) => age >= 18),
  },
  {
    code: "387",
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E5", "E6"], (age) => age < 14),
  },
  {
    code: "389",
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E7"], (age) => age < 16),
  },
  {
    code: "407",
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E45", "E46", "E47", "E48"], (age) => age >= 18),
  },
  {
    code: "460",
    severity: "warning",
    tables: [EPI, PERSON],
    check: ageAtCease(["E17"], (age) => age < 18),
  },
  {
    code: "388",
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
    severity: "warning",
    tables: [LEGAL],
    check: legalDated("D1", (s) => s > ACA_2002),
  },
  {
    code: "446",
    severity: "warning",
    tables: [LEGAL],
    check: legalDated("E1", (s) => s < ACA_2002),
  },
  {
    code: "440",
    severity: "warning",
    tables: [REVIEW, PERSON],
    check: reviewAge((code, d, birth) => code === "PN0" && d > addYears(birth, 4)),
  },
  {
    code: "441",
    severity: "warning",
    tables: [REVIEW, PERSON],
    check: reviewAge((code, d, birth) => code !== "PN0" && d < addYears(birth, 4)),
  },
  {
    code: "304",
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

/** DfE's SSDA903 rules checked here, each with DfE's wording for the collection year. */
export const SSDA903_RULES: Rule[] = rulesFromSpec("DfE 903", SSDA903_SPEC, [
  ...SSDA903_CHECKS,
  ...SSDA903_MORE_CHECKS,
  ...SSDA903_RETURN_CHECKS,
  ...SSDA903_LAST_YEAR_CHECKS,
]);

const POSTCODE =
  "reads postcodes, the placement's distance from home or its LA (HOME_POST, PL_POST, PL_DISTANCE, PL_LA, PL_LOCATION), which DfE works out with the national postcode directory: not evaluated, as this product ships no postcode directory";
const LAST_YEAR =
  "compares this return with the previous year's (DfE's *_last tables): not evaluated yet, even when last year's files are read too (only 202–208, 502–503F, 576 and 624 are)";
const OFSTED =
  "needs Ofsted's register of providers (URN, registered places): not evaluated, as it is not shipped";
const NOT_YET = "not implemented yet";

/**
 * DfE's SSDA903 rules that compare this year's return with last year's:
 * checked only when last year's files are read in the same run, so the
 * report lists them with this reason too.
 */
export const SSDA903_NEEDS_LAST_YEAR: NotEvaluated[] = SSDA903_LAST_YEAR_CHECKS.map((c) => ({
  code: c.code,
  message: SSDA903_SPEC.filter((s) => s.code === c.code).at(-1)!.message,
  reason:
    "compares with last year's return: checked only when last year's SSDA903 files are read in the same run (a folder per year, e.g. `scorecard validate 903/2024 903/2025`); with one year's files it finds nothing",
}));

/** DfE's SSDA903 rules not checked here, and why (every other code of SSDA903_SPEC has a check). */
export const SSDA903_NOT_EVALUATED: NotEvaluated[] = (
  [
    ["105", NOT_YET],
    ["117", NOT_YET],
    ["118", NOT_YET],
    ["157", NOT_YET],
    ["164", POSTCODE],
    ["165", NOT_YET],
    ["169", POSTCODE],
    ["179", POSTCODE],
    ["185", NOT_YET],
    ["186", NOT_YET],
    ["187", NOT_YET],
    ["190", NOT_YET],
    ["191", NOT_YET],
    ["197B", NOT_YET],
    ["198", NOT_YET],
    ["199", NOT_YET],
    ["205A", LAST_YEAR],
    ["205B", LAST_YEAR],
    ["205C", LAST_YEAR],
    ["205D", LAST_YEAR],
    ["209", NOT_YET],
    ["210", NOT_YET],
    ["214", POSTCODE],
    ["215", NOT_YET],
    ["218", OFSTED],
    ["219", OFSTED],
    ["221", POSTCODE],
    ["222", OFSTED],
    ["224", OFSTED],
    ["225", NOT_YET],
    ["226", NOT_YET],
    ["227", OFSTED],
    ["228", OFSTED],
    ["229", OFSTED],
    ["230", OFSTED],
    ["231", NOT_YET],
    ["233", NOT_YET],
    ["234", NOT_YET],
    ["303", NOT_YET],
    ["331", NOT_YET],
    ["334", NOT_YET],
    ["335", NOT_YET],
    ["336", NOT_YET],
    ["347", OFSTED],
    ["348", NOT_YET],
    ["383", POSTCODE],
    ["392a", POSTCODE],
    ["392b", POSTCODE],
    ["392c", POSTCODE],
    ["392d", POSTCODE],
    ["398", POSTCODE],
    ["406", POSTCODE],
    ["411", POSTCODE],
    ["420", POSTCODE],
    ["434", POSTCODE],
    ["435", POSTCODE],
    ["436", POSTCODE],
    ["452", POSTCODE],
    ["453", POSTCODE],
    ["454", POSTCODE],
    ["503G", POSTCODE],
    ["503H", POSTCODE],
    ["503J", POSTCODE],
    ["521", NOT_YET],
    ["543", NOT_YET],
    ["545", NOT_YET],
    ["551", NOT_YET],
    ["552", NOT_YET],
    ["553", NOT_YET],
    ["554", NOT_YET],
    ["555", NOT_YET],
    ["556", NOT_YET],
    ["557", NOT_YET],
    ["559", LAST_YEAR],
    ["560", LAST_YEAR],
    ["561", LAST_YEAR],
    ["562", LAST_YEAR],
    ["579", NOT_YET],
    ["580", NOT_YET],
    ["583", NOT_YET],
    ["584", LAST_YEAR],
    ["626", LAST_YEAR],
    ["630", NOT_YET],
    ["632", NOT_YET],
    ["633", NOT_YET],
    ["634", NOT_YET],
    ["1001", LAST_YEAR],
    ["1002", LAST_YEAR],
    ["1003", NOT_YET],
    ["1008", OFSTED],
    ["1010", LAST_YEAR],
    ["1012", NOT_YET],
    ["1014", NOT_YET],
    ["1015", POSTCODE],
    ["3001", NOT_YET],
    ["EPI", NOT_YET],
    ["NoE", LAST_YEAR],
    ["SW01STG1", NOT_YET],
    ["SW01bSTG1", NOT_YET],
    ["SW03STG1", NOT_YET],
    ["SW06STG2", NOT_YET],
    ["SW07STG2", NOT_YET],
    ["SW10STG2", NOT_YET],
    ["SW11aSTG2", NOT_YET],
    ["SW11bSTG2", NOT_YET],
    ["SW12STG2", NOT_YET],
    ["SW13STG1", NOT_YET],
    ["SW14STG2", NOT_YET],
    ["SW17STG2", NOT_YET],
  ] as const
).map(([code, reason]) => ({
  code,
  message: SSDA903_SPEC.filter((s) => s.code === code).at(-1)!.message,
  reason,
}));
