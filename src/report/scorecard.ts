/**
 * The scorecard model: for each indicator at the latest month end, the
 * last three months, year to date, rolling 12 months, last years'
 * out-turns and the direction of travel.
 *
 * Why separate from HTML: the figures and judgements are decided here
 * (and tested); the renderer only lays them out.
 */
import { addMonths, monthEnd, monthStart } from "../calendar/dates.ts";
import { financialYearLabel, financialYearOf } from "../calendar/financialYear.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import type { Area, Indicator, Polarity } from "../indicators/define.ts";
import { type Database, query } from "../workspace/database.ts";
import type { Settings } from "../workspace/settings.ts";
import { readCoverage } from "../workspace/workspace.ts";

/** A figure with the counts behind it. */
export interface Cell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** improving / declining relative to polarity; higher / lower for information measures. */
export type Direction = "improving" | "declining" | "no change" | "higher" | "lower" | "new";

export interface ScorecardLine {
  indicator: Pick<Indicator, "id" | "title" | "polarity" | "unit" | "decimals" | "kind" | "definition">;
  /** Month ends of the last three months, oldest first, with their values. */
  months: { end: string; cell: Cell }[];
  ytd: Cell;
  rolling12: Cell;
  /** Complete financial years' out-turns, oldest first. */
  outturns: { label: string; cell: Cell }[];
  direction: Direction;
}

export interface Scorecard {
  council: string;
  laCode: string;
  asAt: string;
  dataFrom: string;
  dataTo: string;
  ytdLabel: string;
  areas: { area: Area; lines: ScorecardLine[] }[];
}

const EMPTY: Cell = { value: null, numerator: null, denominator: null };

/**
 * Direction of travel of `current` against `previous` for a polarity. A
 * change that vanishes at the indicator's displayed precision is "no change".
 */
export function directionOfTravel(
  polarity: Polarity,
  previous: number | null,
  current: number | null,
  decimals: number,
): Direction {
  if (current === null) return "new";
  if (previous === null) return "new";
  const step = 10 ** -decimals;
  const delta = Math.round(current / step) - Math.round(previous / step);
  if (delta === 0) return "no change";
  const up = delta > 0;
  if (polarity === "high") return up ? "improving" : "declining";
  if (polarity === "low") return up ? "declining" : "improving";
  return up ? "higher" : "lower";
}

/** Builds the scorecard of the workspace's council at the latest month end of its data. */
export async function buildScorecard(db: Database, settings: Settings): Promise<Scorecard> {
  const la = settings.council.laCode;
  const coverage = (await readCoverage(db)).find((c) => c.laCode === la);
  if (!coverage) throw new Error(`no data coverage recorded for LA ${la}`);
  const asAt =
    monthEnd(coverage.dataTo) === coverage.dataTo
      ? coverage.dataTo
      : monthEnd(addMonths(coverage.dataTo, -1));
  const monthEnds = [-2, -1, 0].map((k) => monthEnd(addMonths(monthStart(asAt), k)));
  const fy = financialYearOf(asAt);
  const yearEnds = [fy - 2, fy - 1].map((y) => `${y + 1}-03-31`);
  const rows = await query(
    db,
    `SELECT indicator, period_type, strftime(period_end, '%Y-%m-%d') AS period_end, numerator, denominator, value
     FROM indicator_values WHERE la_code = '${la}'
       AND ((period_type = 'month' AND period_end IN (${monthEnds.map((d) => `DATE '${d}'`).join(",")}))
         OR (period_type IN ('ytd', 'rolling12') AND period_end = DATE '${asAt}')
         OR (period_type = 'year' AND period_end IN (${yearEnds.map((d) => `DATE '${d}'`).join(",")})))`,
  );
  const cells = new Map<string, Cell>();
  for (const r of rows) {
    cells.set(`${r.indicator}|${r.period_type}|${r.period_end}`, {
      value: r.value as number | null,
      numerator: r.numerator as number | null,
      denominator: r.denominator as number | null,
    });
  }
  const cell = (id: string, type: string, end: string) => cells.get(`${id}|${type}|${end}`) ?? EMPTY;
  const areas: Scorecard["areas"] = [];
  for (const ind of CATALOGUE) {
    const months = monthEnds.map((end) => ({ end, cell: cell(ind.id, "month", end) }));
    const line: ScorecardLine = {
      indicator: ind,
      months,
      ytd: cell(ind.id, "ytd", asAt),
      rolling12: cell(ind.id, "rolling12", asAt),
      outturns: yearEnds.map((end) => ({
        label: financialYearLabel(Number(end.slice(0, 4)) - 1),
        cell: cell(ind.id, "year", end),
      })),
      direction: directionOfTravel(ind.polarity, months[1]!.cell.value, months[2]!.cell.value, ind.decimals),
    };
    const group = areas.find((a) => a.area === ind.area);
    if (group) group.lines.push(line);
    else areas.push({ area: ind.area, lines: [line] });
  }
  return {
    council: settings.council.name,
    laCode: la,
    asAt,
    dataFrom: coverage.dataFrom,
    dataTo: coverage.dataTo,
    ytdLabel: financialYearLabel(fy),
    areas,
  };
}
