/**
 * A region of synthetic councils for `scorecard demo --councils N`: which
 * real LA codes, what size and what demand each has.
 *
 * Why drawn here and not by hand: a regional demo needs councils that
 * differ the way real ones do (sizes from a third to twice the typical,
 * demand from well below England's rates to well above), each under its
 * own real LA code so its benchmarks are its own; deterministic for a seed.
 */
import { Rng } from "./random.ts";

/** A council on DfE's LA code list. */
export interface LaName {
  code: string;
  name: string;
}

/** One synthetic council of a region. */
export interface RegionCouncil {
  laCode: string;
  name: string;
  /** Children aged 0–17. */
  population: number;
  /** Demand relative to England's rates (GenerateParams.demand). */
  demand: number;
  /** The generator's seed for this council. */
  seed: number;
}

/** The councils of DfE's LA code list as data/la-codes.csv writes them (region rows left out). */
export function parseLaCodes(csv: string): LaName[] {
  const out: LaName[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const m = /^(\d{3}),(?:"([^"]*)"|([^,]*)),([^,]*),([^,]*)$/.exec(line.trim());
    if (!m || m[5] === "NA") continue;
    out.push({ code: m[1]!, name: (m[2] ?? m[3])! });
  }
  return out;
}

/**
 * `count` councils drawn from `councils` for `seed`: populations log-uniform
 * from 0.4 to 2 times `population` (to the nearest 100, at least 1,000),
 * demand spread evenly from 0.7 to 1.4 (jittered) in a drawn order, so every
 * region has councils better and worse than England. Listed by LA code.
 */
export function regionCouncils(
  councils: readonly LaName[],
  options: { count: number; seed: number; population: number },
): RegionCouncil[] {
  if (options.count > councils.length)
    throw new RangeError(`only ${councils.length} councils to draw ${options.count} from`);
  const rng = new Rng(options.seed ^ 0x5eed_c0de);
  const pool = [...councils];
  const chosen: LaName[] = [];
  for (let k = 0; k < options.count; k++) chosen.push(pool.splice(rng.int(pool.length), 1)[0]!);
  const out = chosen.map((c, k) => {
    const size = Math.exp(Math.log(0.4) + rng.next() * Math.log(5));
    const population = Math.max(1_000, Math.round((options.population * size) / 100) * 100);
    const demand = Math.round((0.7 + (0.7 * (k + rng.next())) / options.count) * 100) / 100;
    return { laCode: c.code, name: c.name, population, demand, seed: options.seed * 1_000 + k + 1 };
  });
  return out.sort((a, b) => a.laCode.localeCompare(b.laCode));
}
