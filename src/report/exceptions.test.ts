import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calendarDays } from "../calendar/workingDays.ts";
import { DEFAULT_OPTIONS } from "../indicators/define.ts";
import {
  addWorkingDays,
  dateAfter,
  type ExceptionContext,
  exceptionRows,
  expectedTotal,
  findExceptionList,
  type RowWithAllocation,
  totalsByTeamAndWorker,
  type WorkingCalendar,
} from "./exceptions.ts";

const index = new Map<string, number>();
const dateAt = new Map<number, string>();
for (const d of calendarDays()) {
  index.set(d.date, d.wdIndex);
  if (d.isWorkingDay) dateAt.set(d.wdIndex, d.date);
}
const calendar: WorkingCalendar = { index, dateAt };
const ctx = (asAt: string): ExceptionContext => ({ asAt, calendar, options: DEFAULT_OPTIONS });

const row = (over: Partial<RowWithAllocation>): RowWithAllocation => ({
  la_code: "999",
  child_id: "C1",
  event_id: "E1",
  date: "2024-12-31",
  in_numerator: false,
  in_denominator: true,
  value: null,
  reason: null,
  detail: null,
  team: "T1",
  worker: "W1",
  ...over,
});

const list = (name: string) => {
  const l = findExceptionList(name);
  if (!l) throw new Error(name);
  return l;
};

describe("exception list helpers", () => {
  it("reads dates from a row's text and counts working days on the calendar", () => {
    assert.equal(
      dateAfter("plan P1 2024-01-05 to open, last visit 2024-12-12 (11 …)", "last visit "),
      "2024-12-12",
    );
    assert.equal(dateAfter("no visit", "last visit "), null);
    // 10 working days after 2024-12-12: 13, 16–20, 23, 24, 27, 30 (25, 26 December bank holidays)
    assert.equal(addWorkingDays(calendar, "2024-12-12", 10), "2024-12-30");
  });
});

describe("exceptionRows", () => {
  it("takes the numerator for a count list; due = start + 45 working days, overdue = open − 45", () => {
    const rows = [
      row({
        child_id: "A",
        event_id: "AS1",
        in_numerator: true,
        detail: "started 2024-10-01, not authorised: open 64 working days at 2024-12-31",
      }),
      row({
        child_id: "B",
        event_id: "AS2",
        reason: "open 42 working days (not over 45)",
        detail: "started 2024-10-28, not authorised: open 42 working days at 2024-12-31",
      }),
      row({
        child_id: "C",
        event_id: "AS3",
        detail: "started 2024-11-20, not authorised: open 27 working days at 2024-12-31",
      }),
    ];
    const over = exceptionRows(list("assessments-over-45wd"), rows, ctx("2024-12-31"));
    // 2024-10-01 + 45 working days: October has 22 after the 1st (2–31), November 21 → 43 by 29 Nov, then 2, 3 Dec
    assert.deepEqual(
      over.map((r) => [r.child_id, r.due_date, r.days_overdue, r.measure]),
      [["A", "2024-12-03", 64 - 45, "working days"]],
    );
    const soon = exceptionRows(list("assessments-due-within-5wd"), rows, ctx("2024-12-31"));
    // B at 42 of 45 (≥ 40): 3 working days to go; C at 27 is not within 5
    assert.deepEqual(
      soon.map((r) => [r.child_id, r.days_overdue]),
      [["B", 42 - 45]],
    );
  });

  it("ICPC: due 15 working days after the S47 start, overdue by the working days beyond", () => {
    const rows = [
      row({
        child_id: "D",
        event_id: "IC1",
        reason: "held 18 working days after the S47 started (over 15)",
        detail: "ICPC 2024-12-04, S47 S9 started 2024-11-08: 18 working days",
      }),
      row({
        child_id: "E",
        in_numerator: true,
        detail: "ICPC 2024-12-04, S47 S8 started 2024-11-20: 10 working days",
      }),
      row({ child_id: "F", in_denominator: false, reason: "transfer-in ICPC: not timed" }),
    ];
    const out = exceptionRows(list("icpc-outside-15wd"), rows, ctx("2024-12-31"));
    // 2024-11-08 + 15 WD: 11–15 (5), 18–22 (10), 25–29 (15) → 2024-11-29; 18 − 15 = 3
    assert.deepEqual(
      out.map((r) => [r.child_id, r.event, r.due_date, r.days_overdue]),
      [["D", "ICPC 2024-12-04, S47 S9 started 2024-11-08", "2024-11-29", 3]],
    );
  });

  it("reviews: a late review is overdue by (held − due), an overdue one by (D − due), in calendar days", () => {
    const rows = [
      row({ child_id: "G", reason: "review on 2024-10-20 was late (due by 2024-10-10)" }),
      row({ child_id: "H", reason: "review overdue at D (due by 2024-12-01)" }),
    ];
    const out = exceptionRows(list("cla-reviews-overdue"), rows, ctx("2024-12-31"));
    assert.deepEqual(
      out.map((r) => [r.child_id, r.due_date, r.days_overdue]),
      [
        // 10 → 20 October = 10 days
        ["G", "2024-10-10", 10],
        // 1 → 31 December = 30 days
        ["H", "2024-12-01", 30],
      ],
    );
  });

  it("CP plans 18 months+: due 18 months after the start; health checks: the window's length after the last", () => {
    const plans = exceptionRows(
      list("cp-plans-18m-plus"),
      [
        row({
          event_id: "P7",
          in_numerator: true,
          detail: "plan P7 2023-01-15 to open, 717 days to D including both",
        }),
      ],
      ctx("2024-12-31"),
    );
    // 2023-01-15 + 18 months = 2024-07-15; to 2024-12-31: 16 + 31 + 30 + 31 + 30 + 31 = 169 days
    assert.deepEqual([plans[0]!.due_date, plans[0]!.days_overdue], ["2024-07-15", 169]);
    const health = exceptionRows(
      list("health-assessments-overdue"),
      [
        row({
          reason: "no health assessment on or after 2024-06-30 (last 2023-11-20)",
          detail: "entered care 2022-01-01, age 3, window from 2024-06-30, last health assessment 2023-11-20",
        }),
      ],
      ctx("2024-12-31"),
    );
    // a 6-month window (under 5): due 2024-05-20; to 2024-12-31: 11 + 30 + 31 + 31 + 30 + 31 + 30 + 31 = 225
    assert.deepEqual([health[0]!.due_date, health[0]!.days_overdue], ["2024-05-20", 225]);
  });

  it("groups by team, then worker, then due date", () => {
    const reason = (d: string) => `visit overdue at D (due by ${d})`;
    const rows = [
      row({ child_id: "K", team: "T2", worker: "W9", reason: reason("2024-12-20") }),
      row({ child_id: "L", team: "T1", worker: "W2", reason: reason("2024-12-10") }),
      row({ child_id: "M", team: "T1", worker: "W1", reason: reason("2024-12-30") }),
      row({ child_id: "N", team: "T1", worker: "W1", reason: reason("2024-12-01") }),
      row({ child_id: "O", team: "T1", worker: "W1", in_numerator: true }),
    ];
    const out = exceptionRows(list("cla-visits-overdue"), rows, ctx("2024-12-31"));
    assert.deepEqual(
      out.map((r) => r.child_id),
      ["N", "M", "L", "K"],
    );
    assert.deepEqual(totalsByTeamAndWorker(out), [
      { team: "T1", worker: null, count: 3 },
      { team: "T1", worker: "W1", count: 2 },
      { team: "T1", worker: "W2", count: 1 },
      { team: "T2", worker: null, count: 1 },
      { team: "T2", worker: "W9", count: 1 },
    ]);
  });
});

describe("expectedTotal", () => {
  it("is the numerator, or the denominator minus the numerator, as the list reads the figure", () => {
    const fig = { numerator: 7, denominator: 20, value: 35 };
    assert.equal(expectedTotal(list("rereferrals"), fig), 7);
    assert.equal(expectedTotal(list("cla-visits-overdue"), fig), 20 - 7);
    // a count holds its count in value
    assert.equal(
      expectedTotal(list("assessments-over-45wd"), { numerator: null, denominator: null, value: 4 }),
      4,
    );
  });
});
