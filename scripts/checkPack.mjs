#!/usr/bin/env node
// `npm run check-pack`: the package as npm would publish it works on its own.
// Packs the project (`npm pack` builds dist/ through `prepare`), installs the
// tarball into an empty folder, and runs `npx scorecard --help` and
// `npx scorecard demo --dir ./d` there. Not part of `npm test`: installing
// the dependencies takes tens of seconds and needs the registry (or npm's
// cache); .ci/run runs it after the tests.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "scorecard-pack-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function fail(message) {
  console.error(`check-pack: ${message} (left in ${work})`);
  process.exit(1);
}

/** Runs a command, failing the check (with its output) when it fails. */
function run(label, cmd, args, cwd) {
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, TZ: "Europe/London" } });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}${r.stderr}`);
    fail(`${label} failed (exit ${r.status ?? r.signal})`);
  }
  console.log(`ok  ${label} (${seconds} s)`);
  return r.stdout;
}

const packed = JSON.parse(run("npm pack", npm, ["pack", "--json", "--pack-destination", work], root));
const { filename, files } = packed[0];
const paths = files.map((f) => f.path);
for (const needed of ["bin/scorecard.js", "dist/cli/run.js", "dist/cli/main.js", "dist/cli/registry.js"]) {
  if (!paths.includes(needed)) fail(`the package lacks ${needed}`);
}
if (paths.some((p) => p.startsWith("src/") || p.endsWith(".test.js")))
  fail("the package holds sources or tests");
if (existsSync(join(root, "data")) && !paths.some((p) => p.startsWith("data/")))
  fail("the package lacks data/");
console.log(`    ${filename}: ${paths.length} files`);

const app = join(work, "app");
mkdirSync(app);
run(
  "npm install <tarball> in an empty folder",
  npm,
  ["install", "--no-audit", "--no-fund", join(work, filename)],
  app,
);
const help = run("npx scorecard --help", npx, ["scorecard", "--help"], app);
if (!/^ {2}demo\b/m.test(help)) fail(`scorecard --help does not list demo:\n${help}`);
const out = run("npx scorecard demo --dir ./d", npx, ["scorecard", "demo", "--dir", "./d"], app).trim();
if (out !== join(app, "d", "report.html")) fail(`demo printed "${out}", not the report's path`);
if (!readFileSync(out, "utf8").includes("Children's social care performance scorecard")) {
  fail("the demo's report.html is not a scorecard");
}
rmSync(work, { recursive: true, force: true });
console.log("check-pack: the packed package installs and runs in an empty folder");
