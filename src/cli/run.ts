/**
 * The program bin/scorecard.js starts: runs the CLI on the process's
 * arguments and sets its exit code.
 *
 * Why apart from main.ts: importing main() (a test, another entry point)
 * must not run it.
 */
import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2));
