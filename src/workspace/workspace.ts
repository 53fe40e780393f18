/**
 * A workspace folder: settings.json, the DuckDB file and the outputs.
 *
 * Why a folder: an analyst can see, back up and hand over one thing. The
 * database file holds the canonical data, computed values and the data
 * coverage; settings.json holds what the council decides.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { listValue } from "@duckdb/node-api";
import { createBenchmarkTables } from "../benchmarks/store.ts";
import { isIsoDate } from "../calendar/dates.ts";
import { type Coverage, computeAll, type Progress } from "../engine/compute.ts";
import { loadFramework } from "../framework/config.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import type { IndicatorOptions } from "../indicators/define.ts";
import { deriveLocalFigures } from "../local/derive.ts";
import { createLocalTables } from "../local/store.ts";
import { createSchema, type Database, openDatabase, query } from "./database.ts";
import { UserError } from "./errors.ts";
import {
  indicatorOptions,
  populationByYear,
  readSettings,
  SETTINGS_FILE,
  type Settings,
  type SettingsInput,
  writeSettings,
} from "./settings.ts";

/** The database file inside a workspace folder. */
export const DATABASE_FILE = "workspace.duckdb";

/** An open workspace. */
export interface Workspace {
  dir: string;
  settings: Settings;
  options: IndicatorOptions;
  db: Database;
  close(): void;
}

/** Creates a workspace folder with settings and an empty database; refuses a folder that already has one. */
export async function initWorkspace(dir: string, settings: SettingsInput): Promise<void> {
  const full = resolve(dir);
  if (existsSync(join(full, SETTINGS_FILE)) || existsSync(join(full, DATABASE_FILE))) {
    throw new UserError(`${dir} already holds a workspace; choose an empty folder`);
  }
  if (existsSync(full) && readdirSync(full).length > 0) {
    throw new UserError(`${dir} is not empty; choose an empty or new folder`);
  }
  mkdirSync(full, { recursive: true });
  writeSettings(join(full, SETTINGS_FILE), settings);
  const db = await openDatabase(join(full, DATABASE_FILE));
  try {
    await createSchema(db);
  } finally {
    db.close();
  }
}

/**
 * Opens a workspace folder: validates its settings and takes the database (one process at a time).
 * `readOnly`: for commands that only read; the database is opened read-only and its tables are
 * neither created nor changed.
 */
export async function openWorkspace(dir: string, options: { readOnly?: boolean } = {}): Promise<Workspace> {
  const full = resolve(dir);
  if (!existsSync(join(full, SETTINGS_FILE))) {
    throw new UserError(
      `${dir} is not a workspace (no ${SETTINGS_FILE}); create one with "scorecard init ${dir}"`,
    );
  }
  const settings = readSettings(join(full, SETTINGS_FILE));
  const db = await openDatabase(join(full, DATABASE_FILE), options);
  if (!options.readOnly) {
    await createSchema(db);
    await createBenchmarkTables(db);
    await createLocalTables(db);
  }
  return { dir: full, settings, options: indicatorOptions(settings), db, close: () => db.close() };
}

/** Records the dates between which a council's data is complete. */
export async function setCoverage(db: Database, coverage: Coverage): Promise<void> {
  for (const d of [coverage.dataFrom, coverage.dataTo])
    if (!isIsoDate(d)) throw new Error(`coverage: not a date written YYYY-MM-DD: ${JSON.stringify(d)}`);
  await db.connection.run("DELETE FROM cfg_coverage WHERE la_code = $1", [coverage.laCode]);
  await db.connection.run("INSERT INTO cfg_coverage VALUES ($1, $2::DATE, $3::DATE)", [
    coverage.laCode,
    coverage.dataFrom,
    coverage.dataTo,
  ]);
}

/** The coverage of every council in the workspace. */
export async function readCoverage(db: Database): Promise<Coverage[]> {
  const rows = await query(db, "SELECT la_code, data_from, data_to FROM cfg_coverage ORDER BY la_code");
  return rows.map((r) => ({
    laCode: String(r.la_code),
    dataFrom: String(r.data_from),
    dataTo: String(r.data_to),
  }));
}

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
  await createLocalTables(ws.db);
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
