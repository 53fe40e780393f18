/**
 * Adoption (indicators.md, "Adoption"). Not yet written.
 */
import type { Indicator } from "./define.ts";

/** Adoption indicators in report order. */
export const ADOPTION: Indicator[] = [];
