/**
 * Loads a generated council into a workspace database through the Appender.
 *
 * Why batches: an England-scale council is some 50 million rows; held in one
 * transaction they need about 10 GB of memory. The appenders commit every
 * two million rows instead (an appender outside an explicit transaction
 * commits when flushed), and a failure removes every row of the council,
 * so the workspace is left as it was: the council must not be there before.
 */
import { TABLES } from "../model/tables.ts";
import { type Database, query, TableLoader } from "../workspace/database.ts";
import { UserError } from "../workspace/errors.ts";
import { type GenerateParams, type GenerateSummary, generateCouncil } from "./generate.ts";

/** Rows appended between commits. */
const BATCH_ROWS = 2_000_000;

/** Generates a council and appends its rows to the canonical tables. */
export async function loadGenerated(db: Database, params: GenerateParams): Promise<GenerateSummary> {
  const la = params.laCode.replace(/'/g, "''");
  const present = await query(db, `SELECT count(*) AS n FROM ssd_person WHERE la_code = '${la}'`);
  if (Number(present[0]?.n) > 0) {
    throw new UserError(
      `the workspace already holds data for LA ${params.laCode}; generate into a new workspace`,
    );
  }
  const loaders = new Map<string, TableLoader>();
  try {
    for (const t of TABLES) loaders.set(t.name, await TableLoader.open(db, t.name));
    let sinceCommit = 0;
    const summary = generateCouncil(params, (table, values) => {
      const loader = loaders.get(table);
      if (!loader) throw new Error(`the generator wrote to unknown table ${table}`);
      loader.appendValues(values);
      if (++sinceCommit === BATCH_ROWS) {
        for (const l of loaders.values()) l.flush();
        sinceCommit = 0;
      }
    });
    for (const l of loaders.values()) l.close();
    loaders.clear();
    return summary;
  } catch (e) {
    for (const l of loaders.values()) {
      try {
        l.close();
      } catch {
        // the appender may already be unusable; its rows are removed below
      }
    }
    for (const t of TABLES) await db.connection.run(`DELETE FROM ${t.name} WHERE la_code = '${la}'`);
    throw e;
  }
}
