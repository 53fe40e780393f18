/**
 * The regional comparison as one self-contained HTML page in GOV.UK style
 * (`compare --format html`), and the "how we compare" table the report
 * shows for its own council.
 *
 * Why a table per indicator: the reader's question is "where do we stand
 * on this measure", so each indicator lists the councils best first with
 * the region's mean, median and quartiles above them; the published DfE
 * figures sit in the same row so the two can be read side by side.
 */
import type { RegionComparison } from "../../app/compare.ts";
import type { CouncilPlace, IndicatorComparison } from "../../compare/compare.ts";
import { formatValue, longDate } from "../format.ts";
import { escapeHtml as e } from "../html.ts";
import { betterWords, comparisonNotes, ownComparisonRows, periodWords } from "./rows.ts";

const CSS = `
*{box-sizing:border-box}
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:0;background:#fff;font-size:10pt;line-height:1.35}
main{max-width:277mm;margin:0 auto;padding:0 4mm}
h1{font-size:22pt;margin:6mm 0}h2{font-size:14pt;margin:6mm 0 2mm;border-bottom:3px solid #1d70b8;padding-bottom:1mm}
a{color:#1d70b8}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:0 0 3mm;width:100%}
th,td{border:1px solid #b1b4b6;padding:1mm 1.2mm;text-align:right;vertical-align:top}
th{background:#f3f2f1;font-weight:700}
th.l,td.l{text-align:left}
tr.own td{font-weight:700;background:#f3f2f1}
.sub{display:block;color:#383f43;font-size:7.5pt;font-weight:400}
.stats{color:#383f43;margin:0 0 2mm}
nav ol{columns:2;column-gap:12mm}
@page{size:A4 landscape;margin:10mm}
@media print{h2{break-before:page}a{color:#0b0c0c;text-decoration:none}}
`;

/** A place's figure as text. */
function figure(c: IndicatorComparison, p: CouncilPlace): string {
  if (p.unranked === "suppressed") return "x";
  return formatValue(p.value, c.indicator.unit, c.indicator.decimals);
}

const num = (c: IndicatorComparison, v: number | null) =>
  formatValue(v, c.indicator.unit, c.indicator.decimals);

/** "4 of 10 here, 3 with a figure". */
export function neighbourWords(p: CouncilPlace): string {
  const n = p.neighbours;
  if (!n.listed) return "not in DfE's list";
  return `${n.present.length} of 10 here${n.present.length ? `, ${n.withFigure.length} with a figure` : ""}`;
}

/** The region's statistics of an indicator in one sentence. */
export function regionSentence(c: IndicatorComparison): string {
  const head = `${c.withFigure} of ${c.councils} councils have a figure for the ${periodWords(c.periodType)} to ${longDate(c.periodEnd)}`;
  if (c.withFigure === 0) return `${head}.`;
  const better = c.rankedBy === "info" ? "no better direction (not ranked)" : `${betterWords(c)} is better`;
  return `${head}; ${better}. Mean ${num(c, c.mean)}, median ${num(c, c.median)}, quartiles ${num(c, c.q1)} and ${num(c, c.q3)}, range ${num(c, c.min)} to ${num(c, c.max)}.`;
}

function rankText(p: CouncilPlace): string {
  if (p.rank !== null) return String(p.rank);
  return p.unranked === "no polarity" ? "" : p.unranked === "suppressed" ? "suppressed" : "no figure";
}

function publishedCell(c: IndicatorComparison, p: CouncilPlace): string {
  const b = p.published;
  if (!b) return '<td></td><td></td><td></td><td class="l"></td>';
  const year = `${b.year - 1}-${String(b.year % 100).padStart(2, "0")}`;
  return `<td>${e(num(c, b.value))}<span class="sub">${e(year)}</span></td><td>${e(num(c, b.sn_average))}</td><td>${e(b.quartile_band ?? "")}</td><td class="l">${b.rank === null ? "" : e(`${b.rank} of ${b.n_councils}`)}</td>`;
}

/** One indicator's councils, best first; `own` (an LA code) is highlighted. */
export function indicatorTable(c: IndicatorComparison, own?: string): string {
  const rows = c.places
    .map(
      (p) =>
        `<tr${p.la_code === own ? ' class="own"' : ""}><td>${e(rankText(p))}</td><td class="l">${e(p.name || p.la_code)}<span class="sub">${e(p.la_code)}</span></td><td>${e(figure(c, p))}</td><td>${e(p.band ?? "")}</td><td>${e(num(c, p.neighbours.average))}<span class="sub">${e(neighbourWords(p))}</span></td>${publishedCell(c, p)}</tr>`,
    )
    .join("\n");
  return `<table><colgroup><col style="width:7%"><col style="width:22%"><col style="width:10%"><col style="width:7%"><col style="width:16%"><col style="width:10%"><col style="width:12%"><col style="width:6%"><col style="width:10%"></colgroup>
<thead><tr><th rowspan="2">Rank</th><th class="l" rowspan="2">Council</th><th rowspan="2">Figure</th><th rowspan="2">Band</th><th rowspan="2">Neighbours' average (this workspace)</th><th colspan="4" class="l">Published by DfE</th></tr>
<tr><th>Figure</th><th>Neighbours' average</th><th>Band</th><th class="l">Rank</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

/** The comparison as a self-contained HTML page. */
export function renderCompareHtml(region: RegionComparison, title = "Regional comparison"): string {
  const toc = region.indicators
    .map((c) => `<li><a href="#cmp-${e(c.indicator.id)}">${e(c.indicator.title)}</a></li>`)
    .join("");
  const body = region.indicators
    .map(
      (c) =>
        `<section id="cmp-${e(c.indicator.id)}"><h2>${e(c.indicator.title)} <span class="sub">${e(c.indicator.id)}</span></h2>
<p class="stats">${e(regionSentence(c))}</p>
${indicatorTable(c)}</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${e(title)}</h1>
<p>${region.councils.length} councils: ${e(region.councils.map((c) => `${c.name || c.la_code} (${c.la_code})`).join(", "))}. Period ending ${e(longDate(region.periodEnd))}.</p>
<nav><ol>${toc}</ol></nav>
${body}
<h2>How the comparison is made</h2>
${comparisonNotes(region)
  .map((t) => `<p>${e(t)}</p>`)
  .join("\n")}
</main></body></html>
`;
}

const PERIOD_SHORT: Record<string, string> = {
  month: "Month end",
  quarter: "Quarter",
  ytd: "Year to date",
  rolling12: "Rolling 12 months",
  year: "Year",
};

/**
 * The report's "how we compare" table: one row an indicator, the council
 * `laCode`'s figure, rank and band among the workspace's councils, the
 * region's mean and median and best, its neighbours' average among them,
 * and DfE's published figures for it.
 */
export function howWeCompareTable(region: RegionComparison, laCode: string): string {
  const rows = ownComparisonRows(region, laCode)
    .map(({ comparison: c, place: p, best }) => {
      const rank =
        p?.rank != null
          ? `${p.rank} of ${c.withFigure}`
          : p?.unranked === "no polarity"
            ? "not ranked"
            : (p?.unranked ?? "");
      const bestText = best.length
        ? `${best.map((b) => b.name || b.la_code).join(", ")}: ${num(c, best[0]!.shown)}`
        : "";
      const pub = p?.published;
      const year = pub ? ` (${pub.year - 1}-${String(pub.year % 100).padStart(2, "0")})` : "";
      return `<tr><td class="l">${e(c.indicator.title)}<span class="sub">${e(c.indicator.id)}</span></td><td class="l">${e(PERIOD_SHORT[c.periodType] ?? c.periodType)}</td><td>${e(p ? figure(c, p) : "–")}</td><td>${e(rank)}</td><td>${e(p?.band ?? "")}</td><td>${e(num(c, c.mean))}</td><td>${e(num(c, c.median))}</td><td class="l">${e(bestText)}</td><td>${e(p ? num(c, p.neighbours.average) : "")}${p ? `<span class="sub">${e(neighbourWords(p))}</span>` : ""}</td><td>${pub ? `${e(num(c, pub.value))}<span class="sub">${e(year.trim())}</span>` : ""}</td><td>${pub ? e(num(c, pub.sn_average)) : ""}</td><td>${e(pub?.quartile_band ?? "")}</td></tr>`;
    })
    .join("\n");
  return `<table class="wide"><colgroup><col style="width:20%"><col style="width:8%"><col style="width:7%"><col style="width:7%"><col style="width:5%"><col style="width:7%"><col style="width:7%"><col style="width:12%"><col style="width:9%"><col style="width:7%"><col style="width:7%"><col style="width:4%"></colgroup>
<thead><tr><th class="l" rowspan="2">Indicator</th><th class="l" rowspan="2">Period</th><th rowspan="2">Our figure</th><th rowspan="2">Rank</th><th rowspan="2">Band</th><th colspan="3" class="l">The workspace's ${region.councils.length} councils</th><th rowspan="2">Our neighbours among them</th><th colspan="3" class="l">Published by DfE for us</th></tr>
<tr><th>Mean</th><th>Median</th><th class="l">Best</th><th>Figure</th><th>Neigh&shy;bours</th><th>Band</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}
