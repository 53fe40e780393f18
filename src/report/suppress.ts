/**
 * Small-number suppression for published outputs (indicators.md, "Small
 * numbers"): a count from 1 to 4 is shown as `<5`, and a percentage, rate
 * or mean whose numerator or denominator is so suppressed is blank, as
 * councils and DfE publish. 0 stays 0. Internal outputs never call this.
 *
 * Why pure and per unit: `values --publish`, `breakdown --publish` and the
 * published HTML report must hide exactly the same figures; which parts of
 * a figure are counts of children or events depends only on its unit.
 */
import type { Unit } from "../indicators/define.ts";

/** What a published figure shows for a count that is too small. */
export const SUPPRESSED = "<5";

/** A published number: the figure, `<5`, or blank (null). */
export type Published = number | typeof SUPPRESSED | null;

/** A figure as stored: numerator and denominator as `indicator_values` holds them for its unit. */
export interface FigureParts {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** The figure as published. */
export interface PublishedFigure {
  numerator: Published;
  denominator: Published;
  value: Published;
}

/** True for a count from 1 to 4. */
export function isSmallCount(n: number | null): boolean {
  return n !== null && n >= 1 && n <= 4;
}

/** A count as published: 1–4 become `<5`; 0, 5 and more, and blanks stay as they are. */
export function publishCount(n: number | null): Published {
  return isSmallCount(n) ? SUPPRESSED : n;
}

/**
 * Which parts of a figure are counts of children or events, per unit: a count's value;
 * a percentage's numerator and denominator; a rate's numerator (the population is not
 * a count of children); a mean's denominator (the events averaged); a caseload's
 * numerator (children; the FTE is not a count).
 */
const COUNT_PARTS: Record<Unit, readonly (keyof FigureParts)[]> = {
  count: ["value"],
  percent: ["numerator", "denominator"],
  rate10k: ["numerator"],
  days: ["denominator"],
  ratio: ["numerator"],
};

/**
 * A figure as published. When a count part is suppressed, the derived value is blank, and
 * so is a mean's total of days (with the count hidden it is the only other clue to it).
 */
export function publishFigure(unit: Unit, f: FigureParts): PublishedFigure {
  const parts = COUNT_PARTS[unit];
  const out: PublishedFigure = { numerator: f.numerator, denominator: f.denominator, value: f.value };
  let hidden = false;
  for (const p of parts) {
    if (isSmallCount(f[p])) {
      out[p] = SUPPRESSED;
      hidden = true;
    }
  }
  if (hidden && !parts.includes("value")) out.value = null;
  if (hidden && unit === "days") out.numerator = null;
  return out;
}

/** True when publishing suppresses a count in the figure (so nothing computed from it may be shown). */
export function isSuppressed(unit: Unit, f: FigureParts): boolean {
  const p = publishFigure(unit, f);
  return p.value === SUPPRESSED || p.numerator === SUPPRESSED || p.denominator === SUPPRESSED;
}
