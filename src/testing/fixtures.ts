/**
 * Where tests find the real-format fixtures: `fixtures/` at the project root,
 * the project's own copies (fixtures/README.md gives each file's source,
 * commit and licence, and which are excerpts). Inside the project so that a
 * clone of it alone passes its tests; never an absolute path.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The project's fixtures folder. */
export const FIXTURES_DIR = resolve(import.meta.dirname, "..", "..", "fixtures");

/** A path under the project's fixtures, failing (never skipping) with a clear message when it is absent. */
export function fixturePath(...parts: string[]): string {
  const path = join(FIXTURES_DIR, ...parts);
  assert.ok(existsSync(path), `the fixture ${path} is missing: see fixtures/README.md`);
  return path;
}

/** The former name of FIXTURES_DIR, kept for the tests that use it. */
export const SHARED_FIXTURES = FIXTURES_DIR;

/** The former name of fixturePath, kept for the tests that use it. */
export const sharedFixture = fixturePath;
