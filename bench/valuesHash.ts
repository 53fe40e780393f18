/**
 * The fingerprint of a council's computed figures, to show an engine change leaves every
 * value as it was: `node --import tsx bench/valuesHash.ts [population] [years]` generates the
 * council (seed 1, as bench (a)), computes every indicator and prints the number of rows of
 * `indicator_values` and the md5 of all of them in order (values as DuckDB prints them).
 */
import { createSchema, openDatabase, query } from "../src/db/database.ts";
import { computeAll } from "../src/engine/compute.ts";
import { CATALOGUE } from "../src/indicators/catalogue.ts";
import { DEFAULT_OPTIONS } from "../src/indicators/define.ts";
import { loadGenerated } from "../src/synth/load.ts";

const [population = 60_000, years = 6] = process.argv.slice(2).map(Number);
const laCode = "999";
const db = await openDatabase(":memory:");
try {
  await createSchema(db);
  const summary = await loadGenerated(db, { seed: 1, population, years, endDate: "2026-03-31", laCode });
  const pop = Array.from({ length: 27 }, (_, k) => `('${laCode}', ${2005 + k}, ${population})`).join(",");
  await db.connection.run(`INSERT INTO cfg_population VALUES ${pop}`);
  await computeAll(db, CATALOGUE, DEFAULT_OPTIONS, [
    { laCode, dataFrom: summary.dataFrom, dataTo: summary.dataTo },
  ]);
  const rows = await query(
    db,
    `SELECT count(*) AS n, md5(string_agg(v::VARCHAR, '|' ORDER BY la_code, indicator, period_type, period_end))
       AS h FROM indicator_values v`,
  );
  console.log(`indicator_values: ${rows[0]?.n} rows, md5 ${rows[0]?.h}`);
} finally {
  db.close();
}
