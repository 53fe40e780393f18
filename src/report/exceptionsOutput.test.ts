import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import { findExceptionList } from "./exceptions.ts";
import type { ProducedList } from "./exceptionsData.ts";
import {
  exceptionsCsv,
  exceptionsHtml,
  exceptionsText,
  exceptionsXlsx,
  reconciliationLine,
} from "./exceptionsOutput.ts";

const list = findExceptionList("cla-visits-overdue")!;
const row = (child: string, team: string, worker: string, due: string, overdue: number) => ({
  list: list.name,
  indicator: list.indicator,
  child_id: child,
  team,
  worker,
  event_id: `PL-${child}`,
  event: `placement <b>${child}</b> & "more"`,
  due_date: due,
  days_overdue: overdue,
  measure: "calendar days",
});
const produced: ProducedList = {
  list,
  rows: [
    row("A", "T1", "W1", "2024-12-01", 30),
    row("B", "T1", "W2", "2024-12-20", 11),
    row("C", "T2", "W3", "2024-12-30", 1),
  ],
  figure: { numerator: 17, denominator: 20, value: 85 },
  expected: 20 - 17,
};

describe("exception list output", () => {
  it("says whether the total reconciles with the figure", () => {
    assert.equal(
      reconciliationLine(produced),
      "3 rows; cla_visits_on_time_pct denominator − numerator = 3: reconciles",
    );
    assert.match(reconciliationLine({ ...produced, expected: 4 }), /= 4: DOES NOT RECONCILE$/);
  });

  it("writes text with team totals, and CSV with every field quoted where it must be", () => {
    assert.match(exceptionsText([produced], "2024-12-31"), /totals: T1 2, T2 1/);
    const csv = exceptionsCsv([produced]).split("\n");
    assert.equal(csv[0], "list,indicator,team,worker,child_id,event_id,event,due_date,days_overdue,measure");
    assert.equal(
      csv[1],
      'cla-visits-overdue,cla_visits_on_time_pct,T1,W1,A,PL-A,"placement <b>A</b> & ""more""",2024-12-01,30,calendar days',
    );
  });

  it("keeps a CSV cell from being read as a formula, a negative number kept a number", () => {
    const evil = { ...produced, rows: [row("-1", "=T1", "@W1", "2024-12-01", -2)] };
    // the child id "-1" is a plain number; "=T1" and "@W1" would run as formulas
    assert.equal(
      exceptionsCsv([evil]).split("\n")[1],
      `cla-visits-overdue,cla_visits_on_time_pct,'=T1,'@W1,-1,PL--1,"placement <b>-1</b> & ""more""",2024-12-01,-2,calendar days`,
    );
  });

  it("writes one HTML page with text escaped, teams and workers as group rows with their counts", () => {
    const html = exceptionsHtml([produced], "Council <x>", "2024-12-31");
    assert.ok(!html.includes("<b>A</b>"));
    assert.ok(html.includes("placement &#60;b&#62;A&#60;/b&#62; &#38; &#34;more&#34;"));
    assert.ok(html.includes("Council &#60;x&#62;"));
    assert.ok(!/<script|<link|src=/.test(html));
    assert.ok(html.includes("Team: T1 (2)"));
    assert.ok(html.includes("Worker: W2 (1)"));
  });

  it("writes XLSX with a frozen header, days overdue as numbers and due dates as dates", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exceptionsXlsx([produced], "2024-12-31")) as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ["Summary", "cla-visits-overdue"],
    );
    const ws = wb.getWorksheet("cla-visits-overdue")!;
    assert.equal(ws.views[0]?.state, "frozen");
    assert.equal(ws.getCell("F2").value, 30);
    assert.equal(ws.getCell("F2").type, ExcelJS.ValueType.Number);
    assert.equal((ws.getCell("E2").value as Date).toISOString().slice(0, 10), "2024-12-01");
    assert.equal(wb.getWorksheet("Summary")!.getCell("D2").value, 3);
  });
});
