import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

const tmp = mkdtempSync(join(tmpdir(), "exceptions-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "scorecard.js");

/** Runs the command line (in a child process: the test runner owns this process's stdout). */
function scorecard(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = join(tmp, "ws");

describe("scorecard exceptions", () => {
  before(() => {
    const r = scorecard(
      "demo",
      "--dir",
      dir,
      "--population",
      "3000",
      "--years",
      "2",
      "--end",
      "2025-03-31",
      "--format",
      "html",
    );
    assert.equal(r.code, 0, r.err);
  });

  it("refuses --publish in one line, writing nothing", () => {
    const r = scorecard(
      "exceptions",
      "--dir",
      dir,
      "--publish",
      "--format",
      "csv",
      "--out",
      join(tmp, "p.csv"),
    );
    assert.equal(r.code, 1);
    assert.equal(r.err.trim().split("\n").length, 1);
    assert.match(r.err, /never produced for publication/);
    assert.ok(!existsSync(join(tmp, "p.csv")));
  });

  it("lists every list at the latest computed month end, each reconciling with its figure", () => {
    const r = scorecard("exceptions", "--dir", dir);
    assert.equal(r.code, 0, r.err);
    const heads = r.out.split("\n").filter((l) => / as at \d{4}-\d{2}-\d{2}: /.test(l));
    assert.equal(heads.length, 14);
    assert.ok(heads.every((l) => l.includes("as at 2025-03-31")));
    assert.ok(!r.out.includes("DOES NOT RECONCILE"));
    assert.equal(heads.filter((l) => l.endsWith(": reconciles")).length, 13);
  });

  it("writes one list for one month as CSV, HTML and XLSX", () => {
    const args = ["exceptions", "--dir", dir, "--list", "rereferrals", "--as-at", "2025-02-28"];
    const csv = scorecard(...args, "--format", "csv");
    assert.equal(csv.code, 0, csv.err);
    assert.match(
      csv.out,
      /^list,indicator,team,worker,child_id,event_id,event,due_date,days_overdue,measure\n/,
    );
    assert.ok(
      csv.out
        .split("\n")
        .slice(1, -1)
        .every((l) => l.startsWith("rereferrals,rereferrals_12m_pct,")),
    );
    for (const format of ["html", "xlsx"]) {
      const out = join(tmp, `e.${format}`);
      const r = scorecard(...args, "--format", format, "--out", out);
      assert.equal(r.code, 0, r.err);
      assert.ok(readFileSync(out).length > 200);
    }
  });

  it("names the lists when one is wrong, and needs --out for HTML", () => {
    const wrong = scorecard("exceptions", "--dir", dir, "--list", "nope");
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /no list "nope" \(lists: assessments-over-45wd, /);
    const noOut = scorecard("exceptions", "--dir", dir, "--format", "html");
    assert.match(noOut.err, /--format html needs --out FILE/);
  });
});
