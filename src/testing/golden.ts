/**
 * Golden files: rendered output compared byte for byte with a committed
 * copy. Locally, UPDATE_GOLDEN=1 rewrites the copy (review the diff);
 * in CI a missing or different golden file fails.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Asserts `actual` equals the golden file at `path` (rewriting it when UPDATE_GOLDEN=1 outside CI). */
export function assertGolden(path: string, actual: string): void {
  const update = process.env.UPDATE_GOLDEN === "1" && process.env.CI !== "true";
  if (update) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `golden file ${path} is missing: run "npm run golden" locally and commit it`);
  assert.equal(
    actual,
    readFileSync(path, "utf8"),
    `output differs from ${path} (run "npm run golden" if intended)`,
  );
}
