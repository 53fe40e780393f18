/**
 * Explaining one figure: the rows (children, events) it is the aggregate
 * of, and the figure as stored, for `scorecard explain` and the web
 * application.
 *
 * Why in app/: the rows come from the engine's own definition of the
 * figure (engine/explain.ts), never a second computation; this joins them
 * to the stored figure for one workspace.
 */
import type { Period, PeriodType } from "../calendar/periods.ts";
import { query } from "../db/database.ts";
import { type ExplainRow, explainRows } from "../engine/explain.ts";
import { UserError } from "../errors/userError.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import type { Indicator } from "../indicators/define.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { reportedPeriod } from "./period.ts";

/** A figure and the rows behind it. */
export interface Explanation {
  indicator: Indicator;
  period: Period;
  rows: ExplainRow[];
  /** The stored figure, when the period was computed. */
  figure?: { numerator: number | null; denominator: number | null; value: number | null };
}

/** Resolves an indicator id, or throws a one-line UserError naming `command`. */
export function indicatorById(id: string, command: string): Indicator {
  const ind = findIndicator(id);
  if (!ind) throw new UserError(`${command}: no indicator "${id}" (see scorecard indicators)`);
  return ind;
}

/** The rows behind the council's figure of `id` for the `type` period ending `end`, and the figure. */
export async function explainFigure(
  ws: Workspace,
  id: string,
  type: PeriodType,
  end: string,
): Promise<Explanation> {
  const ind = indicatorById(id, "explain");
  const la = ws.settings.council.laCode;
  const period = await reportedPeriod(ws, type, end, "explain");
  const rows = await explainRows(ws.db, ind, ws.options, la, period);
  const fig = (
    await query(
      ws.db,
      `SELECT numerator, denominator, value FROM indicator_values WHERE la_code = $1 AND indicator = $2
       AND period_type = $3 AND period_end = $4::DATE`,
      [la, id, type, end],
    )
  )[0];
  return {
    indicator: ind,
    period,
    rows,
    ...(fig ? { figure: fig as NonNullable<Explanation["figure"]> } : {}),
  };
}
