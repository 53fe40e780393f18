/**
 * The Annex A writer: one workbook, `annex_a_<la>_<to>.xlsx`, sheets
 * `List 1` … `List 11` as Ofsted lays them out (annexALists.ts), codes as
 * Ofsted's drop-down text (annexACodes.ts), dates as real Excel dates.
 *
 * Why streamed: an inspection workbook of a large council runs to hundreds
 * of thousands of rows, so each list's query is read from DuckDB a chunk at
 * a time and every row is committed to exceljs's streaming writer with
 * inline strings; after each chunk the writer waits for the file stream to
 * drain. Why the zip's timestamps are reset afterwards: exceljs stamps every
 * part with the time of writing, and the same workspace must give the same
 * bytes so that importing an export twice is recognised as one file.
 */
import { open } from "node:fs/promises";
import { join } from "node:path";
import { setImmediate as tick } from "node:timers/promises";
import ExcelJS from "exceljs";
import type { Database } from "../db/database.ts";
import { readZipEnd } from "../ingest/annexA/zipEnd.ts";
import { type AnnexACode, annexAText } from "./annexACodes.ts";
import { type ColumnKind, LISTS, type ListParams } from "./annexALists.ts";
import type { ReturnScope, WrittenReturn } from "./types.ts";

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const DATE_FORMAT = "dd/mm/yyyy";
const YES_NO: Record<string, string> = { Y: "Yes", N: "No" };

/** A SQL value as the cell Annex A holds. */
export function cellValue(kind: ColumnKind, v: unknown): string | number | Date | null {
  if (v === null || v === undefined || v === "") return null;
  switch (kind) {
    case "date":
      return new Date(`${String(v)}T00:00:00Z`);
    case "number":
      return Number(v);
    case "text":
      return String(v);
    case "yesno":
      return YES_NO[String(v).toUpperCase()] ?? null;
    case "disability":
      return String(v).toUpperCase() === "NONE" ? "b) No" : "a) Yes";
    default:
      return annexAText(kind as AnnexACode, String(v));
  }
}

/** Writes the Annex A lists 1–11 of `scope.laCode` as at `scope.to`, covering [scope.from, scope.to]. */
export async function writeAnnexA(db: Database, outDir: string, scope: ReturnScope): Promise<WrittenReturn> {
  const filename = join(outDir, `annex_a_${scope.laCode}_${scope.to}.xlsx`);
  const fixed = new Date(`${scope.to}T00:00:00Z`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename,
    useSharedStrings: false,
    useStyles: true,
  });
  workbook.creator = "csc-scorecard";
  workbook.lastModifiedBy = "csc-scorecard";
  workbook.created = fixed;
  workbook.modified = fixed;
  const file = (workbook as unknown as { stream: NodeJS.WritableStream & { writableNeedDrain?: boolean } })
    .stream;
  const params: ListParams = {
    la: lit(scope.laCode),
    from: `DATE ${lit(scope.from)}`,
    to: `DATE ${lit(scope.to)}`,
  };
  const counts: Record<string, number> = {};
  for (const spec of LISTS) {
    const sheet = workbook.addWorksheet(spec.sheet);
    spec.columns.forEach((col, k) => {
      const column = sheet.getColumn(k + 1);
      column.width = col.kind === "date" ? 12 : Math.min(40, Math.max(10, col.header.length * 0.6));
      if (col.kind === "date") column.numFmt = DATE_FORMAT;
    });
    sheet.addRow(spec.columns.map((col) => col.header)).commit();
    let n = 0;
    if (spec.sql) {
      const result = await db.connection.stream(spec.sql(params));
      for await (const rows of result.yieldRowsJson()) {
        for (const row of rows) {
          sheet.addRow(spec.columns.map((col, k) => cellValue(col.kind, row[k]))).commit();
        }
        n += rows.length;
        if (file.writableNeedDrain) await new Promise((resolve) => file.once("drain", resolve));
        await tick();
      }
    }
    sheet.commit();
    counts[spec.sheet] = n;
  }
  await workbook.commit();
  await fixZipTimes(filename);
  return { files: [filename], counts };
}

/** Sets every entry's modification time in a zip's local and central headers to 1980-01-01 00:00. */
async function fixZipTimes(path: string): Promise<void> {
  const handle = await open(path, "r+");
  try {
    const { size } = await handle.stat();
    const end = await readZipEnd(handle, size);
    if (!end) throw new Error(`${path}: the zip directory is missing`);
    const { count, directorySize: cdSize, directoryOffset: cdOffset } = end;
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const stamp = Buffer.from([0, 0, 0x21, 0]);
    for (let at = 0, k = 0; k < count; k++) {
      if (cd.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: the zip directory is damaged`);
      stamp.copy(cd, at + 12);
      const local = cd.readUInt32LE(at + 42);
      await handle.write(stamp, 0, 4, local + 10);
      at += 46 + cd.readUInt16LE(at + 28) + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
    }
    await handle.write(cd, 0, cdSize, cdOffset);
  } finally {
    await handle.close();
  }
}
