/**
 * Output formats for tables of data: CSV (RFC 4180), JSON, and aligned text.
 *
 * Why one CSV writer: every CSV the product hands a person (CLI tables,
 * exception lists, the web application's downloads) is opened in a
 * spreadsheet, so each goes through the same guard against formulas.
 */

/** A number as text: written as it is, never taken for a formula (a spreadsheet reads "-3" as minus three). */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * One CSV field, quoted when it must be, and kept from being read as a
 * spreadsheet formula (OWASP's rule for CSV injection): text starting with
 * =, +, -, @, a tab or a carriage return gets a leading single quote. A
 * number, or text that is exactly a plain number such as "-3" or "-0.25",
 * is written as it is, so negative figures stay numbers.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (
    typeof value !== "number" &&
    typeof value !== "bigint" &&
    /^[=+\-@\t\r]/.test(text) &&
    !PLAIN_NUMBER.test(text)
  )
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV lines (header first) joined by `eol`, each field through csvField. */
export function csvLines<R extends object>(
  columns: readonly (keyof R & string)[],
  rows: readonly R[],
  eol: "\n" | "\r\n" = "\n",
): string {
  const lines = [columns.map(csvField).join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(","));
  return `${lines.join(eol)}${eol}`;
}

/** CSV text with a header row. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return csvLines(columns, rows);
}

/** Plain-text table with aligned columns, for reading in a terminal. */
export function toTextTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cells = rows.map((r) =>
    columns.map((c) => (r[c] === null || r[c] === undefined ? "" : String(r[c]))),
  );
  const widths = columns.map((c, k) => Math.max(c.length, ...cells.map((row) => row[k]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, k) => v.padEnd(widths[k]!))
      .join("  ")
      .trimEnd();
  return `${[line([...columns]), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n")}\n`;
}

/** A number without floating-point noise: at most `decimals` places, trailing zeros dropped. */
export function tidyNumber(value: number | null, decimals = 4): number | null {
  return value === null ? null : Number(value.toFixed(decimals));
}
