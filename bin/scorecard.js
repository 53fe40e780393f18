#!/usr/bin/env node
// Entry point for `npx scorecard`: runs the compiled CLI in dist/.
// In a source checkout (src/ present) whose dist/ was not built from the
// sources as they are now, it runs the sources through tsx instead: slower
// to start, never stale (`npm run build` makes it fast again).
// A failure while loading the program is reported in one line, like any
// other error: no stack trace reaches the user.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

process.env.TZ = "Europe/London";
const root = fileURLToPath(new URL("..", import.meta.url));

/** Registers tsx, or says in one line why the sources cannot run. */
async function registerTsx() {
  let api;
  try {
    api = await import("tsx/esm/api");
  } catch {
    console.error("scorecard: dist/ is not built from the current sources: run `npm run build`");
    process.exit(70);
  }
  if (process.stderr.isTTY) {
    console.error(
      "scorecard: dist/ is out of date, running src/ through tsx (`npm run build` to start fast)",
    );
  }
  api.register();
}

try {
  if (existsSync(`${root}src/cli/run.ts`)) {
    const { distIsFresh } = await import("./freshness.js");
    if (!distIsFresh(root)) {
      await registerTsx();
      await import("../src/cli/run.ts");
    } else await import("../dist/cli/run.js");
  } else await import("../dist/cli/run.js");
} catch (e) {
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  console.error(`scorecard: internal error while starting (please report it): ${message}`);
  process.exitCode = 70;
}
