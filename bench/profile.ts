/**
 * Where compute time goes: `node --import tsx bench/profile.ts [population] [years] [rounds]`.
 *
 * Why: the bench gives one compute time per process, and on a shared machine one
 * figure says little. This generates the council once (the bench's seed and end date),
 * then computes every indicator `rounds` times in the same process, printing each
 * round's total and, for the fastest round, the time of each shared relation and
 * each indicator, slowest first. Defaults: scenario (a), 5 rounds. Compute runs on
 * several connections at once; THREADS=1 makes it one, so each step's time is its own.
 */

import { createSchema, openDatabase } from "../src/db/database.ts";
import { computeAll, preparePeriods } from "../src/engine/compute.ts";
import { CATALOGUE } from "../src/indicators/catalogue.ts";
import { DEFAULT_OPTIONS, relationsInOrder } from "../src/indicators/define.ts";
import { loadGenerated } from "../src/synth/load.ts";

const [population = 60_000, years = 6, rounds = 5] = process.argv.slice(2).map(Number);
const laCode = "999";
const db = await openDatabase(":memory:");
await createSchema(db);
const summary = await loadGenerated(db, { seed: 1, population, years, endDate: "2026-03-31", laCode });
const pop = Array.from({ length: 27 }, (_, k) => `('${laCode}', ${2005 + k}, ${population})`).join(",");
await db.connection.run(`INSERT INTO cfg_population VALUES ${pop}`);
if (process.env.THREADS) await db.connection.run(`SET threads = ${process.env.THREADS}`);
const coverage = [{ laCode, dataFrom: summary.dataFrom, dataTo: summary.dataTo }];

const seconds = (from: number) => (performance.now() - from) / 1000;
const totals: number[] = [];
let fastest: Map<string, number> | undefined;
for (let round = 0; round < rounds; round++) {
  const times = new Map<string, number>();
  let last = performance.now();
  let lastId = "(periods and shared relations)";
  const start = last;
  const cpu = process.cpuUsage();
  await computeAll(db, CATALOGUE, DEFAULT_OPTIONS, coverage, (_done, _total, id) => {
    times.set(lastId, seconds(last));
    last = performance.now();
    lastId = id;
  });
  times.set(lastId, seconds(last));
  const total = seconds(start);
  if (totals.every((t) => total < t)) fastest = times;
  totals.push(total);
  const used = process.cpuUsage(cpu);
  console.log(
    `round ${round + 1}: compute ${total.toFixed(2)} s (CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)`,
  );
}

await preparePeriods(db, coverage);
const relations = new Map<string, number>();
for (const r of relationsInOrder(CATALOGUE)) {
  const t = performance.now();
  await db.connection.run(`CREATE OR REPLACE TEMP TABLE ${r.name} AS ${r.sql(DEFAULT_OPTIONS)}`);
  relations.set(r.name, seconds(t));
}
db.close();

const sorted = [...totals].sort((a, b) => a - b);
console.log(
  `compute over ${rounds} rounds: min ${sorted[0]!.toFixed(2)} s, median ${sorted[Math.floor(rounds / 2)]!.toFixed(2)} s, max ${sorted.at(-1)!.toFixed(2)} s`,
);
console.log("shared relations (built again once, alone):");
for (const [name, s] of [...relations].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${s.toFixed(3)} s  ${name}`);
}
console.log(
  "fastest round, by step (the first of a count and its rate includes building their shared rows):",
);
for (const [id, s] of [...fastest!].sort((a, b) => b[1] - a[1])) console.log(`  ${s.toFixed(3)} s  ${id}`);
