/**
 * Children in need open at a month end (indicators.md, "Children in need").
 *
 * Why one row per child: a child with several open CIN episodes is one
 * child in need; episodes whose closure precedes their referral are listed
 * (at the snapshots between the two dates) as validation issues rather
 * than silently dropped.
 */
import { defineIndicator, ratePer10k } from "./define.ts";
import { fmt, forRows, OPEN_END } from "./sql.ts";

const AREA = "Children in need" as const;

export const cinOpen = defineIndicator({
  id: "cin_open",
  title: "Children in need (including CP and LAC)",
  area: AREA,
  definition:
    "Distinct children with a CIN episode where referral date ≤ D and (closure empty or closure > D).",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "stock",
  dimensions: ["need"],
  rows: (_options, form) => `
    WITH episodes AS (
      SELECT la_code, cine_person_id AS child_id, cine_referral_id AS episode_id,
        cine_referral_date AS start_date, cine_close_date AS end_date, cine_cin_primary_need_code AS need,
        CASE WHEN cine_close_date < cine_referral_date
          THEN 'episode closes (' || ${fmt("cine_close_date")} || ') before its referral (' || ${fmt("cine_referral_date")} || '): a validation issue'
        END AS excluded
      FROM ssd_cin_episodes
      WHERE cine_referral_date IS NOT NULL AND cine_person_id IS NOT NULL),
    open_at AS (
      SELECT e.*, s.snapshot_date
      FROM episodes e JOIN _snapshots s ON s.la_code = e.la_code
        AND s.snapshot_date >= CASE WHEN e.end_date < e.start_date THEN e.end_date ELSE e.start_date END
        AND s.snapshot_date < CASE WHEN e.end_date < e.start_date THEN e.start_date ELSE coalesce(e.end_date, ${OPEN_END}) END),
    ${
      form === "rows"
        ? `firsts AS (
      SELECT la_code, child_id, snapshot_date, count(*) AS episodes_open,
        arg_min({'episode_id': episode_id, 'start_date': start_date, 'end_date': end_date, 'excluded': excluded, 'need': need},
          (excluded IS NOT NULL, start_date, episode_id IS NULL, episode_id)) AS e
      FROM open_at GROUP BY ALL),
    several AS (
      SELECT a.la_code, a.child_id, a.snapshot_date,
        string_agg(a.episode_id, ', ' ORDER BY a.start_date, a.episode_id) AS episode_ids
      FROM open_at a JOIN firsts f ON f.la_code = a.la_code AND f.child_id = a.child_id
        AND f.snapshot_date = a.snapshot_date AND f.episodes_open > 1
      GROUP BY a.la_code, a.child_id, a.snapshot_date),`
        : // the figures read only whether the first episode is excluded: it is when every open one is
          `firsts AS (
      SELECT la_code, child_id, snapshot_date, NULL::BIGINT AS episodes_open,
        {'episode_id': NULL::VARCHAR, 'start_date': NULL::DATE, 'end_date': NULL::DATE,
          'excluded': CASE WHEN bool_or(excluded IS NULL) THEN NULL ELSE min(excluded) END, 'need': NULL::VARCHAR} AS e
      FROM open_at GROUP BY ALL),
    several AS (
      SELECT NULL::VARCHAR AS la_code, NULL::VARCHAR AS child_id, NULL::DATE AS snapshot_date,
        NULL::VARCHAR AS episode_ids WHERE false),`
    }
    child_at AS (
      SELECT f.la_code, f.child_id, f.snapshot_date, f.episodes_open, f.e.episode_id, f.e.start_date, f.e.end_date,
        f.e.excluded, f.e.need, s.episode_ids
      FROM firsts f LEFT JOIN several s ON s.la_code = f.la_code AND s.child_id = f.child_id
        AND s.snapshot_date = f.snapshot_date)
    SELECT c.la_code, c.child_id, c.episode_id AS event_id, c.snapshot_date,
      c.excluded IS NULL AS in_numerator, c.excluded IS NULL AS in_denominator, NULL::DOUBLE AS value,
      c.excluded AS reason,
      ${forRows(
        form,
        `'episode ' || c.episode_id || ' referral ' || ${fmt("c.start_date")} || ' to '
        || coalesce(strftime(c.end_date, '%Y-%m-%d'), 'open')
        || CASE WHEN c.episodes_open > 1 THEN ' (episodes open at D: ' || c.episode_ids || ')' ELSE '' END`,
      )} AS detail,
      ${forRows(form, "c.need")} AS dim_need
    FROM child_at c`,
});

export const cinRate10k = ratePer10k(cinOpen, {
  id: "cin_rate_10k",
  title: "Children in need per 10,000",
  definition: "Children in need at D ÷ 0–17 population × 10,000.",
});

/** Children in need indicators in report order. */
export const CHILDREN_IN_NEED = [cinOpen, cinRate10k];
