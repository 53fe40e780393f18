/**
 * More of DfE's SSDA903 rules, restated on canonical rows: placements by
 * age and type, temporary placements, respite (V3/V4), placement providers,
 * motherhood, missing periods against periods of care, and care leavers
 * (OC3) against the episodes.
 *
 * Why a module of its own: ssda903.ts holds the first set; these were
 * added together and share a few helpers. Conditions follow DfE's message
 * and the data-to-insight validator's reading of it (csc-validator-be-903);
 * where the two differ the comment on the check says which was followed.
 * Placement codes are DfE's: T1 hospital, T3 holiday of the usual foster
 * carer, T4 seven days or less for another reason.
 */
import { addDays, daysBetween } from "../../../calendar/dates.ts";
import type { Row } from "../../../db/database.ts";
import { SHORT_BREAK_LEGAL_STATUSES, TEMPORARY_PLACEMENT_TYPES } from "../../../model/codes.ts";
import {
  addYears,
  type Child,
  type Context,
  date,
  type EpisodeView,
  person,
  sourceFormat,
  str,
} from "../context.ts";
import type { Check } from "./spec.ts";

const PERSON = "ssd_person";
const EPI = "ssd_cla_episodes";
const LEGAL = "ssd_legal_status";
const REVIEW = "ssd_cla_reviews";
const MISSING = "ssd_missing";
const OC3 = "ssd_care_leavers";
const PLACE = "ssd_cla_placement";

const TEMPORARY = new Set<string>(TEMPORARY_PLACEMENT_TYPES);
const NO_PROVIDER = new Set([...TEMPORARY, "Z11", "Z12", "Z13", "Z14"]);
const RESPITE = new Set<string>(SHORT_BREAK_LEGAL_STATUSES);

const dobOf = (c: Child) => {
  const p = person(c);
  return p ? date(p, "pers_dob") : undefined;
};

function eachEpisode(
  ctx: Context,
  f: (e: EpisodeView, prev: EpisodeView | undefined, c: Child) => void,
): void {
  for (const c of ctx.children.values()) {
    const list = c.episodes;
    for (let i = 0; i < list.length; i++) f(list[i]!, list[i - 1], c);
  }
}

/** An episode in placement `place` that began before the child was `age`. */
function placedTooYoung(place: string, age: number): Check["check"] {
  return (ctx, emit) =>
    eachEpisode(ctx, (e, _p, c) => {
      const birth = dobOf(c);
      if (e.place === place && birth && e.start < addYears(birth, age))
        emit(EPI, e.row, "clae_cla_episode_start_date", `${place} from ${e.start}; born ${birth}`);
    });
}

/** A closed episode in placement `place` lasting more than `days`. */
function placedTooLong(place: string, days: number): Check["check"] {
  return (ctx, emit) =>
    eachEpisode(ctx, (e) => {
      if (e.place === place && e.end !== undefined && e.end > addDays(e.start, days))
        emit(EPI, e.row, "clae_cla_episode_ceased_date", `${place} from ${e.start} to ${e.end}`);
    });
}

/** An episode whose placement provider is `provider` while its placement type is one of `places` (or, with `except`, is not). */
function providerWith(provider: string, places: readonly string[], except = false): Check["check"] {
  const set = new Set(places);
  return (ctx, emit) =>
    eachEpisode(ctx, (e) => {
      if (e.provider === provider && e.place !== undefined && set.has(e.place) !== except)
        emit(
          PLACE,
          placementOf(ctx, e) ?? e.row,
          "clap_cla_placement_provider",
          `${provider} with ${e.place}`,
        );
    });
}

/** The placement row an episode sits in (found through the child's placements). */
function placementOf(ctx: Context, e: EpisodeView): Row | undefined {
  const id = str(e.row, "clae_cla_placement_id");
  if (id === undefined) return undefined;
  const c = ctx.children.get(`${str(e.row, "la_code") ?? ""}|${str(e.row, "clae_person_id") ?? ""}`);
  return c?.placements.find((p) => str(p, "clap_cla_placement_id") === id);
}

const from903 = (r: Row) => sourceFormat(PERSON, r) === "903";

/** The child's 903 header row when she is a girl with MOTHER blank (rules 393 and 607). */
function girlWithMotherBlank(c: Child): Row | undefined {
  const p = person(c);
  if (!p || !from903(p) || str(p, "pers_sex")?.toUpperCase() !== "F") return undefined;
  return str(p, "pers_is_mother") === undefined ? p : undefined;
}
const coded = (r: Row) =>
  str(r, "clea_care_leaver_in_touch") !== undefined ||
  str(r, "clea_care_leaver_activity") !== undefined ||
  str(r, "clea_care_leaver_accommodation") !== undefined;

/** Each OC3 row with something coded, with its child. */
function eachCodedOc3(ctx: Context, f: (r: Row, c: Child) => void): void {
  for (const c of ctx.children.values()) for (const r of c.careLeavers) if (coded(r)) f(r, c);
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** Whether a date falls within one of the child's episodes (an open one runs on). */
function inCare(c: Child, d: string): boolean {
  return c.episodes.some((e) => e.start <= d && (e.end === undefined || d <= e.end));
}

/** The further SSDA903 checks (messages, fields and years from ssda903Spec.ts). */
export const SSDA903_MORE_CHECKS: Check[] = [
  {
    code: "353",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if (e.start < "1991-10-14") emit(EPI, e.row, "clae_cla_episode_start_date", `starts ${e.start}`);
      }),
  },
  {
    // d2i: 18 before the year end, episode open, not V2 in K2.
    code: "359",
    severity: "warning",
    tables: [EPI, PERSON],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e, _p, c) => {
        const birth = dobOf(c);
        if (!birth || ctx.yearEnd === undefined || e.end !== undefined) return;
        if (addYears(birth, 18) < ctx.yearEnd && !(e.ls === "V2" && e.place === "K2"))
          emit(
            EPI,
            e.row,
            "clae_cla_episode_start_date",
            `open at 18 (born ${birth}) with ${e.ls ?? "no LS"} in ${e.place ?? "no placement"}`,
          );
      }),
  },
  {
    // PACE detention (J2) of more than 21 days, an open one measured to the year end.
    code: "364",
    severity: "warning",
    tables: [LEGAL],
    check: (ctx, emit) => {
      for (const r of ctx.rows[LEGAL] ?? []) {
        if (str(r, "lega_legal_status")?.toUpperCase() !== "J2") continue;
        const s = date(r, "lega_legal_status_start_date");
        const e = date(r, "lega_legal_status_end_date") ?? ctx.yearEnd ?? ctx.today;
        if (s !== undefined && e > s && daysBetween(s, e) > 21)
          emit(LEGAL, r, "lega_legal_status_end_date", `J2 from ${s} to ${e}: ${daysBetween(s, e)} days`);
      }
    },
  },
  {
    code: "366",
    severity: "warning",
    tables: [EPI, LEGAL],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if (e.ls === "V3" && e.rne !== undefined && e.rne !== "S")
          emit(EPI, e.row, "clae_cla_episode_start_reason", `RNE ${e.rne} under V3`);
      }),
  },
  {
    // V3 days inside the collection year, summed per child.
    code: "367",
    severity: "warning",
    tables: [EPI, LEGAL],
    check: (ctx, emit) => {
      const { yearStart, yearEnd } = ctx;
      if (yearStart === undefined || yearEnd === undefined) return;
      for (const c of ctx.children.values()) {
        let days = 0;
        const v3: EpisodeView[] = [];
        for (const e of c.episodes) {
          if (e.ls !== "V3") continue;
          const s = later(e.start, yearStart);
          const end = e.end === undefined ? yearEnd : earlier(e.end, yearEnd);
          if (end > s) {
            days += daysBetween(s, end);
            v3.push(e);
          }
        }
        if (days > 75)
          for (const e of v3)
            emit(EPI, e.row, "clae_cla_episode_start_date", `${days} days of V3 in the year`);
      }
    },
  },
  // Ages by placement: DfE's messages name the age (d2i tests 15 for P2 and 14 for H5; the messages' ages are used).
  { code: "370", severity: "warning", tables: [EPI, PERSON], check: placedTooYoung("P2", 16) },
  {
    code: "371",
    severity: "warning",
    tables: [EPI, PERSON],
    check: (ctx, emit) => {
      const place = ctx.year !== undefined && ctx.year <= 2024 ? "H5" : "K3";
      placedTooYoung(place, 16)(ctx, emit);
    },
  },
  { code: "372", severity: "warning", tables: [EPI, PERSON], check: placedTooYoung("R5", 10) },
  { code: "373", severity: "warning", tables: [EPI, PERSON], check: placedTooYoung("S1", 4) },
  { code: "374", severity: "warning", tables: [EPI, PERSON], check: placedTooYoung("P3", 14) },
  { code: "375", severity: "warning", tables: [EPI, PLACE], check: placedTooLong("T1", 42) },
  { code: "376", severity: "warning", tables: [EPI, PLACE], check: placedTooLong("T3", 21) },
  { code: "379", severity: "warning", tables: [EPI, PLACE], check: placedTooLong("T4", 7) },
  {
    // More than two T3 episodes starting in the collection year (in the files, when the year is not known).
    code: "377",
    severity: "warning",
    tables: [EPI, PLACE],
    check: (ctx, emit) => {
      for (const c of ctx.children.values()) {
        const t3 = c.episodes.filter(
          (e) => e.place === "T3" && (ctx.yearStart === undefined || e.start >= ctx.yearStart),
        );
        if (t3.length > 2)
          for (const e of t3) emit(EPI, e.row, "clae_cla_episode_start_date", `${t3.length} T3 placements`);
      }
    },
  },
  {
    code: "382",
    severity: "warning",
    tables: [EPI, PLACE, LEGAL],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if (e.ls && RESPITE.has(e.ls) && e.place && TEMPORARY.has(e.place))
          emit(EPI, e.row, "clae_cla_episode_start_date", `${e.place} under ${e.ls}`);
      }),
  },
  {
    code: "384",
    severity: "warning",
    tables: [EPI, PLACE, LEGAL],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if (e.ls && RESPITE.has(e.ls) && (e.place === "U1" || e.place === "U4"))
          emit(EPI, e.row, "clae_cla_episode_start_date", `${e.place} under ${e.ls}`);
      }),
  },
  {
    // Both V3 and V4 among the episodes in the year (in the files, when the year is not known).
    code: "426",
    severity: "warning",
    tables: [EPI, LEGAL],
    check: (ctx, emit) => {
      for (const c of ctx.children.values()) {
        const inYear = c.episodes.filter(
          (e) =>
            e.ls !== undefined &&
            RESPITE.has(e.ls) &&
            (ctx.yearStart === undefined || e.end === undefined || e.end >= ctx.yearStart),
        );
        if (inYear.some((e) => e.ls === "V3") && inYear.some((e) => e.ls === "V4"))
          for (const e of inYear)
            emit(EPI, e.row, "clae_cla_episode_start_date", `${e.ls}; the child has both V3 and V4`);
      }
    },
  },
  {
    code: "504",
    severity: "warning",
    tables: [EPI],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e, prev) => {
        if (prev?.rec !== "X1" || prev.end !== e.start) return;
        const need = str(e.row, "clae_cla_primary_need_code")?.toUpperCase();
        const before = str(prev.row, "clae_cla_primary_need_code")?.toUpperCase();
        if (need !== before)
          emit(
            EPI,
            e.row,
            "clae_cla_primary_need_code",
            `${need ?? "(blank)"}; the episode before has ${before ?? "(blank)"}`,
          );
      }),
  },
  {
    code: "516",
    severity: "warning",
    tables: [EPI, PLACE],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if ((e.rec === "E45" || e.rec === "E46") && !(e.place && /^U[1-6]$/.test(e.place)))
          emit(EPI, e.row, "clae_cla_episode_ceased_reason", `${e.rec} from ${e.place ?? "no placement"}`);
      }),
  },
  {
    code: "526",
    severity: "warning",
    tables: [EPI, PLACE],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if (e.place !== undefined && !NO_PROVIDER.has(e.place) && e.provider === undefined)
          emit(
            PLACE,
            placementOf(ctx, e) ?? e.row,
            "clap_cla_placement_provider",
            `${e.place} with no provider`,
          );
      }),
  },
  {
    code: "213",
    severity: "warning",
    tables: [EPI, PLACE],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if (e.place !== undefined && NO_PROVIDER.has(e.place) && e.provider !== undefined)
          emit(
            PLACE,
            placementOf(ctx, e) ?? e.row,
            "clap_cla_placement_provider",
            `${e.provider} with ${e.place}`,
          );
      }),
  },
  { code: "527", severity: "warning", tables: [EPI, PLACE], check: providerWith("PR1", ["P1", "R2", "R5"]) },
  { code: "528", severity: "warning", tables: [EPI, PLACE], check: providerWith("PR2", ["P1", "R2", "R5"]) },
  {
    code: "529",
    severity: "warning",
    tables: [EPI, PLACE],
    check: providerWith("PR3", [
      "P1",
      "A3",
      "A4",
      "A5",
      "A6",
      "K1",
      "K2",
      "U1",
      "U2",
      "U3",
      "U4",
      "U5",
      "U6",
    ]),
  },
  { code: "530", severity: "warning", tables: [EPI, PLACE], check: providerWith("PR4", ["P1"]) },
  { code: "531", severity: "warning", tables: [EPI, PLACE], check: providerWith("PR5", ["P1"]) },
  { code: "550", severity: "warning", tables: [EPI, PLACE], check: providerWith("PR0", ["P1"], true) },
  {
    code: "217",
    severity: "warning",
    tables: [EPI, PLACE],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if (
          (e.place === "A3" || e.place === "A5") &&
          e.start >= "2015-04-01" &&
          !["S", "T", "U"].includes(e.rne ?? "")
        )
          emit(
            EPI,
            e.row,
            "clae_cla_episode_start_reason",
            `${e.place} from ${e.start} with RNE ${e.rne ?? "(blank)"}`,
          );
      }),
  },
  {
    code: "217t",
    severity: "warning",
    tables: [EPI, PLACE],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if (e.place === "P2" && e.start >= "2023-10-28")
          emit(EPI, e.row, "clae_cla_episode_start_date", `P2 from ${e.start}`);
      }),
  },
  {
    code: "408",
    severity: "warning",
    tables: [EPI, PLACE, LEGAL],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if ((e.place === "A5" || e.place === "A6") && e.ls !== undefined && e.ls !== "E1")
          emit(EPI, e.row, "clae_cla_episode_start_date", `${e.place} under ${e.ls}`);
      }),
  },
  {
    code: "451",
    severity: "warning",
    tables: [EPI, LEGAL],
    check: (ctx, emit) =>
      eachEpisode(ctx, (e) => {
        if (e.ls === "D1" && e.end === undefined && e.rec === undefined)
          emit(EPI, e.row, "clae_cla_episode_ceased_date", `D1 from ${e.start}, still open`);
      }),
  },
  {
    code: "232",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      for (const r of ctx.rows[PERSON] ?? [])
        if (from903(r) && str(r, "pers_sex")?.toUpperCase() === "U") emit(PERSON, r, "pers_sex");
    },
  },
  // --- motherhood ---
  {
    // A girl with an episode not under V3/V4 and MOTHER blank.
    code: "393",
    severity: "warning",
    tables: [PERSON, EPI, LEGAL],
    check: (ctx, emit) => {
      for (const c of ctx.children.values()) {
        const p = girlWithMotherBlank(c);
        if (!p) continue;
        if (c.episodes.some((e) => e.ls === undefined || !RESPITE.has(e.ls)))
          emit(PERSON, p, "pers_is_mother", "a girl looked after, MOTHER blank");
      }
    },
  },
  {
    // A girl who left care in the year (REC other than X1), not under V3/V4, MOTHER blank.
    code: "607",
    severity: "warning",
    tables: [PERSON, EPI, LEGAL],
    check: (ctx, emit) => {
      const { yearStart, yearEnd } = ctx;
      if (yearStart === undefined || yearEnd === undefined) return;
      for (const c of ctx.children.values()) {
        const p = girlWithMotherBlank(c);
        if (!p) continue;
        const left = c.episodes.find(
          (e) =>
            e.rec !== undefined &&
            e.rec !== "X1" &&
            e.end !== undefined &&
            e.end >= yearStart &&
            e.end <= yearEnd &&
            !(e.ls && RESPITE.has(e.ls)),
        );
        if (left) emit(PERSON, p, "pers_is_mother", `ceased ${left.end} (${left.rec}), MOTHER blank`);
      }
    },
  },
  {
    code: "620",
    severity: "warning",
    tables: [PERSON],
    check: (ctx, emit) => {
      if (ctx.yearStart === undefined) return;
      for (const r of ctx.rows[PERSON] ?? []) {
        const birth = date(r, "pers_dob");
        if (from903(r) && str(r, "pers_is_mother") === "Y" && birth && addYears(birth, 11) > ctx.yearStart)
          emit(PERSON, r, "pers_is_mother", `a mother born ${birth}`);
      }
    },
  },
  {
    code: "628",
    severity: "warning",
    tables: [PERSON, EPI, OC3],
    check: (ctx, emit) => {
      for (const c of ctx.children.values()) {
        const p = person(c);
        if (!p || !from903(p) || str(p, "pers_is_mother") === undefined) continue;
        const { yearStart, yearEnd } = ctx;
        const inYear = (e: EpisodeView) =>
          yearStart === undefined ||
          yearEnd === undefined ||
          (e.start <= yearEnd && (e.end ?? yearEnd) >= yearStart);
        if (c.episodes.some(inYear)) continue;
        if (c.careLeavers.some(coded)) emit(PERSON, p, "pers_is_mother", "a care leaver with no episode");
      }
    },
  },
  {
    // Every episode under V3/V4, yet MOTHER or a review is given.
    code: "399",
    severity: "warning",
    tables: [PERSON, EPI, LEGAL, REVIEW],
    check: (ctx, emit) => {
      for (const c of ctx.children.values()) {
        if (c.episodes.length === 0 || !c.episodes.every((e) => e.ls !== undefined && RESPITE.has(e.ls)))
          continue;
        const p = person(c);
        if (p && from903(p) && str(p, "pers_is_mother") !== undefined)
          emit(PERSON, p, "pers_is_mother", "every episode is V3 or V4");
        for (const r of c.claReviews) emit(REVIEW, r, "clar_cla_review_date", "every episode is V3 or V4");
      }
    },
  },
  // --- missing ---
  {
    code: "571",
    severity: "warning",
    tables: [MISSING],
    check: (ctx, emit) => {
      const { yearStart, yearEnd } = ctx;
      if (yearStart === undefined || yearEnd === undefined) return;
      for (const r of ctx.rows[MISSING] ?? []) {
        const e = date(r, "miss_missing_episode_end_date");
        if (e !== undefined && (e < yearStart || e > yearEnd))
          emit(MISSING, r, "miss_missing_episode_end_date", `${e}, outside ${yearStart} to ${yearEnd}`);
      }
    },
  },
  {
    // Open while the placement it began in has ended.
    code: "575",
    severity: "warning",
    tables: [MISSING, PLACE],
    check: (ctx, emit) => {
      for (const c of ctx.children.values())
        for (const r of c.missing) {
          const s = date(r, "miss_missing_episode_start_date");
          if (s === undefined || date(r, "miss_missing_episode_end_date") !== undefined) continue;
          const p = c.placements.find((p) => {
            const from = date(p, "clap_cla_placement_start_date");
            const to = date(p, "clap_cla_placement_end_date");
            return from !== undefined && from <= s && (to === undefined || s <= to);
          });
          const ended = p ? date(p, "clap_cla_placement_end_date") : undefined;
          if (ended !== undefined)
            emit(MISSING, r, "miss_missing_episode_end_date", `open; the placement ended ${ended}`);
        }
    },
  },
  {
    // Open while the child's last episode has ended (the child has left care).
    code: "577",
    severity: "warning",
    tables: [MISSING, EPI],
    check: (ctx, emit) => {
      for (const c of ctx.children.values()) {
        const last = c.episodes.at(-1);
        if (!last?.end || last.rec === "X1") continue;
        for (const r of c.missing) {
          const s = date(r, "miss_missing_episode_start_date");
          if (s !== undefined && s <= last.end && date(r, "miss_missing_episode_end_date") === undefined)
            emit(MISSING, r, "miss_missing_episode_end_date", `open; the child left care ${last.end}`);
        }
      }
    },
  },
  {
    // Starts outside every episode and after one has ended (581 takes those before the first).
    code: "578",
    severity: "warning",
    tables: [MISSING, EPI],
    check: (ctx, emit) => {
      for (const c of ctx.children.values()) {
        const first = c.episodes[0];
        if (!first) continue;
        for (const r of c.missing) {
          const s = date(r, "miss_missing_episode_start_date");
          if (s !== undefined && s >= first.start && !inCare(c, s))
            emit(MISSING, r, "miss_missing_episode_start_date", `${s}, when the child was not looked after`);
        }
      }
    },
  },
  {
    code: "581",
    severity: "warning",
    tables: [MISSING, EPI],
    check: (ctx, emit) => {
      for (const c of ctx.children.values()) {
        const first = c.episodes[0];
        if (!first) continue;
        for (const r of c.missing) {
          const s = date(r, "miss_missing_episode_start_date");
          if (s !== undefined && s < first.start)
            emit(MISSING, r, "miss_missing_episode_start_date", `${s}; first looked after ${first.start}`);
        }
      }
    },
  },
  // --- care leavers (OC3) ---
  {
    code: "344",
    severity: "warning",
    tables: [OC3],
    check: (ctx, emit) => {
      for (const r of ctx.rows[OC3] ?? []) {
        const touch = str(r, "clea_care_leaver_in_touch")?.toUpperCase();
        if (touch !== "DIED" && touch !== "RHOM") continue;
        const activity = str(r, "clea_care_leaver_activity");
        if (activity !== undefined && activity !== "0")
          emit(OC3, r, "clea_care_leaver_activity", `${touch} with ${activity}`);
        else if (str(r, "clea_care_leaver_accommodation") !== undefined)
          emit(OC3, r, "clea_care_leaver_accommodation", `${touch} with an accommodation`);
      }
    },
  },
  {
    code: "1000",
    severity: "warning",
    tables: [OC3, EPI],
    check: (ctx, emit) =>
      eachCodedOc3(ctx, (r, c) => {
        const died = c.episodes.find((e) => e.rec === "E2");
        if (died) emit(OC3, r, "clea_care_leaver_in_touch", `an episode ended E2 on ${died.end ?? "?"}`);
      }),
  },
  {
    code: "1011",
    severity: "warning",
    tables: [OC3, EPI],
    check: (ctx, emit) =>
      eachCodedOc3(ctx, (r, c) => {
        const last = c.episodes.at(-1);
        if (last?.rec === "E3")
          emit(OC3, r, "clea_care_leaver_in_touch", `the last episode ended E3 on ${last.end ?? "?"}`);
      }),
  },
  {
    // Under 17 at the year end, or 22 by its first day (d2i checks the first only).
    code: "391",
    severity: "warning",
    tables: [OC3, PERSON],
    check: (ctx, emit) => {
      const { yearStart, yearEnd } = ctx;
      if (yearStart === undefined || yearEnd === undefined) return;
      eachCodedOc3(ctx, (r, c) => {
        const birth = dobOf(c);
        if (birth && (addYears(birth, 17) > yearEnd || addYears(birth, 22) <= yearStart))
          emit(OC3, r, "clea_care_leaver_in_touch", `born ${birth}`);
      });
    },
  },
  {
    // 17 or 18 at the year end and still looked after then (the last episode open).
    code: "1007",
    severity: "warning",
    tables: [OC3, PERSON, EPI],
    check: (ctx, emit) => {
      const { yearEnd } = ctx;
      if (yearEnd === undefined) return;
      eachCodedOc3(ctx, (r, c) => {
        const birth = dobOf(c);
        if (!birth || addYears(birth, 17) > yearEnd || addYears(birth, 19) <= yearEnd) return;
        const last = c.episodes.at(-1);
        if (last && last.end === undefined && last.start <= yearEnd)
          emit(OC3, r, "clea_care_leaver_in_touch", `looked after on ${yearEnd}; born ${birth}`);
      });
    },
  },
  {
    // 17 at the year end and left care on or after the 17th birthday, or 18 and on or after the 18th (d2i's reading).
    code: "1016",
    severity: "warning",
    tables: [OC3, PERSON, EPI],
    check: (ctx, emit) => {
      const { yearEnd } = ctx;
      if (yearEnd === undefined) return;
      eachCodedOc3(ctx, (r, c) => {
        const birth = dobOf(c);
        if (!birth || addYears(birth, 17) > yearEnd || addYears(birth, 19) <= yearEnd) return;
        const birthday = addYears(birth, addYears(birth, 18) <= yearEnd ? 18 : 17);
        const left = c.episodes.find((e) => e.end !== undefined && e.end >= birthday);
        if (left)
          emit(
            OC3,
            r,
            "clea_care_leaver_in_touch",
            `ceased ${left.end}, on or after the birthday ${birthday}`,
          );
      });
    },
  },
];
