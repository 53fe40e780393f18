/**
 * One piece of database work at a time.
 *
 * Why: the workspace has one DuckDB connection, and explain and breakdown
 * build temporary tables on it; two requests interleaving their awaits
 * would read each other's tables.
 */

/** Runs the functions given to `run` one after another, in arrival order. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after everything queued before it; its result or error is passed on. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
