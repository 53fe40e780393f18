/** `scorecard compute --dir D`: recompute every indicator for every period. */
import { CATALOGUE } from "../../indicators/catalogue.ts";
import { computeWorkspace, openWorkspace } from "../../workspace/workspace.ts";
import { type Command, requiredOption } from "../command.ts";
import { step } from "../progress.ts";

export const computeCommand: Command = {
  name: "compute",
  usage: "compute --dir D",
  summary:
    "Compute every indicator for every month end, quarter, year to date, rolling 12 months and year in the data.",
  options: { dir: { type: "string", value: "D", help: "the workspace folder" } },
  async run({ values }) {
    const ws = await openWorkspace(requiredOption(values, "dir", "compute"));
    try {
      await step("Computing indicators", (tick) =>
        computeWorkspace(ws, (done, total, id) => tick(`${done}/${total} ${id}`)),
      );
      console.log(`Computed ${CATALOGUE.length} indicators.`);
    } finally {
      ws.close();
    }
  },
};
