/**
 * The one period a command shows the rows or cells of (`explain`,
 * `breakdown`): its options read and checked (the period is then found
 * among those the workspace reports by app/period.ts).
 */
import { isIsoDate } from "../calendar/dates.ts";
import { isPeriodType, PERIOD_TYPES, type PeriodType } from "../calendar/periods.ts";
import { UserError } from "../errors/userError.ts";
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
