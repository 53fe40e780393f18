import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addDays } from "./dates.ts";
import {
  CALENDAR_FIRST_DAY,
  CALENDAR_LAST_DAY,
  calendarDays,
  isBankHoliday,
  isWorkingDay,
  workingDaysBetween as WD,
} from "./workingDays.ts";

/** A small deterministic generator (mulberry32) so the random pairs are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("WD(a, b): working days d with a < d ≤ b", () => {
  it("Friday 20 Dec 2024 → Friday 3 Jan 2025 is 7", () => {
    // 23, 24, 27, 30, 31 Dec, 2, 3 Jan; not 25, 26 Dec, 1 Jan, weekends
    assert.equal(WD("2024-12-20", "2025-01-03"), 7);
  });

  it("the same day is 0; Friday → Monday is 1; a working day to the next is 1", () => {
    assert.equal(WD("2024-06-12", "2024-06-12"), 0);
    assert.equal(WD("2024-06-15", "2024-06-15"), 0); // a Saturday
    assert.equal(WD("2024-06-14", "2024-06-17"), 1);
    assert.equal(WD("2024-06-12", "2024-06-13"), 1);
    assert.equal(WD("2024-06-10", "2024-06-14"), 4);
    assert.equal(WD("2024-06-07", "2024-06-14"), 5);
  });

  it("a weekend start counts from the Monday", () => {
    // Saturday → Monday: the Monday only
    assert.equal(WD("2024-06-15", "2024-06-17"), 1);
    assert.equal(WD("2024-06-16", "2024-06-17"), 1);
    // Saturday → Sunday: none
    assert.equal(WD("2024-06-15", "2024-06-16"), 0);
    // Saturday → next Saturday: Mon–Fri
    assert.equal(WD("2024-06-15", "2024-06-22"), 5);
  });

  it("is negative when the end is before the start", () => {
    assert.equal(WD("2025-01-03", "2024-12-20"), -7);
    assert.equal(WD("2024-06-17", "2024-06-14"), -1);
  });

  it("skips the state funeral, 19 September 2022", () => {
    // Fri 16 → Tue 20 Sep 2022: Mon 19 is a holiday, so Tue 20 only
    assert.equal(WD("2022-09-16", "2022-09-20"), 1);
    assert.equal(WD("2022-09-16", "2022-09-19"), 0);
    assert.equal(isWorkingDay("2022-09-19"), false);
  });

  it("skips the coronation, 8 May 2023, and the early May holiday a week before", () => {
    // Fri 28 Apr → Fri 12 May 2023: 10 weekdays less 1 May and 8 May = 8
    assert.equal(WD("2023-04-28", "2023-05-12"), 8);
    assert.equal(WD("2023-05-05", "2023-05-09"), 1);
  });

  it("2020: early May moved to Friday 8 May (VE day); Monday 4 May was a working day", () => {
    assert.equal(isWorkingDay("2020-05-04"), true);
    assert.equal(isBankHoliday("2020-05-04"), false);
    assert.equal(isWorkingDay("2020-05-08"), false);
    // Fri 1 May → Mon 11 May 2020: 4, 5, 6, 7, (8 holiday), 11 = 5
    assert.equal(WD("2020-05-01", "2020-05-11"), 5);
    assert.equal(WD("2020-05-01", "2020-05-04"), 1);
  });

  it("2012 and 2022 jubilees: two-day holidays in June, spring holiday moved from late May", () => {
    // Fri 1 Jun → Fri 8 Jun 2012: 4 and 5 off → 6, 7, 8 = 3
    assert.equal(WD("2012-06-01", "2012-06-08"), 3);
    // Mon 28 May 2012 was a normal working day
    assert.equal(isWorkingDay("2012-05-28"), true);
    // Wed 1 Jun → Mon 6 Jun 2022: Thu 2 and Fri 3 off → 6 only
    assert.equal(WD("2022-06-01", "2022-06-06"), 1);
    assert.equal(isWorkingDay("2022-05-30"), true);
  });

  it("skips substitute days", () => {
    // 2021: Christmas Saturday, Boxing Day Sunday → 27, 28 Dec off; New Year 2022 Saturday → 3 Jan off
    // Fri 24 Dec 2021 → Tue 4 Jan 2022: 29, 30, 31 Dec, 4 Jan = 4
    assert.equal(WD("2021-12-24", "2022-01-04"), 4);
  });

  it("throws outside the calendar", () => {
    assert.equal(CALENDAR_FIRST_DAY, "2012-01-01");
    assert.equal(CALENDAR_LAST_DAY, "2030-12-31");
    assert.throws(
      () => WD("2011-12-30", "2012-01-05"),
      /working days are known from 2012-01-01 to 2030-12-31/,
    );
    assert.throws(() => WD("2030-12-30", "2031-01-02"), RangeError);
    assert.equal(WD("2012-01-01", "2012-01-06"), 4); // 2 Jan 2012 is the New Year substitute
    assert.equal(WD("2030-12-27", "2030-12-31"), 2);
  });
});

describe("calendarDays", () => {
  const days = calendarDays();

  it("lists every day from 2012-01-01 to 2030-12-31 once, in order", () => {
    // 19 years, 5 of them leap (2012, 2016, 2020, 2024, 2028) → 19 × 365 + 5 = 6,940
    assert.equal(days.length, 6940);
    assert.equal(days[0]!.date, "2012-01-01");
    assert.equal(days.at(-1)!.date, "2030-12-31");
    for (let k = 1; k < days.length; k++) assert.equal(days[k]!.date, addDays(days[k - 1]!.date, 1));
  });

  it("flags working days and bank holidays consistently", () => {
    const holidays = days.filter((d) => d.isBankHoliday);
    // 8 a year, plus the 2012 jubilee, the 2022 jubilee and state funeral, the 2023 coronation
    assert.equal(holidays.length, 19 * 8 + 4);
    for (const d of days) {
      assert.equal(d.isWorkingDay, isWorkingDay(d.date));
      assert.equal(d.isBankHoliday, isBankHoliday(d.date));
    }
  });

  it("wd_index differences equal WD for random pairs", () => {
    const index = new Map(days.map((d) => [d.date, d.wdIndex]));
    const random = seeded(20_240_331);
    for (let k = 0; k < 400; k++) {
      const a = days[Math.floor(random() * days.length)]!.date;
      // half the pairs close together (within 90 days), half anywhere
      const b =
        k % 2 === 0
          ? days[Math.min(days.length - 1, days.findIndex((d) => d.date === a) + Math.floor(random() * 90))]!
              .date
          : days[Math.floor(random() * days.length)]!.date;
      assert.equal(index.get(b)! - index.get(a)!, WD(a, b), `${a} → ${b}`);
    }
  });

  it("wd_index steps by one on working days only", () => {
    assert.equal(days[0]!.wdIndex, 0); // 1 Jan 2012 is a Sunday
    const byDate = new Map(days.map((d) => [d.date, d]));
    assert.equal(byDate.get("2012-01-03")!.wdIndex, 1); // 2 Jan is the substitute holiday
    assert.equal(byDate.get("2024-12-20")!.wdIndex + 7, byDate.get("2025-01-03")!.wdIndex);
  });
});
