/**
 * The indicators one child's events count in, for the child page: each
 * computed indicator's own explain query (engine/explain.ts `explainSql`,
 * the rows its figure is the aggregate of), for the stored period of the
 * page, kept to the child's rows.
 *
 * Why explain's query with a filter and not a look-up of our own: a child's
 * "counts in" must be the same rows the drill-down lists, so it is the same
 * SQL with one more condition (`child_id = …`, through the quoting helper).
 * The shared relations are built once for every indicator, on a connection
 * of its own, so the page costs one pass over the indicators.
 */
import type { Period, PeriodType } from "../calendar/periods.ts";
import { query, withOwnConnection } from "../db/database.ts";
import { sqlLiteral } from "../db/quote.ts";
import { materialiseRelations } from "../engine/compute.ts";
import { explainSql, prepareOnePeriod, prepareStocksForOnePeriod, toExplainRows } from "../engine/explain.ts";
import type { Indicator } from "../indicators/define.ts";
import type { Workspace } from "../workspace/workspace.ts";

/** The stored period of every indicator with a figure of this type and end, keyed by indicator. */
export async function storedPeriods(
  ws: Workspace,
  type: PeriodType,
  end: string,
): Promise<Map<string, Period>> {
  const rows = await query(
    ws.db,
    `SELECT indicator, strftime(period_start, '%Y-%m-%d') AS s, strftime(period_end, '%Y-%m-%d') AS e
     FROM indicator_values WHERE la_code = $1 AND period_type = $2 AND period_end = CAST($3 AS DATE)`,
    [ws.settings.council.laCode, type, end],
  );
  return new Map(rows.map((r) => [String(r.indicator), { type, start: String(r.s), end: String(r.e) }]));
}

/** One row behind a figure that is about the child: the indicator, its event, and how it counts. */
export interface ChildCount {
  indicator: string;
  event_id: string;
  date: string;
  in_numerator: boolean;
  in_denominator: boolean;
  reason: string | null;
}

/**
 * explain's rows of each indicator (with its stored period) that are about
 * `childId`, in the order given.
 */
export async function childCounts(
  ws: Workspace,
  indicators: readonly { ind: Indicator; period: Period }[],
  childId: string,
): Promise<ChildCount[]> {
  const la = ws.settings.council.laCode;
  return withOwnConnection(ws.db, async (own) => {
    const ends = new Set(indicators.map((x) => x.period.end));
    if (ends.size > 1) throw new Error("childCounts: one period end at a time");
    const stocks = indicators.filter((x) => x.ind.kind === "stock").map((x) => x.ind);
    // stocks' relations read the one snapshot; flows' relations are built after it, as compute does
    if (stocks.length) await prepareStocksForOnePeriod(own, stocks, ws.options, la, [...ends][0]!);
    await materialiseRelations(
      own,
      indicators.filter((x) => x.ind.kind !== "stock").map((x) => x.ind),
      ws.options,
    );
    const out: ChildCount[] = [];
    for (const { ind, period } of indicators) {
      const { filter, dateCol } = await prepareOnePeriod(own, ind, ws.options, la, period, true);
      const rows = toExplainRows(
        await query(
          own,
          explainSql(ind, ws.options, la, `${filter} AND child_id = ${sqlLiteral(childId)}`, dateCol),
        ),
      );
      for (const r of rows)
        out.push({
          indicator: ind.id,
          event_id: r.event_id,
          date: r.date,
          in_numerator: r.in_numerator,
          in_denominator: r.in_denominator,
          reason: r.reason,
        });
    }
    return out;
  });
}
