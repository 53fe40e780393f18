/**
 * A region of synthetic councils for `scorecard demo --councils N`: which
 * real LA codes, what size and what demand each has.
 *
 * Why drawn here and not by hand: a regional demo needs councils that
 * differ the way real ones do (sizes from a third to twice the typical,
 * demand from well below England's rates to well above), each under its
 * own real LA code so its benchmarks are its own; deterministic for a seed.
 * Each also has a profile (how often it is late, moves children, sees them
 * back) drawn the same way, on a stream of its own so that adding it left
 * every council's code, size and demand as they were.
 */
import type { CouncilProfile } from "./council.ts";
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
  /** Practice relative to England's (GenerateParams.profile): every factor set, above 1 worse. */
  profile: Required<CouncilProfile>;
}

/**
 * How far each profile factor reaches either side of England's 1: lateness
 * from half to twice England's late share, moves from 1/1.5 to 1.5 times,
 * re-referral from 1/1.2 to 1.2 times. At the ends, a council of 10,000
 * children (seed 5, 2024-25) has assessments within 45 working days 93%
 * against 71%, ICPCs within 15 working days 87% against 52%, re-referrals
 * 18% against 31% (the children who come back add referrals too), 3+
 * placements in 12 months 10% against 19% and long-term placement
 * stability 79% against 28% (over the year's month ends): about as far
 * apart as real councils (src/app/councilProfile.test.ts).
 */
export const PROFILE_REACH: Readonly<Required<CouncilProfile>> = {
  lateness: 2,
  moves: 1.5,
  rereferral: 1.2,
};

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
  const profiles = regionProfiles(options.count, options.seed);
  return out
    .map((c, k) => ({ ...c, profile: profiles[k]! }))
    .sort((a, b) => a.laCode.localeCompare(b.laCode));
}

/**
 * `count` profiles for `seed`: each factor spread evenly on a log scale from
 * 1/reach to reach (PROFILE_REACH), jittered, in its own drawn order (so a
 * council late with assessments need not move its children more), rounded
 * to 2 decimals. On each factor, of two or more councils at least one is
 * better than England and one worse (the lowest and highest of the spread).
 */
export function regionProfiles(count: number, seed: number): Required<CouncilProfile>[] {
  const rng = new Rng(seed ^ 0x0f11_e5ed);
  const spread = (reach: number): number[] => {
    const order = Array.from({ length: count }, (_, k) => k);
    for (let k = count - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
    return order.map((k) => Math.round(reach ** ((2 * (k + rng.next())) / count - 1) * 100) / 100);
  };
  const lateness = spread(PROFILE_REACH.lateness);
  const moves = spread(PROFILE_REACH.moves);
  const rereferral = spread(PROFILE_REACH.rereferral);
  return lateness.map((l, k) => ({ lateness: l, moves: moves[k]!, rereferral: rereferral[k]! }));
}
