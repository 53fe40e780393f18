/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The web application (issue 11): routes, sign-in, roles, CSRF, security
 * headers and the audit of every child-level view, over one open workspace.
 *
 * Why roles are checked here, per route, and not in the pages: a link that
 * is hidden is still a URL; every route and download asks `can()` itself
 * and records a refusal. Log lines carry the route pattern (/child/:id),
 * never the path, so no child id reaches the server's own log.
 */
import { timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { JSX } from "hono/jsx/jsx-runtime";
import { routePath } from "hono/route";
import {
  addCommentary,
  type CommentaryVersion,
  commentaryHistory,
  isCommentaryPeriodType,
} from "../app/commentary.ts";
import { importFiles, listImports, readFiles, undoImport } from "../app/import.ts";
import { reportedPeriod } from "../app/period.ts";
import { WorkspaceHandle } from "../app/workspace.ts";
import { type AuditEntry, type AuditRecord, appendAudit, listAudit } from "../auth/audit.ts";
import {
  discover,
  finishSignIn,
  type OidcSettings,
  oidcFromSettings,
  returnPath,
  roleFromClaims,
  startSignIn,
  teamsFromClaims,
  upsertSsoUser,
} from "../auth/oidc.ts";
import { passwordProblem } from "../auth/passwords.ts";
import { RateLimiter } from "../auth/rateLimit.ts";
import { can, type Permission, suppressesSmallNumbers } from "../auth/roles.ts";
import { createSession, endSession, findSession, randomToken, settleSession } from "../auth/sessions.ts";
import {
  addUser,
  checkSignIn,
  findUser,
  listUsers,
  removeUser,
  resetUser,
  setPassword,
  type User,
} from "../auth/users.ts";
import { isIsoDate, monthEnd } from "../calendar/dates.ts";
import { isPeriodType, type PeriodType } from "../calendar/periods.ts";
import { inTransaction } from "../db/database.ts";
import { dimensionsOf, isDimension } from "../engine/breakdown.ts";
import { UserError } from "../errors/userError.ts";
import { type Framework, type FrameworkIndicator, frameworkIndicators } from "../framework/config.ts";
import { type JudgedValue, REFERENCE_LABELS } from "../framework/judge.ts";
import { loadFramework } from "../framework/load.ts";
import type { IndicatorOptions, Unit } from "../indicators/define.ts";
import type { RenderedChart } from "../report/charts/render.ts";
import { EXCEPTION_LISTS, type ExceptionRow } from "../report/exceptions.ts";
import { type ProducedList, produceExceptionLists } from "../report/exceptionsData.ts";
import { figureLookup } from "../report/figures.ts";
import { formatCounts, formatValue } from "../report/format.ts";
import { monthlySpc, narrative } from "../report/narrative.ts";
import { type FigureParts, type Published, publishFigure, SUPPRESSED } from "../report/suppress.ts";
import { csvLines } from "../report/tableFormats.ts";
import { forCouncil, indicatorOptions, SETTINGS_FILE, type Settings } from "../workspace/settings.ts";
import { readCoverage, type Workspace } from "../workspace/workspace.ts";
import { type Assets, loadAssets } from "./assets.ts";
import { Batcher } from "./batch.ts";
import { childCounts, storedPeriods } from "./childIndicators.ts";
import {
  breakdownOf,
  childInTeams,
  childTimeline,
  computedIndicator,
  frameworkIndicator,
  indexJudged,
  type Judged,
  periodEnds,
  readJudged,
  rowsBehind,
  storedPeriod,
  summary,
} from "./data.ts";
import { hrefOf, requestCouncil } from "./href.ts";
import { Layout, Problem, type Viewer } from "./layout.tsx";
import { Memo } from "./memo.ts";
import {
  AuditPage,
  CheckedPage,
  ChildPage,
  DataPage,
  ExceptionsPage,
  IndicatorPage,
  ROW_SHOWS,
  ROW_SORTS,
  RowsPage,
  ScorecardPage,
  type ScorecardSection,
  SetPasswordPage,
  type ShownFigure,
  type ShownRow,
  SignInPage,
  UsersPage,
} from "./pages.tsx";

/** The session cookie: HttpOnly, Secure, SameSite=Strict, no Max-Age (ends with the browser or the idle time). */
export const SESSION_COOKIE = "scorecard_session";
/** The sign-in form's CSRF cookie (double submit: there is no session yet). */
export const SIGN_IN_COOKIE = "scorecard_sign_in";
/** Failed sign-ins allowed from one address per minute. */
export const ADDRESS_FAILURES_PER_MINUTE = 5;
/** How long a session looked up is believed without asking the workspace again. */
const SESSION_SEEN_MS = 30_000;

/** Rows a drill-down page shows; the downloads give them all. */
export const ROWS_PER_PAGE = 100;

/** What the application runs over. */
export interface AppOptions {
  ws: Workspace;
  /** The clock (tests move it). */
  now?: () => number;
  /** Where log lines go (default stderr). */
  log?: (line: string) => void;
  /** Believe X-Forwarded-For / X-Forwarded-Proto from a proxy in front. */
  trustProxy?: boolean;
  /** Read and judge the figures now, in the background, rather than on the first page. */
  warm?: boolean;
  /**
   * Single sign-on with the council's OpenID Connect provider (`serve --oidc
   * FILE`); absent: the workspace settings' `singleSignOn`, if any; else
   * local accounts only.
   */
  oidc?: OidcSettings;
  /** Where the settings' client secret variable is read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What an audit entry says beyond who, what, where and how it ended. */
type AuditMore = Omit<AuditEntry, "user" | "role" | "action" | "route" | "outcome">;

type Env = { Variables: { user?: User; session?: { token: string; csrf: string } } };

const COOKIE_OPTIONS = { httpOnly: true, secure: true, sameSite: "Strict", path: "/" } as const;

const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isUnit(u: string): u is Unit {
  return u === "count" || u === "percent" || u === "rate10k" || u === "days" || u === "ratio";
}

/** A figure as shown to a role: suppressed for viewers as `--publish` suppresses it. */
export function showFigure(unit: string, decimals: number, f: FigureParts, suppress: boolean): ShownFigure {
  if (!isUnit(unit)) return { value: formatValue(f.value, "count", decimals), counts: "" };
  if (!suppress)
    return {
      value: formatValue(f.value, unit, decimals),
      counts: formatCounts(f.numerator, f.denominator, unit),
    };
  const p = publishFigure(unit, f);
  const word = (v: Published, d: number) => (v === SUPPRESSED ? SUPPRESSED : formatValue(v, "count", d));
  const value = p.value === SUPPRESSED ? SUPPRESSED : formatValue(p.value, unit, decimals);
  const counts =
    unit === "percent" && p.numerator !== null && p.denominator !== null
      ? `${word(p.numerator, 0)} of ${word(p.denominator, 0)}`
      : "";
  return { value, counts };
}

/** A figure's benchmarks, in words, for the indicator page. */
function benchmarkWords(fi: FrameworkIndicator, j: JudgedValue): [string, string][] {
  const unit = isUnit(fi.indicator.unit) ? fi.indicator.unit : "count";
  const v = (x: number | null) => formatValue(x, unit, fi.indicator.decimals);
  const year =
    j.benchmarkYear === null ? "" : ` (${j.benchmarkYear - 1}-${String(j.benchmarkYear).slice(2)})`;
  const out: [string, string][] = [];
  if (j.sn_average !== null) out.push([`Statistical neighbours' average${year}`, v(j.sn_average)]);
  if (j.england !== null) out.push([`England${year}`, v(j.england)]);
  if (j.quartile !== null) out.push(["National quartile band", String(j.quartile)]);
  if (j.compared.value !== null)
    out.push([
      `Compared with the ${REFERENCE_LABELS[fi.compareWith]}`,
      `${v(j.compared.value)}${j.compared.verdict ? `: ${j.compared.verdict}` : ""}`,
    ]);
  return out;
}

/** A download: CSV text or an XLSX workbook's bytes, as an attachment named `file` (.csv or .xlsx). */
function download(c: Context<Env>, body: string | Buffer, file: string): Response {
  const type =
    typeof body === "string"
      ? "text/csv; charset=utf-8"
      : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return c.body(typeof body === "string" ? body : new Uint8Array(body), 200, {
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${file}"`,
  });
}

/** Builds the application over an open workspace (creating the sign-in tables if absent). */
export async function createApp(options: AppOptions): Promise<Hono<Env>> {
  const { ws } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // pages read side by side, each on a connection and snapshot of its own; changes queue one at a time
  const handle = WorkspaceHandle.over(ws);
  /**
   * The council of the request (`?council=LA`, checked to be one of the
   * workspace's), else the one serve was started with: every read, cache
   * and link below is of that council.
   */
  const laNow = () => requestCouncil.getStore() ?? ws.settings.council.laCode;
  const views = new Map<
    string,
    { settings: Settings; options: IndicatorOptions; framework: Framework; judged?: Promise<Judged> }
  >();
  const view = () => {
    const la = laNow();
    let v = views.get(la);
    if (!v) {
      const settings = la === ws.settings.council.laCode ? ws.settings : forCouncil(ws.settings, la);
      v = {
        settings,
        options: la === ws.settings.council.laCode ? ws.options : indicatorOptions(settings),
        framework: loadFramework(settings, ws.dir),
      };
      views.set(la, v);
    }
    return v;
  };
  const read = <T,>(work: (w: Workspace) => Promise<T>) => {
    const v = view();
    return handle.read((w) => work({ ...w, settings: v.settings, options: v.options }));
  };
  const write = <T,>(work: () => Promise<T>) => handle.write(work);
  const fw = () => view().framework;
  const councilName = () => view().settings.council.name;
  /** A cache key of the request's council. */
  const at = (key: string) => `${laNow()}|${key}`;
  const assets: Assets = loadAssets();
  const oidc =
    options.oidc ??
    (ws.settings.singleSignOn
      ? oidcFromSettings(ws.settings.singleSignOn, options.env ?? process.env, join(ws.dir, SETTINGS_FILE))
      : undefined);
  /**
   * Sessions looked up in the last SESSION_SEEN_MS, by token: most requests
   * then need no query. Forgotten on sign-out and on any change to accounts.
   */
  const sessionsSeen = new Map<string, { s: { csrf: string }; u: User; until: number }>();
  const limiter = new RateLimiter(ADDRESS_FAILURES_PER_MINUTE, 60_000);
  const judged = () => {
    const v = view();
    v.judged ??= read((w) => readJudged(w, v.framework));
    return v.judged;
  };
  const indexCache = new Map<
    string,
    Promise<{ index: ReturnType<typeof indexJudged>; ends: ReturnType<typeof periodEnds> }>
  >();
  const indexed = () => {
    let got = indexCache.get(laNow());
    if (!got) {
      got = judged().then((j) => ({ index: indexJudged(j), ends: periodEnds(j) }));
      indexCache.set(laNow(), got);
    }
    return got;
  };

  const chartMemo = new Memo<RenderedChart>(128);
  const rowsMemo = new Memo<Awaited<ReturnType<typeof rowsBehind>>>(24);
  const breakdownMemo = new Memo<Awaited<ReturnType<typeof breakdownOf>>>(64);
  const sectionsMemo = new Memo<ScorecardSection[]>(64);
  const shownMemo = new Memo<{ matching: number; pages: ShownRow[][] }>(64);
  const periodMemo = new Memo<Awaited<ReturnType<typeof storedPeriod>>>(512);
  /** The stored period of a figure (the window it was computed over). */
  const periodOf = (id: string, type: PeriodType, end: string) =>
    periodMemo.get(at(`${id}|${type}|${end}`), () => read((w) => storedPeriod(w, id, type, end)));
  if (options.warm) judged().catch((e: unknown) => log(`figures not read at start: ${(e as Error).name}`));
  const audits = new Batcher<{ e: AuditEntry; at: Date }>((take) =>
    write(() =>
      inTransaction(ws.db, async () => {
        for (const { e, at } of take()) await appendAudit(ws.db, e, at);
      }),
    ),
  );
  const audit = (e: AuditEntry) => audits.add({ e: { council: laNow(), ...e }, at: new Date(now()) });
  /** Records what `who` did (or was refused) on this request's route: the pattern, never the path. */
  const auditBy = (
    c: Context<Env>,
    who: { name: string; role: string } | null | undefined,
    action: string,
    outcome: AuditEntry["outcome"],
    more: AuditMore = {},
  ) =>
    audit({
      ...more,
      user: who?.name ?? null,
      role: who?.role ?? null,
      action,
      route: routePath(c),
      outcome,
    });
  /** A refusal by a middleware, before any route matched (its route from the request's own path). */
  const auditMiddlewareRefusal = (c: Context<Env>, detail: string) => {
    const u = c.get("user");
    return audit({
      user: u?.name ?? null,
      role: u?.role ?? null,
      action: "refused",
      route: routePath(c, -1),
      outcome: "refused",
      detail,
    });
  };
  const viewerOf = (c: Context<Env>): Viewer | undefined => {
    const u = c.get("user");
    const s = c.get("session");
    return u && s ? { name: u.name, role: u.role, csrf: s.csrf } : undefined;
  };
  const html = (c: Context<Env>, page: JSX.Element, status: 200 | 400 | 401 | 403 | 404 | 429 | 500 = 200) =>
    c.html(`<!DOCTYPE html>${page}`, status);
  /** A path of this app with the request's council, when the URL named one (for a redirect). */
  const withCouncil = hrefOf;
  const problem = (c: Context<Env>, status: 400 | 403 | 404 | 429 | 500, title: string, message: string) =>
    html(c, <Problem title={title} message={message} council={councilName()} viewer={viewerOf(c)} />, status);
  const address = (c: Context<Env>): string => {
    if (options.trustProxy) {
      const fwd = c.req.header("x-forwarded-for");
      if (fwd) return fwd.split(",")[0]!.trim();
    }
    try {
      return getConnInfo(c).remote.address ?? "unknown";
    } catch {
      return "unknown";
    }
  };
  const isHttps = (c: Context<Env>) =>
    new URL(c.req.url).protocol === "https:" ||
    (options.trustProxy === true && c.req.header("x-forwarded-proto") === "https");

  /**
   * The signed-in user when their role may do `permission`; otherwise the
   * refusal (redirect to sign-in, or 403), recorded in the audit log when
   * `audited` (child-level and admin routes).
   */
  const guard = async (
    c: Context<Env>,
    permission: Permission,
    audited: AuditMore | null,
  ): Promise<User | Response> => {
    const user = c.get("user");
    if (!user || (user.mustSetPassword && permission !== "aggregates")) {
      if (audited) await auditBy(c, user, "refused", "refused", { ...audited, detail: "not signed in" });
      return c.redirect(withCouncil("/sign-in"), 302);
    }
    if (user.mustSetPassword) return c.redirect(withCouncil("/set-password"), 302);
    if (!can(user.role, permission)) {
      if (audited) await auditBy(c, user, "refused", "refused", { ...audited, detail: `role ${user.role}` });
      return problem(
        c,
        403,
        "You cannot see this page",
        `Your role (${user.role}) does not give access to this page.`,
      );
    }
    return user;
  };

  const app = new Hono<Env>();
  const smallBodies = bodyLimit({ maxSize: 64 * 1024 });

  // log line and security headers on every response
  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    const h = c.res.headers;
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Cross-Origin-Resource-Policy", "same-origin");
    if (!h.has("Cache-Control")) h.set("Cache-Control", "no-store");
    if (isHttps(c)) h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    log(`${c.req.method} ${routePath(c, -1)} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
  });

  app.onError((e, c) => {
    log(`error on ${c.req.method} ${routePath(c, -1)}: ${e instanceof UserError ? e.message : e.name}`);
    return problem(
      c,
      500,
      "Sorry, there is a problem",
      "The page could not be shown. The error is in the server's log.",
    );
  });
  app.notFound((c) => problem(c, 404, "Page not found", "There is no page at this address."));

  app.get("/favicon.ico", (c) => c.body(null, 204));

  app.get("/assets/:name", (c) => {
    const a = assets.get(c.req.param("name"));
    if (!a) return c.notFound();
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(a[1], 200, { "Content-Type": a[0] });
  });

  app.use("/data/upload", bodyLimit({ maxSize: 512 * 1024 * 1024 }));
  app.use("*", async (c, next) => (c.req.path === "/data/upload" ? next() : smallBodies(c, next)));

  // the session, and the CSRF token of every form
  app.use("*", async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const t = now();
      let found = sessionsSeen.get(token);
      if (!found || found.until <= t) {
        const looked = await read(async (w) => {
          const f = await findSession(w.db, token, t);
          return { ...f, u: f.session ? await findUser(w.db, f.session.userName) : undefined };
        });
        if (looked.write !== "none")
          write(() => settleSession(ws.db, token, t, looked.write)).catch((e: unknown) =>
            log(`session not updated: ${(e as Error).name}`),
          );
        found =
          looked.session && looked.u
            ? { s: looked.session, u: looked.u, until: t + SESSION_SEEN_MS }
            : undefined;
        if (found) {
          if (sessionsSeen.size >= 10_000) sessionsSeen.clear();
          sessionsSeen.set(token, found);
        } else sessionsSeen.delete(token);
      }
      if (found?.u) {
        c.set("user", found.u);
        c.set("session", { token, csrf: found.s.csrf });
      } else deleteCookie(c, SESSION_COOKIE, COOKIE_OPTIONS);
    }
    if (c.req.method === "POST") {
      const body = await c.req.parseBody();
      const sent = typeof body._csrf === "string" ? body._csrf : undefined;
      const expected = c.req.path === "/sign-in" ? getCookie(c, SIGN_IN_COOKIE) : c.get("session")?.csrf;
      if (!sameToken(sent, expected)) {
        await auditMiddlewareRefusal(c, "missing or wrong CSRF token");
        return problem(c, 403, "This form has expired", "Go back, reload the page and try again.");
      }
    }
    await next();
  });

  // the council the URL names (`?council=LA`): one of the workspace's, else refused
  app.use("*", async (c, next) => {
    const asked = c.req.query("council");
    if (asked === undefined) return next();
    if (!ws.settings.councils.some((x) => x.laCode === asked)) {
      await auditMiddlewareRefusal(c, "not a council of the workspace");
      return problem(c, 404, "Council not found", "This scorecard holds no council with this LA code.");
    }
    return requestCouncil.run(asked, () => next());
  });

  // ---- sign-in, sign-out, first password

  const signInForm = (c: Context<Env>, errors: string[], status: 200 | 401 | 429, name?: string) => {
    let token = getCookie(c, SIGN_IN_COOKIE);
    if (!token) {
      token = randomToken();
      setCookie(c, SIGN_IN_COOKIE, token, COOKIE_OPTIONS);
    }
    return html(
      c,
      <SignInPage
        council={councilName()}
        token={token}
        errors={errors}
        name={name}
        sso={oidc !== undefined}
      />,
      status,
    );
  };

  app.get("/sign-in", (c) => (c.get("user") ? c.redirect(withCouncil("/"), 302) : signInForm(c, [], 200)));

  app.post("/sign-in", async (c) => {
    const body = await c.req.parseBody();
    const name = typeof body.name === "string" ? body.name.trim() : "";
    const password = typeof body.password === "string" ? body.password : "";
    const from = address(c);
    const t = now();
    if (limiter.blocked(from, t)) {
      const known = await read((w) => findUser(w.db, name));
      await auditBy(c, known, "sign-in-failed", "refused", {
        detail: "too many failed sign-ins from this address",
      });
      return signInForm(c, ["Too many failed sign-ins. Wait a minute and try again."], 429);
    }
    const result = await write(() => checkSignIn(ws.db, name, password, t));
    if (!result.ok) {
      limiter.fail(from, t);
      await auditBy(c, result.user, "sign-in-failed", result.reason === "locked" ? "refused" : "failed", {
        detail: result.reason === "unknown" ? "unknown user name" : result.reason,
      });
      const message =
        result.reason === "locked"
          ? "This account is locked after repeated failed sign-ins. Try again in 15 minutes, or ask an admin to reset it."
          : "The user name or password is not right.";
      return signInForm(c, [message], result.reason === "locked" ? 429 : 401, name);
    }
    const token = await write(() => createSession(ws.db, result.user.name, t));
    setCookie(c, SESSION_COOKIE, token, COOKIE_OPTIONS);
    deleteCookie(c, SIGN_IN_COOKIE, COOKIE_OPTIONS);
    await auditBy(c, result.user, "sign-in", "ok");
    return c.redirect(withCouncil(result.user.mustSetPassword ? "/set-password" : "/"), 303);
  });

  // ---- single sign-on

  let oidcConfig: ReturnType<typeof discover> | undefined;
  /** Started sign-ins by state: the PKCE verifier, when, and the path to land on (the council's, or `?return=`). */
  const pendingSso = new Map<string, { verifier: string; at: number; returnTo: string }>();
  const SSO_COOKIE = "scorecard_oidc";

  app.get("/sign-in/oidc", async (c) => {
    if (!oidc) return c.notFound();
    const asked = c.req.query("return");
    const returnTo = asked === undefined ? withCouncil("/") : returnPath(asked);
    if (returnTo === undefined)
      return problem(
        c,
        400,
        "This sign-in link is not right",
        "It names a page outside the scorecard. Sign in from the scorecard's own sign-in page.",
      );
    oidcConfig ??= discover(oidc);
    oidcConfig.catch(() => {
      oidcConfig = undefined;
    });
    const started = await startSignIn(await oidcConfig, oidc);
    const t = now();
    for (const [k, v] of pendingSso) if (t - v.at > 600_000) pendingSso.delete(k);
    pendingSso.set(started.state, { verifier: started.verifier, at: t, returnTo });
    // Lax, not Strict: the provider's redirect back is a cross-site navigation
    setCookie(c, SSO_COOKIE, started.state, { ...COOKIE_OPTIONS, sameSite: "Lax", maxAge: 600 });
    return c.redirect(started.url.href, 302);
  });

  app.get("/sign-in/oidc/callback", async (c) => {
    if (!oidc || !oidcConfig) return c.notFound();
    const state = c.req.query("state") ?? "";
    const pending = pendingSso.get(state);
    pendingSso.delete(state);
    deleteCookie(c, SSO_COOKIE, { ...COOKIE_OPTIONS, sameSite: "Lax" });
    const fail = async (detail: string, message: string) => {
      await auditBy(c, null, "sign-in-failed", "failed", { detail });
      return problem(c, 403, "You could not be signed in", message);
    };
    if (!pending || !sameToken(getCookie(c, SSO_COOKIE), state) || now() - pending.at > 600_000)
      return fail(
        "single sign-on: unknown or expired state",
        "The sign-in took too long or was not started here. Try again.",
      );
    let claims: Record<string, unknown>;
    try {
      claims = await finishSignIn(await oidcConfig, oidc, new URL(c.req.url).search.slice(1), {
        state,
        verifier: pending.verifier,
      });
    } catch (e) {
      return fail(
        `single sign-on: ${(e as Error).name}`,
        "The council's sign-in service did not confirm who you are. Try again.",
      );
    }
    const name = String(claims.preferred_username ?? claims.sub ?? "");
    const role = roleFromClaims(claims, oidc);
    if (!name || !role)
      return fail(
        `single sign-on: ${name || "no name"} has no role (claim ${oidc.roleClaim})`,
        "Your council account has no role in the scorecard. Ask an admin.",
      );
    const user = await write(() =>
      upsertSsoUser(
        ws.db,
        name,
        role,
        role === "manager" ? teamsFromClaims(claims, oidc.teamsClaim) : [],
        new Date(now()),
      ),
    );
    const token = await write(() => createSession(ws.db, user.name, now()));
    setCookie(c, SESSION_COOKIE, token, COOKIE_OPTIONS);
    await auditBy(c, user, "sign-in", "ok", { detail: "single sign-on" });
    return html(
      c,
      <Layout title="Signed in" council={councilName()} refreshTo={pending.returnTo}>
        <p class="govuk-body">
          Signed in.{" "}
          <a class="govuk-link" href={pending.returnTo}>
            Continue to the scorecard
          </a>
        </p>
      </Layout>,
    );
  });

  app.post("/sign-out", async (c) => {
    const s = c.get("session");
    const u = c.get("user");
    if (s) {
      sessionsSeen.delete(s.token);
      await write(() => endSession(ws.db, s.token));
    }
    deleteCookie(c, SESSION_COOKIE, COOKIE_OPTIONS);
    if (u) await auditBy(c, u, "sign-out", "ok");
    return c.redirect(withCouncil("/sign-in"), 303);
  });

  app.get("/set-password", (c) => {
    const v = viewerOf(c);
    if (!v) return c.redirect(withCouncil("/sign-in"), 302);
    return html(c, <SetPasswordPage council={councilName()} viewer={v} errors={[]} />);
  });

  app.post("/set-password", async (c) => {
    const v = viewerOf(c);
    if (!v) return c.redirect(withCouncil("/sign-in"), 302);
    const body = await c.req.parseBody();
    const password = typeof body.password === "string" ? body.password : "";
    const problemText =
      password !== body.confirm ? "The two passwords are not the same" : passwordProblem(password, v.name);
    if (problemText)
      return html(c, <SetPasswordPage council={councilName()} viewer={v} errors={[problemText]} />, 400);
    await write(() => setPassword(ws.db, v.name, password));
    sessionsSeen.clear();
    await auditBy(c, v, "password-set", "ok");
    return c.redirect(withCouncil("/"), 303);
  });

  // ---- figures

  /** The period a page asks for: the type and end given when stored, else the latest month. */
  const choosePeriod = async (type: string | undefined, end: string | undefined) => {
    const { ends } = await indexed();
    const t: PeriodType = type && isPeriodType(type) && ends.has(type) ? type : "month";
    const list = ends.get(t) ?? [];
    const e = end && isIsoDate(end) && list.includes(end) ? end : (list[0] ?? "");
    return { type: t, end: e, ends: list, types: [...ends.keys()] };
  };

  app.get("/", async (c) => {
    const user = await guard(c, "aggregates", null);
    if (user instanceof Response) return user;
    const p = await choosePeriod(c.req.query("type"), c.req.query("end"));
    const rag = ["red", "amber", "green", "none"].includes(c.req.query("rag") ?? "")
      ? c.req.query("rag")!
      : "";
    const areas = fw().sections.map((s) => s.title);
    const area = areas.includes(c.req.query("area") ?? "") ? c.req.query("area")! : "";
    const suppress = suppressesSmallNumbers(user.role);
    // the same array for every view of the same period and filters, so its tables are rendered once (pages.tsx)
    const { index } = await indexed();
    const sections = await sectionsMemo.get(
      at(JSON.stringify([p.type, p.end, rag, area, suppress])),
      async () =>
        summary(fw(), index, p.type, p.end)
          .filter((s) => !area || s.title === area)
          .map((s) => ({
            title: s.title,
            rows: s.lines
              .map(({ fi, figure }) => ({
                fi,
                figure: figure
                  ? showFigure(fi.indicator.unit, fi.indicator.decimals, figure, suppress)
                  : null,
                rag: figure?.rag ?? null,
                direction: figure?.direction ?? null,
                target: figure?.target ?? "",
                benchmark:
                  figure && figure.compared.value !== null
                    ? `${REFERENCE_LABELS[fi.compareWith]}: ${formatValue(figure.compared.value, isUnit(fi.indicator.unit) ? fi.indicator.unit : "count", fi.indicator.decimals)}${figure.compared.verdict ? ` (${figure.compared.verdict})` : ""}`
                    : "",
              }))
              .filter((r) => !rag || (rag === "none" ? !r.rag || r.rag === "grey" : r.rag === rag)),
          }))
          .filter((s) => s.rows.length > 0),
    );
    return html(
      c,
      <ScorecardPage
        council={councilName()}
        viewer={viewerOf(c)!}
        type={p.type}
        end={p.end}
        ends={p.ends}
        types={p.types}
        rag={rag}
        area={area}
        areas={areas}
        sections={sections}
        suppressed={suppress}
        councils={ws.settings.councils}
        laCode={laNow()}
      />,
    );
  });

  app.get("/indicator/:id", async (c) => {
    const user = await guard(c, "aggregates", null);
    if (user instanceof Response) return user;
    const fi = frameworkIndicator(fw(), c.req.param("id"));
    if (!fi) return problem(c, 404, "Indicator not found", "The scorecard has no indicator with this id.");
    const j = await judged();
    const p = await choosePeriod(c.req.query("type"), c.req.query("end"));
    const suppress = suppressesSmallNumbers(user.role);
    const series = j.get(fi.id) ?? [];
    const current = series.find((x) => x.period_type === p.type && x.period_end === p.end);
    const { unit, decimals, polarity } = fi.indicator;
    const monthEnd = p.type === "month" ? p.end : p.end || undefined;
    const months = series
      .filter((x) => x.period_type === "month" && (!monthEnd || x.period_end <= monthEnd))
      .sort((a, b) => a.period_end.localeCompare(b.period_end))
      .slice(-24);
    let chart = null;
    if (isUnit(unit) && months.length > 1) {
      try {
        // loaded on first use: vega is the slowest module to load, and starting fast matters more
        const { trendChart } = await import("../report/charts/trend.ts");
        const key = `${fi.id}|${months.at(-1)!.period_end}|${suppress}`;
        chart = await chartMemo.get(at(key), () =>
          trendChart({
            id: `trend-${fi.id}`,
            title: fi.title,
            indicator: { unit, decimals, polarity },
            months: months.map((m) => ({
              end: m.period_end,
              value: m.value,
              numerator: m.numerator,
              denominator: m.denominator,
              rag: fi.ratedOn === "month" ? m.rag : null,
            })),
            targets: fi.targets,
            benchmarks: [
              ...new Map(months.filter((m) => m.benchmarkYear !== null).map((m) => [m.benchmarkYear!, m])),
            ].map(([year, m]) => ({ year, snAverage: m.sn_average, england: m.england })),
            publish: suppress,
          }),
        );
      } catch (e) {
        log(`trend chart of ${fi.id} not drawn: ${(e as Error).name}`);
      }
    }
    const ind = computedIndicator(fi);
    const dims = ind ? dimensionsOf(ind) : [];
    const byAsked = c.req.query("by") ?? "";
    const by = dims.find((d) => d === byAsked);
    let shownBreakdown = null;
    if (ind && by && current && isDimension(by)) {
      const period = await periodOf(fi.id, p.type, p.end);
      if (period) {
        const b = await breakdownMemo.get(at(`${fi.id}|${period.type}|${period.end}|${by}`), () =>
          read((w) => breakdownOf(w, ind, period, by)),
        );
        const cell = (x: FigureParts) => showFigure(b.unit, b.unit === "count" ? 0 : decimals, x, suppress);
        shownBreakdown = {
          unit: b.unit,
          cells: b.cells.map((x) => ({ label: x.label, ...cell(x) })),
          total: cell(b.total),
        };
      }
    }
    const sentences = ind && current ? narrativeOf(fi, p.type, p.end, series, current, suppress) : [];
    const commentaryType = isCommentaryPeriodType(p.type) ? p.type : null;
    const history: CommentaryVersion[] = commentaryType
      ? await read((w) => commentaryHistory(w.db, w.settings.council.laCode, fi.id, p.end, commentaryType))
      : [];
    return html(
      c,
      <IndicatorPage
        council={councilName()}
        viewer={viewerOf(c)!}
        narrative={sentences.map((x) => x.text)}
        commentary={history}
        canComment={commentaryType !== null && current !== undefined && can(user.role, "commentary")}
        fi={fi}
        type={p.type}
        end={p.end}
        current={current ? showFigure(unit, decimals, current, suppress) : null}
        chart={chart}
        figures={[...months].reverse().map((m) => ({
          end: m.period_end,
          figure: showFigure(unit, decimals, m, suppress),
          rag: fi.ratedOn === "month" ? m.rag : null,
        }))}
        dimensions={dims}
        by={by ?? dims[0] ?? ""}
        breakdown={shownBreakdown}
        canSeeRows={ind !== undefined && can(user.role, "child-rows")}
        suppressed={suppress}
        benchmarks={current ? benchmarkWords(fi, current) : []}
      />,
    );
  });

  /**
   * The report's narrative of a figure (report/narrative.ts, with the inputs the
   * report gives it: the stored figures, the judgement, the monthly XmR chart
   * and the benchmarks), for the period types a narrative is written for.
   */
  const narrativeOf = (
    fi: FrameworkIndicator,
    type: PeriodType,
    end: string,
    series: readonly JudgedValue[],
    current: JudgedValue,
    publish: boolean,
  ) => {
    if ((type !== "month" && type !== "quarter" && type !== "ytd") || monthEnd(end) !== end) return [];
    const figures = figureLookup(series);
    const months = series.filter((x) => x.period_type === "month").map((x) => x.period_end);
    const first = [...months, end].sort()[0]!;
    const rated = fi.ratedOn === type;
    return narrative({
      indicator: fi.indicator,
      periodType: type,
      periodEnd: end,
      figures,
      judgement: rated ? { rag: current.rag, target: current.target } : null,
      spc: monthlySpc(figures, fi.indicator, first, end),
      benchmarks:
        current.benchmarkYear === null
          ? null
          : { year: current.benchmarkYear, snAverage: current.sn_average, england: current.england },
      publish,
    });
  };

  app.post("/indicator/:id/commentary", async (c) => {
    const id = c.req.param("id");
    const user = await guard(c, "commentary", { indicator: id });
    if (user instanceof Response) return user;
    const fi = frameworkIndicator(fw(), id);
    if (!fi) return problem(c, 404, "Indicator not found", "The scorecard has no indicator with this id.");
    const body = await c.req.parseBody();
    const type = String(body.type ?? "");
    const end = String(body.end ?? "");
    const text = String(body.text ?? "")
      .replace(/\r\n/g, "\n")
      .trim();
    const p = await choosePeriod(type, end);
    if (!isCommentaryPeriodType(type) || p.type !== type || p.end !== end)
      return problem(c, 400, "No such period", "Commentary is written for a stored month, quarter or year.");
    if (text === "" || text.length > 5000)
      return problem(c, 400, "Commentary not saved", "Write between 1 and 5,000 characters of commentary.");
    const la = laNow();
    const [stored] = await write(() =>
      addCommentary(
        ws.db,
        la,
        [{ indicator: fi.id, periodType: type, periodEnd: end, text, author: user.name }],
        new Date(now()),
      ),
    );
    await auditBy(c, user, "commentary", "ok", {
      indicator: fi.id,
      period: `${type} ${end}`,
      detail: stored
        ? `version ${stored.id}${stored.replaces === null ? "" : ` replaces ${stored.replaces}`}`
        : "unchanged",
    });
    return c.redirect(
      withCouncil(`/indicator/${encodeURIComponent(fi.id)}?type=${type}&end=${end}#commentary`),
      303,
    );
  });

  /**
   * The rows behind the route's figure that its user may see (all for an
   * analyst, their teams' for a manager), or the response refusing them.
   */
  const rowsFor = async (c: Context<Env>) => {
    const id = c.req.param("id") ?? "";
    const user = await guard(c, "child-rows", { indicator: id });
    if (user instanceof Response) return user;
    const fi = frameworkIndicator(fw(), id);
    const ind = fi ? computedIndicator(fi) : undefined;
    if (!fi || !ind)
      return problem(c, 404, "Indicator not found", "The scorecard has no rows for this indicator.");
    const p = await choosePeriod(c.req.query("type"), c.req.query("end"));
    const period = await periodOf(fi.id, p.type, p.end);
    if (!period) return problem(c, 404, "No figure", "There is no figure for this period.");
    const all = await rowsMemo.get(at(`${fi.id}|${period.type}|${period.end}`), () =>
      read((w) => rowsBehind(w, ind, period)),
    );
    const teams = can(user.role, "all-child-rows") ? null : user.teams;
    const rows = teams ? all.filter((r) => teams.includes(r.cells.team ?? "")) : all;
    return { user, fi, p, period, rows, teams, total: all.length, hasDue: ind.dueDate === true };
  };

  const toShown = (r: Awaited<ReturnType<typeof rowsBehind>>[number]): ShownRow => ({
    child_id: r.child_id,
    event_id: r.event_id,
    date: r.date,
    ...(r.due_date === undefined ? {} : { due_date: r.due_date ?? "" }),
    in_numerator: r.in_numerator,
    in_denominator: r.in_denominator,
    value: r.value === null ? "" : String(Number(r.value.toFixed(4))),
    reason: [r.reason, r.detail].filter(Boolean).join(": "),
    team: r.cells.team ?? "",
    worker: r.cells.worker ?? "",
  });

  /** The audit entry of a view or download of rows behind a figure: the children of the rows handed over. */
  const rowsAudit = (
    c: Context<Env>,
    user: User,
    action: "view-rows" | "download-rows",
    v: { fi: FrameworkIndicator; p: { type: PeriodType; end: string } },
    rows: readonly ShownRow[],
    detail?: string,
  ) =>
    auditBy(c, user, action, "ok", {
      indicator: v.fi.id,
      period: `${v.p.type} ${v.p.end}`,
      childIds: [...new Set(rows.map((r) => r.child_id))],
      ...(detail ? { detail } : {}),
    });

  /** A download's file name: the indicator, period type and end. */
  const rowsFile = (v: { fi: FrameworkIndicator; p: { type: PeriodType; end: string } }, ext: string) =>
    `${v.fi.id.replace(/[^A-Za-z0-9_-]/g, "_")}-${v.p.type}-${v.p.end}.${ext}`;

  app.get("/indicator/:id/rows", async (c) => {
    const v = await rowsFor(c);
    if (v instanceof Response) return v;
    const { user } = v;
    const sortAsked = c.req.query("sort") ?? "";
    const sort = (ROW_SORTS as readonly string[]).includes(sortAsked) ? (sortAsked as keyof ShownRow) : null;
    const order = c.req.query("order") === "desc" ? "desc" : "asc";
    const showAsked = c.req.query("show") ?? "all";
    const show = (ROW_SHOWS as readonly string[]).includes(showAsked) ? showAsked : "all";
    // the same page arrays for every view of the same rows, so each page's table is rendered once (pages.tsx)
    const shownKey = JSON.stringify([v.fi.id, v.period.type, v.period.end, v.teams, sort, order, show]);
    const { matching, pages } = await shownMemo.get(at(shownKey), async () => {
      let rows = v.rows
        .map(toShown)
        .filter((r) =>
          show === "numerator"
            ? r.in_numerator
            : show === "not-numerator"
              ? !r.in_numerator
              : show === "excluded"
                ? r.reason !== ""
                : true,
        );
      if (sort) {
        const sign = order === "desc" ? -1 : 1;
        rows = [...rows].sort(
          (a, b) => sign * String(a[sort]).localeCompare(String(b[sort]), "en-GB", { numeric: true }),
        );
      }
      const pages: ShownRow[][] = [];
      for (let k = 0; k < rows.length; k += ROWS_PER_PAGE) pages.push(rows.slice(k, k + ROWS_PER_PAGE));
      return { matching: rows.length, pages: pages.length ? pages : [[]] };
    });
    const asked = Number(c.req.query("page") ?? "1");
    const page = Number.isInteger(asked) ? Math.min(Math.max(asked, 1), pages.length) : 1;
    const rows = pages[page - 1]!;
    const first = (page - 1) * ROWS_PER_PAGE + 1;
    await rowsAudit(
      c,
      user,
      "view-rows",
      v,
      rows,
      `rows ${rows.length ? `${first} to ${first + rows.length - 1}` : "none"} of ${matching} (page ${page} of ${pages.length})`,
    );
    return html(
      c,
      <RowsPage
        council={councilName()}
        viewer={viewerOf(c)!}
        fi={v.fi}
        type={v.p.type}
        end={v.p.end}
        period={v.period}
        rows={rows}
        matching={matching}
        visible={v.rows.length}
        total={v.total}
        teamsOnly={v.teams}
        sort={sort ?? ""}
        order={order}
        show={show}
        page={page}
        pages={pages.length}
        first={first}
        hasDue={v.hasDue}
      />,
    );
  });

  app.get("/indicator/:id/rows.xlsx", async (c) => {
    const v = await rowsFor(c);
    if (v instanceof Response) return v;
    const { user } = v;
    const rows = v.rows.map(toShown);
    await rowsAudit(c, user, "download-rows", v, rows);
    const { rowsXlsx } = await import("./rowsXlsx.ts");
    const body = await rowsXlsx(
      `${v.fi.ref} ${v.fi.title}`,
      `${v.p.type} ending ${v.p.end} (${v.period.start} to ${v.period.end})`,
      rows,
      v.hasDue,
    );
    return download(c, body, rowsFile(v, "xlsx"));
  });

  app.get("/indicator/:id/rows.csv", async (c) => {
    const v = await rowsFor(c);
    if (v instanceof Response) return v;
    const { user } = v;
    const rows = v.rows.map(toShown);
    await rowsAudit(c, user, "download-rows", v, rows);
    // explain's columns: due_date after date where the indicator's rows carry one
    const cols: (keyof ShownRow)[] = [
      "child_id",
      "event_id",
      "date",
      ...(v.hasDue ? (["due_date"] as const) : []),
      "in_numerator",
      "in_denominator",
      "value",
      "reason",
      "team",
      "worker",
    ];
    return download(c, csvLines(cols, rows, "\r\n"), rowsFile(v, "csv"));
  });

  app.get("/child/:id", async (c) => {
    const childId = c.req.param("id");
    const user = await guard(c, "child-rows", { childIds: [childId] });
    if (user instanceof Response) return user;
    if (!can(user.role, "all-child-rows") && !(await read((w) => childInTeams(w, childId, user.teams)))) {
      await auditBy(c, user, "refused", "refused", {
        childIds: [childId],
        detail: "child not in the manager's teams",
      });
      return problem(
        c,
        403,
        "You cannot see this child",
        "This child has not been allocated to any of your teams.",
      );
    }
    const p = await choosePeriod(c.req.query("type"), c.req.query("end"));
    const computed = frameworkIndicators(fw()).flatMap((fi) => {
      const ind = computedIndicator(fi);
      return ind ? [{ fi, ind }] : [];
    });
    const { events, counts } = await read(async (w) => {
      const periods = await storedPeriods(w, p.type, p.end);
      const chosen = computed.flatMap(({ ind }) => {
        const period = periods.get(ind.id);
        return period ? [{ ind, period }] : [];
      });
      return {
        events: await childTimeline(w, childId),
        counts: chosen.length ? await childCounts(w, chosen, childId) : [],
      };
    });
    const titles = new Map(computed.map(({ fi }) => [fi.id, fi.title]));
    await auditBy(c, user, "view-child", "ok", { childIds: [childId] });
    return html(
      c,
      <ChildPage
        council={councilName()}
        viewer={viewerOf(c)!}
        childId={childId}
        events={events}
        type={p.type}
        end={p.end}
        types={p.types}
        ends={p.ends}
        counts={counts.map((x) => ({
          indicator: x.indicator,
          title: titles.get(x.indicator) ?? x.indicator,
          event_id: x.event_id,
          date: x.date,
          how: x.in_numerator
            ? "in the numerator"
            : x.in_denominator
              ? "in the denominator only"
              : `excluded${x.reason ? `: ${x.reason}` : ""}`,
        }))}
      />,
    );
  });

  // ---- exception lists

  /** The lists' outputs, loaded on first use (exceljs is slow to load). */
  const exceptionsOutput = () => import("../report/exceptionsOutput.ts");

  /** The lists at a month end (all teams; cached: the figures do not change while the server runs). */
  const listsAt = new Map<string, Promise<ProducedList[]>>();
  const producedAt = (end: string) => {
    let p = listsAt.get(at(end));
    if (!p) {
      p = read(async (w) => {
        const period = await reportedPeriod(w, "month", end, "exceptions");
        return produceExceptionLists(w.db, w.options, w.settings.council.laCode, period, EXCEPTION_LISTS);
      });
      const key = at(end);
      p.catch(() => listsAt.delete(key));
      if (listsAt.size >= 3) listsAt.delete(listsAt.keys().next().value!);
      listsAt.set(key, p);
    }
    return p;
  };

  /** The exception lists the route's user may see, filtered as the query asks; or the response refusing them. */
  const exceptionsFor = async (c: Context<Env>) => {
    const user = await guard(c, "child-rows", {});
    if (user instanceof Response) return user;
    const p = await choosePeriod("month", c.req.query("end"));
    const teamsOnly = can(user.role, "all-child-rows") ? null : user.teams;
    const produced = (await producedAt(p.end)).map((l) => ({
      ...l,
      rows: teamsOnly ? l.rows.filter((r) => teamsOnly.includes(r.team)) : l.rows,
    }));
    const all = produced.flatMap((l) => l.rows);
    const teams = teamsOnly ?? [...new Set(all.map((r) => r.team))].sort();
    const q = (k: string) => (c.req.query(k) ?? "").trim();
    const list = EXCEPTION_LISTS.some((l) => l.name === q("list")) ? q("list") : "";
    const team = q("team");
    if (team && teamsOnly && !teamsOnly.includes(team)) {
      await auditBy(c, user, "refused", "refused", { detail: `team ${team} is not the manager's` });
      return problem(
        c,
        403,
        "You cannot see this team",
        "You can see the exceptions of your own teams only.",
      );
    }
    const inTeam = all.filter((r) => !team || r.team === team);
    const workers = [...new Set(inTeam.map((r) => r.worker))].sort();
    const worker = q("worker");
    const keep = (r: ExceptionRow) => (!team || r.team === team) && (!worker || r.worker === worker);
    const chosen = produced
      .filter((l) => !list || l.list.name === list)
      .map((l) => ({
        ...l,
        rows: l.rows.filter(keep),
        expected: team || worker || teamsOnly ? null : l.expected,
      }));
    const query = new URLSearchParams(
      Object.entries({ end: p.end, list, team, worker }).filter(([, v]) => v !== ""),
    ).toString();
    return {
      user,
      p,
      produced,
      chosen,
      teams: team && !teams.includes(team) ? [...teams, team] : teams,
      team,
      workers,
      worker,
      list,
      teamsOnly,
      query,
    };
  };

  const exceptionsAudit = (
    c: Context<Env>,
    user: User,
    action: string,
    rows: readonly ExceptionRow[],
    end: string,
  ) =>
    auditBy(c, user, action, "ok", {
      period: `month ${end}`,
      childIds: [...new Set(rows.map((r) => r.child_id))],
    });

  app.get("/exceptions", async (c) => {
    const v = await exceptionsFor(c);
    if (v instanceof Response) return v;
    const { user } = v;
    const { reconciliationLine } = await exceptionsOutput();
    const rows = v.chosen.flatMap((l) => l.rows);
    await exceptionsAudit(c, user, "view-exceptions", rows, v.p.end);
    return html(
      c,
      <ExceptionsPage
        council={councilName()}
        viewer={viewerOf(c)!}
        end={v.p.end}
        ends={v.p.ends}
        lists={v.produced.map((l) => ({
          name: l.list.name,
          title: l.list.title,
          count: l.rows.length,
          reconciliation: reconciliationLine(v.teamsOnly ? { ...l, expected: null } : l),
        }))}
        list={v.list}
        team={v.team}
        teams={v.teams}
        worker={v.worker}
        workers={v.workers}
        teamsOnly={v.teamsOnly}
        rows={rows}
        query={v.query}
      />,
    );
  });

  app.get("/exceptions.csv", async (c) => {
    const v = await exceptionsFor(c);
    if (v instanceof Response) return v;
    const { user } = v;
    await exceptionsAudit(
      c,
      user,
      "download-exceptions",
      v.chosen.flatMap((l) => l.rows),
      v.p.end,
    );
    return download(c, (await exceptionsOutput()).exceptionsCsv(v.chosen), `exceptions-${v.p.end}.csv`);
  });

  app.get("/exceptions.xlsx", async (c) => {
    const v = await exceptionsFor(c);
    if (v instanceof Response) return v;
    const { user } = v;
    await exceptionsAudit(
      c,
      user,
      "download-exceptions",
      v.chosen.flatMap((l) => l.rows),
      v.p.end,
    );
    const body = await (await exceptionsOutput()).exceptionsXlsx(v.chosen, v.p.end);
    return download(c, body, `exceptions-${v.p.end}.xlsx`);
  });

  // ---- data: coverage and imports

  /** Forgets every figure, row and list held: the workspace's data has changed. */
  const forgetFigures = () => {
    for (const v of views.values()) v.judged = undefined;
    indexCache.clear();
    chartMemo.clear();
    rowsMemo.clear();
    breakdownMemo.clear();
    periodMemo.clear();
    shownMemo.clear();
    sectionsMemo.clear();
    listsAt.clear();
  };

  const dataPage = async (c: Context<Env>, message?: string) => {
    const { coverage, imports } = await read(async (w) => ({
      coverage: (await readCoverage(w.db)).find((x) => x.laCode === w.settings.council.laCode),
      imports: (await listImports(w)).filter((i) => i.laCode === w.settings.council.laCode),
    }));
    return html(
      c,
      <DataPage
        council={councilName()}
        viewer={viewerOf(c)!}
        coverage={coverage ? { from: coverage.dataFrom, to: coverage.dataTo } : null}
        imports={imports}
        message={message}
      />,
    );
  };

  app.get("/data", async (c) => {
    const user = await guard(c, "imports", {});
    if (user instanceof Response) return user;
    return dataPage(c);
  });

  /** Uploaded files waiting for the analyst's confirmation: token → folder, who, when. */
  const uploads = new Map<string, { dir: string; user: string; at: number }>();
  const dropUpload = (token: string) => {
    const u = uploads.get(token);
    uploads.delete(token);
    if (u) rmSync(u.dir, { recursive: true, force: true });
  };

  app.post("/data/upload", async (c) => {
    const user = await guard(c, "imports", {});
    if (user instanceof Response) return user;
    const body = await c.req.parseBody({ all: true });
    const files = (Array.isArray(body.files) ? body.files : [body.files]).filter(
      (f): f is File => f instanceof File && f.size > 0,
    );
    if (files.length === 0) return problem(c, 400, "No files chosen", "Choose one or more files to check.");
    for (const [k, u] of uploads) if (now() - u.at > 3_600_000) dropUpload(k);
    const dir = mkdtempSync(join(tmpdir(), "scorecard-upload-"));
    const token = randomToken();
    uploads.set(token, { dir, user: user.name, at: now() });
    const names = new Set<string>();
    for (const f of files) {
      let name = basename(f.name).replace(/[^\w.-]/g, "_") || "file";
      while (names.has(name)) name = `_${name}`;
      names.add(name);
      writeFileSync(join(dir, name), new Uint8Array(await f.arrayBuffer()));
    }
    let read: Awaited<ReturnType<typeof readFiles>>;
    try {
      read = await readFiles([dir], { laCode: laNow() });
    } catch (e) {
      dropUpload(token);
      if (e instanceof UserError) return problem(c, 400, "The files cannot be used", e.message);
      throw e;
    }
    const counts = new Map<string, { read: number; rejected: number }>();
    for (const src of read.sources)
      for (const [table, rows] of Object.entries(src.rows)) {
        const n = counts.get(table) ?? { read: 0, rejected: 0 };
        n.read += rows.length;
        counts.set(table, n);
      }
    for (const [table, n] of Object.entries(read.rejected)) {
      const x = counts.get(table) ?? { read: 0, rejected: 0 };
      x.rejected += n;
      counts.set(table, x);
    }
    await auditBy(c, user, "check-import", "ok", {
      detail: `${files.length} files, ${read.issues.length} issues`,
    });
    return html(
      c,
      <CheckedPage
        council={councilName()}
        viewer={viewerOf(c)!}
        token={token}
        files={read.files.map((f) => ({ name: basename(f.path), format: f.format }))}
        counts={[...counts].map(([table, n]) => ({ table, ...n }))}
        issues={read.issues.slice(0, 200).map((i) => ({
          where: [
            basename(i.file),
            i.sheet,
            i.row ? `row ${i.row}` : i.line ? `line ${i.line}` : "",
            i.column,
          ]
            .filter(Boolean)
            .join(", "),
          rule: i.rule,
          message: i.message,
          value: i.value,
          severity: i.severity,
        }))}
        totalIssues={read.issues.length}
      />,
    );
  });

  app.post("/data/upload/:token/:action{confirm|cancel}", async (c) => {
    const user = await guard(c, "imports", {});
    if (user instanceof Response) return user;
    const token = c.req.param("token");
    const upload = uploads.get(token);
    if (!upload || upload.user !== user.name)
      return problem(
        c,
        404,
        "Nothing to import",
        "These files were already imported or cancelled, or the check has expired.",
      );
    if (c.req.param("action") === "cancel") {
      dropUpload(token);
      return dataPage(c, "Nothing imported.");
    }
    try {
      // several councils: the page's council (files naming another are refused); one: as the CLI does
      const into = ws.settings.councils.length > 1 ? { council: laNow() } : {};
      const result = await write(() => importFiles(ws, [upload.dir], into));
      forgetFigures();
      const added = Object.values(result.counts).reduce((a, n) => a + n.added, 0);
      await auditBy(c, user, "import", "ok", {
        detail:
          result.id === undefined ? "files already imported" : `import ${result.id}: ${added} records added`,
      });
      return dataPage(
        c,
        result.id === undefined
          ? "Nothing imported: these files were imported before."
          : `Import ${result.id}: ${added} records added.${result.recomputeError ? ` Figures not recomputed: ${result.recomputeError}` : " Figures recomputed."}`,
      );
    } catch (e) {
      if (e instanceof UserError) return problem(c, 400, "Nothing was imported", e.message);
      throw e;
    } finally {
      dropUpload(token);
    }
  });

  app.post("/data/imports/:id/undo", async (c) => {
    const user = await guard(c, "imports", {});
    if (user instanceof Response) return user;
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id) || id < 1)
      return problem(c, 404, "Import not found", "There is no such import.");
    const of = await read(async (w) => (await listImports(w)).find((i) => i.id === id)?.laCode);
    if (of !== undefined && of !== laNow())
      return problem(c, 404, "Import not found", "There is no such import of this council.");
    try {
      const { removed, recomputeError } = await write(() => undoImport(ws, id));
      forgetFigures();
      const total = Object.values(removed).reduce((a, b) => a + b, 0);
      await auditBy(c, user, "undo-import", "ok", { detail: `import ${id}: ${total} records removed` });
      return dataPage(
        c,
        `Import ${id} undone: ${total} records removed.${recomputeError ? ` Figures not recomputed: ${recomputeError}` : " Figures recomputed."}`,
      );
    } catch (e) {
      if (e instanceof UserError) return problem(c, 400, "The import was not undone", e.message);
      throw e;
    }
  });

  // ---- admin

  const usersPage = async (
    c: Context<Env>,
    message: string | undefined,
    errors: string[],
    status: 200 | 400 = 200,
  ) =>
    html(
      c,
      <UsersPage
        council={councilName()}
        viewer={viewerOf(c)!}
        users={await read((w) => listUsers(w.db))}
        message={message}
        errors={errors}
      />,
      status,
    );

  app.get("/admin/users", async (c) => {
    const user = await guard(c, "admin", {});
    if (user instanceof Response) return user;
    return usersPage(c, undefined, []);
  });

  /** Runs an admin's change to the accounts, turning a refusal into the page's error. */
  const adminChange = async (
    c: Context<Env>,
    action: string,
    name: string,
    change: () => Promise<string>,
  ) => {
    const user = await guard(c, "admin", {});
    if (user instanceof Response) return user;
    try {
      const message = await write(change);
      sessionsSeen.clear();
      await auditBy(c, user, action, "ok", { detail: name });
      return usersPage(c, message, []);
    } catch (e) {
      if (e instanceof UserError) return usersPage(c, undefined, [e.message.replace(/^user: /, "")], 400);
      throw e;
    }
  };

  app.post("/admin/users", async (c) => {
    const body = await c.req.parseBody();
    const name = String(body.name ?? "").trim();
    const role = String(body.role ?? "");
    const teams = String(body.teams ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    return adminChange(c, "user-add", name, async () => {
      const pw = await addUser(ws.db, name, role, teams, new Date(now()));
      return `Added ${name}. One-time password (shown once): ${pw}`;
    });
  });

  app.post("/admin/users/:name/reset", (c) => {
    const name = c.req.param("name");
    return adminChange(
      c,
      "user-reset",
      name,
      async () => `Reset ${name}. One-time password (shown once): ${await resetUser(ws.db, name)}`,
    );
  });

  app.post("/admin/users/:name/remove", (c) => {
    const name = c.req.param("name");
    if (name === c.get("user")?.name)
      return problem(c, 400, "You cannot remove yourself", "Ask another admin.");
    return adminChange(c, "user-remove", name, async () => {
      await removeUser(ws.db, name);
      return `Removed ${name}.`;
    });
  });

  const auditFilter = (c: Context<Env>) => {
    const q = (k: string) => (c.req.query(k) ?? "").trim();
    const date = (k: string) => (isIsoDate(q(k)) ? q(k) : "");
    return { user: q("user"), child: q("child"), action: q("action"), from: date("from"), to: date("to") };
  };

  app.get("/admin/audit", async (c) => {
    const user = await guard(c, "admin", {});
    if (user instanceof Response) return user;
    const f = auditFilter(c);
    const records = await read((w) => listAudit(w.db, { ...f, limit: 1000 }));
    await auditBy(c, user, "view-audit", "ok", {
      detail: `${records.length} entries${f.child ? " about one child" : ""}`,
    });
    const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== "")).toString();
    return html(
      c,
      <AuditPage
        council={councilName()}
        viewer={viewerOf(c)!}
        records={records}
        filter={f}
        csvHref={`/admin/audit.csv${qs ? `?${qs}` : ""}`}
      />,
    );
  });

  app.get("/admin/audit.csv", async (c) => {
    const user = await guard(c, "admin", {});
    if (user instanceof Response) return user;
    const f = auditFilter(c);
    const records = await read((w) => listAudit(w.db, f));
    await auditBy(c, user, "download-audit", "ok", { detail: `${records.length} entries` });
    const cols: (keyof AuditRecord)[] = [
      "seq",
      "at",
      "user",
      "role",
      "action",
      "route",
      "indicator",
      "period",
      "childIds",
      "childCount",
      "outcome",
      "detail",
      ...(ws.settings.councils.length > 1 ? (["council"] as const) : []),
    ];
    return download(c, csvLines(cols, records, "\r\n"), "audit-log.csv");
  });

  return app;
}
