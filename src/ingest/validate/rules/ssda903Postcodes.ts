/**
 * DfE's SSDA903 rules that need reference data the return does not carry:
 * the national postcode directory (PL_DISTANCE, PL_LA and PL_LOCATION,
 * which DfE works out from HOME_POST and PL_POST) and Ofsted's register of
 * providers (URNs). They run only when the council gives the data
 * (`scorecard validate --postcodes FILE --area CODES --providers FILE`);
 * without it the report lists them as not evaluated, with the reason.
 *
 * Why derived here as DfE does: the distance is the straight line between
 * the two postcodes' grid references in miles (metres / 1000 / 1.6093, to
 * one decimal, DfE's formula as d2i applies it); the placement's LA is the
 * postcode's county or unitary authority, or SCO, WAL or NIR for a postcode
 * in Scotland, Wales or Northern Ireland; in or out of area compares it
 * with the council's own codes. Conditions follow data-to-insight's
 * validator (csc-validator-be-903).
 */
import type { Row } from "../../../db/database.ts";
import type { Context, Emit } from "../context.ts";
import { type PostcodeDirectory, type PostcodeEntry, postcodeKey } from "../reference.ts";
import type { Check } from "./spec.ts";
import { urnExempt } from "./ssda903Places.ts";
import { d, f, lastYearOf, type SetView, sets, tableOf, yearPairs } from "./ssda903Return.ts";

const up = (r: Row, field: string) => f(r, field)?.toUpperCase();
const SHORT_BREAKS = new Set(["V3", "V4"]);
const shortBreak = (e: Row) => SHORT_BREAKS.has(up(e, "LS") ?? "");
/** DfE's URN for a provider with none (seven Xs): not a URN. */
const urn = (r: Row) => {
  const v = up(r, "URN");
  return v === "XXXXXXX" ? undefined : v;
};

/** What DfE derives from an episode's postcodes. */
interface Placed {
  home?: PostcodeEntry;
  pl?: PostcodeEntry;
  /** Miles, to one decimal, when both postcodes are in the directory. */
  distance?: number;
  /** PL_LA: the placement's LA code, or SCO, WAL, NIR. */
  la?: string;
  /** PL_LOCATION, when the council's area is known. */
  location?: "IN" | "OUT";
}

function placed(dir: PostcodeDirectory, e: Row): Placed {
  const look = (field: string) => {
    const v = f(e, field);
    return v === undefined ? undefined : dir.entries.get(postcodeKey(v));
  };
  const home = look("HOME_POST");
  const pl = look("PL_POST");
  const country =
    pl && ({ S: "SCO", W: "WAL", N: "NIR" } as Record<string, string>)[pl.la.charAt(0).toUpperCase()];
  const la = pl ? (country ?? pl.la) : undefined;
  const out: Placed = {};
  if (home) out.home = home;
  if (pl) out.pl = pl;
  if (home && pl)
    out.distance =
      Math.round((Math.hypot(home.east - pl.east, home.north - pl.north) / 1000 / 1.6093) * 10) / 10;
  if (la !== undefined) out.la = la;
  if (la !== undefined && dir.area) out.location = dir.area.has(la) && !country ? "IN" : "OUT";
  return out;
}

/** A check of each episode against the directory (nothing without one). */
function withPostcodes(
  code: string,
  run: (
    e: Row,
    p: Placed,
    emit: (field: string, detail: string) => void,
    s: SetView,
    uasc: Set<string | undefined>,
    dir: PostcodeDirectory,
  ) => void,
): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf("episodes")],
    check: (ctx, emit) => {
      const dir = ctx.postcodes;
      if (!dir) return;
      for (const s of sets(ctx)) {
        const uasc = uascThisOrLastYear(ctx, s);
        for (const e of s.tables.episodes)
          run(
            e,
            placed(dir, e),
            (field, detail) => emit(tableOf("episodes"), e, field, detail),
            s,
            uasc,
            dir,
          );
      }
    },
  };
}

/** Children with a UASC record this year or last (DfE: UASC now or formerly). */
function uascThisOrLastYear(ctx: Context, s: SetView): Set<string | undefined> {
  const out = new Set(s.tables.uasc.map((r) => f(r, "CHILD")));
  for (const r of lastYearOf(ctx, s)?.tables.uasc ?? []) out.add(f(r, "CHILD"));
  return out;
}

/** Each child's first episode this year with last year's latest, when that was still open. */
function carried(ctx: Context, run: (now: Row, last: Row, dir: PostcodeDirectory) => void): void {
  const dir = ctx.postcodes;
  if (!dir) return;
  for (const [last, now] of yearPairs(ctx)) {
    const latest = extreme(last, (a, b) => a > b);
    for (const [c, e] of extreme(now, (a, b) => a < b)) {
      const l = latest.get(c);
      if (l && f(l, "DEC") === undefined) run(e, l, dir);
    }
  }
}

/** Each child's episode with the earliest (or latest) DECOM. */
function extreme(s: SetView, better: (a: string, b: string) => boolean): Map<string, Row> {
  const m = new Map<string, Row>();
  for (const e of s.tables.episodes) {
    const c = f(e, "CHILD");
    const start = d(e, "DECOM");
    if (c === undefined || start === undefined) continue;
    const had = m.get(c);
    if (!had || better(start, d(had, "DECOM")!)) m.set(c, e);
  }
  return m;
}

function carriedRule(
  code: string,
  what: "PL_DISTANCE" | "PL_LA" | "PL_LOCATION",
  differs: (a: Placed, b: Placed, now: Row, last: Row) => boolean,
  needsArea = false,
): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf("episodes")],
    check: (ctx, emit: Emit) =>
      carried(ctx, (now, last, dir) => {
        if (needsArea && !dir.area) return;
        const a = placed(dir, now);
        const b = placed(dir, last);
        if (differs(a, b, now, last))
          emit(
            tableOf("episodes"),
            now,
            "PL_POST",
            `${what} last year ${describe(b, what)}, this year ${describe(a, what)}`,
          );
      }),
  };
}

function describe(p: Placed, field: string): string {
  if (field === "PL_DISTANCE") return p.distance === undefined ? "no distance" : `${p.distance} miles`;
  if (field === "PL_LOCATION") return p.location ?? "unknown";
  return p.la ?? "unknown";
}

/** A check of each episode with a URN against the provider list (nothing without one). */
function withProviders(
  code: string,
  run: (e: Row, u: string, emit: (field: string, detail: string) => void, ctx: Context, s: SetView) => void,
): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf("episodes")],
    check: (ctx, emit) => {
      if (!ctx.providers) return;
      for (const s of sets(ctx))
        for (const e of s.tables.episodes) {
          const u = urn(e);
          if (u !== undefined)
            run(e, u, (field, detail) => emit(tableOf("episodes"), e, field, detail), ctx, s);
        }
    },
  };
}

const FOSTERING_OR_ADOPTION = new Set(["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"]);
const OUTSIDE_ENGLAND = new Set(["SCO", "WAL", "NIR", "NUK", "CON"]);

/** DfE's SSDA903 rules needing the postcode directory. */
export const SSDA903_POSTCODE_CHECKS: Check[] = [
  withPostcodes("392c", (e, p, emit) => {
    if (f(e, "HOME_POST") !== undefined && !p.home) emit("HOME_POST", "not in the postcode directory");
    else if (f(e, "PL_POST") !== undefined && !p.pl) emit("PL_POST", "not in the postcode directory");
  }),
  withPostcodes("392a", (e, p, emit, _s, uasc) => {
    if (!uasc.has(f(e, "CHILD")) && !shortBreak(e) && p.distance === undefined)
      emit(p.home ? "PL_POST" : "HOME_POST", "no distance: a postcode is blank or not in the directory");
  }),
  withPostcodes("406", (e, p, emit, _s, uasc) => {
    if (uasc.has(f(e, "CHILD")) && p.distance !== undefined)
      emit("HOME_POST", `UASC, yet a distance (${p.distance} miles)`);
  }),
  withPostcodes("454", (_e, p, emit) => {
    if (p.distance !== undefined && p.distance > 350 && p.distance !== 999.9)
      emit("PL_POST", `${p.distance} miles`);
  }),
  withPostcodes("169", (e, p, emit) => {
    if (!shortBreak(e) && p.la === undefined)
      emit("PL_POST", "no LA of placement: the postcode is blank or not in the directory");
  }),
  withPostcodes("179", (e, p, emit) => {
    if (!shortBreak(e) && p.pl === undefined)
      emit("PL_POST", "no placement location: the postcode is blank or not in the directory");
  }),
  withPostcodes("420", (e, p, emit) => {
    if (shortBreak(e) && p.la !== undefined) emit("PL_POST", `LA of placement ${p.la} under ${up(e, "LS")}`);
  }),
  withPostcodes("1015", (e, p, emit, _s, _u, dir) => {
    if (!dir.area || up(e, "PLACE_PROVIDER") !== "PR1" || shortBreak(e)) return;
    const place = up(e, "PLACE");
    if (place === undefined || up(e, "LS") === undefined || FOSTERING_OR_ADOPTION.has(place)) return;
    if (p.la === undefined || !dir.area.has(p.la))
      emit("PLACE_PROVIDER", `PR1, placed in ${p.la ?? "an unknown LA"}`);
  }),
  withPostcodes("218", (e, p, emit, s) => {
    const dec = d(e, "DEC");
    const endsInYear =
      f(e, "DEC") === undefined || (s.yearStart !== undefined && dec !== undefined && dec >= s.yearStart);
    if (
      endsInYear &&
      urn(e) === undefined &&
      f(e, "URN") === undefined &&
      !urnExempt(s.year).has(up(e, "PLACE") ?? "") &&
      !OUTSIDE_ENGLAND.has(p.la ?? "")
    )
      emit("URN", `blank for ${up(e, "PLACE") ?? "a placement"} in England`);
  }),
  withPostcodes("230", (e, p, emit) => {
    const dec = d(e, "DEC");
    if (
      up(e, "PLACE") === "H5" &&
      (f(e, "DEC") === undefined || (dec !== undefined && dec >= "2023-10-29")) &&
      urn(e) === undefined &&
      !OUTSIDE_ENGLAND.has(p.la ?? "")
    )
      emit("URN", "H5 in England from 28 October 2023 with no URN");
  }),
  carriedRule("452", "PL_LA", (a, b, now, last) => up(now, "RNE") === up(last, "RNE") && a.la !== b.la),
  carriedRule(
    "453",
    "PL_DISTANCE",
    (a, b, now, last) => up(now, "RNE") === up(last, "RNE") && distanceChanged(a, b),
  ),
  carriedRule("503G", "PL_DISTANCE", (a, b) => distanceChanged(a, b)),
  carriedRule("503H", "PL_LA", (a, b) => a.la !== b.la),
  carriedRule("503J", "PL_LOCATION", (a, b) => a.location !== b.location, true),
];

/** DfE 453/503G: a distance 0.2 miles or more from last year's, or one where last year had none. */
const distanceChanged = (a: Placed, b: Placed) =>
  (a.distance !== undefined && b.distance !== undefined && Math.abs(a.distance - b.distance) >= 0.2) ||
  (a.distance !== undefined && b.distance === undefined);

/** DfE's SSDA903 rules needing Ofsted's provider list. */
export const SSDA903_PROVIDER_CHECKS: Check[] = [
  withProviders("1008", (_e, u, emit, ctx) => {
    if (!ctx.providers!.byUrn.has(u)) emit("URN", "not on the provider list");
  }),
  withProviders("219", (e, u, emit, ctx) => {
    const p = ctx.providers!.byUrn.get(u);
    const place = up(e, "PLACE");
    if (!p || place === undefined || !p.places.has(place))
      emit("PLACE", `${place ?? "blank"} is not a placement type of URN ${u}`);
  }),
  withProviders("224", (e, u, emit, ctx) => {
    const p = ctx.providers!.byUrn.get(u);
    const provider = up(e, "PLACE_PROVIDER");
    if (!p || provider === undefined || !p.providers.has(provider))
      emit("PLACE_PROVIDER", `${provider ?? "blank"} is not a provider code of URN ${u}`);
  }),
  withProviders("221", (e, u, emit, ctx) => {
    if (!["K1", "K2", "K3", "R3", "S1"].includes(up(e, "PLACE") ?? "") || SHORT_BREAKS.has(up(e, "LS") ?? ""))
      return;
    const v = f(e, "PL_POST");
    const p = ctx.providers!.byUrn.get(u);
    if (v !== undefined && postcodeKey(v) !== p?.postcode)
      emit("PL_POST", `URN ${u} is at ${p?.postcode ?? "an unknown postcode"}`);
  }),
  withProviders("227", (e, u, emit, ctx) => {
    const end = ctx.providers!.byUrn.get(u)?.regEnd;
    const start = d(e, "DECOM");
    if (end && start && start >= end) emit("URN", `registration ended ${end}`);
  }),
  withProviders("228", (e, u, emit, ctx, s) => {
    const end = ctx.providers!.byUrn.get(u)?.regEnd;
    if (!end) return;
    const dec = d(e, "DEC");
    if (
      (dec !== undefined && dec > end) ||
      (f(e, "DEC") === undefined && s.yearEnd !== undefined && s.yearEnd > end)
    )
      emit("URN", `registration ended ${end}`);
  }),
  withProviders("229", (e, u, emit, ctx) => {
    // The provider's LA: the list's own column, else its postcode's in the directory; needs the council's area.
    const area = ctx.postcodes?.area;
    if (!area) return;
    const p = ctx.providers!.byUrn.get(u);
    const la = p?.la ?? (p?.postcode ? ctx.postcodes?.entries.get(p.postcode)?.la : undefined);
    if (la === undefined) return;
    const own = area.has(la);
    const provider = up(e, "PLACE_PROVIDER");
    if ((provider === "PR1" && !own) || (provider === "PR2" && own))
      emit("PLACE_PROVIDER", `${provider}, URN ${u} is ${own ? "in" : "outside"} the council's area`);
  }),
];
