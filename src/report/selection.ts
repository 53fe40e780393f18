/**
 * "Where we are performing well" and "Where we need to improve" (issue
 * 10, summary page): the scorecard lines chosen by a stated rule from
 * RAG, direction of travel, SPC signal and benchmark position, each
 * written as one sentence with its figures.
 *
 * Why a rule with its text exported: a reader of the report must be able
 * to check why a measure is on either list, so the notes print
 * SELECTION_RULE and the code applies exactly that rule, nothing else.
 */

import type { Cell, ScorecardLine } from "../app/scorecard.ts";
import type { Variation } from "../framework/spc.ts";
import { formatCounts, formatValue } from "./format.ts";
import { monthName } from "./narrative.ts";
import { publishFigure } from "./suppress.ts";

/** The rule, as the report's notes state it. */
export const SELECTION_RULE = [
  "A measure is listed under “Where we need to improve” when it is rated red; or its latest month is a signal (special cause variation on the SPC chart) in the worse direction; or it is rated amber and its direction of travel is declining; or it is worse than the benchmark it is compared with and declining.",
  "A measure not listed there is listed under “Where we are performing well” when it is rated green and not declining; or its latest month is a signal in the better direction; or it is better than the benchmark it is compared with and improving.",
  "Information measures, which have no better direction, are on neither list. Within each list, measures meeting more of the conditions come first, then in scorecard order.",
].join(" ");

/** A scorecard line with the SPC variation of its latest month (framework/judge.ts's `signal`). */
export type SelectionLine = ScorecardLine & { variation?: Variation | null };

/** One listed measure. */
export interface SelectedItem {
  ref: string;
  indicator: string;
  /** Which conditions of the rule it meets, in words. */
  reasons: string[];
  /** One sentence with the figures. */
  sentence: string;
}

/** The two lists. */
export interface Selection {
  performingWell: SelectedItem[];
  needToImprove: SelectedItem[];
}

/** Applies SELECTION_RULE to the lines (in scorecard order); with `publish`, counts of 1–4 are not written. */
export function selectHighlights(
  lines: readonly SelectionLine[],
  options: { publish?: boolean } = {},
): Selection {
  const improve: (SelectedItem & { order: number })[] = [];
  const well: (SelectedItem & { order: number })[] = [];
  lines.forEach((line, order) => {
    const compared = line.benchmarks.compared;
    const bm =
      compared.value !== null
        ? `the ${compared.label} (${formatValue(compared.value, line.indicator.unit, line.indicator.decimals)})`
        : `the ${compared.label}`;
    const target = line.target ? ` (${line.target})` : "";
    const bad: string[] = [];
    if (line.rag === "red") bad.push(`rated red against the target${target}`);
    if (line.variation === "special-concerning")
      bad.push("a signal in the worse direction, a real change and not noise");
    if (line.rag === "amber" && line.direction === "declining")
      bad.push(`rated amber${target} and declining`);
    if (compared.verdict === "worse" && line.direction === "declining")
      bad.push(`worse than ${bm} and declining`);
    if (bad.length > 0) {
      improve.push({ ...item(line, bad, options.publish ?? false), order });
      return;
    }
    const good: string[] = [];
    if (line.rag === "green" && line.direction !== "declining")
      good.push(`rated green against the target${target}`);
    if (line.variation === "special-improving")
      good.push("a signal in the better direction, a real change and not noise");
    if (compared.verdict === "better" && line.direction === "improving")
      good.push(`better than ${bm} and improving`);
    if (good.length > 0) well.push({ ...item(line, good, options.publish ?? false), order });
  });
  const ranked = (xs: (SelectedItem & { order: number })[]) =>
    xs
      .sort((a, b) => b.reasons.length - a.reasons.length || a.order - b.order)
      .map(({ order: _, ...rest }) => rest);
  return { performingWell: ranked(well), needToImprove: ranked(improve) };
}

/** The figure the RAG was given on, and its period in words. */
function ratedFigure(line: ScorecardLine): { cell: Cell; when: string } {
  const month = line.months.at(-1);
  switch (line.ratedOn) {
    case "ytd":
      return { cell: line.ytd, when: `in the year to ${month ? monthName(month.end) : "date"}` };
    case "rolling12":
      return { cell: line.rolling12, when: `in the 12 months to ${month ? monthName(month.end) : "date"}` };
    case "year": {
      const out = line.outturns.at(-1);
      return {
        cell: out?.cell ?? { value: null, numerator: null, denominator: null },
        when: `in ${out?.label ?? "the last year"}`,
      };
    }
    default:
      return {
        cell: month?.cell ?? { value: null, numerator: null, denominator: null },
        when: month ? `in ${monthName(month.end)}` : "",
      };
  }
}

function item(line: ScorecardLine, reasons: string[], publish: boolean): SelectedItem {
  const { unit, decimals } = line.indicator;
  const { cell, when } = ratedFigure(line);
  const shown = publish ? publishFigure(unit, cell) : cell;
  let figure: string;
  if (shown.value === "<5") figure = "fewer than 5";
  else if (shown.value === null)
    figure = publish && cell.value !== null ? "not published (fewer than 5)" : "not available";
  else {
    const counts = formatCounts(shown.numerator as number | null, shown.denominator as number | null, unit);
    figure = `${formatValue(shown.value, unit, decimals)}${counts ? ` (${counts})` : ""}`;
  }
  return {
    ref: line.ref,
    indicator: line.indicator.id,
    reasons,
    sentence: `${line.ref} ${line.title}: ${figure} ${when}, ${reasons.join("; ")}.`
      .replace(/ {2,}/g, " ")
      .replace(" ,", ","),
  };
}
