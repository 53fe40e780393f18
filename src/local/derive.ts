/**
 * Local indicators' figures for every period type, from their monthly values.
 *
 * Why one place: the engine's windows (calendar/periods.ts) apply to local
 * figures too, so a quarter or a rolling year means the same months for a
 * vacancy rate as for re-referrals. The rules:
 * - as for computed indicators, a window starting before the indicator's
 *   first month is not given (a partial window never passes for a full one);
 * - a stock takes the value of the window's last month;
 * - a flow count is the sum of its months' values; a flow with numerator
 *   and denominator is scale × Σ numerator ÷ Σ denominator;
 * - a flow window is given only when every month in it has a figure that
 *   can be summed: a flow percentage (rate, average, number) given as a
 *   value without numerator and denominator has its month figures only,
 *   since percentages cannot be added.
 * Figures are written to indicator_values with the computed indicators'
 * columns, so `values`, judging and the report need nothing of their own.
 */
import { monthEndsBetween, type PeriodType, periodsEndingOn } from "../calendar/periods.ts";
import { type Database, query } from "../db/database.ts";
import type { Framework, LocalIndicator } from "../framework/config.ts";

/** One month's stored figure. */
export interface MonthFigure {
  /** The month end. */
  month: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** A figure for one window, in indicator_values' shape. */
export interface DerivedFigure {
  period_type: PeriodType;
  period_start: string;
  period_end: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

const SCALE: Record<LocalIndicator["unit"], number> = {
  count: 1,
  percent: 100,
  rate10k: 10_000,
  days: 1,
  ratio: 1,
  number: 1,
};

/** True when the month's figure can be summed into a longer window of this flow indicator. */
function summable(unit: LocalIndicator["unit"], m: MonthFigure): boolean {
  if (unit === "count") return m.value !== null || m.numerator !== null;
  return m.numerator !== null && m.denominator !== null;
}

function monthFigure(
  unit: LocalIndicator["unit"],
  m: MonthFigure,
): Omit<DerivedFigure, "period_type" | "period_start" | "period_end"> {
  if (unit === "count") return { numerator: null, denominator: null, value: m.value ?? m.numerator };
  const fromCounts =
    m.numerator !== null && m.denominator ? (SCALE[unit] * m.numerator) / m.denominator : null;
  return { numerator: m.numerator, denominator: m.denominator, value: m.value ?? fromCounts };
}

/**
 * Every window's figure of one local indicator: each month, and each
 * quarter, year to date, rolling 12 months and year ending on a month with
 * a figure, where the rules above allow one.
 */
export function deriveFigures(
  local: Pick<LocalIndicator, "unit" | "kind">,
  months: readonly MonthFigure[],
): DerivedFigure[] {
  const byEnd = new Map(months.map((m) => [m.month, m]));
  const out: DerivedFigure[] = [];
  const ends = [...byEnd.keys()].sort();
  const first = ends[0]?.slice(0, 8).concat("01") ?? "";
  for (const end of ends) {
    for (const p of periodsEndingOn(end).filter((w) => w.start >= first)) {
      const window = { period_type: p.type, period_start: p.start, period_end: p.end };
      if (p.type === "month" || local.kind === "stock") {
        out.push({ ...window, ...monthFigure(local.unit, byEnd.get(end)!) });
        continue;
      }
      const inWindow = monthEndsBetween(p.start, p.end).map((e) => byEnd.get(e));
      if (!inWindow.every((m) => m !== undefined && summable(local.unit, m))) continue;
      const figures = inWindow as MonthFigure[];
      if (local.unit === "count") {
        const total = figures.reduce((sum, m) => sum + (m.value ?? m.numerator ?? 0), 0);
        out.push({ ...window, numerator: null, denominator: null, value: total });
        continue;
      }
      const n = figures.reduce((sum, m) => sum + m.numerator!, 0);
      const d = figures.reduce((sum, m) => sum + m.denominator!, 0);
      out.push({
        ...window,
        numerator: n,
        denominator: d,
        value: d === 0 ? null : (SCALE[local.unit] * n) / d,
      });
    }
  }
  return out;
}

/** What deriving wrote, per local indicator. */
export interface DeriveReport {
  indicator: string;
  months: number;
  figures: number;
  /** Months of a flow that cannot be summed (no numerator and denominator): windows holding them are not given. */
  monthOnly: number;
}

/**
 * Re-derives every local indicator's figures for `laCode` from the stored
 * monthly values (local_values) into indicator_values, replacing what was
 * there. Runs inside the caller's transaction, if any. Values stored for
 * an id the framework no longer declares are left out (and listed by
 * `scorecard local show`).
 */
export async function deriveLocalFigures(
  db: Database,
  framework: Pick<Framework, "local">,
  laCode: string,
): Promise<DeriveReport[]> {
  const la = laCode.replace(/'/g, "''");
  const stored = await query(
    db,
    `SELECT indicator, strftime(month_end, '%Y-%m-%d') AS month, numerator, denominator, value
     FROM local_values WHERE la_code = '${la}' ORDER BY indicator, month_end`,
  );
  const ids = new Set([...framework.local.map((l) => l.id), ...stored.map((r) => String(r.indicator))]);
  if (ids.size === 0) return [];
  const list = [...ids].map((id) => `'${id.replace(/'/g, "''")}'`).join(",");
  await db.connection.run(`DELETE FROM indicator_values WHERE la_code = '${la}' AND indicator IN (${list})`);
  const reports: DeriveReport[] = [];
  const values: string[] = [];
  const num = (v: number | null) => (v === null || !Number.isFinite(v) ? "NULL" : String(v));
  for (const local of framework.local) {
    const months: MonthFigure[] = stored
      .filter((r) => r.indicator === local.id)
      .map((r) => ({
        month: String(r.month),
        numerator: r.numerator as number | null,
        denominator: r.denominator as number | null,
        value: r.value as number | null,
      }));
    const figures = deriveFigures(local, months);
    for (const f of figures) {
      values.push(
        `('${la}', '${local.id}', '${f.period_type}', DATE '${f.period_start}', DATE '${f.period_end}', ${num(f.numerator)}, ${num(f.denominator)}, ${num(f.value)})`,
      );
    }
    reports.push({
      indicator: local.id,
      months: months.length,
      figures: figures.length,
      monthOnly: local.kind === "flow" ? months.filter((m) => !summable(local.unit, m)).length : 0,
    });
  }
  for (let k = 0; k < values.length; k += 1000) {
    await db.connection.run(
      `INSERT INTO indicator_values (la_code, indicator, period_type, period_start, period_end, numerator, denominator, value)
       VALUES ${values.slice(k, k + 1000).join(",")}`,
    );
  }
  return reports;
}
