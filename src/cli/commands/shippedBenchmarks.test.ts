import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openDatabase, query } from "../../db/database.ts";

const tmp = mkdtempSync(join(tmpdir(), "shipped-bm-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "scorecard.js");

/** Runs the command line (in a child process: the test runner owns this process's stdout). */
function scorecard(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function assertOneLineError(r: ReturnType<typeof scorecard>, pattern: RegExp) {
  assert.notEqual(r.code, 0);
  assert.match(r.err, pattern);
  assert.equal(r.err.trim().split("\n").length, 1, `one line: ${r.err}`);
}

/** The text of each cell of the report's line for an indicator id. */
function lineCells(html: string, id: string): string[] {
  const row = html.split("<tr").find((r) => r.includes(`>${id}<`)) ?? "";
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1]!.replace(/<[^>]+>/g, "").trim());
}

describe("benchmarks out of the box", () => {
  it("init holds DfE's shipped benchmarks for the council's own LA code", async () => {
    const dir = join(tmp, "ws");
    const r = scorecard("init", dir, "--la-code", "372", "--population", "59521");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /DfE's published benchmarks shipped with csc-scorecard \(Reporting year 2025\)/);
    const db = await openDatabase(join(dir, "workspace.duckdb"));
    try {
      const [s] = await query(
        db,
        "SELECT value, england FROM bm_stats WHERE la_code = '372' AND indicator = 'rereferrals_12m_pct' AND year = 2025",
      );
      assert.deepEqual([s?.value, s?.england], [19.6, 22.6]);
    } finally {
      db.close();
    }
  });

  it("the demo compares itself with Rotherham's neighbours, England and quartiles, and says so", () => {
    const dir = join(tmp, "demo");
    const r = scorecard("demo", "--dir", dir, "--population", "4000", "--years", "1", "--end", "2025-03-31");
    assert.equal(r.code, 0, r.err);
    const settings = JSON.parse(readFileSync(join(dir, "settings.json"), "utf8"));
    assert.deepEqual(settings.benchmarks, { council: "372", snMethod: "mean" });
    const html = readFileSync(join(dir, "report.html"), "utf8");
    assert.match(html, /LA 372 Rotherham \(a comparison council, chosen by settings benchmarks\.council\)/);
    assert.match(html, /shipped with csc-scorecard: Children in need, Reporting year 2025/);
    assert.match(html, /Benchmarks 2024-25/);
    // Rotherham 2024-25 re-referrals: neighbours' mean 20.51 → 20.5%; England 22.6%; a quartile band A–D
    const [sn, england, quartile] = lineCells(html, "rereferrals_12m_pct").slice(-4);
    assert.deepEqual([sn, england], ["20.5%", "22.6%"]);
    assert.match(quartile ?? "", /^[ABCD]$/);

    settings.benchmarks.council = "123";
    writeFileSync(join(dir, "settings.json"), JSON.stringify(settings));
    assertOneLineError(
      scorecard("report", "--dir", dir),
      /settings\.json: benchmarks\.council: no council with LA code "123" in the workspace's statistical neighbours/,
    );
  });

  it("the demo refuses a comparison council DfE publishes no neighbours for", () => {
    assertOneLineError(
      scorecard("demo", "--dir", join(tmp, "demo-bad"), "--compare-with", "123"),
      /demo: --compare-with: no council with LA code "123"/,
    );
  });
});
