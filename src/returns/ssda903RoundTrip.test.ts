/**
 * A council that imports the 903 this product wrote and writes it again
 * gets the same MOTHER and MC_DOB: the reader keeps MC_DOB in ssd_mother,
 * where the writer reads it, so a looked-after mother is no DfE 611.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type ImportOptions, importFiles, readFiles } from "../app/import.ts";
import { query } from "../db/database.ts";
import { loadGenerated } from "../synth/load.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace } from "../workspace/workspace.ts";
import { writeSsda903 } from "./ssda903.ts";

const LA = "999";
const root = mkdtempSync(join(tmpdir(), "scorecard-903-roundtrip-"));
after(() => rmSync(root, { recursive: true, force: true }));

const population: Record<number, number> = {};
for (let y = 1990; y <= 2035; y++) population[y] = 8_000;

/** Each year's header.csv, CHILD → MC_DOB, for every child whose MOTHER is 1. */
function mothers(out: string): Record<string, Record<string, string>> {
  const by: Record<string, Record<string, string>> = {};
  for (const f of readdirSync(out).filter((x) => x.startsWith("ssda903_"))) {
    const [head, ...lines] = readFileSync(join(out, f, "header.csv"), "utf8")
      .trim()
      .split(/\r?\n/);
    const cols = head!.split(",");
    const [c, m, d] = ["CHILD", "MOTHER", "MC_DOB"].map((x) => cols.indexOf(x));
    const year: Record<string, string> = {};
    for (const line of lines) {
      const v = line.split(",");
      if (v[m!] === "1") year[v[c!]!] = v[d!]!;
    }
    by[f] = year;
  }
  return by;
}

let first = "";
let scope = { laCode: LA, from: "", to: "" };

describe("an SSDA903 written, imported into a fresh workspace and written again", () => {
  before(async () => {
    await initWorkspace(join(root, "ws"), starterSettings("Round trip Council", LA, population));
    const ws = await openWorkspace(join(root, "ws"));
    try {
      const g = await loadGenerated(ws.db, {
        seed: 1,
        population: 8_000,
        years: 4,
        endDate: "2026-03-31",
        laCode: LA,
      });
      // The generator's few mothers (3% of girls over 15) are none of them looked after at this size: girls
      // in care become mothers here, each child born in her care, from her 15th birthday.
      await query(
        ws.db,
        `INSERT INTO ssd_mother (la_code, moth_table_id, moth_person_id, moth_childs_person_id, moth_childs_dob)
         SELECT $1, 'RT' || child, child, NULL, born FROM (
           SELECT p.pers_person_id AS child,
             greatest(p.pers_dob + INTERVAL 15 YEAR, min(e.clae_cla_episode_start_date) + 30)::DATE AS born,
             max(coalesce(e.clae_cla_episode_ceased_date, DATE '2026-03-31')) AS left_care
           FROM ssd_person p JOIN ssd_cla_episodes e ON e.la_code = p.la_code AND e.clae_person_id = p.pers_person_id
           WHERE p.la_code = $1 AND p.pers_sex = 'F' AND p.pers_person_id NOT IN (SELECT moth_person_id FROM ssd_mother)
           GROUP BY p.pers_person_id, p.pers_dob)
         WHERE born < left_care AND born BETWEEN DATE '2022-04-01' AND DATE '2026-03-01'`,
        [LA],
      );
      await query(
        ws.db,
        "UPDATE ssd_person SET pers_is_mother = 'Y' WHERE la_code = $1 AND pers_person_id IN (SELECT moth_person_id FROM ssd_mother)",
        [LA],
      );
      scope = { laCode: LA, from: g.dataFrom, to: g.dataTo };
      first = join(root, "first");
      mkdirSync(first);
      await writeSsda903(ws.db, first, scope);
    } finally {
      ws.close();
    }
  });

  for (const [how, options] of [
    ["whole", { ssda903: { whole: true } }],
    ["streamed", {}],
  ] as [string, ImportOptions][]) {
    it(`keeps every mother's MC_DOB, ${how}, and gives no DfE 611`, async () => {
      const dir = join(root, `ws-${how}`);
      await initWorkspace(dir, starterSettings("Round trip Council", LA, population));
      const ws = await openWorkspace(dir);
      const again = join(root, `again-${how}`);
      try {
        for (const f of readdirSync(first).sort()) {
          await importFiles(ws, [join(first, f)], {
            ...options,
            collectionYear: Number(f.slice(-4)),
            recompute: false,
          });
        }
        mkdirSync(again);
        await writeSsda903(ws.db, again, scope);
        const held = await query(ws.db, "SELECT count(*)::INTEGER AS n FROM ssd_mother WHERE la_code = $1", [
          LA,
        ]);
        // one row per child given MOTHER 1 with an MC_DOB in any year (counted in the first export below)
        const given = new Set(Object.values(mothers(first)).flatMap((y) => Object.keys(y)));
        assert.ok(given.size > 0, "the synthetic council has looked-after mothers");
        assert.equal(held[0]?.n, given.size);
      } finally {
        ws.close();
      }
      // the same mothers, year by year, each with her child's date of birth
      assert.deepEqual(mothers(again), mothers(first));
      for (const f of readdirSync(again).filter((x) => x.startsWith("ssda903_"))) {
        const read = await readFiles(
          readdirSync(join(again, f)).map((x) => join(again, f, x)),
          { laCode: LA, collectionYear: Number(f.slice(-4)) },
        );
        const e611 = read.issues.filter((i) => i.dfe === "error" && i.rule === "611");
        assert.deepEqual(e611, [], f);
      }
    });
  }
});
