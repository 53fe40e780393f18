/**
 * The care spell model: age on entering care, how a spell ends (adoption,
 * special guardianship, home, 18 …) and how long it lasts, by age.
 *
 * Why apart: the same draw serves children entering care during the run and
 * the stocks drawn for the first simulated day, which also probe it with a
 * fixed seed to size themselves.
 */
import type { Council } from "./council.ts";
import { CARE_ENTRY_AGE, OTHER_EXIT, RETURN_HOME, SGO_KIN, SGO_OTHER } from "./distributions.ts";
import { ADOPTION_SPELL_DAYS, DAYS_PER_YEAR, R_COURT, R_REMAND, R_S20, R_UASC } from "./model.ts";
import { Rng } from "./random.ts";

/** Draws a care spell for a child entering care at `ageDays`: spellDays, spellReason, spellRoute. */
export function sampleSpell(g: Council, ageDays: number, uasc: boolean): void {
  const rng = g.rng;
  const y = ageDays / DAYS_PER_YEAR;
  const to18 = 18 * DAYS_PER_YEAR - ageDays;
  const u = rng.next();
  let days: number;
  let reason: string;
  if (uasc) {
    g.spellRoute = R_UASC;
    if (u < 0.05) {
      reason = "E15";
      days = 10 + rng.exp(120);
    } else if (u < 0.09) {
      reason = rng.chance(0.5) ? "E16" : "E8";
      days = 30 + rng.exp(300);
    } else {
      reason = "18";
      days = to18;
    }
  } else {
    let pAdopt: number;
    let pSgo: number;
    let pHome: number;
    let pOther: number;
    if (y < 1) [pAdopt, pSgo, pHome, pOther] = [0.55, 0.15, 0.12, 0.03];
    else if (y < 5) [pAdopt, pSgo, pHome, pOther] = [0.34, 0.18, 0.24, 0.04];
    else if (y < 10) [pAdopt, pSgo, pHome, pOther] = [0.01, 0.12, 0.42, 0.06];
    else if (y < 14) [pAdopt, pSgo, pHome, pOther] = [0, 0.05, 0.45, 0.08];
    else if (y < 16) [pAdopt, pSgo, pHome, pOther] = [0, 0.02, 0.42, 0.1];
    else [pAdopt, pSgo, pHome, pOther] = [0, 0, 0.31, 0.06];
    if (u < pAdopt) {
      reason = rng.chance(0.9) ? "E11" : "E12";
      days = 0; // set by the adoption timeline
    } else if (u < pAdopt + pSgo) {
      reason = rng.chance(0.72) ? SGO_KIN.pick(rng) : SGO_OTHER.pick(rng);
      days = 240 + rng.exp(330);
    } else if (u < pAdopt + pSgo + pHome) {
      reason = RETURN_HOME.pick(rng);
      days = rng.chance(0.15) ? 1 + rng.int(7) : 20 + rng.exp(230);
    } else if (u < pAdopt + pSgo + pHome + pOther) {
      reason = OTHER_EXIT.pick(rng);
      days = 30 + rng.exp(400);
    } else if (rng.chance(y < 10 ? 0.62 : 0.8)) {
      reason = "18";
      days = to18;
    } else {
      reason = rng.chance(0.6) ? RETURN_HOME.pick(rng) : rng.chance(0.5) ? "E41" : "E13";
      days = 700 + rng.exp(1100);
    }
    if (y >= 10 && reason !== "18" && rng.chance(0.05)) {
      g.spellRoute = R_REMAND;
      reason = "E14";
      days = 5 + rng.exp(60);
    } else if (u < pAdopt + pSgo) g.spellRoute = R_COURT;
    else if (reason === "E4A" || reason === "E4B")
      g.spellRoute = rng.chance(y < 10 ? 0.35 : 0.55) ? R_S20 : R_COURT;
    else g.spellRoute = rng.chance(y >= 16 ? 0.6 : 0.15) ? R_S20 : R_COURT;
  }
  if (reason !== "E11" && reason !== "E12" && days >= to18) {
    reason = "18";
    days = to18;
  }
  g.spellDays = Math.max(1, Math.round(days));
  g.spellReason = reason;
}

/** Age in days on entering care, by England's age profile (UASC: 14 to nearly 18). */
export function entryAgeDays(g: Council, uasc: boolean): number {
  const rng = g.rng;
  if (uasc) return (14 + rng.next() * 3.9) * DAYS_PER_YEAR;
  const y = CARE_ENTRY_AGE.pick(rng);
  return (y + (y === 0 ? rng.next() ** 2 : rng.next())) * DAYS_PER_YEAR;
}

/**
 * Mean length of a care spell and the share ending as a care leaver (at 16+
 * after 13 weeks, not adopted), from a fixed-seed sample of the spell model,
 * to size the stocks on the first day.
 */
export function probeSpells(g: Council, uasc: boolean): { meanDays: number; leaverShare: number } {
  const saved = g.rng;
  g.rng = new Rng(12345 + (uasc ? 1 : 0));
  let total = 0;
  let leavers = 0;
  const n = 20000;
  for (let k = 0; k < n; k++) {
    const age = entryAgeDays(g, uasc);
    sampleSpell(g, age, uasc);
    const adopted = g.spellReason === "E11" || g.spellReason === "E12";
    total += adopted ? ADOPTION_SPELL_DAYS : g.spellDays;
    if (!adopted && age + g.spellDays >= 16 * DAYS_PER_YEAR && g.spellDays >= 91) leavers++;
  }
  g.rng = saved;
  return { meanDays: total / n, leaverShare: leavers / n };
}
