/**
 * Narrative drafted from the data (issue 10, item 4): deterministic
 * sentences about one indicator and period, built from the stored figures
 * only, in the seed reports' manner ("During Q3 2017-18 there were 226
 * referrals. This is a reduction of 41 (15%) compared with Q2 2017-18…").
 *
 * Why each sentence lists its numbers: every number shown is one of the
 * stored figures, a difference or projection of them, a benchmark, a
 * target or an SPC statistic, and the list says which; tests hold each
 * number to its source. With `publish`, no count from 1 to 4 appears and
 * nothing is said that would reveal one (a comparison, projection or
 * benchmark position resting on a suppressed figure is left out).
 */
import { addMonths, type IsoDate, monthEnd, monthStart } from "../calendar/dates.ts";
import { financialQuarterOf, financialYearLabel, financialYearOf } from "../calendar/financialYear.ts";
import { compareWithBenchmark } from "../framework/judge.ts";
import { atDisplayedPrecision, isPresent } from "../framework/precision.ts";
import { monthsElapsed, projectYearEnd } from "../framework/projection.ts";
import type { Rag } from "../framework/rag.ts";
import { type SpcChart, xmr } from "../framework/spc.ts";
import type { Indicator } from "../indicators/define.ts";
import type { FigureLookup, StoredFigure } from "./figures.ts";
import { formatValue, longDate } from "./format.ts";
import { publishFigure } from "./suppress.ts";

/** The indicator facts the narrative needs. */
export type NarrativeIndicator = Pick<Indicator, "id" | "title" | "polarity" | "unit" | "decimals" | "kind">;

/** The period types a narrative is written for. */
export type NarrativePeriod = "month" | "quarter" | "ytd";

/** What the narrative is drafted from. */
export interface NarrativeInput {
  indicator: NarrativeIndicator;
  periodType: NarrativePeriod;
  /** A month end. */
  periodEnd: IsoDate;
  figures: FigureLookup;
  /** The RAG and target in words of the rated figure (framework/judge.ts), when rated. */
  judgement?: { rag: Rag | null; target: string } | null;
  /**
   * The monthly XmR chart whose last point is the month ending `periodEnd` (see monthlySpc).
   * Published, the caller passes none when any of its months rests on a suppressed count.
   */
  spc?: SpcChart | null;
  /** DfE benchmarks of the year compared with. */
  benchmarks?: { year: number; snAverage: number | null; england: number | null } | null;
  /** Published form: small-number suppression. */
  publish?: boolean;
}

/** A number shown in a sentence, and where it comes from. */
export interface NarrativeNumber {
  /** As written in the sentence. */
  shown: string;
  /** The unrounded number. */
  value: number;
  /** Its source: "figure referrals ytd 2017-12-31 value", "difference", "per cent change", "projection", "England", "SPC mean", "target"… */
  source: string;
}

/** What a sentence is about. */
export type Topic = "latest" | "change" | "target" | "signal" | "benchmark" | "projection";

/** One sentence of the narrative. */
export interface Sentence {
  topic: Topic;
  text: string;
  numbers: NarrativeNumber[];
}

/**
 * The narrative of one indicator for a period: the latest figure, the
 * change against the previous period and the same period last year, the
 * position against target, the SPC signal, the benchmarks and the
 * year-end projection, each only where the data allow it.
 */
export function narrative(input: NarrativeInput): Sentence[] {
  const { indicator: ind, periodType, periodEnd, figures } = input;
  if (monthEnd(periodEnd) !== periodEnd)
    throw new RangeError(`a narrative is for a month end; ${periodEnd} is not one`);
  const publish = input.publish ?? false;
  const current = figures(ind.id, periodType, periodEnd);
  const out: Sentence[] = [];
  const latest = latestSentence(ind, periodType, periodEnd, current, publish);
  if (latest) out.push(latest);
  const shown = current && !hidden(ind, current, publish) && isPresent(current.value) ? current : undefined;
  if (shown) {
    const change = changeSentence(ind, periodType, periodEnd, shown, figures, publish);
    if (change) out.push(change);
    const target = targetSentence(input.judgement);
    if (target) out.push(target);
  }
  // published, a signal of a suppressed month would place it against the average
  const signal =
    current && hidden(ind, current, publish) ? undefined : signalSentence(ind, periodEnd, input.spc);
  if (signal) out.push(signal);
  const projection = projectionSentence(ind, periodEnd, figures, input.benchmarks, publish);
  if (projection) out.push(projection);
  else if (shown && ind.unit !== "count") {
    const bm = benchmarkSentence(ind, shown.value!, input.benchmarks);
    if (bm) out.push(bm);
  }
  return out;
}

/** The monthly XmR chart of an indicator's stored month figures from `from` to `to` (month ends); a month with no figure is a gap. */
export function monthlySpc(
  figures: FigureLookup,
  indicator: Pick<Indicator, "id" | "polarity">,
  from: IsoDate,
  to: IsoDate,
): SpcChart {
  const values: (number | null)[] = [];
  for (let e = monthEnd(from); e <= to; e = monthEnd(addMonths(monthStart(e), 1))) {
    values.push(figures(indicator.id, "month", e)?.value ?? null);
  }
  return xmr(values, indicator.polarity);
}

/** "December 2017". */
export function monthName(end: IsoDate): string {
  return longDate(end).replace(/^\d+ /, "");
}

/** "Q3 2017-18". */
export function quarterName(end: IsoDate): string {
  return `Q${financialQuarterOf(end)} ${financialYearLabel(financialYearOf(end))}`;
}

const isQuarterEnd = (end: IsoDate) => ["03", "06", "09", "12"].includes(end.slice(5, 7));

/** How the period is named in a sentence: "In December 2017", "During Q3 2017-18", "In 2017-18 to date (April to December 2017)". */
function periodPhrase(ind: NarrativeIndicator, type: NarrativePeriod, end: IsoDate): string {
  if (ind.kind === "stock")
    return `At the end of ${type === "quarter" && isQuarterEnd(end) ? quarterName(end) : monthName(end)}`;
  if (type === "month") return `In ${monthName(end)}`;
  if (type === "quarter") {
    return isQuarterEnd(end)
      ? `During ${quarterName(end)}`
      : `In ${quarterName(end)} to date (to ${longDate(end)})`;
  }
  const fy = financialYearOf(end);
  return `In ${financialYearLabel(fy)} to date (April ${fy} to ${monthName(end)})`;
}

/** "referrals" from "Referrals"; "CP plans started" stays. */
function noun(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
}

function num(
  value: number,
  decimals: number,
  source: string,
  unit: "count" | "percent" = "count",
): NarrativeNumber {
  return { shown: formatValue(value, unit === "percent" ? "percent" : "count", decimals), value, source };
}

function figureSource(f: StoredFigure, part: "value" | "numerator" | "denominator"): string {
  return `figure ${f.indicator} ${f.period_type} ${f.period_end} ${part}`;
}

/** True when publishing would suppress a count in the figure (so nothing resting on it may be said). */
function hidden(ind: NarrativeIndicator, f: StoredFigure, publish: boolean): boolean {
  if (!publish) return false;
  const p = publishFigure(ind.unit, f);
  return p.value === "<5" || p.numerator === "<5" || p.denominator === "<5";
}

function latestSentence(
  ind: NarrativeIndicator,
  type: NarrativePeriod,
  end: IsoDate,
  f: StoredFigure | undefined,
  publish: boolean,
): Sentence | undefined {
  const phrase = periodPhrase(ind, type, end);
  if (!f || !isPresent(f.value)) {
    return { topic: "latest", text: `${phrase}, ${noun(ind.title)}: not available.`, numbers: [] };
  }
  if (hidden(ind, f, publish)) {
    const text =
      ind.unit === "count"
        ? `${phrase}, there were fewer than 5 ${noun(ind.title)}.`
        : `${phrase}, ${noun(ind.title)}: not published, as it rests on fewer than 5.`;
    return { topic: "latest", text, numbers: [] };
  }
  const v = num(
    f.value,
    ind.decimals,
    figureSource(f, "value"),
    ind.unit === "percent" ? "percent" : "count",
  );
  const n = f.numerator !== null ? num(f.numerator, 0, figureSource(f, "numerator")) : undefined;
  const d = f.denominator !== null ? num(f.denominator, 0, figureSource(f, "denominator")) : undefined;
  switch (ind.unit) {
    case "count":
      // Titles are plural ("Children who ceased…"): one is written as "…: 1."
      return {
        topic: "latest",
        text:
          f.value === 1
            ? `${phrase}, ${noun(ind.title)}: ${v.shown}.`
            : `${phrase}, there were ${v.shown} ${noun(ind.title)}.`,
        numbers: [v],
      };
    case "percent":
      return n && d
        ? {
            topic: "latest",
            text: `${phrase}, ${noun(ind.title)}: ${v.shown} (${n.shown} of ${d.shown}).`,
            numbers: [v, n, d],
          }
        : { topic: "latest", text: `${phrase}, ${noun(ind.title)}: ${v.shown}.`, numbers: [v] };
    case "rate10k":
      return n && d
        ? {
            topic: "latest",
            text: `${phrase}, ${noun(ind.title)}: ${v.shown} (${n.shown} in a 0–17 population of ${d.shown}).`,
            numbers: [v, n, d],
          }
        : { topic: "latest", text: `${phrase}, ${noun(ind.title)}: ${v.shown}.`, numbers: [v] };
    case "days":
      return d
        ? {
            topic: "latest",
            text: `${phrase}, ${noun(ind.title)}: ${v.shown} days, over ${d.shown}.`,
            numbers: [v, d],
          }
        : { topic: "latest", text: `${phrase}, ${noun(ind.title)}: ${v.shown} days.`, numbers: [v] };
    case "ratio":
      return { topic: "latest", text: `${phrase}, ${noun(ind.title)}: ${v.shown}.`, numbers: [v] };
  }
}

/** The periods a figure is compared with, and their names. */
function comparisons(type: NarrativePeriod, end: IsoDate): { end: IsoDate; name: string }[] {
  const lastYear = monthEnd(addMonths(monthStart(end), -12));
  if (type === "month") {
    const prev = monthEnd(addMonths(monthStart(end), -1));
    return [
      { end: prev, name: monthName(prev) },
      { end: lastYear, name: monthName(lastYear) },
    ];
  }
  if (type === "quarter") {
    const prev = monthEnd(addMonths(monthStart(end), -3));
    const sameLastYear = isQuarterEnd(end) ? quarterName(lastYear) : "the same period last year";
    return [
      ...(isQuarterEnd(end) ? [{ end: prev, name: quarterName(prev) }] : []),
      { end: lastYear, name: sameLastYear },
    ];
  }
  return [{ end: lastYear, name: `the same period of ${financialYearLabel(financialYearOf(lastYear))}` }];
}

function changeSentence(
  ind: NarrativeIndicator,
  type: NarrativePeriod,
  end: IsoDate,
  current: StoredFigure,
  figures: FigureLookup,
  publish: boolean,
): Sentence | undefined {
  const clauses: string[] = [];
  const numbers: NarrativeNumber[] = [];
  for (const c of comparisons(type, end)) {
    const before = figures(ind.id, type, c.end);
    if (!before || !isPresent(before.value) || hidden(ind, before, publish)) continue;
    const was = num(
      before.value,
      ind.decimals,
      figureSource(before, "value"),
      ind.unit === "percent" ? "percent" : "count",
    );
    const diff = current.value! - before.value;
    const shownDiff = atDisplayedPrecision(Math.abs(diff), ind.decimals);
    if (shownDiff === 0) {
      clauses.push(`the same as ${c.name} (${was.shown})`);
      numbers.push(was);
      continue;
    }
    const dn = num(Math.abs(diff), ind.decimals, "difference");
    if (ind.unit === "percent") {
      clauses.push(
        `${dn.shown} percentage points ${diff > 0 ? "higher" : "lower"} than ${c.name} (${was.shown})`,
      );
      numbers.push(dn, was);
      continue;
    }
    const words = diff > 0 ? "an increase of" : "a reduction of";
    if (before.value === 0) {
      clauses.push(`${words} ${dn.shown} compared with ${c.name} (${was.shown})`);
      numbers.push(dn, was);
      continue;
    }
    const pct = num((100 * Math.abs(diff)) / Math.abs(before.value), 0, "per cent change", "percent");
    clauses.push(`${words} ${dn.shown} (${pct.shown}) compared with ${c.name} (${was.shown})`);
    numbers.push(dn, pct, was);
  }
  if (clauses.length === 0) return undefined;
  return { topic: "change", text: `This is ${clauses.join(", and ")}.`, numbers };
}

function targetSentence(judgement: NarrativeInput["judgement"]): Sentence | undefined {
  if (!judgement || judgement.rag === null || judgement.rag === "grey" || judgement.target === "")
    return undefined;
  const numbers = [...judgement.target.matchAll(/\d+(?:\.\d+)?/g)].map((m) => ({
    shown: m[0],
    value: Number(m[0]),
    source: "target",
  }));
  const text = {
    green: `This is green: it meets the target (${judgement.target}).`,
    amber: `This is amber: short of the target but within its tolerance (${judgement.target}).`,
    red: `This is red: outside the target's tolerance (${judgement.target}).`,
  }[judgement.rag];
  return { topic: "target", text, numbers };
}

const ORDINALS = [
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
  "twentieth",
];

/** "seventh", …, "twentieth", then "21st", "22nd", "23rd", "24th". */
export function ordinal(n: number): string {
  if (n >= 1 && n <= ORDINALS.length) return ORDINALS[n - 1]!;
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13
      ? "th"
      : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** Points (ignoring gaps) at the end of the chart that satisfy `test`, counted back from the last. */
function runAtEnd(chart: SpcChart, test: (v: number, prev: number | undefined) => boolean): number {
  const values = chart.points.map((p) => p.value).filter((v): v is number => v !== null);
  let n = 0;
  for (let i = values.length - 1; i >= 0 && test(values[i]!, values[i - 1]); i--) n++;
  return n;
}

function signalSentence(
  ind: NarrativeIndicator,
  end: IsoDate,
  chart: SpcChart | null | undefined,
): Sentence | undefined {
  const last = chart?.points.at(-1);
  if (!chart || !last || last.value === null || chart.mean === null) return undefined;
  const month = monthName(end);
  const dp = ind.decimals;
  const unit = ind.unit === "percent" ? "percent" : "count";
  const mean = num(chart.mean, dp, "SPC mean", unit);
  const caveat = chart.limitsUnreliable
    ? ` (indicative only: the limits rest on ${chart.pointsUsed} months, fewer than 12)`
    : "";
  const judged =
    last.variation === "special-improving"
      ? ", and an improvement"
      : last.variation === "special-concerning"
        ? ", and a concern"
        : "";
  const s = last.signals;
  if (s.length === 0) {
    if (chart.upper === null || chart.lower === null) return undefined;
    // A limit beyond what the measure can take (below 0, above 100%) bounds nothing: not written.
    const lo = chart.lower > 0 ? num(chart.lower, dp, "SPC lower limit", unit) : undefined;
    const hi =
      ind.unit !== "percent" || chart.upper < 100 ? num(chart.upper, dp, "SPC upper limit", unit) : undefined;
    const range =
      lo && hi
        ? `${lo.shown} to ${hi.shown} around`
        : hi
          ? `up to ${hi.shown}, around`
          : lo
            ? `${lo.shown} or more, around`
            : "around";
    return {
      topic: "signal",
      text: `${month} is within the usual range (${range} an average of ${mean.shown}): the change from month to month is noise, not a real change${caveat}.`,
      numbers: [lo, hi, mean].filter((n): n is NarrativeNumber => n !== undefined),
    };
  }
  if (s.includes("above upper limit") || s.includes("below lower limit")) {
    const above = s.includes("above upper limit");
    const limit = num(
      above ? chart.upper! : chart.lower!,
      dp,
      above ? "SPC upper limit" : "SPC lower limit",
      unit,
    );
    return {
      topic: "signal",
      text: `${month} is ${above ? "above the upper" : "below the lower"} process limit (${limit.shown}): a real change, not noise${judged}${caveat}.`,
      numbers: [limit],
    };
  }
  if (s.includes("run above mean") || s.includes("run below mean")) {
    const above = s.includes("run above mean");
    const n = runAtEnd(chart, (v) => (above ? v > chart.mean! : v < chart.mean!));
    return {
      topic: "signal",
      text: `${month} is the ${ordinal(n)} month in a row ${above ? "above" : "below"} the average (${mean.shown}): a real change, not noise${judged}${caveat}.`,
      numbers: [mean],
    };
  }
  const rising = s.includes("rising trend");
  const n = runAtEnd(chart, (v, prev) => prev !== undefined && (rising ? v > prev : v < prev)) + 1;
  return {
    topic: "signal",
    text: `${month} is the ${ordinal(n - 1)} month in a row to ${rising ? "rise" : "fall"}, ${n} months in all: a real change, not noise${judged}${caveat}.`,
    numbers: [],
  };
}

/** "lower than England (548.2) and the statistical neighbours' average (518.7)"; "" when no benchmark. */
function againstBenchmarks(
  ind: NarrativeIndicator,
  value: number,
  bm: NarrativeInput["benchmarks"],
  numbers: NarrativeNumber[],
): string {
  if (!bm) return "";
  const parts: string[] = [];
  let lastWord = "";
  for (const [name, label] of [
    ["england", "England"],
    ["snAverage", "the statistical neighbours' average"],
  ] as const) {
    const b = bm[name];
    const verdict = compareWithBenchmark(value, b, ind.polarity, ind.decimals);
    if (verdict === null || b === null) continue;
    const n = num(
      b,
      ind.decimals,
      name === "england" ? "England" : "statistical neighbours' average",
      ind.unit === "percent" ? "percent" : "count",
    );
    numbers.push(n);
    const word = {
      better: "better than",
      worse: "worse than",
      same: "the same as",
      higher: "higher than",
      lower: "lower than",
    }[verdict];
    parts.push(`${word === lastWord ? "" : `${word} `}${label} (${n.shown})`);
    lastWord = word;
  }
  return parts.join(" and ");
}

function benchmarkSentence(
  ind: NarrativeIndicator,
  value: number,
  bm: NarrativeInput["benchmarks"],
): Sentence | undefined {
  const numbers: NarrativeNumber[] = [];
  const clause = againstBenchmarks(ind, value, bm, numbers);
  if (!clause || !bm) return undefined;
  return {
    topic: "benchmark",
    text: `This is ${clause} (${financialYearLabel(bm.year - 1)}).`,
    numbers,
  };
}

function projectionSentence(
  ind: NarrativeIndicator,
  end: IsoDate,
  figures: FigureLookup,
  bm: NarrativeInput["benchmarks"],
  publish: boolean,
): Sentence | undefined {
  if (monthsElapsed(end) === 12) return undefined;
  const ytd = figures(ind.id, "ytd", end);
  if (!ytd || hidden(ind, ytd, publish)) return undefined;
  const projected = projectYearEnd(ind, ytd.value, end);
  if (projected === null) return undefined;
  const p = num(projected, ind.decimals, "projection");
  const numbers = [p];
  if (ind.unit === "count") {
    return {
      topic: "projection",
      text: `If the current rate is maintained, the year end figure would be ${p.shown}.`,
      numbers,
    };
  }
  const clause = againstBenchmarks(ind, projected, bm, numbers);
  return {
    topic: "projection",
    text: `If the current rate is maintained, the year end rate would be ${p.shown} per 10,000${clause ? `, ${clause}` : ""}.`,
    numbers,
  };
}
