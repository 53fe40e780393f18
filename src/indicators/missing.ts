/**
 * Missing (indicators.md, "Missing"). Not yet written.
 */
import type { Indicator } from "./define.ts";

/** Missing indicators in report order. */
export const MISSING: Indicator[] = [];
