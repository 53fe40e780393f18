/**
 * The front door of the synthetic council: arrivals (new children and
 * unaccompanied asylum-seeking children), contacts and referrals one after
 * another, and each referral's assessment, route and closure.
 *
 * Why one module: a referral decides where the child goes next (closed at
 * assessment, CIN plan, S47, care), so the career loop and the referral that
 * drives it are read together. Rates per 10,000 children aged 0–17 a year.
 */
import { entryAgeDays } from "./careSpells.ts";
import { s47, transferIn } from "./childProtection.ts";
import type { Council } from "./council.ts";
import {
  ARRIVAL_AGE,
  CONTACT_NON_REFERRAL,
  CONTACT_REFERRAL,
  NEEDS,
  SOURCE_DESC,
  SOURCES,
  UASC_NATIONALITIES,
} from "./distributions.ts";
import { assessmentFactors } from "./identifiers.ts";
import { care } from "./lookedAfter.ts";
import { A_ASSESS, A_CLA, A_SAFE, DAYS_PER_YEAR } from "./model.ts";
import { T_ASSESS, T_CIN, T_CONTACT, T_STRAT } from "./tableIds.ts";

/** Share of first-time children recorded as having had a CP plan before the data. */
const P_PREVIOUS_PLAN_HISTORY = 0.24;
/** Chance a first contact becomes a referral, and a later one. */
const P_REFER_FIRST = 0.175;
const P_REFER_AGAIN = 0.25;
const P_REFER_AFTER_REFERRAL = 0.6;
/** Chance of another contact after a contact that was not referred, and the mean gap in days. */
const P_CONTACT_AGAIN = 0.6;
const CONTACT_GAP_DAYS = 110;
/** Chance of coming back after a referral closes; a share come back quickly. */
const P_RETURN_AFTER_REFERRAL = 0.58;
const P_QUICK_RETURN = 0.8;
const QUICK_RETURN_DAYS = 80;
const SLOW_RETURN_DAYS = 300;
/** Of referrals: no further action before assessment. */
const P_REFERRAL_NFA = 0.08;
/** Of assessed referrals: straight into care, a S47 enquiry, a strategy discussion deciding no S47. */
const P_DIRECT_CARE = 0.038;
const P_S47 = 0.39;
const P_SD_NFA = 0.085;
/** Of assessed referrals with neither: closed at assessment (else a CIN plan). */
const P_CLOSE_AT_ASSESSMENT = 0.62;
/** Assessments within 45 working days at the middle of the data, and the drift a year. */
const P_ASSESS_TIMELY = 0.85;
const ASSESS_TIMELY_DRIFT = 0.02;

/** A child making first contact on `day`: drawn, its whole career written, then the child row. */
export function newChild(g: Council, day: number): void {
  const rng = g.rng;
  const age = ARRIVAL_AGE.pick(rng);
  g.beginChild(g.dobForAge(day, age), day < g.simStart);
  if (rng.chance(P_PREVIOUS_PLAN_HISTORY * Math.min(1, age / 4))) g.prevPlans = rng.chance(0.2) ? 2 : 1;
  career(g, day, false);
  g.endChild();
}

/** An unaccompanied asylum-seeking child arriving on `day`, who enters care the same day. */
export function uascChild(g: Council, day: number): void {
  const rng = g.rng;
  const ageDays = entryAgeDays(g, true);
  g.beginChild(day - Math.round(ageDays), day < g.simStart);
  g.uasc = true;
  g.sex = rng.chance(0.92) ? "M" : "F";
  contactThenReferral(g, day, rng.chance(0.6) ? "5C" : rng.chance(0.5) ? "6" : "8", day);
  g.endChild(UASC_NATIONALITIES.pick(rng));
}

/** A contact referred on `r` that sends the child into care on `careEntry`, and perhaps a later career of returns. */
export function contactThenReferral(g: Council, r: number, src: string, careEntry: number): void {
  g.row(T_CONTACT, [g.la, g.id(T_CONTACT), g.pid, r, src, SOURCE_DESC[src]!, CONTACT_REFERRAL]);
  const close = referral(g, r, src, careEntry);
  if (close <= g.endDay && !g.careerOver && g.rng.chance(g.returnChance(P_RETURN_AFTER_REFERRAL * 0.6))) {
    career(g, close + 30 + Math.round(g.rng.exp(400)), true);
  }
}

/** Contacts and referrals, one after another, until the child stops coming back. */
function career(g: Council, start: number, returning: boolean): void {
  const rng = g.rng;
  let t = start;
  let p = returning ? P_REFER_AFTER_REFERRAL : P_REFER_FIRST;
  while (t <= g.endDay && t < g.age18 - 14 && !g.careerOver) {
    const src = SOURCES.pick(rng);
    const referred = rng.chance(p);
    g.row(T_CONTACT, [
      g.la,
      g.id(T_CONTACT),
      g.pid,
      t,
      src,
      SOURCE_DESC[src]!,
      referred ? CONTACT_REFERRAL : CONTACT_NON_REFERRAL.pick(rng),
    ]);
    if (referred) {
      const close = referral(g, t, src);
      if (close > g.endDay || g.careerOver || !rng.chance(g.returnChance(P_RETURN_AFTER_REFERRAL))) return;
      const quick = rng.chance(P_QUICK_RETURN);
      t = close + 3 + Math.round(quick ? rng.exp(QUICK_RETURN_DAYS) : rng.exp(SLOW_RETURN_DAYS));
      p = quick ? g.returnChance(P_REFER_AFTER_REFERRAL) : P_REFER_AGAIN;
    } else {
      p = P_REFER_AGAIN;
      if (!rng.chance(P_CONTACT_AGAIN)) return;
      t += 1 + Math.round(rng.exp(CONTACT_GAP_DAYS));
    }
  }
}

/**
 * One referral (CIN episode) from its date to closure, with everything
 * inside it; returns the closure day (after the data when still open).
 * `forcedCare` ≥ 0 sends the child into care on that day.
 */
function referral(g: Council, r: number, src: string, forcedCare = -1): number {
  const rng = g.rng;
  const cal = g.cal;
  const refId = g.id(T_CIN);
  const need = g.uasc ? "N8" : g.n2 ? "N2" : NEEDS.pick(rng);
  const w = g.worker(A_ASSESS);
  let close: number;
  let reason = "RC7";
  let outcome = '["ASSESSMENT"]';
  let nfa = "N";
  let careEntry = -1;
  if (forcedCare < 0 && !g.uasc && rng.chance(P_REFERRAL_NFA)) {
    close = r + rng.int(8);
    nfa = "Y";
    outcome = '["NFA"]';
    reason = rng.chance(0.6) ? "RC8" : "RC9";
    g.allocate(A_ASSESS, r, close, refId, "Case closed");
  } else {
    const aStart = cal.addWorkingDays(r, rng.int(3));
    const pTimely = P_ASSESS_TIMELY + (ASSESS_TIMELY_DRIFT * (aStart - g.mid)) / DAYS_PER_YEAR;
    const wd = rng.chance(g.onTime(pTimely))
      ? 45 - Math.floor(42 * rng.next() ** 1.4)
      : 46 + Math.floor(rng.exp(14));
    // Authorised by the 18th birthday at the latest, when the case closes.
    const aAuth = Math.min(cal.addWorkingDays(aStart, wd), g.age18);
    // Route after the front door: 0 close at assessment, 1 CIN plan, 2 S47 (or a transfer-in conference), 3 care.
    let route: number;
    if (forcedCare >= 0 || g.uasc) route = 3;
    else {
      const v = rng.next();
      const pCare = P_DIRECT_CARE * g.careFactor(r);
      route = v < pCare ? 3 : v < pCare + P_S47 ? 2 : rng.chance(P_CLOSE_AT_ASSESSMENT) ? 0 : 1;
      if (g.n2 && route === 0 && rng.chance(0.7)) route = 1;
      if (route < 2 && rng.chance(P_SD_NFA / (1 - P_DIRECT_CARE - P_S47))) strategyNfa(g, refId, r);
    }
    let assessOutcome = route === 0 ? '["NFA"]' : route === 3 ? '["CLA"]' : '["CIN_PLAN"]';
    // The stretch after the assessment team: from `longFrom`, CIN support until `cinFrom` + duration, or care.
    let longFrom = aAuth;
    let cinFrom = -1;
    let closeFrom = aAuth;
    // An S47 ending in no further action closes the case as no longer in need (RC7): DfE's RC8 and RC9 are for a case closed at assessment, with no S47 (rule 2990).
    let afterS47 = false;
    if (route === 3) {
      careEntry = forcedCare >= 0 ? forcedCare : g.uasc ? r : r + rng.int(30);
      if (careEntry >= g.age18 - 7) {
        careEntry = -1;
        route = 1;
        cinFrom = aAuth;
      } else if (careEntry < longFrom) longFrom = careEntry;
    } else if (route === 1) cinFrom = aAuth;
    else if (route === 2) {
      assessOutcome = '["S47"]';
      const res = rng.chance(0.03) ? transferIn(g, refId, r) : s47(g, refId, r, true);
      if (res === -1) {
        route = 0;
        afterS47 = true;
        closeFrom = Math.max(g.lastS47End, aAuth);
        assessOutcome = '["NFA"]';
      } else if (res === -2) cinFrom = aAuth;
      else {
        if (res < longFrom) longFrom = res;
        if (g.lastPlanEndedInCare && res < g.age18 - 7) careEntry = res;
        else if (rng.chance(0.72)) cinFrom = res;
        else closeFrom = res;
      }
    }
    const assessNfa = route === 0 ? "Y" : "N";
    if (aStart <= g.endDay) {
      const done = aAuth <= g.endDay;
      const aId = g.id(T_ASSESS);
      g.row(T_ASSESS, [
        g.la,
        aId,
        g.pid,
        refId,
        aStart,
        rng.chance(0.97) ? "Y" : "N",
        done ? aAuth : null,
        done ? assessOutcome : null,
        done ? assessNfa : null,
        g.workerTeam[w]!,
        g.workerIds[w]!,
        done ? assessmentFactors(aId) : null,
      ]);
    } else g.relevant = true;
    if (route === 0) outcome = '["NFA"]';
    if (careEntry >= 0) {
      g.allocate(A_ASSESS, r, longFrom, refId, "Case transferred");
      if (careEntry > longFrom) g.allocate(A_SAFE, longFrom, careEntry, refId, "Case transferred");
      if (careEntry > g.endDay) {
        close = careEntry;
        g.relevant = true;
      } else {
        // The SSDA903 category of need is N1–N8: a child referred as N0 (not stated) or N9 (not in need) is in need once in care.
        const exit = care(g, refId, careEntry, need === "N9" || need === "N0" ? "N1" : need);
        g.allocate(A_CLA, careEntry, exit, refId, exit >= g.age18 ? "Left care" : "Case closed");
        close = exit;
        if (exit <= g.endDay) {
          reason = closeReasonForExit(g.spellReason);
          if (reason === "RC7" && !g.careerOver && exit < g.age18 - 60 && rng.chance(0.6)) {
            close = exit + 30 + rng.int(150);
            g.allocate(A_SAFE, exit, close, refId, "Case closed");
          }
        }
      }
    } else if (cinFrom >= 0) {
      const months = g.n2 ? 12 + rng.exp(30) : 2 + rng.exp(6);
      // Closed by the 18th birthday, before any reassessment or S47 is placed in it.
      close = Math.min(cinFrom + Math.round(months * 30.4), g.age18);
      if (close - aAuth > 150 && rng.chance(0.35))
        reassessment(g, refId, aAuth + 90 + rng.int(close - aAuth - 120), close);
      if (close - aAuth > 60 && rng.chance(0.045))
        s47(g, refId, aAuth + 30 + rng.int(close - aAuth - 40), false);
      reason = rng.chance(0.88) ? "RC7" : (["RC3", "RC4", "RC5", "RC6"][rng.int(4)] ?? "RC7");
      g.allocate(A_ASSESS, r, longFrom, refId, "Case transferred");
      g.allocate(A_SAFE, longFrom, close, refId, "Case closed");
    } else {
      close = closeFrom + rng.int(12);
      if (route === 0) {
        const atAssessment = rng.chance(0.65) ? "RC8" : "RC9";
        reason = afterS47 ? "RC7" : atAssessment;
        g.allocate(A_ASSESS, r, close, refId, "Case closed");
      } else {
        g.allocate(A_ASSESS, r, longFrom, refId, "Case transferred");
        g.allocate(A_SAFE, longFrom, close, refId, "Case closed");
      }
    }
    // A case does not close before its assessment is authorised (DfE rules 8565 and 8867).
    if (close < aAuth) close = aAuth;
  }
  if (close >= g.age18 && careEntry < 0) close = g.age18;
  const open = close > g.endDay;
  g.row(T_CIN, [
    g.la,
    refId,
    g.pid,
    r,
    need,
    src,
    SOURCE_DESC[src]!,
    outcome,
    nfa,
    open ? null : reason,
    g.end(close),
    g.workerTeam[w]!,
    g.workerIds[w]!,
  ]);
  return close;
}

function strategyNfa(g: Council, refId: string, r: number): void {
  const day = g.cal.addWorkingDays(r, g.rng.int(4));
  if (day > g.endDay) return;
  g.row(T_STRAT, [g.la, g.id(T_STRAT), g.pid, refId, day, null, "NFA"]);
}

/** A reassessment during CIN support, authorised by the case's closure at the latest. */
function reassessment(g: Council, refId: string, start: number, close: number): void {
  const rng = g.rng;
  if (start > g.endDay) return;
  const auth = Math.min(g.cal.addWorkingDays(start, 10 + rng.int(40)), close);
  const w = g.worker(A_SAFE);
  const done = auth <= g.endDay;
  const aId = g.id(T_ASSESS);
  g.row(T_ASSESS, [
    g.la,
    aId,
    g.pid,
    refId,
    start,
    "Y",
    done ? auth : null,
    done ? '["CIN_PLAN"]' : null,
    done ? "N" : null,
    g.workerTeam[w]!,
    g.workerIds[w]!,
    done ? assessmentFactors(aId) : null,
  ]);
}

function closeReasonForExit(reason: string): string {
  switch (reason) {
    case "E11":
    case "E12":
      return "RC1";
    case "E2":
      return "RC2";
    case "E41":
      return "RC3";
    case "E45":
    case "E46":
    case "E47":
    case "E48":
      return "RC4";
    case "E3":
      return "RC5";
    case "E7":
      return "RC6";
    default:
      return "RC7";
  }
}
