/**
 * `scorecard report`: the council's scorecard as one self-contained HTML
 * page, from the figures already computed in the workspace.
 *
 * Why a command of its own: after `import` (which recomputes) a council
 * needs its report without re-running anything; the demo writes the same
 * page for its synthetic council.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildScorecard } from "../../app/scorecard.ts";
import { UserError } from "../../errors/userError.ts";
import { loadFramework } from "../../framework/load.ts";
import { renderScorecardHtml } from "../../report/html.ts";
import { openWorkspace, readCoverage } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";

export const reportCommand: CommandRunner = {
  async run({ values }) {
    const ws = await openWorkspace(requiredOption(values, "dir", "report"), { readOnly: true });
    try {
      const la = ws.settings.council.laCode;
      if (!(await readCoverage(ws.db)).some((c) => c.laCode === la)) {
        throw new UserError(
          `report: the workspace has no data for LA ${la} yet: import files first ("scorecard import --dir ${ws.dir} FILE…")`,
        );
      }
      const framework = loadFramework(ws.settings, ws.dir);
      const html = renderScorecardHtml(await buildScorecard(ws.db, ws.settings, framework), {
        publish: values.publish === true,
      });
      const out = values.out === undefined ? join(ws.dir, "report.html") : resolve(String(values.out));
      writeFileSync(out, html);
      console.log(out);
    } finally {
      ws.close();
    }
  },
};
