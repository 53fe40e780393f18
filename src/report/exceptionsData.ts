/**
 * Exception lists read from a workspace: each list's rows from its
 * indicator's explain rows (with team and worker as breakdowns key them),
 * and the stored figure they reconcile with.
 *
 * Why apart from exceptions.ts: that module is the pure list logic; this
 * one only fetches explain's rows, the calendar and the stored figures.
 */
import type { Period } from "../calendar/periods.ts";
import { type Database, query } from "../db/database.ts";
import { explainRowsWithCells } from "../engine/breakdown.ts";
import { prepareStocksForOnePeriod } from "../engine/explain.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import type { IndicatorOptions } from "../indicators/define.ts";
import {
  type ExceptionList,
  type ExceptionRow,
  exceptionRows,
  expectedTotal,
  type RowWithAllocation,
  type StoredFigure,
  type WorkingCalendar,
} from "./exceptions.ts";

/** One list as produced: its rows and the figure its total reconciles with. */
export interface ProducedList {
  list: ExceptionList;
  rows: ExceptionRow[];
  /** The stored month figure of the list's indicator at the as-at date (null when none is stored). */
  figure: StoredFigure | null;
  /** The total the figure implies (numerator, or denominator − numerator); null where the list reconciles with none. */
  expected: number | null;
}

/** The workspace's working-day calendar. */
export async function readCalendar(db: Database): Promise<WorkingCalendar> {
  const rows = await query(
    db,
    "SELECT strftime(cal_date, '%Y-%m-%d') AS d, wd_index AS i, is_working_day AS w FROM cal_days",
  );
  const index = new Map<string, number>();
  const dateAt = new Map<number, string>();
  for (const r of rows) {
    index.set(String(r.d), Number(r.i));
    if (r.w) dateAt.set(Number(r.i), String(r.d));
  }
  return { index, dateAt };
}

/** The latest month end with stored figures, or null when nothing has been computed. */
export async function latestComputedMonthEnd(db: Database, laCode: string): Promise<string | null> {
  const r = await query(
    db,
    `SELECT strftime(max(period_end), '%Y-%m-%d') AS d FROM indicator_values
     WHERE la_code = '${laCode.replace(/'/g, "''")}' AND period_type = 'month'`,
  );
  return r[0]?.d ? String(r[0].d) : null;
}

/**
 * Produces `lists` for the month `period` (the reported month ending at the as-at date; rows of one team only where `team` is given: its total
 * then no longer reconciles with the council's figure, so `expected` is null).
 */
export async function produceExceptionLists(
  db: Database,
  options: IndicatorOptions,
  laCode: string,
  period: Period,
  lists: readonly ExceptionList[],
  team?: string,
): Promise<ProducedList[]> {
  const calendar = await readCalendar(db);
  const asAt = period.end;
  const byIndicator = new Map<string, RowWithAllocation[]>();
  const indicators = lists.map((list) => {
    const ind = CATALOGUE.find((i) => i.id === list.indicator);
    if (!ind) throw new Error(`exception list ${list.name}: no indicator ${list.indicator}`);
    return ind;
  });
  // The stocks' shared relations (looked-after children at D …) built once for all lists.
  const stocks = [...new Set(indicators.filter((i) => i.kind === "stock"))];
  await prepareStocksForOnePeriod(db, stocks, options, laCode, asAt);
  const out: ProducedList[] = [];
  for (const [k, list] of lists.entries()) {
    const ind = indicators[k]!;
    let rows = byIndicator.get(ind.id);
    if (!rows) {
      const ready = ind.kind === "stock";
      const explained = await explainRowsWithCells(
        db,
        ind,
        options,
        laCode,
        period,
        ["team", "worker"],
        ready,
      );
      rows = explained.map(({ cells, ...r }) => ({
        ...r,
        team: cells.team ?? "",
        worker: cells.worker ?? "",
      }));
      byIndicator.set(ind.id, rows);
    }
    const produced = exceptionRows(list, rows, { asAt, calendar, options }).filter(
      (r) => team === undefined || r.team === team,
    );
    const fig = (
      await query(
        db,
        `SELECT numerator, denominator, value FROM indicator_values WHERE la_code = '${laCode.replace(/'/g, "''")}'
         AND indicator = '${ind.id}' AND period_type = 'month' AND period_end = DATE '${asAt}'`,
      )
    )[0];
    const figure = fig
      ? {
          numerator: fig.numerator === null ? null : Number(fig.numerator),
          denominator: fig.denominator === null ? null : Number(fig.denominator),
          value: fig.value === null ? null : Number(fig.value),
        }
      : null;
    out.push({
      list,
      rows: produced,
      figure,
      expected: list.reconciles && figure && team === undefined ? expectedTotal(list, figure) : null,
    });
  }
  return out;
}
