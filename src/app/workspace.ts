/**
 * An open workspace shared by many requests at once (the web server, a
 * report being built while an import runs).
 *
 * Why: one DuckDB connection cannot serve two requests at a time, and two
 * writers would interleave their transactions. Each read gets a connection
 * of its own and runs in one transaction, so it sees one consistent
 * snapshot of the figures (all before or all after a recompute, never a
 * mix); writes wait in a queue and run one at a time, in the order asked.
 * The command line, one request per process, uses openWorkspace directly.
 */
import { type Database, inTransaction } from "../db/database.ts";
import { UserError } from "../errors/userError.ts";
import type { Settings } from "../workspace/settings.ts";
import { type OpenWorkspaceOptions, openWorkspace, type Workspace } from "../workspace/workspace.ts";

/**
 * A workspace for concurrent use.
 *
 * @example
 *   const ws = await WorkspaceHandle.open("ws", { readOnly: true });
 *   const [a, b] = await Promise.all([
 *     ws.read((w) => query(w.db, "SELECT count(*) AS n FROM indicator_values")),
 *     ws.read((w) => readCoverage(w.db)),
 *   ]);
 *   await ws.close();
 */
export class WorkspaceHandle {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly ws: Workspace) {}

  /** Opens a workspace folder (read-only: no writes, and other read-only processes may share it). */
  static async open(dir: string, options: OpenWorkspaceOptions = {}): Promise<WorkspaceHandle> {
    return new WorkspaceHandle(await openWorkspace(dir, options));
  }

  /**
   * A handle over a workspace already open (the caller still closes it):
   * for a server given its workspace by whoever opened it.
   */
  static over(ws: Workspace): WorkspaceHandle {
    return new WorkspaceHandle(ws);
  }

  /** The workspace folder (absolute). */
  get dir(): string {
    return this.ws.dir;
  }

  /** The workspace's settings, as read when it was opened. */
  get settings(): Settings {
    return this.ws.settings;
  }

  /** Whether the workspace was opened read-only. */
  get readOnly(): boolean {
    return this.ws.db.readOnly === true;
  }

  /**
   * Runs `fn` on a connection of its own, inside one transaction: any
   * number run at once, each seeing the figures as the last committed write
   * left them, whatever is written meanwhile.
   */
  async read<T>(fn: (ws: Workspace) => Promise<T>): Promise<T> {
    this.checkOpen();
    const base = this.ws.db;
    if (!base.connect) throw new Error("this database cannot open further connections");
    const connection = await base.connect();
    const db: Database = {
      connection,
      readOnly: base.readOnly === true,
      connect: base.connect,
      own: true,
      close() {},
    };
    try {
      return await inTransaction(db, () => fn({ ...this.ws, db }));
    } finally {
      connection.closeSync();
    }
  }

  /**
   * Queues `fn` behind every write asked before it and runs it alone on
   * the workspace's own connection; resolves or rejects with its result.
   * A failed write does not stop the ones queued after it.
   */
  write<T>(fn: (ws: Workspace) => Promise<T>): Promise<T> {
    this.checkOpen();
    if (this.readOnly) {
      return Promise.reject(new UserError(`the workspace ${this.ws.dir} was opened read-only`));
    }
    const run = this.queue.then(() => fn(this.ws));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for the queued writes, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    this.ws.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("the workspace is closed");
  }
}
