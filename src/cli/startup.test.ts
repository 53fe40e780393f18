import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { tempFiles } from "../testing/tempFiles.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "scorecard.js");
const files = tempFiles("scorecard-startup-", "mjs");

/**
 * Runs the CLI with a module hook that refuses to load DuckDB and exceljs,
 * so a command that would load them fails (in one line, exit 70).
 */
function withoutHeavyModules(...args: string[]) {
  const hooks = files.write(
    `export async function resolve(specifier, context, next) {
      if (/^(@duckdb\\/|exceljs)/.test(specifier)) throw new Error("refused to load " + specifier);
      return next(specifier, context);
    }\n`,
  );
  const register = files.write(
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, BIN, ...args], {
    encoding: "utf8",
    cwd: files.path(""),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("start-up", () => {
  it("lists the commands, shows a command's help and lists the indicators without loading DuckDB or exceljs", () => {
    const top = withoutHeavyModules("--help");
    assert.equal(top.code, 0, top.err);
    assert.match(top.out, /^ {2}targets +Show the targets in force/m);
    const help = withoutHeavyModules("targets", "--help");
    assert.equal(help.code, 0, help.err);
    assert.match(help.out, /columns: indicator, from, form, green/);
    const list = withoutHeavyModules("indicators", "--format", "json");
    assert.equal(list.code, 0, list.err);
    assert.ok((JSON.parse(list.out) as unknown[]).length > 50);
  });

  it("loads DuckDB when a command needs it (the check above can fail)", () => {
    const r = withoutHeavyModules("compute", "--dir", "nowhere");
    assert.equal(r.code, 70);
    assert.match(r.err, /^scorecard compute: internal error \(please report it\): refused to load @duckdb\//);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
  });
});
