/**
 * An import that dies just before its commit, as a crash or a killed
 * process would: run as a script (`node --import tsx killedImport.ts DIR
 * FILE…`), it imports the files into workspace DIR and sends itself SIGKILL
 * after every row is written and before the transaction commits.
 *
 * Why a script of its own: the all-or-nothing test needs a process to die
 * mid-import; the import takes the kill as an option (`beforeCommit`), so
 * nothing in the product's own path reads a test switch.
 */
import { importFiles } from "../app/import.ts";
import { openWorkspace } from "../workspace/workspace.ts";

/** The script itself: this file's path, to spawn with `node --import tsx`. */
export const KILLED_IMPORT_SCRIPT = import.meta.filename;

/** Imports `paths` into the workspace at `dir`, killing this process just before the commit. */
export async function importThenDie(dir: string, paths: readonly string[]): Promise<void> {
  const ws = await openWorkspace(dir);
  try {
    await importFiles(ws, paths, {
      beforeCommit: () => {
        process.kill(process.pid, "SIGKILL");
      },
    });
  } finally {
    ws.close();
  }
}

if (process.argv[1] === import.meta.filename) {
  const [dir, ...paths] = process.argv.slice(2);
  if (!dir || paths.length === 0) throw new Error("usage: killedImport.ts DIR FILE…");
  await importThenDie(dir, paths);
}
