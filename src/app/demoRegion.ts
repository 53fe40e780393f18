/**
 * A demo workspace of several synthetic councils (`scorecard demo
 * --councils N`): their settings and their data, each council generated
 * under its own real LA code.
 *
 * Why in app/: it joins the synthetic region (synth/region.ts), the
 * settings and the loader for one workspace; the demo command and the
 * consistency test of issue 12 both build their region through it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readBundleNeighbours } from "../benchmarks/bundle.ts";
import { financialYearLabel, financialYearOf } from "../calendar/financialYear.ts";
import { loadGenerated } from "../synth/load.ts";
import { type LaName, parseLaCodes, type RegionCouncil, regionCouncils } from "../synth/region.ts";
import { DEFAULT_STANDARDS_INPUT, type SettingsInput } from "../workspace/settings.ts";
import { setCoverage, type Workspace } from "../workspace/workspace.ts";

/** What a regional demo generates. */
export interface RegionParams {
  councils: number;
  seed: number;
  /** The typical council's children aged 0–17 (sizes are drawn around it). */
  population: number;
  years: number;
  /** The last day of data, a month end. */
  endDate: string;
}

/** One council of a region as the demo lists it: code, name, size, demand and profile (1 is England's, above worse). */
export function describeRegionCouncil(c: RegionCouncil): string {
  const p = c.profile;
  return `${c.laCode} ${c.name}: ${c.population.toLocaleString("en-GB")} children, demand ×${c.demand}, lateness ×${p.lateness}, placement moves ×${p.moves}, re-referral ×${p.rereferral}`;
}

/**
 * The councils a regional demo may draw: those of DfE's LA code list
 * (data/la-codes.csv) that DfE's current statistical-neighbour model, as
 * shipped (data/benchmarks, the 2025 model), lists. The list keeps the
 * codes of councils since abolished, whose last figures are years old and
 * which have no neighbours: Bournemouth 837, Poole 836 and Dorset 835
 * (merged in 2019), Northamptonshire 928 (split in 2021) and Cumbria 909
 * (split in 2023); the model lists every council DfE publishes for now,
 * their successors (839, 838, 940, 941, 942, 943) included.
 */
export function currentLaNames(): LaName[] {
  const csv = readFileSync(join(import.meta.dirname, "..", "..", "data", "la-codes.csv"), "utf8");
  const current = new Set(readBundleNeighbours().map((g) => g.la_code));
  return parseLaCodes(csv).filter((c) => current.has(c.code));
}

/** The councils of a regional demo, drawn from the current councils of DfE's LA code list (currentLaNames). */
export function demoRegion(params: RegionParams): RegionCouncil[] {
  return regionCouncils(currentLaNames(), {
    count: params.councils,
    seed: params.seed,
    population: params.population,
  });
}

/** Settings listing the region's councils, each with its population for every year the data may need. */
export function regionSettings(councils: readonly RegionCouncil[], params: RegionParams): SettingsInput {
  const last = financialYearOf(params.endDate);
  const years: number[] = [];
  for (let y = last - params.years - 3; y <= last; y++) years.push(y);
  return {
    councils: councils.map((c) => ({
      name: `${c.name} (synthetic data)`,
      laCode: c.laCode,
      population: Object.fromEntries(years.map((y) => [financialYearLabel(y), c.population])),
    })),
    standards: { ...DEFAULT_STANDARDS_INPUT },
  };
}

/** Generates one council of the region into the workspace and records its coverage. */
export async function loadRegionCouncil(
  ws: Workspace,
  c: RegionCouncil,
  params: RegionParams,
): Promise<void> {
  const summary = await loadGenerated(ws.db, generateParams(c, params));
  await setCoverage(ws.db, { laCode: c.laCode, dataFrom: summary.dataFrom, dataTo: summary.dataTo });
}

/** The generator's parameters for one council of the region. */
export function generateParams(c: RegionCouncil, params: RegionParams) {
  return {
    seed: c.seed,
    population: c.population,
    years: params.years,
    endDate: params.endDate,
    laCode: c.laCode,
    demand: c.demand,
    profile: c.profile,
  };
}
