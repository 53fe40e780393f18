/**
 * Builds the benchmark bundle the product ships (see bundle.ts) from a
 * folder of DfE's downloads: LAIT's long data file, Explore Education
 * Statistics CSVs and the statistical-neighbour list.
 *
 * Why the import's readers: a shipped figure must be exactly the figure a
 * council would get by importing the same files with `scorecard benchmarks
 * import`, so the bundle keeps the rows those readers give for the measures
 * BENCHMARK_MAP compares with, and nothing else (a few hundred kilobytes
 * instead of DfE's tens of megabytes).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { UserError } from "../errors/userError.ts";
import type { Bundle, ManifestFile, ManifestPublication } from "./bundle.ts";
import { NEIGHBOURS_FILE, VALUES_FILE } from "./bundle.ts";
import { BENCHMARK_MAP, type BenchmarkMapping, matchesFilters } from "./mapping.ts";
import {
  type BenchmarkValue,
  type NeighbourGroup,
  type ReadResult,
  readEesCsv,
  readLaitBds,
  readNeighbours,
} from "./readers.ts";

/** A publication the build reads, and which files in the folder are its. */
export interface PublicationSource {
  key: string;
  /** `lait` (LAIT's long parquet file), `ees` (Explore Education Statistics CSVs) or `neighbours`. */
  kind: "lait" | "ees" | "neighbours";
  /** File names that belong to it. */
  files: RegExp;
  title: string;
  publisher: string;
  url: string;
  /** Where and when the files were taken ("repository @ commit, date"). */
  retrieved: string;
  licence: string;
}

/** Options of buildBundle. */
export interface BuildOptions {
  publications: readonly PublicationSource[];
  /** The build date written in the manifest (YYYY-MM-DD). */
  built: string;
  /** The command that built it, for the manifest. */
  builtBy: string;
  mappings?: readonly BenchmarkMapping[];
}

/** A file of the folder the build did not use, and why. */
export interface Skipped {
  file: string;
  reason: string;
}

function releaseOf(year: number): string {
  return `Reporting year ${year}`;
}

function fileFacts(path: string, rows: number): ManifestFile {
  return {
    name: basename(path),
    bytes: statSync(path).size,
    sha256: createHash("sha256").update(readFileSync(path)).digest("hex"),
    rows,
  };
}

function stopOnErrors<T>(path: string, result: ReadResult<T>): T[] {
  const error = result.issues.find((i) => i.severity === "error");
  if (error) {
    const where = [error.row ? `row ${error.row}` : "", error.column ?? ""].filter(Boolean).join(", ");
    throw new UserError(`${path}: ${where ? `${where}: ` : ""}${error.message}`);
  }
  return result.rows;
}

function compareValues(a: BenchmarkValue, b: BenchmarkValue): number {
  return (
    a.source.localeCompare(b.source) ||
    a.dataset.localeCompare(b.dataset) ||
    a.row - b.row ||
    a.measure.localeCompare(b.measure) ||
    a.breakdown.localeCompare(b.breakdown)
  );
}

/**
 * Reads the folder's files of each publication and returns the bundle
 * (figures sorted by source, file and row) and the files not used. Fails
 * with a one-line message naming the file when a file has an error, when
 * the folder has no figures or no neighbour list, or has two neighbour lists.
 */
export async function buildBundle(
  folder: string,
  options: BuildOptions,
): Promise<{ bundle: Bundle; skipped: Skipped[] }> {
  const mappings = options.mappings ?? BENCHMARK_MAP;
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch {
    throw new UserError(`${folder}: no such folder of DfE files`);
  }
  const values: BenchmarkValue[] = [];
  let neighbours: { year: number; groups: NeighbourGroup[]; file: string } | undefined;
  const used = new Map<string, ManifestFile[]>();
  const latest = new Map<string, number>();
  const skipped: Skipped[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const pub = options.publications.find((p) => p.files.test(name));
    if (!pub) {
      skipped.push({ file: name, reason: "not a file of the publications the build reads" });
      continue;
    }
    let kept = 0;
    if (pub.kind === "neighbours") {
      const groups = stopOnErrors(path, await readNeighbours(path));
      if (neighbours)
        throw new UserError(
          `${path}: a second statistical-neighbour list (the first was ${neighbours.file}); keep one`,
        );
      const year = /(20\d\d)/.exec(name);
      if (!year) throw new UserError(`${path}: the neighbour model's year is not in the file's name`);
      neighbours = { year: Number(year[1]), groups, file: name };
      kept = groups.length;
      latest.set(pub.key, Number(year[1]));
    } else {
      let rows: BenchmarkValue[];
      if (pub.kind === "lait") {
        rows = stopOnErrors(path, await readLaitBds(path, { measures: mappings.map((m) => m.lait.measure) }));
      } else {
        const wanted = mappings.filter((m) => m.ees && name.startsWith(m.ees.file));
        if (wanted.length === 0) {
          skipped.push({ file: name, reason: "no indicator is compared with this file's figures" });
          continue;
        }
        rows = stopOnErrors(path, await readEesCsv(path)).filter((v) =>
          wanted.some((m) => v.measure === m.ees!.column && matchesFilters(v.breakdown, m.ees!.filters)),
        );
      }
      values.push(...rows);
      kept = rows.length;
      for (const r of rows) latest.set(pub.key, Math.max(latest.get(pub.key) ?? 0, r.year));
    }
    used.set(pub.key, [...(used.get(pub.key) ?? []), fileFacts(path, kept)]);
  }
  if (values.length === 0) throw new UserError(`${folder}: no DfE figures found (LAIT parquet or EES CSVs)`);
  if (!neighbours) throw new UserError(`${folder}: no statistical-neighbour list found`);
  values.sort(compareValues);
  const publications: ManifestPublication[] = options.publications
    .filter((p) => used.has(p.key))
    .map((p) => ({
      key: p.key,
      title: p.title,
      publisher: p.publisher,
      url: p.url,
      release: p.kind === "neighbours" ? `${latest.get(p.key)} model` : releaseOf(latest.get(p.key)!),
      latestYear: latest.get(p.key)!,
      retrieved: p.retrieved,
      licence: p.licence,
      files: used.get(p.key)!,
    }));
  return {
    bundle: {
      manifest: {
        title: "DfE's published children's social care benchmarks, as shipped with csc-scorecard",
        built: options.built,
        builtBy: options.builtBy,
        values: { file: VALUES_FILE, rows: values.length },
        neighbours: { file: NEIGHBOURS_FILE, model: neighbours.year, councils: neighbours.groups.length },
        publications,
      },
      values,
      neighbours: { year: neighbours.year, groups: neighbours.groups },
    },
    skipped,
  };
}
