/**
 * DfE's SSDA903 rules on fields as written in the return: dates that are
 * not dates, codes off DfE's lists, UPNs, motherhood, adopters (AD1), the
 * decision to place for adoption, OC2 health and SDQ items, OC3
 * completeness, missing periods, previous permanence, social workers, and
 * the internal checks that every file agrees with the header.
 *
 * Why on the return as written: the canonical tables keep none of UPN,
 * MC_DOB, the adopters, SDQ or the OC2 items, and the reader has already
 * turned text into dates and codes. The import hands the reader's records
 * over (ctx.ssda903, one entry per year's set); without them these rules
 * find nothing. Each set is checked against its own collection year.
 * Conditions follow DfE's message, and the data-to-insight validator
 * (csc-validator-be-903) where the message leaves a choice.
 */

import type { Row } from "../../../db/database.ts";
import type { Ssda903File } from "../../ssda903/reader.ts";
import { parseDateText } from "../../text.ts";
import { addYears, type Context } from "../context.ts";
import type { Check } from "./spec.ts";

/** The pseudo-table a 903 file's records are reported under (its fields keep their own names). */
export const tableOf = (file: Ssda903File) => `903 ${file}`;

/** A field as written, trimmed, or undefined when blank. */
export function f(r: Row, field: string): string | undefined {
  const v = r[field];
  if (typeof v !== "string") return undefined;
  const n = v.length;
  if (n > 0) {
    // Printable ASCII at both ends: nothing to trim (most fields; trim is a call each time).
    const a = v.charCodeAt(0);
    const b = v.charCodeAt(n - 1);
    if (a > 32 && a < 127 && b > 32 && b < 127) return v;
  }
  const t = v.trim();
  return t === "" ? undefined : t;
}

/** Date texts already parsed: a return repeats a few thousand dates across a million records and many rules. */
const parsed = new Map<string, string | null>();

/** A field as an ISO date, or undefined when blank or not a date. */
export function d(r: Row, field: string): string | undefined {
  const v = f(r, field);
  if (v === undefined) return undefined;
  let iso = parsed.get(v);
  if (iso === undefined) {
    const p = parseDateText(v);
    iso = "iso" in p ? p.iso : null;
    if (parsed.size > 200_000) parsed.clear();
    parsed.set(v, iso);
  }
  return iso ?? undefined;
}

const badDate = (r: Row, field: string) => f(r, field) !== undefined && d(r, field) === undefined;

export interface SetView {
  year?: number;
  yearEnd?: string;
  yearStart?: string;
  tables: Record<Ssda903File, Row[]>;
}

export function sets(ctx: Context): SetView[] {
  return ctx.ssda903.map(view);
}

function view(s: Context["ssda903"][number]): SetView {
  return s.year === undefined
    ? { tables: s.tables }
    : { year: s.year, yearEnd: `${s.year}-03-31`, yearStart: `${s.year - 1}-04-01`, tables: s.tables };
}

/** The set of the year before `s`: last year's return given for comparison, or one read in the same run. */
export function lastYearOf(ctx: Context, s: SetView): SetView | undefined {
  if (s.year === undefined) return undefined;
  const last = [...ctx.ssda903, ...ctx.ssda903Previous].find((x) => x.year === s.year! - 1);
  return last && view(last);
}

/** Each record of a file, in every set. */
function each(
  file: Ssda903File,
  f: (r: Row, s: SetView, emit: (field: string, detail?: string) => void) => void,
): Check["check"] {
  const table = tableOf(file);
  return (ctx, emit) => {
    // One reporter per run, pointed at the record in hand: not a closure per record.
    let current: Row;
    const report = (field: string, detail?: string) => emit(table, current, field, detail);
    for (const s of sets(ctx))
      for (const r of s.tables[file]) {
        current = r;
        f(r, s, report);
      }
  };
}

/** A check of one file's records. */
export function rule(code: string, file: Ssda903File, f: Parameters<typeof each>[1]): Check {
  return { code, severity: "warning", tables: [tableOf(file)], check: each(file, f) };
}

/** A date field that is not a date (blank too, when `required`). */
function dateRule(code: string, file: Ssda903File, field: string, required = false): Check {
  return rule(code, file, (r, _s, emit) => {
    if (badDate(r, field)) emit(field, "not a date");
    else if (required && f(r, field) === undefined) emit(field, "blank");
  });
}

/** A field whose value, when given, is not one of `codes`. */
function codeRule(code: string, file: Ssda903File, field: string, codes: readonly string[]): Check {
  const ok = new Set(codes);
  return rule(code, file, (r, _s, emit) => {
    const v = f(r, field);
    if (v !== undefined && !ok.has(v.toUpperCase())) emit(field, `${v} is not on the list`);
  });
}

/** A child in `file` not in the header of the same set. */
function notInHeader(code: string, file: Ssda903File): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf(file), tableOf("header")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        if (s.tables.header.length === 0) continue;
        const known = new Set(s.tables.header.map((r) => f(r, "CHILD")));
        for (const r of s.tables[file])
          if (!known.has(f(r, "CHILD"))) emit(tableOf(file), r, "CHILD", "not in the header");
      }
    },
  };
}

/** A child whose `field` in `file` differs from the header's. */
function differsFromHeader(code: string, file: Ssda903File, field: "DOB" | "SEX"): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf(file), tableOf("header")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const header = new Map<string | undefined, string | undefined>();
        for (const r of s.tables.header) header.set(f(r, "CHILD"), field === "DOB" ? d(r, "DOB") : sex(r));
        for (const r of s.tables[file]) {
          const child = f(r, "CHILD");
          if (!header.has(child)) continue;
          const mine = field === "DOB" ? d(r, "DOB") : sex(r);
          const theirs = header.get(child);
          if (mine !== undefined && theirs !== undefined && mine !== theirs)
            emit(tableOf(file), r, field, `the header has ${theirs}`);
        }
      }
    },
  };
}

/** A child more than once in `file` of one set (each copy after the first). */
function duplicates(code: string, file: Ssda903File): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf(file)],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const seen = new Set<string>();
        for (const r of s.tables[file]) {
          const child = f(r, "CHILD");
          if (child === undefined) continue;
          if (seen.has(child)) emit(tableOf(file), r, "CHILD", "already in this file");
          seen.add(child);
        }
      }
    },
  };
}

/** SEX as M or F (903 files write 1 and 2 or M and F), else as written. */
export function sex(r: Row): string | undefined {
  const v = f(r, "SEX")?.toUpperCase();
  return v === "1" ? "M" : v === "2" ? "F" : v;
}
/** A 0/1 flag as a number (a spreadsheet may have written 1 as 1.0), else undefined. */
export function flag(r: Row, field: string): number | undefined {
  const v = f(r, field);
  return v !== undefined && /^[01](\.0*)?$/.test(v) ? Number(v) : undefined;
}
export const isOne = (r: Row, field: string) => flag(r, field) === 1;
export const given = (r: Row, ...fields: string[]) => fields.some((x) => f(r, x) !== undefined);
/** The SDQ field given, score first. */
const sdqGiven = (r: Row) => ["SDQ_SCORE", "SDQ_REASON"].find((x) => f(r, x) !== undefined);
const male = (r: Row) => sex(r) === "M";
const female = (r: Row) => sex(r) === "F";

export const AD1_FIELDS = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"];
export const OC2_FOUR = ["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"];
export const OC2_FLAGS = [
  "CONVICTED",
  "HEALTH_CHECK",
  "IMMUNISATIONS",
  "TEETH_CHECK",
  "HEALTH_ASSESSMENT",
  "SUBSTANCE_MISUSE",
  "INTERVENTION_RECEIVED",
  "INTERVENTION_OFFERED",
];
export const OC3_FIELDS = ["IN_TOUCH", "ACTIV", "ACCOM"];
const UPN = /^(?:[A-HJ-NP-RT-Z]\d{11}[\dA-Z]|UN[1-5])$/;

/** Age-based checks need a DOB and the set's year. */
function ageRule(
  code: string,
  file: Ssda903File,
  bad: (r: Row, dob: string, s: Required<Pick<SetView, "yearStart" | "yearEnd">>) => string | undefined,
): Check {
  return rule(code, file, (r, s, emit) => {
    const dob = d(r, "DOB");
    if (!dob || !s.yearStart || !s.yearEnd) return;
    const field = bad(r, dob, { yearStart: s.yearStart, yearEnd: s.yearEnd });
    if (field) emit(field, `born ${dob}`);
  });
}

/** A set's episodes ending in adoption (REC E11 or E12) within its year. */
function adoptedInYear(s: SetView): Row[] {
  return s.tables.episodes.filter((r) => {
    const dec = d(r, "DEC");
    return (
      ["E11", "E12"].includes(f(r, "REC")?.toUpperCase() ?? "") &&
      dec !== undefined &&
      (s.yearStart === undefined || (dec >= s.yearStart && dec <= s.yearEnd!))
    );
  });
}

/** The further SSDA903 checks on the return as written. */
export const SSDA903_RETURN_CHECKS: Check[] = [
  // --- dates that are not dates ---
  dateRule("102", "header", "DOB", true),
  dateRule("171", "header", "MC_DOB"),
  dateRule("141", "episodes", "DECOM", true),
  dateRule("147", "episodes", "DEC"),
  dateRule("104", "uasc", "DUC"),
  dateRule("112", "ad1", "DATE_INT"),
  dateRule("113", "ad1", "DATE_MATCH"),
  dateRule("115", "placed_for_adoption", "DATE_PLACED"),
  dateRule("116", "placed_for_adoption", "DATE_PLACED_CEASED"),
  dateRule("166", "reviews", "REVIEW", true),
  dateRule("1004", "missing", "MIS_START", true),
  dateRule("1005", "missing", "MIS_END"),
  dateRule("SW04STG1", "sw_episodes", "SW_DECOM"),
  dateRule("SW05STG1", "sw_episodes", "SW_DEC"),
  // --- codes ---
  codeRule("114", "ad1", "FOSTER_CARE", ["0", "1"]),
  codeRule("175", "ad1", "NB_ADOPTR", ["1", "2"]),
  codeRule("176", "ad1", "SEX_ADOPTR", ["M1", "F1", "MM", "FF", "MF"]),
  codeRule("177", "ad1", "LS_ADOPTR", ["L0", "L11", "L12", "L2", "L3", "L4"]),
  codeRule("120", "placed_for_adoption", "REASON_PLACED_CEASED", ["RD1", "RD2", "RD3", "RD4"]),
  codeRule("196", "oc2", "SDQ_REASON", ["SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"]),
  codeRule("631", "previous_permanence", "PREV_PERM", ["P1", "P2", "P3", "P4", "Z1"]),
  rule("180", "oc2", (r, _s, emit) => {
    const v = f(r, "SDQ_SCORE");
    if (v !== undefined && !(/^\d{1,2}$/.test(v) && Number(v) <= 40))
      emit("SDQ_SCORE", `${v} is not 0 to 40`);
  }),
  rule("181", "oc2", (r, _s, emit) => {
    const bad = OC2_FLAGS.find((x) => f(r, x) !== undefined && f(r, x) !== "0" && f(r, x) !== "1");
    if (bad) emit(bad, `${f(r, bad)} is not 0 or 1`);
  }),
  // --- header: UPN and motherhood ---
  rule("168", "header", (r, _s, emit) => {
    const v = f(r, "UPN");
    if (v !== undefined && !UPN.test(v.toUpperCase())) emit("UPN", "not a UPN nor UN1–UN5");
  }),
  rule("442", "header", (r, _s, emit) => {
    if (f(r, "UPN") === undefined) emit("UPN", "blank");
  }),
  {
    code: "444",
    severity: "warning",
    tables: [tableOf("header")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const seen = new Map<string, string | undefined>();
        for (const r of s.tables.header) {
          const upn = f(r, "UPN")?.toUpperCase();
          if (upn === undefined || upn.startsWith("UN")) continue;
          if (seen.has(upn) && seen.get(upn) !== f(r, "CHILD"))
            emit(tableOf("header"), r, "UPN", `also child ${seen.get(upn) ?? "?"}`);
          else seen.set(upn, f(r, "CHILD"));
        }
      }
    },
  },
  rule("174", "header", (r, _s, emit) => {
    if (male(r) && f(r, "MC_DOB") !== undefined) emit("MC_DOB", "a boy with MC_DOB");
  }),
  rule("611", "header", (r, _s, emit) => {
    if (isOne(r, "MOTHER") && f(r, "MC_DOB") === undefined) emit("MC_DOB", "MOTHER 1, MC_DOB blank");
  }),
  rule("612", "header", (r, _s, emit) => {
    if (
      female(r) &&
      (f(r, "MOTHER") === undefined || flag(r, "MOTHER") === 0) &&
      f(r, "MC_DOB") !== undefined
    )
      emit("MOTHER", `MOTHER ${f(r, "MOTHER") ?? "blank"} with MC_DOB`);
  }),
  rule("621", "header", (r, _s, emit) => {
    const dob = d(r, "DOB");
    const child = d(r, "MC_DOB");
    if (dob && child && child < dob) emit("MC_DOB", `${child}; the mother was born ${dob}`);
  }),
  rule("625", "header", (r, s, emit) => {
    const child = d(r, "MC_DOB");
    if (child && s.yearEnd && child > s.yearEnd) emit("MC_DOB", `${child}, after ${s.yearEnd}`);
  }),
  // --- adoption (AD1) and the decision to place for adoption ---
  rule("151", "ad1", (r, _s, emit) => {
    const n = AD1_FIELDS.filter((x) => f(r, x) !== undefined).length;
    if (n > 0 && n < AD1_FIELDS.length)
      emit(
        AD1_FIELDS.find((x) => f(r, x) === undefined)!,
        `${n} of ${AD1_FIELDS.length} adoption items given`,
      );
  }),
  rule("511", "ad1", (r, _s, emit) => {
    if (f(r, "NB_ADOPTR") === "2" && ["M1", "F1"].includes(f(r, "SEX_ADOPTR")?.toUpperCase() ?? ""))
      emit("SEX_ADOPTR", `two adopters, ${f(r, "SEX_ADOPTR")}`);
  }),
  ...(
    [
      ["514", "L0", ["M1", "F1"]],
      ["517", "L3", ["MF"]],
      ["518", "L4", ["MM", "FF"]],
      ["519", "L2", ["MM", "FF", "MF"]],
      ["520", "L11", ["MF"]],
      ["524", "L12", ["MM", "FF"]],
    ] as const
  ).map(([code, ls, sexes]) =>
    rule(code, "ad1", (r, _s, emit) => {
      const sex = f(r, "SEX_ADOPTR")?.toUpperCase();
      if (f(r, "LS_ADOPTR")?.toUpperCase() === ls && !(sexes as readonly string[]).includes(sex ?? ""))
        emit("SEX_ADOPTR", `${ls} with ${sex ?? "blank"}`);
    }),
  ),
  rule("119", "placed_for_adoption", (r, _s, emit) => {
    const date = f(r, "DATE_PLACED_CEASED") !== undefined;
    const reason = f(r, "REASON_PLACED_CEASED") !== undefined;
    if (date !== reason)
      emit(date ? "REASON_PLACED_CEASED" : "DATE_PLACED_CEASED", "one of the two is blank");
  }),
  rule("184", "placed_for_adoption", (r, _s, emit) => {
    const placed = d(r, "DATE_PLACED");
    const dob = d(r, "DOB");
    if (placed && dob && placed < dob) emit("DATE_PLACED", `${placed}; born ${dob}`);
  }),
  rule("522", "placed_for_adoption", (r, _s, emit) => {
    const placed = d(r, "DATE_PLACED");
    const ceased = d(r, "DATE_PLACED_CEASED");
    if (placed && ceased && placed > ceased) emit("DATE_PLACED", `${placed}, ceased ${ceased}`);
  }),
  rule("563", "placed_for_adoption", (r, _s, emit) => {
    if (f(r, "DATE_PLACED") === undefined && given(r, "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"))
      emit("DATE_PLACED", "blank, yet the decision ceased");
  }),
  {
    code: "523",
    severity: "warning",
    tables: [tableOf("placed_for_adoption"), tableOf("ad1")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const interest = new Map<string | undefined, string | undefined>();
        for (const r of s.tables.ad1) interest.set(f(r, "CHILD"), d(r, "DATE_INT"));
        for (const r of s.tables.placed_for_adoption) {
          const placed = d(r, "DATE_PLACED");
          const int = interest.get(f(r, "CHILD"));
          if (placed && int && placed !== int)
            emit(tableOf("placed_for_adoption"), r, "DATE_PLACED", `${placed}; DATE_INT ${int}`);
        }
      }
    },
  },
  {
    // An OC3 child with care leaver data and adoption data too.
    code: "134",
    severity: "warning",
    tables: [tableOf("oc3"), tableOf("ad1")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const leavers = new Set(
          s.tables.oc3.filter((r) => given(r, ...OC3_FIELDS)).map((r) => f(r, "CHILD")),
        );
        for (const r of s.tables.ad1)
          if (leavers.has(f(r, "CHILD")) && given(r, ...AD1_FIELDS))
            emit(tableOf("ad1"), r, "DATE_INT", "the child has care leaver (OC3) data");
      }
    },
  },
  {
    // An adoption (REC E11 or E12) ending in the year with the AD1 items blank.
    code: "601",
    severity: "warning",
    tables: [tableOf("episodes"), tableOf("ad1")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const ad1 = byChild(s.tables.ad1);
        for (const r of adoptedInYear(s)) {
          const a = ad1.get(f(r, "CHILD") ?? "");
          if (!a || AD1_FIELDS.some((x) => f(a, x) === undefined))
            emit(
              tableOf("episodes"),
              r,
              "REC",
              `${f(r, "REC")} on ${d(r, "DEC")}; AD1 ${a ? "incomplete" : "missing"}`,
            );
        }
      }
    },
  },
  {
    // AD1 items given for a child with no adoption (REC E11 or E12) ending in the year.
    code: "602",
    severity: "warning",
    tables: [tableOf("ad1"), tableOf("episodes")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const adopted = new Set(adoptedInYear(s).map((r) => f(r, "CHILD")));
        for (const a of s.tables.ad1)
          if (given(a, ...AD1_FIELDS) && !adopted.has(f(a, "CHILD")))
            emit(tableOf("ad1"), a, "CHILD", "no episode ends E11 or E12 in the year");
      }
    },
  },
  {
    code: "582",
    severity: "warning",
    tables: [tableOf("episodes"), tableOf("ad1")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const ad1 = byChild(s.tables.ad1);
        for (const r of s.tables.episodes) {
          if (!["E11", "E12"].includes(f(r, "REC")?.toUpperCase() ?? "")) continue;
          const a = ad1.get(f(r, "CHILD") ?? "");
          const dec = d(r, "DEC");
          if (a && dec && d(a, "DATE_MATCH") === dec)
            emit(tableOf("episodes"), r, "DEC", `adopted and matched on ${dec}`);
        }
      }
    },
  },
  {
    // The decision to place for adoption reversed, yet the child was adopted (REC E11 or E12).
    code: "558",
    severity: "warning",
    tables: [tableOf("placed_for_adoption"), tableOf("episodes")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const adopted = new Set(
          s.tables.episodes
            .filter((r) => ["E11", "E12"].includes(f(r, "REC")?.toUpperCase() ?? ""))
            .map((r) => f(r, "CHILD")),
        );
        for (const p of s.tables.placed_for_adoption)
          if (f(p, "DATE_PLACED_CEASED") !== undefined && adopted.has(f(p, "CHILD")))
            emit(tableOf("placed_for_adoption"), p, "DATE_PLACED_CEASED", "the child was adopted");
      }
    },
  },
  {
    code: "525",
    severity: "warning",
    tables: [tableOf("placed_for_adoption"), tableOf("ad1")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const ad1 = byChild(s.tables.ad1);
        for (const p of s.tables.placed_for_adoption) {
          const a = ad1.get(f(p, "CHILD") ?? "");
          if (f(p, "DATE_PLACED_CEASED") !== undefined && a && given(a, ...AD1_FIELDS))
            emit(tableOf("placed_for_adoption"), p, "DATE_PLACED_CEASED", "with adoption (AD1) items");
        }
      }
    },
  },
  // --- OC2 ---
  rule("182", "oc2", (r, _s, emit) => {
    const missingFour = OC2_FOUR.find((x) => f(r, x) === undefined);
    if (missingFour && given(r, "CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
      emit(missingFour, "blank while other OC2 items are given");
  }),
  rule("192", "oc2", (r, _s, emit) => {
    if (isOne(r, "SUBSTANCE_MISUSE") && f(r, "INTERVENTION_RECEIVED") === undefined)
      emit("INTERVENTION_RECEIVED", "blank with SUBSTANCE_MISUSE 1");
  }),
  rule("193", "oc2", (r, _s, emit) => {
    const misuse = f(r, "SUBSTANCE_MISUSE");
    if ((misuse === undefined || misuse === "0") && given(r, "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
      emit("SUBSTANCE_MISUSE", `${misuse ?? "blank"} with an intervention item`);
  }),
  rule("158", "oc2", (r, _s, emit) => {
    if (isOne(r, "INTERVENTION_RECEIVED") && f(r, "INTERVENTION_OFFERED") !== undefined)
      emit("INTERVENTION_OFFERED", "given with INTERVENTION_RECEIVED 1");
  }),
  rule("159", "oc2", (r, _s, emit) => {
    if (
      isOne(r, "SUBSTANCE_MISUSE") &&
      f(r, "INTERVENTION_RECEIVED") === "0" &&
      f(r, "INTERVENTION_OFFERED") === undefined
    )
      emit("INTERVENTION_OFFERED", "blank with INTERVENTION_RECEIVED 0");
  }),
  rule("197a", "oc2", (r, _s, emit) => {
    if (f(r, "SDQ_SCORE") !== undefined && f(r, "SDQ_REASON") !== undefined)
      emit("SDQ_REASON", "given with a score");
  }),
  rule("544", "oc2", (r, _s, emit) => {
    const blank = OC2_FOUR.find((x) => f(r, x) === undefined);
    if (f(r, "CONVICTED") !== undefined && blank) emit(blank, "blank with CONVICTED given");
  }),
  rule("547", "oc2", (r, _s, emit) => {
    const blank = OC2_FOUR.find((x) => f(r, x) === undefined);
    if (f(r, "HEALTH_CHECK") !== undefined && blank) emit(blank, "blank with HEALTH_CHECK given");
  }),
  ageRule("188", "oc2", (r, dob, y) => (addYears(dob, 4) > y.yearEnd ? sdqGiven(r) : undefined)),
  ageRule("189", "oc2", (r, dob, y) => (addYears(dob, 17) <= y.yearStart ? sdqGiven(r) : undefined)),
  ageRule("542", "oc2", (r, dob, y) =>
    addYears(dob, 10) > y.yearEnd && f(r, "CONVICTED") !== undefined ? "CONVICTED" : undefined,
  ),
  ageRule("546", "oc2", (r, dob, y) =>
    addYears(dob, 5) <= y.yearEnd && f(r, "HEALTH_CHECK") !== undefined ? "HEALTH_CHECK" : undefined,
  ),
  // --- OC3 ---
  rule("153", "oc3", (r, _s, emit) => {
    const n = OC3_FIELDS.filter((x) => f(r, x) !== undefined).length;
    if (n > 0 && n < 3) emit(OC3_FIELDS.find((x) => f(r, x) === undefined)!, `${n} of 3 items given`);
  }),
  // --- missing ---
  rule("564", "missing", (r, _s, emit) => {
    if (f(r, "MISSING") !== undefined && f(r, "MIS_START") === undefined) emit("MIS_START", "blank");
  }),
  rule("565", "missing", (r, _s, emit) => {
    if (f(r, "MIS_START") !== undefined && f(r, "MISSING") === undefined) emit("MISSING", "blank");
  }),
  rule("566", "missing", (r, _s, emit) => {
    if (f(r, "MIS_END") !== undefined && f(r, "MISSING") === undefined) emit("MISSING", "blank");
  }),
  // --- previous permanence ---
  rule("635", "previous_permanence", (r, _s, emit) => {
    if (f(r, "PREV_PERM")?.toUpperCase() === "Z1" && given(r, "DATE_PERM", "LA_PERM"))
      emit("PREV_PERM", "Z1 with a date or LA");
  }),
  // --- social workers ---
  rule("SW02STG1", "sw_episodes", (r, _s, emit) => {
    const id = f(r, "SW_ID")?.toUpperCase();
    if (id !== undefined && !id.startsWith("SW") && !id.startsWith("XX"))
      emit("SW_ID", "does not begin SW or XX");
  }),
  rule("SW01aSTG1", "sw_episodes", (r, _s, emit) => {
    const blank = ["SW_DECOM", "SW_ID"].find((x) => f(r, x) === undefined);
    if (blank) emit(blank, "blank");
  }),
  {
    // An episode other than the child's latest (by SW_DECOM) with no SW_DEC.
    code: "SW08STG2",
    severity: "warning",
    tables: [tableOf("sw_episodes")],
    check: (ctx, emit) => {
      for (const s of sets(ctx)) {
        const latest = new Map<string, Row>();
        for (const r of s.tables.sw_episodes) {
          const c = f(r, "CHILD");
          const start = d(r, "SW_DECOM");
          if (c === undefined || start === undefined) continue;
          const l = latest.get(c);
          if (!l || start >= (d(l, "SW_DECOM") ?? "")) latest.set(c, r);
        }
        for (const r of s.tables.sw_episodes) {
          const c = f(r, "CHILD");
          if (c !== undefined && d(r, "SW_DECOM") && f(r, "SW_DEC") === undefined && latest.get(c) !== r)
            emit(tableOf("sw_episodes"), r, "SW_DEC", "open, yet a later episode started");
        }
      }
    },
  },
  rule("SW09STG2", "sw_episodes", (r, _s, emit) => {
    const s = d(r, "SW_DECOM");
    if (s !== undefined && d(r, "SW_DEC") === s) emit("SW_DEC", `starts and ends ${s}`);
  }),
  // --- the files against the header ---
  notInHeader("INT01", "ad1"),
  notInHeader("INT02", "placed_for_adoption"),
  notInHeader("INT03", "episodes"),
  notInHeader("INT04", "missing"),
  notInHeader("INT05", "oc2"),
  notInHeader("INT06", "oc3"),
  notInHeader("INT07", "previous_permanence"),
  notInHeader("INT08", "reviews"),
  notInHeader("INT09", "uasc"),
  differsFromHeader("INT11", "ad1", "DOB"),
  differsFromHeader("INT12", "placed_for_adoption", "DOB"),
  differsFromHeader("INT13", "missing", "DOB"),
  differsFromHeader("INT14", "oc2", "DOB"),
  differsFromHeader("INT15", "oc3", "DOB"),
  differsFromHeader("INT16", "previous_permanence", "DOB"),
  differsFromHeader("INT17", "reviews", "DOB"),
  differsFromHeader("INT18", "uasc", "DOB"),
  differsFromHeader("INT21", "uasc", "SEX"),
  duplicates("INT31", "ad1"),
  duplicates("INT32", "header"),
  duplicates("INT33", "oc2"),
  duplicates("INT34", "oc3"),
  duplicates("INT35", "previous_permanence"),
  duplicates("INT36", "uasc"),
];

/**
 * Each pair of consecutive years' sets (last year's and this year's) read in
 * the same run: DfE's comparisons with last year's return. With one year's
 * files they find nothing (SSDA903_LAST_YEAR in ssda903.ts says so).
 */
export function yearPairs(ctx: Context): [SetView, SetView][] {
  const pairs: [SetView, SetView][] = [];
  for (const now of sets(ctx)) {
    const last = lastYearOf(ctx, now);
    if (last) pairs.push([last, now]);
  }
  return pairs;
}

/** A child's record in a file, by child (the first when repeated). */
export function byChild(rows: readonly Row[]): Map<string, Row> {
  const m = new Map<string, Row>();
  for (const r of rows) {
    const c = f(r, "CHILD");
    if (c !== undefined && !m.has(c)) m.set(c, r);
  }
  return m;
}

/** This year's header against last year's, child by child. */
function headerChange(code: string, field: string, differs: (now: Row, last: Row) => boolean): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf("header")],
    check: (ctx, emit) => {
      for (const [last, now] of yearPairs(ctx)) {
        const before = byChild(last.tables.header);
        for (const r of now.tables.header) {
          const l = before.get(f(r, "CHILD") ?? "");
          if (l && differs(r, l)) emit(tableOf("header"), r, field, `last year ${f(l, field) ?? "blank"}`);
        }
      }
    },
  };
}

/** Each child's last open episode of last year with this year's first episode. */
function carriedEpisodes(ctx: Context, f2: (now: Row, last: Row) => void): void {
  for (const [last, now] of yearPairs(ctx)) for (const [r, l] of carried(last, now)) f2(r, l);
}

/** carriedEpisodes's pairs per two sets' episodes, shared by the rules of one run (read only). */
const carriedCache = new WeakMap<object, { last: readonly Row[]; pairs: [Row, Row][] }>();

function carried(last: SetView, now: SetView): [Row, Row][] {
  const had = carriedCache.get(now.tables.episodes);
  if (had && had.last === last.tables.episodes) return had.pairs;
  const pairs: [Row, Row][] = [];
  const open = new Map<string, Row>();
  const latest = new Map<string, string>();
  for (const r of last.tables.episodes) {
    const c = f(r, "CHILD");
    const s = d(r, "DECOM");
    if (c === undefined || s === undefined || (latest.get(c) ?? "") > s) continue;
    latest.set(c, s);
    if (f(r, "DEC") === undefined) open.set(c, r);
    else open.delete(c);
  }
  const first = new Map<string, Row>();
  for (const r of now.tables.episodes) {
    const c = f(r, "CHILD");
    const s = d(r, "DECOM");
    if (c === undefined || s === undefined) continue;
    const had = first.get(c);
    if (!had || s < (d(had, "DECOM") ?? "")) first.set(c, r);
  }
  for (const [c, l] of open) {
    const r = first.get(c);
    if (r) pairs.push([r, l]);
  }
  carriedCache.set(now.tables.episodes, { last: last.tables.episodes, pairs });
  return pairs;
}

/** This year's first episode, where it carries last year's open one, with a field changed. */
function carriedField(code: string, field: string): Check {
  return {
    code,
    severity: "warning",
    tables: [tableOf("episodes")],
    check: (ctx, emit) =>
      carriedEpisodes(ctx, (r, l) => {
        if (d(r, "DECOM") !== d(l, "DECOM")) return;
        const a = f(r, field)?.toUpperCase();
        const b = f(l, field)?.toUpperCase();
        if (a !== b) emit(tableOf("episodes"), r, field, `last year ${b ?? "blank"}`);
      }),
  };
}

const real = (upn: string | undefined) => upn !== undefined && !upn.toUpperCase().startsWith("UN");

/** DfE's comparisons with last year's return, run when last year's files are read too. */
export const SSDA903_LAST_YEAR_CHECKS: Check[] = [
  headerChange("202", "SEX", (r, l) => sex(r) !== undefined && sex(l) !== undefined && sex(r) !== sex(l)),
  headerChange(
    "203",
    "DOB",
    (r, l) => d(r, "DOB") !== undefined && d(l, "DOB") !== undefined && d(r, "DOB") !== d(l, "DOB"),
  ),
  headerChange(
    "204",
    "ETHNIC",
    (r, l) =>
      f(r, "ETHNIC") !== undefined &&
      f(l, "ETHNIC") !== undefined &&
      f(r, "ETHNIC")!.toUpperCase() !== f(l, "ETHNIC")!.toUpperCase(),
  ),
  // A mother last year is one still (d2i: for a child with episodes this year; here, any child in both headers).
  headerChange("207", "MOTHER", (r, l) => isOne(l, "MOTHER") && !isOne(r, "MOTHER")),
  // A known UPN last year may not change; an unknown one (UN1–UN5) may become known.
  headerChange(
    "208",
    "UPN",
    (r, l) => real(f(l, "UPN")) && f(r, "UPN")?.toUpperCase() !== f(l, "UPN")!.toUpperCase(),
  ),
  headerChange(
    "624",
    "MC_DOB",
    (r, l) =>
      d(r, "MC_DOB") !== undefined && d(l, "MC_DOB") !== undefined && d(r, "MC_DOB") !== d(l, "MC_DOB"),
  ),
  {
    code: "502",
    severity: "warning",
    tables: [tableOf("episodes")],
    check: (ctx, emit) =>
      carriedEpisodes(ctx, (r, l) => {
        if (d(r, "DECOM") !== d(l, "DECOM"))
          emit(tableOf("episodes"), r, "DECOM", `last year's open episode started ${d(l, "DECOM") ?? "?"}`);
      }),
  },
  carriedField("503A", "RNE"),
  carriedField("503B", "LS"),
  carriedField("503C", "CIN"),
  carriedField("503D", "PLACE"),
  carriedField("503E", "PLACE_PROVIDER"),
  carriedField("503F", "URN"),
  {
    // Last year's open missing period, not carried into this year's missing file.
    code: "576",
    severity: "warning",
    tables: [tableOf("missing")],
    check: (ctx, emit) => {
      for (const [last, now] of yearPairs(ctx)) {
        const starts = new Set(now.tables.missing.map((r) => `${f(r, "CHILD")}|${d(r, "MIS_START")}`));
        for (const l of last.tables.missing)
          if (
            f(l, "MIS_END") === undefined &&
            d(l, "MIS_START") &&
            !starts.has(`${f(l, "CHILD")}|${d(l, "MIS_START")}`)
          )
            emit(
              tableOf("missing"),
              l,
              "MIS_END",
              `open in last year's return, from ${d(l, "MIS_START")}; not in this year's`,
            );
      }
    },
  },
];
