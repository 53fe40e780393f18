/**
 * DfE's SSDA903 rules that compare this year's return with last year's, on
 * UASC status, the decision to place for adoption, episodes carried over,
 * motherhood and care leavers.
 *
 * Why a module of its own: they run only when last year's return is read
 * too (`scorecard validate --previous`, or folders of consecutive years in
 * one run); with one year's files they find nothing, and the report lists
 * them as not evaluated. Conditions follow data-to-insight's validator
 * (csc-validator-be-903); departures are commented.
 */
import { daysBetween } from "../../../calendar/dates.ts";
import type { Row } from "../../../db/database.ts";
import { addYears, type Emit } from "../context.ts";
import type { Check } from "./spec.ts";
import { d, f, flag, given, type SetView, tableOf, yearPairs } from "./ssda903Return.ts";

const up = (r: Row, field: string) => f(r, field)?.toUpperCase();

/** A check over each pair of consecutive years' sets (last year's, this year's), this year's of known dates. */
function pair(
  code: string,
  files: Parameters<typeof tableOf>[0][],
  run: (now: SetView & { yearStart: string; yearEnd: string }, last: SetView, emit: Emit) => void,
): Check {
  return {
    code,
    severity: "warning",
    tables: files.map(tableOf),
    check: (ctx, emit) => {
      for (const [last, now] of yearPairs(ctx))
        if (now.yearStart && now.yearEnd)
          run(now as SetView & { yearStart: string; yearEnd: string }, last, emit);
    },
  };
}

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

/** Each child's episodes with a DECOM, by DECOM. */
function episodes(s: SetView): Map<string, Row[]> {
  const m = group(s.tables.episodes.filter((r) => d(r, "DECOM")));
  for (const list of m.values()) list.sort((a, b) => d(a, "DECOM")!.localeCompare(d(b, "DECOM")!));
  return m;
}

interface UascStatus {
  uasc: boolean;
  duc?: string;
  dob?: string;
  row?: Row;
}

/** uascStatus's answer per set's UASC records (and header), shared by the rules of one run (read only). */
const uascCache = new WeakMap<object, { header: readonly Row[]; status: Map<string, UascStatus> }>();

/**
 * A child's UASC status in a set: the header's UASC flag where the return
 * has one (the XML form), else (the CSV form, which has none) a UASC record
 * with SEX or DUC given, as d2i derives it.
 */
function uascStatus(s: SetView): Map<string, UascStatus> {
  const had = uascCache.get(s.tables.uasc);
  if (had && had.header === s.tables.header) return had.status;
  const out = new Map<string, UascStatus>();
  const records = new Map<string, Row>();
  for (const r of s.tables.uasc) {
    const c = f(r, "CHILD");
    if (c !== undefined && !records.has(c)) records.set(c, r);
  }
  const headers = new Map<string, Row>();
  for (const h of s.tables.header) {
    const c = f(h, "CHILD");
    if (c !== undefined && !headers.has(c)) headers.set(c, h);
  }
  for (const c of new Set([...records.keys(), ...headers.keys()])) {
    const r = records.get(c);
    const h = headers.get(c);
    const uasc = h && "UASC" in h ? flag(h, "UASC") === 1 : r !== undefined && given(r, "SEX", "DUC");
    const duc = r && d(r, "DUC");
    const dob = (r && d(r, "DOB")) ?? (h && d(h, "DOB"));
    out.set(c, { uasc, ...(duc ? { duc } : {}), ...(dob ? { dob } : {}), ...(r ? { row: r } : {}) });
  }
  uascCache.set(s.tables.uasc, { header: s.tables.header, status: out });
  return out;
}

/** A UASC comparison over the children in this year's UASC file. */
function uascRule(
  code: string,
  bad: (
    now: ReturnType<typeof uascStatus> extends Map<string, infer V> ? V : never,
    last: ReturnType<typeof uascStatus> extends Map<string, infer V> ? V : never,
    s: SetView & { yearStart: string; yearEnd: string },
  ) => string | undefined,
): Check {
  return pair(code, ["uasc", "header"], (now, last, emit) => {
    const before = uascStatus(last);
    for (const [c, n] of uascStatus(now)) {
      const l = before.get(c);
      if (!n.row || !l) continue;
      const why = bad(n, l, now);
      if (why) emit(tableOf("uasc"), n.row, "DUC", why);
    }
  });
}

/** DfE's further comparisons with last year's return. */
export const SSDA903_PREVIOUS_CHECKS: Check[] = [
  uascRule("205A", (n, l, s) => {
    if (n.uasc || !l.uasc) return undefined;
    const lastStart = addYears(s.yearStart, -1);
    const lastEnd = addYears(s.yearEnd, -1);
    const ceasedLastYear = l.duc !== undefined && l.duc >= lastStart && l.duc <= lastEnd;
    return n.duc !== undefined || !ceasedLastYear
      ? `UASC last year, not this year; DUC ${n.duc ?? "blank"}, last year ${l.duc ?? "blank"}`
      : undefined;
  }),
  // Checked against d2i's rule_205B.py and its tests (the DfE specification is not in the library): last year's
  // DUC must be the 18th birthday, and this year's in the year or the same as last year's. For a child still
  // UASC, DUC is the 18th birthday to come (d2i's case "Pass B": DUC 23/07/2020 in the 2019/20 return), so a
  // child UASC in both years ceased, or will cease, at 18 and on no other day. d2i takes last year's DOB by row
  // position in the file (wrong when the two years' rows are in a different order); here by child.
  uascRule("205B", (n, l, s) => {
    if (!n.uasc || !l.uasc) return undefined;
    const inYear = n.duc !== undefined && n.duc >= s.yearStart && n.duc <= s.yearEnd;
    const eighteenth = l.dob !== undefined && l.duc !== undefined && l.duc === addYears(l.dob, 18);
    const sameAsLast = n.duc !== undefined && n.duc === l.duc;
    return (!inYear && !sameAsLast) || !eighteenth
      ? `UASC both years; DUC ${n.duc ?? "blank"}, last year ${l.duc ?? "blank"}`
      : undefined;
  }),
  uascRule("205C", (n, l) =>
    !n.uasc && !l.uasc && (n.duc !== undefined || l.duc !== undefined)
      ? "not UASC this year or last, yet a DUC is given"
      : undefined,
  ),
  pair("205D", ["header", "uasc"], (now, last, emit) => {
    const before = uascStatus(last);
    const headers = new Map(now.tables.header.map((h) => [f(h, "CHILD"), h]));
    for (const [c, n] of uascStatus(now)) {
      const l = before.get(c);
      const row = headers.get(c) ?? n.row;
      if (n.uasc && l && !l.uasc && row)
        emit(
          tableOf(headers.has(c) ? "header" : "uasc"),
          row,
          headers.has(c) ? "CHILD" : "DUC",
          "UASC this year, not last year",
        );
    }
  }),
  pair("559", ["placed_for_adoption"], (now, last, emit) => {
    const before = group(last.tables.placed_for_adoption);
    for (const p of now.tables.placed_for_adoption) {
      const placed = d(p, "DATE_PLACED");
      if (
        placed &&
        placed < now.yearStart &&
        !(before.get(f(p, "CHILD") ?? "") ?? []).some((l) => d(l, "DATE_PLACED"))
      )
        emit(
          tableOf("placed_for_adoption"),
          p,
          "DATE_PLACED",
          `${placed}, before this year, but not in last year's return`,
        );
    }
  }),
  pair("560", ["placed_for_adoption"], (now, last, emit) => {
    const before = group(last.tables.placed_for_adoption);
    for (const p of now.tables.placed_for_adoption)
      for (const l of before.get(f(p, "CHILD") ?? "") ?? [])
        if (
          d(l, "DATE_PLACED") &&
          f(l, "DATE_PLACED_CEASED") === undefined &&
          d(p, "DATE_PLACED") !== d(l, "DATE_PLACED")
        )
          emit(
            tableOf("placed_for_adoption"),
            p,
            "DATE_PLACED",
            `last year ${d(l, "DATE_PLACED")}, not ceased`,
          );
  }),
  pair("561", ["placed_for_adoption"], (now, last, emit) => {
    const before = group(last.tables.placed_for_adoption);
    for (const p of now.tables.placed_for_adoption)
      for (const l of before.get(f(p, "CHILD") ?? "") ?? [])
        if (
          d(p, "DATE_PLACED") &&
          d(p, "DATE_PLACED") === d(l, "DATE_PLACED") &&
          given(l, "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")
        )
          emit(tableOf("placed_for_adoption"), p, "DATE_PLACED", "the same decision ceased last year");
  }),
  pair("584", ["placed_for_adoption"], (now, last, emit) => {
    // Last year's decision ceased: a decision this year must be a later one.
    const before = group(
      last.tables.placed_for_adoption.filter((l) => given(l, "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")),
    );
    for (const p of now.tables.placed_for_adoption)
      for (const l of before.get(f(p, "CHILD") ?? "") ?? []) {
        const placed = d(p, "DATE_PLACED");
        const was = d(l, "DATE_PLACED");
        if (placed === undefined || (was !== undefined && placed <= was))
          emit(
            tableOf("placed_for_adoption"),
            p,
            "DATE_PLACED",
            `last year's decision of ${was ?? "?"} ceased`,
          );
      }
  }),
  pair("562", ["episodes"], (now, last, emit) => {
    const before = episodes(last);
    for (const [c, eps] of episodes(now)) {
      const first = eps.find((e) => d(e, "DECOM")! < now.yearStart);
      if (!first) continue;
      const latest = before.get(c)?.at(-1);
      if (!latest || d(latest, "DECOM") !== d(first, "DECOM"))
        emit(
          tableOf("episodes"),
          first,
          "DECOM",
          `last year's latest episode started ${latest ? d(latest, "DECOM") : "(none)"}`,
        );
    }
  }),
  pair("NoE", ["episodes"], (now, last, emit) => {
    const before = new Set(last.tables.episodes.map((e) => f(e, "CHILD")));
    for (const e of now.tables.episodes)
      if ((d(e, "DECOM") ?? "9999") < now.yearStart && !before.has(f(e, "CHILD")))
        emit(tableOf("episodes"), e, "DECOM", "no episode in last year's return");
  }),
  pair("626", ["header"], (now, last, emit) => {
    const before = new Map(last.tables.header.map((h) => [f(h, "CHILD"), h]));
    for (const h of now.tables.header) {
      const l = before.get(f(h, "CHILD"));
      const born = d(h, "MC_DOB");
      if (l && born && born < now.yearStart && flag(h, "MOTHER") === 1 && flag(l, "MOTHER") === 0)
        emit(tableOf("header"), h, "MC_DOB", `${born}, before this year; MOTHER 0 last year`);
    }
  }),
  pair("348", ["oc3"], (now, last, emit) => {
    const died = new Set(
      last.tables.oc3.filter((r) => up(r, "IN_TOUCH") === "DIED").map((r) => f(r, "CHILD")),
    );
    for (const r of now.tables.oc3)
      if (died.has(f(r, "CHILD")) && up(r, "IN_TOUCH") !== "DIED")
        emit(tableOf("oc3"), r, "IN_TOUCH", "DIED last year");
  }),
  pair("1002", ["oc3", "episodes"], (now, last, emit) => {
    const any = new Set([...now.tables.episodes, ...last.tables.episodes].map((e) => f(e, "CHILD")));
    for (const r of now.tables.oc3)
      if (!any.has(f(r, "CHILD"))) emit(tableOf("oc3"), r, "IN_TOUCH", "no episode this year or last");
  }),
  pair("1010", ["oc3", "episodes"], (now, last, emit) => {
    const current = new Set(now.tables.episodes.map((e) => f(e, "CHILD")));
    const before = episodes(last);
    for (const r of now.tables.oc3) {
      const c = f(r, "CHILD") ?? "";
      const latest = before.get(c)?.at(-1);
      if (!current.has(c) && latest && f(latest, "DEC") === undefined)
        emit(
          tableOf("oc3"),
          r,
          "IN_TOUCH",
          `an episode open at the end of last year (from ${d(latest, "DECOM")}), none this year`,
        );
    }
  }),
  pair("1001", ["oc3", "episodes", "header"], (now, last, emit) => {
    // A relevant or former relevant child: 13 weeks (91 days) looked after since the 14th birthday, some of it
    // since the 16th, and not adopted. Only the two years' episodes are known: a child with none is left to 1002,
    // and one aged 20 or more at the year end is not judged (d2i flags both; its note warns of false positives).
    const born = new Map(now.tables.header.map((h) => [f(h, "CHILD"), d(h, "DOB")]));
    const all = new Map<string, Map<string, Row>>();
    for (const s of [now, last])
      for (const e of s.tables.episodes) {
        const c = f(e, "CHILD");
        const start = d(e, "DECOM");
        if (c === undefined || start === undefined) continue;
        const byStart = all.get(c) ?? new Map<string, Row>();
        const had = byStart.get(start);
        if (!had || (f(had, "DEC") === undefined && f(e, "DEC") !== undefined)) byStart.set(start, e);
        all.set(c, byStart);
      }
    for (const r of now.tables.oc3) {
      const c = f(r, "CHILD") ?? "";
      const dob = born.get(c) ?? d(r, "DOB");
      const eps = [...(all.get(c)?.values() ?? [])].sort((a, b) =>
        d(a, "DECOM")!.localeCompare(d(b, "DECOM")!),
      );
      if (!dob || eps.length === 0 || addYears(dob, 20) <= now.yearEnd) continue;
      const adopted = ["E11", "E12"].includes(up(eps.at(-1)!, "REC") ?? "");
      let after14 = 0;
      let after16 = 0;
      eps.forEach((e, k) => {
        if (["V3", "V4"].includes(up(e, "LS") ?? "")) return;
        const end = d(e, "DEC") ?? (k === eps.length - 1 ? now.yearEnd : undefined);
        if (!end) return;
        const from = (x: string) => (d(e, "DECOM")! > x ? d(e, "DECOM")! : x);
        after14 += Math.max(0, daysBetween(from(addYears(dob, 14)), end));
        after16 += Math.max(0, daysBetween(from(addYears(dob, 16)), end));
      });
      if (adopted || after14 < 91 || after16 < 1)
        emit(
          tableOf("oc3"),
          r,
          "IN_TOUCH",
          adopted
            ? "adopted"
            : `${after14} days looked after since the 14th birthday, ${after16} since the 16th`,
        );
    }
  }),
];
