import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { query } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { loadGenerated } from "../synth/load.ts";
import { FIXTURES_DIR } from "../testing/fixtures.ts";
import { type SettingsInput, starterSettings } from "../workspace/settings.ts";
import {
  initWorkspace,
  openWorkspace,
  readCoverage,
  setCoverage,
  type Workspace,
} from "../workspace/workspace.ts";
import { computeWorkspace } from "./compute.ts";
import {
  demoRegion,
  generateParams,
  loadRegionCouncil,
  type RegionParams,
  regionSettings,
} from "./demoRegion.ts";
import { importFiles, listImports, undoImport } from "./import.ts";

const tmp = mkdtempSync(join(tmpdir(), "scorecard-councils-"));
const BIN = join(import.meta.dirname, "..", "..", "bin", "scorecard.js");

/** Runs the command line in a child process. */
function scorecard(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
after(() => rmSync(tmp, { recursive: true, force: true }));

const YEARS: Record<string, number> = {};
for (let y = 2016; y <= 2027; y++) YEARS[`${y}-${String((y + 1) % 100).padStart(2, "0")}`] = 50_000;

/** One council's figures, every column, in a fixed order: compared as text, byte for byte. */
async function figures(ws: Workspace, la: string): Promise<string> {
  const rows = await query(
    ws.db,
    `SELECT indicator, period_type, strftime(period_start, '%Y-%m-%d') AS start,
       strftime(period_end, '%Y-%m-%d') AS end, numerator, denominator, value
     FROM indicator_values WHERE la_code = $1 ORDER BY ALL`,
    [la],
  );
  return rows.map((r) => JSON.stringify(r)).join("\n");
}

async function expectUserError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof UserError && pattern.test(e.message));
}

describe("two councils in one workspace, imported from CIN censuses", () => {
  let ws: Workspace;
  let dir: string;
  let fileA: string;
  let fileB: string;
  before(async () => {
    dir = join(tmp, "two");
    const settings: SettingsInput = {
      councils: [
        { name: "Council A", laCode: "975", population: YEARS },
        { name: "Council B", laCode: "201", population: YEARS },
      ],
    };
    await initWorkspace(dir, settings);
    ws = await openWorkspace(dir, { allCouncils: true });
    const census = readFileSync(join(FIXTURES_DIR, "cin-census", "fake_CIN_data.xml"), "utf8");
    assert.match(census, /<LEA>975<\/LEA>/);
    fileA = join(tmp, "census-975.xml");
    fileB = join(tmp, "census-201.xml");
    writeFileSync(fileA, census);
    // the same children (the same LAchildIDs), under council B's LA code
    writeFileSync(fileB, census.replace("<LEA>975</LEA>", "<LEA>201</LEA>"));
  });
  after(() => ws.close());

  it("refuses a file whose header names another council than --council, and files naming no council", async () => {
    await expectUserError(
      importFiles(ws, [fileA], { council: "201" }),
      /census-975\.xml: the file names LA 975 \(census header, Header\/Source\/LEA\), not LA 201 as --council says; nothing was imported/,
    );
    await expectUserError(
      importFiles(ws, [join(FIXTURES_DIR, "ssda903", "episodes.csv")]),
      /the files do not name their council .*--council LA \(the workspace's councils: 975 Council A, 201 Council B\)/,
    );
    await expectUserError(importFiles(ws, [fileA, fileB]), /the files are of 2 councils/);
    await expectUserError(
      importFiles(ws, [fileA], { council: "372" }),
      /--council 372: not a council of the workspace/,
    );
    assert.equal((await listImports(ws)).length, 0, "nothing was imported");
  });

  let aAlone = "";
  it("keeps two councils' children apart when they use the same child ids", async () => {
    const a = await importFiles(ws, [fileA]);
    assert.equal(a.recomputeError, undefined);
    aAlone = await figures(ws, "975");
    assert.ok(aAlone.length > 0, "council A has figures");
    const b = await importFiles(ws, [fileB]);
    assert.equal(b.recomputeError, undefined);
    // 332 children in the census, each held once per council
    const people = await query(ws.db, "SELECT la_code, count(*) AS n FROM ssd_person GROUP BY 1 ORDER BY 1");
    assert.deepEqual(
      people.map((r) => [r.la_code, Number(r.n)]),
      [
        ["201", 332],
        ["975", 332],
      ],
    );
    const shared = await query(
      ws.db,
      `SELECT count(*) AS n FROM ssd_person a JOIN ssd_person b USING (pers_person_id)
       WHERE a.la_code = '975' AND b.la_code = '201'`,
    );
    assert.equal(Number(shared[0]?.n), 332, "every child id is used by both councils");
    assert.equal(b.counts.ssd_person?.added, 332, "none of B's children was matched to A's");
    assert.equal(await figures(ws, "975"), aAlone, "B's import left A's figures byte-identical");
    assert.equal(await figures(ws, "201"), aAlone, "the same children give B the same figures as A");
    assert.deepEqual(
      (await listImports(ws)).map((i) => [i.id, i.laCode]),
      [
        [1, "975"],
        [2, "201"],
      ],
    );
    assert.deepEqual(
      (await readCoverage(ws.db)).map((c) => c.laCode),
      ["201", "975"],
    );
  });

  it("undoes one council's import and recomputes without changing the other's figures", async () => {
    const { removed } = await undoImport(ws, 2);
    assert.equal(removed.ssd_person, 332);
    assert.equal(await figures(ws, "975"), aAlone);
    assert.equal(await figures(ws, "201"), "", "B has no figures left");
    assert.deepEqual(
      (await readCoverage(ws.db)).map((c) => c.laCode),
      ["975"],
    );
    await computeWorkspace(ws);
    assert.equal(await figures(ws, "975"), aAlone, "a recompute leaves A's figures byte-identical");
  });

  it("chooses a council for the commands that read figures: --council, else an error listing them", async () => {
    await expectUserError(
      openWorkspace(dir, { readOnly: true }),
      /holds 2 councils: choose one with --council LA \(975 Council A, 201 Council B\)/,
    );
    const b = await openWorkspace(dir, { readOnly: true, council: "201" });
    try {
      assert.deepEqual(b.settings.council, { name: "Council B", laCode: "201" });
      assert.deepEqual(b.settings.population, YEARS);
    } finally {
      b.close();
    }
  });
});

describe("a single-council workspace still defaults to its council", () => {
  it("imports a census naming another LA under the workspace's council, with the reader's warning", async () => {
    const dir = join(tmp, "one");
    await initWorkspace(dir, starterSettings("Solo", "999", { 2021: 50_000, 2022: 50_000 }));
    const ws = await openWorkspace(dir);
    try {
      const r = await importFiles(ws, [join(FIXTURES_DIR, "cin-census", "fake_CIN_data.xml")], {
        recompute: false,
      });
      assert.ok(r.issues.some((i) => i.rule === "CIN_LA_OVERRIDE"));
      assert.deepEqual(
        (await listImports(ws)).map((i) => i.laCode),
        ["999"],
      );
    } finally {
      ws.close();
    }
  });
});

describe("a 5-council demo region computed in one pass", () => {
  const params: RegionParams = { councils: 5, seed: 3, population: 2_500, years: 1, endDate: "2025-03-31" };
  const councils = demoRegion(params);
  let region: Workspace;
  before(async () => {
    const dir = join(tmp, "region");
    await initWorkspace(dir, regionSettings(councils, params));
    region = await openWorkspace(dir, { allCouncils: true });
    for (const c of councils) await loadRegionCouncil(region, c, params);
    await computeWorkspace(region);
  });
  let closed = false;
  after(() => {
    if (!closed) region.close();
  });

  it("draws 5 councils with their own LA codes, sizes and demand", () => {
    assert.equal(new Set(councils.map((c) => c.laCode)).size, 5);
    assert.ok(new Set(councils.map((c) => c.population)).size > 1, "sizes differ");
    assert.ok(Math.min(...councils.map((c) => c.demand)) < 1, "a council below England's demand");
    assert.ok(Math.max(...councils.map((c) => c.demand)) > 1, "a council above England's demand");
  });

  it("gives each council the figures it has computed alone in its own workspace, every indicator and period", async () => {
    for (const c of councils) {
      const dir = join(tmp, `alone-${c.laCode}`);
      const one = regionSettings([c], params);
      await initWorkspace(dir, one);
      const ws = await openWorkspace(dir);
      try {
        const summary = await loadGenerated(ws.db, generateParams(c, params));
        await setCoverage(ws.db, { laCode: c.laCode, dataFrom: summary.dataFrom, dataTo: summary.dataTo });
        await computeWorkspace(ws);
        const alone = await figures(ws, c.laCode);
        assert.ok(alone.split("\n").length > 1_000, `${c.laCode} has figures`);
        assert.equal(await figures(region, c.laCode), alone, `LA ${c.laCode}`);
      } finally {
        ws.close();
      }
    }
  });

  it("gives the commands that read figures the council --council names, and an error listing them without it", async () => {
    const [first, second] = councils;
    const contacts = await query(
      region.db,
      "SELECT count(*) AS n FROM indicator_values WHERE la_code = $1 AND indicator = 'contacts'",
      [second!.laCode],
    );
    region.close();
    closed = true;
    const dir = region.dir;
    const bare = scorecard("values", "--dir", dir);
    assert.equal(bare.code, 1);
    assert.match(
      bare.err,
      /holds 5 councils: choose one with --council LA \(\d{3} .*\(synthetic data\), \d{3} /,
    );
    const values = scorecard("values", "--dir", dir, "--council", second!.laCode, "--indicator", "contacts");
    assert.equal(values.code, 0, values.err);
    // a header line, then one line per stored figure of the council
    assert.equal(values.out.trim().split("\n").length, 1 + Number(contacts[0]?.n));
    const report = scorecard("report", "--dir", dir, "--council", first!.laCode);
    assert.equal(report.code, 0, report.err);
    const path = join(dir, `report-${first!.laCode}.html`);
    assert.equal(report.out.trim(), path);
    assert.match(readFileSync(path, "utf8"), new RegExp(`${first!.name} \\(synthetic data\\)`));
  });
});
