/**
 * Signed-in sessions: a random token in the browser's cookie, only its
 * SHA-256 in the workspace, with the session's CSRF token; ended after
 * IDLE_MS without a request or MAX_MS in all.
 *
 * Why the hash: a copy of the workspace file must not let anyone take over
 * a session.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/database.ts";
import { execute as exec, query as select } from "../db/database.ts";

/** A session ends after this long without a request. */
export const IDLE_MS = 30 * 60_000;
/** … and after this long in all. */
export const MAX_MS = 12 * 60 * 60_000;
/** last_seen is written at most this often (a write per request would queue behind reads). */
const TOUCH_MS = 60_000;

/** A live session. */
export interface Session {
  userName: string;
  csrf: string;
}

/** A random token, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Starts a session for `userName` (clearing expired ones); returns the cookie's token. */
export async function createSession(db: Database, userName: string, now: number): Promise<string> {
  const token = randomToken();
  await exec(db, "DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2", [
    now - IDLE_MS,
    now - MAX_MS,
  ]);
  await exec(db, "INSERT INTO sessions VALUES ($1, $2, $3, $4, $4)", [
    digest(token),
    userName,
    randomToken(),
    now,
  ]);
  return token;
}

/** What a lookup found, and the write it asks for (made by `settleSession`). */
export interface FoundSession {
  session: Session | undefined;
  /** "delete": expired; "touch": last_seen is older than the touch interval. */
  write: "none" | "delete" | "touch";
}

/**
 * The session of `token` at `now` without writing anything (so a reader
 * can run it beside other readers); `settleSession` makes the write it asks for.
 */
export async function findSession(db: Database, token: string, now: number): Promise<FoundSession> {
  const row = (await select(db, "SELECT * FROM sessions WHERE token_hash = $1", [digest(token)]))[0];
  if (!row) return { session: undefined, write: "none" };
  const last = Number(row.last_seen);
  if (now - last > IDLE_MS || now - Number(row.created_at) > MAX_MS)
    return { session: undefined, write: "delete" };
  return {
    session: { userName: String(row.user_name), csrf: String(row.csrf) },
    write: now - last > TOUCH_MS ? "touch" : "none",
  };
}

/** Deletes the expired session of `token`, or records that it was seen at `now`, as `findSession` asked. */
export async function settleSession(
  db: Database,
  token: string,
  now: number,
  write: FoundSession["write"],
): Promise<void> {
  if (write === "delete") await exec(db, "DELETE FROM sessions WHERE token_hash = $1", [digest(token)]);
  else if (write === "touch")
    await exec(db, "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1", [digest(token), now]);
}

/** The session of `token` at `now`, or undefined when there is none or it has expired (then it is deleted). */
export async function readSession(db: Database, token: string, now: number): Promise<Session | undefined> {
  const found = await findSession(db, token, now);
  await settleSession(db, token, now, found.write);
  return found.session;
}

/** Ends the session of `token`. */
export async function endSession(db: Database, token: string): Promise<void> {
  await exec(db, "DELETE FROM sessions WHERE token_hash = $1", [digest(token)]);
}
