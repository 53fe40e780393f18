/**
 * One figure broken down by a dimension (team, age band, …), for
 * `scorecard breakdown` and the web application.
 */
import type { PeriodType } from "../calendar/periods.ts";
import { type Breakdown, breakdown, dimensionsOf } from "../engine/breakdown.ts";
import { UserError } from "../errors/userError.ts";
import type { Indicator } from "../indicators/define.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { indicatorById } from "./explain.ts";
import { reportedPeriod } from "./period.ts";

/** The indicator `id` and a dimension it offers, or a one-line UserError. */
export function breakdownDimension(
  id: string,
  by: string,
): { indicator: Indicator; dimension: Breakdown["dimension"] } {
  const ind = indicatorById(id, "breakdown");
  const offered = dimensionsOf(ind);
  const dim = offered.find((d) => d === by);
  if (!dim)
    throw new UserError(`breakdown: ${id} cannot be broken down by "${by}"; it offers ${offered.join(", ")}`);
  return { indicator: ind, dimension: dim };
}

/** The council's figure of `indicator` for the `type` period ending `end`, cell by cell of `dimension`. */
export async function breakdownFigure(
  ws: Workspace,
  indicator: Indicator,
  dimension: Breakdown["dimension"],
  type: PeriodType,
  end: string,
): Promise<Breakdown> {
  const period = await reportedPeriod(ws, type, end, "breakdown");
  return breakdown(ws.db, indicator, ws.options, ws.settings.council.laCode, period, dimension);
}
