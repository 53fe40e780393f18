/**
 * The CIN census read a chunk of children at a time: the byte scan that
 * finds the LAchildIDs listed more than once (so a streamed import holds
 * their entries for one chunk), against the regular expression it
 * replaced, run over the whole file at once; and DfE's element scan fed
 * the reader's decoded text, against the scan of the whole file.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { fixturePath } from "../../testing/fixtures.ts";
import { tempFiles } from "../../testing/tempFiles.ts";
import { type ChildView, scanCinReturn } from "../validate/cinReturn.ts";
import { CinStream, idsListedTwice } from "./stream.ts";

const temp = tempFiles("cin-stream-", "xml");

/** The ids listed more than once, as the regular expression over the whole text (as latin1) finds them. */
function expected(text: string): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const m of Buffer.from(text, "utf8")
    .toString("latin1")
    .matchAll(/<(?:[\w.-]+:)?LAchildID>([^<]*)</g)) {
    const id = Buffer.from(m[1]!.trim(), "latin1").toString("utf8");
    if (seen.has(id)) twice.add(id);
    else seen.add(id);
  }
  return twice;
}

test("idsListedTwice finds what the regular expression finds: prefixes, spaces, UTF-8, closing and look-alike tags, block edges", async () => {
  const entries = [
    "<LAchildID>A1</LAchildID><cin:LAchildID> A1 </cin:LAchildID>", // A1 twice: prefixed and spaced
    "<LAchildID>Zoë</LAchildID><x.y-z_1:LAchildID>Zoë</x.y-z_1:LAchildID>", // Zoë twice (ë: two bytes)
    "<LAchildID>B2</LAchildID><XLAchildID>B2</XLAchildID>", // another element: B2 once
    "<LAchildID>C3</LAchildID><a:b:LAchildID>C3</a:b:LAchildID><:LAchildID>C3</:LAchildID>", // C3 once
    "<LAchildID>D4</LAchildID></LAchildID>D4<", // a closing tag opens nothing: D4 once
    "<LAchildID>E5<LAchildID>E5</LAchildID>", // the second tag ends the first's text: E5 once
    "<LAchildID>F6</LAchildID>", // F6 twice with the first entry below
  ];
  const edge = 1 << 20;
  const head = "<Message>";
  // The file is scanned 1 MB at a time: the first F6 entry is cut by the block's edge at each of its parts.
  for (const cut of [0, 1, 5, 12, 13, 20]) {
    const pad = cut ? edge - head.length - cut : 0;
    const text = `${head}${" ".repeat(pad)}<LAchildID>F6</LAchildID>\n${entries.join("\n")}</Message>`;
    const path = temp.path(`ids${cut}.xml`);
    writeFileSync(path, text);
    const want = expected(text);
    assert.deepEqual([...want].sort(), ["A1", "F6", "Zoë"]);
    assert.deepEqual([...(await idsListedTwice(path))].sort(), [...want].sort(), `cut ${cut} bytes in`);
  }
});

test("a UTF-8 census streamed: the scan reads the reader's decoded text as a scan of the whole file reads it (a BOM, a character cut by a block's edge)", async () => {
  const text = readFileSync(fixturePath("cin-census", "fake_CIN_data.xml"), "utf8");
  const at = text.indexOf("<LAchildID>", text.indexOf("<Child>", 1000));
  const head = `\uFEFF${text.slice(0, at)}`;
  // "ë" is two bytes: the first ends the first 1 MB block, the second starts the next.
  const pad = (1 << 20) - 1 - Buffer.byteLength(head) - Buffer.byteLength("<LAchildID>Zo");
  const rest = text.slice(at).replace(/<LAchildID>[^<]*</, "<LAchildID>Zoë-1<");
  const path = temp.path("utf8.xml");
  writeFileSync(path, `${head}${" ".repeat(pad)}${rest}`);
  const stream = new CinStream(path, { laCode: "999" }, 7);
  const children: ChildView[] = [];
  for await (const chunk of stream.chunks()) children.push(...chunk.view.children);
  assert.equal(stream.end().fatal, false);
  const whole = scanCinReturn(path);
  assert.equal(stream.referenceDate, whole.referenceDate?.text);
  assert.ok(whole.children.some((c) => c.id?.text === "Zoë-1"));
  assert.deepEqual(children, whole.children);
});
