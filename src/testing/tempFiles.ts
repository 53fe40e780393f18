/**
 * A temporary folder for a test file's generated inputs, made before its
 * tests and removed after them.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";

export interface TempFiles {
  /** A path inside the folder. */
  path(name: string): string;
  /** A new, unused path with this extension. */
  next(ext?: string): string;
  /** Writes content to a new file and returns its path. */
  write(content: string | Uint8Array, ext?: string): string;
}

/** Registers a temporary folder for the calling test file; `ext` is the default file extension. */
export function tempFiles(prefix: string, ext: string): TempFiles {
  let dir = "";
  let count = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const files: TempFiles = {
    path: (name) => join(dir, name),
    next: (e = ext) => join(dir, `f${++count}.${e}`),
    write(content, e = ext) {
      const path = files.next(e);
      writeFileSync(path, content);
      return path;
    },
  };
  return files;
}
