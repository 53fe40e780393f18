import { explainRows } from "../../engine/explain.ts";
import { findIndicator } from "../../indicators/catalogue.ts";
import { query } from "../../workspace/database.ts";
import { UserError } from "../../workspace/errors.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { tidyNumber, toCsv, toTextTable } from "../format.ts";
import { periodOptions, reportedPeriod } from "../period.ts";

const COLUMNS = [
  "child_id",
  "event_id",
  "date",
  "in_numerator",
  "in_denominator",
  "value",
  "reason",
  "detail",
] as const;

export const explainCommand: CommandRunner = {
  async run({ values, positionals }) {
    const id = positionals[0]!;
    const ind = findIndicator(id);
    if (!ind) throw new UserError(`explain: no indicator "${id}" (see scorecard indicators)`);
    const { end, type } = periodOptions(values, "explain");
    const format = String(values.format ?? "text");
    if (format !== "text" && format !== "csv") throw new UserError(`explain: --format must be text or csv`);
    const ws = await openWorkspace(requiredOption(values, "dir", "explain"), { readOnly: true });
    try {
      const la = ws.settings.council.laCode;
      const period = await reportedPeriod(ws, type, end, "explain");
      const rows = await explainRows(ws.db, ind, ws.options, la, period);
      const out = rows.map((r) => ({ ...r, value: tidyNumber(r.value) }));
      if (format === "csv") {
        process.stdout.write(toCsv(COLUMNS, out));
        return;
      }
      const fig = (
        await query(
          ws.db,
          `SELECT numerator, denominator, value FROM indicator_values WHERE la_code = $1 AND indicator = $2
           AND period_type = $3 AND period_end = $4::DATE`,
          [la, id, type, end],
        )
      )[0];
      const v = fig ? tidyNumber(fig.value as number | null, ind.decimals) : null;
      const figure =
        fig && fig.denominator !== null
          ? `${fig.numerator} of ${tidyNumber(fig.denominator as number)} → ${v}`
          : `${v}`;
      console.log(`${ind.title} (${id}), ${type} ${period.start} to ${period.end}: ${figure}`);
      console.log(`${rows.length} rows, ${rows.filter((r) => r.in_numerator).length} in the numerator\n`);
      process.stdout.write(toTextTable(COLUMNS, out));
    } finally {
      ws.close();
    }
  },
};
