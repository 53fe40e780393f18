/**
 * English local-government financial years and quarters.
 *
 * Why: every council reports on the April–March year ("2024-25") and its
 * quarters (Q1 Apr–Jun … Q4 Jan–Mar); one definition here serves the
 * engine, the report and the population look-up.
 */
import { type IsoDate, isoDate, parseIsoDate } from "./dates.ts";

/** The calendar year in which the financial year containing `date` starts (2025-02-01 → 2024). */
export function financialYearOf(date: IsoDate): number {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return p.month >= 4 ? p.year : p.year - 1;
}

/** The label councils use for a financial year: 2024 → "2024-25". */
export function financialYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** Parses "2024-25" or "2024/25" into its start year; undefined when the two halves do not follow. */
export function parseFinancialYearLabel(label: string): number | undefined {
  const m = /^(\d{4})[-/](\d{2}|\d{4})$/.exec(label.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const expected = m[2]!.length === 2 ? (start + 1) % 100 : start + 1;
  return end === expected ? start : undefined;
}

/** 1 April of the financial year containing `date`. */
export function financialYearStart(date: IsoDate): IsoDate {
  return isoDate(financialYearOf(date), 4, 1);
}

/** 31 March ending the financial year containing `date`. */
export function financialYearEnd(date: IsoDate): IsoDate {
  return isoDate(financialYearOf(date) + 1, 3, 31);
}

/** Financial quarter 1–4 of `date` (Q1 = April–June). */
export function financialQuarterOf(date: IsoDate): 1 | 2 | 3 | 4 {
  const month = parsed(date).month;
  return (Math.floor(((month + 8) % 12) / 3) + 1) as 1 | 2 | 3 | 4;
}

/** First day of the financial quarter containing `date`. */
export function financialQuarterStart(date: IsoDate): IsoDate {
  const p = parsed(date);
  const startMonth = [4, 7, 10, 1][financialQuarterOf(date) - 1]!;
  return isoDate(p.year, startMonth, 1);
}

function parsed(date: IsoDate): { year: number; month: number; day: number } {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return p;
}
