/**
 * SAX events into element trees: each container element (a `<Child>`, its
 * `<CINdetails>` …) is built from its leaves and nested containers, checked
 * against the census's element list and years, and handed on when it
 * closes: the header to header.ts, each child to child.ts, then dropped.
 */
import { readChild } from "./child.ts";
import { CONTAINERS, ELEMENT_YEARS, REPEATABLE } from "./codes.ts";
import type { Frame, Node, ReadContext, Val } from "./context.ts";
import { readHeader } from "./header.ts";

/** Thrown to stop the parse once a file-level error is recorded (the reader catches it). */
export class Fatal extends Error {}

/** Connects the context's parser to the element handlers below (once, before the first write). */
export function listen(ctx: ReadContext): void {
  const p = ctx.parser;
  // Nothing more is read once the file has failed (no closure per event: a census has millions).
  p.on("opentag", (tag) => {
    if (!ctx.fatal) onOpen(ctx, tag.name);
    ctx.lastTagLine = p.line;
  });
  p.on("text", (text) => {
    if (!ctx.fatal) onText(ctx, text);
  });
  p.on("cdata", (text) => {
    if (!ctx.fatal) onText(ctx, text);
  });
  p.on("closetag", () => {
    if (!ctx.fatal) onClose(ctx);
    ctx.lastTagLine = p.line;
  });
  p.on("error", (err) => parseError(ctx, err.message));
}

/** Each container's elements, as a set. */
const ALLOWED = new Map(Object.entries(CONTAINERS).map(([name, kids]) => [name, new Set(kids)]));

function parseError(ctx: ReadContext, raw: string): void {
  if (ctx.fatal) return;
  // saxes prefixes "line:column: "; the issue carries the line separately.
  const message = raw.replace(/^(?:[^:]*:)?\d+:\d+: /, "");
  const where = `line ${ctx.parser.line}, column ${ctx.parser.column + 1}`;
  const notXml = !ctx.sawRoot;
  ctx.fail(
    "CIN_XML",
    notXml
      ? `the file is not XML (${where}: ${message})`
      : `the XML is malformed or cut short (${where}: ${message})`,
    ctx.parser.line,
    ctx.currentPath(),
    "",
  );
}

function onOpen(ctx: ReadContext, qname: string): void {
  const name = localName(qname);
  const line = ctx.parser.line;
  if (ctx.skipDepth > 0) {
    ctx.skipDepth++;
    return;
  }
  const parent = ctx.stack.at(-1);
  if (!parent) {
    ctx.sawRoot = true;
    if (name !== "Message") {
      ctx.fail(
        "CIN_NOT_CIN",
        `this is not a CIN census file: its root element is <${name}>, not <Message>`,
        line,
        name,
        "",
      );
      throw new Fatal();
    }
    ctx.stack.push(frame(name, line, name, undefined, false));
    return;
  }
  const allowed = ALLOWED.get(parent.name);
  let path = `${parent.path}/${name}`;
  if (REPEATABLE.has(name)) {
    // Counted only where a path numbers them: a 200 MB census opens millions of elements.
    parent.counts ??= new Map();
    const index = (parent.counts.get(name) ?? 0) + 1;
    parent.counts.set(name, index);
    path += `[${index}]`;
  }
  if (!allowed?.has(name)) {
    ctx.issue(
      "warning",
      "CIN_UNKNOWN_ELEMENT",
      parent.isLeaf
        ? `<${name}> inside <${parent.name}>, which holds a value: the element was ignored`
        : `<${name}> is not a CIN census element inside <${parent.name}>: it and its contents were ignored`,
      line,
      path,
      "",
    );
    ctx.skipDepth = 1;
    return;
  }
  checkElementYear(ctx, name, line, path);
  if (name === "Children") ctx.sawChildren = true;
  if (name === "Child") {
    ctx.childHook?.open(line);
    ctx.childIndex++;
  }
  const isLeaf = CONTAINERS[name] === undefined;
  const node =
    isLeaf || name === "Children"
      ? undefined
      : { name, line, path, leaf: new Map(), multi: undefined, kids: [] };
  ctx.stack.push(frame(name, line, path, node, isLeaf));
}

function onText(ctx: ReadContext, text: string): void {
  if (ctx.skipDepth > 0) return;
  const top = ctx.stack.at(-1);
  if (!top) return;
  if (top.isLeaf) {
    top.text += text;
  } else if (!top.warnedText && text.trim() !== "") {
    top.warnedText = true;
    const leading = text.slice(0, text.length - text.trimStart().length);
    ctx.issue(
      "warning",
      "CIN_STRAY_TEXT",
      `text "${text.trim().slice(0, 40)}" sits directly inside <${top.name}> (outside any element): it was ignored`,
      ctx.lastTagLine + (leading.match(/\n/g)?.length ?? 0),
      top.path,
      text.trim(),
    );
  }
}

function onClose(ctx: ReadContext): void {
  if (ctx.skipDepth > 0) {
    ctx.skipDepth--;
    return;
  }
  const f = ctx.stack.pop();
  if (!f) return;
  const parent = ctx.stack.at(-1)?.node;
  if (f.isLeaf) {
    if (!parent) return;
    const v: Val = { text: f.text.trim(), line: f.line, path: f.path };
    if (REPEATABLE.has(f.name)) {
      parent.multi ??= new Map();
      const list = parent.multi.get(f.name);
      if (list) list.push(v);
      else parent.multi.set(f.name, [v]);
    } else if (parent.leaf.has(f.name)) {
      ctx.at(
        "warning",
        "CIN_REPEATED_ELEMENT",
        v,
        `<${f.name}> appears more than once in <${parent.name}>: the first (line ${parent.leaf.get(f.name)!.line}) was used`,
      );
    } else {
      parent.leaf.set(f.name, v);
    }
    return;
  }
  if (!f.node) return;
  if (f.name === "Child") {
    readChild(ctx, f.node);
    ctx.childHook?.close(ctx.parser.line);
  } else if (f.name === "Header") readHeader(ctx, f.node);
  else if (parent) parent.kids.push(f.node);
}

function checkElementYear(ctx: ReadContext, name: string, line: number, path: string): void {
  const span = ELEMENT_YEARS.get(name);
  const year = ctx.collectionYear;
  if (!span || year === undefined || ctx.warnedOnce.has(name)) return;
  if ((span.from !== undefined && year < span.from) || (span.until !== undefined && year > span.until)) {
    ctx.warnedOnce.add(name);
    const when = span.from !== undefined ? `from ${span.from}` : `until ${span.until}`;
    ctx.issue(
      "warning",
      "CIN_ELEMENT_YEAR",
      `<${name}> belongs to the CIN census ${when}, but this file is for ${year}: it was read anyway (reported once per file)`,
      line,
      path,
      "",
    );
  }
}

function frame(name: string, line: number, path: string, node: Node | undefined, isLeaf: boolean): Frame {
  return { name, line, path, node, isLeaf, text: "", counts: undefined, warnedText: false };
}

function localName(qname: string): string {
  const colon = qname.indexOf(":");
  return colon < 0 ? qname : qname.slice(colon + 1);
}
