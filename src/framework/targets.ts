/**
 * Targets and tolerances: what an indicator's value is judged against.
 *
 * Why: the seed reports judge figures in five ways — a threshold with an
 * amber band ("red < 83%, amber 83–86%, green ≥ 86%"), a band around a
 * reference value ("green within ±5 of 73.5, amber within ±10"), a range
 * where too low is also a concern ("8%–12%"), a bare target (met or not),
 * and none (information only). Each is a plain, validated object so a
 * council's settings file can state it, and each carries the date it takes
 * effect, because targets change mid-year ("agreed Dec 17 to reduce target
 * from 95% to 85%"). Values are in the indicator's unit: a percentage is
 * written 86, not 0.86. Which way a threshold or bare target points follows
 * the indicator's polarity, so it is checked against the polarity here.
 */
import { z } from "zod";
import { type IsoDate, isIsoDate } from "../calendar/dates.ts";
import { PERIOD_TYPES } from "../calendar/periods.ts";
import type { Polarity } from "../indicators/define.ts";

/** A reference value: a number, or the name of a benchmark the caller resolves (e.g. "sn_average"). */
export const ReferenceSchema = z.union([
  z.number(),
  z.string().regex(/^[a-z][a-z0-9_]*$/, 'a benchmark name is lower_snake_case, e.g. "sn_average"'),
]);

const tolerance = z.number().min(0, "a tolerance is not negative");

/**
 * Threshold: `green` is where green starts, `amber` where amber starts (the
 * red/amber boundary; omitted, there is no amber band). High polarity:
 * green ≥ green, amber ≥ amber, else red. Low polarity: green ≤ green,
 * amber ≤ amber, else red.
 */
const ThresholdShape = {
  form: z.literal("threshold"),
  green: z.number(),
  amber: z.number().optional(),
};

/** Band: green within ±`green` of the reference, amber within ±`amber` (default: no amber band), red beyond. */
const BandShape = {
  form: z.literal("band"),
  reference: ReferenceSchema,
  green: tolerance,
  amber: tolerance.optional(),
};

/**
 * Range: green from `low` to `high`; amber up to `amberBelow` under `low` or
 * `amberAbove` over `high` (default 0: no amber that side); red beyond.
 */
const RangeShape = {
  form: z.literal("range"),
  low: z.number(),
  high: z.number(),
  amberBelow: tolerance.optional(),
  amberAbove: tolerance.optional(),
};

/** Target only: met (at or beyond it in the polarity's direction) is green, else red. */
const TargetOnlyShape = { form: z.literal("target"), target: z.number() };

/** None: information only, grey. */
const NoneShape = { form: z.literal("none") };

/** A target in any form, without its date. */
export const TargetSchema = z.discriminatedUnion("form", [
  z.object(ThresholdShape).strict(),
  z.object(BandShape).strict(),
  z.object(RangeShape).strict(),
  z.object(TargetOnlyShape).strict(),
  z.object(NoneShape).strict(),
]);

/** A target, in one of the five forms. */
export type Target = z.infer<typeof TargetSchema>;
export type TargetForm = Target["form"];

const dated = {
  from: z.string().refine(isIsoDate, "a date is written YYYY-MM-DD"),
  note: z.string().optional(),
};

/** A target with the date it takes effect (and, optionally, why it was set). */
export const DatedTargetSchema = z.discriminatedUnion("form", [
  z.object({ ...ThresholdShape, ...dated }).strict(),
  z.object({ ...BandShape, ...dated }).strict(),
  z.object({ ...RangeShape, ...dated }).strict(),
  z.object({ ...TargetOnlyShape, ...dated }).strict(),
  z.object({ ...NoneShape, ...dated }).strict(),
]);

/** A target with the date it takes effect. */
export type DatedTarget = z.infer<typeof DatedTargetSchema>;

/** How an indicator is rated: on which period type ("RAG (in month unless stated)"), against which targets. */
const IndicatorTargetsShape = z
  .object({
    ratedOn: z.enum(PERIOD_TYPES).default("month"),
    targets: z.array(DatedTargetSchema).min(1, "give at least one target (or form none)"),
  })
  .strict();

/** An indicator's targets as validated. */
export type IndicatorTargets = z.infer<typeof IndicatorTargetsShape>;
/** An indicator's targets as written (ratedOn optional). */
export type IndicatorTargetsInput = z.input<typeof IndicatorTargetsShape>;

/**
 * Problems with a target for an indicator of this polarity, as sentences;
 * empty when it is sound. Information measures take no target; thresholds
 * and bare targets need a direction (high or low); bands and ranges need
 * their edges in order.
 */
export function targetProblems(target: Target, polarity: Polarity): string[] {
  if (target.form === "none") return [];
  if (polarity === "info") {
    return [`an information measure is not rated: use form "none" (found form "${target.form}")`];
  }
  switch (target.form) {
    case "threshold": {
      if (polarity === "range") return ['a threshold needs polarity high or low; use form "range" or "band"'];
      const amber = target.amber ?? target.green;
      if (polarity === "high" && amber > target.green) {
        return [`high is good, so amber (${amber}) must not be above green (${target.green})`];
      }
      if (polarity === "low" && amber < target.green) {
        return [`low is good, so amber (${amber}) must not be below green (${target.green})`];
      }
      return [];
    }
    case "target":
      return polarity === "range" ? ['a bare target needs polarity high or low; use form "range"'] : [];
    case "band":
      return (target.amber ?? target.green) < target.green
        ? [`the amber band (±${target.amber}) must not be narrower than the green band (±${target.green})`]
        : [];
    case "range":
      return target.low > target.high ? [`low (${target.low}) must not be above high (${target.high})`] : [];
  }
}

/**
 * The schema for an indicator's targets, checked against its polarity:
 * each problem is reported at the path of the target it concerns, and two
 * targets may not take effect on the same date.
 */
export function indicatorTargetsSchema(polarity: Polarity) {
  return IndicatorTargetsShape.superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.targets.forEach((target, i) => {
      for (const message of targetProblems(target, polarity)) {
        ctx.addIssue({ code: "custom", path: ["targets", i], message });
      }
      if (seen.has(target.from)) {
        ctx.addIssue({
          code: "custom",
          path: ["targets", i, "from"],
          message: `two targets take effect on ${target.from}`,
        });
      }
      seen.add(target.from);
    });
  });
}

/**
 * The target in force at `periodEnd`: the one with the latest `from` on or
 * before it (a period is judged against the target in force when it ends,
 * so a year to date ending in December is judged against a target agreed
 * on 1 December). Undefined before the first target takes effect.
 */
export function targetInForce(targets: readonly DatedTarget[], periodEnd: IsoDate): DatedTarget | undefined {
  let best: DatedTarget | undefined;
  for (const t of targets) {
    if (t.from <= periodEnd && (best === undefined || t.from > best.from)) best = t;
  }
  return best;
}

/** The benchmark a band target is measured around, when it names one rather than giving a number. */
export function referenceName(target: Target): string | undefined {
  return target.form === "band" && typeof target.reference === "string" ? target.reference : undefined;
}

/**
 * The target and tolerances in words, as the reports' "Target and
 * Tolerances" column shows them (numbers in the indicator's unit, no unit sign).
 */
export function describeTarget(target: Target, polarity: Polarity): string {
  switch (target.form) {
    case "none":
      return "no target (information)";
    case "target":
      return `target ${polarity === "low" ? "≤" : "≥"} ${target.target}`;
    case "threshold": {
      const { green } = target;
      const amber = target.amber ?? green;
      const [worse, atLeast] = polarity === "low" ? [">", "≤"] : ["<", "≥"];
      if (amber === green) return `red ${worse} ${green}, green ${atLeast} ${green}`;
      const band = polarity === "low" ? `${green}–${amber}` : `${amber}–${green}`;
      return `red ${worse} ${amber}, amber ${band}, green ${atLeast} ${green}`;
    }
    case "band": {
      const amber = target.amber ?? target.green;
      const around = `of ${target.reference}`;
      return amber === target.green
        ? `green within ±${target.green} ${around}, red beyond`
        : `green within ±${target.green} ${around}, amber within ±${amber}, red beyond`;
    }
    case "range": {
      const parts = [`green ${target.low}–${target.high}`];
      const below = target.amberBelow ?? 0;
      const above = target.amberAbove ?? 0;
      if (below > 0 && below === above) parts.push(`amber within ${below} either side`);
      else {
        if (below > 0) parts.push(`amber within ${below} below`);
        if (above > 0) parts.push(`amber within ${above} above`);
      }
      parts.push("red beyond");
      return parts.join(", ");
    }
  }
}
