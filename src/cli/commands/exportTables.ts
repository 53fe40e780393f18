/** `scorecard export-tables`: every canonical table as CSV with SSD column names. */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { TABLES } from "../../model/tables.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type Command, requiredOption } from "../command.ts";

export const exportTablesCommand: Command = {
  name: "export-tables",
  usage: "export-tables --dir D --out FOLDER",
  summary:
    "Write each canonical table as FOLDER/<table>.csv: SSD column names, dates as YYYY-MM-DD, ids as text.",
  options: {
    dir: { type: "string", value: "D", help: "the workspace folder" },
    out: { type: "string", value: "FOLDER", help: "where to write the CSV files (created if absent)" },
  },
  async run({ values }) {
    const out = resolve(requiredOption(values, "out", "export-tables"));
    const ws = await openWorkspace(requiredOption(values, "dir", "export-tables"));
    try {
      mkdirSync(out, { recursive: true });
      for (const t of TABLES) {
        const path = join(out, `${t.name}.csv`).replace(/'/g, "''");
        await ws.db.connection.run(
          `COPY (SELECT * FROM ${t.name} ORDER BY la_code, ${t.key}) TO '${path}' (HEADER, DELIMITER ',', DATEFORMAT '%Y-%m-%d')`,
        );
      }
      console.log(`Wrote ${TABLES.length} tables to ${out}`);
    } finally {
      ws.close();
    }
  },
};
