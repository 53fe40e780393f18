import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { importBenchmarks } from "../app/benchmarks.ts";
import { createSchema, type Database, openDatabase, query } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { hasBundle, readBundle, SHIPPED_BENCHMARKS_DIR } from "./bundle.ts";
import { checkBenchmarkCouncil, seedBenchmarks } from "./shipped.ts";
import { datasetFamily, storeBenchmarks, storedSources, storedValues } from "./store.ts";

const tmp = tempFiles("shipped-benchmarks-", "parquet");

async function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(":memory:");
  await createSchema(db);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

describe("the benchmarks shipped with the product", () => {
  it("lie at data/benchmarks of the project root and name DfE's publications", () => {
    assert.match(SHIPPED_BENCHMARKS_DIR, /[/\\]data[/\\]benchmarks$/);
    assert.ok(hasBundle(), `no bundle in ${SHIPPED_BENCHMARKS_DIR}`);
    const b = readBundle();
    assert.equal(b.manifest.values.rows, b.values.length);
    assert.equal(b.manifest.neighbours.councils, b.neighbours.groups.length);
    assert.deepEqual(
      b.manifest.publications.map((p) => p.key),
      ["lait", "cin", "cla", "neighbours"],
    );
    for (const p of b.manifest.publications) {
      assert.ok(p.latestYear >= 2025, `${p.key}: ${p.release}`);
      assert.match(p.release, /^(Reporting year|\d{4} model)/);
      assert.ok(p.files.length > 0 && p.retrieved !== "" && p.url.startsWith("https://"), p.key);
    }
  });

  it("seed a workspace with every council's statistics, as LAIT gives them", async () => {
    await withDb(async (db) => {
      await seedBenchmarks(db);
      const [s] = await query(
        db,
        `SELECT * FROM bm_stats WHERE la_code = '372' AND indicator = 'rereferrals_12m_pct' AND year = 2025`,
      );
      // LAIT 2025 re-referrals: Rotherham 19.6; neighbours Barnsley 25.5, Tameside 27.7, Doncaster 29.4,
      // Wakefield 18.5, Telford 15.8, Dudley 22.5, Redcar 14.6, Sunderland 18.5, Gateshead 13.9, Durham 18.7
      // → mean 205.1 / 10 = 20.51; best (lowest) Gateshead (390) 13.9; England 22.6; Yorkshire and the Humber 21.7;
      // 153 councils, type-7 quartiles 16.9 / 20 / 23: 19.6 is above Q1 and ≤ median → B
      assert.equal(s?.value, 19.6);
      assert.ok(Math.abs(Number(s?.sn_average) - 20.51) < 1e-9, String(s?.sn_average));
      assert.equal(s?.sn_count, 10);
      assert.equal(s?.best_sn_code, "390");
      assert.equal(s?.best_sn_value, 13.9);
      assert.equal(s?.england, 22.6);
      assert.equal(s?.region, 21.7);
      assert.equal(s?.n_councils, 153);
      assert.deepEqual([s?.q1, s?.median, s?.q3, s?.quartile_band], [16.9, 20, 23, "B"]);
      const councils = await query(db, "SELECT count(DISTINCT la_code) AS n FROM bm_stats");
      assert.equal(Number(councils[0]?.n), readBundle().neighbours.groups.length);
      const sources = await storedSources(db);
      assert.ok(sources.length > 0 && sources.every((x) => x.origin === "shipped"));
      assert.ok(sources.some((x) => x.publication === "Children in need, Reporting year 2025"));
    });
  });

  it("are replaced by an import of DfE's newer files, dataset family by dataset family", async () => {
    const path = tmp.path("bds_long_0.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    await c.run(`COPY (SELECT * FROM (VALUES
        ('ReReferral', '2026', 'Rotherham', '18.0', 372.0),
        ('ReReferral', '2026', 'England', '21.0', 970.0)
      ) t("Short Desc", "Years", "LA and Regions", "Values", "LA Number")) TO '${path}' (FORMAT parquet)`);
    c.closeSync();
    instance.closeSync();
    await withDb(async (db) => {
      await seedBenchmarks(db);
      await importBenchmarks(db, [path]);
      const lait = await storedValues(db, "source = 'lait'");
      assert.deepEqual(
        lait.map((v) => [v.la_code, v.year, v.value]),
        [
          ["372", 2026, 18],
          ["england", 2026, 21],
        ],
      );
      const stat = async (year: number) =>
        (
          await query(
            db,
            `SELECT source, value, england FROM bm_stats WHERE la_code = '372' AND indicator = 'rereferrals_12m_pct' AND year = ${year}`,
          )
        )[0];
      const s = await stat(2026);
      assert.deepEqual([s?.source, s?.value, s?.england], ["lait", 18, 21]);
      // 2025 now comes from the shipped Explore Education Statistics file (c1: Rotherham 19.6, England 22.6)
      const before = await stat(2025);
      assert.deepEqual([before?.source, before?.value, before?.england], ["ees", 19.6, 22.6]);
      const sources = await storedSources(db);
      assert.deepEqual(
        sources.filter((x) => x.source === "lait"),
        [{ source: "lait", dataset: "bds_long_0", origin: "imported", publication: "bds_long_0.parquet" }],
      );
      assert.ok(sources.filter((x) => x.source === "ees").every((x) => x.origin === "shipped"));
    });
  });

  it("replace an older release of the same file, not other files", async () => {
    assert.equal(
      datasetFamily("c1_children_in_need_referrals_2013_to_2025"),
      "c1_children_in_need_referrals",
    );
    const v = (dataset: string, value: number) => ({
      source: "ees" as const,
      dataset,
      measure: "rereferral_percent",
      breakdown: "",
      year: 2025,
      period: "2025",
      level: "england" as const,
      la_code: "england",
      area_name: "England",
      value,
      symbol: null,
      row: 2,
    });
    await withDb(async (db) => {
      await storeBenchmarks(db, { values: [v("c1_x_2013_to_2025", 1), v("d3_y_2013_to_2025", 2)] });
      await storeBenchmarks(db, { values: [v("c1_x_2013_to_2026", 3)] });
      const kept = (await storedValues(db)).map((x) => [x.dataset, x.value]).sort();
      assert.deepEqual(kept, [
        ["c1_x_2013_to_2026", 3],
        ["d3_y_2013_to_2025", 2],
      ]);
    });
  });

  it("tell a benchmark council DfE publishes no neighbours for in one line naming it", async () => {
    await withDb(async (db) => {
      // nothing stored: checked against the shipped neighbour list
      assert.equal(await checkBenchmarkCouncil(db, "372", "settings.json: benchmarks.council"), "Rotherham");
      await assert.rejects(
        checkBenchmarkCouncil(db, "123", "settings.json: benchmarks.council"),
        (e: Error) =>
          e instanceof UserError &&
          e.message.startsWith(
            `settings.json: benchmarks.council: no council with LA code "123" in DfE's statistical neighbours shipped with the product`,
          ) &&
          !e.message.includes("\n"),
      );
      await seedBenchmarks(db);
      await assert.rejects(
        checkBenchmarkCouncil(db, "999", "demo: --compare-with"),
        /^UserError: demo: --compare-with: no council with LA code "999" in the workspace's statistical neighbours/,
      );
    });
  });
});
