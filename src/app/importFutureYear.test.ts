/**
 * A return for a collection year that has not begun (next year's test
 * return): `import` refuses it with one line naming the file and its
 * ReferenceDate, and `validate` (readFiles) checks it against its own year
 * instead of an inverted period running back from the year's start to today.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { UserError } from "../errors/userError.ts";
import { STAGING_PREFIX } from "../ingest/ssda903/stream.ts";
import { FIXTURES_DIR } from "../testing/fixtures.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, readCoverage } from "../workspace/workspace.ts";
import { importFiles, readFiles } from "./import.ts";

const tmp = mkdtempSync(join(tmpdir(), "scorecard-future-year-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The minimal CIN census fixture moved to the census ending 31 March of `yearEnd`. */
function censusFor(yearEnd: number): string {
  const text = readFileSync(join(FIXTURES_DIR, "cin-census", "minimal_cin_2026.xml"), "utf8")
    .replace("<Year>2026</Year>", `<Year>${yearEnd}</Year>`)
    .replace("<ReferenceDate>2026-03-31</ReferenceDate>", `<ReferenceDate>${yearEnd}-03-31</ReferenceDate>`);
  const path = join(tmp, `cin_census_${yearEnd}.xml`);
  writeFileSync(path, text);
  return path;
}

// The census two years on from today's year has always yet to begin: it starts on 1 April of next year.
const today = new Date().toISOString().slice(0, 10);
const future = Number(today.slice(0, 4)) + 2;

/** A workspace of LA 201 with a population for every year up to the future one. */
async function newWorkspace(dir: string) {
  const population: Record<number, number> = {};
  for (let y = 2016; y <= future; y++) population[y] = 50_000;
  await initWorkspace(dir, starterSettings("Test Council", "201", population));
  return openWorkspace(dir);
}

describe("a return for a collection year that has not begun", () => {
  it("is refused by import, naming the file and its ReferenceDate, with nothing imported", async () => {
    const dir = join(tmp, "ws");
    const ws = await newWorkspace(dir);
    try {
      const path = censusFor(future);
      await assert.rejects(
        importFiles(ws, [path]),
        (e: unknown) =>
          e instanceof UserError &&
          e.message ===
            `CIN census cin_census_${future}.xml: ReferenceDate ${future}-03-31 is of a year that has not begun (today is ${today}): a return is imported once its year is under way (\`scorecard validate\` checks it now); nothing was imported`,
      );
      assert.deepEqual(await readCoverage(ws.db), []);
    } finally {
      ws.close();
    }
  });

  it("is refused by the streamed SSDA903 import too, when --collection-year names a year not begun", async () => {
    const dir = join(tmp, "ws-903");
    const ws = await newWorkspace(dir);
    try {
      const path = join(FIXTURES_DIR, "ssda903", "episodes.csv");
      // A killed import's staging folder, which the next streamed import clears.
      mkdirSync(join(dir, `${STAGING_PREFIX}killed`));
      await assert.rejects(
        importFiles(ws, [path], { collectionYear: future }),
        (e: unknown) =>
          e instanceof UserError &&
          e.message ===
            `SSDA903 episodes.csv: collection year ${future - 1}-04-01 to ${future}-03-31 is of a year that has not begun (today is ${today}): a return is imported once its year is under way (\`scorecard validate\` checks it now); nothing was imported`,
      );
      assert.deepEqual(await readCoverage(ws.db), []);
      // The staging spills (if at all) under the workspace's folder; nothing of it, or of the killed import's, is left.
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.startsWith(STAGING_PREFIX)),
        [],
      );
    } finally {
      ws.close();
    }
  });

  it("a 903 whose year, not given, would be inferred from dates after today covers the year under way, on both paths", async () => {
    // The year under way ends next 31 March; `future` (two on) starts after today.
    const yearEnd = Number(today.slice(0, 4)) + (today.slice(5) >= "04-01" ? 1 : 0);
    const folder = join(tmp, "903-after-today");
    mkdirSync(folder);
    const path = join(folder, "episodes.csv");
    // child 1 came into care on 1 April of the year under way; child 2's episode is dated 1 June of the year before `future`
    writeFileSync(
      path,
      [
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
        `566910,01/04/${yearEnd - 1},S,C2,N3,U1,PR1,,X1,,,,`,
        `566911,01/06/${future - 1},S,C2,N3,U1,PR1,,X1,,,,`,
      ].join("\n"),
    );
    for (const whole of [false, true]) {
      const ws = await newWorkspace(join(tmp, `ws-903-after-today-${whole}`));
      try {
        const r = await importFiles(ws, [path], { ssda903: { whole }, recompute: false });
        assert.deepEqual(
          r.issues.filter((i) => i.rule === "SSDA903_YEAR_AFTER_TODAY").map((i) => [i.file, i.message]),
          [
            [
              path,
              `no collection year was given and the files hold dates after today (${today}), which name the year ${future - 1}-04-01 to ${future}-03-31, not begun: the import covers the year under way, ${yearEnd - 1}-04-01 to ${today}; check those dates, or give --collection-year`,
            ],
          ],
          whole ? "read whole" : "streamed",
        );
        // 1 April of the year under way to today: never a period that ends before it starts
        assert.deepEqual(
          await readCoverage(ws.db),
          [{ laCode: "201", dataFrom: `${yearEnd - 1}-04-01`, dataTo: today }],
          whole ? "read whole" : "streamed",
        );
      } finally {
        ws.close();
      }
    }
  });

  it("is read by validate for its own year, 1 April to 31 March, not back to today", async () => {
    const read = await readFiles([censusFor(future)], { laCode: "201" });
    assert.deepEqual(read.period, { from: `${future - 1}-04-01`, to: `${future}-03-31` });
    assert.equal(read.notBegun?.length, 1);
  });

  it("a year under way still covers 1 April to today", async () => {
    // The census ending next 31 March (this year's if today is before 1 April) began on the 1 April before it.
    const yearEnd = Number(today.slice(0, 4)) + (today.slice(5) >= "04-01" ? 1 : 0);
    const read = await readFiles([censusFor(yearEnd)], { laCode: "201" });
    assert.deepEqual(read.period, { from: `${yearEnd - 1}-04-01`, to: today });
    assert.equal(read.notBegun, undefined);
  });
});
