/**
 * Precomputed calendar arithmetic on day numbers for the generator.
 *
 * Why: the generator places tens of millions of events; calling
 * `workingDaysBetween` or building `Date` objects per event would dominate
 * its run time. Every day of the simulated range is numbered once here
 * (working-day index, month, day of month) so adding working days or
 * calendar months is a couple of array reads. Working days follow
 * src/calendar/workingDays.ts: Monday–Friday less England and Wales bank
 * holidays (weekdays only outside the holiday table's years).
 */
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from "../calendar/bankHolidays.ts";
import { toDayNumber } from "../calendar/dates.ts";

const MS_PER_DAY = 86_400_000;

/** Working days and calendar months over a fixed range of day numbers. */
export class DayCalendar {
  readonly first: number;
  readonly last: number;
  /** Working days up to and including each day, counted from `first`. */
  private readonly wdIndex: Int32Array;
  /** The n-th working day of the range (0-based). */
  private readonly wdList: Int32Array;
  /** Months since January 1970 of each day. */
  private readonly monthOf: Int32Array;
  /** Day of month (1–31) of each day. */
  private readonly domOf: Uint8Array;
  /** First day number of each month since January 1970, for months the range touches (and a margin). */
  private readonly monthStart: Int32Array;
  private readonly firstMonth: number;

  /** Numbers every day from `first` to `last` (day numbers, inclusive). */
  constructor(first: number, last: number) {
    this.first = first;
    this.last = last;
    const n = last - first + 1;
    const holidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map(([d]) => toDayNumber(d)));
    this.wdIndex = new Int32Array(n);
    const list: number[] = [];
    this.monthOf = new Int32Array(n);
    this.domOf = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const day = first + k;
      const dow = (((day + 4) % 7) + 7) % 7;
      if (dow !== 0 && dow !== 6 && !holidays.has(day)) list.push(day);
      this.wdIndex[k] = list.length;
      const dt = new Date(day * MS_PER_DAY);
      this.monthOf[k] = (dt.getUTCFullYear() - 1970) * 12 + dt.getUTCMonth();
      this.domOf[k] = dt.getUTCDate();
    }
    this.wdList = Int32Array.from(list);
    this.firstMonth = this.monthOf[0]! - 1;
    const months = this.monthOf[n - 1]! - this.firstMonth + 3;
    this.monthStart = new Int32Array(months);
    for (let m = 0; m < months; m++) {
      const abs = this.firstMonth + m;
      this.monthStart[m] = Date.UTC(1970 + Math.floor(abs / 12), abs % 12, 1) / MS_PER_DAY;
    }
  }

  private clamp(day: number): number {
    return day < this.first ? this.first : Math.min(day, this.last);
  }

  /** The day n ≥ 1 working days after `day` (WD(day, result) = n); `day` itself for n ≤ 0. */
  addWorkingDays(day: number, n: number): number {
    if (n <= 0) return day;
    const k = this.wdIndex[this.clamp(day) - this.first]! + n - 1;
    if (k >= this.wdList.length) return day + Math.ceil((n * 7) / 5);
    return this.wdList[k]!;
  }

  /** WD(a, b): working days d with a < d ≤ b. */
  workingDaysBetween(a: number, b: number): number {
    return this.wdIndex[this.clamp(b) - this.first]! - this.wdIndex[this.clamp(a) - this.first]!;
  }

  /** Months since January 1970 of a day. */
  month(day: number): number {
    return this.monthOf[this.clamp(day) - this.first]!;
  }

  /** Calendar month (0 = January … 11 = December) of a day. */
  monthOfYear(day: number): number {
    return this.month(day) % 12;
  }

  /**
   * The same calendar date `years` later: a birthday. 29 February moves to
   * 1 March in other years, so the child is that age on the day (as ageOn).
   */
  addYears(day: number, years: number): number {
    const result = this.addMonths(day, years * 12);
    return this.domOf[this.clamp(day) - this.first]! > this.domOf[this.clamp(result) - this.first]!
      ? result + 1
      : result;
  }

  /** Adds calendar months, clamping to the month's last day (as addMonths in src/calendar/dates.ts). */
  addMonths(day: number, months: number): number {
    const k = this.clamp(day) - this.first;
    const target = this.monthOf[k]! + months - this.firstMonth;
    if (target < 0 || target + 1 >= this.monthStart.length) return day + Math.round(months * 30.44);
    const start = this.monthStart[target]!;
    const length = this.monthStart[target + 1]! - start;
    const dom = this.domOf[k]!;
    return start + Math.min(dom, length) - 1;
  }
}
