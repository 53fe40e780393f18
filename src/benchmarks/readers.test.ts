import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { createSchema, openDatabase, query } from "../db/database.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import { SHARED_FIXTURES, sharedFixture } from "../testing/fixtures.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { BENCHMARK_MAP, benchmarkMapping } from "./mapping.ts";
import { parseValue, regionKey, reportingYear, SUPPRESSION_SYMBOLS } from "./parse.ts";
import {
  type BenchmarkValue,
  type NeighbourGroup,
  readEesCsv,
  readLaCodeList,
  readLaitBds,
  readLaitDictionary,
  readManualBenchmarks,
  readNeighbours,
} from "./readers.ts";
import { allBenchmarkStats, benchmarkStats, indicatorValues } from "./statistics.ts";
import { storeBenchmarks } from "./store.ts";

const FIXTURES = join(SHARED_FIXTURES, "benchmarks");

function fixture(name: string): string {
  return sharedFixture("benchmarks", name);
}

const tmp = tempFiles("benchmarks-", "csv");

function write(name: string, text: string): string {
  const path = tmp.path(name);
  writeFileSync(path, text);
  return path;
}

const find = (rows: readonly BenchmarkValue[], la: string, year: number, measure?: string) =>
  rows.filter((r) => r.la_code === la && r.year === year && (measure === undefined || r.measure === measure));

describe("reading conventions", () => {
  it("reads DfE's suppression symbols as no value, never zero", () => {
    for (const s of ["c", "x", "z", "low", "k", "u", ":", "..", "C", " c ", "-"]) {
      assert.deepEqual(parseValue(s), { kind: "none", symbol: s.trim().toLowerCase() }, s);
    }
    assert.deepEqual(parseValue(""), { kind: "none", symbol: "" });
    assert.deepEqual(parseValue("0"), { kind: "number", value: 0 });
    assert.deepEqual(parseValue("19.600000000000001"), { kind: "number", value: 19.6 });
    assert.deepEqual(parseValue("1,234"), { kind: "number", value: 1234 });
    assert.deepEqual(parseValue("22.6%"), { kind: "number", value: 22.6 });
    assert.deepEqual(parseValue("n/a?"), { kind: "invalid", text: "n/a?" });
    assert.ok(SUPPRESSION_SYMBOLS.includes("low"));
  });

  it("reads periods as the year they end and regions by one key", () => {
    assert.deepEqual(
      [
        "2025",
        "2024-25",
        "2024/25",
        "202425",
        "2025 (Rev)",
        "2022-24",
        "2021/22-23/24",
        "1999-00",
        "0",
        "x",
      ].map(reportingYear),
      [2025, 2025, 2025, 2025, 2025, 2024, 2024, 2000, undefined, undefined],
    );
    assert.equal(regionKey("Yorkshire and The Humber"), regionKey("Yorkshire and the Humber"));
    assert.equal(regionKey("London (Inner)"), "region:inner london");
    assert.equal(regionKey("region:Inner  London"), "region:inner london");
  });

  it("reads a hand-made EES file: every symbol empty, stray text a warning, filters kept", async () => {
    const path = write(
      "tiny_ees.csv",
      [
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,breakdown,count,percent",
        "2025,Reporting year,National,E92000001,England,,,,,,Suitable,100,91",
        "2025,Reporting year,Regional,E92000001,England,E13000001,Inner London,,,,Suitable,c,x",
        "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,841,E06000005,Darlington,Suitable,z,low",
        "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,390,E08000037,Gateshead,Suitable,k,u",
        "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,808,E06000004,Stockton,Suitable,:,..",
        "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,807,E06000003,Redcar,Suitable,0,oops",
        "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,84,E0,Bad,Suitable,1,2",
      ].join("\n"),
    );
    const { rows, issues } = await readEesCsv(path);
    const at = (la: string, m: string) => rows.find((r) => r.la_code === la && r.measure === m)!;
    assert.deepEqual(
      [at("england", "count").value, at("england", "percent").value, at("england", "percent").breakdown],
      [100, 91, "breakdown=Suitable"],
    );
    assert.equal(at("region:inner london", "count").area_name, "Inner London");
    const symbols = ["region:inner london", "841", "390", "808"].flatMap((la) =>
      ["count", "percent"].map((m) => [at(la, m).value, at(la, m).symbol]),
    );
    assert.deepEqual(symbols, [
      [null, "c"],
      [null, "x"],
      [null, "z"],
      [null, "low"],
      [null, "k"],
      [null, "u"],
      [null, ":"],
      [null, ".."],
    ]);
    assert.equal(at("807", "count").value, 0);
    assert.deepEqual([at("807", "percent").value, at("807", "percent").symbol], [null, null]);
    assert.deepEqual(
      issues.map((i) => [i.severity, i.rule, i.row, i.column, i.value]),
      [
        ["warning", "BM_VALUE", 7, "percent", "oops"],
        ["error", "BM_GEOGRAPHY", 8, "old_la_code", "84"],
      ],
    );
  });

  it("reads hand-entered benchmarks (CSV and XLSX) with the same conventions", async () => {
    const csv = write(
      "group.csv",
      [
        "indicator,year,la_code,value",
        "rereferrals_12m_pct,2024-25,372,18.2",
        "rereferrals_12m_pct,2025,england,22.6",
        "rereferrals_12m_pct,2025,region:Yorkshire and The Humber Group,c",
        "rereferrals_12m_pct,2025,Rotherham,20",
        "Re-referrals,2025,372,20",
        "rereferrals_12m_pct,next year,372,20",
      ].join("\r\n"),
    );
    const { rows, issues } = await readManualBenchmarks(csv);
    assert.deepEqual(
      rows.map((r) => [r.source, r.measure, r.year, r.period, r.level, r.la_code, r.value, r.symbol, r.row]),
      [
        ["manual", "rereferrals_12m_pct", 2025, "2024-25", "la", "372", 18.2, null, 2],
        ["manual", "rereferrals_12m_pct", 2025, "2025", "england", "england", 22.6, null, 3],
        [
          "manual",
          "rereferrals_12m_pct",
          2025,
          "2025",
          "region",
          "region:yorkshire and the humber group",
          null,
          "c",
          4,
        ],
      ],
    );
    assert.deepEqual(
      issues.map((i) => [i.rule, i.row, i.value]),
      [
        ["BM_GEOGRAPHY", 5, "Rotherham"],
        ["BM_MANUAL_INDICATOR", 6, "Re-referrals"],
        ["BM_YEAR", 7, "next year"],
      ],
    );

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Benchmarks");
    ws.addRow(["Indicator", "Year", "LA_code", "Value"]);
    ws.addRow(["cla_rate_10k", 2025, 372, 80]);
    ws.addRow(["cla_rate_10k", "2024-25", "841", "x"]);
    const xlsx = tmp.path("group.xlsx");
    await wb.xlsx.writeFile(xlsx);
    const fromXlsx = await readManualBenchmarks(xlsx);
    assert.deepEqual(
      fromXlsx.rows.map((r) => [r.la_code, r.year, r.value, r.symbol, r.row]),
      [
        ["372", 2025, 80, null, 2],
        ["841", 2025, null, "x", 3],
      ],
    );
    assert.deepEqual(fromXlsx.issues, []);
  });
});

describe("DfE's published files", () => {
  let lait: BenchmarkValue[];
  let groups: NeighbourGroup[];
  before(async () => {
    const l = await readLaitBds(fixture("bds_long_0.parquet"), {
      measures: BENCHMARK_MAP.map((m) => m.lait.measure),
    });
    lait = l.rows;
    groups = (await readNeighbours(fixture("sn_model_2025_wide.csv"))).rows;
  });

  it("England's 2025 re-referral rate is 22.6% in LAIT and in DfE's C1 file", async () => {
    assert.deepEqual(
      find(lait, "england", 2025, "ReReferral").map((r) => r.value),
      [22.6],
    );
    const c1 = await readEesCsv(fixture("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"));
    assert.deepEqual(
      find(c1.rows, "england", 2025, "rereferral_percent").map((r) => r.value),
      [22.6],
    );
    // counts behind it: 142,900 re-referrals of 632,830 referrals = 22.58% → 22.6
    assert.deepEqual(
      find(c1.rows, "england", 2025, "rereferral_count").map((r) => r.value),
      [142900],
    );
    assert.deepEqual(c1.issues, []);
  });

  it("reads the neighbour list the same from DfE's CSV and LAIT's workbook", async () => {
    const xlsx = await readNeighbours(fixture("sn_may_2025.xlsx"));
    assert.equal(groups.length, 153);
    assert.deepEqual(xlsx.issues, []);
    const codes = (g: NeighbourGroup | undefined) => g?.neighbours.map((n) => n.la_code);
    for (const g of groups) assert.deepEqual(codes(xlsx.rows.find((x) => x.la_code === g.la_code)), codes(g));
    const rotherham = groups.find((g) => g.la_code === "372")!;
    assert.deepEqual(codes(rotherham), [
      "370",
      "357",
      "371",
      "384",
      "894",
      "332",
      "807",
      "394",
      "390",
      "840",
    ]);
    assert.equal(rotherham.neighbours[0]!.closeness, "Very close");
  });

  it("Rotherham's 2025 re-referral benchmarks, by hand from the neighbour list and LAIT's file", () => {
    const year = indicatorValues(lait, benchmarkMapping("rereferrals_12m_pct")!).get(2025)!;
    const rotherham = groups.find((g) => g.la_code === "372")!;
    const s = benchmarkStats("rereferrals_12m_pct", "low", 2025, year, rotherham);
    // neighbours (2025 model) and LAIT's ReReferral 2025:
    // Barnsley 370 25.5, Tameside 357 27.7, Doncaster 371 29.4, Wakefield 384 18.5, Telford 894 15.8,
    // Dudley 332 22.5, Redcar 807 14.6, Sunderland 394 18.5, Gateshead 390 13.9, Durham 840 18.7
    // sum 205.1 over 10 → mean 20.51; best (low) Gateshead 13.9
    assert.equal(s.value, 19.6);
    assert.equal(s.sn_count, 10);
    assert.equal(Math.round(s.sn_average! * 1e6) / 1e6, 20.51);
    assert.deepEqual([s.best_sn_code, s.best_sn_value], ["390", 13.9]);
    assert.deepEqual([s.england, s.region_code, s.region], [22.6, "region:yorkshire and the humber", 21.7]);
    // 153 councils with a value; type-7 quartiles 16.9 / 20 / 23; 19.6 is above Q1 and ≤ median → B;
    // 66 councils are below 19.6 → rank 67
    assert.deepEqual(
      [s.n_councils, s.q1, s.median, s.q3, s.top_quartile, s.quartile_band, s.rank],
      [153, 16.9, 20, 23, 16.9, "B", 67],
    );
    // DfE dashboard's median: sorted 13.9 14.6 15.8 18.5 18.5 | 18.7 22.5 25.5 27.7 29.4 → (18.5 + 18.7) / 2
    const median = benchmarkStats("rereferrals_12m_pct", "low", 2025, year, rotherham, {
      snMethod: "median",
    });
    assert.equal(Math.round(median.sn_average! * 1e6) / 1e6, 18.6);
  });

  it("Darlington: a neighbour average over the neighbours with a value; exactly on Q3 is band B", async () => {
    const darlington = groups.find((g) => g.la_code === "841")!;
    const plans = indicatorValues(lait, benchmarkMapping("cpp_open_2y_plus_pct")!).get(2025)!;
    const s = benchmarkStats("cpp_open_2y_plus_pct", "low", 2025, plans, darlington);
    // LAIT CPPlans2yrsActive 2025 for Darlington's neighbours 390 808 332 384 888 894 372 357 840 371:
    // only Lancashire 888 (2.9) and Tameside 357 (1.9) are published, the rest "-" → (2.9 + 1.9) / 2 = 2.4
    assert.deepEqual([s.value, s.sn_count, s.sn_average, s.best_sn_code], [6.5, 2, 2.4, "357"]);
    // the same figure in DfE's D5 file: Rotherham suppressed ("c"), never 0
    const d5 = await readEesCsv(fixture("d5_cpps_at31march_by_duration_2013_to_2025.csv"));
    assert.deepEqual(
      find(d5.rows, "372", 2025, "2_years_or_more_percent").map((r) => [r.value, r.symbol]),
      [[null, "c"]],
    );
    // care leavers in EET 2025 (high polarity): Darlington 60 = Q3 of 152 councils → B, not A (LAIT's boundary)
    const eet = indicatorValues(lait, benchmarkMapping("care_leavers_eet_pct")!).get(2025)!;
    const e = benchmarkStats("care_leavers_eet_pct", "high", 2025, eet, darlington);
    assert.deepEqual([e.value, e.q3, e.top_quartile, e.quartile_band], [60, 60, 60, "B"]);
  });

  it("EES and LAIT agree on the mapped figures where both publish them (2025, Rotherham and England)", async () => {
    for (const m of BENCHMARK_MAP.filter((x) => x.ees)) {
      const name = readdirSync(FIXTURES).find((f) => f.startsWith(m.ees!.file) && f.endsWith(".csv"));
      assert.ok(name, `no file ${m.ees!.file}… in ${FIXTURES}`);
      const ees = indicatorValues((await readEesCsv(fixture(name))).rows, m);
      const fromLait = indicatorValues(lait, m);
      for (const la of ["372", "england"]) {
        const a = ees.get(2025)?.get(la);
        const b = fromLait.get(2025)?.get(la);
        assert.ok(a && b, `${m.indicator} ${la}`);
        assert.equal(a.value, b.value, `${m.indicator} ${la}`);
      }
    }
  });

  it("every mapping names a real indicator and LAIT measure, with the dictionary's number and polarity", async () => {
    const dict = await readLaitDictionary(fixture("lait_data_dictionary.csv"));
    assert.deepEqual(dict.issues, []);
    for (const m of BENCHMARK_MAP) {
      const ind = findIndicator(m.indicator);
      assert.ok(ind, `${m.indicator} is not in the catalogue`);
      const entry = dict.rows.find((d) => d.measureShort === m.lait.measure);
      assert.ok(entry, `${m.lait.measure} is not in LAIT's dictionary`);
      assert.equal(entry.code, m.lait.code, m.indicator);
      assert.equal(entry.polarity, m.polarity, m.indicator);
      if (ind.polarity === "high" || ind.polarity === "low")
        assert.equal(m.polarity, ind.polarity, m.indicator);
      assert.ok(
        find(lait, "england", 2025, m.lait.measure).length === 1,
        `${m.lait.measure} has no 2025 England row`,
      );
    }
  });

  it("reads LAIT's LA code list", async () => {
    const { rows, issues } = await readLaCodeList(fixture("la_code_list.xlsx"));
    assert.deepEqual(issues, []);
    assert.deepEqual(
      rows.find((r) => r.la_code === "372"),
      {
        la_code: "372",
        la_name: "Rotherham",
        region_name: "Yorkshire and The Humber",
        type: "MD",
        row: rows.find((r) => r.la_code === "372")!.row,
      },
    );
    assert.ok(rows.every((r) => Number(r.la_code) < 970));
  });

  it("stores values, neighbours and statistics in bm_ tables keyed by la_code and year", async () => {
    const db = await openDatabase(":memory:");
    await createSchema(db);
    try {
      const rotherham = groups.filter((g) => g.la_code === "372");
      const values = lait.filter((r) => r.measure === "ReReferral");
      const stats = allBenchmarkStats(values, rotherham, [benchmarkMapping("rereferrals_12m_pct")!]);
      await storeBenchmarks(db, { values, neighbours: { year: 2025, groups: rotherham }, stats });
      await storeBenchmarks(db, { values }); // re-importing a file replaces it
      const [count] = await query(db, "SELECT count(*) AS n FROM bm_values");
      assert.equal(count!.n, values.length);
      assert.deepEqual(
        await query(
          db,
          `SELECT la_code, year, value, symbol FROM bm_values
           WHERE la_code IN ('england', '909') AND year = 2025 ORDER BY la_code`,
        ),
        [
          { la_code: "909", year: 2025, value: null, symbol: "-" },
          { la_code: "england", year: 2025, value: 22.6, symbol: null },
        ],
      );
      assert.deepEqual(
        await query(db, "SELECT count(*) AS n, min(year) AS y FROM bm_neighbours WHERE la_code = '372'"),
        [{ n: 10, y: 2025 }],
      );
      assert.deepEqual(
        await query(
          db,
          `SELECT la_code, year, round(sn_average, 2) AS sn, quartile_band, rank FROM bm_stats
           WHERE indicator = 'rereferrals_12m_pct' AND year = 2025`,
        ),
        [{ la_code: "372", year: 2025, sn: 20.51, quartile_band: "B", rank: 67 }],
      );
    } finally {
      db.close();
    }
  });
});
