/**
 * The trend chart of one indicator (issue 10, item 2): 24 months of the
 * figure, the target and tolerance as shaded bands where a target is in
 * force, the SPC average and process limits, a marked point where a month
 * is a signal, and the statistical neighbours' average and England's
 * annual out-turns as markers at each year end.
 *
 * Why RAG never rests on colour: the bands are named in the legend and
 * outlined, the signals differ in shape as well as colour (triangle up,
 * triangle down, diamond), and the data table gives each month's RAG in
 * words. Published, a month whose figure rests on a count of 1–4 is left
 * out of the line, its points and its signal (a marker would place it), and
 * when any month does, no SPC average, limits or signal is drawn at all:
 * they are computed from every month, so they would give the hidden ones away.
 */
import type { TopLevelSpec } from "vega-lite";
import type { IsoDate } from "../../calendar/dates.ts";
import { financialYearLabel } from "../../calendar/financialYear.ts";
import type { Rag } from "../../framework/rag.ts";
import { type SpcChart, type SpcSignal, xmr } from "../../framework/spc.ts";
import { type DatedTarget, type Target, targetInForce } from "../../framework/targets.ts";
import type { Indicator } from "../../indicators/define.ts";
import { formatValue, monthLabel } from "../format.ts";
import { isSuppressed, publishFigure } from "../suppress.ts";
import { CONFIG, type RenderedChart, renderSvg, titleParam } from "./render.ts";

/** A month of the trend. */
export interface TrendMonth {
  end: IsoDate;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The month's RAG where it is rated on months. */
  rag?: Rag | null;
}

/** What the trend chart is drawn from. */
export interface TrendInput {
  /** Unique chart id (the indicator id serves). */
  id: string;
  title: string;
  indicator: Pick<Indicator, "unit" | "decimals" | "polarity">;
  /** Up to 24 months, oldest first, consecutive. */
  months: readonly TrendMonth[];
  /** The indicator's dated targets; the one in force at each month end is shaded. */
  targets?: readonly DatedTarget[];
  /** Values of benchmarks a band target names (e.g. sn_average). */
  references?: Readonly<Record<string, number | null>>;
  /** The XmR chart, one point per month (default: computed from these months). */
  spc?: SpcChart;
  /** Annual benchmarks; `year` is the DfE year (2017 = 2016-17), drawn at its March. */
  benchmarks?: readonly { year: number; snAverage: number | null; england: number | null }[];
  publish?: boolean;
  /**
   * Published, and the SPC chart rests on a suppressed month (of these or earlier
   * ones): no average, limits or signal is drawn. Set too when one of `months` is.
   */
  spcWithheld?: boolean;
}

/** An SPC chart of `n` points with nothing drawn: no average, limits or signal. */
export function withheldSpc(n: number): SpcChart {
  return {
    mean: null,
    averageMovingRange: null,
    upper: null,
    lower: null,
    pointsUsed: 0,
    limitsUnreliable: false,
    points: Array.from({ length: n }, () => ({
      value: null,
      mean: null,
      upper: null,
      lower: null,
      signals: [],
      variation: null,
    })),
  };
}

/** The palette; every colour is checked for contrast in the tests. */
export const TREND_COLOURS = {
  series: "#1d4f91",
  spc: "#4d4d4d",
  improvement: "#005ea5",
  concern: "#b35806",
  neutral: "#6a3d9a",
  benchmark: "#222222",
  greenFill: "#d9eed9",
  greenEdge: "#2e7d32",
  amberFill: "#fdebc8",
  amberEdge: "#8a5a00",
} as const;

const MARKS = {
  figure: { name: "Monthly figure", shape: "circle", colour: TREND_COLOURS.series, size: 30 },
  improvement: {
    name: "Signal: improvement",
    shape: "triangle-up",
    colour: TREND_COLOURS.improvement,
    size: 140,
  },
  concern: { name: "Signal: concern", shape: "triangle-down", colour: TREND_COLOURS.concern, size: 140 },
  neutral: { name: "Signal", shape: "diamond", colour: TREND_COLOURS.neutral, size: 140 },
  sn: {
    name: "Statistical neighbours (year)",
    shape: "square",
    colour: TREND_COLOURS.benchmark,
    size: 70,
  },
  england: { name: "England (year)", shape: "cross", colour: TREND_COLOURS.benchmark, size: 90 },
} as const;
type MarkKey = keyof typeof MARKS;

const BANDS = {
  green: { name: "Target (green)", fill: TREND_COLOURS.greenFill, edge: TREND_COLOURS.greenEdge },
  amber: { name: "Tolerance (amber)", fill: TREND_COLOURS.amberFill, edge: TREND_COLOURS.amberEdge },
} as const;

type Band = { band: keyof typeof BANDS; lo: number; hi: number; part: string };

/** The green and amber bands of a target (±Infinity where open-ended); none for information or an unresolved reference. */
export function targetBands(
  target: Target | undefined,
  polarity: Indicator["polarity"],
  references: Readonly<Record<string, number | null>> = {},
): Band[] {
  if (!target) return [];
  const inf = Number.POSITIVE_INFINITY;
  switch (target.form) {
    case "none":
      return [];
    case "target":
      if (polarity === "high") return [{ band: "green", lo: target.target, hi: inf, part: "a" }];
      if (polarity === "low") return [{ band: "green", lo: -inf, hi: target.target, part: "a" }];
      return [];
    case "threshold": {
      const amber = target.amber ?? target.green;
      if (polarity === "high") {
        return [
          { band: "green", lo: target.green, hi: inf, part: "a" },
          ...(amber < target.green
            ? [{ band: "amber" as const, lo: amber, hi: target.green, part: "a" }]
            : []),
        ];
      }
      if (polarity === "low") {
        return [
          { band: "green", lo: -inf, hi: target.green, part: "a" },
          ...(amber > target.green
            ? [{ band: "amber" as const, lo: target.green, hi: amber, part: "a" }]
            : []),
        ];
      }
      return [];
    }
    case "band": {
      const r = typeof target.reference === "number" ? target.reference : references[target.reference];
      if (r === null || r === undefined) return [];
      const a = target.amber ?? target.green;
      return [
        { band: "green", lo: r - target.green, hi: r + target.green, part: "a" },
        ...(a > target.green
          ? [
              { band: "amber" as const, lo: r - a, hi: r - target.green, part: "below" },
              { band: "amber" as const, lo: r + target.green, hi: r + a, part: "above" },
            ]
          : []),
      ];
    }
    case "range": {
      const below = target.amberBelow ?? 0;
      const above = target.amberAbove ?? 0;
      return [
        { band: "green", lo: target.low, hi: target.high, part: "a" },
        ...(below > 0
          ? [{ band: "amber" as const, lo: target.low - below, hi: target.low, part: "below" }]
          : []),
        ...(above > 0
          ? [{ band: "amber" as const, lo: target.high, hi: target.high + above, part: "above" }]
          : []),
      ];
    }
  }
}

const SIGNAL_WORDS: Record<SpcSignal, string> = {
  "above upper limit": "above the upper limit",
  "below lower limit": "below the lower limit",
  "run above mean": "run above the average",
  "run below mean": "run below the average",
  "rising trend": "rising trend",
  "falling trend": "falling trend",
};

/** Draws the trend chart with its description and data table. */
export async function trendChart(input: TrendInput): Promise<RenderedChart> {
  const { unit, decimals, polarity } = input.indicator;
  const months = input.months;
  const publish = input.publish ?? false;
  const shownValue = months.map((m) => {
    if (!publish) return m.value;
    const p = publishFigure(unit, m);
    return typeof p.value === "number" ? p.value : null;
  });
  const withheld = publish && (input.spcWithheld === true || months.some((m) => isSuppressed(unit, m)));
  const spc = withheld
    ? withheldSpc(months.length)
    : (input.spc ??
      xmr(
        months.map((m) => m.value),
        polarity,
      ));
  if (spc.points.length !== months.length) {
    throw new RangeError(`the SPC chart has ${spc.points.length} points for ${months.length} months`);
  }
  const fmt = (v: number | null) => formatValue(v, unit, decimals);
  const first = months[0]?.end;
  const last = months.at(-1)?.end;

  // bands, with open edges closed at the chart's extent
  const bandRows: { i: number; band: string; part: string; lo: number; hi: number }[] = [];
  const bandsByMonth = months.map((m) =>
    targetBands(input.targets ? targetInForce(input.targets, m.end) : undefined, polarity, input.references),
  );
  const benchmarks = (input.benchmarks ?? []).filter((b) => {
    const march = `${b.year}-03-31`;
    return first !== undefined && last !== undefined && march >= first && march <= last;
  });
  const finite = [
    ...shownValue,
    spc.mean,
    spc.upper,
    spc.lower,
    ...benchmarks.flatMap((b) => [b.snAverage, b.england]),
    ...bandsByMonth.flat().flatMap((b) => [b.lo, b.hi]),
  ].filter((v): v is number => v !== null && Number.isFinite(v));
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  const pad = Math.max((hi - lo) * 0.08, 1);
  lo -= pad;
  hi += pad;
  if (unit === "percent") [lo, hi] = [Math.max(lo, 0), Math.min(hi, 100)];
  if (unit !== "ratio" && finite.every((v) => v >= 0)) lo = Math.max(lo, 0);
  months.forEach((_, i) => {
    for (const b of bandsByMonth[i]!) {
      const bLo = Math.max(b.lo, lo);
      const bHi = Math.min(b.hi, hi);
      if (bHi > bLo) bandRows.push({ i, band: BANDS[b.band].name, part: b.part, lo: bLo, hi: bHi });
    }
  });

  const variationMark = (i: number): MarkKey | null => {
    const v = spc.points[i]!.variation;
    if (shownValue[i] === null || v === null || v === "common") return null;
    return v === "special-improving" ? "improvement" : v === "special-concerning" ? "concern" : "neutral";
  };
  const points: { i: number; value: number; mark: string }[] = [];
  shownValue.forEach((v, i) => {
    if (v === null) return;
    points.push({ i, value: v, mark: MARKS.figure.name });
    const s = variationMark(i);
    if (s) points.push({ i, value: v, mark: MARKS[s].name });
  });
  for (const b of benchmarks) {
    const i = months.findIndex((m) => m.end === `${b.year}-03-31`);
    if (b.snAverage !== null) points.push({ i, value: b.snAverage, mark: MARKS.sn.name });
    if (b.england !== null) points.push({ i, value: b.england, mark: MARKS.england.name });
  }
  const spcRows: { i: number; line: string; kind: string; value: number }[] = [];
  if (spc.mean !== null) {
    months.forEach((_, i) => {
      spcRows.push({ i, line: "mean", kind: "Average", value: spc.mean! });
      if (spc.upper !== null && spc.upper < hi)
        spcRows.push({ i, line: "upper", kind: "Process limits", value: spc.upper });
      if (spc.lower !== null && spc.lower > lo)
        spcRows.push({ i, line: "lower", kind: "Process limits", value: spc.lower });
    });
  }
  const series = shownValue.map((value, i) => ({ i, value }));

  const marksPresent = (Object.keys(MARKS) as MarkKey[]).filter((k) =>
    points.some((p) => p.mark === MARKS[k].name),
  );
  const bandsPresent = (Object.keys(BANDS) as (keyof typeof BANDS)[]).filter((k) =>
    bandRows.some((b) => b.band === BANDS[k].name),
  );
  // months as positions 0…n−1 labelled from a signal: no date parsing, so no time zone can move a point
  const x = {
    field: "i",
    type: "quantitative",
    scale: { domain: { expr: "xDomain" }, nice: false, zero: false },
    axis: {
      title: null,
      values: { expr: "xTicks" },
      labelExpr: "monthLabels[datum.value]",
      grid: false,
      labelAngle: 0,
    },
  } as const;
  const yTitle = { percent: "%", rate10k: "per 10,000", count: "number", days: "days", ratio: "ratio" }[unit];
  const y = {
    type: "quantitative",
    scale: { domain: { expr: "yDomain" }, nice: false, zero: false },
    axis: { title: yTitle },
  } as const;
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...titleParam(),
    params: [
      ...titleParam().params,
      { name: "yDomain", value: [0, 1] },
      { name: "xDomain", value: [0, 1] },
      { name: "xTicks", value: [] },
      { name: "monthLabels", value: [] },
    ],
    width: 480,
    height: 220,
    config: { ...CONFIG, line: { invalid: "break-paths-filter-domains" } },
    layer: [
      ...(bandsPresent.length
        ? [
            {
              data: { name: "bands" },
              mark: { type: "area", strokeWidth: 1, fillOpacity: 1 },
              encoding: {
                x,
                y: { ...y, field: "lo" },
                y2: { field: "hi" },
                detail: { field: "part" },
                fill: {
                  field: "band",
                  type: "nominal",
                  scale: {
                    domain: bandsPresent.map((k) => BANDS[k].name),
                    range: bandsPresent.map((k) => BANDS[k].fill),
                  },
                  legend: { title: "Target" },
                },
                stroke: {
                  field: "band",
                  type: "nominal",
                  scale: {
                    domain: bandsPresent.map((k) => BANDS[k].name),
                    range: bandsPresent.map((k) => BANDS[k].edge),
                  },
                  legend: null,
                },
              },
            },
          ]
        : []),
      ...(spc.mean !== null
        ? [
            {
              data: { name: "spc" },
              mark: { type: "line", color: TREND_COLOURS.spc, strokeWidth: 1 },
              encoding: {
                x,
                y: { ...y, field: "value" },
                detail: { field: "line" },
                strokeDash: {
                  field: "kind",
                  type: "nominal",
                  scale: {
                    domain: ["Average", "Process limits"],
                    range: [
                      [1, 0],
                      [5, 4],
                    ],
                  },
                  legend: { title: "SPC" },
                },
              },
            },
          ]
        : []),
      {
        data: { name: "series" },
        mark: { type: "line", color: TREND_COLOURS.series, strokeWidth: 2 },
        encoding: { x, y: { ...y, field: "value" } },
      },
      {
        data: { name: "points" },
        mark: { type: "point", filled: true, opacity: 1 },
        encoding: {
          x,
          y: { ...y, field: "value" },
          shape: {
            field: "mark",
            type: "nominal",
            scale: {
              domain: marksPresent.map((k) => MARKS[k].name),
              range: marksPresent.map((k) => MARKS[k].shape),
            },
            legend: { title: null },
          },
          color: {
            field: "mark",
            type: "nominal",
            scale: {
              domain: marksPresent.map((k) => MARKS[k].name),
              range: marksPresent.map((k) => MARKS[k].colour),
            },
            legend: { title: null },
          },
          size: {
            field: "mark",
            type: "ordinal",
            sort: null,
            scale: {
              domain: marksPresent.map((k) => MARKS[k].name),
              range: marksPresent.map((k) => MARKS[k].size),
            },
            legend: { title: null },
          },
        },
      },
    ],
    resolve: { legend: { fill: "independent", strokeDash: "independent" } },
  } as unknown as TopLevelSpec;

  // accessible alternatives
  const signalCount = months.filter((_, i) => variationMark(i) !== null).length;
  const description = [
    `${input.title}: monthly figures${first && last ? ` from ${monthLabel(first)} to ${monthLabel(last)}` : ""} (${months.length} months).`,
    last ? `Latest, ${monthLabel(last)}: ${fmt(shownValue.at(-1) ?? null)}.` : "",
    spc.mean !== null
      ? `SPC average ${fmt(spc.mean)}${spc.upper !== null && spc.lower !== null ? `, process limits ${fmt(spc.lower)} to ${fmt(spc.upper)}` : ""}; ${signalCount === 1 ? "1 month is a signal" : `${signalCount} months are signals`} (special cause variation)${spc.limitsUnreliable ? ", indicative only as the limits rest on fewer than 12 months" : ""}.`
      : withheld
        ? "No SPC average, process limits or signals are drawn: they would be computed from figures resting on fewer than 5, which are not published."
        : "",
    bandsPresent.length ? "The target and tolerance in force are shaded." : "No target is shaded.",
    benchmarks.length
      ? `The statistical neighbours' average (squares) and England (crosses) are marked at each year end: ${benchmarks.map((b) => financialYearLabel(b.year - 1)).join(", ")}.`
      : "",
  ]
    .filter(Boolean)
    .join(" ");
  const rows = months.map((m, i) => {
    const p = publish ? publishFigure(unit, m) : m;
    const counts = (n: unknown) =>
      n === null ? "" : typeof n === "number" ? n.toLocaleString("en-GB") : String(n);
    const s = spc.points[i]!;
    const mark = variationMark(i);
    const bm = benchmarks.find((b) => `${b.year}-03-31` === m.end);
    return [
      monthLabel(m.end),
      fmt(shownValue[i] ?? null),
      counts(p.numerator),
      counts(p.denominator),
      m.rag ? m.rag.toUpperCase() : "",
      fmt(s.mean),
      s.lower !== null && s.upper !== null ? `${fmt(s.lower)} to ${fmt(s.upper)}` : "",
      mark ? `${MARKS[mark].name} (${s.signals.map((x) => SIGNAL_WORDS[x]).join(", ")})` : "",
      bm ? fmt(bm.snAverage) : "",
      bm ? fmt(bm.england) : "",
    ];
  });
  const svg = await renderSvg(spec, {
    id: input.id,
    title: input.title,
    description,
    datasets: {
      ...(bandsPresent.length ? { bands: bandRows } : {}),
      ...(spc.mean !== null ? { spc: spcRows } : {}),
      series,
      points,
    },
    signals: {
      yDomain: [lo, hi],
      xDomain: [-0.5, Math.max(months.length, 1) - 0.5],
      // a tick at each quarter's first month (January, April, July, October)
      xTicks: months.flatMap((m, i) => (["01", "04", "07", "10"].includes(m.end.slice(5, 7)) ? [i] : [])),
      monthLabels: months.map((m) => monthLabel(m.end)),
    },
  });
  return {
    id: input.id,
    title: input.title,
    description,
    table: {
      columns: [
        "Month",
        "Value",
        "Numerator",
        "Denominator",
        "RAG",
        "Average",
        "Process limits",
        "Signal",
        "SN average",
        "England",
      ],
      rows,
    },
    svg,
  };
}
