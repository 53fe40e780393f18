import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

const BIN = join(import.meta.dirname, "..", "..", "bin", "scorecard.js");
const tmp = mkdtempSync(join(tmpdir(), "scorecard-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function scorecard(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function assertOneLineError(r: ReturnType<typeof scorecard>, pattern: RegExp) {
  assert.notEqual(r.code, 0);
  assert.match(r.err, pattern);
  assert.doesNotMatch(r.err, /\n\s+at /, "no stack trace");
  assert.equal(r.err.trim().split("\n").length, 1, `one line: ${r.err}`);
}

describe("scorecard command line", () => {
  it("lists its commands and answers --help for each", () => {
    const top = scorecard("--help");
    assert.equal(top.code, 0);
    for (const c of ["init", "demo", "compute", "values", "explain", "export-tables", "indicators"]) {
      assert.match(top.out, new RegExp(`\\b${c}\\b`));
    }
    const help = scorecard("values", "--help");
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: scorecard values --dir D/);
    assert.match(help.out, /--period-type T/);
  });

  it("rejects an unknown command, an unknown option and a missing workspace in one line", () => {
    assertOneLineError(scorecard("frobnicate"), /unknown command "frobnicate"/);
    assertOneLineError(scorecard("values", "--dir", tmp, "--colour", "red"), /Unknown option '--colour'/);
    assertOneLineError(scorecard("compute", "--dir", join(tmp, "nowhere")), /is not a workspace/);
    assertOneLineError(
      scorecard("demo", "--years", "many"),
      /--years must be a whole number from 1 to 12 \(got "many"\)/,
    );
  });

  it("init makes a workspace whose settings errors name the field", () => {
    const dir = join(tmp, "ws");
    const made = scorecard(
      "init",
      dir,
      "--name",
      "Test Council",
      "--la-code",
      "372",
      "--population",
      "50000",
    );
    assert.equal(made.code, 0, made.err);
    const settings = JSON.parse(readFileSync(join(dir, "settings.json"), "utf8"));
    assert.equal(settings.council.laCode, "372");
    assert.equal(settings.population["2024-25"], 50000);
    assertOneLineError(scorecard("init", dir), /already holds a workspace/);
    assertOneLineError(scorecard("compute", "--dir", dir), /has no data for LA 372 yet/);
    settings.population["2024-25"] = "lots";
    writeFileSync(join(dir, "settings.json"), JSON.stringify(settings));
    assertOneLineError(scorecard("compute", "--dir", dir), /population\.2024-25: .*\(found "lots"\)/);
  });

  it("prints the catalogue as JSON", () => {
    const r = scorecard("indicators", "--format", "json");
    assert.equal(r.code, 0, r.err);
    const list = JSON.parse(r.out) as { id: string; polarity: string }[];
    assert.ok(list.some((i) => i.id === "rereferrals_12m_pct" && i.polarity === "low"));
    assert.equal(new Set(list.map((i) => i.id)).size, list.length, "ids are unique");
  });
});
