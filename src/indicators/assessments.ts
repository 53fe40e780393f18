/**
 * Assessments (indicators.md, "Assessments"). Not yet written.
 */
import type { Indicator } from "./define.ts";

/** Assessments indicators in report order. */
export const ASSESSMENTS: Indicator[] = [];
