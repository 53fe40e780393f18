/**
 * The validation report `validate` and `import` write: one row per issue,
 * as HTML and XLSX.
 *
 * Why two report files: the HTML opens anywhere with no software and
 * filters as you type; the XLSX is what an analyst sorts, filters (the
 * header row has an autofilter) and sends back to the team that owns the
 * records.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { countIssues } from "../app/validate.ts";
import type { Issue } from "../ingest/issues.ts";
import { type NotEvaluatedRule, notEvaluated } from "../ingest/validate/validate.ts";

/**
 * `dfe`: DfE's severity for DfE's rules (error blocks the submission, query needs an answer);
 * `severity`: what this product did (error: the record was left out; warning: kept).
 */
const COLUMNS = [
  "dfe",
  "severity",
  "rule",
  "file",
  "sheet",
  "row",
  "line",
  "column",
  "value",
  "message",
] as const;

/** Writes DIR/NAME.html and DIR/NAME.xlsx, one row per issue; returns both paths. */
export async function writeValidationReport(
  issues: readonly Issue[],
  dir: string,
  name: string,
  title: string,
): Promise<{ html: string; xlsx: string }> {
  mkdirSync(dir, { recursive: true });
  const html = join(dir, `${name}.html`);
  const xlsx = join(dir, `${name}.xlsx`);
  const skipped = notEvaluated();
  writeFileSync(html, reportHtml(issues, title, skipped));
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Issues");
  sheet.columns = COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: c === "message" ? 90 : c === "file" ? 40 : 14,
  }));
  for (const i of issues) sheet.addRow(Object.fromEntries(COLUMNS.map((c) => [c, i[c] ?? null])));
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, issues.length + 1), column: COLUMNS.length },
  };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.getRow(1).font = { bold: true };
  const rules = book.addWorksheet("Rules not evaluated");
  rules.columns = [
    { header: "rule", key: "code", width: 10 },
    { header: "source", key: "source", width: 10 },
    { header: "message", key: "message", width: 70 },
    { header: "why not", key: "reason", width: 90 },
  ];
  for (const r of skipped) rules.addRow(r);
  rules.getRow(1).font = { bold: true };
  await book.xlsx.writeFile(xlsx);
  return { html, xlsx };
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );

function reportHtml(issues: readonly Issue[], title: string, skipped: readonly NotEvaluatedRule[]): string {
  const n = countIssues(issues);
  const rows = issues
    .map(
      (i) =>
        `<tr class="${i.severity}" data-dfe="${i.dfe ?? ""}">${COLUMNS.map((c) => `<td>${escapeHtml(String(i[c] ?? ""))}</td>`).join("")}</tr>`,
    )
    .join("\n");
  const skippedRows = skipped
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.code)}</td><td>${escapeHtml(r.source)}</td><td>${escapeHtml(r.message)}</td><td>${escapeHtml(r.reason)}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}th{background:#eee;position:sticky;top:0}
tr[data-dfe=error] td:first-child,tr.error td:nth-child(2){color:#a00;font-weight:bold}tr[data-dfe=query] td:first-child,tr.warning td:nth-child(2){color:#a60}input,select{margin:0 .5rem 1rem 0;padding:.3rem}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>DfE validation rules: ${n.dfeErrors} errors (DfE will not accept the return until they are fixed), ${n.dfeQueries} queries (to fix or explain).
This product's other checks: ${n.errors} errors (records that cannot be used), ${n.warnings} warnings (used but suspicious).
The <b>dfe</b> column is DfE's severity; <b>severity</b> is what this product did with the record.</p>
<label>DfE severity <select id="dfe"><option value="">all</option><option>error</option><option>query</option><option value="-">not a DfE rule</option></select></label>
<label>Severity <select id="sev"><option value="">all</option><option>error</option><option>warning</option></select></label>
<label>Filter <input id="q" size="40" placeholder="rule, file, column, value or words"></label>
<span id="shown"></span>
<table><thead><tr>${COLUMNS.map((c) => `<th>${c}</th>`).join("")}</tr></thead><tbody id="rows">
${rows}
</tbody></table>
${skipped.length ? `<h2>Rules not evaluated</h2>\n<table><thead><tr><th>rule</th><th>source</th><th>message</th><th>why not</th></tr></thead><tbody>\n${skippedRows}\n</tbody></table>` : ""}
<script>
const q=document.getElementById("q"),sev=document.getElementById("sev"),dfe=document.getElementById("dfe"),shown=document.getElementById("shown");
function apply(){const t=q.value.toLowerCase(),s=sev.value,d=dfe.value;let n=0;for(const tr of document.getElementById("rows").rows){
const ok=(!s||tr.className===s)&&(!d||(d==="-"?tr.dataset.dfe==="":tr.dataset.dfe===d))&&(!t||tr.textContent.toLowerCase().includes(t));tr.hidden=!ok;if(ok)n++;}
shown.textContent=n+" of ${issues.length} shown";}
q.addEventListener("input",apply);sev.addEventListener("change",apply);dfe.addEventListener("change",apply);apply();
</script></body></html>
`;
}
