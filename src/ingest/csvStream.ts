/**
 * RFC 4180 CSV split into records with the line each starts on, either a
 * whole text at once (`parseCsv`) or a block of text at a time
 * (`CsvStream`), by the one scanner.
 *
 * Why one scanner for both: a streamed import must split a file exactly
 * as the whole-file reader does (quoted delimiters, doubled quotes and
 * line breaks, CRLF, LF or CR line ends, blank lines skipped, the line
 * numbers issues name), whatever the block boundaries; a record the
 * scanner cannot yet tell is complete (it runs to the end of the text
 * seen so far) is left for the next block.
 */

/** A parsed CSV file: records of fields, and the 1-based line each record starts on. */
export interface CsvTable {
  records: string[][];
  lines: number[];
  /** The delimiter used (chosen from the header line). */
  delimiter: string;
  /** Set when the file ends inside a quoted field: the line the field opened on. */
  unterminatedQuoteLine?: number;
}

/** Records completed by a block of text, and the line each starts on. */
export interface CsvRecords {
  records: string[][];
  lines: number[];
}

/**
 * Splits CSV text into records (RFC 4180: quoted fields may hold the
 * delimiter, doubled quotes and line breaks; CRLF, LF or CR line ends).
 * The delimiter is the comma unless the first line has more tabs or
 * semicolons (Excel's "Unicode text" is tab-separated). Lines holding only
 * spaces are skipped. Never throws.
 */
export function parseCsv(text: string): CsvTable {
  const delimiter = chooseDelimiter(text);
  const out: CsvRecords = { records: [], lines: [] };
  const { unterminated } = scan(text, delimiter.charCodeAt(0), 1, true, out);
  return {
    ...out,
    delimiter,
    ...(unterminated !== undefined ? { unterminatedQuoteLine: unterminated } : {}),
  };
}

/**
 * A CSV file split a block of text at a time: `push` each decoded block,
 * then `end`; each returns the records it completed, with the same fields
 * and lines `parseCsv` gives for the whole text. Holds only the text of
 * the record not yet complete.
 */
export class CsvStream {
  /** The delimiter, once the first line is complete. */
  delimiter?: string;
  /** Set by `end` when the file ends inside a quoted field: the line the field opened on. */
  unterminatedQuoteLine?: number;
  private rest = "";
  private line = 1;
  /** The length the pending text must reach before it is scanned again (doubling, so a long record is scanned a few times, not once a block). */
  private wait = 0;

  /** Adds a block of text; returns the records it completed. */
  push(text: string): CsvRecords {
    this.rest = this.rest === "" ? text : this.rest + text;
    const out: CsvRecords = { records: [], lines: [] };
    if (this.rest.length < this.wait) return out;
    if (this.delimiter === undefined) {
      if (!/[\r\n]/.test(this.rest)) {
        this.wait = 2 * this.rest.length;
        return out;
      }
      this.delimiter = chooseDelimiter(this.rest);
    }
    const { next, line } = scan(this.rest, this.delimiter.charCodeAt(0), this.line, false, out);
    this.wait = next === 0 ? 2 * this.rest.length : 0;
    this.rest = this.rest.slice(next);
    this.line = line;
    return out;
  }

  /** Ends the text; returns the records that were waiting for it. */
  end(): CsvRecords {
    this.delimiter ??= chooseDelimiter(this.rest);
    const out: CsvRecords = { records: [], lines: [] };
    const { unterminated } = scan(this.rest, this.delimiter.charCodeAt(0), this.line, true, out);
    if (unterminated !== undefined) this.unterminatedQuoteLine = unterminated;
    this.rest = "";
    return out;
  }
}

/**
 * Scans the records of `text` (its first on line `line`) into `out`. Unless
 * `final`, a record that reaches the end of the text (or a CR there, which
 * may be the first half of a CRLF) is not taken: `next` is where it starts.
 */
function scan(
  text: string,
  d: number,
  line: number,
  final: boolean,
  out: CsvRecords,
): { next: number; line: number; unterminated?: number } {
  let i = 0;
  const n = text.length;
  let unterminated: number | undefined;
  while (i < n) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        const openLine = line;
        i++;
        let parts = "";
        let from = i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            unterminated = openLine;
            parts += text.slice(from);
            line += countBreaks(text, from, n);
            i = n;
            break;
          }
          line += countBreaks(text, i, q);
          if (text.charCodeAt(q + 1) === 34) {
            parts += text.slice(from, q + 1);
            i = q + 2;
            from = i;
            continue;
          }
          parts += text.slice(from, q);
          i = q + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
        const k = fieldEnd(text, i, d);
        value = parts + text.slice(i, k);
        i = k;
        blank = false;
      } else {
        const k = fieldEnd(text, i, d);
        value = text.slice(i, k);
        if (value.trim() !== "") blank = false;
        i = k;
      }
      fields.push(value);
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        blank = false;
        continue;
      }
      break;
    }
    if (!final && (i >= n || (text.charCodeAt(i) === 13 && i + 1 >= n)))
      return { next: start, line: startLine };
    if (i < n) {
      if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i += 2;
      else i++;
      line++;
    }
    if (!blank) {
      out.records.push(fields);
      out.lines.push(startLine);
    }
  }
  return { next: n, line, ...(unterminated !== undefined ? { unterminated } : {}) };
}

/** Where the unquoted text from `i` ends: at the delimiter `d`, a line end, or the end of the text. */
function fieldEnd(text: string, i: number, d: number): number {
  let k = i;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === d || c === 10 || c === 13) break;
    k++;
  }
  return k;
}

function countBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) count++;
    else if (c === 13 && text.charCodeAt(k + 1) !== 10) count++;
  }
  return count;
}

function chooseDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const first = end < 0 ? text : text.slice(0, end);
  const count = (ch: string) => first.split(ch).length - 1;
  const commas = count(",");
  const tabs = count("\t");
  const semis = count(";");
  if (tabs > commas && tabs >= semis) return "\t";
  if (semis > commas && semis > tabs) return ";";
  return ",";
}
