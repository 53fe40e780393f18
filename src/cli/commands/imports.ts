/** `scorecard imports`: list past imports, or undo one. */
import { listImports, undoImport } from "../../app/import.ts";
import { toTextTable } from "../../report/tableFormats.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, intOption, requiredOption } from "../command.ts";

export const importsCommand: CommandRunner = {
  async run({ values }) {
    const ws = await openWorkspace(requiredOption(values, "dir", "imports"), {
      readOnly: values.undo === undefined,
      allCouncils: true,
    });
    try {
      if (values.undo !== undefined) {
        const id = intOption(values, "undo", 0, [1, 2 ** 31 - 1]);
        const { removed, recomputeError } = await undoImport(ws, id);
        const total = Object.values(removed).reduce((a, b) => a + b, 0);
        console.log(`Import ${id} undone: ${total} rows removed.`);
        for (const [table, n] of Object.entries(removed)) console.log(`  ${table}: ${n}`);
        if (recomputeError) console.log(`Indicators not recomputed: ${recomputeError}`);
        return;
      }
      const list = await listImports(ws);
      if (list.length === 0) {
        console.log("No imports yet.");
        return;
      }
      const rows: Record<string, unknown>[] = list.flatMap((i): Record<string, unknown>[] =>
        i.files.length
          ? i.files.map((f, k) => ({
              id: k === 0 ? i.id : "",
              council: k === 0 ? i.laCode : "",
              when: k === 0 ? i.when.slice(0, 19).replace("T", " ") : "",
              status: k === 0 ? (i.undone ? `undone ${i.undone.slice(0, 10)}` : "live") : "",
              added: k === 0 ? Object.values(i.counts).reduce((a, c) => a + c.added, 0) : "",
              issues: k === 0 ? `${i.errors} errors, ${i.warnings} warnings` : "",
              format: f.format,
              file: f.path,
              bytes: f.bytes,
              sha256: f.sha256,
            }))
          : [
              {
                id: i.id,
                council: i.laCode,
                when: i.when.slice(0, 19).replace("T", " "),
                status: i.undone ? `undone ${i.undone.slice(0, 10)}` : "live",
                added: "",
                issues: "",
                format: i.formats,
                file: "",
                bytes: "",
                sha256: "",
              },
            ],
      );
      process.stdout.write(
        toTextTable(
          [
            "id",
            ...(ws.settings.councils.length > 1 ? ["council"] : []),
            ...["when", "status", "added", "issues", "format", "file", "bytes", "sha256"],
          ],
          rows,
        ),
      );
    } finally {
      ws.close();
    }
  },
};
