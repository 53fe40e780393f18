/**
 * Disabled children on CIN support with short breaks (V3/V4 legal statuses),
 * which do not make a child looked after.
 *
 * Why apart: their referral, assessment and placements follow a fixed path
 * of their own, not the front door's routes.
 */
import type { Council } from "./council.ts";
import { CONTACT_REFERRAL, SOURCE_DESC } from "./distributions.ts";
import { assessmentFactors } from "./identifiers.ts";
import { A_SAFE } from "./model.ts";
import { T_ASSESS, T_CIN, T_CLAE, T_CLAP, T_CONTACT, T_LEGAL } from "./tableIds.ts";

/**
 * A disabled child on CIN support with short breaks, which do not make a
 * child looked after: an agreed series (V4), or now and then a single
 * short break (V3).
 */
export function shortBreakChild(g: Council, start: number, now: number): void {
  const rng = g.rng;
  g.beginChild(g.dobForAge(start, rng.range(4, 15)), now < g.simStart);
  g.disabled = true;
  g.n2 = true;
  const src = rng.chance(0.5) ? "5A" : "3F";
  const refId = g.id(T_CIN);
  g.row(T_CONTACT, [g.la, g.id(T_CONTACT), g.pid, start, src, SOURCE_DESC[src]!, CONTACT_REFERRAL]);
  const aAuth = g.cal.addWorkingDays(start, rng.range(15, 40));
  const w = g.worker(A_SAFE);
  const aId = g.id(T_ASSESS);
  g.row(T_ASSESS, [
    g.la,
    aId,
    g.pid,
    refId,
    start,
    "Y",
    aAuth <= g.endDay ? aAuth : null,
    aAuth <= g.endDay ? '["CIN_PLAN"]' : null,
    aAuth <= g.endDay ? "N" : null,
    g.workerTeam[w]!,
    g.workerIds[w]!,
    aAuth <= g.endDay ? assessmentFactors(aId) : null,
  ]);
  const seriesStart = aAuth + rng.range(10, 60);
  const single = rng.chance(0.3);
  const seriesEnd = single ? seriesStart + rng.range(1, 3) : seriesStart + 365 + rng.int(365);
  const close = Math.min(seriesEnd + rng.range(30, 400), g.age18);
  g.allocate(A_SAFE, start, close, refId, "Case closed");
  if (seriesStart <= g.endDay) {
    g.row(T_LEGAL, [g.la, g.id(T_LEGAL), g.pid, single ? "V3" : "V4", seriesStart, g.end(seriesEnd)]);
    let s = seriesStart;
    while (s < seriesEnd && s <= g.endDay) {
      const e = single ? seriesEnd : s + rng.range(1, 3);
      const periodId = g.periodId();
      const plId = g.id(T_CLAP);
      const type = rng.chance(0.6) ? "K2" : "U6";
      const done = e <= g.endDay;
      g.row(T_CLAP, [
        g.la,
        plId,
        s,
        type,
        type === "K2" ? g.urns[0]! : null,
        Math.round(rng.exp(5) * 10) / 10,
        periodId,
        "PR1",
        g.postcodes[0]!,
        g.end(e),
        null,
        g.pid,
      ]);
      g.row(T_CLAE, [
        g.la,
        g.id(T_CLAE),
        g.pid,
        s,
        "S",
        "N2",
        g.end(e),
        done ? "E4A" : null,
        periodId,
        refId,
        plId,
        s,
        null,
      ]);
      s += rng.range(25, 60);
    }
  }
  g.row(T_CIN, [
    g.la,
    refId,
    g.pid,
    start,
    "N2",
    src,
    SOURCE_DESC[src]!,
    '["ASSESSMENT"]',
    "N",
    close <= g.endDay ? "RC7" : null,
    g.end(close),
    g.workerTeam[w]!,
    g.workerIds[w]!,
  ]);
  g.endChild();
}
