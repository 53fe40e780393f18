import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { sixCouncilWorkspace } from "../../testing/sixCouncils.ts";

const tmp = mkdtempSync(join(tmpdir(), "compare-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const dir = join(tmp, "ws");

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "scorecard.js");

/** Runs the command line (in a child process: the test runner owns this process's stdout). */
function scorecard(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  (await sixCouncilWorkspace(dir)).close();
});

describe("scorecard compare", () => {
  it("writes CSV: one line a council, best first, with the region's and the published figures", () => {
    const out = join(tmp, "rereferrals.csv");
    const r = scorecard(
      "compare",
      "--dir",
      dir,
      "--indicator",
      "rereferrals_12m_pct",
      "--format",
      "csv",
      "--out",
      out,
    );
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), out);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    const head = lines[0]!.split(",");
    const col = (line: string, name: string) => line.split(",")[head.indexOf(name)];
    assert.equal(lines.length, 7);
    // ranks (lower is better): 373 12.0, 357 18.5, 370 and 372 20.0, 371 25.0, 384 31.0
    assert.deepEqual(
      lines.slice(1).map((l) => [col(l, "la_code"), col(l, "rank"), col(l, "quartile_band")]),
      [
        ["373", "1", "A"],
        ["357", "2", "A"],
        ["370", "3", "B"],
        ["372", "3", "B"],
        ["371", "5", "D"],
        ["384", "6", "D"],
      ],
    );
    const rotherham = lines.find((l) => col(l, "la_code") === "372")!;
    // mean 126.5 / 6 = 21.0833 (4 places); neighbours 94.5 / 4 = 23.625 over 4 present; DfE 2025: 19.6
    assert.deepEqual(
      [
        "region_mean",
        "region_median",
        "sn_present",
        "sn_with_figure",
        "sn_average",
        "published_year",
        "published_value",
      ].map((c) => col(rotherham, c)),
      ["21.0833", "20", "4", "4", "23.625", "2025", "19.6"],
    );
  });

  it("writes HTML with a table per indicator and the rules", () => {
    const r = scorecard("compare", "--dir", dir, "--indicator", "assessments_45wd_pct");
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), join(dir, "compare.html"));
    const html = readFileSync(join(dir, "compare.html"), "utf8");
    assert.match(html, /<h1>Regional comparison<\/h1>/);
    assert.match(
      html,
      /5 of 6 councils have a figure for the rolling 12 months to 31 March 2025; higher is better\. Mean 79\.0%, median 85\.0%, quartiles 75\.0% and 85\.0%/,
    );
    // Barnsley and Doncaster both shown 85.0% share rank 2
    assert.match(
      html,
      /<tr><td>2<\/td><td class="l">Barnsley<span class="sub">370<\/span><\/td><td>85\.0%<\/td><td>C<\/td>/,
    );
    assert.match(
      html,
      /<tr><td>2<\/td><td class="l">Doncaster<span class="sub">371<\/span><\/td><td>85\.0%<\/td><td>C<\/td>/,
    );
    assert.match(html, /<td>no figure<\/td><td class="l">Wakefield/);
    assert.match(html, /How the comparison is made/);
  });

  it("with --publish, shows a figure resting on 1 to 4 as suppressed", () => {
    const out = join(tmp, "published.html");
    const r = scorecard(
      "compare",
      "--dir",
      dir,
      "--indicator",
      "assessments_45wd_pct",
      "--publish",
      "--out",
      out,
    );
    assert.equal(r.code, 0, r.err);
    const html = readFileSync(out, "utf8");
    assert.match(
      html,
      /<td>suppressed<\/td><td class="l">Tameside<span class="sub">357<\/span><\/td><td>x<\/td>/,
    );
    assert.doesNotMatch(html, /75\.0%/);
  });

  it("writes XLSX: the region per indicator on Summary, the councils as numbers on Councils", async () => {
    const out = join(tmp, "compare.xlsx");
    const r = scorecard("compare", "--dir", dir, "--format", "xlsx", "--out", out);
    assert.equal(r.code, 0, r.err);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ["Summary", "Councils", "Notes"],
    );
    const councils = wb.getWorksheet("Councils")!;
    const head = (councils.getRow(1).values as unknown[]).slice(1);
    const at = (row: ExcelJS.Row, name: string) => row.getCell(head.indexOf(name) + 1).value;
    const rows: ExcelJS.Row[] = [];
    councils.eachRow((row, n) => {
      if (n > 1 && at(row, "indicator") === "assessments_45wd_pct") rows.push(row);
    });
    assert.deepEqual(
      rows.map((row) => [at(row, "la_code"), at(row, "value"), at(row, "rank")]),
      [
        ["372", 90, 1],
        ["370", 85.04, 2],
        ["371", 84.96, 2],
        ["357", 75, 4],
        ["373", 60, 5],
        ["384", null, null],
      ],
    );
    assert.equal(rows[0]!.getCell(head.indexOf("value") + 1).numFmt, '#,##0.0"%"');
    const summary = wb.getWorksheet("Summary")!;
    let mean: unknown;
    summary.eachRow((row) => {
      if (row.getCell(1).value === "assessments_45wd_pct") mean = row.getCell(7).value;
    });
    // (90 + 85 + 85 + 75 + 60) / 5
    assert.equal(mean, 79);
  });

  it("report --council places that council among the workspace's in its how we compare section", () => {
    const out = join(tmp, "report-373.html");
    const r = scorecard(
      "report",
      "--dir",
      dir,
      "--council",
      "373",
      "--period-end",
      "2025-03-31",
      "--out",
      out,
    );
    assert.equal(r.code, 0, r.err);
    const html = readFileSync(out, "utf8");
    const section = html.slice(html.indexOf('id="how-we-compare"'), html.indexOf('id="notes"'));
    assert.match(section, /Sheffield beside the 5 other councils of this workspace/);
    const row = (id: string) =>
      [
        ...(section.split("<tr>").find((t) => t.includes(`>${id}<`)) ?? "").matchAll(/<td[^>]*>(.*?)<\/td>/g),
      ].map((m) => m[1]!.replace(/<span class="sub">.*?<\/span>/g, ""));
    // Sheffield's re-referrals 12.0%: first of six, band A; mean 21.1%, median 20.0%; its one neighbour here, Tameside, 18.5%
    assert.deepEqual(row("rereferrals_12m_pct").slice(1, 9), [
      "Rolling 12 months",
      "12.0%",
      "1 of 6",
      "A",
      "21.1%",
      "20.0%",
      "Sheffield: 12.0%",
      "18.5%",
    ]);
    // assessments: 60.0%, fifth of the five with a figure, band D
    assert.deepEqual(row("assessments_45wd_pct").slice(2, 5), ["60.0%", "5 of 5", "D"]);
  });

  it("says in one line what is wrong with an option", () => {
    for (const [args, message] of [
      [["--format", "pdf"], /compare: --format must be one of html, xlsx, csv \(got "pdf"\)/],
      [
        ["--period-type", "week"],
        /compare: --period-type must be one of month, quarter, ytd, rolling12, year/,
      ],
      [["--indicator", "nope"], /compare: no indicator "nope"/],
    ] as const) {
      const r = scorecard("compare", "--dir", dir, ...args);
      assert.notEqual(r.code, 0);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
    }
  });
});
