import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { execute, inTransaction, query } from "../db/database.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace } from "../workspace/workspace.ts";
import { WorkspaceHandle } from "./workspace.ts";

const files = tempFiles("scorecard-handle-", "");
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Replaces the five cfg_population rows by five holding `k`, pausing between the delete and the insert. */
async function replaceAll(ws: { db: Parameters<typeof query>[0] }, k: number): Promise<void> {
  await inTransaction(ws.db, async () => {
    await execute(ws.db, "DELETE FROM cfg_population");
    await pause(15);
    await execute(ws.db, "INSERT INTO cfg_population SELECT '999', 2020 + i, $1 FROM range(5) t(i)", [k]);
  });
}

describe("WorkspaceHandle", () => {
  it("reads side by side while writes queue: every read sees all old or all new rows", async () => {
    const dir = files.path("ws");
    await initWorkspace(dir, starterSettings("Test", "999", {}));
    const ws = await WorkspaceHandle.open(dir);
    await ws.write((w) => replaceAll(w, 0));

    const log: string[] = [];
    let running = 0;
    const writes = [1, 2, 3].map((k) =>
      ws.write(async (w) => {
        running++;
        assert.equal(running, 1, "one write at a time");
        log.push(`start ${k}`);
        await replaceAll(w, k);
        log.push(`end ${k}`);
        running--;
      }),
    );
    const failing = ws.write(async () => {
      throw new Error("this write fails");
    });
    const after = ws.write((w) => replaceAll(w, 4));
    const reads = Array.from({ length: 20 }, async (_, i) => {
      await pause(i * 4);
      return ws.read((w) =>
        query(w.db, "SELECT count(*) AS n, min(population) AS lo, max(population) AS hi FROM cfg_population"),
      );
    });
    const seen = (await Promise.all(reads)).map((r) => r[0]!);
    await Promise.all(writes);
    await assert.rejects(failing, /this write fails/);
    await after;

    assert.deepEqual(log, ["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
    for (const s of seen) {
      assert.equal(s.n, 5, "never the moment between delete and insert");
      assert.equal(s.lo, s.hi, "never a mix of two writes");
    }
    assert.deepEqual(
      await ws.read((w) => query(w.db, "SELECT DISTINCT population AS p FROM cfg_population")),
      [{ p: 4 }],
    );
    await ws.close();

    const reader = await WorkspaceHandle.open(dir, { readOnly: true });
    assert.equal(reader.readOnly, true);
    assert.deepEqual(await reader.read((w) => query(w.db, "SELECT count(*) AS n FROM cfg_population")), [
      { n: 5 },
    ]);
    await assert.rejects(
      reader.write((w) => replaceAll(w, 5)),
      (e: Error) => e.name === "UserError" && /was opened read-only/.test(e.message),
    );
    await reader.close();
  });
});
