import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { listAudit } from "../../auth/audit.ts";
import { verifyPassword } from "../../auth/passwords.ts";
import { query as select } from "../../db/database.ts";
import { openWorkspace } from "../../workspace/workspace.ts";

const tmp = mkdtempSync(join(tmpdir(), "user-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "scorecard.js");
const dir = join(tmp, "ws");

function scorecard(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("scorecard user", () => {
  before(() => {
    assert.equal(scorecard("init", dir).code, 0);
  });

  it("adds an account with a one-time password shown once, stored only as an argon2id hash", async () => {
    const r = scorecard("user", "add", "--dir", dir, "mo", "--role", "manager", "--team", "TM1, TM2");
    assert.equal(r.code, 0, r.err);
    const password = /One-time password \(shown once\): ([\w-]{20})\n/.exec(r.out)?.[1];
    assert.ok(password, r.out);
    const ws = await openWorkspace(dir);
    try {
      const row = (await select(ws.db, "SELECT * FROM users WHERE name = 'mo'"))[0]!;
      assert.deepEqual([row.role, row.teams, row.must_set_password], ["manager", '["TM1","TM2"]', true]);
      assert.match(String(row.password_hash), /^\$argon2id\$/);
      assert.ok(!String(row.password_hash).includes(password));
      assert.equal(await verifyPassword(String(row.password_hash), password), true);
      assert.deepEqual(
        (await listAudit(ws.db)).map((a) => [a.action, a.detail]),
        [["user-add", "mo"]],
      );
    } finally {
      ws.close();
    }
  });

  it("refuses in one line: a duplicate, a manager without teams, teams for another role, an unknown role", () => {
    for (const [args, message] of [
      [["mo", "--role", "analyst"], /"mo" already exists/],
      [["kim", "--role", "manager"], /a manager needs --team/],
      [["kim", "--role", "viewer", "--team", "TM1"], /only a manager has teams/],
      [["kim", "--role", "boss"], /--role must be one of viewer, manager, analyst, admin/],
      [["<b>", "--role", "viewer"], /not a valid user name/],
    ] as const) {
      const r = scorecard("user", "add", "--dir", dir, ...args);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.err, message);
      assert.equal(r.err.trim().split("\n").length, 1);
    }
  });

  it("resets (a new one-time password, and a new role when given) and removes", async () => {
    const reset = scorecard("user", "reset", "--dir", dir, "mo", "--role", "analyst");
    assert.equal(reset.code, 0, reset.err);
    assert.match(reset.out, /^Reset mo\. One-time password \(shown once\): [\w-]{20}\n/);
    const removed = scorecard("user", "remove", "--dir", dir, "mo");
    assert.equal(removed.code, 0, removed.err);
    assert.equal(removed.out, "Removed mo and ended their sessions.\n");
    assert.match(scorecard("user", "remove", "--dir", dir, "mo").err, /no user "mo"/);
    const ws = await openWorkspace(dir);
    try {
      assert.equal((await select(ws.db, "SELECT * FROM users")).length, 0);
      assert.deepEqual(
        (await listAudit(ws.db)).map((a) => a.action),
        ["user-remove", "user-reset", "user-add"],
      );
    } finally {
      ws.close();
    }
  });
});
