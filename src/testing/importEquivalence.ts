/**
 * What the streamed-import tests compare: every table an import writes,
 * sorted, and an import's result, so a streamed import can be checked
 * against the whole-file path row for row.
 */
import assert from "node:assert/strict";
import type { ImportResult } from "../app/import.ts";
import { type Database, query } from "../db/database.ts";
import type { Issue } from "../ingest/issues.ts";
import { TABLES } from "../model/tables.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, type Workspace } from "../workspace/workspace.ts";

/** A new workspace of council `la` in `dir`, with a population for every year a test may import. */
export async function equivalenceWorkspace(dir: string, la: string): Promise<Workspace> {
  const population: Record<number, number> = {};
  for (let y = 1990; y <= 2035; y++) population[y] = 4_000;
  await initWorkspace(dir, starterSettings("Streamed Council", la, population));
  return openWorkspace(dir);
}

/** Every table an import writes, each sorted, the import's time left out. */
export async function snapshot(db: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const all = async (sql: string) => (await query(db, sql)).map((r) => JSON.stringify(r));
  for (const t of TABLES) out[t.name] = await all(`SELECT * FROM ${t.name} ORDER BY ALL`);
  out.import_rows = await all("SELECT * FROM import_rows ORDER BY ALL");
  out.import_files = await all("SELECT * FROM import_files ORDER BY ALL");
  out.imports = await all(
    "SELECT * EXCLUDE (imported_at, undone_at), undone_at IS NULL AS live FROM imports ORDER BY ALL",
  );
  out.cfg_coverage = await all("SELECT * FROM cfg_coverage ORDER BY ALL");
  return out;
}

/** Issues sorted; for a rule past its cap, how many were listed (which ones depends on the reading order). */
export function sortedIssues(issues: readonly Issue[]): string[] {
  const capped = new Set(issues.filter((i) => / more (issues|records) /.test(i.message)).map((i) => i.rule));
  const listed = new Map<string, number>();
  const out: string[] = [];
  for (const i of issues) {
    if (capped.has(i.rule) && i.file !== "") listed.set(i.rule, (listed.get(i.rule) ?? 0) + 1);
    else out.push(JSON.stringify(i));
  }
  for (const [rule, n] of listed) out.push(`${rule} listed ${n}`);
  return out.sort();
}

/** Asserts two imports' results are the same: counts, errors, warnings, coverage, files already imported, issues. */
export function sameResult(a: ImportResult, b: ImportResult, what: string): void {
  assert.deepEqual(a.counts, b.counts, `${what}: counts`);
  assert.equal(a.errors, b.errors, `${what}: errors`);
  assert.equal(a.warnings, b.warnings, `${what}: warnings`);
  assert.deepEqual(a.coverage, b.coverage, `${what}: coverage`);
  assert.deepEqual(a.alreadyImported, b.alreadyImported, `${what}: already imported`);
  assert.deepEqual(sortedIssues(a.issues), sortedIssues(b.issues), `${what}: issues`);
}
