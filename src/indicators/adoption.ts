/**
 * Adoption (indicators.md, "Adoption"): adoptions and the adoption
 * scorecard timeliness measures A1, A10 and A2.
 *
 * Why periods of care: a child is adopted when their period of care ends
 * E11/E12, which is the ceased reason of the period's last episode (an X1
 * ending only starts another episode). Each adoption is then matched to its
 * `ssd_permanence` row (the one for that period of care, else a row with no
 * period of care for the same child) for the adoption milestones.
 */
import { sqlList } from "../db/quote.ts";
import { ADOPTION_END_REASONS } from "../model/codes.ts";
import { defineIndicator } from "./define.ts";
import { fmt, isYes } from "./sql.ts";

const AREA = "Adoption" as const;

/**
 * CTEs ending in `adopted`: one row per period of care ending E11/E12, with
 * its permanence row's dates (NULL when none). An episode with no period of
 * care id is a period on its own.
 */
const ADOPTED = `
  WITH ep AS (
    SELECT la_code, clae_person_id AS person_id, coalesce(clae_cla_id, 'episode ' || clae_cla_episode_id) AS cla_id,
      clae_cla_episode_start_date AS ep_start, clae_cla_episode_ceased_date AS ep_end,
      upper(trim(clae_cla_episode_ceased_reason)) AS ep_reason,
      min(clae_entered_care_date) OVER w AS entered_care,
      row_number() OVER (w ORDER BY clae_cla_episode_start_date DESC NULLS LAST,
        clae_cla_episode_ceased_date DESC NULLS FIRST, clae_cla_episode_id DESC) AS rn
    FROM ssd_cla_episodes
    WINDOW w AS (PARTITION BY la_code, coalesce(clae_cla_id, 'episode ' || clae_cla_episode_id))),
  ended AS (
    SELECT la_code, person_id, cla_id, ep_start AS last_start, ep_end AS end_date, ep_reason AS end_reason,
      entered_care, coalesce(ep_end < ep_start, false) AS dates_contradict
    FROM ep WHERE rn = 1 AND ep_end IS NOT NULL AND ep_reason IN ${sqlList(ADOPTION_END_REASONS)}),
  perm AS (
    SELECT e.la_code, e.cla_id, p.*,
      row_number() OVER (PARTITION BY e.la_code, e.cla_id
        ORDER BY coalesce(p.perm_cla_id = e.cla_id, false) DESC, p.perm_placed_for_adoption_date DESC NULLS LAST,
          p.perm_table_id DESC) AS rn
    FROM ended e JOIN ssd_permanence p ON p.la_code = e.la_code
      AND (p.perm_cla_id = e.cla_id OR (p.perm_cla_id IS NULL AND p.perm_person_id = e.person_id))),
  adopted AS (
    SELECT e.*, perm.perm_table_id, perm.perm_placed_for_adoption_date AS placed_date,
      perm.perm_placement_order_date AS order_date, perm.perm_matched_date AS matched_date,
      perm.perm_adopted_by_carer_flag AS by_carer, perm.perm_placed_foster_carer_date AS foster_date
    FROM ended e LEFT JOIN perm ON perm.la_code = e.la_code AND perm.cla_id = e.cla_id AND perm.rn = 1)`;

const CONTRADICTION = `'period of care ends (' || ${fmt("end_date")} || ') before its last episode starts ('
  || ${fmt("last_start")} || '): a validation issue, not counted'`;

const NO_PERMANENCE = "'no permanence record for this period of care'";

/**
 * Rows of a mean-days measure over adoptions: `excluded` gives the reason a
 * row is left out (NULL to keep it) and `days` its value.
 */
function meanDaysRows(excluded: string, days: string, detail: string): string {
  return `${ADOPTED}
    SELECT la_code, person_id AS child_id, cla_id AS event_id, end_date AS event_date,
      excluded IS NULL AS in_numerator, excluded IS NULL AS in_denominator,
      CASE WHEN excluded IS NULL THEN days END::DOUBLE AS value, excluded AS reason, detail,
      end_reason AS dim_reason_ceased
    FROM (SELECT *,
        CASE WHEN dates_contradict THEN ${CONTRADICTION}
          WHEN perm_table_id IS NULL THEN ${NO_PERMANENCE}
          ELSE ${excluded} END AS excluded,
        ${days} AS days,
        'adopted ' || ${fmt("end_date")} || ' (' || end_reason || ')' || ${detail} AS detail
      FROM adopted)`;
}

export const adoptions = defineIndicator({
  id: "adoptions",
  title: "Children adopted",
  area: AREA,
  definition:
    "Periods of care ending E11 or E12 in the period (the ceased reason of the period's last episode).",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  dimensions: ["reason_ceased"],
  rows: () => `${ADOPTED}
    SELECT la_code, person_id AS child_id, cla_id AS event_id, end_date AS event_date,
      NOT dates_contradict AS in_numerator, NOT dates_contradict AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN dates_contradict THEN ${CONTRADICTION} END AS reason,
      'entered care ' || ${fmt("entered_care")} || ', adopted ' || ${fmt("end_date")} || ' (' || end_reason || ')' AS detail,
      end_reason AS dim_reason_ceased
    FROM adopted`,
});

const A1_EXCLUDED = `CASE
  WHEN entered_care IS NULL THEN 'date entered care not recorded'
  WHEN placed_date IS NULL THEN 'date placed for adoption not recorded'
  WHEN placed_date < entered_care THEN 'placed for adoption (' || ${fmt("placed_date")}
    || ') before entering care (' || ${fmt("entered_care")} || '): a validation issue, not counted' END`;

export const adoptionA1Days = defineIndicator({
  id: "adoption_a1_days",
  title: "A1: average days from entering care to moving in with the adoptive family",
  area: AREA,
  definition:
    "Over children adopted in the period: mean of (date placed for adoption − date entered care), in calendar days. Adoptions missing either date are excluded and listed.",
  polarity: "low",
  unit: "days",
  decimals: 0,
  kind: "flow",
  reference: "Adoption scorecard A1",
  dimensions: ["reason_ceased"],
  rows: () =>
    meanDaysRows(
      A1_EXCLUDED,
      "datediff('day', entered_care, placed_date)",
      `', entered care ' || ${fmt("entered_care")} || ', placed for adoption ' || ${fmt("placed_date")}`,
    ),
});

const A10_END = `CASE WHEN ${isYes("by_carer")} THEN foster_date ELSE placed_date END`;

export const adoptionA10Days = defineIndicator({
  id: "adoption_a10_days",
  title:
    "A10: as A1, with the clock stopped when a child later adopted by their foster carer moved in with them",
  area: AREA,
  definition:
    "As A1, but for children adopted by their foster carer (flag Y) the end date is the date the foster placement began. Adoptions missing a needed date are excluded and listed.",
  polarity: "low",
  unit: "days",
  decimals: 0,
  kind: "flow",
  reference: "Adoption scorecard A10",
  dimensions: ["reason_ceased"],
  rows: () =>
    meanDaysRows(
      `CASE
        WHEN entered_care IS NULL THEN 'date entered care not recorded'
        WHEN ${isYes("by_carer")} AND foster_date IS NULL
          THEN 'adopted by foster carer, but the date placed with the foster carer is not recorded'
        WHEN placed_date IS NULL AND NOT ${isYes("by_carer")} THEN 'date placed for adoption not recorded'
        WHEN ${A10_END} < entered_care THEN 'clock stops (' || ${fmt(A10_END)}
          || ') before entering care (' || ${fmt("entered_care")} || '): a validation issue, not counted' END`,
      `datediff('day', entered_care, ${A10_END})`,
      `', entered care ' || ${fmt("entered_care")} || ', adopted by foster carer ' || coalesce(by_carer, '?')
        || ', clock stops ' || ${fmt(A10_END)}`,
    ),
});

export const adoptionA2Days = defineIndicator({
  id: "adoption_a2_days",
  title: "A2: average days from placement order to match",
  area: AREA,
  definition:
    "Over children adopted in the period who had a placement order: mean of max(0, match date − placement order date), in calendar days. Adoptions with no placement order are listed outside the average; those with no match date are excluded and listed.",
  polarity: "low",
  unit: "days",
  decimals: 0,
  kind: "flow",
  reference: "Adoption scorecard A2",
  dimensions: ["reason_ceased"],
  rows: () =>
    meanDaysRows(
      `CASE
        WHEN order_date IS NULL THEN 'no placement order recorded'
        WHEN matched_date IS NULL THEN 'match date not recorded' END`,
      "greatest(0, datediff('day', order_date, matched_date))",
      `', placement order ' || ${fmt("order_date")} || ', matched ' || ${fmt("matched_date")}`,
    ),
});

/** Adoption indicators in report order. */
export const ADOPTION = [adoptions, adoptionA1Days, adoptionA10Days, adoptionA2Days];
