/**
 * Reads at once while the workspace changes: 20 `explain` and `values` reads, each on a
 * connection of its own to the one open database, run while an import and then a recompute
 * write. Every read must return one whole set — the one before the writes or the one after —
 * never a mix and never an empty set; a reader's transaction begun before the recompute keeps
 * the old figures to its end.
 *
 * The workspace is a generated council imported as SSD tables without its contacts; the
 * contacts are then imported, so explain's rows for "contacts" change at the import and every
 * contact figure changes at the recompute.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { periodsEndingOn } from "../calendar/periods.ts";
import { explainRows } from "../engine/explain.ts";
import { loadFramework } from "../framework/config.ts";
import { judgeWorkspace } from "../framework/judge.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import { importFiles } from "../ingest/import.ts";
import { TABLES } from "../model/tables.ts";
import { loadGenerated } from "../synth/load.ts";
import { createSchema, type Database, openDatabase, query } from "./database.ts";
import { starterSettings } from "./settings.ts";
import { computeWorkspace, initWorkspace, openWorkspace, setCoverage, type Workspace } from "./workspace.ts";

const LA = "998";
const READERS = 20;
const POPULATION: Record<number, number> = {};
for (let y = 2016; y <= 2028; y++) POPULATION[y] = 3_000;

/** All of a council's figures, in one order, as text. */
async function figures(db: Database): Promise<string> {
  const rows = await query(
    db,
    "SELECT indicator, period_type, period_end, numerator, denominator, value FROM indicator_values WHERE la_code = $1 ORDER BY ALL",
    [LA],
  );
  return JSON.stringify(rows);
}

describe("reads at once while an import and a recompute write", () => {
  const tmp = mkdtempSync(join(tmpdir(), "scorecard-concurrency-"));
  const withoutContacts = join(tmp, "without-contacts");
  const contacts = join(tmp, "contacts");
  let ws: Workspace;
  let end: string;
  after(() => {
    ws?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  before(async () => {
    const source = await openDatabase(":memory:");
    await createSchema(source);
    const s = await loadGenerated(source, {
      seed: 3,
      population: 3_000,
      years: 1,
      endDate: "2024-03-31",
      laCode: LA,
    });
    end = s.dataTo;
    mkdirSync(withoutContacts);
    mkdirSync(contacts);
    for (const t of TABLES) {
      await source.connection.run(
        `COPY (SELECT * FROM ${t.name} ORDER BY la_code, ${t.key}) TO $1 (HEADER, DELIMITER ',', DATEFORMAT '%Y-%m-%d')`,
        [join(t.name === "ssd_contacts" ? contacts : withoutContacts, `${t.name}.csv`)],
      );
    }
    source.close();
    const dir = join(tmp, "ws");
    await initWorkspace(dir, starterSettings("Test Council", LA, POPULATION));
    ws = await openWorkspace(dir);
    const first = await importFiles(ws, [withoutContacts], { as: "ssd", recompute: false });
    assert.equal(first.errors, 0, JSON.stringify(first.issues.slice(0, 3)));
    await setCoverage(ws.db, { laCode: LA, dataFrom: s.dataFrom, dataTo: s.dataTo });
    await computeWorkspace(ws);
  });

  it("gives every reader all the old figures or all the new, never a mix or none", async () => {
    const framework = loadFramework(ws.settings, ws.dir);
    const ind = findIndicator("contacts")!;
    const period = periodsEndingOn(end).find((p) => p.type === "month")!;
    const explain = async () => JSON.stringify(await explainRows(ws.db, ind, ws.options, LA, period));
    const values = async () => {
      const judged = await judgeWorkspace(ws.db, framework, LA);
      const rows = [...judged.values()]
        .flat()
        .map((j) => JSON.stringify(j))
        .sort();
      return JSON.stringify(rows);
    };
    const before = { explain: await explain(), values: await values(), figures: await figures(ws.db) };

    // A reader whose transaction began before the writes.
    const early = await ws.db.connect!();
    await early.run("BEGIN TRANSACTION");
    const earlyDb: Database = { connection: early, close: () => {} };
    assert.equal(await figures(earlyDb), before.figures);

    let writing = true;
    const writer = (async () => {
      try {
        const r = await importFiles(ws, [contacts], { as: "ssd", recompute: false });
        assert.equal(r.errors, 0, JSON.stringify(r.issues.slice(0, 3)));
        await computeWorkspace(ws);
      } finally {
        writing = false;
      }
    })();
    const reads: { kind: "explain" | "values"; result: string; during: boolean }[] = [];
    const reader = async (k: number) => {
      // each reader keeps reading until the writes are over, then once more
      for (let i = 0; ; i++) {
        const during = writing;
        const kind = (k + i) % 2 === 0 ? "explain" : "values";
        reads.push({ kind, result: kind === "explain" ? await explain() : await values(), during });
        if (!during) break;
        // a breath between reads, so twenty readers on a small machine do not starve the writer
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await Promise.all([writer, ...Array.from({ length: READERS }, (_, k) => reader(k))]);

    const afterSets = { explain: await explain(), values: await values(), figures: await figures(ws.db) };
    // The writes change what each read returns, so a mix or an empty set cannot pass for either.
    assert.notEqual(afterSets.explain, before.explain);
    assert.notEqual(afterSets.values, before.values);
    assert.notEqual(afterSets.figures, before.figures);
    assert.ok(JSON.parse(before.explain).length === 0, "no contacts before the import");
    assert.ok(JSON.parse(afterSets.explain).length > 0, "the imported month has contacts");

    assert.ok(reads.length >= 2 * READERS, `${reads.length} reads`);
    assert.ok(
      reads.filter((r) => r.during).length >= READERS,
      "every reader read at least once while the writes ran",
    );
    for (const [k, r] of reads.entries()) {
      const known = r.result === before[r.kind] || r.result === afterSets[r.kind];
      assert.ok(known, `read ${k} (${r.kind}) returned neither the whole old set nor the whole new one`);
    }
    // the last read of every reader began after the writes ended: all of them see the new sets
    assert.ok(reads.filter((r) => !r.during).every((r) => r.result === afterSets[r.kind]));

    // The early transaction still reads the old figures; once ended, the next one reads the new.
    assert.equal(await figures(earlyDb), before.figures);
    await early.run("COMMIT");
    assert.equal(await figures(earlyDb), afterSets.figures);
    early.closeSync();
  });

  it("leaves no compute scratch database attached", async () => {
    const left = await query(
      ws.db,
      "SELECT count(*) AS n FROM duckdb_databases() WHERE database_name LIKE '_compute_scratch%'",
    );
    assert.equal(Number(left[0]!.n), 0);
  });

  it("reads figures, rows and judgements from a workspace opened read-only", async () => {
    const dir = ws.dir;
    const expected = await figures(ws.db);
    ws.close();
    const ro = await openWorkspace(dir, { readOnly: true });
    try {
      assert.equal(await figures(ro.db), expected);
      const period = periodsEndingOn(end).find((p) => p.type === "month")!;
      const rows = await explainRows(ro.db, findIndicator("contacts")!, ro.options, LA, period);
      assert.ok(rows.length > 0);
      const judged = await judgeWorkspace(ro.db, loadFramework(ro.settings, ro.dir), LA);
      assert.ok((judged.get("contacts") ?? []).length > 0);
      await assert.rejects(ro.db.connection.run("DELETE FROM indicator_values"), /read-only/);
    } finally {
      ro.close();
      ws = await openWorkspace(dir);
    }
  });
});
