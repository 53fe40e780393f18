/**
 * The 903 XML form (`EXPSSDA903`) into the same records as the CSV files:
 * each `<CHILD>`'s header, its repeated elements (reviews, missing, OC2,
 * placed for adoption) and episodes, labelled by element path for issues.
 *
 * Why a small tree: 903 XML files are a few MB at most, so the whole-file
 * reader parses the file (saxes) before records are taken from it; the
 * streamed import (xmlStream.ts) builds one `<CHILD>` at a time instead and
 * takes its records through the same `rootKid`.
 */
import { SaxesParser } from "saxes";
import type { ReadContext } from "./context.ts";
import { type Raw, type Records, SSDA903_FILES, type Ssda903File } from "./format.ts";

/** XML element names that map to a 903 CSV field of another name. */
const XML_FIELD: Record<string, string> = { CHILDID: "CHILD", PL: "PLACE" };

/** The records of one XML file (of set `set`), or undefined after an error saying why the file was not read. */
export function xml(
  ctx: ReadContext,
  file: string,
  set: number,
  text: string,
): { table: "xml"; records: number; raws: Partial<Records> } | undefined {
  const root = parseXml(text);
  if ("error" in root) {
    ctx.fatal(
      file,
      "SSDA903_XML",
      root.sawRoot
        ? `the XML is malformed or cut short (line ${root.line}: ${root.error})`
        : `the file is neither XML nor CSV (line ${root.line}: ${root.error})`,
      { line: root.line },
    );
    return undefined;
  }
  if (root.name !== "EXPSSDA903") {
    ctx.fatal(
      file,
      "SSDA903_NOT_903",
      `this is not an SSDA903 XML file: its root element is <${root.name}>, not <EXPSSDA903>`,
      { line: root.line },
    );
    return undefined;
  }
  const raws: Partial<Records> = {};
  const push = (table: Ssda903File, r: Raw) => {
    const list = raws[table] ?? [];
    list.push(r);
    raws[table] = list;
  };
  let n = 0;
  for (const child of root.kids) if (rootKid(ctx, file, set, child, n + 1, push)) n++;
  if (n === 0) {
    ctx.fatal(file, "SSDA903_NO_CHILDREN", "the file lists no <CHILD>", { line: root.line });
    return undefined;
  }
  return { table: "xml", records: n, raws };
}

/**
 * One element inside `<EXPSSDA903>`: a `<CHILD>` (the `n`-th) into its
 * records, each handed to `push` (a record without a CHILD id is reported
 * instead), or a warning that the element is not a 903 one. Returns
 * whether it was a `<CHILD>`.
 */
export function rootKid(
  ctx: ReadContext,
  file: string,
  set: number,
  child: XmlNode,
  n: number,
  push: (table: Ssda903File, r: Raw) => void,
): boolean {
  if (child.name !== "CHILD") {
    ctx.issue({
      severity: "warning",
      file,
      line: child.line,
      column: child.name,
      value: "",
      rule: "SSDA903_UNKNOWN_ELEMENT",
      message: `<${child.name}> is not an SSDA903 element inside <EXPSSDA903>: it was ignored`,
    });
    return false;
  }
  const add = (table: Ssda903File, r: Raw) => {
    if (ctx.childOk(r)) push(table, r);
  };
  const base = `CHILD[${n}]`;
  const header = child.kids.find((k) => k.name === "HEADER");
  const h = leaves(header);
  const id = h.CHILD?.text ?? "";
  const raw = (node: XmlNode | undefined, path: string, fields: Record<string, XmlLeaf>): Raw => {
    const v: Record<string, string> = { CHILD: id };
    const labels: Record<string, string> = { CHILD: `${base}/HEADER/CHILDID` };
    for (const [f, leaf] of Object.entries(fields)) {
      v[f] = leaf.text;
      labels[f] = `${path}/${leaf.name}`;
    }
    return { file, set, line: node?.line ?? child.line, v, labels };
  };
  const pick = (names: readonly string[]) =>
    Object.fromEntries(names.filter((f) => h[f]).map((f) => [f, h[f]!])) as Record<string, XmlLeaf>;
  const hp = `${base}/HEADER`;
  add("header", raw(header, hp, pick([...SSDA903_FILES.header, "UASC"])));
  const flag = h.UASC?.text ?? "";
  if ((flag !== "" && flag !== "0") || (h.DUC?.text ?? "") !== "")
    add("uasc", raw(header, hp, pick(["SEX", "DOB", "DUC"])));
  if (["DATE_INT", "DATE_MATCH", "FOSTER_CARE"].some((f) => h[f]?.text))
    add("ad1", raw(header, hp, pick(SSDA903_FILES.ad1)));
  if (["IN_TOUCH", "ACTIV", "ACCOM"].some((f) => h[f]?.text))
    add("oc3", raw(header, hp, pick(SSDA903_FILES.oc3)));
  const repeated: [string, Ssda903File][] = [
    ["AREVIEW", "reviews"],
    ["AMISSING", "missing"],
    ["AD_PLACED", "placed_for_adoption"],
    ["OC2", "oc2"],
  ];
  for (const [element, table] of repeated) {
    let k = 0;
    for (const node of header?.kids ?? []) {
      if (node.name !== element) continue;
      const path = `${hp}/${element}[${++k}]`;
      add(table, raw(node, path, { ...pick(["DOB"]), ...leaves(node) }));
    }
  }
  let e = 0;
  for (const node of child.kids) {
    if (node.name !== "EPISODE") continue;
    add("episodes", raw(node, `${base}/EPISODE[${++e}]`, leaves(node)));
  }
  return true;
}

/** An element read: its name, the line its start tag ends on, its text and its child elements. */
export interface XmlNode {
  name: string;
  line: number;
  text: string;
  kids: XmlNode[];
}

interface XmlLeaf {
  name: string;
  text: string;
}

/** The leaf children of an element, keyed by 903 field name (the first of each). */
function leaves(node: XmlNode | undefined): Record<string, XmlLeaf> {
  const out: Record<string, XmlLeaf> = {};
  for (const k of node?.kids ?? []) {
    if (k.kids.length > 0) continue;
    const field = XML_FIELD[k.name] ?? k.name;
    out[field] ??= { name: k.name, text: k.text.trim() };
  }
  return out;
}

function parseXml(text: string): XmlNode | { error: string; line: number; sawRoot: boolean } {
  const parser = new SaxesParser({ position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let error: { error: string; line: number } | undefined;
  parser.on("opentag", (tag) => {
    const name = tag.name.includes(":") ? tag.name.slice(tag.name.indexOf(":") + 1) : tag.name;
    const node: XmlNode = { name, line: parser.line, text: "", kids: [] };
    const parent = stack.at(-1);
    if (parent) parent.kids.push(node);
    else root ??= node;
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
    stack.pop();
  });
  parser.on("error", (e) => {
    error ??= { error: e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ""), line: parser.line };
  });
  const slice = 1 << 16;
  for (let at = 0; at < text.length && !error; at += slice) parser.write(text.slice(at, at + slice));
  if (!error) parser.close();
  if (error) return { ...error, sawRoot: root !== undefined };
  if (!root) return { error: "no root element", line: 1, sawRoot: false };
  return root;
}
