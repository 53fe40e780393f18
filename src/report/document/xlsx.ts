/**
 * The report as an Excel workbook (issue 10, item 6): a Summary sheet laid
 * out like the seeds' scorecard, a sheet per service area with each
 * indicator's monthly series, out-turns with benchmarks and commentary,
 * and, unless published, an Exceptions sheet with the children behind
 * each exception (report/exceptionsData.ts's rows).
 *
 * Why numbers stay numbers: performance teams chart and filter the
 * workbook, so every figure is a numeric cell with a number format (a
 * percentage is stored as its percentage points, 22.2, formatted
 * `0.0"%"`, the figure the report prints); only `<5` and blanks are text.
 * RAG is a fill and a word, never a colour alone.
 */
import ExcelJS from "exceljs";
import type { Cell, ScorecardLine } from "../../app/scorecard.ts";
import type { Rag } from "../../framework/rag.ts";
import type { Unit } from "../../indicators/define.ts";
import { ownComparisonRows } from "../compare/rows.ts";
import { longDate, monthLabel } from "../format.ts";
import { publishFigure } from "../suppress.ts";
import { HIDDEN_MARK, RAG_COLOURS } from "./html.ts";
import type { ReportModel, ShownFigure } from "./model.ts";

const RAG_WORDS: Record<Rag, string> = { red: "Red", amber: "Amber", green: "Green", grey: "Grey" };
const RATED_SUFFIX: Record<string, string> = {
  month: "",
  quarter: " QTD",
  ytd: " YTD",
  rolling12: " R12",
  year: " year",
};

/** The number format of a unit's values at `decimals`. */
export function numberFormat(unit: Unit, decimals: number): string {
  const base = decimals > 0 ? `#,##0.${"0".repeat(decimals)}` : "#,##0";
  return unit === "percent" ? `${base}"%"` : base;
}

const argb = (hex: string) => `FF${hex.slice(1).toUpperCase()}`;

type Value = number | string | null;

/** A figure's value as a cell: the number, "<5", "x" (blanked), or empty. */
function valueCell(f: ShownFigure | Cell): Value {
  if (typeof f.value === "number") return f.value;
  if (f.value === "<5") return "<5";
  return "hidden" in f && f.hidden ? HIDDEN_MARK : null;
}

const partCell = (v: ShownFigure["numerator"]): Value => (v === null ? null : v);

function shown(cell: Cell, unit: Unit, publish: boolean): ShownFigure | Cell {
  if (!publish) return cell;
  const p = publishFigure(unit, cell);
  return { ...p, ...(p.value === null && cell.value !== null ? { hidden: true as const } : {}) };
}

function ragFill(cell: ExcelJS.Cell, rag: Rag | null, suffix = ""): void {
  if (rag === null) return;
  cell.value = RAG_WORDS[rag] + suffix;
  cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(RAG_COLOURS[rag].fill) } };
  cell.font = { bold: true, color: { argb: argb(RAG_COLOURS[rag].text) } };
  cell.alignment = { horizontal: "center" };
}

/** Column widths that fit the longest text of each column (capped). */
function fitWidths(ws: ExcelJS.Worksheet, min = 6, max = 60): void {
  ws.columns.forEach((col) => {
    let longest = min;
    col.eachCell?.({ includeEmpty: false }, (c) => {
      const v = c.value;
      const text =
        v === null || v === undefined
          ? ""
          : v instanceof Date
            ? "2025-11-30"
            : typeof v === "number"
              ? v.toLocaleString("en-GB", { maximumFractionDigits: 1 })
              : String(v);
      longest = Math.max(longest, Math.min(max, text.length + 2));
    });
    col.width = longest;
  });
}

const bold = (row: ExcelJS.Row) => {
  row.font = { bold: true };
};

const isoDate = (d: string) => new Date(`${d}T00:00:00Z`);

/** A sheet name Excel accepts, unique in the workbook. */
function sheetName(title: string, used: Set<string>): string {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, " ")
      .slice(0, 31)
      .trim() || "Sheet";
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base.slice(0, 27)} (${k})`;
  used.add(name.toLowerCase());
  return name;
}

function summarySheet(wb: ExcelJS.Workbook, model: ReportModel, used: Set<string>): void {
  const card = model.summary.scorecard;
  const ws = wb.addWorksheet(sheetName("Summary", used));
  const first = card.sections[0]?.lines[0];
  const c = model.cover;
  ws.addRow([`${c.council}: children's social care performance scorecard, ${c.periodLabel}`]).font = {
    bold: true,
    size: 14,
  };
  ws.addRow([
    `As at ${longDate(c.periodEnd)}. Produced ${longDate(c.produced)}. ${c.coverage}${c.provisional ? ` ${c.provisionalNote}` : ""} ${model.publish ? "Published: counts of 1 to 4 shown as <5, a figure resting on one shown as x." : "Internal: not for publication."}`,
  ]);
  const heads = [
    "No.",
    "Indicator",
    "Good performance is",
    ...(first?.months ?? []).map((m) => monthLabel(m.end)),
    `YTD ${card.ytdLabel}`,
    "Rolling 12 months",
    "Direction",
    "RAG",
    "Target",
    ...(first?.outturns ?? []).map((o) => o.label),
    "Stat. neighbours",
    "England",
    "Quartile",
  ];
  const header = ws.addRow(heads);
  bold(header);
  header.alignment = { wrapText: true, vertical: "top" };
  ws.views = [{ state: "frozen", xSplit: 2, ySplit: 3 }];
  for (const section of card.sections) {
    const band = ws.addRow([section.title]);
    band.font = { bold: true, color: { argb: "FFFFFFFF" } };
    for (let k = 1; k <= heads.length; k++)
      band.getCell(k).fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb("#1d70b8") } };
    for (const line of section.lines) addSummaryLine(ws, line, model.publish);
  }
  fitWidths(ws, 6, 50);
  ws.getColumn(1).width = 8;
  ws.getColumn(2).width = 50;
  ws.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  const gap = ws.addRow([]);
  gap.height = 8;
  for (const [title, items] of [
    ["Where we are performing well", model.summary.performingWell],
    ["Where we need to improve", model.summary.needToImprove],
  ] as const) {
    ws.addRow([title]).font = { bold: true, size: 12 };
    for (const item of items) ws.addRow([item.ref, item.sentence]);
    if (items.length === 0) ws.addRow(["", "No measure meets the rule this month."]);
  }
  ws.addRow([]);
  ws.addRow(["", `How the measures are chosen: ${model.summary.rule}`]);
}

function addSummaryLine(ws: ExcelJS.Worksheet, line: ScorecardLine, publish: boolean): void {
  const { unit, decimals } = line.indicator;
  const fmt = numberFormat(unit, decimals);
  const cells = [...line.months.map((m) => m.cell), line.ytd, line.rolling12];
  const direction = `${line.direction}${line.signal ? " (signal)" : ""}`;
  const bm = line.benchmarks;
  const row = ws.addRow([
    line.ref,
    line.title,
    { high: "High", low: "Low", info: "Info", range: "Within range" }[line.indicator.polarity],
    ...cells.map((x) => valueCell(shown(x, unit, publish))),
    direction,
    null,
    line.target,
    ...line.outturns.map((o) => valueCell(shown(o.cell, unit, publish))),
    bm.snAverage,
    bm.england,
    bm.quartile ?? "",
  ]);
  const numeric = [
    ...cells.map((_, k) => 4 + k),
    ...line.outturns.map((_, k) => 4 + cells.length + 3 + k),
    4 + cells.length + 3 + line.outturns.length,
    4 + cells.length + 3 + line.outturns.length + 1,
  ];
  for (const k of numeric) row.getCell(k).numFmt = fmt;
  ragFill(row.getCell(4 + cells.length + 1), line.rag, RATED_SUFFIX[line.ratedOn]);
}

function areaSheet(wb: ExcelJS.Workbook, section: ReportModel["sections"][number], used: Set<string>): void {
  const ws = wb.addWorksheet(sheetName(section.title, used), {
    views: [{ state: "frozen", ySplit: 1, xSplit: 2 }],
  });
  const header = ws.addRow([
    "No.",
    "Indicator",
    "Month end",
    "Value",
    "Numerator",
    "Denominator",
    "Target",
    "RAG",
    "Rated on",
  ]);
  bold(header);
  for (const ind of section.indicators) {
    const fmt = numberFormat(ind.unit, ind.decimals);
    for (const m of ind.months) {
      const row = ws.addRow([
        ind.ref,
        ind.title,
        isoDate(m.end),
        valueCell(m.figure),
        partCell(m.figure.numerator),
        partCell(m.figure.denominator),
        m.target,
        null,
        ind.ratedOn,
      ]);
      row.getCell(3).numFmt = "dd mmm yyyy";
      row.getCell(4).numFmt = fmt;
      row.getCell(5).numFmt = ind.unit === "days" || ind.unit === "ratio" ? "#,##0.0" : "#,##0";
      row.getCell(6).numFmt = ind.unit === "ratio" ? "#,##0.0" : "#,##0";
      ragFill(row.getCell(8), m.rag);
    }
  }
  ws.addRow([]);
  bold(
    ws.addRow([
      "No.",
      "Indicator",
      "Year",
      "Value",
      "Numerator",
      "Denominator",
      "Stat. neighbours",
      "England",
      "Quartile (A best)",
    ]),
  );
  for (const ind of section.indicators) {
    const fmt = numberFormat(ind.unit, ind.decimals);
    for (const o of ind.outturns) {
      const row = ws.addRow([
        ind.ref,
        ind.title,
        o.label,
        valueCell(o.figure),
        partCell(o.figure.numerator),
        partCell(o.figure.denominator),
        o.snAverage,
        o.england,
        o.quartile ?? "",
      ]);
      for (const k of [4, 7, 8]) row.getCell(k).numFmt = fmt;
    }
  }
  ws.addRow([]);
  bold(ws.addRow(["No.", "Indicator", "Commentary", "Author", "Written"]));
  for (const ind of section.indicators) {
    const c = ind.commentary;
    const row = ws.addRow([
      ind.ref,
      ind.title,
      c ? c.text : "No commentary was written for this period.",
      c?.author ?? "",
      c ? new Date(c.writtenAt) : null,
    ]);
    row.getCell(3).alignment = { wrapText: true, vertical: "top" };
    if (c) row.getCell(5).numFmt = "dd mmm yyyy hh:mm";
  }
  fitWidths(ws, 8, 60);
  ws.getColumn(2).width = 45;
}

function exceptionsSheet(wb: ExcelJS.Workbook, model: ReportModel, used: Set<string>): void {
  if (!model.exceptions) return;
  const ws = wb.addWorksheet(sheetName("Exceptions", used), { views: [{ state: "frozen", ySplit: 1 }] });
  bold(
    ws.addRow(["List", "Team", "Worker", "Child", "Event", "Due", "Days overdue", "Measure", "Indicator"]),
  );
  for (const p of model.exceptions.lists) {
    for (const r of p.rows) {
      const row = ws.addRow([
        p.list.title,
        r.team,
        r.worker,
        r.child_id,
        r.event,
        r.due_date === null ? null : isoDate(r.due_date),
        r.days_overdue,
        r.measure,
        r.indicator,
      ]);
      row.getCell(6).numFmt = "dd mmm yyyy";
      row.getCell(7).numFmt = "#,##0";
    }
  }
  fitWidths(ws, 8, 70);
}

/** "How we compare": one row an indicator, the council among the workspace's councils (only with more than one). */
function compareSheet(wb: ExcelJS.Workbook, model: ReportModel, used: Set<string>): void {
  const c = model.comparison;
  if (!c) return;
  const ws = wb.addWorksheet(sheetName("How we compare", used));
  ws.addRow([
    `${model.cover.council} beside the workspace's ${c.region.councils.length} councils, ${longDate(c.region.periodEnd)} (rank 1 and band A are the best; see Notes, "How we compare")`,
  ]).font = { bold: true, size: 12 };
  const heads = [
    "Indicator",
    "Title",
    "Period",
    "Our figure",
    "Rank",
    "Of",
    "Band",
    "Mean",
    "Median",
    "Best",
    "Neighbours' average (in the workspace)",
    "Neighbours present (of 10)",
    "With a figure",
    "DfE year",
    "DfE: our figure",
    "DfE: neighbours' average",
    "DfE: band",
  ];
  const header = ws.addRow(heads);
  bold(header);
  header.alignment = { wrapText: true, vertical: "top" };
  for (const { comparison: x, place: p, best } of ownComparisonRows(c.region, c.laCode)) {
    const pub = p?.published ?? null;
    const row = ws.addRow([
      x.indicator.id,
      x.indicator.title,
      x.periodType,
      p?.unranked === "suppressed" ? HIDDEN_MARK : (p?.value ?? null),
      p?.rank ?? (p?.unranked === "no polarity" ? null : (p?.unranked ?? null)),
      p?.rank != null ? x.withFigure : null,
      p?.band ?? null,
      x.mean,
      x.median,
      best.map((b) => b.name || b.la_code).join("; ") || null,
      p?.neighbours.average ?? null,
      p?.neighbours.listed ? p.neighbours.present.length : null,
      p?.neighbours.listed ? p.neighbours.withFigure.length : null,
      pub?.year ?? null,
      pub?.value ?? null,
      pub?.sn_average ?? null,
      pub?.quartile_band ?? null,
    ]);
    const fmt = numberFormat(x.indicator.unit, x.indicator.decimals);
    for (const k of [4, 8, 9, 11, 15, 16]) row.getCell(k).numFmt = fmt;
  }
  ws.views = [{ state: "frozen", xSplit: 2, ySplit: 2 }];
  fitWidths(ws);
}

/** Writes the workbook. */
export async function renderReportXlsx(model: ReportModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "csc-scorecard";
  // the produced date, not the clock: the same model gives the same workbook
  wb.created = isoDate(model.cover.produced);
  wb.modified = wb.created;
  const used = new Set<string>();
  summarySheet(wb, model, used);
  for (const section of model.sections) areaSheet(wb, section, used);
  exceptionsSheet(wb, model, used);
  compareSheet(wb, model, used);
  const notes = wb.addWorksheet(sheetName("Notes", used));
  notes.getColumn(1).width = 140;
  for (const n of model.notes) {
    notes.addRow([n.heading]).font = { bold: true };
    for (const p of n.paragraphs) notes.addRow([p]).alignment = { wrapText: true, vertical: "top" };
    notes.addRow([]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
