/**
 * Calendar dates as plain ISO strings and whole day numbers.
 *
 * Why: child records carry dates, never times. Using JavaScript `Date` in
 * local time would shift dates across the BST change; every function here
 * works on UTC day numbers (days since 1970-01-01), so a date is a date
 * whatever the machine's time zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** A calendar date written YYYY-MM-DD. */
export type IsoDate = string;

/** Parses YYYY-MM-DD, returning undefined for anything that is not a real calendar date. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True when `text` is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day number (days since 1970-01-01) of a date; throws on a malformed date (a programming error). */
export function toDayNumber(date: IsoDate): number {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return Date.UTC(p.year, p.month - 1, p.day) / MS_PER_DAY;
}

/** ISO date of a day number. */
export function fromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Builds an ISO date from parts, normalising overflow (month 13 → January next year). */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

/** Adds calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/**
 * Adds calendar months, clamping to the month's last day
 * (2024-02-29 minus 12 months is 2023-02-28; 2024-01-31 plus 1 month is 2024-02-29).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return isoDate(year, month, Math.min(p.day, daysInMonth(year, month)));
}

/** Last day of the month containing `date`. */
export function monthEnd(date: IsoDate): IsoDate {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return isoDate(p.year, p.month, daysInMonth(p.year, p.month));
}

/** First day of the month containing `date`. */
export function monthStart(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

/** Completed years of age on `on` for someone born on `birth`. */
export function ageOn(birth: IsoDate, on: IsoDate): number {
  const b = parseIsoDate(birth);
  const o = parseIsoDate(on);
  if (!b || !o) throw new RangeError("not a calendar date");
  let age = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age -= 1;
  return age;
}
