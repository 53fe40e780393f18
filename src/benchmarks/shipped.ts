/**
 * The benchmarks a new workspace starts with: DfE's latest published
 * figures and statistical neighbours shipped with the product
 * (data/benchmarks, built by scripts/build-benchmarks.ts), and the check
 * that the council a workspace compares with is one DfE publishes for.
 *
 * Why seed the workspace rather than read the bundle at every report: the
 * report, `values` and RAG read the workspace's tables, so a seeded
 * workspace behaves exactly like one whose user imported the same files,
 * and `scorecard benchmarks import` of a newer publication replaces the
 * shipped figures the same way it replaces an older import.
 */

import { type Database, query } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import {
  hasBundle,
  type Manifest,
  readBundle,
  readBundleNeighbours,
  SHIPPED_BENCHMARKS_DIR,
} from "./bundle.ts";
import { BENCHMARK_MAP } from "./mapping.ts";
import { allBenchmarkStats, type NeighbourMethod } from "./statistics.ts";
import { storeBenchmarks, storedNeighbours, storedValues } from "./store.ts";

/**
 * Stores the bundle in `dir` (by default the one shipped) in the workspace
 * and recomputes the statistics of every council with a neighbour group.
 * Returns the bundle's manifest.
 */
export async function seedBenchmarks(
  db: Database,
  snMethod: NeighbourMethod = "mean",
  dir: string = SHIPPED_BENCHMARKS_DIR,
): Promise<Manifest> {
  const bundle = readBundle(dir);
  const byFile = new Map<string, string>();
  for (const p of bundle.manifest.publications) {
    for (const f of p.files) byFile.set(f.name.replace(/\.[^.]+$/, ""), `${p.title}, ${p.release}`);
  }
  const neighbourPub = bundle.manifest.publications.find((p) => p.key === "neighbours");
  await storeBenchmarks(db, {
    values: bundle.values,
    neighbours: bundle.neighbours,
    origin: (dataset) => ({
      origin: "shipped",
      publication:
        byFile.get(dataset) ??
        (neighbourPub && dataset.endsWith(" model")
          ? `${neighbourPub.title}, ${neighbourPub.release}`
          : dataset),
    }),
  });
  const stats = allBenchmarkStats(await storedValues(db), await storedNeighbours(db), BENCHMARK_MAP, {
    snMethod,
  });
  await storeBenchmarks(db, { stats });
  return bundle.manifest;
}

/**
 * The councils a benchmark council may be: those with a neighbour group in
 * the workspace (if given), or, when it has none, in the shipped bundle
 * (undefined: neither, so nothing to check against).
 */
async function knownCouncils(
  db: Database | undefined,
): Promise<{ codes: Map<string, string>; from: string } | undefined> {
  let rows: Record<string, unknown>[] = [];
  if (db) {
    rows = await query(db, "SELECT DISTINCT la_code, la_name FROM bm_neighbours");
  }
  if (rows.length > 0) {
    return {
      codes: new Map(rows.map((r) => [String(r.la_code), String(r.la_name ?? "")])),
      from: "the workspace's statistical neighbours",
    };
  }
  if (!hasBundle()) return undefined;
  return {
    codes: new Map(readBundleNeighbours().map((g) => [g.la_code, g.la_name])),
    from: "DfE's statistical neighbours shipped with the product",
  };
}

/**
 * Checks that `code` is a council DfE publishes neighbours for; throws a
 * one-line UserError naming it and `field` (e.g. "settings.json:
 * benchmarks.council") otherwise. Without a workspace database, checks
 * against the shipped list. Returns the council's name ("" when there is
 * no neighbour list to check against).
 */
export async function checkBenchmarkCouncil(
  db: Database | undefined,
  code: string,
  field: string,
): Promise<string> {
  const known = await knownCouncils(db);
  if (!known) return "";
  const { codes, from } = known;
  const name = codes.get(code);
  if (name === undefined) {
    throw new UserError(
      `${field}: no council with LA code "${code}" in ${from} (${codes.size} councils); write a real council's 3-digit code, e.g. "372" (Rotherham)`,
    );
  }
  return name;
}
