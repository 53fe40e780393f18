/**
 * The one way a value is written into SQL text.
 *
 * Why: values from users and files reach SQL as bound parameters wherever
 * DuckDB allows one. Where the text itself must hold the value — an
 * identifier, DDL, or a code inside the SQL an indicator generates — it
 * goes through these functions, so quoting is decided (and tested) once.
 * DuckDB reads '…' and "…" literally: a backslash is an ordinary character
 * and the only escape is the doubled quote. NUL cannot be held by a DuckDB
 * string, so it is refused rather than silently cut.
 */

/** A value `sqlLiteral` writes: text, a finite number, a boolean or NULL. */
export type SqlLiteralValue = string | number | boolean | null | undefined;

function refuseNul(text: string, what: string): void {
  if (text.includes("\u0000")) throw new Error(`${what} holds a NUL character, which SQL text cannot hold`);
}

/**
 * An SQL literal: text in single quotes with quotes doubled, a finite number,
 * TRUE/FALSE, or NULL (null, undefined).
 *
 * @example sqlLiteral("O'Brien") // "'O''Brien'"
 */
export function sqlLiteral(value: SqlLiteralValue): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  refuseNul(value, "a text value");
  return `'${value.replaceAll("'", "''")}'`;
}

/** A DATE literal of an ISO date (YYYY-MM-DD); anything else is refused. */
export function sqlDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso))
    throw new Error(`not a date written YYYY-MM-DD: ${JSON.stringify(iso)}`);
  return `DATE ${sqlLiteral(iso)}`;
}

/** A parenthesised list of literals, e.g. for IN: ('E11', 'E12'); an empty list is (NULL), matching nothing. */
export function sqlList(values: readonly SqlLiteralValue[]): string {
  return values.length === 0 ? "(NULL)" : `(${values.map(sqlLiteral).join(", ")})`;
}

/**
 * A quoted identifier (table, column, schema or database name) with double
 * quotes doubled.
 *
 * @example sqlIdentifier('my "table"') // '"my ""table"""'
 */
export function sqlIdentifier(name: string): string {
  if (name === "") throw new Error("an empty SQL identifier");
  refuseNul(name, "an identifier");
  return `"${name.replaceAll('"', '""')}"`;
}
