import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ScannedRow, SheetScanner } from "./sheetXml.ts";

/** Scans `xml` handed in pieces of `size` characters; cells read as `type:text:style`. */
function scan(xml: string, size = xml.length): ScannedRow[] {
  const scanner = new SheetScanner((type, text, style) => `${type}:${text}:${style}`);
  for (let k = 0; k < xml.length; k += size) scanner.write(xml.slice(k, k + size));
  scanner.end();
  // Holes (columns without a cell) as undefined, to compare with literals.
  return scanner.rows.map((r) => ({ number: r.number, cells: Array.from(r.cells) }));
}

const SHEET = (data: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14ac="x"><sheetData>${data}</sheetData></worksheet>`;

describe("SheetScanner", () => {
  it("reads rows, cells by column letter, types, styles, inline strings and entities", () => {
    const xml = SHEET(
      `<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="str"><v>Child &amp; &lt;ID&gt; &#65;&#x42;</v></c><c r="C1" s="2"><v>45017</v></c></row>` +
        `<row r="3"><c r="B3" t="inlineStr"><is><r><t>Fe</t></r><r><t xml:space="preserve">male </t></r></is></c><c r="AA3" s="1"/></row>` +
        `<row r="4"/>`,
    );
    // Row 1: A (1) and C (3); row 3: B (2) from two runs, AA (27) has no value; row 4 empty.
    const want = [
      { number: 1, cells: [undefined, "str:Child & <ID> AB:0", undefined, "n:45017:2"] },
      { number: 3, cells: [undefined, undefined, "inlineStr:Female :0"] },
      { number: 4, cells: [] },
    ];
    assert.deepEqual(scan(xml), want);
    // The same, whatever the pieces it arrives in (an entity, a tag or a `]]>` cut in two).
    for (const size of [1, 2, 3, 7, 64]) assert.deepEqual(scan(xml, size), want, `${size} a piece`);
  });

  it("numbers rows without r from the row before, and cells without r from the cell before", () => {
    const xml = SHEET(
      `<row r="5"><c><v>1</v></c><c t="b"><v>1</v></c></row><row><c r="C6"><v>2</v></c></row>`,
    );
    assert.deepEqual(scan(xml), [
      { number: 5, cells: [undefined, "n:1:0", "b:1:0"] },
      { number: 6, cells: [undefined, undefined, undefined, "n:2:0"] },
    ]);
  });

  it("skips comments, CDATA and prefixed elements (as the reader did with saxes), and a quoted > in a value", () => {
    const xml = SHEET(
      `<!-- <row r="9"><c r="A9"><v>no</v></c></row> --><row r="2" note="a > b"><c r="A2"><v>x<![CDATA[<ignored>]]>y</v></c><x:c r="B2"><x:v>9</x:v></x:c></row>`,
    );
    for (const size of [1, 5, xml.length])
      assert.deepEqual(scan(xml, size), [{ number: 2, cells: [undefined, "n:xy:0"] }], `${size} a piece`);
  });

  it("normalises line ends in values, as an XML parser does", () => {
    assert.deepEqual(scan(SHEET(`<row r="1"><c r="A1" t="str"><v>a\r\nb\rc</v></c></row>`)), [
      { number: 1, cells: [undefined, "str:a\nb\nc:0"] },
    ]);
  });

  it("throws on a sheet cut short, a closing tag that does not match, or an unknown entity", () => {
    const cut = SHEET(`<row r="1"><c r="A1"><v>1</v></c></row>`).slice(0, -30);
    assert.throws(() => scan(cut), /cut short/);
    assert.throws(() => scan(SHEET(`<row r="1"><c r="A1"><v>1</c></v></row>`)), /malformed/);
    assert.throws(() => scan(SHEET(`<row r="1"><c r="A1"><v>&nbsp;</v></c></row>`)), /unknown entity/);
    assert.throws(() => scan(SHEET(`<row r="1"><c r="A1"><v>a & b</v></c></row>`)), /unterminated entity/);
  });
});
