/**
 * The SSDA903 items the SSD does not hold, for the synthetic council: the
 * adopters of each adoption (AD1), each period of care's home postcode and
 * previous permanence option, and each looked-after child's outcome items
 * at every 31 March in care (OC2); and the first child of each mother
 * (the SSD's ssd_mother, MC_DOB). Without them a written 903 fails DfE's
 * rules 151, 601, 392b, 630, 186, 197B, 191, 543, 545 and 611.
 *
 * Why a watcher on the emitted rows, with its own random stream: every
 * existing draw, and so every existing table and figure for a seed, stays
 * as it was; these rows are derived from the rows the stages emit (a
 * permanence row, an episode, the current child's birth date) and drawn
 * from a second stream seeded from the council's seed.
 */
import { toDayNumber } from "../calendar/dates.ts";
import { tableSpec } from "../model/tables.ts";
import type { GenerateParams, RowSink } from "./council.ts";
import { Rng, Weighted } from "./random.ts";

/** Salt that separates this stream from the council's. */
const STREAM_SALT = 0x0903_5eed;

/** Column index of `column` in `table`'s emitted values (la_code first). */
function col(table: string, column: string): number {
  const k = tableSpec(table)?.columns.findIndex((c) => c.name === column) ?? -1;
  if (k < 0) throw new Error(`no column ${table}.${column}`);
  return k;
}

const PERSON_ID = col("ssd_person", "pers_person_id");
const PERSON_DOB = col("ssd_person", "pers_dob");
const PERSON_MOTHER = col("ssd_person", "pers_is_mother");
const PERM_ID = col("ssd_permanence", "perm_table_id");
const PERM_PERSON = col("ssd_permanence", "perm_person_id");
const EP_PERSON = col("ssd_cla_episodes", "clae_person_id");
const EP_START = col("ssd_cla_episodes", "clae_cla_episode_start_date");
const EP_END = col("ssd_cla_episodes", "clae_cla_episode_ceased_date");
const EP_PERIOD = col("ssd_cla_episodes", "clae_cla_id");

/** Adopters (NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR) in DfE's allowed combinations (rules 511, 514–524); about 1 in 7 adopts alone. */
const ADOPTERS = new Weighted<readonly [string, string, string]>([
  [["1", "F1", "L0"], 11],
  [["1", "M1", "L0"], 3],
  [["2", "MF", "L11"], 52],
  [["2", "MF", "L3"], 22],
  [["2", "MF", "L2"], 2],
  [["2", "MM", "L12"], 3],
  [["2", "FF", "L12"], 2],
  [["2", "MM", "L4"], 2],
  [["2", "FF", "L2"], 3],
]);
/** Previous permanence on entering care: none (Z1) for most; P1 adoption, P2 special guardianship, P3 child arrangements order. */
const PREVIOUS = new Weighted<string>([
  ["Z1", 90],
  ["P1", 2],
  ["P2", 5],
  ["P3", 3],
]);
const LETTERS = "ABCDEFGHJKLMNPRSTUWY";

/**
 * Wraps `sink` so that, after each row it passes on, the rows these items
 * need are emitted too (to the same sink), counted by table in `counts`.
 * Deterministic for `params.seed`.
 */
export function withReturnItems(
  params: GenerateParams,
  out: RowSink,
  counts: Record<string, number>,
): RowSink {
  const sink: RowSink = (table, values) => {
    out(table, values);
    counts[table] = (counts[table] ?? 0) + 1;
  };
  const rng = new Rng((Math.imul(params.seed >>> 0, 0x9e3779b1) ^ STREAM_SALT) >>> 0);
  const la = params.laCode;
  const lastYearEnd = Number(params.endDate.slice(0, 4)) + (params.endDate.slice(5) >= "04-01" ? 1 : 0);
  const firstYearEnd = lastYearEnd - params.years - 1;
  const endDay = toDayNumber(params.endDate);
  const periods = new Set<string>();
  let child: string | undefined;
  let dob: number | null = null;
  let yearsDone = new Set<string>();
  let outcomeId = 0;
  let motherId = 0;
  const flag = (p: number) => (rng.chance(p) ? "Y" : "N");

  return (table, values) => {
    out(table, values);
    if (table === "ssd_person") {
      child = String(values[PERSON_ID]);
      dob = (values[PERSON_DOB] as number | null) ?? null;
      yearsDone = new Set();
      // a mother's first child, born from her 14th birthday to the end of the data
      if (values[PERSON_MOTHER] === "Y" && dob !== null) {
        const from = dob + Math.round(14 * 365.25);
        if (from <= endDay)
          sink("ssd_mother", [la, `MOTH${++motherId}`, child, null, from + rng.int(endDay - from + 1)]);
      }
    } else if (table === "ssd_permanence") {
      const [nb, sex, ls] = ADOPTERS.pick(rng);
      sink("ssdx_adopters", [la, values[PERM_ID]!, values[PERM_PERSON]!, nb, sex, ls]);
    } else if (table === "ssd_cla_episodes") {
      const person = String(values[EP_PERSON]);
      const start = values[EP_START] as number;
      const period = values[EP_PERIOD] as string | null;
      if (period !== null && !periods.has(period)) {
        periods.add(period);
        const a = LETTERS[rng.int(LETTERS.length)]!;
        const b = LETTERS[rng.int(LETTERS.length)]!;
        const home = `${a}${b}${1 + rng.int(30)} ${rng.int(10)}${b}${a}`;
        let prev = PREVIOUS.pick(rng);
        // an order needs a date between birth and entering care, so only for the current child's known birth date
        const known = person === child && dob !== null && start - dob > 400;
        if (!known) prev = "Z1";
        const date = prev === "Z1" ? null : dob! + 200 + rng.int(start - dob! - 300);
        sink("ssdx_cla_period_details", [la, period, person, home, prev, prev === "Z1" ? null : la, date]);
      }
      const end = Math.min((values[EP_END] as number | null) ?? endDay, endDay);
      for (let y = firstYearEnd; y <= lastYearEnd; y++) {
        const march = toDayNumber(`${y}-03-31`);
        const key = `${person}|${y}`;
        if (march < start || march > end || yearsDone.has(key)) continue;
        if (person === child) yearsDone.add(key);
        const sdq = Math.max(0, Math.min(40, Math.round(14 + 7 * rng.normal())));
        const misuse = rng.chance(0.04);
        const received = misuse ? flag(0.7) : null;
        sink("ssdx_cla_outcomes", [
          la,
          `OUT${++outcomeId}`,
          person,
          march,
          sdq,
          flag(0.03),
          flag(0.9),
          flag(0.86),
          misuse ? "Y" : "N",
          received,
          received === "N" ? flag(0.5) : null,
        ]);
      }
    }
  };
}
