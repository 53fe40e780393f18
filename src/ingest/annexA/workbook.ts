/**
 * The container and its sheets: files that are plainly not workbooks are
 * recognised from their first bytes, then each sheet is streamed row by row
 * and matched to a list by a header row in its first rows (headers.ts).
 */
import { open, stat } from "node:fs/promises";
import { cellText } from "./cells.ts";
import type { ReadContext, SheetState } from "./context.ts";
import { identifyList } from "./headers.ts";
import { dataRow } from "./values.ts";
import { NotAWorkbook, openWorkbook, type SheetReader } from "./xlsx.ts";

/** Rows searched for a header at the top of each sheet. */
const HEADER_SCAN_ROWS = 30;

/** Recognises files that are plainly not workbooks from their first bytes. */
export async function checkContainer(ctx: ReadContext): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(ctx.file)).size;
  } catch (e) {
    ctx.fail("ANNEXA_FILE", `cannot read the file: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
  if (size === 0) {
    ctx.fail("ANNEXA_EMPTY", "the file is empty");
    return false;
  }
  const handle = await open(ctx.file, "r");
  try {
    const head = Buffer.alloc(Math.min(8, size));
    await handle.read(head, 0, head.length, 0);
    if (head.subarray(0, 4).toString("latin1") === "%PDF") {
      ctx.fail("ANNEXA_FILE", "this is a PDF, not an Excel workbook: export the lists as .xlsx");
      return false;
    }
    if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
      ctx.fail(
        "ANNEXA_FILE",
        "this is an Excel 97–2003 (.xls) or password-protected workbook: save it as an unprotected .xlsx",
      );
      return false;
    }
    if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) {
      ctx.fail("ANNEXA_FILE", "this is not an .xlsx workbook (it is not a zip file)");
      return false;
    }
    return true;
  } finally {
    await handle.close();
  }
}

/** Streams every sheet: rows before a header are scanned for one, rows after it read as the list's records. */
export async function readSheets(ctx: ReadContext): Promise<void> {
  let sheets: SheetReader[];
  try {
    sheets = await openWorkbook(ctx.file);
  } catch (e) {
    if (e instanceof NotAWorkbook) {
      ctx.fail("ANNEXA_FILE", e.message);
      return;
    }
    throw e;
  }
  for (const reader of sheets) {
    const sheet: SheetState = { name: reader.name, headerRow: 0, ids: new Set() };
    for await (const row of reader.rows()) {
      if (sheet.match) dataRow(ctx, sheet, row.number, row.cells);
      else if (row.number <= HEADER_SCAN_ROWS) scanRow(ctx, sheet, row.number, row.cells);
    }
    endSheet(ctx, sheet);
  }
}

function scanRow(ctx: ReadContext, sheet: SheetState, number: number, cells: unknown[]): void {
  const headers: string[] = [];
  for (let c = 1; c < cells.length; c++) headers.push(cellText(cells[c]));
  if (headers.every((h) => h.trim() === "")) return;
  const match = identifyList(headers);
  if (!match) return;
  sheet.match = match;
  sheet.headerRow = number;
  const def = match.list;
  sheet.summary = {
    list: def.list,
    title: def.title,
    sheet: sheet.name,
    headerRow: number,
    rows: 0,
    children: 0,
    imported: def.list !== 2 && def.list !== 11,
  };
  ctx.lists.push(sheet.summary);
  for (const header of match.unknown.values()) {
    ctx.issue(
      "warning",
      "ANNEXA_UNKNOWN_COLUMN",
      `column "${header}" is not a List ${def.list} column this reader knows: ignored`,
      sheet.name,
      number,
      header,
      header,
    );
  }
  for (const [field, headersAgain] of match.repeated) {
    for (const header of headersAgain) {
      ctx.issue(
        "warning",
        "ANNEXA_REPEATED_COLUMN",
        `column "${header}" repeats the List ${def.list} column ${field}: the first was used`,
        sheet.name,
        number,
        header,
        header,
      );
    }
  }
}

function endSheet(ctx: ReadContext, sheet: SheetState): void {
  if (!sheet.summary) {
    ctx.issue(
      "warning",
      "ANNEXA_NO_LIST",
      `sheet "${sheet.name}" holds no recognisable Annex A list (no header row naming a child id and the list's key date in its first ${HEADER_SCAN_ROWS} rows): ignored`,
      sheet.name,
      undefined,
      "",
      "",
    );
    return;
  }
  sheet.summary.children = sheet.ids.size;
  if (sheet.summary.rows === 0) {
    ctx.issue(
      "warning",
      "ANNEXA_HEADER_ONLY",
      `List ${sheet.summary.list} (${sheet.summary.title}) on sheet "${sheet.name}" has a header but no rows`,
      sheet.name,
      sheet.headerRow,
      "",
      "",
    );
  }
}
