/**
 * The SSDA903 format as this reader knows it: the CSV files and their
 * columns, the canonical tables a return fills, and the shapes a read gives
 * back (rows, issues, summary, and each year's set as written).
 *
 * Why apart: the detector, the return writer and DfE's validation rules use
 * the file list and the shapes without the reader.
 */
import type { Row } from "../../db/database.ts";
import type { Issue } from "../issues.ts";

/** The canonical tables a 903 return fills. */
export const SSDA903_TABLES = [
  "ssd_person",
  "ssd_mother",
  "ssd_cla_episodes",
  "ssd_cla_placement",
  "ssd_legal_status",
  "ssd_cla_reviews",
  "ssd_immigration_status",
  "ssd_cla_health",
  "ssd_care_leavers",
  "ssdx_care_leaver_contacts",
  "ssd_permanence",
  "ssd_missing",
  "ssd_involvements",
  "ssdx_adopters",
  "ssdx_cla_period_details",
  "ssdx_cla_outcomes",
] as const;

/** A canonical table a 903 return fills. */
export type Ssda903Table = (typeof SSDA903_TABLES)[number];

/** The 903 CSV files and their columns (formats.md; liia SSDA903 schemas). */
export const SSDA903_FILES = {
  header: ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
  episodes: [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
  ],
  reviews: ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
  uasc: ["CHILD", "SEX", "DOB", "DUC"],
  oc2: [
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
  ],
  oc3: ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
  ad1: ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
  placed_for_adoption: ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
  previous_permanence: ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
  missing: ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
  sw_episodes: ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
} as const;

/** One of the 903 CSV files, by the name this reader gives it. */
export type Ssda903File = keyof typeof SSDA903_FILES;

/** What the reader needs to know that the files do not say. */
export interface Ssda903ReadOptions {
  /** The council's 3-digit LA code (903 files do not carry it). */
  laCode?: string;
  /**
   * The collection year, named by its end (2025 = April 2024 – March 2025);
   * inferred from the dates when absent, and for each set when the files
   * hold several years' sets (folders).
   */
  collectionYear?: number;
}

/** What was read from one file. */
export interface Ssda903FileSummary {
  file: string;
  /** The 903 table the file holds (`xml` for the XML form); absent when the file could not be read. */
  table?: Ssda903File | "xml";
  /** Records read (CSV data rows, or XML `<CHILD>` elements). */
  records: number;
  /** Distinct children in the file. */
  children: number;
}

/** What a read found, across every file. */
export interface Ssda903Summary {
  /** Distinct children across every file read. */
  children: number;
  files: Ssda903FileSummary[];
  /** Periods of care rebuilt from the episodes. */
  periodsOfCare: number;
  /** The latest set's collection year. */
  collectionYear?: number;
  /** Every set's collection year, ascending (several when folders of several years were read). */
  collectionYears?: number[];
  /** From 1 April of the first collection year to 31 March of the last. */
  period?: { from: string; to: string };
  laCode?: string;
}

/** Rows by canonical table, issues, summary and each year's set as written. */
export interface Ssda903ReadResult {
  rows: Record<Ssda903Table, Row[]>;
  issues: Issue[];
  summary: Ssda903Summary;
  /** Each set's records as written (DfE's rules read fields the canonical rows do not keep), oldest year first. */
  returns: Ssda903Return[];
}

/**
 * One year's 903 set as written: per file, its records with their fields as
 * text (blank as ""), located by `_file` and `_row` (CSV) or `_line` (XML).
 */
export interface Ssda903Return {
  /** The collection year by its end (2025 = 2024/25), when known. */
  year?: number;
  tables: Record<Ssda903File, Row[]>;
}

/** One 903 record, as text, with where it came from. */
export interface Raw {
  file: string;
  /** The set (one year's return) the record came from. */
  set: number;
  row?: number;
  line?: number;
  v: Record<string, string>;
  /** Field → the column header (CSV) or element path (XML) to name in issues. */
  labels: Record<string, string>;
}

/** Records by 903 file. */
export type Records = Record<Ssda903File, Raw[]>;

/** No records yet, for every 903 file. */
export function emptyRecords(): Records {
  return Object.fromEntries(Object.keys(SSDA903_FILES).map((t) => [t, []])) as unknown as Records;
}

/**
 * What a streamer made of a file: its table and counts; or a file-level
 * error (rule, message, where) that stands alone for the file; or
 * undefined when the issues it reported say why the file was not read.
 */
export type FileRead =
  | { table: Ssda903FileSummary["table"] & string; records: number; children: number }
  | { fatal: [rule: string, message: string, at?: { row?: number; line?: number }] }
  | undefined;
