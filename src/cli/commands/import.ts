/** `scorecard import`: read, check, combine and load a council's files, then recompute. */
import { join } from "node:path";
import { parseFormat } from "../../ingest/detect.ts";
import { importFiles } from "../../ingest/import.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type Command, intOption, requiredOption } from "../command.ts";
import { countsTable, issueSummary, writeValidationReport } from "./validateCmd.ts";

export const importCommand: Command = {
  name: "import",
  usage: "import --dir D FILE_OR_FOLDER… [--as FORMAT] [--year YYYY]",
  summary:
    "Import Annex A, CIN census, SSDA903 or SSD table files (format detected) into workspace D in one transaction, write the validation report and recompute.",
  positionals: { min: 1, max: 1000, names: "FILE_OR_FOLDER" },
  options: {
    dir: { type: "string", value: "D", help: "the workspace folder" },
    as: { type: "string", value: "FORMAT", help: "read every file as annex-a, cin, 903 or ssd" },
    year: {
      type: "string",
      value: "YYYY",
      help: "SSDA903 collection year, by its end (default: from the dates)",
    },
  },
  async run({ values, positionals }) {
    const dir = requiredOption(values, "dir", "import");
    const as = values.as === undefined ? undefined : parseFormat(String(values.as));
    const year = intOption(values, "year", 0, [0, 2100]);
    const ws = await openWorkspace(dir);
    try {
      const result = await importFiles(ws, positionals, {
        ...(as ? { as } : {}),
        ...(year ? { collectionYear: year } : {}),
      });
      for (const f of result.alreadyImported) console.log(`Already imported (same SHA-256): ${f.path}`);
      if (result.id === undefined) {
        console.log("Nothing new to import: every file was imported before.");
        return;
      }
      console.log(`Import ${result.id}: ${result.files.length} files`);
      process.stdout.write(countsTable(result.counts as never, ["read", "added", "duplicate", "rejected"]));
      console.log(issueSummary(result.issues));
      const report = await writeValidationReport(
        result.issues,
        join(ws.dir, "validation"),
        String(result.id),
        `Validation report, import ${result.id}`,
      );
      console.log(`Validation report: ${report.html} and ${report.xlsx}`);
      if (result.coverage) console.log(`Data coverage: ${result.coverage.from} to ${result.coverage.to}`);
      if (result.recomputeError) console.log(`Indicators not recomputed: ${result.recomputeError}`);
      else console.log("Indicators recomputed.");
    } finally {
      ws.close();
    }
  },
};
