import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { listAudit } from "../auth/audit.ts";
import { addUser, setPassword } from "../auth/users.ts";
import { execute as exec, query as select } from "../db/database.ts";
import { explainRows } from "../engine/explain.ts";
import { loadFramework } from "../framework/load.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import { buildReportModel } from "../report/document/model.ts";
import { fixturePath } from "../testing/fixtures.ts";
import { openWorkspace, type Workspace } from "../workspace/workspace.ts";
import { createApp, ROWS_PER_PAGE, SESSION_COOKIE } from "./app.tsx";
import { storedPeriod } from "./data.ts";

const tmp = mkdtempSync(join(tmpdir(), "serve-"));
const dir = join(tmp, "ws");
const BIN = join(import.meta.dirname, "..", "..", "bin", "scorecard.js");
const PASSWORD = "correct horse battery";
const END = "2025-03-31";
const ROWS = `/indicator/contacts/rows?type=month&end=${END}`;
const CSV = `/indicator/contacts/rows.csv?type=month&end=${END}`;
const XLSX = `/indicator/contacts/rows.xlsx?type=month&end=${END}`;
const INDICATOR = `/indicator/contacts?type=month&end=${END}`;

let ws: Workspace;
let app: Awaited<ReturnType<typeof createApp>>;
let clock = Date.UTC(2025, 4, 1, 9);
const logs: string[] = [];
/** A child allocated to TM1 only, and one allocated to TM2 only (from the demo's involvements). */
let tm1Child: string;
let tm2Child: string;

const form = (fields: Record<string, string>) => ({
  "content-type": "application/x-www-form-urlencoded",
  body: new URLSearchParams(fields).toString(),
});

function cookieOf(res: Response, name: string): string | undefined {
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0];
}

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, "the page has a CSRF field");
  return m[1]!;
}

async function post(path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
  const { body, ...h } = form(fields);
  return app.request(path, { method: "POST", body, headers: { ...h, ...(cookie ? { cookie } : {}) } });
}

/** Signs in; returns the session cookie and the session's CSRF token. */
async function signIn(name: string, password = PASSWORD): Promise<{ cookie: string; csrf: string }> {
  const page = await app.request("/sign-in");
  const pre = cookieOf(page, "scorecard_sign_in")!;
  const res = await post("/sign-in", { _csrf: csrfOf(await page.text()), name, password }, pre);
  assert.equal(res.status, 303, `${name} signs in`);
  const cookie = cookieOf(res, SESSION_COOKIE)!;
  const home = await app.request("/", { headers: { cookie } });
  return { cookie, csrf: csrfOf(await home.text()) };
}

const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });

async function lastAudit() {
  return (await listAudit(ws.db, { limit: 1 }))[0]!;
}

/** What `demo --serve` printed and how its first admin's sign-in went, over real HTTP. */
let served: { out: string; signIn: number | undefined; location: string | null; exit: number | null };

/** Runs `scorecard demo --serve --port 0`, signs in as its first admin over HTTP, then stops it. */
async function demoServe(): Promise<typeof served> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      "demo",
      "--dir",
      dir,
      "--population",
      "3000",
      "--years",
      "2",
      "--end",
      END,
      "--serve",
      "--port",
      "0",
    ],
    { cwd: tmp, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const started = Date.now();
  while (!/one-time password \S+/.test(out)) {
    if (child.exitCode !== null || Date.now() - started > 240_000) {
      child.kill();
      assert.fail(`demo --serve did not start: ${out}${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
  const password = /one-time password (\S+)/.exec(out)![1]!;
  let status: number | undefined;
  let location: string | null = null;
  try {
    const page = await fetch(`${url}sign-in`);
    const pre = page.headers.getSetCookie()[0]?.split(";")[0];
    assert.ok(
      pre,
      `${page.status} ${[...page.headers].join(" ")} ${(await page.clone().text()).slice(0, 300)}`,
    );
    const { body, ...h } = form({ _csrf: csrfOf(await page.text()), name: "admin", password });
    const res = await fetch(`${url}sign-in`, {
      method: "POST",
      body,
      headers: { ...h, cookie: pre },
      redirect: "manual",
    });
    status = res.status;
    location = res.headers.get("location");
  } finally {
    child.kill("SIGTERM");
  }
  return { out, signIn: status, location, exit: await exited };
}

describe("scorecard serve: the web application", () => {
  before(async () => {
    served = await demoServe();
    ws = await openWorkspace(dir);
    const now = new Date(clock);
    await addUser(ws.db, "vera", "viewer", [], now);
    await addUser(ws.db, "mo", "manager", ["TM1"], now);
    await addUser(ws.db, "ann", "analyst", [], now);
    await addUser(ws.db, "ada", "admin", [], now);
    for (const n of ["vera", "mo", "ann", "ada"]) await setPassword(ws.db, n, PASSWORD);
    await addUser(ws.db, "newbie", "analyst", [], now);
    await setPassword(ws.db, "newbie", PASSWORD);
    await exec(ws.db, "UPDATE users SET must_set_password = true WHERE name = 'newbie'");
    const only = async (team: string) =>
      String(
        (
          await select(
            ws.db,
            `SELECT invo_person_id AS id FROM ssd_involvements GROUP BY 1
             HAVING bool_and(invo_professional_team = $1) ORDER BY 1 LIMIT 1`,
            [team],
          )
        )[0]!.id,
      );
    tm1Child = await only("TM1");
    tm2Child = await only("TM2");
    app = await createApp({ ws, now: () => clock, log: (l) => logs.push(l) });
  });
  after(() => {
    ws?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("demo --serve prints its address and a first admin's one-time password, which signs in over HTTP", () => {
    assert.match(
      served.out,
      /Serving Demo Borough Council \(synthetic data\)'s scorecard at http:\/\/127\.0\.0\.1:\d+\//,
    );
    assert.match(served.out, /sign in as "admin" with the one-time password [\w-]{20} \(shown once\)/);
    assert.deepEqual([served.signIn, served.location], [303, "/set-password"]);
    assert.equal(served.exit, 0, "stops cleanly on SIGTERM");
  });

  const childRoutes = () => [
    ROWS,
    CSV,
    XLSX,
    `/child/${tm1Child}`,
    `/exceptions?end=${END}`,
    `/exceptions.csv?end=${END}`,
    `/exceptions.xlsx?end=${END}`,
  ];
  const adminRoutes = ["/admin/users", "/admin/audit", "/admin/audit.csv"];

  it("sends a signed-out request for any page to sign-in, auditing child-level and admin refusals", async () => {
    for (const path of [...childRoutes(), ...adminRoutes]) {
      const res = await get(path);
      assert.equal(res.status, 302, path);
      assert.equal(res.headers.get("location"), "/sign-in");
      const a = await lastAudit();
      assert.deepEqual(
        [a.action, a.outcome, a.user, a.detail],
        ["refused", "refused", null, "not signed in"],
      );
    }
    const home = await get("/");
    assert.equal(home.status, 302);
  });

  it("refuses every child-level route to a viewer and an admin with 403, and audits each refusal", async () => {
    for (const name of ["vera", "ada"]) {
      const { cookie } = await signIn(name);
      for (const path of childRoutes()) {
        const before = (await listAudit(ws.db)).length;
        const res = await get(path, cookie);
        assert.equal(res.status, 403, `${name} ${path}`);
        const a = await lastAudit();
        assert.equal((await listAudit(ws.db)).length, before + 1);
        assert.deepEqual([a.action, a.user, a.outcome], ["refused", name, "refused"]);
        assert.match(a.route ?? "", /^\/(indicator|child|exceptions)/);
        assert.ok(!(a.route ?? "").includes(tm1Child), "the route pattern, not the path");
      }
    }
  });

  it("refuses the admin pages to every role but admin", async () => {
    for (const name of ["vera", "mo", "ann"]) {
      const { cookie } = await signIn(name);
      for (const path of adminRoutes) {
        assert.equal((await get(path, cookie)).status, 403, `${name} ${path}`);
        assert.equal((await lastAudit()).action, "refused");
      }
    }
    const { cookie } = await signIn("ada");
    for (const path of adminRoutes) assert.equal((await get(path, cookie)).status, 200, path);
  });

  it("shows an analyst every row behind a figure, as many as explain lists, and audits the children", async () => {
    const { cookie } = await signIn("ann");
    const res = await get(CSV, cookie);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
    const lines = (await res.text()).trim().split("\r\n");
    assert.equal(lines[0], "child_id,event_id,date,in_numerator,in_denominator,value,reason,team,worker");
    const stored = await select(
      ws.db,
      "SELECT value FROM indicator_values WHERE indicator = 'contacts' AND period_type = 'month' AND period_end = DATE '2025-03-31'",
    );
    // contacts is a count of contacts: one row per contact, all in the numerator
    assert.equal(lines.length - 1, Number(stored[0]!.value));
    const a = await lastAudit();
    assert.deepEqual(
      [a.action, a.indicator, a.period, a.user],
      ["download-rows", "contacts", "month 2025-03-31", "ann"],
    );
    const ids = new Set(lines.slice(1).map((l) => l.split(",")[0]));
    assert.equal(a.childCount, ids.size);
    // the page shows ROWS_PER_PAGE rows at a time: every row is on one of its pages, in the order asked
    const shown: string[] = [];
    for (let n = 1; n <= Math.ceil((lines.length - 1) / ROWS_PER_PAGE); n++) {
      const page = await get(`${ROWS}&sort=child_id&order=desc&page=${n}`, cookie);
      assert.equal(page.status, 200);
      shown.push(...[...(await page.text()).matchAll(/href="\/child\/([^"]+)"/g)].map((m) => m[1]!));
      assert.equal((await lastAudit()).action, "view-rows");
    }
    assert.equal(shown.length, lines.length - 1);
    assert.deepEqual(
      shown,
      [...shown].sort((x, y) => y.localeCompare(x, "en-GB", { numeric: true })),
    );
    assert.equal((await get(`/child/${tm2Child}`, cookie)).status, 200);
    const child = await lastAudit();
    assert.deepEqual([child.action, child.childIds], ["view-child", tm2Child]);
  });

  it("shows a manager only their teams' rows and children; another team's child is refused and audited", async () => {
    const { cookie } = await signIn("mo");
    const res = await get(CSV, cookie);
    assert.equal(res.status, 200);
    const rows = (await res.text()).trim().split("\r\n").slice(1);
    assert.ok(rows.length > 0, "TM1 has rows");
    const all = await select(
      ws.db,
      "SELECT value FROM indicator_values WHERE indicator = 'contacts' AND period_type = 'month' AND period_end = DATE '2025-03-31'",
    );
    assert.ok(rows.length < Number(all[0]!.value), "fewer than the council's");
    const teams = new Set(rows.map((l) => l.split(",").at(-2)));
    assert.ok(
      [...teams].every((t) => t === "TM1"),
      [...teams].join(),
    );
    assert.equal((await get(`/child/${tm1Child}`, cookie)).status, 200);
    const other = await get(`/child/${tm2Child}`, cookie);
    assert.equal(other.status, 403);
    const a = await lastAudit();
    assert.deepEqual(
      [a.action, a.user, a.childIds, a.detail],
      ["refused", "mo", tm2Child, "child not in the manager's teams"],
    );
  });

  it("pages the rows behind a figure, keeping the sort and filter; each page's view audits that page's children", async () => {
    const { cookie } = await signIn("ann");
    // the year to date: 12 months of contacts, more than a page (every contact is in the numerator)
    const YTD = `/indicator/contacts/rows?type=ytd&end=${END}`;
    const csvIds = (await (await get(`/indicator/contacts/rows.csv?type=ytd&end=${END}`, cookie)).text())
      .trim()
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(",")[0]!);
    const sorted = [...csvIds].sort((x, y) => x.localeCompare(y, "en-GB", { numeric: true }));
    assert.ok(csvIds.length > ROWS_PER_PAGE + 1, `${csvIds.length} rows: more than one page`);
    const pages = Math.ceil(csvIds.length / ROWS_PER_PAGE);
    const idsOn = (html: string) =>
      [...html.matchAll(/<td class="govuk-table__cell"><a class="govuk-link" href="\/child\/([^"]+)"/g)].map(
        (m) => m[1]!,
      );

    const second = await (await get(`${YTD}&show=numerator&sort=child_id&order=asc&page=2`, cookie)).text();
    // page 2 holds rows 101 to 200 (or to the last) of the rows sorted by child id
    assert.deepEqual(idsOn(second), sorted.slice(ROWS_PER_PAGE, 2 * ROWS_PER_PAGE));
    assert.match(
      second,
      new RegExp(`rows ${ROWS_PER_PAGE + 1} to ${Math.min(2 * ROWS_PER_PAGE, csvIds.length)} on this page`),
    );
    assert.match(second, /<nav class="govuk-pagination" aria-label="Pages of rows">/);
    const links = [...second.matchAll(/<a class="govuk-link govuk-pagination__link" href="([^"]+)"/g)].map(
      (m) => m[1]!.replace(/&amp;/g, "&"),
    );
    // every pagination link keeps the period, the filter and the sort
    assert.ok(links.length >= 3, links.join(" "));
    for (const href of links)
      assert.match(
        href,
        /^\/indicator\/contacts\/rows\?type=ytd&end=2025-03-31&show=numerator&sort=child_id&order=asc&page=\d+$/,
      );
    assert.ok(
      links.includes(
        `/indicator/contacts/rows?type=ytd&end=${END}&show=numerator&sort=child_id&order=asc&page=1`,
      ),
    );
    assert.match(second, /aria-label="Page 2" aria-current="page"/);
    const a = await lastAudit();
    // the audit names the children of the rows shown on this page, not of all pages
    assert.deepEqual(
      [a.action, a.childIds, a.childCount, a.detail],
      [
        "view-rows",
        [...new Set(sorted.slice(ROWS_PER_PAGE, 2 * ROWS_PER_PAGE))].join(" "),
        new Set(sorted.slice(ROWS_PER_PAGE, 2 * ROWS_PER_PAGE)).size,
        `rows ${ROWS_PER_PAGE + 1} to ${Math.min(2 * ROWS_PER_PAGE, csvIds.length)} of ${csvIds.length} (page 2 of ${pages})`,
      ],
    );
    // a page past the last shows the last; the first page has no "Previous" link
    const beyond = await (await get(`${YTD}&sort=child_id&page=${pages + 5}`, cookie)).text();
    assert.deepEqual(idsOn(beyond), sorted.slice((pages - 1) * ROWS_PER_PAGE));
    const first = await (await get(`${YTD}&sort=child_id&page=x`, cookie)).text();
    assert.deepEqual(idsOn(first), sorted.slice(0, ROWS_PER_PAGE));
    assert.ok(!first.includes('rel="prev"') && first.includes('rel="next"'));
  });

  it("gives a due date column in the rows CSV and XLSX where the indicator has one: the engine's rows", async () => {
    const { cookie } = await signIn("ann");
    const id = "assessments_open_over_45wd";
    const res = await get(`/indicator/${id}/rows.csv?type=month&end=${END}`, cookie);
    assert.equal(res.status, 200);
    const lines = (await res.text()).trim().split("\r\n");
    assert.equal(
      lines[0],
      "child_id,event_id,date,due_date,in_numerator,in_denominator,value,reason,team,worker",
    );
    const period = await storedPeriod(ws, id, "month", END);
    const engine = await explainRows(
      ws.db,
      findIndicator(id)!,
      ws.options,
      ws.settings.council.laCode,
      period!,
    );
    assert.ok(engine.length > 0 && engine.some((r) => r.due_date), "rows with a due date");
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => l.split(",").slice(0, 4).join(","))
        .sort(),
      engine.map((r) => [r.child_id, r.event_id, r.date, r.due_date ?? ""].join(",")).sort(),
    );
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      await (await get(`/indicator/${id}/rows.xlsx?type=month&end=${END}`, cookie)).arrayBuffer(),
    );
    const sheet = wb.getWorksheet("Rows")!;
    assert.equal(sheet.getRow(1).getCell(4).value, "Due date");
    const due = lines[1]!.split(",")[3]!;
    const cell = sheet.getRow(2).getCell(4).value;
    assert.equal(cell instanceof Date ? cell.toISOString().slice(0, 10) : cell, due || null);
    // the page shows it too, sortable: the earliest due date first
    const page = await (
      await get(`/indicator/${id}/rows?type=month&end=${END}&sort=due_date&order=asc`, cookie)
    ).text();
    assert.match(
      page,
      /aria-sort="ascending"><a class="govuk-link" href="[^"]*sort=due_date&amp;order=desc">Due<\/a>/,
    );
    const dues = lines
      .slice(1)
      .map((l) => l.split(",")[3]!)
      .sort((x, y) => x.localeCompare(y, "en-GB", { numeric: true }));
    const firstRow = /<tbody class="govuk-table__body"><tr class="govuk-table__row">(.*?)<\/tr>/.exec(
      page,
    )![1]!;
    const cells = [...firstRow.matchAll(/<td class="govuk-table__cell">(.*?)<\/td>/g)].map((m) => m[1]);
    // child, event, date, due date …
    assert.equal(cells[3], dues[0]);
    // contacts has no due date: no such column
    assert.doesNotMatch((await (await get(CSV, cookie)).text()).split("\r\n")[0]!, /due_date/);
  });

  it("lists the exceptions: all for an analyst, a manager's teams only; downloads audited; the CLI says the workspace is in use", async () => {
    const csvOf = async (cookie: string, query = "") => {
      const res = await get(`/exceptions.csv?end=${END}${query}`, cookie);
      assert.equal(res.status, 200);
      return (await res.text()).trim().split("\n");
    };
    const ann = (await signIn("ann")).cookie;
    const all = await csvOf(ann);
    const cli = spawnSync(process.execPath, [BIN, "exceptions", "--dir", dir, "--format", "csv"], {
      encoding: "utf8",
    });
    // the server holds the workspace, so the command says so in one line
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /in use by another process/);
    assert.equal(all[0], "list,indicator,team,worker,child_id,event_id,event,due_date,days_overdue,measure");
    assert.ok(all.length > 5, `${all.length} lines`);
    const a = await lastAudit();
    assert.deepEqual(
      [a.action, a.period, a.childCount],
      ["download-exceptions", `month ${END}`, new Set(all.slice(1).map((l) => l.split(",")[4])).size],
    );
    const tm2 = await csvOf(ann, "&team=TM2&list=rereferrals");
    assert.ok(
      tm2.slice(1).every((l) => l.startsWith("rereferrals,") && l.split(",")[2] === "TM2"),
      tm2.join("\n"),
    );
    const mo = (await signIn("mo")).cookie;
    const mine = await csvOf(mo);
    const teams = new Set(mine.slice(1).map((l) => l.split(",")[2]));
    assert.deepEqual([...teams], ["TM1"]);
    assert.equal(
      mine.length - 1,
      all.slice(1).filter((l) => l.split(",")[2] === "TM1").length,
      "the manager's rows are the council's TM1 rows",
    );
    assert.equal((await get(`/exceptions.csv?end=${END}&team=TM2`, mo)).status, 403);
    assert.deepEqual(
      [(await lastAudit()).action, (await lastAudit()).detail],
      ["refused", "team TM2 is not the manager's"],
    );
    const page = await get(`/exceptions?end=${END}`, mo);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Your teams only: TM1/);
    assert.equal((await lastAudit()).action, "view-exceptions");
    const xlsx = await get(`/exceptions.xlsx?end=${END}`, ann);
    assert.equal(xlsx.status, 200);
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 2)], [0x50, 0x4b], "a zip (XLSX) file");
  });

  it("refuses a form with a missing or wrong CSRF token, and a sign-in without the form's cookie", async () => {
    const { cookie, csrf } = await signIn("ada");
    for (const token of [undefined, "wrong", `${csrf}x`]) {
      const res = await post(
        "/admin/users",
        { ...(token ? { _csrf: token } : {}), name: "eve", role: "admin" },
        cookie,
      );
      assert.equal(res.status, 403);
      assert.equal((await lastAudit()).detail, "missing or wrong CSRF token");
    }
    assert.equal((await select(ws.db, "SELECT * FROM users WHERE name = 'eve'")).length, 0);
    const ok = await post("/admin/users", { _csrf: csrf, name: "eve", role: "viewer" }, cookie);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /Added eve\. One-time password \(shown once\): [\w-]{20}/);
    const page = await app.request("/sign-in");
    const res = await post("/sign-in", { _csrf: csrfOf(await page.text()), name: "ada", password: PASSWORD });
    assert.equal(res.status, 403);
  });

  it("refuses the 6th wrong password in a minute, even when right, and unlocks after 15 minutes", async () => {
    const attempt = async (password: string) => {
      const page = await app.request("/sign-in");
      return post(
        "/sign-in",
        { _csrf: csrfOf(await page.text()), name: "eve", password },
        cookieOf(page, "scorecard_sign_in"),
      );
    };
    await setPassword(ws.db, "eve", PASSWORD);
    for (let k = 1; k <= 5; k++) {
      clock += 1000;
      const res = await attempt(`wrong ${k}`);
      assert.equal(res.status, 401, `attempt ${k}`);
      assert.match(await res.text(), /The user name or password is not right/);
    }
    clock += 1000;
    const sixth = await attempt(PASSWORD);
    assert.equal(sixth.status, 429);
    const failed = await listAudit(ws.db, { action: "sign-in-failed", user: "eve" });
    assert.equal(failed.length, 6);
    assert.deepEqual(
      failed.map((f) => f.detail),
      ["too many failed sign-ins from this address", ...Array(5).fill("wrong-password")],
    );
    assert.equal(failed[0]!.outcome, "refused");
    clock += 2 * 60_000;
    const locked = await attempt(PASSWORD);
    assert.equal(locked.status, 429, "the address may try again, the account is still locked");
    assert.match(await locked.text(), /This account is locked/);
    clock += 14 * 60_000;
    assert.equal((await attempt(PASSWORD)).status, 303);
  });

  it("shows a script in a child id as text", async () => {
    const { cookie } = await signIn("ann");
    const id = `<script>alert("x")</script>`;
    const res = await get(`/child/${encodeURIComponent(id)}`, cookie);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(!html.includes("<script>"), "no script element");
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert.equal((await lastAudit()).childIds, id);
  });

  it("sets the session cookie HttpOnly, Secure, SameSite=Strict, and ends it after 30 idle minutes", async () => {
    const page = await app.request("/sign-in");
    const res = await post(
      "/sign-in",
      { _csrf: csrfOf(await page.text()), name: "ann", password: PASSWORD },
      cookieOf(page, "scorecard_sign_in"),
    );
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    assert.match(set, /; HttpOnly/);
    assert.match(set, /; Secure/);
    assert.match(set, /; SameSite=Strict/);
    assert.match(set, /; Path=\//);
    const cookie = set.split(";")[0]!;
    clock += 29 * 60_000;
    assert.equal((await get("/", cookie)).status, 200);
    clock += 31 * 60_000;
    assert.equal((await get("/", cookie)).status, 302);
  });

  it("sends security headers: CSP without inline scripts, no framing, no referrer, HSTS only over TLS", async () => {
    const res = await get("/sign-in");
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.ok(!csp.includes("unsafe-inline"));
    assert.ok(!/script-src/.test(csp), "no script source at all");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("strict-transport-security"), null);
    const tls = await app.request("https://scorecard.example/sign-in");
    assert.match(tls.headers.get("strict-transport-security") ?? "", /max-age=31536000/);
  });

  it("sends a person with a one-time password to choose their own before anything else", async () => {
    const page = await app.request("/sign-in");
    const res = await post(
      "/sign-in",
      { _csrf: csrfOf(await page.text()), name: "newbie", password: PASSWORD },
      cookieOf(page, "scorecard_sign_in"),
    );
    assert.equal(res.headers.get("location"), "/set-password");
    const cookie = cookieOf(res, SESSION_COOKIE)!;
    assert.equal((await get(ROWS, cookie)).headers.get("location"), "/sign-in");
    assert.equal((await get("/", cookie)).headers.get("location"), "/set-password");
    const form = await get("/set-password", cookie);
    const csrf = csrfOf(await form.text());
    const short = await post("/set-password", { _csrf: csrf, password: "short", confirm: "short" }, cookie);
    assert.equal(short.status, 400);
    const chosen = "a password of my own";
    const ok = await post("/set-password", { _csrf: csrf, password: chosen, confirm: chosen }, cookie);
    assert.equal(ok.headers.get("location"), "/");
    assert.equal((await get(ROWS, cookie)).status, 200);
  });

  it("suppresses small counts for a viewer as --publish does, and not for an analyst", async () => {
    const small = (
      await select(
        ws.db,
        `SELECT indicator, value FROM indicator_values WHERE period_type = 'month' AND period_end = DATE '2025-03-31'
         AND value BETWEEN 1 AND 4 ORDER BY indicator`,
      )
    ).find((r) => findIndicator(String(r.indicator))?.unit === "count");
    assert.ok(small, "the demo has a count of 1 to 4 in March 2025");
    const path = `/indicator/${small.indicator}?type=month&end=${END}`;
    const viewer = await (await get(path, (await signIn("vera")).cookie)).text();
    assert.match(viewer, /<p class="govuk-body-l">&lt;5<\/p>/);
    const analyst = await (await get(path, (await signIn("ann")).cookie)).text();
    assert.match(analyst, new RegExp(`<p class="govuk-body-l">${small.value}</p>`));
  });

  it("filters the audit log by user, child and action for an admin, and exports it; the views are audited too", async () => {
    const { cookie } = await signIn("ada");
    const page = await get(
      `/admin/audit?user=ann&child=${encodeURIComponent(tm2Child)}&action=view-child`,
      cookie,
    );
    assert.equal(page.status, 200);
    const html = await page.text();
    const rows = [...html.matchAll(/<tr class="govuk-table__row"><td class="govuk-table__cell">/g)].length;
    assert.equal(
      rows,
      (await listAudit(ws.db, { user: "ann", child: tm2Child, action: "view-child" })).length,
    );
    assert.ok(rows >= 1);
    assert.deepEqual(
      [(await lastAudit()).action, (await lastAudit()).detail],
      ["view-audit", `${rows} entries about one child`],
    );
    const csv = await get("/admin/audit.csv?action=view-child", cookie);
    const lines = (await csv.text()).trim().split("\r\n");
    assert.equal(
      lines[0],
      "seq,at,user,role,action,route,indicator,period,childIds,childCount,outcome,detail",
    );
    assert.ok(lines.slice(1).every((l) => l.split(",")[4] === "view-child"));
    assert.equal((await lastAudit()).action, "download-audit");
  });

  it("keeps a downloaded CSV cell from being read as a formula (OWASP's rule), negative numbers kept", async () => {
    const ann = await signIn("ann");
    const evil = '=HYPERLINK("http://x","y")';
    assert.equal((await get(`/child/${encodeURIComponent(evil)}`, ann.cookie)).status, 200);
    const { cookie } = await signIn("ada");
    const text = await (await get(`/admin/audit.csv?child=${encodeURIComponent(evil)}`, cookie)).text();
    // the child id cell: a quote before "=", and the field quoted for its quotes and commas
    assert.ok(text.includes(`,"'=HYPERLINK(""http://x"",""y"")",1,ok,`), text);
  });

  it("shows the data page to an analyst only; undoing an import checks the token and the import", async () => {
    for (const name of ["vera", "mo", "ada"]) {
      assert.equal((await get("/data", (await signIn(name)).cookie)).status, 403, name);
      assert.equal((await lastAudit()).action, "refused");
    }
    const { cookie, csrf } = await signIn("ann");
    const page = await get("/data", cookie);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /The data covers 2023-04-01 to 2025-03-31\./);
    assert.equal((await post("/data/imports/7/undo", {}, cookie)).status, 403, "no CSRF token");
    const none = await post("/data/imports/7/undo", { _csrf: csrf }, cookie);
    assert.equal(none.status, 400);
    assert.match(await none.text(), /there is no import 7/);
  });

  it("imports a CIN census through the page after checking it, and undoes it; each step audited", async () => {
    const { cookie, csrf } = await signIn("ann");
    const upload = async () => {
      const body = new FormData();
      body.set("_csrf", csrf);
      body.append(
        "files",
        new File([readFileSync(fixturePath("cin-census", "fake_CIN_data.xml"))], "fake_CIN_data.xml"),
      );
      return app.request("/data/upload", { method: "POST", body, headers: { cookie } });
    };
    const checked = await upload();
    assert.equal(checked.status, 200);
    const page = await checked.text();
    assert.match(page, /Check the files before importing/);
    assert.match(page, /fake_CIN_data\.xml \(cin\)/);
    const token = /action="\/data\/upload\/([\w-]+)\/confirm"/.exec(page)![1]!;
    assert.equal((await lastAudit()).action, "check-import");
    const cancelled = await post(`/data/upload/${token}/cancel`, { _csrf: csrf }, cookie);
    assert.match(await cancelled.text(), /Nothing imported\./);
    assert.equal((await post(`/data/upload/${token}/confirm`, { _csrf: csrf }, cookie)).status, 404);
    const again = await (await upload()).text();
    const token2 = /action="\/data\/upload\/([\w-]+)\/confirm"/.exec(again)![1]!;
    const done = await post(`/data/upload/${token2}/confirm`, { _csrf: csrf }, cookie);
    assert.equal(done.status, 200);
    const message = /Import (\d+): (\d+) records added\. Figures recomputed\./.exec(await done.text());
    assert.ok(message, "the import's message");
    assert.ok(Number(message[2]) > 100, `${message[2]} records`);
    const a = await lastAudit();
    assert.deepEqual([a.action, a.detail], ["import", `import ${message[1]}: ${message[2]} records added`]);
    const undone = await post(`/data/imports/${message[1]}/undo`, { _csrf: csrf }, cookie);
    assert.match(
      await undone.text(),
      new RegExp(`Import ${message[1]} undone: ${message[2]} records removed\\.`),
    );
    assert.equal((await lastAudit()).action, "undo-import");
  });

  it("downloads the rows behind a figure as XLSX, the CSV's rows, audited as a download", async () => {
    const { cookie } = await signIn("ann");
    const csvLines = (await (await get(CSV, cookie)).text()).trim().split("\r\n");
    const res = await get(XLSX, cookie);
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get("content-type"),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    assert.equal(res.headers.get("content-disposition"), `attachment; filename="contacts-month-${END}.xlsx"`);
    const a = await lastAudit();
    assert.deepEqual([a.action, a.indicator, a.period], ["download-rows", "contacts", `month ${END}`]);
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet("Rows")!;
    // a header row and then one row per CSV data line (the CSV's first line is its header)
    assert.equal(sheet.rowCount, csvLines.length);
    assert.equal(sheet.getRow(1).getCell(1).value, "Child");
    assert.equal(String(sheet.getRow(2).getCell(1).value), csvLines[1]!.split(",")[0]);
  });

  it("shows on the child page the indicators each event counts in: explain's rows for the child", async () => {
    const { cookie } = await signIn("ann");
    const lines = (await (await get(CSV, cookie)).text()).trim().split("\r\n").slice(1);
    const [childId, eventId] = lines[0]!.split(",");
    const mine = lines.filter((l) => l.split(",")[0] === childId);
    const res = await get(`/child/${childId}?type=month&end=${END}`, cookie);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, new RegExp(`In the figures: In month ending ${END}`));
    const contactRows = [
      ...html.matchAll(
        /<tr class="govuk-table__row"><td class="govuk-table__cell"><a[^>]*href="\/indicator\/contacts\?[^"]*">[^<]*<\/a><\/td><td class="govuk-table__cell">([^<]*)<\/td>/g,
      ),
    ].map((m) => m[1]);
    // the child's contacts rows on the page are the CSV's rows of that child, event for event
    assert.deepEqual(contactRows.sort(), mine.map((l) => l.split(",")[1]).sort());
    assert.ok(contactRows.includes(eventId), "the first row's event");
    assert.match(
      html,
      /Counts in \(In month ending 2025-03-31\): [^<]*Contacts received \(in the numerator\)/,
    );
    assert.equal((await lastAudit()).action, "view-child");
  });

  it("shows the report's narrative on the indicator page, the same sentences", async () => {
    const { cookie } = await signIn("ann");
    const page = await (await get(INDICATOR, cookie)).text();
    const model = await buildReportModel(ws, {
      framework: loadFramework(ws.settings, ws.dir),
      periodEnd: END,
      produced: "2025-05-01",
    });
    const ind = model.sections.flatMap((x) => x.indicators).find((i) => i.id === "contacts")!;
    assert.ok(ind.narrative.length > 0, "the report has a narrative for contacts");
    const section = /What the figures say<\/h2>(.*?)<h2/s.exec(page)?.[1] ?? "";
    const shown = [...section.matchAll(/<p class="govuk-body">(.*?)<\/p>/gs)].map((m) =>
      m[1]!
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&"),
    );
    assert.deepEqual(
      shown,
      ind.narrative.map((x) => x.text),
    );
  });

  it("lets an analyst write and edit a period's commentary, keeping the history; the report shows the latest", async () => {
    const { cookie, csrf } = await signIn("ann");
    const before = await (await get(INDICATOR, cookie)).text();
    assert.match(before, /No commentary has been written for this period\./);
    const first = await post(
      "/indicator/contacts/commentary",
      {
        _csrf: csrf,
        type: "month",
        end: END,
        text: "Contacts rose after <script>alert(1)</script> a campaign.",
      },
      cookie,
    );
    assert.equal(first.status, 303);
    assert.equal(first.headers.get("location"), `/indicator/contacts?type=month&end=${END}#commentary`);
    const a = await lastAudit();
    assert.deepEqual(
      [a.action, a.user, a.indicator, a.period, a.outcome],
      ["commentary", "ann", "contacts", `month ${END}`, "ok"],
    );
    const edited = await post(
      "/indicator/contacts/commentary",
      { _csrf: csrf, type: "month", end: END, text: "Contacts rose after a schools campaign." },
      cookie,
    );
    assert.equal(edited.status, 303);
    assert.match((await lastAudit()).detail ?? "", /^version \d+ replaces \d+$/);
    const html = await (await get(INDICATOR, cookie)).text();
    assert.ok(!html.includes("<script>alert(1)"), "a script in commentary is shown as text");
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /Earlier versions \(1\)/);
    assert.match(html, />Contacts rose after a schools campaign\.<\/textarea>/);
    const model = await buildReportModel(ws, {
      framework: loadFramework(ws.settings, ws.dir),
      periodEnd: END,
      produced: "2025-05-01",
    });
    const ind = model.sections.flatMap((x) => x.indicators).find((i) => i.id === "contacts")!;
    assert.deepEqual(
      [ind.commentary?.text, ind.commentary?.author],
      ["Contacts rose after a schools campaign.", "ann"],
    );
    const empty = await post(
      "/indicator/contacts/commentary",
      { _csrf: csrf, type: "month", end: END, text: "  " },
      cookie,
    );
    assert.equal(empty.status, 400);
    const noPeriod = await post(
      "/indicator/contacts/commentary",
      { _csrf: csrf, type: "month", end: "2031-01-31", text: "x" },
      cookie,
    );
    assert.equal(noPeriod.status, 400);
  });

  it("refuses commentary to a viewer, a manager and an admin (no form shown), and audits each refusal", async () => {
    for (const name of ["vera", "mo", "ada"]) {
      const { cookie, csrf } = await signIn(name);
      const page = await (await get(INDICATOR, cookie)).text();
      assert.ok(!page.includes('action="/indicator/contacts/commentary"'), `${name} sees no form`);
      assert.match(page, /Contacts rose after a schools campaign\./, `${name} reads the commentary`);
      const res = await post(
        "/indicator/contacts/commentary",
        { _csrf: csrf, type: "month", end: END, text: "Not mine to write." },
        cookie,
      );
      assert.equal(res.status, 403, name);
      const a = await lastAudit();
      assert.deepEqual([a.action, a.user, a.indicator, a.outcome], ["refused", name, "contacts", "refused"]);
    }
    const signedOut = await post("/indicator/contacts/commentary", { type: "month", end: END, text: "x" });
    assert.equal(signedOut.status, 403, "no session, no CSRF token");
  });

  it("keeps every child id out of the server's log lines", async () => {
    const audited = await listAudit(ws.db);
    const ids = new Set(audited.flatMap((a) => (a.childIds ?? "").split(" ").filter(Boolean)));
    assert.ok(ids.size > 10, "the run viewed children");
    const text = logs.join("\n");
    for (const id of ids) assert.ok(!text.includes(id), `log holds ${id}`);
    assert.ok(logs.some((l) => l.startsWith("GET /child/:id 200")));
  });
});
