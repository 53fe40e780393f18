/**
 * An import is all or nothing, even when the process dies or the disk fills
 * between writing the rows and committing them: the workspace is then
 * exactly as before, and the same files can be imported again afterwards.
 * The fault is injected just before the commit (SCORECARD_FAULT_BEFORE_COMMIT).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { TABLES } from "../model/tables.ts";
import { sharedFixture } from "../testing/fixtures.ts";
import { query } from "../workspace/database.ts";
import { openWorkspace } from "../workspace/workspace.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "scorecard.js");
const tmp = mkdtempSync(join(tmpdir(), "scorecard-atomic-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function scorecard(args: string[], fault?: "kill" | "disk-full") {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: "Europe/London" };
  if (fault) env.SCORECARD_FAULT_BEFORE_COMMIT = fault;
  else delete env.SCORECARD_FAULT_BEFORE_COMMIT;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env });
}

/** Row counts of every canonical and ledger table. */
async function counts(dir: string): Promise<Record<string, number>> {
  const ws = await openWorkspace(dir);
  try {
    const out: Record<string, number> = {};
    for (const t of [
      ...TABLES.map((x) => x.name),
      "imports",
      "import_files",
      "import_rows",
      "cfg_coverage",
    ]) {
      out[t] = Number((await query(ws.db, `SELECT count(*) AS n FROM ${t}`))[0]?.n);
    }
    return out;
  } finally {
    ws.close();
  }
}

describe("an import that dies before its commit", () => {
  const dir = join(tmp, "ws");
  const census = sharedFixture("cin-census", "fake_CIN_data.xml");
  const annexA = sharedFixture("annex-a");

  it("leaves the workspace as it was when the process is killed, and imports cleanly afterwards", async () => {
    assert.equal(scorecard(["init", dir, "--population", "50000"]).status, 0);
    const first = scorecard(["import", "--dir", dir, census]);
    assert.equal(first.status, 0, first.stderr);
    const before = await counts(dir);
    assert.equal(before.imports, 1);

    const killed = scorecard(["import", "--dir", dir, annexA], "kill");
    assert.equal(killed.signal, "SIGKILL", `the import was killed (status ${killed.status})`);
    assert.deepEqual(await counts(dir), before, "nothing of the killed import remains");

    const again = scorecard(["import", "--dir", dir, annexA]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /Import 2:/, "the files were not recorded as imported by the killed run");
    const afterwards = await counts(dir);
    assert.equal(afterwards.imports, 2);
    assert.ok(afterwards.ssd_contacts! > before.ssd_contacts!, "the Annex A contacts are there now");
  });

  it("leaves the workspace as it was when the disk fills, with one line saying so", async () => {
    const before = await counts(dir);
    const full = scorecard(["import", "--dir", dir, sharedFixture("ssda903")], "disk-full");
    assert.equal(full.status, 1);
    assert.equal(full.stderr.trim().split("\n").length, 1, full.stderr);
    assert.match(
      full.stderr,
      /the import failed while writing \(IO Error: Could not write file: No space left on device\); the workspace is unchanged/,
    );
    assert.doesNotMatch(full.stderr, /\n\s+at /);
    assert.deepEqual(await counts(dir), before);
  });
});
