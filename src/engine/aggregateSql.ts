/**
 * How rows become a figure, per unit, as SQL: the pure half of the engine.
 *
 * Why one place: "ratios are sum(numerator) ÷ sum(denominator) over the
 * period, never an average of monthly ratios" (indicators.md) and the
 * same goes for every unit; writing the aggregation once keeps every
 * indicator and every period type consistent.
 *
 * Rows are first reduced to partials per bucket (a month for flows, a
 * snapshot date for stocks; per child too when children are counted
 * distinctly): n = rows in the numerator, d = rows in the denominator,
 * s = sum of `value` over denominator rows. Partials add up, so a window's
 * figure is computed from the sum of its months' partials.
 */
import { sqlLiteral } from "../db/quote.ts";
import type { Indicator, RowForm } from "../indicators/define.ts";

/** The columns of the rows of `ind` in a form: "figures" keeps only those a figure is computed from. */
export function rowColumns(ind: Indicator, form: RowForm): string {
  const date = ind.kind === "flow" ? "event_date" : "snapshot_date";
  return form === "rows"
    ? `la_code, child_id, event_id, ${date}, in_numerator, in_denominator, value, reason, detail${ind.dueDate ? ", due_date" : ""}`
    : `la_code, child_id, ${date}, in_numerator, in_denominator, value`;
}

/**
 * The rows query of an indicator, wrapped so a missing column fails with the indicator named
 * (in either form: the "figures" form reads the figure columns from every column of the
 * contract, which DuckDB prunes). `_row` is never NULL, so rows count even when a child id
 * is missing.
 */
export function rowsSql(ind: Indicator, sql: string, form: RowForm = "rows"): string {
  const rows = `SELECT ${rowColumns(ind, "rows")}, 1 AS _row FROM (${sql}) AS _ind_${ind.id}`;
  return form === "rows" ? rows : `SELECT ${rowColumns(ind, "figures")}, _row FROM (${rows})`;
}

/**
 * SELECT list of the partials of rows `r`, to be grouped by bucket (and child, for distinct
 * counts). `s` is summed as a DECIMAL (values to 9 decimal places): a sum of doubles depends
 * on the order rows arrive in, which DuckDB's threads do not fix, so the same data could
 * give figures differing in the last digit from one run to the next.
 */
export function partialColumns(): string {
  return `count(r._row) FILTER (WHERE r.in_numerator) AS n,
    count(r._row) FILTER (WHERE r.in_denominator) AS d,
    coalesce(sum(r.value::DECIMAL(38, 9)) FILTER (WHERE r.in_denominator), 0) AS s`;
}

/**
 * numerator, denominator and value from summed partials `n`, `d`, `s` (already aggregated
 * over the window; `n` is the distinct-children count where the indicator counts children)
 * and the population column `population` for rates.
 */
export function figureColumns(ind: Indicator, n: string, d: string, s: string, population: string): string {
  switch (ind.unit) {
    case "count":
      return `NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator, (${n})::DOUBLE AS value`;
    case "percent":
      return `(${n})::DOUBLE AS numerator, (${d})::DOUBLE AS denominator,
        CASE WHEN (${d}) = 0 THEN NULL ELSE 100.0 * (${n}) / (${d}) END AS value`;
    case "rate10k":
      return `(${n})::DOUBLE AS numerator, (${population})::DOUBLE AS denominator,
        (${n}) * 10000.0 / (${population}) AS value`;
    case "days":
      return `(${s})::DOUBLE AS numerator, (${d})::DOUBLE AS denominator,
        CASE WHEN (${d}) = 0 THEN NULL ELSE (${s}) / (${d}) END AS value`;
    case "ratio":
      return `(${n})::DOUBLE AS numerator, (${s})::DOUBLE AS denominator,
        CASE WHEN (${s}) = 0 THEN NULL ELSE (${n}) / (${s}) END AS value`;
    default:
      throw new Error(`unit ${ind.unit satisfies never}`);
  }
}

/**
 * The INSERT … SELECT computing an indicator for every row of `_periods`:
 * flows from the partials of the months inside each window, stocks from
 * the partials of the snapshot at each window's end. `figureRows` returns the
 * figure columns and `_row` (`rowsSql` in the "figures" form); `target` is the table written,
 * with the columns of `indicator_values`.
 */
export function computeSql(ind: Indicator, figureRows: string, target = "indicator_values"): string {
  const pop = "pop.population";
  const popJoin = "LEFT JOIN cfg_population pop ON pop.la_code = p.la_code AND pop.fy_start = p.fy_start";
  const head = `INSERT INTO ${target}
    WITH r AS (${figureRows})`;
  if (ind.kind === "stock") {
    return `${head},
      b AS (SELECT r.la_code, r.snapshot_date, ${partialColumns()} FROM r GROUP BY r.la_code, r.snapshot_date)
    SELECT p.la_code, ${sqlLiteral(ind.id)}, p.period_type, p.period_start, p.period_end,
      ${figureColumns(ind, "coalesce(b.n, 0)", "coalesce(b.d, 0)", "coalesce(b.s, 0)::DOUBLE", pop)}
    FROM _periods p ${popJoin}
    LEFT JOIN b ON b.la_code = p.la_code AND b.snapshot_date = p.period_end`;
  }
  const distinct = ind.countDistinctChildren;
  return `${head},
    b AS (SELECT r.la_code, last_day(r.event_date) AS month_end${distinct ? ", r.child_id" : ""}, ${partialColumns()}
      FROM r WHERE r.event_date IS NOT NULL GROUP BY ALL),
    w AS (SELECT p.la_code, p.period_type, p.period_start, p.period_end, any_value(p.fy_start) AS fy_start,
        ${distinct ? "count(DISTINCT b.child_id) FILTER (WHERE b.n > 0)" : "coalesce(sum(b.n), 0)"} AS n,
        coalesce(sum(b.d), 0) AS d, coalesce(sum(b.s), 0) AS s
      FROM _periods p LEFT JOIN b ON b.la_code = p.la_code AND b.month_end BETWEEN p.period_start AND p.period_end
      GROUP BY p.la_code, p.period_type, p.period_start, p.period_end)
  SELECT p.la_code, ${sqlLiteral(ind.id)}, p.period_type, p.period_start, p.period_end,
    ${figureColumns(ind, "p.n", "p.d", "p.s::DOUBLE", pop)}
  FROM w p ${popJoin}`;
}
