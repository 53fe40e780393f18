// Whether dist/ was compiled from the sources as they are now.
//
// Why a hash of the sources rather than file times: a checkout, a stash or
// a copy can leave a changed file older than dist/, and a stale dist/ must
// never run silently. Hashing the ~1 MB of sources takes a few milliseconds.
// Plain JavaScript: bin/scorecard.js needs it before anything is compiled.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** The file, inside dist/, holding the hash of the sources it was built from. */
export const BUILD_STAMP = join("dist", ".sources-hash");

/** The files dist/ is compiled from, as tsconfig.build.json selects them, sorted. */
function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (relative(root, path) !== join("src", "testing")) walk(path);
      } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(path);
    }
  };
  walk(join(root, "src"));
  out.push(join(root, "tsconfig.json"), join(root, "tsconfig.build.json"));
  return out.sort();
}

/** SHA-256 over the path and content of every file dist/ is compiled from. */
export function sourceHash(root) {
  const hash = createHash("sha256");
  for (const file of sourceFiles(root)) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(existsSync(file) ? readFileSync(file) : "");
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** True when dist/ holds a complete build of the sources as they are now. */
export function distIsFresh(root) {
  const stamp = join(root, BUILD_STAMP);
  return existsSync(stamp) && readFileSync(stamp, "utf8").trim() === sourceHash(root);
}
