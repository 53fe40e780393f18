/**
 * An indicator declared as data.
 *
 * Why: indicators.md is the contract; each indicator here restates one row
 * of it — id, title, polarity, unit, kind — and gives the rows behind it:
 * one SQL query over the canonical tables returning, per child or event,
 * its date and whether it counts in the numerator and denominator (and why
 * not). The engine alone turns rows into figures for every period type, so
 * windows are never re-implemented per indicator, and `explain` lists the
 * very rows a figure was computed from.
 *
 * Row query contract (columns, in any order):
 *   la_code        VARCHAR  council
 *   child_id       VARCHAR  person id
 *   event_id       VARCHAR  the record behind the row (referral id, plan id …)
 *   event_date     DATE     flow: the date that places the row in a period
 *   snapshot_date  DATE     stock: the month end the row is evaluated at
 *                           (the query reads month ends from `_snapshots(snapshot_date)`)
 *   in_numerator   BOOLEAN
 *   in_denominator BOOLEAN
 *   value          DOUBLE   days (mean indicators), FTE (caseloads), else NULL
 *   reason         VARCHAR  why the row is not in the numerator or denominator
 *   detail         VARCHAR  the dates and facts an analyst needs to check the row
 *   dim_<name>     any      a breakdown the rows carry (see `dimensions`)
 *
 * The query is asked for one of two forms of the same rows (`RowForm`): "rows" for
 * explain and breakdowns, with every column; "figures" for compute, where reason,
 * detail and dim_* may be NULL. Only text and breakdown columns may differ between
 * the two (sql.ts `forRows`): a row's date, flags and value are the same expressions,
 * so a figure is always the aggregate of the rows explain lists.
 */
import { z } from "zod";

export const AREAS = [
  "Front door",
  "Assessments",
  "Strategy discussions, S47 enquiries and conferences",
  "Child protection",
  "Children in need",
  "Children looked after",
  "Care leavers",
  "Missing",
  "Adoption",
  "Workforce and allocation",
] as const;
export type Area = (typeof AREAS)[number];

/** Good performance is: high, low, information only, or within a range. */
export const POLARITIES = ["high", "low", "info", "range"] as const;
export type Polarity = (typeof POLARITIES)[number];

/**
 * count: numerator rows (or distinct children); percent: 100 × numerator ÷ denominator rows;
 * rate10k: numerator ÷ 0–17 population × 10,000; days: mean of `value` over denominator rows;
 * ratio: numerator rows ÷ sum of `value` over denominator rows (caseload per FTE).
 */
export const UNITS = ["count", "percent", "rate10k", "days", "ratio"] as const;
export type Unit = (typeof UNITS)[number];

export const UNIT_LABELS: Record<Unit, string> = {
  count: "Count",
  percent: "Percentage",
  rate10k: "Rate per 10,000",
  days: "Average days",
  ratio: "Average",
};

export const POLARITY_LABELS: Record<Polarity, string> = {
  high: "High",
  low: "Low",
  info: "Info",
  range: "Within range",
};

/**
 * Which form of its rows a row query returns: "rows" has every column (explain, breakdowns);
 * "figures" only needs the columns a figure is computed from, so text and breakdown
 * columns may be NULL and the work behind them skipped.
 */
export type RowForm = "rows" | "figures";

/** Local standards and options an indicator's rows may depend on (resolved settings). */
export interface IndicatorOptions {
  /** CP visits: maximum working days since the last visit (default 10). */
  cpVisitWorkingDays: number;
  /** Looked-after visits: "national" minimum, or a fixed local interval in days (e.g. 28). */
  claVisitStandard: "national" | { everyDays: number };
  /** Assessment timeliness measured from the assessment start (CIN census) or the referral date. */
  assessmentClockStartsAt: "assessment_start" | "referral";
  /** Care leavers: ages counted (default 19–21; a 17–18 variant is a setting). */
  careLeaverAges: readonly [number, number];
}

export const DEFAULT_OPTIONS: IndicatorOptions = {
  cpVisitWorkingDays: 10,
  claVisitStandard: "national",
  assessmentClockStartsAt: "assessment_start",
  careLeaverAges: [19, 21],
};

const IndicatorSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, "ids are lower_snake_case"),
    title: z.string().min(3),
    area: z.enum(AREAS),
    definition: z.string().min(10),
    polarity: z.enum(POLARITIES),
    unit: z.enum(UNITS),
    decimals: z.number().int().min(0).max(3),
    kind: z.enum(["flow", "stock"]),
    countDistinctChildren: z.boolean().default(false),
    reference: z.string().optional(),
    uses: z.array(z.object({ name: z.string() }).passthrough()).optional(),
    dimensions: z.array(z.string().regex(/^[a-z][a-z_]*$/)).optional(),
    dueDate: z.boolean().optional(),
    rows: z.function(),
  })
  .superRefine((ind, ctx) => {
    if (ind.countDistinctChildren && ind.kind === "stock") {
      ctx.addIssue({
        code: "custom",
        message: "stock rows are one per child already; countDistinctChildren is for flows",
      });
    }
  });

/**
 * A building block several indicators share (e.g. "children looked after at each month
 * end, with their period of care and legal status"): declared once, materialised once
 * per computation as a temp table named `name`, which row queries then read by name.
 * Its query may read `_snapshots` and the relations it `uses`.
 */
export interface SharedRelation {
  name: string;
  description: string;
  uses?: readonly SharedRelation[];
  sql: (options: IndicatorOptions) => string;
}

/**
 * Declares a shared relation; names start with `_rel_` so they cannot clash with tables.
 *
 * @example
 *   // CP plans open at each month end, read by several indicators' row queries
 *   const plansAt = defineRelation({
 *     name: "_rel_cp_plans_at",
 *     description: "CP plans open at each month end",
 *     sql: () => `
 *       SELECT p.*, s.snapshot_date
 *       FROM ssd_cp_plans p JOIN _snapshots s ON s.la_code = p.la_code
 *         AND s.snapshot_date >= p.cppl_cp_plan_start_date
 *         AND s.snapshot_date < coalesce(p.cppl_cp_plan_end_date, DATE '9999-12-31')`,
 *   });
 *   // an indicator lists it in `uses` and reads it by name: `FROM _rel_cp_plans_at`
 */
export function defineRelation(relation: SharedRelation): SharedRelation {
  if (!/^_rel_[a-z0-9_]+$/.test(relation.name)) {
    throw new Error(`shared relation ${relation.name}: names are _rel_ followed by lower_snake_case`);
  }
  return relation;
}

/** Every relation the indicators use, each after the relations it uses. */
export function relationsInOrder(indicators: readonly Pick<Indicator, "uses">[]): SharedRelation[] {
  const ordered: SharedRelation[] = [];
  const visit = (r: SharedRelation) => {
    if (ordered.includes(r)) return;
    for (const dep of r.uses ?? []) visit(dep);
    ordered.push(r);
  };
  for (const ind of indicators) for (const r of ind.uses) visit(r);
  return ordered;
}

/** What an indicator declaration gives. */
export interface IndicatorInput {
  id: string;
  title: string;
  area: Area;
  /** The definition, in the words of indicators.md. */
  definition: string;
  polarity: Polarity;
  unit: Unit;
  decimals: number;
  kind: "flow" | "stock";
  /** Flow counts of children rather than events (e.g. children subject to an ICPC). */
  countDistinctChildren?: boolean;
  /** LAIT measure or DfE table the definition follows. */
  reference?: string;
  /** Shared relations the row query reads by name. */
  uses?: readonly SharedRelation[];
  /** The row query (see the module comment), given the resolved options and the form asked for. */
  rows: (options: IndicatorOptions, form: RowForm) => string;
  /**
   * Breakdowns the rows carry themselves (engine/breakdown.ts): for each name the row
   * query returns a column `dim_<name>` (NULL where unknown).
   */
  dimensions?: readonly string[];
  /**
   * The "rows" form returns a column `due_date` (DATE): when what the row counts
   * against was or is due (NULL where nothing is), for the exception lists.
   */
  dueDate?: boolean;
}

/** A validated indicator. */
export type Indicator = Required<Omit<IndicatorInput, "reference" | "dimensions" | "dueDate">> & {
  reference?: string;
  dimensions?: readonly string[];
  dueDate?: boolean;
};

/**
 * Declares an indicator, validating the declaration (a bad one fails at start-up, not in a report).
 * Add it to CATALOGUE (catalogue.ts) and to indicators.md; the engine computes it for every
 * period type and `explain` lists its rows.
 *
 * @example
 *   export const s47Enquiries = defineIndicator({
 *     id: "s47_enquiries",
 *     title: "Section 47 enquiries started",
 *     area: "Strategy discussions, S47 enquiries and conferences",
 *     definition: "S47 enquiries with start date in the period.",
 *     polarity: "info",
 *     unit: "count",
 *     decimals: 0,
 *     kind: "flow",
 *     dimensions: ["outcome"],
 *     // one row per enquiry: its date places it in a period; the flags say whether it counts
 *     rows: () => `
 *       SELECT la_code, s47e_person_id AS child_id, s47e_s47_enquiry_id AS event_id,
 *         s47e_s47_start_date AS event_date, true AS in_numerator, true AS in_denominator,
 *         NULL::DOUBLE AS value, NULL AS reason, 'S47 enquiry' AS detail,
 *         s47e_s47_outcome_json AS dim_outcome
 *       FROM ssd_s47_enquiry WHERE s47e_s47_start_date IS NOT NULL`,
 *   });
 */
export function defineIndicator(input: IndicatorInput): Indicator {
  const parsed = IndicatorSchema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join(".") || "(indicator)"}: ${i.message}`)
      .join("; ");
    throw new Error(`indicator ${input.id}: ${detail}`);
  }
  return { ...input, countDistinctChildren: input.countDistinctChildren ?? false, uses: input.uses ?? [] };
}

/** The rate per 10,000 twin of a count indicator: the same rows over the 0–17 population. */
export function ratePer10k(
  base: Indicator,
  fields: Pick<IndicatorInput, "id" | "title" | "definition"> & Partial<IndicatorInput>,
): Indicator {
  return defineIndicator({ ...base, decimals: 1, unit: "rate10k", ...fields, rows: base.rows });
}
