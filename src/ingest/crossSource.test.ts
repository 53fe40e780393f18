/**
 * Cross-source validation through the import: the product's own rules over
 * a child's records from a CIN census and an SSDA903 return together, in one
 * import and across imports, reporting only what no source alone shows.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import { importFiles, readFiles } from "../app/import.ts";
import { sharedFixture } from "../testing/fixtures.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, type Workspace } from "../workspace/workspace.ts";
import type { Issue } from "./issues.ts";
import { CROSS_SOURCE_NOTE } from "./validate/crossSource.ts";

const tmp = tempFiles("scorecard-cross-", "csv");
const POPULATION: Record<number, number> = {};
for (let y = 2016; y <= 2028; y++) POPULATION[y] = 50_000;

async function workspace(): Promise<Workspace> {
  const dir = tmp.next("ws");
  await initWorkspace(dir, starterSettings("Test Council", "201", POPULATION));
  return openWorkspace(dir);
}

/** The minimal CIN census (child C0001, LA 201), the child dying on 1 August 2025. */
function census(): string {
  const xml = readFileSync(sharedFixture("cin-census", "minimal_cin_2026.xml"), "utf8").replace(
    "<Sex>F</Sex>",
    "<Sex>F</Sex>\n        <PersonDeathDate>2025-08-01</PersonDeathDate>",
  );
  const path = tmp.next("xml");
  writeFileSync(path, xml);
  return path;
}

/** An SSDA903 header and episodes file: C0001 comes into care on `decom`. */
function ssda903(decom: string): { header: string; episodes: string } {
  const header = tmp.path(`header-${decom.replace(/\//g, "")}.csv`);
  const episodes = tmp.path(`episodes-${decom.replace(/\//g, "")}.csv`);
  writeFileSync(header, "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC0001,2,01/05/2022,WBRI,,,\n");
  writeFileSync(
    episodes,
    `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nC0001,${decom},S,C2,N1,U1,PR1,,,,,,\n`,
  );
  return { header, episodes };
}

const afterDeath = (issues: Issue[]) => issues.filter((i) => i.rule === "PRD-AFTER-DEATH");
const cross = (issues: Issue[]) => issues.filter((i) => i.message.includes(CROSS_SOURCE_NOTE));
const where = (i: Issue) => [i.file, i.row ?? i.line, i.column, i.value];

describe("cross-source validation", () => {
  it("a census's death date and a 903 episode after it, in one import: reported once, located in the 903", async () => {
    const ws = await workspace();
    try {
      const cin = census();
      const { header, episodes } = ssda903("01/10/2025");
      const r = await importFiles(ws, [cin, header, episodes], { recompute: false, collectionYear: 2026 });
      const found = afterDeath(r.issues);
      // Per source, the census alone: its CP review of 2025-09-15 (grep -n '<CPPreviewDate>' → line 40, 41 below the added death date) is after the death.
      assert.deepEqual(found.filter((i) => !cross([i]).length).map(where), [
        [cin, 41, "CPPreviewDate", "2025-09-15"],
      ]);
      // Across sources: the episode, its placement and its legal status, all read from episodes.csv row 2.
      assert.deepEqual(cross(found).map(where), [
        [episodes, 2, "DECOM", "2025-10-01"],
        [episodes, 2, "DECOM", "2025-10-01"],
        [episodes, 2, "DECOM", "2025-10-01"],
      ]);
      assert.match(cross(found)[0]!.message, /CIN census .* and SSDA903 /);
      assert.equal(cross(r.issues).length, 3, "nothing else is reported across sources");
    } finally {
      ws.close();
    }
  });

  it("the census already in the workspace, the 903 imported later: the workspace's own issue is not repeated", async () => {
    const ws = await workspace();
    try {
      const first = await importFiles(ws, [census()], { recompute: false });
      assert.equal(afterDeath(first.issues).length, 1);
      const { header, episodes } = ssda903("01/10/2025");
      const r = await importFiles(ws, [header, episodes], { recompute: false, collectionYear: 2026 });
      assert.deepEqual(afterDeath(r.issues).map(where), [
        [episodes, 2, "DECOM", "2025-10-01"],
        [episodes, 2, "DECOM", "2025-10-01"],
        [episodes, 2, "DECOM", "2025-10-01"],
      ]);
      assert.match(afterDeath(r.issues)[0]!.message, /the workspace and SSDA903 /);
      assert.equal(r.counts.ssd_cla_episodes?.added, 1, "the records are kept");
    } finally {
      ws.close();
    }
  });

  it("stays quiet when the sources agree (care began before the death)", async () => {
    const ws = await workspace();
    try {
      const { header, episodes } = ssda903("01/07/2025");
      const r = await importFiles(ws, [census(), header, episodes], {
        recompute: false,
        collectionYear: 2026,
      });
      assert.deepEqual(cross(r.issues), []);
      assert.equal(afterDeath(r.issues).length, 1, "only the census's own review");
    } finally {
      ws.close();
    }
  });

  it("validate (no workspace) reports the same across its files", async () => {
    const { header, episodes } = ssda903("01/10/2025");
    const r = await readFiles([census(), header, episodes], { laCode: "201", collectionYear: 2026 });
    assert.equal(cross(r.issues).length, 3);
  });
});
