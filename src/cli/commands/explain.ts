import { explainFigure, indicatorById } from "../../app/explain.ts";
import { UserError } from "../../errors/userError.ts";
import { tidyNumber, toCsv, toTextTable } from "../../report/tableFormats.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { periodOptions } from "../period.ts";

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
    indicatorById(id, "explain");
    const { end, type } = periodOptions(values, "explain");
    const format = String(values.format ?? "text");
    if (format !== "text" && format !== "csv") throw new UserError(`explain: --format must be text or csv`);
    const ws = await openWorkspace(requiredOption(values, "dir", "explain"), { readOnly: true });
    try {
      const { indicator: ind, period, rows, figure: fig } = await explainFigure(ws, id, type, end);
      const out = rows.map((r) => ({ ...r, value: tidyNumber(r.value) }));
      if (format === "csv") {
        process.stdout.write(toCsv(COLUMNS, out));
        return;
      }
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
