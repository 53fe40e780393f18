import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { exportTablesCommand } from "../../cli/commands/exportTables.ts";
import { type Database, loadTables, openDatabase, type Row } from "../../db/database.ts";
import { createTableSql, TABLES } from "../../model/tables.ts";
import { starterSettings } from "../../workspace/settings.ts";
import { initWorkspace, openWorkspace } from "../../workspace/workspace.ts";
import { CODE_COLUMNS } from "./codes.ts";
import { readSsdTables, type SsdReadResult, tableForFile } from "./reader.ts";

let dir: string;
let fileNo = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "ssd-reader-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` as `<table>.<ext>` in a fresh folder. */
function write(table: string, content: string | Uint8Array, ext = "csv"): string {
  const folder = join(dir, `d${++fileNo}`);
  mkdirSync(folder);
  const path = join(folder, `${table}.${ext}`);
  writeFileSync(path, content);
  return path;
}

/** Runs `f` with console.log silenced (a command prints its summary). */
async function quietly(f: () => Promise<void>): Promise<void> {
  const log = console.log;
  console.log = () => {};
  try {
    await f();
  } finally {
    console.log = log;
  }
}

function strip(row: Row): Row {
  const { _file, _row, _line, ...rest } = row;
  return rest;
}

function assertFatal(r: SsdReadResult, rule: string): void {
  const errors = r.issues.filter((i) => i.severity === "error");
  assert.equal(errors.length, 1, JSON.stringify(r.issues));
  assert.equal(errors[0]!.rule, rule);
  assert.deepEqual(Object.values(r.rows).flat(), []);
}

/** A row for every column of a table: awkward text, a valid code, a leap day, numbers. */
function sampleRow(table: (typeof TABLES)[number], n: number): Row {
  const row: Row = {};
  for (const c of table.columns) {
    if (c.name === "la_code") row[c.name] = "201";
    else if (c.name === table.key) row[c.name] = `00${n}`;
    else if (c.type === "DATE") row[c.name] = "2024-02-29";
    else if (c.type === "INTEGER") row[c.name] = 1234 + n;
    else if (c.type === "DOUBLE") row[c.name] = 0.5 + n;
    else if (CODE_COLUMNS[c.name]) row[c.name] = [...CODE_COLUMNS[c.name]!.codes][n]!;
    else if (/Y\/N/.test(c.description)) row[c.name] = n === 0 ? "Y" : "N";
    else row[c.name] = n === 0 ? 'He said "hi", then\nleft; Zoë ' : "0042";
  }
  return row;
}

describe("SSD reader: files export-tables writes", () => {
  let db: Database;
  before(async () => {
    db = await openDatabase(":memory:");
    for (const t of TABLES) await db.connection.run(createTableSql(t));
  });
  after(() => db.close());

  it("round-trips every canonical table exactly as `scorecard export-tables` writes it (including ssdx_ tables)", async () => {
    const data: Record<string, Row[]> = {};
    for (const t of TABLES)
      data[t.name] = [sampleRow(t, 0), sampleRow(t, 1), { la_code: "202", [t.key]: "X" }];
    const wsDir = join(dir, "export-ws");
    await initWorkspace(wsDir, starterSettings("Test Council", "201", { 2024: 10_000 }));
    const ws = await openWorkspace(wsDir);
    try {
      await loadTables(ws.db, data);
    } finally {
      ws.close();
    }
    const out = join(dir, "export");
    await quietly(() => exportTablesCommand.run({ values: { dir: wsDir, out }, positionals: [] }));
    const files = TABLES.map((t) => join(out, `${t.name}.csv`));
    const r = await readSsdTables(files);
    assert.deepEqual(r.issues, []);
    assert.ok(TABLES.some((t) => t.name.startsWith("ssdx_")));
    for (const t of TABLES) {
      // what went in, every column present (absent → null), in the export's order (la_code, key)
      const expected = data[t.name]!.map((row) =>
        Object.fromEntries(t.columns.map((c) => [c.name, row[c.name] ?? null])),
      );
      assert.deepEqual((r.rows[t.name] ?? []).map(strip), expected, t.name);
    }
    assert.equal(r.summary.files.length, TABLES.length);
    assert.ok(r.summary.files.every((f) => f.records === 3 && f.rows === 3));
  });

  it("reads Parquet through DuckDB", async () => {
    const path = join(dir, "ssd_cin_episodes.parquet");
    await db.connection.run(
      `COPY (SELECT '201' AS la_code, '0077' AS cine_referral_id, 'C1' AS cine_person_id,
         DATE '2024-05-01' AS cine_referral_date, 'Police' AS cine_referral_source_code,
         TIMESTAMP '1900-01-01 00:00:00' AS cine_close_date, true AS cine_referral_nfa) TO '${path}' (FORMAT PARQUET)`,
    );
    const r = await readSsdTables([path]);
    assert.deepEqual(
      r.issues.map((i) => i.rule),
      ["SSD_MISSING_COLUMN"],
    );
    assert.deepEqual(strip(r.rows.ssd_cin_episodes![0]!), {
      la_code: "201",
      cine_referral_id: "0077",
      cine_person_id: "C1",
      cine_referral_date: "2024-05-01",
      cine_cin_primary_need_code: null,
      cine_referral_source_code: "6",
      cine_referral_source_desc: null,
      cine_referral_outcome_json: null,
      cine_referral_nfa: "Y",
      cine_close_reason: null,
      cine_close_date: null,
      cine_referral_team: null,
      cine_referral_worker_id: null,
    });
  });
});

describe("SSD reader: case-management wording", () => {
  it("maps description text to DfE codes, 1900-01-01 to empty, yes/no to Y/N; keeps and reports the rest", async () => {
    const episodes = write(
      "ssd_cla_episodes",
      [
        "clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_start_reason,clae_cla_episode_ceased_date,clae_cla_episode_ceased_reason,clae_cla_primary_need_code",
        "E1,C1,01/04/2024,Started to be looked after,2024-06-01 00:00:00,Adopted - application for an adoption order unopposed,Abuse or neglect",
        "E2,C1,2024-06-01,p,1900-01-01,E4A - Returned home (planned),n1",
        "E3,C1,2024-07-01,S,,Went to live on the moon,N2",
      ].join("\n"),
    );
    const plans = write(
      "ssd_cp_plans",
      [
        "la_code,cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_initial_category,cppl_cp_plan_latest_category,cppl_cp_plan_ola,cppl_number_of_previous_cpp,Local_Notes",
        '201,P1,C1,Neglect,a) EMO: Emotional abuse,No,"1,002",x',
        "201,P2,C1,Physical Abuse (PHY),neg,yes,2,y",
      ].join("\n"),
    );
    const contacts = write(
      "ssd_contacts",
      [
        "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code",
        "K1,C1,02/05/2024,Police",
      ].join("\n"),
    );
    const r = await readSsdTables([episodes, plans, contacts], { laCode: "999" });
    assert.deepEqual(
      r.rows.ssd_cla_episodes!.map((e) => [
        e.la_code,
        e.clae_cla_episode_start_date,
        e.clae_cla_episode_start_reason,
        e.clae_cla_episode_ceased_date,
        e.clae_cla_episode_ceased_reason,
        e.clae_cla_primary_need_code,
      ]),
      [
        ["999", "2024-04-01", "S", "2024-06-01", "E11", "N1"],
        ["999", "2024-06-01", "P", null, "E4A", "N1"],
        ["999", "2024-07-01", "S", null, "Went to live on the moon", "N2"],
      ],
    );
    assert.deepEqual(
      r.rows.ssd_cp_plans!.map((p) => [
        p.la_code,
        p.cppl_cp_plan_initial_category,
        p.cppl_cp_plan_latest_category,
        p.cppl_cp_plan_ola,
        p.cppl_number_of_previous_cpp,
      ]),
      [
        ["201", "NEG", "EMO", "N", 1002],
        ["201", "PHY", "NEG", "Y", 2],
      ],
    );
    assert.equal(r.rows.ssd_contacts![0]!.cont_contact_source_code, "6");
    const where = (rule: string) =>
      r.issues
        .filter((i) => i.rule === rule)
        .map((i) => [i.file.slice(i.file.lastIndexOf("/") + 1), i.row, i.column, i.value]);
    assert.deepEqual(where("SSD_CODE"), [
      ["ssd_cla_episodes.csv", 4, "clae_cla_episode_ceased_reason", "Went to live on the moon"],
    ]);
    assert.deepEqual(where("SSD_UNKNOWN_COLUMN"), [["ssd_cp_plans.csv", 1, "Local_Notes", "Local_Notes"]]);
    assert.equal(r.rows.ssd_cla_episodes![0]!._row, 2);
  });

  it("drops a row with an invalid date, reports numbers it cannot read", async () => {
    const f = write(
      "ssd_professionals",
      [
        "la_code,prof_professional_id,prof_professional_caseload,prof_full_time_equivalency",
        "201,W1,many,0.8",
        "201,W2,12,1",
      ].join("\n"),
    );
    const g = write(
      "ssd_missing",
      [
        "la_code,miss_table_id,miss_person_id,miss_missing_episode_start_date",
        "201,M1,C1,31/02/2024",
        "201,M2,C1,1/2/24",
        "201,M3,C1,2024-02-29",
      ].join("\n"),
    );
    const r = await readSsdTables([f, g]);
    assert.deepEqual(
      r.rows.ssd_professionals!.map((p) => [
        p.prof_professional_id,
        p.prof_professional_caseload,
        p.prof_full_time_equivalency,
      ]),
      [
        ["W1", null, 0.8],
        ["W2", 12, 1],
      ],
    );
    assert.deepEqual(
      r.rows.ssd_missing!.map((m) => m.miss_table_id),
      ["M3"],
    );
    assert.deepEqual(
      r.issues
        .filter((i) => i.rule !== "SSD_MISSING_COLUMN")
        .map((i) => [i.severity, i.rule, i.row, i.value]),
      [
        ["warning", "SSD_NUMBER", 2, "many"],
        ["error", "SSD_DATE", 2, "31/02/2024"],
        ["error", "SSD_DATE", 3, "1/2/24"],
      ],
    );
  });
});

describe("SSD reader: bad input", () => {
  it("finds the table from the file name", () => {
    assert.equal(tableForFile("/x/ssd_cla_episodes.csv")?.name, "ssd_cla_episodes");
    assert.equal(tableForFile("/x/SSD_CLA_EPISODES_2025.CSV")?.name, "ssd_cla_episodes");
    assert.equal(tableForFile("/x/ssdx_care_leaver_contacts.parquet")?.name, "ssdx_care_leaver_contacts");
    assert.equal(tableForFile("/x/ssd_cla_episodesx.csv"), undefined);
  });

  it("gives one error and no rows for each unreadable file", async () => {
    const cases: [string, string | Uint8Array, string, string?][] = [
      ["ssd_person", "", "SSD_EMPTY"],
      ["ssd_person", "\n \n", "SSD_EMPTY"],
      ["ssd_person", Buffer.from("%PDF-1.4\n1 0 obj\n", "latin1"), "SSD_NOT_CSV"],
      ["ssd_person", "pers_sex,pers_dob\nM,2020-01-01\n", "SSD_NO_KEY"],
      ["ssd_person", "pers_person_id,pers_dob\nC1,2020-01-01\n", "SSD_NO_LA"],
      ["ssd_person", 'la_code,pers_person_id\n201,"C1\n', "SSD_CSV"],
      ["notes", "a,b\n1,2\n", "SSD_UNKNOWN_TABLE"],
      ["ssd_person", "not parquet at all", "SSD_PARQUET", "parquet"],
    ];
    for (const [table, content, rule, ext] of cases) {
      assertFatal(await readSsdTables([write(table, content, ext)]), rule);
    }
    assertFatal(await readSsdTables([join(dir, "nope", "ssd_person.csv")]), "SSD_READ");
  });

  it("reads UTF-16 and Windows-1252", async () => {
    const text = "la_code\tpers_person_id\tpers_sex\r\n201\tZoë\tFemale\r\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const cp = Buffer.from(text, "latin1");
    for (const bytes of [le, cp]) {
      const r = await readSsdTables([write("ssd_person", bytes)]);
      assert.deepEqual(
        r.rows.ssd_person!.map((p) => [p.pers_person_id, p.pers_sex]),
        [["Zoë", "F"]],
      );
    }
  });

  it("never rejects on random bytes or mutated exports", async () => {
    const source = Buffer.from(
      'la_code,cine_referral_id,cine_person_id,cine_referral_date,cine_referral_source_code\n201,R1,C1,2024-05-01,"Police"\n',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 1000 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }),
        fc.boolean(),
        async (random, edits, useRandom) => {
          const bytes = useRandom ? Buffer.from(random) : Buffer.from(source);
          if (!useRandom) for (const [at, b] of edits) bytes[at % bytes.length] = b;
          const r = await readSsdTables([
            write("ssd_cin_episodes", bytes, useRandom && random.length % 2 ? "parquet" : "csv"),
          ]);
          assert.ok(Array.isArray(r.issues));
        },
      ),
      { numRuns: 60 },
    );
  });
});
