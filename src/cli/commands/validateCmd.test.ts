import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
    // 109 of DfE's 903 rules are not evaluated and 14 only with last year's files too; the sheet lists each with its reason
    assert.equal(book.getWorksheet("Rules not evaluated")!.rowCount, 1 + 109 + 14);
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
