/**
 * Bar charts of the report: a breakdown of a figure by a dimension, and
 * the flows through the system (contact → … → CP plan, into and out of
 * care) drawn as a funnel of horizontal bars.
 *
 * Why horizontal bars with their figures written beside them: category
 * names stay readable however long, every bar states its number (no
 * reading off an axis), and no legend is needed, so nothing is carried by
 * colour alone. Published, a count of 1–4 has no bar and reads `<5`; a
 * percentage resting on one has no bar and reads "not published".
 * Secondary suppression (a small cell derivable as total minus the rest)
 * is the caller's to decide: the chart shows the cells it is given.
 */
import type { TopLevelSpec } from "vega-lite";
import type { BreakdownCell } from "../../engine/breakdown.ts";
import type { Unit } from "../../indicators/define.ts";
import type { Flows } from "../flows.ts";
import { formatCounts, formatValue } from "../format.ts";
import { type Published, publishFigure } from "../suppress.ts";
import { CONFIG, type RenderedChart, renderSvg, titleParam } from "./render.ts";

/** Bar colours (each ≥ 4.5:1 on white, checked in the tests). */
export const BAR_COLOURS = { main: "#1d4f91", care: "#6a3d9a" } as const;

interface Bar {
  label: string;
  value: number | null;
  text: string;
  colour: string;
}

const SPEC = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  ...titleParam(),
  params: [...titleParam().params, { name: "xMax", value: 1 }],
  width: 420,
  height: { step: 24 },
  config: CONFIG,
  data: { name: "bars" },
  encoding: {
    y: { field: "label", type: "nominal", sort: null, axis: { title: null, labelLimit: 260 } },
  },
  layer: [
    {
      mark: { type: "bar", height: { band: 0.7 } },
      encoding: {
        x: {
          field: "value",
          type: "quantitative",
          scale: { domain: { expr: "[0, xMax]" }, nice: false },
          axis: null,
        },
        color: { field: "colour", type: "nominal", scale: null, legend: null },
      },
    },
    {
      mark: { type: "text", align: "left", dx: 4, baseline: "middle" },
      encoding: {
        x: { field: "at", type: "quantitative" },
        text: { field: "text", type: "nominal" },
      },
    },
  ],
} as unknown as TopLevelSpec;

async function bars(
  id: string,
  title: string,
  description: string,
  rows: Bar[],
  table: RenderedChart["table"],
) {
  const max = Math.max(0, ...rows.map((r) => r.value ?? 0));
  // room to the right of the longest bar for its figure
  const xMax = max > 0 ? max * 1.6 : 1;
  const svg = await renderSvg(SPEC, {
    id,
    title,
    description,
    datasets: { bars: rows.map((r) => ({ ...r, at: r.value ?? 0 })) },
    signals: { xMax },
  });
  return { id, title, description, table, svg };
}

/** What a breakdown chart is drawn from: the engine's breakdown cells and total. */
export interface BreakdownInput {
  id: string;
  title: string;
  /** The dimension in words ("age band"). */
  dimension: string;
  unit: Unit;
  decimals: number;
  cells: readonly BreakdownCell[];
  total: BreakdownCell;
  publish?: boolean;
}

function shown(
  unit: Unit,
  decimals: number,
  c: BreakdownCell,
  publish: boolean,
): { value: number | null; text: string; parts: ReturnType<typeof publishFigure> } {
  const p = publish
    ? publishFigure(unit, c)
    : { value: c.value, numerator: c.numerator, denominator: c.denominator };
  if (p.value === "<5") return { value: null, text: "<5", parts: p };
  if (p.value === null)
    return { value: null, text: publish && c.value !== null ? "not published" : "–", parts: p };
  const counts =
    typeof p.numerator === "number" && typeof p.denominator === "number"
      ? formatCounts(p.numerator, p.denominator, unit)
      : "";
  return {
    value: p.value,
    text: `${formatValue(p.value, unit, decimals)}${counts ? ` (${counts})` : ""}`,
    parts: p,
  };
}

const cellText = (n: Published) => (n === null ? "" : typeof n === "number" ? n.toLocaleString("en-GB") : n);

/** A breakdown of a figure by one dimension as horizontal bars, each labelled with its figure. */
export async function breakdownChart(input: BreakdownInput): Promise<RenderedChart> {
  const publish = input.publish ?? false;
  const cells = input.cells.map((c) => ({ c, s: shown(input.unit, input.decimals, c, publish) }));
  const total = shown(input.unit, input.decimals, input.total, publish);
  const rows: Bar[] = cells.map(({ c, s }) => ({
    label: c.label,
    value: s.value,
    text: s.text,
    colour: BAR_COLOURS.main,
  }));
  const largest = cells.reduce<{ label: string; value: number } | null>(
    (best, { c, s }) =>
      s.value !== null && (best === null || s.value > best.value) ? { label: c.label, value: s.value } : best,
    null,
  );
  const description = [
    `${input.title} by ${input.dimension}: ${cells.length} ${cells.length === 1 ? "group" : "groups"}, total ${total.text}.`,
    largest ? `Largest: ${largest.label} (${formatValue(largest.value, input.unit, input.decimals)}).` : "",
    publish && cells.some(({ s }) => s.text === "<5" || s.text === "not published")
      ? "Groups with fewer than 5 are not drawn."
      : "",
  ]
    .filter(Boolean)
    .join(" ");
  const table = {
    columns: [
      input.dimension[0]!.toUpperCase() + input.dimension.slice(1),
      "Value",
      "Numerator",
      "Denominator",
    ],
    rows: [
      ...cells.map(({ c, s }) => [
        c.label,
        s.text.replace(/ \(.*\)$/, ""),
        cellText(s.parts.numerator),
        cellText(s.parts.denominator),
      ]),
      [
        "Total",
        total.text.replace(/ \(.*\)$/, ""),
        cellText(total.parts.numerator),
        cellText(total.parts.denominator),
      ],
    ],
  };
  return bars(input.id, input.title, description, rows, table);
}

/** "Contacts" → "contacts"; "CP plans started" stays. */
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

const pub = (n: Published) => (n === null ? "–" : typeof n === "number" ? n.toLocaleString("en-GB") : n);

/** The flows of a period as a funnel of bars: the pathway, each step with its conversion rate, then into and out of care. */
export async function flowChart(id: string, title: string, flows: Flows): Promise<RenderedChart> {
  const rows: Bar[] = [];
  const tableRows: string[][] = [];
  for (const step of flows.pathway) {
    let conversion = "";
    let source = "";
    if (step.from && step.from.indicator === null) {
      conversion = "no indicator";
      source = step.from.note;
    } else if (step.from) {
      conversion = typeof step.from.percent === "number" ? formatValue(step.from.percent, "percent", 1) : "–";
      source = step.from.indicator;
    }
    rows.push({
      label: step.label,
      value: typeof step.count === "number" ? step.count : null,
      text: `${pub(step.count)}${step.from && step.from.indicator !== null ? ` · ${conversion} from the step before` : ""}`,
      colour: BAR_COLOURS.main,
    });
    tableRows.push([step.label, step.indicator, pub(step.count), conversion, source]);
  }
  for (const c of [flows.care.started, flows.care.ceased, flows.care.lookedAfterAtEnd]) {
    rows.push({
      label: c.label,
      value: typeof c.count === "number" ? c.count : null,
      text: pub(c.count),
      colour: BAR_COLOURS.care,
    });
    tableRows.push([c.label, c.indicator, pub(c.count), "", ""]);
  }
  const [first, last] = [flows.pathway[0]!, flows.pathway.at(-1)!];
  const description = `${title}: ${pub(first.count)} ${lowerFirst(first.label)} and ${pub(last.count)} ${lowerFirst(last.label)}; ${pub(flows.care.started.count)} started and ${pub(flows.care.ceased.count)} ceased to be looked after, ${pub(flows.care.lookedAfterAtEnd.count)} looked after at the end. Each conversion rate is its indicator's figure; where no indicator measures a step's conversion, none is given.`;
  return bars(id, title, description, rows, {
    columns: ["Step", "Indicator", "Number", "Conversion from the step before", "Conversion measured by"],
    rows: tableRows,
  });
}
