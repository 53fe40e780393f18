/**
 * Red, amber, green (or grey) for one value against one target.
 *
 * Why one function: every report column, export and chart must rate a
 * figure the same way. The rules, from the seed reports' wording:
 * - a missing value is blank (null), never green;
 * - information measures, and values with no target in force, are grey;
 * - a value exactly on the green threshold is green ("green ≥ 86%"), and
 *   exactly on the red/amber boundary is amber ("amber 83–86%"); "within"
 *   a band or range includes its edge;
 * - the value (and a band's reference) is first rounded to the
 *   indicator's displayed precision, so the rating agrees with the figure
 *   on the page: with one decimal, 85.96% shows as 86.0% and is green
 *   against "green ≥ 86%".
 */
import type { Polarity } from "../indicators/define.ts";
import { atDisplayedPrecision, greaterOrEqual, isPresent, lessOrEqual } from "./precision.ts";
import type { Target } from "./targets.ts";

/** A rating. Grey: not rated (information, no target, or its benchmark not available). */
export type Rag = "red" | "amber" | "green" | "grey";

/**
 * Benchmarks a band target may name, resolved by the caller for the
 * period and council being rated (null when not published).
 */
export type ResolvedReferences = Readonly<Record<string, number | null | undefined>>;

/**
 * Rates `value` against `target` for an indicator of `polarity`, comparing
 * at `decimals` places (the indicator's displayed precision; omit to
 * compare the raw value). Returns null when the value is missing.
 * Throws when a band names a benchmark absent from `references` (the
 * caller must resolve every name, to null if there is no figure) or when
 * a threshold or bare target meets a polarity with no direction: both are
 * set-up errors that validation (`targetProblems`) reports first.
 */
export function rag(
  value: number | null | undefined,
  target: Target | undefined,
  polarity: Polarity,
  references: ResolvedReferences = {},
  decimals?: number,
): Rag | null {
  if (!isPresent(value)) return null;
  if (polarity === "info" || target === undefined || target.form === "none") return "grey";
  const v = atDisplayedPrecision(value, decimals);
  switch (target.form) {
    case "threshold": {
      const amber = target.amber ?? target.green;
      if (polarity === "high") {
        return greaterOrEqual(v, target.green) ? "green" : greaterOrEqual(v, amber) ? "amber" : "red";
      }
      if (polarity === "low") {
        return lessOrEqual(v, target.green) ? "green" : lessOrEqual(v, amber) ? "amber" : "red";
      }
      throw new RangeError(`a threshold target needs polarity high or low, not ${polarity}`);
    }
    case "target": {
      if (polarity === "high") return greaterOrEqual(v, target.target) ? "green" : "red";
      if (polarity === "low") return lessOrEqual(v, target.target) ? "green" : "red";
      throw new RangeError(`a bare target needs polarity high or low, not ${polarity}`);
    }
    case "band": {
      const reference = resolve(target.reference, references);
      if (!isPresent(reference)) return "grey";
      const distance = Math.abs(v - atDisplayedPrecision(reference, decimals));
      if (lessOrEqual(distance, target.green)) return "green";
      return lessOrEqual(distance, target.amber ?? target.green) ? "amber" : "red";
    }
    case "range": {
      if (greaterOrEqual(v, target.low) && lessOrEqual(v, target.high)) return "green";
      const amberLow = target.low - (target.amberBelow ?? 0);
      const amberHigh = target.high + (target.amberAbove ?? 0);
      return greaterOrEqual(v, amberLow) && lessOrEqual(v, amberHigh) ? "amber" : "red";
    }
  }
}

function resolve(reference: number | string, references: ResolvedReferences): number | null | undefined {
  if (typeof reference === "number") return reference;
  if (!Object.hasOwn(references, reference)) {
    throw new RangeError(`the benchmark "${reference}" was not resolved for this rating`);
  }
  return references[reference];
}
