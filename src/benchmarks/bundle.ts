/**
 * The benchmark bundle: DfE's published figures and statistical neighbours
 * as the product ships them (`data/benchmarks/` at the project root), in
 * three files: `values.csv.gz` (one BenchmarkValue a line), `neighbours.csv.gz`
 * (one neighbour a line) and `manifest.json` (the publications, their
 * release and where the files came from).
 *
 * Why CSV.gz read by this module: a few hundred kilobytes, readable with any
 * tool (zcat), byte-for-byte reproducible (gzip without a timestamp), and
 * written and read by the same column list so a figure comes back exactly as
 * the readers gave it: a suppressed cell keeps its symbol, a value its digits.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { UserError } from "../errors/userError.ts";
import { parseCsv } from "./parse.ts";
import type { BenchmarkValue, NeighbourGroup } from "./readers.ts";

/** The bundle shipped with the product. From src/benchmarks/ (or dist/benchmarks/) the project root is ../.. */
export const SHIPPED_BENCHMARKS_DIR = join(import.meta.dirname, "..", "..", "data", "benchmarks");

export const VALUES_FILE = "values.csv.gz";
export const NEIGHBOURS_FILE = "neighbours.csv.gz";
export const MANIFEST_FILE = "manifest.json";

/** A source file a publication's figures were read from. */
export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
  /** Figures (or neighbour groups) kept from it. */
  rows: number;
}

/** One DfE publication in the bundle. */
export interface ManifestPublication {
  /** Short key: `lait`, `cin`, `cla`, `neighbours`. */
  key: string;
  title: string;
  publisher: string;
  url: string;
  /** The release the figures are ("Reporting year 2025": the year ending 31 March 2025), or the neighbour model ("2025 model"). */
  release: string;
  /** The latest reporting year in the figures (the neighbour model's year for neighbours). */
  latestYear: number;
  /** Where and when the files were taken (repository @ commit, date). */
  retrieved: string;
  licence: string;
  files: ManifestFile[];
}

/** What the bundle holds. */
export interface Manifest {
  title: string;
  /** The date the bundle was built (YYYY-MM-DD). */
  built: string;
  builtBy: string;
  values: { file: string; rows: number };
  neighbours: { file: string; model: number; councils: number };
  publications: ManifestPublication[];
}

/** Figures, neighbour model and manifest. */
export interface Bundle {
  manifest: Manifest;
  values: BenchmarkValue[];
  neighbours: { year: number; groups: NeighbourGroup[] };
}

const VALUE_COLUMNS = [
  "source",
  "dataset",
  "measure",
  "breakdown",
  "year",
  "period",
  "level",
  "la_code",
  "area_name",
  "value",
  "symbol",
  "row",
] as const;

const NEIGHBOUR_COLUMNS = [
  "la_code",
  "la_name",
  "region_name",
  "rank",
  "neighbour_code",
  "closeness",
] as const;

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): Buffer {
  const lines = [header.join(","), ...rows.map((r) => r.map(csvField).join(","))];
  return gzipSync(Buffer.from(`${lines.join("\n")}\n`, "utf8"), { level: 9 });
}

/** The values file's bytes: a number as JavaScript prints it (so it reads back exactly); no value writes its symbol. */
export function valuesCsv(values: readonly BenchmarkValue[]): Buffer {
  return csv(
    VALUE_COLUMNS,
    values.map((v) => [
      v.source,
      v.dataset,
      v.measure,
      v.breakdown,
      v.year,
      v.period,
      v.level,
      v.la_code,
      v.area_name,
      v.value === null ? "" : v.value,
      v.value === null ? (v.symbol ?? "") : "",
      v.row,
    ]),
  );
}

/** The neighbours file's bytes, one neighbour a line, closest first. */
export function neighboursCsv(groups: readonly NeighbourGroup[]): Buffer {
  return csv(
    NEIGHBOUR_COLUMNS,
    groups.flatMap((g) =>
      g.neighbours.map((n) => [g.la_code, g.la_name, g.region_name, n.rank, n.la_code, n.closeness]),
    ),
  );
}

/** Writes a bundle into `dir` (made if absent). */
export function writeBundle(dir: string, bundle: Bundle): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, VALUES_FILE), valuesCsv(bundle.values));
  writeFileSync(join(dir, NEIGHBOURS_FILE), neighboursCsv(bundle.neighbours.groups));
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(bundle.manifest, null, 2)}\n`);
}

function readTable(path: string, columns: readonly string[]): Record<string, string>[] {
  let text: string;
  try {
    text = gunzipSync(readFileSync(path)).toString("utf8");
  } catch (e) {
    throw new UserError(
      `${path}: cannot read the benchmarks shipped with the product: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const [head, ...records] = parseCsv(text);
  const header = head?.fields ?? [];
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length) throw new UserError(`${path}: not a benchmark bundle file: no column ${missing[0]}`);
  return records.map(({ fields }) =>
    Object.fromEntries(columns.map((c) => [c, fields[header.indexOf(c)] ?? ""])),
  );
}

/** True when `dir` holds a bundle. */
export function hasBundle(dir: string = SHIPPED_BENCHMARKS_DIR): boolean {
  return [VALUES_FILE, NEIGHBOURS_FILE, MANIFEST_FILE].every((f) => existsSync(join(dir, f)));
}

/** The bundle's manifest. */
export function readManifest(dir: string = SHIPPED_BENCHMARKS_DIR): Manifest {
  const path = join(dir, MANIFEST_FILE);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch (e) {
    throw new UserError(
      `${path}: cannot read the benchmarks' manifest: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** The statistical-neighbour groups of a bundle (without its figures: quick, for checking an LA code). */
export function readBundleNeighbours(dir: string = SHIPPED_BENCHMARKS_DIR): NeighbourGroup[] {
  const groups = new Map<string, NeighbourGroup>();
  for (const r of readTable(join(dir, NEIGHBOURS_FILE), NEIGHBOUR_COLUMNS)) {
    let g = groups.get(r.la_code!);
    if (!g) {
      g = { la_code: r.la_code!, la_name: r.la_name!, region_name: r.region_name!, neighbours: [], row: 0 };
      groups.set(g.la_code, g);
    }
    g.neighbours.push({ rank: Number(r.rank), la_code: r.neighbour_code!, closeness: r.closeness! });
  }
  return [...groups.values()];
}

/** Reads a bundle (by default the one shipped with the product). */
export function readBundle(dir: string = SHIPPED_BENCHMARKS_DIR): Bundle {
  const manifest = readManifest(dir);
  const values: BenchmarkValue[] = readTable(join(dir, VALUES_FILE), VALUE_COLUMNS).map((r) => ({
    source: r.source as BenchmarkValue["source"],
    dataset: r.dataset!,
    measure: r.measure!,
    breakdown: r.breakdown!,
    year: Number(r.year),
    period: r.period!,
    level: r.level as BenchmarkValue["level"],
    la_code: r.la_code!,
    area_name: r.area_name!,
    value: r.value === "" ? null : Number(r.value),
    symbol: r.value === "" ? r.symbol! : null,
    row: Number(r.row),
  }));
  return {
    manifest,
    values,
    neighbours: { year: manifest.neighbours.model, groups: readBundleNeighbours(dir) },
  };
}
