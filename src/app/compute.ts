/**
 * Computing a workspace: its population, every indicator, then the local
 * indicators' derived figures.
 *
 * Why in app/: it joins the engine, the framework and local indicators for
 * one workspace, so it sits above all three.
 */
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
 * settings' population first, then re-derives the local indicators'
 * figures (computing clears indicator_values). The framework is read only
 * when local values are stored, so a framework being edited never stops a
 * computation that does not need it.
 */
export async function computeWorkspace(ws: Workspace, progress?: Progress): Promise<void> {
  const coverage = (await readCoverage(ws.db)).filter((c) => c.laCode === ws.settings.council.laCode);
  if (coverage.length === 0) {
    throw new UserError(
      `the workspace has no data for LA ${ws.settings.council.laCode} yet: import files or run "scorecard demo"`,
    );
  }
  const la = ws.settings.council.laCode;
  await ws.db.connection.run(`DELETE FROM cfg_population WHERE la_code = '${la}'`);
  const rows = [...populationByYear(ws.settings)].map(([y, n]) => `('${la}', ${y}, ${n})`);
  if (rows.length) await ws.db.connection.run(`INSERT INTO cfg_population VALUES ${rows.join(",")}`);
  await computeAll(ws.db, CATALOGUE, ws.options, coverage, progress);
  const stored = await query(ws.db, `SELECT count(*) AS n FROM local_values WHERE la_code = '${la}'`);
  if (Number(stored[0]?.n ?? 0) > 0) await deriveLocalFigures(ws.db, loadFramework(ws.settings, ws.dir), la);
}
