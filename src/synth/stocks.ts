/**
 * The stocks on the first simulated day: children already in care, care
 * leavers who left before it, and children already on short breaks.
 *
 * Why: flows alone would start the council empty; the stocks are drawn
 * length-biased from the same spell model, so the caseload is in a steady
 * state from day one.
 */
import { entryAgeDays, probeSpells, sampleSpell } from "./careSpells.ts";
import type { Council } from "./council.ts";
import { SOURCES, UASC_NATIONALITIES } from "./distributions.ts";
import { contactThenReferral } from "./frontDoor.ts";
import {
  ADOPTION_SPELL_DAYS,
  CARE_START_RATE,
  DAYS_PER_YEAR,
  SHORT_BREAK_RATE,
  TREND,
  UASC_START_RATE,
} from "./model.ts";
import { shortBreakChild } from "./shortBreaks.ts";

/** Children already in care on the first simulated day, drawn length-biased from the same spells. */
export function stockInCare(g: Council, uasc: boolean): void {
  const rng = g.rng;
  const rate = uasc ? UASC_START_RATE : CARE_START_RATE;
  const trend = (1 + TREND) ** ((g.t0 - g.mid) / DAYS_PER_YEAR);
  const est = probeSpells(g, uasc).meanDays;
  const n = rng.poisson(rate * g.unit * trend * est);
  const maxDays = 18 * DAYS_PER_YEAR;
  for (let k = 0; k < n; k++) {
    let ageDays = 0;
    for (;;) {
      ageDays = entryAgeDays(g, uasc);
      sampleSpell(g, ageDays, uasc);
      if (g.spellReason === "E11" || g.spellReason === "E12") g.spellDays = ADOPTION_SPELL_DAYS;
      if (rng.next() * maxDays < g.spellDays) break;
    }
    const entry = g.t0 - 1 - Math.floor(rng.next() * g.spellDays);
    g.beginChild(entry - Math.round(ageDays), true);
    g.uasc = uasc;
    g.forcedSpell = { days: g.spellDays, reason: g.spellReason, route: g.spellRoute };
    g.minExit = g.t0;
    const r = uasc ? entry : entry - rng.int(120);
    const src = uasc ? "5C" : SOURCES.pick(rng);
    contactThenReferral(g, r, src, entry);
    g.endChild(uasc ? UASC_NATIONALITIES.pick(rng) : null);
  }
}

/** Care leavers who left care before the first simulated day and are still under 22. */
export function stockLeavers(g: Council): void {
  const rng = g.rng;
  // Care leavers leaving a year: a share of care spells end at 16+ after 13 weeks.
  const trend = (1 + TREND) ** ((g.t0 - g.mid) / DAYS_PER_YEAR);
  const local = CARE_START_RATE * probeSpells(g, false).leaverShare;
  const asylum = UASC_START_RATE * probeSpells(g, true).leaverShare;
  const n = rng.poisson((local + asylum) * g.unit * DAYS_PER_YEAR * trend * 6);
  for (let k = 0; k < n; k++) {
    const uasc = rng.chance(asylum / (local + asylum));
    let ageDays = 0;
    for (;;) {
      ageDays = entryAgeDays(g, uasc);
      sampleSpell(g, ageDays, uasc);
      const exitAge = ageDays + g.spellDays;
      if (
        g.spellReason !== "E11" &&
        g.spellReason !== "E12" &&
        exitAge >= 16 * DAYS_PER_YEAR &&
        g.spellDays >= 91
      )
        break;
    }
    const exit = g.t0 - 1 - rng.int(Math.round(6 * DAYS_PER_YEAR));
    const entry = exit - g.spellDays;
    const dob = entry - Math.round(ageDays);
    if (g.cal.addYears(dob, 22) <= g.simStart) continue;
    g.beginChild(dob, true);
    g.uasc = uasc;
    g.forcedSpell = { days: g.spellDays, reason: g.spellReason, route: g.spellRoute };
    contactThenReferral(g, uasc ? entry : entry - rng.int(120), uasc ? "5C" : SOURCES.pick(rng), entry);
    g.endChild(uasc ? UASC_NATIONALITIES.pick(rng) : null);
  }
}

/** Children already on short breaks on the first simulated day (started up to 18 months before). */
export function stockShortBreaks(g: Council): void {
  const n = g.rng.poisson(SHORT_BREAK_RATE * g.unit * DAYS_PER_YEAR * 1.5);
  for (let k = 0; k < n; k++) shortBreakChild(g, g.t0 - g.rng.int(540), g.t0);
}
