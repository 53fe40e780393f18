/**
 * explain's output: the columns, and `due_date` for an indicator whose rows
 * carry one (engine/explain.ts), in text and CSV.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Explanation } from "../../app/explain.ts";
import { findIndicator } from "../../indicators/catalogue.ts";
import { formatExplanation } from "./explain.ts";

const open = findIndicator("assessments_open_over_45wd")!;
const referrals = findIndicator("referrals")!;

const DUE: Explanation = {
  indicator: open,
  period: { type: "month", start: "2025-11-01", end: "2025-11-30" },
  rows: [
    {
      la_code: "999",
      child_id: "C1",
      event_id: "A1",
      date: "2025-11-30",
      in_numerator: true,
      in_denominator: true,
      value: null,
      reason: "open over 45 working days",
      detail: null,
      due_date: "2025-10-02",
    },
    {
      la_code: "999",
      child_id: "C2",
      event_id: "A2",
      date: "2025-11-30",
      in_numerator: false,
      in_denominator: true,
      value: null,
      reason: null,
      detail: null,
      due_date: "2025-12-19",
    },
  ],
  figure: { numerator: null, denominator: null, value: 1 },
};

describe("explain output", () => {
  it("shows each row's due date where the indicator's rows carry one", () => {
    assert.equal(open.dueDate, true);
    assert.equal(
      formatExplanation(DUE, "month", "csv"),
      [
        "child_id,event_id,date,due_date,in_numerator,in_denominator,value,reason,detail",
        "C1,A1,2025-11-30,2025-10-02,true,true,,open over 45 working days,",
        "C2,A2,2025-11-30,2025-12-19,false,true,,,",
        "",
      ].join("\n"),
    );
    const text = formatExplanation(DUE, "month", "text").split("\n");
    assert.equal(text[0], `${open.title} (assessments_open_over_45wd), month 2025-11-01 to 2025-11-30: 1`);
    assert.equal(text[1], "2 rows, 1 in the numerator");
    assert.equal(text[2], "");
    assert.match(text[3]!, /^child_id {2}event_id {2}date {8}due_date {4}in_numerator/);
    assert.match(text[5]!, /^C1 {8}A1 {8}2025-11-30 {2}2025-10-02 {2}true/);
    assert.match(text[6]!, /^C2 {8}A2 {8}2025-11-30 {2}2025-12-19 {2}false/);
  });

  it("has no due_date column for an indicator whose rows carry none", () => {
    assert.equal(referrals.dueDate, undefined);
    const csv = formatExplanation(
      {
        indicator: referrals,
        period: { type: "month", start: "2025-11-01", end: "2025-11-30" },
        rows: [{ ...DUE.rows[0]!, due_date: undefined }],
        figure: { numerator: null, denominator: null, value: 1 },
      },
      "month",
      "csv",
    );
    assert.equal(
      csv.split("\n")[0],
      "child_id,event_id,date,in_numerator,in_denominator,value,reason,detail",
    );
  });
});
