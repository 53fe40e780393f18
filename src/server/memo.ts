/**
 * A small cache of recent results by key, least recently used out first.
 *
 * Why: the figures and the rows behind them do not change while the server
 * holds the workspace (nothing is imported or computed meanwhile), and the
 * rows of a figure take a DuckDB query of up to a second on a mid-size
 * council. A failed result is not kept. Whatever changes the workspace
 * must `clear()` (a result being made then is dropped with the rest).
 */
export class Memo<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly size: number) {}

  /** The result for `key`, made by `make` when not held. */
  get(key: string, make: () => Promise<T>): Promise<T> {
    const held = this.entries.get(key);
    if (held) {
      this.entries.delete(key);
      this.entries.set(key, held);
      return held;
    }
    const made = make();
    this.entries.set(key, made);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }

  /** Forgets everything held. */
  clear(): void {
    this.entries.clear();
  }
}
