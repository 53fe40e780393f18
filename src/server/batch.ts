/**
 * Items gathered while a write waits its turn, written together.
 *
 * Why: every view of child-level rows appends an audit entry before the
 * page is shown, and each append on its own is a DuckDB commit, one at a
 * time in the write queue; under load the commits, not the pages, set the
 * pace. Entries that arrive while a batch waits join it, and each caller
 * still waits until its own entry is written (or the batch fails).
 */

/** Collects items and hands each batch to `flush`, one batch at a time (flush queues its own write). */
export class Batcher<T> {
  private pending: T[] = [];
  private next: Promise<void> | undefined;

  constructor(private readonly flush: (take: () => T[]) => Promise<void>) {}

  /** Adds `item` to the batch not yet started; resolves once that batch is written. */
  add(item: T): Promise<void> {
    this.pending.push(item);
    if (this.next) return this.next;
    let taken = false;
    const run = this.flush(() => {
      taken = true;
      const batch = this.pending;
      this.pending = [];
      this.next = undefined;
      return batch;
    });
    if (!taken) this.next = run;
    return run;
  }
}
