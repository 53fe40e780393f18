/**
 * Breakdowns of a figure by age band, sex, ethnicity, team, source, need …
 * (indicators.md, "Breakdowns").
 *
 * Why from the row query: like `explain`, a breakdown runs the indicator's
 * own rows for one period and only groups them, so its cells always add up
 * to the stored figure; rows whose dimension value is missing fall in an
 * "Unknown" cell. Dimensions every indicator has are joined on the row's
 * child at the row's date (event date for flows, snapshot date for
 * stocks); the rest come from the rows themselves, as `dim_<name>`
 * columns the indicator declares in `dimensions`.
 */
import type { Period } from "../calendar/periods.ts";
import { type Database, query } from "../db/database.ts";
import type { Indicator, IndicatorOptions, Unit } from "../indicators/define.ts";
import { openAt } from "../indicators/sql.ts";
import {
  ABUSE_CATEGORIES,
  EPISODE_END_REASONS,
  LEGAL_STATUSES,
  PLACEMENT_CHANGE_REASONS,
  PLACEMENT_PROVIDERS,
  PLACEMENT_TYPES,
  PRIMARY_NEED,
  REFERRAL_SOURCES,
  SEX,
} from "../model/codes.ts";
import { type ExplainRow, explainSql, prepareOnePeriod, toExplainRows } from "./explain.ts";

/** Dimensions every indicator can be broken down by (joined on the row's child at its date). */
export const COMMON_DIMENSIONS = [
  "age_band",
  "sex",
  "ethnicity",
  "disability",
  "uasc",
  "team",
  "worker",
] as const;

/** Dimensions only some indicators carry, as a `dim_<name>` column of their rows. */
export const ROW_DIMENSIONS = [
  "source",
  "need",
  "abuse_category",
  "legal_status",
  "placement_type",
  "provider",
  "distance_band",
  "reason_ceased",
  "change_reason",
  "outcome",
] as const;

export type DimensionName = (typeof COMMON_DIMENSIONS)[number] | (typeof ROW_DIMENSIONS)[number];

/** The cell of rows whose dimension value is missing. */
export const UNKNOWN = "Unknown";

/** DfE's age bands (as the CLA and CIN statistics use them), in order. */
export const AGE_BANDS = ["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"] as const;

/** Placement distance bands, in order (miles from home). */
export const DISTANCE_BANDS = [
  "0 to 5 miles",
  "Over 5 to 10 miles",
  "Over 10 to 20 miles",
  "Over 20 to 50 miles",
  "Over 50 miles",
] as const;

/** Descriptions of coded cells, per dimension. */
const CODE_LABELS: Partial<Record<DimensionName, Record<string, string>>> = {
  sex: SEX.labels,
  source: REFERRAL_SOURCES.labels,
  need: PRIMARY_NEED.labels,
  abuse_category: ABUSE_CATEGORIES.labels,
  legal_status: LEGAL_STATUSES.labels,
  placement_type: PLACEMENT_TYPES.labels,
  provider: PLACEMENT_PROVIDERS.labels,
  reason_ceased: EPISODE_END_REASONS.labels,
  change_reason: PLACEMENT_CHANGE_REASONS.labels,
};

/** Cell orders other than alphabetical. */
const CELL_ORDER: Partial<Record<DimensionName, readonly string[]>> = {
  age_band: AGE_BANDS,
  distance_band: DISTANCE_BANDS,
};

/** One cell of a breakdown; numerator, denominator and value as `indicator_values` holds them for `unit`. */
export interface BreakdownCell {
  cell: string;
  /** The code's description where the dimension is coded, else the cell itself. */
  label: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** A figure broken down. */
export interface Breakdown {
  indicator: string;
  dimension: DimensionName;
  period: Period;
  /** The unit of the cells: a rate's cells are counts (no population per cell). */
  unit: Unit;
  cells: BreakdownCell[];
  /** The cells added up: the stored figure. */
  total: BreakdownCell;
}

/** The dimensions an indicator offers: the common ones, then its own. */
export function dimensionsOf(ind: Indicator): DimensionName[] {
  const own = (ind.dimensions ?? []) as DimensionName[];
  return [...new Set<DimensionName>([...COMMON_DIMENSIONS, ...own])];
}

/** True for a known dimension name. */
export function isDimension(name: string): name is DimensionName {
  return (
    (COMMON_DIMENSIONS as readonly string[]).includes(name) ||
    (ROW_DIMENSIONS as readonly string[]).includes(name)
  );
}

const PERSON = `(SELECT DISTINCT ON (la_code, pers_person_id) la_code, pers_person_id AS id, pers_dob AS dob,
  upper(trim(pers_sex)) AS sex, upper(trim(pers_ethnicity)) AS eth, upper(trim(pers_disability)) AS dis
  FROM ssd_person ORDER BY la_code, pers_person_id, pers_dob)`;

/** Age in completed years at r._date (as indicators/sql.ts ageAt). */
const AGE = `(year(r._date) - year(p.dob) - CASE WHEN month(r._date) < month(p.dob)
  OR (month(r._date) = month(p.dob) AND day(r._date) < day(p.dob)) THEN 1 ELSE 0 END)`;

/** The first worker involvement open at the row's date: `col` of it, per row. */
function involvementKey(col: string): string {
  return `SELECT r._rid, arg_min(${col}, (i.invo_involvement_start_date, trim(i.invo_professional_id))) AS cell
    FROM r JOIN ssd_involvements i ON i.la_code = r.la_code AND i.invo_person_id = r.child_id
      AND ${openAt("i.invo_involvement_start_date", "i.invo_involvement_end_date", "r._date")}
    WHERE nullif(trim(i.invo_professional_id), '') IS NOT NULL GROUP BY r._rid`;
}

/**
 * How each common dimension keys rows: a query of (_rid, cell) over rows `r`, and the cell
 * of a row whose child is known but has no matching record (else Unknown).
 */
const JOINED: Record<(typeof COMMON_DIMENSIONS)[number], { sql: string; otherwise?: string }> = {
  age_band: {
    sql: `SELECT r._rid, CASE WHEN ${AGE} < 0 THEN NULL WHEN ${AGE} < 1 THEN 'Under 1' WHEN ${AGE} <= 4 THEN '1 to 4'
      WHEN ${AGE} <= 9 THEN '5 to 9' WHEN ${AGE} <= 15 THEN '10 to 15' ELSE '16 and over' END AS cell
      FROM r JOIN ${PERSON} p ON p.la_code = r.la_code AND p.id = r.child_id`,
  },
  sex: {
    sql: `SELECT r._rid, CASE WHEN p.sex IN ('M', 'F', 'U') THEN p.sex END AS cell
      FROM r JOIN ${PERSON} p ON p.la_code = r.la_code AND p.id = r.child_id`,
  },
  ethnicity: {
    sql: `SELECT r._rid, CASE WHEN p.eth IN ('REFU', 'NOBT') THEN 'Refused or not obtained'
      WHEN p.eth IN ('CHNE', 'OOTH') THEN 'Other ethnic groups' WHEN p.eth LIKE 'W%' THEN 'White'
      WHEN p.eth LIKE 'M%' THEN 'Mixed or multiple ethnic groups' WHEN p.eth LIKE 'A%' THEN 'Asian or Asian British'
      WHEN p.eth LIKE 'B%' THEN 'Black, African, Caribbean or Black British' END AS cell
      FROM r JOIN ${PERSON} p ON p.la_code = r.la_code AND p.id = r.child_id`,
  },
  disability: {
    sql: `SELECT r._rid, CASE WHEN p.dis = 'NONE' THEN 'Not disabled' WHEN p.dis <> '' THEN 'Disabled' END AS cell
      FROM r JOIN ${PERSON} p ON p.la_code = r.la_code AND p.id = r.child_id`,
  },
  uasc: {
    sql: `SELECT DISTINCT r._rid, 'UASC' AS cell
      FROM r JOIN ssd_immigration_status i ON i.la_code = r.la_code AND i.immi_person_id = r.child_id
        AND upper(trim(i.immi_immigration_status)) = 'UASC'
        AND ${openAt("i.immi_immigration_status_start_date", "i.immi_immigration_status_end_date", "r._date")}`,
    otherwise: "Local",
  },
  team: { sql: involvementKey("i.invo_professional_team"), otherwise: "Unallocated" },
  worker: { sql: involvementKey("trim(i.invo_professional_id)"), otherwise: "Unallocated" },
};

/** The cell of every row of `r` for the dimension, as SQL selecting (_rid, cell). */
function cellSql(ind: Indicator, dim: DimensionName): string {
  const fromRows = (ind.dimensions ?? []).includes(dim);
  const keyed = fromRows
    ? "SELECT _rid, CAST(_own AS VARCHAR) AS cell FROM r"
    : JOINED[dim as (typeof COMMON_DIMENSIONS)[number]].sql;
  const otherwise = fromRows ? undefined : JOINED[dim as (typeof COMMON_DIMENSIONS)[number]].otherwise;
  const fallback = otherwise
    ? `CASE WHEN k._rid IS NULL AND nullif(trim(r.child_id), '') IS NOT NULL THEN '${otherwise}' END`
    : "NULL";
  return `SELECT r._rid, coalesce(nullif(trim(k.cell), ''), ${fallback}, '${UNKNOWN}') AS cell
    FROM r LEFT JOIN (${keyed}) k ON k._rid = r._rid`;
}

/**
 * Breaks `ind`'s figure for one council and period down by `dim`. Where the indicator counts
 * children rather than events, a child falls in the cell of their first numerator row in the
 * period, so each child is counted once and the cells still add up.
 */
export async function breakdown(
  db: Database,
  ind: Indicator,
  options: IndicatorOptions,
  laCode: string,
  period: Period,
  dim: DimensionName,
): Promise<Breakdown> {
  if (!dimensionsOf(ind).includes(dim)) {
    throw new Error(`${ind.id} has no breakdown by ${dim} (it offers: ${dimensionsOf(ind).join(", ")})`);
  }
  const c = db.connection;
  const la = laCode.replace(/'/g, "''");
  const { filter, dateCol } = await prepareOnePeriod(db, ind, options, laCode, period);
  const own = (ind.dimensions ?? []).includes(dim) ? `, dim_${dim} AS _own` : "";
  const numerator = ind.countDistinctChildren
    ? `SELECT cell, count(*) AS n, 0 AS d, 0 AS s FROM (
         SELECT child_id, arg_min(cell, (_date, event_id)) AS cell FROM cells
         WHERE in_numerator AND child_id IS NOT NULL GROUP BY child_id) GROUP BY cell`
    : "SELECT cell, count(*) FILTER (WHERE in_numerator) AS n, 0 AS d, 0 AS s FROM cells GROUP BY cell";
  await c.run(
    `CREATE OR REPLACE TEMP TABLE _breakdown_rows AS
     SELECT la_code, child_id, event_id, ${dateCol} AS _date, in_numerator, in_denominator, value${own},
       row_number() OVER () AS _rid
     FROM (${ind.rows(options, "rows")}) AS _ind WHERE la_code = '${la}' AND ${filter}`,
  );
  const rows = await query(
    db,
    `WITH r AS (SELECT * FROM _breakdown_rows),
     k AS (${cellSql(ind, dim)}),
     cells AS (SELECT r.*, k.cell FROM r JOIN k ON k._rid = r._rid)
     SELECT cell, sum(n)::DOUBLE AS n, sum(d)::DOUBLE AS d, sum(s)::DOUBLE AS s FROM (
       ${numerator}
       UNION ALL
       SELECT cell, 0, count(*) FILTER (WHERE in_denominator),
         coalesce(sum(value) FILTER (WHERE in_denominator), 0) FROM cells GROUP BY cell)
     GROUP BY cell`,
  );
  await c.run("DROP TABLE IF EXISTS _breakdown_rows");
  const parts = rows.map((r) => ({ cell: String(r.cell), n: Number(r.n), d: Number(r.d), s: Number(r.s) }));
  const unit: Unit = ind.unit === "rate10k" ? "count" : ind.unit;
  const labels = CODE_LABELS[dim] ?? {};
  const toCell = (p: { cell: string; n: number; d: number; s: number }): BreakdownCell => ({
    cell: p.cell,
    label: labels[p.cell] ?? p.cell,
    ...cellFigure(unit, p.n, p.d, p.s),
  });
  const sum = (k: "n" | "d" | "s") => parts.reduce((a, p) => a + p[k], 0);
  return {
    indicator: ind.id,
    dimension: dim,
    period,
    unit,
    cells: sortCells(dim, parts).map(toCell),
    total: { ...toCell({ cell: "Total", n: sum("n"), d: sum("d"), s: sum("s") }), label: "Total" },
  };
}

/** numerator, denominator and value of a cell from its row counts, as the engine computes them per unit. */
function cellFigure(unit: Unit, n: number, d: number, s: number): Omit<BreakdownCell, "cell" | "label"> {
  switch (unit) {
    case "count":
    case "rate10k":
      return { numerator: null, denominator: null, value: n };
    case "percent":
      return { numerator: n, denominator: d, value: d === 0 ? null : (100 * n) / d };
    case "days":
      return { numerator: s, denominator: d, value: d === 0 ? null : s / d };
    case "ratio":
      return { numerator: n, denominator: s, value: s === 0 ? null : n / s };
    default:
      throw new Error(`unit ${unit satisfies never}`);
  }
}

function sortCells<T extends { cell: string }>(dim: DimensionName, cells: T[]): T[] {
  const order = CELL_ORDER[dim];
  const rank = (c: string) =>
    c === UNKNOWN ? Number.MAX_SAFE_INTEGER : order ? order.indexOf(c) + 1 || order.length + 1 : 0;
  return [...cells].sort((a, b) => rank(a.cell) - rank(b.cell) || a.cell.localeCompare(b.cell, "en-GB"));
}

/** An explain row with the cells of common dimensions (team, worker …) it falls in. */
export type ExplainRowWithCells = ExplainRow & { cells: Partial<Record<DimensionName, string>> };

/**
 * `explain`'s rows for one period — the same query, in the same order — each with its cell of
 * the common dimensions `dims` (as a breakdown keys it: the involvement open at the row's date
 * for team and worker, "Unallocated" where none). `relationsReady`: as `prepareOnePeriod`.
 */
export async function explainRowsWithCells(
  db: Database,
  ind: Indicator,
  options: IndicatorOptions,
  laCode: string,
  period: Period,
  dims: readonly (typeof COMMON_DIMENSIONS)[number][],
  relationsReady = false,
): Promise<ExplainRowWithCells[]> {
  const { filter, dateCol } = await prepareOnePeriod(db, ind, options, laCode, period, relationsReady);
  const c = db.connection;
  await c.run(
    `CREATE OR REPLACE TEMP TABLE _explain_rows AS
     SELECT *, date AS _date, row_number() OVER () AS _rid FROM (${explainSql(ind, options, laCode, filter, dateCol)})`,
  );
  const joins = dims.map((d, i) => `LEFT JOIN (${cellSql(ind, d)}) k${i} ON k${i}._rid = r._rid`).join("\n");
  const picks = dims.map((d, i) => `, k${i}.cell AS cell_${d}`).join("");
  const rows = await query(
    db,
    `WITH r AS (SELECT * FROM _explain_rows) SELECT r.*${picks} FROM r ${joins} ORDER BY r._rid`,
  );
  await c.run("DROP TABLE IF EXISTS _explain_rows");
  const base = toExplainRows(rows);
  return base.map((row, i) => ({
    ...row,
    cells: Object.fromEntries(dims.map((d) => [d, String(rows[i]![`cell_${d}`])])),
  }));
}
