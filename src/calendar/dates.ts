/**
 * Calendar dates as plain ISO strings and whole day numbers.
 *
 * Why: child records carry dates, never times. Using JavaScript `Date` in
 * local time would shift dates across the BST change; every function here
 * works on UTC day numbers (days since 1970-01-01), so a date is a date
 * whatever the machine's time zone.
 */

const MS_PER_DAY = 86_400_000;

/** A calendar date written YYYY-MM-DD. */
export type IsoDate = string;

/**
 * The parts of YYYY-MM-DD text as a number (year × 10000 + month × 100 +
 * day), or -1 when it is not written so. Why by hand: imports parse
 * millions of dates, and this allocates nothing.
 */
function digitsOf(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return -1;
  let n = 0;
  for (let k = 0; k < 10; k++) {
    if (k === 4 || k === 7) continue;
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Parses YYYY-MM-DD, returning undefined for anything that is not a real calendar date. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const n = digitsOf(text);
  if (n < 0) return undefined;
  const year = Math.floor(n / 10000);
  const month = Math.floor(n / 100) % 100;
  const day = n % 100;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True when `text` is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(text: string): boolean {
  const n = digitsOf(text);
  if (n < 0) return false;
  const month = Math.floor(n / 100) % 100;
  const day = n % 100;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Math.floor(n / 10000), month);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  // Date.UTC reads years 0–99 as 1900–1999, so those (and odd months) keep its answer.
  if (year < 100 || !(month >= 1 && month <= 12) || !Number.isInteger(year) || !Number.isInteger(month))
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1]!;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Day number (days since 1970-01-01) of a date; throws on a malformed date (a programming error). */
export function toDayNumber(date: IsoDate): number {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  if (p.year < 100) return Date.UTC(p.year, p.month - 1, p.day) / MS_PER_DAY;
  return daysFromCivil(p.year, p.month, p.day);
}

/** Day numbers of 1000-01-01 and 9999-12-31: between them the ISO date is four-digit-year text. */
const FAST_FROM = -354285;
const FAST_TO = 2932896;

/** ISO date of a day number. */
export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber) || dayNumber < FAST_FROM || dayNumber > FAST_TO)
    return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
  // H. Hinnant's civil_from_days.
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
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
