/**
 * The workspace table of local indicator values, one row per council,
 * indicator and month, and the checks a read value must pass against the
 * framework's declarations before it is stored.
 *
 * Why a table of months: every other period type is derived from the
 * months (derive.ts), so re-importing a corrected month changes its
 * quarter and year too, and no derived figure is ever typed by hand.
 */

import { DuckDBDateValue, listValue } from "@duckdb/node-api";
import { toDayNumber } from "../calendar/dates.ts";
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
  const keys = `(SELECT unnest($2::VARCHAR[]) AS indicator, unnest($3::DATE[]) AS month_end)`;
  const params = [laCode, listValue(rows.map((r) => r.indicator)), listValue(rows.map((r) => r.month))];
  const before = await query(
    db,
    `SELECT v.indicator, strftime(v.month_end, '%Y-%m-%d') AS month, v.value
     FROM local_values v SEMI JOIN ${keys} k ON k.indicator = v.indicator AND k.month_end = v.month_end
     WHERE v.la_code = $1 ORDER BY v.indicator, v.month_end`,
    params,
  );
  const newValue = new Map(rows.map((r) => [`${r.indicator}|${r.month}`, r.value]));
  await db.connection.run(
    `DELETE FROM local_values v USING ${keys} k
     WHERE v.la_code = $1 AND k.indicator = v.indicator AND k.month_end = v.month_end`,
    params,
  );
  const a = await db.connection.createAppender("local_values");
  const num = (v: number | null) => (v === null ? a.appendNull() : a.appendDouble(v));
  const text = (s: string | undefined) => (s === undefined ? a.appendNull() : a.appendVarchar(s));
  for (const r of rows) {
    a.appendVarchar(laCode);
    a.appendVarchar(r.indicator);
    a.appendDate(new DuckDBDateValue(toDayNumber(r.month)));
    num(r.numerator);
    num(r.denominator);
    num(r.value);
    text(r.file);
    text(r.sheet);
    a.appendInteger(r.row);
    a.endRow();
  }
  a.closeSync();
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
     FROM local_values WHERE la_code = $1 ORDER BY indicator, month_end`,
    [laCode],
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
