import assert from "node:assert/strict";
import { describe, it } from "node:test";

describe("cli/main.ts", () => {
  it("runs nothing when imported: another entry point (or a test) calls main()", async () => {
    const before = process.exitCode;
    const { main } = await import("./main.ts");
    assert.equal(typeof main, "function");
    assert.equal(process.exitCode, before, "importing set no exit code");
  });
});
