/**
 * The column buffers of one Appender data chunk, filled in plain JavaScript.
 *
 * Why apart from loader.ts: filling needs no DuckDB, so a worker thread (the
 * synthetic generator's, synth/loadWorker.ts) can fill chunks while the main
 * thread appends the previous ones; the filled buffers cross to it as
 * transferable ArrayBuffers and loader.ts copies them into DuckDB vectors.
 */
import { toDayNumber } from "../calendar/dates.ts";
import type { ColumnType } from "../model/tables.ts";

/** A value a canonical row may hold: text, an ISO date (for DATE columns), a number, or empty. */
export type CellValue = string | number | null | undefined;

/** The column types a chunk holds: the canonical ones, and BOOLEAN for system tables. */
export type LoaderType = ColumnType | "BOOLEAN";

/** Rows in one data chunk (DuckDB's standard vector size). */
export const CHUNK_ROWS = 2048;
const STRING_SLOT = 16;
const INLINE_MAX = 12;

/**
 * One column of a filled chunk: its values as DuckDB lays them out (`bytes`, strings of up
 * to 12 ASCII bytes inline in 16-byte slots), its validity bits, and the longer strings by row.
 */
export interface FilledColumn {
  bytes: Uint8Array;
  validity: Uint8Array;
  long: [number, string][];
}

/** Bytes a value of `type` takes in a chunk's data buffer. */
export function columnWidth(type: LoaderType): number {
  return type === "VARCHAR" ? STRING_SLOT : type === "DOUBLE" ? 8 : type === "BOOLEAN" ? 1 : 4;
}

/** One column's values for the chunk being filled. */
export class ColumnBuffer {
  validity: Uint8Array = new Uint8Array(CHUNK_ROWS / 8);
  bytes: Uint8Array;
  long: [number, string][] = [];
  private ints?: Int32Array;
  private doubles?: Float64Array;

  constructor(
    private readonly type: LoaderType,
    private readonly name: string,
  ) {
    this.bytes = new Uint8Array(CHUNK_ROWS * columnWidth(type));
    this.typedViews();
  }

  private typedViews(): void {
    if (this.type === "DATE" || this.type === "INTEGER") this.ints = new Int32Array(this.bytes.buffer);
    if (this.type === "DOUBLE") this.doubles = new Float64Array(this.bytes.buffer);
  }

  /**
   * Hands over the filled buffers (e.g. to transfer to another thread) and goes on in `spare`'s
   * (buffers handed over before and given back, of this column), or in new ones. Every value
   * set overwrites its bytes and validity bit, so a spare needs no clearing.
   */
  take(spare?: FilledColumn): FilledColumn {
    const filled = { bytes: this.bytes, validity: this.validity, long: this.long };
    this.bytes = spare ? spare.bytes : new Uint8Array(this.bytes.length);
    this.validity = spare ? spare.validity : new Uint8Array(CHUNK_ROWS / 8);
    this.long = [];
    this.typedViews();
    return filled;
  }

  /** Sets row `i`'s value; DATE values may be day numbers. */
  set(i: number, value: CellValue): void {
    const bit = 1 << (i & 7);
    if (value === null || value === undefined || value === "") {
      this.validity[i >> 3]! &= ~bit;
      return;
    }
    this.validity[i >> 3]! |= bit;
    switch (this.type) {
      case "VARCHAR":
        this.setString(i, typeof value === "string" ? value : String(value));
        return;
      case "DATE":
        this.ints![i] = typeof value === "number" ? value : toDayNumber(value);
        return;
      case "INTEGER": {
        const n = typeof value === "number" ? value : Number(value);
        if (!Number.isInteger(n) || n > 2147483647 || n < -2147483648)
          throw new Error(`${this.name}: not a whole number`);
        this.ints![i] = n;
        return;
      }
      case "DOUBLE": {
        const n = typeof value === "number" ? value : Number(value);
        if (!Number.isFinite(n)) throw new Error(`${this.name}: not a number`);
        this.doubles![i] = n;
        return;
      }
      case "BOOLEAN":
        if (value === 1 || value === "Y") this.bytes[i] = 1;
        else if (value === 0 || value === "N") this.bytes[i] = 0;
        else throw new Error(`${this.name}: not 1/0 or Y/N`);
        return;
      default:
        throw new Error(`${this.name}: unsupported type ${this.type satisfies never}`);
    }
  }

  // Byte loops, not `fill`: a slot is 16 bytes, and a call to the builtin per value cost more
  // than the copy (3% of the load's CPU at England scale).
  private setString(i: number, s: string): void {
    const at = i * STRING_SLOT;
    const bytes = this.bytes;
    const n = s.length;
    if (n <= INLINE_MAX) {
      let ascii = true;
      for (let j = 0; j < n; j++) {
        const code = s.charCodeAt(j);
        if (code > 127) {
          ascii = false;
          break;
        }
        bytes[at + 4 + j] = code;
      }
      if (ascii) {
        bytes[at] = n;
        bytes[at + 1] = 0;
        bytes[at + 2] = 0;
        bytes[at + 3] = 0;
        for (let j = at + 4 + n; j < at + STRING_SLOT; j++) bytes[j] = 0;
        return;
      }
    }
    for (let j = at; j < at + STRING_SLOT; j++) bytes[j] = 0;
    this.long.push([i, s]);
  }
}
