/**
 * The end record of a zip file (an xlsx workbook is one): how many entries
 * its central directory holds, and where that directory is. Shared by the
 * workbook reader and the Annex A writer, which rewrites the directory's
 * timestamps so that the same data gives the same bytes.
 */
import type { FileHandle } from "node:fs/promises";

/** A zip's central directory, as its end record describes it. */
export interface ZipEnd {
  count: number;
  directorySize: number;
  directoryOffset: number;
  /** Where the end record itself starts in the file. */
  endAt: number;
}

/** Reads the end record from the last 64 KB of the file; undefined when there is none (not a zip, or cut short). */
export async function readZipEnd(handle: FileHandle, size: number): Promise<ZipEnd | undefined> {
  const tailLength = Math.min(size, 65_557);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      return {
        count: tail.readUInt16LE(i + 10),
        directorySize: tail.readUInt32LE(i + 12),
        directoryOffset: tail.readUInt32LE(i + 16),
        endAt: size - tailLength + i,
      };
    }
  }
  return undefined;
}
