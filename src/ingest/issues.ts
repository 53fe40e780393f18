/**
 * Problems found while reading a council's files.
 *
 * Why one shape: every reader (Annex A, CIN census, SSDA903, SSD tables) and
 * every validation rule reports through it, so `import` can count issues by
 * severity and `validate` can write one report row per issue, whatever the
 * source format.
 */

/** `error`: the record cannot be used (or, for a fatal file error, nothing in the file is); `warning`: used but suspicious. */
export type Severity = "error" | "warning";

/** One problem, located precisely enough for an analyst to find it in the file. */
export interface Issue {
  severity: Severity;
  /** The file, as the user named it. */
  file: string;
  /** Workbook sheet, for spreadsheets. */
  sheet?: string;
  /** 1-based row, for spreadsheets and CSV. */
  row?: number;
  /** 1-based line, for XML. */
  line?: number;
  /** The column header, field or XML element path the value came from. */
  column: string;
  /** The offending value as it appears in the file (empty when missing). */
  value: string;
  /** Stable rule code, e.g. a DfE validation rule number or this product's own code. */
  rule: string;
  /** Plain-English description of what is wrong and what was done with the record. */
  message: string;
  /**
   * For DfE's validation rules, DfE's own severity: `error` blocks the
   * submission, `query` needs an answer. Independent of `severity`, which
   * says what this product did with the record.
   */
  dfe?: DfeSeverity;
}

/** DfE's severity of a validation rule: codes ending Q are queries, the rest errors. */
export type DfeSeverity = "error" | "query";

/** Issues counted per rule, with the worst severity seen, so a flood of one problem can be capped. */
export type RuleCounts = Map<string, { n: number; severity: Severity }>;

/** Counts an issue against its rule; true while the rule is within `max` (list the issue), false past it. */
export function countIssue(counts: RuleCounts, rule: string, severity: Severity, max: number): boolean {
  const seen = counts.get(rule) ?? { n: 0, severity };
  seen.n++;
  if (severity === "error") seen.severity = "error";
  counts.set(rule, seen);
  return seen.n <= max;
}

/** One closing issue per rule that went past `max`, saying how many were not listed. */
export function cappedIssueLines(counts: RuleCounts, max: number, file: string): Issue[] {
  const lines: Issue[] = [];
  for (const [rule, { n, severity }] of counts) {
    if (n > max) {
      lines.push({
        severity,
        file,
        column: "",
        value: "",
        rule,
        message: `${n - max} more issues of rule ${rule} are not listed`,
      });
    }
  }
  return lines;
}
