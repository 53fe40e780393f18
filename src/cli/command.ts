/**
 * Command-line plumbing: each command declares its options and help once.
 *
 * Why: every command must answer --help, reject unknown options with one
 * clear line, and never print a stack trace; doing that in one place keeps
 * the commands to what they do.
 */
import { parseArgs } from "node:util";
import { UserError } from "../errors/userError.ts";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  help: string;
  /** Shown as the value's name in help, e.g. DIR. */
  value?: string;
}

/** A command's parsed arguments. */
export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** What a command does: kept in its own module, loaded only when the command runs. */
export interface CommandRunner {
  run(args: CommandArgs): Promise<void>;
}

/**
 * A command as the CLI lists it: what --help shows, and how to load what it
 * does. Cheap to hold: `load` imports the command's module (and the DuckDB,
 * exceljs… it needs) only when the command runs.
 */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** Positional arguments: minimum and maximum count. */
  positionals?: { min: number; max: number; names: string };
  load(): Promise<CommandRunner>;
}

/** The help text of a command. */
export function helpText(cmd: Command): string {
  const lines = [`Usage: scorecard ${cmd.usage}`, "", cmd.summary, ""];
  const entries = Object.entries(cmd.options);
  if (entries.length) {
    lines.push("Options:");
    for (const [name, o] of entries) {
      const flag = `--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
      lines.push(`  ${flag.padEnd(28)} ${o.help}`);
    }
  }
  lines.push(`  ${"--help".padEnd(28)} show this help`);
  return lines.join("\n");
}

/** Parses a command's arguments, turning parse errors into one-line user errors. */
export function parseCommandArgs(cmd: Command, argv: string[]) {
  const options = Object.fromEntries(
    Object.entries(cmd.options).map(([k, o]) => [
      k,
      { type: o.type, ...(o.short ? { short: o.short } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UserError(
      `${cmd.name}: ${(e as Error).message.split("\n")[0]} (see "scorecard ${cmd.name} --help")`,
    );
  }
  if (parsed.values.help) return { help: true as const };
  const p = cmd.positionals ?? { min: 0, max: 0, names: "" };
  if (parsed.positionals.length < p.min) {
    throw new UserError(`${cmd.name}: missing ${p.names} (usage: scorecard ${cmd.usage})`);
  }
  if (parsed.positionals.length > p.max) {
    throw new UserError(
      `${cmd.name}: unexpected argument "${parsed.positionals[p.max]}" (usage: scorecard ${cmd.usage})`,
    );
  }
  return {
    help: false as const,
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}

/** Reads a whole-number option, with a clear message when it is not one. */
export function intOption(
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  range: [number, number],
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw).replace(/_/g, "");
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < range[0] || n > range[1]) {
    throw new UserError(`--${name} must be a whole number from ${range[0]} to ${range[1]} (got "${raw}")`);
  }
  return n;
}

/** Reads a required string option. */
export function requiredOption(values: Record<string, unknown>, name: string, cmd: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new UserError(`${cmd}: --${name} is required`);
  return v;
}
