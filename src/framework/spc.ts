/**
 * Signal or noise: statistical process control on a monthly series.
 *
 * Why: an arrow at every wobble sends managers chasing noise. The NHS
 * "Making Data Count" programme (NHS England and NHS Improvement, 2019:
 * "Making data count" and "Making data count: getting started", with its
 * "plot the dots" XmR tool; the NHS-R community's NHSRplotthedots package
 * implements the same rules) judges a series with an XmR chart:
 * - the mean of the values, and the moving ranges |xᵢ − xᵢ₋₁| between
 *   consecutive months, averaged;
 * - process limits at mean ± 2.66 × average moving range (2.66 = 3 ÷ 1.128,
 *   three sigma estimated from the moving range, after Wheeler);
 * - special cause variation when a point lies outside the limits
 *   (strictly beyond), when 7 or more consecutive points lie on one side
 *   of the mean (a point exactly on the mean breaks the run), or when 7 or
 *   more consecutive points each rise, or each fall, from the one before
 *   (an equal value breaks the trend); every point of such a run is flagged;
 * - a special cause is improving or concerning by which side of the mean
 *   the point lies, given the polarity (NHSRplotthedots does the same; a
 *   trend point exactly on the mean takes the trend's direction), and
 *   neutral for measures with no good direction.
 * Missing months are skipped: they contribute no value and no moving
 * range (a moving range needs two consecutive months), and runs and trends
 * carry on across them. Limits from fewer than 12 values are flagged as
 * unreliable (Making Data Count advises at least 12, ideally 20 points);
 * a baseline option fixes the mean and limits on the first N months, so
 * later months are judged against how the process used to behave.
 * Not implemented: the "two of three points near a limit" rule, moving
 * range screening, and rebasing after a recognised change.
 */
import type { Polarity } from "../indicators/define.ts";
import { isPresent } from "./precision.ts";

/** Why a point is special cause variation. */
export type SpcSignal =
  | "above upper limit"
  | "below lower limit"
  | "run above mean"
  | "run below mean"
  | "rising trend"
  | "falling trend";

/** Common cause, or special cause judged by the indicator's polarity. */
export type Variation = "common" | "special-improving" | "special-concerning" | "special-neutral";

/** One month of the chart. */
export interface SpcPoint {
  value: number | null;
  mean: number | null;
  upper: number | null;
  lower: number | null;
  signals: SpcSignal[];
  /** Null when the month has no value or the series has none to compare with. */
  variation: Variation | null;
}

/** The chart for a series. */
export interface SpcChart {
  mean: number | null;
  averageMovingRange: number | null;
  upper: number | null;
  lower: number | null;
  /** Values the mean and limits were computed from. */
  pointsUsed: number;
  /** True when fewer values than `minPoints` set the limits: signals are indicative only. */
  limitsUnreliable: boolean;
  points: SpcPoint[];
}

/** Options for an XmR chart. */
export interface SpcOptions {
  /** Compute mean and limits from the first N months only (missing months among them skipped). */
  baseline?: number;
  /** Fewest values for reliable limits (default 12). */
  minPoints?: number;
  /** Consecutive points on one side of the mean that make a shift (default 7). */
  runLength?: number;
  /** Consecutive rising or falling points that make a trend (default 7). */
  trendLength?: number;
}

/** The XmR limit constant: 3 ÷ d₂ with d₂ = 1.128 for moving ranges of two. */
export const XMR_CONSTANT = 2.66;

/**
 * The XmR chart of `values` (one per month, in order; null or undefined
 * for a month with no value), with each point's signals and variation
 * judged by `polarity`.
 */
export function xmr(
  values: readonly (number | null | undefined)[],
  polarity: Polarity,
  options: SpcOptions = {},
): SpcChart {
  const { minPoints = 12, runLength = 7, trendLength = 7 } = options;
  if (options.baseline !== undefined && (!Number.isInteger(options.baseline) || options.baseline < 1)) {
    throw new RangeError(`a baseline is a whole number of months, at least 1 (found ${options.baseline})`);
  }
  const baseline = options.baseline ?? values.length;
  const present = values.map((v) => (isPresent(v) ? v : null));

  const used = present.slice(0, baseline);
  const baseValues = used.filter((v): v is number => v !== null);
  const movingRanges: number[] = [];
  for (let i = 1; i < used.length; i++) {
    const a = used[i - 1];
    const b = used[i];
    if (a !== null && a !== undefined && b !== null && b !== undefined) movingRanges.push(Math.abs(b - a));
  }
  const mean = baseValues.length > 0 ? sum(baseValues) / baseValues.length : null;
  const averageMovingRange = movingRanges.length > 0 ? sum(movingRanges) / movingRanges.length : null;
  const upper =
    mean !== null && averageMovingRange !== null ? mean + XMR_CONSTANT * averageMovingRange : null;
  const lower =
    mean !== null && averageMovingRange !== null ? mean - XMR_CONSTANT * averageMovingRange : null;

  const signals: SpcSignal[][] = present.map(() => []);
  if (mean !== null) {
    present.forEach((v, i) => {
      if (v === null) return;
      if (upper !== null && v > upper) signals[i]!.push("above upper limit");
      if (lower !== null && v < lower) signals[i]!.push("below lower limit");
    });
    const indices = present.flatMap((v, i) => (v === null ? [] : [i]));
    flagRuns(indices, (i) => Math.sign(present[i]! - mean), runLength, signals, {
      1: "run above mean",
      [-1]: "run below mean",
    });
    flagTrends(indices, present, trendLength, signals);
  }

  const points = present.map((value, i): SpcPoint => {
    const s = signals[i]!;
    return {
      value,
      mean,
      upper,
      lower,
      signals: s,
      variation: value === null || mean === null ? null : variation(value, mean, s, polarity),
    };
  });
  return {
    mean,
    averageMovingRange,
    upper,
    lower,
    pointsUsed: baseValues.length,
    limitsUnreliable: baseValues.length < minPoints,
    points,
  };
}

function sum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

/** Flags every point of each maximal run of ≥ `length` points sharing a non-zero sign. */
function flagRuns(
  indices: readonly number[],
  sign: (i: number) => number,
  length: number,
  signals: SpcSignal[][],
  names: Record<number, SpcSignal>,
): void {
  let start = 0;
  for (let k = 1; k <= indices.length; k++) {
    const runEnds = k === indices.length || sign(indices[k]!) !== sign(indices[start]!);
    if (!runEnds) continue;
    const s = sign(indices[start]!);
    if (s !== 0 && k - start >= length) {
      for (let j = start; j < k; j++) signals[indices[j]!]!.push(names[s]!);
    }
    start = k;
  }
}

/**
 * Flags every point of each maximal run of ≥ `length` points each above
 * (or each below) the one before; a point ending a rise may start a fall.
 */
function flagTrends(
  indices: readonly number[],
  values: readonly (number | null)[],
  length: number,
  signals: SpcSignal[][],
): void {
  // steps[k]: sign of the change from the k-th to the (k+1)-th present value
  const steps = indices.slice(1).map((i, k) => Math.sign(values[i]! - values[indices[k]!]!));
  let start = 0;
  for (let k = 1; k <= steps.length; k++) {
    if (k < steps.length && steps[k] === steps[start]) continue;
    const s = steps[start];
    // steps start … k−1 join points start … k
    if (s !== undefined && s !== 0 && k - start + 1 >= length) {
      for (let j = start; j <= k; j++) signals[indices[j]!]!.push(s > 0 ? "rising trend" : "falling trend");
    }
    start = k;
  }
}

function variation(
  value: number,
  mean: number,
  signals: readonly SpcSignal[],
  polarity: Polarity,
): Variation {
  if (signals.length === 0) return "common";
  if (polarity === "info" || polarity === "range") return "special-neutral";
  let side = Math.sign(value - mean);
  if (side === 0) side = signals.includes("rising trend") ? 1 : -1;
  return side > 0 === (polarity === "high") ? "special-improving" : "special-concerning";
}
