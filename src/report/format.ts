/**
 * How figures are written in reports: "17.6%", "1,041", "473.2", "46 of 261".
 */
import type { Unit } from "../indicators/define.ts";

const NOT_AVAILABLE = "–";

/** As toLocaleString("en-GB") writes a number. */
const COUNT = new Intl.NumberFormat("en-GB");

/** One formatter per number of decimals: toLocaleString builds a new one per call, the slowest part of a page. */
const formatters = new Map<number, Intl.NumberFormat>();
function formatter(decimals: number): Intl.NumberFormat {
  let f = formatters.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, f);
  }
  return f;
}

/** A value as the seed reports write it for its unit; "–" when there is no value. */
export function formatValue(value: number | null, unit: Unit, decimals: number): string {
  if (value === null || !Number.isFinite(value)) return NOT_AVAILABLE;
  const fixed = formatter(decimals).format(value);
  return unit === "percent" ? `${fixed}%` : fixed;
}

/** "46 of 261" for percentages; empty for other units. */
export function formatCounts(numerator: number | null, denominator: number | null, unit: Unit): string {
  if (unit !== "percent" || numerator === null || denominator === null) return "";
  return `${COUNT.format(numerator)} of ${COUNT.format(denominator)}`;
}

/** "Oct-26" style month label, as the seed reports head their columns. */
export function monthLabel(isoDate: string): string {
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${names[Number(isoDate.slice(5, 7)) - 1]}-${isoDate.slice(2, 4)}`;
}

/** "31 October 2026". */
export function longDate(isoDate: string): string {
  const names = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ];
  return `${Number(isoDate.slice(8, 10))} ${names[Number(isoDate.slice(5, 7)) - 1]} ${isoDate.slice(0, 4)}`;
}
