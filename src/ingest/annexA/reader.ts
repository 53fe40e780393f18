/**
 * Reads an Ofsted Annex A workbook (.xlsx, lists 1–11) into canonical rows
 * plus issues.
 *
 * Why streamed and header-driven: councils' workbooks run to hundreds of
 * thousands of rows, rename sheets, put titles or blank rows above the
 * header and reword headers, so sheets are read row by row (xlsx.ts, the
 * worksheets scanned by sheetXml.ts) and each is matched to a list by its
 * headers (headers.ts),
 * never by its name. Codes arrive in many spellings (codes.ts). Why rows are
 * built at the end: list 6 completes list 3's referrals and lists 4, 5 and 7
 * link to referrals and conferences read from other sheets, which may come
 * in any order. A file that is not a readable workbook, or holds no list,
 * gives one error and no rows (imports are all or nothing); a bad value gives
 * an issue naming sheet, row, column and value, and drops the record only
 * when its defining date is unusable.
 *
 * Layout: format.ts (tables and result shapes), context.ts (the read's state
 * and issues), workbook.ts (container and sheets), values.ts (one row's
 * cells, through cells.ts), then the builders: referrals.ts (lists 1 and
 * 3–7) and care.ts (lists 8–10). This module runs them and builds people.
 * An import reads a workbook through stream.ts instead: the same records,
 * staged in DuckDB and built by `build` a chunk of children at a time.
 */
import type { Row } from "../../db/database.ts";
import { careLeavers, lookedAfter, permanence } from "./care.ts";
import { ReadContext, type Rec } from "./context.ts";
import type { AnnexAReadOptions, AnnexAReadResult } from "./format.ts";
import { LISTS } from "./headers.ts";
import { assessments, buildReferrals, contacts, plans, s47s } from "./referrals.ts";
import { checkContainer, readSheets } from "./workbook.ts";

export { readDate } from "./cells.ts";
export {
  ANNEXA_TABLES,
  type AnnexAListSummary,
  type AnnexAReadOptions,
  type AnnexAReadResult,
  type AnnexASummary,
  type AnnexATable,
} from "./format.ts";

/**
 * Reads an Annex A workbook. Resolves with the rows (keyed by canonical
 * table), the issues found and a summary; never rejects.
 */
export async function readAnnexA(path: string, options: AnnexAReadOptions): Promise<AnnexAReadResult> {
  return readWorkbook(new ReadContext(path, options));
}

/** Reads the workbook into the context and builds the result; a file-level error keeps no rows. */
async function readWorkbook(ctx: ReadContext): Promise<AnnexAReadResult> {
  try {
    if (await checkContainer(ctx)) await readSheets(ctx);
    if (!ctx.fatal) checkLists(ctx);
    if (!ctx.fatal) build(ctx);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    ctx.fail("ANNEXA_FILE", `the workbook cannot be read (${message}): it is corrupt or not an .xlsx file`);
  }
  return ctx.result();
}

/**
 * What needs every sheet read: fails when there is no list or no row, and
 * says which lists were read but are not imported.
 */
export function checkLists(ctx: ReadContext): void {
  if (ctx.lists.length === 0) {
    ctx.fail(
      "ANNEXA_NO_LISTS",
      "no sheet holds a recognisable Annex A list (a header row with a child id and a list's key date)",
    );
    return;
  }
  if (ctx.lists.every((l) => l.rows === 0)) {
    ctx.fail("ANNEXA_NO_ROWS", "every Annex A list in the workbook has a header but no rows");
    return;
  }
  for (const list of [2, 11]) {
    const found = ctx.lists.filter((l) => l.list === list);
    if (found.length === 0) continue;
    const rows = found.reduce((n, l) => n + l.rows, 0);
    const ids = found.reduce((n, l) => n + l.children, 0);
    ctx.issue(
      "warning",
      "ANNEXA_NOT_IMPORTED",
      `List ${list} (${found[0]!.title}): ${rows} rows for ${ids} ${list === 11 ? "adopters" : "children"} read but not imported: the canonical model has no table for ${list === 11 ? "adopters" : "early help assessments"}`,
      found.map((l) => l.sheet).join(", "),
      undefined,
      "",
      "",
    );
  }
}

/**
 * Builds the canonical rows from the records in `ctx` (people first). Every
 * builder looks at one child's records at a time (ids, links, people and
 * their conflicts are each a child's), so the records of some children
 * give those children's rows exactly as the whole workbook would.
 */
export function build(ctx: ReadContext): void {
  for (let list = 1; list <= 10; list++) for (const rec of ctx.records.get(list) ?? []) person(ctx, rec);
  const referrals = buildReferrals(ctx);
  contacts(ctx);
  assessments(ctx, referrals);
  const icpcs = s47s(ctx, referrals);
  plans(ctx, referrals, icpcs);
  lookedAfter(ctx);
  careLeavers(ctx);
  permanence(ctx);
}

function person(ctx: ReadContext, rec: Rec): void {
  const v = rec.v;
  const fields: Row = {
    pers_sex: v.sex ?? null,
    pers_ethnicity: v.ethnicity ?? null,
    pers_dob: v.dob ?? null,
    pers_disability: v.disability ?? null,
  };
  const existing = ctx.persons.get(rec.childId);
  if (!existing) {
    const row = ctx.at(rec, { pers_person_id: rec.childId, ...fields });
    ctx.persons.set(rec.childId, row);
    ctx.rows.ssd_person.push(row);
    return;
  }
  for (const [column, value] of Object.entries(fields)) {
    if (value === null) continue;
    const had = existing[column];
    if (had === null || had === undefined) existing[column] = value;
    else if (
      had !== value &&
      column !== "pers_disability" &&
      !ctx.conflicts.has(`${rec.childId}|${column}`)
    ) {
      ctx.conflicts.add(`${rec.childId}|${column}`);
      ctx.issue(
        "warning",
        "ANNEXA_PERSON_CONFLICT",
        `child ${rec.childId} has ${column.replace("pers_", "")} ${value} here but ${had} on sheet "${existing._sheet}" row ${existing._row}: the first was kept`,
        rec.sheet,
        rec.row,
        column === "pers_dob" ? "Date of Birth" : column === "pers_sex" ? "Gender/Sex" : "Ethnicity",
        String(value),
      );
    }
  }
}

/** The list numbers this reader knows, for callers that report by list. */
export const ANNEXA_LISTS = LISTS.map((l) => ({ list: l.list, title: l.title }));
