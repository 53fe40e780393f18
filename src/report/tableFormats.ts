/**
 * Output formats for tables of data: CSV (RFC 4180), JSON, and aligned text.
 */

/** One CSV field, quoted when it must be. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text with a header row. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(","));
  return `${lines.join("\n")}\n`;
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
