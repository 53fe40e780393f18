/**
 * Local indicators (agency staff %, vacancy rate, early help figures …):
 * importing their monthly values and listing what is stored.
 *
 * Why in app/: both need the workspace's framework (which indicators are
 * declared local) as well as its database.
 */
import { UserError } from "../errors/userError.ts";
import { loadFramework } from "../framework/load.ts";
import { importLocalFiles, type LocalImport } from "../local/import.ts";
import { readLocalValuesStored, type StoredLocalValue } from "../local/store.ts";
import type { Workspace } from "../workspace/workspace.ts";

/**
 * Imports local indicator values from CSV/XLSX files and re-derives their
 * quarters and years. Throws a UserError when the framework declares no
 * local indicators.
 */
export async function importLocal(ws: Workspace, files: readonly string[]): Promise<LocalImport> {
  const framework = loadFramework(ws.settings, ws.dir);
  if (framework.local.length === 0) {
    throw new UserError(
      'the framework declares no local indicators: add them under "local" (id, title, unit, polarity, kind) and place them in a section',
    );
  }
  return importLocalFiles(ws.db, framework, ws.settings.council.laCode, files);
}

/** The stored monthly values, and the ids stored but no longer declared in the framework. */
export async function storedLocalValues(
  ws: Workspace,
): Promise<{ rows: StoredLocalValue[]; undeclared: string[] }> {
  const framework = loadFramework(ws.settings, ws.dir);
  const rows = await readLocalValuesStored(ws.db, ws.settings.council.laCode);
  const declared = new Set(framework.local.map((l) => l.id));
  const undeclared = [...new Set(rows.map((r) => r.indicator))].filter((id) => !declared.has(id));
  return { rows, undeclared };
}
