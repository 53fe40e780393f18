/** `scorecard import`: read, check, combine and load a council's files, then recompute. */
import { join } from "node:path";
import { importFiles } from "../../app/import.ts";
import { parseFormat } from "../../ingest/detect.ts";
import { writeValidationReport } from "../../report/validationReport.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, intOption, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";
import { countsTable, issueSummary } from "./validateCmd.ts";

export const importCommand: CommandRunner = {
  async run({ values, positionals }) {
    const dir = requiredOption(values, "dir", "import");
    const as = values.as === undefined ? undefined : parseFormat(String(values.as));
    const year = intOption(values, "year", 0, [0, 2100]);
    const council = councilOption(values);
    const ws = await openWorkspace(dir, { allCouncils: true });
    try {
      let report: { html: string; xlsx: string } | undefined;
      const result = await importFiles(ws, positionals, {
        ...(as ? { as } : {}),
        ...(council ? { council } : {}),
        ...(year ? { collectionYear: year } : {}),
        writeReport: async (id, issues) => {
          report = await writeValidationReport(
            issues,
            join(ws.dir, "validation"),
            String(id),
            `Validation report, import ${id}`,
          );
        },
      });
      for (const f of result.alreadyImported) console.log(`Already imported (same SHA-256): ${f.path}`);
      if (result.id === undefined) {
        console.log("Nothing new to import: every file was imported before.");
        return;
      }
      console.log(`Import ${result.id}: ${result.files.length} files`);
      process.stdout.write(countsTable(result.counts as never, ["read", "added", "duplicate", "rejected"]));
      console.log(issueSummary(result.issues));
      if (report) console.log(`Validation report: ${report.html} and ${report.xlsx}`);
      if (result.coverage) console.log(`Data coverage: ${result.coverage.from} to ${result.coverage.to}`);
      if (result.recomputeError) console.log(`Indicators not recomputed: ${result.recomputeError}`);
      else console.log("Indicators recomputed.");
    } finally {
      ws.close();
    }
  },
};
