/**
 * Streamed imports of several sources at once (several CIN census years;
 * CIN censuses with SSDA903 CSV years, as the region bench imports a
 * council's folder; SSDA903 XML, alone and with the CSV set; Annex A
 * workbooks of different periods together, and with CIN censuses and
 * SSDA903 files, synthetic and the fixtures) against the
 * whole-file path: the same workspace, row for row (canonical tables, undo
 * ledger, import records, coverage), and the same issues, at 1, a few and
 * the default number of children a chunk, re-imported (idempotent) and
 * undone; an SSD extract with the same council's CIN censuses. And a
 * child listed twice in one census, its entries in different
 * chunks (its id written plainly, and once with a character reference).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sqlLiteral } from "../db/quote.ts";
import { TABLES } from "../model/tables.ts";
import { writeAnnexA } from "../returns/annexA.ts";
import { writeCinCensus } from "../returns/cin.ts";
import { writeSsda903 } from "../returns/ssda903.ts";
import { loadGenerated } from "../synth/load.ts";
import { fixturePath } from "../testing/fixtures.ts";
import { equivalenceWorkspace, sameResult, snapshot } from "../testing/importEquivalence.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { type ImportOptions, type ImportResult, importFiles, undoImport } from "./import.ts";

const temp = tempFiles("import-streamed-mixed-", "xml");
const LA = "999";
let made = 0;

async function workspace(): Promise<Workspace> {
  return equivalenceWorkspace(temp.path(`ws${++made}`), LA);
}

const WHOLE: ImportOptions = {
  recompute: false,
  cin: { whole: true },
  ssda903: { whole: true },
  annexA: { whole: true },
  ssd: { whole: true },
};
const streamed = (childrenPerChunk?: number): ImportOptions => ({
  recompute: false,
  ...(childrenPerChunk
    ? {
        cin: { childrenPerChunk },
        ssda903: { childrenPerChunk },
        annexA: { childrenPerChunk },
        ssd: { childrenPerChunk },
      }
    : {}),
});

/**
 * A synthetic council's CIN censuses (one file a year) and 903 CSV years (a
 * folder a year), and, when asked, Annex A workbooks of the periods given, written once.
 */
async function councilFiles(
  population: number,
  seed: number,
  annexA: readonly (readonly [string, string])[] = [],
): Promise<{ cin: string[]; ssda903: string[]; annexA: string[] }> {
  const source = await workspace();
  const dir = temp.path(`council-${seed}`);
  const workbooks: string[] = [];
  try {
    await loadGenerated(source.db, { seed, population, years: 3, endDate: "2025-03-31", laCode: LA });
    mkdirSync(join(dir, "cin"), { recursive: true });
    mkdirSync(join(dir, "903"), { recursive: true });
    await writeCinCensus(source.db, join(dir, "cin"), { laCode: LA, from: "2022-04-01", to: "2025-03-31" });
    await writeSsda903(source.db, join(dir, "903"), { laCode: LA, from: "2022-04-01", to: "2025-03-31" });
    for (const [from, to] of annexA) {
      const out = join(dir, `annex-a-${to}`);
      mkdirSync(out, { recursive: true });
      await writeAnnexA(source.db, out, { laCode: LA, from, to });
      workbooks.push(join(out, readdirSync(out)[0]!));
    }
  } finally {
    source.close();
  }
  const cin = readdirSync(join(dir, "cin"))
    .sort()
    .map((f) => join(dir, "cin", f));
  const ssda903 = readdirSync(join(dir, "903"))
    .sort()
    .flatMap((year) =>
      readdirSync(join(dir, "903", year))
        .sort()
        .map((f) => join(dir, "903", year, f)),
    );
  return { cin, ssda903, annexA: workbooks };
}

/**
 * Imports `first`, then `second` (which meets rows `first` brought), then
 * undoes the first and imports it again; the snapshot after each step.
 */
async function steps(ws: Workspace, first: string[], second: string[], options: ImportOptions) {
  const results: ImportResult[] = [];
  const snapshots: Record<string, string[]>[] = [];
  results.push(await importFiles(ws, first, options));
  snapshots.push(await snapshot(ws.db));
  results.push(await importFiles(ws, second, options));
  snapshots.push(await snapshot(ws.db));
  // Idempotent: the same files again change nothing.
  const again = await importFiles(ws, [...first, ...second], options);
  assert.equal(again.id, undefined);
  assert.equal(again.alreadyImported.length, first.length + second.length);
  assert.deepEqual(await snapshot(ws.db), snapshots.at(-1));
  await undoImport(ws, results[0]!.id!, { recompute: false });
  snapshots.push(await snapshot(ws.db));
  results.push(await importFiles(ws, first, options));
  snapshots.push(await snapshot(ws.db));
  return { results, snapshots };
}

/** Runs `steps` whole and streamed at each chunk size, asserting the same results and snapshots. */
async function equivalent(
  first: string[],
  second: string[],
  sizes: (number | undefined)[],
  options: ImportOptions = {},
) {
  const a = await workspace();
  let whole: Awaited<ReturnType<typeof steps>>;
  try {
    whole = await steps(a, first, second, { ...WHOLE, ...options });
  } finally {
    a.close();
  }
  for (const size of sizes) {
    const ws = await workspace();
    try {
      // A killed import's staging folder: the streamed path (and only it) clears such leftovers, so its
      // going shows the import was streamed, not taken down the whole-file path.
      const leftover = join(ws.dir, ".staging-rows-killed");
      mkdirSync(leftover);
      const got = await steps(ws, first, second, { ...streamed(size), ...options });
      assert.equal(existsSync(leftover), false, "streamed");
      for (let k = 0; k < whole.results.length; k++)
        sameResult(got.results[k]!, whole.results[k]!, `${size ?? "default"} a chunk, import ${k + 1}`);
      for (let k = 0; k < whole.snapshots.length; k++)
        assert.deepEqual(
          got.snapshots[k],
          whole.snapshots[k],
          `${size ?? "default"} a chunk, snapshot ${k + 1}`,
        );
    } finally {
      ws.close();
    }
  }
  return whole;
}

test("three CIN census years in one import, streamed: the whole-file path's workspace and issues", async () => {
  const files = await councilFiles(1_500, 3);
  assert.equal(files.cin.length, 3);
  // The first two years together, then the last (which meets their children), undone and re-imported.
  const whole = await equivalent(files.cin.slice(0, 2), files.cin.slice(2), [1, 7, undefined]);
  // The years met each other's children inside one import: duplicates kept once, none in the ledger.
  assert.ok(Object.values(whole.results[0]!.counts).some((c) => c.duplicate > 0));
  assert.ok(whole.snapshots[1]!.import_rows!.some((r) => r.includes('"added":false')));
});

test("a council's CIN censuses and 903 CSV years in one import, streamed: precedence, disagreements, ledger and undo as whole", async () => {
  const files = await councilFiles(1_000, 5);
  assert.ok(files.ssda903.length > 10, `903 files: ${files.ssda903.length}`);
  // The 903 says White Irish where the censuses say White British: the census's value is kept, each reported.
  for (const path of files.ssda903.filter((p) => p.endsWith("header.csv")))
    writeFileSync(path, readFileSync(path, "utf8").replaceAll(",WBRI,", ",WIRI,"));
  // The region bench's import: every file of the council at once; then again after an undo.
  const whole = await equivalent([...files.cin.slice(1), ...files.ssda903], files.cin.slice(0, 1), [
    1,
    13,
    undefined,
  ]);
  const first = whole.results[0]!;
  // The 903 met the censuses' children: duplicates, and their disagreements reported.
  assert.ok(Object.values(first.counts).some((c) => c.duplicate > 0));
  assert.ok(first.issues.some((i) => i.rule === "COMBINE_CONFLICT"));
});

test("the 903 XML fixture streamed, alone and with the CSV fixture, gives the whole-file path's workspace", async () => {
  const dir = fixturePath("ssda903");
  const csv = readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .map((f) => join(dir, f));
  const xml = join(dir, "fake_903.xml");
  // The same file (written on one line) with the first child born after its first episode: an error
  // (PRD-BEFORE-BIRTH) on the line every child's records share, which identifies no record to reject.
  const born = temp.path("born-late.xml");
  writeFileSync(
    born,
    readFileSync(xml, "latin1").replace("<DOB>28/07/2010</DOB>", "<DOB>28/07/2017</DOB>"),
    "latin1",
  );
  for (const [label, paths] of [
    ["XML", [xml]],
    ["XML and CSV", [...csv, xml]],
    ["XML with an error on its one line", [born]],
  ] as const) {
    const whole = await workspace();
    const options = { collectionYear: 2018 };
    const expected = await importFiles(whole, paths, { ...WHOLE, ...options });
    const want = await snapshot(whole.db);
    whole.close();
    assert.ok(want.ssd_cla_episodes!.length >= 459, label);
    if (paths[0] === born) {
      const error = expected.issues.find((i) => i.rule === "PRD-BEFORE-BIRTH");
      assert.equal(error?.line, 2);
      assert.equal(error?.severity, "error");
      assert.equal(
        Object.values(expected.counts).reduce((n, c) => n + c.rejected, 0),
        0,
      );
    }
    for (const size of [1, 7, undefined]) {
      const ws = await workspace();
      try {
        const got = await importFiles(ws, paths, { ...streamed(size), ...options });
        sameResult(got, expected, `${label}, ${size ?? "default"} a chunk`);
        assert.deepEqual(await snapshot(ws.db), want, `${label}, ${size ?? "default"} a chunk`);
        const again = await importFiles(ws, paths, { ...streamed(size), ...options });
        assert.equal(again.id, undefined);
        await undoImport(ws, got.id!, { recompute: false });
        const empty = await snapshot(ws.db);
        assert.deepEqual(empty.ssd_person, []);
      } finally {
        ws.close();
      }
    }
  }
});

for (const [label, write] of [
  ["", (id: string) => id],
  // Its second entry's id written with a character reference (RND… as &#82;ND…): the same child to a parser.
  [", once with a character reference", (id: string) => `&#${id.charCodeAt(0)};${id.slice(1)}`],
] as const) {
  test(`a child listed twice in one census${label}, its entries in different chunks: the whole-file path's rows and issues`, async () => {
    const text = readFileSync(join(fixturePath("cin-census"), "fake_CIN_data.xml"), "utf8");
    // The first <Child> again at the end: its referrals added to the first entry's, in the last chunk.
    const start = text.indexOf("<Child>");
    const end = text.indexOf("</Child>", start) + "</Child>".length;
    const again = text
      .slice(start, end)
      .replace(/<LAchildID>([^<]*)</, (_, id: string) => `<LAchildID>${write(id)}<`);
    const close = text.lastIndexOf("</Children>");
    const path = temp.path(label ? "twice-ref.xml" : "twice.xml");
    writeFileSync(path, `${text.slice(0, close)}${again}\n${text.slice(close)}`);
    const whole = await workspace();
    const expected = await importFiles(whole, [path], WHOLE);
    const want = await snapshot(whole.db);
    whole.close();
    assert.ok(expected.issues.some((i) => i.rule === "CIN_DUPLICATE_CHILD"));
    for (const size of [1, 7, undefined]) {
      const ws = await workspace();
      try {
        sameResult(await importFiles(ws, [path], streamed(size)), expected, `${size ?? "default"} a chunk`);
        assert.deepEqual(await snapshot(ws.db), want, `${size ?? "default"} a chunk`);
      } finally {
        ws.close();
      }
    }
  });
}

test("a council's two Annex A workbooks of different periods with its CIN censuses and 903 years, streamed: as whole", async () => {
  const files = await councilFiles(1_000, 7, [
    ["2023-04-01", "2024-09-30"],
    ["2024-01-01", "2025-03-31"],
  ]);
  assert.equal(files.annexA.length, 2);
  // The censuses say White Irish where the 903 and the workbooks say White British: the census's value is
  // kept (precedence: CIN census, SSDA903, Annex A), each disagreement reported.
  for (const path of files.cin)
    writeFileSync(path, readFileSync(path, "utf8").replaceAll(">WBRI<", ">WIRI<"));
  // The two workbooks in one import (they overlap: one child's records in both), then the censuses and
  // 903 years, which meet their children; then the workbooks undone and imported again.
  const whole = await equivalent(files.annexA, [...files.cin, ...files.ssda903], [1, 11, undefined]);
  const [workbooks, returns] = whole.results as [ImportResult, ImportResult];
  assert.ok(Object.values(workbooks.counts).some((c) => c.duplicate > 0));
  assert.ok(returns.issues.some((i) => i.rule === "COMBINE_CONFLICT"));
  assert.ok(whole.snapshots[1]!.import_rows!.some((r) => r.includes('"added":false')));
  // All at once: the workbooks with the censuses and 903 years in one import, precedence and disagreements
  // worked out between the files of one import.
  const together = await equivalent([...files.annexA, ...files.cin.slice(1)], files.cin.slice(0, 1), [
    1,
    11,
    undefined,
  ]);
  assert.ok(together.results[0]!.issues.some((i) => i.rule === "COMBINE_CONFLICT"));
});

/**
 * The 903 CSV fixture cut to its first `children` children (their rows in every file), so that a test
 * at one child a chunk stays short.
 */
function first903Children(children: number): string[] {
  const dir = fixturePath("ssda903");
  const child = (line: string) => line.slice(0, line.indexOf(","));
  const header = readFileSync(join(dir, "header.csv"), "utf8").split(/\r?\n/);
  const kept = new Set(header.slice(1, children + 1).map(child));
  const out = temp.path(`903-first-${children}`);
  mkdirSync(out, { recursive: true });
  return readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .map((f) => {
      const [names, ...lines] = readFileSync(join(dir, f), "utf8").split(/\r?\n/);
      writeFileSync(join(out, f), [names, ...lines.filter((l) => kept.has(child(l)))].join("\n"));
      return join(out, f);
    });
}

test("the Annex A fixture with the CIN census fixture, and with the 903 fixture, in one import, streamed: as whole", async () => {
  const workbook = join(fixturePath("annex-a"), "Annex_A_2024_Jan.xlsx");
  const census = join(fixturePath("cin-census"), "fake_CIN_data.xml");
  const csv = first903Children(150);
  const options = { collectionYear: 2018 };
  // The workbook with the census, then the 903 (a third source meeting the workspace's rows), undone,
  // imported again; then the workbook with the 903, then the census.
  await equivalent([workbook, census], csv, [1, 3, undefined], options);
  const whole = await equivalent([workbook, ...csv], [census], [1, 3, undefined], options);
  // 150 children's header rows (the 903's people), read with the workbook's.
  assert.ok((whole.results[0]!.counts.ssd_person?.read ?? 0) > 150);
});

test("a council's SSD extract with its CIN censuses, in one import and one after the other, streamed: as whole", async () => {
  const files = await councilFiles(150, 13);
  // The same council's tables as `export-tables` writes them: the censuses' children are the extract's.
  const source = await workspace();
  const out = temp.path("ssd-13");
  mkdirSync(out);
  try {
    await loadGenerated(source.db, {
      seed: 13,
      population: 150,
      years: 3,
      endDate: "2025-03-31",
      laCode: LA,
    });
    for (const t of TABLES)
      await source.db.connection.run(
        `COPY (SELECT * FROM ${t.name} ORDER BY la_code, ${t.key}) TO ${sqlLiteral(join(out, `${t.name}.csv`))} (HEADER, DATEFORMAT '%Y-%m-%d')`,
      );
  } finally {
    source.close();
  }
  const extract = readdirSync(out)
    .sort()
    .map((f) => join(out, f));
  // The extract with the first census, then the other censuses meeting its rows; undone; imported again.
  const whole = await equivalent([...extract, files.cin[0]!], files.cin.slice(1), [3, undefined]);
  // People read with the first census: 93 new, 12 the same children in both (the census's and the
  // extract's rows of a child combined, as whole); the later censuses' 25 children all met again.
  assert.deepEqual(whole.results[0]!.counts.ssd_person, { read: 105, added: 93, duplicate: 12, rejected: 0 });
  assert.deepEqual(whole.results[1]!.counts.ssd_person, { read: 25, added: 0, duplicate: 25, rejected: 0 });
  // Streamed, not taken down the whole-file path: the extract is read through its staging database.
  const ws = await workspace();
  try {
    let staged: string[] = [];
    const beforeCommit = () => {
      staged = readdirSync(ws.dir).filter((f) => f.startsWith(".staging-ssd-"));
    };
    await importFiles(ws, [...extract, files.cin[0]!], { ...streamed(), beforeCommit });
    assert.equal(staged.length, 1, "read through a staging database");
  } finally {
    ws.close();
  }
});
