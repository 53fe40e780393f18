/**
 * `scorecard benchmarks import|show`: DfE's published benchmarks into the
 * workspace, and the statistics the scorecard compares with (app/benchmarks.ts).
 */
import {
  benchmarksFor,
  importBenchmarks,
  BENCHMARK_SHOW_COLUMNS as SHOW_COLUMNS,
} from "../../app/benchmarks.ts";
import { UserError } from "../../errors/userError.ts";
import { toCsv, toTextTable } from "../../report/tableFormats.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";

export const benchmarksCommand: CommandRunner = {
  async run({ values, positionals }) {
    const [action, ...files] = positionals;
    if (action !== "import" && action !== "show") {
      throw new UserError(`benchmarks: say import or show (got "${action}")`);
    }
    if (action === "import" && files.length === 0)
      throw new UserError("benchmarks import: name at least one FILE");
    if (action === "show" && files.length > 0)
      throw new UserError(`benchmarks show: unexpected argument "${files[0]}"`);
    const ws = await openWorkspace(requiredOption(values, "dir", "benchmarks"), {
      readOnly: action === "show",
      allCouncils: action === "import" || values.council !== undefined,
    });
    try {
      if (action === "import") {
        const reports = await importBenchmarks(ws.db, files, ws.settings.benchmarks?.snMethod ?? "mean");
        for (const r of reports) {
          const errors = r.issues.filter((i) => i.severity === "error").length;
          const warnings = r.issues.length - errors;
          console.log(
            `${r.file}: ${r.kind}, ${r.rows.toLocaleString("en-GB")} rows${errors ? `, ${errors} errors` : ""}${warnings ? `, ${warnings} warnings` : ""}`,
          );
          for (const i of r.issues.filter((x) => x.severity === "error").slice(0, 5)) {
            console.log(`  ${i.row ? `row ${i.row}: ` : ""}${i.column ? `${i.column}: ` : ""}${i.message}`);
          }
        }
        return;
      }
      const format = String(values.format ?? "text");
      if (format !== "text" && format !== "csv")
        throw new UserError(`benchmarks: --format must be text or csv (got "${format}")`);
      const { council, rows } = await benchmarksFor(
        ws,
        values.council === undefined ? undefined : String(values.council),
      );
      if (rows.length === 0) {
        console.log(`no benchmarks for LA ${council}: import DfE's files with "scorecard benchmarks import"`);
        return;
      }
      const tidy = rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            typeof v === "number" && !Number.isInteger(v) ? Number(v.toFixed(2)) : v,
          ]),
        ),
      );
      process.stdout.write(format === "csv" ? toCsv(SHOW_COLUMNS, tidy) : toTextTable(SHOW_COLUMNS, tidy));
    } finally {
      ws.close();
    }
  },
};
