import assert from "node:assert/strict";
import { test } from "node:test";
import { type CsvRecords, CsvStream, parseCsv } from "./csvStream.ts";

/** The text streamed in blocks of `sizes` characters (repeated), gathered back into parseCsv's shape. */
function streamed(text: string, sizes: number[]) {
  const stream = new CsvStream();
  const out: CsvRecords = { records: [], lines: [] };
  const take = (got: CsvRecords) => {
    out.records.push(...got.records);
    out.lines.push(...got.lines);
  };
  for (let i = 0, k = 0; i < text.length; k++) {
    const size = sizes[k % sizes.length]!;
    take(stream.push(text.slice(i, i + size)));
    i += size;
  }
  take(stream.end());
  return {
    ...out,
    delimiter: stream.delimiter,
    ...(stream.unterminatedQuoteLine !== undefined
      ? { unterminatedQuoteLine: stream.unterminatedQuoteLine }
      : {}),
  };
}

const TRICKY: [string, string][] = [
  ["quoted delimiters, doubled quotes, text after a closing quote", 'A,B\n"1,2","say ""hi"""\n"x"y,z\n'],
  ["a quoted LF, CRLF and CR", 'A,B\r\n"a\nb","c\r\nd"\r\n"e\rf",g\r\n'],
  ["blank lines, lines of spaces, a CR line end", "A,B\n\n1,2\n   \n\r\n3,4\r5,6\r"],
  ["CRLF and LF mixed, no line end at the end", "A,B\r\n1,2\n3,4\r\n5,6"],
  ["a delimiter at the end of a line and of the text", "A,B,\n1,2,\n3,"],
  ["semicolons", "A;B;C\n1;2,5;3\n"],
  ["tabs", 'A\tB\n"1\t2"\t3\n'],
  ["a quoted value never closed", 'A,B\n1,2\n3,"4\n5,6\n'],
  ["a quote closing the text", 'A,B\n1,"2"'],
  ["an empty quoted value before a CR at the end", 'A,B\r\n1,""\r'],
  ["short and long rows", "A,B,C\n1\n1,2,3,4\n"],
  ["only a header with no line end", "A,B"],
  ["nothing", ""],
];

test("parseCsv splits tricky text into records with the line each starts on", () => {
  // Line 2 holds "a\nb" (a break: line 3) and "c\r\nd" (line 4); "e\rf" starts on line 5 and ends on 6.
  assert.deepEqual(parseCsv('A,B\r\n"a\nb","c\r\nd"\r\n"e\rf",g\r\n'), {
    records: [
      ["A", "B"],
      ["a\nb", "c\r\nd"],
      ["e\rf", "g"],
    ],
    lines: [1, 2, 5],
    delimiter: ",",
  });
  // Blank lines 2, 4 and 5 skipped; the CR ends line 6.
  assert.deepEqual(parseCsv("A,B\n\n1,2\n   \n\r\n3,4\r5,6\r"), {
    records: [
      ["A", "B"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ],
    lines: [1, 3, 6, 7],
    delimiter: ",",
  });
  assert.deepEqual(parseCsv('A,B\n1,2\n3,"4\n5,6\n'), {
    records: [
      ["A", "B"],
      ["1", "2"],
      ["3", "4\n5,6\n"],
    ],
    lines: [1, 2, 3],
    delimiter: ",",
    unterminatedQuoteLine: 3,
  });
  assert.deepEqual(parseCsv('A,B\n"1,2","say ""hi"""\n"x"y,z\n').records.slice(1), [
    ["1,2", 'say "hi"'],
    ["xy", "z"],
  ]);
  assert.equal(parseCsv("A;B;C\n1;2,5;3\n").delimiter, ";");
});

test("text streamed in blocks of any size, split anywhere, gives parseCsv's records, lines and delimiter", () => {
  for (const [what, text] of TRICKY) {
    const whole = parseCsv(text);
    for (const sizes of [[1], [2], [3], [5], [1, 4, 2], [text.length + 1]])
      assert.deepEqual(streamed(text, sizes), whole, `${what}, blocks of ${sizes}`);
    // Every split into two blocks: inside a quoted value, between a CR and its LF, after a closing quote …
    for (let at = 1; at < text.length; at++)
      assert.deepEqual(streamed(text, [at, text.length]), whole, `${what}, split at ${at}`);
  }
});

test("a stream hands back each record once its line has ended, holding only the record not yet complete", () => {
  const stream = new CsvStream();
  // 1,000 records of 10 characters ("r000,x,yz\n" …) pushed 25 characters at a time.
  const text = `A,B,C\n${Array.from({ length: 1000 }, (_, k) => `r${String(k).padStart(3, "0")},x,yz\n`).join("")}`;
  let before = 0;
  let most = 0;
  for (let i = 0; i < text.length; i += 25) {
    const got = stream.push(text.slice(i, i + 25)).records.length;
    before += got;
    most = Math.max(most, got);
  }
  // All 1,001 records (the header too) were handed back before the end; 25 characters end at most 3 lines.
  assert.equal(before, 1001);
  assert.equal(most, 3);
  assert.deepEqual(stream.end().records, []);
});

test("a quoted value longer than many blocks comes back whole, once its closing quote and line end arrive", () => {
  const stream = new CsvStream();
  const value = "x".repeat(20_000);
  const got = stream.push("A,B\n").records;
  got.push(...stream.push('1,"').records);
  for (let i = 0; i < value.length; i += 10) got.push(...stream.push(value.slice(i, i + 10)).records);
  got.push(...stream.push('"\n2,3\n').records, ...stream.end().records);
  assert.equal(got.length, 3);
  assert.deepEqual(got[0], ["A", "B"]);
  assert.ok(got[1]![0] === "1" && got[1]![1] === value);
  assert.deepEqual(got[2], ["2", "3"]);
});
