/**
 * Episodes into periods of care, placements and legal statuses (see
 * reader.ts): periods are runs of episodes joined with X1, a placement is a
 * run starting with a change of placement, a legal status a run with the
 * same LS; the same episode read from two years' returns is kept once.
 */
import type { Row } from "../../db/database.ts";
import { compact, type Period, type ReadContext } from "./context.ts";
import { type Raw, SSDA903_FILES } from "./format.ts";

const PLACEMENT_CHANGES = new Set(["P", "B", "T", "U", "S"]);

interface Episode {
  r: Raw;
  start: string;
  end: string | null;
  rne: string | null;
  ls: string | null;
  cin: string | null;
  place: string | null;
  provider: string | null;
  rec: string | null;
  change: string | null;
}

/** Episodes into periods of care, placements, legal statuses and episode rows; records each child's periods in the context. */
export function episodes(ctx: ReadContext, la: string): void {
  const byChild = new Map<string, Episode[]>();
  for (const r of ctx.records.episodes) {
    const start = ctx.required(r, "DECOM", "episode");
    const end = ctx.date(r, "DEC", "error", "episode");
    if (start === false || end === false) continue;
    const e: Episode = {
      r,
      start,
      end,
      rne: ctx.code(r, "RNE"),
      ls: ctx.code(r, "LS"),
      cin: ctx.code(r, "CIN"),
      place: ctx.code(r, "PLACE"),
      provider: ctx.code(r, "PLACE_PROVIDER"),
      rec: ctx.code(r, "REC"),
      change: ctx.code(r, "REASON_PLACE_CHANGE"),
    };
    const list = byChild.get(r.v.CHILD!);
    if (list) list.push(e);
    else byChild.set(r.v.CHILD!, [e]);
  }
  for (const [child, list] of byChild) {
    const episodes = dedupeEpisodes(ctx, list);
    const periods: Period[] = [];
    let period: Period | undefined;
    let placement: Row | undefined;
    let legal: Row | undefined;
    let details: Row | undefined;
    let prev: Episode | undefined;
    for (const e of episodes) {
      const joined = prev !== undefined && prev.rec === "X1" && prev.end === e.start;
      if (prev && (prev.end === null || prev.end > e.start)) {
        ctx.at(
          "warning",
          "SSDA903_EPISODE_OVERLAP",
          e.r,
          "DECOM",
          `this episode of child ${child} starts ${e.start}, before the previous one (from ${prev.start}) ${prev.end === null ? "ends (it is open)" : `ended (${prev.end})`}: a new period of care was started`,
        );
      } else if (prev?.rec === "X1" && prev.end !== e.start) {
        ctx.at(
          "warning",
          "SSDA903_EPISODE_JOIN",
          e.r,
          "DECOM",
          `the previous episode of child ${child} ended ${prev.end} with REC X1 (a new episode the same day), but this one starts ${e.start}: a new period of care was started`,
        );
      }
      if (!joined || !period) {
        // Only the child's first episode in the files: a later period after a broken X1 chain is
        // already reported (SSDA903_EPISODE_JOIN/OVERLAP) and was started there.
        const entered = prev !== undefined || e.rne === null || e.rne === "S";
        period = { id: `${child}-C${compact(e.start)}`, start: e.start, end: e.end, entered };
        periods.push(period);
        if (!entered) {
          ctx.at(
            "warning",
            "SSDA903_STARTED_BEFORE",
            e.r,
            "RNE",
            `child ${child}'s first episode in these files (from ${e.start}) starts with RNE ${e.rne}, not S: the period of care began before the data, so its date of entering care is unknown and it is not counted as a start to care`,
          );
        }
        placement = undefined;
        legal = undefined;
        details = {
          la_code: la,
          clpd_cla_id: period.id,
          clpd_person_id: child,
          clpd_home_postcode: null,
          clpd_previous_permanence: null,
          clpd_previous_permanence_la: null,
          clpd_previous_permanence_date: null,
        };
        ctx.push("ssdx_cla_period_details", e.r, details);
      }
      if (details && !details.clpd_home_postcode && e.r.v.HOME_POST)
        details.clpd_home_postcode = e.r.v.HOME_POST;
      period.end = e.end;
      if (!placement || (e.rne !== null && PLACEMENT_CHANGES.has(e.rne))) {
        placement = {
          la_code: la,
          clap_cla_placement_id: `${child}-P${compact(e.start)}`,
          clap_cla_placement_start_date: e.start,
          clap_cla_placement_type: e.place,
          clap_cla_placement_urn: e.r.v.URN || null,
          clap_cla_id: period.id,
          clap_cla_placement_provider: e.provider,
          clap_cla_placement_postcode: e.r.v.PL_POST || null,
          clap_cla_placement_end_date: e.end,
          clap_cla_placement_change_reason: e.change,
          clap_person_id: child,
        };
        ctx.push("ssd_cla_placement", e.r, placement);
      } else {
        placement.clap_cla_placement_end_date = e.end;
        if (e.change !== null) placement.clap_cla_placement_change_reason = e.change;
      }
      if (!legal || legal.lega_legal_status !== e.ls) {
        legal = {
          la_code: la,
          lega_legal_status_id: `${child}-L${compact(e.start)}`,
          lega_person_id: child,
          lega_legal_status: e.ls,
          lega_legal_status_start_date: e.start,
          lega_legal_status_end_date: e.end,
        };
        ctx.push("ssd_legal_status", e.r, legal);
      } else {
        legal.lega_legal_status_end_date = e.end;
      }
      ctx.push("ssd_cla_episodes", e.r, {
        la_code: la,
        clae_cla_episode_id: `${child}-E${compact(e.start)}`,
        clae_person_id: child,
        clae_cla_episode_start_date: e.start,
        clae_cla_episode_start_reason: e.rne,
        clae_cla_primary_need_code: e.cin,
        clae_cla_episode_ceased_date: e.end,
        clae_cla_episode_ceased_reason: e.rec,
        clae_cla_id: period.id,
        clae_cla_placement_id: placement.clap_cla_placement_id,
        clae_entered_care_date: period.entered ? period.start : null,
      });
      prev = e;
    }
    ctx.periods.set(child, periods);
  }
}

/**
 * Sorts a child's episodes by start and keeps one per start date: the
 * same episode read from two years' returns (open in the first, closed in
 * the second) is kept once, the closed copy preferred.
 */
function dedupeEpisodes(ctx: ReadContext, list: Episode[]): Episode[] {
  const byStart = new Map<string, Episode>();
  for (const e of list) {
    const other = byStart.get(e.start);
    if (!other) {
      byStart.set(e.start, e);
      continue;
    }
    const open = other.end === null || e.end === null;
    const same = SSDA903_FILES.episodes.every(
      (f) => f === "DEC" || f === "REC" || (open && f === "REASON_PLACE_CHANGE") || other.r.v[f] === e.r.v[f],
    );
    const keep = other.end === null && e.end !== null ? e : other.end !== null && e.end === null ? other : e;
    if (!same || (other.end !== null && e.end !== null && other.end !== e.end)) {
      ctx.at(
        "warning",
        "SSDA903_DUPLICATE",
        e.r,
        "DECOM",
        `child ${e.r.v.CHILD} has two different episodes starting ${e.start}: the one ${keep === e ? "here" : `in ${other.r.file}${other.r.row ? ` row ${other.r.row}` : ""}`} was used`,
      );
    }
    byStart.set(e.start, keep);
  }
  return [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
}
