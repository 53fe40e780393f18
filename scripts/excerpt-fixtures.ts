/**
 * Makes the project's own copies of the real-format fixtures (fixtures/) from
 * the source copies, so that a clone of the project alone passes its tests.
 *
 * Why a script: DfE's benchmark files are ~10 MB; the tests need only the
 * latest published years of the measures the product maps. Cutting them by a
 * stated rule, reproducibly, lets anyone check an excerpt against its source.
 * Small files are copied byte for byte. Excerpts of CSVs keep the header and
 * every kept record exactly as written (quotes, BOM, line ends).
 *
 * Usage: node --import tsx scripts/excerpt-fixtures.ts <source fixtures folder> [<target folder>]
 * (the target defaults to fixtures/ at the project root; fixtures/README.md
 * names the source folder used).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { BENCHMARK_MAP } from "../src/benchmarks/mapping.ts";
import { reportingYear } from "../src/benchmarks/parse.ts";

/** Files the tests read whole: copied unchanged. */
const WHOLE = [
  "annex-a/Annex_A_2024_Jan.xlsx",
  "cin-census/fake_CIN_data.xml",
  "cin-census/CIN_Census_2024_with_errors.xml",
  "cin-census/minimal_cin_2026.xml",
  "ssda903/CLA.xsd",
  "ssda903/fake_903.xml",
  ...[
    "ad1",
    "episodes",
    "header",
    "missing",
    "oc2",
    "oc3",
    "placed_for_adoption",
    "previous_permanence",
    "reviews",
    "sw_episodes",
    "uasc",
  ].map((t) => `ssda903/${t}.csv`),
  "benchmarks/england_national_series_compiled.csv",
  "benchmarks/la_code_list.xlsx",
  "benchmarks/sn_may_2025.xlsx",
  "benchmarks/sn_model_2025_wide.csv",
];

/** Explore Education Statistics CSVs: cut to the records of the file's latest `time_period`. */
const EES = [
  "b1_children_in_need_2013_to_2025.csv",
  "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
  "cla_number_and_rate_per_10k_children.csv",
  "d3_cpps_subsequent_plan_2013_to_2025.csv",
  "d5_cpps_at31march_by_duration_2013_to_2025.csv",
  "la_care_leavers_accommodation_suitability.csv",
  "la_care_leavers_activity.csv",
  "la_cla_placement_stability.csv",
  "ons_mid-year_population_estimates_2012_to_2024.csv",
];

/** LAIT's measures the product maps (BENCHMARK_MAP), sorted. */
const MEASURES = [...new Set(BENCHMARK_MAP.map((m) => m.lait.measure))].sort();
/** LAIT's long file keeps the periods ending in these years. */
const LAIT_YEARS = [2024, 2025];

/** A CSV record as written (with its line end) and its fields, unquoted. */
interface CsvRecord {
  raw: string;
  fields: string[];
}

/** Splits CSV text into records, honouring quoted commas, quotes and line breaks. */
function csvRecords(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let start = 0;
  let field = "";
  let fields: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n") {
      fields.push(field.endsWith("\r") ? field.slice(0, -1) : field);
      out.push({ raw: text.slice(start, i + 1), fields });
      start = i + 1;
      field = "";
      fields = [];
    } else field += ch;
  }
  if (start < text.length) out.push({ raw: text.slice(start), fields: [...fields, field] });
  return out;
}

/** The header and the records `keep` accepts, as written. */
function cutCsv(text: string, keep: (get: (column: string) => string) => boolean): string {
  const [header, ...records] = csvRecords(text);
  if (!header) throw new Error("empty CSV");
  const names = header.fields.map((f) => f.replace(/^\uFEFF/, ""));
  const kept = records.filter((r) => {
    const get = (column: string) => {
      const i = names.indexOf(column);
      if (i < 0) throw new Error(`no column ${column}`);
      return r.fields[i] ?? "";
    };
    return keep(get);
  });
  return header.raw + kept.map((r) => r.raw).join("");
}

function cutEes(text: string): string {
  const [header, ...records] = csvRecords(text);
  const col = header!.fields.map((f) => f.replace(/^\uFEFF/, "")).indexOf("time_period");
  const periods = [...new Set(records.map((r) => r.fields[col]!))].sort().slice(-1);
  return cutCsv(text, (get) => periods.includes(get("time_period")));
}

function cutDictionary(text: string): string {
  return cutCsv(text, (get) => MEASURES.includes(get("Measure_short")));
}

async function cutLait(source: string, target: string): Promise<void> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  try {
    await c.run("SET threads = 1");
    const periods = (
      await c.runAndReadAll(`SELECT DISTINCT "Years" AS y FROM read_parquet('${source}') ORDER BY 1`)
    )
      .getRowObjectsJson()
      .map((r) => String(r.y))
      .filter((y) => LAIT_YEARS.includes(reportingYear(y) ?? 0));
    const list = (xs: readonly string[]) => xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(", ");
    await c.run(
      `COPY (SELECT * EXCLUDE (file_row_number) FROM read_parquet('${source}', file_row_number = true)
             WHERE "Short Desc" IN (${list(MEASURES)}) AND "Years" IN (${list(periods)})
             ORDER BY file_row_number)
       TO '${target}' (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    c.closeSync();
  }
}

async function main(): Promise<void> {
  const [sourceArg, targetArg] = process.argv.slice(2);
  if (!sourceArg) {
    console.error("usage: node --import tsx scripts/excerpt-fixtures.ts <source fixtures folder> [<target>]");
    process.exit(2);
  }
  const source = resolve(sourceArg);
  const target = resolve(targetArg ?? join(import.meta.dirname, "..", "fixtures"));
  const from = (p: string) => {
    const path = join(source, p);
    if (!existsSync(path)) throw new Error(`${path} is missing`);
    return path;
  };
  const to = (p: string) => {
    const path = join(target, p);
    mkdirSync(dirname(path), { recursive: true });
    return path;
  };
  for (const sub of ["annex-a", "cin-census", "ssda903", "benchmarks"]) {
    if (existsSync(join(target, sub))) rmSync(join(target, sub), { recursive: true });
  }
  for (const p of WHOLE) copyFileSync(from(p), to(p));
  for (const f of EES) {
    writeFileSync(to(`benchmarks/${f}`), cutEes(readFileSync(from(`benchmarks/${f}`), "utf8")));
  }
  writeFileSync(
    to("benchmarks/lait_data_dictionary.csv"),
    cutDictionary(readFileSync(from("benchmarks/lait_data_dictionary.csv"), "utf8")),
  );
  await cutLait(from("benchmarks/bds_long_0.parquet"), to("benchmarks/bds_long_0.parquet"));
  const n = ["annex-a", "cin-census", "ssda903", "benchmarks"].reduce(
    (s, d) => s + readdirSync(join(target, d)).length,
    0,
  );
  console.log(`${n} fixture files written under ${target}`);
}

await main();
