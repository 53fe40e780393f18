/**
 * DfE's SSDA903 rules that relate one file of the return to another: the
 * decision to place for adoption against the episodes, the OC2 and OC3
 * items against twelve months' continuous care, reasons for a placement
 * change, UPN placeholders against age and time in care, previous
 * permanence, social worker episodes, and records of children with no
 * episode.
 *
 * Why on the return as written (like ssda903Return.ts): most of these
 * fields (AD1, OC2, SDQ, previous permanence, social workers) are not kept
 * in the canonical tables. Conditions follow DfE's rule statements as the
 * data-to-insight validator (csc-validator-be-903) evaluates them; where
 * this code departs from that, a comment says so and why.
 */

import { addDays } from "../../../calendar/dates.ts";
import type { Row } from "../../../db/database.ts";
import { SW_REASON_CODES } from "../../../model/codes.ts";
import type { Ssda903File } from "../../ssda903/reader.ts";
import { addYears, type Context, type Emit } from "../context.ts";
import { DFE_LA_CODES } from "./cinFile.ts";
import type { Check } from "./spec.ts";
import {
  AD1_FIELDS,
  d,
  f,
  flag,
  given,
  lastYearOf,
  OC2_FLAGS,
  OC2_FOUR,
  OC3_FIELDS,
  rule,
  type SetView,
  sets,
  sex,
  tableOf,
} from "./ssda903Return.ts";

const TEMPORARY = new Set(["T0", "T1", "T2", "T3", "T4"]);
const ADOPTION_PLACEMENTS = new Set(["A3", "A4", "A5", "A6"]);
const ADOPTED = new Set(["E11", "E12"]);
const up = (r: Row, field: string) => f(r, field)?.toUpperCase();

/** A set whose collection year is known. */
type Dated = SetView & { yearStart: string; yearEnd: string };

/** A check over each set of the return (those of a known year only, when `dated`). */
function check(code: string, files: Ssda903File[], run: (s: Dated, emit: Emit, ctx: Context) => void): Check {
  return {
    code,
    severity: "warning",
    tables: files.map(tableOf),
    check: (ctx, emit) => {
      for (const s of sets(ctx)) if (s.yearStart && s.yearEnd) run(s as Dated, emit, ctx);
    },
  };
}

/** Rows of a file by child. */
function group(rows: readonly Row[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const c = f(r, "CHILD");
    if (c === undefined) continue;
    const list = m.get(c);
    if (list) list.push(r);
    else m.set(c, [r]);
  }
  return m;
}

/** Per set's records, what several rules derive from them (rules only read it). */
const byChildCache = new WeakMap<object, Map<string, Row[]>>();
const claCache = new WeakMap<object, Set<string>>();

/** A child's episodes with a valid DECOM, by DECOM (shared by the rules of one run: read only). */
function episodesByChild(s: SetView): Map<string, Row[]> {
  const had = byChildCache.get(s.tables.episodes);
  if (had) return had;
  const m = group(s.tables.episodes.filter((r) => d(r, "DECOM") !== undefined));
  byChildCache.set(s.tables.episodes, m);
  for (const list of m.values()) list.sort((a, b) => (d(a, "DECOM")! < d(b, "DECOM")! ? -1 : 1));
  return m;
}

/**
 * Children looked after continuously for the 12 months to 31 March, as DfE
 * defines it: in care during the year, with no episode that starts a period
 * of care (RNE S) after 1 April, none that leaves care (REC other than X1)
 * from 1 April to 31 March, and none under V3/V4 short breaks in the year.
 * A child who left care on 31 March itself was not looked after at 31 March
 * (DfE counts an episode with a DEC as ceased, and wants the child's AD1 or
 * OC3, not an OC2): data-to-insight's current helper stops at 30 March
 * (its earlier one did not), which asks an OC2 of a child adopted on 31 March
 * and then forbids the AD1 (187).
 */
function continuouslyLookedAfter(s: Dated): Set<string> {
  const had = claCache.get(s.tables.episodes);
  if (had) return had;
  const during = new Set<string>();
  const broken = new Set<string>();
  for (const r of s.tables.episodes) {
    const c = f(r, "CHILD");
    const start = d(r, "DECOM");
    if (c === undefined || start === undefined) continue;
    const end = d(r, "DEC");
    const inYear = start <= s.yearEnd && (end === undefined || end >= s.yearStart);
    if (inYear) during.add(c);
    if (
      (up(r, "RNE") === "S" && start > s.yearStart && start <= s.yearEnd) ||
      (up(r, "REC") !== "X1" && end !== undefined && end >= s.yearStart && end <= s.yearEnd) ||
      (inYear && ["V3", "V4"].includes(up(r, "LS") ?? ""))
    )
      broken.add(c);
  }
  const out = new Set([...during].filter((c) => !broken.has(c)));
  claCache.set(s.tables.episodes, out);
  return out;
}

/** An OC2 record with its child's date of birth, the set and whether the child was looked after 12 months. */
function oc2Rule(
  code: string,
  bad: (r: Row, cla: boolean, s: Dated, dob: string | undefined) => string | undefined,
): Check {
  return check(code, ["oc2", "episodes"], (s, emit) => {
    const cla = continuouslyLookedAfter(s);
    for (const r of s.tables.oc2) {
      const field = bad(r, cla.has(f(r, "CHILD") ?? ""), s, d(r, "DOB"));
      if (field)
        emit(
          tableOf("oc2"),
          r,
          field,
          cla.has(f(r, "CHILD") ?? "") ? "looked after 12 months" : "not looked after 12 months",
        );
    }
  });
}

const noSdq = (r: Row) => f(r, "SDQ_SCORE") === undefined && f(r, "SDQ_REASON") === undefined;

/** Each child's placed-for-adoption records with the child's episodes. */
function decisions(s: SetView, run: (pa: Row[], eps: Row[]) => void): void {
  const eps = episodesByChild(s);
  for (const [c, pa] of group(s.tables.placed_for_adoption)) run(pa, eps.get(c) ?? []);
}

/** Each episode with the same child's AD1 record. */
function withAd1(s: SetView, run: (e: Row, ad1: Row) => void): void {
  const ad1 = group(s.tables.ad1);
  for (const e of s.tables.episodes) for (const a of ad1.get(f(e, "CHILD") ?? "") ?? []) run(e, a);
}

/** An episode under legal status `ls` with no placed-for-adoption record; an open one whose decision has a reversal. */
function orderWithoutDecision(code: string, ls: string): Check {
  return check(code, ["episodes", "placed_for_adoption"], (s, emit) => {
    const pa = group(s.tables.placed_for_adoption);
    for (const e of s.tables.episodes) {
      if (up(e, "LS") !== ls) continue;
      const own = pa.get(f(e, "CHILD") ?? "") ?? [];
      if (own.length === 0)
        emit(tableOf("episodes"), e, "LS", `${ls} but no date of the decision to place for adoption`);
      else if (f(e, "DEC") === undefined)
        for (const p of own)
          if (given(p, "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"))
            emit(tableOf("placed_for_adoption"), p, "DATE_PLACED_CEASED", `the ${ls} episode is still open`);
    }
  });
}

/** DATE_PLACED after the first episode's DECOM among `eps` (the first of them only when `first`). */
function decidedAfter(code: string, pick: (e: Row) => boolean, first: boolean, what: string): Check {
  return check(code, ["episodes", "placed_for_adoption"], (s, emit) =>
    decisions(s, (pa, eps) => {
      const chosen = eps.filter(pick);
      for (const e of first ? chosen.slice(0, 1) : chosen)
        for (const p of pa) {
          const placed = d(p, "DATE_PLACED");
          if (placed !== undefined && placed > d(e, "DECOM")!)
            emit(tableOf("placed_for_adoption"), p, "DATE_PLACED", `${what} ${d(e, "DECOM")}`);
        }
    }),
  );
}

const SW_REASONS: ReadonlySet<string> = new Set(SW_REASON_CODES);
/** The day social worker episodes must be complete from. */
const SW_FROM = "2023-04-01";

const swCache = new WeakMap<object, Map<string, Row[]>>();

/** A child's social worker episodes, by SW_DECOM (undated last); shared by the rules of one run: read only. */
function swByChild(s: SetView): Map<string, Row[]> {
  const had = swCache.get(s.tables.sw_episodes);
  if (had) return had;
  const m = group(s.tables.sw_episodes);
  // ISO dates (and the 9999 put last) order the same by code unit as by localeCompare, at a fraction of the cost.
  for (const list of m.values())
    list.sort((a, b) => cmp(d(a, "SW_DECOM") ?? "9999", d(b, "SW_DECOM") ?? "9999"));
  swCache.set(s.tables.sw_episodes, m);
  return m;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Looked after on 31 March: an open episode not under V3/V4. */
const lookedAfterAtEnd = (e: Row) => f(e, "DEC") === undefined && !["V3", "V4"].includes(up(e, "LS") ?? "");

/** Children with an episode open on 31 March (no DEC, or one after the year), short breaks aside. */
function lookedAfterOn31March(s: Dated): Set<string> {
  const had = openCache.get(s.tables.episodes);
  if (had && had.yearEnd === s.yearEnd) return had.children;
  const out = new Set<string>();
  for (const e of s.tables.episodes) {
    const c = f(e, "CHILD");
    const end = d(e, "DEC");
    if (c === undefined || ["V3", "V4"].includes(up(e, "LS") ?? "")) continue;
    if (f(e, "DEC") === undefined || (end !== undefined && end > s.yearEnd)) out.add(c);
  }
  openCache.set(s.tables.episodes, { yearEnd: s.yearEnd, children: out });
  return out;
}

/** lookedAfterOn31March's answer per set's episodes, shared by the rules of one run (read only). */
const openCache = new WeakMap<object, { yearEnd: string; children: Set<string> }>();

/** LA_PERM codes besides England's councils: Wales, Scotland, Northern Ireland, outside the UK, and 999 (accepted by d2i's list too). */
const OUTSIDE_ENGLAND = new Set(["WAL", "SCO", "NIR", "NUK", "999"]);

/** DfE's SSDA903 rules across the return's files. */
export const SSDA903_CROSS_CHECKS: Check[] = [
  // --- decisions to place for adoption against the episodes ---
  check("117", ["placed_for_adoption", "episodes"], (s, emit) =>
    decisions(s, (pa, eps) => {
      const latest = eps.filter((e) => up(e, "REC") !== "X1").at(-1);
      const dec = latest && d(latest, "DEC");
      for (const p of pa)
        for (const field of ["DATE_PLACED", "DATE_PLACED_CEASED"]) {
          const v = d(p, field);
          if (v !== undefined && (v > s.yearEnd || (dec !== undefined && v > dec)))
            emit(
              tableOf("placed_for_adoption"),
              p,
              field,
              v > s.yearEnd ? `after ${s.yearEnd}` : `after DEC ${dec}`,
            );
        }
    }),
  ),
  check("118", ["placed_for_adoption", "episodes"], (s, emit) =>
    decisions(s, (pa, eps) => {
      const first = eps.find((e) => !["V3", "V4"].includes(up(e, "LS") ?? ""));
      for (const p of pa) {
        const v = d(p, "DATE_PLACED_CEASED");
        if (v !== undefined && (v < s.yearStart || (first !== undefined && v < d(first, "DECOM")!)))
          emit(
            tableOf("placed_for_adoption"),
            p,
            "DATE_PLACED_CEASED",
            v < s.yearStart ? `before ${s.yearStart}` : `before DECOM ${d(first!, "DECOM")}`,
          );
      }
    }),
  ),
  check("551", ["episodes", "placed_for_adoption"], (s, emit) => {
    const pa = group(s.tables.placed_for_adoption);
    for (const e of s.tables.episodes)
      if (
        ADOPTION_PLACEMENTS.has(up(e, "PLACE") ?? "") &&
        !(pa.get(f(e, "CHILD") ?? "") ?? []).some((p) => f(p, "DATE_PLACED") !== undefined)
      )
        emit(tableOf("episodes"), e, "PLACE", `${up(e, "PLACE")} with no DATE_PLACED`);
  }),
  check("552", ["episodes", "placed_for_adoption"], (s, emit) =>
    decisions(s, (pa, eps) => {
      const first = eps.find((e) => ADOPTION_PLACEMENTS.has(up(e, "PLACE") ?? ""));
      const last = pa
        .filter((p) => d(p, "DATE_PLACED"))
        .sort((a, b) => d(a, "DATE_PLACED")!.localeCompare(d(b, "DATE_PLACED")!))
        .at(-1);
      if (first && last && d(last, "DATE_PLACED")! > d(first, "DECOM")!)
        emit(tableOf("placed_for_adoption"), last, "DATE_PLACED", `placed for adoption ${d(first, "DECOM")}`);
    }),
  ),
  orderWithoutDecision("553", "E1"),
  decidedAfter("554", (e) => up(e, "LS") === "E1", true, "placement order (E1) from"),
  orderWithoutDecision("555", "D1"),
  decidedAfter("556", (e) => up(e, "LS") === "D1", false, "freeing order (D1) from"),
  check("557", ["episodes", "placed_for_adoption"], (s, emit) => {
    const pa = group(s.tables.placed_for_adoption);
    for (const e of s.tables.episodes) {
      const rec = up(e, "REC");
      if (!(ADOPTION_PLACEMENTS.has(up(e, "PLACE") ?? "") || up(e, "LS") === "E1")) continue;
      if (rec === undefined || rec === "X1" || ADOPTED.has(rec)) continue;
      const own = pa.get(f(e, "CHILD") ?? "") ?? [];
      if (own.length === 0 || own.some((p) => !f(p, "DATE_PLACED_CEASED") || !f(p, "REASON_PLACED_CEASED")))
        emit(tableOf("episodes"), e, "REC", `left care (${rec}) with no reversed decision`);
    }
  }),
  check("579", ["placed_for_adoption"], (s, emit) => {
    for (const list of group(s.tables.placed_for_adoption).values()) {
      const sorted = [...list].sort((a, b) =>
        (d(a, "DATE_PLACED") ?? "").localeCompare(d(b, "DATE_PLACED") ?? ""),
      );
      for (let k = 1; k < sorted.length; k++) {
        const prev = sorted[k - 1]!;
        const ceased = d(prev, "DATE_PLACED_CEASED");
        const placed = d(sorted[k]!, "DATE_PLACED");
        if (f(prev, "DATE_PLACED_CEASED") === undefined || (ceased && placed && placed < ceased))
          emit(
            tableOf("placed_for_adoption"),
            sorted[k]!,
            "DATE_PLACED",
            ceased ? `before the previous decision ceased ${ceased}` : "the previous decision is still open",
          );
      }
    }
  }),
  check("583", ["placed_for_adoption"], (s, emit) => {
    for (const list of group(s.tables.placed_for_adoption).values()) {
      if (list.length < 2) continue;
      const latest = [...list].sort((a, b) =>
        (d(b, "DATE_PLACED") ?? "").localeCompare(d(a, "DATE_PLACED") ?? ""),
      )[0];
      for (const p of list)
        if (p !== latest && f(p, "DATE_PLACED_CEASED") === undefined)
          emit(tableOf("placed_for_adoption"), p, "DATE_PLACED_CEASED", "an earlier decision, not revoked");
    }
  }),
  check("1003", ["episodes", "placed_for_adoption"], (s, emit) =>
    decisions(s, (pa, eps) => {
      const first = eps.find((e) => up(e, "RNE") === "S");
      for (const p of pa) {
        const v = d(p, "DATE_PLACED");
        if (first && v !== undefined && v < d(first, "DECOM")!)
          emit(
            tableOf("placed_for_adoption"),
            p,
            "DATE_PLACED",
            `the period of care started ${d(first, "DECOM")}`,
          );
      }
    }),
  ),
  // --- adopters (AD1) against the episodes ---
  check("331", ["ad1", "episodes"], (s, emit) =>
    withAd1(s, (e, a) => {
      const match = d(a, "DATE_MATCH");
      if (
        ADOPTED.has(up(e, "REC") ?? "") &&
        match !== undefined &&
        d(e, "DECOM") !== undefined &&
        match > d(e, "DECOM")!
      )
        emit(tableOf("ad1"), a, "DATE_MATCH", `after the adoptive placement began ${d(e, "DECOM")}`);
    }),
  ),
  check("334", ["ad1", "episodes"], (s, emit) => {
    const eps = episodesByChild(s);
    for (const a of s.tables.ad1) {
      const latest = (eps.get(f(a, "CHILD") ?? "") ?? []).filter((e) => up(e, "RNE") === "S").at(-1);
      const v = d(a, "DATE_INT");
      if (latest && v !== undefined && v < d(latest, "DECOM")!)
        emit(tableOf("ad1"), a, "DATE_INT", `the latest period of care started ${d(latest, "DECOM")}`);
    }
  }),
  check("335", ["ad1", "episodes"], (s, emit) =>
    withAd1(s, (e, a) => {
      if (!["E1", "E11", "E12"].includes(up(e, "REC") ?? "")) return;
      const place = up(e, "PLACE") ?? "";
      const foster = flag(a, "FOSTER_CARE");
      if (
        (["A2", "A3", "A5"].includes(place) && foster === 0) ||
        (["A1", "A4", "A6"].includes(place) && foster === 1)
      )
        emit(tableOf("ad1"), a, "FOSTER_CARE", `${foster} with a last placement ${place}`);
    }),
  ),
  check("521", ["ad1", "episodes"], (s, emit) =>
    withAd1(s, (e, a) => {
      const v = d(a, "DATE_INT");
      if (
        ADOPTION_PLACEMENTS.has(up(e, "PLACE") ?? "") &&
        v !== undefined &&
        d(e, "DECOM") !== undefined &&
        v > d(e, "DECOM")!
      )
        emit(tableOf("ad1"), a, "DATE_INT", `placed for adoption (${up(e, "PLACE")}) ${d(e, "DECOM")}`);
    }),
  ),
  check("336", ["episodes"], (s, emit) => {
    // DfE: a placement A3 or A4 follows an episode placed A3–A6 or U1–U6 (the child's first episode aside).
    const before = new Set(["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"]);
    for (const eps of episodesByChild(s).values())
      for (let k = 1; k < eps.length; k++)
        if (["A3", "A4"].includes(up(eps[k]!, "PLACE") ?? "") && !before.has(up(eps[k - 1]!, "PLACE") ?? ""))
          emit(tableOf("episodes"), eps[k]!, "PLACE", `after ${up(eps[k - 1]!, "PLACE") ?? "blank"}`);
  }),
  {
    // Episodes of this return after an adoption: this year's, or last year's when its files were read too.
    code: "199",
    severity: "warning",
    tables: [tableOf("episodes")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const last = lastYearOf(ctx, s);
        const mine = new Set(s.tables.episodes);
        const all = group(
          [...(last?.tables.episodes ?? []), ...s.tables.episodes].filter((r) => d(r, "DECOM")),
        );
        for (const eps of all.values()) {
          eps.sort((a, b) => d(a, "DECOM")!.localeCompare(d(b, "DECOM")!));
          let adoptions = 0;
          for (const e of eps) {
            const adopted = ADOPTED.has(up(e, "REC") ?? "");
            if (adopted) adoptions++;
            if (adoptions > 0 && !(adoptions === 1 && adopted) && mine.has(e))
              emit(tableOf("episodes"), e, "DECOM", "after an episode that ended in adoption");
          }
        }
      }
    },
  },
  // --- OC2 and OC3 against twelve months' continuous care ---
  oc2Rule("157", (r, cla, s, dob) =>
    cla &&
    dob &&
    addYears(dob, 4) <= s.yearStart &&
    addYears(dob, 16) >= s.yearEnd &&
    f(r, "SDQ_SCORE") === undefined &&
    up(r, "SDQ_REASON") === "SDQ1"
      ? "SDQ_REASON"
      : undefined,
  ),
  oc2Rule("185", (r, cla) => (!cla && f(r, "SDQ_SCORE") !== undefined ? "SDQ_SCORE" : undefined)),
  oc2Rule("186", (r, cla, s, dob) =>
    cla && dob && addYears(dob, 4) <= s.yearStart && addYears(dob, 17) > s.yearEnd && noSdq(r)
      ? "SDQ_SCORE"
      : undefined,
  ),
  oc2Rule("190", (r, cla) => (cla ? undefined : OC2_FLAGS.find((x) => f(r, x) !== undefined))),
  oc2Rule("197B", (r, cla, s, dob) => {
    if (!cla || !dob || !noSdq(r)) return undefined;
    const turns = (n: number) => addYears(dob, n) >= s.yearStart && addYears(dob, n) <= s.yearEnd;
    // A child whose 17th birthday is 1 April is 17 at the start of the year, where 189 forbids an SDQ score or
    // reason; d2i takes 1 April into both rules, so that child fails one of them whatever the return says.
    // Here 189 governs that day and 197B asks from 2 April.
    const seventeen = turns(17) && addYears(dob, 17) > s.yearStart;
    return turns(4) || seventeen ? "SDQ_REASON" : undefined;
  }),
  oc2Rule("198", (r, cla) => (!cla && f(r, "SDQ_REASON") !== undefined ? "SDQ_REASON" : undefined)),
  oc2Rule("543", (r, cla, s, dob) =>
    cla && dob && s.yearEnd > addYears(dob, 10) && f(r, "CONVICTED") === undefined ? "CONVICTED" : undefined,
  ),
  oc2Rule("545", (r, cla, s, dob) =>
    cla && dob && s.yearEnd < addYears(dob, 5) && f(r, "HEALTH_CHECK") === undefined
      ? "HEALTH_CHECK"
      : undefined,
  ),
  check("191", ["oc2", "episodes"], (s, emit) => {
    const cla = continuouslyLookedAfter(s);
    const oc2 = group(s.tables.oc2);
    for (const r of s.tables.oc2) {
      const blank = OC2_FOUR.find((x) => f(r, x) === undefined);
      if (cla.has(f(r, "CHILD") ?? "") && blank) emit(tableOf("oc2"), r, blank, "blank");
    }
    for (const [c, eps] of episodesByChild(s))
      if (cla.has(c) && !oc2.has(c)) emit(tableOf("episodes"), eps[0]!, "CHILD", "no OC2 record");
  }),
  check("187", ["ad1", "oc3", "episodes"], (s, emit) => {
    const cla = continuouslyLookedAfter(s);
    for (const [file, fields] of [
      ["oc3", OC3_FIELDS],
      ["ad1", AD1_FIELDS],
    ] as const)
      for (const r of s.tables[file]) {
        const field = fields.find((x) => f(r, x) !== undefined);
        if (field && cla.has(f(r, "CHILD") ?? "")) emit(tableOf(file), r, field, "looked after 12 months");
      }
  }),
  check("215", ["oc3", "oc2"], (s, emit) => {
    const oc2 = group(s.tables.oc2);
    for (const r of s.tables.oc3) {
      if (!given(r, ...OC3_FIELDS)) continue;
      for (const o of oc2.get(f(r, "CHILD") ?? "") ?? []) {
        const field = OC2_FLAGS.find((x) => f(o, x) !== undefined);
        if (field) emit(tableOf("oc2"), o, field, "the child has care leaver (OC3) information");
      }
    }
  }),
  // --- the header ---
  check("165", ["header", "episodes", "oc3"], (s, emit) => {
    // As d2i: children with an episode not under V3/V4; a blank MOTHER is right for a girl only with no episode in the year.
    const inYear = new Set<string>();
    const withEpisodes = new Set<string>();
    for (const e of s.tables.episodes) {
      if (["V3", "V4"].includes(up(e, "LS") ?? "")) continue;
      const c = f(e, "CHILD");
      if (c === undefined) continue;
      withEpisodes.add(c);
      const start = d(e, "DECOM");
      const end = d(e, "DEC") ?? s.yearEnd;
      if (start !== undefined && start <= s.yearEnd && end >= s.yearStart) inYear.add(c);
    }
    for (const h of s.tables.header) {
      const c = f(h, "CHILD") ?? "";
      if (!withEpisodes.has(c)) continue;
      const mother = f(h, "MOTHER");
      if (mother !== undefined && flag(h, "MOTHER") === undefined)
        emit(tableOf("header"), h, "MOTHER", "not 0 or 1");
      else if (mother !== undefined && sex(h) === "M")
        emit(tableOf("header"), h, "MOTHER", "given for a boy");
      else if (mother === undefined && sex(h) === "F" && inYear.has(c))
        emit(tableOf("header"), h, "MOTHER", "blank for a girl looked after this year");
    }
  }),
  // The header's UASC flag is in the XML form only (the CSV form has a UASC file instead): d2i checks it there.
  check("105", ["header"], (s, emit) => {
    for (const h of s.tables.header)
      if (
        String(h._file ?? "")
          .toLowerCase()
          .endsWith(".xml") &&
        flag(h, "UASC") === undefined
      )
        emit(tableOf("header"), h, "UASC", f(h, "UASC") === undefined ? "missing" : "not 0 or 1");
  }),
  check("303", ["uasc", "header"], (s, emit) => {
    const status = new Map(
      s.tables.header.filter((h) => "UASC" in h).map((h) => [f(h, "CHILD"), flag(h, "UASC")]),
    );
    for (const r of s.tables.uasc) {
      const c = f(r, "CHILD");
      if (f(r, "DUC") !== undefined && status.has(c) && status.get(c) !== 1)
        emit(tableOf("uasc"), r, "DUC", `given, UASC ${status.get(c) ?? "blank"} in the header`);
    }
  }),
  check("209", ["header"], (s, emit) => {
    const ref = `${Number(s.yearStart.slice(0, 4)) - 1}-08-31`;
    for (const h of s.tables.header) {
      const dob = d(h, "DOB");
      if (up(h, "UPN") === "UN1" && dob && addYears(dob, 4) <= ref)
        emit(tableOf("header"), h, "UPN", `UN1, born ${dob}: of school age`);
    }
  }),
  check("210", ["header", "episodes"], (s, emit) => {
    const from = `${s.yearEnd.slice(0, 4)}-03-24`;
    const late = new Set(
      s.tables.episodes.filter((e) => (d(e, "DECOM") ?? "") >= from).map((e) => f(e, "CHILD")),
    );
    for (const h of s.tables.header)
      if (up(h, "UPN") === "UN4" && late.has(f(h, "CHILD")))
        emit(tableOf("header"), h, "UPN", `UN4 with an episode from ${from}`);
  }),
  check("231", ["header", "uasc"], (s, emit) => {
    // UASC status 1: a record in the UASC file (the XML's UASC flag makes one).
    const uasc = new Set(s.tables.uasc.map((r) => f(r, "CHILD")));
    const limit = addYears(s.yearEnd, -11);
    for (const h of s.tables.header) {
      const dob = d(h, "DOB");
      if (dob && dob > limit && uasc.has(f(h, "CHILD")))
        emit(tableOf("header"), h, "DOB", `born ${dob}, under 11 on ${s.yearEnd}`);
    }
  }),
  check("EPI", ["header", "episodes", "oc3"], (s, emit) => {
    const known = new Set([...s.tables.episodes, ...s.tables.oc3].map((r) => f(r, "CHILD")));
    for (const h of s.tables.header)
      if (!known.has(f(h, "CHILD"))) emit(tableOf("header"), h, "CHILD", "no episode and no OC3 record");
  }),
  check("1012", ["episodes"], (s, emit) => {
    const known = new Set(s.tables.episodes.map((r) => f(r, "CHILD")));
    for (const file of [
      "placed_for_adoption",
      "missing",
      "reviews",
      "ad1",
      "previous_permanence",
      "oc2",
    ] as const)
      for (const r of s.tables[file])
        if (!known.has(f(r, "CHILD"))) emit(tableOf(file), r, "CHILD", "no episode this year");
  }),
  check("1014", ["uasc", "oc3", "episodes"], (s, emit) => {
    const inYear = new Set<string | undefined>();
    for (const e of s.tables.episodes) {
      const start = d(e, "DECOM");
      const end = d(e, "DEC");
      if (start !== undefined && start <= s.yearEnd && (end === undefined || end >= s.yearStart))
        inYear.add(f(e, "CHILD"));
    }
    const withEpisodes = new Set(s.tables.episodes.map((e) => f(e, "CHILD")));
    const leavers = new Set(s.tables.oc3.filter((r) => given(r, ...OC3_FIELDS)).map((r) => f(r, "CHILD")));
    for (const r of s.tables.uasc) {
      const c = f(r, "CHILD");
      if (withEpisodes.has(c) && !inYear.has(c) && leavers.has(c))
        emit(tableOf("uasc"), r, "DUC", "a care leaver with no episode this year");
    }
  }),
  check("3001", ["oc3", "header"], (s, emit) => {
    const dob = new Map(s.tables.header.map((h) => [f(h, "CHILD"), d(h, "DOB")]));
    for (const r of s.tables.oc3) {
      const born = dob.get(f(r, "CHILD"));
      const seventeen = born && addYears(born, 17);
      if (
        ["Z1", "Z2"].includes(up(r, "ACCOM") ?? "") &&
        seventeen &&
        seventeen >= s.yearStart &&
        seventeen <= s.yearEnd
      )
        emit(tableOf("oc3"), r, "ACCOM", `${up(r, "ACCOM")}, 17 on ${seventeen}`);
    }
  }),
  // --- episodes: reasons for a placement change ---
  check("225", ["episodes"], (s, emit) => {
    for (const eps of episodesByChild(s).values())
      for (let k = 0; k + 1 < eps.length; k++) {
        const e = eps[k]!;
        const next = eps[k + 1]!;
        if (
          up(e, "REC") === "X1" &&
          f(e, "REASON_PLACE_CHANGE") === undefined &&
          !TEMPORARY.has(up(e, "PLACE") ?? "") &&
          ["P", "B", "T", "U"].includes(up(next, "RNE") ?? "") &&
          !TEMPORARY.has(up(next, "PLACE") ?? "")
        )
          emit(
            tableOf("episodes"),
            e,
            "REASON_PLACE_CHANGE",
            `blank; the next episode (${up(next, "RNE")}) changes placement`,
          );
      }
  }),
  check("226", ["episodes"], (s, emit) => {
    for (const eps of episodesByChild(s).values())
      eps.forEach((e, k) => {
        if (!TEMPORARY.has(up(e, "PLACE") ?? "")) return;
        const prev = k > 0 ? f(eps[k - 1]!, "REASON_PLACE_CHANGE") : undefined;
        if (f(e, "REASON_PLACE_CHANGE") !== undefined || prev !== undefined)
          emit(
            tableOf("episodes"),
            e,
            "REASON_PLACE_CHANGE",
            prev !== undefined ? `the previous episode gives ${prev}` : `given for ${up(e, "PLACE")}`,
          );
      });
  }),
  rule("233", "episodes", (r, _s, emit) => {
    if (f(r, "DEC") === undefined && f(r, "REASON_PLACE_CHANGE") !== undefined)
      emit("REASON_PLACE_CHANGE", "the episode is open");
  }),
  check("234", ["episodes", "header"], (s, emit) => {
    const dob = new Map(s.tables.header.map((h) => [f(h, "CHILD"), d(h, "DOB")]));
    for (const e of s.tables.episodes) {
      const born = dob.get(f(e, "CHILD"));
      const start = d(e, "DECOM");
      if (up(e, "REASON_PLACE_CHANGE") === "CUSTOD" && born && start && addYears(born, 10) > start)
        emit(tableOf("episodes"), e, "REASON_PLACE_CHANGE", `CUSTOD, born ${born}`);
    }
  }),
  check("580", ["episodes", "missing"], (s, emit) => {
    const eps = group(s.tables.episodes);
    for (const m of s.tables.missing) {
      const dob = d(m, "DOB");
      const end = d(m, "MIS_END");
      if (!dob || !end || addYears(dob, 18) !== end) continue;
      for (const e of eps.get(f(m, "CHILD") ?? "") ?? [])
        if (d(e, "DEC") === end && up(e, "REC") !== "E8")
          emit(tableOf("episodes"), e, "REC", `missing until the 18th birthday ${end}`);
    }
  }),
  // --- previous permanence ---
  check("630", ["episodes", "previous_permanence"], (s, emit) => {
    const pp = group(s.tables.previous_permanence);
    for (const e of s.tables.episodes) {
      if (up(e, "RNE") !== "S" || (d(e, "DECOM") ?? "") < s.yearStart) continue;
      const own = pp.get(f(e, "CHILD") ?? "");
      if (!own) emit(tableOf("episodes"), e, "RNE", "no previous permanence record");
      else if (
        own.some(
          (p) =>
            f(p, "PREV_PERM") === undefined ||
            (up(p, "PREV_PERM") !== "Z1" && !(f(p, "LA_PERM") && f(p, "DATE_PERM"))),
        )
      )
        emit(tableOf("episodes"), e, "RNE", "previous permanence incomplete");
    }
  }),
  check("632", ["episodes", "previous_permanence"], (s, emit) => {
    const first = new Map([...episodesByChild(s)].map(([c, eps]) => [c, d(eps[0]!, "DECOM")!]));
    for (const p of s.tables.previous_permanence) {
      const v = f(p, "DATE_PERM");
      if (v === undefined) continue;
      const when = d(p, "DATE_PERM") ?? permDate(v);
      const decom = first.get(f(p, "CHILD") ?? "");
      if (when === undefined)
        emit(
          tableOf("previous_permanence"),
          p,
          "DATE_PERM",
          "not a date (DD/MM/YYYY, ZZ for an unknown part)",
        );
      else if (decom !== undefined && when >= decom)
        emit(tableOf("previous_permanence"), p, "DATE_PERM", `on or after the first episode ${decom}`);
    }
  }),
  rule("633", "previous_permanence", (r, _s, emit) => {
    const v = up(r, "LA_PERM");
    if (v !== undefined && !DFE_LA_CODES.has(v) && !OUTSIDE_ENGLAND.has(v))
      emit("LA_PERM", `${v} is not an LA code`);
  }),
  check("634", ["episodes", "previous_permanence"], (s, emit) => {
    const latest = new Map<string | undefined, string>();
    for (const e of s.tables.episodes) {
      const v = d(e, "DECOM");
      const c = f(e, "CHILD");
      if (v !== undefined && v > (latest.get(c) ?? "")) latest.set(c, v);
    }
    for (const p of s.tables.previous_permanence) {
      const last = latest.get(f(p, "CHILD"));
      if (given(p, "PREV_PERM", "LA_PERM", "DATE_PERM") && last !== undefined && last < s.yearStart)
        emit(tableOf("previous_permanence"), p, "PREV_PERM", `the latest episode started ${last}`);
    }
  }),
  // --- social worker episodes ---
  check("SW01STG1", ["sw_episodes", "episodes"], (s, emit) => {
    const sw = group(s.tables.sw_episodes);
    for (const e of s.tables.episodes) {
      if (!lookedAfterAtEnd(e)) continue;
      const own = sw.get(f(e, "CHILD") ?? "") ?? [];
      if (
        own.length === 0 ||
        own.some((r) => !given(r, "SW_ID") || !given(r, "SW_DECOM") || !given(r, "SW_REASON"))
      )
        emit(
          tableOf("episodes"),
          e,
          "DEC",
          "looked after on 31 March; social worker episodes missing or incomplete",
        );
    }
  }),
  rule("SW01bSTG1", "sw_episodes", (r, _s, emit) => {
    const start = d(r, "SW_DECOM");
    if (start === undefined) emit("SW_DECOM", "blank");
    else if (start >= SW_FROM) {
      const blank = ["SW_ID", "SW_REASON"].find((x) => f(r, x) === undefined);
      if (blank) emit(blank, "blank");
    }
  }),
  rule("SW03STG1", "sw_episodes", (r, _s, emit) => {
    const blank = ["SW_ID", "SW_DECOM", "SW_REASON"].find((x) => f(r, x) === undefined);
    if (blank) emit(blank, "blank");
  }),
  check("SW06STG2", ["sw_episodes"], (s, emit) => {
    for (const r of s.tables.sw_episodes) {
      const v = d(r, "SW_DECOM");
      if (v !== undefined && v > s.yearEnd) emit(tableOf("sw_episodes"), r, "SW_DECOM", `after ${s.yearEnd}`);
    }
  }),
  check("SW07STG2", ["sw_episodes"], (s, emit) => {
    // The reporting period starts a year before the collection year (d2i: collection start less one year).
    const from = addYears(s.yearStart, -1);
    for (const r of s.tables.sw_episodes) {
      const v = d(r, "SW_DEC");
      if (v !== undefined && (v < from || v > s.yearEnd))
        emit(tableOf("sw_episodes"), r, "SW_DEC", `not from ${from} to ${s.yearEnd}`);
    }
  }),
  check("SW10STG2", ["sw_episodes"], (s, emit) => {
    for (const list of swByChild(s).values())
      for (let k = 1; k < list.length; k++) {
        const prevEnd = d(list[k - 1]!, "SW_DEC");
        const start = d(list[k]!, "SW_DECOM");
        if (up(list[k]!, "SW_REASON") === "FCONTA" || !prevEnd || !start) continue;
        if (start < addDays(prevEnd, -7) || start > addDays(prevEnd, 7))
          emit(
            tableOf("sw_episodes"),
            list[k]!,
            "SW_DECOM",
            `more than 7 days from the previous episode's end ${prevEnd}`,
          );
      }
  }),
  check("SW11aSTG2", ["sw_episodes"], (s, emit) => {
    // The next worker within 5 days of the last one's leaving, unless the next episode is a first contact
    // (FCONTA): the case had closed and opened again, as SW10STG2 allows; d2i does not exempt FCONTA.
    const cutoff = addDays(s.yearEnd, -5);
    for (const list of swByChild(s).values())
      for (let k = 1; k < list.length; k++) {
        const prevEnd = d(list[k - 1]!, "SW_DEC");
        const start = d(list[k]!, "SW_DECOM");
        if (
          up(list[k]!, "SW_REASON") !== "FCONTA" &&
          prevEnd &&
          prevEnd <= cutoff &&
          (!start || start < addDays(prevEnd, -5) || start > addDays(prevEnd, 5))
        )
          emit(
            tableOf("sw_episodes"),
            list[k]!,
            "SW_DECOM",
            `not within 5 days of the previous episode's end ${prevEnd}`,
          );
      }
  }),
  check("SW11bSTG2", ["sw_episodes", "episodes"], (s, emit) => {
    // The latest episode of a child looked after on 31 March ended in the last 5 days of the year and none
    // follows it. Only children still looked after (as SW17STG2): one who left care has no worker to follow.
    const from = addDays(s.yearEnd, -5);
    const open = lookedAfterOn31March(s);
    for (const [child, list] of swByChild(s)) {
      if (!open.has(child)) continue;
      const last = list.at(-1)!;
      const end = d(last, "SW_DEC");
      if (end && end >= from && end <= s.yearEnd)
        emit(tableOf("sw_episodes"), last, "SW_DEC", `ended ${end}; no later episode`);
    }
  }),
  check("SW12STG2", ["episodes", "sw_episodes"], (s, emit) => {
    const sw = swByChild(s);
    const from = addYears(s.yearStart, -1);
    for (const e of s.tables.episodes) {
      const dec = d(e, "DEC");
      if (f(e, "DEC") !== undefined && (!dec || dec < from || dec > s.yearEnd)) continue;
      if (["V3", "V4"].includes(up(e, "LS") ?? "")) continue;
      const starts = up(e, "RNE") === "S";
      // an open episode (no REC) does not end care (data-to-insight compares REC with X1 only when given)
      const ends = f(e, "REC") !== undefined && up(e, "REC") !== "X1";
      if (!starts && !ends) continue;
      const decom = d(e, "DECOM");
      const covered = (sw.get(f(e, "CHILD") ?? "") ?? []).some((r) => {
        const v = d(r, "SW_DECOM");
        return (
          v !== undefined &&
          ((ends && dec !== undefined && v <= dec) || (starts && decom !== undefined && v >= decom))
        );
      });
      if (!covered) emit(tableOf("episodes"), e, "DECOM", "no social worker episode for the time in care");
    }
  }),
  {
    code: "SW13STG1",
    severity: "warning",
    tables: [tableOf("sw_episodes")],
    check: (ctx, emit) => {
      for (const s of sets(ctx))
        for (const r of s.tables.sw_episodes) {
          const v = up(r, "SW_REASON");
          // From 2024/25 a blank reason is allowed before 1 April 2023.
          const blankOk =
            (ctx.year ?? 9999) >= 2025 &&
            (d(r, "SW_DECOM") ?? "") < SW_FROM &&
            d(r, "SW_DECOM") !== undefined;
          if (v === undefined ? !blankOk : !SW_REASONS.has(v))
            emit(tableOf("sw_episodes"), r, "SW_REASON", v ? `${v} is not on the list` : "blank");
        }
    },
  },
  check("SW14STG2", ["sw_episodes"], (s, emit) => {
    for (const list of swByChild(s).values())
      for (const r of list.slice(0, -1))
        if (f(r, "SW_DEC") === undefined)
          emit(tableOf("sw_episodes"), r, "SW_DEC", "blank, yet a later episode follows");
  }),
  check("SW17STG2", ["sw_episodes", "episodes"], (s, emit) => {
    // DfE's "no social worker episode open at 31 March", for children looked after on 31 March (whose
    // social worker episodes DfE collects: SW12STG2). d2i checks every child with an episode, so a child
    // who left care and whose case closed in the year, with no worker left to record, would always fail.
    const open = lookedAfterOn31March(s);
    for (const [child, list] of swByChild(s)) {
      if (!open.has(child)) continue;
      const last = list.at(-1)!;
      if (f(last, "SW_DEC") !== undefined)
        emit(tableOf("sw_episodes"), last, "SW_DEC", "the latest episode has ended");
    }
  }),
];

/** DATE_PERM as DfE allows it: DD/MM/YYYY, any part ZZ when unknown (taken as the earliest day it could be). */
function permDate(v: string): string | undefined {
  const m = /^(\d{2}|ZZ)\/(\d{2}|ZZ)\/(\d{4}|ZZZZ)$/i.exec(v.trim());
  if (!m) return undefined;
  if (m[3]!.toUpperCase() === "ZZZZ") return "0000-01-01";
  const y = m[3]!;
  const mo = m[2]!.toUpperCase() === "ZZ" ? "01" : m[2]!;
  const day = m[1]!.toUpperCase() === "ZZ" ? "01" : m[1]!;
  const iso = `${y}-${mo}-${day}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso ? undefined : iso;
}
