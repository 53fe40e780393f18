/**
 * What happens during a period of care besides placements: visits, health
 * and dental checks, missing episodes with return interviews, and the
 * permanence record (adoption or special guardianship).
 *
 * Why apart from the period: these rows are only written from the start of
 * the emitted range (older ones feed no indicator), a rule the period itself
 * does not follow.
 */
import type { Council } from "./council.ts";
import { DAYS_PER_YEAR } from "./model.ts";
import { T_CLAV, T_HEALTH, T_MISS, T_MRHI, T_PERM } from "./tableIds.ts";

/**
 * Visits, health checks and missing episodes of a period of care, written
 * from the start of the emitted range (older ones are not needed by any
 * indicator and would only add volume).
 */
export function careDetail(
  g: Council,
  periodId: string,
  entry: number,
  exit: number,
  ageAtEntry: number,
): void {
  const rng = g.rng;
  const stop = Math.min(exit, g.endDay + 1);
  if (stop <= g.histCut) return;
  // Visits: within a week of each placement starting, then every 3–6 weeks (sometimes later: 5,536 in 65,536 at England's lateness).
  const timely = 65_536 - 5_536 * g.lateness;
  for (let k = 0; k < g.plCount; k++) {
    const ps = g.plStart[k]!;
    const pe = k + 1 < g.plCount ? g.plStart[k + 1]! : stop;
    if (pe <= g.histCut) continue;
    let v = ps + 1 + rng.int(6);
    if (v < g.histCut) v += Math.floor((g.histCut - v) / 31) * 31;
    while (v < pe && v < stop) {
      if (v >= g.histCut) {
        const bits = rng.bits();
        g.row(T_CLAV, [
          g.la,
          g.id(T_CLAV),
          periodId,
          g.pid,
          v,
          (bits & 255) < 246 ? "Y" : "N",
          v - g.dob < 4 * DAYS_PER_YEAR || ((bits >>> 8) & 255) >= 154 ? "N" : "Y",
        ]);
        const gap = bits >>> 16;
        v += gap < timely ? 20 + (gap % 23) : 43 + (gap % 23);
      } else v += rng.range(20, 42);
    }
  }
  // Health: initial assessment within 28 days, reviews 6-monthly under 5 and yearly after; dental yearly.
  if (stop - entry > 20) {
    let h = entry + rng.range(7, 28);
    let type = "HA_INITIAL";
    while (h < stop) {
      if (h >= g.histCut) g.row(T_HEALTH, [g.la, g.id(T_HEALTH), g.pid, type, h, "COMPLETED"]);
      const under5 = (h - g.dob) / DAYS_PER_YEAR < 5;
      h += rng.chance(0.74) ? (under5 ? 182 : 365) - rng.int(45) : (under5 ? 182 : 365) + rng.range(30, 150);
      type = "HA_REVIEW";
    }
    let dnt = entry + rng.range(30, 200);
    if (dnt - g.dob < DAYS_PER_YEAR) dnt = g.dob + 400;
    while (dnt < stop) {
      if (dnt >= g.histCut) g.row(T_HEALTH, [g.la, g.id(T_HEALTH), g.pid, "DENTAL", dnt, "COMPLETED"]);
      dnt += rng.chance(0.74) ? 365 - rng.int(60) : 365 + rng.range(30, 150);
    }
  }
  // Missing: a minority of older children go missing often.
  const prone = ageAtEntry >= 9 && rng.chance(0.2);
  const mean = prone ? 40 : 1500;
  const from = Math.max(entry, g.histCut, g.dob + Math.round(10 * DAYS_PER_YEAR));
  let m = from + Math.round(rng.exp(mean));
  while (m < stop) {
    const len = rng.chance(0.5) ? 0 : rng.chance(0.6) ? 1 : rng.chance(0.6) ? 2 : rng.range(3, 7);
    // Back before the period of care ends: a child still missing when care ended would leave it E8 (DfE rule 580).
    const end = Math.min(m + len, exit - 1);
    const missingId = g.id(T_MISS);
    const ended = end <= g.endDay;
    const offered = ended && rng.chance(0.86);
    const accepted = offered && rng.chance(0.7);
    g.row(T_MISS, [
      g.la,
      missingId,
      g.pid,
      m,
      rng.chance(0.85) ? "M" : "A",
      g.end(end),
      ended ? (offered ? "Y" : "N") : null,
      ended ? (accepted ? "Y" : "N") : null,
    ]);
    if (accepted) {
      const rhi = end + (rng.chance(0.8) ? rng.int(4) : rng.range(4, 12));
      if (rhi <= g.endDay) g.row(T_MRHI, [g.la, g.id(T_MRHI), missingId, g.pid, rhi]);
    }
    m = end + 1 + Math.round(rng.exp(mean));
  }
}

/** The permanence row of a period ending in adoption (its timeline) or special guardianship (the order). */
export function permanence(
  g: Council,
  periodId: string,
  adoption: boolean,
  adm: number,
  po: number,
  matched: number,
  placed: number,
  pfc: number,
  exit: number,
): void {
  const e = g.endDay;
  const orderMade = exit <= e;
  if (adoption) {
    if (adm > e) return;
    g.row(T_PERM, [
      g.la,
      g.id(T_PERM),
      g.pid,
      periodId,
      adm,
      null,
      po <= e ? po : null,
      placed <= e ? placed : null,
      matched <= e ? matched : null,
      pfc > 0 ? "Y" : "N",
      null,
      null,
      pfc > 0 && pfc <= e ? pfc : null,
      null,
      orderMade ? exit : null,
      orderMade ? "Adoption" : null,
    ]);
  } else if (orderMade) {
    g.row(T_PERM, [
      g.la,
      g.id(T_PERM),
      g.pid,
      periodId,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      exit,
      "Special guardianship order",
    ]);
  }
}
