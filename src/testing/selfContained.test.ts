import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { FIXTURES_DIR, fixturePath } from "./fixtures.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** `shared/fixtures` written as a path, or `"shared"` as a path segment of join/resolve. */
const SHARED_PATH = [/\bshared[\\/]fixtures\b/, /["'`]shared["'`]\s*[,)]/];

/** The lines of `text` that reach for the folder beside the project. */
function sharedMentions(text: string): string[] {
  return text.split("\n").filter((line) => SHARED_PATH.some((re) => re.test(line)));
}

/**
 * A message (not a path) in a test that another change rewrites; it reads its
 * files through SHARED_FIXTURES, which resolves inside the project.
 */
const KNOWN_MESSAGE = "src/ingest/validate/fixtures.test.ts: `the shared fixture ";

describe("a clone of the project alone has what its tests read", () => {
  it("recognises the ways a path to ../shared/fixtures gets written", () => {
    assert.deepEqual(
      [
        'const F = join(import.meta.dirname, "..", "..", "..", "shared", "fixtures");',
        "see ../shared/fixtures/README.md",
        'resolve(root, "shared")',
        "the shared relations, shared formulas",
        "taken from a seed report (../shared/reference/seed-reports)",
      ].map((line) => sharedMentions(line).length),
      [1, 1, 1, 0, 0],
    );
  });

  it("no file under src/ or scripts/ reaches for ../shared/fixtures", () => {
    const self = resolve(import.meta.filename);
    const hits = [...files(join(ROOT, "src")), ...files(join(ROOT, "scripts"))]
      .filter((f) => resolve(f) !== self)
      .flatMap((f) =>
        sharedMentions(readFileSync(f, "utf8")).map((line) => `${relative(ROOT, f)}: ${line.trim()}`),
      );
    assert.deepEqual(
      hits.filter((h) => !h.startsWith(KNOWN_MESSAGE)),
      [],
    );
  });

  it("fixtures resolve inside the project, and each has its provenance in fixtures/README.md", () => {
    assert.equal(relative(ROOT, FIXTURES_DIR), "fixtures");
    const readme = readFileSync(fixturePath("README.md"), "utf8");
    const listed = files(FIXTURES_DIR)
      .map((f) => relative(FIXTURES_DIR, f))
      .filter((f) => /[\\/]/.test(f)); // the files in the format folders, not README.md or .gitattributes
    // 1 Annex A workbook, 3 CIN files, 11 SSDA903 CSVs + XML + XSD, 15 benchmark files, 2 made-up reference files
    assert.equal(listed.length, 34);
    const unnamed = listed.filter((f) => {
      const [folder, name] = f.split(/[\\/]/) as [string, string];
      const stem = name.replace(/\.[a-z]+$/, "");
      const prefix = stem.split("_")[0]!;
      return !readme.includes(`${folder}/`) || !(readme.includes(stem) || readme.includes(`${prefix}_…`));
    });
    assert.deepEqual(unnamed, []);
  });

  it("fails, naming the file, when a fixture is absent", () => {
    assert.throws(
      () => fixturePath("ssda903", "no_such.csv"),
      /fixtures[\\/]ssda903[\\/]no_such\.csv is missing/,
    );
  });
});
