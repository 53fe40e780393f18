/**
 * Importing local indicator values: read every file, check each row against
 * the framework's declarations, then store the months and re-derive the
 * figures in one transaction.
 *
 * Why one transaction: a failure half-way must leave the workspace as it
 * was, never with months stored but their quarters not re-derived.
 */

import { type Database, inTransaction } from "../db/database.ts";
import type { Framework } from "../framework/config.ts";
import type { Issue } from "../ingest/issues.ts";
import { type DeriveReport, deriveLocalFigures } from "./derive.ts";
import { type LocalValue, readLocalValues } from "./reader.ts";
import { checkDeclared, type Replaced, storeLocalValues } from "./store.ts";

/** What an import did. */
export interface LocalImport {
  files: { file: string; rows: number; issues: Issue[] }[];
  /** Months already stored that this import replaced. */
  replaced: Replaced[];
  derived: DeriveReport[];
}

/**
 * Imports local values files for council `laCode`. Rows with errors are
 * left out and reported; a month given in two of the files is an error on
 * the later one.
 */
export async function importLocalFiles(
  db: Database,
  framework: Pick<Framework, "local">,
  laCode: string,
  files: readonly string[],
): Promise<LocalImport> {
  const report: LocalImport = { files: [], replaced: [], derived: [] };
  const all: LocalValue[] = [];
  const firstAt = new Map<string, string>();
  for (const file of files) {
    const read = checkDeclared(await readLocalValues(file), framework);
    const rows = read.rows.filter((r) => {
      const key = `${r.indicator}|${r.month}`;
      const first = firstAt.get(key);
      if (first === undefined) {
        firstAt.set(key, `${r.file} row ${r.row}`);
        return true;
      }
      read.issues.push({
        severity: "error",
        file: r.file,
        ...(r.sheet !== undefined ? { sheet: r.sheet } : {}),
        row: r.row,
        column: "month",
        value: r.month.slice(0, 7),
        rule: "LOCAL_DUPLICATE",
        message: `${r.indicator} for ${r.month.slice(0, 7)} is already given in ${first}; row skipped`,
      });
      return false;
    });
    all.push(...rows);
    report.files.push({ file, rows: rows.length, issues: read.issues });
  }
  await inTransaction(db, async () => {
    report.replaced = await storeLocalValues(db, laCode, all);
    report.derived = await deriveLocalFigures(db, framework, laCode);
  });
  return report;
}
