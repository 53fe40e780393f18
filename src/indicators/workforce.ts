/**
 * Workforce and allocation (indicators.md, "Workforce and allocation"). Not yet written.
 */
import type { Indicator } from "./define.ts";

/** Workforce and allocation indicators in report order. */
export const WORKFORCE: Indicator[] = [];
