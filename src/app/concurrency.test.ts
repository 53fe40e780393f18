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
import { createSchema, type Database, openDatabase, query } from "../db/database.ts";
import { TABLES } from "../model/tables.ts";
import { loadGenerated } from "../synth/load.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, setCoverage } from "../workspace/workspace.ts";
import { computeWorkspace } from "./compute.ts";
import { explainFigure } from "./explain.ts";
import { importFiles } from "./import.ts";
import { judgedValues } from "./values.ts";
import { WorkspaceHandle } from "./workspace.ts";

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
  const dir = join(tmp, "ws");
  const withoutContacts = join(tmp, "without-contacts");
  const contacts = join(tmp, "contacts");
  let handle: WorkspaceHandle;
  let end: string;
  after(async () => {
    await handle?.close();
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
    await initWorkspace(dir, starterSettings("Test Council", LA, POPULATION));
    handle = await WorkspaceHandle.open(dir);
    await handle.write(async (ws) => {
      const first = await importFiles(ws, [withoutContacts], { as: "ssd", recompute: false });
      assert.equal(first.errors, 0, JSON.stringify(first.issues.slice(0, 3)));
      await setCoverage(ws.db, { laCode: LA, dataFrom: s.dataFrom, dataTo: s.dataTo });
      await computeWorkspace(ws);
    });
  });

  it("gives every reader all the old figures or all the new, never a mix or none", async () => {
    const explain = () =>
      handle.read(async (ws) => JSON.stringify(await explainFigure(ws, "contacts", "month", end)));
    const values = () => handle.read(async (ws) => JSON.stringify(await judgedValues(ws)));
    const allFigures = () => handle.read((ws) => figures(ws.db));
    const before = { explain: await explain(), values: await values(), figures: await allFigures() };

    // A reader whose transaction began before the writes and reads again after them.
    let writesDone: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      writesDone = resolve;
    });
    let started: () => void = () => {};
    const earlyStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const early = handle.read(async (ws) => {
      const first = await figures(ws.db);
      started();
      await done;
      return [first, await figures(ws.db)];
    });
    await earlyStarted;

    let writing = true;
    const writer = (async () => {
      try {
        await handle.write(async (ws) => {
          const r = await importFiles(ws, [contacts], { as: "ssd", recompute: false });
          assert.equal(r.errors, 0, JSON.stringify(r.issues.slice(0, 3)));
        });
        await handle.write((ws) => computeWorkspace(ws));
      } finally {
        writing = false;
        writesDone();
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

    const part = (text: string, key: "rows" | "figure") => JSON.stringify(JSON.parse(text)[key] ?? null);
    const afterSets = { explain: await explain(), values: await values(), figures: await allFigures() };
    // The writes change what each read returns, so a mix or an empty set cannot pass for either.
    assert.notEqual(part(afterSets.explain, "rows"), part(before.explain, "rows"));
    assert.notEqual(part(afterSets.explain, "figure"), part(before.explain, "figure"));
    assert.notEqual(afterSets.values, before.values);
    assert.notEqual(afterSets.figures, before.figures);
    assert.equal(JSON.parse(before.explain).rows.length, 0, "no contacts before the import");
    assert.ok(JSON.parse(afterSets.explain).rows.length > 0, "the imported month has contacts");

    assert.ok(reads.length >= 2 * READERS, `${reads.length} reads`);
    assert.ok(
      reads.filter((r) => r.during).length >= READERS,
      "every reader read at least once while the writes ran",
    );
    // Values: the old figures or the new. Explain: the rows as the import left them or as
    // before it, each whole, with the figure as the recompute left it or as before it — the
    // import commits before the recompute, so new rows may show beside the old figure, but
    // never the new figure beside the old rows.
    for (const [k, r] of reads.entries()) {
      if (r.kind === "values") {
        const known = r.result === before.values || r.result === afterSets.values;
        assert.ok(known, `read ${k} (values) returned neither the whole old set nor the whole new one`);
        continue;
      }
      const rows = part(r.result, "rows");
      const figure = part(r.result, "figure");
      const newRows = rows === part(afterSets.explain, "rows");
      const newFigure = figure === part(afterSets.explain, "figure");
      assert.ok(
        newRows || rows === part(before.explain, "rows"),
        `read ${k} (explain): rows neither old nor new`,
      );
      assert.ok(
        newFigure || figure === part(before.explain, "figure"),
        `read ${k} (explain): figure neither old nor new`,
      );
      assert.ok(newRows || !newFigure, `read ${k} (explain): the new figure beside the old rows`);
    }
    // the last read of every reader began after the writes ended: all of them see the new sets
    assert.ok(reads.filter((r) => !r.during).every((r) => r.result === afterSets[r.kind]));

    // The early transaction read the old figures before and after the writes.
    assert.deepEqual(await early, [before.figures, before.figures]);
  });

  it("leaves no compute scratch database attached", async () => {
    const left = await handle.read((ws) =>
      query(
        ws.db,
        "SELECT count(*) AS n FROM duckdb_databases() WHERE database_name LIKE '_compute_scratch%'",
      ),
    );
    assert.equal(Number(left[0]!.n), 0);
  });

  it("reads figures, rows and judgements from a workspace opened read-only", async () => {
    const expected = await handle.read((ws) => figures(ws.db));
    await handle.close();
    const ro = await openWorkspace(dir, { readOnly: true });
    try {
      assert.equal(await figures(ro.db), expected);
      assert.ok((await explainFigure(ro, "contacts", "month", end)).rows.length > 0);
      assert.ok((await judgedValues(ro, { indicator: "contacts" })).length > 0);
      await assert.rejects(ro.db.connection.run("DELETE FROM indicator_values"), /read-only/);
    } finally {
      ro.close();
      handle = await WorkspaceHandle.open(dir);
    }
  });
});
