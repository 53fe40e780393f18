import assert from "node:assert/strict";
import { test } from "node:test";
import { tempFiles } from "../testing/tempFiles.ts";
import { decodeText } from "./text.ts";
import { decodedBlocks, fileText } from "./textStream.ts";

const temp = tempFiles("textstream-", "txt");

/** The file's text streamed in blocks of `blockSize` bytes, joined. */
async function streamed(path: string, blockSize: number) {
  const text = await fileText(path, blockSize);
  let joined = "";
  for await (const block of decodedBlocks(path, text, blockSize)) joined += block;
  return { encoding: text.encoding, text: joined };
}

test("a file decoded a few bytes at a time gives decodeText's encoding and text, a character split across blocks or not", async () => {
  const utf16 = (text: string) => Buffer.from(text, "utf16le");
  const files: [string, Uint8Array, string][] = [
    ["UTF-8 with multibyte characters", Buffer.from("A,B\nZoë,😀 Ünal\n"), "utf-8"],
    ["UTF-8 with a byte-order mark", Buffer.from("\ufeffA,B\n1,é\n"), "utf-8"],
    ["UTF-16 LE with a byte-order mark", utf16("\ufeffA,B\r\nZoë,😀\r\n"), "utf-16le"],
    ["UTF-16 BE with a byte-order mark", utf16("\ufeffA,B\r\nZoë,😀\r\n").swap16(), "utf-16be"],
    ["UTF-16 LE without one", utf16("CHILD,SEX,DOB\r\nA1,1,01/01/2010\r\n"), "utf-16le"],
    // Valid UTF-8 until a Windows-1252 é past the first blocks: the whole file is Windows-1252.
    [
      "Windows-1252 late in the file",
      Buffer.from(`A,B\n${"1,Zoe\n".repeat(50)}2,\xe9\n`, "latin1"),
      "windows-1252",
    ],
    ["UTF-8 cut inside its last character", Buffer.from([0x41, 0x0a, 0xc3]), "windows-1252"],
  ];
  for (const [what, bytes, encoding] of files) {
    const path = temp.write(bytes);
    const whole = decodeText(bytes);
    assert.equal(whole.encoding, encoding, what);
    for (const blockSize of [1, 3, 64, 1 << 20])
      assert.deepEqual(
        await streamed(path, blockSize),
        { encoding, text: whole.text },
        `${what}, ${blockSize}`,
      );
  }
});

test("a file that cannot be read is refused as readFile refuses it", async () => {
  await assert.rejects(
    fileText(temp.path("missing.csv")),
    /^Error: ENOENT: no such file or directory, open '/,
  );
});
