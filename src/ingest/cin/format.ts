/**
 * What reading a CIN census gives: the canonical tables it fills, the
 * options and the result's shapes.
 */
import type { Row } from "../../db/database.ts";
import type { Issue } from "../issues.ts";

/** The canonical tables a CIN census fills. */
export const CIN_TABLES = [
  "ssd_person",
  "ssd_cin_episodes",
  "ssd_cin_assessments",
  "ssd_s47_enquiry",
  "ssd_initial_cp_conference",
  "ssd_cp_plans",
  "ssd_cp_reviews",
] as const;

/** A canonical table a CIN census fills. */
export type CinTable = (typeof CIN_TABLES)[number];

/** What the reader needs to know that the file may not say. */
export interface CinReadOptions {
  /** The council's 3-digit LA code; overrides the file's Header/Source/LEA. */
  laCode?: string;
}

/** What a read found: counts of children and records, the collection year and LA. */
export interface CinSummary {
  children: number;
  referrals: number;
  assessments: number;
  s47: number;
  cpPlans: number;
  collectionYear?: number;
  laCode?: string;
}

/** Rows by canonical table, issues and the summary. */
export interface CinReadResult {
  rows: Record<CinTable, Row[]>;
  issues: Issue[];
  summary: CinSummary;
}

/** No rows yet, for every table a CIN census fills. */
export function emptyRows(): Record<CinTable, Row[]> {
  return Object.fromEntries(CIN_TABLES.map((t) => [t, []])) as unknown as Record<CinTable, Row[]>;
}
