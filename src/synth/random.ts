/**
 * A small, fast, seedable pseudo-random generator for the synthetic council.
 *
 * Why our own: `Math.random` cannot be seeded, and the synthetic council
 * must be identical for a given seed on every machine. sfc32 passes
 * PractRand, needs only 32-bit integer arithmetic and is several times
 * faster than anything allocating.
 */

/** sfc32 generator with the sampling helpers the generator needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the four state words from one integer through splitmix32. */
  constructor(seed: number) {
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let k = 0; k < 15; k++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** 32 random bits as an unsigned integer, for drawing several small values at once. */
  bits(): number {
    return Math.floor(this.next() * 4294967296);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi], both ends inclusive. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Standard normal (Box–Muller, one of the pair). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  /** Poisson count with the given mean (normal approximation above 40). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** A fixed categorical distribution, sampled by a linear scan of cumulative weights. */
export class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: Float64Array;

  /** Entries as [value, weight]; weights need not sum to 1. */
  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.items = entries.map((e) => e[0]);
    this.cumulative = new Float64Array(entries.length);
    const total = entries.reduce((s, e) => s + e[1], 0);
    let run = 0;
    entries.forEach((e, k) => {
      run += e[1] / total;
      this.cumulative[k] = run;
    });
    this.cumulative[entries.length - 1] = 1;
  }

  /** One value drawn from the distribution. */
  pick(rng: Rng): T {
    const u = rng.next();
    const c = this.cumulative;
    let k = 0;
    while (u >= c[k]!) k++;
    return this.items[k]!;
  }
}
