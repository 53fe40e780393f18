/**
 * `scorecard values`: computed figures as CSV or JSON, each with its
 * judgement (RAG, direction, signal, target) and benchmarks (app/values.ts).
 */
import { judgedValues } from "../../app/values.ts";
import { isPeriodType, PERIOD_TYPES } from "../../calendar/periods.ts";
import { UserError } from "../../errors/userError.ts";
import { publishFigure } from "../../report/suppress.ts";
import { tidyNumber, toCsv } from "../../report/tableFormats.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";

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

export const valuesCommand: CommandRunner = {
  async run({ values }) {
    const format = String(values.format ?? "csv");
    if (format !== "csv" && format !== "json")
      throw new UserError(`values: --format must be csv or json (got "${format}")`);
    let periodType: string | undefined;
    if (values["period-type"] !== undefined) {
      const t = String(values["period-type"]);
      if (!isPeriodType(t))
        throw new UserError(`values: --period-type must be one of ${PERIOD_TYPES.join(", ")} (got "${t}")`);
      periodType = t;
    }
    const ws = await openWorkspace(requiredOption(values, "dir", "values"), {
      readOnly: true,
      council: councilOption(values),
    });
    try {
      const rows = await judgedValues(ws, {
        ...(periodType && isPeriodType(periodType) ? { periodType } : {}),
        ...(values.indicator !== undefined ? { indicator: String(values.indicator) } : {}),
      });
      const publish = values.publish === true;
      const out = rows.map(({ unit, judged: j, ...r }) => {
        const figure = {
          numerator: tidyNumber(r.numerator),
          denominator: tidyNumber(r.denominator),
          value: tidyNumber(r.value),
        };
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
