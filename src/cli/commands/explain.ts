/**
 * `scorecard explain`: the rows behind one figure, as a text table or CSV.
 *
 * Why the due date is a column of its own: for indicators whose rows count
 * against a deadline (assessments, visits, reviews…) the engine returns when
 * each was due, which the exception lists use; explain shows the same rows.
 */
import { type Explanation, explainFigure, indicatorById } from "../../app/explain.ts";
import type { PeriodType } from "../../calendar/periods.ts";
import { UserError } from "../../errors/userError.ts";
import { tidyNumber, toCsv, toTextTable } from "../../report/tableFormats.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";
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

/** The columns of explain's output: `due_date` after `date` where the indicator's rows carry one. */
export function explainColumns(ex: Pick<Explanation, "indicator">): string[] {
  return ex.indicator.dueDate ? [...COLUMNS.slice(0, 3), "due_date", ...COLUMNS.slice(3)] : [...COLUMNS];
}

/** explain's output of an explanation: CSV, or a heading line, a count line and a text table. */
export function formatExplanation(ex: Explanation, type: PeriodType, format: "text" | "csv"): string {
  const { indicator: ind, period, rows, figure: fig } = ex;
  const columns = explainColumns(ex);
  const out = rows.map((r) => ({ ...r, value: tidyNumber(r.value) }));
  if (format === "csv") return toCsv(columns, out);
  const v = fig ? tidyNumber(fig.value as number | null, ind.decimals) : null;
  const figure =
    fig && fig.denominator !== null
      ? `${fig.numerator} of ${tidyNumber(fig.denominator as number)} → ${v}`
      : `${v}`;
  return [
    `${ind.title} (${ind.id}), ${type} ${period.start} to ${period.end}: ${figure}\n`,
    `${rows.length} rows, ${rows.filter((r) => r.in_numerator).length} in the numerator\n\n`,
    toTextTable(columns, out),
  ].join("");
}

export const explainCommand: CommandRunner = {
  async run({ values, positionals }) {
    const id = positionals[0]!;
    indicatorById(id, "explain");
    const { end, type } = periodOptions(values, "explain");
    const format = String(values.format ?? "text");
    if (format !== "text" && format !== "csv") throw new UserError(`explain: --format must be text or csv`);
    const ws = await openWorkspace(requiredOption(values, "dir", "explain"), {
      readOnly: true,
      council: councilOption(values),
    });
    try {
      process.stdout.write(formatExplanation(await explainFigure(ws, id, type, end), type, format));
    } finally {
      ws.close();
    }
  },
};
