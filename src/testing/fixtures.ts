/**
 * Where tests find the shared real-format fixtures: `../shared/fixtures`
 * beside the project root, as developers and CI lay it out
 * (shared/fixtures/README.md). Never an absolute path: CI clones anywhere.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The shared fixtures folder. */
export const SHARED_FIXTURES = resolve(import.meta.dirname, "..", "..", "..", "shared", "fixtures");

/** A path under the shared fixtures, failing (never skipping) with a clear message when it is absent. */
export function sharedFixture(...parts: string[]): string {
  const path = join(SHARED_FIXTURES, ...parts);
  assert.ok(
    existsSync(path),
    `the shared fixture ${path} is missing: tests need ../shared/fixtures beside the project`,
  );
  return path;
}
