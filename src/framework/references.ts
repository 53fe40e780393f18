/**
 * The benchmarks an indicator can be set against: by a band target (a
 * reference value) and by the report's "compared with" column.
 *
 * Why a module of its own: the framework file's schema and the judging
 * both name them, and neither should import the other to do so.
 */

/** Benchmark names a band target may use as its reference, and an indicator may be compared with. */
export const REFERENCE_NAMES = [
  "sn_average",
  "best_sn",
  "england",
  "region",
  "median",
  "top_quartile",
] as const;
export type ReferenceName = (typeof REFERENCE_NAMES)[number];

/** How the report names each benchmark. */
export const REFERENCE_LABELS: Record<ReferenceName, string> = {
  sn_average: "statistical neighbours' average",
  best_sn: "best statistical neighbour",
  england: "England",
  region: "region",
  median: "national median",
  top_quartile: "national top-quartile threshold",
};
