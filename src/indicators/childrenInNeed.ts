/**
 * Children in need (indicators.md, "Children in need"). Not yet written.
 */
import type { Indicator } from "./define.ts";

/** Children in need indicators in report order. */
export const CHILDREN_IN_NEED: Indicator[] = [];
