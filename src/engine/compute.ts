/**
 * The indicator engine: rows → figures for every period type and month end.
 *
 * For each indicator it materialises the rows once, then (flow) places each
 * row in every reporting window containing its date, or (stock) takes the
 * rows evaluated at the window's end date, and aggregates by unit. Windows
 * come from calendar/periods.ts; no indicator has its own. Values land in
 * `indicator_values`.
 */

import type { DuckDBConnection } from "@duckdb/node-api";
import { financialYearLabel, financialYearOf } from "../calendar/financialYear.ts";
import { monthEndsBetween, type Period, reportingPeriods } from "../calendar/periods.ts";
import { type Database, inTransaction, query } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import {
  type Indicator,
  type IndicatorOptions,
  relationsInOrder,
  type SharedRelation,
} from "../indicators/define.ts";
import { computeSql, rowsSql } from "./aggregateSql.ts";

/** A council's coverage: the dates between which its data is complete. */
export interface Coverage {
  laCode: string;
  dataFrom: string;
  dataTo: string;
}

/** Progress callback: called before each indicator. */
export type Progress = (done: number, total: number, id: string) => void;

/** Writes the reporting periods and snapshot dates of each council to temp tables. */
export async function preparePeriods(db: Database, coverages: readonly Coverage[]): Promise<void> {
  const c = db.connection;
  await c.run(`CREATE OR REPLACE TEMP TABLE _periods (
    la_code VARCHAR, period_type VARCHAR, period_start DATE, period_end DATE, fy_start INTEGER)`);
  await c.run("CREATE OR REPLACE TEMP TABLE _snapshots (la_code VARCHAR, snapshot_date DATE)");
  const periodRows: string[] = [];
  const snapRows: string[] = [];
  for (const cov of coverages) {
    for (const p of reportingPeriods(cov.dataFrom, cov.dataTo)) {
      periodRows.push(
        `('${esc(cov.laCode)}','${p.type}',DATE '${p.start}',DATE '${p.end}',${financialYearOf(p.end)})`,
      );
    }
    for (const d of monthEndsBetween(cov.dataFrom, cov.dataTo))
      snapRows.push(`('${esc(cov.laCode)}', DATE '${d}')`);
  }
  if (periodRows.length) await c.run(`INSERT INTO _periods VALUES ${periodRows.join(",")}`);
  if (snapRows.length) await c.run(`INSERT INTO _snapshots VALUES ${snapRows.join(",")}`);
}

/** Fails, naming the financial years, when a rate would need a population that is not configured. */
export async function checkPopulation(db: Database): Promise<void> {
  const missing = await query(
    db,
    `SELECT DISTINCT p.la_code, p.fy_start FROM _periods p
     LEFT JOIN cfg_population pop ON pop.la_code = p.la_code AND pop.fy_start = p.fy_start
     WHERE pop.population IS NULL OR pop.population <= 0 ORDER BY 1, 2`,
  );
  if (missing.length) {
    const years = missing
      .map((m) => `${financialYearLabel(Number(m.fy_start))} (LA ${m.la_code})`)
      .join(", ");
    throw new UserError(
      `the 0–17 population is not set for ${years}; add it to the settings file under "population" — rates per 10,000 cannot be computed without it`,
    );
  }
}

/**
 * Computes one indicator for every reporting period and stores its values, from the
 * "figures" form of its rows. `figureRows` replaces them when they are already materialised.
 */
export async function computeIndicator(
  db: Database,
  ind: Indicator,
  options: IndicatorOptions,
  figureRows?: string,
): Promise<void> {
  await db.connection.run(`DELETE FROM indicator_values WHERE indicator = '${ind.id}'`);
  await runNamed(
    db.connection,
    ind,
    computeSql(ind, figureRows ?? rowsSql(ind, ind.rows(options, "figures"), "figures")),
  );
}

/** Runs an indicator's statement, naming the indicator when its row query fails. */
async function runNamed(c: DuckDBConnection, ind: Indicator, sql: string): Promise<void> {
  try {
    await c.run(sql);
  } catch (e) {
    throw new Error(`indicator ${ind.id}: its row query failed: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** The in-memory database holding what one computeAll shares between its connections. */
const SCRATCH = "_compute_scratch";
/** At most this many connections compute side by side (each may hold a large query's memory). */
const MAX_CONNECTIONS = 4;

/**
 * Computes every indicator for every council's reporting periods.
 *
 * Why several connections: a council's tables are one or two DuckDB row groups, so most
 * of a statement runs on one thread. Indicators are independent, so they run on as many
 * connections as DuckDB has threads (at most 4), sharing the periods and the shared
 * relations through an attached in-memory database. Each connection writes its values
 * there; `indicator_values` is then replaced in one transaction, so a reader never sees
 * a mix of old and new figures.
 */
export async function computeAll(
  db: Database,
  indicators: readonly Indicator[],
  options: IndicatorOptions,
  coverages: readonly Coverage[],
  progress?: Progress,
): Promise<void> {
  const main = db.connection;
  await preparePeriods(db, coverages);
  if (indicators.some((i) => i.unit === "rate10k")) await checkPopulation(db);
  const relations = relationsInOrder(indicators);
  // Temp tables of an earlier explain would hide the shared ones on this connection.
  for (const r of relations) await main.run(`DROP TABLE IF EXISTS temp.${r.name}`);
  await main.run(`DETACH DATABASE IF EXISTS ${SCRATCH}`);
  await main.run(`ATTACH ':memory:' AS ${SCRATCH}`);
  const extra: DuckDBConnection[] = [];
  try {
    await main.run(`CREATE TABLE ${SCRATCH}._periods AS FROM temp._periods`);
    await main.run(`CREATE TABLE ${SCRATCH}._snapshots AS FROM temp._snapshots`);
    const threads = Number((await query(db, "SELECT current_setting('threads') AS t"))[0]?.t ?? 1);
    const count = db.connect ? Math.max(1, Math.min(MAX_CONNECTIONS, threads)) : 0;
    for (let k = 0; k < count; k++) extra.push(await db.connect!());
    const workers = extra.length ? extra : [main];
    const current = String((await query(db, "SELECT current_database() AS d"))[0]?.d);
    for (const [k, c] of workers.entries()) {
      await c.run(`SET search_path = '${SCRATCH},${esc(current)}'`);
      await c.run(`CREATE TABLE ${SCRATCH}._values_${k} AS FROM indicator_values LIMIT 0`);
    }
    // One queue: each relation once the relations it uses are built (and committed, so its
    // statistics guide the planner), each indicator once the relations it reads are.
    const built = new Set<SharedRelation>();
    const tasks: Array<{ relation: SharedRelation } | { group: Indicator[]; needs: SharedRelation[] }> = [
      ...relations.map((relation) => ({ relation })),
      ...groupBySharedRows(indicators).map((group) => ({ group, needs: relationsInOrder(group) })),
    ];
    let done = 0;
    await runSideBySide(
      workers,
      tasks,
      (t) => ("relation" in t ? (t.relation.uses ?? []) : t.needs).every((r) => built.has(r)),
      async (c, t, k) => {
        if ("relation" in t) {
          const r = t.relation;
          try {
            await c.run(`CREATE TABLE ${SCRATCH}.${r.name} AS ${r.sql(options)}`);
          } catch (e) {
            throw new Error(
              `shared relation ${r.name}: its query failed: ${(e as Error).message.split("\n")[0]}`,
            );
          }
          built.add(r);
          return;
        }
        let shared: string | undefined;
        for (const ind of t.group) {
          progress?.(done, indicators.length, ind.id);
          const own = rowsSql(ind, ind.rows(options, "figures"), "figures");
          if (t.group.length > 1 && shared === undefined) {
            await runNamed(c, ind, `CREATE OR REPLACE TEMP TABLE _shared_rows AS ${own}`);
            shared = "SELECT * FROM temp._shared_rows";
          }
          await runNamed(c, ind, computeSql(ind, shared ?? own, `${SCRATCH}._values_${k}`));
          done++;
        }
        if (shared) await c.run("DROP TABLE temp._shared_rows");
      },
    );
    for (const c of workers) await c.run("RESET search_path");
    await inTransaction(db, async () => {
      await main.run("DELETE FROM indicator_values");
      await main.run(
        `INSERT INTO indicator_values ${workers.map((_, k) => `FROM ${SCRATCH}._values_${k}`).join(" UNION ALL ")}`,
      );
    });
  } finally {
    for (const c of extra) c.closeSync();
    await main.run("RESET search_path");
    await main.run(`DETACH DATABASE IF EXISTS ${SCRATCH}`);
  }
}

/**
 * Runs `work` for every item on `connections` side by side, each connection taking the
 * next item that is `ready` (checked again whenever an item finishes). After a failure
 * no item starts; the first error is thrown once running items have finished.
 */
async function runSideBySide<T>(
  connections: readonly DuckDBConnection[],
  items: readonly T[],
  ready: (item: T) => boolean,
  work: (c: DuckDBConnection, item: T, worker: number) => Promise<void>,
): Promise<void> {
  const pending = [...items];
  let running = 0;
  let failed = false;
  let wake: () => void = () => {};
  let finished = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const worker = async (c: DuckDBConnection, k: number) => {
    while (!failed && pending.length) {
      const i = pending.findIndex(ready);
      if (i < 0) {
        if (running === 0) throw new Error("compute: a shared relation is used before it is declared");
        await finished;
        continue;
      }
      const [item] = pending.splice(i, 1);
      running++;
      try {
        await work(c, item as T, k);
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        running--;
        const w = wake;
        finished = new Promise<void>((resolve) => {
          wake = resolve;
        });
        w();
      }
    }
  };
  const results = await Promise.allSettled(connections.map((c, k) => worker(c, k)));
  const failure = results.find((r) => r.status === "rejected");
  if (failure) throw (failure as PromiseRejectedResult).reason;
}

function esc(s: string): string {
  return s.replace(/'/g, "''");
}

/** Materialises, as temp tables, the shared relations the indicators read, each once. */
export async function materialiseRelations(
  db: Database,
  indicators: readonly Indicator[],
  options: IndicatorOptions,
): Promise<void> {
  for (const r of relationsInOrder(indicators)) {
    try {
      await db.connection.run(`CREATE OR REPLACE TEMP TABLE ${r.name} AS ${r.sql(options)}`);
    } catch (e) {
      throw new Error(`shared relation ${r.name}: its query failed: ${(e as Error).message.split("\n")[0]}`);
    }
  }
}

/**
 * Indicators grouped so those declared over the same rows (a count and its rate per
 * 10,000) are adjacent: their rows are then materialised once.
 */
function groupBySharedRows(indicators: readonly Indicator[]): Indicator[][] {
  const groups = new Map<Indicator["rows"], Indicator[]>();
  for (const ind of indicators) {
    const group = groups.get(ind.rows);
    if (group) group.push(ind);
    else groups.set(ind.rows, [ind]);
  }
  return [...groups.values()];
}

/** The window of a period type ending on a month end, or undefined when the data cannot answer for it. */
export async function findPeriod(
  db: Database,
  laCode: string,
  periodType: string,
  periodEnd: string,
): Promise<Period | undefined> {
  const rows = await query(
    db,
    `SELECT period_type, period_start, period_end FROM _periods
     WHERE la_code = '${esc(laCode)}' AND period_type = '${esc(periodType)}' AND period_end = DATE '${esc(periodEnd)}'`,
  );
  const r = rows[0];
  return r
    ? { type: r.period_type as Period["type"], start: String(r.period_start), end: String(r.period_end) }
    : undefined;
}
