import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Row } from "../../db/database.ts";
import { fixturePath } from "../../testing/fixtures.ts";
import { tempFiles } from "../../testing/tempFiles.ts";
import type { Issue } from "../issues.ts";
import type { StreamSizes } from "./fileStream.ts";
import { readSsda903 } from "./reader.ts";
import { stageSsda903 } from "./stream.ts";

const temp = tempFiles("stream903-", "csv");

const csvFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort()
    .map((f) => join(dir, f));

const sortedRows = (rows: Record<string, Row[]>) =>
  Object.fromEntries(
    Object.entries(rows)
      .filter(([, list]) => list.length > 0)
      .map(([t, list]) => [t, list.map((r) => JSON.stringify(r)).sort()]),
  );
/**
 * The issues, sorted; for a rule past the cap on listed issues, only how
 * many were listed (which ones depends on the order children are read in,
 * and a closing line counts the rest).
 */
const sortedIssues = (issues: readonly Issue[]) => {
  const capped = new Set(issues.filter((i) => / more issues of rule /.test(i.message)).map((i) => i.rule));
  const listed = new Map<string, number>();
  const out: string[] = [];
  for (const i of issues) {
    if (capped.has(i.rule) && i.file !== "") listed.set(i.rule, (listed.get(i.rule) ?? 0) + 1);
    else out.push(JSON.stringify(i));
  }
  for (const [rule, n] of listed) out.push(`${rule} listed ${n}`);
  return out.sort();
};

/** Reads `paths` streamed in chunks of `size` children (files read in blocks of `sizes`), gathered back into one result. */
async function streamed(
  paths: string[],
  size: number,
  laCode = "999",
  collectionYear?: number,
  sizes: StreamSizes = {},
) {
  const staged = await stageSsda903(
    paths,
    { laCode, ...(collectionYear ? { collectionYear } : {}) },
    size,
    sizes,
  );
  try {
    const rows: Record<string, Row[]> = {};
    const issues = [...staged.issues];
    const returns: Record<string, Row[]>[] = [];
    let chunks = 0;
    let periods = 0;
    for await (const chunk of staged.chunks()) {
      chunks++;
      periods += chunk.periodsOfCare;
      for (const [t, list] of Object.entries(chunk.rows)) rows[t] = [...(rows[t] ?? []), ...list];
      issues.push(...chunk.issues);
      chunk.returns.forEach((r, k) => {
        const into = returns[k] ?? {};
        returns[k] = into;
        for (const [t, list] of Object.entries(r.tables)) into[t] = [...(into[t] ?? []), ...list];
      });
    }
    issues.push(...staged.closing());
    return { rows, issues, returns, chunks, periods, staged };
  } finally {
    staged.close();
  }
}

test("the 903 fixture read a chunk of children at a time gives the same rows, issues and records as read whole", async () => {
  const paths = csvFiles(fixturePath("ssda903"));
  const whole = await readSsda903(paths, { laCode: "999" });
  for (const size of [1, 7, 100_000]) {
    const s = await streamed(paths, size);
    assert.deepEqual(sortedRows(s.rows), sortedRows(whole.rows), `rows, ${size} children a chunk`);
    assert.deepEqual(sortedIssues(s.issues), sortedIssues(whole.issues), `issues, ${size} children a chunk`);
    assert.equal(s.periods, whole.summary.periodsOfCare);
    assert.equal(s.staged.children, whole.summary.children);
    assert.equal(s.staged.collectionYear, whole.summary.collectionYear);
    assert.deepEqual(s.staged.period, whole.summary.period);
    assert.equal(s.returns.length, whole.returns.length);
    for (const [k, r] of whole.returns.entries())
      assert.deepEqual(sortedRows(s.returns[k]!), sortedRows(r.tables));
    if (size === 100_000) {
      // One chunk: the rows in the very same order as the whole read.
      assert.equal(s.chunks, 1);
      assert.deepEqual(s.rows, Object.fromEntries(Object.entries(whole.rows)));
    }
  }
});

test("two years' folders streamed give the same rows and issues as read whole, with each set's year", async () => {
  const dir = { path: temp.path("sets") };
  const header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";
  const episodes =
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";
  const write = (year: string, name: string, lines: string[]) => {
    mkdirSync(join(dir.path, year), { recursive: true });
    writeFileSync(join(dir.path, year, name), `${lines.join("\n")}\n`);
  };
  write("2024", "header.csv", [header, "A1,1,01/01/2010,WBRI,,,", "B2,2,02/02/2012,WBRI,,,"]);
  write("2024", "episodes.csv", [
    episodes,
    "A1,01/05/2023,S,C2,N1,U1,PR1,,,,,,",
    "B2,not a date,S,C2,N1,U1,PR1,,,,,,",
    "B2,01/06/2023,S,C2,N1,U1,PR1,01/07/2023,E3,,,,",
  ]);
  write("2025", "header.csv", [header, "A1,1,01/01/2010,WBRI,,,", "C3,1,03/03/2015,WBRI,,,"]);
  write("2025", "episodes.csv", [
    episodes,
    "A1,01/05/2023,S,C2,N1,U1,PR1,01/10/2024,E11,,,,",
    "C3,01/12/2024,S,C2,N1,U1,PR1,,,,,,",
  ]);
  {
    const paths = [...csvFiles(join(dir.path, "2024")), ...csvFiles(join(dir.path, "2025"))];
    const whole = await readSsda903(paths, { laCode: "999" });
    assert.deepEqual(whole.summary.collectionYears, [2024, 2025]);
    for (const size of [1, 2, 10]) {
      const s = await streamed(paths, size);
      assert.deepEqual(sortedRows(s.rows), sortedRows(whole.rows), `rows, ${size} a chunk`);
      assert.deepEqual(sortedIssues(s.issues), sortedIssues(whole.issues), `issues, ${size} a chunk`);
      assert.equal(s.chunks, Math.ceil(3 / size));
      assert.deepEqual(s.staged.period, { from: "2023-04-01", to: "2025-03-31" });
    }
    // The bad date is named by file, line, column and value.
    const bad = whole.issues.find((i) => i.value === "not a date");
    assert.ok(bad);
    assert.equal(bad.row, 3);
    assert.equal(bad.column, "DECOM");
  }
});

const HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";
const EPISODES =
  "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";

test("903 CSV files of every kind DuckDB does not stage, read a block at a time, give the same rows, records and issues as read whole", async () => {
  const dir = temp.path("kinds");
  mkdirSync(dir, { recursive: true });
  const latin1 = (text: string) => Buffer.from(text, "latin1");
  const utf8 = (text: string) => Buffer.from(text, "utf8");
  const utf16 = (text: string, le: boolean) => {
    const bytes = Buffer.from(`\ufeff${text}`, "utf16le");
    return le ? bytes : bytes.swap16();
  };
  const episode = (k: number) => `E${k},0${(k % 9) + 1}/05/2023,S,C2,N1,U1,PR1,,,,,,`;
  // Past one block of 4,096 bytes: a Windows-1252 byte only after it, a quoted line break across block boundaries.
  const many = Array.from({ length: 300 }, (_, k) => episode(k));
  const files: [string, Uint8Array][] = [
    ["quoted.csv", latin1(`${HEADER}\n"A1",1,"01/01/2010",WBRI,,,\n"B""2",2,02/02/2012,WBRI,,,\n`)],
    [
      "quoted-break.csv",
      latin1(
        `${EPISODES}\r\nA1,"01/05/\r\n2023",S,C2,N1,U1,PR1,,,,,,\r\nB2,01/06/2023,S,"C\n2",N1,U1,PR1,,,,,,\r\n`,
      ),
    ],
    ["blank-lines.csv", latin1(`${HEADER}\n\nA1,1,01/01/2010,WBRI,,,\n   \nB2,2,bad,WBRI,,,\n\n`)],
    ["short-long.csv", latin1(`${HEADER}\nA1,1\nB2,2,02/02/2012,WBRI,,,,extra\n`)],
    ["lone-cr.csv", latin1(`${HEADER}\rA1,1,01/01/2010,WBRI,,,\rB2,2,02/02/2012,WBRI,,,\r`)],
    ["mixed-ends.csv", latin1(`${HEADER}\r\nA1,1,01/01/2010,WBRI,,,\nB2,2,02/02/2012,WBRI,,,\r\n`)],
    ["windows-1252.csv", latin1(`${HEADER}\nA1,1,01/01/2010,WBRI,,Andr\xe9,\n`)],
    [
      "windows-1252-late.csv",
      latin1(`${EPISODES}\n${many.join("\n")}\nZ9,01/01/2024,S,C2,N1,U1,PR1,,,,,,\xe9\n`),
    ],
    [
      "many-quoted.csv",
      latin1(`${EPISODES}\r\n${many.map((l) => l.replace(",S,", ',"S\r\n",')).join("\r\n")}\r\n`),
    ],
    ["utf-8.csv", utf8(`${HEADER}\nA1,1,01/01/2010,WBRI,,Zoë 😀 Ünal,\nB2,2,02/02/2012,WBRI,,,\n`)],
    ["bom.csv", utf8(`\ufeff${HEADER}\nA1,1,01/01/2010,WBRI,,,\n`)],
    ["utf-16le.csv", utf16(`${HEADER}\r\nA1,1,01/01/2010,WBRI,,Zoë,\r\n`, true)],
    ["utf-16be.csv", utf16(`${HEADER}\r\nB2,2,02/02/2012,WBRI,,,\r\n`, false)],
    ["semicolons.csv", latin1(`${HEADER.replaceAll(",", ";")}\nA1;1;01/01/2010;WBRI;;;\n`)],
    ["tabs.csv", latin1(`${HEADER.replaceAll(",", "\t")}\nA1\t1\t01/01/2010\tWBRI\t\t\t\n`)],
    ["no-child.csv", latin1(`${HEADER}\n"",1,01/01/2010,WBRI,,,\nC3,1,01/01/2011,WBRI,,,\n`)],
    ["only-header.csv", latin1(`"CHILD",SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n`)],
    ["never-closed.csv", latin1(`${EPISODES}\n${many.join("\n")}\nZ9,"01/01/2024,S\n`)],
    ["not-903.csv", latin1(`FOO,"BAR"\n1,2\n`)],
    ["not-903-never-closed.csv", latin1(`FOO,BAR\n1,2\n3,"4\n`)],
    [
      "xml.csv",
      latin1(`<EXPSSDA903><CHILD><HEADER><CHILDID>X1</CHILDID><SEX>1</SEX></HEADER></CHILD></EXPSSDA903>`),
    ],
    ["pdf.csv", latin1("%PDF-1.4 junk\n")],
    ["empty.csv", latin1("")],
    ["blank.csv", latin1(" \r\n\t\n")],
  ];
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  const paths = files.map(([name]) => join(dir, name));
  const whole = await readSsda903(paths, { laCode: "999" });
  for (const [blockSize, size] of [
    [1, 1],
    [7, 2],
    [4096, 5000],
    [undefined, 3],
  ] as const) {
    const s = await streamed(paths, size, "999", undefined, blockSize ? { blockSize } : {});
    const at = `blocks of ${blockSize ?? "default"} bytes, ${size} children a chunk`;
    assert.deepEqual(sortedRows(s.rows), sortedRows(whole.rows), `rows, ${at}`);
    assert.deepEqual(sortedIssues(s.issues), sortedIssues(whole.issues), `issues, ${at}`);
    assert.deepEqual(sortedRows(s.returns[0]!), sortedRows(whole.returns[0]!.tables), `records, ${at}`);
    assert.equal(s.staged.children, whole.summary.children, at);
    assert.equal(s.staged.collectionYear, whole.summary.collectionYear, at);
  }
  const of = (name: string) => whole.issues.filter((i) => i.file === join(dir, name));
  // A quoted value opened on line 302 (the header, 300 episodes, then Z9) and never closed: that error alone.
  assert.deepEqual(
    of("never-closed.csv").map((i) => [i.rule, i.row]),
    [["SSDA903_CSV", 302]],
  );
  assert.deepEqual(
    of("not-903-never-closed.csv").map((i) => [i.rule, i.row]),
    [["SSDA903_CSV", 3]],
  );
  // B2's bad DOB on line 5: line 2 and 4 are blank.
  assert.deepEqual(
    of("blank-lines.csv")
      .filter((i) => i.rule === "SSDA903_DATE")
      .map((i) => [i.rule, i.row, i.value]),
    [["SSDA903_DATE", 5, "bad"]],
  );
  // 2 + 2 (quoted-break) + 2 + 2 + 2 + 2 + 1 + 301 + 300 + 2 + 1 + 1 + 1 + 1 + 1 + 1 (C3) + 1 (the XML child).
  assert.equal(Object.values(whole.returns[0]!.tables).flat().length, 623);
  assert.equal(
    whole.returns[0]!.tables.header.find((r) => r.CHILD === "A1" && r._file === join(dir, "utf-8.csv"))
      ?.MOTHER,
    "Zoë 😀 Ünal",
  );
});

test("the 903 XML fixture in UTF-16 (LE and BE, with a byte-order mark, and LE without) streamed gives the same rows and issues as read whole", async () => {
  const text = readFileSync(join(fixturePath("ssda903"), "fake_903.xml"), "latin1");
  const le = Buffer.from(text, "utf16le");
  const variants: [string, Uint8Array][] = [
    ["le-bom.xml", Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
    ["be-bom.xml", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()])],
    ["le.xml", le],
  ];
  for (const [name, bytes] of variants) {
    const path = temp.path(name);
    writeFileSync(path, bytes);
    const whole = await readSsda903([path], { laCode: "201", collectionYear: 2018 });
    // The fixture's 253 children, read whole.
    assert.equal(whole.summary.files[0]!.records, 253, name);
    // An odd block size splits UTF-16 code units across blocks.
    const s = await streamed([path], 50, "201", 2018, { blockSize: 4097, childrenPerBatch: 7 });
    assert.deepEqual(sortedRows(s.rows), sortedRows(whole.rows), name);
    assert.deepEqual(sortedIssues(s.issues), sortedIssues(whole.issues), name);
    assert.equal(s.staged.records, Object.values(whole.returns[0]!.tables).flat().length, name);
  }
});
