/**
 * Where the load's time goes (docs/benchmarks.md): generating the rows alone, then generating
 * and appending them in one transaction (append and commit timed apart), wall and CPU.
 * `node --import tsx bench/loadProfile.ts [population] [years] [setting…]`; WHOLE=1 times `loadGenerated`
 * as the bench calls it instead (WHOLE=inline: with the generator on the main thread).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSchema, openDatabase, query, TableLoader } from "../src/db/database.ts";
import { TABLES } from "../src/model/tables.ts";
import { generateCouncil } from "../src/synth/generate.ts";
import { loadGenerated } from "../src/synth/load.ts";

const population = Number(process.argv[2] ?? 1_200_000);
const years = Number(process.argv[3] ?? 2);
const params = { seed: 1, population, years, endDate: "2026-03-31", laCode: "999" };

function since(t: number, c: NodeJS.CpuUsage): string {
  const d = process.cpuUsage(c);
  return `${((performance.now() - t) / 1000).toFixed(2)} s wall, ${((d.user + d.system) / 1e6).toFixed(2)} s CPU`;
}

let t = performance.now();
let c = process.cpuUsage();
let rows = 0;
generateCouncil(params, () => {
  rows++;
});
console.log(`generate only: ${rows} rows, ${since(t, c)}`);

const dir = mkdtempSync(join(tmpdir(), "scorecard-loadprofile-"));
const db = await openDatabase(join(dir, "workspace.duckdb"));
try {
  await createSchema(db);
  for (const setting of process.argv.slice(4)) await db.connection.run(`SET ${setting}`);
  if (process.env.WHOLE) {
    t = performance.now();
    c = process.cpuUsage();
    await loadGenerated(db, params, { worker: process.env.WHOLE !== "inline" });
    console.log(`loadGenerated: ${since(t, c)}`);
  } else {
    t = performance.now();
    c = process.cpuUsage();
    await db.connection.run("BEGIN TRANSACTION");
    const loaders = new Map<string, TableLoader>();
    for (const tb of TABLES) loaders.set(tb.name, await TableLoader.open(db, tb.name));
    generateCouncil(params, (table, values) => loaders.get(table)!.appendValues(values));
    for (const l of loaders.values()) l.close();
    console.log(`generate + append: ${since(t, c)}`);
    t = performance.now();
    c = process.cpuUsage();
    await db.connection.run("COMMIT");
    console.log(`commit: ${since(t, c)}`);
    const { statSync, existsSync } = await import("node:fs");
    for (const f of ["workspace.duckdb", "workspace.duckdb.wal"]) {
      const path = join(dir, f);
      if (existsSync(path)) console.log(`${f}: ${(statSync(path).size / 2 ** 20).toFixed(1)} MB`);
    }
  }
  const n = await query(db, "SELECT count(*) AS n FROM ssd_person");
  console.log(`persons ${n[0]?.n}; peak RSS ${(process.resourceUsage().maxRSS / 1024 ** 2).toFixed(2)} GB`);
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
