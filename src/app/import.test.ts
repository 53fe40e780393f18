import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { query } from "../db/database.ts";
import { TABLES } from "../model/tables.ts";
import { loadGenerated } from "../synth/load.ts";
import { FIXTURES_DIR } from "../testing/fixtures.ts";
import { starterSettings } from "../workspace/settings.ts";
import {
  initWorkspace,
  openWorkspace,
  readCoverage,
  setCoverage,
  type Workspace,
} from "../workspace/workspace.ts";
import { computeWorkspace } from "./compute.ts";
import { importFiles, listImports, undoImport } from "./import.ts";

const FIXTURES = FIXTURES_DIR;
const BIN = join(import.meta.dirname, "..", "..", "bin", "scorecard.js");
const tmp = mkdtempSync(join(tmpdir(), "scorecard-import-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const POPULATION: Record<number, number> = { 2016: 50_000 };
for (let y = 2016; y <= 2028; y++) POPULATION[y] = 50_000;
let n = 0;
async function newWorkspace(la = "999"): Promise<{ ws: Workspace; dir: string }> {
  const dir = join(tmp, `ws${++n}`);
  await initWorkspace(dir, starterSettings("Test Council", la, POPULATION));
  return { ws: await openWorkspace(dir), dir };
}

/** Row counts of every canonical and ledger table, to show a failed import changed nothing. */
async function snapshot(ws: Workspace): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [...TABLES.map((x) => x.name), "imports", "import_files", "import_rows", "cfg_coverage"]) {
    out[t] = Number((await query(ws.db, `SELECT count(*) AS n FROM ${t}`))[0]?.n);
  }
  return out;
}

const added = (r: { counts: Record<string, { added: number }> }, table: string) =>
  r.counts[table]?.added ?? 0;

describe("importing the fixtures", () => {
  let ws: Workspace;
  before(async () => {
    ws = (await newWorkspace()).ws;
  });
  after(() => ws.close());

  it("imports the CIN census, then the Annex A, then the SSDA903 CSVs, counting children and records", async () => {
    // grep -c "<Child>" fake_CIN_data.xml → 332; grep -c "<CINdetails>" → 402
    const cin = await importFiles(ws, [join(FIXTURES, "cin-census", "fake_CIN_data.xml")], {
      recompute: false,
    });
    assert.equal(cin.id, 1);
    assert.equal(added(cin, "ssd_person"), 332);
    assert.equal(added(cin, "ssd_cin_episodes"), 402);
    assert.deepEqual(cin.coverage, { from: "2021-04-01", to: "2022-03-31" }, "the 2022 collection year");
    // Annex A list sheets: 48 distinct children over lists 1–11; list 1 has 5 contacts (5 data rows).
    const annex = await importFiles(ws, [join(FIXTURES, "annex-a")], { recompute: false });
    assert.equal(annex.id, 2);
    assert.equal(annex.counts.ssd_person?.read, 48);
    assert.equal(added(annex, "ssd_contacts"), 5);
    // Two validation errors on List 8 row 5 (DfE 903 rule 302 and the product's before-birth check):
    // that looked-after record (episode, placement, legal status …) is rejected, the child kept.
    assert.equal(annex.errors, 2);
    assert.deepEqual(annex.counts.ssd_cla_episodes, { read: 5, added: 4, duplicate: 0, rejected: 1 });
    // The 903 CSVs: header.csv has 2,675 data rows (wc -l header.csv → 2676); episodes.csv 5,050 (wc -l → 5051).
    const csvs = readdirSync(join(FIXTURES, "ssda903"))
      .filter((f) => f.endsWith(".csv"))
      .map((f) => join(FIXTURES, "ssda903", f));
    const ssda = await importFiles(ws, csvs, { recompute: false, collectionYear: 2022 });
    assert.equal(ssda.counts.ssd_person?.read, 2675);
    assert.equal(ssda.counts.ssd_cla_episodes?.read, 5050);
    assert.equal(
      added(ssda, "ssd_person") + (ssda.counts.ssd_person?.duplicate ?? 0),
      2675,
      "every child is added or matched to one already held",
    );
    const people = await query(ws.db, "SELECT count(*) AS n FROM ssd_person");
    assert.equal(Number(people[0]?.n), 332 + 48 + added(ssda, "ssd_person"));
    const episodes = await query(ws.db, "SELECT count(*) AS n FROM ssd_cla_episodes");
    assert.equal(Number(episodes[0]?.n), 4 + 5050);
    assert.deepEqual(
      (await readCoverage(ws.db))[0],
      { laCode: "999", dataFrom: "2020-09-16", dataTo: "2022-03-31" },
      "coverage widened to the Annex A's earliest contact",
    );
  });

  it("imports the CIN census with errors and the minimal 2026 census without crashing", async () => {
    const bad = await importFiles(ws, [join(FIXTURES, "cin-census", "CIN_Census_2024_with_errors.xml")], {
      recompute: false,
    });
    assert.ok(bad.issues.length > 0, "its deliberate errors are reported");
    assert.equal(bad.counts.ssd_person?.read, 2);
    const minimal = await importFiles(ws, [join(FIXTURES, "cin-census", "minimal_cin_2026.xml")], {
      recompute: false,
    });
    assert.equal(added(minimal, "ssd_person"), 1);
    assert.equal(added(minimal, "ssd_cp_plans"), 1);
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await snapshot(ws);
    const again = await importFiles(ws, [join(FIXTURES, "cin-census", "fake_CIN_data.xml")], {
      recompute: false,
    });
    assert.equal(again.id, undefined);
    assert.equal(again.alreadyImported.length, 1);
    assert.deepEqual(await snapshot(ws), before);
  });

  it("undoes one import, keeping rows another import also brought, and allows importing it again", async () => {
    const list = await listImports(ws);
    assert.deepEqual(
      list.map((i) => i.formats),
      ["cin", "annex-a", "903", "cin", "cin"],
    );
    assert.equal(list[0]!.files[0]!.sha256.length, 64);
    const before = await snapshot(ws);
    const { removed } = await undoImport(ws, 2, { recompute: false });
    assert.equal(removed.ssd_contacts, 5);
    const after = await snapshot(ws);
    assert.equal(after.ssd_contacts, before.ssd_contacts! - 5);
    assert.equal(after.ssd_cla_episodes, before.ssd_cla_episodes! - 4);
    assert.deepEqual(
      (await readCoverage(ws.db))[0]?.dataFrom,
      "2021-04-01",
      "coverage no longer reaches back to the Annex A",
    );
    await assert.rejects(undoImport(ws, 2), /already undone/);
    await assert.rejects(undoImport(ws, 99), /no import 99/);
    const redo = await importFiles(ws, [join(FIXTURES, "annex-a", "Annex_A_2024_Jan.xlsx")], {
      recompute: false,
    });
    assert.equal(added(redo, "ssd_contacts"), 5);
  });
});

describe("bad input leaves the workspace exactly as it was", () => {
  let ws: Workspace;
  const bad = join(tmp, "bad");
  before(async () => {
    ws = (await newWorkspace()).ws;
    await importFiles(ws, [join(FIXTURES, "cin-census", "minimal_cin_2026.xml")], { recompute: false });
    mkdirSync(bad, { recursive: true });
  });
  after(() => ws.close());

  const xml = `<?xml version="1.0"?><Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year></CollectionDetails></Header><Children><Child><ChildIdentifiers><LAchildID>X1</LAchildID>`;
  const cases: [string, string | Uint8Array, RegExp][] = [
    ["empty.csv", "", /is empty/],
    ["report.xlsx", "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", /PDF/],
    [
      "truncated.xlsx",
      new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0, 8, 0, 0x78, 0x6c, 0x2f]),
      /corrupt|cannot be read|not/,
    ],
    ["truncated_cin.xml", xml, /malformed or cut short|nothing was imported/],
    ["header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n", /no records|nothing was imported/],
    ["unknown.csv", "foo,bar,baz\n1,2,3\n", /match no SSDA903 file/],
    [
      "random.bin",
      new Uint8Array([0, 1, 2, 3, 255, 254, 0, 0, 7, 9, 1, 0, 0, 0, 3]),
      /not a recognised|nothing was imported/,
    ],
    ["other.xml", "<?xml version='1.0'?><Invoice><Total>3</Total></Invoice>", /neither a CIN census/],
  ];
  for (const [name, content, pattern] of cases) {
    it(`refuses ${name} in one line`, async () => {
      const path = join(bad, name);
      writeFileSync(path, content);
      const before = await snapshot(ws);
      await assert.rejects(importFiles(ws, [path], { recompute: false }), (e: Error) => {
        assert.equal(e.name, "UserError");
        assert.match(e.message, pattern);
        assert.equal(e.message.split("\n").length, 1);
        return true;
      });
      assert.deepEqual(await snapshot(ws), before);
    });
  }

  it("refuses a whole set when one named file is bad, loading none of it", async () => {
    const before = await snapshot(ws);
    await assert.rejects(
      importFiles(ws, [join(FIXTURES, "cin-census", "fake_CIN_data.xml"), join(bad, "report.xlsx")], {
        recompute: false,
      }),
      /PDF/,
    );
    assert.deepEqual(await snapshot(ws), before);
  });

  it("names the row, column and value of a 903 record whose date does not exist, on both import paths", async () => {
    const dir = join(bad, "invalid-date");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "episodes.csv");
    // one record; row 2 of the file (row 1 is the header); February 2025 has 28 days
    writeFileSync(
      path,
      "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n566910,31/02/2025,S,C2,N3,T2,PR0,,X1,,,,4244474\n",
    );
    const before = await snapshot(ws);
    for (const whole of [false, true]) {
      await assert.rejects(
        importFiles(ws, [path], { recompute: false, ssda903: { whole } }),
        (e: Error) =>
          e.name === "UserError" &&
          e.message ===
            `${path}, row 2, column DECOM, value "31/02/2025": DECOM "31/02/2025" is not a valid date: there is no day 31 in that month; the episode was not imported; no valid records remain in ${path}, so nothing was imported`,
        whole ? "read whole" : "streamed",
      );
      assert.deepEqual(await snapshot(ws), before);
    }
  });

  it("refuses a header-only SSD table forced with --as ssd", async () => {
    const path = join(bad, "ssd_contacts.csv");
    writeFileSync(path, "la_code,cont_contact_id,cont_person_id,cont_contact_date\n");
    const before = await snapshot(ws);
    await assert.rejects(importFiles(ws, [path], { as: "ssd", recompute: false }), /no records|nothing/);
    assert.deepEqual(await snapshot(ws), before);
  });
});

describe("round trip: a synthetic council exported as SSD tables and imported gives the same figures", () => {
  it("matches every indicator value", async () => {
    const { ws: a } = await newWorkspace("998");
    const summary = await loadGenerated(a.db, {
      seed: 7,
      population: 4000,
      years: 1,
      endDate: "2024-03-31",
      laCode: "998",
    });
    await setCoverage(a.db, { laCode: "998", dataFrom: summary.dataFrom, dataTo: summary.dataTo });
    await computeWorkspace(a);
    const out = join(tmp, "export");
    mkdirSync(out);
    for (const t of TABLES) {
      const path = join(out, `${t.name}.csv`).replace(/'/g, "''");
      await a.db.connection.run(
        `COPY (SELECT * FROM ${t.name} ORDER BY la_code, ${t.key}) TO '${path}' (HEADER, DELIMITER ',', DATEFORMAT '%Y-%m-%d')`,
      );
    }
    const { ws: b } = await newWorkspace("998");
    const result = await importFiles(b, [out], { as: "ssd", recompute: false });
    assert.equal(result.errors, 0, JSON.stringify(result.issues.slice(0, 3)));
    for (const t of TABLES) {
      const [x, y] = await Promise.all([a, b].map((w) => query(w.db, `SELECT count(*) AS n FROM ${t.name}`)));
      assert.equal(y![0]?.n, x![0]?.n, `${t.name} row count`);
      assert.equal(result.counts[t.name]?.added ?? 0, Number(x![0]?.n), `${t.name} all added`);
    }
    await setCoverage(b.db, { laCode: "998", dataFrom: summary.dataFrom, dataTo: summary.dataTo });
    await computeWorkspace(b);
    const values = (w: Workspace) =>
      query(
        w.db,
        "SELECT indicator, period_type, period_start, period_end, numerator, denominator, value FROM indicator_values ORDER BY ALL",
      );
    const [va, vb] = [await values(a), await values(b)];
    assert.ok(va.length > 100, `values computed (${va.length})`);
    assert.deepEqual(vb, va);
    a.close();
    b.close();
  });
});

describe("the import, validate and imports commands", () => {
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("imports, lists, refuses bad files in one line, validates and undoes", async () => {
    const dir = join(tmp, "cli-ws");
    assert.equal(run("init", dir, "--name", "T", "--la-code", "975", "--population", "50000").code, 0);
    const file = join(tmp, "cin copy.xml");
    copyFileSync(join(FIXTURES, "cin-census", "fake_CIN_data.xml"), file);
    const imported = run("import", "--dir", dir, file);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /ssd_person\s+332\s+332\s+0\s+0/);
    assert.match(imported.out, /Validation report: .*validation[/\\]1\.html/);
    assert.ok(existsSync(join(dir, "validation", "1.xlsx")));
    assert.match(run("import", "--dir", dir, file).out, /Already imported/);

    const pdf = join(tmp, "scan.xlsx");
    writeFileSync(pdf, "%PDF-1.4\n");
    for (const args of [
      ["import", "--dir", dir, pdf],
      ["import", "--dir", dir, join(tmp, "nothing-here.xml")],
      ["import", "--dir", dir, "--as", "pdf", file],
    ]) {
      const r = run(...args);
      assert.notEqual(r.code, 0);
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }

    const listed = run("imports", "--dir", dir);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /cin copy\.xml/);
    assert.match(listed.out, /[0-9a-f]{64}/);

    const out = join(tmp, "report");
    const valid = run("validate", join(FIXTURES, "cin-census", "minimal_cin_2026.xml"), "--out", out);
    assert.equal(valid.code, 0, valid.err);
    assert.ok(readdirSync(out).some((f) => f.endsWith(".xlsx")));
    assert.notEqual(run("validate", pdf, "--out", out).code, 0);

    const undone = run("imports", "--dir", dir, "--undo", "1");
    assert.equal(undone.code, 0, undone.err);
    assert.match(undone.out, /Import 1 undone: \d+ rows removed/);
  });
});

describe("a collection year under way", () => {
  it("covers its year only up to today: the later month ends hold no data yet", async () => {
    const { ws } = await newWorkspace();
    try {
      const today = new Date().toISOString().slice(0, 10);
      // the collection year holding today: from the latest 1 April on or before it
      const start = `${Number(today.slice(0, 4)) - (today.slice(5) < "04-01" ? 1 : 0)}-04-01`;
      const dir = join(tmp, "903-under-way");
      mkdirSync(dir);
      const dmy = `${start.slice(8)}/${start.slice(5, 7)}/${start.slice(0, 4)}`;
      writeFileSync(
        join(dir, "episodes.csv"),
        `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nA1,${dmy},S,C2,N1,U4,PR1,,,,,,\n`,
      );
      const r = await importFiles(ws, [dir], { recompute: false });
      assert.deepEqual(r.coverage, { from: start, to: today });
    } finally {
      ws.close();
    }
  });
});
