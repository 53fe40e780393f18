/**
 * Model constants that more than one stage of the synthetic council uses:
 * the rates that size the stocks on the first simulated day and the flows
 * after it, and the codes for service areas and routes into care.
 *
 * Why here: each stage keeps its own constants beside its code; only the
 * shared ones sit here, so changing one changes every stage that uses it.
 * Rates are per 10,000 children aged 0–17 a year unless stated.
 */

/** Days in an average year: ages and rates a year are converted with it. */
export const DAYS_PER_YEAR = 365.25;
/** Yearly growth of arrivals (referrals drift +2% a year). */
export const TREND = 0.02;
/** Care starts a year that are not UASC (for sizing the stock on day one), and UASC starts. */
export const CARE_START_RATE = 23.5;
export const UASC_START_RATE = 2.2;
/** Children starting short breaks (V3/V4, not looked after) a year. */
export const SHORT_BREAK_RATE = 0.6;
/** Typical days from entering care to an adoption order (the adoption timeline draws its own). */
export const ADOPTION_SPELL_DAYS = 900;
/** Service areas (index into the workforce's areas): assessment, safeguarding, children in care, leaving care. */
export const A_ASSESS = 0;
export const A_SAFE = 1;
export const A_CLA = 2;
export const A_LEAVE = 3;
/** Care spell routes (legal basis on entry): a court order, section 20, UASC (section 20), remand. */
export const R_COURT = 0;
export const R_S20 = 1;
export const R_UASC = 2;
export const R_REMAND = 3;
