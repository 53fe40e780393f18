/**
 * The 903 XML form read as a stream: the file's text, a block at a time
 * (fileStream.ts decodes it), is written into saxes, one `<CHILD>` element
 * at a time is built, turned into the same records as xml.ts makes
 * (`rootKid`) and dropped, and every `childrenPerBatch` children the
 * records read so far are handed on (`flush`), so a streamed import
 * (stream.ts) stages them without holding the file's records.
 *
 * Everything else (what is refused and how it is said, the element paths
 * and lines of the records, the order of the records) is the whole-file
 * reader's (readSetFile and xml.ts); stream.test.ts checks it.
 */
import { SaxesParser } from "saxes";
import type { ReadContext } from "./context.ts";
import type { FileRead } from "./format.ts";
import { rootKid, type XmlNode } from "./xml.ts";

/** Children whose records are handed on together. */
export const CHILDREN_PER_BATCH = 1000;

/**
 * Reads one XML file of set `set` from its decoded `texts` into the
 * context's records, calling `flush` (which takes and empties
 * `ctx.records`) every `childrenPerBatch` children and at the end.
 */
export async function streamXml(
  ctx: ReadContext,
  file: string,
  set: number,
  texts: AsyncIterable<string>,
  flush: () => void,
  childrenPerBatch = CHILDREN_PER_BATCH,
): Promise<FileRead> {
  const parser = new SaxesParser({ position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let error: { error: string; line: number } | undefined;
  let n = 0;
  let pending = 0;
  const children = new Set<string>();
  parser.on("opentag", (tag) => {
    const name = tag.name.includes(":") ? tag.name.slice(tag.name.indexOf(":") + 1) : tag.name;
    const node: XmlNode = { name, line: parser.line, text: "", kids: [] };
    const parent = stack.at(-1);
    // Inside the root, an element is kept until it closes; the root itself keeps none of its children.
    if (parent && parent !== root) parent.kids.push(node);
    if (!parent) {
      root ??= node;
      if (node.name !== "EXPSSDA903") {
        error ??= { error: "", line: node.line };
        return;
      }
    }
    stack.push(node);
  });
  parser.on("text", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("cdata", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("closetag", () => {
    const node = stack.pop();
    if (!node || stack.length !== 1 || error) return;
    if (
      rootKid(ctx, file, set, node, n + 1, (table, r) => {
        children.add(r.v.CHILD!);
        ctx.records[table].push(r);
      })
    ) {
      n++;
      if (++pending >= childrenPerBatch) {
        pending = 0;
        flush();
      }
    }
  });
  parser.on("error", (e) => {
    error ??= { error: e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ""), line: parser.line };
  });
  for await (const text of texts) {
    parser.write(text);
    if (error) break;
  }
  if (!error) parser.close();
  if (root && root.name !== "EXPSSDA903") {
    return {
      fatal: [
        "SSDA903_NOT_903",
        `this is not an SSDA903 XML file: its root element is <${root.name}>, not <EXPSSDA903>`,
        { line: root.line },
      ],
    };
  }
  if (error || !root) {
    const at = error ?? { error: "no root element", line: 1 };
    return {
      fatal: [
        "SSDA903_XML",
        root
          ? `the XML is malformed or cut short (line ${at.line}: ${at.error})`
          : `the file is neither XML nor CSV (line ${at.line}: ${at.error})`,
        { line: at.line },
      ],
    };
  }
  if (n === 0) {
    ctx.fatal(file, "SSDA903_NO_CHILDREN", "the file lists no <CHILD>", { line: root.line });
    return undefined;
  }
  flush();
  return { table: "xml", records: n, children: children.size };
}
