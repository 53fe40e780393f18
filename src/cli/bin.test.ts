import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { BUILD_STAMP, distIsFresh, sourceHash } from "../../bin/freshness.js";
import { tempFiles } from "../testing/tempFiles.ts";

const PROJECT = join(import.meta.dirname, "..", "..");
const files = tempFiles("scorecard-bin-", "txt");

/** Writes a file, making its folder. */
function put(root: string, path: string, content: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** A project in miniature: the real bin/, a src/ and a dist/ that say which ran. */
function fakeProject(name: string): string {
  const root = files.path(name);
  mkdirSync(join(root, "bin"), { recursive: true });
  for (const f of ["scorecard.js", "freshness.js"])
    copyFileSync(join(PROJECT, "bin", f), join(root, "bin", f));
  symlinkSync(join(PROJECT, "node_modules"), join(root, "node_modules"));
  put(root, "package.json", '{ "type": "module" }');
  put(root, "tsconfig.json", "{}");
  put(root, "tsconfig.build.json", "{}");
  // a type annotation: only tsx can run it
  put(root, "src/cli/run.ts", 'const from: string = "src";\nconsole.log(from);\n');
  put(root, "src/cli/main.test.ts", "");
  put(root, "src/testing/helper.ts", "");
  put(root, "dist/cli/run.js", 'console.log("dist");\n');
  return root;
}

function run(root: string) {
  const r = spawnSync(process.execPath, [join(root, "bin", "scorecard.js")], { encoding: "utf8" });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe("bin/scorecard.js", () => {
  it("runs dist/ when it was built from the sources as they are, src/ through tsx otherwise", () => {
    const root = fakeProject("checkout");
    assert.equal(run(root).out, "src", "no build stamp: dist/ is not trusted");
    put(root, BUILD_STAMP, sourceHash(root));
    assert.equal(run(root).out, "dist");

    // tests and test helpers are not compiled into dist/
    put(root, "src/cli/main.test.ts", "// changed");
    put(root, "src/testing/helper.ts", "// changed");
    assert.equal(run(root).out, "dist");

    put(root, "src/cli/run.ts", 'const from: string = "src, edited";\nconsole.log(from);\n');
    assert.equal(run(root).out, "src, edited", "an edited source");
    put(root, BUILD_STAMP, sourceHash(root));
    put(root, "src/cli/new.ts", "export {};\n");
    assert.equal(run(root).out, "src, edited", "a new source");
    put(root, BUILD_STAMP, sourceHash(root));
    put(root, "tsconfig.build.json", '{ "compilerOptions": {} }');
    assert.equal(run(root).out, "src, edited", "changed compiler options");
  });

  it("runs dist/ in an installed package (no src/), and reports a failure to load in one line", () => {
    const root = fakeProject("installed");
    rmSync(join(root, "src"), { recursive: true });
    assert.equal(run(root).out, "dist");
    put(root, "dist/cli/run.js", 'import "./missing.js";\n');
    const r = run(root);
    assert.equal(r.code, 70);
    assert.match(r.err, /^scorecard: internal error while starting \(please report it\): Cannot find module/);
    assert.equal(r.err.split("\n").length, 1, r.err);
  });

  it("hashes the compiled sources only: a test file or a touched-but-equal file changes nothing", () => {
    const root = fakeProject("hash");
    const before = sourceHash(root);
    put(root, "src/cli/main.test.ts", "// another test");
    put(root, "src/cli/run.ts", 'const from: string = "src";\nconsole.log(from);\n');
    assert.equal(sourceHash(root), before);
    put(root, BUILD_STAMP, `${before}\n`);
    assert.equal(distIsFresh(root), true);
    rmSync(join(root, "src/cli/run.ts"));
    assert.equal(distIsFresh(root), false, "a deleted source");
  });
});
