import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RateLimiter } from "./rateLimit.ts";
import { can, ROLES, suppressesSmallNumbers } from "./roles.ts";

describe("roles", () => {
  it("gives child rows to managers and analysts, all child rows, imports and commentary to analysts, admin to admins", () => {
    const table = Object.fromEntries(
      ROLES.map((r) => [
        r,
        (["aggregates", "child-rows", "all-child-rows", "imports", "commentary", "admin"] as const).map((p) =>
          can(r, p),
        ),
      ]),
    );
    assert.deepEqual(table, {
      viewer: [true, false, false, false, false, false],
      manager: [true, true, false, false, false, false],
      analyst: [true, true, true, true, true, false],
      admin: [true, false, false, false, false, true],
    });
    assert.deepEqual(
      ROLES.filter((r) => suppressesSmallNumbers(r)),
      ["viewer"],
    );
  });
});

describe("RateLimiter", () => {
  it("blocks a key after `limit` failures within the window, and forgets them after it", () => {
    const l = new RateLimiter(5, 60_000);
    for (let k = 0; k < 5; k++) {
      assert.equal(l.blocked("a", 1000 * k), false);
      l.fail("a", 1000 * k);
    }
    assert.equal(l.blocked("a", 5000), true);
    assert.equal(l.blocked("b", 5000), false);
    // the first failure (at 0 ms) leaves the window at 60,000 ms
    assert.equal(l.blocked("a", 59_999), true);
    assert.equal(l.blocked("a", 60_000), false);
  });
});
