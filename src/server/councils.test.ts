/**
 * The web application over a workspace of two councils: the council picker,
 * the council carried in every URL, refused when not the workspace's, in
 * the audit log, and a manager's teams still the limit.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { computeWorkspace } from "../app/compute.ts";
import { demoRegion, loadRegionCouncil, type RegionParams, regionSettings } from "../app/demoRegion.ts";
import { listAudit } from "../auth/audit.ts";
import { addUser, setPassword } from "../auth/users.ts";
import { query } from "../db/database.ts";
import { startTestProvider } from "../testing/oidcProvider.ts";
import { initWorkspace, openWorkspace, type Workspace } from "../workspace/workspace.ts";
import { createApp, SESSION_COOKIE } from "./app.tsx";

const tmp = mkdtempSync(join(tmpdir(), "serve-councils-"));
const PASSWORD = "correct horse battery";
const END = "2025-03-31";
const params: RegionParams = { councils: 2, seed: 5, population: 1_500, years: 1, endDate: END };
const [A, B] = demoRegion(params) as [
  ReturnType<typeof demoRegion>[number],
  ReturnType<typeof demoRegion>[number],
];

let ws: Workspace;
let app: Awaited<ReturnType<typeof createApp>>;

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, "the page has a CSRF field");
  return m[1]!;
}

async function signIn(name: string): Promise<string> {
  const page = await app.request("/sign-in");
  const pre = page.headers
    .getSetCookie()
    .find((c) => c.startsWith("scorecard_sign_in="))!
    .split(";")[0]!;
  const res = await app.request("/sign-in", {
    method: "POST",
    body: new URLSearchParams({ _csrf: csrfOf(await page.text()), name, password: PASSWORD }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: pre },
  });
  assert.equal(res.status, 303, `${name} signs in`);
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    .split(";")[0]!;
}

const get = (path: string, cookie: string) => app.request(path, { headers: { cookie } });

/** The children of a council, by id. */
async function childrenOf(la: string): Promise<Set<string>> {
  const rows = await query(ws.db, "SELECT pers_person_id AS id FROM ssd_person WHERE la_code = $1", [la]);
  return new Set(rows.map((r) => String(r.id)));
}

describe("serve over a workspace of two councils", () => {
  let ann: string;
  let mo: string;
  /** A child id both councils use, allocated to team TM1 in A and never to TM1 in B. */
  let shared: string;
  before(async () => {
    const dir = join(tmp, "ws");
    await initWorkspace(dir, regionSettings([A, B], params));
    const all = await openWorkspace(dir, { allCouncils: true });
    try {
      for (const c of [A, B]) await loadRegionCouncil(all, c, params);
      await computeWorkspace(all);
      const now = new Date(Date.UTC(2025, 4, 1, 9));
      await addUser(all.db, "ann", "analyst", [], now);
      await addUser(all.db, "mo", "manager", ["TM1"], now);
      for (const n of ["ann", "mo"]) await setPassword(all.db, n, PASSWORD);
    } finally {
      all.close();
    }
    // as `serve --council A`
    ws = await openWorkspace(dir, { council: A.laCode });
    app = await createApp({ ws, log: () => {} });
    ann = await signIn("ann");
    mo = await signIn("mo");
    const found = await query(
      ws.db,
      `SELECT invo_person_id AS id FROM ssd_involvements WHERE la_code = $1 AND invo_professional_team = 'TM1'
       EXCEPT SELECT invo_person_id FROM ssd_involvements WHERE la_code = $2 AND invo_professional_team = 'TM1'
       INTERSECT SELECT pers_person_id FROM ssd_person WHERE la_code = $2 ORDER BY 1 LIMIT 1`,
      [A.laCode, B.laCode],
    );
    shared = String(found[0]?.id ?? "");
  });
  after(() => {
    ws?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("shows a council picker (a GET form) on the scorecard, the server's council chosen", async () => {
    const html = await (await get("/", ann)).text();
    const picker =
      /<form method="get" action="\/" class="app-filters app-council-picker">(.*?)<\/form>/s.exec(html);
    assert.ok(picker, "a picker");
    assert.match(picker[1]!, new RegExp(`<option value="${A.laCode}" selected="">`));
    assert.match(picker[1]!, new RegExp(`<option value="${B.laCode}">`));
    assert.match(html, new RegExp(`${A.name}`));
    assert.doesNotMatch(html, /council=/, "no council in the links when the URL names none");
  });

  it("carries ?council= on every link, form and redirect of the council's pages", async () => {
    const res = await get(`/?council=${B.laCode}`, ann);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, new RegExp(`<title>Scorecard – ${B.name} \\(synthetic data\\) scorecard</title>`));
    const links = [...html.matchAll(/ (?:href|action)="(\/[^"]*)"/g)].map((m) => m[1]!);
    const app = links.filter((l) => !l.startsWith("/assets/"));
    assert.ok(app.length > 10, `${app.length} links`);
    for (const l of app) assert.match(l, new RegExp(`[?&](amp;)?council=${B.laCode}(#|$)`), l);
    // the filters' GET form keeps the council in a hidden field; the picker's does not
    const forms = [
      ...html.matchAll(/<form method="get"[^>]*>(<input type="hidden" name="council" value="(\d+)">)?/g),
    ];
    assert.deepEqual(
      forms.map((f) => [f[0].includes("app-council-picker"), f[2] ?? null]),
      [
        [true, null],
        [false, B.laCode],
      ],
    );
  });

  it("signs in from /?council=B onto B: the sign-in redirect, its form and the page after it keep the council", async () => {
    const start = await app.request(`/?council=${B.laCode}`);
    assert.equal(start.status, 302);
    assert.equal(start.headers.get("location"), `/sign-in?council=${B.laCode}`);
    const page = await app.request(start.headers.get("location")!);
    const form = await page.text();
    assert.match(form, new RegExp(`<form method="post" action="/sign-in\\?council=${B.laCode}"`));
    const pre = page.headers
      .getSetCookie()
      .find((c) => c.startsWith("scorecard_sign_in="))!
      .split(";")[0]!;
    const res = await app.request(`/sign-in?council=${B.laCode}`, {
      method: "POST",
      body: new URLSearchParams({ _csrf: csrfOf(form), name: "ann", password: PASSWORD }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: pre },
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `/?council=${B.laCode}`);
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
      .split(";")[0]!;
    const landed = await (await get(res.headers.get("location")!, cookie)).text();
    assert.match(landed, new RegExp(`<title>Scorecard – ${B.name} \\(synthetic data\\) scorecard</title>`));
  });

  it("gives each council's own children in the drill-down download, and records the council in the audit", async () => {
    const [a, b] = [await childrenOf(A.laCode), await childrenOf(B.laCode)];
    for (const [la, kids] of [
      [A.laCode, a],
      [B.laCode, b],
    ] as const) {
      const res = await get(`/indicator/contacts/rows.csv?type=month&end=${END}&council=${la}`, ann);
      assert.equal(res.status, 200);
      const ids = (await res.text())
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((l) => l.split(",")[0]!);
      assert.ok(ids.length > 0, `LA ${la} has contacts in ${END}`);
      for (const id of ids) assert.ok(kids.has(id), `${id} is a child of LA ${la}`);
      await new Promise((r) => setTimeout(r, 50));
      const [last] = await listAudit(ws.db, { limit: 1 });
      assert.equal(last?.action, "download-rows");
      assert.equal(last?.council, la);
    }
  });

  it("refuses a council that is not the workspace's, on every route, and audits the refusal", async () => {
    for (const path of ["/", `/indicator/contacts?type=month&end=${END}`, "/child/C0000001", "/exceptions"]) {
      const res = await get(`${path}${path.includes("?") ? "&" : "?"}council=000`, ann);
      assert.equal(res.status, 404, path);
      assert.match(await res.text(), /holds no council with this LA code/);
    }
    await new Promise((r) => setTimeout(r, 50));
    const [last] = await listAudit(ws.db, { limit: 1 });
    assert.deepEqual(
      [last?.action, last?.outcome, last?.detail],
      ["refused", "refused", "not a council of the workspace"],
    );
  });

  it("keeps a manager to their teams in the council the URL names", async () => {
    assert.notEqual(shared, "", "a child id both councils use, in TM1 in A only");
    assert.equal((await get(`/child/${shared}?council=${A.laCode}`, mo)).status, 200);
    assert.equal((await get(`/child/${shared}?council=${B.laCode}`, mo)).status, 403);
    await new Promise((r) => setTimeout(r, 50));
    const [last] = await listAudit(ws.db, { limit: 1 });
    assert.deepEqual([last?.action, last?.council], ["refused", B.laCode]);
  });

  it("signs in with single sign-on from /?council=B onto B, or onto the page `return` names; refuses a return outside the scorecard", async () => {
    const redirectUri = "http://127.0.0.1:9/sign-in/oidc/callback";
    const provider = await startTestProvider(redirectUri, () => ["csc-analysts"]);
    try {
      const sso = await createApp({
        ws,
        log: () => {},
        oidc: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          redirectUri,
          roleClaim: "groups",
          roles: { "csc-analysts": "analyst" },
          allowHttp: true,
        },
      });
      /** Signs in at `start` (an app path) through the provider: the page after the callback, and the session. */
      const viaProvider = async (start: string) => {
        const started = await sso.request(start);
        assert.equal(started.status, 302, start);
        const state = started.headers
          .getSetCookie()
          .find((c) => c.startsWith("scorecard_oidc="))!
          .split(";")[0]!;
        const back = await provider.signIn(started.headers.get("location")!, "sam");
        const done = await sso.request(`${back.pathname}${back.search}`, { headers: { cookie: state } });
        assert.equal(done.status, 200);
        const session = done.headers
          .getSetCookie()
          .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
          .split(";")[0]!;
        return { html: await done.text(), session };
      };
      const form = await (await sso.request(`/sign-in?council=${B.laCode}`)).text();
      const link = /href="(\/sign-in\/oidc[^"]*)"/.exec(form)?.[1];
      assert.equal(link, `/sign-in/oidc?council=${B.laCode}`);
      const fromB = await viaProvider(link!);
      assert.match(
        fromB.html,
        new RegExp(`<meta http-equiv="refresh" content="0; url=/\\?council=${B.laCode}"`),
      );
      assert.match(fromB.html, new RegExp(`<a class="govuk-link" href="/\\?council=${B.laCode}">`));
      const landed = await (
        await sso.request(`/?council=${B.laCode}`, { headers: { cookie: fromB.session } })
      ).text();
      assert.match(landed, new RegExp(`<title>Scorecard – ${B.name} \\(synthetic data\\) scorecard</title>`));
      // a page of the scorecard named by `return` is landed on as named
      const page = `/indicator/contacts?type=month&end=${END}&council=${B.laCode}`;
      const toPage = await viaProvider(`/sign-in/oidc?return=${encodeURIComponent(page)}`);
      assert.ok(toPage.html.includes(`content="0; url=${page.replace(/&/g, "&amp;")}"`), toPage.html);
      // anywhere else is refused before the provider is asked
      for (const elsewhere of [
        "https://elsewhere.example/",
        "//elsewhere.example/x",
        "/\\elsewhere.example/x",
        "javascript:alert(1)",
        "http:/elsewhere.example",
        "sign-in",
        "/\tx",
      ]) {
        const res = await sso.request(`/sign-in/oidc?return=${encodeURIComponent(elsewhere)}`);
        assert.equal(res.status, 400, elsewhere);
        assert.equal(res.headers.get("location"), null, elsewhere);
        assert.match(await res.text(), /names a page outside the scorecard/);
      }
    } finally {
      await provider.close();
    }
  });
});
