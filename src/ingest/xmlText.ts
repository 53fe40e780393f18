/**
 * XML text decoded without a parser, for the byte scans that read a few
 * elements or attributes straight from a file (an xlsx's parts, a CIN
 * census's child ids): what a parser would give for the same text.
 */

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * `text` with XML's five named entities and its character references
 * (`&#49;`, `&#x31;`) decoded, in one pass; anything else is left as written.
 */
export function decodeXmlReferences(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== "#") return NAMED[name]!;
    const code = name[1] === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
