/**
 * The report document as one self-contained HTML file (issue 10, item 6):
 * cover, table of contents, summary, a section per service area, flows
 * and notes (no list of children: those are the workbook's and
 * `scorecard exceptions`'); charts as inline SVG; no script, font,
 * image or style fetched from anywhere. A print stylesheet lays it out on
 * A4 landscape with a page break before each section and each indicator,
 * and the PDF is this file printed by Chromium (pdf.ts).
 *
 * Why the summary table has fixed column widths: the seeds' scorecard is
 * read on paper, so it must fit the printable width of A4 landscape
 * without scrolling; titles and targets wrap instead (tested in Chromium).
 */

import type { Cell, Direction, ScorecardLine } from "../../app/scorecard.ts";
import type { Rag } from "../../framework/rag.ts";
import type { Unit } from "../../indicators/define.ts";
import { breakdownChart, flowChart } from "../charts/bars.ts";
import type { RenderedChart } from "../charts/render.ts";
import { trendChart } from "../charts/trend.ts";
import { howWeCompareTable } from "../compare/html.ts";
import { formatValue, longDate, monthLabel } from "../format.ts";
import { escapeHtml as e } from "../html.ts";
import { type Published, publishFigure } from "../suppress.ts";
import type { ReportIndicator, ReportModel, ShownFigure } from "./model.ts";

/** What a blanked figure of a published report shows (DfE's mark for suppressed). */
export const HIDDEN_MARK = "x";

const RAG_WORDS: Record<Rag, string> = { red: "Red", amber: "Amber", green: "Green", grey: "Grey" };

const DIRECTION_VIEW: Record<Direction, { symbol: string; word: string }> = {
  improving: { symbol: "▲", word: "improving" },
  declining: { symbol: "▼", word: "declining" },
  "no change": { symbol: "►", word: "no change" },
  higher: { symbol: "▲", word: "higher" },
  lower: { symbol: "▼", word: "lower" },
  new: { symbol: "", word: "new" },
};

const RATED_SUFFIX: Record<string, string> = {
  month: "",
  quarter: " QTD",
  ytd: " YTD",
  rolling12: " R12",
  year: " year",
};

/** Colours pass WCAG AA for their text (checked in html.test.ts). */
export const RAG_COLOURS: Record<Rag, { fill: string; text: string }> = {
  red: { fill: "#d4351c", text: "#ffffff" },
  amber: { fill: "#ffdd00", text: "#0b0c0c" },
  green: { fill: "#00703c", text: "#ffffff" },
  grey: { fill: "#dee0e2", text: "#0b0c0c" },
};

const CSS = `
*{box-sizing:border-box}
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:0;background:#fff;font-size:10pt;line-height:1.35}
main{max-width:277mm;margin:0 auto;padding:0 4mm}
h1{font-size:22pt;margin:0 0 6mm}h2{font-size:16pt;margin:0 0 4mm;border-bottom:3px solid #1d70b8;padding-bottom:1mm}
h3{font-size:12.5pt;margin:0 0 2mm}h4{font-size:10.5pt;margin:3mm 0 1mm}
section.page,article.indicator{break-before:page;padding-top:4mm}
.cover{padding-top:30mm}.cover p{font-size:12pt;margin:0 0 3mm}
.badge{display:inline-block;border:2px solid #0b0c0c;padding:1mm 3mm;font-weight:700;margin:0 2mm 3mm 0}
.provisional{border-color:#8a5a00;color:#5c3c00}
.def{color:#383f43;margin:0 0 2mm;max-width:250mm}
nav ol{columns:2;column-gap:12mm;margin:0;padding-left:6mm}nav li{break-inside:avoid;margin-bottom:1mm}
nav ol ol{columns:1;font-size:9pt;padding-left:5mm;list-style:none}nav>ol>li{list-style:none}nav>ol>li[value]{list-style:decimal}
a{color:#1d70b8}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:0 0 3mm;break-inside:auto}
tr{break-inside:avoid}
th,td{border:1px solid #b1b4b6;padding:1mm 1.2mm;text-align:right;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f2f1;font-weight:700}
th.l,td.l{text-align:left}
.sub{display:block;color:#383f43;font-size:7.5pt}
table.summary{width:100%;table-layout:fixed;font-size:7.5pt}
table.summary tr.area th{background:#1d70b8;color:#fff;text-align:left;font-size:8.5pt}
table.months{width:100%;table-layout:fixed;font-size:8pt}
table.wide{width:100%;table-layout:fixed;font-size:8.5pt}
td.rag{text-align:center;font-weight:700}
${(Object.keys(RAG_COLOURS) as Rag[]).map((r) => `.rag-${r}{background:${RAG_COLOURS[r].fill};color:${RAG_COLOURS[r].text}}`).join("")}
.good{color:#00703c;font-weight:700}.bad{color:#b3261e;font-weight:700}
figure{margin:0 0 3mm;break-inside:avoid}figure svg{max-width:100%;height:auto}
figcaption{font-size:8.5pt;color:#383f43;max-width:250mm}
details{font-size:8.5pt;margin:1mm 0 3mm}
.columns{display:flex;gap:5mm;align-items:flex-start}.columns>*{flex:1 1 0;min-width:0}.columns>.wide-col{flex:1.5 1 0}
caption{text-align:left}caption h4{margin:1mm 0}
.commentary{border-left:5px solid #1d70b8;background:#f3f2f1;padding:2mm 3mm;margin:0 0 3mm}
.commentary.none{border-left-color:#b1b4b6;color:#383f43}
.narrative p{margin:0 0 1.5mm}
ul.highlights li{margin-bottom:1.5mm}
@page{size:A4 landscape;margin:10mm 10mm 14mm}
@media print{body{font-size:9pt}main{max-width:none;padding:0}a{color:#0b0c0c;text-decoration:none}details>summary{display:none}}
`;

type Figure = ShownFigure | Cell;

/** A figure's value as text: "<5", "x" (blanked), or "–" (none). */
function valueText(f: Figure, unit: Unit, decimals: number): string {
  const v = f.value as Published;
  if (v === "<5") return "<5";
  if (v === null) return "hidden" in f && f.hidden ? HIDDEN_MARK : "–";
  return formatValue(v, unit, decimals);
}

const countText = (n: Published) => (n === null ? "" : typeof n === "number" ? n.toLocaleString("en-GB") : n);

/** "46 of 261" under a percentage. */
function partsText(f: Figure, unit: Unit): string {
  if (unit !== "percent" || f.numerator === null || f.denominator === null) return "";
  return `${countText(f.numerator as Published)} of ${countText(f.denominator as Published)}`;
}

/** A scorecard cell as published or not. */
function shownCell(cell: Cell, unit: Unit, publish: boolean): ShownFigure {
  if (!publish) return cell;
  const p = publishFigure(unit, cell);
  return { ...p, ...(p.value === null && cell.value !== null ? { hidden: true } : {}) };
}

function figureTd(f: Figure, unit: Unit, decimals: number): string {
  const parts = partsText(f, unit);
  return `<td>${e(valueText(f, unit, decimals))}${parts ? `<span class="sub">${e(parts)}</span>` : ""}</td>`;
}

function ragTd(rag: Rag | null, suffix = ""): string {
  if (rag === null) return '<td class="rag"></td>';
  return `<td class="rag rag-${rag}">${e(RAG_WORDS[rag] + suffix)}</td>`;
}

function chartHtml(c: RenderedChart): string {
  const head = c.table.columns.map((h) => `<th class="l" scope="col">${e(h)}</th>`).join("");
  const rows = c.table.rows
    .map((r) => `<tr>${r.map((v) => `<td class="l">${e(v)}</td>`).join("")}</tr>`)
    .join("");
  return `<figure>${c.svg}<figcaption>${e(c.description)}</figcaption>
<details><summary>The chart's figures as a table</summary><table class="wide"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></details></figure>`;
}

function summaryLine(line: ScorecardLine, publish: boolean): string {
  const { unit, decimals } = line.indicator;
  const cell = (c: Cell) => figureTd(shownCell(c, unit, publish), unit, decimals);
  const dot = DIRECTION_VIEW[line.direction];
  const cls =
    line.direction === "improving"
      ? ' class="l good"'
      : line.direction === "declining"
        ? ' class="l bad"'
        : ' class="l"';
  const bm = line.benchmarks;
  const bmTd = (v: number | null) => `<td>${v === null ? "" : e(formatValue(v, unit, decimals))}</td>`;
  return `<tr><td class="l">${e(line.ref)}</td><td class="l"><a href="#ind-${e(line.indicator.id)}">${e(line.title)}</a><span class="sub">${e(line.indicator.id)}</span></td>${line.months.map((m) => cell(m.cell)).join("")}${cell(line.ytd)}${cell(line.rolling12)}<td${cls}>${dot.symbol} ${e(dot.word)}${line.signal ? '<span class="sub">signal</span>' : ""}</td>${ragTd(line.rag, RATED_SUFFIX[line.ratedOn])}<td class="l">${e(line.target)}</td>${cell(line.outturns.at(-1)?.cell ?? { value: null, numerator: null, denominator: null })}${bmTd(bm.snAverage)}${bmTd(bm.england)}<td>${e(bm.quartile ?? "")}</td></tr>`;
}

/** Column widths of the summary table (per cent of the printable width). */
const SUMMARY_COLUMNS = [4, 19, 6, 6, 6, 6.5, 6.5, 7, 6.5, 10, 6.5, 5.5, 5.5, 4.5];

function summaryHtml(model: ReportModel): string {
  const card = model.summary.scorecard;
  const first = card.sections[0]?.lines[0];
  const months = (first?.months ?? []).map((m) => `<th>${e(monthLabel(m.end))}</th>`).join("");
  const lastOut = first?.outturns.at(-1)?.label ?? "";
  // the latest year of DfE benchmarks any line has (not every measure is published)
  const years = card.sections.flatMap((s) => s.lines.map((l) => l.benchmarks.year)).filter((y) => y !== null);
  const latest = years.length ? Math.max(...years) : null;
  const bmYear = latest ? ` ${latest - 1}-${String(latest % 100).padStart(2, "0")}` : "";
  const body = card.sections
    .map(
      (s) =>
        `<tr class="area"><th colspan="${SUMMARY_COLUMNS.length}">${e(s.title)}</th></tr>\n${s.lines.map((l) => summaryLine(l, model.publish)).join("\n")}`,
    )
    .join("\n");
  const items = (xs: ReportModel["summary"]["performingWell"]) =>
    xs.length
      ? `<ul class="highlights">${xs.map((x) => `<li>${e(x.sentence)}</li>`).join("")}</ul>`
      : "<p>No measure meets the rule this month.</p>";
  return `<section class="page" id="summary"><h2>Children's social care performance scorecard</h2>
<p>Figures at ${e(longDate(card.asAt))}; year to date is ${e(card.ytdLabel)}. RAG is in month unless stated (YTD, R12); the direction compares the month with the one before; “signal” marks special cause variation. See the notes for how each is decided.${bmYear ? ` Benchmarks${e(bmYear)}: the statistical neighbours' average, England and the quartile band (A best) of the latest year DfE has published.` : ""}</p>
<table class="summary"><colgroup>${SUMMARY_COLUMNS.map((w) => `<col style="width:${w}%">`).join("")}</colgroup>
<thead><tr><th class="l">No.</th><th class="l">Indicator</th>${months}<th>YTD ${e(card.ytdLabel)}</th><th>Rolling 12 months</th><th class="l">Direction</th><th>RAG</th><th class="l">Target</th><th>${e(lastOut)}</th><th>Stat. neigh.${e(bmYear)}</th><th>England${e(bmYear)}</th><th>Quart&shy;ile</th></tr></thead>
<tbody>
${body}
</tbody></table>
<h3 id="performing-well">Where we are performing well</h3>
${items(model.summary.performingWell)}
<h3 id="need-to-improve">Where we need to improve</h3>
${items(model.summary.needToImprove)}
<p class="sub">How the measures are chosen: see the notes (“Where we are performing well, and where we need to improve”).</p>
</section>`;
}

async function indicatorHtml(ind: ReportIndicator, publish: boolean): Promise<string> {
  const { unit, decimals } = ind;
  const trend = await trendChart(ind.trend);
  const monthHeads = ind.months.map((m) => `<th>${e(monthLabel(m.end))}</th>`).join("");
  const hasParts = ind.months.some((m) => m.figure.numerator !== null || m.figure.denominator !== null);
  const partsRow = (label: string, key: "numerator" | "denominator") =>
    `<tr><th class="l" scope="row">${e(label)}</th>${ind.months.map((m) => `<td>${e(countText(m.figure[key]))}</td>`).join("")}</tr>`;
  const partLabels: Record<Unit, [string, string]> = {
    percent: ["Numerator", "Denominator"],
    rate10k: ["Number", "Population 0–17"],
    days: ["Total days", "Number"],
    ratio: ["Children", "Social workers (FTE)"],
    count: ["", ""],
  };
  const ragLabel =
    ind.ratedOn === "month" ? "RAG" : `RAG (${RATED_SUFFIX[ind.ratedOn]!.trim()} at month end)`;
  const monthsTable = `<table class="months"><caption class="l"><h4>The last ${ind.months.length} months</h4></caption>
<colgroup><col style="width:10%">${ind.months.map(() => `<col style="width:${(90 / ind.months.length).toFixed(3)}%">`).join("")}</colgroup>
<thead><tr><th class="l">Month</th>${monthHeads}</tr></thead><tbody>
<tr><th class="l" scope="row">Value</th>${ind.months.map((m) => `<td>${e(valueText(m.figure, unit, decimals))}</td>`).join("")}</tr>
${hasParts ? partsRow(partLabels[unit][0], "numerator") + partsRow(partLabels[unit][1], "denominator") : ""}
<tr><th class="l" scope="row">${e(ragLabel)}</th>${ind.months.map((m) => ragTd(m.rag)).join("")}</tr>
</tbody></table>`;
  const outturns = `<table class="wide"><caption class="l"><h4>Year out-turns and benchmarks</h4></caption><thead><tr><th class="l">Year</th><th>Value</th><th>Statistical neighbours</th><th>England</th><th>Quartile (A best)</th></tr></thead><tbody>
${ind.outturns
  .map(
    (o) =>
      `<tr><td class="l">${e(o.label)}</td>${figureTd(o.figure, unit, decimals)}<td>${o.snAverage === null ? "" : e(formatValue(o.snAverage, unit, decimals))}</td><td>${o.england === null ? "" : e(formatValue(o.england, unit, decimals))}</td><td>${e(o.quartile ?? "")}</td></tr>`,
  )
  .join("\n")}
</tbody></table>`;
  const breakdown = ind.breakdown ? chartHtml(await breakdownChart(ind.breakdown)) : "";
  const c = ind.commentary;
  const commentary = c
    ? `<div class="commentary"><p>${e(c.text).replace(/\n+/g, "</p><p>")}</p><p class="sub">${e(c.author)}, ${e(longDate(c.writtenAt.slice(0, 10)))}</p></div>`
    : '<div class="commentary none"><p>No commentary was written for this period.</p></div>';
  const line = ind.line;
  return `<article class="indicator" id="ind-${e(ind.id)}">
<h3>${e(ind.ref)} ${e(ind.title)}</h3>
<p class="def">${e(ind.definition)}${line.target ? ` Target: ${e(line.target)}.` : ""}${publish ? "" : ` <span class="sub">Indicator ${e(ind.id)}; the children behind each figure: scorecard explain ${e(ind.id)}.</span>`}</p>
<div class="columns"><div class="wide-col">${chartHtml(trend)}</div><div><h4>Commentary</h4>${commentary}<h4>What the figures say</h4><div class="narrative">${ind.narrative.map((s) => `<p>${e(s.text)}</p>`).join("")}</div></div></div>
${monthsTable}
<div class="columns"><div>${outturns}</div><div>${breakdown}</div></div>
</article>`;
}

async function flowsHtml(model: ReportModel): Promise<string> {
  const parts: string[] = [];
  for (const [k, f] of model.flows.entries()) {
    const chart = await flowChart(`flows-${f.flows.periodType}`, `Flows, ${f.label}`, f.flows);
    const head = chart.table.columns.map((h) => `<th class="l" scope="col">${e(h)}</th>`).join("");
    const rows = chart.table.rows
      .map(
        (r) =>
          `<tr>${r.map((v, i) => `<td class="${i === 2 || i === 3 ? "" : "l"}">${e(v)}</td>`).join("")}</tr>`,
      )
      .join("\n");
    parts.push(`<div${k > 0 ? ' style="break-before:page"' : ""}><h3>${e(f.label)}</h3>
<figure>${chart.svg}<figcaption>${e(chart.description)}</figcaption></figure>
<table class="wide"><colgroup><col style="width:22%"><col style="width:20%"><col style="width:10%"><col style="width:14%"><col style="width:34%"></colgroup><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>`);
  }
  return `<section class="page" id="flows"><h2>Flows through the system</h2>
<p>Contact to child protection plan, and into and out of care, for the month, the quarter and the year to date. Each number is its indicator's stored figure for the period; each conversion rate is a percentage indicator's own figure.</p>
${parts.join("\n")}</section>`;
}

function tocHtml(model: ReportModel): string {
  const areas = model.sections
    .map(
      (s) =>
        `<li value="${s.number}"><a href="#${e(s.anchor)}">${e(s.title)}</a><ol>${s.indicators.map((i) => `<li><a href="#ind-${e(i.id)}">${e(i.ref)} ${e(i.title)}</a></li>`).join("")}</ol></li>`,
    )
    .join("\n");
  return `<nav class="page" id="contents" aria-labelledby="contents-h"><h2 id="contents-h">Contents</h2><ol>
<li><a href="#summary">Performance scorecard (summary)</a><ol><li><a href="#performing-well">Where we are performing well</a></li><li><a href="#need-to-improve">Where we need to improve</a></li></ol></li>
${areas}
<li><a href="#flows">Flows through the system</a></li>
${model.comparison ? '<li><a href="#how-we-compare">How we compare</a></li>\n' : ""}<li><a href="#notes">Notes</a></li>
</ol></nav>`;
}

/** "How we compare": the council among the workspace's councils; nothing with one council. */
function compareHtml(model: ReportModel): string {
  const c = model.comparison;
  if (!c) return "";
  const others = c.region.councils.filter((x) => x.la_code !== c.laCode).map((x) => x.name || x.la_code);
  return `<section class="page" id="how-we-compare"><h2>How we compare</h2>
<p>${e(model.cover.council)} beside the ${others.length} other councils of this workspace (${e(others.join(", "))}) at ${e(longDate(c.region.periodEnd))}: rank 1 is the best, band A the best quarter, “our neighbours among them” the average of those of our 10 DfE statistical neighbours that are in the workspace. Flows are compared over the rolling 12 months, stocks at the month end. See the notes (“How we compare”) for the rules.</p>
${howWeCompareTable(c.region, c.laCode)}
</section>
`;
}

/** The report's title line: "Demo Borough Council: children's social care performance report, November 2025". */
export function reportTitle(model: ReportModel): string {
  return `${model.cover.council}: children's social care performance report, ${model.cover.periodLabel}`;
}

/** Renders the report as one self-contained HTML file. */
export async function renderReportHtml(model: ReportModel): Promise<string> {
  const c = model.cover;
  const sections: string[] = [];
  for (const s of model.sections) {
    const inds: string[] = [];
    for (const ind of s.indicators) inds.push(await indicatorHtml(ind, model.publish));
    sections.push(
      `<section class="area" id="${e(s.anchor)}"><h2 class="area-title">${e(s.title)}</h2>\n${inds.join("\n")}</section>`,
    );
  }
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(reportTitle(model))}</title>
<style>${CSS}section.area{break-before:page}section.area>article.indicator:first-of-type{break-before:avoid}</style>
</head>
<body>
<main>
<section class="cover">
<h1>Children's social care performance report</h1>
<p><strong>${e(c.council)}</strong> (LA ${e(c.laCode)})</p>
<p>Period: the month ending ${e(longDate(c.periodEnd))}</p>
<p>Produced ${e(longDate(c.produced))}</p>
<p>${e(c.coverage)}</p>
<p>${model.publish ? '<span class="badge">Published: counts of 1 to 4 shown as &lt;5</span>' : '<span class="badge">Internal: not for publication</span>'}${c.provisional ? '<span class="badge provisional">Provisional</span>' : ""}</p>
${c.provisional ? `<p>${e(c.provisionalNote)}</p>` : ""}
</section>
${tocHtml(model)}
${summaryHtml(model)}
${sections.join("\n")}
${await flowsHtml(model)}
${compareHtml(model)}<section class="page" id="notes"><h2>Notes</h2>
${model.notes.map((n) => `<h3>${e(n.heading)}</h3>${n.paragraphs.map((p) => `<p>${e(p)}</p>`).join("")}`).join("\n")}
</section>
</main>
</body>
</html>
`;
}
