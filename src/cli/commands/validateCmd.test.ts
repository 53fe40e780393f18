import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { countIssues } from "../../app/validate.ts";
import type { Issue } from "../../ingest/issues.ts";
import { sharedFixture } from "../../testing/fixtures.ts";
import { issueSummary } from "./validateCmd.ts";

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "scorecard.js");
const tmp = mkdtempSync(join(tmpdir(), "scorecard-validate-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function scorecard(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    cwd: tmp,
    env: { ...process.env, TZ: "Europe/London" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const issue = (o: Partial<Issue>): Issue => ({
  severity: "warning",
  file: "f.xml",
  column: "",
  value: "",
  rule: "X",
  message: "m",
  ...o,
});

describe("validate: DfE's severities", () => {
  it("counts DfE errors, DfE queries and the product's own checks apart", () => {
    const issues = [
      issue({ rule: "8608", dfe: "error", severity: "error" }),
      issue({ rule: "8620", dfe: "error" }),
      issue({ rule: "8535Q", dfe: "query" }),
      issue({ rule: "PRD-FUTURE-DATE" }),
      issue({ rule: "CIN_DATE", severity: "error" }),
    ];
    assert.deepEqual(countIssues(issues), { dfeErrors: 2, dfeQueries: 1, errors: 1, warnings: 1 });
    assert.equal(
      issueSummary(issues),
      "Issues: DfE rules 2 errors and 1 queries; other checks 1 errors and 1 warnings",
    );
  });

  it("exits 1 on DfE errors, with them counted, and reports them by DfE's severity", async () => {
    const out = join(tmp, "fake");
    const r = scorecard("validate", sharedFixture("cin-census", "fake_CIN_data.xml"), "--out", out);
    assert.equal(r.code, 1);
    const [, errors, queries] = r.out.match(/DfE rules (\d+) errors and (\d+) queries/) ?? [];
    assert.ok(Number(errors) > 1000 && Number(queries) > 0, r.out);
    assert.match(r.err, /\d+ DfE errors and 0 other errors found: see the validation report/);
    assert.equal(r.err.trim().split("\n").length, 1);

    const html = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith(".html"))!), "utf8");
    assert.match(html, /<select id="dfe">.*<option>error<\/option><option>query<\/option>/);
    assert.match(html, /<tr class="warning" data-dfe="error"><td>error<\/td><td>warning<\/td><td>1510<\/td>/);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, readdirSync(out).find((f) => f.endsWith(".xlsx"))!));
    const sheet = book.getWorksheet("Issues")!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1, 4), ["dfe", "severity", "rule"]);
    const dfe = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n > 1) dfe.add(String(row.getCell(1).value ?? ""));
    });
    assert.ok(dfe.has("error") && dfe.has("query"), [...dfe].join());
    // 2 of DfE's 903 rules are never evaluated (164, 411); 29 need last year's return, 15 the postcode directory
    // and 7 the provider list, none given here: the sheet lists each with its reason
    assert.equal(book.getWorksheet("Rules not evaluated")!.rowCount, 1 + 2 + 29 + 15 + 7);
  });

  it("exits 0 when DfE would only query the return", () => {
    const r = scorecard(
      "validate",
      sharedFixture("cin-census", "minimal_cin_2026.xml"),
      "--out",
      join(tmp, "min"),
    );
    assert.equal(r.code, 0, r.err);
    // one query: fewer than 8 disability codes in the return (2887Q); one warning of the reader's own:
    // the file says LA 201, and 000 (validate's default) was used
    assert.match(r.out, /DfE rules 0 errors and 1 queries; other checks 0 errors and 1 warnings/);
  });
});

describe("validate: last year's return, the postcode directory and the provider list", () => {
  /** A 903 CSV set of one child, C1, in a folder of its own. */
  const set903 = (name: string, child: string, episode: string) => {
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "header.csv"),
      `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n${child},1,01/01/2010,WBRI,A12345678901B,,\n`,
    );
    writeFileSync(
      join(dir, "episodes.csv"),
      `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n${child},${episode}\n`,
    );
    return dir;
  };
  // 2023/24: C1 looked after since 1 February 2023 in a children's home (K2, own provision PR1, SC000001) at ZZ2 2AA,
  // 10 miles from home (ZZ1 1AA) and outside the council's area (E09000001); 2022/23's return holds only C2.
  const now = set903("903-2024", "C1", "01/02/2023,S,C2,N1,K2,PR1,,,,ZZ1 1AA,ZZ2 2AA,SC000001");
  const last = set903("903-2023", "C2", "01/02/2023,S,C2,N1,K2,PR1,,,,ZZ1 1AA,ZZ1 1AB,SC000001");

  async function rules(out: string): Promise<{ found: Set<string>; skipped: string[] }> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, readdirSync(out).find((f) => f.endsWith(".xlsx"))!));
    const found = new Set<string>();
    book.getWorksheet("Issues")!.eachRow((row, n) => {
      if (n > 1) found.add(String(row.getCell(3).value));
    });
    const skipped: string[] = [];
    book.getWorksheet("Rules not evaluated")!.eachRow((row, n) => {
      if (n > 1) skipped.push(String(row.getCell(1).value));
    });
    return { found, skipped };
  }

  it("run DfE's rules that need them when given, and list them as not evaluated when not", async () => {
    const bare = join(tmp, "bare");
    scorecard("validate", now, "--year", "2024", "--la-code", "201", "--out", bare);
    const without = await rules(bare);
    for (const code of ["NoE", "1015", "221", "392a"]) assert.ok(!without.found.has(code), code);
    for (const code of ["NoE", "1015", "221", "392a"]) assert.ok(without.skipped.includes(code), code);

    const full = join(tmp, "full");
    const r = scorecard(
      ...["validate", now, "--year", "2024", "--la-code", "201", "--out", full, "--previous", last],
      ...["--postcodes", sharedFixture("reference", "postcodes.csv"), "--area", "E09000001"],
      ...["--providers", sharedFixture("reference", "providers.csv")],
    );
    assert.match(r.out, /Last year's return: 2023 \(1 children\)/);
    const withAll = await rules(full);
    // NoE: C1 started before this year but is not in last year's return; 1015: own provision outside the area;
    // 221: SC000001 is at ZZ1 1AB, not ZZ2 2AA
    for (const code of ["NoE", "1015", "221"]) assert.ok(withAll.found.has(code), code);
    assert.deepEqual(withAll.skipped.sort(), ["164", "411"]);
  });

  it("says what is wrong with a reference file, in one line", () => {
    const bad = join(tmp, "bad.csv");
    writeFileSync(bad, "postcode,east,north\nZZ1 1AA,1,2\n");
    const r = scorecard("validate", now, "--la-code", "201", "--out", join(tmp, "bad"), "--postcodes", bad);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /--postcodes .*bad\.csv: no column pcds, oseast1m, osnrth1m, oslaua in its header row/,
    );
    assert.equal(r.err.trim().split("\n").length, 1);
    const area = scorecard("validate", now, "--out", join(tmp, "bad"), "--area", "201");
    assert.match(area.err, /--area takes ONS local authority codes/);
  });
});
