/**
 * Front door: contacts and referrals (indicators.md, "Front door").
 */
import { defineIndicator, ratePer10k } from "./define.ts";
import { addMonthsSql, fmt, isYes } from "./sql.ts";

const AREA = "Front door" as const;

/** Breakdown columns of contact rows: source, and the outcome list without its JSON brackets. */
const CONTACT_DIMS = `cont_contact_source_code AS dim_source,
      nullif(regexp_replace(coalesce(cont_contact_outcome_json, ''), '[\\[\\]" ]', '', 'g'), '') AS dim_outcome`;
const CONTACT_DIMENSIONS = ["source", "outcome"];

/** Breakdown columns of referral rows (table alias `e`). */
const referralDims = (e: string) =>
  `${e}.cine_referral_source_code AS dim_source, ${e}.cine_cin_primary_need_code AS dim_need`;
const REFERRAL_DIMENSIONS = ["source", "need"];

export const contacts = defineIndicator({
  id: "contacts",
  title: "Contacts received",
  area: AREA,
  definition: "Contacts dated in the period.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  dimensions: CONTACT_DIMENSIONS,
  rows: () => `
    SELECT la_code, cont_person_id AS child_id, cont_contact_id AS event_id, cont_contact_date AS event_date,
      true AS in_numerator, true AS in_denominator, NULL::DOUBLE AS value, NULL AS reason,
      'contact ' || ${fmt("cont_contact_date")} || ', source ' || coalesce(cont_contact_source_code, '?') AS detail,
      ${CONTACT_DIMS}
    FROM ssd_contacts WHERE cont_contact_date IS NOT NULL`,
});

export const contactsToReferralPct = defineIndicator({
  id: "contacts_to_referral_pct",
  title: "% of contacts progressing to referral",
  area: AREA,
  definition: "Of contacts in the period, those whose outcome is a new referral.",
  polarity: "info",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  dimensions: CONTACT_DIMENSIONS,
  rows: () => `
    SELECT la_code, cont_person_id AS child_id, cont_contact_id AS event_id, cont_contact_date AS event_date,
      contains(coalesce(cont_contact_outcome_json, ''), '"REFERRAL"') AS in_numerator, true AS in_denominator,
      NULL::DOUBLE AS value,
      CASE WHEN NOT contains(coalesce(cont_contact_outcome_json, ''), '"REFERRAL"')
        THEN 'outcome was not a referral (' || coalesce(cont_contact_outcome_json, 'none recorded') || ')' END AS reason,
      'contact ' || ${fmt("cont_contact_date")} AS detail, ${CONTACT_DIMS}
    FROM ssd_contacts WHERE cont_contact_date IS NOT NULL`,
});

const REFERRAL_ROWS = `
    SELECT la_code, cine_person_id AS child_id, cine_referral_id AS event_id, cine_referral_date AS event_date,
      true AS in_numerator, true AS in_denominator, NULL::DOUBLE AS value, NULL AS reason,
      'referral ' || ${fmt("cine_referral_date")} || ', source ' || coalesce(cine_referral_source_code, '?') AS detail,
      ${referralDims("ssd_cin_episodes")}
    FROM ssd_cin_episodes WHERE cine_referral_date IS NOT NULL`;

export const referrals = defineIndicator({
  id: "referrals",
  title: "Referrals",
  area: AREA,
  definition: "Referrals (CIN episodes) with referral date in the period.",
  polarity: "info",
  unit: "count",
  decimals: 0,
  kind: "flow",
  dimensions: REFERRAL_DIMENSIONS,
  rows: () => REFERRAL_ROWS,
});

export const referralsRate10k = ratePer10k(referrals, {
  id: "referrals_rate_10k",
  title: "Referrals per 10,000 children",
  definition: "Referrals in the period ÷ 0–17 population × 10,000.",
  reference: "LAIT referrals rate",
});

export const rereferrals12mPct = defineIndicator({
  id: "rereferrals_12m_pct",
  title: "% re-referrals within 12 months",
  area: AREA,
  definition:
    "Of referrals in the period, those where the same child had another referral within the 12 months before this referral date.",
  polarity: "low",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  reference: "LAIT 271 family; DfE CIN table C1",
  dimensions: REFERRAL_DIMENSIONS,
  rows: () => `
    WITH r AS (
      SELECT la_code, cine_person_id, cine_referral_id, cine_referral_date, cine_referral_source_code,
        cine_cin_primary_need_code
      FROM ssd_cin_episodes WHERE cine_referral_date IS NOT NULL),
    prev AS (
      SELECT a.cine_referral_id, a.la_code, max(b.cine_referral_date) AS previous_date
      FROM r a JOIN r b ON b.la_code = a.la_code AND b.cine_person_id = a.cine_person_id
        AND b.cine_referral_date < a.cine_referral_date
        AND b.cine_referral_date >= ${addMonthsSql("a.cine_referral_date", -12)}
      GROUP BY a.cine_referral_id, a.la_code)
    SELECT r.la_code, r.cine_person_id AS child_id, r.cine_referral_id AS event_id, r.cine_referral_date AS event_date,
      prev.previous_date IS NOT NULL AS in_numerator, true AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN prev.previous_date IS NULL THEN 'no referral in the 12 months before' END AS reason,
      'referral ' || ${fmt("r.cine_referral_date")}
        || coalesce(', previous referral ' || ${fmt("prev.previous_date")}, '') AS detail, ${referralDims("r")}
    FROM r LEFT JOIN prev ON prev.cine_referral_id = r.cine_referral_id AND prev.la_code = r.la_code`,
});

export const referralsNfaPct = defineIndicator({
  id: "referrals_nfa_pct",
  title: "% referrals with no further action",
  area: AREA,
  definition: "Of referrals in the period, those flagged NFA.",
  polarity: "info",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  dimensions: REFERRAL_DIMENSIONS,
  rows: () => `
    SELECT la_code, cine_person_id AS child_id, cine_referral_id AS event_id, cine_referral_date AS event_date,
      ${isYes("cine_referral_nfa")} AS in_numerator, true AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN NOT ${isYes("cine_referral_nfa")} THEN 'referral not flagged NFA' END AS reason,
      'referral ' || ${fmt("cine_referral_date")} || ', NFA ' || coalesce(cine_referral_nfa, '?') AS detail,
      ${referralDims("ssd_cin_episodes")}
    FROM ssd_cin_episodes WHERE cine_referral_date IS NOT NULL`,
});

export const referralsToAssessmentPct = defineIndicator({
  id: "referrals_to_assessment_pct",
  title: "% referrals going on to assessment",
  area: AREA,
  definition: "Of referrals in the period, those with at least one linked assessment.",
  polarity: "high",
  unit: "percent",
  decimals: 1,
  kind: "flow",
  dimensions: REFERRAL_DIMENSIONS,
  rows: () => `
    WITH linked AS (
      SELECT la_code, cina_referral_id, min(cina_assessment_start_date) AS first_start
      FROM ssd_cin_assessments WHERE cina_referral_id IS NOT NULL GROUP BY ALL)
    SELECT e.la_code, e.cine_person_id AS child_id, e.cine_referral_id AS event_id, e.cine_referral_date AS event_date,
      linked.cina_referral_id IS NOT NULL AS in_numerator, true AS in_denominator, NULL::DOUBLE AS value,
      CASE WHEN linked.cina_referral_id IS NULL THEN 'no assessment linked to this referral' END AS reason,
      'referral ' || ${fmt("e.cine_referral_date")} || coalesce(', assessment started ' || ${fmt("linked.first_start")}, '') AS detail,
      ${referralDims("e")}
    FROM ssd_cin_episodes e
    LEFT JOIN linked ON linked.la_code = e.la_code AND linked.cina_referral_id = e.cine_referral_id
    WHERE e.cine_referral_date IS NOT NULL`,
});

/** Front-door indicators in report order. */
export const FRONT_DOOR = [
  contacts,
  contactsToReferralPct,
  referrals,
  referralsRate10k,
  rereferrals12mPct,
  referralsNfaPct,
  referralsToAssessmentPct,
];
