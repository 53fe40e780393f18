/**
 * This product's own checks run over one child's records from several
 * sources at once: the files of an import, and the rows the workspace
 * already holds for the same children.
 *
 * Why: validation runs per source, but some contradictions only appear when
 * records from different returns meet (a death date from the CIN census and
 * a placement after it from the 903; a placement from Annex A overlapping
 * one from the 903; a date of birth from the workspace after a legal status
 * from a new file). Only children with records in two or more sources are
 * checked, so a single large return costs nothing extra. An issue is
 * reported here only when no source alone gives it (same rule, same row,
 * same column), so nothing already reported per source is repeated, and
 * nothing about the workspace's own rows is reported again at every import.
 */

import type { Row } from "../../db/database.ts";
import { TABLES } from "../../model/tables.ts";
import type { Issue } from "../issues.ts";
import { childKey, type ValidateOptions } from "./context.ts";
import { PRODUCT_RULES } from "./rules/product.ts";
import { type Found, findIssues } from "./validate.ts";

/** One source's rows: a file's (or a set of files'), or the workspace's. */
export interface SourcePart {
  name: string;
  rows: Record<string, Row[]>;
}

/** Added to a cross-source issue's message. */
export const CROSS_SOURCE_NOTE = "found only when records from different sources are put together";

const PERSON = new Map(TABLES.filter((t) => t.personColumn).map((t) => [t.name, t.personColumn!]));

/** The children (council|id) a part's rows name. */
function childrenOf(rows: Record<string, Row[]>): Set<string> {
  const out = new Set<string>();
  for (const [table, list] of Object.entries(rows)) {
    const column = PERSON.get(table);
    if (!column) continue;
    for (const r of list) {
      const key = childKey(r, column);
      if (key !== undefined) out.add(key);
    }
  }
  return out;
}

/** The rows of these children only (reviews through their periods of care). */
function subset(rows: Record<string, Row[]>, children: Set<string>): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const [table, list] of Object.entries(rows)) {
    const column = PERSON.get(table);
    if (!column) continue;
    const kept = list.filter((r) => children.has(childKey(r, column) ?? ""));
    if (kept.length) out[table] = kept;
  }
  const periods = new Set((out.ssd_cla_episodes ?? []).map((r) => String(r.clae_cla_id ?? "")));
  const reviews = (rows.ssd_cla_reviews ?? []).filter((r) => periods.has(String(r.clar_cla_id ?? "")));
  if (reviews.length) out.ssd_cla_reviews = reviews;
  return out;
}

const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** Which record an issue questions, the same whichever set of rows the rules ran over. */
function identity(f: Found): string | undefined {
  if (!f.row || !f.table) return undefined;
  const r = f.row;
  const spec = TABLES.find((t) => t.name === f.table);
  const where =
    typeof r._file === "string"
      ? [r._file, r._sheet, r._row, r._line].map(text).join("\u0001")
      : `workspace\u0001${text(spec ? r[spec.key] : "")}`;
  const person = text(r[PERSON.get(f.table) ?? ""]);
  const dates = spec?.columns.filter((c) => c.type === "DATE").map((c) => text(r[c.name])) ?? [];
  return [f.issue.rule, f.table, f.issue.column, where, person, ...dates].join("\u0002");
}

/**
 * The product rules' issues over `together` (every row the children will
 * have once imported: the workspace's and the new ones, duplicates merged)
 * that no part alone gives (`together` may be given as a function, called
 * only when two or more parts hold rows). Only children named by two or
 * more parts are looked at. The records are kept: which source is wrong is for the analyst
 * to decide, so the message names the sources that hold the child.
 */
export function crossSourceIssues(
  parts: readonly SourcePart[],
  together: Record<string, Row[]> | (() => Record<string, Row[]>),
  options: ValidateOptions = {},
): Issue[] {
  const holding = parts.filter((p) => Object.values(p.rows).some((list) => list.length > 0));
  if (holding.length < 2) return [];
  const partsOf = new Map<string, string[]>();
  for (const p of parts) {
    for (const child of childrenOf(p.rows)) {
      const list = partsOf.get(child);
      if (list) list.push(p.name);
      else partsOf.set(child, [p.name]);
    }
  }
  const shared = new Set([...partsOf].filter(([, names]) => names.length > 1).map(([child]) => child));
  if (shared.size === 0) return [];
  const alone = new Set<string>();
  for (const p of parts) {
    for (const f of findIssues(subset(p.rows, shared), options, PRODUCT_RULES)) {
      const id = identity(f);
      if (id) alone.add(id);
    }
  }
  const issues: Issue[] = [];
  const all = typeof together === "function" ? together() : together;
  for (const f of findIssues(subset(all, shared), options, PRODUCT_RULES)) {
    const id = identity(f);
    if (!id || alone.has(id)) continue;
    const column = PERSON.get(f.table!);
    const names = column ? (partsOf.get(childKey(f.row!, column) ?? "") ?? []) : [];
    issues.push({
      ...f.issue,
      message: `${f.issue.message}; ${CROSS_SOURCE_NOTE}${names.length ? ` (${names.join(" and ")})` : ""}: the records were kept`,
    });
  }
  return issues;
}
