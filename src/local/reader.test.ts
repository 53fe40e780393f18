import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import { tempFiles } from "../testing/tempFiles.ts";
import { readLocalValues } from "./reader.ts";

const files = tempFiles("local-reader-", "csv");

/** Each issue as "row column "value": message". */
const issueLines = (issues: { row?: number; column: string; value: string; message: string }[]) =>
  issues.map((i) => `${i.row} ${i.column} "${i.value}": ${i.message}`);

describe("reading local values", () => {
  it("reads a CSV with tolerant headers, any way of writing the month, and percent signs", async () => {
    const path = files.write(
      [
        "Indicator ID,Month end,Num,Denom,Value",
        "agency_staff_pct,2025-04,10,100,",
        "agency_staff_pct,31/05/2025,20,100,20%",
        "agency_staff_pct,2025-06-15,30,150,",
        'vacancy_rate_pct,Jul 2025,,,"1,234.5"',
        ",,,,",
        "vacancy_rate_pct,September-2025,,,7",
      ].join("\r\n"),
    );
    const r = await readLocalValues(path);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.rows.map((x) => [x.indicator, x.month, x.numerator, x.denominator, x.value, x.row]),
      [
        ["agency_staff_pct", "2025-04-30", 10, 100, null, 2],
        ["agency_staff_pct", "2025-05-31", 20, 100, 20, 3],
        ["agency_staff_pct", "2025-06-30", 30, 150, null, 4],
        ["vacancy_rate_pct", "2025-07-31", null, null, 1234.5, 5],
        // row 6 is blank
        ["vacancy_rate_pct", "2025-09-30", null, null, 7, 7],
      ],
    );
  });

  it("names the row, column and value of every bad cell and leaves the row out", async () => {
    const path = files.write(
      [
        "indicator,month,value,numerator,denominator",
        "Agency %,2025-04,5,,", // 2: not an id
        "agency_staff_pct,2025-13,5,,", // 3: no month 13
        "agency_staff_pct,1/5/25,5,,", // 4: two-digit year
        "agency_staff_pct,2025-05,five,,", // 5: not a number
        "agency_staff_pct,2025-06,-1,,", // 6: negative
        "agency_staff_pct,2025-07,,3,", // 7: numerator alone
        "agency_staff_pct,2025-08,,3,0", // 8: denominator 0
        "agency_staff_pct,2025-09,,,", // 9: nothing
        "agency_staff_pct,2025-10,4,,", // 10: good
        "agency_staff_pct,2025-10-31,4,,", // 11: October again
        "agency_staff_pct,Smarch 2025,4,,", // 12: not a month name
      ].join("\n"),
    );
    const r = await readLocalValues(path, "local.csv");
    assert.deepEqual(
      r.rows.map((x) => x.row),
      [10],
    );
    assert.ok(r.issues.every((i) => i.severity === "error" && i.file === "local.csv"));
    assert.deepEqual(issueLines(r.issues), [
      '2 indicator "Agency %": not an indicator id (lower_snake_case, as declared under local in the framework); row skipped',
      '3 month "2025-13": there is no month 13; row skipped',
      '4 month "1/5/25": not a month (expected YYYY-MM or a date in the month): the year has two digits, so the century is ambiguous; row skipped',
      '5 value "five": not a number; row skipped',
      '6 value "-1": a negative figure; row skipped',
      '7 numerator "3": a numerator without a denominator: give both or neither; row skipped',
      '8 denominator "0": a denominator of 0 gives no figure; row skipped',
      '9 value "": no value (and no numerator and denominator); row skipped',
      '11 month "2025-10-31": agency_staff_pct for 2025-10 is already given at row 10; row skipped',
      '12 month "Smarch 2025": not a month name: "Smarch"; row skipped',
    ]);
  });

  it("says which columns are missing and reads nothing", async () => {
    const r = await readLocalValues(files.write("indicator,period_end,amount\nx,2025-04,1\n"), "f.csv");
    assert.deepEqual(r.rows, []);
    assert.deepEqual(issueLines(r.issues), [
      '1 value "indicator, period_end, amount": no value column in the first row (expected indicator, month, value and optionally numerator, denominator); nothing read',
    ]);
  });

  it("decodes UTF-16 (Excel's Unicode text, tab-separated) and Windows-1252", async () => {
    const text = "indicator\tmonth\tvalue\tnote\r\nturnover_pct\t2025-04\t15.8\tcafé £\r\n";
    const utf16 = files.write(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
      "txt",
    );
    const cp1252 = files.write(
      Buffer.from("indicator,month,value,note\nturnover_pct,2025-04,15.8,caf\xe9 \xa3\n", "latin1"),
    );
    for (const path of [utf16, cp1252]) {
      const r = await readLocalValues(path);
      assert.deepEqual(r.issues, [], path);
      assert.deepEqual(
        r.rows.map((x) => [x.indicator, x.month, x.value]),
        [["turnover_pct", "2025-04-30", 15.8]],
      );
    }
    const pdf = await readLocalValues(files.write("%PDF-1.4 junk"), "x.csv");
    assert.deepEqual(issueLines(pdf.issues), [
      'undefined  "": cannot read it as CSV: it is a PDF document, not a text file',
    ]);
  });

  it("reads an XLSX: date cells, percentage-formatted cells as percentages, and bad cells with the sheet", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Workforce");
    ws.addRow(["Indicator", "Month", "Value"]);
    ws.addRow(["agency_staff_pct", new Date(Date.UTC(2025, 3, 30)), 0.189]);
    ws.getCell("C2").numFmt = "0.0%";
    ws.addRow(["vacancy_rate_pct", "2025-04", 22.4]);
    ws.addRow(["vacancy_rate_pct", "2025-05", "n/a"]);
    const path = files.next("xlsx");
    await wb.xlsx.writeFile(path);
    const r = await readLocalValues(path, "workforce.xlsx");
    assert.deepEqual(
      r.rows.map((x) => [x.indicator, x.month, x.value, x.sheet, x.row]),
      [
        // 0.189 shown as 18.9% in Excel
        ["agency_staff_pct", "2025-04-30", 18.9, "Workforce", 2],
        ["vacancy_rate_pct", "2025-04-30", 22.4, "Workforce", 3],
      ],
    );
    assert.deepEqual(
      r.issues.map((i) => [i.sheet, i.row, i.column, i.value, i.message]),
      [["Workforce", 4, "Value", "n/a", "not a number; row skipped"]],
    );
  });
});
