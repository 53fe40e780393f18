/**
 * How figures are written in reports: "17.6%", "1,041", "473.2", "46 of 261".
 */
import type { Unit } from "../indicators/define.ts";

const NOT_AVAILABLE = "–";

/** A value as the seed reports write it for its unit; "–" when there is no value. */
export function formatValue(value: number | null, unit: Unit, decimals: number): string {
  if (value === null || !Number.isFinite(value)) return NOT_AVAILABLE;
  const fixed = value.toLocaleString("en-GB", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return unit === "percent" ? `${fixed}%` : fixed;
}

/** "46 of 261" for percentages; empty for other units. */
export function formatCounts(numerator: number | null, denominator: number | null, unit: Unit): string {
  if (unit !== "percent" || numerator === null || denominator === null) return "";
  return `${numerator.toLocaleString("en-GB")} of ${denominator.toLocaleString("en-GB")}`;
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
