/**
 * `scorecard validate`: the import's checks without importing (app/validate.ts),
 * printed as counts and written as the validation report
 * (report/validationReport.ts) that `import` writes too.
 */
import { resolve } from "node:path";
import { countIssues, validateFiles } from "../../app/validate.ts";
import { UserError } from "../../errors/userError.ts";
import { parseFormat } from "../../ingest/detect.ts";
import type { Issue } from "../../ingest/issues.ts";
import { toTextTable } from "../../report/tableFormats.ts";
import { writeValidationReport } from "../../report/validationReport.ts";
import { type CommandRunner, intOption } from "../command.ts";

/** Issues counted by DfE's severity and by this product's, for the terminal. */
export function issueSummary(issues: readonly Issue[]): string {
  const n = countIssues(issues);
  return `Issues: DfE rules ${n.dfeErrors} errors and ${n.dfeQueries} queries; other checks ${n.errors} errors and ${n.warnings} warnings`;
}

/** Rows of a per-table count table for the terminal. */
export function countsTable(
  counts: Record<string, Record<string, number>>,
  columns: readonly string[],
): string {
  const rows = Object.entries(counts).map(([table, c]) => ({ table, ...c }));
  return rows.length ? toTextTable(["table", ...columns], rows) : "";
}

export const validateCommand: CommandRunner = {
  async run({ values, positionals }) {
    const laCode = String(values["la-code"] ?? "000");
    if (!/^\d{3}$/.test(laCode))
      throw new UserError(`validate: --la-code must be 3 digits (got "${laCode}")`);
    const year = intOption(values, "year", 0, [0, 2100]);
    const read = await validateFiles(positionals, {
      laCode,
      ...(values.as ? { as: parseFormat(String(values.as)) } : {}),
      ...(year ? { collectionYear: year } : {}),
    });
    const counts = read.counts;
    process.stdout.write(countsTable(counts, ["read", "rejected"]));
    console.log(issueSummary(read.issues));
    const out = resolve(String(values.out ?? "validation"));
    const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
    const report = await writeValidationReport(read.issues, out, `validation-${stamp}`, "Validation report");
    console.log(`Validation report: ${report.html} and ${report.xlsx}`);
    const n = countIssues(read.issues);
    if (n.dfeErrors || n.errors)
      throw new UserError(
        `${n.dfeErrors} DfE errors and ${n.errors} other errors found: see the validation report`,
      );
  },
};
