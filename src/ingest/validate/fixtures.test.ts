import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { SHARED_FIXTURES } from "../../testing/fixtures.ts";
import type { Row } from "../../workspace/database.ts";
import { readAnnexA } from "../annexA/reader.ts";
import { readCinCensus } from "../cin/reader.ts";
import type { Issue } from "../issues.ts";
import { readSsda903 } from "../ssda903/reader.ts";
import { validate } from "./validate.ts";

const FIXTURES = SHARED_FIXTURES;

function fixture(...parts: string[]): string {
  const path = join(FIXTURES, ...parts);
  assert.ok(
    existsSync(path),
    `the shared fixture ${path} is missing: tests need ../shared/fixtures beside the project`,
  );
  return path;
}

function byRule(issues: Issue[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of issues) out[i.rule] = (out[i.rule] ?? 0) + 1;
  return out;
}

const asRows = (rows: object) => rows as Record<string, Row[]>;

describe("validate over the shared fixtures, through the readers", () => {
  it("SSDA903 CSV set: issues, located in the 903 files with 903 field names", async () => {
    const dir = fixture("ssda903");
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".csv"))
      .map((f) => join(dir, f));
    const read = await readSsda903(files, { laCode: "201", collectionYear: 2018 });
    const issues = validate(asRows(read.rows), {
      referenceDate: "2026-01-01",
      collectionYearEnd: "2018-03-31",
    });
    const counts = byRule(issues);
    // awk -F, 'NR>1 && $8=="" && $9!=""' episodes.csv | wc -l  → 1413 (REC without DEC)
    assert.equal(counts["148"], 1413);
    // DEC after 2018-03-31, dates as yyyymmdd:
    // awk -F, 'function iso(d){split(d,a,"/");return a[3] a[2] a[1]} NR>1 && $8!="" && iso($8)>"20180331"' episodes.csv | wc -l → 12
    assert.equal(counts["385"], 12);
    // No episode ends before, or on, the day it starts; none starts after the year end (same awk, iso($8)<iso($2), ==, iso($2)>…) → 0
    assert.equal(counts["356"], undefined);
    assert.equal(counts["355"], undefined);
    assert.equal(counts["354"], undefined);
    const first = issues.find((i) => i.rule === "148")!;
    assert.equal(first.file, join(dir, "episodes.csv"));
    assert.equal(typeof first.row, "number");
    assert.ok(["DEC", "REC"].includes(first.column));
  });

  it("SSDA903 XML: completes with issues", async () => {
    const read = await readSsda903([fixture("ssda903", "fake_903.xml")], {
      laCode: "201",
      collectionYear: 2018,
    });
    const issues = validate(asRows(read.rows), {
      referenceDate: "2026-01-01",
      collectionYearEnd: "2018-03-31",
    });
    assert.ok(issues.length > 0);
    assert.ok(issues.every((i) => i.file.endsWith("fake_903.xml") && i.line !== undefined));
  });

  it("CIN census with errors: the assessment authorised before it started", async () => {
    const read = await readCinCensus(fixture("cin-census", "CIN_Census_2024_with_errors.xml"));
    const issues = validate(asRows(read.rows), {
      referenceDate: "2026-01-01",
      collectionYearEnd: `${read.summary.collectionYear}-03-31`,
    });
    // grep -n "AssessmentAuthorisationDate" …: two assessments; lines 42–43 start 2028-04-28, authorised 2020-09-19.
    const a = issues.filter((i) => i.rule === "8608");
    assert.equal(a.length, 1);
    assert.equal(a[0]!.value, "2020-09-19");
    assert.equal(a[0]!.severity, "error");
  });

  it("every CIN census fixture completes", async () => {
    for (const name of ["fake_CIN_data.xml", "minimal_cin_2026.xml"]) {
      const read = await readCinCensus(fixture("cin-census", name));
      const issues = validate(asRows(read.rows), { referenceDate: "2026-01-01" });
      assert.ok(Array.isArray(issues), name);
    }
  });

  it("Annex A workbook: issues name the sheet and row", async () => {
    const read = await readAnnexA(fixture("annex-a", "Annex_A_2024_Jan.xlsx"), { laCode: "201" });
    const issues = validate(asRows(read.rows), { referenceDate: "2026-01-01" });
    assert.ok(issues.length > 0);
    for (const i of issues) {
      assert.ok(i.sheet && i.row, JSON.stringify(i));
    }
  });
});
