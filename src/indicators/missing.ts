/**
 * Missing (indicators.md, "Missing"): missing episodes and return home
 * interviews. Only episodes of type M (missing) count; A (away from
 * placement without authorisation) does not.
 *
 * Why two dates: episodes are counted when they start, but a return
 * interview can only follow the end of an episode, so interview measures
 * place each episode by its end date.
 */
import { defineIndicator } from "./define.ts";
import { fmt, isYes } from "./sql.ts";

const AREA = "Missing" as const;

/** Missing (M) episodes with a flag for dates that contradict each other. */
const EPISODES = `
  SELECT *, coalesce(miss_missing_episode_end_date < miss_missing_episode_start_date, false) AS dates_contradict,
    'missing ' || ${fmt("miss_missing_episode_start_date")} || ' to ' || ${fmt("miss_missing_episode_end_date")} AS span
  FROM ssd_missing WHERE upper(trim(miss_missing_episode_type)) = 'M'`;

const CONTRADICTION = `'episode ends (' || ${fmt("miss_missing_episode_end_date")} || ') before it starts ('
  || ${fmt("miss_missing_episode_start_date")} || '): a validation issue, not counted'`;

const EPISODE_ROWS = `
    SELECT la_code, miss_person_id AS child_id, miss_table_id AS event_id, miss_missing_episode_start_date AS event_date,
      NOT dates_contradict AS in_numerator, NOT dates_contradict AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN dates_contradict THEN ${CONTRADICTION} END AS reason, span AS detail
    FROM (${EPISODES}) WHERE miss_missing_episode_start_date IS NOT NULL`;

export const missingEpisodes = defineIndicator({
  id: "missing_episodes",
  title: "Missing episodes",
  area: AREA,
  definition:
    "Missing (M) episodes starting in the period; away-from-placement (A) episodes are not counted.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  rows: () => EPISODE_ROWS,
});

export const missingChildren = defineIndicator({
  id: "missing_children",
  title: "Children with a missing episode",
  area: AREA,
  definition: "Distinct children with a missing (M) episode starting in the period.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  countDistinctChildren: true,
  rows: () => EPISODE_ROWS,
});

export const missingRhiOfferedPct = defineIndicator({
  id: "missing_rhi_offered_pct",
  title: "% missing episodes where a return interview was offered",
  area: AREA,
  definition: "Of missing (M) episodes ending in the period, those with a return interview offered.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  rows: () => `
    SELECT la_code, miss_person_id AS child_id, miss_table_id AS event_id, miss_missing_episode_end_date AS event_date,
      NOT dates_contradict AND ${isYes("miss_missing_rhi_offered")} AS in_numerator,
      NOT dates_contradict AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN dates_contradict THEN ${CONTRADICTION}
        WHEN NOT ${isYes("miss_missing_rhi_offered")} THEN 'return interview not offered ('
          || coalesce(miss_missing_rhi_offered, 'not recorded') || ')' END AS reason,
      span || ', offered ' || coalesce(miss_missing_rhi_offered, '?') AS detail
    FROM (${EPISODES}) WHERE miss_missing_episode_end_date IS NOT NULL`,
});

export const missingRhi72hPct = defineIndicator({
  id: "missing_rhi_72h_pct",
  title: "% return interviews held within 72 hours",
  area: AREA,
  definition:
    "Of return interviews held for missing (M) episodes ending in the period, those held within 72 hours of the episode's end. Only dates are held, so within 72 hours means interview date − episode end date ≤ 3 calendar days. Each interview is counted; an interview without a date, or dated before the episode ended, is excluded and listed.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  rows: () => `
    WITH i AS (
      SELECT e.*, r.mrhi_return_interview_id, r.mrhi_return_interview_date,
        datediff('day', e.miss_missing_episode_end_date, r.mrhi_return_interview_date) AS days_after,
        CASE WHEN e.dates_contradict THEN ${CONTRADICTION}
          WHEN r.mrhi_return_interview_date IS NULL THEN 'interview date not recorded'
          WHEN r.mrhi_return_interview_date < e.miss_missing_episode_end_date
            THEN 'interview dated before the episode ended: a validation issue, not counted' END AS excluded
      FROM (${EPISODES}) e
      JOIN ssdx_missing_return_interviews r ON r.la_code = e.la_code AND r.mrhi_missing_id = e.miss_table_id
      WHERE e.miss_missing_episode_end_date IS NOT NULL)
    SELECT la_code, miss_person_id AS child_id, mrhi_return_interview_id AS event_id,
      miss_missing_episode_end_date AS event_date,
      excluded IS NULL AND days_after <= 3 AS in_numerator, excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      coalesce(excluded, CASE WHEN days_after > 3
        THEN 'interview ' || days_after || ' days after the episode ended (more than 3)' END) AS reason,
      span || ', episode ' || miss_table_id || ', interview ' || ${fmt("mrhi_return_interview_date")} AS detail
    FROM i`,
});

/** Missing indicators in report order. */
export const MISSING = [missingEpisodes, missingChildren, missingRhiOfferedPct, missingRhi72hPct];
