/**
 * One 903 CSV file into records: the file is recognised by its set of
 * column names (any order, any file name), with the closest file named when
 * a column is missing.
 */
import { normaliseHeader, parseCsv } from "../text.ts";
import type { ReadContext } from "./context.ts";
import { type Raw, type Records, SSDA903_FILES, type Ssda903File } from "./format.ts";

/** The records of one CSV file (of set `set`), or undefined after an error saying why the file was not read. */
export function csv(
  ctx: ReadContext,
  file: string,
  set: number,
  text: string,
): { table: Ssda903File; records: number; raws: Partial<Records> } | undefined {
  const csv = parseCsv(text);
  if (csv.unterminatedQuoteLine !== undefined) {
    ctx.fatal(file, ...unterminatedQuote(csv.unterminatedQuoteLine));
    return undefined;
  }
  const header = csv.records[0]!;
  const known = csvHeader(ctx, file, header);
  if (!known) return undefined;
  const raws: Raw[] = [];
  for (let k = 1; k < csv.records.length; k++) {
    const r = csvRecord(ctx, file, set, known, csv.records[k]!, csv.lines[k]!);
    if (r) raws.push(r);
  }
  if (csv.records.length === 1) noRows(ctx, file, known.table);
  return { table: known.table, records: csv.records.length - 1, raws: { [known.table]: raws } };
}

/** The file-level error (rule, message, where) for a file that ends inside a quoted value opened on `line`. */
export function unterminatedQuote(line: number): [string, string, { row: number }] {
  return [
    "SSDA903_CSV",
    `the file is cut short or malformed: a quoted value opened on line ${line} is never closed`,
    { row: line },
  ];
}

/**
 * One record of a CSV file (its fields as split, the line it starts on)
 * as a record of its table, warning when its length is not the header's;
 * undefined when it has no CHILD id (an error says so).
 */
export function csvRecord(
  ctx: ReadContext,
  file: string,
  set: number,
  header: CsvHeader,
  fields: string[],
  row: number,
): Raw | undefined {
  const v: Record<string, string> = {};
  for (const [n, j] of header.index) v[n] = (fields[j] ?? "").trim();
  const r: Raw = { file, set, row, v, labels: header.labels };
  if (fields.length !== header.width) {
    ctx.at(
      "warning",
      "SSDA903_FIELD_COUNT",
      r,
      "CHILD",
      `the row has ${fields.length} values but the header has ${header.width} columns: values were read by position`,
    );
  }
  return ctx.childOk(r) ? r : undefined;
}

/** The warning for a file that has a header but no records. */
export function noRows(ctx: ReadContext, file: string, table: Ssda903File): void {
  ctx.issue({
    severity: "warning",
    file,
    row: 1,
    column: "",
    value: "",
    rule: "SSDA903_NO_ROWS",
    message: `the ${table} file has a header but no records`,
  });
}

/** A CSV file's header read: its 903 table, where each of its columns is, and the columns as the file names them. */
export interface CsvHeader {
  table: Ssda903File;
  /** Each column of the table the file has, by position (the first, when one appears twice). */
  index: Map<string, number>;
  labels: Record<string, string>;
  /** The header's number of columns. */
  width: number;
}

/**
 * The header of a 903 CSV file (its fields as written): the table it
 * belongs to, with warnings for unknown or repeated columns, or undefined
 * after an error saying why the file was not read.
 */
export function csvHeader(ctx: ReadContext, file: string, header: string[]): CsvHeader | undefined {
  const names = header.map(normaliseHeader);
  const table = identify(ctx, file, header, names);
  if (!table) return undefined;
  const columns = SSDA903_FILES[table] as readonly string[];
  const index = new Map<string, number>();
  names.forEach((n, k) => {
    if (columns.includes(n) && !index.has(n)) index.set(n, k);
  });
  const labels: Record<string, string> = {};
  for (const [n, k] of index) labels[n] = header[k]!.trim();
  return { table, index, labels, width: header.length };
}

/** The 903 table a CSV header belongs to: its exact column set, or the closest one with a reported difference. */
function identify(
  ctx: ReadContext,
  file: string,
  header: string[],
  names: string[],
): Ssda903File | undefined {
  const have = new Set(names.filter((n) => n !== ""));
  let best: { table: Ssda903File; missing: string[]; extra: string[] } | undefined;
  for (const [table, cols] of Object.entries(SSDA903_FILES) as [Ssda903File, readonly string[]][]) {
    const missing = cols.filter((c) => !have.has(c));
    const extra = [...have].filter((n) => !cols.includes(n));
    if (missing.length === 0 && extra.length === 0) return duplicates(ctx, file, header, names, table);
    const score = cols.length - missing.length;
    if (
      !best ||
      score > SSDA903_FILES[best.table].length - best.missing.length ||
      (score === SSDA903_FILES[best.table].length - best.missing.length && extra.length < best.extra.length)
    )
      best = { table, missing, extra };
  }
  const found = header.slice(0, 8).join(", ");
  if (!best || best.missing.length > 0) {
    const hint =
      best && SSDA903_FILES[best.table].length - best.missing.length >= 3
        ? ` (closest: the ${best.table} file, which also needs ${best.missing.join(", ")})`
        : "";
    ctx.fatal(
      file,
      "SSDA903_NOT_903",
      `the columns (${found}${header.length > 8 ? ", …" : ""}) are not those of any SSDA903 file${hint}`,
      { row: 1 },
    );
    return undefined;
  }
  for (const extra of best.extra) {
    const k = names.indexOf(extra);
    ctx.issue({
      severity: "warning",
      file,
      row: 1,
      column: header[k]!.trim(),
      value: header[k]!.trim(),
      rule: "SSDA903_UNKNOWN_COLUMN",
      message: `${header[k]!.trim()} is not a column of the SSDA903 ${best.table} file: it was ignored`,
    });
  }
  return duplicates(ctx, file, header, names, best.table);
}

function duplicates(
  ctx: ReadContext,
  file: string,
  header: string[],
  names: string[],
  table: Ssda903File,
): Ssda903File {
  names.forEach((n, k) => {
    if (n !== "" && names.indexOf(n) !== k) {
      ctx.issue({
        severity: "warning",
        file,
        row: 1,
        column: header[k]!.trim(),
        value: header[k]!.trim(),
        rule: "SSDA903_DUPLICATE_COLUMN",
        message: `the column ${header[k]!.trim()} appears twice: the first was read`,
      });
    }
  });
  return table;
}
