import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FIXTURES_DIR } from "../testing/fixtures.ts";
import { detectBytes, detectFormat, parseFormat } from "./detect.ts";

const FIXTURES = FIXTURES_DIR;
const bytes = (s: string) => new TextEncoder().encode(s);

describe("format detection", () => {
  it("recognises each fixture from its content", async () => {
    assert.equal((await detectFormat(join(FIXTURES, "annex-a", "Annex_A_2024_Jan.xlsx"))).format, "annex-a");
    assert.equal((await detectFormat(join(FIXTURES, "cin-census", "fake_CIN_data.xml"))).format, "cin");
    assert.equal((await detectFormat(join(FIXTURES, "ssda903", "fake_903.xml"))).format, "903");
    assert.equal((await detectFormat(join(FIXTURES, "ssda903", "episodes.csv"))).format, "903");
    assert.equal((await detectFormat(join(FIXTURES, "ssda903", "CLA.xsd"))).format, undefined);
  });

  it("recognises 903 CSVs by their columns in any order and SSD tables by name", () => {
    assert.equal(detectBytes("x.csv", bytes("DOB,CHILD,REVIEW_CODE,REVIEW\n1,2,3,4\n")).format, "903");
    assert.equal(detectBytes("ssd_contacts.csv", bytes("la_code,cont_contact_id\n")).format, "ssd");
    assert.equal(detectBytes("ssd_person_2025.parquet", bytes("PAR1\u0000")).format, "ssd");
  });

  it("gives a reason for what it does not recognise", () => {
    const reason = (name: string, b: Uint8Array) => {
      const d = detectBytes(name, b);
      return d.format === undefined ? d.reason : d.format;
    };
    assert.match(reason("a.xlsx", bytes("%PDF-1.5")), /PDF/);
    assert.match(reason("a.csv", new Uint8Array()), /empty/);
    assert.match(reason("a.zip", bytes("PK\u0003\u0004 word/document.xml")), /not an Excel workbook/);
    assert.match(
      reason("a.xml", bytes("<Message><Header><CollectionDetails><Collection>SCHOOL</Collection>")),
      /not a CIN/,
    );
    assert.match(reason("a.csv", bytes("foo,bar\n1,2\n")), /match no SSDA903 file/);
  });

  it("reads --as values and refuses others", () => {
    assert.equal(parseFormat("Annex-A"), "annex-a");
    assert.equal(parseFormat("ssda903"), "903");
    assert.throws(() => parseFormat("pdf"), /--as must be one of annex-a, cin, 903, ssd/);
  });
});
