/**
 * Strategy discussions, S47 enquiries and conferences (indicators.md, "Strategy discussions, S47 enquiries and conferences"). Not yet written.
 */
import type { Indicator } from "./define.ts";

/** Strategy discussions, S47 enquiries and conferences indicators in report order. */
export const S47_AND_CONFERENCES: Indicator[] = [];
