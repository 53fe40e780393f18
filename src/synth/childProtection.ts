/**
 * Child protection in the synthetic council: strategy discussions and S47
 * enquiries, initial conferences (and transfer-in conferences), CP plans
 * with their reviews and visits.
 *
 * Why here: a plan's end decides what the referral does next (close, CIN
 * support, care), which these functions return to the front door.
 */
import type { Council } from "./council.ts";
import { ABUSE, PARTICIPATION } from "./distributions.ts";
import { A_SAFE, DAYS_PER_YEAR } from "./model.ts";
import { T_CPP, T_CPREV, T_CPVIS, T_ICPC, T_S47, T_STRAT } from "./tableIds.ts";

/** Of S47 enquiries: an ICPC; of ICPCs: a plan; of ICPCs within 15 working days. */
const P_ICPC = 0.3;
const P_PLAN = 0.8;
const P_ICPC_TIMELY = 0.8;
/** Of ended CP plans: the child becomes looked after (the plan ends that day). */
const P_CARE_AFTER_PLAN = 0.15;

/**
 * A strategy discussion and the S47 it initiates, then perhaps an ICPC and
 * a CP plan. Returns -1 (no further action), -2 (continue as CIN) or the
 * day the resulting CP plan ended.
 */
export function s47(g: Council, refId: string, r: number, conference: boolean): number {
  const rng = g.rng;
  const cal = g.cal;
  const sd = cal.addWorkingDays(r, rng.int(3));
  if (sd > g.endDay) {
    g.relevant = true;
    return -2;
  }
  const s47Id = g.id(T_S47);
  const w = g.worker(A_SAFE);
  g.row(T_STRAT, [g.la, g.id(T_STRAT), g.pid, refId, sd, s47Id, "S47"]);
  let s47End: number;
  let outcome: string;
  let result: number;
  g.lastPlanEndedInCare = false;
  if (conference && rng.chance(P_ICPC)) {
    const wd = rng.chance(g.onTime(P_ICPC_TIMELY)) ? rng.range(6, 15) : rng.range(16, 30);
    const icpcDay = cal.addWorkingDays(sd, wd);
    const end = cal.addWorkingDays(sd, rng.range(3, 10));
    s47End = Math.min(end, icpcDay);
    // No conference once the child is 18 (icpc() holds none): the enquiry ends without one (CIN rule 8868).
    outcome = icpcDay >= g.age18 ? '["CIN_PLAN"]' : '["ICPC"]';
    result = icpc(g, refId, s47Id, sd, icpcDay, false);
  } else {
    s47End = cal.addWorkingDays(sd, rng.range(4, 25));
    const nfa = rng.chance(0.42);
    outcome = nfa ? '["NFA"]' : '["CIN_PLAN"]';
    result = nfa ? -1 : -2;
  }
  g.lastS47End = s47End;
  const done = s47End <= g.endDay;
  g.row(T_S47, [
    g.la,
    s47Id,
    refId,
    g.pid,
    sd,
    g.end(s47End),
    // s47e_s47_nfa holds "ICPC not required" (CIN census ICPCnotRequired, Annex A): yes for every enquiry concluded without a conference.
    done ? (outcome === '["ICPC"]' ? "N" : "Y") : null,
    done ? outcome : null,
    g.workerIds[w]!,
    g.workerTeam[w]!,
  ]);
  return result;
}

/** An ICPC and, when it decides so, the CP plan; returns as s47(). */
function icpc(
  g: Council,
  refId: string,
  s47Id: string | null,
  sd: number,
  day: number,
  transfer: boolean,
): number {
  const rng = g.rng;
  g.lastPlanEndedInCare = false;
  if (day >= g.age18) return -2;
  if (day > g.endDay) {
    g.relevant = true;
    return -2;
  }
  const icpcId = g.id(T_ICPC);
  const plan = transfer || rng.chance(P_PLAN);
  const planId = plan ? g.id(T_CPP) : null;
  const w = g.worker(A_SAFE);
  g.row(T_ICPC, [
    g.la,
    icpcId,
    g.meetingId(),
    s47Id,
    g.pid,
    planId,
    refId,
    transfer ? "Y" : "N",
    g.upTo(g.cal.addWorkingDays(sd, 15)),
    day,
    plan ? "Y" : "N",
    plan ? '["CP_PLAN"]' : '["NO_PLAN"]',
    g.workerTeam[w]!,
    g.workerIds[w]!,
  ]);
  if (!plan || planId === null) return -2;
  return cpPlan(g, planId, refId, icpcId, day);
}

/** A child arriving on a CP plan from another council: a transfer-in conference and a plan. */
export function transferIn(g: Council, refId: string, r: number): number {
  const day = g.cal.addWorkingDays(r, g.rng.range(5, 15));
  return icpc(g, refId, null, r, day, true);
}

/** A CP plan from `start` with its reviews and visits; returns its end day. */
function cpPlan(g: Council, planId: string, refId: string, icpcId: string, start: number): number {
  const rng = g.rng;
  const cal = g.cal;
  const intoCare = rng.chance(P_CARE_AFTER_PLAN * g.careFactor(start)) && start < g.age18 - 200;
  g.lastPlanEndedInCare = intoCare;
  const u = rng.next();
  const months =
    u < 0.05
      ? 1 + rng.next() * 2
      : u < 0.3
        ? 3 + rng.next() * 3
        : u < 0.72
          ? 6 + rng.next() * 6
          : u < 0.91
            ? 12 + rng.next() * 6
            : u < 0.975
              ? 18 + rng.next() * 6
              : 24 + rng.next() * 14;
  const intended = start + Math.round((intoCare ? months * 0.6 : months - 1.3) * 30.44);
  let end = intoCare ? intended : -1;
  if (end >= 0 && end <= start) end = start + 14;
  // Reviews: first within 3 months, then every 6 months; the plan ends at a review (or on entering care).
  let due = cal.addMonths(start, 3);
  const participationAge = (start - g.dob) / DAYS_PER_YEAR;
  for (let k = 0; k < 40; k++) {
    const onTime = rng.chance(g.onTime(0.975));
    const date = onTime ? due - rng.int(20) : due + rng.range(1, 25);
    if (end >= 0 && date >= end) break;
    // A plan still open at the 18th birthday ends then, with no review after it.
    if (end < 0 && date >= g.age18) {
      end = g.age18;
      break;
    }
    const last = end < 0 && date >= intended;
    if (last) end = date;
    if (date > g.endDay) break;
    g.row(T_CPREV, [
      g.la,
      g.id(T_CPREV),
      g.pid,
      planId,
      g.upTo(due),
      date,
      g.meetingId(),
      last ? "N" : "Y",
      rng.chance(0.95) ? "Y" : "N",
      participationAge < 4 ? "PN0" : PARTICIPATION.pick(rng),
    ]);
    if (last) break;
    due = cal.addMonths(date, 6);
  }
  if (end < 0) end = g.endDay + 1;
  if (end > g.age18) end = g.age18;
  const category = ABUSE.pick(rng);
  g.row(T_CPP, [
    g.la,
    planId,
    refId,
    icpcId,
    g.pid,
    start,
    g.end(end),
    category,
    rng.chance(0.9) ? category : ABUSE.pick(rng),
    rng.chance(0.005) ? "Y" : "N",
    g.prevPlans,
  ]);
  g.prevPlans++;
  // Visits every 5–10 working days, now and then later.
  const stop = Math.min(end, g.endDay + 1);
  let v = cal.addWorkingDays(start, rng.range(1, 5));
  if (v < g.histCut) v = cal.addWorkingDays(g.histCut, rng.int(8));
  const small = (start - g.dob) / DAYS_PER_YEAR < 4;
  // 20 in 256 visits come late at England's lateness.
  const timely = 256 - 20 * g.lateness;
  while (v < stop) {
    const bits = rng.bits();
    g.row(T_CPVIS, [
      g.la,
      g.id(T_CPVIS),
      g.pid,
      planId,
      v,
      (bits & 255) < 246 ? "Y" : "N",
      small || ((bits >>> 8) & 255) >= 154 ? "N" : "Y",
      ((bits >>> 16) & 255) < 179 ? "Y" : "N",
    ]);
    const gap = bits >>> 24;
    v = cal.addWorkingDays(v, gap < timely ? 4 + (gap % 7) : 11 + (gap % 5));
  }
  if (!intoCare) g.lastPlanEndedInCare = false;
  return end;
}
