/**
 * The council being generated: its random stream, calendar, id counters,
 * workforce, the child being drawn and the sink rows go to.
 *
 * Why one mutable object: every stage (front door, child protection, care,
 * leaving care) draws from the same random stream in a fixed order, so the
 * data are identical for a seed; the stages are functions over this state
 * rather than methods of one large class. Rows of a child drawn before the
 * emitted range are buffered and dropped unless something of it is dated in,
 * or open into, that range.
 */
import { addMonths, monthStart, toDayNumber } from "../calendar/dates.ts";
import type { CellValue } from "../db/database.ts";
import { DayCalendar } from "./calendar.ts";
import {
  ARRIVAL_AGE_WEIGHTS,
  CARE_ENTRY_AGE_WEIGHTS,
  DISABILITIES,
  ETHNICITIES,
  UASC_ETHNICITIES,
} from "./distributions.ts";
import { syntheticUpn } from "./identifiers.ts";
import { A_ASSESS, A_LEAVE, DAYS_PER_YEAR, R_COURT } from "./model.ts";
import { Rng } from "./random.ts";
import { ID_PREFIX, ID_SUFFIX, T_INVO, T_MEETING, T_PERIOD, T_PERSON, TABLE_NAMES } from "./tableIds.ts";

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
  /**
   * Demand relative to England's rates (default 1): every arrival and
   * first-day stock scaled, so a council of 1.3 has 30% more referrals,
   * plans and children in care per 10,000 children (demo --councils).
   */
  demand?: number;
  /** How this council works compared with England's (every factor 1 by default); see CouncilProfile. */
  profile?: CouncilProfile;
}

/**
 * A council's practice relative to England's: each factor multiplies how
 * often something goes wrong, so 1 is England's, below 1 better, above 1
 * worse. At 1 the generator draws exactly as without a profile (the seed's
 * data are unchanged); the demo draws a profile per council (region.ts).
 */
export interface CouncilProfile {
  /**
   * The share of assessments, ICPCs, CP and CLA reviews and visits that are
   * late (assessments_45wd_pct, icpc_15wd_pct, cpp_/cla_reviews_on_time_pct,
   * cpp_/cla_visits_on_time_pct); a late share reaching 1 is held there.
   */
  lateness?: number;
  /**
   * How often a child in care moves: the shares of children who move now
   * and then or often are multiplied by it and every placement's expected
   * stay divided by it (cla_3plus_placements_pct, cla_long_term_stability_pct).
   */
  moves?: number;
  /**
   * The chance a child comes back after a referral closes, and that the
   * contact on a quick return is referred again (rereferrals_12m_pct).
   */
  rereferral?: number;
}

/**
 * Receives each row: values in the column order of tableSpec(table).columns,
 * la_code first; DATE columns as day numbers or null.
 */
export type RowSink = (table: string, values: CellValue[]) => void;

/** Share of children with a disability recorded, and of them with long CIN support under N2. */
const P_DISABLED = 0.09;
const P_N2 = 0.45;
const AREA_ROLE = ["Social Worker", "Social Worker", "Social Worker", "Personal Adviser"];
/** Care entry by age relative to contacts by age, so children entering care have England's age profile. */
const CARE_FACTOR = ((): number[] => {
  const a = ARRIVAL_AGE_WEIGHTS;
  const c = CARE_ENTRY_AGE_WEIGHTS;
  const sa = a.reduce((x, y) => x + y, 0);
  const sc = c.reduce((x, y) => x + y, 0);
  return a.map((w, k) => Math.min(4, c[k]! / sc / (w / sa)));
})();

/** The state every stage of the generator reads and writes; see the module comment. */
export class Council {
  readonly counts = new Float64Array(TABLE_NAMES.length);
  readonly dataFrom: string;
  rng: Rng;
  readonly la: string;
  private readonly sink: RowSink;
  readonly endDay: number;
  readonly simStart: number;
  readonly t0: number;
  readonly histCut: number;
  readonly mid: number;
  readonly cal: DayCalendar;
  /** Expected events a day for a rate of 1 per 10,000 a year. */
  readonly unit: number;
  /** The profile's factors (CouncilProfile), 1 when not given. */
  readonly lateness: number;
  readonly moves: number;
  readonly rereferral: number;
  private readonly ids = new Float64Array(ID_PREFIX.length);
  private readonly idBlocks: string[] = ID_PREFIX.map(() => "");

  // Workforce lookups.
  readonly workerIds: string[] = [];
  readonly workerTeam: string[] = [];
  readonly areaFirst: number[] = [];
  readonly areaCount: number[] = [];
  readonly paNames: string[] = [];
  readonly postcodes: string[] = [];
  readonly urns: string[] = [];

  // The current child.
  pid = "";
  /** The child's number in the council (1, 2, …): its UPN's serial. */
  private childNumber = 0;
  private pidBlock = "";
  dob = 0;
  age18 = 0;
  sex = "M";
  disabled = false;
  n2 = false;
  uasc = false;
  prevPlans = 0;
  private buffering = false;
  relevant = false;
  careerOver = false;
  private readonly bufTable: number[] = [];
  private readonly bufValues: CellValue[][] = [];

  // Care spell drawn by sampleSpell.
  spellDays = 0;
  spellReason = "";
  spellRoute = R_COURT;

  // Scratch for one period of care.
  readonly plStart = new Int32Array(600);
  readonly plType: string[] = new Array(600).fill("");
  readonly plId: string[] = new Array(600).fill("");
  readonly plSame = new Uint8Array(600);
  plCount = 0;
  readonly lsStart = new Int32Array(16);
  readonly lsCode: string[] = new Array(16).fill("");
  lsCount = 0;
  readonly rvDate = new Int32Array(200);
  rvCount = 0;

  // Passed from child protection back to the front door.
  /** Whether the last CP plan ended with the child entering care. */
  lastPlanEndedInCare = false;
  /** The day the last S47 enquiry ended. */
  lastS47End = 0;

  /** A spell already drawn for a child of the first day's stock: the period of care takes it instead of drawing one. */
  forcedSpell: { days: number; reason: string; route: number } | null = null;
  /** For a child drawn into the first day's stock, the adoption timeline must run past that day. */
  minExit = 0;

  /** Sets the dates (data, warm-up, simulation start) and the calendar for `p`. */
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
    this.unit = (p.population / 10_000 / DAYS_PER_YEAR) * (p.demand ?? 1);
    this.lateness = p.profile?.lateness ?? 1;
    this.moves = p.profile?.moves ?? 1;
    this.rereferral = p.profile?.rereferral ?? 1;
    for (const [name, f] of Object.entries({
      lateness: this.lateness,
      moves: this.moves,
      rereferral: this.rereferral,
    }))
      if (!(f > 0 && f <= 10)) throw new RangeError(`profile.${name} must be above 0 and at most 10: ${f}`);
  }

  /**
   * The chance of being on time when England's is `p`, with the late share
   * (1 − p) scaled by the profile's lateness; exactly `p` at lateness 1.
   */
  onTime(p: number): number {
    return this.lateness === 1 ? p : Math.max(0, 1 - (1 - p) * this.lateness);
  }

  /** A chance of coming back scaled by the profile's rereferral, held below 0.95 (`p` itself at 1). */
  returnChance(p: number): number {
    return this.rereferral === 1 ? p : Math.min(0.95, p * this.rereferral);
  }

  /**
   * A new id for a table: its prefix, a block number and a 3-digit suffix
   * (CT12045), so only one number is turned into text per thousand ids.
   */
  id(table: number): string {
    const n = this.ids[table]!++;
    const k = n % 1000;
    if (k === 0) this.idBlocks[table] = ID_PREFIX[table]! + (n / 1000 + 1);
    return this.idBlocks[table]! + ID_SUFFIX[k]!;
  }

  /** A new period-of-care id. */
  periodId(): string {
    return this.id(T_PERIOD);
  }

  /** A new CP meeting id. */
  meetingId(): string {
    return this.id(T_MEETING);
  }

  /** Hands a row to the sink, or buffers it while the current child is drawn before the emitted range. */
  row(table: number, values: CellValue[]): void {
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
  end(day: number): number | null {
    if (day > this.endDay) {
      this.relevant = true;
      return null;
    }
    return day;
  }

  /** A date that is only written when it is not after the data (a due or target date). */
  upTo(day: number): number | null {
    return day <= this.endDay ? day : null;
  }

  /** Starts a new child born on `dob` (with sex and disability drawn); `buffering` when it arrives before the emitted range. */
  beginChild(dob: number, buffering: boolean): void {
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

  /** Ends the current child: flushes or drops its buffered rows, then writes its person row. */
  endChild(nationality: string | null = null): void {
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

  /** A random worker (index into the workforce lookups) of service area `area`. */
  worker(area: number): number {
    return this.areaFirst[area]! + this.rng.int(this.areaCount[area]!);
  }

  /**
   * Allocations for one stretch of a case: workers in `area` from `from` to `to`
   * (open when `to` is after the data), with occasional changes of worker and,
   * now and then, a short unallocated wait at the start of a new referral's
   * assessment. None when a case moves on to another team or a child comes
   * into care: the next worker takes over the day the last one stops, as
   * DfE's SSDA903 social worker episodes expect (SW10–SW12).
   */
  allocate(area: number, from: number, to: number, referralId: string | null, closing: string): void {
    const rng = this.rng;
    let t = from;
    const wait = rng.chance(0.08) ? rng.range(3, 40) : 0;
    if (area === A_ASSESS) t += wait;
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

  /** A date of birth for a child aged `ageYears` (whole years, drawn within the year) on `day`. */
  dobForAge(day: number, ageYears: number): number {
    return day - Math.floor((ageYears + this.rng.next()) * DAYS_PER_YEAR) - 1;
  }

  /** How much likelier than average a child of this age (on `day`) is to become looked after. */
  careFactor(day: number): number {
    const y = Math.floor((day - this.dob) / DAYS_PER_YEAR);
    return CARE_FACTOR[y < 0 ? 0 : Math.min(y, 17)]!;
  }
}
