/**
 * The regional comparison as an Excel workbook (`compare --format xlsx`):
 * a Summary sheet (one row an indicator: the region's statistics), a
 * Councils sheet (one row a council and indicator, the CSV's columns) and
 * the notes.
 *
 * Why numbers stay numbers: the workbook is filtered and charted, so every
 * figure is a numeric cell with the indicator's number format.
 */
import ExcelJS from "exceljs";
import type { RegionComparison } from "../../app/compare.ts";
import { numberFormat } from "../document/xlsx.ts";
import { regionSentence } from "./html.ts";
import { betterWords, COMPARE_COLUMNS, comparisonNotes, comparisonRows } from "./rows.ts";

/** Columns holding the indicator's figures (formatted in its unit). */
const FIGURE_COLUMNS = new Set([
  "value",
  "region_mean",
  "region_median",
  "region_q1",
  "region_q3",
  "sn_average",
  "published_value",
  "published_sn_average",
]);

/** The comparison as an XLSX workbook. */
export async function renderCompareXlsx(region: RegionComparison): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "csc-scorecard";
  const summary = wb.addWorksheet("Summary");
  summary.addRow([
    `Regional comparison: ${region.councils.length} councils, period ending ${region.periodEnd}`,
  ]).font = { bold: true, size: 14 };
  const heads = [
    "Indicator",
    "Title",
    "Period",
    "Better",
    "Councils",
    "With a figure",
    "Mean",
    "Median",
    "Q1",
    "Q3",
    "Best",
    "In words",
  ];
  summary.addRow(heads).font = { bold: true };
  for (const c of region.indicators) {
    const best = c.places.filter((p) => p.rank === 1).map((p) => p.name || p.la_code);
    const row = summary.addRow([
      c.indicator.id,
      c.indicator.title,
      c.periodType,
      betterWords(c),
      c.councils,
      c.withFigure,
      c.mean,
      c.median,
      c.q1,
      c.q3,
      best.join("; "),
      regionSentence(c),
    ]);
    const fmt = numberFormat(c.indicator.unit, c.indicator.decimals);
    for (const k of [7, 8, 9, 10]) row.getCell(k).numFmt = fmt;
  }
  summary.views = [{ state: "frozen", xSplit: 1, ySplit: 2 }];
  summary.columns.forEach((col, k) => {
    col.width = k === 1 ? 50 : k === 11 ? 80 : 14;
  });

  const councils = wb.addWorksheet("Councils");
  councils.addRow([...COMPARE_COLUMNS]).font = { bold: true };
  const byId = new Map(region.indicators.map((c) => [c.indicator.id, c.indicator]));
  for (const r of comparisonRows(region)) {
    const row = councils.addRow(COMPARE_COLUMNS.map((c) => r[c] ?? null));
    const ind = byId.get(String(r.indicator))!;
    const fmt = numberFormat(ind.unit, ind.decimals);
    COMPARE_COLUMNS.forEach((c, k) => {
      if (FIGURE_COLUMNS.has(c)) row.getCell(k + 1).numFmt = fmt;
    });
  }
  councils.views = [{ state: "frozen", xSplit: 1, ySplit: 1 }];
  councils.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COMPARE_COLUMNS.length } };
  councils.columns.forEach((col) => {
    col.width = 14;
  });

  const notes = wb.addWorksheet("Notes");
  notes.getColumn(1).width = 120;
  for (const t of comparisonNotes(region)) notes.addRow([t]).alignment = { wrapText: true, vertical: "top" };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
