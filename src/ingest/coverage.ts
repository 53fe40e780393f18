/**
 * Where a file's data becomes complete enough to report from.
 *
 * Why: a case-management extract (or an Annex A) carries its front door's
 * events back years, but thinly — an old contact for a child in care since
 * 2006 — and counting from the oldest record would report years of
 * near-empty figures as if they were real. The data is taken to start at
 * the beginning of the unbroken run of months, ending at the latest month,
 * whose counts reach 30% of the average of the latest 12 calendar months.
 */
import { addMonths } from "../calendar/dates.ts";
import type { Row } from "../db/database.ts";
import { EVENTS } from "./combine.ts";

/** Share of the recent monthly average a month must reach to count as steady. */
const STEADY_SHARE = 0.3;

/** The first day of the data's steady run of months (the earliest date itself when that is the first month); undefined without dates. */
export function steadyFrom(dates: readonly string[]): string | undefined {
  const tally = new MonthTally();
  for (const d of dates) tally.add(d);
  return tally.steadyFrom();
}

/** Dates counted by month, with the earliest and the latest: all steadyFrom needs, kept as dates arrive. */
export class MonthTally {
  private readonly byMonth = new Map<string, number>();
  /** Dates added. */
  n = 0;
  earliest?: string;
  latest?: string;

  add(d: string): void {
    const m = d.slice(0, 7);
    this.byMonth.set(m, (this.byMonth.get(m) ?? 0) + 1);
    this.n++;
    if (this.earliest === undefined || d < this.earliest) this.earliest = d;
    if (this.latest === undefined || d > this.latest) this.latest = d;
  }

  /** steadyFrom of the dates added. */
  steadyFrom(): string | undefined {
    const { byMonth, earliest, latest } = this;
    if (earliest === undefined || latest === undefined) return undefined;
    const month = (m: string, k: number) => addMonths(`${m}-01`, k).slice(0, 7);
    const last = latest.slice(0, 7);
    const first = earliest.slice(0, 7);
    let recent = 0;
    let n = 0;
    for (let m = last; n < 12 && m >= first; m = month(m, -1), n++) recent += byMonth.get(m) ?? 0;
    const threshold = (recent / n) * STEADY_SHARE;
    let from = last;
    for (let m = month(last, -1); m >= first && (byMonth.get(m) ?? 0) >= threshold; m = month(m, -1))
      from = m;
    return from === first ? earliest : `${from}-01`;
  }
}

/**
 * The period the event dates of canonical rows cover, up to `today`: from
 * the month the front door's records (contacts, else referrals, else every
 * dated event) become steady to the latest event. Rows are added as they
 * come (a streamed import adds a chunk at a time), and only counts by month
 * are kept.
 */
export class RowDates {
  private readonly contacts = new MonthTally();
  private readonly referrals = new MonthTally();
  private readonly every = new MonthTally();

  constructor(private readonly today: string) {}

  add(rows: Record<string, readonly Row[]>): void {
    for (const [table, list] of Object.entries(rows)) {
      const columns = EVENTS[table]?.dates ?? [];
      if (columns.length === 0) continue;
      const front =
        table === "ssd_contacts" ? this.contacts : table === "ssd_cin_episodes" ? this.referrals : undefined;
      for (const r of list)
        for (const c of columns) {
          const d = r[c];
          if (typeof d !== "string" || d > this.today) continue;
          this.every.add(d);
          front?.add(d);
        }
    }
  }

  /** The period, or undefined without a dated event. */
  period(): { from: string; to: string } | undefined {
    const front = this.contacts.n ? this.contacts : this.referrals.n ? this.referrals : this.every;
    const from = front.steadyFrom();
    const to = this.every.latest;
    return from && to ? { from, to } : undefined;
  }
}
