/**
 * The web application's own links, with the request's council carried on.
 *
 * Why a helper the components call: in a workspace of several councils a
 * page is of the council its URL names (`?council=LA`), and every link,
 * form action and redirect of that page must stay in it. Each is written
 * through hrefOf, and each GET form (whose submission replaces its
 * action's query) holds a CouncilField; a URL naming no council gets the
 * paths as written, so a one-council workspace's pages are unchanged.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { raw } from "hono/html";

/** The council (LA code) the request's URL names, while the request is handled; none when it names none. */
export const requestCouncil = new AsyncLocalStorage<string>();

/** An app path (`/indicator/x?type=month#commentary`) with `council=LA` added when the request named a council. */
export function hrefOf(path: string): string {
  const la = requestCouncil.getStore();
  if (la === undefined) return path;
  const [p, hash] = path.split("#", 2) as [string, string?];
  return `${p}${p.includes("?") ? "&" : "?"}council=${encodeURIComponent(la)}${hash === undefined ? "" : `#${hash}`}`;
}

/** A GET form's hidden `council` field when the request named a council (the council picker has none). */
export function CouncilField() {
  const la = requestCouncil.getStore();
  return la === undefined
    ? null
    : raw(`<input type="hidden" name="council" value="${encodeURIComponent(la)}">`);
}
