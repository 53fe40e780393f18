/**
 * The `scorecard` command: dispatches to a command and makes sure the user
 * sees one clear line, never a stack trace, when anything goes wrong.
 * A command's module is loaded only when it runs (see registry.ts).
 * Importing this module runs nothing: run.ts (what bin/scorecard.js starts)
 * calls main().
 */
import { UserError } from "../errors/userError.ts";
import { helpText, parseCommandArgs } from "./command.ts";
import { COMMANDS } from "./registry.ts";

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
    const runner = await cmd.load();
    await runner.run(parsed);
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
