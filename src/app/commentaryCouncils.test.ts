/**
 * Commentary belongs to one council: in a workspace of two, what is written
 * for A is never shown for B, in the report, on the web page or in the
 * command line's listing; and a workspace upgraded from before commentary
 * had a council keeps its commentary, given to its council.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { addUser, setPassword } from "../auth/users.ts";
import { migrate, openDatabase, query, schemaVersion } from "../db/database.ts";
import { loadFramework } from "../framework/load.ts";
import { buildReportModel } from "../report/document/model.ts";
import { createApp, SESSION_COOKIE } from "../server/app.tsx";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace } from "../workspace/workspace.ts";
import { addCommentary, listLatestCommentary } from "./commentary.ts";
import { computeWorkspace } from "./compute.ts";
import { demoRegion, loadRegionCouncil, type RegionParams, regionSettings } from "./demoRegion.ts";

const tmp = mkdtempSync(join(tmpdir(), "commentary-councils-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const BIN = join(import.meta.dirname, "..", "..", "bin", "scorecard.js");
const PASSWORD = "correct horse battery";
const END = "2025-03-31";
const TEXT = "Contacts rose with the Easter referrals from schools.";

/** Runs the command line (in a child process: the test runner owns this process's stdout). */
function scorecard(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("commentary in a workspace of two councils", () => {
  const params: RegionParams = { councils: 2, seed: 5, population: 1_500, years: 1, endDate: END };
  const [A, B] = demoRegion(params) as [
    ReturnType<typeof demoRegion>[number],
    ReturnType<typeof demoRegion>[number],
  ];
  const dir = join(tmp, "two");
  before(async () => {
    await initWorkspace(dir, regionSettings([A, B], params));
    const all = await openWorkspace(dir, { allCouncils: true });
    try {
      for (const c of [A, B]) await loadRegionCouncil(all, c, params);
      await computeWorkspace(all);
      await addUser(all.db, "ann", "analyst", [], new Date(Date.UTC(2025, 4, 1, 9)));
      await setPassword(all.db, "ann", PASSWORD);
    } finally {
      all.close();
    }
    const r = scorecard(
      "comment",
      ...["add", "contacts", "--period-end", END, "--text", TEXT, "--author", "A. Lead"],
      ...["--council", A.laCode, "--dir", dir],
    );
    assert.equal(r.code, 0, r.err);
  });

  it("lists it for A only on the command line", () => {
    const a = scorecard("comment", "list", "--council", A.laCode, "--dir", dir, "--format", "csv");
    assert.equal(a.code, 0, a.err);
    assert.match(a.out, new RegExp(`,contacts,month,${END},A\\. Lead,.*,${TEXT}`));
    const b = scorecard("comment", "list", "--council", B.laCode, "--dir", dir);
    assert.equal(b.code, 0, b.err);
    assert.equal(b.out.trim(), "no commentary stored");
  });

  it("shows it in A's report and not in B's", async () => {
    for (const [la, expected] of [
      [A.laCode, TEXT],
      [B.laCode, null],
    ] as const) {
      const ws = await openWorkspace(dir, { council: la, readOnly: true });
      try {
        const model = await buildReportModel(ws, {
          framework: loadFramework(ws.settings, ws.dir),
          produced: "2025-04-05",
          periodEnd: END,
        });
        const contacts = model.sections.flatMap((s) => s.indicators).find((i) => i.id === "contacts");
        assert.equal(contacts?.commentary?.text ?? null, expected, `LA ${la}`);
      } finally {
        ws.close();
      }
    }
  });

  it("shows it on A's indicator page and not on B's; written on B's page it stays B's", async () => {
    const ws = await openWorkspace(dir, { council: A.laCode });
    try {
      const app = await createApp({ ws, log: () => {} });
      const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
      const page = await app.request("/sign-in");
      const pre = page.headers
        .getSetCookie()
        .find((c) => c.startsWith("scorecard_sign_in="))!
        .split(";")[0]!;
      const signed = await app.request("/sign-in", {
        method: "POST",
        body: new URLSearchParams({
          _csrf: csrfOf(await page.text()),
          name: "ann",
          password: PASSWORD,
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: pre },
      });
      const cookie = signed.headers
        .getSetCookie()
        .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
        .split(";")[0]!;
      const pageOf = async (la: string) => {
        const res = await app.request(`/indicator/contacts?type=month&end=${END}&council=${la}`, {
          headers: { cookie },
        });
        assert.equal(res.status, 200);
        return res.text();
      };
      assert.ok((await pageOf(A.laCode)).includes(TEXT), "A's page");
      const bPage = await pageOf(B.laCode);
      assert.ok(!bPage.includes(TEXT), "B's page");
      const posted = await app.request(`/indicator/contacts/commentary?council=${B.laCode}`, {
        method: "POST",
        body: new URLSearchParams({
          _csrf: csrfOf(bPage),
          type: "month",
          end: END,
          text: "B's own.",
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      });
      assert.equal(posted.status, 303);
      assert.deepEqual(await query(ws.db, "SELECT la_code, text FROM commentary ORDER BY id"), [
        { la_code: A.laCode, text: TEXT },
        { la_code: B.laCode, text: "B's own." },
      ]);
      assert.ok((await pageOf(B.laCode)).includes("B&#39;s own."), "B's page shows B's");
      assert.ok(!(await pageOf(A.laCode)).includes("B&#39;s own."), "A's page does not");
    } finally {
      ws.close();
    }
  });
});

describe("a workspace upgraded from before commentary had a council (schema 7)", () => {
  /** A workspace of `councils` whose database is as schema 7 left it, holding one commentary version. */
  async function schema7(name: string, councils: [string, string][]): Promise<string> {
    const dir = join(tmp, name);
    const pop = { 2024: 50_000 };
    const [first] = councils;
    await initWorkspace(
      dir,
      councils.length === 1
        ? starterSettings(first![1], first![0], pop)
        : {
            ...starterSettings(first![1], first![0], pop),
            council: undefined,
            population: undefined,
            councils: councils.map(([laCode, n]) => ({ name: n, laCode, population: { "2024-25": 50_000 } })),
          },
    );
    const ws = await openWorkspace(dir, { allCouncils: true });
    try {
      await ws.db.connection.run("ALTER TABLE commentary DROP COLUMN la_code");
      await ws.db.connection.run("DELETE FROM schema_version WHERE version = 8");
      // as schema 7's addCommentary wrote it: no council
      await ws.db.connection.run(
        "INSERT INTO commentary VALUES (1, 'contacts', 'month', DATE '2024-11-30', 'Written before.', 'A. Lead', TIMESTAMP '2024-12-05 09:00:00', NULL)",
      );
    } finally {
      ws.close();
    }
    return dir;
  }

  it("keeps a one-council workspace's commentary, as its council's", async () => {
    const dir = await schema7("one", [["201", "City of London"]]);
    const notes: string[] = [];
    const ws = await openWorkspace(dir, { note: (l) => notes.push(l) });
    try {
      assert.deepEqual(
        (await listLatestCommentary(ws.db, "201")).map((v) => [v.id, v.indicator, v.periodEnd, v.text]),
        [[1, "contacts", "2024-11-30", "Written before."]],
      );
      assert.deepEqual(notes, [], "nothing to check: it was that council's");
    } finally {
      ws.close();
    }
  });

  it("gives a several-council workspace's commentary to its first council, and says so", async () => {
    const dir = await schema7("several", [
      ["370", "Barnsley"],
      ["372", "Rotherham"],
    ]);
    const notes: string[] = [];
    const ws = await openWorkspace(dir, { allCouncils: true, note: (l) => notes.push(l) });
    try {
      assert.equal((await listLatestCommentary(ws.db, "370")).length, 1);
      assert.equal((await listLatestCommentary(ws.db, "372")).length, 0);
      assert.deepEqual(notes, [
        'upgrade: 1 commentary version(s) written before each council had its own were given to LA 370, the first council of settings.json (they were shown for every council): see them with "scorecard comment list --council 370"',
      ]);
    } finally {
      ws.close();
    }
  });

  it("refuses to upgrade bare commentary with no council to give it, changing nothing", async () => {
    const dir = await schema7("bare", [["201", "City of London"]]);
    const db = await openDatabase(join(dir, "workspace.duckdb"));
    try {
      await assert.rejects(migrate(db), /1 commentary version\(s\) without a council/);
      assert.equal(await schemaVersion(db), 7);
    } finally {
      db.close();
    }
  });

  it("adds commentary after the upgrade beside the old, for its council", async () => {
    const dir = await schema7("after", [["201", "City of London"]]);
    const ws = await openWorkspace(dir, { note: () => {} });
    try {
      await addCommentary(ws.db, "201", [
        { indicator: "contacts", periodType: "month", periodEnd: "2024-11-30", text: "Edited.", author: "B" },
      ]);
      assert.deepEqual(await query(ws.db, "SELECT id, la_code, replaces FROM commentary ORDER BY id"), [
        { id: 1, la_code: "201", replaces: null },
        { id: 2, la_code: "201", replaces: 1 },
      ]);
    } finally {
      ws.close();
    }
  });
});
