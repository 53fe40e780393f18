/**
 * The rows behind a figure as an XLSX workbook, for the drill-down page's
 * download (the CSV's columns, with dates as dates and flags as booleans).
 *
 * Why a module of its own: exceljs is slow to load, so the server imports
 * this on the first download, not at start.
 */
import ExcelJS from "exceljs";
import type { ShownRow } from "./pages.tsx";

/** The rows as one sheet, "Rows", with a frozen header and a note that it names children; a due date column when `due`. */
export async function rowsXlsx(
  title: string,
  period: string,
  rows: readonly ShownRow[],
  due = false,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Rows", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = [
    { header: "Child", key: "child_id", width: 14 },
    { header: "Event", key: "event_id", width: 16 },
    { header: "Date", key: "date", width: 12, style: { numFmt: "yyyy-mm-dd" } },
    ...(due ? [{ header: "Due date", key: "due_date", width: 12, style: { numFmt: "yyyy-mm-dd" } }] : []),
    { header: "In numerator", key: "in_numerator", width: 13 },
    { header: "In denominator", key: "in_denominator", width: 15 },
    { header: "Value", key: "value", width: 10 },
    { header: "Reason", key: "reason", width: 50 },
    { header: "Team", key: "team", width: 16 },
    { header: "Worker", key: "worker", width: 16 },
  ];
  const asDate = (d: string | undefined) =>
    d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T00:00:00Z`) : d || null;
  for (const r of rows)
    ws.addRow({
      ...r,
      date: asDate(r.date),
      due_date: asDate(r.due_date),
      value: r.value === "" ? null : Number(r.value),
    });
  ws.getRow(1).font = { bold: true };
  const about = wb.addWorksheet("About");
  about.addRow([title]);
  about.addRow([period]);
  about.addRow(["Not for publication: lists name children."]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
