import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fixturePath } from "../../testing/fixtures.ts";
import { tempFiles } from "../../testing/tempFiles.ts";
import { ReadContext } from "./context.ts";
import { streamSetFile } from "./fileStream.ts";
import type { Records } from "./format.ts";
import { readSsda903 } from "./reader.ts";

const temp = tempFiles("filestream903-", "csv");

/** Streams `path`, counting the records handed on at each flush (and letting them go). */
async function flushes(path: string, sizes: { blockSize?: number; childrenPerBatch?: number }) {
  const ctx = new ReadContext({ laCode: "999" });
  const counts: number[] = [];
  const read = await streamSetFile(
    ctx,
    path,
    0,
    (records: Records) => {
      let n = 0;
      for (const list of Object.values(records)) {
        n += list.length;
        list.length = 0;
      }
      counts.push(n);
    },
    sizes,
  );
  return { read, counts, total: counts.reduce((a, b) => a + b, 0), ctx };
}

test("a CSV file that is not plain is read a block at a time: no flush holds more than a block's records", async () => {
  // 20,000 episodes with a quoted field, each line 42 bytes: a block of 4,096 bytes ends at most 98 lines (4,096 / 42 = 97.5).
  const lines = Array.from(
    { length: 20_000 },
    (_, k) => `C${String(k).padStart(5, "0")},01/05/2023,"S",C2,N1,U1,PR1,,,,,,\r\n`,
  );
  assert.equal(lines[0]!.length, 42);
  const path = temp.write(
    `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n${lines.join("")}`,
  );
  const { read, counts, total, ctx } = await flushes(path, { blockSize: 4096 });
  assert.equal(read, true);
  assert.equal(total, 20_000);
  assert.ok(Math.max(...counts) <= 98, `at most ${Math.max(...counts)} records a flush`);
  // 95 header bytes + 20,000 × 42 = 840,095 bytes: 206 blocks of 4,096, a flush after each and one at the end.
  assert.equal(counts.length, 207);
  assert.deepEqual(ctx.files, [{ file: path, table: "episodes", records: 20_000, children: 20_000 }]);
  const whole = await readSsda903([path], { laCode: "999" });
  assert.deepEqual(ctx.files, whole.summary.files);
});

test("a UTF-16 XML file is read a batch of children at a time", async () => {
  const text = readFileSync(join(fixturePath("ssda903"), "fake_903.xml"), "latin1");
  for (const [name, bytes] of [
    ["le.xml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["be.xml", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()])],
  ] as const) {
    const path = temp.write(bytes, "xml");
    const { read, counts, ctx } = await flushes(path, { blockSize: 4096, childrenPerBatch: 10 });
    assert.equal(read, true, name);
    // The fixture's 253 children: 25 batches of 10, then the last 3 at the end.
    assert.equal(counts.length, 26, name);
    assert.deepEqual(ctx.files, [{ file: path, table: "xml", records: 253, children: 253 }], name);
  }
});

test("a file found unreadable only at its end is not read, and its error is its only issue", async () => {
  const path = temp.write(
    `CHILD,SEX,DOB,DUC\n${"A1,1,01/01/2010,01/01/2028\n".repeat(500)}"A2,1,01/01/2010\n`,
  );
  const { read, counts, total, ctx } = await flushes(path, { blockSize: 1024 });
  // Read a block at a time and then taken back: 18 header bytes + 500 records of 27 + 17 = 13,535 bytes,
  // 14 blocks of 1,024, the first 4 looked at together (4,096 characters tell whether it is text): 11 flushes.
  assert.equal(read, false);
  assert.equal(total, 500);
  assert.equal(counts.length, 11);
  // The header on line 1, 500 records on lines 2–501: the quote opens on line 502.
  assert.deepEqual(
    ctx.issues.map((i) => [i.rule, i.row]),
    [["SSDA903_CSV", 502]],
  );
  assert.deepEqual(ctx.files, [{ file: path, records: 0, children: 0 }]);
});
