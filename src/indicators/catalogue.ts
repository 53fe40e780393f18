/**
 * The catalogue: every indicator the product computes, in report order.
 *
 * Why one list: the engine, `scorecard indicators`, the report and the
 * tests that check ids are unique all read it.
 */
import { ADOPTION } from "./adoption.ts";
import { ASSESSMENTS } from "./assessments.ts";
import { CARE_LEAVERS } from "./careLeavers.ts";
import { CHILD_PROTECTION } from "./childProtection.ts";
import { CHILDREN_IN_NEED } from "./childrenInNeed.ts";
import type { Indicator } from "./define.ts";
import { FRONT_DOOR } from "./frontDoor.ts";
import { LOOKED_AFTER } from "./lookedAfter.ts";
import { MISSING } from "./missing.ts";
import { S47_AND_CONFERENCES } from "./s47.ts";
import { WORKFORCE } from "./workforce.ts";

/** Every indicator, grouped by service area in report order. */
export const CATALOGUE: readonly Indicator[] = [
  ...FRONT_DOOR,
  ...ASSESSMENTS,
  ...S47_AND_CONFERENCES,
  ...CHILD_PROTECTION,
  ...CHILDREN_IN_NEED,
  ...LOOKED_AFTER,
  ...CARE_LEAVERS,
  ...MISSING,
  ...ADOPTION,
  ...WORKFORCE,
];

const BY_ID = new Map(CATALOGUE.map((i) => [i.id, i]));

/** The indicator with this id, or undefined. */
export function findIndicator(id: string): Indicator | undefined {
  return BY_ID.get(id);
}
