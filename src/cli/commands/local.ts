/**
 * `scorecard local import|show`: the council's local indicator values
 * (agency staff %, vacancy rate, early help figures …) into the workspace,
 * and what is stored.
 *
 * Why its own command: these figures come from HR and early-help returns,
 * not from child-level files, so they are imported on their own timetable;
 * each import re-derives their quarters and years at once, so `values`
 * and the report show them straight away.
 */
import { importLocal, storedLocalValues } from "../../app/local.ts";
import { UserError } from "../../errors/userError.ts";
import { tidyNumber, toCsv, toTextTable } from "../../report/tableFormats.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";

const SHOW_COLUMNS = ["indicator", "month", "numerator", "denominator", "value", "source"] as const;

export const localCommand: CommandRunner = {
  async run({ values, positionals }) {
    const [action, ...files] = positionals;
    if (action !== "import" && action !== "show") {
      throw new UserError(`local: say import or show (got "${action}")`);
    }
    if (action === "import" && files.length === 0)
      throw new UserError("local import: name at least one FILE");
    if (action === "show" && files.length > 0)
      throw new UserError(`local show: unexpected argument "${files[0]}"`);
    const format = String(values.format ?? "text");
    if (format !== "text" && format !== "csv")
      throw new UserError(`local: --format must be text or csv (got "${format}")`);
    const ws = await openWorkspace(requiredOption(values, "dir", "local"), {
      readOnly: action === "show",
      council: councilOption(values),
    });
    try {
      if (action === "import") {
        const report = await importLocal(ws, files);
        for (const f of report.files) {
          const errors = f.issues.filter((i) => i.severity === "error").length;
          const warnings = f.issues.length - errors;
          console.log(
            `${f.file}: ${f.rows} monthly values${errors ? `, ${errors} errors` : ""}${warnings ? `, ${warnings} warnings` : ""}`,
          );
          for (const i of f.issues.slice(0, 20)) {
            const where = [i.sheet && `sheet ${i.sheet}`, i.row && `row ${i.row}`, i.column]
              .filter(Boolean)
              .join(", ");
            console.log(`  ${i.severity}: ${where}${i.value ? ` ("${i.value}")` : ""}: ${i.message}`);
          }
          if (f.issues.length > 20) console.log(`  … ${f.issues.length - 20} more`);
        }
        for (const r of report.replaced) {
          console.log(
            `replaced ${r.indicator} ${r.month.slice(0, 7)}: ${r.before ?? "(no value)"} → ${r.after ?? "(no value)"}`,
          );
        }
        for (const d of report.derived) {
          if (d.months === 0) continue;
          const note = d.monthOnly
            ? `; ${d.monthOnly} months have a value but no numerator and denominator, which cannot be summed, so only their month figure exists`
            : "";
          console.log(`${d.indicator}: ${d.months} months stored, ${d.figures} figures derived${note}`);
        }
        if (report.files.every((f) => f.rows === 0))
          throw new UserError("nothing imported (see the issues above)");
        return;
      }
      const { rows, undeclared } = await storedLocalValues(ws);
      for (const id of undeclared) {
        console.log(
          `${id}: stored but no longer declared under "local" in the framework: not shown in reports`,
        );
      }
      const tidy = rows.map((r) => ({
        ...r,
        numerator: tidyNumber(r.numerator),
        denominator: tidyNumber(r.denominator),
        value: tidyNumber(r.value),
      }));
      if (rows.length === 0) console.log('no local values stored: import them with "scorecard local import"');
      else
        process.stdout.write(format === "csv" ? toCsv(SHOW_COLUMNS, tidy) : toTextTable(SHOW_COLUMNS, tidy));
    } finally {
      ws.close();
    }
  },
};
