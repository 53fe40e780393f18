import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openDatabase, SCHEMA_VERSION, schemaVersion } from "../db/database.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { SETTINGS_FILE, starterSettings, writeSettings } from "./settings.ts";
import { DATABASE_FILE, openWorkspace } from "./workspace.ts";

const files = tempFiles("scorecard-open-", "");

describe("openWorkspace", () => {
  it("read-only, refuses a workspace an earlier version made, naming the command that upgrades it; read-write upgrades it", async () => {
    const dir = files.path("old");
    mkdirSync(dir);
    writeSettings(join(dir, SETTINGS_FILE), starterSettings("Old Council", "999", {}));
    const old = await openDatabase(join(dir, DATABASE_FILE));
    await old.connection.run("CREATE TABLE cfg_coverage (la_code VARCHAR, data_from DATE, data_to DATE)");
    old.close();

    await assert.rejects(
      openWorkspace(dir, { readOnly: true }),
      (e: Error) =>
        e.name === "UserError" &&
        e.message ===
          `the workspace ${dir} was made by an earlier version of scorecard (schema 0, this version reads ${SCHEMA_VERSION}); run "scorecard compute --dir ${dir}" once to upgrade it`,
    );
    const ws = await openWorkspace(dir);
    assert.equal(await schemaVersion(ws.db), SCHEMA_VERSION);
    ws.close();
    const reader = await openWorkspace(dir, { readOnly: true });
    assert.equal(reader.db.readOnly, true);
    await assert.rejects(reader.db.connection.run("DELETE FROM cfg_coverage"), /read-only/);
    reader.close();
  });
});
