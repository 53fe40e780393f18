/**
 * Leaving care: the personal adviser's allocation, contacts every couple of
 * months to the 22nd birthday, and the care leaver snapshot row.
 */
import type { Council } from "./council.ts";
import {
  LEAVER_ACCOMMODATION,
  LEAVER_ACTIVITY,
  LEAVER_IN_TOUCH,
  UNSUITABLE_ACCOMMODATION,
} from "./distributions.ts";
import { A_LEAVE, DAYS_PER_YEAR } from "./model.ts";
import type { Rng } from "./random.ts";
import { T_CLEA, T_CLEC } from "./tableIds.ts";

/**
 * Leaving-care contacts every ~2 months to the 22nd birthday, the personal adviser, and the
 * snapshot row. The row is kept to the 25th birthday (a former relevant care leaver's
 * entitlement to a personal adviser), so returns written for past years still hold those now
 * 22–24; after 22 it has no adviser, worker or pathway plan and takes no random draw, so the
 * rest of a seed's council is unchanged.
 */
export function careLeaver(g: Council, leave: number): void {
  const rng = g.rng;
  const until = g.cal.addYears(g.dob, 22);
  g.allocate(A_LEAVE, leave, until, null, "Leaving care ended");
  let accom = LEAVER_ACCOMMODATION.pick(rng);
  let activity = LEAVER_ACTIVITY.pick(rng);
  let suitable = suitableFor(accom, rng);
  let lastDate = 0;
  let lastTouch = "";
  let lastAccom: string | null = null;
  let lastSuit: string | null = null;
  let lastAct: string | null = null;
  let c = leave + rng.range(10, 60);
  const stop = Math.min(until, g.endDay + 1);
  if (c < g.histCut) c += Math.floor((g.histCut - c) / 60) * 60;
  while (c < stop) {
    if (rng.chance(0.15)) {
      accom = LEAVER_ACCOMMODATION.pick(rng);
      suitable = suitableFor(accom, rng);
    }
    if (rng.chance(0.15)) activity = LEAVER_ACTIVITY.pick(rng);
    const age = (c - g.dob) / DAYS_PER_YEAR;
    const young = age < 18;
    const touch = LEAVER_IN_TOUCH.pick(rng);
    const yes = touch === "YES";
    // Under 18: not on their own (U, K), nor staying put with former foster carers (Z: DfE rule 3001); a Foyer
    // (T) from 19 only, so never under 18 at the start of a return's year (347).
    const a =
      (young && (accom === "U" || accom === "K" || accom === "Z")) || (accom === "T" && age < 19)
        ? "D"
        : accom;
    const act = young && !activity.startsWith("G") ? "F2" : activity;
    if (c >= g.histCut) {
      g.row(T_CLEC, [
        g.la,
        g.id(T_CLEC),
        g.pid,
        c,
        touch,
        yes ? a : null,
        yes ? suitable : null,
        yes ? act : null,
      ]);
    }
    lastDate = c;
    lastTouch = touch;
    lastAccom = yes ? a : null;
    lastSuit = yes ? suitable : null;
    lastAct = yes ? act : null;
    c += rng.range(40, 80);
  }
  if (leave <= g.endDay && g.endDay < until) {
    const age = (g.endDay - g.dob) / DAYS_PER_YEAR;
    const w = g.worker(A_LEAVE);
    g.row(T_CLEA, [
      g.la,
      g.id(T_CLEA),
      g.pid,
      age >= 18 ? "FORMER_RELEVANT" : "RELEVANT",
      lastDate > 0 ? lastTouch : null,
      lastDate > 0 ? lastDate : null,
      lastAccom,
      lastSuit,
      lastAct,
      lastDate > 0 ? Math.max(leave, lastDate - rng.int(150)) : null,
      g.paNames[rng.int(g.paNames.length)] ?? null,
      g.workerTeam[w]!,
      g.workerIds[w]!,
    ]);
    g.relevant = true;
  } else if (leave <= g.endDay && g.endDay < g.cal.addYears(g.dob, 25)) {
    g.row(T_CLEA, [
      g.la,
      g.id(T_CLEA),
      g.pid,
      "FORMER_RELEVANT",
      lastDate > 0 ? lastTouch : null,
      lastDate > 0 ? lastDate : null,
      lastAccom,
      lastSuit,
      lastAct,
      null,
      null,
      null,
      null,
    ]);
  }
}

function suitableFor(accom: string, rng: Rng): string {
  return UNSUITABLE_ACCOMMODATION.has(accom) ? "2" : rng.chance(0.95) ? "1" : "2";
}
