/**
 * Nothing test-only is reachable from the product's own code: no module
 * outside the tests imports src/testing (the test helpers and harnesses,
 * which the build leaves out of dist/), and no module reads a switch from the
 * environment except the settings listed here. A test that needs the product
 * to fail (the import killed before its commit) passes that in as an option.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, it } from "node:test";

const SRC = resolve(import.meta.dirname, "..");

/** Environment variables the product reads, and why. */
const PRODUCT_ENV: Record<string, string> = {
  SCORECARD_MEMORY_LIMIT: "DuckDB's memory limit on a machine shared with other work",
};

function productionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path === join(SRC, "testing") ? [] : productionFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

const files = productionFiles(SRC).map((path) => ({
  name: relative(SRC, path),
  text: readFileSync(path, "utf8"),
}));

describe("the product's code paths", () => {
  it("are read from every module outside the tests", () => {
    assert.ok(files.length > 100, `${files.length} modules`);
    assert.ok(files.some((f) => f.name === join("synth", "generate.ts")));
  });

  it("import nothing from src/testing", () => {
    const offending = files
      .filter(
        (f) =>
          /from\s+"(?:\.\.?\/)+(?:\.\.\/)*testing\//.test(f.text) || /from\s+"\.\/testing\.ts"/.test(f.text),
      )
      .map((f) => f.name);
    assert.deepEqual(offending, []);
  });

  it("hold no test helper modules named testing.ts", () => {
    assert.deepEqual(
      files.filter((f) => /(?:^|\/)testing\.ts$/.test(f.name)).map((f) => f.name),
      [],
    );
  });

  it("read no environment switch but the product's own settings", () => {
    const read = new Set<string>();
    for (const f of files) {
      for (const m of f.text.matchAll(/process\.env(?:\.(\w+)|\[\s*["'](\w+)["']\s*\])/g)) {
        read.add(`${f.name}: ${m[1] ?? m[2]}`);
      }
    }
    const unexpected = [...read].filter((r) => !(r.split(": ")[1]! in PRODUCT_ENV));
    assert.deepEqual(unexpected, []);
  });
});
