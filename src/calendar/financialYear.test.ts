import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  financialQuarterOf,
  financialQuarterStart,
  financialYearEnd,
  financialYearLabel,
  financialYearOf,
  financialYearStart,
  parseFinancialYearLabel,
} from "./financialYear.ts";

describe("financial years", () => {
  it("run from 1 April to 31 March", () => {
    assert.equal(financialYearOf("2024-03-31"), 2023);
    assert.equal(financialYearOf("2024-04-01"), 2024);
    assert.equal(financialYearOf("2025-02-01"), 2024);
    assert.equal(financialYearOf("2024-12-31"), 2024);
    assert.equal(financialYearOf("2025-01-01"), 2024);
    assert.equal(financialYearOf("2024-02-29"), 2023);
  });

  it("start and end of the year containing a date", () => {
    assert.equal(financialYearStart("2025-02-28"), "2024-04-01");
    assert.equal(financialYearEnd("2025-02-28"), "2025-03-31");
    assert.equal(financialYearStart("2024-04-01"), "2024-04-01");
    assert.equal(financialYearEnd("2024-03-31"), "2024-03-31");
    assert.equal(financialYearStart("2024-03-31"), "2023-04-01");
  });

  it("throws on a non-date", () => {
    assert.throws(() => financialYearOf("2023-02-29"), RangeError);
    assert.throws(() => financialQuarterOf("2024-13-01"), RangeError);
    assert.throws(() => financialQuarterStart("2023-02-29"), RangeError);
  });
});

describe("financial year labels", () => {
  it("are written start-year, dash, two-digit end year", () => {
    assert.equal(financialYearLabel(2024), "2024-25");
    assert.equal(financialYearLabel(2009), "2009-10");
    assert.equal(financialYearLabel(2099), "2099-00");
    assert.equal(financialYearLabel(2000), "2000-01");
  });

  it("parse in the forms councils write", () => {
    assert.equal(parseFinancialYearLabel("2024-25"), 2024);
    assert.equal(parseFinancialYearLabel("2024/25"), 2024);
    assert.equal(parseFinancialYearLabel("2024/2025"), 2024);
    assert.equal(parseFinancialYearLabel("2024-2025"), 2024);
    assert.equal(parseFinancialYearLabel(" 2024-25 "), 2024);
    assert.equal(parseFinancialYearLabel("2099-00"), 2099);
  });

  it("reject labels whose halves do not follow", () => {
    for (const bad of [
      "2024-26",
      "2024-24",
      "2024/2026",
      "2024",
      "24-25",
      "2024-5",
      "2024_25",
      "FY2024-25",
    ]) {
      assert.equal(parseFinancialYearLabel(bad), undefined, bad);
    }
  });

  it("round-trip", () => {
    for (let y = 2012; y <= 2030; y++) assert.equal(parseFinancialYearLabel(financialYearLabel(y)), y);
  });
});

describe("financial quarters", () => {
  it("Q1 April–June … Q4 January–March", () => {
    const quarters = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) =>
      financialQuarterOf(`2024-${String(m).padStart(2, "0")}-15`),
    );
    assert.deepEqual(quarters, [4, 4, 4, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  it("start on 1 April, 1 July, 1 October and 1 January", () => {
    assert.equal(financialQuarterStart("2024-06-30"), "2024-04-01");
    assert.equal(financialQuarterStart("2024-07-01"), "2024-07-01");
    assert.equal(financialQuarterStart("2024-09-30"), "2024-07-01");
    assert.equal(financialQuarterStart("2024-11-30"), "2024-10-01");
    assert.equal(financialQuarterStart("2024-12-31"), "2024-10-01");
    // January is Q4 of 2024-25, starting 1 January of the calendar year, not 2024
    assert.equal(financialQuarterOf("2025-01-31"), 4);
    assert.equal(financialQuarterStart("2025-01-31"), "2025-01-01");
    assert.equal(financialQuarterStart("2025-03-31"), "2025-01-01");
    assert.equal(financialQuarterStart("2024-02-29"), "2024-01-01");
  });
});
