/**
 * `scorecard targets`: the targets in force in the workspace's framework,
 * and `--import FILE` to set targets from a CSV or XLSX (app/targets.ts).
 */
import { importTargets, targetsInForce } from "../../app/targets.ts";
import { UserError } from "../../errors/userError.ts";
import { toCsv, toTextTable } from "../../report/tableFormats.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";

const SHOW_COLUMNS = ["ref", "indicator", "title", "polarity", "rated_on", "from", "target", "note"] as const;

export const targetsCommand: CommandRunner = {
  async run({ values }) {
    const format = String(values.format ?? "text");
    if (format !== "text" && format !== "csv")
      throw new UserError(`targets: --format must be text or csv (got "${format}")`);
    const ws = await openWorkspace(requiredOption(values, "dir", "targets"), {
      readOnly: true,
      council: councilOption(values),
    });
    try {
      if (typeof values.import === "string") {
        const file = values.import;
        const { targets: n, indicators, writtenTo } = await importTargets(ws, file);
        console.log(`${n} targets for ${indicators} indicators written to ${writtenTo}`);
        return;
      }
      const { at, frameworkName, rows } = await targetsInForce(
        ws,
        values.at === undefined ? undefined : String(values.at),
      );
      if (format === "csv") process.stdout.write(toCsv(SHOW_COLUMNS, rows));
      else {
        console.log(`Targets in force on ${at}${frameworkName ? ` (${frameworkName})` : ""}:`);
        process.stdout.write(toTextTable(SHOW_COLUMNS, rows));
      }
    } finally {
      ws.close();
    }
  },
};
