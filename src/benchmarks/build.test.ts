import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { UserError } from "../errors/userError.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { buildBundle, type PublicationSource } from "./build.ts";
import { readBundle, VALUES_FILE, writeBundle } from "./bundle.ts";
import type { BenchmarkValue } from "./readers.ts";

const tmp = tempFiles("build-benchmarks-", "csv");

const PUBLICATIONS: PublicationSource[] = [
  {
    key: "lait",
    kind: "lait",
    files: /^bds_long.*\.parquet$/,
    title: "LAIT",
    publisher: "DfE",
    url: "https://example.org/lait",
    retrieved: "test copy (2026-01-01)",
    licence: "OGL",
  },
  {
    key: "cin",
    kind: "ees",
    files: /^(b1|c1)_.*\.csv$/,
    title: "Children in need",
    publisher: "DfE",
    url: "https://example.org/cin",
    retrieved: "test copy (2026-01-02)",
    licence: "OGL",
  },
  {
    key: "neighbours",
    kind: "neighbours",
    files: /^sn_model_\d{4}_wide\.csv$/,
    title: "Statistical neighbours",
    publisher: "DfE",
    url: "https://example.org/sn",
    retrieved: "test copy (2026-01-03)",
    licence: "OGL",
  },
];

const EES_HEAD =
  "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,category,rereferral_percent,no_further_action_percent,referrals";
const C1 = `${EES_HEAD}
2025,Reporting year,National,E92000001,England,,,,,,Referrals and Re-referrals,22.6,6.5,600
2025,Reporting year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,372,E08000018,Rotherham,Referrals and Re-referrals,19.6,x,3000
`;
const SN = `old_la_code,la_name,region_ind,region_name,SN_1,SN_1P,SN_2,SN_2P
372,Rotherham,4,Yorkshire and The Humber,370,Very close,357,Close 
370,Barnsley,4,Yorkshire and The Humber,372,Very close,,
`;

/** A LAIT long file with three mapped rows and one measure the product does not compare with. */
async function writeLait(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    await c.run(`COPY (SELECT * FROM (VALUES
        ('ReReferral', '2025', 'Rotherham', '19.6', 372.0),
        ('ReReferral', '2025', 'Barnsley', 'c', 370.0),
        ('ReReferral', '2025', 'England', '22.6', 970.0),
        ('Not_Mapped', '2025', 'Rotherham', '5', 372.0)
      ) t("Short Desc", "Years", "LA and Regions", "Values", "LA Number"))
      TO '${path}' (FORMAT parquet)`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

async function dfeFolder(name: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = tmp.path(name);
  mkdirSync(dir);
  await writeLait(join(dir, "bds_long_0.parquet"));
  writeFileSync(join(dir, "c1_referrals_2013_to_2025.csv"), C1);
  writeFileSync(join(dir, "b1_children_in_need_2013_to_2025.csv"), `${EES_HEAD}\n`);
  writeFileSync(join(dir, "sn_model_2025_wide.csv"), SN);
  writeFileSync(join(dir, "notes.txt"), "not DfE's\n");
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
  return dir;
}

const OPTIONS = { publications: PUBLICATIONS, built: "2026-12-06", builtBy: "test" };

const C1_SET = "c1_referrals_2013_to_2025";
const BREAKDOWN = "category=Referrals and Re-referrals";
const ees = (
  row: number,
  measure: string,
  geo: Partial<BenchmarkValue>,
  value: number | null,
  symbol: string | null,
) =>
  ({
    source: "ees",
    dataset: C1_SET,
    measure,
    breakdown: BREAKDOWN,
    year: 2025,
    period: "2025",
    ...geo,
    value,
    symbol,
    row,
  }) as BenchmarkValue;
const lait = (row: number, geo: Partial<BenchmarkValue>, value: number | null, symbol: string | null) =>
  ({
    source: "lait",
    dataset: "bds_long_0",
    measure: "ReReferral",
    breakdown: "",
    year: 2025,
    period: "2025",
    ...geo,
    value,
    symbol,
    row,
  }) as BenchmarkValue;
const ENG = { level: "england", la_code: "england", area_name: "England" } as const;
const ROTHERHAM = { level: "la", la_code: "372", area_name: "Rotherham" } as const;

describe("building the shipped benchmarks", () => {
  it("keeps the mapped figures of each file, sorted by source, file and row, and the neighbour list", async () => {
    const { bundle, skipped } = await buildBundle(await dfeFolder("full"), OPTIONS);
    assert.deepEqual(bundle.values, [
      // EES: the two mapped columns of each row; `referrals` is compared with nothing
      ees(2, "no_further_action_percent", ENG, 6.5, null),
      ees(2, "rereferral_percent", ENG, 22.6, null),
      ees(3, "no_further_action_percent", ROTHERHAM, null, "x"),
      ees(3, "rereferral_percent", ROTHERHAM, 19.6, null),
      // LAIT: records 1 to 3; Not_Mapped (record 4) is left out
      lait(1, ROTHERHAM, 19.6, null),
      lait(2, { level: "la", la_code: "370", area_name: "Barnsley" }, null, "c"),
      lait(3, ENG, 22.6, null),
    ]);
    assert.equal(bundle.neighbours.year, 2025);
    assert.deepEqual(
      bundle.neighbours.groups.map((g) => [g.la_code, g.la_name, g.region_name, g.neighbours]),
      [
        [
          "372",
          "Rotherham",
          "Yorkshire and The Humber",
          [
            { rank: 1, la_code: "370", closeness: "Very close" },
            { rank: 2, la_code: "357", closeness: "Close" },
          ],
        ],
        [
          "370",
          "Barnsley",
          "Yorkshire and The Humber",
          [{ rank: 1, la_code: "372", closeness: "Very close" }],
        ],
      ],
    );
    assert.deepEqual(skipped, [
      {
        file: "b1_children_in_need_2013_to_2025.csv",
        reason: "no indicator is compared with this file's figures",
      },
      { file: "notes.txt", reason: "not a file of the publications the build reads" },
    ]);
  });

  it("names each publication, its release and its files in the manifest", async () => {
    const { bundle } = await buildBundle(await dfeFolder("manifest"), OPTIONS);
    const m = bundle.manifest;
    assert.equal(m.built, "2026-12-06");
    assert.deepEqual(m.values, { file: "values.csv.gz", rows: 7 });
    assert.deepEqual(m.neighbours, { file: "neighbours.csv.gz", model: 2025, councils: 2 });
    assert.deepEqual(
      m.publications.map((p) => [p.key, p.title, p.release, p.latestYear, p.retrieved]),
      [
        ["lait", "LAIT", "Reporting year 2025", 2025, "test copy (2026-01-01)"],
        ["cin", "Children in need", "Reporting year 2025", 2025, "test copy (2026-01-02)"],
        ["neighbours", "Statistical neighbours", "2025 model", 2025, "test copy (2026-01-03)"],
      ],
    );
    const c1 = m.publications[1]!.files;
    assert.deepEqual(
      c1.map((f) => [f.name, f.bytes, f.rows]),
      [["c1_referrals_2013_to_2025.csv", Buffer.byteLength(C1), 4]],
    );
    assert.match(c1[0]!.sha256, /^[0-9a-f]{64}$/);
  });

  it("writes files that read back exactly, byte for byte the same on a rebuild", async () => {
    const folder = await dfeFolder("roundtrip");
    const { bundle } = await buildBundle(folder, OPTIONS);
    const [a, b] = [tmp.path("out-a"), tmp.path("out-b")];
    writeBundle(a, bundle);
    writeBundle(b, (await buildBundle(folder, OPTIONS)).bundle);
    const bytes = readFileSync(join(a, VALUES_FILE));
    assert.ok(bytes.equals(readFileSync(join(b, VALUES_FILE))), "same bytes");
    const lines = gunzipSync(bytes).toString("utf8").split("\n");
    assert.equal(
      lines[0],
      "source,dataset,measure,breakdown,year,period,level,la_code,area_name,value,symbol,row",
    );
    assert.equal(
      lines[3],
      "ees,c1_referrals_2013_to_2025,no_further_action_percent,category=Referrals and Re-referrals,2025,2025,la,372,Rotherham,,x,3",
    );
    const back = readBundle(a);
    assert.deepEqual(back.values, bundle.values);
    assert.deepEqual(
      back.neighbours.groups.map((g) => [g.la_code, g.neighbours]),
      bundle.neighbours.groups.map((g) => [g.la_code, g.neighbours]),
    );
    assert.deepEqual(back.manifest, bundle.manifest);
  });

  it("refuses, in one line naming the file, a folder it cannot build from", async () => {
    const noList = tmp.path("no-list");
    mkdirSync(noList);
    writeFileSync(join(noList, "c1_referrals_2013_to_2025.csv"), C1);
    await assert.rejects(
      buildBundle(noList, OPTIONS),
      (e: Error) => e instanceof UserError && /no-list: no statistical-neighbour list found$/.test(e.message),
    );
    await assert.rejects(
      buildBundle(await dfeFolder("two-lists", { "sn_model_2024_wide.csv": SN }), OPTIONS),
      /sn_model_2025_wide\.csv: a second statistical-neighbour list \(the first was sn_model_2024_wide\.csv\)/,
    );
    await assert.rejects(
      buildBundle(
        await dfeFolder("bad-ees", { "c1_bad_2013_to_2025.csv": "time_period,la_name\n2025,X\n" }),
        OPTIONS,
      ),
      /c1_bad_2013_to_2025\.csv: geographic_level: not an Explore Education Statistics file/,
    );
    await assert.rejects(buildBundle(tmp.path("nowhere"), OPTIONS), /nowhere: no such folder of DfE files/);
  });
});
