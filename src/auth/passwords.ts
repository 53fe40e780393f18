/**
 * Passwords: argon2id hashes (OWASP's recommended parameters, the library's
 * defaults) and one-time passwords for a new or reset account.
 */
import { randomBytes } from "node:crypto";
import { Algorithm, hash, verify } from "@node-rs/argon2";

/** The shortest password a person may choose. */
export const MIN_PASSWORD_LENGTH = 12;

/** An argon2id hash of `password`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

/** True when `password` matches `stored`; false for a malformed hash too. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A random one-time password: 20 characters, 120 bits. */
export function oneTimePassword(): string {
  return randomBytes(15).toString("base64url");
}

/** Why a chosen password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, name: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Your password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.toLowerCase().includes(name.toLowerCase())) return "Your password must not contain your name";
  return null;
}
