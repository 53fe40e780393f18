/**
 * The generator's numbering of the canonical tables and of its id series.
 *
 * Why: rows are handed to the sink by table number (an array index, not a
 * name lookup) and every table's ids come from one counter with a prefix,
 * so a million-row council turns only one number in a thousand into text.
 */

/** Table indices (into TABLE_NAMES), in load order. */
export const T_DEPT = 0;
export const T_PROF = 1;
export const T_PERSON = 2;
export const T_CONTACT = 3;
export const T_CIN = 4;
export const T_ASSESS = 5;
export const T_STRAT = 6;
export const T_S47 = 7;
export const T_ICPC = 8;
export const T_CPP = 9;
export const T_CPREV = 10;
export const T_CPVIS = 11;
export const T_CLAE = 12;
export const T_CLAP = 13;
export const T_LEGAL = 14;
export const T_CLAR = 15;
export const T_CLAV = 16;
export const T_HEALTH = 17;
export const T_IMMI = 18;
export const T_MISS = 19;
export const T_MRHI = 20;
export const T_PERM = 21;
export const T_CLEA = 22;
export const T_CLEC = 23;
export const T_INVO = 24;

/** Canonical table names by index. */
export const TABLE_NAMES = [
  "ssd_department",
  "ssd_professionals",
  "ssd_person",
  "ssd_contacts",
  "ssd_cin_episodes",
  "ssd_cin_assessments",
  "ssdx_strategy_discussions",
  "ssd_s47_enquiry",
  "ssd_initial_cp_conference",
  "ssd_cp_plans",
  "ssd_cp_reviews",
  "ssd_cp_visits",
  "ssd_cla_episodes",
  "ssd_cla_placement",
  "ssd_legal_status",
  "ssd_cla_reviews",
  "ssd_cla_visits",
  "ssd_cla_health",
  "ssd_immigration_status",
  "ssd_missing",
  "ssdx_missing_return_interviews",
  "ssd_permanence",
  "ssd_care_leavers",
  "ssdx_care_leaver_contacts",
  "ssd_involvements",
] as const;

/** Id prefix by series: the tables' in their order, then periods of care (PC) and meetings (MT). */
export const ID_PREFIX = [
  "TM",
  "W",
  "C",
  "CT",
  "R",
  "A",
  "SD",
  "S",
  "IC",
  "CP",
  "CR",
  "CV",
  "E",
  "PL",
  "LS",
  "LR",
  "LV",
  "H",
  "IM",
  "M",
  "RI",
  "PM",
  "CL",
  "LC",
  "I",
  "PC",
  "MT",
];

/** Id series that are not tables: periods of care and CP meetings. */
export const T_PERIOD = TABLE_NAMES.length;
export const T_MEETING = TABLE_NAMES.length + 1;
/** "000"–"999": the last three digits of every id. */
export const ID_SUFFIX = Array.from({ length: 1000 }, (_, k) => String(k).padStart(3, "0"));
