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

/** Share of the recent monthly average a month must reach to count as steady. */
const STEADY_SHARE = 0.3;

/** The first day of the data's steady run of months (the earliest date itself when that is the first month); undefined without dates. */
export function steadyFrom(dates: readonly string[]): string | undefined {
  if (dates.length === 0) return undefined;
  const byMonth = new Map<string, number>();
  let earliest = dates[0] as string;
  let latest = earliest;
  for (const d of dates) {
    const m = d.slice(0, 7);
    byMonth.set(m, (byMonth.get(m) ?? 0) + 1);
    if (d < earliest) earliest = d;
    if (d > latest) latest = d;
  }
  const month = (m: string, k: number) => addMonths(`${m}-01`, k).slice(0, 7);
  const last = latest.slice(0, 7);
  const first = earliest.slice(0, 7);
  let recent = 0;
  let n = 0;
  for (let m = last; n < 12 && m >= first; m = month(m, -1), n++) recent += byMonth.get(m) ?? 0;
  const threshold = (recent / n) * STEADY_SHARE;
  let from = last;
  for (let m = month(last, -1); m >= first && (byMonth.get(m) ?? 0) >= threshold; m = month(m, -1)) from = m;
  return from === first ? earliest : `${from}-01`;
}
