import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  HOLIDAY_TABLE_FIRST_YEAR,
  HOLIDAY_TABLE_LAST_YEAR,
} from "./bankHolidays.ts";
import { addDays, dayOfWeek, isIsoDate, isoDate } from "./dates.ts";

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

function firstMonday(year: number, month: number): string {
  const first = isoDate(year, month, 1);
  return addDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): string {
  const last = isoDate(year, month + 1, 0);
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

/** A fixed-date holiday falling at a weekend moves to the next weekday not already a holiday. */
function substitute(date: string, taken: Set<string>): string {
  let d = date;
  while (dayOfWeek(d) === 0 || dayOfWeek(d) === 6 || taken.has(d)) d = addDays(d, 1);
  taken.add(d);
  return d;
}

/** The one-off changes made by proclamation in the covered years. */
const MOVED: Record<string, string> = {
  "2012-05-28": "2012-06-04", // spring holiday moved for the Diamond Jubilee
  "2020-05-04": "2020-05-08", // early May moved to VE day
  "2022-05-30": "2022-06-02", // spring holiday moved for the Platinum Jubilee
};
const EXTRA = ["2012-06-05", "2022-06-03", "2022-09-19", "2023-05-08"];

/** A year's England and Wales bank holidays, from the rules of the Banking and Financial Dealings Act 1971 and proclamations. */
function derive(year: number): string[] {
  const taken = new Set<string>();
  const easter = easterSunday(year);
  const days = [
    substitute(isoDate(year, 1, 1), taken),
    addDays(easter, -2),
    addDays(easter, 1),
    firstMonday(year, 5),
    lastMonday(year, 5),
    lastMonday(year, 8),
    substitute(isoDate(year, 12, 25), taken),
    substitute(isoDate(year, 12, 26), taken),
  ].map((d) => MOVED[d] ?? d);
  days.push(...EXTRA.filter((d) => d.startsWith(`${year}-`)));
  return days.sort();
}

const TABLE_DATES = ENGLAND_AND_WALES_BANK_HOLIDAYS.map(([d]) => d);
const inYear = (year: number) => TABLE_DATES.filter((d) => d.startsWith(`${year}-`));

describe("the derivation helpers", () => {
  it("compute known Easters and Mondays", () => {
    assert.equal(easterSunday(2024), "2024-03-31");
    assert.equal(easterSunday(2019), "2019-04-21");
    assert.equal(easterSunday(2038), "2038-04-25");
    assert.equal(easterSunday(2008), "2008-03-23");
    assert.equal(firstMonday(2024, 5), "2024-05-06");
    assert.equal(firstMonday(2023, 5), "2023-05-01");
    assert.equal(lastMonday(2024, 5), "2024-05-27");
    assert.equal(lastMonday(2026, 8), "2026-08-31");
  });
});

describe("England and Wales bank holiday table", () => {
  it("covers 2012 to 2030", () => {
    assert.equal(HOLIDAY_TABLE_FIRST_YEAR, 2012);
    assert.equal(HOLIDAY_TABLE_LAST_YEAR, 2030);
    assert.equal(TABLE_DATES[0], "2012-01-02");
    assert.equal(TABLE_DATES.at(-1), "2030-12-26");
  });

  it("holds real weekday dates, sorted, each once, each named", () => {
    for (const [date, name] of ENGLAND_AND_WALES_BANK_HOLIDAYS) {
      assert.ok(isIsoDate(date), date);
      assert.ok(dayOfWeek(date) >= 1 && dayOfWeek(date) <= 5, `${date} is a weekend`);
      assert.ok(name.trim().length > 0, date);
    }
    assert.deepEqual([...TABLE_DATES].sort(), TABLE_DATES);
    assert.equal(new Set(TABLE_DATES).size, TABLE_DATES.length);
  });

  for (let year = 2012; year <= 2030; year++) {
    it(`${year} equals the statutory rules plus the one-off changes`, () => {
      assert.deepEqual(inYear(year), derive(year));
    });
  }

  it("has no dates outside the covered years", () => {
    const total = Array.from({ length: 19 }, (_, k) => inYear(2012 + k).length).reduce((a, b) => a + b, 0);
    assert.equal(total, TABLE_DATES.length);
  });

  it("spot checks", () => {
    const names = new Map(ENGLAND_AND_WALES_BANK_HOLIDAYS);
    // 2026: Christmas Friday, Boxing Day Saturday → Monday 28 December
    assert.match(names.get("2026-12-28")!, /Boxing Day \(substitute day\)/);
    assert.equal(names.has("2026-12-26"), false);
    // 2027: Christmas Saturday, Boxing Day Sunday → Monday 27 and Tuesday 28
    assert.equal(names.has("2027-12-27"), true);
    assert.equal(names.has("2027-12-28"), true);
    assert.equal(names.has("2027-12-25"), false);
    // 2021: 8 days (Christmas and Boxing Day substituted, New Year on Friday 1 January)
    assert.equal(inYear(2021).length, 8);
    assert.equal(inYear(2012).length, 9);
    assert.equal(inYear(2022).length, 10);
    assert.equal(inYear(2023).length, 9);
    assert.equal(names.has("2020-05-08"), true);
    assert.equal(names.has("2020-05-04"), false);
    assert.equal(names.has("2012-05-28"), false);
    assert.equal(names.has("2022-05-30"), false);
    // New Year 2022 on Saturday → Monday 3 January; 2017 on Sunday → Monday 2 January
    assert.equal(names.has("2022-01-03"), true);
    assert.equal(names.has("2017-01-02"), true);
  });
});
