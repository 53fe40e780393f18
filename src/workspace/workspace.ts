/**
 * A workspace folder: settings.json, the DuckDB file and the outputs.
 *
 * Why a folder: an analyst can see, back up and hand over one thing. The
 * database file holds the canonical data, computed values and the data
 * coverage; settings.json holds what the council decides. Computing and
 * importing are use cases above this folder (app/).
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { isIsoDate } from "../calendar/dates.ts";
import { checkSchema, createSchema, type Database, migrate, openDatabase, query } from "../db/database.ts";
import type { Coverage } from "../engine/compute.ts";
import { UserError } from "../errors/userError.ts";
import type { IndicatorOptions } from "../indicators/define.ts";
import {
  councilList,
  forCouncil,
  indicatorOptions,
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

/** How to open a workspace. */
export interface OpenWorkspaceOptions {
  /**
   * Read only: the database is opened without the write lock (several
   * readers may share it, none while another process writes) and is not
   * upgraded; an out-of-date workspace is refused with the command that
   * upgrades it.
   */
  readOnly?: boolean;
  /**
   * The council (LA code) the command works on, as `--council` gives it;
   * absent, the workspace's only council. A workspace of several councils
   * opened without one is refused with the list of its councils, unless
   * `allCouncils` (compute, import, the imports list: commands that work on
   * every council and read `settings.councils`).
   */
  council?: string | undefined;
  allCouncils?: boolean;
  /** Where an upgrade's notes to the user go (default: standard error). */
  note?: (line: string) => void;
}

/** The settings with the council a command works on chosen (see OpenWorkspaceOptions.council). */
export function chooseCouncil(settings: Settings, dir: string, options: OpenWorkspaceOptions = {}): Settings {
  if (options.council !== undefined) {
    if (!settings.councils.some((c) => c.laCode === options.council))
      throw new UserError(
        `--council ${options.council}: not a council of the workspace ${dir} (its councils: ${councilList(settings)})`,
      );
    return forCouncil(settings, options.council);
  }
  if (settings.councils.length === 1 || options.allCouncils) return settings;
  throw new UserError(
    `the workspace ${dir} holds ${settings.councils.length} councils: choose one with --council LA (${councilList(settings)})`,
  );
}

/**
 * Opens a workspace folder: validates its settings and opens the database.
 * Opened for writing (the default), the database is upgraded to the
 * current schema and no other process may open it meanwhile.
 */
export async function openWorkspace(dir: string, options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const full = resolve(dir);
  if (!existsSync(join(full, SETTINGS_FILE))) {
    throw new UserError(
      `${dir} is not a workspace (no ${SETTINGS_FILE}); create one with "scorecard init ${dir}"`,
    );
  }
  const settings = chooseCouncil(readSettings(join(full, SETTINGS_FILE)), dir, options);
  const db = await openDatabase(join(full, DATABASE_FILE), { readOnly: options.readOnly === true });
  try {
    if (options.readOnly) await checkSchema(db, `the workspace ${dir}`, `scorecard compute --dir ${dir}`);
    else
      await migrate(db, `the workspace ${dir}`, {
        councils: settings.councils.map((c) => c.laCode),
        note: options.note ?? ((line) => process.stderr.write(`${line}\n`)),
      });
  } catch (e) {
    db.close();
    throw e;
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
