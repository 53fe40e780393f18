/**
 * What reading an Annex A workbook gives: the canonical tables it fills,
 * the options, and the result's shapes (rows, issues, a summary by list).
 */
import type { Row } from "../../db/database.ts";
import type { Issue } from "../issues.ts";

/** The canonical tables an Annex A workbook fills. */
export const ANNEXA_TABLES = [
  "ssd_person",
  "ssd_contacts",
  "ssd_cin_episodes",
  "ssd_cin_assessments",
  "ssdx_strategy_discussions",
  "ssd_s47_enquiry",
  "ssd_initial_cp_conference",
  "ssd_cp_plans",
  "ssd_cp_visits",
  "ssd_cp_reviews",
  "ssd_cla_episodes",
  "ssd_legal_status",
  "ssd_cla_placement",
  "ssd_cla_reviews",
  "ssd_cla_visits",
  "ssd_cla_health",
  "ssd_immigration_status",
  "ssd_care_leavers",
  "ssdx_care_leaver_contacts",
  "ssd_permanence",
] as const;

/** A canonical table an Annex A workbook fills. */
export type AnnexATable = (typeof ANNEXA_TABLES)[number];

/** What the reader needs to know that the workbook does not say. */
export interface AnnexAReadOptions {
  /** The council's 3-digit LA code (Annex A does not carry one). */
  laCode: string;
  /** The date the lists were produced (YYYY-MM-DD): dates after it are reported. */
  asAt?: string;
}

/** One list as found in the workbook. */
export interface AnnexAListSummary {
  list: number;
  title: string;
  sheet: string;
  /** 1-based row of the header. */
  headerRow: number;
  /** Data rows read (blank rows not counted), including rows later rejected. */
  rows: number;
  /** Distinct child (or, for list 11, adopter) ids. */
  children: number;
  imported: boolean;
}

/** What a read found, by list. */
export interface AnnexASummary {
  laCode: string;
  /** Distinct children across lists 1–10. */
  children: number;
  lists: AnnexAListSummary[];
}

/** Rows by canonical table, issues and the summary. */
export interface AnnexAReadResult {
  rows: Record<AnnexATable, Row[]>;
  issues: Issue[];
  summary: AnnexASummary;
}

/** No rows yet, for every table Annex A fills. */
export function emptyRows(): Record<AnnexATable, Row[]> {
  return Object.fromEntries(ANNEXA_TABLES.map((t) => [t, []])) as unknown as Record<AnnexATable, Row[]>;
}
