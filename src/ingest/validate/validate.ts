/**
 * Runs the validation rules over canonical rows and turns what they find
 * into located issues.
 *
 * Why separate from the readers: the rules question facts (a plan ending
 * before it starts), not file syntax, so they run the same over rows from a
 * CIN census, a 903, an Annex A workbook or SSD tables, and over rows
 * combined from several. Each issue names the file, sheet, row or line the
 * reader recorded on the row, and the column as the source file calls it.
 * Cost: one index build and one pass per rule, so a million rows take
 * seconds.
 */
import type { Row } from "../../db/database.ts";
import type { Issue } from "../issues.ts";
import { sourceOf } from "../source.ts";
import {
  buildContext,
  type Emit,
  type Rule,
  type RuleSource,
  sourceColumn,
  type ValidateOptions,
} from "./context.ts";
import { CIN_NOT_EVALUATED, CIN_RULES } from "./rules/cin.ts";
import { PRODUCT_RULES } from "./rules/product.ts";
import { inYear } from "./rules/spec.ts";
import { SSDA903_RULES, type Supplied, ssda903NotEvaluated } from "./rules/ssda903.ts";

export type { Rule, RuleSource, ValidateOptions } from "./context.ts";

/** Every rule, DfE CIN first, then DfE 903, then this product's. */
export const RULES: readonly Rule[] = [...CIN_RULES, ...SSDA903_RULES, ...PRODUCT_RULES];

/** A published rule this product does not evaluate, with its message and why. */
export interface NotEvaluatedRule {
  code: string;
  source: RuleSource;
  message: string;
  reason: string;
}

export type { Supplied } from "./rules/ssda903.ts";

/**
 * DfE's rules not evaluated here (listed in the validation report): those
 * never evaluated, and those needing last year's return, the postcode
 * directory, the council's area or the provider list when `given` lacks it.
 */
export function notEvaluated(given: Supplied = {}): NotEvaluatedRule[] {
  return [
    ...CIN_NOT_EVALUATED.map((r) => ({ ...r, source: "DfE CIN" as const })),
    ...ssda903NotEvaluated(given).map((r) => ({ ...r, source: "DfE 903" as const })),
  ];
}

/** Issues listed per rule; beyond this one closing warning counts the rest. */
const MAX_ISSUES_PER_RULE = 5000;

/**
 * Validates canonical rows (keyed by table name, as the readers return
 * them). Never throws on bad data: a rule that fails is reported as an issue.
 */
export function validate(
  rows: Record<string, Row[]>,
  options: ValidateOptions = {},
  rules: readonly Rule[] = RULES,
): Issue[] {
  return findIssues(rows, options, rules).map((f) => f.issue);
}

/** An issue with the row it questions (absent for a rule's closing count or an internal failure). */
export interface Found {
  issue: Issue;
  table?: string;
  row?: Row;
}

/**
 * Like validate, keeping each issue's row (cross-source checks compare them).
 * `tally`, when given, counts each rule's findings across calls (a streamed
 * import validates its children a chunk at a time): the cap on listed
 * issues then applies to the whole import, and the closing counts come from
 * `closingIssues` once every chunk is done. `running`, when given, holds the
 * state of the rules about the whole return (Rule.whole): each call adds its
 * part to it, and `finishWhole` reports them after the last part.
 */
export function findIssues(
  rows: Record<string, Row[]>,
  options: ValidateOptions = {},
  rules: readonly Rule[] = RULES,
  tally?: Map<Rule, number>,
  running?: Map<Rule, unknown>,
): Found[] {
  const issues: Found[] = [];
  let ctx: ReturnType<typeof buildContext>;
  try {
    ctx = buildContext(rows, options);
  } catch (e) {
    return [
      {
        issue: internal(
          "",
          `validation could not index the records (${e instanceof Error ? e.message : String(e)}); please report it`,
        ),
      },
    ];
  }
  for (const rule of rules) {
    if (!inYear(rule.years, ctx.year)) continue;
    const count = { n: tally?.get(rule) ?? 0 };
    try {
      if (running && rule.whole) {
        const state = running.has(rule) ? running.get(rule) : rule.whole.start();
        running.set(rule, state);
        rule.whole.add(state, ctx);
      } else rule.check(ctx, emitter(rule, count, issues));
    } catch (e) {
      issues.push({ issue: failed(rule, e) });
    }
    if (tally) tally.set(rule, count.n);
    else if (count.n > MAX_ISSUES_PER_RULE) issues.push({ issue: closing(rule, count.n) });
  }
  return issues;
}

/**
 * The issues of the rules about the whole return, once findIssues has added
 * every part to `running`; counted in `tally` like the rest (closingIssues
 * comes after).
 */
export function finishWhole(running: ReadonlyMap<Rule, unknown>, tally: Map<Rule, number>): Found[] {
  const issues: Found[] = [];
  for (const [rule, state] of running) {
    const count = { n: tally.get(rule) ?? 0 };
    try {
      rule.whole!.finish(state, emitter(rule, count, issues));
    } catch (e) {
      issues.push({ issue: failed(rule, e) });
    }
    tally.set(rule, count.n);
  }
  return issues;
}

/** A rule's emit: each finding counted, and listed as an issue up to the cap. */
function emitter(rule: Rule, count: { n: number }, issues: Found[]): Emit {
  return (table, row, column, detail) => {
    count.n++;
    if (count.n > MAX_ISSUES_PER_RULE) return;
    const source = sourceOf(row);
    const value = row[column];
    const issue: Issue = {
      severity: rule.severity,
      file: source?.file ?? `(${table})`,
      ...(source?.sheet !== undefined ? { sheet: source.sheet } : {}),
      ...(source?.row !== undefined ? { row: source.row } : {}),
      ...(source?.line !== undefined ? { line: source.line } : {}),
      column: sourceColumn(table, row, column),
      value: value === null || value === undefined ? "" : String(value),
      rule: rule.code,
      message: `${rule.source === "product" ? "" : `${rule.source} ${rule.code}: `}${rule.message.trim()}${detail ? ` (${detail})` : ""}`,
      ...(rule.dfe ? { dfe: rule.dfe } : {}),
    };
    issues.push({ issue, table, row });
  };
}

function failed(rule: Rule, e: unknown): Issue {
  return internal(
    rule.code,
    `validation rule ${rule.code} failed (${e instanceof Error ? e.message : String(e)}) and was skipped; please report it`,
  );
}

/** The closing count of each rule whose findings, tallied over several findIssues calls, went past the cap. */
export function closingIssues(tally: ReadonlyMap<Rule, number>, rules: readonly Rule[] = RULES): Issue[] {
  return rules.flatMap((rule) => {
    const n = tally.get(rule) ?? 0;
    return n > MAX_ISSUES_PER_RULE ? [closing(rule, n)] : [];
  });
}

function closing(rule: Rule, n: number): Issue {
  return {
    severity: rule.severity,
    file: "",
    column: "",
    value: "",
    rule: rule.code,
    ...(rule.dfe ? { dfe: rule.dfe } : {}),
    message: `${n - MAX_ISSUES_PER_RULE} more records break rule ${rule.code} (${rule.message.trim()}); only the first ${MAX_ISSUES_PER_RULE} are listed`,
  };
}

function internal(rule: string, message: string): Issue {
  return { severity: "warning", file: "", column: "", value: "", rule: rule || "PRD-INTERNAL", message };
}
