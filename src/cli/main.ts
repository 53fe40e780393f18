/**
 * The `scorecard` command: dispatches to a command and makes sure the user
 * sees one clear line, never a stack trace, when anything goes wrong.
 */
import { UserError } from "../workspace/errors.ts";
import { type Command, helpText, parseCommandArgs } from "./command.ts";
import { benchmarksCommand } from "./commands/benchmarks.ts";
import { breakdownCommand } from "./commands/breakdown.ts";
import { computeCommand } from "./commands/compute.ts";
import { demoCommand } from "./commands/demo.ts";
import { explainCommand } from "./commands/explain.ts";
import { exportReturnsCommand } from "./commands/exportReturns.ts";
import { exportTablesCommand } from "./commands/exportTables.ts";
import { importCommand } from "./commands/import.ts";
import { importsCommand } from "./commands/imports.ts";
import { indicatorsCommand } from "./commands/indicators.ts";
import { initCommand } from "./commands/init.ts";
import { localCommand } from "./commands/local.ts";
import { reportCommand } from "./commands/report.ts";
import { targetsCommand } from "./commands/targets.ts";
import { validateCommand } from "./commands/validateCmd.ts";
import { valuesCommand } from "./commands/values.ts";

const COMMANDS: Command[] = [
  initCommand,
  demoCommand,
  computeCommand,
  reportCommand,
  valuesCommand,
  targetsCommand,
  benchmarksCommand,
  localCommand,
  explainCommand,
  breakdownCommand,
  exportTablesCommand,
  exportReturnsCommand,
  indicatorsCommand,
  importCommand,
  validateCommand,
  importsCommand,
];

function overview(): string {
  const lines = ["Usage: scorecard <command> [options]", "", "Commands:"];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(15)} ${c.summary}`);
  lines.push("", 'Run "scorecard <command> --help" for a command\'s options.');
  return lines.join("\n");
}

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(overview());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    console.error(
      `scorecard: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(", ")})`,
    );
    return 2;
  }
  try {
    const parsed = parseCommandArgs(cmd, rest);
    if (parsed.help) {
      console.log(helpText(cmd));
      return 0;
    }
    await cmd.run(parsed);
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      // Messages raised deep inside a command often name it already ("explain: …").
      const message = e.message.startsWith(`${name}: `) ? e.message.slice(name.length + 2) : e.message;
      console.error(`scorecard ${name}: ${message}`);
      return 1;
    }
    const first = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    console.error(`scorecard ${name}: internal error (please report it): ${first}`);
    return 70;
  }
}

process.exitCode = await main(process.argv.slice(2));
