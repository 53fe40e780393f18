/**
 * DfE CIN census rules on the elements only the file holds: the header's
 * ReferenceDate, UPNs, CIN plan dates, factors at assessment and review
 * groups (see ../cinReturn.ts).
 *
 * Why apart from cin.ts: these read the scanned file, not the canonical
 * rows, so they run only when the validated rows came from a CIN census
 * file and say nothing about CIN records that arrived another way.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isIsoDate } from "../../../calendar/dates.ts";
import type { Row } from "../../../db/database.ts";
import type { At, ChildView, CinReturnView, DetailsView } from "../cinReturn.ts";
import { type Context, type Emit, wholeReturn } from "../context.ts";
import type { Check } from "./spec.ts";

/** The pseudo-table these rules report against: issues name the element, not a canonical column. */
export const CIN_FILE = "cin_file";

const here = (view: { file: string }, line: number): Row => ({ _file: view.file, _line: line });

function report(emit: Emit, view: { file: string }, at: { line: number }, element: string, detail?: string) {
  emit(
    CIN_FILE,
    { ...here(view, at.line), [element]: "text" in at ? (at as At).text : null },
    element,
    detail,
  );
}

function eachChild(ctx: Context, f: (view: CinReturnView, child: ChildView) => void): void {
  for (const view of ctx.cinFiles) for (const c of view.children) f(view, c);
}

function eachDetails(ctx: Context, f: (view: CinReturnView, child: ChildView, d: DetailsView) => void): void {
  eachChild(ctx, (view, c) => {
    for (const d of c.details) f(view, c, d);
  });
}

const day = (at: At | undefined) => (at && isIsoDate(at.text) ? at.text : undefined);
const isTrue = (at: At | undefined) =>
  at !== undefined && (at.text === "1" || at.text.toLowerCase() === "true");
const isFalse = (at: At | undefined) =>
  at !== undefined && (at.text === "0" || at.text.toLowerCase() === "false");

/** DfE's UPN check letter: digits 2–13 weighted 2–13, summed, modulo 23, as a letter of ABCDEFGHJKLMNPQRTUVWXYZ. */
export function upnCheckLetter(upn: string): string | undefined {
  if (!/^.\d{12}$/.test(upn)) return undefined;
  let sum = 0;
  for (let i = 1; i < 13; i++) sum += Number(upn[i]) * (i + 1);
  return "ABCDEFGHJKLMNPQRTUVWXYZ"[sum % 23];
}

/** The councils' codes on DfE's LA code list (data/la-codes.csv; the region rows left out). */
export const DFE_LA_CODES: ReadonlySet<string> = (() => {
  const csv = readFileSync(join(import.meta.dirname, "..", "..", "..", "..", "data", "la-codes.csv"), "utf8");
  const codes = new Set<string>();
  for (const line of csv.split("\n").slice(1)) {
    const code = line.split(",")[0]?.trim();
    if (code && /^\d{3}$/.test(code) && !line.includes(",NA,NA")) codes.add(code);
  }
  return codes;
})();

/**
 * LA codes a UPN may carry in characters 2–4: DfE's LA code list (data/la-codes.csv)
 * and the codes DfE's rule 1530 names besides (pseudo-LAs 001–005, 701–708 and
 * codes of councils since merged).
 */
export const UPN_LA_CODES: ReadonlySet<string> = (() => {
  const codes = new Set<string>(DFE_LA_CODES);
  const ranges: [number, number][] = [
    [1, 5],
    [201, 213],
    [301, 320],
    [330, 336],
    [340, 344],
    [350, 359],
    [370, 373],
    [380, 384],
    [390, 394],
    [420, 420],
    [660, 681],
    [701, 708],
    [800, 803],
    [805, 808],
    [810, 813],
    [815, 816],
    [820, 823],
    [825, 826],
    [830, 831],
    [835, 841],
    [845, 846],
    [850, 852],
    [855, 857],
    [860, 861],
    [865, 896],
    [908, 909],
    [916, 916],
    [919, 919],
    [921, 921],
    [925, 926],
    [928, 929],
    [931, 931],
    [933, 933],
    [935, 938],
    [940, 943],
  ];
  for (const [a, b] of ranges) for (let n = a; n <= b; n++) codes.add(String(n).padStart(3, "0"));
  return codes;
})();

/** `d` falls in [from, to] (to open: the census end). */
const within = (d: string, from: string, to: string | undefined, yearEnd: string) =>
  d >= from && d <= (to ?? yearEnd);

/**
 * The first of `spans` that `at` starts during (4016: a CIN plan starting in
 * a CP plan; 4017: the reverse). A start on the span's own end day is not during.
 */
function spanStartedDuring<T extends { start?: At; end?: At }>(
  at: At | undefined,
  spans: readonly T[],
  yearEnd: string,
): T | undefined {
  const s = day(at);
  if (!s) return undefined;
  return spans.find((q) => {
    const qs = day(q.start);
    return qs !== undefined && s !== day(q.end) && within(s, qs, day(q.end), yearEnd);
  });
}

/** DfE's CIN rules on the file's own elements. */
export const CIN_FILE_CHECKS: Check[] = [
  {
    code: "100",
    severity: "warning",
    tables: [CIN_FILE],
    // DfE: ReferenceDate present and 31 March of the collection year. The collection year is taken
    // from ReferenceDate itself (as DfE's collection does), so what is left to check is 31 March.
    ...wholeReturn<Map<string, At | undefined>>({
      start: () => new Map(),
      add: (files, ctx) => {
        for (const view of ctx.cinFiles) if (!files.has(view.file)) files.set(view.file, view.referenceDate);
      },
      finish: (files, emit) => {
        for (const [file, ref] of files) {
          if (!ref) report(emit, { file }, { line: 1 }, "ReferenceDate", "missing");
          else if (!/^\d{4}-03-31$/.test(ref.text))
            report(emit, { file }, ref, "ReferenceDate", "not 31 March");
        }
      },
    }),
  },
  {
    code: "1510",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachChild(ctx, (view, c) => {
        const upn = c.upn?.text;
        if (upn?.length !== 13) return;
        const letter = upnCheckLetter(upn);
        if (letter !== undefined && letter !== upn[0])
          report(emit, view, c.upn!, "UPN", `the check letter should be ${letter}`);
      }),
  },
  {
    code: "1520",
    severity: "warning",
    tables: [CIN_FILE],
    ...wholeReturn<{ seen: Set<string>; again: { file: string; at: At }[] }>({
      start: () => ({ seen: new Set(), again: [] }),
      add: (s, ctx) =>
        eachChild(ctx, (view, c) => {
          const upn = c.upn?.text;
          if (!upn) return;
          if (s.seen.has(upn)) s.again.push({ file: view.file, at: c.upn! });
          s.seen.add(upn);
        }),
      finish: (s, emit) => {
        for (const { file, at } of s.again) report(emit, { file }, at, "UPN", "another child has it too");
      },
    }),
  },
  {
    code: "1530",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachChild(ctx, (view, c) => {
        const upn = c.upn?.text;
        if (upn?.length === 13 && !UPN_LA_CODES.has(upn.slice(1, 4)))
          report(emit, view, c.upn!, "UPN", `${upn.slice(1, 4)} is not an LA code`);
      }),
  },
  {
    code: "1540",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachChild(ctx, (view, c) => {
        const upn = c.upn?.text;
        if (upn && !/^\d{8}$/.test(upn.slice(4, 12))) report(emit, view, c.upn!, "UPN");
      }),
  },
  {
    code: "1550",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachChild(ctx, (view, c) => {
        const upn = c.upn?.text;
        if (upn && !(upn.length === 13 && /[0-9A-HJ-NPQRT-Z]/.test(upn[12]!)))
          report(emit, view, c.upn!, "UPN");
      }),
  },
  {
    code: "1560Q",
    severity: "warning",
    tables: [CIN_FILE],
    // DfE: "in the correct format": a UPN's format (13 characters, a letter, 11 digits, a digit or letter other than I, O, S).
    check: (ctx, emit) =>
      eachChild(ctx, (view, c) => {
        const f = c.formerUpn?.text;
        if (f && !/^[A-Z]\d{11}[0-9A-HJ-NPQRT-Z]$/.test(f)) report(emit, view, c.formerUpn!, "FormerUPN");
      }),
  },
  {
    code: "8770Q",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) => {
      if (ctx.yearEnd === undefined) return;
      // DfE's text asks it of a child "of school age" (before 2024/25, "more than 5 years old") with a
      // referral leading to further action. Taken here, as data-to-insight does, as born on or before
      // 31 August six years before the ReferenceDate's year (2019-08-31 for 2025-03-31). From 2024/25
      // UN1 ("not of school age") is no longer an answer.
      const bornBy = `${Number(ctx.yearEnd.slice(0, 4)) - 6}-08-31`;
      eachChild(ctx, (view, c) => {
        const dob = day(c.dob);
        if (!dob || dob > bornBy || !c.details.some((d) => isFalse(d.nfa))) return;
        const unknown = c.upnUnknown?.text.toUpperCase();
        if (!c.upn && (!unknown || ((ctx.year ?? 9999) >= 2025 && unknown === "UN1")))
          report(emit, view, c.dob!, "UPN", `born ${dob}, no UPN${unknown ? ` (${unknown})` : ""}`);
      });
    },
  },
  {
    code: "4000",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        if (isTrue(d.nfa) && d.plans.length > 0) report(emit, view, d.plans[0]!, "CINPlanDates");
      }),
  },
  {
    code: "4001",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        if (!d.cpps.some((p) => !p.end)) return;
        for (const p of d.plans)
          if (!p.end) report(emit, view, p, "CINPlanEndDate", "open alongside an open CP plan");
      }),
  },
  {
    code: "4003",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        if (ctx.yearEnd === undefined) return;
        for (const cpp of d.cpps)
          for (const r of cpp.reviews) {
            const date = day(r.date);
            if (!date || date === day(cpp.end)) continue;
            const plan = d.plans.find((p) => {
              const s = day(p.start);
              return s !== undefined && within(date, s, day(p.end), ctx.yearEnd!);
            });
            if (plan)
              report(emit, view, r.date!, "CPPreviewDate", `during the CIN plan from ${plan.start!.text}`);
          }
      }),
  },
  {
    code: "4004",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachChild(ctx, (view, c) => {
        const open = c.details.flatMap((d) => d.plans.filter((p) => !p.end));
        if (open.length > 1)
          for (const p of open) report(emit, view, p, "CINPlanEndDate", `${open.length} open CIN plans`);
      }),
  },
  {
    code: "4008",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, c, d) => {
        const death = day(c.death);
        if (death)
          for (const p of d.plans) {
            const s = day(p.start);
            if (s && s > death) report(emit, view, p.start!, "CINPlanStartDate", `died ${death}`);
          }
      }),
  },
  {
    code: "4009Q",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, c, d) => {
        const death = day(c.death);
        if (death)
          for (const p of d.plans) {
            const e = day(p.end);
            if (e && e > death) report(emit, view, p.end!, "CINPlanEndDate", `died ${death}`);
          }
      }),
  },
  {
    code: "4010",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        for (const p of d.plans) {
          const s = day(p.start);
          if (!s) report(emit, view, p.start ?? p, "CINPlanStartDate", "missing");
          else if (ctx.yearEnd !== undefined && s > ctx.yearEnd)
            report(emit, view, p.start!, "CINPlanStartDate", `after ${ctx.yearEnd}`);
        }
      }),
  },
  {
    code: "4011",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        for (const p of d.plans) {
          const s = day(p.start);
          const e = day(p.end);
          if (s && e && e < s) report(emit, view, p.end!, "CINPlanEndDate", `started ${s}`);
        }
      }),
  },
  {
    code: "4012Q",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        for (const p of d.plans) {
          const s = day(p.start);
          if (s && s === day(p.end)) report(emit, view, p.end!, "CINPlanEndDate");
        }
      }),
  },
  {
    code: "4013",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        if (ctx.yearEnd === undefined) return;
        for (const p of d.plans) {
          const e = day(p.end);
          if (e && (e < ctx.yearStart! || e > ctx.yearEnd))
            report(emit, view, p.end!, "CINPlanEndDate", `outside ${ctx.yearStart} – ${ctx.yearEnd}`);
        }
      }),
  },
  {
    code: "4014",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachChild(ctx, (view, c) => {
        if (ctx.yearEnd === undefined) return;
        const plans = c.details.flatMap((d) => d.plans).filter((p) => day(p.start));
        for (const p of plans) {
          const s = day(p.start)!;
          const other = plans.find(
            (o) =>
              o !== p &&
              within(s, day(o.start)!, day(o.end), ctx.yearEnd!) &&
              !(s === day(o.start) && o.line > p.line),
          );
          if (other)
            report(emit, view, p.start!, "CINPlanStartDate", `within the plan from ${other.start!.text}`);
        }
      }),
  },
  {
    code: "4015",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        const ref = day(d.referralDate);
        if (ref)
          for (const p of d.plans) {
            const s = day(p.start);
            if (s && s < ref) report(emit, view, p.start!, "CINPlanStartDate", `referred ${ref}`);
          }
      }),
  },
  {
    code: "4016",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        if (ctx.yearEnd === undefined) return;
        for (const p of d.plans) {
          const cpp = spanStartedDuring(p.start, d.cpps, ctx.yearEnd);
          if (cpp)
            report(emit, view, p.start!, "CINPlanStartDate", `during the CP plan from ${cpp.start!.text}`);
        }
      }),
  },
  {
    code: "4017",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        if (ctx.yearEnd === undefined) return;
        for (const q of d.cpps) {
          const plan = spanStartedDuring(q.start, d.plans, ctx.yearEnd);
          if (plan)
            report(emit, view, q.start!, "CPPstartDate", `during the CIN plan from ${plan.start!.text}`);
        }
      }),
  },
  {
    code: "8614",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        for (const a of d.assessments)
          if (!a.auth && a.factors.length > 0)
            report(emit, view, a.factors[0]!, "AssessmentFactors", "the assessment is not authorised");
      }),
  },
  {
    code: "8869",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        for (const a of d.assessments)
          if (a.factors.length > 1 && a.factors.some((f) => f.text === "21"))
            report(emit, view, a.factors.find((f) => f.text === "21")!, "AssessmentFactors");
      }),
  },
  {
    code: "8873Q",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        if (d.assessments.length !== 1 || !d.assessments[0]!.factors.some((f) => f.text === "21")) return;
        const reason = d.reason?.text.toUpperCase();
        if (reason !== undefined && reason !== "RC8" && reason !== "RC9")
          report(emit, view, d.reason!, "ReasonForClosure", "the one assessment found no factors (21)");
      }),
  },
  {
    code: "8897Q",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        if (ctx.yearStart === undefined) return;
        for (const a of d.assessments) {
          const auth = day(a.auth);
          if (auth && auth >= ctx.yearStart && a.factors.length === 0)
            report(emit, view, a.auth!, "AssessmentFactors", `authorised ${auth}, no factors`);
        }
      }),
  },
  {
    code: "8898",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        for (const a of d.assessments) {
          const codes = a.factors.map((f) => f.text);
          const k = codes.findIndex((x, i) => codes.indexOf(x) !== i);
          if (k !== -1) report(emit, view, a.factors[k]!, "AssessmentFactors", `${codes[k]} is listed twice`);
        }
      }),
  },
  {
    code: "8945Q",
    severity: "warning",
    tables: [CIN_FILE],
    check: factorCode("18A"),
  },
  {
    code: "8950Q",
    severity: "warning",
    tables: [CIN_FILE],
    check: factorCode("19A"),
  },
  {
    code: "8565",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        const close = day(d.closeDate);
        if (close)
          for (const p of d.plans)
            for (const at of [p.start, p.end]) {
              const v = day(at);
              if (v && v > close) {
                report(
                  emit,
                  view,
                  at!,
                  at === p.start ? "CINPlanStartDate" : "CINPlanEndDate",
                  `the case closed ${close}`,
                );
                break;
              }
            }
      }),
  },
  {
    code: "2990",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        const reason = d.reason?.text.toUpperCase();
        if ((reason === "RC8" || reason === "RC9") && d.plans.length > 0)
          report(emit, view, d.plans[0]!, "CINPlanDates", `${reason}, with a CIN plan`);
      }),
  },
  {
    code: "8842Q",
    severity: "warning",
    tables: [CIN_FILE],
    check: (ctx, emit) =>
      eachDetails(ctx, (view, _c, d) => {
        for (const cpp of d.cpps)
          for (const r of cpp.reviews)
            if (!day(r.date)) report(emit, view, r.date ?? r, "CPPreviewDate", "missing");
      }),
  },
];

function factorCode(code: string): Check["check"] {
  return (ctx, emit) =>
    eachDetails(ctx, (view, _c, d) => {
      for (const a of d.assessments)
        for (const f of a.factors) if (f.text === code) report(emit, view, f, "AssessmentFactors");
    });
}
