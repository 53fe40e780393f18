/**
 * The indicator engine: rows → figures for every period type and month end.
 *
 * For each indicator it materialises the rows once, then (flow) places each
 * row in every reporting window containing its date, or (stock) takes the
 * rows evaluated at the window's end date, and aggregates by unit. Windows
 * come from calendar/periods.ts; no indicator has its own. Values land in
 * `indicator_values`.
 */
import { financialYearLabel, financialYearOf } from "../calendar/financialYear.ts";
import { monthEndsBetween, type Period, reportingPeriods } from "../calendar/periods.ts";
import { type Indicator, type IndicatorOptions, relationsInOrder } from "../indicators/define.ts";
import { type Database, inTransaction, query } from "../workspace/database.ts";
import { UserError } from "../workspace/errors.ts";
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
    db,
    ind,
    computeSql(ind, figureRows ?? rowsSql(ind, ind.rows(options, "figures"), "figures")),
  );
}

/** Runs an indicator's statement, naming the indicator when its row query fails. */
async function runNamed(db: Database, ind: Indicator, sql: string): Promise<void> {
  try {
    await db.connection.run(sql);
  } catch (e) {
    throw new Error(`indicator ${ind.id}: its row query failed: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** Computes every indicator for every council's reporting periods. */
export async function computeAll(
  db: Database,
  indicators: readonly Indicator[],
  options: IndicatorOptions,
  coverages: readonly Coverage[],
  progress?: Progress,
): Promise<void> {
  await preparePeriods(db, coverages);
  if (indicators.some((i) => i.unit === "rate10k")) await checkPopulation(db);
  // Shared relations are built before the transaction: committed temp tables carry the
  // statistics DuckDB's planner needs to join them well.
  await materialiseRelations(db, indicators, options);
  await inTransaction(db, async () => {
    await db.connection.run("DELETE FROM indicator_values");
    let done = 0;
    for (const group of groupBySharedRows(indicators)) {
      let shared: string | undefined;
      for (const ind of group) {
        progress?.(done, indicators.length, ind.id);
        const own = rowsSql(ind, ind.rows(options, "figures"), "figures");
        if (group.length > 1 && shared === undefined) {
          await runNamed(db, ind, `CREATE OR REPLACE TEMP TABLE _shared_rows AS ${own}`);
          shared = "SELECT * FROM _shared_rows";
        }
        await runNamed(db, ind, computeSql(ind, shared ?? own));
        done++;
      }
    }
    await db.connection.run("DROP TABLE IF EXISTS _shared_rows");
    for (const r of relationsInOrder(indicators)) await db.connection.run(`DROP TABLE IF EXISTS ${r.name}`);
  });
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
