/**
 * Flows through the system for one period (issue 10, "Flows"): contact →
 * referral → assessment → strategy discussion → S47 → ICPC → CP plan, and
 * into and out of care, as Darlington's report draws them.
 *
 * Why every number is an indicator's stored figure: the flow must agree
 * with the scorecard to the unit. A step's count is its count
 * indicator's figure; a conversion rate is its percentage indicator's
 * figure (which has its own cohort: "of referrals in the period, those
 * with a linked assessment" is not assessments ÷ referrals). Where the
 * catalogue has no indicator for a conversion, the step says so and no
 * rate is derived by dividing one count by another.
 */
import type { IsoDate } from "../calendar/dates.ts";
import type { PeriodType } from "../calendar/periods.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import type { FigureLookup } from "./figures.ts";
import { type Published, publishCount, publishFigure } from "./suppress.ts";

/** A conversion rate taken from a percentage indicator. */
export interface Conversion {
  indicator: string;
  /** The indicator's definition: what the percentage is of. */
  definition: string;
  percent: Published;
  numerator: Published;
  denominator: Published;
  /** False when no figure was stored for the period. */
  stored: boolean;
}

/** One step of the child protection pathway. */
export interface FlowStep {
  label: string;
  /** The count indicator backing the step. */
  indicator: string;
  count: Published;
  stored: boolean;
  /** How the step follows from the one before: a conversion indicator, or a note that none exists; null for the first step. */
  from: Conversion | { indicator: null; note: string } | null;
}

/** A count taken from one indicator. */
export interface FlowCount {
  label: string;
  indicator: string;
  count: Published;
  stored: boolean;
}

/** The flows of one period. */
export interface Flows {
  periodType: PeriodType;
  periodEnd: IsoDate;
  pathway: FlowStep[];
  care: { started: FlowCount; ceased: FlowCount; lookedAfterAtEnd: FlowCount };
}

/** Which indicator backs each step and each conversion (null: the catalogue has none). */
export const PATHWAY: readonly { label: string; indicator: string; conversion: string | null }[] = [
  { label: "Contacts", indicator: "contacts", conversion: null },
  { label: "Referrals", indicator: "referrals", conversion: "contacts_to_referral_pct" },
  {
    label: "Assessments completed",
    indicator: "assessments_completed",
    conversion: "referrals_to_assessment_pct",
  },
  { label: "Strategy discussions", indicator: "strategy_discussions", conversion: null },
  { label: "Section 47 enquiries", indicator: "s47_enquiries", conversion: null },
  { label: "Children subject to an ICPC", indicator: "icpc_children", conversion: "s47_to_icpc_pct" },
  { label: "CP plans started", indicator: "cpp_starts", conversion: "icpc_to_cpp_pct" },
];

/** The indicators backing the care flows. */
export const CARE = {
  started: { label: "Started to be looked after", indicator: "cla_starts" },
  ceased: { label: "Ceased to be looked after", indicator: "cla_ceased" },
  lookedAfterAtEnd: { label: "Looked after at the period end", indicator: "cla_open" },
} as const;

/**
 * The flows for the period of `periodType` ending `periodEnd`, from the
 * stored figures. With `publish`, counts of 1–4 read `<5` and a
 * conversion rate with a suppressed part is blank.
 */
export function flows(
  figures: FigureLookup,
  periodType: PeriodType,
  periodEnd: IsoDate,
  options: { publish?: boolean } = {},
): Flows {
  const publish = options.publish ?? false;
  const count = (label: string, indicator: string): FlowCount => {
    const f = figures(indicator, periodType, periodEnd);
    const n = f?.value ?? null;
    return { label, indicator, count: publish ? publishCount(n) : n, stored: f !== undefined };
  };
  const pathway = PATHWAY.map((step, i): FlowStep => {
    const c = count(step.label, step.indicator);
    let from: FlowStep["from"] = null;
    if (i > 0) {
      const before = PATHWAY[i - 1]!.label.toLowerCase();
      from =
        step.conversion === null
          ? { indicator: null, note: `no indicator measures the conversion from ${before}` }
          : conversion(step.conversion);
    }
    return { ...c, from };
  });
  function conversion(indicator: string): Conversion {
    const f = figures(indicator, periodType, periodEnd);
    const parts = {
      value: f?.value ?? null,
      numerator: f?.numerator ?? null,
      denominator: f?.denominator ?? null,
    };
    const shown = publish ? publishFigure("percent", parts) : parts;
    return {
      indicator,
      definition: findIndicator(indicator)?.definition ?? "",
      percent: shown.value,
      numerator: shown.numerator,
      denominator: shown.denominator,
      stored: f !== undefined,
    };
  }
  return {
    periodType,
    periodEnd,
    pathway,
    care: {
      started: count(CARE.started.label, CARE.started.indicator),
      ceased: count(CARE.ceased.label, CARE.ceased.indicator),
      lookedAfterAtEnd: count(CARE.lookedAfterAtEnd.label, CARE.lookedAfterAtEnd.indicator),
    },
  };
}
