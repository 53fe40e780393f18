/**
 * Placement types as DfE allowed them on each date, so that every episode
 * of the synthetic council carries a code its SSDA903 years accept.
 *
 * Why: DfE changed the list twice (formats.md): P2 (independent living) was
 * withdrawn from 28 October 2023; K3 (supported accommodation) came in with
 * 2024-25; H5 (semi-independent living) and Z1 (other) went in 2025-26, Z1
 * split into Z11–Z14. The generator draws a type from one list for every
 * date; this picks, for a placement's whole run, the nearest type that was
 * valid throughout it. An episode is written with its type in every year
 * it spans, so a type valid when it started but not later would fail DfE's
 * code checks in the later year.
 */
import { toDayNumber } from "../calendar/dates.ts";

const P2_WITHDRAWN = toDayNumber("2023-10-28");
const YEAR_2024_25 = toDayNumber("2024-04-01");
const YEAR_2025_26 = toDayNumber("2025-04-01");

/** Day numbers [from, until) between which a type may be used; absent: always. */
const VALID: Record<string, [from: number, until: number]> = {
  P2: [Number.NEGATIVE_INFINITY, P2_WITHDRAWN],
  H5: [Number.NEGATIVE_INFINITY, YEAR_2025_26],
  Z1: [Number.NEGATIVE_INFINITY, YEAR_2025_26],
  K3: [YEAR_2024_25, Number.POSITIVE_INFINITY],
  Z11: [YEAR_2025_26, Number.POSITIVE_INFINITY],
  Z12: [YEAR_2025_26, Number.POSITIVE_INFINITY],
  Z13: [YEAR_2025_26, Number.POSITIVE_INFINITY],
  Z14: [YEAR_2025_26, Number.POSITIVE_INFINITY],
};

/** The types to try, in order, for a drawn type that is not valid throughout (U6, other foster care, always is). */
const SUBSTITUTES: Record<string, string[]> = {
  P2: ["K3", "H5", "U6"],
  H5: ["K3", "H5", "U6"],
  K3: ["K3", "H5", "U6"],
  Z1: ["Z13", "Z1", "U6"],
  Z13: ["Z13", "Z1", "U6"],
  Z14: ["Z14", "K3", "H5", "U6"],
};

const validThroughout = (type: string, start: number, end: number): boolean => {
  const v = VALID[type];
  return v === undefined || (v[0] <= start && end <= v[1]);
};

/**
 * `type` when DfE accepted it on every day of [start, end) (day numbers),
 * else the first substitute that was (supported accommodation for
 * semi-independent or independent living, "not otherwise classified" for
 * "other").
 */
export function placementTypeFor(type: string, start: number, end: number): string {
  if (validThroughout(type, start, end)) return type;
  for (const t of SUBSTITUTES[type] ?? []) if (validThroughout(t, start, end)) return t;
  return "U6";
}
