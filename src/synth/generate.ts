/**
 * The synthetic council: believable child-level records for any population,
 * deterministic for a seed, fast enough to build England in seconds.
 *
 * Why this shape: every child's whole journey (contacts, referrals,
 * assessments, S47s, conferences, plans, care, leaving care) is drawn in
 * one pass and handed to the sink, so nothing about a child is kept once
 * it is done and memory stays flat whatever the population. Flows arrive
 * by day (seasonal, with slow trends); stocks start in a steady state:
 * children already in care and care leavers are drawn as they would be
 * found on the first simulated day (length-biased), and two further hidden
 * years of arrivals before the emitted range build the CP and CIN caseload
 * and re-referral history. Hidden-years children are kept only when they
 * still have a record dated in, or open into, the emitted range.
 *
 * Model choices (rates per 10,000 children a year) are documented next to
 * the constants of each stage; code lists come from src/model/codes.ts.
 *
 * Layout: council.ts holds the state every stage shares (random stream,
 * ids, the current child, the sink); the stages are workforce.ts,
 * stocks.ts (the first day), frontDoor.ts (contacts, referrals,
 * assessments), childProtection.ts, lookedAfter.ts with careSpells.ts and
 * careDetail.ts, careLeavers.ts and shortBreaks.ts. The order of draws is
 * the data: seed 11 is pinned in generate.determinism.test.ts.
 */
import { isIsoDate } from "../calendar/dates.ts";
import { Council, type GenerateParams, type RowSink } from "./council.ts";
import { newChild, uascChild } from "./frontDoor.ts";
import { DAYS_PER_YEAR, SHORT_BREAK_RATE, TREND, UASC_START_RATE } from "./model.ts";
import { withReturnItems } from "./returnItems.ts";
import { shortBreakChild } from "./shortBreaks.ts";
import { stockInCare, stockLeavers, stockShortBreaks } from "./stocks.ts";
import { T_PERSON, TABLE_NAMES } from "./tableIds.ts";
import { workforce } from "./workforce.ts";

export type { GenerateParams, RowSink };

/** What was generated. */
export interface GenerateSummary {
  dataFrom: string;
  dataTo: string;
  rowsByTable: Record<string, number>;
  children: number;
}

// Rates per 10,000 children aged 0–17 a year.
/** Children making first contact each year (careers); with returns, gives ~2,000 contacts and ~520 referrals. */
const NEW_CHILDREN_RATE = 870;
/**
 * Extra first contacts early in the hidden years, standing in for the
 * returning children of careers that began before them: the multiplier is
 * 1 + WARM_BOOST × exp(−days since the hidden start / WARM_DAYS).
 */
const WARM_BOOST = 0.45;
const WARM_DAYS = 480;
/** Arrival seasonality by calendar month (mean 1): dips in August and December. */
const SEASON = [1.02, 1.04, 1.06, 0.97, 1.05, 1.06, 1.04, 0.8, 1.0, 1.06, 1.07, 0.83];

/**
 * Generates a whole council: workforce, then every child's records,
 * handed to `sink` row by row. Deterministic for `params.seed`.
 */
export function generateCouncil(params: GenerateParams, sink: RowSink): GenerateSummary {
  if (!isIsoDate(params.endDate)) throw new RangeError(`endDate is not a date: ${params.endDate}`);
  if (!(params.years >= 1) || !(params.population > 0)) throw new RangeError("years ≥ 1 and population > 0");
  const extra: Record<string, number> = {};
  const g = new Council(params, withReturnItems(params, sink, extra));
  simulate(g);
  const rowsByTable: Record<string, number> = {};
  TABLE_NAMES.forEach((name, k) => {
    rowsByTable[name] = g.counts[k]!;
  });
  Object.assign(rowsByTable, extra);
  return { dataFrom: g.dataFrom, dataTo: params.endDate, rowsByTable, children: g.counts[T_PERSON]! };
}

/** Stocks on the first simulated day, then every day's arrivals to the end of the data. */
function simulate(g: Council): void {
  workforce(g);
  stockInCare(g, false);
  stockInCare(g, true);
  stockLeavers(g);
  stockShortBreaks(g);
  const rng = g.rng;
  for (let day = g.t0; day <= g.endDay; day++) {
    const m = g.cal.monthOfYear(day);
    const trend = (1 + TREND) ** ((day - g.mid) / DAYS_PER_YEAR);
    const dow = (((day + 4) % 7) + 7) % 7;
    const weekday = dow !== 0 && dow !== 6 && g.cal.workingDaysBetween(day - 1, day) === 1;
    const dayFactor = (weekday ? 1 : 0.3) / 0.8;
    const warm = 1 + WARM_BOOST * Math.exp(-(day - g.t0) / WARM_DAYS);
    const n = rng.poisson(NEW_CHILDREN_RATE * g.unit * SEASON[m]! * trend * dayFactor * warm);
    for (let k = 0; k < n; k++) newChild(g, day);
    const u = rng.poisson(UASC_START_RATE * g.unit * trend);
    for (let k = 0; k < u; k++) uascChild(g, day);
    if (rng.chance(SHORT_BREAK_RATE * g.unit)) shortBreakChild(g, day, day);
  }
}
