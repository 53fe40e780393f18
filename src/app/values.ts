/**
 * Computed figures with their judgements (RAG, direction, signal, target)
 * and benchmarks: what `scorecard values` lists and the web application
 * will serve.
 *
 * Why in app/: it joins the stored figures, the framework and the
 * benchmarks for one workspace and returns plain rows; formatting and
 * suppression for publishing are for the adapters.
 */
import { PERIOD_TYPES, type PeriodType } from "../calendar/periods.ts";
import { query } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { type Framework, frameworkIndicators } from "../framework/config.ts";
import { type JudgedValue, judgeWorkspace } from "../framework/judge.ts";
import { loadFramework } from "../framework/load.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import type { Unit } from "../indicators/define.ts";
import type { Workspace } from "../workspace/workspace.ts";

/** The framework plus, unrated, the indicators it hides: values lists every computed figure. */
function withHidden(fw: Framework): Framework {
  const shown = new Set(frameworkIndicators(fw).map((i) => i.id));
  const hidden = CATALOGUE.filter((i) => !shown.has(i.id)).map((indicator) => ({
    id: indicator.id,
    ref: "",
    title: indicator.title,
    indicator,
    ratedOn: "month" as const,
    targets: [],
    compareWith: fw.compareWith,
  }));
  return { ...fw, sections: [...fw.sections, { title: "hidden", indicators: hidden }] };
}

/** Which figures to list: all, or one period type, or one indicator. */
export interface ValuesFilter {
  periodType?: PeriodType;
  indicator?: string;
}

/** One stored figure, its indicator's unit and, for an indicator the framework shows, its judgement. */
export interface JudgedFigure {
  indicator: string;
  period_type: string;
  period_end: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  unit?: Unit;
  judged?: JudgedValue;
}

/**
 * Every figure of the workspace's council (in catalogue, period-type and
 * date order) with its judgement. Throws a UserError for an indicator
 * neither the catalogue nor the framework's local indicators know.
 */
export async function judgedValues(ws: Workspace, filter: ValuesFilter = {}): Promise<JudgedFigure[]> {
  const filters: string[] = [];
  const params: Record<string, string> = {};
  if (filter.periodType !== undefined) {
    filters.push("period_type = $periodType");
    params.periodType = filter.periodType;
  }
  const framework = withHidden(loadFramework(ws.settings, ws.dir));
  const units = new Map(frameworkIndicators(framework).map((f) => [f.id, f.indicator.unit]));
  if (filter.indicator !== undefined) {
    const id = filter.indicator;
    if (!units.has(id))
      throw new UserError(
        `values: no indicator "${id}" (see scorecard indicators, or the local indicators of the framework)`,
      );
    filters.push("indicator = $indicator");
    params.indicator = id;
  }
  filters.push("la_code = $la");
  params.la = ws.settings.council.laCode;
  const order = CATALOGUE.map((i, k) => `WHEN '${i.id}' THEN ${k}`).join(" ");
  const typeOrder = PERIOD_TYPES.map((t, k) => `WHEN '${t}' THEN ${k}`).join(" ");
  const la = ws.settings.council.laCode;
  const judged = await judgeWorkspace(ws.db, framework, la, ws.settings.benchmarks?.council ?? la);
  const keyOf = (id: unknown, type: unknown, end: unknown) => `${id}|${type}|${end}`;
  const byKey = new Map(
    [...judged.values()].flat().map((j) => [keyOf(j.indicator, j.period_type, j.period_end), j]),
  );
  const rows = await query(
    ws.db,
    `SELECT indicator, period_type, strftime(period_end, '%Y-%m-%d') AS period_end, numerator, denominator, value
     FROM indicator_values WHERE ${filters.join(" AND ")}
     ORDER BY CASE indicator ${order} ELSE 9999 END, CASE period_type ${typeOrder} END, period_end`,
    params,
  );
  return rows.map((r) => {
    const j = byKey.get(keyOf(r.indicator, r.period_type, r.period_end));
    const unit = units.get(String(r.indicator));
    return {
      ...(r as Omit<JudgedFigure, "unit" | "judged">),
      ...(unit ? { unit } : {}),
      ...(j ? { judged: j } : {}),
    };
  });
}
