/**
 * Bench (d): how long `scorecard` takes to start, as a user runs it: each
 * run a fresh `node bin/scorecard.js …` process, timed from spawn to exit.
 * dist/ is built first when it is out of date, so this times the compiled
 * CLI that ships, not the sources through tsx.
 * Prints one JSON line: per command, its runs' median, min and max seconds, and
 * (on Linux) the median CPU time (user + system) of the process, which other
 * load on the machine barely changes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { distIsFresh } from "../bin/freshness.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "scorecard.js");

/**
 * CPU seconds (user + system) used so far by this process's finished children, from
 * /proc/self/stat (cutime, cstime in clock ticks, 100 a second); undefined off Linux.
 */
function childrenCpuSeconds(): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // after "pid (comm) ", cutime and cstime are the 14th and 15th fields (0-based 13, 14)
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Runs node with these arguments in a fresh process: its wall and CPU seconds; exits on failure. */
function timed(args: readonly string[], cwd: string): { wall: number; cpu: number | undefined } {
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const wall = (performance.now() - started) / 1000;
  const cpuAfter = childrenCpuSeconds();
  if (r.status !== 0) {
    console.error(`node ${args.join(" ")} failed (exit ${r.status}): ${r.stderr}`);
    process.exit(1);
  }
  return { wall, cpu: cpuBefore === undefined ? undefined : cpuAfter! - cpuBefore };
}

/** The median of some numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
}

if (!distIsFresh(ROOT)) {
  console.error("dist/ is out of date: building it first…");
  const built = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { stdio: "inherit" });
  if (built.status !== 0) process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), "scorecard-startup-"));
const CASES = [
  { command: "node -e 0 (Node alone, for reference)", args: ["-e", "0"], runs: 10 },
  { command: "scorecard --help", args: [BIN, "--help"], runs: 10, target: 0.3 },
  { command: "scorecard indicators", args: [BIN, "indicators"], runs: 10, target: 0.3 },
  {
    command: "scorecard demo (60,000 children, 3 years)",
    args: [BIN, "demo", "--dir", join(dir, "d")],
    runs: 3,
  },
];
try {
  const results = CASES.map((c) => {
    timed(c.args, dir); // warm the file cache
    const runs = Array.from({ length: c.runs }, () => timed(c.args, dir));
    const walls = runs.map((r) => r.wall);
    const cpus = runs.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
    return {
      command: c.command,
      target: c.target,
      runs: c.runs,
      median: median(walls),
      min: Math.min(...walls),
      max: Math.max(...walls),
      cpu: cpus.length ? median(cpus) : undefined,
    };
  });
  console.log(JSON.stringify({ results }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
