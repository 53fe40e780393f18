/** `scorecard export-tables`: every canonical table as CSV with SSD column names. */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { TABLES } from "../../model/tables.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";

export const exportTablesCommand: CommandRunner = {
  async run({ values }) {
    const out = resolve(requiredOption(values, "out", "export-tables"));
    const ws = await openWorkspace(requiredOption(values, "dir", "export-tables"), {
      readOnly: true,
      allCouncils: true,
    });
    try {
      mkdirSync(out, { recursive: true });
      for (const t of TABLES) {
        await ws.db.connection.run(
          `COPY (SELECT * FROM ${t.name} ORDER BY la_code, ${t.key}) TO $1 (HEADER, DELIMITER ',', DATEFORMAT '%Y-%m-%d')`,
          [join(out, `${t.name}.csv`)],
        );
      }
      console.log(`Wrote ${TABLES.length} tables to ${out}`);
    } finally {
      ws.close();
    }
  },
};
