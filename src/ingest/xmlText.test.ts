import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeXmlReferences } from "./xmlText.ts";

test("XML references decode as a parser decodes them, once, anything else left as written", () => {
  // &#49; is "1", &#x41; is "A", &#233; is "é".
  assert.equal(decodeXmlReferences("A&#49;23"), "A123");
  assert.equal(decodeXmlReferences("&#x41;&#233;"), "Aé");
  assert.equal(
    decodeXmlReferences("Tom &amp; Jerry &lt;3 &quot;x&quot; &apos;y&apos; &gt;"),
    `Tom & Jerry <3 "x" 'y' >`,
  );
  // Decoded once: "&amp;#49;" is the text "&#49;", not "1".
  assert.equal(decodeXmlReferences("&amp;#49;"), "&#49;");
  // No such entity, no semicolon, past the last code point: left as written.
  assert.equal(decodeXmlReferences("&nbsp; &#49 &#x110000;"), "&nbsp; &#49 &#x110000;");
  assert.equal(decodeXmlReferences("plain"), "plain");
});
