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
import { councilList, populationByYear } from "../workspace/settings.ts";
import { readCoverage, type Workspace } from "../workspace/workspace.ts";

/**
 * Computes every indicator for every council of the workspace with data, in
 * one pass (the engine's statements are partitioned by la_code), writing
 * the settings' populations first, and re-derives the local indicators'
 * figures in the same transaction that swaps the new figures in (computing
 * replaces indicator_values), so a reader never sees the computed figures
 * without the local ones. The framework is read only when local values are
 * stored, so a framework being edited never stops a computation that does
 * not need it.
 */
export async function computeWorkspace(ws: Workspace, progress?: Progress): Promise<void> {
  const listed = ws.settings.councils;
  const coverage = (await readCoverage(ws.db)).filter((c) => listed.some((x) => x.laCode === c.laCode));
  if (coverage.length === 0) {
    const which =
      listed.length === 1 ? `LA ${listed[0]!.laCode}` : `any of its councils (${councilList(ws.settings)})`;
    throw new UserError(`the workspace has no data for ${which} yet: import files or run "scorecard demo"`);
  }
  const computed = listed.filter((c) => coverage.some((x) => x.laCode === c.laCode));
  const las = computed.map((c) => c.laCode);
  const population = computed.flatMap((c) =>
    [...populationByYear(ws.settings, c)].map(([y, n]) => ({ la: c.laCode, y, n })),
  );
  await ws.db.connection.run("DELETE FROM cfg_population WHERE list_contains($1::VARCHAR[], la_code)", [
    listValue(las),
  ]);
  if (population.length) {
    await ws.db.connection.run(
      "INSERT INTO cfg_population SELECT unnest($1::VARCHAR[]), unnest($2::INTEGER[]), unnest($3::DOUBLE[])",
      [
        listValue(population.map((p) => p.la)),
        listValue(population.map((p) => p.y)),
        listValue(population.map((p) => p.n)),
      ],
    );
  }
  const stored = await query(
    ws.db,
    "SELECT DISTINCT la_code FROM local_values WHERE list_contains($1::VARCHAR[], la_code) ORDER BY 1",
    [listValue(las)],
  );
  const withLocal = stored.map((r) => String(r.la_code));
  const framework = withLocal.length > 0 ? loadFramework(ws.settings, ws.dir) : undefined;
  await computeAll(ws.db, CATALOGUE, ws.options, coverage, progress, {
    inSwap: framework
      ? async () => {
          for (const la of withLocal) await deriveLocalFigures(ws.db, framework, la);
        }
      : undefined,
  });
}
