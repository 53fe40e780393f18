/**
 * Vega-Lite to SVG in Node: no canvas, no browser, nothing fetched.
 *
 * Why these choices:
 * - Text widths are estimated from character counts (vega's estimator),
 *   never measured with a canvas, so the SVG is byte-identical on every
 *   machine whether or not a `canvas` package happens to be installed,
 *   and a golden file can be strict in CI. Fonts are named as CSS
 *   families only; the reader's system draws them.
 * - A spec is compiled, parsed and instantiated as a view once per shape
 *   (the spec without its data, title and description); each chart of that
 *   shape replaces the view's data and signals and renders again. Building
 *   the dataflow dominates the cost, and a report draws the same shape for
 *   many indicators. Renders on one view are queued, never interleaved, and
 *   the tests check that a chart drawn after others is byte-identical to
 *   the same chart drawn first.
 * - Vega numbers clip paths and gradients from a process-wide counter; the
 *   counter is reset before each render and the ids are prefixed with the
 *   chart's own id, so the output does not depend on what was drawn
 *   before and many SVGs can sit inline in one HTML page without clashes.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** What a chart gives the report: the SVG and its accessible alternatives. */
export interface RenderedChart {
  /** Unique within the report; prefixes the SVG's internal ids. */
  id: string;
  title: string;
  /** A text description of what the chart shows (also the SVG's aria-label). */
  description: string;
  /** The data table alternative. */
  table: { columns: string[]; rows: string[][] };
  svg: string;
}

/** Fonts named for the SVG (the reader's own; nothing is fetched). */
export const FONT = "Arial, Helvetica, sans-serif";

/** Colour of all text in charts (contrast 15.9:1 on white). */
export const TEXT_COLOUR = "#222222";

// vega-typings omit the text metrics object that vega-scenegraph exports.
(vega as unknown as { textMetrics: { canvas(use: boolean): void } }).textMetrics.canvas(false);

const views = new Map<string, { view: vega.View; queue: Promise<unknown> }>();

/** Number of distinct chart shapes compiled so far. */
export function compiledShapes(): number {
  return views.size;
}

/**
 * Renders a Vega-Lite spec whose data are named sources (`data: {name}`)
 * filled from `datasets`, with `title` bound to the signal `chartTitle`
 * (use `titleParam()` in the spec), to SVG.
 */
export async function renderSvg(
  spec: TopLevelSpec,
  chart: {
    id: string;
    title: string;
    description: string;
    datasets: Record<string, readonly object[]>;
    /** Values of other params the spec declares (e.g. a scale domain). */
    signals?: Record<string, unknown>;
  },
): Promise<string> {
  const key = JSON.stringify(spec);
  const names = dataNames(spec).sort();
  const given = Object.keys(chart.datasets).sort();
  if (names.join() !== given.join()) {
    // a source left out would keep the previous chart's rows
    throw new Error(
      `chart ${chart.id}: the spec reads data ${names.join(", ")} but ${given.join(", ") || "none"} were given`,
    );
  }
  let slot = views.get(key);
  if (!slot) {
    slot = {
      view: new vega.View(vega.parse(compile(spec).spec), { renderer: "none" }),
      queue: Promise.resolve(),
    };
    views.set(key, slot);
  }
  const { view } = slot;
  const render = slot.queue.then(async () => {
    view.signal("chartTitle", chart.title);
    for (const [name, value] of Object.entries(chart.signals ?? {})) view.signal(name, value);
    view.description(chart.description);
    for (const [name, rows] of Object.entries(chart.datasets))
      view.data(
        name,
        rows.map((r) => ({ ...r })),
      );
    vega.resetSVGDefIds();
    return view.toSVG();
  });
  slot.queue = render.catch(() => undefined);
  return labelled(prefixIds(await render, chart.id), chart);
}

/** Names of the named data sources a spec reads. */
function dataNames(spec: unknown, out = new Set<string>()): string[] {
  if (Array.isArray(spec)) for (const x of spec) dataNames(x, out);
  else if (spec && typeof spec === "object") {
    const data = (spec as { data?: { name?: unknown } }).data;
    if (data && typeof data.name === "string") out.add(data.name);
    for (const v of Object.values(spec)) if (v && typeof v === "object") dataNames(v, out);
  }
  return [...out];
}

/** The spec fragments that make the title a signal set per chart. */
export function titleParam(): {
  params: [{ name: "chartTitle"; value: string }];
  title: { text: { expr: string } };
} {
  return { params: [{ name: "chartTitle", value: "" }], title: { text: { expr: "chartTitle" } } };
}

/** Escapes text for XML content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Makes the SVG an image named by its title and described by its description, for screen readers. */
function labelled(svg: string, chart: { id: string; title: string; description: string }): string {
  const id = safeId(chart.id);
  return svg.replace(
    /^<svg ([^>]*)>/,
    `<svg $1 role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${escapeXml(chart.title)}</title><desc id="${id}-desc">${escapeXml(chart.description)}</desc>`,
  );
}

const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "_");

function prefixIds(svg: string, prefix: string): string {
  const safe = safeId(prefix);
  return svg.replace(/id="([^"]+)"/g, `id="${safe}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${safe}-$1)`);
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = Number.parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/**
 * Shared look: fonts, text colour, no outer border. Marks, axes and legends
 * are hidden from screen readers (`aria: false`): the chart's description
 * and its data table say what they show, in words a reader can follow.
 */
export const CONFIG = {
  font: FONT,
  view: { stroke: null },
  title: { color: TEXT_COLOUR, fontSize: 14, anchor: "start", limit: 720 },
  axis: {
    labelColor: TEXT_COLOUR,
    titleColor: TEXT_COLOUR,
    domainColor: "#595959",
    tickColor: "#595959",
    gridColor: "#e0e0e0",
    aria: false,
  },
  legend: { labelColor: TEXT_COLOUR, titleColor: TEXT_COLOUR, orient: "right", labelLimit: 260, aria: false },
  mark: { aria: false },
  text: { color: TEXT_COLOUR },
} as const;
