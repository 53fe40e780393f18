import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type CellValue, ColumnBuffer } from "./chunkBuffer.ts";

/** The bytes of valid rows (a 16-byte slot each for text), the validity bits and the long strings. */
function filled(c: ColumnBuffer, width: number, values: readonly CellValue[]) {
  const slots: number[][] = [];
  values.forEach((v, i) => {
    if (v !== null && v !== undefined && v !== "")
      slots.push([...c.bytes.subarray(i * width, (i + 1) * width)]);
  });
  const bits = values.map((_, i) => (c.validity[i >> 3]! >> (i & 7)) & 1);
  return { slots, bits, long: c.long };
}

describe("a chunk's column buffer", () => {
  it("filled again in buffers handed back holds what new buffers would", () => {
    const first: CellValue[] = ["a long string over twelve", "abcdefghijkl", "x", null, "é", "zz"];
    const second: CellValue[] = [null, "ab", "", "y", "a long one again, not inline", "abc"];
    const reused = new ColumnBuffer("VARCHAR", "t.c");
    for (const [i, v] of first.entries()) reused.set(i, v);
    const spare = reused.take();
    reused.take(spare);
    for (const [i, v] of second.entries()) reused.set(i, v);
    const fresh = new ColumnBuffer("VARCHAR", "t.c");
    for (const [i, v] of second.entries()) fresh.set(i, v);
    assert.deepEqual(filled(reused, 16, second), filled(fresh, 16, second));
    // "ab" inline: length 2, then the bytes 97 98 and zeros
    assert.deepEqual(filled(reused, 16, second).slots[0], [2, 0, 0, 0, 97, 98, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(filled(reused, 16, second).bits, [0, 1, 0, 1, 1, 1]);
    assert.deepEqual(reused.long, [[4, "a long one again, not inline"]]);
    assert.equal(reused.bytes, spare.bytes);
  });

  it("takes dates and numbers into a spare too", () => {
    const c = new ColumnBuffer("INTEGER", "t.n");
    c.set(0, 7);
    c.set(1, 8);
    const spare = c.take();
    c.take(spare);
    c.set(0, null);
    c.set(1, 5);
    assert.deepEqual([...new Int32Array(c.bytes.buffer, 4, 1)], [5]);
    assert.equal(c.validity[0]! & 3, 2);
  });
});
