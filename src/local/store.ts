/**
 * The workspace table of local indicator values, one row per council,
 * indicator and month, and the checks a read value must pass against the
 * framework's declarations before it is stored.
 *
 * Why a table of months: every other period type is derived from the
 * months (derive.ts), so re-importing a corrected month changes its
 * quarter and year too, and no derived figure is ever typed by hand.
 */

import { type Database, query } from "../db/database.ts";
import type { Framework } from "../framework/config.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import type { Issue } from "../ingest/issues.ts";
import type { LocalRead, LocalValue } from "./reader.ts";

/**
 * Keeps the rows whose indicator the framework declares under `local`,
 * with an error for any other id and a warning where a percentage's value
 * disagrees with its numerator and denominator at its shown precision.
 */
export function checkDeclared(read: LocalRead, framework: Pick<Framework, "local">): LocalRead {
  const locals = new Map(framework.local.map((l) => [l.id, l]));
  const rows: LocalValue[] = [];
  const issues: Issue[] = [...read.issues];
  const issue = (
    r: LocalValue,
    severity: Issue["severity"],
    rule: string,
    column: string,
    value: string,
    message: string,
  ) =>
    issues.push({
      severity,
      file: r.file,
      ...(r.sheet !== undefined ? { sheet: r.sheet } : {}),
      row: r.row,
      column,
      value,
      rule,
      message,
    });
  for (const r of read.rows) {
    const local = locals.get(r.indicator);
    if (!local) {
      const computed = findIndicator(r.indicator);
      issue(
        r,
        "error",
        "LOCAL_UNDECLARED",
        "indicator",
        r.indicator,
        computed
          ? "a catalogue indicator, computed from child-level data: only local indicators are imported; row skipped"
          : 'not declared under "local" in the framework (see scorecard targets); row skipped',
      );
      continue;
    }
    if (local.unit === "percent" && r.numerator !== null && r.denominator !== null) {
      if (r.numerator > r.denominator) {
        issue(
          r,
          "warning",
          "LOCAL_OVER_100",
          "numerator",
          String(r.numerator),
          `numerator above denominator (${r.denominator}): over 100%`,
        );
      }
      const fromCounts = (100 * r.numerator) / r.denominator;
      if (r.value !== null && r.value.toFixed(local.decimals) !== fromCounts.toFixed(local.decimals)) {
        issue(
          r,
          "warning",
          "LOCAL_VALUE_COUNTS",
          "value",
          String(r.value),
          `differs from numerator ÷ denominator (${fromCounts.toFixed(local.decimals)}%): the value is the month's figure, longer windows sum the numerators and denominators`,
        );
      }
    }
    rows.push(r);
  }
  return { rows, issues };
}

/** A month whose stored value an import replaced. */
export interface Replaced {
  indicator: string;
  month: string;
  before: number | null;
  after: number | null;
}

/**
 * Stores the rows for council `laCode`, replacing any stored value for the
 * same indicator and month; returns what was replaced. Runs inside the
 * caller's transaction, if any.
 */
export async function storeLocalValues(
  db: Database,
  laCode: string,
  rows: readonly LocalValue[],
): Promise<Replaced[]> {
  if (rows.length === 0) return [];
  const la = laCode.replace(/'/g, "''");
  const text = (s: string | undefined) => (s === undefined ? "NULL" : `'${s.replace(/'/g, "''")}'`);
  const num = (v: number | null) => (v === null ? "NULL" : String(v));
  const keys = rows.map((r) => `(${text(r.indicator)}, DATE '${r.month}')`);
  const before = await query(
    db,
    `SELECT indicator, strftime(month_end, '%Y-%m-%d') AS month, value FROM local_values
     WHERE la_code = '${la}' AND (indicator, month_end) IN (${keys.join(",")}) ORDER BY indicator, month_end`,
  );
  const newValue = new Map(rows.map((r) => [`${r.indicator}|${r.month}`, r.value]));
  await db.connection.run(
    `DELETE FROM local_values WHERE la_code = '${la}' AND (indicator, month_end) IN (${keys.join(",")})`,
  );
  for (let k = 0; k < rows.length; k += 1000) {
    const values = rows
      .slice(k, k + 1000)
      .map(
        (r) =>
          `('${la}', ${text(r.indicator)}, DATE '${r.month}', ${num(r.numerator)}, ${num(r.denominator)}, ${num(r.value)}, ${text(r.file)}, ${text(r.sheet)}, ${r.row})`,
      );
    await db.connection.run(`INSERT INTO local_values VALUES ${values.join(",")}`);
  }
  return before.map((b) => ({
    indicator: String(b.indicator),
    month: String(b.month),
    before: b.value as number | null,
    after: newValue.get(`${b.indicator}|${b.month}`) ?? null,
  }));
}

/** One stored month, as `scorecard local show` lists it. */
export interface StoredLocalValue {
  indicator: string;
  month: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  source: string;
}

/** Every stored local value of council `laCode`, by indicator and month. */
export async function readLocalValuesStored(db: Database, laCode: string): Promise<StoredLocalValue[]> {
  const rows = await query(
    db,
    `SELECT indicator, strftime(month_end, '%Y-%m') AS month, numerator, denominator, value,
       source_file || coalesce(' [' || source_sheet || ']', '') || ' row ' || source_row AS source
     FROM local_values WHERE la_code = '${laCode.replace(/'/g, "''")}' ORDER BY indicator, month_end`,
  );
  return rows.map((r) => ({
    indicator: String(r.indicator),
    month: String(r.month),
    numerator: r.numerator as number | null,
    denominator: r.denominator as number | null,
    value: r.value as number | null,
    source: String(r.source ?? ""),
  }));
}
