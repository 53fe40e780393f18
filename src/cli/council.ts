/**
 * `--council LA`: which council of a workspace of several a command works
 * on (issue 12).
 *
 * Why one place: the option is the same for every command that reads
 * figures or children, so it is declared once and added to those commands
 * here, and read the same way by each (openWorkspace then checks it).
 */
import { UserError } from "../errors/userError.ts";
import type { Command, OptionSpec } from "./command.ts";

/** The commands that work on one council's figures, children or files. */
const ONE_COUNCIL_COMMANDS = [
  "report",
  "values",
  "targets",
  "local",
  "explain",
  "breakdown",
  "exceptions",
  "comment",
  "export-returns",
  "import",
  "serve",
];

const COUNCIL_OPTION: OptionSpec = {
  type: "string",
  value: "LA",
  help: "the council's LA code, in a workspace of several councils (default: its only council)",
};

/** Adds --council to the commands that work on one council (benchmarks has its own --council). */
export function withCouncilOption(commands: Command[]): Command[] {
  for (const c of commands) {
    if (ONE_COUNCIL_COMMANDS.includes(c.name) && !c.options.council) c.options.council = COUNCIL_OPTION;
  }
  return commands;
}

/** The --council given, checked to be a 3-digit LA code, or undefined. */
export function councilOption(values: Record<string, unknown>): string | undefined {
  const v = values.council;
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^\d{3}$/.test(v.trim()))
    throw new UserError(`--council is DfE's 3-digit LA code, e.g. 372 (got "${String(v)}")`);
  return v.trim();
}
