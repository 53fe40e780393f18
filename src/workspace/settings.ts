/**
 * The workspace settings file: council, 0–17 population by financial year,
 * local standards, the council's performance framework, the council
 * whose benchmarks it is compared with, and the web application's single
 * sign-on.
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

const SettingsSchema = z
  .object({
    council: z
      .object({
        name: z.string().trim().min(1, "the council's name is required"),
        laCode: z.string().regex(/^\d{3}$/, "the LA code is DfE's 3-digit code, e.g. 372 (written as text)"),
      })
      .strict(),
    population: z
      .record(
        z.string(),
        z.number().int("a population is a whole number").positive("a population is positive"),
      )
      .superRefine((population, ctx) => {
        for (const year of Object.keys(population)) {
          if (parseFinancialYearLabel(year) === undefined) {
            ctx.addIssue({
              code: "custom",
              message: `"${year}" is not a financial year; write years like "2024-25"`,
            });
          }
        }
      }),
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
    /**
     * Single sign-on for `scorecard serve` with the council's OpenID Connect
     * provider (auth/oidc.ts). The client secret is never written here: the
     * settings name the environment variable that holds it.
     */
    singleSignOn: z
      .object({
        issuer: z.url(),
        clientId: z.string().min(1),
        /** The environment variable holding the client secret (absent: a public client, PKCE only). */
        clientSecretEnv: z
          .string()
          .regex(
            /^[A-Za-z_][A-Za-z0-9_]*$/,
            "name the environment variable that holds the client secret, e.g. SCORECARD_OIDC_SECRET",
          )
          .optional(),
        /** This application's callback as registered with the provider: https://…/sign-in/oidc/callback. */
        redirectUri: z.url(),
        /** The claim holding a person's groups or role. */
        roleClaim: z.string().min(1),
        /** Claim value → role (viewer, manager, analyst or admin: auth/oidc.ts checks the names). */
        roles: z.record(z.string(), z.string().min(1)),
        /** The claim listing a manager's team ids. */
        teamsClaim: z.string().min(1).optional(),
        clientSecret: z.unknown().optional(),
      })
      .strict()
      .superRefine((o, ctx) => {
        if (o.clientSecret !== undefined)
          ctx.addIssue({
            code: "custom",
            message:
              "do not write the client secret in the settings: put it in an environment variable and name that in clientSecretEnv",
          });
      })
      .transform(({ clientSecret: _, ...rest }) => rest)
      .optional(),
  })
  .strict();

/** Validated settings. */
export type Settings = z.infer<typeof SettingsSchema>;
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

/** Population rows (financial-year start → count) from the settings. */
export function populationByYear(settings: Settings): Map<number, number> {
  return new Map(
    Object.entries(settings.population).map(([label, n]) => [parseFinancialYearLabel(label)!, n]),
  );
}

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
