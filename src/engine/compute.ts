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
import type { Indicator, IndicatorOptions } from "../indicators/define.ts";
import { type Database, query } from "../workspace/database.ts";
import { UserError } from "../workspace/errors.ts";
import { aggregateColumns, rowsSql } from "./aggregateSql.ts";

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

/** Computes one indicator for every reporting period and stores its values. */
export async function computeIndicator(
  db: Database,
  ind: Indicator,
  options: IndicatorOptions,
): Promise<void> {
  const c = db.connection;
  try {
    await c.run(`CREATE OR REPLACE TEMP TABLE _rows AS ${rowsSql(ind, ind.rows(options))}`);
  } catch (e) {
    throw new Error(`indicator ${ind.id}: its row query failed: ${(e as Error).message.split("\n")[0]}`);
  }
  const agg = aggregateColumns(ind);
  const popJoin = `LEFT JOIN cfg_population pop ON pop.la_code = p.la_code AND pop.fy_start = p.fy_start`;
  let sql: string;
  if (ind.kind === "flow") {
    sql = `SELECT p.la_code, '${ind.id}' AS indicator, p.period_type, p.period_start, p.period_end, ${agg}
      FROM _periods p ${popJoin}
      LEFT JOIN _rows r ON r.la_code = p.la_code AND r.event_date BETWEEN p.period_start AND p.period_end
      GROUP BY p.la_code, p.period_type, p.period_start, p.period_end`;
  } else {
    sql = `WITH s AS (
        SELECT r.la_code, r.snapshot_date, ${aggregateColumns(ind, "NULL")}
        FROM _rows r GROUP BY r.la_code, r.snapshot_date)
      SELECT p.la_code, '${ind.id}' AS indicator, p.period_type, p.period_start, p.period_end,
        ${stockValueColumns(ind)}
      FROM _periods p ${popJoin}
      LEFT JOIN s ON s.la_code = p.la_code AND s.snapshot_date = p.period_end`;
  }
  await c.run(`DELETE FROM indicator_values WHERE indicator = '${ind.id}'`);
  await c.run(`INSERT INTO indicator_values ${sql}`);
  await c.run("DROP TABLE _rows");
}

/** Stock aggregates are per snapshot; an empty snapshot is 0 for counts and rates, no value for ratios. */
function stockValueColumns(ind: Indicator): string {
  switch (ind.unit) {
    case "count":
      return "NULL::DOUBLE, NULL::DOUBLE, coalesce(s.value, 0)";
    case "rate10k":
      return "coalesce(s.numerator, 0), pop.population, coalesce(s.numerator, 0) * 10000.0 / pop.population";
    case "percent":
    case "days":
      return "coalesce(s.numerator, 0), coalesce(s.denominator, 0), s.value";
    case "ratio":
      return "coalesce(s.numerator, 0), coalesce(s.denominator, 0), s.value";
    default:
      throw new Error(`unit ${ind.unit satisfies never}`);
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
  await db.connection.run("BEGIN TRANSACTION");
  try {
    await db.connection.run("DELETE FROM indicator_values");
    let done = 0;
    for (const ind of indicators) {
      progress?.(done, indicators.length, ind.id);
      await computeIndicator(db, ind, options);
      done++;
    }
    await db.connection.run("COMMIT");
  } catch (e) {
    await db.connection.run("ROLLBACK");
    throw e;
  }
}

function esc(s: string): string {
  return s.replace(/'/g, "''");
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
