/**
 * The rows of a worksheet's XML (`xl/worksheets/sheetN.xml`), scanned as it
 * is inflated: `<row>` elements, their `<c>` cells (reference, style, type)
 * and each cell's text (`<v>`, or `<t>` of an inline string).
 *
 * Why not a general XML parser (saxes): a council's workbook is 90 MB of
 * sheet XML and four million elements; saxes checks every name and
 * attribute character and builds an object per element, which was half of
 * an import's reading time. A worksheet uses a handful of elements in one
 * shape, so this scans for `<` and `>` with indexOf, reads the three
 * attributes a cell needs, and keeps only what saxes would have given the
 * reader: unprefixed `row`, `c`, `v` and `t` elements, their text with
 * entities decoded and line ends normalised, comments, processing
 * instructions and CDATA skipped. What is not well formed enough to read
 * (a closing tag that does not match, a file cut short) throws.
 */

/** One row: 1-based number, cells by 1-based column index (index 0 unused). */
export interface ScannedRow {
  number: number;
  cells: unknown[];
}

/** A cell's value from its type, text and style (xlsx.ts). */
export type CellReader = (type: string, text: string, style: number) => unknown;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Scans a worksheet's XML handed in pieces; finished rows collect in `rows`. */
export class SheetScanner {
  /** Rows finished and not yet taken. */
  readonly rows: ScannedRow[] = [];
  private buf = "";
  private readonly open: string[] = [];
  private row: ScannedRow | undefined;
  private nextRow = 1;
  private col = 0;
  private type = "n";
  private style = 0;
  private text: string | undefined;
  private inValue = false;

  constructor(private readonly cell: CellReader) {}

  /** Scans the next piece of the XML. */
  write(piece: string): void {
    const buf = this.buf.length ? this.buf + piece : piece;
    let i = 0;
    for (;;) {
      const lt = buf.indexOf("<", i);
      if (lt < 0) {
        if (this.inValue) this.text += buf.slice(i);
        i = buf.length;
        break;
      }
      if (this.inValue && lt > i) this.text += buf.slice(i, lt);
      i = lt;
      const next = buf.charCodeAt(lt + 1);
      if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
        const end = special(buf, lt);
        if (end < 0) break;
        i = end;
        continue;
      }
      const gt = tagEnd(buf, lt);
      if (gt < 0) break;
      this.tag(buf, lt + 1, gt);
      i = gt + 1;
    }
    this.buf = buf.slice(i);
  }

  /** After the last piece: throws when the XML was cut short. */
  end(): void {
    if (this.buf.trim() !== "" || this.open.length > 0)
      throw new Error(
        `the sheet's XML is cut short${this.open.length ? ` (unclosed element ${this.open.at(-1)})` : ""}`,
      );
  }

  private tag(buf: string, from: number, to: number): void {
    if (buf.charCodeAt(from) === 0x2f /* / */) {
      const name = buf.slice(from + 1, to).trim();
      const opened = this.open.pop();
      if (opened !== name)
        throw new Error(
          `the sheet's XML is malformed (closing tag ${name} where ${opened ?? "nothing"} is open)`,
        );
      this.close(name);
      return;
    }
    const selfClosing = buf.charCodeAt(to - 1) === 0x2f;
    let n = from;
    while (n < to && !isSpace(buf.charCodeAt(n)) && buf.charCodeAt(n) !== 0x2f) n++;
    const name = buf.slice(from, n);
    if (name === "") throw new Error("the sheet's XML is malformed (a tag without a name)");
    switch (name) {
      case "row": {
        const r = Number(attribute(buf.slice(n, to), "r"));
        this.row = { number: Number.isInteger(r) && r > 0 ? r : this.nextRow, cells: [] };
        this.nextRow = this.row.number + 1;
        this.col = 0;
        break;
      }
      case "c": {
        const tag = buf.slice(n, to);
        const ref = attribute(tag, "r");
        const letters = ref ? /^([A-Z]+)/.exec(ref)?.[1] : undefined;
        this.col = letters ? columnNumber(letters) : this.col + 1;
        this.type = attribute(tag, "t") ?? "n";
        this.style = Number(attribute(tag, "s") ?? 0);
        this.text = undefined;
        break;
      }
      case "v":
      case "t":
        this.inValue = true;
        this.text ??= "";
        break;
    }
    if (selfClosing) this.close(name);
    else this.open.push(name);
  }

  private close(name: string): void {
    switch (name) {
      case "v":
      case "t":
        this.inValue = false;
        break;
      case "c":
        if (this.row && this.text !== undefined)
          this.row.cells[this.col] = this.cell(this.type, decode(this.text), this.style);
        break;
      case "row":
        if (this.row) this.rows.push(this.row);
        this.row = undefined;
        break;
    }
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The index of the `>` closing the tag opened at `lt` (a `>` inside a quoted value skipped), or -1 when not in `buf` yet. */
function tagEnd(buf: string, lt: number): number {
  let quote = 0;
  for (let k = lt + 1; k < buf.length; k++) {
    const c = buf.charCodeAt(k);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x3e) return k;
    else if (c === 0x22 || c === 0x27) quote = c;
  }
  return -1;
}

/** Past the comment, CDATA section, processing instruction or declaration at `lt`, or -1 when not in `buf` yet. */
function special(buf: string, lt: number): number {
  const close = buf.startsWith("<!--", lt)
    ? "-->"
    : buf.startsWith("<![CDATA[", lt)
      ? "]]>"
      : buf.charCodeAt(lt + 1) === 0x3f
        ? "?>"
        : buf.length - lt < 9
          ? undefined
          : ">";
  if (close === undefined) return -1;
  const at = buf.indexOf(close, lt + 2);
  return at < 0 ? -1 : at + close.length;
}

/** The value of attribute `name` in a tag's text (after its name). */
function attribute(tag: string, name: string): string | undefined {
  let k = 0;
  for (;;) {
    k = tag.indexOf(name, k);
    if (k < 0) return undefined;
    const before = tag.charCodeAt(k - 1);
    let j = k + name.length;
    k = j;
    if (!isSpace(before)) continue;
    while (isSpace(tag.charCodeAt(j))) j++;
    if (tag.charCodeAt(j) !== 0x3d /* = */) continue;
    j++;
    while (isSpace(tag.charCodeAt(j))) j++;
    const quote = tag[j];
    if (quote !== '"' && quote !== "'") continue;
    const end = tag.indexOf(quote, j + 1);
    return end < 0 ? undefined : decode(tag.slice(j + 1, end));
  }
}

/** Text with its entities decoded and its line ends normalised, as an XML parser gives it. */
function decode(text: string): string {
  let out = text;
  if (out.includes("\r")) out = out.replace(/\r\n?/g, "\n");
  if (!out.includes("&")) return out;
  return out.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(";"))
      throw new Error(`the sheet's XML is malformed (an unterminated entity ${whole})`);
    const known = ENTITIES[name];
    if (known !== undefined) return known;
    const code = /^#x([0-9a-f]+)$/i.exec(name)
      ? Number.parseInt(name.slice(2), 16)
      : /^#\d+$/.test(name)
        ? Number(name.slice(1))
        : undefined;
    if (code === undefined || code > 0x10ffff)
      throw new Error(`the sheet's XML is malformed (an unknown entity &${name};)`);
    return String.fromCodePoint(code);
  });
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
