#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` and `npm pack` build):
// compiles src/ to dist/ (same paths, .js) with tsconfig.build.json, then
// stamps dist/ with the hash of the sources it was built from, which
// bin/scorecard.js checks before running dist/.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_STAMP, sourceHash } from "../bin/freshness.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

const before = sourceHash(root);
rmSync(join(root, "dist"), { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (r.status !== 0) {
  console.error(`build: tsc failed (exit ${r.status ?? r.signal}); dist/ is incomplete and will not be used`);
  process.exit(r.status || 1);
}
if (sourceHash(root) !== before) {
  console.error("build: sources changed while compiling; run `npm run build` again");
  process.exit(1);
}
writeFileSync(join(root, BUILD_STAMP), `${before}\n`);
