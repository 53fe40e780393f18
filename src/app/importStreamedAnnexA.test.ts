/**
 * The streamed Annex A import (records staged in DuckDB, built a chunk of
 * children at a time) against the whole-file path: the same workspace, row
 * for row (canonical tables, undo ledger, import records, coverage), and
 * the same issues, on the Annex A fixture, on a workbook whose lists come
 * out of order and whose children's records contradict each other, and on
 * a synthetic council's two workbooks imported one over the other,
 * re-imported and undone; and the same refusals, leaving the workspace as
 * it was.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import ExcelJS from "exceljs";
import { writeAnnexA } from "../returns/annexA.ts";
import { loadGenerated } from "../synth/load.ts";
import { fixturePath } from "../testing/fixtures.ts";
import { equivalenceWorkspace, sameResult, snapshot } from "../testing/importEquivalence.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { type ImportOptions, type ImportResult, importFiles, undoImport } from "./import.ts";

const temp = tempFiles("import-streamed-annexa-", "xlsx");
const LA = "999";
let made = 0;

async function workspace(): Promise<Workspace> {
  return equivalenceWorkspace(temp.path(`ws${++made}`), LA);
}

const WHOLE: ImportOptions = { recompute: false, annexA: { whole: true } };
const streamed = (childrenPerChunk?: number): ImportOptions => ({
  recompute: false,
  ...(childrenPerChunk ? { annexA: { childrenPerChunk } } : {}),
});

/** Imports `path` whole, then streamed at each chunk size into a new workspace: same result and workspace, and idempotent. */
async function sameAsWhole(path: string, sizes: (number | undefined)[]): Promise<ImportResult> {
  const whole = await workspace();
  const expected = await importFiles(whole, [path], WHOLE);
  const want = await snapshot(whole.db);
  whole.close();
  assert.ok(want.ssd_person!.length > 0);
  for (const size of sizes) {
    const ws = await workspace();
    try {
      const got = await importFiles(ws, [path], streamed(size));
      sameResult(got, expected, `${path}, ${size ?? "default"} children a chunk`);
      assert.deepEqual(await snapshot(ws.db), want, `${size ?? "default"} children a chunk`);
      // Idempotent: the same file again changes nothing.
      const again = await importFiles(ws, [path], streamed(size));
      assert.equal(again.id, undefined);
      assert.equal(again.alreadyImported.length, 1);
      assert.deepEqual(await snapshot(ws.db), want);
    } finally {
      ws.close();
    }
  }
  return expected;
}

type Sheet = { name: string; rows: unknown[][] };

/** Writes a workbook with ExcelJS; `rows` start at row 1. */
async function workbook(sheets: Sheet[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) => {
      if (r.length > 0) ws.getRow(i + 1).values = r as ExcelJS.CellValue[];
    });
  }
  const path = temp.next("xlsx");
  await wb.xlsx.writeFile(path);
  return path;
}

const COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"];

for (const name of readdirSync(fixturePath("annex-a")).filter((f) => f.endsWith(".xlsx"))) {
  test(`the Annex A fixture ${name} streamed gives the workspace the whole-file import gives, row for row`, async () => {
    const expected = await sameAsWhole(join(fixturePath("annex-a"), name), [1, 3, undefined]);
    // import.test.ts: the fixture's List 8 holds a record the rules reject (2 errors).
    assert.equal(expected.errors, 2);
    assert.equal(expected.counts.ssd_cla_episodes?.rejected, 1);
  });
}

test("a workbook whose plans come before their referrals, with a child's records contradicting each other: same as whole", async () => {
  const path = await workbook([
    {
      name: "Plans",
      rows: [
        [
          ...COMMON,
          "Child Protection Plan Start Date",
          "Initial Category of Abuse",
          "Latest Category of Abuse",
        ],
        ["C1", "a) Male", "a) WBRI", new Date("2015-02-01"), 8, new Date("2023-05-10"), "Neglect", "Neglect"],
        ["C2", "b) Female", "a) WBRI", new Date("2012-06-01"), 11, new Date("2023-07-01"), "Physical", ""],
        [
          "C1",
          "a) Male",
          "a) WBRI",
          new Date("2015-02-01"),
          8,
          new Date("2023-09-10"),
          "Neglect",
          "Emotional",
        ],
      ],
    },
    {
      name: "Referrals",
      rows: [
        ["Title row above the header"],
        [],
        [...COMMON, "Date of Referral", "Referral Source", "Referral NFA?"],
        // C1's sex here contradicts the plans sheet read first: the first is kept, with a warning.
        ["C1", "b) Female", "a) WBRI", new Date("2015-02-01"), 8, new Date("2023-03-01"), "Police", "No"],
        ["C1", "a) Male", "a) WBRI", new Date("2015-02-01"), 8, new Date("2023-03-01"), "Police", "No"],
        ["C2", "b) Female", "a) WBRI", new Date("2012-06-01"), 11, new Date("2023-06-01"), "Schools", "No"],
        ["C3", "a) Male", "a) WBRI", new Date("2019-01-01"), 4, "not a date", "Health", "No"],
        ["C4", "a) Male", "a) WBRI", new Date("2019-01-01"), 4, new Date("2023-08-01"), "Neighbour", "Yes"],
      ],
    },
    {
      name: "Contacts",
      rows: [
        [...COMMON, "Date of Contact", "Contact Source"],
        ["C4", "a) Male", "a) WBRI", new Date("2019-01-01"), 4, new Date("2023-07-30"), "Police"],
        ["C4", "a) Male", "a) WBRI", new Date("2019-01-01"), 4, new Date("2023-07-30"), "Police"],
        ["C5", "", "", "", "", new Date("2023-08-02"), "Schools"],
        ["", "a) Male", "a) WBRI", new Date("2019-01-01"), 4, new Date("2023-07-30"), "Police"],
      ],
    },
    {
      name: "Looked after",
      rows: [
        [
          ...COMMON,
          "Date Started to be Looked After",
          "Date Ceased to be Looked After",
          "Legal Status",
          "Date of Legal Status Start",
          "Placement Type",
          "Placement Start Date",
        ],
        // C2's legal status starts after the period ends: an error the rules find, rejecting the row's records.
        [
          "C2",
          "b) Female",
          "a) WBRI",
          new Date("2012-06-01"),
          11,
          new Date("2023-08-01"),
          new Date("2023-09-01"),
          "C2",
          new Date("2023-10-01"),
          "U1",
          new Date("2023-08-01"),
        ],
        [
          "C6",
          "a) Male",
          "a) WBRI",
          new Date("2010-01-01"),
          13,
          new Date("2022-01-05"),
          "",
          "C2",
          "",
          "K2",
          "",
        ],
      ],
    },
  ]);
  const expected = await sameAsWhole(path, [1, 2, undefined]);
  const rules = new Set(expected.issues.map((i) => i.rule));
  for (const rule of ["ANNEXA_PERSON_CONFLICT", "ANNEXA_DUPLICATE", "ANNEXA_DATE", "ANNEXA_CHILD_ID"])
    assert.ok(rules.has(rule), `${rule} in ${[...rules].join(", ")}`);
  assert.ok(expected.errors > 0);
  // C1's two plans link to the referral of 2023-03-01 on the sheet read after them.
  assert.ok(
    Object.values(expected.counts).some((c) => c.rejected > 0),
    JSON.stringify(expected.counts),
  );
});

test("a council's two Annex A workbooks streamed one over the other: same duplicates, ledger, coverage and undo as whole", async () => {
  const source = await workspace();
  const files = temp.path("council");
  try {
    await loadGenerated(source.db, {
      seed: 11,
      population: 3_000,
      years: 3,
      endDate: "2025-03-31",
      laCode: LA,
    });
    for (const [dir, from, to] of [
      ["early", "2023-04-01", "2024-09-30"],
      ["late", "2024-01-01", "2025-03-31"],
    ] as const) {
      mkdirSync(join(files, dir), { recursive: true });
      await writeAnnexA(source.db, join(files, dir), { laCode: LA, from, to });
    }
  } finally {
    source.close();
  }
  const workbookIn = (dir: string) => join(files, dir, readdirSync(join(files, dir))[0]!);
  const steps = async (ws: Workspace, options: ImportOptions) => {
    const results: ImportResult[] = [];
    results.push(await importFiles(ws, [workbookIn("late")], options));
    results.push(await importFiles(ws, [workbookIn("early")], options));
    const snapshots = [await snapshot(ws.db)];
    await undoImport(ws, results[0]!.id!, { recompute: false });
    snapshots.push(await snapshot(ws.db));
    results.push(await importFiles(ws, [workbookIn("late")], options));
    snapshots.push(await snapshot(ws.db));
    return { results, snapshots };
  };
  const a = await workspace();
  const b = await workspace();
  const c = await workspace();
  try {
    const whole = await steps(a, WHOLE);
    for (const [ws, size] of [
      [b, 40],
      [c, undefined],
    ] as const) {
      const stream = await steps(ws, streamed(size));
      for (let k = 0; k < whole.results.length; k++)
        sameResult(stream.results[k]!, whole.results[k]!, `${size ?? "default"} a chunk, import ${k + 1}`);
      for (let k = 0; k < whole.snapshots.length; k++)
        assert.deepEqual(stream.snapshots[k], whole.snapshots[k], `snapshot ${k + 1}`);
    }
    // The two workbooks overlap: the second import met the first's rows, kept once and recorded in the ledger.
    assert.ok(Object.values(whole.results[1]!.counts).some((x) => x.duplicate > 0));
    assert.ok(whole.snapshots[0]!.import_rows!.some((r) => r.includes('"added":false')));
    assert.ok(whole.snapshots[0]!.ssd_person!.length > 100);
    assert.ok(whole.results[0]!.coverage);
  } finally {
    a.close();
    b.close();
    c.close();
  }
});

test("workbooks the whole-file path refuses are refused streamed with the same message, the workspace unchanged", async () => {
  const fixture = readFileSync(join(fixturePath("annex-a"), "Annex_A_2024_Jan.xlsx"));
  const truncated = temp.path("truncated.xlsx");
  writeFileSync(truncated, fixture.subarray(0, Math.floor(fixture.length / 2)));
  const noLists = await workbook([{ name: "Notes", rows: [["Nothing"], ["to see"]] }]);
  const headersOnly = await workbook([{ name: "List 1", rows: [[...COMMON, "Date of Contact"]] }]);
  const noRecords = await workbook([
    {
      name: "List 1",
      rows: [
        [...COMMON, "Date of Contact"],
        ["C1", "a) Male", "a) WBRI", "", 3, "no date"],
      ],
    },
  ]);
  for (const path of [truncated, noLists, headersOnly, noRecords]) {
    const whole = await workspace();
    const message = await importFiles(whole, [path], WHOLE).then(
      () => "imported",
      (e: Error) => e.message,
    );
    whole.close();
    assert.match(message, /nothing was imported$/, path);
    const ws = await workspace();
    try {
      const before = await snapshot(ws.db);
      await assert.rejects(importFiles(ws, [path], streamed(1)), (e: Error) => e.message === message);
      assert.deepEqual(await snapshot(ws.db), before);
      assert.deepEqual(
        readdirSync(ws.dir).filter((f) => f.startsWith(".staging")),
        [],
        "no staging folder is left behind",
      );
    } finally {
      ws.close();
    }
  }
});
