/** `scorecard init <dir>`: an empty workspace with a settings file to edit. */
import { financialYearOf } from "../../calendar/financialYear.ts";
import { parseSettings, starterSettings } from "../../workspace/settings.ts";
import { initWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, intOption } from "../command.ts";

export const initCommand: CommandRunner = {
  async run({ values, positionals }) {
    const dir = positionals[0]!;
    const population: Record<number, number> = {};
    if (values.population !== undefined) {
      const n = intOption(values, "population", 0, [1, 20_000_000]);
      for (let y = 2012; y <= financialYearOf(new Date().toISOString().slice(0, 10)); y++) population[y] = n;
    }
    const settings = starterSettings(
      String(values.name ?? "Example Council"),
      String(values["la-code"] ?? "999"),
      population,
    );
    parseSettings(settings, "the options given");
    await initWorkspace(dir, settings);
    console.log(`Created workspace ${dir}. Edit ${dir}/settings.json to set the council and its population.`);
  },
};
