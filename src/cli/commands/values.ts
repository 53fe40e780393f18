/**
 * `scorecard values`: computed figures as CSV or JSON, each with its
 * judgement (RAG, direction, signal, target) and benchmarks.
 */
import { isPeriodType, PERIOD_TYPES } from "../../calendar/periods.ts";
import { sqlLiteral } from "../../db/quote.ts";
import { type Framework, frameworkIndicators, loadFramework } from "../../framework/config.ts";
import { judgeWorkspace } from "../../framework/judge.ts";
import { CATALOGUE } from "../../indicators/catalogue.ts";
import { publishFigure } from "../../report/suppress.ts";
import { query } from "../../workspace/database.ts";
import { UserError } from "../../workspace/errors.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { tidyNumber, toCsv } from "../format.ts";

const COLUMNS = [
  "indicator",
  "period_type",
  "period_end",
  "numerator",
  "denominator",
  "value",
  "rag",
  "direction",
  "signal",
  "target",
  "sn_average",
  "england",
  "quartile",
  "compared_with",
  "benchmark",
  "vs_benchmark",
] as const;

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

export const valuesCommand: CommandRunner = {
  async run({ values }) {
    const format = String(values.format ?? "csv");
    if (format !== "csv" && format !== "json")
      throw new UserError(`values: --format must be csv or json (got "${format}")`);
    const filters: string[] = [];
    const params: string[] = [];
    const bind = (column: string, value: string) => {
      params.push(value);
      filters.push(`${column} = $${params.length}`);
    };
    if (values["period-type"] !== undefined) {
      const t = String(values["period-type"]);
      if (!isPeriodType(t))
        throw new UserError(`values: --period-type must be one of ${PERIOD_TYPES.join(", ")} (got "${t}")`);
      bind("period_type", t);
    }
    const ws = await openWorkspace(requiredOption(values, "dir", "values"), { readOnly: true });
    try {
      const framework = withHidden(loadFramework(ws.settings, ws.dir));
      const units = new Map(frameworkIndicators(framework).map((f) => [f.id, f.indicator.unit]));
      if (values.indicator !== undefined) {
        const id = String(values.indicator);
        if (!units.has(id))
          throw new UserError(
            `values: no indicator "${id}" (see scorecard indicators, or the local indicators of the framework)`,
          );
        bind("indicator", id);
      }
      bind("la_code", ws.settings.council.laCode);
      const order = CATALOGUE.map((i, k) => `WHEN ${sqlLiteral(i.id)} THEN ${k}`).join(" ");
      const typeOrder = PERIOD_TYPES.map((t, k) => `WHEN ${sqlLiteral(t)} THEN ${k}`).join(" ");
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
      const publish = values.publish === true;
      const out = rows.map((r) => {
        const j = byKey.get(keyOf(r.indicator, r.period_type, r.period_end));
        const figure = {
          numerator: tidyNumber(r.numerator as number | null),
          denominator: tidyNumber(r.denominator as number | null),
          value: tidyNumber(r.value as number | null),
        };
        const unit = units.get(String(r.indicator));
        return {
          ...r,
          ...(publish && unit ? publishFigure(unit, figure) : figure),
          rag: j?.rag ?? null,
          direction: j?.direction ?? null,
          signal: j?.signal ?? null,
          target: j?.target || null,
          sn_average: tidyNumber(j?.sn_average ?? null),
          england: tidyNumber(j?.england ?? null),
          quartile: j?.quartile ?? null,
          compared_with: j ? j.compared.name : null,
          benchmark: tidyNumber(j?.compared.value ?? null),
          vs_benchmark: j?.compared.verdict ?? null,
        };
      });
      if (format === "json") console.log(JSON.stringify(out, null, 1));
      else process.stdout.write(toCsv(COLUMNS, out));
    } finally {
      ws.close();
    }
  },
};
