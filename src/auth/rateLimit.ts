/**
 * Sign-in attempts allowed per client address in a sliding window.
 *
 * Why in memory: it throttles guessing across accounts from one address
 * while the server runs; the lockout of one account after repeated
 * failures is kept in the users table and survives a restart.
 */

/** A sliding-window counter of failures per key. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** True when `key` has already used up its failures in the window ending `now`. */
  blocked(key: string, now: number): boolean {
    return this.recent(key, now).length >= this.limit;
  }

  /** Records one failure of `key` at `now`. */
  fail(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.hits.set(key, list);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }
}
