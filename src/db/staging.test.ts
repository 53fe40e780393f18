import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { byChunk, numberChunks, openStaging } from "./staging.ts";

test("a staging database numbers its children into chunks and hands rows back chunk by chunk, then leaves no folder", async () => {
  const dir = mkdtempSync(join(tmpdir(), "staging-test-"));
  try {
    const staging = await openStaging({ under: dir, prefix: ".staging-x-", memoryLimit: "64MB", threads: 1 });
    assert.equal(readdirSync(dir).filter((f) => f.startsWith(".staging-x-")).length, 1);
    const c = staging.connection;
    await c.run("CREATE TABLE stg (seq INTEGER, child VARCHAR)");
    // Five records of three children, in file order: C, A, B, A, C.
    await c.run("INSERT INTO stg VALUES (0, 'C'), (1, 'A'), (2, 'B'), (3, 'A'), (4, 'C')");
    await numberChunks(c, "stg", 2);
    const chunks: string[][] = [];
    let current: string[] = [];
    for await (const chunk of byChunk(
      c,
      "SELECT k.chunk, s.child, s.seq FROM stg s JOIN chunks k USING (child) ORDER BY k.chunk, s.seq",
      (columns, k) => current.push(`${columns[1]![k]}${columns[2]![k]}`),
      () => {
        const out = current;
        current = [];
        return out;
      },
    ))
      chunks.push(chunk);
    // Children in id order, two a chunk: A and B in chunk 0 (records 1, 2, 3 in file order), C alone in chunk 1.
    assert.deepEqual(chunks, [
      ["A1", "B2", "A3"],
      ["C0", "C4"],
    ]);
    staging.close();
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith(".staging-x-")),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an empty result yields no chunk", async () => {
  const staging = await openStaging({ prefix: ".staging-y-", memoryLimit: "64MB" });
  try {
    await staging.connection.run("CREATE TABLE stg (child VARCHAR)");
    await numberChunks(staging.connection, "stg", 10);
    let n = 0;
    for await (const _ of byChunk(
      staging.connection,
      "SELECT chunk FROM chunks",
      () => {},
      () => 1,
    ))
      n++;
    assert.equal(n, 0);
  } finally {
    staging.close();
  }
});
