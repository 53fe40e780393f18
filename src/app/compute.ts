/**
 * Computing a workspace: its population, every indicator, then the local
 * indicators' derived figures.
 *
 * Why in app/: it joins the engine, the framework and local indicators for
 * one workspace, so it sits above all three.
 */
import { listValue } from "@duckdb/node-api";
import { query } from "../db/database.ts";
import { computeAll, type Progress } from "../engine/compute.ts";
import { UserError } from "../errors/userError.ts";
import { loadFramework } from "../framework/load.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { deriveLocalFigures } from "../local/derive.ts";
import { populationByYear } from "../workspace/settings.ts";
import { readCoverage, type Workspace } from "../workspace/workspace.ts";

/**
 * Computes every indicator for the workspace's council, writing the
 * settings' population first, and re-derives the local indicators' figures
 * in the same transaction that swaps the new figures in (computing replaces
 * indicator_values), so a reader never sees the computed figures without
 * the local ones. The framework is read only when local values are stored,
 * so a framework being edited never stops a computation that does not need it.
 */
export async function computeWorkspace(ws: Workspace, progress?: Progress): Promise<void> {
  const coverage = (await readCoverage(ws.db)).filter((c) => c.laCode === ws.settings.council.laCode);
  if (coverage.length === 0) {
    throw new UserError(
      `the workspace has no data for LA ${ws.settings.council.laCode} yet: import files or run "scorecard demo"`,
    );
  }
  const la = ws.settings.council.laCode;
  const population = [...populationByYear(ws.settings)];
  await ws.db.connection.run("DELETE FROM cfg_population WHERE la_code = $1", [la]);
  if (population.length) {
    await ws.db.connection.run(
      "INSERT INTO cfg_population SELECT $1, unnest($2::INTEGER[]), unnest($3::DOUBLE[])",
      [la, listValue(population.map(([y]) => y)), listValue(population.map(([, n]) => n))],
    );
  }
  const stored = await query(ws.db, "SELECT count(*) AS n FROM local_values WHERE la_code = $1", [la]);
  const framework = Number(stored[0]?.n ?? 0) > 0 ? loadFramework(ws.settings, ws.dir) : undefined;
  await computeAll(ws.db, CATALOGUE, ws.options, coverage, progress, {
    inSwap: framework
      ? async () => {
          await deriveLocalFigures(ws.db, framework, la);
        }
      : undefined,
  });
}
