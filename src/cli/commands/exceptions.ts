import { writeFileSync } from "node:fs";
import { reportedPeriod } from "../../app/period.ts";
import { isIsoDate } from "../../calendar/dates.ts";
import { UserError } from "../../errors/userError.ts";
import { EXCEPTION_LISTS, findExceptionList } from "../../report/exceptions.ts";
import { latestComputedMonthEnd, produceExceptionLists } from "../../report/exceptionsData.ts";
import {
  exceptionsCsv,
  exceptionsHtml,
  exceptionsText,
  exceptionsXlsx,
} from "../../report/exceptionsOutput.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";

const FORMATS = ["text", "csv", "html", "xlsx"];

export const exceptionsCommand: CommandRunner = {
  async run({ values }) {
    if (values.publish) {
      throw new UserError(
        "exceptions: lists of children are never produced for publication (drop --publish)",
      );
    }
    const format = String(values.format ?? "text");
    if (!FORMATS.includes(format))
      throw new UserError(`exceptions: --format must be one of ${FORMATS.join(", ")}`);
    const out = values.out === undefined ? undefined : String(values.out);
    if ((format === "html" || format === "xlsx") && !out) {
      throw new UserError(`exceptions: --format ${format} needs --out FILE`);
    }
    const name = values.list === undefined ? undefined : String(values.list);
    const list = name === undefined ? undefined : findExceptionList(name);
    if (name !== undefined && !list) {
      throw new UserError(
        `exceptions: no list "${name}" (lists: ${EXCEPTION_LISTS.map((l) => l.name).join(", ")})`,
      );
    }
    const asAtOption = values["as-at"] === undefined ? undefined : String(values["as-at"]);
    if (asAtOption !== undefined && !isIsoDate(asAtOption)) {
      throw new UserError(`exceptions: --as-at must be a month end written YYYY-MM-DD (got "${asAtOption}")`);
    }
    const ws = await openWorkspace(requiredOption(values, "dir", "exceptions"), {
      readOnly: true,
      council: councilOption(values),
    });
    try {
      const la = ws.settings.council.laCode;
      const asAt = asAtOption ?? (await latestComputedMonthEnd(ws.db, la));
      if (!asAt) throw new UserError("exceptions: no figures computed yet (run scorecard compute)");
      const period = await reportedPeriod(ws, "month", asAt, "exceptions");
      const team = values.team === undefined ? undefined : String(values.team);
      const lists = await produceExceptionLists(
        ws.db,
        ws.options,
        la,
        period,
        list ? [list] : EXCEPTION_LISTS,
        team,
      );
      let body: string | Buffer;
      if (format === "csv") body = exceptionsCsv(lists);
      else if (format === "html") body = exceptionsHtml(lists, ws.settings.council.name, asAt);
      else if (format === "xlsx") body = await exceptionsXlsx(lists, asAt);
      else body = exceptionsText(lists, asAt);
      if (out) {
        writeFileSync(out, body);
        console.log(
          `${out}: ${lists.reduce((a, p) => a + p.rows.length, 0)} rows in ${lists.length} list(s)`,
        );
      } else process.stdout.write(body);
    } finally {
      ws.close();
    }
  },
};
