/**
 * The scorecard as one self-contained HTML page: inline styles, no
 * scripts, fonts or images fetched from anywhere, so it opens offline and
 * can be emailed or archived as it is.
 */
import { POLARITY_LABELS, UNIT_LABELS } from "../indicators/define.ts";
import { formatCounts, formatValue, longDate, monthLabel } from "./format.ts";
import type { Cell, Direction, Scorecard, ScorecardLine } from "./scorecard.ts";

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
footer{color:#505a5f;font-size:12px;margin-top:24px;max-width:960px}
@media print{header{background:#fff;color:#000;border-bottom:4px solid #000}header p{color:#000}tr{page-break-inside:avoid}}
`;

function cellHtml(cell: Cell, line: ScorecardLine): string {
  const { unit, decimals } = line.indicator;
  const v = formatValue(cell.value, unit, decimals);
  const counts = formatCounts(cell.numerator, cell.denominator, unit);
  const cls = cell.value === null ? ' class="na" title="not yet available"' : "";
  return `<td${cls}>${escapeHtml(v)}${counts ? `<span class="sub">${escapeHtml(counts)}</span>` : ""}</td>`;
}

function lineHtml(line: ScorecardLine, number: string): string {
  const ind = line.indicator;
  const dot = DIRECTION_VIEW[line.direction];
  const note = ind.kind === "stock" ? "Snapshot at month end" : "In period";
  return `<tr>
<td class="l">${escapeHtml(number)}</td>
<td class="l title"><span title="${escapeHtml(ind.definition)}">${escapeHtml(ind.title)}</span><span class="sub">${escapeHtml(ind.id)}</span></td>
<td class="l">${escapeHtml(POLARITY_LABELS[ind.polarity])}</td>
<td class="l">${escapeHtml(UNIT_LABELS[ind.unit])}<span class="sub">${escapeHtml(note)}</span></td>
${line.months.map((m) => cellHtml(m.cell, line)).join("")}
${cellHtml(line.ytd, line)}
${cellHtml(line.rolling12, line)}
<td class="l ${dot.cls}">${dot.symbol} ${escapeHtml(dot.word)}</td>
${line.outturns.map((o) => cellHtml(o.cell, line)).join("")}
</tr>`;
}

/** Renders the scorecard page. */
export function renderScorecardHtml(card: Scorecard): string {
  const first = card.areas[0]?.lines[0];
  const monthHeads = (first?.months ?? []).map((m) => `<th>${escapeHtml(monthLabel(m.end))}</th>`).join("");
  const outturnHeads = (first?.outturns ?? []).map((o) => `<th>${escapeHtml(o.label)}</th>`).join("");
  const columns = 4 + (first?.months.length ?? 0) + 3 + (first?.outturns.length ?? 0);
  const body = card.areas
    .map(
      (group, a) =>
        `<tr class="area"><th colspan="${columns}">${escapeHtml(group.area)}</th></tr>\n${group.lines
          .map((line, k) => lineHtml(line, `${a + 1}.${k + 1}`))
          .join("\n")}`,
    )
    .join("\n");
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
<p class="note">Direction of travel compares the latest month with the month before and reads against “good performance is”: ▲ improving / ▼ declining; for information measures it says only higher or lower. Snapshot measures are counted at the month end, so their year to date is their month-end value. “–” means not yet available, never zero. Percentages show the counts behind them.</p>
<table>
<thead>
<tr><th class="l" rowspan="2">No.</th><th class="l" rowspan="2">Indicator</th><th class="l" rowspan="2">Good performance is</th><th class="l" rowspan="2">Unit</th><th colspan="${first?.months.length ?? 0}">Last three months</th><th rowspan="2">YTD ${escapeHtml(card.ytdLabel)}</th><th rowspan="2">Rolling 12 months</th><th class="l" rowspan="2">Direction (month on month)</th><th colspan="${first?.outturns.length ?? 0}">Year out-turns</th></tr>
<tr>${monthHeads}${outturnHeads}</tr>
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
