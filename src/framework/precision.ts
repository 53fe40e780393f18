/**
 * Comparing figures as the reader sees them.
 *
 * Why: a report shows 85.96% as "86.0%"; rating that figure amber against
 * "green ≥ 86%", or calling a change from 86.0% to 86.0% "declining", would
 * contradict the page. Judgements therefore round to the indicator's
 * displayed precision first, exactly as the report formats it, and compare
 * with a tolerance for binary floating-point noise (8.2 − 3.2 is
 * 4.999999999999999 in a double).
 */

const formats = new Map<number, Intl.NumberFormat>();

/**
 * `value` rounded to `decimals` places exactly as the report displays it
 * (report/format.ts uses `toLocaleString`): Intl rounds the number's
 * shortest decimal form half away from zero, so 1.005 → 1.01 and
 * 83.05 → 83.1 (where `toFixed`, working on the binary value 83.0499…,
 * would give 83.0). Undefined `decimals` leaves the value as it is.
 */
export function atDisplayedPrecision(value: number, decimals: number | undefined): number {
  if (decimals === undefined || !Number.isFinite(value)) return value;
  let format = formats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat("en-US", {
      minimumFractionDigits: 0,
      maximumFractionDigits: decimals,
      useGrouping: false,
    });
    formats.set(decimals, format);
  }
  return Number(format.format(value));
}

const EPSILON = 1e-9;

/** a ≤ b, allowing for floating-point noise relative to the size of the numbers. */
export function lessOrEqual(a: number, b: number): boolean {
  return a <= b + EPSILON * Math.max(1, Math.abs(a), Math.abs(b));
}

/** a ≥ b, allowing for floating-point noise. */
export function greaterOrEqual(a: number, b: number): boolean {
  return lessOrEqual(b, a);
}

/** True when `value` is a number that can be judged (not null, undefined or NaN). */
export function isPresent(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
