/**
 * Care leavers (indicators.md, "Care leavers"): accommodation, activity and
 * contact of former relevant care leavers at a month end (LAIT 112, 113).
 *
 * Why a history union: the SSD holds only each care leaver's latest contact
 * (`ssd_care_leavers`), which says nothing about an earlier month end; the
 * extension table `ssdx_care_leaver_contacts` holds the history. The status
 * at D is the latest record dated on or before D from either source, so a
 * past month's figure does not change when a newer contact is recorded.
 * Eligibility has no history: the current category is used at every D.
 */
import { CARE_LEAVER_ACTIVITY, CARE_LEAVER_IN_TOUCH, EET_ACTIVITIES, sqlList } from "../model/codes.ts";
import { defineIndicator, defineRelation } from "./define.ts";
import { ageAt, fmt, lit, OPEN_END } from "./sql.ts";

const AREA = "Care leavers" as const;

/** SQL turning a code column into "label (CODE)" from a code list, or the code itself when unknown. */
function labelled(column: string, labels: Record<string, string>): string {
  const lower = (label: string) =>
    /^[A-Z]{2}/.test(label) ? label : label[0]!.toLowerCase() + label.slice(1);
  const whens = Object.entries(labels)
    .map(([code, label]) => `WHEN ${lit(code)} THEN ${lit(`${lower(label)} (${code})`)}`)
    .join(" ");
  return `(CASE ${column} ${whens} ELSE ${column} END)`;
}

/** What the latest record must show, beyond being in touch, to count in the numerator. */
interface Test {
  /** Condition on the normalised columns of `latest` (in_touch, suitable, activity, accommodation). */
  passes: string;
  /** Reason text when an in-touch care leaver fails the test. */
  failReason: string;
}

/**
 * One row per former relevant care leaver aged within `careLeaverAges` at each snapshot
 * (or with no date of birth), with their latest record on or before it: the latest date,
 * then the care leaver record before a contact, then the greatest record id. Each day's
 * record holds until the next record's date, so the lookup is an equi-join with a range.
 */
const careLeaversLatest = defineRelation({
  name: "_rel_care_leavers_latest",
  description: "former relevant care leavers at each month end with their latest record",
  sql: (options) => {
    const [lo, hi] = options.careLeaverAges;
    return `
    WITH cl AS (
      SELECT la_code, clea_person_id AS person_id, min(clea_table_id) AS clea_id
      FROM ssd_care_leavers
      WHERE upper(trim(clea_care_leaver_eligibility)) = 'FORMER_RELEVANT' AND clea_person_id IS NOT NULL
      GROUP BY ALL),
    dob AS (
      SELECT p.la_code, p.pers_person_id, max(p.pers_dob) AS dob
      FROM ssd_person p SEMI JOIN cl ON cl.la_code = p.la_code AND cl.person_id = p.pers_person_id
      GROUP BY ALL),
    pop AS (
      SELECT s.la_code, s.snapshot_date, cl.person_id, cl.clea_id, dob.dob,
        ${ageAt("dob.dob", "s.snapshot_date")} AS age
      FROM _snapshots s
      JOIN cl ON cl.la_code = s.la_code
      LEFT JOIN dob ON dob.la_code = cl.la_code AND dob.pers_person_id = cl.person_id
      WHERE dob.dob IS NULL OR ${ageAt("dob.dob", "s.snapshot_date")} BETWEEN ${lo} AND ${hi}),
    recs AS (
      SELECT la_code, clec_person_id AS person_id, clec_contact_id AS rec_id, 'contact' AS source, 1 AS source_rank,
        clec_contact_date AS rec_date, clec_in_touch AS in_touch, clec_accommodation AS accommodation,
        clec_accom_suitable AS suitable, clec_activity AS activity
      FROM ssdx_care_leaver_contacts WHERE clec_contact_date IS NOT NULL
      UNION ALL
      SELECT la_code, clea_person_id, clea_table_id, 'care leaver record', 0,
        clea_care_leaver_latest_contact, clea_care_leaver_in_touch, clea_care_leaver_accommodation,
        clea_care_leaver_accom_suitable, clea_care_leaver_activity
      FROM ssd_care_leavers WHERE clea_care_leaver_latest_contact IS NOT NULL),
    daily AS (
      SELECT * FROM recs
      QUALIFY row_number() OVER (PARTITION BY la_code, person_id, rec_date ORDER BY source_rank, rec_id DESC) = 1),
    until AS (
      SELECT *, lead(rec_date) OVER (PARTITION BY la_code, person_id ORDER BY rec_date) AS next_date FROM daily)
    SELECT pop.*, r.rec_id, r.source, r.rec_date,
      nullif(upper(trim(r.in_touch)), '') AS in_touch,
      nullif(upper(trim(r.accommodation)), '') AS accommodation,
      nullif(trim(r.suitable), '') AS suitable,
      nullif(upper(trim(r.activity)), '') AS activity
    FROM pop
    LEFT JOIN until r ON r.la_code = pop.la_code AND r.person_id = pop.person_id
      AND pop.snapshot_date >= r.rec_date AND pop.snapshot_date < coalesce(r.next_date, ${OPEN_END})`;
  },
});

/**
 * Rows: one per care leaver in `_rel_care_leavers_latest`. A care leaver whose date of
 * birth is missing is listed, outside the denominator, since their age cannot be known.
 */
function careLeaverRows(test: Test): string {
  return `
    WITH latest AS (
      SELECT *,
        CASE
          WHEN dob IS NULL THEN 'date of birth not recorded: age at the month end unknown'
          WHEN rec_date IS NULL THEN 'no contact record on or before the month end'
          WHEN in_touch IS NULL THEN 'in-touch status not recorded on the latest record'
          WHEN in_touch = 'REFU' THEN 'refuses contact (REFU)'
          WHEN in_touch = 'NO' THEN 'not in touch (NO)'
          WHEN in_touch <> 'YES' THEN 'not in touch: ' || ${labelled("in_touch", CARE_LEAVER_IN_TOUCH.labels)}
          WHEN NOT coalesce(${test.passes}, false) THEN ${test.failReason}
        END AS reason
      FROM _rel_care_leavers_latest)
    SELECT la_code, person_id AS child_id, coalesce(rec_id, clea_id) AS event_id, snapshot_date,
      reason IS NULL AS in_numerator, dob IS NOT NULL AS in_denominator, NULL::DOUBLE AS value, reason,
      'age ' || coalesce(CAST(age AS VARCHAR), '?')
        || CASE WHEN rec_date IS NULL THEN ', no record'
           ELSE ', latest ' || source || ' ' || rec_id || ' on ' || ${fmt("rec_date")}
             || ': in touch ' || coalesce(in_touch, '?') || ', accommodation ' || coalesce(accommodation, '?')
             || ' suitability ' || coalesce(suitable, '?') || ', activity ' || coalesce(activity, '?') END AS detail
    FROM latest`;
}

const SHARED =
  " Former relevant care leavers whose age at D is within the configured range (default 19–21); the latest record on or before D is the latest of the contact history and the care leaver record's latest contact (the record's own row wins a same-day tie). Those with no record, not in touch, refusing contact or whose in-touch status is anything but YES count in the denominator only.";

export const careLeaversSuitableAccommodationPct = defineIndicator({
  id: "care_leavers_suitable_accommodation_pct",
  title: "% care leavers aged 19–21 in suitable accommodation",
  area: AREA,
  definition: `Of former relevant care leavers aged 19, 20 or 21 at D, those whose latest recorded accommodation on or before D is suitable (suitability 1).${SHARED}`,
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  reference: "LAIT 112",
  uses: [careLeaversLatest],
  rows: () =>
    careLeaverRows({
      passes: "suitable = '1'",
      failReason: `CASE WHEN suitable IS NULL THEN 'suitability of accommodation not recorded'
        ELSE 'accommodation not suitable (' || suitable || ')' END`,
    }),
});

export const careLeaversEetPct = defineIndicator({
  id: "care_leavers_eet_pct",
  title: "% care leavers aged 19–21 in education, employment or training",
  area: AREA,
  definition: `Of former relevant care leavers aged 19, 20 or 21 at D, those whose latest recorded activity on or before D is education, employment or training (F1–F5, P1–P5).${SHARED}`,
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  reference: "LAIT 113",
  uses: [careLeaversLatest],
  rows: () =>
    careLeaverRows({
      passes: `activity IN ${sqlList(EET_ACTIVITIES)}`,
      failReason: `CASE WHEN activity IS NULL THEN 'activity not recorded'
        ELSE 'not in education, employment or training: ' || ${labelled("activity", CARE_LEAVER_ACTIVITY.labels)} END`,
    }),
});

export const careLeaversInTouchPct = defineIndicator({
  id: "care_leavers_in_touch_pct",
  title: "% care leavers aged 19–21 the council is in touch with",
  area: AREA,
  definition: `Of former relevant care leavers aged 19, 20 or 21 at D, those whose latest record on or before D says the council is in touch (YES).${SHARED}`,
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "stock",
  uses: [careLeaversLatest],
  rows: () => careLeaverRows({ passes: "true", failReason: "NULL" }),
});

/** Care leavers indicators in report order. */
export const CARE_LEAVERS = [careLeaversSuitableAccommodationPct, careLeaversEetPct, careLeaversInTouchPct];
