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
import { TABLES } from "../model/tables.ts";
import { councilList, populationByYear, SETTINGS_FILE, type Settings } from "../workspace/settings.ts";
import { readCoverage, type Workspace } from "../workspace/workspace.ts";

/** What a computation has to say besides its figures. */
export interface ComputeResult {
  /** One line each, e.g. data held for a council the settings do not list (left out). */
  warnings: string[];
}

/** Canonical rows held for LA codes the settings do not list, by LA code: compute leaves them out. */
export async function unlistedCouncilRows(
  ws: Pick<Workspace, "db" | "settings">,
): Promise<{ laCode: string; rows: number }[]> {
  const listed = listValue(ws.settings.councils.map((c) => c.laCode));
  const each = TABLES.map(
    (t) => `SELECT la_code FROM ${t.name} WHERE NOT list_contains($1::VARCHAR[], la_code)`,
  ).join(" UNION ALL ");
  const found = await query(
    ws.db,
    `SELECT la_code, count(*)::BIGINT AS n FROM (${each}) GROUP BY la_code ORDER BY la_code`,
    [listed],
  );
  return found.map((r) => ({ laCode: String(r.la_code), rows: Number(r.n) }));
}

/** The line saying which councils' rows are left out, and how to include them. */
function unlistedWarning(unlisted: readonly { laCode: string; rows: number }[], settings: Settings): string {
  const what = unlisted
    .map((u) => `LA ${u.laCode} (${u.rows.toLocaleString("en-GB")} row${u.rows === 1 ? "" : "s"})`)
    .join(", ");
  const them = unlisted.length === 1 ? "it" : "them";
  return `data held for ${what}, not one of the workspace's councils (${councilList(settings)}), was left out of compute: add ${them} to "councils" in ${SETTINGS_FILE} (each with its 0–17 population) to compute ${them}`;
}

/**
 * Computes every indicator for every council of the workspace with data, in
 * one pass (the engine's statements are partitioned by la_code), writing
 * the settings' populations first, and re-derives the local indicators'
 * figures in the same transaction that swaps the new figures in (computing
 * replaces indicator_values), so a reader never sees the computed figures
 * without the local ones. The framework is read only when local values are
 * stored, so a framework being edited never stops a computation that does
 * not need it. Data held for an LA the settings do not list is not
 * computed, and the result's warnings say so.
 */
export async function computeWorkspace(ws: Workspace, progress?: Progress): Promise<ComputeResult> {
  const listed = ws.settings.councils;
  const unlisted = await unlistedCouncilRows(ws);
  const warnings = unlisted.length ? [unlistedWarning(unlisted, ws.settings)] : [];
  const coverage = (await readCoverage(ws.db)).filter((c) => listed.some((x) => x.laCode === c.laCode));
  if (coverage.length === 0) {
    const which =
      listed.length === 1 ? `LA ${listed[0]!.laCode}` : `any of its councils (${councilList(ws.settings)})`;
    throw new UserError(
      `the workspace has no data for ${which} yet: import files or run "scorecard demo"${warnings.length ? `; ${warnings[0]}` : ""}`,
    );
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
  return { warnings };
}
