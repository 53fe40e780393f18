/**
 * Care leavers (indicators.md, "Care leavers"). Not yet written.
 */
import type { Indicator } from "./define.ts";

/** Care leavers indicators in report order. */
export const CARE_LEAVERS: Indicator[] = [];
