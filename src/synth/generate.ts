/**
 * The synthetic council: believable child-level records for any population,
 * deterministic for a seed, fast enough to build England in seconds.
 *
 * Why this shape: every child's whole journey (contacts, referrals,
 * assessments, S47s, conferences, plans, care, leaving care) is drawn in
 * one pass and handed to the sink, so nothing about a child is kept once
 * it is done and memory stays flat whatever the population. Flows arrive
 * by day (seasonal, with slow trends); stocks start in a steady state:
 * children already in care and care leavers are drawn as they would be
 * found on the first simulated day (length-biased), and two further hidden
 * years of arrivals before the emitted range build the CP and CIN caseload
 * and re-referral history. Hidden-years children are kept only when they
 * still have a record dated in, or open into, the emitted range.
 *
 * Model choices (rates per 10,000 children a year) are documented next to
 * the constants below; code lists come from src/model/codes.ts.
 */
import { addMonths, isIsoDate, monthStart, toDayNumber } from "../calendar/dates.ts";
import type { CellValue } from "../db/database.ts";
import { DayCalendar } from "./calendar.ts";
import * as dist from "./distributions.ts";
import { assessmentFactors, syntheticUpn } from "./identifiers.ts";
import { placementTypeFor } from "./placementCodes.ts";
import { Rng } from "./random.ts";

/** What to generate. */
export interface GenerateParams {
  seed: number;
  /** Children aged 0–17. */
  population: number;
  /** Years of data (the coverage); a further 2 years of warm-up precede it. */
  years: number;
  /** Last day of the data: a month end, ISO. */
  endDate: string;
  /** DfE 3-digit LA code written on every row. */
  laCode: string;
}

/**
 * Receives each row: values in the column order of tableSpec(table).columns,
 * la_code first; DATE columns as day numbers or null.
 */
export type RowSink = (table: string, values: CellValue[]) => void;

/** What was generated. */
export interface GenerateSummary {
  dataFrom: string;
  dataTo: string;
  rowsByTable: Record<string, number>;
  children: number;
}

// Local bindings: reading a module namespace on every draw costs a getter call under some loaders.
const ABUSE = dist.ABUSE;
const ARRIVAL_AGE = dist.ARRIVAL_AGE;
const AT_EIGHTEEN = dist.AT_EIGHTEEN;
const CARE_ENTRY_AGE = dist.CARE_ENTRY_AGE;
const CHANGE_REASONS = dist.CHANGE_REASONS;
const CONTACT_NON_REFERRAL = dist.CONTACT_NON_REFERRAL;
const CONTACT_REFERRAL = dist.CONTACT_REFERRAL;
const DISABILITIES = dist.DISABILITIES;
const ETHNICITIES = dist.ETHNICITIES;
const FIRST_NAMES = dist.FIRST_NAMES;
const LAST_NAMES = dist.LAST_NAMES;
const LEAVER_ACCOMMODATION = dist.LEAVER_ACCOMMODATION;
const LEAVER_ACTIVITY = dist.LEAVER_ACTIVITY;
const LEAVER_IN_TOUCH = dist.LEAVER_IN_TOUCH;
const NEEDS = dist.NEEDS;
const OTHER_EXIT = dist.OTHER_EXIT;
const PARTICIPATION = dist.PARTICIPATION;
const PLACEMENT_BY_AGE = dist.PLACEMENT_BY_AGE;
const RETURN_HOME = dist.RETURN_HOME;
const SGO_KIN = dist.SGO_KIN;
const SGO_OTHER = dist.SGO_OTHER;
const SOURCE_DESC = dist.SOURCE_DESC;
const SOURCES = dist.SOURCES;
const UASC_ETHNICITIES = dist.UASC_ETHNICITIES;
const UASC_NATIONALITIES = dist.UASC_NATIONALITIES;
const UNSUITABLE_ACCOMMODATION = dist.UNSUITABLE_ACCOMMODATION;

// Table indices, in load order.
const T_DEPT = 0;
const T_PROF = 1;
const T_PERSON = 2;
const T_CONTACT = 3;
const T_CIN = 4;
const T_ASSESS = 5;
const T_STRAT = 6;
const T_S47 = 7;
const T_ICPC = 8;
const T_CPP = 9;
const T_CPREV = 10;
const T_CPVIS = 11;
const T_CLAE = 12;
const T_CLAP = 13;
const T_LEGAL = 14;
const T_CLAR = 15;
const T_CLAV = 16;
const T_HEALTH = 17;
const T_IMMI = 18;
const T_MISS = 19;
const T_MRHI = 20;
const T_PERM = 21;
const T_CLEA = 22;
const T_CLEC = 23;
const T_INVO = 24;

const TABLE_NAMES = [
  "ssd_department",
  "ssd_professionals",
  "ssd_person",
  "ssd_contacts",
  "ssd_cin_episodes",
  "ssd_cin_assessments",
  "ssdx_strategy_discussions",
  "ssd_s47_enquiry",
  "ssd_initial_cp_conference",
  "ssd_cp_plans",
  "ssd_cp_reviews",
  "ssd_cp_visits",
  "ssd_cla_episodes",
  "ssd_cla_placement",
  "ssd_legal_status",
  "ssd_cla_reviews",
  "ssd_cla_visits",
  "ssd_cla_health",
  "ssd_immigration_status",
  "ssd_missing",
  "ssdx_missing_return_interviews",
  "ssd_permanence",
  "ssd_care_leavers",
  "ssdx_care_leaver_contacts",
  "ssd_involvements",
] as const;

const ID_PREFIX = [
  "TM",
  "W",
  "C",
  "CT",
  "R",
  "A",
  "SD",
  "S",
  "IC",
  "CP",
  "CR",
  "CV",
  "E",
  "PL",
  "LS",
  "LR",
  "LV",
  "H",
  "IM",
  "M",
  "RI",
  "PM",
  "CL",
  "LC",
  "I",
  "PC",
  "MT",
];
const T_PERIOD = TABLE_NAMES.length;
const T_MEETING = TABLE_NAMES.length + 1;
const ID_SUFFIX = Array.from({ length: 1000 }, (_, k) => String(k).padStart(3, "0"));

// ---- Model constants (per 10,000 children aged 0–17 a year unless stated) ----

/** Children making first contact each year (careers); with returns, gives ~2,000 contacts and ~520 referrals. */
const NEW_CHILDREN_RATE = 870;
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
/** Of S47 enquiries: an ICPC; of ICPCs: a plan; of ICPCs within 15 working days. */
const P_ICPC = 0.3;
const P_PLAN = 0.8;
const P_ICPC_TIMELY = 0.8;
/** Of ended CP plans: the child becomes looked after (the plan ends that day). */
const P_CARE_AFTER_PLAN = 0.15;
/** Assessments within 45 working days at the middle of the data, and the drift a year. */
const P_ASSESS_TIMELY = 0.85;
const ASSESS_TIMELY_DRIFT = 0.02;
/**
 * Extra first contacts early in the hidden years, standing in for the
 * returning children of careers that began before them: the multiplier is
 * 1 + WARM_BOOST × exp(−days since the hidden start / WARM_DAYS).
 */
const WARM_BOOST = 0.45;
const WARM_DAYS = 480;
/** Yearly growth of arrivals (referrals drift +2% a year). */
const TREND = 0.02;
/** Arrival seasonality by calendar month (mean 1): dips in August and December. */
const SEASON = [1.02, 1.04, 1.06, 0.97, 1.05, 1.06, 1.04, 0.8, 1.0, 1.06, 1.07, 0.83];
/** Care starts a year that are not UASC (for sizing the stock on day one), and UASC starts. */
const CARE_START_RATE = 23.5;
const UASC_START_RATE = 2.2;
/** Children starting short breaks (V3/V4, not looked after) a year. */
const SHORT_BREAK_RATE = 0.6;
/** Share of children with a disability recorded, and of them with long CIN support under N2. */
const P_DISABLED = 0.09;
const P_N2 = 0.45;
/** Share of first-time children recorded as having had a CP plan before the data. */
const P_PREVIOUS_PLAN_HISTORY = 0.24;

/** Caseholding FTE per 10,000 children by service area, and workers per team. */
const AREA_FTE = [5.2, 14, 4.6, 2.2];
const AREA_NAMES = ["Assessment Team", "Safeguarding Team", "Children in Care Team", "Leaving Care Team"];
const AREA_PARENT = [
  "Early Help and Assessment",
  "Safeguarding",
  "Corporate Parenting",
  "Corporate Parenting",
];
const AREA_ROLE = ["Social Worker", "Social Worker", "Social Worker", "Personal Adviser"];
const TEAM_SIZE = 7;
const A_ASSESS = 0;
const A_SAFE = 1;
const A_CLA = 2;
const A_LEAVE = 3;

// Care spell routes (legal basis on entry).
const R_COURT = 0;
const R_S20 = 1;
const R_UASC = 2;
const R_REMAND = 3;

const DAYS_PER_YEAR = 365.25;
/** Care entry by age relative to contacts by age, so children entering care have England's age profile. */
const CARE_FACTOR = ((): number[] => {
  const a = dist.ARRIVAL_AGE_WEIGHTS;
  const c = dist.CARE_ENTRY_AGE_WEIGHTS;
  const sa = a.reduce((x, y) => x + y, 0);
  const sc = c.reduce((x, y) => x + y, 0);
  return a.map((w, k) => Math.min(4, c[k]! / sc / (w / sa)));
})();
/** Typical days from entering care to an adoption order (the adoption timeline draws its own). */
const ADOPTION_SPELL_DAYS = 900;

/**
 * Generates a whole council: workforce, then every child's records,
 * handed to `sink` row by row. Deterministic for `params.seed`.
 */
export function generateCouncil(params: GenerateParams, sink: RowSink): GenerateSummary {
  if (!isIsoDate(params.endDate)) throw new RangeError(`endDate is not a date: ${params.endDate}`);
  if (!(params.years >= 1) || !(params.population > 0)) throw new RangeError("years ≥ 1 and population > 0");
  const g = new Generator(params, sink);
  g.run();
  const rowsByTable: Record<string, number> = {};
  TABLE_NAMES.forEach((name, k) => {
    rowsByTable[name] = g.counts[k]!;
  });
  return { dataFrom: g.dataFrom, dataTo: params.endDate, rowsByTable, children: g.counts[T_PERSON]! };
}

class Generator {
  readonly counts = new Float64Array(TABLE_NAMES.length);
  readonly dataFrom: string;
  private rng: Rng;
  private readonly la: string;
  private readonly sink: RowSink;
  private readonly endDay: number;
  private readonly simStart: number;
  private readonly t0: number;
  private readonly histCut: number;
  private readonly mid: number;
  private readonly cal: DayCalendar;
  /** Expected events a day for a rate of 1 per 10,000 a year. */
  private readonly unit: number;
  private readonly ids = new Float64Array(ID_PREFIX.length);
  private readonly idBlocks: string[] = ID_PREFIX.map(() => "");

  // Workforce lookups.
  private readonly workerIds: string[] = [];
  private readonly workerTeam: string[] = [];
  private readonly areaFirst: number[] = [];
  private readonly areaCount: number[] = [];
  private readonly paNames: string[] = [];
  private readonly postcodes: string[] = [];
  private readonly urns: string[] = [];

  // The current child.
  private pid = "";
  /** The child's number in the council (1, 2, …): its UPN's serial. */
  private childNumber = 0;
  private pidBlock = "";
  private dob = 0;
  private age18 = 0;
  private sex = "M";
  private disabled = false;
  private n2 = false;
  private uasc = false;
  private prevPlans = 0;
  private buffering = false;
  private relevant = false;
  private careerOver = false;
  private readonly bufTable: number[] = [];
  private readonly bufValues: CellValue[][] = [];

  // Care spell drawn by sampleSpell.
  private spellDays = 0;
  private spellReason = "";
  private spellRoute = R_COURT;

  // Scratch for one period of care.
  private readonly plStart = new Int32Array(600);
  private readonly plType: string[] = new Array(600).fill("");
  private readonly plId: string[] = new Array(600).fill("");
  private readonly plSame = new Uint8Array(600);
  private plCount = 0;
  private readonly lsStart = new Int32Array(16);
  private readonly lsCode: string[] = new Array(16).fill("");
  private lsCount = 0;
  private readonly rvDate = new Int32Array(200);
  private rvCount = 0;

  constructor(p: GenerateParams, sink: RowSink) {
    this.rng = new Rng(p.seed);
    this.la = p.laCode;
    this.sink = sink;
    this.endDay = toDayNumber(p.endDate);
    this.dataFrom = addMonths(monthStart(p.endDate), -(p.years * 12 - 1));
    this.simStart = toDayNumber(addMonths(this.dataFrom, -24));
    this.t0 = toDayNumber(addMonths(this.dataFrom, -48));
    this.histCut = this.simStart;
    this.mid = (toDayNumber(this.dataFrom) + this.endDay) / 2;
    this.cal = new DayCalendar(this.t0 - 42 * 366, this.endDay + 4 * 366);
    this.unit = p.population / 10_000 / DAYS_PER_YEAR;
  }

  run(): void {
    this.workforce();
    this.stockInCare(false);
    this.stockInCare(true);
    this.stockLeavers();
    this.stockShortBreaks();
    const rng = this.rng;
    for (let day = this.t0; day <= this.endDay; day++) {
      const m = this.cal.monthOfYear(day);
      const trend = (1 + TREND) ** ((day - this.mid) / DAYS_PER_YEAR);
      const dow = (((day + 4) % 7) + 7) % 7;
      const weekday = dow !== 0 && dow !== 6 && this.cal.workingDaysBetween(day - 1, day) === 1;
      const dayFactor = (weekday ? 1 : 0.3) / 0.8;
      const warm = 1 + WARM_BOOST * Math.exp(-(day - this.t0) / WARM_DAYS);
      const n = rng.poisson(NEW_CHILDREN_RATE * this.unit * SEASON[m]! * trend * dayFactor * warm);
      for (let k = 0; k < n; k++) this.newChild(day);
      const u = rng.poisson(UASC_START_RATE * this.unit * trend);
      for (let k = 0; k < u; k++) this.uascChild(day);
      if (rng.chance(SHORT_BREAK_RATE * this.unit)) this.shortBreakChild(day, day);
    }
  }

  // ---------------------------------------------------------------- output

  /**
   * A new id for a table: its prefix, a block number and a 3-digit suffix
   * (CT12045), so only one number is turned into text per thousand ids.
   */
  private id(table: number): string {
    const n = this.ids[table]!++;
    const k = n % 1000;
    if (k === 0) this.idBlocks[table] = ID_PREFIX[table]! + (n / 1000 + 1);
    return this.idBlocks[table]! + ID_SUFFIX[k]!;
  }

  private periodId(): string {
    return this.id(T_PERIOD);
  }

  private meetingId(): string {
    return this.id(T_MEETING);
  }

  private row(table: number, values: CellValue[]): void {
    if (this.buffering) {
      if (!this.relevant) {
        for (let k = 1; k < values.length; k++) {
          const v = values[k];
          if (typeof v === "number" && v >= this.simStart && v < 100_000) {
            this.relevant = true;
            break;
          }
        }
      }
      this.bufTable.push(table);
      this.bufValues.push(values);
      return;
    }
    this.counts[table]!++;
    this.sink(TABLE_NAMES[table]!, values);
  }

  /** An end date, or null (and the child is open into the emitted range) when it falls after the data. */
  private end(day: number): number | null {
    if (day > this.endDay) {
      this.relevant = true;
      return null;
    }
    return day;
  }

  /** A date that is only written when it is not after the data (a due or target date). */
  private upTo(day: number): number | null {
    return day <= this.endDay ? day : null;
  }

  private beginChild(dob: number, buffering: boolean): void {
    const rng = this.rng;
    const n = ++this.ids[T_PERSON]!;
    this.childNumber = n;
    const k = n % 1000;
    if (k === 0 || this.pidBlock === "") this.pidBlock = `C${String(Math.floor(n / 1000)).padStart(4, "0")}`;
    this.pid = this.pidBlock + ID_SUFFIX[k]!;
    this.dob = dob;
    this.age18 = this.cal.addYears(dob, 18);
    this.sex = rng.chance(0.52) ? "M" : "F";
    this.disabled = rng.chance(P_DISABLED);
    this.n2 = this.disabled && rng.chance(P_N2);
    this.uasc = false;
    this.prevPlans = 0;
    this.buffering = buffering;
    this.relevant = false;
    this.careerOver = false;
    if (this.bufTable.length > 0) {
      this.bufTable.length = 0;
      this.bufValues.length = 0;
    }
  }

  private endChild(nationality: string | null = null): void {
    const rng = this.rng;
    if (this.buffering) {
      this.buffering = false;
      if (!this.relevant) return;
      for (let k = 0; k < this.bufTable.length; k++) this.row(this.bufTable[k]!, this.bufValues[k]!);
      this.bufTable.length = 0;
      this.bufValues.length = 0;
    }
    const eth = this.uasc ? UASC_ETHNICITIES.pick(rng) : ETHNICITIES.pick(rng);
    const disability = this.disabled ? DISABILITIES.pick(rng) : "NONE";
    const ageAtEnd = (this.endDay - this.dob) / DAYS_PER_YEAR;
    const mother = this.sex === "F" && ageAtEnd > 15 && rng.chance(0.03) ? "Y" : "N";
    this.row(T_PERSON, [
      this.la,
      this.pid,
      this.sex,
      this.sex,
      eth,
      this.dob,
      `4${this.pid.slice(1)}${ID_SUFFIX[rng.int(1000)]!.slice(1)}`,
      null,
      this.disabled || rng.chance(0.12) ? "Y" : "N",
      null,
      null,
      mother,
      nationality,
      disability,
      syntheticUpn(this.la, this.childNumber, 1970 + Math.floor(this.dob / DAYS_PER_YEAR) + 4),
    ]);
  }

  // ------------------------------------------------------------- workforce

  private workforce(): void {
    const rng = this.rng;
    const pop10k = this.unit * DAYS_PER_YEAR;
    this.row(T_DEPT, [this.la, "CSC", "Children's Social Care", null, null]);
    const parents = [...new Set(AREA_PARENT)];
    parents.forEach((name, k) => {
      this.row(T_DEPT, [this.la, `D${k + 1}`, name, "CSC", "Children's Social Care"]);
    });
    let team = 0;
    for (let area = 0; area < AREA_FTE.length; area++) {
      const headcount = Math.max(2, Math.round((AREA_FTE[area]! * pop10k) / 0.92));
      const teams = Math.ceil(headcount / TEAM_SIZE);
      const parentId = `D${parents.indexOf(AREA_PARENT[area]!) + 1}`;
      this.areaFirst.push(this.workerIds.length);
      this.areaCount.push(headcount);
      for (let t = 0; t < teams; t++) {
        team++;
        const teamId = `TM${team}`;
        this.row(T_DEPT, [this.la, teamId, `${AREA_NAMES[area]} ${t + 1}`, parentId, AREA_PARENT[area]!]);
        const members = Math.min(TEAM_SIZE, headcount - t * TEAM_SIZE);
        for (let k = 0; k < members; k++) {
          const n = this.workerIds.length + 1;
          const id = `W${n}`;
          const name = `${FIRST_NAMES[rng.int(FIRST_NAMES.length)]} ${LAST_NAMES[rng.int(LAST_NAMES.length)]}`;
          const fte = rng.chance(0.8) ? 1 : [0.8, 0.6, 0.5][rng.int(3)]!;
          const pa = area === A_LEAVE;
          const title = pa
            ? "Personal Adviser"
            : (["Social Worker", "Social Worker", "Senior Social Worker", "Advanced Practitioner"][
                rng.int(4)
              ] ?? "Social Worker");
          this.row(T_PROF, [
            this.la,
            id,
            `S${100000 + n}`,
            name,
            pa ? null : `SW${100000 + rng.int(900000)}`,
            title,
            Math.max(0, Math.round(fte * (pa ? 20 : 16) + rng.normal() * 3)),
            teamId,
            fte,
            rng.chance(pa ? 0.05 : 0.17) ? "Y" : "N",
          ]);
          this.workerIds.push(id);
          this.workerTeam.push(teamId);
          if (pa) this.paNames.push(name);
        }
        // A team manager who holds no cases.
        this.row(T_PROF, [
          this.la,
          `WM${team}`,
          `S${900000 + team}`,
          `${FIRST_NAMES[rng.int(FIRST_NAMES.length)]} ${LAST_NAMES[rng.int(LAST_NAMES.length)]}`,
          `SW${100000 + rng.int(900000)}`,
          "Team Manager",
          0,
          teamId,
          1,
          "N",
        ]);
      }
    }
    const letters = "ABCDEFGHJKLMNPRSTUWY";
    for (let k = 0; k < 300; k++) {
      const a = letters[rng.int(letters.length)]!;
      const b = letters[rng.int(letters.length)]!;
      this.postcodes.push(`${a}${b}${1 + rng.int(30)} ${rng.int(10)}${b}${a}`);
      this.urns.push(`SC${100000 + rng.int(900000)}`);
    }
  }

  private worker(area: number): number {
    return this.areaFirst[area]! + this.rng.int(this.areaCount[area]!);
  }

  /**
   * Allocations for one stretch of a case: workers in `area` from `from` to `to`
   * (open when `to` is after the data), with occasional changes of worker and,
   * now and then, a short unallocated wait at the start.
   */
  private allocate(area: number, from: number, to: number, referralId: string | null, closing: string): void {
    const rng = this.rng;
    let t = from;
    if (rng.chance(0.08)) t += rng.range(3, 40);
    while (t < to && t <= this.endDay) {
      const w = this.worker(area);
      const change = t + Math.max(20, Math.round(rng.exp(area === A_LEAVE ? 600 : 420)));
      const last = change >= to;
      const stop = last ? to : change;
      this.row(T_INVO, [
        this.la,
        this.id(T_INVO),
        this.workerIds[w]!,
        AREA_ROLE[area]!,
        this.workerTeam[w]!,
        t,
        this.end(stop),
        stop > this.endDay ? null : last ? closing : rng.chance(0.5) ? "Worker left" : "Caseload management",
        this.pid,
        referralId,
      ]);
      t = stop;
    }
  }

  // ---------------------------------------------------------------- children

  private dobForAge(day: number, ageYears: number): number {
    return day - Math.floor((ageYears + this.rng.next()) * DAYS_PER_YEAR) - 1;
  }

  private newChild(day: number): void {
    const rng = this.rng;
    const age = ARRIVAL_AGE.pick(rng);
    this.beginChild(this.dobForAge(day, age), day < this.simStart);
    if (rng.chance(P_PREVIOUS_PLAN_HISTORY * Math.min(1, age / 4))) this.prevPlans = rng.chance(0.2) ? 2 : 1;
    this.career(day, false);
    this.endChild();
  }

  /** Contacts and referrals, one after another, until the child stops coming back. */
  private career(start: number, returning: boolean): void {
    const rng = this.rng;
    let t = start;
    let p = returning ? P_REFER_AFTER_REFERRAL : P_REFER_FIRST;
    while (t <= this.endDay && t < this.age18 - 14 && !this.careerOver) {
      const src = SOURCES.pick(rng);
      const referred = rng.chance(p);
      this.row(T_CONTACT, [
        this.la,
        this.id(T_CONTACT),
        this.pid,
        t,
        src,
        SOURCE_DESC[src]!,
        referred ? CONTACT_REFERRAL : CONTACT_NON_REFERRAL.pick(rng),
      ]);
      if (referred) {
        const close = this.referral(t, src);
        if (close > this.endDay || this.careerOver || !rng.chance(P_RETURN_AFTER_REFERRAL)) return;
        const quick = rng.chance(P_QUICK_RETURN);
        t = close + 3 + Math.round(quick ? rng.exp(QUICK_RETURN_DAYS) : rng.exp(SLOW_RETURN_DAYS));
        p = quick ? P_REFER_AFTER_REFERRAL : P_REFER_AGAIN;
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
  private referral(r: number, src: string, forcedCare = -1): number {
    const rng = this.rng;
    const cal = this.cal;
    const refId = this.id(T_CIN);
    const need = this.uasc ? "N8" : this.n2 ? "N2" : NEEDS.pick(rng);
    const w = this.worker(A_ASSESS);
    let close: number;
    let reason = "RC7";
    let outcome = '["ASSESSMENT"]';
    let nfa = "N";
    let careEntry = -1;
    if (forcedCare < 0 && !this.uasc && rng.chance(P_REFERRAL_NFA)) {
      close = r + rng.int(8);
      nfa = "Y";
      outcome = '["NFA"]';
      reason = rng.chance(0.6) ? "RC8" : "RC9";
      this.allocate(A_ASSESS, r, close, refId, "Case closed");
    } else {
      const aStart = cal.addWorkingDays(r, rng.int(3));
      const pTimely = P_ASSESS_TIMELY + (ASSESS_TIMELY_DRIFT * (aStart - this.mid)) / DAYS_PER_YEAR;
      const wd = rng.chance(pTimely) ? 45 - Math.floor(42 * rng.next() ** 1.4) : 46 + Math.floor(rng.exp(14));
      // Authorised by the 18th birthday at the latest, when the case closes.
      const aAuth = Math.min(cal.addWorkingDays(aStart, wd), this.age18);
      // Route after the front door: 0 close at assessment, 1 CIN plan, 2 S47 (or a transfer-in conference), 3 care.
      let route: number;
      if (forcedCare >= 0 || this.uasc) route = 3;
      else {
        const v = rng.next();
        const pCare = P_DIRECT_CARE * this.careFactor(r);
        route = v < pCare ? 3 : v < pCare + P_S47 ? 2 : rng.chance(P_CLOSE_AT_ASSESSMENT) ? 0 : 1;
        if (this.n2 && route === 0 && rng.chance(0.7)) route = 1;
        if (route < 2 && rng.chance(P_SD_NFA / (1 - P_DIRECT_CARE - P_S47))) this.strategyNfa(refId, r);
      }
      let assessOutcome = route === 0 ? '["NFA"]' : route === 3 ? '["CLA"]' : '["CIN_PLAN"]';
      // The stretch after the assessment team: from `longFrom`, CIN support until `cinFrom` + duration, or care.
      let longFrom = aAuth;
      let cinFrom = -1;
      let closeFrom = aAuth;
      // An S47 ending in no further action closes the case as no longer in need (RC7): DfE's RC8 and RC9 are for a case closed at assessment, with no S47 (rule 2990).
      let afterS47 = false;
      if (route === 3) {
        careEntry = forcedCare >= 0 ? forcedCare : this.uasc ? r : r + rng.int(30);
        if (careEntry >= this.age18 - 7) {
          careEntry = -1;
          route = 1;
          cinFrom = aAuth;
        } else if (careEntry < longFrom) longFrom = careEntry;
      } else if (route === 1) cinFrom = aAuth;
      else if (route === 2) {
        assessOutcome = '["S47"]';
        const res = rng.chance(0.03) ? this.transferIn(refId, r) : this.s47(refId, r, true);
        if (res === -1) {
          route = 0;
          afterS47 = true;
          closeFrom = Math.max(this.lastS47End, aAuth);
          assessOutcome = '["NFA"]';
        } else if (res === -2) cinFrom = aAuth;
        else {
          if (res < longFrom) longFrom = res;
          if (this.lastPlanEndedInCare && res < this.age18 - 7) careEntry = res;
          else if (rng.chance(0.72)) cinFrom = res;
          else closeFrom = res;
        }
      }
      const assessNfa = route === 0 ? "Y" : "N";
      if (aStart <= this.endDay) {
        const done = aAuth <= this.endDay;
        const aId = this.id(T_ASSESS);
        this.row(T_ASSESS, [
          this.la,
          aId,
          this.pid,
          refId,
          aStart,
          rng.chance(0.97) ? "Y" : "N",
          done ? aAuth : null,
          done ? assessOutcome : null,
          done ? assessNfa : null,
          this.workerTeam[w]!,
          this.workerIds[w]!,
          done ? assessmentFactors(aId) : null,
        ]);
      } else this.relevant = true;
      if (route === 0) outcome = '["NFA"]';
      if (careEntry >= 0) {
        this.allocate(A_ASSESS, r, longFrom, refId, "Case transferred");
        if (careEntry > longFrom) this.allocate(A_SAFE, longFrom, careEntry, refId, "Case transferred");
        if (careEntry > this.endDay) {
          close = careEntry;
          this.relevant = true;
        } else {
          // The SSDA903 category of need is N1–N8: a child referred as N0 (not stated) or N9 (not in need) is in need once in care.
          const exit = this.care(refId, careEntry, need === "N9" || need === "N0" ? "N1" : need);
          this.allocate(A_CLA, careEntry, exit, refId, exit >= this.age18 ? "Left care" : "Case closed");
          close = exit;
          if (exit <= this.endDay) {
            reason = closeReasonForExit(this.spellReason);
            if (reason === "RC7" && !this.careerOver && exit < this.age18 - 60 && rng.chance(0.6)) {
              close = exit + 30 + rng.int(150);
              this.allocate(A_SAFE, exit, close, refId, "Case closed");
            }
          }
        }
      } else if (cinFrom >= 0) {
        const months = this.n2 ? 12 + rng.exp(30) : 2 + rng.exp(6);
        // Closed by the 18th birthday, before any reassessment or S47 is placed in it.
        close = Math.min(cinFrom + Math.round(months * 30.4), this.age18);
        if (close - aAuth > 150 && rng.chance(0.35))
          this.reassessment(refId, aAuth + 90 + rng.int(close - aAuth - 120), close);
        if (close - aAuth > 60 && rng.chance(0.045))
          this.s47(refId, aAuth + 30 + rng.int(close - aAuth - 40), false);
        reason = rng.chance(0.88) ? "RC7" : (["RC3", "RC4", "RC5", "RC6"][rng.int(4)] ?? "RC7");
        this.allocate(A_ASSESS, r, longFrom, refId, "Case transferred");
        this.allocate(A_SAFE, longFrom, close, refId, "Case closed");
      } else {
        close = closeFrom + rng.int(12);
        if (route === 0) {
          const atAssessment = rng.chance(0.65) ? "RC8" : "RC9";
          reason = afterS47 ? "RC7" : atAssessment;
          this.allocate(A_ASSESS, r, close, refId, "Case closed");
        } else {
          this.allocate(A_ASSESS, r, longFrom, refId, "Case transferred");
          this.allocate(A_SAFE, longFrom, close, refId, "Case closed");
        }
      }
      // A case does not close before its assessment is authorised (DfE rules 8565 and 8867).
      if (close < aAuth) close = aAuth;
    }
    if (close >= this.age18 && careEntry < 0) close = this.age18;
    const open = close > this.endDay;
    this.row(T_CIN, [
      this.la,
      refId,
      this.pid,
      r,
      need,
      src,
      SOURCE_DESC[src]!,
      outcome,
      nfa,
      open ? null : reason,
      this.end(close),
      this.workerTeam[w]!,
      this.workerIds[w]!,
    ]);
    return close;
  }

  /** How much likelier than average a child of this age (on `day`) is to become looked after. */
  private careFactor(day: number): number {
    const y = Math.floor((day - this.dob) / DAYS_PER_YEAR);
    return CARE_FACTOR[y < 0 ? 0 : Math.min(y, 17)]!;
  }

  private lastPlanEndedInCare = false;
  private lastS47End = 0;

  private strategyNfa(refId: string, r: number): void {
    const day = this.cal.addWorkingDays(r, this.rng.int(4));
    if (day > this.endDay) return;
    this.row(T_STRAT, [this.la, this.id(T_STRAT), this.pid, refId, day, null, "NFA"]);
  }

  /** A reassessment during CIN support, authorised by the case's closure at the latest. */
  private reassessment(refId: string, start: number, close: number): void {
    const rng = this.rng;
    if (start > this.endDay) return;
    const auth = Math.min(this.cal.addWorkingDays(start, 10 + rng.int(40)), close);
    const w = this.worker(A_SAFE);
    const done = auth <= this.endDay;
    const aId = this.id(T_ASSESS);
    this.row(T_ASSESS, [
      this.la,
      aId,
      this.pid,
      refId,
      start,
      "Y",
      done ? auth : null,
      done ? '["CIN_PLAN"]' : null,
      done ? "N" : null,
      this.workerTeam[w]!,
      this.workerIds[w]!,
      done ? assessmentFactors(aId) : null,
    ]);
  }

  /**
   * A strategy discussion and the S47 it initiates, then perhaps an ICPC and
   * a CP plan. Returns -1 (no further action), -2 (continue as CIN) or the
   * day the resulting CP plan ended.
   */
  private s47(refId: string, r: number, conference: boolean): number {
    const rng = this.rng;
    const cal = this.cal;
    const sd = cal.addWorkingDays(r, rng.int(3));
    if (sd > this.endDay) {
      this.relevant = true;
      return -2;
    }
    const s47Id = this.id(T_S47);
    const w = this.worker(A_SAFE);
    this.row(T_STRAT, [this.la, this.id(T_STRAT), this.pid, refId, sd, s47Id, "S47"]);
    let s47End: number;
    let outcome: string;
    let result: number;
    this.lastPlanEndedInCare = false;
    if (conference && rng.chance(P_ICPC)) {
      const wd = rng.chance(P_ICPC_TIMELY) ? rng.range(6, 15) : rng.range(16, 30);
      const icpcDay = cal.addWorkingDays(sd, wd);
      const end = cal.addWorkingDays(sd, rng.range(3, 10));
      s47End = Math.min(end, icpcDay);
      outcome = '["ICPC"]';
      result = this.icpc(refId, s47Id, sd, icpcDay, false);
    } else {
      s47End = cal.addWorkingDays(sd, rng.range(4, 25));
      const nfa = rng.chance(0.42);
      outcome = nfa ? '["NFA"]' : '["CIN_PLAN"]';
      result = nfa ? -1 : -2;
    }
    this.lastS47End = s47End;
    const done = s47End <= this.endDay;
    this.row(T_S47, [
      this.la,
      s47Id,
      refId,
      this.pid,
      sd,
      this.end(s47End),
      // s47e_s47_nfa holds "ICPC not required" (CIN census ICPCnotRequired, Annex A): yes for every enquiry concluded without a conference.
      done ? (outcome === '["ICPC"]' ? "N" : "Y") : null,
      done ? outcome : null,
      this.workerIds[w]!,
      this.workerTeam[w]!,
    ]);
    return result;
  }

  /** An ICPC and, when it decides so, the CP plan; returns as s47(). */
  private icpc(refId: string, s47Id: string | null, sd: number, day: number, transfer: boolean): number {
    const rng = this.rng;
    this.lastPlanEndedInCare = false;
    if (day >= this.age18) return -2;
    if (day > this.endDay) {
      this.relevant = true;
      return -2;
    }
    const icpcId = this.id(T_ICPC);
    const plan = transfer || rng.chance(P_PLAN);
    const planId = plan ? this.id(T_CPP) : null;
    const w = this.worker(A_SAFE);
    this.row(T_ICPC, [
      this.la,
      icpcId,
      this.meetingId(),
      s47Id,
      this.pid,
      planId,
      refId,
      transfer ? "Y" : "N",
      this.upTo(this.cal.addWorkingDays(sd, 15)),
      day,
      plan ? "Y" : "N",
      plan ? '["CP_PLAN"]' : '["NO_PLAN"]',
      this.workerTeam[w]!,
      this.workerIds[w]!,
    ]);
    if (!plan || planId === null) return -2;
    return this.cpPlan(planId, refId, icpcId, day);
  }

  /** A child arriving on a CP plan from another council: a transfer-in conference and a plan. */
  private transferIn(refId: string, r: number): number {
    const day = this.cal.addWorkingDays(r, this.rng.range(5, 15));
    return this.icpc(refId, null, r, day, true);
  }

  /** A CP plan from `start` with its reviews and visits; returns its end day. */
  private cpPlan(planId: string, refId: string, icpcId: string, start: number): number {
    const rng = this.rng;
    const cal = this.cal;
    const intoCare = rng.chance(P_CARE_AFTER_PLAN * this.careFactor(start)) && start < this.age18 - 200;
    this.lastPlanEndedInCare = intoCare;
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
    const participationAge = (start - this.dob) / DAYS_PER_YEAR;
    for (let k = 0; k < 40; k++) {
      const onTime = rng.chance(0.975);
      const date = onTime ? due - rng.int(20) : due + rng.range(1, 25);
      if (end >= 0 && date >= end) break;
      // A plan still open at the 18th birthday ends then, with no review after it.
      if (end < 0 && date >= this.age18) {
        end = this.age18;
        break;
      }
      const last = end < 0 && date >= intended;
      if (last) end = date;
      if (date > this.endDay) break;
      this.row(T_CPREV, [
        this.la,
        this.id(T_CPREV),
        this.pid,
        planId,
        this.upTo(due),
        date,
        this.meetingId(),
        last ? "N" : "Y",
        rng.chance(0.95) ? "Y" : "N",
        participationAge < 4 ? "PN0" : PARTICIPATION.pick(rng),
      ]);
      if (last) break;
      due = cal.addMonths(date, 6);
    }
    if (end < 0) end = this.endDay + 1;
    if (end > this.age18) end = this.age18;
    const category = ABUSE.pick(rng);
    this.row(T_CPP, [
      this.la,
      planId,
      refId,
      icpcId,
      this.pid,
      start,
      this.end(end),
      category,
      rng.chance(0.9) ? category : ABUSE.pick(rng),
      rng.chance(0.005) ? "Y" : "N",
      this.prevPlans,
    ]);
    this.prevPlans++;
    // Visits every 5–10 working days, now and then later.
    const stop = Math.min(end, this.endDay + 1);
    let v = cal.addWorkingDays(start, rng.range(1, 5));
    if (v < this.histCut) v = cal.addWorkingDays(this.histCut, rng.int(8));
    const small = (start - this.dob) / DAYS_PER_YEAR < 4;
    while (v < stop) {
      const bits = rng.bits();
      this.row(T_CPVIS, [
        this.la,
        this.id(T_CPVIS),
        this.pid,
        planId,
        v,
        (bits & 255) < 246 ? "Y" : "N",
        small || ((bits >>> 8) & 255) >= 154 ? "N" : "Y",
        ((bits >>> 16) & 255) < 179 ? "Y" : "N",
      ]);
      const g = bits >>> 24;
      v = cal.addWorkingDays(v, g < 236 ? 4 + (g % 7) : 11 + (g % 5));
    }
    if (!intoCare) this.lastPlanEndedInCare = false;
    return end;
  }

  // ---------------------------------------------------------------- care

  /** Draws a care spell for a child entering care at `ageDays`: spellDays, spellReason, spellRoute. */
  private sampleSpell(ageDays: number, uasc: boolean): void {
    const rng = this.rng;
    const y = ageDays / DAYS_PER_YEAR;
    const to18 = 18 * DAYS_PER_YEAR - ageDays;
    const u = rng.next();
    let days: number;
    let reason: string;
    if (uasc) {
      this.spellRoute = R_UASC;
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
        this.spellRoute = R_REMAND;
        reason = "E14";
        days = 5 + rng.exp(60);
      } else if (u < pAdopt + pSgo) this.spellRoute = R_COURT;
      else if (reason === "E4A" || reason === "E4B")
        this.spellRoute = rng.chance(y < 10 ? 0.35 : 0.55) ? R_S20 : R_COURT;
      else this.spellRoute = rng.chance(y >= 16 ? 0.6 : 0.15) ? R_S20 : R_COURT;
    }
    if (reason !== "E11" && reason !== "E12" && days >= to18) {
      reason = "18";
      days = to18;
    }
    this.spellDays = Math.max(1, Math.round(days));
    this.spellReason = reason;
  }

  /** Children already in care on the first simulated day, drawn length-biased from the same spells. */
  private stockInCare(uasc: boolean): void {
    const rng = this.rng;
    const rate = uasc ? UASC_START_RATE : CARE_START_RATE;
    const trend = (1 + TREND) ** ((this.t0 - this.mid) / DAYS_PER_YEAR);
    const est = this.probeSpells(uasc).meanDays;
    const n = rng.poisson(rate * this.unit * trend * est);
    const maxDays = 18 * DAYS_PER_YEAR;
    for (let k = 0; k < n; k++) {
      let ageDays = 0;
      for (;;) {
        ageDays = this.entryAgeDays(uasc);
        this.sampleSpell(ageDays, uasc);
        if (this.spellReason === "E11" || this.spellReason === "E12") this.spellDays = ADOPTION_SPELL_DAYS;
        if (rng.next() * maxDays < this.spellDays) break;
      }
      const entry = this.t0 - 1 - Math.floor(rng.next() * this.spellDays);
      this.beginChild(entry - Math.round(ageDays), true);
      this.uasc = uasc;
      this.forcedSpell = { days: this.spellDays, reason: this.spellReason, route: this.spellRoute };
      this.minExit = this.t0;
      const r = uasc ? entry : entry - rng.int(120);
      const src = uasc ? "5C" : SOURCES.pick(rng);
      this.contactThenReferral(r, src, entry);
      this.endChild(uasc ? UASC_NATIONALITIES.pick(rng) : null);
    }
  }

  private forcedSpell: { days: number; reason: string; route: number } | null = null;
  /** For a child drawn into the first day's stock, the adoption timeline must run past that day. */
  private minExit = 0;

  private contactThenReferral(r: number, src: string, careEntry: number): void {
    this.row(T_CONTACT, [this.la, this.id(T_CONTACT), this.pid, r, src, SOURCE_DESC[src]!, CONTACT_REFERRAL]);
    const close = this.referral(r, src, careEntry);
    if (close <= this.endDay && !this.careerOver && this.rng.chance(P_RETURN_AFTER_REFERRAL * 0.6)) {
      this.career(close + 30 + Math.round(this.rng.exp(400)), true);
    }
  }

  private entryAgeDays(uasc: boolean): number {
    const rng = this.rng;
    if (uasc) return (14 + rng.next() * 3.9) * DAYS_PER_YEAR;
    const y = CARE_ENTRY_AGE.pick(rng);
    return (y + (y === 0 ? rng.next() ** 2 : rng.next())) * DAYS_PER_YEAR;
  }

  /**
   * Mean length of a care spell and the share ending as a care leaver (at 16+
   * after 13 weeks, not adopted), from a fixed-seed sample of the spell model,
   * to size the stocks on the first day.
   */
  private probeSpells(uasc: boolean): { meanDays: number; leaverShare: number } {
    const saved = this.rng;
    this.rng = new Rng(12345 + (uasc ? 1 : 0));
    let total = 0;
    let leavers = 0;
    const n = 20000;
    for (let k = 0; k < n; k++) {
      const age = this.entryAgeDays(uasc);
      this.sampleSpell(age, uasc);
      const adopted = this.spellReason === "E11" || this.spellReason === "E12";
      total += adopted ? ADOPTION_SPELL_DAYS : this.spellDays;
      if (!adopted && age + this.spellDays >= 16 * DAYS_PER_YEAR && this.spellDays >= 91) leavers++;
    }
    this.rng = saved;
    return { meanDays: total / n, leaverShare: leavers / n };
  }

  private uascChild(day: number): void {
    const rng = this.rng;
    const ageDays = this.entryAgeDays(true);
    this.beginChild(day - Math.round(ageDays), day < this.simStart);
    this.uasc = true;
    this.sex = rng.chance(0.92) ? "M" : "F";
    this.contactThenReferral(day, rng.chance(0.6) ? "5C" : rng.chance(0.5) ? "6" : "8", day);
    this.endChild(UASC_NATIONALITIES.pick(rng));
  }

  /**
   * A period of care from `entry`: placements, legal statuses, episodes,
   * reviews, visits, health checks, missing episodes, permanence, UASC status,
   * then leaving care. Returns the day the period ended (after the data when open).
   */
  private care(refId: string, entry: number, need: string): number {
    const rng = this.rng;
    const cal = this.cal;
    if (this.forcedSpell) {
      this.spellDays = this.forcedSpell.days;
      this.spellReason = this.forcedSpell.reason;
      this.spellRoute = this.forcedSpell.route;
      this.forcedSpell = null;
    } else this.sampleSpell(entry - this.dob, this.uasc);
    const ageAtEntry = (entry - this.dob) / DAYS_PER_YEAR;
    let reason = this.spellReason;
    const route = this.spellRoute;
    const adoption = reason === "E11" || reason === "E12";
    let exit = entry + this.spellDays;
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
        if (exit >= this.minExit) break;
      }
      if (byCarer) pfc = Math.max(entry, placed - 150 - Math.round(rng.exp(250)));
    } else exit = entry + this.spellDays;
    this.minExit = 0;
    if (reason === "18" || exit >= this.age18) {
      exit = this.age18;
      if (reason !== "E11" && reason !== "E12") reason = AT_EIGHTEEN.pick(rng);
    }
    if (exit <= entry) exit = entry + 1;
    this.spellReason = reason;
    const periodId = this.periodId();

    // Placements.
    const stability = rng.next();
    const meanStay = stability < 0.72 ? 1400 : stability < 0.93 ? 400 : 75;
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
    this.plCount = 0;
    let t = entry;
    for (;;) {
      if (t > this.endDay) break;
      const age = (t - this.dob) / DAYS_PER_YEAR;
      let type = PLACEMENT_BY_AGE[age < 1 ? 0 : age < 10 ? 1 : age < 16 ? 2 : 3]!.pick(rng);
      if (this.uasc) type = age >= 16 ? (rng.chance(0.6) ? "K3" : "U6") : rng.chance(0.7) ? "U6" : "K2";
      if (route === R_REMAND) type = rng.chance(0.6) ? "K2" : "K1";
      // A child accommodated under section 20 is not placed with parents (DfE rule 378).
      if (route === R_S20 && type === "P1") type = "U6";
      if (adoption && type !== "U6" && type !== "U5" && type !== "R3") type = "U6";
      const stay = type === "T4" ? 1 + rng.int(14) : 1 + Math.round(rng.exp(meanStay));
      type = placementTypeFor(type, t, t + stay);
      // A period of care does not start in a temporary placement (DfE rule 380).
      if (this.plCount === 0 && type === "T4") type = "U6";
      if (this.plCount > 0 && t >= boundary) break;
      this.addPlacement(t, type, false);
      t += stay;
      if (t >= boundary || this.plCount >= 590) break;
    }
    if (byCarer && pfc <= this.endDay) {
      if (pfc <= this.plStart[this.plCount - 1]!) this.plCount--;
      this.addPlacement(Math.max(pfc, entry), rng.chance(0.3) ? "U5" : "U6", false);
    }
    if (finalStart > 0 && finalStart <= this.endDay) {
      while (this.plCount > 0 && this.plStart[this.plCount - 1]! >= finalStart) this.plCount--;
      this.addPlacement(finalStart, finalType, byCarer || (fosterSgo && rng.chance(0.5)));
    }
    if (this.plCount === 0) this.addPlacement(entry, "U6", false);

    // Legal statuses.
    this.lsCount = 0;
    if (route === R_UASC || route === R_S20) {
      this.addLegal(entry, "V2");
      if (route === R_S20 && rng.chance(0.08)) this.addLegal(entry + 60 + rng.int(200), "C1");
    } else if (route === R_REMAND) this.addLegal(entry, "J1");
    else {
      if (rng.chance(0.12)) {
        const police = rng.chance(0.6);
        this.addLegal(entry, police ? "L1" : "L2");
        // Police protection lasts 72 hours at most (DfE rule 361); an emergency protection order up to 8 days here.
        const days = 1 + rng.int(8);
        this.addLegal(entry + (police ? Math.min(days, 3) : days), "C1");
      } else this.addLegal(entry, "C1");
      this.addLegal(entry + 90 + Math.round(rng.exp(170)), "C2");
    }
    if (adoption) {
      while (this.lsCount > 1 && this.lsStart[this.lsCount - 1]! >= po) this.lsCount--;
      this.addLegal(po, "E1");
    }
    while (this.lsCount > 1 && this.lsStart[this.lsCount - 1]! >= exit) this.lsCount--;
    if (this.lsStart[0]! !== entry) this.lsStart[0] = entry;

    // Reviews (first within 20 working days, then 3 months, then 6 months).
    this.rvCount = 0;
    let due = cal.addWorkingDays(entry, 20);
    for (let k = 0; k < 190; k++) {
      const onTime = rng.chance(0.985);
      let date = onTime
        ? due - rng.int(k === 0 ? 6 : 25)
        : k === 0
          ? cal.addWorkingDays(due, rng.range(1, 15))
          : due + rng.range(1, 40);
      if (date <= entry) date = entry + 1;
      if (date >= exit || date > this.endDay) break;
      this.rvDate[this.rvCount++] = date;
      this.row(T_CLAR, [
        this.la,
        this.id(T_CLAR),
        periodId,
        this.upTo(due),
        date,
        "N",
        (date - this.dob) / DAYS_PER_YEAR < 4 ? "PN0" : PARTICIPATION.pick(rng),
      ]);
      due = cal.addMonths(date, k === 0 ? 3 : 6);
    }

    // Placement rows.
    for (let k = 0; k < this.plCount; k++) {
      const start = this.plStart[k]!;
      const next = k + 1 < this.plCount ? this.plStart[k + 1]! : exit;
      const type = this.plType[k]!;
      const provider = providerFor(type, rng);
      const home = type === "K2" || type === "K1" || type === "S1" || type === "R1";
      this.row(T_CLAP, [
        this.la,
        this.plId[k]!,
        start,
        type,
        home ? this.urns[rng.int(this.urns.length)]! : null,
        distanceFor(type, provider, rng),
        periodId,
        provider,
        type === "P1" ? null : this.postcodes[rng.int(this.postcodes.length)]!,
        this.end(next),
        next > this.endDay ? null : k + 1 < this.plCount ? CHANGE_REASONS.pick(rng) : "CARPL",
        this.pid,
      ]);
    }
    // Legal status rows.
    for (let k = 0; k < this.lsCount; k++) {
      const next = k + 1 < this.lsCount ? this.lsStart[k + 1]! : exit;
      if (this.lsStart[k]! > this.endDay) break;
      this.row(T_LEGAL, [
        this.la,
        this.id(T_LEGAL),
        this.pid,
        this.lsCode[k]!,
        this.lsStart[k]!,
        this.end(next),
      ]);
    }
    // Episodes: a new one at every change of placement or legal status, chained with X1.
    let p = 0;
    let l = 0;
    let epStart = entry;
    let startReason = "S";
    let rv = 0;
    for (;;) {
      const nextP = p + 1 < this.plCount ? this.plStart[p + 1]! : Number.MAX_SAFE_INTEGER;
      const nextL = l + 1 < this.lsCount ? this.lsStart[l + 1]! : Number.MAX_SAFE_INTEGER;
      let next = Math.min(nextP, nextL);
      if (next > exit) next = exit;
      const final = next >= exit;
      const endsBy = final ? exit : next;
      while (rv < this.rvCount && this.rvDate[rv]! <= endsBy) rv++;
      this.row(T_CLAE, [
        this.la,
        this.id(T_CLAE),
        this.pid,
        epStart,
        startReason,
        need,
        this.end(endsBy),
        endsBy > this.endDay ? null : final ? reason : "X1",
        periodId,
        refId,
        this.plId[p]!,
        entry,
        rv > 0 ? this.rvDate[rv - 1]! : null,
      ]);
      if (final || next > this.endDay) break;
      const movesP = nextP === next;
      const movesL = nextL === next;
      if (movesP) p++;
      if (movesL) l++;
      const same = movesP && this.plSame[p] === 1;
      startReason = movesP && movesL ? (same ? "U" : "B") : movesP ? (same ? "T" : "P") : "L";
      epStart = next;
    }

    this.careDetail(periodId, entry, exit, ageAtEntry);

    if (this.uasc) {
      this.row(T_IMMI, [this.la, this.id(T_IMMI), this.pid, "UASC", entry, this.end(this.age18)]);
    }
    if (adoption || kinSgo || fosterSgo) {
      this.permanence(periodId, adoption, adm, po, matched, placed, byCarer ? pfc : 0, exit);
    }
    if (exit <= this.endDay) {
      if (adoption || reason === "E2") this.careerOver = true;
      const ageAtExit = (exit - this.dob) / DAYS_PER_YEAR;
      if (ageAtExit >= 16 && exit - entry >= 91 && !adoption && reason !== "E2" && reason !== "E16") {
        this.careLeaver(exit);
        this.careerOver = true;
      }
      if (ageAtExit >= 17.5) this.careerOver = true;
    } else this.careerOver = true;
    return exit;
  }

  private addPlacement(start: number, type: string, sameCarer: boolean): void {
    const k = this.plCount++;
    this.plStart[k] = start;
    this.plType[k] = type;
    this.plId[k] = this.id(T_CLAP);
    this.plSame[k] = sameCarer ? 1 : 0;
  }

  private addLegal(start: number, code: string): void {
    if (this.lsCount > 0 && start <= this.lsStart[this.lsCount - 1]!) return;
    this.lsStart[this.lsCount] = start;
    this.lsCode[this.lsCount] = code;
    this.lsCount++;
  }

  /**
   * Visits, health checks and missing episodes of a period of care, written
   * from the start of the emitted range (older ones are not needed by any
   * indicator and would only add volume).
   */
  private careDetail(periodId: string, entry: number, exit: number, ageAtEntry: number): void {
    const rng = this.rng;
    const stop = Math.min(exit, this.endDay + 1);
    if (stop <= this.histCut) return;
    // Visits: within a week of each placement starting, then every 3–6 weeks (sometimes later).
    for (let k = 0; k < this.plCount; k++) {
      const ps = this.plStart[k]!;
      const pe = k + 1 < this.plCount ? this.plStart[k + 1]! : stop;
      if (pe <= this.histCut) continue;
      let v = ps + 1 + rng.int(6);
      if (v < this.histCut) v += Math.floor((this.histCut - v) / 31) * 31;
      while (v < pe && v < stop) {
        if (v >= this.histCut) {
          const bits = rng.bits();
          this.row(T_CLAV, [
            this.la,
            this.id(T_CLAV),
            periodId,
            this.pid,
            v,
            (bits & 255) < 246 ? "Y" : "N",
            v - this.dob < 4 * DAYS_PER_YEAR || ((bits >>> 8) & 255) >= 154 ? "N" : "Y",
          ]);
          const g = bits >>> 16;
          v += g < 60_000 ? 20 + (g % 23) : 43 + (g % 23);
        } else v += rng.range(20, 42);
      }
    }
    // Health: initial assessment within 28 days, reviews 6-monthly under 5 and yearly after; dental yearly.
    if (stop - entry > 20) {
      let h = entry + rng.range(7, 28);
      let type = "HA_INITIAL";
      while (h < stop) {
        if (h >= this.histCut)
          this.row(T_HEALTH, [this.la, this.id(T_HEALTH), this.pid, type, h, "COMPLETED"]);
        const under5 = (h - this.dob) / DAYS_PER_YEAR < 5;
        h += rng.chance(0.74)
          ? (under5 ? 182 : 365) - rng.int(45)
          : (under5 ? 182 : 365) + rng.range(30, 150);
        type = "HA_REVIEW";
      }
      let dnt = entry + rng.range(30, 200);
      if (dnt - this.dob < DAYS_PER_YEAR) dnt = this.dob + 400;
      while (dnt < stop) {
        if (dnt >= this.histCut)
          this.row(T_HEALTH, [this.la, this.id(T_HEALTH), this.pid, "DENTAL", dnt, "COMPLETED"]);
        dnt += rng.chance(0.74) ? 365 - rng.int(60) : 365 + rng.range(30, 150);
      }
    }
    // Missing: a minority of older children go missing often.
    const prone = ageAtEntry >= 9 && rng.chance(0.2);
    const mean = prone ? 40 : 1500;
    const from = Math.max(entry, this.histCut, this.dob + Math.round(10 * DAYS_PER_YEAR));
    let m = from + Math.round(rng.exp(mean));
    while (m < stop) {
      const len = rng.chance(0.5) ? 0 : rng.chance(0.6) ? 1 : rng.chance(0.6) ? 2 : rng.range(3, 7);
      const end = m + len;
      const missingId = this.id(T_MISS);
      const ended = end <= this.endDay;
      const offered = ended && rng.chance(0.86);
      const accepted = offered && rng.chance(0.7);
      this.row(T_MISS, [
        this.la,
        missingId,
        this.pid,
        m,
        rng.chance(0.85) ? "M" : "A",
        this.end(end),
        ended ? (offered ? "Y" : "N") : null,
        ended ? (accepted ? "Y" : "N") : null,
      ]);
      if (accepted) {
        const rhi = end + (rng.chance(0.8) ? rng.int(4) : rng.range(4, 12));
        if (rhi <= this.endDay) this.row(T_MRHI, [this.la, this.id(T_MRHI), missingId, this.pid, rhi]);
      }
      m = end + 1 + Math.round(rng.exp(mean));
    }
  }

  private permanence(
    periodId: string,
    adoption: boolean,
    adm: number,
    po: number,
    matched: number,
    placed: number,
    pfc: number,
    exit: number,
  ): void {
    const e = this.endDay;
    const orderMade = exit <= e;
    if (adoption) {
      if (adm > e) return;
      this.row(T_PERM, [
        this.la,
        this.id(T_PERM),
        this.pid,
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
      this.row(T_PERM, [
        this.la,
        this.id(T_PERM),
        this.pid,
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

  /**
   * Leaving-care contacts every ~2 months to the 22nd birthday, the personal adviser, and the
   * snapshot row. The row is kept to the 25th birthday (a former relevant care leaver's
   * entitlement to a personal adviser), so returns written for past years still hold those now
   * 22–24; after 22 it has no adviser, worker or pathway plan and takes no random draw, so the
   * rest of a seed's council is unchanged.
   */
  private careLeaver(leave: number): void {
    const rng = this.rng;
    const until = this.cal.addYears(this.dob, 22);
    this.allocate(A_LEAVE, leave, until, null, "Leaving care ended");
    let accom = LEAVER_ACCOMMODATION.pick(rng);
    let activity = LEAVER_ACTIVITY.pick(rng);
    let suitable = suitableFor(accom, rng);
    let lastDate = 0;
    let lastTouch = "";
    let lastAccom: string | null = null;
    let lastSuit: string | null = null;
    let lastAct: string | null = null;
    let c = leave + rng.range(10, 60);
    const stop = Math.min(until, this.endDay + 1);
    if (c < this.histCut) c += Math.floor((this.histCut - c) / 60) * 60;
    while (c < stop) {
      if (rng.chance(0.15)) {
        accom = LEAVER_ACCOMMODATION.pick(rng);
        suitable = suitableFor(accom, rng);
      }
      if (rng.chance(0.15)) activity = LEAVER_ACTIVITY.pick(rng);
      const young = (c - this.dob) / DAYS_PER_YEAR < 18;
      const touch = LEAVER_IN_TOUCH.pick(rng);
      const yes = touch === "YES";
      const a = young && (accom === "U" || accom === "K") ? "D" : accom;
      const act = young && !activity.startsWith("G") ? "F2" : activity;
      if (c >= this.histCut) {
        this.row(T_CLEC, [
          this.la,
          this.id(T_CLEC),
          this.pid,
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
    if (leave <= this.endDay && this.endDay < until) {
      const age = (this.endDay - this.dob) / DAYS_PER_YEAR;
      const w = this.worker(A_LEAVE);
      this.row(T_CLEA, [
        this.la,
        this.id(T_CLEA),
        this.pid,
        age >= 18 ? "FORMER_RELEVANT" : "RELEVANT",
        lastDate > 0 ? lastTouch : null,
        lastDate > 0 ? lastDate : null,
        lastAccom,
        lastSuit,
        lastAct,
        lastDate > 0 ? Math.max(leave, lastDate - rng.int(150)) : null,
        this.paNames[rng.int(this.paNames.length)] ?? null,
        this.workerTeam[w]!,
        this.workerIds[w]!,
      ]);
      this.relevant = true;
    } else if (leave <= this.endDay && this.endDay < this.cal.addYears(this.dob, 25)) {
      this.row(T_CLEA, [
        this.la,
        this.id(T_CLEA),
        this.pid,
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

  /** Care leavers who left care before the first simulated day and are still under 22. */
  private stockLeavers(): void {
    const rng = this.rng;
    // Care leavers leaving a year: a share of care spells end at 16+ after 13 weeks.
    const trend = (1 + TREND) ** ((this.t0 - this.mid) / DAYS_PER_YEAR);
    const local = CARE_START_RATE * this.probeSpells(false).leaverShare;
    const asylum = UASC_START_RATE * this.probeSpells(true).leaverShare;
    const n = rng.poisson((local + asylum) * this.unit * DAYS_PER_YEAR * trend * 6);
    for (let k = 0; k < n; k++) {
      const uasc = rng.chance(asylum / (local + asylum));
      let ageDays = 0;
      for (;;) {
        ageDays = this.entryAgeDays(uasc);
        this.sampleSpell(ageDays, uasc);
        const exitAge = ageDays + this.spellDays;
        if (
          this.spellReason !== "E11" &&
          this.spellReason !== "E12" &&
          exitAge >= 16 * DAYS_PER_YEAR &&
          this.spellDays >= 91
        )
          break;
      }
      const exit = this.t0 - 1 - rng.int(Math.round(6 * DAYS_PER_YEAR));
      const entry = exit - this.spellDays;
      const dob = entry - Math.round(ageDays);
      if (this.cal.addYears(dob, 22) <= this.simStart) continue;
      this.beginChild(dob, true);
      this.uasc = uasc;
      this.forcedSpell = { days: this.spellDays, reason: this.spellReason, route: this.spellRoute };
      this.contactThenReferral(uasc ? entry : entry - rng.int(120), uasc ? "5C" : SOURCES.pick(rng), entry);
      this.endChild(uasc ? UASC_NATIONALITIES.pick(rng) : null);
    }
  }

  // ------------------------------------------------------------ short breaks

  private stockShortBreaks(): void {
    const n = this.rng.poisson(SHORT_BREAK_RATE * this.unit * DAYS_PER_YEAR * 1.5);
    for (let k = 0; k < n; k++) this.shortBreakChild(this.t0 - this.rng.int(540), this.t0);
  }

  /**
   * A disabled child on CIN support with short breaks, which do not make a
   * child looked after: an agreed series (V4), or now and then a single
   * short break (V3).
   */
  private shortBreakChild(start: number, now: number): void {
    const rng = this.rng;
    this.beginChild(this.dobForAge(start, rng.range(4, 15)), now < this.simStart);
    this.disabled = true;
    this.n2 = true;
    const src = rng.chance(0.5) ? "5A" : "3F";
    const refId = this.id(T_CIN);
    this.row(T_CONTACT, [
      this.la,
      this.id(T_CONTACT),
      this.pid,
      start,
      src,
      SOURCE_DESC[src]!,
      CONTACT_REFERRAL,
    ]);
    const aAuth = this.cal.addWorkingDays(start, rng.range(15, 40));
    const w = this.worker(A_SAFE);
    const aId = this.id(T_ASSESS);
    this.row(T_ASSESS, [
      this.la,
      aId,
      this.pid,
      refId,
      start,
      "Y",
      aAuth <= this.endDay ? aAuth : null,
      aAuth <= this.endDay ? '["CIN_PLAN"]' : null,
      aAuth <= this.endDay ? "N" : null,
      this.workerTeam[w]!,
      this.workerIds[w]!,
      aAuth <= this.endDay ? assessmentFactors(aId) : null,
    ]);
    const seriesStart = aAuth + rng.range(10, 60);
    const single = rng.chance(0.3);
    const seriesEnd = single ? seriesStart + rng.range(1, 3) : seriesStart + 365 + rng.int(365);
    const close = Math.min(seriesEnd + rng.range(30, 400), this.age18);
    this.allocate(A_SAFE, start, close, refId, "Case closed");
    if (seriesStart <= this.endDay) {
      this.row(T_LEGAL, [
        this.la,
        this.id(T_LEGAL),
        this.pid,
        single ? "V3" : "V4",
        seriesStart,
        this.end(seriesEnd),
      ]);
      let s = seriesStart;
      while (s < seriesEnd && s <= this.endDay) {
        const e = single ? seriesEnd : s + rng.range(1, 3);
        const periodId = this.periodId();
        const plId = this.id(T_CLAP);
        const type = rng.chance(0.6) ? "K2" : "U6";
        const done = e <= this.endDay;
        this.row(T_CLAP, [
          this.la,
          plId,
          s,
          type,
          type === "K2" ? this.urns[0]! : null,
          Math.round(rng.exp(5) * 10) / 10,
          periodId,
          "PR1",
          this.postcodes[0]!,
          this.end(e),
          null,
          this.pid,
        ]);
        this.row(T_CLAE, [
          this.la,
          this.id(T_CLAE),
          this.pid,
          s,
          "S",
          "N2",
          this.end(e),
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
    this.row(T_CIN, [
      this.la,
      refId,
      this.pid,
      start,
      "N2",
      src,
      SOURCE_DESC[src]!,
      '["ASSESSMENT"]',
      "N",
      close <= this.endDay ? "RC7" : null,
      this.end(close),
      this.workerTeam[w]!,
      this.workerIds[w]!,
    ]);
    this.endChild();
  }
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

function suitableFor(accom: string, rng: Rng): string {
  return UNSUITABLE_ACCOMMODATION.has(accom) ? "2" : rng.chance(0.95) ? "1" : "2";
}
