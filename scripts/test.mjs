#!/usr/bin/env node
// The whole test suite, as `npm test` and CI run it: type-check, lint, build
// dist/ (so the CLI tests, which run bin/scorecard.js, run the compiled code
// that ships), then every *.test.ts under src/ passed by name to node's test
// runner (Node 20 does not expand globs). A run that executes no test fails.
// With --only-tests there is no build: bin/scorecard.js then finds dist/
// out of date (if it is) and runs the sources through tsx.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const onlyTests = process.argv.includes("--only-tests");
const env = { ...process.env, TZ: "Europe/London" };

function run(label, cmd, args) {
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

if (!onlyTests) {
  run("type-check (tsc --noEmit)", "npx", ["tsc", "--noEmit"]);
  run("lint and format (biome check)", "npx", ["biome", "check", "."]);
  run("build (src/ to dist/)", process.execPath, ["scripts/build.mjs"]);
}
const files = findTests("src");
if (files.length === 0) {
  console.error("no test files found under src/: refusing to report success");
  process.exit(1);
}
console.log(`\n== tests (${files.length} files)`);
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files],
  { stdio: ["inherit", "pipe", "inherit"], env, maxBuffer: 256 * 1024 * 1024 },
);
const out = r.stdout.toString();
process.stdout.write(out);
const tests = Number(/ℹ tests (\d+)/.exec(out)?.[1] ?? 0);
const passed = Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
const failed = Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0);
if (r.status !== 0) process.exit(r.status || 1);
if (tests === 0 || passed === 0) {
  console.error("the test runner executed no test: failing");
  process.exit(1);
}
console.log(`\n${passed} passed, ${failed} failed`);
