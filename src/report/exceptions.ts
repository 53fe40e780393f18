/**
 * Exception lists for the weekly performance meeting (issue 10, item 5).
 *
 * Why declarations over explain rows: a list is the children behind a figure
 * that count against it, so each list names its indicator and which of
 * `explain`'s rows are exceptions (in the numerator, or in the denominator
 * and not the numerator), and reads the event, due date and days overdue
 * from those rows' own columns (date, due_date, reason, detail) and the
 * working-day calendar. Nothing is computed again, so a list's total is the
 * figure's numerator, or denominator minus numerator, for the same period.
 *
 * The due date is the row's own `due_date` where its indicator gives one
 * (Indicator.dueDate); a row without that column (rows written by hand in
 * tests, or from an older explain) has it read from its reason and detail
 * text, which gives the same date.
 */
import { addDays, addMonths, daysBetween, type IsoDate } from "../calendar/dates.ts";
import type { ExplainRow } from "../engine/explain.ts";
import type { IndicatorOptions } from "../indicators/define.ts";

/** Working days as the workspace calendar `cal_days` holds them. */
export interface WorkingCalendar {
  /** wd_index of a date (working days up to and including it). */
  index: ReadonlyMap<IsoDate, number>;
  /** The working day with a wd_index. */
  dateAt: ReadonlyMap<number, IsoDate>;
}

/** What a list needs besides the row: the list's date and the council's standards. */
export interface ExceptionContext {
  asAt: IsoDate;
  calendar: WorkingCalendar;
  options: IndicatorOptions;
}

/** Due date and days past it (negative: days still to go), in the list's measure. */
export interface Due {
  due: IsoDate | null;
  overdue: number | null;
}

/** One exception list, declared. */
export interface ExceptionList {
  name: string;
  title: string;
  indicator: string;
  /** Which explain rows are exceptions. */
  takes: "numerator" | "denominator not numerator";
  /** A narrower choice among those rows (a list that reconciles with no figure). */
  keep?: (row: ExplainRow) => boolean;
  /** Whether the list's total is a figure's (numerator, or denominator − numerator). */
  reconciles: boolean;
  measure: "working days" | "calendar days" | null;
  /** The event, in words, from the row. */
  event: (row: ExplainRow) => string;
  due: (row: ExplainRow, ctx: ExceptionContext) => Due;
}

/** One row of an exception list. */
export interface ExceptionRow {
  list: string;
  indicator: string;
  child_id: string;
  team: string;
  worker: string;
  event_id: string;
  event: string;
  due_date: IsoDate | null;
  days_overdue: number | null;
  measure: string;
}

/** An explain row with the team and worker it falls in (breakdown's cells). */
export type RowWithAllocation = ExplainRow & { team: string; worker: string };

/** The first YYYY-MM-DD after `label` in `text`, or null. */
export function dateAfter(text: string | null, label: string): IsoDate | null {
  if (!text) return null;
  const at = text.indexOf(label);
  if (at < 0) return null;
  return /(\d{4}-\d{2}-\d{2})/.exec(text.slice(at + label.length))?.[1] ?? null;
}

/** The whole number before `label` in `text` ("12 working days" → 12), or null. */
export function numberBefore(text: string | null, label: string): number | null {
  if (!text) return null;
  const m = new RegExp(`(-?\\d+) ${label}`).exec(text);
  return m ? Number(m[1]) : null;
}

/** The working day `n` working days after `date` (WD(date, result) = n), or null outside the calendar. */
export function addWorkingDays(cal: WorkingCalendar, date: IsoDate | null, n: number): IsoDate | null {
  if (date === null) return null;
  const i = cal.index.get(date);
  return i === undefined ? null : (cal.dateAt.get(i + n) ?? null);
}

/** WD(a, b): working days d with a < d ≤ b, or null outside the calendar. */
export function workingDaysFrom(cal: WorkingCalendar, a: IsoDate | null, b: IsoDate): number | null {
  const i = a === null ? undefined : cal.index.get(a);
  const j = cal.index.get(b);
  return i === undefined || j === undefined ? null : j - i;
}

/** The row's structured due date where it has one, else the date read from its text. */
function dueOf(row: ExplainRow, fromText: () => IsoDate | null): IsoDate | null {
  return row.due_date !== undefined ? row.due_date : fromText();
}

/** Calendar days from `due` to `to`, or null without a due date. */
function calendarOverdue(due: IsoDate | null, to: IsoDate): Due {
  return { due, overdue: due === null ? null : daysBetween(due, to) };
}

/** The review a row is late for: a review held late (held date − due) or one overdue at D (D − due). */
function lateReview(row: ExplainRow, ctx: ExceptionContext, dueLabel: string): Due {
  const due = dueOf(row, () => dateAfter(row.reason, dueLabel));
  const heldLate = row.reason?.startsWith("review overdue") ? null : dateAfter(row.reason, "review ");
  return calendarOverdue(due, heldLate ?? ctx.asAt);
}

/** A health assessment or dental check not done in its window: due the window's length after the last one. */
function checkDue(row: ExplainRow, ctx: ExceptionContext): Due {
  if (row.due_date !== undefined) return calendarOverdue(row.due_date, ctx.asAt);
  const windowStart = dateAfter(row.detail, "window from ");
  const last = dateAfter(row.reason, "(last ");
  if (windowStart === null || last === null) return { due: null, overdue: null };
  const [ay, am] = windowStart.split("-").map(Number) as [number, number];
  const [by, bm] = ctx.asAt.split("-").map(Number) as [number, number];
  return calendarOverdue(addMonths(last, (by - ay) * 12 + (bm - am)), ctx.asAt);
}

const ASSESSMENT_WD = 45;
const ICPC_WD = 15;

/** Working days an open assessment has been open at the list's date (its row's detail). */
const openWd = (row: ExplainRow) => numberBefore(row.detail, "working days at");

/** Due date and working days past it for an open assessment. */
function assessmentDue(row: ExplainRow, ctx: ExceptionContext): Due {
  if (row.due_date !== undefined)
    return { due: row.due_date, overdue: workingDaysFrom(ctx.calendar, row.due_date, ctx.asAt) };
  const wd = openWd(row);
  return {
    due: addWorkingDays(ctx.calendar, dateAfter(row.detail, "started "), ASSESSMENT_WD),
    overdue: wd === null ? null : wd - ASSESSMENT_WD,
  };
}

/** The lists, in the order the meeting goes through them. */
export const EXCEPTION_LISTS: readonly ExceptionList[] = [
  {
    name: "assessments-over-45wd",
    title: "Assessments open past 45 working days",
    indicator: "assessments_open_over_45wd",
    takes: "numerator",
    reconciles: true,
    measure: "working days",
    event: (r) => `assessment ${r.event_id} ${r.detail?.split(":")[0] ?? ""}`.trim(),
    due: assessmentDue,
  },
  {
    name: "assessments-due-within-5wd",
    title: "Open assessments due within 5 working days",
    indicator: "assessments_open_over_45wd",
    takes: "denominator not numerator",
    keep: (r) => (openWd(r) ?? -1) >= ASSESSMENT_WD - 5,
    reconciles: false,
    measure: "working days",
    event: (r) => `assessment ${r.event_id} ${r.detail?.split(":")[0] ?? ""}`.trim(),
    due: assessmentDue,
  },
  {
    name: "icpc-outside-15wd",
    title: "ICPCs outside 15 working days",
    indicator: "icpc_15wd_pct",
    takes: "denominator not numerator",
    reconciles: true,
    measure: "working days",
    event: (r) => r.detail?.split(":")[0] ?? `ICPC ${r.date}`,
    due: (r, ctx) => {
      if (r.due_date !== undefined)
        return { due: r.due_date, overdue: workingDaysFrom(ctx.calendar, r.due_date, r.date) };
      const wd = numberBefore(r.detail, "working days");
      return {
        due: addWorkingDays(ctx.calendar, dateAfter(r.detail, " started "), ICPC_WD),
        overdue: wd === null ? null : wd - ICPC_WD,
      };
    },
  },
  {
    name: "cp-visits-overdue",
    title: "CP visits overdue",
    indicator: "cpp_visits_on_time_pct",
    takes: "denominator not numerator",
    reconciles: true,
    measure: "working days",
    event: (r) => r.reason ?? "",
    due: (r, ctx) => {
      const n = ctx.options.cpVisitWorkingDays;
      const due = dueOf(r, () =>
        addWorkingDays(ctx.calendar, dateAfter(r.detail, "last visit ") ?? dateAfter(r.detail, "plan "), n),
      );
      return { due, overdue: workingDaysFrom(ctx.calendar, due, ctx.asAt) };
    },
  },
  {
    name: "cp-reviews-overdue",
    title: "CP reviews overdue or late",
    indicator: "cpp_reviews_on_time_pct",
    takes: "denominator not numerator",
    reconciles: true,
    measure: "calendar days",
    event: (r) => r.reason ?? "",
    due: (r, ctx) => lateReview(r, ctx, "(due "),
  },
  {
    name: "cp-plans-18m-plus",
    title: "CP plans open 18 months or more",
    indicator: "cpp_open_18m_plus_pct",
    takes: "numerator",
    reconciles: true,
    measure: "calendar days",
    event: (r) => r.detail?.split(",")[0] ?? `plan ${r.event_id}`,
    due: (r, ctx) => {
      const due = dueOf(r, () => {
        const start = dateAfter(r.detail, `plan ${r.event_id} `);
        return start === null ? null : addMonths(start, 18);
      });
      return calendarOverdue(due, ctx.asAt);
    },
  },
  {
    name: "cla-reviews-overdue",
    title: "CLA reviews overdue or late",
    indicator: "cla_reviews_on_time_pct",
    takes: "denominator not numerator",
    reconciles: true,
    measure: "calendar days",
    event: (r) => r.reason ?? "",
    due: (r, ctx) => lateReview(r, ctx, "(due by "),
  },
  {
    name: "cla-visits-overdue",
    title: "CLA visits overdue",
    indicator: "cla_visits_on_time_pct",
    takes: "denominator not numerator",
    reconciles: true,
    measure: "calendar days",
    event: (r) => r.detail?.split(", next due")[0] ?? "",
    due: (r, ctx) =>
      calendarOverdue(
        dueOf(r, () => dateAfter(r.reason, "(due by ")),
        ctx.asAt,
      ),
  },
  {
    name: "health-assessments-overdue",
    title: "Health assessments overdue",
    indicator: "cla_health_assessment_pct",
    takes: "denominator not numerator",
    reconciles: true,
    measure: "calendar days",
    event: (r) => r.reason ?? "",
    due: checkDue,
  },
  {
    name: "dental-checks-overdue",
    title: "Dental checks overdue",
    indicator: "cla_dental_check_pct",
    takes: "denominator not numerator",
    reconciles: true,
    measure: "calendar days",
    event: (r) => r.reason ?? "",
    due: checkDue,
  },
  {
    name: "placements-3plus",
    title: "Children looked after with 3 or more placements in 12 months",
    indicator: "cla_3plus_placements_pct",
    takes: "numerator",
    reconciles: true,
    measure: null,
    event: (r) => r.detail ?? "",
    due: () => ({ due: null, overdue: null }),
  },
  {
    name: "care-leavers-not-in-touch",
    title: "Care leavers not in touch",
    indicator: "care_leavers_in_touch_pct",
    takes: "denominator not numerator",
    reconciles: true,
    measure: null,
    event: (r) => r.reason ?? "",
    due: () => ({ due: null, overdue: null }),
  },
  {
    name: "missing-no-return-interview",
    title: "Missing episodes ended in the month without a return interview offered",
    indicator: "missing_rhi_offered_pct",
    takes: "denominator not numerator",
    reconciles: true,
    measure: "calendar days",
    event: (r) => `missing episode ${r.event_id}: ${r.detail ?? ""}`,
    // Offered within 72 hours of the episode's end (missing_rhi_72h_pct's standard): due 3 days after.
    due: (r, ctx) => calendarOverdue(addDays(r.date, 3), ctx.asAt),
  },
  {
    name: "rereferrals",
    title: "Re-referrals in the month (within 12 months of a previous referral)",
    indicator: "rereferrals_12m_pct",
    takes: "numerator",
    reconciles: true,
    measure: null,
    event: (r) => r.detail ?? `referral ${r.date}`,
    due: () => ({ due: null, overdue: null }),
  },
];

/** The list named `name`, or undefined. */
export function findExceptionList(name: string): ExceptionList | undefined {
  return EXCEPTION_LISTS.find((l) => l.name === name);
}

/** True for a row the list takes. */
export function isException(list: ExceptionList, row: ExplainRow): boolean {
  const taken = list.takes === "numerator" ? row.in_numerator : row.in_denominator && !row.in_numerator;
  return taken && (list.keep?.(row) ?? true);
}

/** The list's rows from its indicator's explain rows, grouped by team then worker (then due date, child). */
export function exceptionRows(
  list: ExceptionList,
  rows: readonly RowWithAllocation[],
  ctx: ExceptionContext,
): ExceptionRow[] {
  return rows
    .filter((r) => isException(list, r))
    .map((r) => {
      const d = list.due(r, ctx);
      return {
        list: list.name,
        indicator: list.indicator,
        child_id: r.child_id,
        team: r.team,
        worker: r.worker,
        event_id: r.event_id,
        event: list.event(r),
        due_date: d.due,
        days_overdue: d.overdue,
        measure: list.measure ?? "",
      };
    })
    .sort(
      (a, b) =>
        a.team.localeCompare(b.team) ||
        a.worker.localeCompare(b.worker) ||
        (a.due_date ?? "").localeCompare(b.due_date ?? "") ||
        a.child_id.localeCompare(b.child_id) ||
        a.event_id.localeCompare(b.event_id),
    );
}

/** A figure as indicator_values holds it (count units hold the count in `value`). */
export interface StoredFigure {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** The number of exceptions the figure implies: numerator, or denominator − numerator. */
export function expectedTotal(list: ExceptionList, fig: StoredFigure): number | null {
  const n = fig.numerator ?? (fig.denominator === null ? fig.value : null);
  if (list.takes === "numerator") return n;
  return fig.denominator === null || n === null ? null : fig.denominator - n;
}

/** Rows per team and worker, in the rows' order: the totals of the grouped list. */
export function totalsByTeamAndWorker(
  rows: readonly ExceptionRow[],
): { team: string; worker: string | null; count: number }[] {
  const out: { team: string; worker: string | null; count: number }[] = [];
  const bump = (team: string, worker: string | null) => {
    const found = out.find((x) => x.team === team && x.worker === worker);
    if (found) found.count++;
    else out.push({ team, worker, count: 1 });
  };
  for (const r of rows) {
    bump(r.team, null);
    bump(r.team, r.worker);
  }
  return out;
}
