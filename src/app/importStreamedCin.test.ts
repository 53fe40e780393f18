/**
 * The streamed CIN census import (a chunk of children at a time, the rules
 * about the whole return as running aggregates) against the whole-file
 * path: the same workspace, row for row (canonical tables, undo ledger,
 * import records, coverage), and the same issues, on the CIN fixtures and
 * on a synthetic council's two census years imported one over the other,
 * re-imported and undone; and the same refusals, leaving the workspace as
 * it was.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { writeCinCensus } from "../returns/cin.ts";
import { loadGenerated } from "../synth/load.ts";
import { fixturePath } from "../testing/fixtures.ts";
import { equivalenceWorkspace, sameResult, snapshot } from "../testing/importEquivalence.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { type ImportOptions, type ImportResult, importFiles, undoImport } from "./import.ts";

const temp = tempFiles("import-streamed-cin-", "xml");
const LA = "999";
let made = 0;

async function workspace(): Promise<Workspace> {
  return equivalenceWorkspace(temp.path(`ws${++made}`), LA);
}

const WHOLE: ImportOptions = { recompute: false, cin: { whole: true } };
const streamed = (childrenPerChunk?: number): ImportOptions => ({
  recompute: false,
  ...(childrenPerChunk ? { cin: { childrenPerChunk } } : {}),
});

for (const name of readdirSync(fixturePath("cin-census")).filter((f) => f.endsWith(".xml"))) {
  test(`the CIN fixture ${name} streamed gives the workspace the whole-file import gives, row for row`, async () => {
    const path = join(fixturePath("cin-census"), name);
    const whole = await workspace();
    const expected = await importFiles(whole, [path], WHOLE);
    const want = await snapshot(whole.db);
    whole.close();
    assert.ok(want.ssd_person!.length > 0);
    for (const size of [1, 7, undefined]) {
      const ws = await workspace();
      try {
        const got = await importFiles(ws, [path], streamed(size));
        sameResult(got, expected, `${name}, ${size ?? "default"} children a chunk`);
        assert.deepEqual(await snapshot(ws.db), want);
        // Idempotent: the same file again changes nothing.
        const again = await importFiles(ws, [path], streamed(size));
        assert.equal(again.id, undefined);
        assert.equal(again.alreadyImported.length, 1);
        assert.deepEqual(await snapshot(ws.db), want);
      } finally {
        ws.close();
      }
    }
  });
}

test("the rules about the whole return report once, streamed as whole, from running counts", async () => {
  const path = join(fixturePath("cin-census"), "fake_CIN_data.xml");
  const ws = await workspace();
  try {
    const got = await importFiles(ws, [path], streamed(50));
    const whole = await workspace();
    const expected = await importFiles(whole, [path], WHOLE);
    whole.close();
    // Each of these is about the whole return: one issue at most, whatever the chunks.
    for (const rule of ["100", "2883", "2886Q", "2887Q", "2888Q"]) {
      const n = got.issues.filter((i) => i.rule === rule).length;
      assert.equal(n, expected.issues.filter((i) => i.rule === rule).length, rule);
      assert.ok(n <= 1, `${rule}: ${n}`);
    }
    const wholeRules = expected.issues.filter((i) => /^(100|1520|2883|2886Q|2887Q|2888Q)$/.test(i.rule));
    assert.ok(wholeRules.length > 0, "the fixture breaks at least one rule about the whole return");
  } finally {
    ws.close();
  }
});

test("a council's two census years streamed one over the other: same precedence, duplicates, ledger and undo as whole", async () => {
  const source = await workspace();
  const files = temp.path("council");
  try {
    await loadGenerated(source.db, {
      seed: 7,
      population: 4_000,
      years: 3,
      endDate: "2025-03-31",
      laCode: LA,
    });
    for (const [dir, from, to] of [
      ["y2024", "2023-04-01", "2024-03-31"],
      ["y2025", "2024-04-01", "2025-03-31"],
    ] as const) {
      mkdirSync(join(files, dir), { recursive: true });
      await writeCinCensus(source.db, join(files, dir), { laCode: LA, from, to });
    }
  } finally {
    source.close();
  }
  const census = (dir: string) => join(files, dir, readdirSync(join(files, dir))[0]!);
  const steps = async (ws: Workspace, options: ImportOptions) => {
    const results: ImportResult[] = [];
    results.push(await importFiles(ws, [census("y2025")], options));
    results.push(await importFiles(ws, [census("y2024")], options));
    const snapshots = [await snapshot(ws.db)];
    await undoImport(ws, results[0]!.id!, { recompute: false });
    snapshots.push(await snapshot(ws.db));
    results.push(await importFiles(ws, [census("y2025")], options));
    snapshots.push(await snapshot(ws.db));
    return { results, snapshots };
  };
  const a = await workspace();
  const b = await workspace();
  const c = await workspace();
  try {
    const whole = await steps(a, WHOLE);
    for (const [ws, size] of [
      [b, 7],
      [c, undefined],
    ] as const) {
      const stream = await steps(ws, streamed(size));
      for (let k = 0; k < whole.results.length; k++)
        sameResult(stream.results[k]!, whole.results[k]!, `${size ?? "default"} a chunk, import ${k + 1}`);
      for (let k = 0; k < whole.snapshots.length; k++)
        assert.deepEqual(stream.snapshots[k], whole.snapshots[k], `snapshot ${k + 1}`);
    }
    // The earlier year met the later year's children: duplicates kept once, recorded in the ledger.
    assert.ok(Object.values(whole.results[1]!.counts).some((x) => x.duplicate > 0));
    assert.ok(whole.snapshots[0]!.import_rows!.some((r) => r.includes('"added":false')));
    assert.ok(whole.snapshots[0]!.ssd_person!.length > 100);
  } finally {
    a.close();
    b.close();
    c.close();
  }
});

test("a CIN census broken after its first children is refused streamed as whole, the workspace unchanged", async () => {
  const text = readFileSync(join(fixturePath("cin-census"), "fake_CIN_data.xml"), "utf8");
  const cut = text.indexOf("<Child>", text.length / 2);
  const path = temp.path("broken.xml");
  writeFileSync(path, `${text.slice(0, cut)}<Child><Oops></Child>\n${text.slice(cut)}`);
  const whole = await workspace();
  const message = await importFiles(whole, [path], WHOLE).then(
    () => "imported",
    (e: Error) => e.message,
  );
  whole.close();
  assert.match(message, /nothing was imported$/);
  const ws = await workspace();
  try {
    const before = await snapshot(ws.db);
    await assert.rejects(importFiles(ws, [path], streamed(1)), (e: Error) => e.message === message);
    assert.deepEqual(await snapshot(ws.db), before);
  } finally {
    ws.close();
  }
});
