/**
 * The workspace settings file: council, 0–17 population by financial year,
 * local standards, the council's performance framework and the council
 * whose benchmarks it is compared with. A workspace of several councils (a
 * regional alliance) lists them under `councils`, each with its own 0–17
 * population; standards and framework are then the workspace's, shared.
 *
 * Why a file validated here: councils differ (CP visits every 10 working
 * days or every 2 weeks; looked-after visits at the national minimum or
 * 4-weekly). Each difference is a named setting with the indicators.md
 * default, checked with a message that names the field and the value.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { financialYearLabel, parseFinancialYearLabel } from "../calendar/financialYear.ts";
import { schemaError, UserError } from "../errors/userError.ts";
import { DEFAULT_OPTIONS, type IndicatorOptions } from "../indicators/define.ts";

/** The local standards as settings write them, at the indicators.md defaults (DEFAULT_OPTIONS). */
const DEFAULT_STANDARDS = {
  cpVisitWorkingDays: DEFAULT_OPTIONS.cpVisitWorkingDays,
  claVisits: DEFAULT_OPTIONS.claVisitStandard,
  assessmentClockStartsAt: DEFAULT_OPTIONS.assessmentClockStartsAt,
  careLeaverAges: [DEFAULT_OPTIONS.careLeaverAges[0], DEFAULT_OPTIONS.careLeaverAges[1]] as [number, number],
};

const LA_CODE = z.string().regex(/^\d{3}$/, "the LA code is DfE's 3-digit code, e.g. 372 (written as text)");

const POPULATION = z
  .record(z.string(), z.number().int("a population is a whole number").positive("a population is positive"))
  .superRefine((population, ctx) => {
    for (const year of Object.keys(population)) {
      if (parseFinancialYearLabel(year) === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `"${year}" is not a financial year; write years like "2024-25"`,
        });
      }
    }
  });

const COUNCIL = z
  .object({
    name: z.string().trim().min(1, "the council's name is required"),
    laCode: LA_CODE,
  })
  .strict();

const SettingsSchema = z
  .object({
    council: COUNCIL.optional(),
    population: POPULATION.optional(),
    /** Several councils in one workspace, each with its 0–17 population (instead of council and population). */
    councils: z
      .array(COUNCIL.extend({ population: POPULATION }).strict())
      .min(1, "list at least one council")
      .optional(),
    standards: z
      .object({
        cpVisitWorkingDays: z.number().int().min(1).max(60).default(DEFAULT_OPTIONS.cpVisitWorkingDays),
        claVisits: z
          .union([z.literal("national"), z.object({ everyDays: z.number().int().min(1).max(180) }).strict()])
          .default(DEFAULT_STANDARDS.claVisits),
        assessmentClockStartsAt: z
          .enum(["assessment_start", "referral"])
          .default(DEFAULT_STANDARDS.assessmentClockStartsAt),
        careLeaverAges: z
          .tuple([z.number().int().min(16).max(25), z.number().int().min(16).max(25)])
          .refine(([a, b]) => a <= b, { message: "the first age must not be above the second" })
          .default(DEFAULT_STANDARDS.careLeaverAges),
      })
      .strict()
      .default(DEFAULT_STANDARDS),
    /**
     * The performance framework (sections, numbering, titles, targets): a
     * file name relative to the workspace folder (e.g. "framework.json"),
     * or the framework written inline. Absent: the product's default.
     * Checked in detail by framework/config.ts.
     */
    framework: z
      .union([
        z.string().trim().min(1, 'name the framework file, e.g. "framework.json"'),
        z.record(z.string(), z.unknown()),
      ])
      .optional(),
    benchmarks: z
      .object({
        /** Whose statistical neighbours, quartile and region to compare with (default: the council itself). */
        council: z
          .string()
          .regex(/^\d{3}$/, "the benchmark council is DfE's 3-digit LA code, e.g. 372 (written as text)")
          .optional(),
        /** Statistical-neighbour average: mean of neighbours with a value (LAIT) or their median (DfE's dashboard). */
        snMethod: z.enum(["mean", "median"]).default("mean"),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const issue = (path: string[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (s.councils) {
      if (s.council || s.population)
        issue(
          ["councils"],
          'write either "council" and "population" (one council) or "councils" (several), not both',
        );
      const seen = new Set<string>();
      for (const [i, c] of s.councils.entries()) {
        if (seen.has(c.laCode)) issue(["councils", String(i), "laCode"], `LA ${c.laCode} is listed twice`);
        seen.add(c.laCode);
      }
      if (s.councils.length > 1 && s.benchmarks?.council !== undefined)
        issue(
          ["benchmarks", "council"],
          "with several councils each is compared with its own statistical neighbours: leave benchmarks.council out",
        );
      return;
    }
    if (!s.council)
      issue(
        ["council"],
        'the council is required: "council": {"name": …, "laCode": …} (or a "councils" list)',
      );
    if (!s.population) issue(["population"], "the 0–17 population by financial year is required");
  })
  .transform((s) => {
    const { councils: listed, council, population, ...shared } = s;
    const councils = listed ?? [{ ...council!, population: population! }];
    const first = councils[0]!;
    return {
      ...shared,
      council: { name: first.name, laCode: first.laCode },
      population: first.population,
      councils,
    };
  });

/**
 * Validated settings. `councils` lists every council of the workspace;
 * `council` and `population` are the one a command works on (the first
 * until openWorkspace chooses one, see forCouncil).
 */
export type Settings = z.infer<typeof SettingsSchema>;
/** One council of the workspace, with its 0–17 population by financial year. */
export type CouncilSettings = Settings["councils"][number];
/** Settings as written in the file (standards optional). */
export type SettingsInput = z.input<typeof SettingsSchema>;

/** The name of the settings file inside a workspace folder. */
export const SETTINGS_FILE = "settings.json";

/** Validates settings, turning every problem into one line naming the field and the value. */
export function parseSettings(raw: unknown, source = SETTINGS_FILE): Settings {
  const result = SettingsSchema.safeParse(raw);
  if (result.success) return result.data;
  throw schemaError(raw, result.error.issues, source);
}

/** Reads and validates a settings file. */
export function readSettings(path: string): Settings {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UserError(
      `${path}: cannot read the settings file (is this a workspace made by "scorecard init"?)`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new UserError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  return parseSettings(raw, path);
}

/**
 * The settings as the file writes them: one council as `council` and
 * `population`, several as `councils`.
 */
export function settingsFile(settings: Settings): SettingsInput {
  const { council: _chosen, population: _population, councils, ...shared } = settings;
  if (councils.length > 1) return { ...shared, councils };
  const only = councils[0]!;
  return { ...shared, council: { name: only.name, laCode: only.laCode }, population: only.population };
}

/** The settings with `council` and `population` those of the council `laCode` (one of `councils`). */
export function forCouncil(settings: Settings, laCode: string): Settings {
  const c = settings.councils.find((x) => x.laCode === laCode);
  if (!c)
    throw new UserError(`LA ${laCode} is not one of the workspace's councils (${councilList(settings)})`);
  return { ...settings, council: { name: c.name, laCode: c.laCode }, population: c.population };
}

/** The workspace's councils for a message: "370 Barnsley, 372 Rotherham". */
export function councilList(settings: Settings): string {
  return settings.councils.map((c) => `${c.laCode} ${c.name}`).join(", ");
}

/** Writes settings, formatted for people to edit. */
export function writeSettings(path: string, settings: SettingsInput): void {
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
}

/** The indicator options the settings resolve to. */
export function indicatorOptions(settings: Settings): IndicatorOptions {
  const s = settings.standards;
  return {
    cpVisitWorkingDays: s.cpVisitWorkingDays,
    claVisitStandard: s.claVisits,
    assessmentClockStartsAt: s.assessmentClockStartsAt,
    careLeaverAges: s.careLeaverAges,
  };
}

/** Population rows (financial-year start → count) of the chosen council, or of the council given. */
export function populationByYear(
  settings: Settings,
  council: { population: Record<string, number> } = settings,
): Map<number, number> {
  return new Map(
    Object.entries(council.population).map(([label, n]) => [parseFinancialYearLabel(label)!, n]),
  );
}

/** The local standards at their defaults, as a settings file writes them. */
export const DEFAULT_STANDARDS_INPUT: Readonly<typeof DEFAULT_STANDARDS> = DEFAULT_STANDARDS;

/** Settings for a new workspace: a placeholder council the user is asked to edit. */
export function starterSettings(
  name: string,
  laCode: string,
  populationByFy: Record<number, number>,
): SettingsInput {
  return {
    council: { name, laCode },
    population: Object.fromEntries(
      Object.entries(populationByFy).map(([y, n]) => [financialYearLabel(Number(y)), n]),
    ),
    standards: { ...DEFAULT_STANDARDS },
  };
}
