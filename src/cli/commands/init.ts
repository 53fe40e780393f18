/**
 * `scorecard init <dir>`: an empty workspace with a settings file to edit,
 * holding DfE's latest published benchmarks shipped with the product, so a
 * council's first report has its neighbours, England and quartiles.
 */
import { seedBenchmarks } from "../../benchmarks/shipped.ts";
import { financialYearOf } from "../../calendar/financialYear.ts";
import { parseSettings, starterSettings } from "../../workspace/settings.ts";
import { initWorkspace, openWorkspace } from "../../workspace/workspace.ts";
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
    const ws = await openWorkspace(dir);
    let release: string;
    try {
      const manifest = await seedBenchmarks(ws.db, ws.settings.benchmarks?.snMethod ?? "mean");
      release = manifest.publications.find((p) => p.key !== "neighbours")?.release ?? "";
    } finally {
      ws.close();
    }
    console.log(`Created workspace ${dir}. Edit ${dir}/settings.json to set the council and its population.`);
    console.log(
      `It holds DfE's published benchmarks shipped with csc-scorecard (${release}); "scorecard benchmarks import" of a newer publication replaces them.`,
    );
  },
};
