/**
 * The one period a command shows the rows or cells of (`explain`,
 * `breakdown`): its options read and checked, and the period found among
 * those the workspace reports.
 */
import { isIsoDate } from "../calendar/dates.ts";
import { isPeriodType, PERIOD_TYPES, type Period, type PeriodType } from "../calendar/periods.ts";
import { findPeriod, preparePeriods } from "../engine/compute.ts";
import { UserError } from "../errors/userError.ts";
import { readCoverage, type Workspace } from "../workspace/workspace.ts";
import { requiredOption } from "./command.ts";

/** `--period-end` (required, a date) and `--period-type` (default month), or a one-line error naming `command`. */
export function periodOptions(
  values: Record<string, unknown>,
  command: string,
): { end: string; type: PeriodType } {
  const end = requiredOption(values, "period-end", command);
  if (!isIsoDate(end))
    throw new UserError(`${command}: --period-end must be a date written YYYY-MM-DD (got "${end}")`);
  const type = String(values["period-type"] ?? "month");
  if (!isPeriodType(type))
    throw new UserError(`${command}: --period-type must be one of ${PERIOD_TYPES.join(", ")}`);
  return { end, type };
}

/** The council's reported period of `type` ending `end`, or a one-line error saying there is none. */
export async function reportedPeriod(
  ws: Workspace,
  type: PeriodType,
  end: string,
  command: string,
): Promise<Period> {
  await preparePeriods(ws.db, await readCoverage(ws.db));
  const period = await findPeriod(ws.db, ws.settings.council.laCode, type, end);
  if (!period) {
    throw new UserError(
      `${command}: the data has no ${type} period ending ${end} (periods end on month ends within the data's coverage)`,
    );
  }
  return period;
}
