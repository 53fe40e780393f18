/**
 * Working days in England: Monday to Friday, excluding England and Wales
 * bank holidays.
 *
 * WD(a, b) counts the working days d with a < d ≤ b (indicators.md), so an
 * assessment started and authorised on the same day takes 0 working days.
 * The same numbering is written to the workspace as `cal_days.wd_index`
 * so SQL can count working days by subtracting two indexes.
 */
import {
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  HOLIDAY_TABLE_FIRST_YEAR,
  HOLIDAY_TABLE_LAST_YEAR,
} from "./bankHolidays.ts";
import { dayOfWeek, fromDayNumber, type IsoDate, isoDate, toDayNumber } from "./dates.ts";

const HOLIDAYS = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map(([d]) => d));

/** First and last day the working-day calendar can answer for. */
export const CALENDAR_FIRST_DAY: IsoDate = isoDate(HOLIDAY_TABLE_FIRST_YEAR, 1, 1);
export const CALENDAR_LAST_DAY: IsoDate = isoDate(HOLIDAY_TABLE_LAST_YEAR, 12, 31);

/** True for an England and Wales bank holiday. */
export function isBankHoliday(date: IsoDate): boolean {
  return HOLIDAYS.has(date);
}

/** True for a Monday–Friday that is not a bank holiday. */
export function isWorkingDay(date: IsoDate): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !HOLIDAYS.has(date);
}

function assertCovered(date: IsoDate): void {
  if (date < CALENDAR_FIRST_DAY || date > CALENDAR_LAST_DAY) {
    throw new RangeError(
      `working days are known from ${CALENDAR_FIRST_DAY} to ${CALENDAR_LAST_DAY}; ${date} is outside`,
    );
  }
}

/** WD(a, b): working days d with a < d ≤ b; negative when b is before a. */
export function workingDaysBetween(a: IsoDate, b: IsoDate): number {
  assertCovered(a);
  assertCovered(b);
  if (b < a) return -workingDaysBetween(b, a);
  let count = 0;
  for (let n = toDayNumber(a) + 1, end = toDayNumber(b); n <= end; n++) {
    if (isWorkingDay(fromDayNumber(n))) count++;
  }
  return count;
}

/** One row of the calendar table: each day with its running count of working days. */
export interface CalendarDay {
  date: IsoDate;
  isWorkingDay: boolean;
  isBankHoliday: boolean;
  /** Working days from the calendar's first day up to and including this day; WD(a, b) = index(b) − index(a). */
  wdIndex: number;
}

/** Every day the calendar covers, in order, with its working-day index. */
export function calendarDays(): CalendarDay[] {
  const days: CalendarDay[] = [];
  let index = 0;
  for (let n = toDayNumber(CALENDAR_FIRST_DAY), end = toDayNumber(CALENDAR_LAST_DAY); n <= end; n++) {
    const date = fromDayNumber(n);
    const working = isWorkingDay(date);
    if (working) index++;
    days.push({ date, isWorkingDay: working, isBankHoliday: HOLIDAYS.has(date), wdIndex: index });
  }
  return days;
}
