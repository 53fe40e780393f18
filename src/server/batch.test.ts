import assert from "node:assert/strict";
import { test } from "node:test";
import { Batcher } from "./batch.ts";

test("items added while a batch waits are written with it; later ones in the next batch", async () => {
  const batches: number[][] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const b = new Batcher<number>((take) => {
    const run = queue.then(async () => {
      batches.push(take());
    });
    queue = run;
    return run;
  });
  const first = [b.add(1), b.add(2), b.add(3)];
  await Promise.all(first);
  await b.add(4);
  // 1, 2 and 3 arrived before their batch started; 4 after it was written
  assert.deepEqual(batches, [[1, 2, 3], [4]]);
});

test("a failed batch fails each of its callers, and the next batch is written", async () => {
  let fail = true;
  const written: number[] = [];
  const b = new Batcher<number>(async (take) => {
    const items = take();
    if (fail) throw new Error("disk full");
    written.push(...items);
  });
  await assert.rejects(Promise.all([b.add(1), b.add(2)]), /disk full/);
  fail = false;
  await b.add(3);
  assert.deepEqual(written, [3]);
});
