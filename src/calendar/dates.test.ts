import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addDays,
  addMonths,
  ageOn,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isIsoDate,
  isoDate,
  monthEnd,
  monthStart,
  parseIsoDate,
  toDayNumber,
} from "./dates.ts";

describe("parseIsoDate", () => {
  it("accepts real calendar dates", () => {
    assert.deepEqual(parseIsoDate("2024-02-29"), { year: 2024, month: 2, day: 29 });
    assert.deepEqual(parseIsoDate("2000-02-29"), { year: 2000, month: 2, day: 29 });
    assert.deepEqual(parseIsoDate("2023-12-31"), { year: 2023, month: 12, day: 31 });
  });

  it("rejects dates that do not exist", () => {
    for (const bad of [
      "2024-02-30",
      "2023-02-29",
      "2024-13-01",
      "2024-00-10",
      "2024-04-31",
      "2024-01-00",
      "1900-02-29",
    ]) {
      assert.equal(parseIsoDate(bad), undefined, bad);
      assert.equal(isIsoDate(bad), false, bad);
    }
  });

  it("rejects anything not written YYYY-MM-DD", () => {
    for (const bad of [
      "2024-2-1",
      "24-02-01",
      "2024/02/01",
      "01/02/2024",
      "2024-02-01T00:00:00Z",
      " 2024-02-01",
      "",
    ]) {
      assert.equal(parseIsoDate(bad), undefined, JSON.stringify(bad));
    }
  });

  it("toDayNumber throws on a non-date", () => {
    assert.throws(() => toDayNumber("2023-02-29"), RangeError);
    assert.throws(() => addMonths("2024-13-01", 1), RangeError);
  });
});

describe("day numbers", () => {
  it("counts days from 1970-01-01", () => {
    assert.equal(toDayNumber("1970-01-01"), 0);
    assert.equal(toDayNumber("1970-01-02"), 1);
    assert.equal(toDayNumber("1969-12-31"), -1);
    // 2024-01-01: 54 years, 13 of them leap (1972 … 2020) → 54 × 365 + 13 = 19,723
    assert.equal(toDayNumber("2024-01-01"), 19_723);
    assert.equal(fromDayNumber(19_723), "2024-01-01");
    assert.equal(fromDayNumber(-1), "1969-12-31");
  });

  it("daysInMonth knows leap years", () => {
    assert.equal(daysInMonth(2024, 2), 29);
    assert.equal(daysInMonth(2023, 2), 28);
    assert.equal(daysInMonth(2000, 2), 29);
    assert.equal(daysInMonth(2100, 2), 28);
    assert.equal(daysInMonth(2024, 4), 30);
    assert.equal(daysInMonth(2024, 12), 31);
  });

  it("isoDate normalises overflow", () => {
    assert.equal(isoDate(2024, 13, 1), "2025-01-01");
    assert.equal(isoDate(2024, 3, 0), "2024-02-29");
    assert.equal(isoDate(2024, 1, 5), "2024-01-05");
  });

  it("addDays and daysBetween cross month, year and leap day", () => {
    assert.equal(addDays("2024-02-28", 1), "2024-02-29");
    assert.equal(addDays("2024-02-29", 1), "2024-03-01");
    assert.equal(addDays("2023-02-28", 1), "2023-03-01");
    assert.equal(addDays("2024-12-31", 1), "2025-01-01");
    assert.equal(addDays("2025-01-01", -1), "2024-12-31");
    assert.equal(daysBetween("2024-01-01", "2025-01-01"), 366);
    assert.equal(daysBetween("2023-01-01", "2024-01-01"), 365);
    assert.equal(daysBetween("2024-03-10", "2024-03-01"), -9);
  });
});

describe("addMonths", () => {
  it("clamps to the last day of the target month", () => {
    assert.equal(addMonths("2024-02-29", -12), "2023-02-28");
    assert.equal(addMonths("2024-01-31", 1), "2024-02-29");
    assert.equal(addMonths("2023-01-31", 1), "2023-02-28");
    assert.equal(addMonths("2023-08-31", -18), "2022-02-28");
    assert.equal(addMonths("2024-03-31", -1), "2024-02-29");
    assert.equal(addMonths("2024-05-31", 1), "2024-06-30");
  });

  it("keeps the day when it exists and crosses years both ways", () => {
    assert.equal(addMonths("2024-02-29", 12), "2025-02-28");
    assert.equal(addMonths("2024-02-29", 48), "2028-02-29");
    assert.equal(addMonths("2024-11-15", 2), "2025-01-15");
    assert.equal(addMonths("2024-01-15", -1), "2023-12-15");
    assert.equal(addMonths("2024-12-01", -11), "2024-01-01");
    assert.equal(addMonths("2024-06-10", 0), "2024-06-10");
  });
});

describe("monthStart and monthEnd", () => {
  it("find the month's first and last day", () => {
    assert.equal(monthStart("2024-02-17"), "2024-02-01");
    assert.equal(monthEnd("2024-02-17"), "2024-02-29");
    assert.equal(monthEnd("2023-02-01"), "2023-02-28");
    assert.equal(monthEnd("2024-12-31"), "2024-12-31");
  });
});

describe("ageOn", () => {
  it("counts completed years, turning on the birthday", () => {
    assert.equal(ageOn("2010-06-15", "2028-06-14"), 17);
    assert.equal(ageOn("2010-06-15", "2028-06-15"), 18);
    assert.equal(ageOn("2010-06-15", "2028-06-16"), 18);
    assert.equal(ageOn("2010-06-15", "2010-06-15"), 0);
    assert.equal(ageOn("2010-06-15", "2011-05-31"), 0);
    assert.equal(ageOn("2010-12-31", "2011-01-01"), 0);
  });

  it("a child born on 29 February turns a year older on 1 March in common years", () => {
    assert.equal(ageOn("2008-02-29", "2026-02-28"), 17);
    assert.equal(ageOn("2008-02-29", "2026-03-01"), 18);
    // in a leap year the birthday exists
    assert.equal(ageOn("2008-02-29", "2024-02-28"), 15);
    assert.equal(ageOn("2008-02-29", "2024-02-29"), 16);
  });

  it("is negative before birth (an unborn child)", () => {
    assert.equal(ageOn("2025-01-10", "2024-12-31"), -1);
  });
});

describe("dayOfWeek", () => {
  it("numbers Sunday 0 to Saturday 6", () => {
    assert.equal(dayOfWeek("1970-01-01"), 4); // Thursday
    assert.equal(dayOfWeek("1969-12-28"), 0); // Sunday, before day 0
    assert.equal(dayOfWeek("2024-02-29"), 4); // Thursday
    assert.equal(dayOfWeek("2024-12-20"), 5); // Friday
    assert.equal(dayOfWeek("2024-12-21"), 6); // Saturday
    assert.equal(dayOfWeek("2024-12-22"), 0); // Sunday
    assert.equal(dayOfWeek("2024-12-23"), 1); // Monday
    assert.equal(dayOfWeek("2025-01-01"), 3); // Wednesday
  });
});

describe("dates around the BST changes", () => {
  const probe = () => ({
    days: ["2024-03-30", "2024-03-31", "2024-04-01", "2024-10-26", "2024-10-27", "2024-10-28"].map(
      (d) =>
        [toDayNumber(d), fromDayNumber(toDayNumber(d)), dayOfWeek(d), addDays(d, 1), monthEnd(d)] as const,
    ),
    spans: [
      daysBetween("2024-03-30", "2024-03-31"),
      daysBetween("2024-03-31", "2024-04-01"),
      daysBetween("2024-10-26", "2024-10-27"),
      daysBetween("2024-10-27", "2024-10-28"),
      daysBetween("2024-01-01", "2024-12-31"),
    ],
    months: [addMonths("2024-02-29", 1), addMonths("2024-10-27", -7), addMonths("2024-03-31", 7)],
    ages: [ageOn("2006-03-31", "2024-03-31"), ageOn("2006-10-27", "2024-10-26")],
  });

  it("each clock-change day is one whole day", () => {
    assert.equal(toDayNumber("2024-03-31") - toDayNumber("2024-03-30"), 1);
    assert.equal(toDayNumber("2024-04-01") - toDayNumber("2024-03-31"), 1);
    assert.equal(toDayNumber("2024-10-27") - toDayNumber("2024-10-26"), 1);
    assert.equal(toDayNumber("2024-10-28") - toDayNumber("2024-10-27"), 1);
    assert.equal(addDays("2024-03-30", 1), "2024-03-31");
    assert.equal(addDays("2024-03-31", 1), "2024-04-01");
    assert.equal(addDays("2024-10-27", 1), "2024-10-28");
    assert.equal(addDays("2024-10-28", -1), "2024-10-27");
    assert.equal(dayOfWeek("2024-03-31"), 0);
    assert.equal(dayOfWeek("2024-10-27"), 0);
    assert.equal(addMonths("2024-10-27", -7), "2024-03-27");
  });

  it("gives the same answers whatever process.env.TZ says", () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = "UTC";
      const expected = probe();
      for (const tz of [
        "Europe/London",
        "America/Los_Angeles",
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Asia/Kolkata",
      ]) {
        process.env.TZ = tz;
        // the zone really changed (else this test would prove nothing)
        if (tz !== "Europe/London") {
          assert.notEqual(new Date(Date.UTC(2024, 0, 15)).getTimezoneOffset(), 0, tz);
        }
        assert.deepEqual(probe(), expected, tz);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
