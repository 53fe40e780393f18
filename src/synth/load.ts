/**
 * Loads a generated council into a workspace database through the
 * Appender, in one transaction: a failed generation leaves nothing behind.
 */
import { TABLES } from "../model/tables.ts";
import { type Database, TableLoader } from "../workspace/database.ts";
import { type GenerateParams, type GenerateSummary, generateCouncil } from "./generate.ts";

/** Generates a council and appends its rows to the canonical tables. */
export async function loadGenerated(db: Database, params: GenerateParams): Promise<GenerateSummary> {
  const loaders = new Map<string, TableLoader>();
  await db.connection.run("BEGIN TRANSACTION");
  try {
    for (const t of TABLES) loaders.set(t.name, await TableLoader.open(db, t.name));
    const summary = generateCouncil(params, (table, values) => {
      const loader = loaders.get(table);
      if (!loader) throw new Error(`the generator wrote to unknown table ${table}`);
      loader.appendValues(values);
    });
    for (const l of loaders.values()) l.close();
    await db.connection.run("COMMIT");
    return summary;
  } catch (e) {
    await db.connection.run("ROLLBACK");
    throw e;
  }
}
