/** `scorecard values`: computed figures as CSV or JSON. */
import { isPeriodType, PERIOD_TYPES } from "../../calendar/periods.ts";
import { CATALOGUE, findIndicator } from "../../indicators/catalogue.ts";
import { query } from "../../workspace/database.ts";
import { UserError } from "../../workspace/errors.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type Command, requiredOption } from "../command.ts";
import { tidyNumber, toCsv } from "../format.ts";

const COLUMNS = ["indicator", "period_type", "period_end", "numerator", "denominator", "value"] as const;

export const valuesCommand: Command = {
  name: "values",
  usage: "values --dir D [--indicator ID] [--period-type T] [--format csv|json]",
  summary:
    "Print computed values: indicator, period type, period end (YYYY-MM-DD), numerator, denominator (empty for counts) and value.",
  options: {
    dir: { type: "string", value: "D", help: "the workspace folder" },
    indicator: { type: "string", value: "ID", help: "only this indicator (see scorecard indicators)" },
    "period-type": { type: "string", value: "T", help: `only this period type: ${PERIOD_TYPES.join(", ")}` },
    format: { type: "string", value: "FORMAT", help: "csv (default) or json" },
  },
  async run({ values }) {
    const format = String(values.format ?? "csv");
    if (format !== "csv" && format !== "json")
      throw new UserError(`values: --format must be csv or json (got "${format}")`);
    const filters: string[] = [];
    if (values.indicator !== undefined) {
      const id = String(values.indicator);
      if (!findIndicator(id)) throw new UserError(`values: no indicator "${id}" (see scorecard indicators)`);
      filters.push(`indicator = '${id}'`);
    }
    if (values["period-type"] !== undefined) {
      const t = String(values["period-type"]);
      if (!isPeriodType(t))
        throw new UserError(`values: --period-type must be one of ${PERIOD_TYPES.join(", ")} (got "${t}")`);
      filters.push(`period_type = '${t}'`);
    }
    const ws = await openWorkspace(requiredOption(values, "dir", "values"));
    try {
      filters.push(`la_code = '${ws.settings.council.laCode}'`);
      const order = CATALOGUE.map((i, k) => `WHEN '${i.id}' THEN ${k}`).join(" ");
      const typeOrder = PERIOD_TYPES.map((t, k) => `WHEN '${t}' THEN ${k}`).join(" ");
      const rows = await query(
        ws.db,
        `SELECT indicator, period_type, strftime(period_end, '%Y-%m-%d') AS period_end, numerator, denominator, value
         FROM indicator_values WHERE ${filters.join(" AND ")}
         ORDER BY CASE indicator ${order} ELSE 9999 END, CASE period_type ${typeOrder} END, period_end`,
      );
      const out = rows.map((r) => ({
        ...r,
        numerator: tidyNumber(r.numerator as number | null),
        denominator: tidyNumber(r.denominator as number | null),
        value: tidyNumber(r.value as number | null),
      }));
      if (format === "json") console.log(JSON.stringify(out, null, 1));
      else process.stdout.write(toCsv(COLUMNS, out));
    } finally {
      ws.close();
    }
  },
};
