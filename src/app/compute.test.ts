import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { query } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { loadGenerated } from "../synth/load.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, setCoverage } from "../workspace/workspace.ts";
import { computeWorkspace, unlistedCouncilRows } from "./compute.ts";

const tmp = mkdtempSync(join(tmpdir(), "scorecard-compute-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const population: Record<number, number> = {};
for (let y = 1990; y <= 2035; y++) population[y] = 2_000;

test("compute says which LA codes' rows it left out, not being in the settings' councils", async () => {
  const dir = join(tmp, "ws");
  await initWorkspace(dir, starterSettings("Listed Council", "999", population));
  const ws = await openWorkspace(dir);
  try {
    const g = await loadGenerated(ws.db, {
      seed: 3,
      population: 2_000,
      years: 1,
      endDate: "2025-03-31",
      laCode: "999",
    });
    await setCoverage(ws.db, { laCode: "999", dataFrom: g.dataFrom, dataTo: g.dataTo });
    assert.deepEqual(await computeWorkspace(ws), { warnings: [] }, "nothing to say when every LA is listed");
    // rows of two councils the settings do not list: 3 people and 4 contacts of 888, 2 people of 777
    for (const [la, table, n] of [
      ["888", "ssd_person", 3],
      ["888", "ssd_contacts", 4],
      ["777", "ssd_person", 2],
    ] as const) {
      await query(
        ws.db,
        `INSERT INTO ${table} SELECT * REPLACE ($1 AS la_code) FROM ${table} WHERE la_code = '999' ORDER BY ALL LIMIT $2`,
        [la, n],
      );
    }
    const before = await query(
      ws.db,
      "SELECT count(*)::INTEGER AS n FROM indicator_values WHERE la_code = '999'",
    );
    assert.deepEqual(await unlistedCouncilRows(ws), [
      { laCode: "777", rows: 2 },
      { laCode: "888", rows: 7 }, // 3 + 4
    ]);
    const { warnings } = await computeWorkspace(ws);
    assert.deepEqual(warnings, [
      'data held for LA 777 (2 rows), LA 888 (7 rows), not one of the workspace\'s councils (999 Listed Council), was left out of compute: add them to "councils" in settings.json (each with its 0–17 population) to compute them',
    ]);
    const figures = await query(
      ws.db,
      "SELECT la_code, count(*)::INTEGER AS n FROM indicator_values GROUP BY la_code ORDER BY la_code",
    );
    assert.deepEqual(figures, [{ la_code: "999", n: before[0]?.n }], "only the listed council is computed");
    // with none of the listed council's data, the refusal names the unlisted ones too
    await query(ws.db, "DELETE FROM cfg_coverage WHERE la_code = '999'");
    await assert.rejects(
      computeWorkspace(ws),
      (e: unknown) =>
        e instanceof UserError &&
        /no data for LA 999 yet: .*; data held for LA 777 \(2 rows\), LA 888 \(7 rows\)/.test(e.message),
    );
  } finally {
    ws.close();
  }
});
