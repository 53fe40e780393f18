/**
 * A council's performance framework: which indicators its scorecard shows,
 * in which sections and order, under which reference numbers and titles,
 * rated on which period type against which targets.
 *
 * Why a validated file: councils number and word their scorecards their own
 * way (Rotherham 2.1 … 12.2, Darlington CSC 001 … CSC 294) and change targets
 * mid-year; a mistyped id or a target pointing the wrong way must stop with
 * a message naming the field and the value, not produce a quietly wrong RAG.
 * An indicator not listed is hidden. The framework is written inline in
 * settings.json (`framework: {…}`) or in its own file named there
 * (`framework: "framework.json"`); without either, the product's default
 * framework (defaultFramework.ts) applies.
 *
 * Local indicators (agency staff %, vacancy rate, audit grades …) are
 * figures the council reports but that no child-level record gives. They
 * are declared here, under `local`, with what the catalogue states for its
 * own indicators (title, unit, polarity, kind, decimals), and placed in
 * sections like any other; their monthly values are imported (src/local).
 */
import { z } from "zod";
import { PERIOD_TYPES, type PeriodType } from "../calendar/periods.ts";
import { schemaError } from "../errors/userError.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import { type Indicator, POLARITIES, UNITS, type Unit } from "../indicators/define.ts";
import { type DirectionSettings, DirectionSettingsSchema } from "./direction.ts";
import { REFERENCE_NAMES, type ReferenceName } from "./references.ts";
import { type DatedTarget, indicatorTargetsSchema } from "./targets.ts";

/** The name `scorecard targets --import` gives a framework file it creates. */
export const FRAMEWORK_FILE = "framework.json";

function oneOfNames() {
  return { error: () => `compareWith is one of ${REFERENCE_NAMES.join(", ")}` };
}

const EntrySchema = z
  .object({
    id: z.string(),
    /** The council's reference number ("2.8", "CSC 022"); default: section.position. */
    ref: z.string().trim().min(1, "a reference number is not empty").optional(),
    /** The council's wording; default: the catalogue title. */
    title: z.string().trim().min(1, "a title is not empty").optional(),
    ratedOn: z.enum(PERIOD_TYPES).optional(),
    targets: z.array(z.unknown()).optional(),
    /** The benchmark the report compares this indicator with; default: the framework's `compareWith`. */
    compareWith: z.enum(REFERENCE_NAMES, oneOfNames()).optional(),
  })
  .strict();

/** Units a local indicator may have: the catalogue's, and `number` (a figure that is never summed, e.g. an average or a score). */
export const LOCAL_UNITS = [...UNITS, "number"] as const;
export type LocalUnit = (typeof LOCAL_UNITS)[number];

const oneOf = (what: string, values: readonly string[]) => ({
  error: () => `${what} is one of ${values.join(", ")}`,
});

const LocalSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, "an id is lower_snake_case: a-z, 0-9 and _, starting with a letter"),
    title: z.string().trim().min(1, "a local indicator needs a title"),
    unit: z.enum(LOCAL_UNITS, oneOf("unit", LOCAL_UNITS)),
    polarity: z.enum(POLARITIES, oneOf("polarity", POLARITIES)),
    kind: z.enum(
      ["flow", "stock"],
      oneOf("kind", ["flow (summed over a window)", "stock (a window's last month)"]),
    ),
    decimals: z
      .number()
      .int("decimals is a whole number")
      .min(0, "decimals is 0 to 3")
      .max(3, "decimals is 0 to 3")
      .optional(),
    definition: z.string().trim().min(1, "a definition is not empty").optional(),
  })
  .strict();

/** A local indicator as declared. */
export type LocalDeclaration = z.output<typeof LocalSchema>;

/** What the judge and the report need of an indicator: the catalogue's or a local declaration's. */
export type IndicatorInfo = Pick<
  Indicator,
  "id" | "title" | "polarity" | "unit" | "decimals" | "kind" | "definition"
>;

/** A validated local indicator. */
export interface LocalIndicator {
  id: string;
  title: string;
  /** As declared; `number` is shown as a count (IndicatorInfo.unit) but never summed. */
  unit: LocalUnit;
  polarity: Indicator["polarity"];
  kind: Indicator["kind"];
  decimals: number;
  definition: string;
}

/** The descriptive part of a local indicator, as the judge and report read indicators. */
export function localInfo(local: LocalIndicator): IndicatorInfo {
  const unit: Unit = local.unit === "number" ? "count" : local.unit;
  return {
    ...local,
    unit,
    definition: `Local indicator (monthly figures entered by the council). ${local.definition}`,
  };
}

const FrameworkSchema = z
  .object({
    name: z.string().optional(),
    direction: DirectionSettingsSchema.default({ basis: "previous", noChangeWithin: 0 }),
    /** The benchmark every indicator is compared with unless its entry says otherwise. */
    compareWith: z.enum(REFERENCE_NAMES, oneOfNames()).default("sn_average"),
    local: z.array(LocalSchema).optional(),
    sections: z
      .array(
        z
          .object({
            title: z.string().trim().min(1, "a section needs a title"),
            indicators: z.array(EntrySchema).min(1, "a section lists at least one indicator"),
          })
          .strict(),
      )
      .min(1, "a framework has at least one section"),
  })
  .strict()
  .superRefine((fw, ctx) => {
    const ids = new Map<string, string>();
    const refs = new Map<string, string>();
    const locals = new Map<string, LocalDeclaration>();
    fw.local?.forEach((decl, k) => {
      const clash = findIndicator(decl.id);
      if (clash) {
        ctx.addIssue({
          code: "custom",
          path: ["local", k, "id"],
          message: `clashes with the catalogue indicator "${clash.title}": a local indicator needs an id of its own`,
        });
        return;
      }
      const first = fw.local!.findIndex((d) => d.id === decl.id);
      if (first !== k) {
        ctx.addIssue({
          code: "custom",
          path: ["local", k, "id"],
          message: `declared twice (first at local.${first})`,
        });
        return;
      }
      locals.set(decl.id, decl);
    });
    fw.sections.forEach((section, s) => {
      section.indicators.forEach((entry, k) => {
        const at = ["sections", s, "indicators", k];
        const where = `sections.${s}.indicators.${k}`;
        const ref = entry.ref ?? `${s + 1}.${k + 1}`;
        const refAt = refs.get(ref);
        if (refAt) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "ref"],
            message: `reference number "${ref}" is already used at ${refAt}`,
          });
        } else refs.set(ref, where);
        const ind = findIndicator(entry.id) ?? locals.get(entry.id);
        if (!ind) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "id"],
            message: fw.local?.some((d) => d.id === entry.id)
              ? "its local declaration has a problem (see local)"
              : "no such indicator in the catalogue (see scorecard indicators) nor declared under local",
          });
          return;
        }
        const firstAt = ids.get(entry.id);
        if (firstAt) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "id"],
            message: `listed twice (first at ${firstAt})`,
          });
        } else ids.set(entry.id, where);
        if (entry.targets !== undefined) {
          const r = indicatorTargetsSchema(ind.polarity).safeParse({
            ratedOn: entry.ratedOn,
            targets: entry.targets,
          });
          if (!r.success) {
            for (const issue of r.error.issues) {
              ctx.addIssue({
                code: "custom",
                path: [...at, ...(issue.path as (string | number)[])],
                message: `${issue.message} (${ind.id} is ${ind.polarity === "info" ? "an information measure" : `polarity ${ind.polarity}`})`,
              });
            }
          }
        }
      });
    });
  });

/** A framework as written. */
export type FrameworkInput = z.input<typeof FrameworkSchema>;

/** One indicator as the council's scorecard shows it. */
export interface FrameworkIndicator {
  id: string;
  ref: string;
  title: string;
  indicator: IndicatorInfo;
  /** Set for a local indicator: its declaration (values imported, not computed). */
  local?: LocalIndicator;
  /** The period type its RAG is rated on ("RAG (in month unless stated)"). */
  ratedOn: PeriodType;
  /** Its targets with the dates they take effect, oldest first; empty: not rated (grey). */
  targets: DatedTarget[];
  /** The benchmark the report compares it with. */
  compareWith: ReferenceName;
}

/** A validated framework. */
export interface Framework {
  name: string;
  direction: DirectionSettings;
  /** The benchmark indicators are compared with unless their entry says otherwise. */
  compareWith: ReferenceName;
  /** Every declared local indicator, placed in a section or not. */
  local: LocalIndicator[];
  sections: { title: string; indicators: FrameworkIndicator[] }[];
}

/**
 * Validates a framework, turning every problem into one line naming where
 * it is (`source: field.path: message (found value)`). `prefix` is the path
 * of the framework inside its file (["framework"] when inline in settings).
 */
export function parseFramework(raw: unknown, source = FRAMEWORK_FILE, prefix: string[] = []): Framework {
  const result = FrameworkSchema.safeParse(raw);
  if (!result.success) throw schemaError(raw, result.error.issues, source, prefix);
  const fw = result.data;
  const local = (fw.local ?? []).map(
    (d): LocalIndicator => ({
      id: d.id,
      title: d.title,
      unit: d.unit,
      polarity: d.polarity,
      kind: d.kind,
      decimals: d.decimals ?? (d.unit === "count" ? 0 : 1),
      definition: d.definition ?? d.title,
    }),
  );
  const localById = new Map(local.map((l) => [l.id, l]));
  return {
    name: fw.name ?? "",
    direction: fw.direction,
    compareWith: fw.compareWith,
    local,
    sections: fw.sections.map((section, s) => ({
      title: section.title,
      indicators: section.indicators.map((entry, k) => {
        const declared = localById.get(entry.id);
        const indicator = findIndicator(entry.id) ?? localInfo(declared!);
        const targets = entry.targets
          ? indicatorTargetsSchema(indicator.polarity).parse({ targets: entry.targets }).targets
          : [];
        return {
          id: entry.id,
          ref: entry.ref ?? `${s + 1}.${k + 1}`,
          title: entry.title ?? indicator.title,
          indicator,
          ...(declared ? { local: declared } : {}),
          ratedOn: entry.ratedOn ?? "month",
          targets: [...targets].sort((a, b) => a.from.localeCompare(b.from)),
          compareWith: entry.compareWith ?? fw.compareWith,
        };
      }),
    })),
  };
}

/** Every indicator of the framework, in report order. */
export function frameworkIndicators(fw: Framework): FrameworkIndicator[] {
  return fw.sections.flatMap((s) => s.indicators);
}
