/**
 * The monthly performance report as plain data (issue 10): cover, summary,
 * a section per service area with each indicator's tables, chart inputs,
 * commentary and narrative, the flows through the system, exception list
 * totals and the notes. The HTML, PDF and XLSX renderers
 * (html.ts, xlsx.ts, pdf.ts beside it) only lay this out.
 *
 * Why one model read from the workspace: every figure in every format is a
 * stored figure (`indicator_values`) or its judgement (framework/judge.ts),
 * read once here; nothing is computed a second way. With `publish`, small
 * numbers are suppressed here, once, for every format, and no child-level
 * content is read at all. Everything is as at the period end: no figure or
 * judgement (an SPC signal rests on every month of its chart) uses a later
 * month, so a report of a past month does not change when months are added.
 */

import { latestCommentary } from "../../app/commentary.ts";
import {
  compareIndicators,
  type RegionComparison,
  toCompareIndicator,
  workspaceCouncils,
} from "../../app/compare.ts";
import { buildScorecard, latestAsAt, type Scorecard, type ScorecardLine } from "../../app/scorecard.ts";
import { addMonths, type IsoDate, monthEnd, monthStart } from "../../calendar/dates.ts";
import { financialYearLabel, financialYearOf } from "../../calendar/financialYear.ts";
import type { PeriodType } from "../../calendar/periods.ts";
import { type Database, query } from "../../db/database.ts";
import { type BreakdownCell, breakdown } from "../../engine/breakdown.ts";
import { findPeriod, preparePeriods } from "../../engine/compute.ts";
import { UserError } from "../../errors/userError.ts";
import type { Framework, FrameworkIndicator } from "../../framework/config.ts";
import { type JudgedValue, judgeWorkspace } from "../../framework/judge.ts";
import type { Rag } from "../../framework/rag.ts";
import { type SpcChart, XMR_CONSTANT } from "../../framework/spc.ts";
import { type DatedTarget, describeTarget } from "../../framework/targets.ts";
import { findIndicator } from "../../indicators/catalogue.ts";
import type { IndicatorOptions } from "../../indicators/define.ts";
import type { Settings } from "../../workspace/settings.ts";
import { readCoverage } from "../../workspace/workspace.ts";
import type { BreakdownInput } from "../charts/bars.ts";
import { type TrendInput, withheldSpc } from "../charts/trend.ts";
import { comparisonNotes } from "../compare/rows.ts";
import { EXCEPTION_LISTS } from "../exceptions.ts";
import { type ProducedList, produceExceptionLists } from "../exceptionsData.ts";
import { type FigureLookup, figureLookup, type StoredFigure } from "../figures.ts";
import { type Flows, flows as flowsOf } from "../flows.ts";
import { longDate } from "../format.ts";
import { monthlySpc, monthName, narrative, quarterName, type Sentence } from "../narrative.ts";
import { SELECTION_RULE, type SelectedItem, selectHighlights } from "../selection.ts";
import { isSuppressed, type Published, publishFigure } from "../suppress.ts";

/** One indicator's commentary for the period, as the service wrote it. */
export interface Commentary {
  text: string;
  author: string;
  /** When it was written (ISO date-time). */
  writtenAt: string;
}

/** A figure as the report shows it: the stored numbers, or with `publish` `<5` and blanks. */
export interface ShownFigure {
  value: Published;
  numerator: Published;
  denominator: Published;
  /** True when publishing blanked a value the workspace holds (shown as “x”, not “–”). */
  hidden?: true;
}

/** A month of the last-13-months table. */
export interface MonthRow {
  end: IsoDate;
  figure: ShownFigure;
  /** The RAG of the rated figure ending that month (its period type), null when not rated. */
  rag: Rag | null;
  /** The target in force for that rated figure, in words ("" when none). */
  target: string;
}

/** A financial year's out-turn with DfE's benchmarks of the same year. */
export interface OutturnRow {
  label: string;
  yearEnd: IsoDate;
  figure: ShownFigure;
  /** DfE year the benchmarks are of (2025 = 2024-25); null: none stored for the year. */
  benchmarkYear: number | null;
  snAverage: number | null;
  england: number | null;
  quartile: string | null;
}

/** One indicator of a service area. */
export interface ReportIndicator {
  id: string;
  ref: string;
  title: string;
  definition: string;
  unit: FrameworkIndicator["indicator"]["unit"];
  decimals: number;
  polarity: FrameworkIndicator["indicator"]["polarity"];
  kind: FrameworkIndicator["indicator"]["kind"];
  ratedOn: PeriodType;
  /** The indicator's scorecard line (the summary table's figures). */
  line: ScorecardLine;
  /** The last 13 months, oldest first. */
  months: MonthRow[];
  /** The last 3 complete financial years, oldest first. */
  outturns: OutturnRow[];
  /** The trend chart's input (24 months). */
  trend: TrendInput;
  /** The breakdown chart's input where the framework names a dimension. */
  breakdown: BreakdownInput | null;
  /** This period's commentary; null: none was written. */
  commentary: Commentary | null;
  narrative: Sentence[];
}

/** A service area. */
export interface ReportSection {
  /** Anchor for the table of contents. */
  anchor: string;
  /** Its number: its place among the framework's sections, the "2" of default references "2.1", "2.2". */
  number: number;
  title: string;
  indicators: ReportIndicator[];
}

/** The flows of one period, with its name. */
export interface ReportFlows {
  label: string;
  flows: Flows;
}

/** Totals of one exception list (the rows stay in `rows`, never in a published report). */
export interface ReportExceptions {
  lists: ProducedList[];
}

/** "How we compare": the council among the workspace's councils, from compare/ (only with more than one council). */
export interface ReportComparison {
  laCode: string;
  region: RegionComparison;
}

/** A note: a heading and its paragraphs. */
export interface ReportNote {
  heading: string;
  paragraphs: string[];
}

/** The whole report. */
export interface ReportModel {
  publish: boolean;
  cover: {
    council: string;
    laCode: string;
    periodEnd: IsoDate;
    /** "November 2025". */
    periodLabel: string;
    produced: IsoDate;
    dataFrom: IsoDate;
    dataTo: IsoDate;
    /** "Data from 1 April 2019 to 30 November 2025 (80 months)…". */
    coverage: string;
    provisional: boolean;
    /** Why the latest month is provisional, in words; "" when not. */
    provisionalNote: string;
  };
  summary: {
    scorecard: Scorecard;
    performingWell: SelectedItem[];
    needToImprove: SelectedItem[];
    rule: string;
  };
  sections: ReportSection[];
  flows: ReportFlows[];
  /** Exception lists at the period end when asked for; never in a published report. */
  exceptions: ReportExceptions | null;
  /** The workspace's councils compared, when it holds more than one; null otherwise. */
  comparison: ReportComparison | null;
  notes: ReportNote[];
}

/** What the model is built from: an open workspace. */
export interface ReportSource {
  db: Database;
  settings: Settings;
  options: IndicatorOptions;
}

/** Choices of the report. */
export interface ReportChoices {
  framework: Framework;
  /** The month end reported on (default: the latest complete month of the data). */
  periodEnd?: IsoDate;
  publish?: boolean;
  /** Commentary by indicator id for this period (default: the month's latest stored in the workspace). */
  commentary?: ReadonlyMap<string, Commentary>;
  /** The date the report is produced (default: today). */
  produced?: IsoDate;
  /**
   * Read the exception lists (the workbook's Exceptions sheet); never when
   * publishing. Default false: the HTML and PDF do not list children.
   */
  exceptions?: boolean;
}

/** The months a trend chart draws. */
export const TREND_MONTHS = 24;
/** The months the table of each indicator lists. */
export const TABLE_MONTHS = 13;
/** Complete financial years shown with benchmarks. */
export const OUTTURN_YEARS = 3;

const monthEndsBack = (end: IsoDate, n: number): IsoDate[] =>
  Array.from({ length: n }, (_, k) => monthEnd(addMonths(monthStart(end), k - n + 1)));

/** Months from the month of `from` to the month of `to`, both counted. */
function monthsBetween(from: IsoDate, to: IsoDate): number {
  return (
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7)) +
    1
  );
}

/** Reads every stored figure of the council (indicator × period type × end). */
async function readFigures(db: Database, laCode: string): Promise<StoredFigure[]> {
  const rows = await query(
    db,
    `SELECT indicator, period_type, strftime(period_end, '%Y-%m-%d') AS period_end,
       CAST(value AS DOUBLE) AS value, CAST(numerator AS DOUBLE) AS numerator, CAST(denominator AS DOUBLE) AS denominator
     FROM indicator_values WHERE la_code = $1`,
    [laCode],
  );
  return rows.map((r) => ({
    indicator: String(r.indicator),
    period_type: r.period_type as PeriodType,
    period_end: String(r.period_end),
    value: r.value === null ? null : Number(r.value),
    numerator: r.numerator === null ? null : Number(r.numerator),
    denominator: r.denominator === null ? null : Number(r.denominator),
  }));
}

/** "front-door" from "Front door". */
function anchorOf(title: string, used: Set<string>): string {
  const base = `area-${
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "x"
  }`;
  let a = base;
  for (let k = 2; used.has(a); k++) a = `${base}-${k}`;
  used.add(a);
  return a;
}

/**
 * Builds the report of the workspace's council for the month ending
 * `periodEnd` (default the latest complete month): one read of the stored
 * figures and their judgements, then pure assembly.
 */
export async function buildReportModel(ws: ReportSource, choices: ReportChoices): Promise<ReportModel> {
  const { db, settings } = ws;
  const framework = choices.framework;
  const publish = choices.publish ?? false;
  const la = settings.council.laCode;
  const coverage = (await readCoverage(db)).find((c) => c.laCode === la);
  if (!coverage)
    throw new UserError(`report: the workspace has no data for LA ${la} yet: import files first`);
  const latest = latestAsAt(coverage.dataTo);
  const asAt = choices.periodEnd ?? latest;
  const commentary = choices.commentary ?? (await latestCommentary(db, la, asAt, "month"));
  if (monthEnd(asAt) !== asAt)
    throw new UserError(`report: --period-end must be a month end (${asAt} is not; try ${monthEnd(asAt)})`);
  if (asAt > latest || asAt < monthEnd(coverage.dataFrom)) {
    throw new UserError(
      `report: --period-end ${asAt} is outside the data (complete months end from ${monthEnd(coverage.dataFrom)} to ${latest})`,
    );
  }
  const benchmarkCouncil = settings.benchmarks?.council ?? la;
  const [judged, allStored] = await Promise.all([
    judgeWorkspace(db, framework, la, benchmarkCouncil, { asAt }),
    readFigures(db, la),
  ]);
  const stored = allStored.filter((f) => f.period_end <= asAt);
  const figures = figureLookup(stored);
  const judgedCard = await buildScorecard(db, settings, framework, benchmarkCouncil, { asAt, judged });
  const firstMonth = new Map<string, IsoDate>();
  for (const f of stored) {
    if (f.period_type !== "month") continue;
    const was = firstMonth.get(f.indicator);
    if (was === undefined || f.period_end < was) firstMonth.set(f.indicator, f.period_end);
  }

  const byId = new Map(framework.sections.flatMap((s) => s.indicators).map((fi) => [fi.id, fi]));
  const breakdownPeriods = new Map<PeriodType, Awaited<ReturnType<typeof findPeriod>>>();
  const periodOf = async (type: PeriodType) => {
    if (!breakdownPeriods.has(type)) {
      if (breakdownPeriods.size === 0) await preparePeriods(db, [coverage]);
      breakdownPeriods.set(type, await findPeriod(db, la, type, asAt));
    }
    return breakdownPeriods.get(type);
  };

  // Published, an SPC chart resting on a suppressed month is withheld everywhere: no signal in the summary either.
  const spcWithheld = (fi: FrameworkIndicator) =>
    publish && spcRestsOnSuppressed(figures, fi, firstMonth.get(fi.id) ?? asAt, asAt);
  const scorecard: Scorecard = {
    ...judgedCard,
    sections: judgedCard.sections.map((s) => ({
      ...s,
      lines: s.lines.map((l) =>
        l.signal && spcWithheld(byId.get(l.indicator.id)!) ? { ...l, signal: false } : l,
      ),
    })),
  };

  const used = new Set<string>();
  const sections: ReportSection[] = [];
  // the scorecard leaves out a section of local indicators with no figures: number the rest as the framework does
  let place = 0;
  const numberOf = (title: string) => {
    while (place < framework.sections.length && framework.sections[place]!.title !== title) place++;
    return ++place;
  };
  const selectionLines: (ScorecardLine & { variation?: JudgedValue["signal"] })[] = [];
  for (const section of scorecard.sections) {
    const indicators: ReportIndicator[] = [];
    for (const line of section.lines) {
      const fi = byId.get(line.indicator.id)!;
      const rows = judged.get(fi.id) ?? [];
      const at = new Map(rows.map((j) => [`${j.period_type}|${j.period_end}`, j]));
      const judgedAt = (type: PeriodType, end: IsoDate) => at.get(`${type}|${end}`);
      const withheld = spcWithheld(fi);
      selectionLines.push({
        ...line,
        variation: withheld ? null : (judgedAt("month", asAt)?.signal ?? null),
      });
      indicators.push(
        await indicatorOf(fi, line, {
          asAt,
          figures,
          judgedAt,
          firstMonth: firstMonth.get(fi.id),
          publish,
          spcWithheld: withheld,
          commentary: commentary.get(fi.id) ?? null,
          breakdownInput: async () => {
            const ind = findIndicator(fi.id);
            if (!fi.breakdown || !ind) return null;
            const type: PeriodType = ind.kind === "stock" ? "month" : "ytd";
            const period = await periodOf(type);
            if (!period) return null;
            const b = await breakdown(db, ind, ws.options, la, period, fi.breakdown);
            const when =
              type === "month"
                ? `at ${longDate(asAt)}`
                : `in ${financialYearLabel(financialYearOf(asAt))} to date`;
            return {
              id: `${fi.id}-by-${fi.breakdown}`,
              title: `${fi.ref} ${fi.title} by ${dimensionWords(fi.breakdown)}, ${when}`,
              dimension: dimensionWords(fi.breakdown),
              unit: b.unit,
              decimals: b.unit === "count" ? 0 : ind.decimals,
              cells: b.cells as BreakdownCell[],
              total: b.total,
              publish,
            };
          },
        }),
      );
    }
    sections.push({
      anchor: anchorOf(section.title, used),
      number: numberOf(section.title),
      title: section.title,
      indicators,
    });
  }
  const selection = selectHighlights(selectionLines, { publish });

  const fy = financialYearOf(asAt);
  const flowPeriods: { type: "month" | "quarter" | "ytd"; label: string }[] = [
    { type: "month", label: monthName(asAt) },
    {
      type: "quarter",
      label: ["03", "06", "09", "12"].includes(asAt.slice(5, 7))
        ? quarterName(asAt)
        : `${quarterName(asAt)} to date`,
    },
    { type: "ytd", label: `${financialYearLabel(fy)} to date (from April ${fy})` },
  ];
  const flows = flowPeriods.map((p) => ({
    label: p.label,
    flows: flowsOf(figures, p.type, asAt, { publish }),
  }));

  let exceptions: ReportExceptions | null = null;
  if (!publish && choices.exceptions) {
    const period = await periodOf("month");
    if (period)
      exceptions = { lists: await produceExceptionLists(db, ws.options, la, period, EXCEPTION_LISTS) };
  }

  const comparison: ReportComparison | null =
    (await workspaceCouncils(db, settings)).length > 1
      ? {
          laCode: la,
          region: await compareIndicators(
            db,
            settings,
            framework.sections.flatMap((s) => s.indicators).map(toCompareIndicator),
            { periodEnd: asAt, command: "report", ...(publish ? { suppressed: isSuppressed } : {}) },
          ),
        }
      : null;

  const provisional = asAt === latest;
  const months = monthsBetween(monthStart(coverage.dataFrom), asAt);
  const cover: ReportModel["cover"] = {
    council: settings.council.name,
    laCode: la,
    periodEnd: asAt,
    periodLabel: monthName(asAt),
    produced: choices.produced ?? new Date().toISOString().slice(0, 10),
    dataFrom: coverage.dataFrom,
    dataTo: coverage.dataTo,
    coverage: `Data from ${longDate(coverage.dataFrom)} to ${longDate(coverage.dataTo)}; this report covers the ${months} complete months to ${longDate(asAt)}.`,
    provisional,
    provisionalNote: provisional
      ? `Provisional: ${monthName(asAt)} is the latest month of the data, and records of it may still be added or corrected, so its figures may change when next month's data are imported.`
      : "",
  };
  return {
    publish,
    cover,
    summary: {
      scorecard,
      performingWell: selection.performingWell,
      needToImprove: selection.needToImprove,
      rule: SELECTION_RULE,
    },
    sections,
    flows,
    exceptions,
    comparison,
    notes: [
      ...notesOf(scorecard, framework, sections, cover, ws.options, publish),
      ...(comparison ? [{ heading: "How we compare", paragraphs: comparisonNotes(comparison.region) }] : []),
    ],
  };
}

const DIMENSION_WORDS: Record<string, string> = {
  age_band: "age band",
  abuse_category: "category of abuse",
  sex: "sex",
  ethnicity: "ethnic group",
  disability: "disability",
  uasc: "UASC status",
  team: "team",
  worker: "worker",
};

/** A dimension in words ("age band"). */
export function dimensionWords(dim: string): string {
  return DIMENSION_WORDS[dim] ?? dim.replace(/_/g, " ");
}

/** The figure as shown: suppressed when publishing. */
export function shownFigure(
  unit: ReportIndicator["unit"],
  f: StoredFigure | JudgedValue | undefined,
  publish: boolean,
): ShownFigure {
  const parts = {
    value: f?.value ?? null,
    numerator: f?.numerator ?? null,
    denominator: f?.denominator ?? null,
  };
  if (!publish) return parts;
  const p = publishFigure(unit, parts);
  return p.value === null && parts.value !== null ? { ...p, hidden: true } : p;
}

async function indicatorOf(
  fi: FrameworkIndicator,
  line: ScorecardLine,
  ctx: {
    asAt: IsoDate;
    figures: FigureLookup;
    judgedAt: (type: PeriodType, end: IsoDate) => JudgedValue | undefined;
    firstMonth: IsoDate | undefined;
    publish: boolean;
    /** Published, and the SPC chart rests on a suppressed month: none is shown. */
    spcWithheld: boolean;
    commentary: Commentary | null;
    breakdownInput: () => Promise<BreakdownInput | null>;
  },
): Promise<ReportIndicator> {
  const ind = fi.indicator;
  const { asAt, figures, judgedAt, publish } = ctx;
  const months: MonthRow[] = monthEndsBack(asAt, TABLE_MONTHS).map((end) => ({
    end,
    figure: shownFigure(ind.unit, figures(fi.id, "month", end), publish),
    rag: fi.ratedOn === "year" ? null : (judgedAt(fi.ratedOn, end)?.rag ?? null),
    target: fi.ratedOn === "year" ? "" : (judgedAt(fi.ratedOn, end)?.target ?? ""),
  }));
  const fy = financialYearOf(asAt);
  const outturns: OutturnRow[] = Array.from({ length: OUTTURN_YEARS }, (_, k) => fy - OUTTURN_YEARS + k).map(
    (y) => {
      const yearEnd = `${y + 1}-03-31`;
      const j = judgedAt("year", yearEnd);
      const sameYear = j?.benchmarkYear === y + 1;
      return {
        label: financialYearLabel(y),
        yearEnd,
        figure: shownFigure(ind.unit, figures(fi.id, "year", yearEnd), publish),
        benchmarkYear: sameYear ? y + 1 : null,
        snAverage: sameYear ? (j?.sn_average ?? null) : null,
        england: sameYear ? (j?.england ?? null) : null,
        quartile: sameYear ? (j?.quartile ?? null) : null,
      };
    },
  );
  // the XmR chart over every stored month to the period end, as the judge draws it
  const spc = ctx.spcWithheld ? null : monthlySpc(figures, ind, ctx.firstMonth ?? asAt, asAt);
  const trendEnds = monthEndsBack(asAt, TREND_MONTHS);
  const trendSpc = spc ? lastPoints(spc, TREND_MONTHS) : withheldSpc(TREND_MONTHS);
  const latestJudged = judgedAt("month", asAt);
  const trend: TrendInput = {
    id: fi.id,
    title: `${fi.ref} ${fi.title}: the last ${TREND_MONTHS} months`,
    indicator: ind,
    months: trendEnds.map((end) => {
      const f = figures(fi.id, "month", end);
      return {
        end,
        value: f?.value ?? null,
        numerator: f?.numerator ?? null,
        denominator: f?.denominator ?? null,
        rag: fi.ratedOn === "month" ? (judgedAt("month", end)?.rag ?? null) : null,
      };
    }),
    targets: fi.targets,
    references: { sn_average: latestJudged?.sn_average ?? null, england: latestJudged?.england ?? null },
    spc: trendSpc,
    benchmarks: trendEnds
      .filter((e) => e.endsWith("-03-31"))
      .flatMap((e) => {
        const j = judgedAt("year", e);
        const year = Number(e.slice(0, 4));
        return j && j.benchmarkYear === year ? [{ year, snAverage: j.sn_average, england: j.england }] : [];
      }),
    publish,
    ...(ctx.spcWithheld ? { spcWithheld: true } : {}),
  };
  const bm = line.benchmarks;
  return {
    id: fi.id,
    ref: fi.ref,
    title: fi.title,
    definition: ind.definition,
    unit: ind.unit,
    decimals: ind.decimals,
    polarity: ind.polarity,
    kind: ind.kind,
    ratedOn: fi.ratedOn,
    line,
    months,
    outturns,
    trend,
    breakdown: await ctx.breakdownInput(),
    commentary: ctx.commentary,
    narrative: narrative({
      indicator: ind,
      periodType: "month",
      periodEnd: asAt,
      figures,
      judgement: fi.ratedOn === "month" ? { rag: line.rag, target: line.target } : null,
      spc,
      benchmarks: bm.year === null ? null : { year: bm.year, snAverage: bm.snAverage, england: bm.england },
      publish,
    }),
  };
}

/** True when a month from `from` to `to` (month ends) has a figure publishing would suppress. */
function spcRestsOnSuppressed(
  figures: FigureLookup,
  fi: FrameworkIndicator,
  from: IsoDate,
  to: IsoDate,
): boolean {
  for (let e = monthEnd(from); e <= to; e = monthEnd(addMonths(monthStart(e), 1))) {
    const f = figures(fi.id, "month", e);
    if (f && isSuppressed(fi.indicator.unit, f)) return true;
  }
  return false;
}

/** The chart with only its last `n` points (limits as computed over all of them); padded with empty months in front when shorter. */
function lastPoints(chart: SpcChart, n: number): SpcChart {
  const points = chart.points.slice(-n);
  const pad = Array.from({ length: n - points.length }, () => ({
    value: null,
    mean: chart.mean,
    upper: chart.upper,
    lower: chart.lower,
    signals: [],
    variation: null,
  }));
  return { ...chart, points: [...pad, ...points] };
}

/** Target changes in force during the months a trend shows, in words. */
function targetChanges(framework: Framework, from: IsoDate, to: IsoDate): string[] {
  const out: string[] = [];
  for (const fi of framework.sections.flatMap((s) => s.indicators)) {
    const changed = fi.targets.filter((t: DatedTarget, k: number) => k > 0 && t.from > from && t.from <= to);
    for (const t of changed)
      out.push(
        `${fi.ref} ${fi.title}: from ${longDate(t.from)}, ${describeTarget(t, fi.indicator.polarity)}.`,
      );
  }
  return out;
}

function notesOf(
  card: Scorecard,
  framework: Framework,
  sections: ReportSection[],
  cover: ReportModel["cover"],
  options: IndicatorOptions,
  publish: boolean,
): ReportNote[] {
  const missing = sections
    .flatMap((s) => s.indicators)
    .filter((i) => i.line.months.at(-1)?.cell.value === null)
    .map((i) => `${i.ref} ${i.title}`);
  const trendFrom = monthEndsBack(cover.periodEnd, TREND_MONTHS)[0]!;
  const changes = targetChanges(framework, trendFrom, cover.periodEnd);
  const bc = card.benchmarkCouncil;
  const visits =
    options.claVisitStandard === "national"
      ? "the national minimum standard"
      : `every ${options.claVisitStandard.everyDays} days (local standard)`;
  return [
    {
      heading: "Definitions, and changes to them over time",
      paragraphs: [
        "Every indicator follows the definition printed under its title (the csc-scorecard indicator contract, after DfE's CIN census, SSDA903 and LAIT definitions). Figures are recomputed from the child-level records whenever data are imported, so every month shown, however old, is counted by today's definition: a change of definition never leaves a break in a series.",
        `Local standards this council set, which change what some measures count: assessment timeliness measured from the ${options.assessmentClockStartsAt === "assessment_start" ? "assessment start" : "referral date"}; child protection visits due within ${options.cpVisitWorkingDays} working days; looked-after children's visits against ${visits}; care leavers aged ${options.careLeaverAges[0]} to ${options.careLeaverAges[1]}.`,
        changes.length
          ? `Targets that changed within the ${TREND_MONTHS} months shown: ${changes.join(" ")}`
          : `No target changed within the ${TREND_MONTHS} months shown.`,
      ],
    },
    {
      heading: "Data coverage",
      paragraphs: [
        cover.coverage,
        cover.provisional
          ? cover.provisionalNote
          : `${cover.periodLabel} is not the latest month of the data, so its figures are not expected to change.`,
        missing.length
          ? `No figure is available for ${cover.periodLabel} for: ${missing.join("; ")}. “–” means not available, never zero.`
          : `Every indicator has a figure for ${cover.periodLabel}. “–” means not available, never zero.`,
      ],
    },
    {
      heading: "Small numbers",
      paragraphs: [
        publish
          ? "This is the published form of the report: a count of 1 to 4 children or events is shown as “<5”, and a percentage, rate or average resting on such a count is not published (“x” in the tables, left out of the charts, narrative and flows; 0 stays 0). Where any month of an indicator's SPC chart rests on such a count, no SPC average, limits or signal is shown for it (chart, narrative or summary), as they are computed from every month. No list or detail of individual children is included."
          : "This is the internal form of the report: small numbers are not suppressed, and its workbook lists the children behind each exception (as scorecard exceptions does). Do not publish it; produce the published form with --publish, which shows a count of 1 to 4 as “<5”, blanks a percentage, rate or average resting on one, and leaves out all child-level content.",
      ],
    },
    ...(publish
      ? []
      : [
          {
            heading: "Exception lists",
            paragraphs: [
              "The children behind each exception, for the weekly performance meeting, are not listed in this document (HTML or PDF): they are on the Exceptions sheet of this report's Excel workbook (report.xlsx, written with --format xlsx or all), and scorecard exceptions lists them, with their workers and teams, at any date.",
            ],
          },
        ]),
    {
      heading: "How RAG is decided",
      paragraphs: [
        "RAG compares the figure of the period type the framework rates (in month unless the table says YTD, R12 or year) with the target in force at the period end: green meets the target, amber is within the tolerance the framework sets, red is outside it. Grey: the measure has no target (information measures are never rated). A blank RAG: no figure. The RAG is always written as a word beside its colour.",
      ],
    },
    {
      heading: "How direction of travel and signals are decided",
      paragraphs: [
        `Direction of travel compares the latest month with the ${framework.direction.basis === "previous" ? "month before" : "same month a year earlier"}, read against what good performance is; a change that disappears at the figure's displayed precision is “no change”.`,
        `A signal is special cause variation on a statistical process control (XmR) chart of every monthly figure stored up to the report's period end (a later month never changes it): the average and process limits (average ± ${XMR_CONSTANT} × the average moving range between consecutive months) are drawn on each trend chart, and a month is a signal when it falls outside the limits, or is the seventh or later of a run of months on one side of the average, or of a run of seven months rising or falling. A signal is a real change rather than noise; the chart marks it with a triangle (improvement or concern) or a diamond (information measures).`,
      ],
    },
    {
      heading: "Benchmarks",
      paragraphs: [
        bc
          ? `Statistical-neighbour averages, England figures and quartiles are DfE's published figures (LAIT and Explore Education Statistics)${card.benchmarkSources?.length ? ` (${card.benchmarkSources.join("; ")})` : ""}, for LA ${bc.laCode}${bc.name ? ` ${bc.name}` : ""}${bc.laCode === card.laCode ? "" : bc.fromSettings ? " (a comparison council, chosen by settings benchmarks.council)" : " (a comparison council)"}. The quartile band (A best) places the rolling 12 months (flows) or month-end figure (snapshots) among all councils.`
          : "No benchmarks are shown: none are stored for this council (scorecard benchmarks import, or settings benchmarks.council).",
      ],
    },
    {
      heading: "Where we are performing well, and where we need to improve",
      paragraphs: [SELECTION_RULE],
    },
    {
      heading: "Flows",
      paragraphs: [
        "Each number in the flows is the stored figure of the indicator named beside it for the same period, and each conversion rate is a percentage indicator's own figure (its cohort is stated in its definition), never one count divided by another. Where no indicator measures a conversion, none is given.",
      ],
    },
  ];
}
