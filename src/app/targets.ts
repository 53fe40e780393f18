/**
 * Targets: the ones in force in the workspace's framework, and setting
 * them from a CSV or XLSX file.
 *
 * Why an import: performance teams keep targets in a spreadsheet (one row
 * per indicator and date agreed); the import turns it into the framework
 * file, validated like any framework, so a wrong direction or a misspelt
 * id is refused with its row and column before anything is written.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parseCsv } from "../benchmarks/parse.ts";
import { isIsoDate } from "../calendar/dates.ts";
import { PERIOD_TYPE_LABELS } from "../calendar/periods.ts";
import { UserError } from "../errors/userError.ts";
import {
  FRAMEWORK_FILE,
  type FrameworkInput,
  frameworkIndicators,
  parseFramework,
} from "../framework/config.ts";
import { frameworkSource, loadFramework, rawFramework, writeFramework } from "../framework/load.ts";
import { TARGET_COLUMNS } from "../framework/targetColumns.ts";
import { describeTarget, targetInForce } from "../framework/targets.ts";
import { SETTINGS_FILE, settingsFile, writeSettings } from "../workspace/settings.ts";
import { readCoverage, type Workspace } from "../workspace/workspace.ts";

const NUMERIC: Record<string, string> = {
  green: "green",
  amber: "amber",
  low: "low",
  high: "high",
  amber_below: "amberBelow",
  amber_above: "amberAbove",
  target: "target",
};

async function readTable(path: string): Promise<{ cells: string[]; row: number }[]> {
  if (/\.xlsx$/i.test(path)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.readFile(path);
    } catch (e) {
      throw new UserError(`${path}: cannot read the workbook: ${(e as Error).message}`);
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new UserError(`${path}: the workbook has no sheets`);
    const rows: { cells: string[]; row: number }[] = [];
    ws.eachRow({ includeEmpty: false }, (r, n) => {
      const cells: string[] = [];
      for (let k = 1; k <= r.cellCount; k++) {
        const v = r.getCell(k).value;
        cells.push(
          v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? "" : String(v),
        );
      }
      rows.push({ cells, row: n });
    });
    return rows;
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UserError(`${path}: cannot read the targets file`);
  }
  return parseCsv(text.replace(/^\uFEFF/, "")).map((r) => ({ cells: r.fields, row: r.line }));
}

/**
 * Reads a targets file into targets by indicator (and the period type each
 * is rated on, where given). Problems name the row and column.
 */
export async function readTargetsFile(
  path: string,
): Promise<Map<string, { ratedOn?: string; targets: Record<string, unknown>[] }>> {
  const table = await readTable(path);
  const header = (table[0]?.cells ?? []).map((h) => h.trim().toLowerCase());
  const missing = ["indicator", "from", "form"].filter((c) => !header.includes(c));
  if (missing.length) throw new UserError(`${path}: missing column(s) ${missing.join(", ")}`);
  const unknown = header.filter((h) => h !== "" && !(TARGET_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) {
    throw new UserError(
      `${path}: unknown column(s) ${unknown.join(", ")} (columns: ${TARGET_COLUMNS.join(", ")})`,
    );
  }
  const problems: string[] = [];
  const out = new Map<string, { ratedOn?: string; targets: Record<string, unknown>[] }>();
  for (const { cells, row } of table.slice(1)) {
    if (cells.every((c) => c.trim() === "")) continue;
    const get = (c: string) => (header.includes(c) ? (cells[header.indexOf(c)] ?? "").trim() : "");
    const id = get("indicator");
    const target: Record<string, unknown> = { form: get("form"), from: get("from") };
    if (!isIsoDate(get("from")))
      problems.push(`${path}: row ${row}, from: a date is written YYYY-MM-DD (found "${get("from")}")`);
    for (const [col, field] of Object.entries(NUMERIC)) {
      const text = get(col);
      if (text === "") continue;
      const n = Number(text.replace(/%$/, ""));
      if (!Number.isFinite(n)) problems.push(`${path}: row ${row}, ${col}: not a number (found "${text}")`);
      else target[field] = n;
    }
    const ref = get("reference");
    if (ref !== "") target.reference = Number.isFinite(Number(ref)) ? Number(ref) : ref;
    if (get("note") !== "") target.note = get("note");
    const entry: { ratedOn?: string; targets: Record<string, unknown>[] } = out.get(id) ?? { targets: [] };
    out.set(id, entry);
    const ratedOn = get("rated_on");
    if (ratedOn !== "") {
      if (entry.ratedOn !== undefined && entry.ratedOn !== ratedOn) {
        problems.push(
          `${path}: row ${row}, rated_on: ${id} is rated on "${entry.ratedOn}" in an earlier row (found "${ratedOn}")`,
        );
      }
      entry.ratedOn = ratedOn;
    }
    entry.targets.push(target);
  }
  if (problems.length) throw new UserError(problems.join("\n"));
  return out;
}

/** The framework with the imported targets replacing the listed indicators' targets. */
export function withImportedTargets(
  raw: FrameworkInput,
  imported: Map<string, { ratedOn?: string; targets: Record<string, unknown>[] }>,
  source: string,
): FrameworkInput {
  const copy = structuredClone(raw) as FrameworkInput;
  const listed = new Set(copy.sections.flatMap((s) => s.indicators.map((i) => i.id)));
  const absent = [...imported.keys()].filter((id) => !listed.has(id));
  if (absent.length) {
    throw new UserError(
      `${source}: indicator(s) not in the framework (add them to a section first, or check the id): ${absent.join(", ")}`,
    );
  }
  for (const section of copy.sections) {
    for (const entry of section.indicators) {
      const t = imported.get(entry.id);
      if (!t) continue;
      entry.targets = t.targets;
      if (t.ratedOn !== undefined) entry.ratedOn = t.ratedOn as never;
    }
  }
  return copy;
}

/** What importing a targets file wrote. */
export interface TargetsImported {
  targets: number;
  indicators: number;
  /** The file written: the framework file, or settings.json when the framework is inline. */
  writtenTo: string;
}

/**
 * Sets the targets of the indicators a targets file lists, in the
 * workspace's framework (its file, created when the default applied, or
 * inline in settings.json). Nothing is written when any row is wrong.
 */
export async function importTargets(ws: Workspace, file: string): Promise<TargetsImported> {
  const imported = await readTargetsFile(file);
  const updated = withImportedTargets(rawFramework(ws.settings, ws.dir) as FrameworkInput, imported, file);
  const src = frameworkSource(ws.settings, ws.dir);
  const path = src.kind === "file" ? src.path : join(ws.dir, FRAMEWORK_FILE);
  parseFramework(
    updated,
    src.kind === "inline" ? SETTINGS_FILE : path,
    src.kind === "inline" ? ["framework"] : [],
  );
  if (src.kind === "inline") {
    writeSettings(join(ws.dir, SETTINGS_FILE), {
      ...settingsFile(ws.settings),
      framework: updated as Record<string, unknown>,
    });
  } else {
    writeFramework(path, updated);
    if (src.kind === "default") {
      writeSettings(join(ws.dir, SETTINGS_FILE), { ...settingsFile(ws.settings), framework: FRAMEWORK_FILE });
    }
  }
  const n = [...imported.values()].reduce((s, e) => s + e.targets.length, 0);
  return { targets: n, indicators: imported.size, writtenTo: src.kind === "inline" ? SETTINGS_FILE : path };
}

/** One indicator's target in force on a date. */
export type TargetInForceRow = {
  ref: string;
  indicator: string;
  title: string;
  polarity: string;
  rated_on: string;
  from: string;
  target: string;
  note: string;
};

/**
 * The target in force for every framework indicator on `at` (by default the
 * end of the council's data, or today without data).
 */
export async function targetsInForce(
  ws: Workspace,
  atDate?: string,
): Promise<{ at: string; frameworkName?: string; rows: TargetInForceRow[] }> {
  let at = atDate;
  const fw = loadFramework(ws.settings, ws.dir);
  if (at !== undefined && !isIsoDate(at))
    throw new UserError(`targets: --at must be a date written YYYY-MM-DD (got "${at}")`);
  if (at === undefined) {
    const coverage = (await readCoverage(ws.db)).find((c) => c.laCode === ws.settings.council.laCode);
    at = coverage?.dataTo ?? new Date().toISOString().slice(0, 10);
  }
  const rows = frameworkIndicators(fw).map((fi) => {
    const t = targetInForce(fi.targets, at);
    return {
      ref: fi.ref,
      indicator: fi.id,
      title: fi.title,
      polarity: fi.indicator.polarity,
      rated_on: PERIOD_TYPE_LABELS[fi.ratedOn],
      from: t?.from ?? "",
      target: t ? describeTarget(t, fi.indicator.polarity) : "",
      note: t?.note ?? "",
    };
  });
  return { at, ...(fw.name ? { frameworkName: fw.name } : {}), rows };
}
