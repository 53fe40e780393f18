/**
 * Children looked after (indicators.md, "Children looked after"). Not yet written.
 */
import type { Indicator } from "./define.ts";

/** Children looked after indicators in report order. */
export const LOOKED_AFTER: Indicator[] = [];
