/**
 * `scorecard report`: the council's monthly performance report (cover,
 * summary scorecard, a section per service area, flows, notes) as HTML,
 * PDF and/or XLSX, from the figures already computed in the workspace.
 *
 * Why a command of its own: after `import` (which recomputes) a council
 * needs its report without re-running anything; the demo writes the same
 * report for its synthetic council.
 */
import { join } from "node:path";
import { isIsoDate } from "../../calendar/dates.ts";
import { UserError } from "../../errors/userError.ts";
import { loadFramework } from "../../framework/load.ts";
import { isReportFormat, REPORT_FORMATS, writeReportDocument } from "../../report/document/write.ts";
import { openWorkspace, readCoverage } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";

export const reportCommand: CommandRunner = {
  async run({ values }) {
    const format = String(values.format ?? "html");
    if (!isReportFormat(format))
      throw new UserError(`report: --format must be one of ${REPORT_FORMATS.join(", ")} (got "${format}")`);
    const periodEnd = values["period-end"] === undefined ? undefined : String(values["period-end"]);
    if (periodEnd !== undefined && !isIsoDate(periodEnd))
      throw new UserError(`report: --period-end must be a date written YYYY-MM-DD (got "${periodEnd}")`);
    const ws = await openWorkspace(requiredOption(values, "dir", "report"), {
      readOnly: true,
      council: councilOption(values),
    });
    try {
      const la = ws.settings.council.laCode;
      if (!(await readCoverage(ws.db)).some((c) => c.laCode === la)) {
        throw new UserError(
          `report: the workspace has no data for LA ${la} yet: import files first ("scorecard import --dir ${ws.dir} FILE…")`,
        );
      }
      const written = await writeReportDocument(ws, {
        framework: loadFramework(ws.settings, ws.dir),
        format,
        dir: ws.dir,
        ...(values.out !== undefined
          ? { out: String(values.out) }
          : ws.settings.councils.length > 1
            ? { out: join(ws.dir, `report-${la}.${format === "all" ? "html" : format}`) }
            : {}),
        publish: values.publish === true,
        ...(periodEnd ? { periodEnd } : {}),
      });
      for (const f of written.files) console.log(f);
      if (written.skipped) console.error(written.skipped);
    } finally {
      ws.close();
    }
  },
};
