/**
 * Round-trip harness for the return writers' tests: a small synthetic
 * council is generated into workspace A and computed; a writer exports it;
 * the files are imported into a new, empty workspace B with the same
 * settings and computed; both sets of figures come back keyed by
 * indicator, period type and period end, so a test can compare the
 * indicators the format can carry.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeWorkspace } from "../app/compute.ts";
import { type ImportResult, importFiles } from "../app/import.ts";
import { query } from "../db/database.ts";
import type { ReturnScope, ReturnWriter, WrittenReturn } from "../returns/types.ts";
import { loadGenerated } from "../synth/load.ts";
import { type SettingsInput, starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, readCoverage, setCoverage } from "../workspace/workspace.ts";

/** One stored figure. */
export interface Figure {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** Figures keyed `indicator|period_type|period_end`. */
export type Figures = Map<string, Figure>;

/** What a round trip produced. */
export interface RoundTripResult {
  original: Figures;
  imported: Figures;
  written: WrittenReturn[];
  imports: ImportResult;
  /** The original council's coverage. */
  coverage: { from: string; to: string };
  /** The files' folder (removed by `cleanup`). */
  outDir: string;
  cleanup(): void;
}

export interface RoundTripOptions {
  seed?: number;
  population?: number;
  years?: number;
  /** Last day of data, a month end. */
  end?: string;
  laCode?: string;
  /**
   * The original workspace's coverage, given the generated one (default: as generated). A
   * collection-year return covers whole years, so its round trip widens the coverage back to
   * the 1 April starting the first year (`fromCollectionYear`) to compare that year in full.
   */
  coverage?: (generated: { from: string; to: string }) => { from: string; to: string };
  /** The scopes to write, given the generated coverage (default: the whole of it in one scope). */
  scopes?: (coverage: { from: string; to: string }) => Omit<ReturnScope, "laCode">[];
}

async function figures(db: Parameters<typeof query>[0]): Promise<Figures> {
  const rows = await query(
    db,
    "SELECT indicator, period_type, CAST(period_end AS VARCHAR) AS period_end, numerator, denominator, value FROM indicator_values",
  );
  const out: Figures = new Map();
  const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));
  for (const r of rows) {
    out.set(`${r.indicator}|${r.period_type}|${r.period_end}`, {
      numerator: num(r.numerator),
      denominator: num(r.denominator),
      value: num(r.value),
    });
  }
  return out;
}

/** Generates, exports with `writers`, imports into a new workspace and returns both sets of figures. */
export async function roundTrip(
  writers: readonly ReturnWriter[],
  options: RoundTripOptions = {},
): Promise<RoundTripResult> {
  const la = options.laCode ?? "999";
  const end = options.end ?? "2025-03-31";
  const root = mkdtempSync(join(tmpdir(), "scorecard-roundtrip-"));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  try {
    const population: Record<number, number> = {};
    for (let y = 1990; y <= 2035; y++) population[y] = options.population ?? 8_000;
    const settings: SettingsInput = starterSettings("Round-trip Council", la, population);

    await initWorkspace(join(root, "a"), settings);
    const a = await openWorkspace(join(root, "a"));
    let original: Figures;
    const written: WrittenReturn[] = [];
    const outDir = join(root, "files");
    mkdirSync(outDir);
    let coverage: { from: string; to: string };
    try {
      const summary = await loadGenerated(a.db, {
        seed: options.seed ?? 7,
        population: options.population ?? 8_000,
        years: options.years ?? 3,
        endDate: end,
        laCode: la,
      });
      const generated = { from: summary.dataFrom, to: summary.dataTo };
      coverage = options.coverage?.(generated) ?? generated;
      await setCoverage(a.db, { laCode: la, dataFrom: coverage.from, dataTo: coverage.to });
      await computeWorkspace(a);
      original = await figures(a.db);
      const scopes = options.scopes?.(generated) ?? [generated];
      for (const w of writers) {
        for (const s of scopes) written.push(await w(a.db, outDir, { laCode: la, ...s }));
      }
    } finally {
      a.close();
    }

    await initWorkspace(join(root, "b"), settings);
    const b = await openWorkspace(join(root, "b"));
    try {
      const imports = await importFiles(b, [outDir]);
      if ((await readCoverage(b.db)).length === 0) throw new Error("the import recorded no coverage");
      if (imports.recomputeError) throw new Error(`the import did not recompute: ${imports.recomputeError}`);
      const imported = await figures(b.db);
      return { original, imported, written, imports, coverage, outDir, cleanup };
    } finally {
      b.close();
    }
  } catch (e) {
    cleanup();
    throw e;
  }
}

/** The coverage widened back to the 1 April that starts its first collection year. */
export function fromCollectionYear(c: { from: string; to: string }): { from: string; to: string } {
  const year = Number(c.from.slice(0, 4)) - (c.from.slice(5) < "04-01" ? 1 : 0);
  return { from: `${year}-04-01`, to: c.to };
}

/**
 * The figures of `indicators` that differ between the two runs, over the
 * period ends both hold (from `from` on), as readable lines; empty when they agree.
 */
export function differences(
  r: Pick<RoundTripResult, "original" | "imported">,
  indicators: readonly string[],
  from = "0000-00-00",
): string[] {
  const out: string[] = [];
  const wanted = new Set(indicators);
  for (const [key, a] of r.original) {
    const [id, , end] = key.split("|") as [string, string, string];
    if (!wanted.has(id) || end < from) continue;
    const b = r.imported.get(key);
    if (!b) continue;
    const same = (x: number | null, y: number | null) =>
      x === y || (x !== null && y !== null && Math.abs(x - y) < 1e-9);
    if (!same(a.value, b.value) || !same(a.numerator, b.numerator) || !same(a.denominator, b.denominator)) {
      out.push(
        `${key}: original ${a.numerator}/${a.denominator} = ${a.value}; imported ${b.numerator}/${b.denominator} = ${b.value}`,
      );
    }
  }
  return out;
}

/** How many figures of `indicators` both runs hold (from `from` on): a round trip that compares nothing must fail. */
export function compared(
  r: Pick<RoundTripResult, "original" | "imported">,
  indicators: readonly string[],
  from = "0000-00-00",
): number {
  const wanted = new Set(indicators);
  let n = 0;
  for (const key of r.original.keys()) {
    const [id, , end] = key.split("|") as [string, string, string];
    if (wanted.has(id) && end >= from && r.imported.has(key)) n++;
  }
  return n;
}

/**
 * The figures of `indicators` the original holds (from `from` on) and the import does not, as
 * `indicator|period_type|period_end` keys: a period the import's coverage misses is not compared.
 */
export function uncompared(
  r: Pick<RoundTripResult, "original" | "imported">,
  indicators: readonly string[],
  from = "0000-00-00",
): string[] {
  const wanted = new Set(indicators);
  return [...r.original.keys()].filter((key) => {
    const [id, , end] = key.split("|") as [string, string, string];
    return wanted.has(id) && end >= from && !r.imported.has(key);
  });
}
