/**
 * Errors meant for the person at the keyboard.
 *
 * Why: a user must never see a stack trace. Anything thrown as a
 * `UserError` is printed as its one-line message by the CLI; anything else
 * is a bug, reported as such without child data.
 */

/** An error whose message is written for the user and is safe to print. */
export class UserError extends Error {
  override name = "UserError";
}
