/**
 * One data row of a list into a record: each cell read by its column's kind
 * (id, text, number, date, flag, code), with an issue for each value that is
 * not what the column holds; a row without a usable key date is dropped.
 */
import type { Severity } from "../issues.ts";
import { cellText, idText, isErrorCell, type PlainCell, plainText, readDate, unwrap } from "./cells.ts";
import { type CodeField, type FlagField, readCode, readDisability, readFlag } from "./codes.ts";
import type { ReadContext, Rec, SheetState, Value } from "./context.ts";
import type { ColumnDef, HeaderMatch } from "./headers.ts";

const CODE_FIELDS: Record<string, CodeField> = {
  sex: "sex",
  ethnicity: "ethnicity",
  contactSource: "source",
  referralSource: "source",
  primaryNeed: "primaryNeed",
  categoryOfNeed: "primaryNeed",
  closeReason: "closeReason",
  initialCategory: "abuse",
  latestCategory: "abuse",
  legalStatus: "legalStatus",
  ceasedReason: "ceasedReason",
  placementType: "placementType",
  provider: "provider",
  eligibility: "eligibility",
  inTouch: "inTouch",
  accommodation: "accommodation",
  suitable: "suitable",
  activity: "activity",
  reversedReason: "reversedReason",
};

const FLAG_FIELDS: Record<string, FlagField> = {
  referralNfa: "nfa",
  childSeen: "seen",
  seenAlone: "seen",
  uasc: "uasc",
};

/** The date that defines each list's record: without a usable one the record is dropped. */
const KEY_DATE: Record<number, string> = {
  1: "contactDate",
  3: "referralDate",
  4: "asmtStart",
  5: "stratDate",
  6: "cinStart",
  7: "cppStart",
  8: "claStart",
};

const REJECT = Symbol("reject");

/** The code columns whose text the builders keep as the code's description (referrals.ts). */
const DESCRIBED = new Set(["contactSource", "referralSource"]);

/** One data row of a matched sheet into a record of its list (blank rows skipped; no id or key date: dropped with an error). */
export function dataRow(ctx: ReadContext, sheet: SheetState, number: number, cells: unknown[]): void {
  const match = sheet.match!;
  const list = match.list.list;
  let blank = true;
  for (let c = 1; c < cells.length; c++) {
    const v = cells[c];
    if (v !== null && v !== undefined && cellText(v).trim() !== "") {
      blank = false;
      break;
    }
  }
  if (blank) return;
  sheet.summary!.rows++;
  const rec: Rec = { sheet: sheet.name, row: number, childId: "", v: {}, raw: {} };
  let rejected = false;
  for (const [i, def] of match.byIndex) {
    const cell = cells[i + 1];
    const header = headerAt(match, i);
    const value = cellValue(ctx, def, cell, sheet.name, number, header, list);
    if (value === REJECT) {
      rejected = true;
      continue;
    }
    rec.v[def.field] = value;
    if (DESCRIBED.has(def.field) && cell !== null && cell !== undefined)
      rec.raw[def.field] = cellText(cell).trim();
  }
  const idField = list === 11 ? "adopterId" : "childId";
  const id = rec.v[idField];
  if (typeof id !== "string" || id === "") {
    ctx.issue(
      "error",
      "ANNEXA_CHILD_ID",
      `List ${list} row ${number} has no ${list === 11 ? "adopter" : "child"} id: the row was not imported`,
      sheet.name,
      number,
      headerAt(match, indexOf(match, idField)),
      "",
    );
    return;
  }
  rec.childId = id;
  sheet.ids.add(id);
  const keyField = KEY_DATE[list];
  if (keyField && (rejected || rec.v[keyField] === null || rec.v[keyField] === undefined)) {
    if (!rejected) {
      ctx.issue(
        "error",
        "ANNEXA_MISSING_DATE",
        `List ${list} row ${number} (child ${id}) has no ${headerAt(match, indexOf(match, keyField))}: the row was not imported`,
        sheet.name,
        number,
        headerAt(match, indexOf(match, keyField)),
        "",
      );
    }
    return;
  }
  ctx.keep(list, rec);
}

/** A cell's value by column kind; REJECT when the list's key date is unusable (already reported). */
export function cellValue(
  ctx: ReadContext,
  def: ColumnDef,
  cell: unknown,
  sheet: string,
  row: number,
  header: string,
  list: number,
): Value | typeof REJECT {
  if (isErrorCell(cell)) {
    ctx.issue(
      "warning",
      "ANNEXA_CELL_ERROR",
      `the cell holds the Excel error ${cell.error}: read as empty`,
      sheet,
      row,
      header,
      String(cell.error),
    );
    return null;
  }
  const plain = unwrap(cell);
  switch (def.kind) {
    case "id":
      return idText(plain);
    case "text": {
      const t = plain === null ? "" : plainText(plain).trim();
      return t === "" ? null : t;
    }
    case "ignore":
      return null;
    case "number":
      return numberValue(ctx, plain, sheet, row, header);
    case "date": {
      const isKey = KEY_DATE[list] === def.field;
      const d = readDate(plain);
      if (d.iso !== undefined) {
        if (ctx.options.asAt && d.iso > ctx.options.asAt) {
          ctx.issue(
            "warning",
            "ANNEXA_FUTURE_DATE",
            `${header} ${d.iso} is after the workbook date ${ctx.options.asAt}: kept`,
            sheet,
            row,
            header,
            plainText(plain),
          );
        }
        return d.iso;
      }
      if (d.problem === undefined) return null;
      const severity: Severity = isKey ? "error" : "warning";
      ctx.issue(
        severity,
        d.ambiguous ? "ANNEXA_DATE_AMBIGUOUS" : "ANNEXA_DATE",
        `${header} "${plainText(plain)}" ${d.problem}: ${isKey ? "the row was not imported" : "left empty"}`,
        sheet,
        row,
        header,
        plainText(plain),
      );
      return isKey ? REJECT : null;
    }
    case "flag": {
      if (plain === null) return null;
      const text = plainText(plain);
      if (def.field === "disability") {
        const d = readDisability(text);
        if (d !== undefined) return d;
      } else {
        const f = readFlag(FLAG_FIELDS[def.field] ?? "plain", text);
        if (f !== undefined) return f;
      }
      ctx.issue(
        "warning",
        "ANNEXA_FLAG",
        `${header} "${text}" is not a yes/no answer: left empty`,
        sheet,
        row,
        header,
        text,
      );
      return null;
    }
    case "code": {
      if (plain === null) return null;
      const text = plainText(plain);
      const field = CODE_FIELDS[def.field];
      if (!field) return text;
      const read = readCode(field, text);
      if (read.how === "group") {
        ctx.issue(
          "warning",
          "ANNEXA_CODE_GROUP",
          `${header} "${text}" names a group of codes (${read.note}), not one: the code was left empty`,
          sheet,
          row,
          header,
          text,
        );
      } else if (read.how === "unknown") {
        ctx.issue(
          "warning",
          "ANNEXA_CODE",
          `${header} "${text}" is not a recognised code or description: the code was left empty`,
          sheet,
          row,
          header,
          text,
        );
      } else if (read.how === "renamed") {
        ctx.issue(
          "warning",
          "ANNEXA_CODE_RENAMED",
          `${header} ${read.note} is a retired code: read as ${read.code}`,
          sheet,
          row,
          header,
          text,
        );
      }
      return read.code;
    }
  }
}

function numberValue(
  ctx: ReadContext,
  plain: PlainCell,
  sheet: string,
  row: number,
  header: string,
): number | null {
  if (plain === null) return null;
  if (typeof plain === "number") return Number.isFinite(plain) ? plain : null;
  const text = plainText(plain).trim();
  if (text === "") return null;
  if (/^<\s*1$/.test(text)) return 0;
  const cleaned = text.replace(/,(?=\d{3}(?:\D|$))/g, "");
  if (/^-?\d+(?:\.\d+)?$/.test(cleaned)) return Number(cleaned);
  ctx.issue(
    "warning",
    "ANNEXA_NUMBER",
    `${header} "${text}" is not a number: left empty`,
    sheet,
    row,
    header,
    text,
  );
  return null;
}

function headerAt(match: HeaderMatch, index: number): string {
  const def = match.byIndex.get(index);
  return def ? (match.headers[index] ?? def.field) : "";
}

function indexOf(match: HeaderMatch, field: string): number {
  for (const [i, def] of match.byIndex) if (def.field === field) return i;
  return -1;
}
