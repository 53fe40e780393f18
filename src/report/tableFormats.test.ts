import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { csvField, csvLines, toCsv } from "./tableFormats.ts";

describe("CSV fields", () => {
  it("puts a single quote before text a spreadsheet would run as a formula (OWASP's rule)", () => {
    assert.equal(csvField("=1+2"), "'=1+2");
    assert.equal(csvField("+44 20"), "'+44 20");
    assert.equal(csvField("-2+3"), "'-2+3");
    assert.equal(csvField("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvField("\tx"), "'\tx");
    // a carriage return also makes the field quoted
    assert.equal(csvField("\rx"), `"'\rx"`);
    assert.equal(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvField("- note"), "'- note");
  });

  it("keeps negative numbers numbers, as numbers or as plain numeric text", () => {
    assert.equal(csvField(-3), "-3");
    assert.equal(csvField(-0.25), "-0.25");
    assert.equal(csvField(-1e-7), "-1e-7");
    assert.equal(csvField("-3"), "-3");
    assert.equal(csvField("-12.5"), "-12.5");
    assert.equal(csvField("-1E5"), "-1E5");
  });

  it("leaves other text alone, quoting commas, quotes and line breaks", () => {
    assert.equal(csvField("a=b"), "a=b");
    assert.equal(csvField("a,b"), '"a,b"');
    assert.equal(csvField(null), "");
    assert.equal(csvField(undefined), "");
    assert.equal(csvField(true), "true");
  });

  it("writes a header and rows, with either line ending, through the same guard", () => {
    const rows = [
      { a: "=x", b: -2 },
      { a: "ok", b: null },
    ];
    assert.equal(csvLines(["a", "b"], rows), "a,b\n'=x,-2\nok,\n");
    assert.equal(csvLines(["a", "b"], rows, "\r\n"), "a,b\r\n'=x,-2\r\nok,\r\n");
    assert.equal(toCsv(["a", "b"], rows), csvLines(["a", "b"], rows));
  });
});
