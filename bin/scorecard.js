#!/usr/bin/env node
// Entry point for `npx scorecard`: runs the TypeScript CLI through tsx.
// A failure while loading the program is reported in one line, like any
// other error: no stack trace reaches the user.
import { register } from "tsx/esm/api";

process.env.TZ = "Europe/London";
register();
try {
  await import("../src/cli/main.ts");
} catch (e) {
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  console.error(`scorecard: internal error while starting (please report it): ${message}`);
  process.exitCode = 70;
}
