/** `scorecard compute --dir D`: recompute every indicator for every period. */

import { computeWorkspace } from "../../app/compute.ts";
import { CATALOGUE } from "../../indicators/catalogue.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { step } from "../progress.ts";

export const computeCommand: CommandRunner = {
  async run({ values }) {
    const ws = await openWorkspace(requiredOption(values, "dir", "compute"), { allCouncils: true });
    try {
      const { warnings } = await step("Computing indicators", (tick) =>
        computeWorkspace(ws, (done, total, id) => tick(`${done}/${total} ${id}`)),
      );
      console.log(`Computed ${CATALOGUE.length} indicators.`);
      for (const w of warnings) console.log(`Warning: ${w}`);
    } finally {
      ws.close();
    }
  },
};
