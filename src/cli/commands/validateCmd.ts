/**
 * `scorecard validate`: the import's checks without importing, and the
 * validation report both it and `import` write.
 *
 * Why two report files: the HTML opens anywhere with no software and
 * filters as you type; the XLSX is what an analyst sorts, filters (the
 * header row has an autofilter) and sends back to the team that owns the
 * records. One row per issue in both.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { expandPaths, parseFormat } from "../../ingest/detect.ts";
import { type ReferenceData, readFiles } from "../../ingest/import.ts";
import type { Issue } from "../../ingest/issues.ts";
import { readSsda903 } from "../../ingest/ssda903/reader.ts";
import { loadPostcodes, loadProviders } from "../../ingest/validate/referenceFiles.ts";
import { type NotEvaluatedRule, notEvaluated, type Supplied } from "../../ingest/validate/validate.ts";
import { UserError } from "../../workspace/errors.ts";
import { type CommandRunner, intOption } from "../command.ts";
import { toTextTable } from "../format.ts";

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

/** Issues counted as DfE counts them (its rules' errors and queries) and this product's other checks. */
export function countIssues(issues: readonly Issue[]): {
  dfeErrors: number;
  dfeQueries: number;
  errors: number;
  warnings: number;
} {
  const n = { dfeErrors: 0, dfeQueries: 0, errors: 0, warnings: 0 };
  for (const i of issues) {
    if (i.dfe === "error") n.dfeErrors++;
    else if (i.dfe === "query") n.dfeQueries++;
    else if (i.severity === "error") n.errors++;
    else n.warnings++;
  }
  return n;
}

/** Writes DIR/NAME.html and DIR/NAME.xlsx, one row per issue; returns both paths. */
export async function writeValidationReport(
  issues: readonly Issue[],
  dir: string,
  name: string,
  title: string,
  given: Supplied = {},
): Promise<{ html: string; xlsx: string }> {
  mkdirSync(dir, { recursive: true });
  const html = join(dir, `${name}.html`);
  const xlsx = join(dir, `${name}.xlsx`);
  const skipped = notEvaluated(given);
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

/** Issues counted by DfE's severity and by this product's, for the terminal. */
export function issueSummary(issues: readonly Issue[]): string {
  const n = countIssues(issues);
  return `Issues: DfE rules ${n.dfeErrors} errors and ${n.dfeQueries} queries; other checks ${n.errors} errors and ${n.warnings} warnings`;
}

/** Rows of a per-table count table for the terminal. */
export function countsTable(
  counts: Record<string, Record<string, number>>,
  columns: readonly string[],
): string {
  const rows = Object.entries(counts).map(([table, c]) => ({ table, ...c }));
  return rows.length ? toTextTable(["table", ...columns], rows) : "";
}

export const validateCommand: CommandRunner = {
  async run({ values, positionals }) {
    const laCode = String(values["la-code"] ?? "000");
    if (!/^\d{3}$/.test(laCode))
      throw new UserError(`validate: --la-code must be 3 digits (got "${laCode}")`);
    const year = intOption(values, "year", 0, [0, 2100]);
    const { reference, given } = await referenceData(values, laCode, year);
    const read = await readFiles(positionals, {
      laCode,
      ...(values.as ? { as: parseFormat(String(values.as)) } : {}),
      ...(year ? { collectionYear: year } : {}),
      reference,
    });
    const lastYears = reference.previous903?.map((r) => r.year) ?? [];
    const thisYear = read.period?.to.endsWith("-03-31") ? Number(read.period.to.slice(0, 4)) : undefined;
    if (lastYears.length && thisYear !== undefined && !lastYears.includes(thisYear - 1))
      console.log(
        `Warning: --previous holds the ${lastYears.join(", ")} return, not ${thisYear - 1}'s (the year before this return's ${thisYear}): DfE's comparisons with last year found nothing`,
      );
    const counts: Record<string, Record<string, number>> = {};
    for (const s of read.sources) {
      for (const [table, rows] of Object.entries(s.rows)) {
        counts[table] = { read: (counts[table]?.read ?? 0) + rows.length, rejected: 0 };
      }
    }
    for (const [table, n] of Object.entries(read.rejected)) {
      counts[table] = { read: (counts[table]?.read ?? 0) + n, rejected: n };
    }
    for (const [table, c] of Object.entries(counts)) if (!c.read) delete counts[table];
    process.stdout.write(countsTable(counts, ["read", "rejected"]));
    console.log(issueSummary(read.issues));
    const out = resolve(String(values.out ?? "validation"));
    const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
    const report = await writeValidationReport(
      read.issues,
      out,
      `validation-${stamp}`,
      "Validation report",
      given,
    );
    console.log(`Validation report: ${report.html} and ${report.xlsx}`);
    const n = countIssues(read.issues);
    if (n.dfeErrors || n.errors)
      throw new UserError(
        `${n.dfeErrors} DfE errors and ${n.errors} other errors found: see the validation report`,
      );
  },
};

/**
 * Last year's SSDA903 return (`--previous`, a folder of CSVs or an XML
 * file, several separated by commas), the postcode directory (`--postcodes`,
 * with the council's ONS codes in `--area`) and the provider list
 * (`--providers`), as given.
 */
async function referenceData(
  values: Record<string, unknown>,
  laCode: string,
  year: number,
): Promise<{ reference: ReferenceData; given: Supplied }> {
  const reference: ReferenceData = {};
  const given: Supplied = {};
  const list = (name: string) =>
    values[name] === undefined
      ? []
      : String(values[name])
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
  const previous = list("previous");
  if (previous.length) {
    const files = await expandPaths(previous);
    const last = await readSsda903(files, { laCode, ...(year ? { collectionYear: year - 1 } : {}) });
    const fatal = last.issues.find((i) => i.severity === "error" && /nothing was imported/.test(i.message));
    if (fatal) throw new UserError(`--previous ${fatal.file || previous.join(", ")}: ${fatal.message}`);
    if (!last.returns.some((r) => Object.values(r.tables).some((t) => t.length > 0)))
      throw new UserError(`--previous ${previous.join(", ")}: no SSDA903 records found`);
    reference.previous903 = last.returns;
    given.lastYear = true;
    console.log(
      `Last year's return: ${last.summary.collectionYears?.join(", ") ?? "year unknown"} (${last.summary.children} children), for DfE's comparisons with last year`,
    );
  }
  const area = list("area");
  if (area.some((a) => !/^[ENSWL]\d{8}$/i.test(a)))
    throw new UserError(
      `validate: --area takes ONS local authority codes such as E09000002 (got "${area.join(",")}")`,
    );
  if (area.length && values.postcodes === undefined)
    throw new UserError(
      "validate: --area is used with --postcodes (the placements' LAs come from the postcode directory)",
    );
  if (values.postcodes !== undefined) {
    const file = String(values.postcodes);
    reference.postcodes = (wanted) => loadPostcodes(file, wanted, area);
    given.postcodes = true;
    if (area.length) given.area = true;
  }
  if (values.providers !== undefined) {
    reference.providers = await loadProviders(String(values.providers));
    given.providers = true;
  }
  return { reference, given };
}
