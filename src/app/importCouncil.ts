/**
 * Which council an import's files belong to, in a workspace that may hold
 * several (issue 12).
 *
 * Why decided before reading: the readers give every row its la_code, and
 * an import's ledger, coverage and undo are one council's. The council is
 * the one `--council` names; else the one a CIN census header names
 * (Header/Source/LEA); else the workspace's only council. A file that names
 * another council than `--council` is refused, as are files of two
 * councils in one import. A workspace of one council keeps what it always
 * did: its council wins over a census header, with the reader's warning.
 * SSDA903 and Annex A files name no council; an SSD extract may carry an
 * `la_code` column (its first record decides; every row is checked once
 * read, councilOfRows).
 */
import { open } from "node:fs/promises";
import { UserError } from "../errors/userError.ts";
import type { SourceRows } from "../ingest/combine.ts";
import { decodeText, parseCsv } from "../ingest/text.ts";
import { councilList, type Settings } from "../workspace/settings.ts";

/** The first bytes of a census, enough to hold its header. */
const HEADER_BYTES = 64 * 1024;

/** The LA code a CIN census header names (Header/Source/LEA), or undefined when it names none. */
export async function censusHeaderLa(path: string): Promise<string | undefined> {
  const text = decodeHead(await readHead(path));
  const header = text.slice(0, text.search(/<(?:[\w.-]+:)?Children[\s>/]|$/));
  const source = /<(?:[\w.-]+:)?Source[\s>][\s\S]*?<\/(?:[\w.-]+:)?Source>/.exec(header)?.[0] ?? "";
  return /<(?:[\w.-]+:)?LEA>\s*(\d{3})\s*<\//.exec(source)?.[1];
}

/**
 * The LA code in the `la_code` column of an SSD extract's first record (a
 * CSV; undefined for a file without the column, or a Parquet file).
 */
export async function extractLa(path: string): Promise<string | undefined> {
  if (!/\.csv$/i.test(path)) return undefined;
  const { text } = decodeText(await readHead(path));
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  const [header, first] = parseCsv(complete).records;
  const column = header?.findIndex((h) => h.trim().toLowerCase() === "la_code") ?? -1;
  const la = column >= 0 ? first?.[column]?.trim() : undefined;
  return la ? la : undefined;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function decodeHead(head: Buffer): string {
  const le = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0x3c && head[1] === 0x00);
  const be = (head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0x00 && head[1] === 0x3c);
  if (le) return new TextDecoder("utf-16le").decode(head);
  if (be) return new TextDecoder("utf-16be").decode(head);
  return head.toString("latin1");
}

/**
 * The council of an import (see the module comment), or a one-line
 * UserError naming the file and the councils involved.
 */
export async function councilOfImport(
  settings: Settings,
  files: readonly { path: string; format: string }[],
  given?: string,
): Promise<string> {
  if (given !== undefined && !settings.councils.some((c) => c.laCode === given))
    throw new UserError(
      `--council ${given}: not a council of the workspace (its councils: ${councilList(settings)})`,
    );
  const named: { path: string; la: string }[] = [];
  for (const f of files) {
    const la =
      f.format === "cin"
        ? await censusHeaderLa(f.path)
        : f.format === "ssd"
          ? await extractLa(f.path)
          : undefined;
    if (la !== undefined) named.push({ path: f.path, la });
  }
  if (given !== undefined) {
    const other = named.find((n) => n.la !== given);
    if (other)
      throw new UserError(
        `${other.path}: the file names LA ${other.la} (${where(other.path, files)}), not LA ${given} as --council says; nothing was imported`,
      );
    return given;
  }
  if (settings.councils.length === 1) return settings.councils[0]!.laCode;
  const las = [...new Set(named.map((n) => n.la))];
  if (las.length > 1)
    throw new UserError(
      `the files are of ${las.length} councils (${las.map((la) => `LA ${la} in ${named.find((n) => n.la === la)!.path}`).join(", ")}): import one council's files at a time; nothing was imported`,
    );
  const [la] = las;
  if (la === undefined)
    throw new UserError(
      `the files do not name their council (SSDA903 and Annex A files never do): give it with --council LA (the workspace's councils: ${councilList(settings)}); nothing was imported`,
    );
  if (!settings.councils.some((c) => c.laCode === la))
    throw new UserError(
      `${named[0]!.path}: the file names LA ${la} (${where(named[0]!.path, files)}), which is not a council of the workspace (its councils: ${councilList(settings)}); add it to "councils" in settings.json; nothing was imported`,
    );
  return la;
}

function where(path: string, files: readonly { path: string; format: string }[]): string {
  return files.find((f) => f.path === path)?.format === "cin"
    ? "census header, Header/Source/LEA"
    : "column la_code";
}

/**
 * Refuses rows of another council than the import's (an SSD extract's
 * `la_code` column), naming the source, table and LA.
 */
export function councilOfRows(sources: readonly SourceRows[], la: string): void {
  for (const s of sources) {
    for (const [table, rows] of Object.entries(s.rows)) {
      const other = rows.find(
        (r) => r.la_code !== undefined && r.la_code !== null && String(r.la_code) !== la,
      );
      if (other)
        throw new UserError(
          `${s.name}: ${table} has rows of LA ${String(other.la_code)} (column la_code), but this import is for LA ${la}: import one council's files at a time, or give the right --council; nothing was imported`,
        );
    }
  }
}
