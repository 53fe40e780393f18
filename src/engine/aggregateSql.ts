/**
 * How rows become a figure, per unit, as SQL: the pure half of the engine.
 *
 * Why one place: "ratios are sum(numerator) ÷ sum(denominator) over the
 * period, never an average of monthly ratios" (indicators.md) and the
 * same goes for every unit; writing the aggregation once keeps every
 * indicator and every period type consistent.
 */
import type { Indicator } from "../indicators/define.ts";

/**
 * SELECT list computing numerator, denominator and value from rows `r`
 * (grouped by the caller). `population` is the 0–17 population column for rates.
 */
export function aggregateColumns(ind: Indicator, population = "pop.population"): string {
  const numRows = ind.countDistinctChildren
    ? "count(DISTINCT r.child_id) FILTER (WHERE r.in_numerator)"
    : "count(r._row) FILTER (WHERE r.in_numerator)";
  const denRows = "count(r._row) FILTER (WHERE r.in_denominator)";
  switch (ind.unit) {
    case "count":
      return `NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator, ${numRows}::DOUBLE AS value`;
    case "percent":
      return `${numRows}::DOUBLE AS numerator, ${denRows}::DOUBLE AS denominator,
        CASE WHEN ${denRows} = 0 THEN NULL ELSE 100.0 * ${numRows} / ${denRows} END AS value`;
    case "rate10k":
      return `${numRows}::DOUBLE AS numerator, any_value(${population})::DOUBLE AS denominator,
        ${numRows} * 10000.0 / any_value(${population}) AS value`;
    case "days":
      return `coalesce(sum(r.value) FILTER (WHERE r.in_denominator), 0)::DOUBLE AS numerator, ${denRows}::DOUBLE AS denominator,
        CASE WHEN ${denRows} = 0 THEN NULL ELSE sum(r.value) FILTER (WHERE r.in_denominator) / ${denRows} END AS value`;
    case "ratio":
      return `${numRows}::DOUBLE AS numerator, coalesce(sum(r.value) FILTER (WHERE r.in_denominator), 0)::DOUBLE AS denominator,
        CASE WHEN coalesce(sum(r.value) FILTER (WHERE r.in_denominator), 0) = 0 THEN NULL
             ELSE ${numRows} / sum(r.value) FILTER (WHERE r.in_denominator) END AS value`;
    default:
      throw new Error(`unit ${ind.unit satisfies never}`);
  }
}

/**
 * The rows query of an indicator, wrapped so a missing column fails with the indicator named.
 * `_row` is never NULL, so rows count even when a child id is missing (a LEFT JOIN's empty side is NULL).
 */
export function rowsSql(ind: Indicator, sql: string): string {
  return `SELECT la_code, child_id, event_id, ${ind.kind === "flow" ? "event_date" : "snapshot_date"},
    in_numerator, in_denominator, value, reason, detail, 1 AS _row FROM (${sql}) AS _ind_${ind.id}`;
}
