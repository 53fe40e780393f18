/**
 * `scorecard compare`: every council of the workspace side by side, per
 * indicator (app/compare.ts), written as HTML, XLSX or CSV.
 *
 * Why a file, as `report`: the comparison is read in a browser or Excel and
 * passed round a regional meeting; the path is printed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { compareWorkspace } from "../../app/compare.ts";
import { isPeriodType, PERIOD_TYPES } from "../../calendar/periods.ts";
import { UserError } from "../../errors/userError.ts";
import { renderCompareHtml } from "../../report/compare/html.ts";
import { COMPARE_COLUMNS, comparisonRows } from "../../report/compare/rows.ts";
import { renderCompareXlsx } from "../../report/compare/xlsx.ts";
import { isSuppressed } from "../../report/suppress.ts";
import { toCsv } from "../../report/tableFormats.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";

const FORMATS = ["html", "xlsx", "csv"] as const;

export const compareCommand: CommandRunner = {
  async run({ values }) {
    const format = String(values.format ?? "html");
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UserError(`compare: --format must be one of ${FORMATS.join(", ")} (got "${format}")`);
    const type = values["period-type"] === undefined ? undefined : String(values["period-type"]);
    if (type !== undefined && !isPeriodType(type))
      throw new UserError(`compare: --period-type must be one of ${PERIOD_TYPES.join(", ")} (got "${type}")`);
    const ws = await openWorkspace(requiredOption(values, "dir", "compare"), {
      readOnly: true,
      allCouncils: true,
    });
    try {
      const region = await compareWorkspace(ws, {
        ...(values.indicator === undefined ? {} : { indicator: String(values.indicator) }),
        ...(values["period-end"] === undefined ? {} : { periodEnd: String(values["period-end"]) }),
        ...(type !== undefined && isPeriodType(type) ? { periodType: type } : {}),
        ...(values.publish === true ? { suppressed: isSuppressed } : {}),
      });
      const path = values.out === undefined ? join(ws.dir, `compare.${format}`) : resolve(String(values.out));
      const body =
        format === "html"
          ? renderCompareHtml(region)
          : format === "xlsx"
            ? await renderCompareXlsx(region)
            : toCsv(COMPARE_COLUMNS, comparisonRows(region));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, body);
      console.log(path);
    } finally {
      ws.close();
    }
  },
};
