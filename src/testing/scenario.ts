/**
 * Test support: compute indicators over a tiny hand-made dataset in an
 * in-memory workspace, and read back figures and explain rows.
 *
 * Why: every indicator test has the same shape (rows in, literal figures
 * out); this keeps each test to its data and its arithmetic.
 */
import type { Period, PeriodType } from "../calendar/periods.ts";
import { periodsEndingOn } from "../calendar/periods.ts";
import { createSchema, type Database, loadTables, openDatabase, query, type Row } from "../db/database.ts";
import { computeAll } from "../engine/compute.ts";
import { type ExplainRow, explainRows } from "../engine/explain.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { DEFAULT_OPTIONS, type Indicator, type IndicatorOptions } from "../indicators/define.ts";
import { loadGenerated } from "../synth/load.ts";

/** The LA code test datasets use unless they say otherwise. */
export const TEST_LA = "999";

export interface Scenario {
  /** Canonical rows by table; `la_code` defaults to TEST_LA. */
  tables: Record<string, Row[]>;
  /** First and last day of complete data. */
  dataFrom: string;
  dataTo: string;
  /** 0–17 population by financial-year start (defaults to 10,000 for every year). */
  population?: Record<number, number>;
  options?: Partial<IndicatorOptions>;
}

/** A computed scenario: read figures and rows from it, then close it. */
export interface Computed {
  db: Database;
  /** {numerator, denominator, value} for an indicator, period type and period end; throws if absent. */
  figure(id: string, type: PeriodType, end: string): Promise<Figure>;
  /** Rows behind a figure. */
  explain(id: string, type: PeriodType, end: string): Promise<ExplainRow[]>;
  close(): void;
}

export interface Figure {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** Loads a scenario into a fresh in-memory workspace and computes the given indicators. */
export async function computeScenario(indicators: readonly Indicator[], s: Scenario): Promise<Computed> {
  const db = await openDatabase(":memory:");
  await createSchema(db);
  const tables = Object.fromEntries(
    Object.entries(s.tables).map(([name, rows]) => [name, rows.map((r) => ({ la_code: TEST_LA, ...r }))]),
  );
  await loadTables(db, tables);
  const firstYear = Number(s.dataFrom.slice(0, 4)) - 1;
  const lastYear = Number(s.dataTo.slice(0, 4)) + 1;
  const populationRows: string[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    populationRows.push(`('${TEST_LA}', ${y}, ${s.population?.[y] ?? 10_000})`);
  }
  await db.connection.run(`INSERT INTO cfg_population VALUES ${populationRows.join(",")}`);
  const options = { ...DEFAULT_OPTIONS, ...s.options };
  await computeAll(db, indicators, options, [{ laCode: TEST_LA, dataFrom: s.dataFrom, dataTo: s.dataTo }]);
  const byId = new Map(indicators.map((i) => [i.id, i]));
  return {
    db,
    async figure(id, type, end) {
      const rows = await query(
        db,
        `SELECT numerator, denominator, value FROM indicator_values
         WHERE indicator = '${id}' AND period_type = '${type}' AND period_end = DATE '${end}'`,
      );
      const r = rows[0];
      if (!r) throw new Error(`no ${type} value of ${id} ending ${end}`);
      const num = (x: unknown) => (x === null ? null : Number(x));
      return { numerator: num(r.numerator), denominator: num(r.denominator), value: num(r.value) };
    },
    async explain(id, type, end) {
      const ind = byId.get(id);
      if (!ind) throw new Error(`indicator ${id} was not computed`);
      const period: Period | undefined = periodsEndingOn(end).find((p) => p.type === type);
      if (!period) throw new Error(`no ${type} period ends on ${end}`);
      return explainRows(db, ind, options, TEST_LA, period);
    },
    close() {
      db.close();
    },
  };
}

/** Rounds for comparing computed percentages and rates with literals. */
export function round(value: number | null, decimals = 2): number | null {
  return value === null ? null : Math.round(value * 10 ** decimals) / 10 ** decimals;
}

/**
 * A generated council in an in-memory workspace with every indicator of
 * the catalogue computed (the whole-catalogue consistency tests' fixture).
 * The population is set for every year the data could need.
 */
export async function computedGeneratedCouncil(params: {
  seed: number;
  population: number;
  years: number;
  endDate: string;
}): Promise<Database> {
  const db = await openDatabase(":memory:");
  await createSchema(db);
  const s = await loadGenerated(db, { ...params, laCode: TEST_LA });
  const pop = Array.from({ length: 20 }, (_, k) => `('${TEST_LA}', ${2015 + k}, ${params.population})`).join(
    ",",
  );
  await db.connection.run(`INSERT INTO cfg_population VALUES ${pop}`);
  await computeAll(db, CATALOGUE, DEFAULT_OPTIONS, [
    { laCode: TEST_LA, dataFrom: s.dataFrom, dataTo: s.dataTo },
  ]);
  return db;
}
