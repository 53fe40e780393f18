/**
 * The streamed SSD import (each file mapped as it is read and staged in
 * DuckDB, read back a chunk of children at a time) against the whole-file
 * path: the same workspace, row for row (canonical tables, undo ledger,
 * import records, coverage), and the same issues, on a synthetic council's
 * extract written as `export-tables` writes it (CSV and Parquet), on files
 * in a case-management system's wording with quoted line breaks, errors,
 * ids reused across children and rows of no child, imported one over the
 * other, re-imported and undone; and the same refusals.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { type Database, openDatabase } from "../db/database.ts";
import { sqlLiteral as lit } from "../db/quote.ts";
import { createTableSql, TABLES } from "../model/tables.ts";
import { loadGenerated } from "../synth/load.ts";
import { equivalenceWorkspace, sameResult, snapshot } from "../testing/importEquivalence.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { type ImportOptions, type ImportResult, importFiles, undoImport } from "./import.ts";

const temp = tempFiles("import-streamed-ssd-", "csv");
const LA = "998";
let made = 0;

async function workspace(): Promise<Workspace> {
  return equivalenceWorkspace(temp.path(`ws${++made}`), LA);
}

const WHOLE: ImportOptions = { as: "ssd", recompute: false, ssd: { whole: true } };
const streamed = (childrenPerChunk?: number): ImportOptions => ({
  as: "ssd",
  recompute: false,
  ...(childrenPerChunk ? { ssd: { childrenPerChunk } } : {}),
});

/** A synthetic council's tables, exported as CSV and as Parquet (`extract.csv`, `extract.parquet`). */
const extract: Record<"csv" | "parquet", string> = { csv: "", parquet: "" };
before(async () => {
  const db: Database = await openDatabase(":memory:");
  try {
    for (const t of TABLES) await db.connection.run(createTableSql(t));
    await loadGenerated(db, { seed: 11, population: 600, years: 1, endDate: "2024-03-31", laCode: LA });
    for (const format of ["csv", "parquet"] as const) {
      const out = temp.path(`extract-${format}`);
      mkdirSync(out);
      extract[format] = out;
      for (const t of TABLES) {
        const options = format === "csv" ? "HEADER, DELIMITER ',', DATEFORMAT '%Y-%m-%d'" : "FORMAT PARQUET";
        await db.connection.run(
          `COPY (SELECT * FROM ${t.name} ORDER BY la_code, ${t.key}) TO ${lit(join(out, `${t.name}.${format}`))} (${options})`,
        );
      }
    }
  } finally {
    db.close();
  }
});

/** Imports `paths` whole, then streamed at each chunk size into a new workspace: same result and workspace, and idempotent. */
async function sameAsWhole(
  paths: string[],
  sizes: (number | undefined)[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const whole = await workspace();
  const expected = await importFiles(whole, paths, { ...WHOLE, ...options });
  const want = await snapshot(whole.db);
  whole.close();
  assert.ok(want.ssd_person!.length > 0);
  for (const size of sizes) {
    const ws = await workspace();
    try {
      let staged: string[] = [];
      const got = await importFiles(ws, paths, {
        ...streamed(size),
        ...options,
        beforeCommit: () => {
          staged = readdirSync(ws.dir).filter((f) => f.startsWith(".staging-ssd-"));
        },
      });
      assert.equal(staged.length, 1, "read through a staging database");
      assert.deepEqual(
        readdirSync(ws.dir).filter((f) => f.startsWith(".staging")),
        [],
        "none left behind",
      );
      sameResult(got, expected, `${size ?? "default"} children a chunk`);
      assert.deepEqual(await snapshot(ws.db), want, `${size ?? "default"} children a chunk`);
      const again = await importFiles(ws, paths, { ...streamed(size), ...options });
      assert.equal(again.id, undefined);
      assert.equal(again.alreadyImported.length, expected.files.length);
      assert.deepEqual(await snapshot(ws.db), want);
    } finally {
      ws.close();
    }
  }
  return expected;
}

for (const format of ["csv", "parquet"] as const) {
  test(`a synthetic council's extract as ${format} streamed gives the workspace the whole-file import gives, row for row`, async () => {
    const expected = await sameAsWhole([extract[format]], [1, 7, undefined]);
    assert.equal(expected.errors, 0);
    assert.ok((expected.counts.ssd_cla_reviews?.added ?? 0) > 0, "reviews, keyed by their period of care");
    assert.ok((expected.counts.ssd_professionals?.added ?? 0) > 0, "workers, of no child");
  });
}

/** Writes files (name → lines) into a new folder; returns their paths. */
function files(set: Record<string, string[]>): string[] {
  const folder = temp.path(`set${++made}`);
  mkdirSync(folder);
  return Object.entries(set).map(([name, lines]) => {
    const path = join(folder, name);
    writeFileSync(path, `${lines.join("\r\n")}\r\n`);
    return path;
  });
}

/** A case-management system's wording: descriptions for codes, dd/mm/yyyy, Yes/No, no la_code column in some. */
const WORDING = {
  "ssd_person.csv": [
    "la_code,pers_person_id,pers_sex,pers_dob",
    "998,C1,M,2015-02-01",
    "998,C2,F,2012-06-01",
    "998,C3,M,2019-01-01",
    "998,C4,F,2020-03-01",
  ],
  // Quoted values with line breaks: the rows after them start on later lines.
  "ssd_contacts.csv": [
    "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code,cont_contact_outcome_json",
    'K1,C1,02/05/2023,Police,"first line',
    'second line"',
    "K2,C2,31/02/2023,Schools,",
    'K3,C3,03/05/2023,Went to the moon,"a ""quoted"" note"',
    "",
    "K4,C4,04/05/2023,Health,",
    "K2,C2,05/05/2023,Police,",
  ],
  // Plain (no quotes): read by DuckDB. A value with spaces around it is kept as written.
  "ssd_cin_episodes.csv": [
    "la_code,cine_referral_id,cine_person_id,cine_referral_date,cine_referral_nfa,cine_referral_team",
    "998,R1,C1,2023-05-03,No, Team A ",
    "998,R2,C2,2023-05-04,yes,Team B",
    "998,R3,C3,2023-05-05,maybe,",
    "998,R4,C4,not a date,No,",
    // R5 again for another child: an id the extract reuses.
    "998,R5,C1,2023-06-01,No,",
    "998,R5,C4,2023-06-02,No,",
  ],
  "ssd_cla_episodes.csv": [
    "clae_cla_episode_id,clae_person_id,clae_cla_id,clae_cla_episode_start_date,clae_cla_episode_start_reason,clae_cla_primary_need_code",
    "E1,C3,P3,01/06/2023,Started to be looked after,Abuse or neglect",
    "E2,C4,P4,2023-07-01,S,N2",
  ],
  "ssd_cla_reviews.csv": [
    "clar_cla_review_id,clar_cla_id,clar_cla_review_date",
    "V1,P3,2023-07-01",
    "V2,P4,2023-08-01",
    "V3,P9,2023-08-02",
  ],
  "ssd_professionals.csv": [
    "prof_professional_id,prof_professional_caseload,prof_full_time_equivalency",
    "W1,many,0.8",
    "W2,12,1",
  ],
};

test("files in a case-management system's wording, with quoted line breaks, errors and reused ids: same as whole", async () => {
  const paths = files(WORDING);
  const expected = await sameAsWhole(paths, [1, 2, undefined], { council: LA });
  const where = (rule: string) =>
    expected.issues
      .filter((i) => i.rule === rule)
      .map((i) => [i.file.slice(i.file.lastIndexOf("/") + 1), i.row, i.column, i.value]);
  // K2's date is on line 4 (header 1, K1 on lines 2-3); R4's on line 5 of a plain file.
  assert.deepEqual(where("SSD_DATE"), [
    ["ssd_contacts.csv", 4, "cont_contact_date", "31/02/2023"],
    ["ssd_cin_episodes.csv", 5, "cine_referral_date", "not a date"],
  ]);
  assert.deepEqual(where("SSD_CODE"), [
    ["ssd_contacts.csv", 5, "cont_contact_source_code", "Went to the moon"],
  ]);
  assert.deepEqual(where("SSD_FLAG"), [["ssd_cin_episodes.csv", 4, "cine_referral_nfa", "maybe"]]);
  // R5 of C4 (line 7) reuses C1's id: rejected, whichever chunks C1 and C4 fall in.
  assert.deepEqual(where("PRD-DUPLICATE-ID"), [["ssd_cin_episodes.csv", 7, "cine_referral_id", "R5"]]);
  // 5 read (R4 dropped by the reader): R1, R2, R3, R5 added, R5 of C4 rejected.
  assert.deepEqual(expected.counts.ssd_cin_episodes, { read: 5, added: 4, duplicate: 0, rejected: 1 });
});

test("a second extract over the first, re-imported and undone: same as whole at every step", async () => {
  const first = files(WORDING);
  const second = files({
    ...WORDING,
    "ssd_contacts.csv": [
      "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code",
      "K1,C1,02/05/2023,Police",
      "K5,C2,06/05/2023,Police",
    ],
    "ssd_cin_episodes.csv": [
      "la_code,cine_referral_id,cine_person_id,cine_referral_date,cine_referral_nfa",
      "998,R1,C1,2023-05-09,No",
      "998,R6,C3,2023-07-05,No",
    ],
    // V1 again, its period of care's episode (C3's) only in the workspace; V4 new.
    "ssd_cla_reviews.csv": [
      "clar_cla_review_id,clar_cla_id,clar_cla_review_date",
      "V1,P3,2023-07-01",
      "V4,P4,2023-09-01",
    ],
  });
  const steps = async (ws: Workspace, given: ImportOptions) => {
    const out: { result: ImportResult | { removed: Record<string, number> }; snap: unknown }[] = [];
    const options: ImportOptions = {
      ...given,
      beforeCommit: () => {
        const staged = readdirSync(ws.dir).filter((f) => f.startsWith(".staging-ssd-")).length;
        assert.equal(staged, given.ssd?.whole ? 0 : 1, "streamed through a staging database, or read whole");
      },
    };
    const step = async (result: ImportResult | { removed: Record<string, number> }) =>
      out.push({ result, snap: await snapshot(ws.db) });
    await step(await importFiles(ws, first, options));
    await step(await importFiles(ws, second, options));
    await step(await importFiles(ws, second, options));
    await step(await undoImport(ws, 2, { recompute: false }));
    await step(await importFiles(ws, [second[1]!], options));
    return out;
  };
  const whole = await workspace();
  const want = await steps(whole, { ...WHOLE, council: LA });
  whole.close();
  for (const size of [1, 3, undefined]) {
    const ws = await workspace();
    try {
      const got = await steps(ws, { ...streamed(size), council: LA });
      for (const [k, g] of got.entries()) {
        const w = want[k]!;
        if ("counts" in g.result) sameResult(g.result, w.result as ImportResult, `step ${k + 1}, ${size}`);
        else assert.deepEqual(g.result, w.result, `step ${k + 1}, ${size}`);
        assert.deepEqual(g.snap, w.snap, `step ${k + 1}, ${size ?? "default"} children a chunk`);
      }
    } finally {
      ws.close();
    }
  }
  // The undo took away what the second import added: K5, R6 and R1 re-dated, V4 (K1 and V1 as they were are duplicates).
  assert.deepEqual((want[3]!.result as { removed: Record<string, number> }).removed, {
    ssd_contacts: 1,
    ssd_cin_episodes: 2,
    ssd_cla_reviews: 1,
  });
});

test("a broken file, another council's rows, a header alone: refused in the same words, the workspace unchanged", async () => {
  const person = WORDING["ssd_person.csv"];
  const cases: Record<string, string | Uint8Array>[] = [
    // a quoted value never closed, in a file that also lacks its key column: the cut is what is reported
    {
      "ssd_person.csv": person.join("\n"),
      "ssd_contacts.csv": 'cont_person_id,cont_contact_date\nC1,"2023-05-02\n',
    },
    { "ssd_person.csv": person.join("\n"), "ssd_contacts.parquet": "not parquet at all" },
    { "ssd_person.csv": person.join("\n"), "ssd_contacts.csv": "la_code,cont_person_id\n998,C1\n" },
    { "ssd_person.csv": [...person, "997,C9,M,2015-02-01"].join("\n") },
    { "ssd_person.csv": "la_code,pers_person_id,pers_sex\n" },
    { "ssd_person.csv": "" },
    { "ssd_cin_plans_x.csv": "a,b\n1,2\n" },
  ];
  for (const set of cases) {
    const folder = temp.path(`bad${++made}`);
    mkdirSync(folder);
    const paths = Object.entries(set).map(([name, content]) => {
      const path = join(folder, name);
      writeFileSync(path, content);
      return path;
    });
    const refusal = async (options: ImportOptions) => {
      const ws = await workspace();
      try {
        const before = await snapshot(ws.db);
        const message = await importFiles(ws, paths, { ...options, council: LA }).then(
          () => "imported",
          (e: Error) => e.message,
        );
        assert.deepEqual(await snapshot(ws.db), before);
        return message;
      } finally {
        ws.close();
      }
    };
    const want = await refusal(WHOLE);
    assert.match(want, /nothing was imported/, want);
    for (const size of [1, undefined])
      assert.equal(await refusal(streamed(size)), want, Object.keys(set).join());
  }
});
