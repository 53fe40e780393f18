/**
 * Local accounts: add, remove, reset (each giving a one-time password the
 * person replaces on first sign-in), sign-in checks with lockout.
 *
 * Why a password is set on first sign-in: the one-time password travels by
 * whoever set up the account; only its holder should know the real one.
 */

import type { Database } from "../db/database.ts";
import { execute as exec, query as select } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import { hashPassword, oneTimePassword, verifyPassword } from "./passwords.ts";
import { isRole, ROLES, type Role } from "./roles.ts";

/** Consecutive failed sign-ins that lock an account. */
export const MAX_FAILURES = 5;
/** How long a locked account stays locked. */
export const LOCK_MS = 15 * 60_000;

/** An account as the application uses it (never the hash). */
export interface User {
  name: string;
  role: Role;
  /** Team ids whose children a manager may see; empty for other roles. */
  teams: string[];
  mustSetPassword: boolean;
  failedAttempts: number;
  lockedUntil: number | null;
  createdAt: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Checks a user name, role and teams, as `user add` takes them. */
export function checkAccount(name: string, role: string, teams: readonly string[]): Role {
  if (!NAME.test(name))
    throw new UserError(
      `user: "${name}" is not a valid user name (letters, digits, . _ @ -, at most 64 characters)`,
    );
  if (!isRole(role)) throw new UserError(`user: --role must be one of ${ROLES.join(", ")} (got "${role}")`);
  if (role === "manager" && teams.length === 0)
    throw new UserError("user: a manager needs --team T (the team ids whose children they may see)");
  if (role !== "manager" && teams.length > 0) throw new UserError("user: only a manager has teams");
  return role;
}

function toUser(r: Record<string, unknown>): User {
  return {
    name: String(r.name),
    role: String(r.role) as Role,
    teams: JSON.parse(String(r.teams)) as string[],
    mustSetPassword: Boolean(r.must_set_password),
    failedAttempts: Number(r.failed_attempts),
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
    createdAt: String(r.created_at),
  };
}

/** The account named `name`, or undefined. */
export async function findUser(db: Database, name: string): Promise<User | undefined> {
  const rows = await select(db, "SELECT * FROM users WHERE name = $1", [name]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

/** Every account, by name. */
export async function listUsers(db: Database): Promise<User[]> {
  return (await select(db, "SELECT * FROM users ORDER BY name")).map(toUser);
}

/** Adds an account; returns its one-time password. */
export async function addUser(
  db: Database,
  name: string,
  role: string,
  teams: readonly string[],
  now: Date,
): Promise<string> {
  const checked = checkAccount(name, role, teams);
  if (await findUser(db, name)) throw new UserError(`user: "${name}" already exists (use user reset)`);
  const password = oneTimePassword();
  await exec(db, "INSERT INTO users VALUES ($1, $2, $3, $4, true, 0, NULL, $5)", [
    name,
    checked,
    JSON.stringify([...teams]),
    await hashPassword(password),
    now.toISOString(),
  ]);
  return password;
}

/** Removes an account and its sessions. */
export async function removeUser(db: Database, name: string): Promise<void> {
  if (!(await findUser(db, name))) throw new UserError(`user: no user "${name}"`);
  await exec(db, "DELETE FROM sessions WHERE user_name = $1", [name]);
  await exec(db, "DELETE FROM users WHERE name = $1", [name]);
}

/**
 * Gives an account a new one-time password (and, when given, a new role
 * and teams), unlocks it and ends its sessions; returns the password.
 */
export async function resetUser(
  db: Database,
  name: string,
  change?: { role: string; teams: readonly string[] },
): Promise<string> {
  const user = await findUser(db, name);
  if (!user) throw new UserError(`user: no user "${name}"`);
  const role = change ? checkAccount(name, change.role, change.teams) : user.role;
  const teams = change ? [...change.teams] : user.teams;
  const password = oneTimePassword();
  await exec(
    db,
    `UPDATE users SET role = $2, teams = $3, password_hash = $4, must_set_password = true,
       failed_attempts = 0, locked_until = NULL WHERE name = $1`,
    [name, role, JSON.stringify(teams), await hashPassword(password)],
  );
  await exec(db, "DELETE FROM sessions WHERE user_name = $1", [name]);
  return password;
}

/** Sets the password a person chose, ending the one-time password. */
export async function setPassword(db: Database, name: string, password: string): Promise<void> {
  await exec(db, "UPDATE users SET password_hash = $2, must_set_password = false WHERE name = $1", [
    name,
    await hashPassword(password),
  ]);
}

/** What a sign-in attempt came to. */
export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: "unknown" | "wrong-password" | "locked"; user?: User };

/**
 * Checks a name and password at `now`: a locked account is refused without
 * looking at the password; a wrong password counts a failure and the
 * MAX_FAILURES-th in a row locks the account for LOCK_MS; a right one
 * clears the count.
 */
export async function checkSignIn(
  db: Database,
  name: string,
  password: string,
  now: number,
): Promise<SignInResult> {
  const rows = await select(db, "SELECT * FROM users WHERE name = $1", [name]);
  const row = rows[0];
  if (!row) {
    await verifyPassword(DUMMY_HASH, password);
    return { ok: false, reason: "unknown" };
  }
  const user = toUser(row);
  if (user.lockedUntil !== null && user.lockedUntil > now) return { ok: false, reason: "locked", user };
  if (!(await verifyPassword(String(row.password_hash), password))) {
    const failures = (user.lockedUntil !== null ? 0 : user.failedAttempts) + 1;
    const lock = failures >= MAX_FAILURES ? now + LOCK_MS : null;
    await exec(db, "UPDATE users SET failed_attempts = $2, locked_until = $3 WHERE name = $1", [
      name,
      lock === null ? failures : 0,
      lock,
    ]);
    return { ok: false, reason: "wrong-password", user };
  }
  await exec(db, "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE name = $1", [name]);
  return { ok: true, user: { ...user, failedAttempts: 0, lockedUntil: null } };
}

/** Checked against when the name is unknown, so the answer takes as long as for a known one. */
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$msNi6JNhe4Vz4g4ghgYCDA$gw/Wy4D5kw47VWzrI3VwbaMOWYQM+n1Bzqtx3O3L0fY";
