import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type ServerType, serve } from "@hono/node-server";
import ExcelJS from "exceljs";
import Provider from "oidc-provider";
import { type Browser, chromium, type Page } from "playwright-core";
import { listAudit } from "../auth/audit.ts";
import { addUser, setPassword } from "../auth/users.ts";
import { loadFramework } from "../framework/load.ts";
import { buildReportModel } from "../report/document/model.ts";
import { readSettings, SETTINGS_FILE, type SettingsInput, writeSettings } from "../workspace/settings.ts";
import { openWorkspace, type Workspace } from "../workspace/workspace.ts";
import { createApp } from "./app.tsx";

/** Debian's Chromium (.ci/run installs it), or CHROMIUM_PATH. */
const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p) => p && existsSync(p),
);
const AXE = readFileSync(
  join(createRequire(import.meta.url).resolve("axe-core"), "..", "axe.min.js"),
  "utf8",
);
const PASSWORD = "correct horse battery";
const END = "2025-03-31";

const tmp = mkdtempSync(join(tmpdir(), "browser-"));
const dir = join(tmp, "ws");
let ws: Workspace;
let server: ServerType;
let browser: Browser;
let base: string;
const logs: string[] = [];

/** axe-core's WCAG 2.2 A and AA violations on the page, as "rule: target" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() =>
    (
      globalThis as unknown as {
        axe: { run(o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe.run({
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
      // only the violations are read: axe then keeps one node of each passing rule, not every node
      resultTypes: ["violations"],
    }),
  );
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const DESKTOP = { width: 1280, height: 720 };
const NARROW = { width: 320, height: 640 };

/** Asserts axe finds no violation on the page as it is, at desktop width and at 320 px wide (the same page, resized). */
async function assertAccessible(page: Page, what: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  assert.deepEqual(await axeViolations(page), [], `${what} at ${DESKTOP.width} px`);
  await page.setViewportSize(NARROW);
  assert.deepEqual(await axeViolations(page), [], `${what} at ${NARROW.width} px`);
  await page.setViewportSize(DESKTOP);
}

/** True when the page scrolls sideways at its viewport's width (WCAG 1.4.10 reflow). */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const d = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return d.scrollWidth > d.clientWidth;
  });
}

/** The text of the figure of `end` in the indicator page's figures-by-month table. */
async function monthFigure(page: Page, id: string, end: string): Promise<string> {
  await page.goto(`${base}/indicator/${id}?type=month&end=${END}`);
  return (
    (await page
      .locator(`tr:has(a[href$="end=${end}"]) td.govuk-table__cell--numeric`)
      .first()
      .textContent()) ?? ""
  );
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`${base}/`);
  assert.match(page.url(), /\/sign-in$/);
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/`);
}

describe("the web application in Chromium", { skip: CHROMIUM ? false : "no Chromium installed" }, () => {
  before(async () => {
    const bin = join(import.meta.dirname, "..", "..", "bin", "scorecard.js");
    const r = spawnSync(
      process.execPath,
      [bin, "demo", "--dir", dir, "--population", "3000", "--years", "2", "--end", END],
      { encoding: "utf8", cwd: tmp },
    );
    assert.equal(r.status, 0, r.stderr);
    ws = await openWorkspace(dir);
    for (const [name, role, teams] of [
      ["ann", "analyst", []],
      ["vera", "viewer", []],
      ["ada", "admin", []],
      ["mo", "manager", ["TM1"]],
    ] as const) {
      await addUser(ws.db, name, role, [...teams], new Date());
      await setPassword(ws.db, name, PASSWORD);
    }
    const app = await createApp({ ws, log: (l) => logs.push(l) });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ["--no-sandbox"] });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    ws?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("an analyst goes from the scorecard to a figure, its rows and a child; every page passes axe; the views are audited", async () => {
    // axe is injected as a script: the page's CSP (no inline scripts) would refuse it
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, "ann");
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Scorecard");
    await assertAccessible(page, "scorecard");
    await page.getByRole("link", { name: "Contacts received", exact: true }).first().click();
    await page.waitForURL(/\/indicator\/contacts\?/);
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Contacts received");
    await assertAccessible(page, "indicator");
    await page.getByRole("link", { name: "The children and events behind this figure" }).click();
    await page.waitForURL(/\/indicator\/contacts\/rows\?/);
    await assertAccessible(page, "rows");
    const child = page.locator('a[href^="/child/"]').first();
    const childId = (await child.textContent())!;
    await child.click();
    await page.waitForURL(/\/child\//);
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), childId);
    await assertAccessible(page, "child");
    const audit = await listAudit(ws.db, { user: "ann" });
    assert.deepEqual(audit.map((a) => a.action).reverse(), ["sign-in", "view-rows", "view-child"]);
    assert.equal(audit[0]!.childIds, childId);
    assert.ok(!logs.join("\n").includes(childId), "no child id in the server's log");
    // a later page of a figure with more rows than a page: the pagination bar too
    await page.goto(`${base}/indicator/contacts/rows?type=ytd&end=${END}&sort=date&page=2`);
    await page.locator(".govuk-pagination").waitFor();
    await assertAccessible(page, "rows, page 2");
    await page.getByRole("link", { name: "Exceptions" }).click();
    await page.waitForURL(/\/exceptions$/);
    assert.match(
      (await page.getByRole("heading", { level: 1 }).textContent()) ?? "",
      /^Exceptions at 2025-03-31$/,
    );
    await assertAccessible(page, "exceptions");
    assert.equal((await listAudit(ws.db, { user: "ann", limit: 1 }))[0]!.action, "view-exceptions");
    await page.getByRole("link", { name: "Data", exact: true }).click();
    await page.waitForURL(/\/data$/);
    await assertAccessible(page, "data");
    await page
      .getByLabel("Annex A, CIN census, SSDA903 or SSD files")
      .setInputFiles(
        join(import.meta.dirname, "..", "..", "fixtures", "cin-census", "CIN_Census_2024_with_errors.xml"),
      );
    await page.getByRole("button", { name: "Check the files" }).click();
    await page.getByRole("heading", { name: "Check the files before importing" }).waitFor();
    await assertAccessible(page, "check before import");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByText("Nothing imported.").waitFor();
    await context.close();
  });

  it("an analyst clicks a red figure, writes its commentary (in the report), downloads rows and exceptions as XLSX, imports a CIN census and undoes it", async () => {
    const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, "ann");
    await page.getByLabel("RAG", { exact: true }).selectOption("red");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/rag=red/);
    const red = page.locator("tr:has(.govuk-tag--red) td.govuk-table__cell--numeric a");
    assert.ok((await red.count()) > 0, "the demo has red figures");
    let id = "";
    for (const href of await red.evaluateAll((as) =>
      as.map((a) => (a as unknown as { href: string }).href),
    )) {
      await page.goto(href);
      if (
        (await page.getByRole("link", { name: "The children and events behind this figure" }).count()) > 0
      ) {
        id = /\/indicator\/([^?]+)/.exec(href)![1]!;
        break;
      }
    }
    assert.ok(id, "a red figure with rows behind it");
    assert.match((await page.locator(".govuk-body-l").textContent()) ?? "", /\d/);
    await page
      .getByLabel("Write the commentary")
      .fill("Red this month: <b>the backlog</b> is being cleared.");
    await page.getByRole("button", { name: "Save commentary" }).click();
    await page.waitForURL(/#commentary$/);
    assert.equal(
      (await page.locator(".app-commentary p").first().textContent()) ?? "",
      "Red this month: <b>the backlog</b> is being cleared.",
    );
    const model = await buildReportModel(ws, {
      framework: loadFramework(ws.settings, ws.dir),
      periodEnd: END,
      produced: "2025-05-01",
    });
    const inReport = model.sections.flatMap((x) => x.indicators).find((i) => i.id === id);
    assert.equal(inReport?.commentary?.text, "Red this month: <b>the backlog</b> is being cleared.");
    assert.equal(inReport?.commentary?.author, "ann");

    await page.getByRole("link", { name: "The children and events behind this figure" }).click();
    await page.waitForURL(/\/rows\?/);
    // every row behind the figure, on however many pages
    const shownRows = Number(
      /Download all (\d+) rows/.exec((await page.locator(".app-rows-count").textContent()) ?? "")?.[1],
    );
    assert.ok(shownRows > 0);
    const [rowsFile] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "as XLSX" }).click(),
    ]);
    const rowsBook = new ExcelJS.Workbook();
    await rowsBook.xlsx.readFile((await rowsFile.path())!);
    // a header row, then the rows the page lists
    assert.equal(rowsBook.getWorksheet("Rows")!.rowCount, shownRows + 1);

    await page.goto(`${base}/exceptions?end=${END}`);
    const [listFile] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Excel workbook" }).click(),
    ]);
    assert.equal(listFile.suggestedFilename(), `exceptions-${END}.xlsx`);
    const lists = new ExcelJS.Workbook();
    await lists.xlsx.readFile((await listFile.path())!);
    assert.equal(lists.worksheets[0]!.name, "Summary");
    assert.ok(lists.worksheets.length > 1, "a sheet per list");

    // fake_CIN_data.xml has one referral dated in February 2025 (CINreferralDate 2025-02-…)
    const before = await monthFigure(page, "referrals", "2025-02-28");
    await page.getByRole("link", { name: "Data", exact: true }).click();
    await page
      .getByLabel("Annex A, CIN census, SSDA903 or SSD files")
      .setInputFiles(join(import.meta.dirname, "..", "..", "fixtures", "cin-census", "fake_CIN_data.xml"));
    await page.getByRole("button", { name: "Check the files" }).click();
    await page.getByRole("heading", { name: "Check the files before importing" }).waitFor();
    await page.getByRole("button", { name: "Import these files and recompute" }).click();
    await page.locator(".govuk-panel__body").waitFor();
    const done =
      (await page.locator(".govuk-panel__body, .govuk-notification-banner__content").first().textContent()) ??
      "";
    const imported = /Import (\d+): \d+ records added\. Figures recomputed\./.exec(done);
    assert.ok(imported, done);
    const after = await monthFigure(page, "referrals", "2025-02-28");
    assert.equal(Number(after), Number(before) + 1, `referrals in February 2025: ${before} then ${after}`);
    await page.getByRole("link", { name: "Data", exact: true }).click();
    await page.locator(`form[action="/data/imports/${imported[1]}/undo"] button`).click();
    await page.getByText(`Import ${imported[1]} undone`).waitFor();
    assert.equal(await monthFigure(page, "referrals", "2025-02-28"), before);
    await context.close();
  });

  it("a manager sees only their team's rows and children; every page type reflows at 320 px and at 200% zoom", async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, "mo");
    await page.goto(`${base}/indicator/contacts/rows?type=month&end=${END}`);
    const teams = await page.locator("tbody tr td:nth-last-child(2)").allTextContents();
    assert.ok(teams.length > 0 && teams.every((t) => t === "TM1"), "TM1's rows only");
    const child = page.locator('tbody a[href^="/child/"]').first();
    const childId = (await child.textContent())!;
    await child.click();
    await page.waitForURL(/\/child\//);
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), childId);
    const pages = [
      "/",
      `/indicator/contacts?type=month&end=${END}`,
      `/indicator/contacts/rows?type=month&end=${END}`,
      `/child/${childId}`,
      `/exceptions?end=${END}`,
    ];
    // 200% zoom of a 1280 × 1024 window lays the page out in 640 × 512 CSS pixels
    for (const viewport of [
      { width: 320, height: 640 },
      { width: 640, height: 512 },
    ]) {
      await page.setViewportSize(viewport);
      for (const path of pages) {
        await page.goto(`${base}${path}`);
        assert.equal(await scrollsSideways(page), false, `${path} at ${viewport.width} px`);
      }
    }
    await page.goto(`${base}/child/${childId}`);
    assert.deepEqual(await axeViolations(page), [], "child page at 640 px");
    await context.close();
  });

  it("the sign-in page, and an admin's users and audit log pages, pass axe", async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await assertAccessible(page, "sign-in");
    await signIn(page, "ada");
    await page.getByRole("link", { name: "Users" }).click();
    await page.waitForURL(/\/admin\/users$/);
    await assertAccessible(page, "users");
    await page.getByLabel("User name").fill("tm1");
    await page.getByLabel("Role").selectOption("manager");
    await page.getByLabel(/^Teams/).fill("TM1");
    await page.getByRole("button", { name: "Add user" }).click();
    assert.match(
      (await page.locator(".govuk-panel__body").textContent()) ?? "",
      /^Added tm1\. One-time password/,
    );
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(/\/admin\/audit$/);
    await assertAccessible(page, "audit log");
    assert.match((await page.locator("tbody tr").first().textContent()) ?? "", /user-add/);
    await context.close();
  });

  it("signs in with the council's OpenID Connect provider configured in settings.json, the role from a claim; no mapped role is refused", async () => {
    const providerServer = createServer();
    await new Promise<void>((resolve) => providerServer.listen(0, "127.0.0.1", resolve));
    const issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
    let appFetch: (r: Request) => Response | Promise<Response> = () =>
      new Response("starting", { status: 503 });
    const ssoServer = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: (r) => appFetch(r), port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    const ssoBase = `http://127.0.0.1:${(ssoServer.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: "scorecard",
          client_secret: "a secret for the test provider",
          redirect_uris: [`${ssoBase}/sign-in/oidc/callback`],
          response_types: ["code"],
          grant_types: ["authorization_code"],
        },
      ],
      claims: { openid: ["sub"], profile: ["preferred_username", "groups", "teams"] },
      conformIdTokenClaims: false,
      findAccount: (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: () => ({
          sub,
          preferred_username: sub,
          groups: sub === "kim" ? ["staff", "csc-managers"] : ["staff"],
          teams: ["TM1"],
        }),
      }),
      pkce: { required: () => true },
      cookies: { keys: ["a cookie key for the test provider"] },
    });
    providerServer.on("request", provider.callback());
    // configured in the workspace's settings.json; the secret in the environment variable the settings name
    const settingsFile = join(dir, SETTINGS_FILE);
    writeSettings(settingsFile, {
      ...(JSON.parse(readFileSync(settingsFile, "utf8")) as SettingsInput),
      singleSignOn: {
        issuer,
        clientId: "scorecard",
        clientSecretEnv: "SCORECARD_TEST_OIDC_SECRET",
        redirectUri: `${ssoBase}/sign-in/oidc/callback`,
        roleClaim: "groups",
        roles: { "csc-managers": "manager", "csc-analysts": "analyst" },
        teamsClaim: "teams",
      },
    });
    assert.ok(!readFileSync(settingsFile, "utf8").includes("a secret for the test provider"));
    const app = await createApp({
      ws: { ...ws, settings: readSettings(settingsFile) },
      log: (l) => logs.push(l),
      env: { SCORECARD_TEST_OIDC_SECRET: "a secret for the test provider" },
    });
    appFetch = app.fetch;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const viaProvider = async (login: string) => {
        await page.goto(`${ssoBase}/sign-in`);
        await page.getByRole("link", { name: "Sign in with your council account" }).click();
        await page.waitForURL(new RegExp(`^${issuer}/interaction/`));
        await page.locator('input[name="login"]').fill(login);
        await page.locator('input[name="password"]').fill("any");
        await page.locator('button[type="submit"]').click();
        await page.locator('button[type="submit"]').click(); // consent
      };
      await viaProvider("kim");
      await page.waitForURL(`${ssoBase}/`);
      assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Scorecard");
      assert.match((await page.locator(".app-nav__user").textContent()) ?? "", /kim \(manager\)/);
      const kim = (await listAudit(ws.db, { user: "kim" }))[0]!;
      assert.deepEqual([kim.action, kim.detail], ["sign-in", "single sign-on"]);
      const teams = await page.goto(`${ssoBase}/exceptions.csv?end=${END}&team=TM2`);
      assert.equal(teams?.status(), 403, "a manager of TM1 from the claims");
      await context.clearCookies();
      await viaProvider("lee");
      await page.waitForURL(new RegExp(`^${ssoBase}/sign-in/oidc/callback`));
      assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "You could not be signed in");
      const lee = (await listAudit(ws.db, { action: "sign-in-failed", limit: 1 }))[0]!;
      assert.equal(lee.detail, "single sign-on: lee has no role (claim groups)");
    } finally {
      await context.close();
      await new Promise((resolve) => ssoServer.close(resolve));
      await new Promise((resolve) => providerServer.close(resolve));
    }
  });

  it("a viewer sees the scorecard at 320 px wide without sideways scrolling, and no way to the rows", async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await signIn(page, "vera");
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    assert.ok(width <= 320, `page is ${width} px wide`);
    assert.deepEqual(await axeViolations(page), [], "scorecard at 320 px");
    await page.goto(`${base}/indicator/contacts?type=month&end=${END}`);
    assert.equal(
      await page.getByRole("link", { name: "The children and events behind this figure" }).count(),
      0,
    );
    const res = await page.goto(`${base}/indicator/contacts/rows?type=month&end=${END}`);
    assert.equal(res?.status(), 403);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "scorecard_session")!;
    assert.deepEqual([session.httpOnly, session.secure, session.sameSite], [true, true, "Strict"]);
    await context.close();
  });

  it("has an audit entry for every child-level page and download served, and no child id in a log line", async () => {
    const childRoutes =
      /^GET \/(indicator\/:id\/rows(\.csv|\.xlsx)?|child\/:id|exceptions(\.csv|\.xlsx)?) 200 /;
    const served = logs.filter((l) => childRoutes.test(l)).length;
    const audited = (await listAudit(ws.db)).filter(
      (a) => a.outcome === "ok" && /^(view|download)-(rows|child|exceptions)$/.test(a.action),
    );
    assert.ok(served >= 10, `${served} child-level responses in the run`);
    assert.equal(audited.length, served);
    const ids = new Set(audited.flatMap((a) => (a.childIds ?? "").split(" ").filter(Boolean)));
    const text = logs.join("\n");
    for (const id of ids) assert.ok(!text.includes(id), `a log line holds ${id}`);
  });
});
