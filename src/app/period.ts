/**
 * Finding one reported period of the workspace's council, for the use
 * cases that show the rows or cells of one figure (explain, breakdown, the
 * exception lists).
 */
import type { Period, PeriodType } from "../calendar/periods.ts";
import { findPeriod, preparePeriods } from "../engine/compute.ts";
import { UserError } from "../errors/userError.ts";
import { readCoverage, type Workspace } from "../workspace/workspace.ts";

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
