/**
 * The stylesheets the pages link: GOV.UK Frontend's, from the installed
 * package, and the application's own few rules. Read once at start.
 *
 * Why the @font-face rules are taken out: GDS Transport is licensed for
 * GOV.UK services only, so a council's scorecard uses GOV.UK Frontend's
 * fallback, Arial; nothing else the CSS names is fetched.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { APP_CSS } from "./appCss.ts";

/** name → [content type, body] */
export type Assets = Map<string, [string, string]>;

/** Loads the stylesheets. */
export function loadAssets(): Assets {
  const govuk = dirname(createRequire(import.meta.url).resolve("govuk-frontend/package.json"));
  const css = readFileSync(join(govuk, "dist", "govuk", "govuk-frontend.min.css"), "utf8").replace(
    /@font-face\{[^}]*\}/g,
    "",
  );
  return new Map([
    ["govuk-frontend.min.css", ["text/css; charset=utf-8", css]],
    ["app.css", ["text/css; charset=utf-8", APP_CSS]],
  ]);
}
