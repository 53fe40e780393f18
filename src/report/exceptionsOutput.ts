/**
 * Exception lists written out: an aligned text table, CSV, one
 * self-contained HTML page, or an XLSX workbook (a sheet per list).
 *
 * Why one module: every format shows the same rows grouped by team then
 * worker with the same totals and the same reconciliation line.
 */
import ExcelJS from "exceljs";
import { totalsByTeamAndWorker } from "./exceptions.ts";
import type { ProducedList } from "./exceptionsData.ts";
import { escapeHtml } from "./html.ts";
import { csvLines } from "./tableFormats.ts";

const COLUMNS = [
  "team",
  "worker",
  "child_id",
  "event",
  "due_date",
  "days_overdue",
  "measure",
  "indicator",
] as const;

/** "12 rows; the figure's denominator − numerator is 12: reconciles" (or why there is nothing to reconcile). */
export function reconciliationLine(p: ProducedList): string {
  const count = `${p.rows.length} ${p.rows.length === 1 ? "row" : "rows"}`;
  const what = p.list.takes === "numerator" ? "numerator" : "denominator − numerator";
  if (!p.list.reconciles) return `${count} (an early warning: no figure counts them)`;
  if (p.expected === null) {
    return p.figure === null
      ? `${count} (no figure stored for this month)`
      : `${count} (one team: the council's figure is not compared)`;
  }
  const verdict = p.expected === p.rows.length ? "reconciles" : "DOES NOT RECONCILE";
  return `${count}; ${p.list.indicator} ${what} = ${p.expected}: ${verdict}`;
}

/** The lists as aligned text tables, each with its totals by team and worker. */
export function exceptionsText(lists: readonly ProducedList[], asAt: string): string {
  const out: string[] = [];
  for (const p of lists) {
    out.push(`${p.list.title} (${p.list.name}), as at ${asAt}: ${reconciliationLine(p)}`);
    if (p.rows.length === 0) {
      out.push("");
      continue;
    }
    const cells = p.rows.map((r) => COLUMNS.map((c) => (r[c] === null ? "" : String(r[c]))));
    const widths = COLUMNS.map((c, k) =>
      Math.min(60, Math.max(c.length, ...cells.map((row) => row[k]!.length))),
    );
    const line = (v: readonly string[]) =>
      v
        .map((x, k) => (x.length > widths[k]! ? `${x.slice(0, widths[k]! - 1)}…` : x.padEnd(widths[k]!)))
        .join("  ")
        .trimEnd();
    out.push(line(COLUMNS), line(widths.map((w) => "-".repeat(w))), ...cells.map(line));
    out.push(
      `totals: ${totalsByTeamAndWorker(p.rows)
        .filter((t) => t.worker === null)
        .map((t) => `${t.team} ${t.count}`)
        .join(", ")}`,
      "",
    );
  }
  return `${out.join("\n")}\n`;
}

/** Every list's rows as one CSV, a `list` column first. */
export function exceptionsCsv(lists: readonly ProducedList[]): string {
  const cols = [
    "list",
    "indicator",
    "team",
    "worker",
    "child_id",
    "event_id",
    "event",
    "due_date",
    "days_overdue",
    "measure",
  ] as const;
  return csvLines(
    cols,
    lists.flatMap((p) => p.rows),
  );
}

/** One self-contained HTML page: a section per list, rows grouped by team then worker with subtotals. */
export function exceptionsHtml(lists: readonly ProducedList[], council: string, asAt: string): string {
  const e = (v: unknown) => escapeHtml(v === null || v === undefined ? "" : String(v));
  const sections = lists.map((p) => {
    const body: string[] = [];
    const totals = totalsByTeamAndWorker(p.rows);
    let team: string | null = null;
    let worker: string | null = null;
    for (const r of p.rows) {
      if (r.team !== team) {
        team = r.team;
        worker = null;
        const n = totals.find((t) => t.team === r.team && t.worker === null)!.count;
        body.push(`<tr class="team"><th colspan="6">Team: ${e(r.team)} (${n})</th></tr>`);
      }
      if (r.worker !== worker) {
        worker = r.worker;
        const n = totals.find((t) => t.team === r.team && t.worker === r.worker)!.count;
        body.push(`<tr class="worker"><th colspan="6">Worker: ${e(r.worker)} (${n})</th></tr>`);
      }
      body.push(
        `<tr><td>${e(r.child_id)}</td><td>${e(r.event)}</td><td>${e(r.due_date)}</td><td class="num">${e(r.days_overdue)}</td><td>${e(r.measure)}</td><td>${e(r.indicator)}</td></tr>`,
      );
    }
    return `<section id="${e(p.list.name)}"><h2>${e(p.list.title)}</h2><p>${e(reconciliationLine(p))}</p>
<table><thead><tr><th>Child</th><th>Event</th><th>Due</th><th>Days overdue</th><th>Measure</th><th>Indicator</th></tr></thead>
<tbody>${body.join("\n")}</tbody></table></section>`;
  });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${e(council)}: exception lists at ${e(asAt)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}
td,th{border:1px solid #bbb;padding:.2rem .4rem;text-align:left;font-size:.85rem}.num{text-align:right}
tr.team th{background:#dde}tr.worker th{background:#f2f2f6;font-weight:normal}
@media print{@page{size:A4 landscape}section{break-before:page}}</style></head>
<body><h1>${e(council)}: exception lists at ${e(asAt)}</h1>
<p>Not for publication: lists name children.</p>
<ul>${lists.map((p) => `<li><a href="#${e(p.list.name)}">${e(p.list.title)}</a>: ${p.rows.length}</li>`).join("")}</ul>
${sections.join("\n")}
</body></html>
`;
}

/** An XLSX workbook: a Summary sheet, then a sheet per list with a frozen header and numeric days overdue. */
export async function exceptionsXlsx(lists: readonly ProducedList[], asAt: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet("Summary", { views: [{ state: "frozen", ySplit: 1 }] });
  summary.columns = [
    { header: "List", key: "list", width: 32 },
    { header: "Title", key: "title", width: 60 },
    { header: "Indicator", key: "indicator", width: 34 },
    { header: "Rows", key: "rows", width: 8 },
    { header: "Figure implies", key: "expected", width: 14 },
    { header: "Reconciliation", key: "line", width: 70 },
  ];
  for (const p of lists) {
    summary.addRow({
      list: p.list.name,
      title: p.list.title,
      indicator: p.list.indicator,
      rows: p.rows.length,
      expected: p.expected,
      line: reconciliationLine(p),
    });
  }
  summary.getRow(1).font = { bold: true };
  summary.addRow([]);
  summary.addRow([`As at ${asAt}. Not for publication: lists name children.`]);
  for (const p of lists) {
    const ws = wb.addWorksheet(p.list.name.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = [
      { header: "Team", key: "team", width: 20 },
      { header: "Worker", key: "worker", width: 16 },
      { header: "Child", key: "child_id", width: 14 },
      { header: "Event", key: "event", width: 70 },
      { header: "Due", key: "due_date", width: 12, style: { numFmt: "yyyy-mm-dd" } },
      { header: "Days overdue", key: "days_overdue", width: 13 },
      { header: "Measure", key: "measure", width: 14 },
      { header: "Indicator", key: "indicator", width: 30 },
    ];
    for (const r of p.rows) {
      ws.addRow({ ...r, due_date: r.due_date === null ? null : new Date(`${r.due_date}T00:00:00Z`) });
    }
    ws.getRow(1).font = { bold: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
