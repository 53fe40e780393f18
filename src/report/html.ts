/**
 * The scorecard as one self-contained HTML page: inline styles, no
 * scripts, fonts or images fetched from anywhere, so it opens offline and
 * can be emailed or archived as it is.
 */

import type { Cell, Direction, Scorecard, ScorecardLine } from "../app/scorecard.ts";
import type { PeriodType } from "../calendar/periods.ts";
import type { Rag } from "../framework/rag.ts";
import { POLARITY_LABELS, UNIT_LABELS } from "../indicators/define.ts";
import { formatCounts, formatValue, longDate, monthLabel } from "./format.ts";
import { type Published, publishFigure } from "./suppress.ts";

/** How the page is rendered. */
export interface RenderOptions {
  /** A published page: small numbers suppressed (report/suppress.ts). Default false (internal). */
  publish?: boolean;
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const DIRECTION_VIEW: Record<Direction, { symbol: string; word: string; cls: string }> = {
  improving: { symbol: "▲", word: "improving", cls: "dot-good" },
  declining: { symbol: "▼", word: "declining", cls: "dot-bad" },
  "no change": { symbol: "►", word: "no change", cls: "dot-same" },
  higher: { symbol: "▲", word: "higher", cls: "dot-info" },
  lower: { symbol: "▼", word: "lower", cls: "dot-info" },
  new: { symbol: "", word: "new", cls: "dot-info" },
};

const RAG_WORDS: Record<Rag, string> = { red: "Red", amber: "Amber", green: "Green", grey: "Grey" };

/** How the RAG cell names the period type it rates, as the seeds write "Green YTD". */
const RATED_ON_SUFFIX: Record<PeriodType, string> = {
  month: "",
  quarter: " QTD",
  ytd: " YTD",
  rolling12: " R12",
  year: " year",
};

const CSS = `
body{font-family:Arial,"Helvetica Neue",Helvetica,sans-serif;color:#0b0c0c;margin:0;background:#fff;font-size:14px}
header{background:#0b0c0c;color:#fff;padding:16px 24px;border-bottom:8px solid #1d70b8}
header h1{margin:0 0 4px;font-size:26px}header p{margin:0;color:#d6d6d6}
main{padding:16px 24px 40px}
.meta{margin:0 0 16px;color:#505a5f}
.note{border-left:6px solid #1d70b8;background:#f3f2f1;padding:8px 12px;margin:0 0 16px;max-width:960px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #b1b4b6;padding:6px 8px;text-align:right;vertical-align:top}
th{background:#f3f2f1;font-weight:700;font-size:13px}
th.l,td.l{text-align:left}
tr.area th{background:#1d70b8;color:#fff;text-align:left;font-size:15px}
td .sub{display:block;color:#505a5f;font-size:11px}
td.title{max-width:360px}
.dot-good{color:#00703c;font-weight:700}.dot-bad{color:#d4351c;font-weight:700}.dot-same{color:#505a5f}.dot-info{color:#505a5f}
.na{color:#505a5f}
td.rag{text-align:center;font-weight:700}
.rag-red{background:#d4351c;color:#fff}.rag-amber{background:#ffdd00;color:#0b0c0c}.rag-green{background:#00703c;color:#fff}.rag-grey{background:#b1b4b6;color:#0b0c0c}
td.target{font-size:12px;max-width:200px}
footer{color:#505a5f;font-size:12px;margin-top:24px;max-width:960px}
@media print{header{background:#fff;color:#000;border-bottom:4px solid #000}header p{color:#000}tr{page-break-inside:avoid}}
`;

/** A cell of a published page: `<5` for a small count, blank for a figure it would reveal. */
function publishedCellHtml(cell: Cell, line: ScorecardLine): string {
  const { unit, decimals } = line.indicator;
  const f = publishFigure(unit, cell);
  const text = (p: Published) => (typeof p === "number" ? p.toLocaleString("en-GB") : (p ?? ""));
  const v = typeof f.value === "number" ? formatValue(f.value, unit, decimals) : (f.value ?? "");
  const counts =
    unit === "percent" && cell.numerator !== null && cell.denominator !== null
      ? `${text(f.numerator)} of ${text(f.denominator)}`
      : "";
  const hidden = f.value !== cell.value && cell.value !== null;
  const cls =
    cell.value === null
      ? ' class="na" title="not yet available"'
      : hidden
        ? ' title="suppressed: small numbers"'
        : "";
  const shown = cell.value === null ? formatValue(null, unit, decimals) : v;
  return `<td${cls}>${escapeHtml(shown)}${counts ? `<span class="sub">${escapeHtml(counts)}</span>` : ""}</td>`;
}

function cellHtml(cell: Cell, line: ScorecardLine, publish = false): string {
  if (publish) return publishedCellHtml(cell, line);
  const { unit, decimals } = line.indicator;
  const v = formatValue(cell.value, unit, decimals);
  const counts = formatCounts(cell.numerator, cell.denominator, unit);
  const cls = cell.value === null ? ' class="na" title="not yet available"' : "";
  return `<td${cls}>${escapeHtml(v)}${counts ? `<span class="sub">${escapeHtml(counts)}</span>` : ""}</td>`;
}

function ragHtml(line: ScorecardLine): string {
  if (line.rag === null) return '<td class="rag"></td>';
  const word = `${RAG_WORDS[line.rag]}${RATED_ON_SUFFIX[line.ratedOn]}`;
  return `<td class="rag rag-${line.rag}">${escapeHtml(word)}</td>`;
}

function benchmarkHtml(value: number | null, line: ScorecardLine): string {
  if (value === null) return "<td></td>";
  return `<td>${escapeHtml(formatValue(value, line.indicator.unit, line.indicator.decimals))}</td>`;
}

function lineHtml(line: ScorecardLine, publish: boolean): string {
  const ind = line.indicator;
  const dot = DIRECTION_VIEW[line.direction];
  const note = ind.kind === "stock" ? "Snapshot at month end" : "In period";
  const signal = line.signal ? " (signal)" : "";
  const bm = line.benchmarks;
  return `<tr>
<td class="l">${escapeHtml(line.ref)}</td>
<td class="l title"><span title="${escapeHtml(ind.definition)}">${escapeHtml(line.title)}</span><span class="sub">${escapeHtml(ind.id)}</span></td>
<td class="l">${escapeHtml(POLARITY_LABELS[ind.polarity])}</td>
<td class="l">${escapeHtml(UNIT_LABELS[ind.unit])}<span class="sub">${escapeHtml(note)}</span></td>
${line.months.map((m) => cellHtml(m.cell, line, publish)).join("")}
${ytdHtml(line, publish)}
${cellHtml(line.rolling12, line, publish)}
<td class="l ${dot.cls}">${dot.symbol} ${escapeHtml(dot.word)}${escapeHtml(signal)}</td>
${ragHtml(line)}
<td class="l target">${escapeHtml(line.target)}</td>
${line.outturns.map((o) => cellHtml(o.cell, line, publish)).join("")}
${benchmarkHtml(bm.snAverage, line)}
${benchmarkHtml(bm.england, line)}
<td class="l">${escapeHtml(bm.quartile ?? "")}</td>
${comparedHtml(line)}
</tr>`;
}

const VERDICT_VIEW: Record<string, { cls: string; word: string }> = {
  better: { cls: "dot-good", word: "better than" },
  worse: { cls: "dot-bad", word: "worse than" },
  same: { cls: "dot-same", word: "same as" },
  higher: { cls: "dot-info", word: "higher than" },
  lower: { cls: "dot-info", word: "lower than" },
};

/** The figure against the benchmark the framework chose for it ("better than England 24.0%"). */
function comparedHtml(line: ScorecardLine): string {
  const c = line.benchmarks.compared;
  if (c.value === null) return '<td class="l"></td>';
  const shown = `${c.label} ${formatValue(c.value, line.indicator.unit, line.indicator.decimals)}`;
  if (c.verdict === null) return `<td class="l">${escapeHtml(shown)}</td>`;
  const view = VERDICT_VIEW[c.verdict]!;
  return `<td class="l"><span class="${view.cls}">${escapeHtml(view.word)}</span> ${escapeHtml(shown)}</td>`;
}

/**
 * The year to date, with the same period last year and, for flow counts
 * and rates, the year-end projection beneath it. In a published page a
 * projection is left out when the year to date it comes from is suppressed.
 */
function ytdHtml(line: ScorecardLine, publish: boolean): string {
  const { unit, decimals } = line.indicator;
  const main = cellHtml(line.ytd, line, publish);
  const extra: string[] = [];
  const last = line.ytdLastYear;
  if (last.value !== null) {
    const shown = publish ? publishFigure(unit, last).value : last.value;
    if (typeof shown === "number") extra.push(`last year ${formatValue(shown, unit, decimals)}`);
    else if (shown) extra.push(`last year ${shown}`);
  }
  if (line.projection !== null) {
    const ytdShown = publish ? publishFigure(unit, line.ytd).value : line.ytd.value;
    if (ytdShown === line.ytd.value)
      extra.push(`projected year end ${formatValue(line.projection, unit, decimals)}`);
  }
  if (extra.length === 0) return main;
  const subs = extra.map((t) => `<span class="sub">${escapeHtml(t)}</span>`).join("");
  return main.replace(/<\/td>$/, `${subs}</td>`);
}

/** Renders the scorecard page; with `publish`, small numbers are suppressed. */
export function renderScorecardHtml(card: Scorecard, options: RenderOptions = {}): string {
  const publish = options.publish === true;
  const first = card.sections[0]?.lines[0];
  const monthHeads = (first?.months ?? []).map((m) => `<th>${escapeHtml(monthLabel(m.end))}</th>`).join("");
  const outturnHeads = (first?.outturns ?? []).map((o) => `<th>${escapeHtml(o.label)}</th>`).join("");
  const columns = 4 + (first?.months.length ?? 0) + 5 + (first?.outturns.length ?? 0) + 4;
  const body = card.sections
    .map(
      (section) =>
        `<tr class="area"><th colspan="${columns}">${escapeHtml(section.title)}</th></tr>\n${section.lines
          .map((line) => lineHtml(line, publish))
          .join("\n")}`,
    )
    .join("\n");
  const years = [
    ...new Set(card.sections.flatMap((s) => s.lines.map((l) => l.benchmarks.year)).filter((y) => y !== null)),
  ].sort();
  const bmYear = years.length ? ` ${years.at(-1)! - 1}-${String(years.at(-1)! % 100).padStart(2, "0")}` : "";
  const bmCouncil = card.benchmarkCouncil;
  const sources = card.benchmarkSources?.length ? ` (${card.benchmarkSources.join("; ")})` : "";
  const bmNote = bmCouncil
    ? ` Benchmarks are DfE's published figures (LAIT and Explore Education Statistics) for the latest year to 31 March${sources}: the statistical-neighbour average and quartile are those of LA ${bmCouncil.laCode}${bmCouncil.name ? ` ${bmCouncil.name}` : ""}${bmCouncil.laCode === card.laCode ? "" : bmCouncil.fromSettings ? " (a comparison council, chosen by settings benchmarks.council)" : " (a comparison council)"}; the quartile band (A best) places this council's rolling 12 months (flows) or month-end figure (snapshots) among all councils.`
    : card.benchmarksStored
      ? ` No benchmarks shown: DfE publishes no statistical neighbours for LA ${card.laCode}; set benchmarks.council in settings.json to a real council's LA code to compare with its neighbours.`
      : " No benchmarks imported (scorecard benchmarks import).";
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(card.council)}: children's social care performance scorecard, ${escapeHtml(longDate(card.asAt))}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Children's social care performance scorecard</h1>
<p>${escapeHtml(card.council)} (LA ${escapeHtml(card.laCode)}) · as at month end ${escapeHtml(longDate(card.asAt))}</p>
</header>
<main>
<p class="meta">Data from ${escapeHtml(longDate(card.dataFrom))} to ${escapeHtml(longDate(card.dataTo))}. Year to date is ${escapeHtml(card.ytdLabel)} (from 1 April).</p>
<p class="note">Direction of travel compares the latest month with the month before and reads against “good performance is”: ▲ improving / ▼ declining; for information measures it says only higher or lower; “(signal)” when the month is special cause variation on its statistical process control chart (XmR), not noise. RAG is in month unless stated (YTD, R12), against the target in force; grey is not rated, blank has no value.${escapeHtml(bmNote)} Snapshot measures are counted at the month end, so their year to date is their month-end value. “–” means not yet available, never zero. Percentages show the counts behind them. Beneath the year to date: the same period last year and, for counts and rates of events, the year-end projection if the current rate is maintained (year to date × 12 ÷ months elapsed). “Compared with” sets the rolling 12 months (flows) or month-end figure (snapshots) against the benchmark the framework chose for the indicator.${publish ? " Published: counts of 1 to 4 are shown as “&lt;5” and a figure they would reveal is left blank." : ""}</p>
<table>
<thead>
<tr><th class="l" rowspan="2">No.</th><th class="l" rowspan="2">Indicator</th><th class="l" rowspan="2">Good performance is</th><th class="l" rowspan="2">Unit</th><th colspan="${first?.months.length ?? 0}">Last three months</th><th rowspan="2">YTD ${escapeHtml(card.ytdLabel)}</th><th rowspan="2">Rolling 12 months</th><th class="l" rowspan="2">Direction (month on month)</th><th rowspan="2">RAG</th><th class="l" rowspan="2">Target and tolerances</th><th colspan="${first?.outturns.length ?? 0}">Year out-turns</th><th colspan="4">Benchmarks${escapeHtml(bmYear)}</th></tr>
<tr>${monthHeads}${outturnHeads}<th>Stat. neighbours</th><th>England</th><th class="l">Quartile</th><th class="l">Compared with</th></tr>
</thead>
<tbody>
${body}
</tbody>
</table>
<footer>Definitions follow the csc-scorecard indicator contract (DfE CIN census, SSDA903 and LAIT definitions); hover over a title for its definition. Every figure can be listed child by child with <code>scorecard explain &lt;id&gt; --period-end ${escapeHtml(card.asAt)} --dir &lt;workspace&gt;</code>.</footer>
</main>
</body>
</html>
`;
}
