import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { findBrowser } from "./browser.ts";

describe("findBrowser", () => {
  it("finds chromium, then chromium-browser, on PATH; only executable files", () => {
    const root = mkdtempSync(join(tmpdir(), "scorecard-browser-"));
    try {
      const [a, b] = [join(root, "a"), join(root, "b")];
      mkdirSync(a);
      mkdirSync(b);
      writeFileSync(join(a, "chromium"), "#!/bin/sh\n", { mode: 0o644 });
      writeFileSync(join(b, "chromium-browser"), "#!/bin/sh\n", { mode: 0o755 });
      mkdirSync(join(b, "chromium"));
      assert.equal(findBrowser({ PATH: `${a}:${b}` }), join(b, "chromium-browser"));
      chmodSync(join(a, "chromium"), 0o755);
      assert.equal(findBrowser({ PATH: `${a}:${b}` }), join(a, "chromium"));
      assert.equal(findBrowser({ PATH: join(root, "none") }), null);
      assert.equal(findBrowser({ PATH: "" }), null);
      // SCORECARD_CHROMIUM wins, when it is an absolute path to a program
      assert.equal(
        findBrowser({ PATH: a, SCORECARD_CHROMIUM: join(b, "chromium-browser") }),
        join(b, "chromium-browser"),
      );
      assert.equal(findBrowser({ PATH: a, SCORECARD_CHROMIUM: "chromium" }), null);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
