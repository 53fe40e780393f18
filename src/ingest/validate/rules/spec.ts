/**
 * The shape of a published validation rule and the one way a rule set is
 * chosen by collection year.
 *
 * Why here: the CIN census and SSDA903 lists share it, and so do the
 * checks, the report's list of rules not evaluated and the tests that
 * hold the lists and the checks together.
 */
import type { DfeSeverity } from "../../issues.ts";
import type { Rule, Years } from "../context.ts";

export type { Years };

/** Collection years a rule applies to, by the year the collection ends (2025 = 2024/25); open ends run on. */

/** A rule as its publisher states it. */
export interface DfeRuleSpec {
  code: string;
  /** The publisher's message, word for word. */
  message: string;
  /** The fields or elements the rule names, as the return spells them. */
  fields: readonly string[];
  years: Years;
}

/** DfE's severity: codes ending Q are queries, the rest errors. */
export function dfeSeverity(code: string): DfeSeverity {
  return code.endsWith("Q") ? "query" : "error";
}

/** Whether a rule applies in a collection year; with no year known, the rules of the latest year apply. */
export function inYear(years: Years | undefined, year: number | undefined): boolean {
  if (!years) return true;
  if (year === undefined) return years.until === undefined;
  return (
    (years.from === undefined || year >= years.from) && (years.until === undefined || year <= years.until)
  );
}

/** A rule DfE publishes that this product does not evaluate, and why. */
export interface NotEvaluated {
  code: string;
  message: string;
  reason: string;
}

/** A check of a published rule: what it reads and how; its message, fields and years come from the list. */
export type Check = Pick<Rule, "code" | "severity" | "tables" | "check" | "whole">;

/** One rule per list entry that has a check (a code whose wording changed gives one per wording); two checks of one code run as one rule. */
export function rulesFromSpec(
  source: Rule["source"],
  spec: readonly DfeRuleSpec[],
  checks: readonly Check[],
): Rule[] {
  const byCode = new Map<string, Check>();
  for (const c of checks) {
    const first = byCode.get(c.code);
    if (first && (first.whole || c.whole))
      throw new Error(`rule ${c.code}: a whole-return check has one check only`);
    byCode.set(
      c.code,
      first
        ? {
            ...first,
            tables: [...new Set([...first.tables, ...c.tables])],
            check: (ctx, emit) => {
              first.check(ctx, emit);
              c.check(ctx, emit);
            },
          }
        : c,
    );
  }
  return spec.flatMap((s) => {
    const c = byCode.get(s.code);
    return c
      ? [{ ...c, source, message: s.message, fields: s.fields, years: s.years, dfe: dfeSeverity(s.code) }]
      : [];
  });
}
