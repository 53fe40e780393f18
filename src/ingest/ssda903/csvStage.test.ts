import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Row } from "../../db/database.ts";
import { tempFiles } from "../../testing/tempFiles.ts";
import type { Issue } from "../issues.ts";
import { ReadContext } from "./context.ts";
import { plainCsv, plainCsvFile, stagePlainCsv } from "./csvStage.ts";
import { readSsda903 } from "./reader.ts";
import { stageSsda903 } from "./stream.ts";

const temp = tempFiles("csvstage903-", "csv");
const HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";
const EPISODES =
  "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";
const bytes = (text: string) => Buffer.from(text, "latin1");

test("a plain file (ASCII, no quotes, one line end, no blank line, every line the header's length) is read by read_csv", () => {
  assert.deepEqual(plainCsv(bytes("A,B,C\n1,2,3\n4,,6\n")), { header: "A,B,C", records: 2, newLine: "\n" });
  assert.deepEqual(plainCsv(bytes("A,B\r\n 1 , 2 \r\n3,4")), { header: "A,B", records: 2, newLine: "\r\n" });
});

test("a plain file is staged by read_csv: each record at its position + 2, its fields trimmed, in the header's order", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    await c.run(
      "CREATE TABLE stg (seq INTEGER, file_ix INTEGER, tbl INTEGER, line INTEGER, child VARCHAR, v VARCHAR)",
    );
    const ctx = new ReadContext({ laCode: "999" });
    for (const [name, end] of [
      ["lf.csv", "\n"],
      ["crlf.csv", "\r\n"],
    ] as const) {
      const path = temp.path(name);
      writeFileSync(path, ["DUC,CHILD,SEX,DOB", "01/01/2028,A1 ,1,01/01/2010", ",B2,2,"].join(end));
      const staged = await stagePlainCsv(c, ctx, path, 0, { seq: 10, fileIx: 4, tableNumber: () => 7 });
      assert.deepEqual(staged, {
        table: "uasc",
        records: 2,
        labels: { DUC: "DUC", CHILD: "CHILD", SEX: "SEX", DOB: "DOB" },
        latest: "",
      });
      const rows = (await c.runAndReadAll("SELECT * FROM stg ORDER BY seq")).getRowObjectsJS();
      await c.run("DELETE FROM stg");
      assert.deepEqual(rows, [
        {
          seq: 10,
          file_ix: 4,
          tbl: 7,
          line: 2,
          child: "A1",
          v: '{"DUC":"01/01/2028","CHILD":"A1","SEX":"1","DOB":"01/01/2010"}',
        },
        {
          seq: 11,
          file_ix: 4,
          tbl: 7,
          line: 3,
          child: "B2",
          v: '{"DUC":"","CHILD":"B2","SEX":"2","DOB":""}',
        },
      ]);
    }
    assert.deepEqual(ctx.issues, []);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
});

test("any other file is left to the JavaScript reader", () => {
  const others: [string, string][] = [
    ["a quoted value", 'A,B\n"1",2\n'],
    ["a quoted line break", 'A,B\n"1\n2",3\n'],
    ["a blank line", "A,B\n1,2\n\n3,4\n"],
    ["a line of spaces", "A,B\n1,2\n   \n"],
    ["a blank line at the end", "A,B\n1,2\n\n"],
    ["a line too short", "A,B,C\n1,2\n"],
    ["a line too long", "A,B\n1,2,3\n"],
    ["a lone CR", "A,B\r1,2\r"],
    ["mixed line ends", "A,B\r\n1,2\n"],
    ["a tab", "A,B\n1\t,2\n"],
    ["a byte outside ASCII (Windows-1252 or UTF-8)", "A,B\n\xe9,2\n"],
    ["a byte-order mark", "\xef\xbb\xbfA,B\n1,2\n"],
    ["only a header", "A,B\n"],
    ["one column", "A\n1\n"],
    ["semicolons in the header", "A;B,C\n1,2\n"],
    ["XML", "<A>,<B>\n1,2\n"],
    ["a PDF", "%PDF,B\n1,2\n"],
    ["nothing", ""],
  ];
  for (const [what, text] of others) assert.equal(plainCsv(bytes(text)), undefined, what);
});

test("a file looked at a few bytes at a time is judged plain or not as when looked at whole, wherever a block ends", async () => {
  const texts = [
    "A,B,C\n1,2,3\n4,,6\n",
    "A,B\r\n 1 , 2 \r\n3,4",
    "A,B\r\n1,2\r\n",
    "A,B\r\n1,2\r",
    "A,B\r\n1,2\n",
    "A,B\n1,2\n\n",
    'A,B\n1,"2"\n',
    "A,B,C\n1,2\n",
    "A;B,C\n1,2\n",
    "LONGER_HEADER_NAME,ANOTHER_ONE\n1,2\n3,4\n",
  ];
  for (const text of texts) {
    const file = temp.write(text);
    const whole = plainCsv(bytes(text));
    // 1 to 7 bytes a block: a CRLF, the header's end and the file's end each fall on a block's edge.
    for (let size = 1; size <= 7; size++)
      assert.deepEqual(await plainCsvFile(file, size), whole, `${JSON.stringify(text)} in blocks of ${size}`);
  }
  assert.deepEqual(await plainCsvFile(temp.write("A,B\r\n1,2\r\n"), 4), {
    header: "A,B",
    records: 1,
    newLine: "\r\n",
  });
  assert.equal(await plainCsvFile(temp.path("absent.csv")), undefined);
});

const sortedRows = (rows: Record<string, Row[]>) =>
  Object.fromEntries(
    Object.entries(rows)
      .filter(([, list]) => list.length > 0)
      .map(([t, list]) => [t, list.map((r) => JSON.stringify(r)).sort()]),
  );

test("plain files and every kind the JavaScript reader keeps, streamed, give the same rows, records and issues as read whole", async () => {
  const dir = temp.path("mixed");
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    // Plain: spaces around values, empty fields, an unknown and a repeated column (warnings from the header).
    [
      "header.csv",
      `${HEADER},EXTRA,SEX\nA1 , 1,01/01/2010,WBRI,,,,x,2\nB2,2, 02/02/2012 ,WBRI,,,,,\nC3,1,bad,WBRI,,,,,\n`,
    ],
    // Plain with CRLF; a bad date on line 3.
    [
      "episodes.csv",
      `${EPISODES}\r\nA1,01/05/2023,S,C2,N1,U1,PR1,,,,,,\r\nB2,not a date,S,C2,N1,U1,PR1,,,,,,\r\nB2,01/06/2023,S,C2,N1,U1,PR1,01/07/2023,E3,,,,\r\n`,
    ],
    // A record with no CHILD: read by the JavaScript reader (an error, the record left out).
    [
      "reviews.csv",
      "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,01/01/2010,01/06/2023,PN1\n,01/01/2010,01/07/2023,PN1\n",
    ],
    // A quoted line break and a blank line: lines counted as the JavaScript reader counts them.
    [
      "missing.csv",
      'CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,01/01/2010,M,"01/06/2023",02/06/2023\n\nB2,02/02/2012,A,03/06/2023,"04/06\n/2023"\n',
    ],
    // Windows-1252 and a short line.
    ["uasc.csv", "CHILD,SEX,DOB,DUC\nA1,1,01/01/2010,01/01/2028\nB2,\xe9\n"],
    // Columns of no 903 file: an error, nothing read from it.
    ["other.csv", "FOO,BAR\n1,2\n"],
  ];
  for (const [name, text] of files) writeFileSync(join(dir, name), bytes(text));
  const paths = files.map(([name]) => join(dir, name));
  assert.ok(plainCsv(bytes(files[0]![1])) && plainCsv(bytes(files[1]![1])) && plainCsv(bytes(files[5]![1])));
  const whole = await readSsda903(paths, { laCode: "999" });
  const staged = await stageSsda903(paths, { laCode: "999" }, 2);
  try {
    const rows: Record<string, Row[]> = {};
    const issues: Issue[] = [...staged.issues];
    const records: Record<string, Row[]> = {};
    for await (const chunk of staged.chunks()) {
      for (const [t, list] of Object.entries(chunk.rows)) rows[t] = [...(rows[t] ?? []), ...list];
      issues.push(...chunk.issues);
      for (const [t, list] of Object.entries(chunk.returns[0]!.tables))
        records[t] = [...(records[t] ?? []), ...list];
    }
    issues.push(...staged.closing());
    assert.deepEqual(sortedRows(rows), sortedRows(whole.rows));
    assert.deepEqual(sortedRows(records), sortedRows(whole.returns[0]!.tables));
    const sorted = (list: readonly Issue[]) => list.map((i) => JSON.stringify(i)).sort();
    assert.deepEqual(sorted(issues), sorted(whole.issues));
    // The reader's findings on the plain files, by line: the bad DOB on line 4, the bad DECOM on line 3.
    assert.ok(whole.issues.some((i) => i.file.endsWith("header.csv") && i.row === 4 && i.value === "bad"));
    assert.ok(
      whole.issues.some((i) => i.file.endsWith("episodes.csv") && i.row === 3 && i.value === "not a date"),
    );
    // header 3 + episodes 3 + reviews 1 (the one without a CHILD left out) + missing 2 + uasc 2.
    assert.equal(staged.records, 11);
  } finally {
    staged.close();
  }
});
