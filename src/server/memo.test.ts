import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Memo } from "./memo.ts";

describe("Memo", () => {
  it("makes a key's result once, drops the least recently used beyond its size, and keeps no failure", async () => {
    const memo = new Memo<string>(2);
    let made = 0;
    const make = (v: string) => () => {
      made++;
      return Promise.resolve(v);
    };
    assert.equal(await memo.get("a", make("A")), "A");
    assert.equal(await memo.get("a", make("other")), "A");
    await memo.get("b", make("B"));
    await memo.get("a", make("A")); // a is now the most recent
    await memo.get("c", make("C")); // b goes
    assert.equal(made, 3);
    assert.equal(await memo.get("b", make("B2")), "B2");
    assert.equal(await memo.get("a", make("A2")), "A2", "a went when b came back");
    await assert.rejects(memo.get("x", () => Promise.reject(new Error("no"))));
    assert.equal(await memo.get("x", make("X")), "X");
  });
});
