/**
 * The streamed SSDA903 import (a chunk of children at a time through
 * DuckDB) against the whole-file path it replaces: the same workspace, row
 * for row (canonical tables, undo ledger, import records, coverage), and
 * the same issues, on the 903 fixture and on a synthetic council's returns
 * imported over its own CIN census (precedence, disagreements, rows the
 * workspace already holds), re-imported and undone.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { writeCinCensus } from "../returns/cin.ts";
import { writeSsda903 } from "../returns/ssda903.ts";
import { loadGenerated } from "../synth/load.ts";
import { fixturePath } from "../testing/fixtures.ts";
import { equivalenceWorkspace, sameResult, snapshot } from "../testing/importEquivalence.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { type ImportOptions, type ImportResult, importFiles, undoImport } from "./import.ts";

const temp = tempFiles("import-streamed-", "csv");
const LA = "999";
let made = 0;

async function workspace(): Promise<Workspace> {
  return equivalenceWorkspace(temp.path(`ws${++made}`), LA);
}

const WHOLE: ImportOptions = { recompute: false, ssda903: { whole: true } };
const streamed = (childrenPerChunk?: number): ImportOptions => ({
  recompute: false,
  ...(childrenPerChunk ? { ssda903: { childrenPerChunk } } : {}),
});

test("the 903 fixture streamed gives the workspace the whole-file import gives, row for row", async () => {
  const dir = fixturePath("ssda903");
  const paths = readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .map((f) => join(dir, f));
  const whole = await workspace();
  const expected = await importFiles(whole, paths, WHOLE);
  const want = await snapshot(whole.db);
  whole.close();
  // 2,675 children in the header: at 7 a chunk, some 380 chunks.
  assert.ok(want.ssd_cla_episodes!.length > 4000);
  assert.ok(expected.errors + expected.warnings > 0);
  for (const size of [7, undefined]) {
    const ws = await workspace();
    try {
      const got = await importFiles(ws, paths, streamed(size));
      sameResult(got, expected, `${size ?? "default"} children a chunk`);
      assert.deepEqual(await snapshot(ws.db), want);
      // Idempotent: the same files again change nothing.
      const again = await importFiles(ws, paths, streamed(size));
      assert.equal(again.id, undefined);
      assert.equal(again.alreadyImported.length, paths.length);
      assert.deepEqual(await snapshot(ws.db), want);
    } finally {
      ws.close();
    }
  }
});

test("a council's 903 years streamed over its CIN census: same precedence, disagreements, ledger and undo as whole", async () => {
  const source = await workspace();
  const files = temp.path("council");
  let years: string[];
  try {
    await loadGenerated(source.db, {
      seed: 11,
      population: 4_000,
      years: 3,
      endDate: "2025-03-31",
      laCode: LA,
    });
    mkdirSync(join(files, "cin"), { recursive: true });
    mkdirSync(join(files, "903"), { recursive: true });
    await writeCinCensus(source.db, join(files, "cin"), { laCode: LA, from: "2024-04-01", to: "2025-03-31" });
    await writeSsda903(source.db, join(files, "903"), { laCode: LA, from: "2022-04-01", to: "2025-03-31" });
    years = readdirSync(join(files, "903")).sort();
  } finally {
    source.close();
  }
  assert.ok(years.length >= 2, `903 years written: ${years.join(", ")}`);
  const csvs = (year: string) =>
    readdirSync(join(files, "903", year))
      .sort()
      .map((f) => join(files, "903", year, f));
  const steps = async (ws: Workspace, options: ImportOptions) => {
    const results: ImportResult[] = [];
    results.push(await importFiles(ws, [join(files, "cin")], { recompute: false }));
    // The last year first, then the one before it (episodes open at 31 March are in both), then both.
    results.push(await importFiles(ws, csvs(years.at(-1)!), options));
    results.push(await importFiles(ws, csvs(years.at(-2)!), options));
    const snapshots = [await snapshot(ws.db)];
    await undoImport(ws, results[1]!.id!, { recompute: false });
    snapshots.push(await snapshot(ws.db));
    results.push(await importFiles(ws, years.flatMap(csvs), options));
    snapshots.push(await snapshot(ws.db));
    return { results, snapshots };
  };
  const a = await workspace();
  const b = await workspace();
  try {
    const whole = await steps(a, WHOLE);
    const stream = await steps(b, streamed(13));
    for (let k = 1; k < whole.results.length; k++)
      sameResult(stream.results[k]!, whole.results[k]!, `import ${k + 1}`);
    for (let k = 0; k < whole.snapshots.length; k++)
      assert.deepEqual(stream.snapshots[k], whole.snapshots[k]);
    // The 903 met rows the workspace held: ledger entries of rows also brought, and disagreements reported.
    const second = whole.results[2]!;
    assert.ok(Object.values(second.counts).some((c) => c.duplicate > 0));
    assert.ok(whole.snapshots[0]!.import_rows!.some((r) => r.includes('"added":false')));
  } finally {
    a.close();
    b.close();
  }
});

test("903 records with errors are rejected alike streamed and whole, with the same issues naming file, row, column and value", async () => {
  const paths = errorSet(temp.path("errors"));
  const whole = await workspace();
  const expected = await importFiles(whole, paths, WHOLE);
  const want = await snapshot(whole.db);
  whole.close();
  const rejected = Object.values(expected.counts).reduce((n, c) => n + c.rejected, 0);
  assert.ok(rejected > 0, "an episode rejected");
  const before = expected.issues.find((i) => i.rule === "PRD-BEFORE-BIRTH");
  assert.equal(before?.row, 3);
  assert.equal(before?.severity, "error");
  const bad = expected.issues.find((i) => i.value === "31/02/2024");
  assert.equal(bad?.row, 4);
  assert.equal(bad?.column, "DECOM");
  for (const size of [1, 2, 1000]) {
    const ws = await workspace();
    try {
      sameResult(await importFiles(ws, paths, streamed(size)), expected, `${size} a chunk`);
      assert.deepEqual(await snapshot(ws.db), want);
    } finally {
      ws.close();
    }
  }
});

test("the rules on a worker thread give the workspace and issues of the whole-file import: the 903 fixture, and records rejected", async () => {
  const fixture = fixturePath("ssda903");
  const sets = [
    {
      paths: readdirSync(fixture)
        .filter((f) => f.endsWith(".csv"))
        .map((f) => join(fixture, f)),
      // 2,675 children: some 380 chunks at 7, one at the default.
      sizes: [7, undefined],
    },
    {
      paths: errorSet(temp.path("worker-errors")),
      sizes: [1, 2],
    },
  ];
  for (const { paths, sizes } of sets) {
    const whole = await workspace();
    const expected = await importFiles(whole, paths, WHOLE);
    const want = await snapshot(whole.db);
    whole.close();
    for (const size of sizes) {
      const ws = await workspace();
      try {
        const options: ImportOptions = {
          recompute: false,
          ssda903: { rulesOnWorker: true, ...(size ? { childrenPerChunk: size } : {}) },
        };
        sameResult(await importFiles(ws, paths, options), expected, `${size ?? "default"} a chunk`);
        assert.deepEqual(await snapshot(ws.db), want);
      } finally {
        ws.close();
      }
    }
  }
});

/** A header and episodes of four children, two of whose episodes break rules (one an error that rejects it). */
function errorSet(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join("\n")}\n`);
    return path;
  };
  return [
    write("header.csv", [
      "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
      "A1,1,01/01/2010,WBRI,,,",
      "B2,2,01/06/2023,WBRI,,,",
      "C3,1,03/03/2015,WBRI,,,",
      "D4,2,04/04/2016,WBRI,,,",
    ]),
    write("episodes.csv", [
      "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
      "A1,01/05/2024,S,C2,N1,U1,PR1,,,,,,",
      // Before B2 was born: an error, the episode is left out.
      "B2,01/05/2023,S,C2,N1,U1,PR1,01/07/2024,E3,,,,",
      "C3,31/02/2024,S,C2,N1,U1,PR1,,,,,,",
      "C3,01/06/2024,S,C2,N1,U1,PR1,,,,,,",
      "D4,01/07/2024,S,C2,N1,U1,PR1,01/09/2024,E3,,,,",
    ]),
  ];
}
