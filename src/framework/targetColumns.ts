/**
 * The columns of a targets file, apart from the targets command so that its
 * help can list them without loading the command (and exceljs).
 */

/** Columns of a targets file; `indicator`, `from` and `form` are required, the rest as the form needs. */
export const TARGET_COLUMNS = [
  "indicator",
  "from",
  "form",
  "green",
  "amber",
  "reference",
  "low",
  "high",
  "amber_below",
  "amber_above",
  "target",
  "rated_on",
  "note",
] as const;
