/**
 * Single sign-on with a council's OpenID Connect provider (issue 11): the
 * authorisation code flow with PKCE, and the mapping of a claim to a role.
 *
 * Why roles come from a claim: the council's directory already says who
 * is a team manager or an analyst; an account is made or updated from the
 * claims at each sign-in, and a person with no mapped role is refused.
 */
import { readFileSync } from "node:fs";
import * as client from "openid-client";
import { z } from "zod";
import type { Database } from "../db/database.ts";
import { execute as exec, query as select } from "../db/database.ts";
import { schemaError, UserError } from "../errors/userError.ts";
import { isRole, ROLES, type Role } from "./roles.ts";
import type { User } from "./users.ts";

/** How the application signs people in with the council's provider. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** This application's callback, as registered with the provider: https://…/sign-in/oidc/callback. */
  redirectUri: string;
  /** The claim holding a person's group or role (a string or a list). */
  roleClaim: string;
  /** Claim value → role; the most trusted role wins when several values map. */
  roles: Record<string, Role>;
  /** The claim listing a manager's team ids. */
  teamsClaim?: string;
  /** Allow an http:// issuer (tests against a local provider only). */
  allowHttp?: boolean;
}

/** Single sign-on as the workspace settings write it (settings.ts `singleSignOn`). */
export interface OidcSettingsEntry {
  issuer: string;
  clientId: string;
  clientSecretEnv?: string | undefined;
  redirectUri: string;
  roleClaim: string;
  /** Claim value → role name, checked here (the settings layer does not know the roles). */
  roles: Record<string, string>;
  teamsClaim?: string | undefined;
}

/** True for an http:// address on this machine (127.0.0.1, ::1, localhost): a provider a test starts. */
function isLoopbackHttp(address: string): boolean {
  const u = new URL(address);
  return u.protocol === "http:" && ["127.0.0.1", "[::1]", "localhost"].includes(u.hostname);
}

/**
 * Single sign-on from the workspace settings, its client secret read from
 * the environment variable the settings name. Addresses must be https://,
 * except a provider and callback both on this machine (http://127.0.0.1…).
 */
export function oidcFromSettings(
  entry: OidcSettingsEntry,
  env: Readonly<Record<string, string | undefined>>,
  source: string,
): OidcSettings {
  const local = isLoopbackHttp(entry.issuer) && isLoopbackHttp(entry.redirectUri);
  if (!local && (!entry.issuer.startsWith("https://") || !entry.redirectUri.startsWith("https://")))
    throw new UserError(
      `${source}: singleSignOn: issuer and redirectUri must be https:// addresses (http:// only when both are on this machine)`,
    );
  const roles: Record<string, Role> = {};
  for (const [value, role] of Object.entries(entry.roles)) {
    if (!isRole(role))
      throw new UserError(
        `${source}: singleSignOn.roles.${value}: not a role; use one of ${ROLES.join(", ")} (found ${JSON.stringify(role)})`,
      );
    roles[value] = role;
  }
  let clientSecret: string | undefined;
  if (entry.clientSecretEnv !== undefined) {
    clientSecret = env[entry.clientSecretEnv];
    if (!clientSecret)
      throw new UserError(
        `${source}: singleSignOn.clientSecretEnv names ${entry.clientSecretEnv}, which is not set in the environment: set it to the client secret the provider gave`,
      );
  }
  return {
    issuer: entry.issuer,
    clientId: entry.clientId,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    redirectUri: entry.redirectUri,
    roleClaim: entry.roleClaim,
    roles,
    ...(entry.teamsClaim === undefined ? {} : { teamsClaim: entry.teamsClaim }),
    ...(local ? { allowHttp: true } : {}),
  };
}

const SCHEMA = z
  .object({
    issuer: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    redirectUri: z.url(),
    roleClaim: z.string().min(1),
    roles: z.record(z.string(), z.enum(ROLES)),
    teamsClaim: z.string().min(1).optional(),
  })
  .strict();

/**
 * Reads and checks a single sign-on file (JSON: issuer, clientId,
 * clientSecret, redirectUri, roleClaim, roles, teamsClaim), for `serve
 * --oidc FILE`; the workspace settings' `singleSignOn` is the usual place.
 */
export function readOidcSettings(path: string): OidcSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new UserError(`${path}: cannot read it as JSON (${(e as Error).message.split("\n")[0]})`);
  }
  const r = SCHEMA.safeParse(raw);
  if (!r.success) throw schemaError(raw, r.error.issues, path);
  if (!r.data.issuer.startsWith("https://") || !r.data.redirectUri.startsWith("https://"))
    throw new UserError(`${path}: issuer and redirectUri must be https:// addresses`);
  return r.data;
}

/** The role a person's claims give them, or null when none of their values is mapped. */
export function roleFromClaims(
  claims: Record<string, unknown>,
  s: Pick<OidcSettings, "roleClaim" | "roles">,
): Role | null {
  const raw = claims[s.roleClaim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
  const mapped = values.map((v) => s.roles[v]).filter((r): r is Role => r !== undefined && isRole(r));
  if (mapped.length === 0) return null;
  return mapped.sort((a, b) => ROLES.indexOf(b) - ROLES.indexOf(a))[0]!;
}

/** A manager's teams from their claims. */
export function teamsFromClaims(claims: Record<string, unknown>, teamsClaim: string | undefined): string[] {
  if (!teamsClaim) return [];
  const raw = claims[teamsClaim];
  return (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string" && v !== "");
}

/** The provider's configuration, discovered once. */
export function discover(s: OidcSettings): Promise<client.Configuration> {
  return client.discovery(
    new URL(s.issuer),
    s.clientId,
    s.clientSecret,
    undefined,
    s.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
  );
}

/**
 * Where a sign-in may return to: a path of this application (`/…`, with
 * its query, e.g. `/?council=B`), else undefined. An absolute address, a
 * scheme-relative one (`//host`, `/\\host`) or control characters would
 * let a crafted sign-in link send the person elsewhere once signed in.
 */
export function returnPath(value: string): string | undefined {
  if (!value.startsWith("/") || value.startsWith("//")) return undefined;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c < 32 || c === 127 || c === 92) return undefined;
  }
  const base = "http://this-application.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : undefined;
}

/** A started sign-in: where to send the browser, and what the callback must check. */
export interface StartedSignIn {
  url: URL;
  state: string;
  verifier: string;
}

/** Starts a sign-in: a PKCE verifier and a state, and the provider's authorisation URL. */
export async function startSignIn(config: client.Configuration, s: OidcSettings): Promise<StartedSignIn> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri,
    scope: "openid profile",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
  });
  return { url, state, verifier };
}

/** Completes a sign-in from the callback's query: the person's claims (ID token, then userinfo). */
export async function finishSignIn(
  config: client.Configuration,
  s: OidcSettings,
  query: string,
  started: { state: string; verifier: string },
): Promise<Record<string, unknown>> {
  const tokens = await client.authorizationCodeGrant(config, new URL(`${s.redirectUri}?${query}`), {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
  });
  const claims = { ...(tokens.claims() ?? {}) } as Record<string, unknown>;
  if (claims[s.roleClaim] === undefined && typeof claims.sub === "string") {
    Object.assign(claims, await client.fetchUserInfo(config, tokens.access_token, claims.sub));
  }
  return claims;
}

/** The account of a person signed in by the provider, made or updated from their claims. */
export async function upsertSsoUser(
  db: Database,
  name: string,
  role: Role,
  teams: readonly string[],
  now: Date,
): Promise<User> {
  const have = await select(db, "SELECT name FROM users WHERE name = $1", [name]);
  if (have.length)
    await exec(
      db,
      "UPDATE users SET role = $2, teams = $3, must_set_password = false, failed_attempts = 0, locked_until = NULL WHERE name = $1",
      [name, role, JSON.stringify([...teams])],
    );
  else
    await exec(db, "INSERT INTO users VALUES ($1, $2, $3, $4, false, 0, NULL, $5)", [
      name,
      role,
      JSON.stringify([...teams]),
      SSO_ONLY,
      now.toISOString(),
    ]);
  return {
    name,
    role,
    teams: [...teams],
    mustSetPassword: false,
    failedAttempts: 0,
    lockedUntil: null,
    createdAt: now.toISOString(),
  };
}

/** The password hash of an account made by single sign-on: no password matches it. */
export const SSO_ONLY = "!single-sign-on";
