/**
 * The region bench (`npm run bench -- --only r`) at a tiny scale: its two
 * scripts, bench/regionFiles.ts and bench/regionScenario.ts, run as the
 * bench runs them, so the bench's file writing and council-by-council
 * import cannot break unnoticed between the runs of the full-size bench.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, it } from "node:test";

const tmp = mkdtempSync(join(tmpdir(), "scorecard-region-bench-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const BENCH = join(import.meta.dirname, "..", "..", "bench");

/** Runs a bench script and returns the JSON line it prints last. */
// biome-ignore lint/suspicious/noExplicitAny: measurements as the script prints them
function script(name: string, ...args: string[]): Record<string, any> {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(BENCH, name), ...args], {
    encoding: "utf8",
    env: { ...process.env, TZ: "Europe/London" },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

it("writes two London boroughs as CIN census + SSDA903 files, imports each with --council, computes and compares them", () => {
  const files = join(tmp, "files");
  // 2,000 children over the first 2 boroughs of DfE's list (301 Barking and Dagenham, 302 Barnet), 1 year
  const made = script("regionFiles.ts", "2000", "1", "2026-03-31", files, "7", "2");
  assert.deepEqual(
    made.councils.map((c: { laCode: string }) => c.laCode),
    ["301", "302"],
  );
  assert.ok(made.files > 2 && made.counts.Child > 0 && made.counts.episodes > 0, JSON.stringify(made.counts));
  const stamp = join(tmp, "stamp.json");
  writeFileSync(stamp, JSON.stringify(made));
  const m = script("regionScenario.ts", files, stamp);
  assert.deepEqual(
    m.councils.map((c: { laCode: string; errors: number }) => [c.laCode, c.errors]),
    [
      ["301", 0],
      ["302", 0],
    ],
  );
  for (const c of m.councils) assert.ok(c.read > 0, `${c.laCode} imported records`);
  assert.ok(m.values > 0, "figures computed");
  assert.ok(m.compared > 50, `${m.compared} indicators compared`);
});
