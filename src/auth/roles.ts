/**
 * Who may see what (issue 11): the four roles and the one question every
 * route asks of them.
 *
 * Why pure: the server enforces these on every route and download, and the
 * tests check the table itself without a server.
 */

/** The roles, least to most trusted for child-level data (admin manages users, not data). */
export const ROLES = ["viewer", "manager", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** True for a role name. */
export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** What a route needs. */
export type Permission = "aggregates" | "child-rows" | "all-child-rows" | "imports" | "commentary" | "admin";

/**
 * viewer: aggregates, small numbers suppressed; manager: aggregates and the
 * child rows of their own teams; analyst: all child rows; admin: users and
 * the audit log, and aggregates (not child rows). Imports (and undoing
 * them) and commentary are the analyst's.
 */
export function can(role: Role, permission: Permission): boolean {
  switch (permission) {
    case "aggregates":
      return true;
    case "child-rows":
      return role === "manager" || role === "analyst";
    case "all-child-rows":
    case "imports":
    case "commentary":
      return role === "analyst";
    case "admin":
      return role === "admin";
  }
}

/** True when the role's aggregates are shown with small numbers suppressed. */
export function suppressesSmallNumbers(role: Role): boolean {
  return role === "viewer";
}
