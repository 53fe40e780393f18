/**
 * Bench (f): exception lists for all teams of the mid-size council. Generates
 * and computes the council (not timed), then times producing every list at the
 * latest month end — explain's rows of each list's indicator with team and
 * worker, due dates, grouping and reconciliation — and writing them as HTML
 * and XLSX. Prints one JSON line of measurements.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSchema, openDatabase } from "../src/db/database.ts";
import { computeAll, findPeriod } from "../src/engine/compute.ts";
import { CATALOGUE } from "../src/indicators/catalogue.ts";
import { DEFAULT_OPTIONS } from "../src/indicators/define.ts";
import { EXCEPTION_LISTS } from "../src/report/exceptions.ts";
import { latestComputedMonthEnd, produceExceptionLists } from "../src/report/exceptionsData.ts";
import { exceptionsHtml, exceptionsXlsx } from "../src/report/exceptionsOutput.ts";
import { loadGenerated } from "../src/synth/load.ts";
import { setCoverage } from "../src/workspace/workspace.ts";

const [populationText, yearsText, endDate = "2026-03-31"] = process.argv.slice(2);
const population = Number(populationText);
const laCode = "999";
const dir = mkdtempSync(join(tmpdir(), "scorecard-bench-exc-"));
const db = await openDatabase(join(dir, "workspace.duckdb"));
try {
  await createSchema(db);
  const s = await loadGenerated(db, { seed: 1, population, years: Number(yearsText), endDate, laCode });
  await setCoverage(db, { laCode, dataFrom: s.dataFrom, dataTo: s.dataTo });
  const pop: string[] = [];
  for (let y = 2005; y <= 2031; y++) pop.push(`('${laCode}', ${y}, ${population})`);
  await db.connection.run(`INSERT INTO cfg_population VALUES ${pop.join(",")}`);
  await computeAll(db, CATALOGUE, DEFAULT_OPTIONS, [{ laCode, dataFrom: s.dataFrom, dataTo: s.dataTo }]);
  const asAt = (await latestComputedMonthEnd(db, laCode))!;
  const period = (await findPeriod(db, laCode, "month", asAt))!;
  let t = performance.now();
  const lists = await produceExceptionLists(db, DEFAULT_OPTIONS, laCode, period, EXCEPTION_LISTS);
  const listSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  exceptionsHtml(lists, "Bench Council", asAt);
  const htmlSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await exceptionsXlsx(lists, asAt);
  const xlsxSeconds = (performance.now() - t) / 1000;
  const reconciled = lists.filter((p) => p.expected !== null && p.expected === p.rows.length).length;
  console.log(
    JSON.stringify({
      asAt,
      lists: lists.length,
      rows: lists.reduce((a, p) => a + p.rows.length, 0),
      reconciled,
      reconcilable: lists.filter((p) => p.list.reconciles).length,
      listSeconds,
      htmlSeconds,
      xlsxSeconds,
    }),
  );
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
