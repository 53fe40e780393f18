import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isPeriodType,
  latestMonthEndOnOrBefore,
  monthEndsBetween,
  PERIOD_TYPES,
  type Period,
  periodsEndingOn,
  reportingPeriods,
} from "./periods.ts";

const windows = (periods: Period[]) => Object.fromEntries(periods.map((p) => [p.type, [p.start, p.end]]));

describe("periodsEndingOn", () => {
  it("November 2024: month, quarter Q3, year to date, rolling 12 months; no year", () => {
    assert.deepEqual(windows(periodsEndingOn("2024-11-30")), {
      month: ["2024-11-01", "2024-11-30"],
      quarter: ["2024-10-01", "2024-11-30"],
      ytd: ["2024-04-01", "2024-11-30"],
      rolling12: ["2023-12-01", "2024-11-30"],
    });
  });

  it("31 March closes the financial year", () => {
    assert.deepEqual(windows(periodsEndingOn("2024-03-31")), {
      month: ["2024-03-01", "2024-03-31"],
      quarter: ["2024-01-01", "2024-03-31"],
      ytd: ["2023-04-01", "2024-03-31"],
      rolling12: ["2023-04-01", "2024-03-31"],
      year: ["2023-04-01", "2024-03-31"],
    });
  });

  it("April starts a new quarter and year to date, each one month long", () => {
    assert.deepEqual(windows(periodsEndingOn("2024-04-30")), {
      month: ["2024-04-01", "2024-04-30"],
      quarter: ["2024-04-01", "2024-04-30"],
      ytd: ["2024-04-01", "2024-04-30"],
      rolling12: ["2023-05-01", "2024-04-30"],
    });
  });

  it("rolling 12 months around leap days: 12 whole calendar months", () => {
    assert.deepEqual(windows(periodsEndingOn("2024-02-29")).rolling12, ["2023-03-01", "2024-02-29"]);
    assert.deepEqual(windows(periodsEndingOn("2025-02-28")).rolling12, ["2024-03-01", "2025-02-28"]);
    assert.deepEqual(windows(periodsEndingOn("2024-02-29")).quarter, ["2024-01-01", "2024-02-29"]);
  });

  it("December: quarter from October, year to date from April", () => {
    assert.deepEqual(windows(periodsEndingOn("2024-12-31")).quarter, ["2024-10-01", "2024-12-31"]);
    assert.deepEqual(windows(periodsEndingOn("2024-12-31")).rolling12, ["2024-01-01", "2024-12-31"]);
    assert.deepEqual(windows(periodsEndingOn("2025-01-31")).quarter, ["2025-01-01", "2025-01-31"]);
    assert.deepEqual(windows(periodsEndingOn("2025-01-31")).ytd, ["2024-04-01", "2025-01-31"]);
  });

  it("throws for a date that is not a month end", () => {
    assert.throws(() => periodsEndingOn("2024-11-29"), /not one/);
    assert.throws(() => periodsEndingOn("2023-02-28T00:00"), RangeError);
    assert.throws(() => periodsEndingOn("2024-02-28"), RangeError);
    assert.throws(() => periodsEndingOn("2024-04-01"), RangeError);
  });
});

describe("period types", () => {
  it("are the five of indicators.md", () => {
    assert.deepEqual([...PERIOD_TYPES], ["month", "quarter", "ytd", "rolling12", "year"]);
    assert.equal(isPeriodType("ytd"), true);
    assert.equal(isPeriodType("week"), false);
  });
});

describe("monthEndsBetween", () => {
  it("lists month ends from the first month to the last whole month", () => {
    assert.deepEqual(monthEndsBetween("2023-12-15", "2024-04-30"), [
      "2023-12-31",
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
    ]);
    // 2024-04-29 is before the April month end: March is the last
    assert.deepEqual(monthEndsBetween("2024-01-01", "2024-04-29"), [
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
    ]);
    assert.deepEqual(monthEndsBetween("2024-05-01", "2024-05-31"), ["2024-05-31"]);
    assert.deepEqual(monthEndsBetween("2024-05-01", "2024-05-30"), []);
  });

  it("keeps month ends across a year and clamps short months", () => {
    const ends = monthEndsBetween("2022-01-31", "2023-12-31");
    assert.equal(ends.length, 24);
    assert.equal(ends[1], "2022-02-28");
    assert.equal(ends[2], "2022-03-31");
    assert.equal(ends.at(-1), "2023-12-31");
  });
});

describe("reportingPeriods", () => {
  it("drops every window starting before the data does", () => {
    // coverage from 15 June 2023 to 15 May 2024
    const periods = reportingPeriods("2023-06-15", "2024-05-15");
    const starts = periods.map((p) => p.start);
    assert.ok(starts.every((s) => s >= "2023-06-15"));
    const of = (type: string) => periods.filter((p) => p.type === type).map((p) => p.end);
    // June 2023 is partial; July 2023 … April 2024 are whole (May is not yet complete)
    assert.deepEqual(of("month"), [
      "2023-07-31",
      "2023-08-31",
      "2023-09-30",
      "2023-10-31",
      "2023-11-30",
      "2023-12-31",
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
    ]);
    // Q1 2023-24 started 1 April: its June window is dropped; Q2 onwards are kept
    assert.deepEqual(of("quarter"), of("month"));
    // 2023-24 year to date started 1 April 2023, before the data: only 2024-25's April
    assert.deepEqual(of("ytd"), ["2024-04-30"]);
    // no 12 whole months, and no whole financial year
    assert.deepEqual(of("rolling12"), []);
    assert.deepEqual(of("year"), []);
  });

  it("keeps the first rolling 12 months and year once the data covers them", () => {
    const periods = reportingPeriods("2023-04-01", "2024-04-30");
    const find = (type: string, end: string) => periods.find((p) => p.type === type && p.end === end);
    assert.deepEqual(find("rolling12", "2024-03-31"), {
      type: "rolling12",
      start: "2023-04-01",
      end: "2024-03-31",
    });
    assert.deepEqual(find("year", "2024-03-31"), { type: "year", start: "2023-04-01", end: "2024-03-31" });
    assert.equal(find("rolling12", "2024-02-29"), undefined);
    assert.deepEqual(find("ytd", "2023-04-30"), { type: "ytd", start: "2023-04-01", end: "2023-04-30" });
    // 13 month ends: 13 months + 13 quarters + 13 ytd + 2 rolling12 + 1 year
    assert.equal(periods.length, 13 + 13 + 13 + 2 + 1);
  });
});

describe("latestMonthEndOnOrBefore", () => {
  it("is the date itself at a month end, else the previous month's end", () => {
    assert.equal(latestMonthEndOnOrBefore("2024-03-31"), "2024-03-31");
    assert.equal(latestMonthEndOnOrBefore("2024-03-30"), "2024-02-29");
    assert.equal(latestMonthEndOnOrBefore("2024-01-01"), "2023-12-31");
  });
});
