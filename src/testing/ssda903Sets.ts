/**
 * Test builders for DfE's SSDA903 rules on the return as written: records
 * of child C1, each on its own line of its file, a year's set with every
 * file present (a header for C1 unless one is given), and the issues one
 * rule finds, as `file:line column message`.
 *
 * Why shared: the rule test files (ssda903Cross, ssda903LastYear,
 * ssda903Places, ssda903Postcodes) each built the same sets by hand.
 */
import type { Row } from "../db/database.ts";
import type { Ssda903File } from "../ingest/ssda903/reader.ts";
import { type ValidateOptions, validate } from "../ingest/validate/validate.ts";

/** Some of a set's files, by name; those left out are empty (the header holds C1's by default). */
export type Tables = Partial<Record<Ssda903File, Row[]>>;

/** A year's set as `validate` takes it. */
export interface Set903 {
  year: number;
  tables: Record<Ssda903File, Row[]>;
}

/** Every file of a 903 set. */
export const FILES: Ssda903File[] = [
  "header",
  "episodes",
  "reviews",
  "uasc",
  "oc2",
  "oc3",
  "ad1",
  "placed_for_adoption",
  "previous_permanence",
  "missing",
  "sw_episodes",
];

let line = 1;

/** Numbers the next record from line `n` + 1 (so a test can name the line a rule reports). */
export function startLinesAt(n: number): void {
  line = n;
}

/** A record of one 903 file for child C1 (each on its own line). */
export function rec(file: Ssda903File, fields: Record<string, string> = {}): Row {
  return { _file: `${file}.csv`, _row: ++line, CHILD: "C1", ...fields };
}

/** C1's header with only SEX and DOB. */
export const plainHeader = (): Row => rec("header", { SEX: "1", DOB: "01/01/2010" });

/** The set of collection year `year` (2024 = 2023/24): `t`'s files, the rest empty, and `header()` unless a header is given. */
export function setOf(t: Tables, year: number, header: () => Row = plainHeader): Set903 {
  const tables = Object.fromEntries(FILES.map((f) => [f, t[f] ?? (f === "header" ? [header()] : [])]));
  return { year, tables: tables as Record<Ssda903File, Row[]> };
}

/** The issues of rule `code` in `sets`, validated for the collection year ending 31 March of `year`. */
export function issuesOf(
  code: string,
  sets: Set903[],
  year: number,
  extra: Partial<ValidateOptions> = {},
): string[] {
  return validate(
    {},
    { collectionYearEnd: `${year}-03-31`, referenceDate: "2027-01-01", ssda903: sets, ...extra },
  )
    .filter((i) => i.rule === code)
    .map((i) => `${i.file}:${i.row} ${i.column} ${i.message}`);
}
