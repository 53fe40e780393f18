/**
 * Reads a council's SSDA903 return (the looked-after children collection),
 * either the set of CSV files or the XML form (`EXPSSDA903`), into canonical
 * rows plus issues.
 *
 * Why rebuilt rather than copied: the 903 holds episodes (one per change of
 * legal status or placement), while the canonical model holds periods of
 * care, placements and legal statuses. Periods are runs of episodes joined
 * end to start (the previous episode ends with X1 on the day the next
 * starts); a placement is a run within a period that starts with a change of
 * placement (RNE P, B, T, U or S); a legal status is a run with the same LS.
 * A child's first period whose first episode in the files is not an entry
 * to care (RNE other than S: the files begin part-way through it) began before the data:
 * its date entered care is left empty, as unknown, so it is never counted as
 * a start, and a warning says so.
 * Ids are made from the child and a start date, so the same episode read
 * from two years' returns gets the same id.
 *
 * A CSV file is recognised by its set of column names (any order, any file
 * name). One folder holds one year's set: CSV files in different folders
 * are different years' returns (an XML file is a set of its own), each
 * with its own collection year, read together so that an episode carried
 * from one year into the next is one episode and periods of care span the
 * years; a record repeated in two years' sets (a child's header, an
 * episode, a missing episode or social worker open at 31 March) is kept
 * once, the copy with an end date preferred. The year-level flags of OC2 (health check, dental check) and the
 * OC3 snapshot have no dates. OC3 rows are dated the collection year end
 * (31 March) of their set's year. An OC2 "yes" says a check fell in the 12
 * months to 31 March, [31 March of the year before, 31 March] with both
 * ends in, so it is dated 30 March: inside that year's window (and the
 * 6-month one for under-5s) but before 31 March, which is also the first
 * day of the next year's window, where the next set's own flag must decide
 * alone. DATE_INT (AD1) and DATE_PLACED (placed
 * for adoption) are both the date of the decision that the child should be
 * placed for adoption; the placement order, the date placed for adoption
 * and the date placed with a foster carer who adopts come from the
 * episodes (the first E1 legal status, the first A3–A6 placement and the
 * placement before it; left empty when that status or placement was already
 * in force at the first episode of a period that began before the files).
 * Previous permanence has no canonical table and is not read.
 * Never throws: a file that cannot be read at all gives one error and no
 * rows; a record with an unusable date is dropped with an error; anything
 * else suspicious is kept with a warning. For CSV files `row` is the line
 * the record starts on (the header is line 1).
 *
 * Layout: format.ts (files, columns, result shapes), context.ts (the read's
 * state and field checks), csv.ts and xml.ts (files into records), then the
 * builders of canonical rows: people.ts, episodes.ts, yearRecords.ts,
 * permanence.ts. This module reads the files in sets and runs the builders.
 */

import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Row } from "../../db/database.ts";
import { cappedIssueLines } from "../issues.ts";
import { decodeText, notTextReason, parseDateText } from "../text.ts";
import { MAX_ISSUES_PER_RULE, ReadContext } from "./context.ts";
import { csv } from "./csv.ts";
import { episodes } from "./episodes.ts";
import {
  emptyRecords,
  type Raw,
  type Records,
  type Ssda903File,
  type Ssda903FileSummary,
  type Ssda903ReadOptions,
  type Ssda903ReadResult,
  type Ssda903Return,
  type Ssda903Summary,
} from "./format.ts";
import { people, uasc } from "./people.ts";
import { permanence } from "./permanence.ts";
import { xml } from "./xml.ts";
import {
  careLeavers,
  health,
  missing,
  outcomes,
  previousPermanence,
  reviews,
  socialWorkers,
} from "./yearRecords.ts";

export {
  SSDA903_FILES,
  SSDA903_TABLES,
  type Ssda903File,
  type Ssda903FileSummary,
  type Ssda903ReadOptions,
  type Ssda903ReadResult,
  type Ssda903Return,
  type Ssda903Summary,
  type Ssda903Table,
} from "./format.ts";

/**
 * Reads 903 files (CSV set and/or XML). Resolves with the rows (keyed by
 * canonical table), the issues and a summary; never rejects.
 */
export async function readSsda903(
  paths: readonly string[],
  options: Ssda903ReadOptions = {},
): Promise<Ssda903ReadResult> {
  const ctx = new ReadContext(options);
  const sets = new Map<string, number>();
  for (const path of paths) {
    const key = /\.xml$/i.test(path) ? `xml:${path}` : `dir:${dirname(path)}`;
    let set = sets.get(key);
    if (set === undefined) {
      set = sets.size;
      sets.set(key, set);
    }
    await readSetFile(ctx, path, set);
  }
  return finish(ctx, sets.size);
}

/** Reads one file of set `set` into the context's records (or one error saying why not). */
export async function readSetFile(ctx: ReadContext, file: string, set = 0): Promise<void> {
  const summary: Ssda903FileSummary = { file, records: 0, children: 0 };
  ctx.files.push(summary);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    ctx.fatal(file, ...failure(e, true));
    return;
  }
  try {
    if (bytes.length === 0) {
      ctx.fatal(file, "SSDA903_EMPTY", "the file is empty");
      return;
    }
    const { text } = decodeText(bytes);
    const notText = notTextReason(bytes, text);
    if (notText) {
      ctx.fatal(file, "SSDA903_NOT_903", `this is not an SSDA903 file: ${notText}`);
      return;
    }
    if (text.trim() === "") {
      ctx.fatal(file, "SSDA903_EMPTY", "the file holds only blank space");
      return;
    }
    const got = text.trimStart().startsWith("<") ? xml(ctx, file, set, text) : csv(ctx, file, set, text);
    if (!got) return;
    summary.table = got.table;
    summary.records = got.records;
    const children = new Set<string>();
    for (const [table, raws] of Object.entries(got.raws) as [Ssda903File, Raw[]][]) {
      for (const r of raws) {
        children.add(r.v.CHILD!);
        ctx.records[table].push(r);
      }
    }
    summary.children = children.size;
  } catch (e) {
    ctx.fatal(file, ...failure(e, false));
  }
}

/**
 * The file-level error (rule, message) for an exception while reading a
 * file: the file could not be read (`reading`: by default, when the error
 * has a code), or the reader failed.
 */
export function failure(
  e: unknown,
  reading = Boolean((e as { code?: unknown } | undefined)?.code),
): [rule: string, message: string] {
  const message = e instanceof Error ? e.message : String(e);
  return reading
    ? ["SSDA903_READ", `cannot read the file: ${message}`]
    : ["SSDA903_INTERNAL", `the reader failed on this file (${message}); please report it`];
}

/** Builds the canonical rows (when the LA is known) and the result. */
function finish(ctx: ReadContext, sets = 1): Ssda903ReadResult {
  const la = ctx.options.laCode;
  const anyRecords = Object.values(ctx.records).some((r) => r.length > 0);
  if (!la && anyRecords) {
    ctx.issue({
      severity: "error",
      file: ctx.files.map((f) => f.file).join(", "),
      column: "",
      value: "",
      rule: "SSDA903_NO_LA",
      message:
        "SSDA903 files do not name their council and no LA code was given: give the council's LA code; nothing was imported",
    });
  } else if (la) {
    ctx.years = setYears(ctx, sets);
    const known = [...new Set(ctx.years.filter((y): y is number => y !== undefined))].sort();
    ctx.collectionYear = known.at(-1);
    build(ctx, la);
  }
  ctx.issues.push(...cappedIssueLines(ctx.perRule, MAX_ISSUES_PER_RULE, ""));
  const children = new Set<string>();
  for (const raws of Object.values(ctx.records)) for (const r of raws) children.add(r.v.CHILD!);
  let periods = 0;
  for (const list of ctx.periods.values()) periods += list.length;
  return {
    rows: ctx.rows,
    issues: ctx.issues,
    returns: returns(ctx, sets),
    summary: {
      children: children.size,
      files: ctx.files,
      periodsOfCare: periods,
      ...(ctx.collectionYear !== undefined ? { collectionYear: ctx.collectionYear } : {}),
      ...yearsSummary(ctx),
      ...(la ? { laCode: la } : {}),
    },
  };
}

/** The records as written, by set, ordered by collection year. */
export function returns(ctx: ReadContext, sets: number): Ssda903Return[] {
  const out: Ssda903Return[] = [];
  for (let set = 0; set < sets; set++) {
    const year = ctx.years[set];
    out.push({
      ...(year !== undefined ? { year } : {}),
      tables: emptyRecords() as unknown as Record<Ssda903File, Row[]>,
    });
  }
  for (const [table, raws] of Object.entries(ctx.records) as [Ssda903File, Raw[]][])
    for (const r of raws) {
      const row: Row = { ...r.v, _file: r.file };
      if (r.row !== undefined) row._row = r.row;
      if (r.line !== undefined) row._line = r.line;
      out[r.set]?.tables[table].push(row);
    }
  return out.sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
}

/**
 * Each set's collection year: the one given, when the files are one set;
 * else inferred from the set's dates (a year given for several sets is
 * not used, and that is said).
 */
export function setYears(
  ctx: ReadContext,
  sets: number,
  infer: (set: number) => number | undefined = (set) => inferYear(ctx, set),
): (number | undefined)[] {
  const given = ctx.options.collectionYear;
  if (given !== undefined && sets <= 1) return [given];
  if (given !== undefined) {
    ctx.issue({
      severity: "warning",
      file: ctx.files.map((f) => f.file).join(", "),
      column: "",
      value: String(given),
      rule: "SSDA903_YEAR_IGNORED",
      message: `the files are ${sets} sets (folders) of SSDA903 returns: each set's collection year was taken from its own dates, not the ${given} given`,
    });
  }
  const years: (number | undefined)[] = [];
  for (let set = 0; set < sets; set++) years.push(infer(set));
  return years;
}

function yearsSummary(ctx: ReadContext): Pick<Ssda903Summary, "collectionYears" | "period"> {
  const known = [...new Set(ctx.years.filter((y): y is number => y !== undefined))].sort();
  if (known.length === 0) return {};
  return {
    collectionYears: known,
    period: { from: `${known[0]! - 1}-04-01`, to: `${known.at(-1)!}-03-31` },
  };
}

/** A set's collection year: the one whose 31 March is the first on or after the latest event date. */
function inferYear(ctx: ReadContext, set: number): number | undefined {
  const ocFiles = new Set(
    [...ctx.records.oc2, ...ctx.records.oc3].filter((r) => r.set === set).map((r) => r.file),
  );
  return yearFromLatest(ctx, latestDate(ctx.records, set), ocFiles);
}

/** The fields whose latest date names a set's collection year. */
export const YEAR_FIELDS: [Ssda903File, string[]][] = [
  ["episodes", ["DECOM", "DEC"]],
  ["reviews", ["REVIEW"]],
  ["missing", ["MIS_START", "MIS_END"]],
  ["sw_episodes", ["SW_DECOM", "SW_DEC"]],
];

/** The latest event date (ISO) of set `set`'s records, or `after` when none is later. */
export function latestDate(records: Partial<Records>, set: number, after = ""): string {
  let latest = after;
  for (const [table, names] of YEAR_FIELDS) {
    for (const r of records[table] ?? []) {
      if (r.set !== set) continue;
      for (const f of names) {
        const d = r.v[f] ? parseDateText(r.v[f]) : undefined;
        if (d && "iso" in d && d.iso > latest) latest = d.iso;
      }
    }
  }
  return latest;
}

/**
 * The collection year whose 31 March is the first on or after `latest`;
 * when the set has OC2 or OC3 records (their files in `ocFiles`), a warning
 * says the year was assumed.
 */
export function yearFromLatest(
  ctx: ReadContext,
  latest: string,
  ocFiles: ReadonlySet<string>,
): number | undefined {
  if (!latest) return undefined;
  const year = Number(latest.slice(0, 4));
  const inferred = latest.slice(5) <= "03-31" ? year : year + 1;
  if (ocFiles.size > 0) {
    ctx.issue({
      severity: "warning",
      file: [...ocFiles].join(", "),
      column: "",
      value: String(inferred),
      rule: "SSDA903_YEAR_INFERRED",
      message: `no collection year was given: ${inferred} (April ${inferred - 1} – March ${inferred}) was assumed from the latest date in the files (${latest}); OC2 checks are dated ${inferred}-03-30 and OC3 rows ${inferred}-03-31`,
    });
  }
  return inferred;
}

/** Builds the canonical rows of the context's records (the sets' years known). */
export function build(ctx: ReadContext, la: string): void {
  people(ctx, la);
  episodes(ctx, la);
  reviews(ctx, la);
  uasc(ctx, la);
  health(ctx, la);
  outcomes(ctx, la);
  previousPermanence(ctx);
  careLeavers(ctx, la);
  permanence(ctx, la);
  missing(ctx, la);
  socialWorkers(ctx, la);
}
