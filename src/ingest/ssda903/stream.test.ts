import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Row } from "../../db/database.ts";
import { fixturePath } from "../../testing/fixtures.ts";
import { tempFiles } from "../../testing/tempFiles.ts";
import type { Issue } from "../issues.ts";
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

/** Reads `paths` streamed in chunks of `size` children, gathered back into one result. */
async function streamed(paths: string[], size: number, laCode = "999", collectionYear?: number) {
  const staged = await stageSsda903(paths, { laCode, ...(collectionYear ? { collectionYear } : {}) }, size);
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
