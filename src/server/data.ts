/**
 * What the pages read from the workspace, each through the engine's own
 * functions: judged figures (judgeWorkspace, as `values` prints them), the
 * rows behind a figure (explain's query, with the team and worker cells the
 * breakdown keys them by), breakdowns, and one child's records.
 *
 * Why no figure is computed here: every number a page shows is a stored
 * figure or an engine result, so the web, `values`, `explain` and the
 * report cannot disagree.
 */

import type { Period, PeriodType } from "../calendar/periods.ts";
import { query as select } from "../db/database.ts";
import {
  type Breakdown,
  breakdown,
  type DimensionName,
  type ExplainRowWithCells,
  explainRowsWithCells,
} from "../engine/breakdown.ts";
import { type Framework, type FrameworkIndicator, frameworkIndicators } from "../framework/config.ts";
import { type JudgedValue, judgeWorkspace } from "../framework/judge.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import type { Indicator } from "../indicators/define.ts";
import { TABLES } from "../model/tables.ts";
import type { Workspace } from "../workspace/workspace.ts";

/** Judged figures of every framework indicator, keyed by id (computed once per server: figures change only on compute). */
export type Judged = Map<string, JudgedValue[]>;

/** Reads and judges the council's stored figures. */
export function readJudged(ws: Workspace, framework: Framework): Promise<Judged> {
  const la = ws.settings.council.laCode;
  return judgeWorkspace(ws.db, framework, la, ws.settings.benchmarks?.council ?? la);
}

/** The period ends with stored figures, per period type, newest first. */
export function periodEnds(judged: Judged): Map<PeriodType, string[]> {
  const out = new Map<PeriodType, Set<string>>();
  for (const list of judged.values())
    for (const j of list) {
      const s = out.get(j.period_type) ?? new Set<string>();
      out.set(j.period_type, s);
      s.add(j.period_end);
    }
  return new Map([...out].map(([t, s]) => [t, [...s].sort().reverse()]));
}

/** One line of the summary: the framework's indicator and its judged figure for the period (if any). */
export interface SummaryLine {
  fi: FrameworkIndicator;
  figure: JudgedValue | undefined;
}

/** Judged figures keyed by indicator, period type and end, for lookups per page. */
export function indexJudged(judged: Judged): Map<string, JudgedValue> {
  const out = new Map<string, JudgedValue>();
  for (const [id, list] of judged) for (const j of list) out.set(`${id}|${j.period_type}|${j.period_end}`, j);
  return out;
}

/** The framework's sections with each indicator's judged figure for one period. */
export function summary(
  framework: Framework,
  index: Map<string, JudgedValue>,
  type: PeriodType,
  end: string,
): { title: string; lines: SummaryLine[] }[] {
  return framework.sections.map((s) => ({
    title: s.title,
    lines: s.indicators.map((fi) => ({ fi, figure: index.get(`${fi.id}|${type}|${end}`) })),
  }));
}

/** The framework indicator `id`, or undefined. */
export function frameworkIndicator(framework: Framework, id: string): FrameworkIndicator | undefined {
  return frameworkIndicators(framework).find((f) => f.id === id);
}

/** The catalogue indicator (computed, with rows) behind a framework indicator; undefined for local ones. */
export function computedIndicator(fi: FrameworkIndicator): Indicator | undefined {
  return fi.local ? undefined : findIndicator(fi.id);
}

/** The stored period of a figure (its window as computed), or undefined when there is no figure. */
export async function storedPeriod(
  ws: Workspace,
  id: string,
  type: PeriodType,
  end: string,
): Promise<Period | undefined> {
  const rows = await select(
    ws.db,
    `SELECT strftime(period_start, '%Y-%m-%d') AS s, strftime(period_end, '%Y-%m-%d') AS e FROM indicator_values
     WHERE la_code = $1 AND indicator = $2 AND period_type = $3 AND period_end = CAST($4 AS DATE)`,
    [ws.settings.council.laCode, id, type, end],
  );
  const r = rows[0];
  return r ? { type, start: String(r.s), end: String(r.e) } : undefined;
}

/** explain's rows behind a figure, each with the team and worker it falls to. */
export function rowsBehind(ws: Workspace, ind: Indicator, period: Period): Promise<ExplainRowWithCells[]> {
  return explainRowsWithCells(ws.db, ind, ws.options, ws.settings.council.laCode, period, ["team", "worker"]);
}

/** The engine's breakdown of a figure. */
export function breakdownOf(
  ws: Workspace,
  ind: Indicator,
  period: Period,
  dim: DimensionName,
): Promise<Breakdown> {
  return breakdown(ws.db, ind, ws.options, ws.settings.council.laCode, period, dim);
}

/** One record of a child's timeline. */
export interface TimelineEvent {
  date: string | null;
  table: string;
  what: string;
  id: string;
  details: { label: string; value: string }[];
}

/** Every record about one child in the canonical tables, oldest first (undated last). */
export async function childTimeline(ws: Workspace, childId: string): Promise<TimelineEvent[]> {
  const out: TimelineEvent[] = [];
  for (const t of TABLES) {
    if (!t.personColumn) continue;
    const dateCol = t.columns.find((c) => c.type === "DATE");
    const rows = await select(
      ws.db,
      `SELECT * FROM ${t.name} WHERE la_code = $1 AND ${t.personColumn} = $2`,
      [ws.settings.council.laCode, childId],
    );
    for (const r of rows) {
      const details = t.columns
        .filter((c) => c.name !== "la_code" && c.name !== t.personColumn && c.name !== t.key)
        .filter((c) => r[c.name] !== null && r[c.name] !== undefined && String(r[c.name]) !== "")
        .map((c) => ({ label: c.description, value: String(r[c.name]) }));
      out.push({
        date: dateCol && r[dateCol.name] !== null ? String(r[dateCol.name]) : null,
        table: t.name,
        what: t.description,
        id: String(r[t.key] ?? ""),
        details,
      });
    }
  }
  return out.sort(
    (a, b) => (a.date ?? "9999").localeCompare(b.date ?? "9999") || a.table.localeCompare(b.table),
  );
}

/** True when the child has ever been allocated to one of `teams` (a manager's reach). */
export async function childInTeams(
  ws: Workspace,
  childId: string,
  teams: readonly string[],
): Promise<boolean> {
  if (teams.length === 0) return false;
  const rows = await select(
    ws.db,
    `SELECT count(*) AS n FROM ssd_involvements
     WHERE la_code = $1 AND invo_person_id = $2 AND invo_professional_team IN (${teams.map((_, k) => `$${k + 3}`).join(", ")})`,
    [ws.settings.council.laCode, childId, ...teams],
  );
  return Number(rows[0]?.n ?? 0) > 0;
}
