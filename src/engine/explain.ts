/**
 * The rows behind a figure.
 *
 * Why: every number must open to the children and events behind it. This
 * runs the indicator's own row query — the one the figure was computed
 * from — restricted to the period's window, so `explain` and `values`
 * cannot disagree.
 */
import type { Period } from "../calendar/periods.ts";
import { type Database, query, withOwnConnection } from "../db/database.ts";
import { sqlDate, sqlLiteral } from "../db/quote.ts";
import type { Indicator, IndicatorOptions } from "../indicators/define.ts";
import { rowsSql } from "./aggregateSql.ts";
import { materialiseRelations } from "./compute.ts";

/** One row behind a figure. */
export interface ExplainRow {
  la_code: string;
  child_id: string;
  event_id: string;
  date: string;
  in_numerator: boolean;
  in_denominator: boolean;
  value: number | null;
  reason: string | null;
  detail: string | null;
  /** When what the row counts against was or is due, where its indicator says (Indicator.dueDate). */
  due_date?: string | null;
}

/**
 * Readies the workspace to run `ind`'s row query for one period, as the
 * engine does for every period: the period end as the only snapshot (stocks)
 * and the shared relations built (unless `relationsReady`: `prepareStocksForOnePeriod`
 * built them for several stock indicators at once). Returns the condition that keeps the
 * period's rows, and the column holding a row's date. The temporary tables it readies
 * belong to `db`'s connection: give it a connection of its own (`withOwnConnection`).
 */
export async function prepareOnePeriod(
  db: Database,
  ind: Indicator,
  options: IndicatorOptions,
  laCode: string,
  period: Period,
  relationsReady = false,
): Promise<{ filter: string; dateCol: "snapshot_date" | "event_date" }> {
  let filter: string;
  if (ind.kind === "stock") {
    await snapshotAt(db, laCode, period.end);
    filter = `snapshot_date = ${sqlDate(period.end)}`;
  } else {
    filter = `event_date BETWEEN ${sqlDate(period.start)} AND ${sqlDate(period.end)}`;
  }
  if (!relationsReady) await materialiseRelations(db, [ind], options);
  return { filter, dateCol: ind.kind === "stock" ? "snapshot_date" : "event_date" };
}

/**
 * Readies the shared relations of several stock indicators for one period end at once (as
 * `prepareOnePeriod` does for each): their rows may then be read with `relationsReady`.
 */
export async function prepareStocksForOnePeriod(
  db: Database,
  stocks: readonly Indicator[],
  options: IndicatorOptions,
  laCode: string,
  periodEnd: string,
): Promise<void> {
  if (stocks.some((i) => i.kind !== "stock"))
    throw new Error("prepareStocksForOnePeriod: stock indicators only");
  await snapshotAt(db, laCode, periodEnd);
  await materialiseRelations(db, stocks, options);
}

/** The one snapshot a stock's rows are evaluated at, in this connection's temporary `_snapshots`. */
async function snapshotAt(db: Database, laCode: string, periodEnd: string): Promise<void> {
  await db.connection.run("CREATE OR REPLACE TEMP TABLE _snapshots (la_code VARCHAR, snapshot_date DATE)");
  await db.connection.run("INSERT INTO _snapshots VALUES ($1, $2::DATE)", [laCode, periodEnd]);
}

/**
 * Lists the rows behind `ind` for one council and period. Stock rows are
 * those evaluated at the period end; flow rows those dated in the window.
 * Runs on a connection of its own, so calls at once do not meet.
 */
export async function explainRows(
  db: Database,
  ind: Indicator,
  options: IndicatorOptions,
  laCode: string,
  period: Period,
): Promise<ExplainRow[]> {
  return withOwnConnection(db, async (own) => {
    const { filter, dateCol } = await prepareOnePeriod(own, ind, options, laCode, period);
    return toExplainRows(await query(own, explainSql(ind, options, laCode, filter, dateCol)));
  });
}

/** The SELECT of explain's rows, in explain's order, once `prepareOnePeriod` has readied the workspace. */
export function explainSql(
  ind: Indicator,
  options: IndicatorOptions,
  laCode: string,
  filter: string,
  dateCol: string,
): string {
  return `SELECT la_code, child_id, event_id, ${dateCol} AS date, in_numerator, in_denominator, value, reason, detail${ind.dueDate ? ", due_date" : ""}
     FROM (${rowsSql(ind, ind.rows(options, "rows"))}) WHERE la_code = ${sqlLiteral(laCode)} AND ${filter}
     ORDER BY in_numerator DESC, in_denominator DESC, date, child_id, event_id`;
}

/** Database rows of `explainSql` as ExplainRows. */
export function toExplainRows(rows: readonly Record<string, unknown>[]): ExplainRow[] {
  return rows.map((r) => ({
    la_code: String(r.la_code),
    child_id: String(r.child_id),
    event_id: String(r.event_id),
    date: String(r.date),
    in_numerator: Boolean(r.in_numerator),
    in_denominator: Boolean(r.in_denominator),
    value: r.value === null ? null : Number(r.value),
    reason: r.reason === null ? null : String(r.reason),
    detail: r.detail === null ? null : String(r.detail),
    ...("due_date" in r ? { due_date: r.due_date === null ? null : String(r.due_date) } : {}),
  }));
}
