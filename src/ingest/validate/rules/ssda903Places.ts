/**
 * DfE's SSDA903 rules on where a child is placed that compare the
 * postcodes and URNs as written, without looking them up: the reason for a
 * new episode against what changed, the return from a temporary placement,
 * location items under short breaks (V3/V4), a home postcode equal to the
 * placement's, URNs for placement types that have none, and Foyers for care
 * leavers under 18.
 *
 * Why apart from the rules that need the postcode directory
 * (ssda903Postcodes.ts): these read only the return, so they always run.
 * Conditions follow DfE's rule statements as data-to-insight's validator
 * (csc-validator-be-903) evaluates them; departures are commented.
 */
import type { Row } from "../../../db/database.ts";
import { addYears, type Context, type Emit } from "../context.ts";
import type { Check } from "./spec.ts";
import { d, f, lastYearOf, type SetView, sets, tableOf } from "./ssda903Return.ts";

const TEMPORARY = new Set(["T0", "T1", "T2", "T3", "T4"]);
const SHORT_BREAKS = new Set(["V3", "V4"]);
const up = (r: Row, field: string) => f(r, field)?.toUpperCase();
/** A postcode without its spaces, upper case. */
const pc = (r: Row, field: string) => f(r, field)?.replace(/\s+/g, "").toUpperCase();
/** DfE's URN for a provider with none (seven Xs): not a URN. */
const urn = (r: Row) => {
  const v = up(r, "URN");
  return v === "XXXXXXX" ? undefined : v;
};

/** A set's episodes by child, by DECOM (undated ones left out). */
function byChild(s: SetView): Row[][] {
  const m = new Map<string, Row[]>();
  for (const r of s.tables.episodes) {
    const c = f(r, "CHILD");
    if (c === undefined || d(r, "DECOM") === undefined) continue;
    const list = m.get(c);
    if (list) list.push(r);
    else m.set(c, [r]);
  }
  for (const list of m.values()) list.sort((a, b) => d(a, "DECOM")!.localeCompare(d(b, "DECOM")!));
  return [...m.values()];
}

/** A check over each set's episodes, child by child. */
function perChild(code: string, run: (eps: Row[], emit: Emit, s: SetView) => void): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf("episodes")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) for (const eps of byChild(s)) run(eps, emit, s);
    },
  };
}

/** A check of each episode of each set. */
function perEpisode(
  code: string,
  run: (e: Row, emit: (field: string, detail: string) => void, s: SetView) => void,
): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf("episodes")],
    check: (ctx, emit) => {
      for (const s of sets(ctx))
        for (const e of s.tables.episodes)
          run(e, (field, detail) => emit(tableOf("episodes"), e, field, detail), s);
    },
  };
}

/** The placement items a new placement changes (blank equals blank). */
const PLACEMENT = ["PLACE", "PL_POST", "URN", "PLACE_PROVIDER"];
const same = (a: Row, b: Row, field: string) =>
  (field === "PL_POST" ? pc(a, field) : up(a, field)) === (field === "PL_POST" ? pc(b, field) : up(b, field));
const samePlacement = (a: Row, b: Row) => PLACEMENT.every((x) => same(a, b, x));

/** Children with a UASC record in a set or the set of the year before it (DfE: UASC this year or last). */
function uascChildren(ctx: Context, s: SetView): Set<string | undefined> {
  const out = new Set(s.tables.uasc.map((r) => f(r, "CHILD")));
  for (const r of lastYearOf(ctx, s)?.tables.uasc ?? []) out.add(f(r, "CHILD"));
  return out;
}

/** URN exempt placement types by collection year (DfE 218 and 222): P2 until 2023/24, Z1 until 2024/25, its Z11–Z14 after. */
export function urnExempt(year: number | undefined): Set<string> {
  const y = year ?? 9999;
  return new Set([
    ...["P1", "P3", "R1", "R2", "R5", ...TEMPORARY],
    ...(y <= 2024 ? ["P2"] : []),
    ...(y <= 2025 ? ["Z1"] : ["Z11", "Z12", "Z13", "Z14"]),
  ]);
}

/** DfE's SSDA903 placement rules on postcodes and URNs as written. */
export const SSDA903_PLACE_CHECKS: Check[] = [
  perEpisode("214", (e, emit) => {
    if (SHORT_BREAKS.has(up(e, "LS") ?? "") && (f(e, "PL_POST") !== undefined || f(e, "URN") !== undefined))
      emit(f(e, "PL_POST") !== undefined ? "PL_POST" : "URN", `given under ${up(e, "LS")}`);
  }),
  perEpisode("398", (e, emit) => {
    if (
      SHORT_BREAKS.has(up(e, "LS") ?? "") &&
      (f(e, "HOME_POST") !== undefined || f(e, "PL_POST") !== undefined)
    )
      emit(f(e, "HOME_POST") !== undefined ? "HOME_POST" : "PL_POST", `given under ${up(e, "LS")}`);
  }),
  perEpisode("392d", (e, emit) => {
    const home = pc(e, "HOME_POST");
    if (up(e, "PLACE") !== "P1" && home !== undefined && home === pc(e, "PL_POST"))
      emit("PL_POST", `the home postcode, placement ${up(e, "PLACE") ?? "blank"}`);
  }),
  perEpisode("222", (e, emit, s) => {
    const place = up(e, "PLACE") ?? "";
    if (urn(e) !== undefined && urnExempt(s.year).has(place)) emit("URN", `given for ${place}`);
  }),
  {
    // Not under V3/V4 and not UASC this year or last: both postcodes needed.
    code: "392b",
    severity: "warning",
    tables: [tableOf("episodes"), tableOf("uasc")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const uasc = uascChildren(ctx, s);
        for (const e of s.tables.episodes) {
          if (SHORT_BREAKS.has(up(e, "LS") ?? "") || uasc.has(f(e, "CHILD"))) continue;
          const blank = ["HOME_POST", "PL_POST"].find((x) => f(e, x) === undefined);
          if (blank) emit(tableOf("episodes"), e, blank, "blank");
        }
      }
    },
  },
  perChild("383", (eps, emit, s) => {
    // The episode after a temporary placement (T0–T4) starts with RNE P back in the placement before it (from 2025/26 at the same postcode too).
    for (let k = 2; k < eps.length; k++) {
      const [before, temp, e] = [eps[k - 2]!, eps[k - 1]!, eps[k]!];
      if (!TEMPORARY.has(up(temp, "PLACE") ?? "")) continue;
      const postcode = (s.year ?? 9999) >= 2026 && pc(e, "PL_POST") !== pc(before, "PL_POST");
      if (up(e, "RNE") !== "P" || up(e, "PLACE") !== up(before, "PLACE") || postcode)
        emit(
          tableOf("episodes"),
          e,
          "PLACE",
          `after ${up(temp, "PLACE")}: RNE ${up(e, "RNE") ?? "blank"}, ${up(e, "PLACE") ?? "blank"} where ${up(before, "PLACE") ?? "blank"} was`,
        );
    }
  }),
  perChild("434", (eps, emit) => {
    // RNE L: the legal status changed and the placement (type, postcode, URN, provider) did not.
    for (let k = 1; k < eps.length; k++) {
      const [prev, e] = [eps[k - 1]!, eps[k]!];
      if (up(e, "RNE") !== "L") continue;
      if (same(prev, e, "LS"))
        emit(tableOf("episodes"), e, "LS", `the same as the episode before (${up(e, "LS") ?? "blank"})`);
      else if (!samePlacement(prev, e)) emit(tableOf("episodes"), e, "RNE", "L, yet the placement changed");
    }
  }),
  perChild("435", (eps, emit) => {
    // RNE P or T: the placement changed and the legal status did not. d2i compares blanks as different
    // (pandas NaN); here a blank equals a blank, as in its 434 and 436.
    for (let k = 1; k < eps.length; k++) {
      const [prev, e] = [eps[k - 1]!, eps[k]!];
      if (!["P", "T"].includes(up(e, "RNE") ?? "")) continue;
      if (!same(prev, e, "LS"))
        emit(tableOf("episodes"), e, "LS", `changed from ${up(prev, "LS") ?? "blank"}`);
      else if (samePlacement(prev, e))
        emit(tableOf("episodes"), e, "RNE", `${up(e, "RNE")}, yet the placement is the same`);
    }
  }),
  perChild("436", (eps, emit) => {
    // RNE U or B: both the legal status and the placement changed.
    for (let k = 1; k < eps.length; k++) {
      const [prev, e] = [eps[k - 1]!, eps[k]!];
      if (!["U", "B"].includes(up(e, "RNE") ?? "")) continue;
      if (same(prev, e, "LS") || samePlacement(prev, e))
        emit(
          tableOf("episodes"),
          e,
          "RNE",
          `${up(e, "RNE")}, yet ${same(prev, e, "LS") ? "the legal status" : "the placement"} is the same`,
        );
    }
  }),
  {
    // ACCOM T (Foyer) for a care leaver under 18 at the start of the year.
    code: "347",
    severity: "warning",
    tables: [tableOf("oc3")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        if (!s.yearStart) continue;
        for (const r of s.tables.oc3) {
          const dob = d(r, "DOB");
          if (up(r, "ACCOM")?.startsWith("T") && dob && addYears(dob, 18) > s.yearStart)
            emit(tableOf("oc3"), r, "ACCOM", `a Foyer, born ${dob}`);
        }
      }
    },
  },
];
