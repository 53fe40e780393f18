/**
 * Child protection (indicators.md, "Child protection"). Not yet written.
 */
import type { Indicator } from "./define.ts";

/** Child protection indicators in report order. */
export const CHILD_PROTECTION: Indicator[] = [];
