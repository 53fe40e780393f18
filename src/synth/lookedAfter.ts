/**
 * A period of care: placements, legal statuses, reviews and the SSDA903
 * episodes that chain them, then everything that hangs off the period.
 *
 * Why one function for the period: episodes start at every change of
 * placement or legal status, so both timelines are drawn before any episode
 * is written; the detail (visits, health, missing, permanence, leaving care)
 * lives in its own modules.
 */
import { careDetail, permanence } from "./careDetail.ts";
import { careLeaver } from "./careLeavers.ts";
import { sampleSpell } from "./careSpells.ts";
import type { Council } from "./council.ts";
import { AT_EIGHTEEN, CHANGE_REASONS, PARTICIPATION, PLACEMENT_BY_AGE } from "./distributions.ts";
import { DAYS_PER_YEAR, R_REMAND, R_S20, R_UASC } from "./model.ts";
import { placementTypeFor } from "./placementCodes.ts";
import type { Rng } from "./random.ts";
import { T_CLAE, T_CLAP, T_CLAR, T_IMMI, T_LEGAL } from "./tableIds.ts";

/**
 * A period of care from `entry`: placements, legal statuses, episodes,
 * reviews, visits, health checks, missing episodes, permanence, UASC status,
 * then leaving care. Returns the day the period ended (after the data when open).
 */
export function care(g: Council, refId: string, entry: number, need: string): number {
  const rng = g.rng;
  const cal = g.cal;
  if (g.forcedSpell) {
    g.spellDays = g.forcedSpell.days;
    g.spellReason = g.forcedSpell.reason;
    g.spellRoute = g.forcedSpell.route;
    g.forcedSpell = null;
  } else sampleSpell(g, entry - g.dob, g.uasc);
  const ageAtEntry = (entry - g.dob) / DAYS_PER_YEAR;
  let reason = g.spellReason;
  const route = g.spellRoute;
  const adoption = reason === "E11" || reason === "E12";
  let exit = entry + g.spellDays;
  // Adoption timeline.
  let adm = 0;
  let po = 0;
  let matched = 0;
  let placed = 0;
  let pfc = 0;
  const byCarer = adoption && rng.chance(0.15);
  if (adoption) {
    for (let k = 0; k < 30; k++) {
      adm = entry + 90 + Math.round(rng.exp(120));
      po = adm + 40 + Math.round(rng.exp(110));
      matched = po + 40 + Math.round(rng.exp(160));
      placed = matched + rng.int(22);
      exit = placed + 120 + Math.round(rng.exp(150));
      if (exit >= g.minExit) break;
    }
    if (byCarer) pfc = Math.max(entry, placed - 150 - Math.round(rng.exp(250)));
  } else exit = entry + g.spellDays;
  g.minExit = 0;
  if (reason === "18" || exit >= g.age18) {
    exit = g.age18;
    if (reason !== "E11" && reason !== "E12") reason = AT_EIGHTEEN.pick(rng);
  }
  if (exit <= entry) exit = entry + 1;
  g.spellReason = reason;
  const periodId = g.periodId();

  // Placements.
  const stability = rng.next();
  // 72% of children settle (stays of 1,400 days on average), 21% move now and then (400), 7% often (75); a profile's
  // moves scales the shares that move and divides every stay.
  const m = g.moves;
  const settled = m === 1 ? 0.72 : Math.max(0, 1 - 0.28 * m);
  const often = m === 1 ? 0.93 : Math.max(0, 1 - 0.07 * m);
  const meanStay = (stability < settled ? 1400 : stability < often ? 400 : 75) / m;
  const kinSgo = reason === "E47" || reason === "E48";
  const fosterSgo = reason === "E45" || reason === "E46";
  let finalStart = 0;
  let finalType = "";
  if (adoption) {
    finalStart = placed;
    finalType = byCarer ? "A5" : rng.chance(0.9) ? "A6" : "A4";
  } else if (kinSgo || fosterSgo) {
    finalStart = Math.max(entry, exit - 150 - Math.round(rng.exp(300)));
    finalType = kinSgo ? "U3" : "U4";
  }
  const boundary = byCarer ? pfc : finalStart > 0 ? finalStart : exit;
  g.plCount = 0;
  let t = entry;
  for (;;) {
    if (t > g.endDay) break;
    const age = (t - g.dob) / DAYS_PER_YEAR;
    let type = PLACEMENT_BY_AGE[age < 1 ? 0 : age < 10 ? 1 : age < 16 ? 2 : 3]!.pick(rng);
    if (g.uasc) type = age >= 16 ? (rng.chance(0.6) ? "K3" : "U6") : rng.chance(0.7) ? "U6" : "K2";
    if (route === R_REMAND) type = rng.chance(0.6) ? "K2" : "K1";
    // A child accommodated under section 20 is not placed with parents (DfE rule 378).
    if (route === R_S20 && type === "P1") type = "U6";
    if (adoption && type !== "U6" && type !== "U5" && type !== "R3") type = "U6";
    // A temporary placement lasts a week at most (DfE rule 379).
    const stay = type === "T4" ? 1 + rng.int(7) : 1 + Math.round(rng.exp(meanStay));
    type = placementTypeFor(type, t, t + stay);
    // A period of care does not start in a temporary placement (DfE rule 380).
    if (g.plCount === 0 && type === "T4") type = "U6";
    // After a temporary placement the child goes back to the placement before it (DfE rule 383).
    const back = g.plCount >= 2 && g.plType[g.plCount - 1] === "T4";
    if (back) type = placementTypeFor(g.plType[g.plCount - 2]!, t, t + stay);
    // A move from parents is not to parents again: the placement would not change (DfE rule 435).
    else if (type === "P1" && g.plCount > 0 && g.plType[g.plCount - 1] === "P1") type = "U6";
    if (g.plCount > 0 && t >= boundary) break;
    addPlacement(g, t, type, false);
    t += stay;
    if (t >= boundary || g.plCount >= 590) break;
  }
  if (byCarer && pfc <= g.endDay) {
    if (pfc <= g.plStart[g.plCount - 1]!) g.plCount--;
    dropTrailingTemporary(g);
    addPlacement(g, Math.max(pfc, entry), rng.chance(0.3) ? "U5" : "U6", false);
  }
  if (finalStart > 0 && finalStart <= g.endDay) {
    while (g.plCount > 0 && g.plStart[g.plCount - 1]! >= finalStart) g.plCount--;
    dropTrailingTemporary(g);
    addPlacement(g, finalStart, finalType, byCarer || (fosterSgo && rng.chance(0.5)));
  }
  if (g.plCount === 0) addPlacement(g, entry, "U6", false);

  // Legal statuses.
  g.lsCount = 0;
  if (route === R_UASC || route === R_S20) {
    addLegal(g, entry, "V2");
    if (route === R_S20 && rng.chance(0.08)) addLegal(g, entry + 60 + rng.int(200), "C1");
  } else if (route === R_REMAND) addLegal(g, entry, "J1");
  else {
    if (rng.chance(0.12)) {
      const police = rng.chance(0.6);
      addLegal(g, entry, police ? "L1" : "L2");
      // Police protection lasts 72 hours at most (DfE rule 361); an emergency protection order up to 8 days here.
      const days = 1 + rng.int(8);
      addLegal(g, entry + (police ? Math.min(days, 3) : days), "C1");
    } else addLegal(g, entry, "C1");
    addLegal(g, entry + 90 + Math.round(rng.exp(170)), "C2");
  }
  if (adoption) {
    while (g.lsCount > 1 && g.lsStart[g.lsCount - 1]! >= po) g.lsCount--;
    addLegal(g, po, "E1");
  }
  while (g.lsCount > 1 && g.lsStart[g.lsCount - 1]! >= exit) g.lsCount--;
  if (g.lsStart[0]! !== entry) g.lsStart[0] = entry;

  // Reviews (first within 20 working days, then 3 months, then 6 months).
  g.rvCount = 0;
  let due = cal.addWorkingDays(entry, 20);
  for (let k = 0; k < 190; k++) {
    const onTime = rng.chance(g.onTime(0.985));
    let date = onTime
      ? due - rng.int(k === 0 ? 6 : 25)
      : k === 0
        ? cal.addWorkingDays(due, rng.range(1, 15))
        : due + rng.range(1, 40);
    if (date <= entry) date = entry + 1;
    if (date >= exit || date > g.endDay) break;
    g.rvDate[g.rvCount++] = date;
    g.row(T_CLAR, [
      g.la,
      g.id(T_CLAR),
      periodId,
      g.upTo(due),
      date,
      "N",
      (date - g.dob) / DAYS_PER_YEAR < 4 ? "PN0" : PARTICIPATION.pick(rng),
    ]);
    due = cal.addMonths(date, k === 0 ? 3 : 6);
  }

  // Placement rows. Back from a temporary placement, the child returns to the same provider, home and
  // postcode (DfE rule 383); a move never lands at the provider, home and postcode just left (435).
  const providers: string[] = [];
  const urns: (string | null)[] = [];
  const postcodes: (string | null)[] = [];
  const tenth = g.cal.addYears(g.dob, 10);
  for (let k = 0; k < g.plCount; k++) {
    const start = g.plStart[k]!;
    const next = k + 1 < g.plCount ? g.plStart[k + 1]! : exit;
    const type = g.plType[k]!;
    let provider = providerFor(type, rng);
    const home = type === "K2" || type === "K1" || type === "S1" || type === "R1";
    let urn = home ? g.urns[rng.int(g.urns.length)]! : null;
    const miles = distanceFor(type, provider, rng);
    const at = type === "P1" ? -1 : rng.int(g.postcodes.length);
    let postcode = at < 0 ? null : g.postcodes[at]!;
    if (k >= 2 && g.plType[k - 1] === "T4" && g.plType[k - 2] === type) {
      provider = providers[k - 2]!;
      urn = urns[k - 2]!;
      postcode = postcodes[k - 2]!;
    } else if (
      at >= 0 &&
      k >= 1 &&
      g.plType[k - 1] === type &&
      providers[k - 1] === provider &&
      urns[k - 1] === urn &&
      postcodes[k - 1] === postcode
    )
      postcode = g.postcodes[(at + 1) % g.postcodes.length]!;
    providers.push(provider);
    urns.push(urn);
    postcodes.push(postcode);
    let why = next > g.endDay ? null : k + 1 < g.plCount ? CHANGE_REASONS.pick(rng) : "CARPL";
    // Custody is no reason to move a child under 10 (DfE rule 234).
    if (why === "CUSTOD" && start < tenth) why = "CARPL";
    g.row(T_CLAP, [
      g.la,
      g.plId[k]!,
      start,
      type,
      urn,
      miles,
      periodId,
      provider,
      postcode,
      g.end(next),
      why,
      g.pid,
    ]);
  }
  // Legal status rows.
  for (let k = 0; k < g.lsCount; k++) {
    const next = k + 1 < g.lsCount ? g.lsStart[k + 1]! : exit;
    if (g.lsStart[k]! > g.endDay) break;
    g.row(T_LEGAL, [g.la, g.id(T_LEGAL), g.pid, g.lsCode[k]!, g.lsStart[k]!, g.end(next)]);
  }
  // Episodes: a new one at every change of placement or legal status, chained with X1.
  let p = 0;
  let l = 0;
  let epStart = entry;
  let startReason = "S";
  let rv = 0;
  for (;;) {
    const nextP = p + 1 < g.plCount ? g.plStart[p + 1]! : Number.MAX_SAFE_INTEGER;
    const nextL = l + 1 < g.lsCount ? g.lsStart[l + 1]! : Number.MAX_SAFE_INTEGER;
    let next = Math.min(nextP, nextL);
    if (next > exit) next = exit;
    const final = next >= exit;
    const endsBy = final ? exit : next;
    while (rv < g.rvCount && g.rvDate[rv]! <= endsBy) rv++;
    g.row(T_CLAE, [
      g.la,
      g.id(T_CLAE),
      g.pid,
      epStart,
      startReason,
      need,
      g.end(endsBy),
      endsBy > g.endDay ? null : final ? reason : "X1",
      periodId,
      refId,
      g.plId[p]!,
      entry,
      rv > 0 ? g.rvDate[rv - 1]! : null,
    ]);
    if (final || next > g.endDay) break;
    const movesP = nextP === next;
    const movesL = nextL === next;
    if (movesP) p++;
    if (movesL) l++;
    const same = movesP && g.plSame[p] === 1;
    startReason = movesP && movesL ? (same ? "U" : "B") : movesP ? (same ? "T" : "P") : "L";
    epStart = next;
  }

  careDetail(g, periodId, entry, exit, ageAtEntry);

  if (g.uasc) {
    g.row(T_IMMI, [g.la, g.id(T_IMMI), g.pid, "UASC", entry, g.end(g.age18)]);
  }
  if (adoption || kinSgo || fosterSgo) {
    permanence(g, periodId, adoption, adm, po, matched, placed, byCarer ? pfc : 0, exit);
  }
  if (exit <= g.endDay) {
    if (adoption || reason === "E2") g.careerOver = true;
    const ageAtExit = (exit - g.dob) / DAYS_PER_YEAR;
    if (ageAtExit >= 16 && exit - entry >= 91 && !adoption && reason !== "E2" && reason !== "E16") {
      careLeaver(g, exit);
      g.careerOver = true;
    }
    if (ageAtExit >= 17.5) g.careerOver = true;
  } else g.careerOver = true;
  return exit;
}

/** Drops a temporary placement left last before a final placement is added (it would not return to the one before it). */
function dropTrailingTemporary(g: Council): void {
  if (g.plCount >= 2 && g.plType[g.plCount - 1] === "T4") g.plCount--;
}

function addPlacement(g: Council, start: number, type: string, sameCarer: boolean): void {
  const k = g.plCount++;
  g.plStart[k] = start;
  g.plType[k] = type;
  g.plId[k] = g.id(T_CLAP);
  g.plSame[k] = sameCarer ? 1 : 0;
}

function addLegal(g: Council, start: number, code: string): void {
  if (g.lsCount > 0 && start <= g.lsStart[g.lsCount - 1]!) return;
  g.lsStart[g.lsCount] = start;
  g.lsCode[g.lsCount] = code;
  g.lsCount++;
}

function providerFor(type: string, rng: Rng): string {
  switch (type) {
    case "U1":
    case "U2":
    case "U3":
    case "T4":
      return "PR1";
    case "U4":
    case "U5":
    case "U6":
      return rng.chance(0.58) ? "PR1" : "PR4";
    case "K2":
      return rng.chance(0.72) ? "PR4" : rng.chance(0.78) ? "PR1" : "PR5";
    case "K1":
      return rng.chance(0.7) ? "PR2" : "PR1";
    case "K3":
    case "H5":
    case "Z14":
      return rng.chance(0.55) ? "PR4" : rng.chance(0.67) ? "PR5" : "PR1";
    case "P1":
      return "PR0";
    case "P2":
      return "PR1";
    case "A3":
    case "A4":
    case "A5":
    case "A6":
      return rng.chance(0.75) ? "PR1" : "PR5";
    case "R5":
      return "PR3";
    default:
      return "PR4";
  }
}

function distanceFor(type: string, provider: string, rng: Rng): number {
  let miles: number;
  if (type === "P1") miles = 0.3 + rng.exp(2);
  else if (type === "K1" || type === "S1" || type === "R5") miles = 5 + rng.exp(40);
  else if (type === "K2") miles = provider === "PR1" ? 1 + rng.exp(6) : 2 + rng.exp(25);
  else if (type === "K3" || type === "H5" || type === "Z14") miles = 1 + rng.exp(8);
  else if (type.startsWith("A")) miles = 1 + rng.exp(14);
  else if (type === "U1" || type === "U2" || type === "U3") miles = 0.5 + rng.exp(7);
  else miles = provider === "PR4" ? 1 + rng.exp(17) : 0.5 + rng.exp(5);
  return Math.round(miles * 10) / 10;
}
