/**
 * Finds the Chromium the PDF is printed with: Debian's `chromium` package
 * (or Ubuntu's `chromium-browser`) on PATH, or the program named by
 * SCORECARD_CHROMIUM. Nothing is downloaded: a council's machine may not
 * reach the internet, and a browser fetched by a package manager script
 * would be one more thing to keep patched.
 */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/** The program names looked for on PATH, in order. */
export const BROWSER_NAMES = ["chromium", "chromium-browser"] as const;

/** The one line telling a user how to get a browser for PDF output. */
export const INSTALL_HINT =
  "PDF output needs Chromium: install it with `sudo apt-get install chromium` (Debian; `chromium-browser` on Ubuntu), or set SCORECARD_CHROMIUM to a Chromium or Chrome program; the HTML and XLSX formats need no browser";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The browser's path, or null when none is found. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env.SCORECARD_CHROMIUM;
  if (named) return isAbsolute(named) && executable(named) ? named : null;
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of BROWSER_NAMES) {
      const path = join(dir, name);
      if (executable(path)) return path;
    }
  }
  return null;
}
