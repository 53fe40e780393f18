/**
 * Where a canonical row came from, carried on the row itself.
 *
 * Why: validation rules run on canonical rows (whatever the file format)
 * but must name the file, sheet, row or line of the value they question.
 * Readers set these keys; the loader ignores them (it writes declared
 * columns only).
 */
import type { Row } from "../db/database.ts";

/** Keys a reader may set on a canonical row to locate it in its source file. */
export const SOURCE_KEYS = ["_file", "_sheet", "_row", "_line"] as const;

/** The location of a row in its source file. */
export interface SourceRef {
  file: string;
  sheet?: string;
  row?: number;
  line?: number;
}

/** Returns `row` with its source location set. */
export function withSource(row: Row, source: SourceRef): Row {
  row._file = source.file;
  if (source.sheet !== undefined) row._sheet = source.sheet;
  if (source.row !== undefined) row._row = source.row;
  if (source.line !== undefined) row._line = source.line;
  return row;
}

/** The source location stored on a row, if any. */
export function sourceOf(row: Row): SourceRef | undefined {
  if (typeof row._file !== "string") return undefined;
  return {
    file: row._file,
    ...(typeof row._sheet === "string" ? { sheet: row._sheet } : {}),
    ...(typeof row._row === "number" ? { row: row._row } : {}),
    ...(typeof row._line === "number" ? { line: row._line } : {}),
  };
}
