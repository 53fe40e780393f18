import { breakdownDimension, breakdownFigure } from "../../app/breakdown.ts";
import type { BreakdownCell } from "../../engine/breakdown.ts";
import { UserError } from "../../errors/userError.ts";
import type { Unit } from "../../indicators/define.ts";
import { type Published, publishFigure } from "../../report/suppress.ts";
import { toCsv, toTextTable } from "../../report/tableFormats.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";
import { periodOptions } from "../period.ts";

const COLUMNS = ["cell", "label", "numerator", "denominator", "value"] as const;

const tidy = (v: Published) => (typeof v === "number" ? Number(v.toFixed(4)) : v);

/** A cell as printed: suppressed when publishing, numbers without floating-point noise. */
function outputCell(unit: Unit, c: BreakdownCell, publish: boolean) {
  const f = publish ? publishFigure(unit, c) : c;
  return {
    cell: c.cell,
    label: c.label,
    numerator: tidy(f.numerator),
    denominator: tidy(f.denominator),
    value: tidy(f.value),
  };
}

export const breakdownCommand: CommandRunner = {
  async run({ values, positionals }) {
    const id = positionals[0]!;
    const { indicator: ind, dimension: dim } = breakdownDimension(
      id,
      requiredOption(values, "by", "breakdown"),
    );
    const { end, type } = periodOptions(values, "breakdown");
    const format = String(values.format ?? "table");
    if (format !== "table" && format !== "csv" && format !== "json")
      throw new UserError(`breakdown: --format must be table, csv or json (got "${format}")`);
    const publish = values.publish === true;
    const ws = await openWorkspace(requiredOption(values, "dir", "breakdown"), {
      readOnly: true,
      council: councilOption(values),
    });
    try {
      const b = await breakdownFigure(ws, ind, dim, type, end);
      const period = b.period;
      const rows = [...b.cells, b.total].map((c) => outputCell(b.unit, c, publish));
      if (format === "json") {
        console.log(
          JSON.stringify({ indicator: id, by: dim, period, unit: b.unit, publish, cells: rows }, null, 1),
        );
      } else if (format === "csv") {
        process.stdout.write(toCsv(COLUMNS, rows));
      } else {
        const rateNote = ind.unit === "rate10k" ? " (cells are counts: no population per cell)" : "";
        console.log(`${ind.title} (${id}) by ${dim}, ${type} ${period.start} to ${period.end}${rateNote}`);
        if (publish) console.log("Published: counts of 1 to 4 shown as <5\n");
        else console.log("");
        process.stdout.write(toTextTable(COLUMNS, rows));
      }
    } finally {
      ws.close();
    }
  },
};
