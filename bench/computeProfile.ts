/**
 * Where the compute's time goes at a larger scale, in a file workspace as bench (b) uses:
 * `node --import tsx bench/computeProfile.ts [population] [years]` generates the council once into
 * `$PROFILE_DIR/ws-<population>-<years>.duckdb` (kept for later runs), then builds each shared
 * relation and computes each indicator one at a time on one connection, printing the wall and
 * CPU time of each (CPU of the whole process: DuckDB's threads included), slowest first.
 * THREADS=n sets DuckDB's threads; EXPLAIN=id,id writes EXPLAIN ANALYZE of those indicators
 * (or relations) to `$PROFILE_DIR/<id>.plan.txt`; ONLY=id,id computes only those indicators;
 * SETTINGS="a=b;c=d" runs SET for each.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSchema, openDatabase, query } from "../src/db/database.ts";
import { computeSql, rowsSql } from "../src/engine/aggregateSql.ts";
import { preparePeriods } from "../src/engine/compute.ts";
import { CATALOGUE } from "../src/indicators/catalogue.ts";
import { DEFAULT_OPTIONS, relationsInOrder } from "../src/indicators/define.ts";
import { loadGenerated } from "../src/synth/load.ts";

const [population = 1_200_000, years = 2] = process.argv.slice(2).map(Number);
const dir = process.env.PROFILE_DIR ?? "/tmp/scorecard-profile";
mkdirSync(dir, { recursive: true });
const file = join(dir, `ws-${population}-${years}.duckdb`);
const laCode = "999";
const fresh = !existsSync(file);
const db = await openDatabase(file);
const explain = new Set((process.env.EXPLAIN ?? "").split(",").filter(Boolean));
try {
  if (fresh) {
    await createSchema(db);
    const s = await loadGenerated(db, { seed: 1, population, years, endDate: "2026-03-31", laCode });
    const pop = Array.from({ length: 27 }, (_, k) => `('${laCode}', ${2005 + k}, ${population})`).join(",");
    await db.connection.run(`INSERT INTO cfg_population VALUES ${pop}`);
    await db.connection.run(`INSERT INTO cfg_coverage VALUES ('${laCode}', '${s.dataFrom}', '${s.dataTo}')`);
  }
  const cov = (await query(db, "SELECT la_code, data_from, data_to FROM cfg_coverage"))[0]!;
  const coverage = {
    laCode: String(cov.la_code),
    dataFrom: String(cov.data_from),
    dataTo: String(cov.data_to),
  };
  if (process.env.THREADS) await db.connection.run(`SET threads = ${process.env.THREADS}`);
  for (const s of (process.env.SETTINGS ?? "").split(";").filter(Boolean))
    await db.connection.run(`SET ${s}`);
  await preparePeriods(db, [coverage]);
  await db.connection.run("CREATE OR REPLACE TEMP TABLE _vals AS FROM indicator_values LIMIT 0");
  const times: [string, number, number][] = [];
  const step = async (name: string, sql: string) => {
    if (explain.has(name)) {
      const plan = await db.connection.runAndReadAll(`EXPLAIN ANALYZE ${sql}`);
      writeFileSync(join(dir, `${name}.plan.txt`), String(plan.getRows()[0]?.[1]));
    }
    const t = performance.now();
    const c = process.cpuUsage();
    await db.connection.run(sql);
    const u = process.cpuUsage(c);
    times.push([name, (performance.now() - t) / 1000, (u.user + u.system) / 1e6]);
  };
  const all0 = performance.now();
  const allC = process.cpuUsage();
  for (const r of relationsInOrder(CATALOGUE)) {
    await step(r.name, `CREATE OR REPLACE TEMP TABLE ${r.name} AS ${r.sql(DEFAULT_OPTIONS)}`);
  }
  const only = new Set((process.env.ONLY ?? "").split(",").filter(Boolean));
  for (const ind of CATALOGUE.filter((i) => only.size === 0 || only.has(i.id))) {
    await step(
      ind.id,
      computeSql(ind, rowsSql(ind, ind.rows(DEFAULT_OPTIONS, "figures"), "figures"), "_vals"),
    );
  }
  const u = process.cpuUsage(allC);
  times.sort((a, b) => b[2] - a[2]);
  for (const [name, wall, cpu] of times)
    console.log(`${cpu.toFixed(2)} s CPU  ${wall.toFixed(2)} s wall  ${name}`);
  console.log(
    `total: ${((performance.now() - all0) / 1000).toFixed(1)} s wall, ${((u.user + u.system) / 1e6).toFixed(1)} s CPU`,
  );
} finally {
  db.close();
}
