/**
 * The statutory returns written back out of a workspace: Annex A, the CIN
 * census and the SSDA903.
 *
 * Why: councils must produce these every year, and writing them from the
 * canonical tables lets the readers be tested by a round trip (export,
 * import into a new workspace, compare the indicators) and lets the demo
 * exercise the real import path.
 */
import type { Database } from "../db/database.ts";

/** What to write: one council, over a span of dates (ISO, inclusive). */
export interface ReturnScope {
  laCode: string;
  /**
   * First day the return covers. A CIN census or SSDA903 is written for every
   * collection year (1 April to 31 March) overlapping [from, to], each from its 1 April.
   */
  from: string;
  /** Last day the return covers. */
  to: string;
}

/** The files a writer produced and the records it wrote, by record type. */
export interface WrittenReturn {
  files: string[];
  counts: Record<string, number>;
}

/** A return writer: reads the canonical tables of `db`, writes files into `outDir` (which exists). */
export type ReturnWriter = (db: Database, outDir: string, scope: ReturnScope) => Promise<WrittenReturn>;
