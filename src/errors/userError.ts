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

/** A schema problem as zod reports it: where, and what is wrong. */
interface SchemaIssue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * A UserError listing schema problems one per line, each naming the file,
 * the field's path (after `prefix`, where the checked part sits inside its
 * file) and the value found: `settings.json: population.2024-25: … (found "x")`.
 */
export function schemaError(
  raw: unknown,
  issues: readonly SchemaIssue[],
  source: string,
  prefix: readonly string[] = [],
): UserError {
  const lines = issues.map((issue) => {
    const path = issue.path as (string | number)[];
    const shownPath = [...prefix, ...path].join(".") || "(top level)";
    const value = valueAt(raw, path);
    const shown = value === undefined || typeof value === "object" ? "" : ` (found ${JSON.stringify(value)})`;
    return `${source}: ${shownPath}: ${issue.message}${shown}`;
  });
  return new UserError(lines.join("\n"));
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let v: unknown = raw;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}
