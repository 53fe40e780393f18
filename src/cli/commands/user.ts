/**
 * `scorecard user add|remove|reset`: local accounts of the web application,
 * each new or reset one given a one-time password shown once here.
 */

import { appendAudit } from "../../auth/audit.ts";
import { addUser, removeUser, resetUser } from "../../auth/users.ts";
import { UserError } from "../../errors/userError.ts";
import { openWorkspace } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";

/** `--team A,B` as a list. */
export function teamsOption(v: unknown): string[] {
  if (v === undefined) return [];
  return String(v)
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

export const userCommand: CommandRunner = {
  async run({ values, positionals }) {
    const [action, name] = positionals as [string, string | undefined];
    if (action !== "add" && action !== "remove" && action !== "reset")
      throw new UserError(`user: the first argument must be add, remove or reset (got "${action}")`);
    if (!name) throw new UserError(`user ${action}: missing the user's NAME`);
    const dir = requiredOption(values, "dir", "user");
    const teams = teamsOption(values.team);
    const role = values.role === undefined ? undefined : String(values.role);
    if (action === "add" && role === undefined) throw new UserError("user add: --role is required");
    if (action === "remove" && (role !== undefined || teams.length))
      throw new UserError("user remove: takes no --role or --team");
    const ws = await openWorkspace(dir, { allCouncils: true });
    try {
      const now = new Date();
      let password: string | undefined;
      if (action === "add") password = await addUser(ws.db, name, role!, teams, now);
      else if (action === "reset")
        password = await resetUser(ws.db, name, role === undefined ? undefined : { role, teams });
      else await removeUser(ws.db, name);
      await appendAudit(
        ws.db,
        { user: null, role: null, action: `user-${action}`, route: "cli", outcome: "ok", detail: name },
        now,
      );
      if (password === undefined) console.log(`Removed ${name} and ended their sessions.`);
      else {
        console.log(
          `${action === "add" ? "Added" : "Reset"} ${name}. One-time password (shown once): ${password}`,
        );
        console.log(
          "They sign in with it at the scorecard's /sign-in page and then choose their own password.",
        );
      }
    } finally {
      ws.close();
    }
  },
};
