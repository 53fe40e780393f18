/**
 * DfE code lists (formats.md), as typed constants.
 *
 * Why: indicators, the generator, validation and the report label codes
 * from one list, so "E41 counts as permanence" is written once.
 */

function codeList<const T extends Record<string, string>>(
  labels: T,
): { codes: (keyof T & string)[]; labels: T } {
  return { codes: Object.keys(labels) as (keyof T & string)[], labels };
}

export const REFERRAL_SOURCES = codeList({
  "1A": "Individual: family member, relative or carer",
  "1B": "Individual: acquaintance",
  "1C": "Individual: self",
  "1D": "Individual: other",
  "2A": "Schools",
  "2B": "Education services",
  "3A": "Health: GP",
  "3B": "Health: health visitor",
  "3C": "Health: school nurse",
  "3D": "Health: other primary health services",
  "3E": "Health: A&E",
  "3F": "Health: other",
  "4": "Housing",
  "5A": "LA services: social care",
  "5B": "LA services: other internal",
  "5C": "LA services: another LA",
  "5D": "LA services: early help",
  "6": "Police",
  "7": "Other legal agency",
  "8": "Other",
  "9": "Anonymous",
  "10": "Unknown",
});

export const PRIMARY_NEED = codeList({
  N0: "Not stated",
  N1: "Abuse or neglect",
  N2: "Child's disability",
  N3: "Parental illness or disability",
  N4: "Family in acute stress",
  N5: "Family dysfunction",
  N6: "Socially unacceptable behaviour",
  N7: "Low income",
  N8: "Absent parenting",
  N9: "Cases other than children in need",
});

export const CIN_CLOSURE_REASONS = codeList({
  RC1: "Adopted",
  RC2: "Died",
  RC3: "Child arrangements order",
  RC4: "Special guardianship order",
  RC5: "Transferred to another LA",
  RC6: "Transferred to adult social care",
  RC7: "Services ceased for any other reason",
  RC8: "Closed after assessment, no further action",
  RC9: "Closed after assessment, referred to early help",
});

export const ABUSE_CATEGORIES = codeList({
  NEG: "Neglect",
  PHY: "Physical abuse",
  SAB: "Sexual abuse",
  EMO: "Emotional abuse",
  MUL: "Multiple",
});

export const LEGAL_STATUSES = codeList({
  C1: "Interim care order",
  C2: "Full care order",
  D1: "Freeing order",
  E1: "Placement order",
  V2: "Single period of accommodation under section 20",
  V3: "Short breaks: single episodes",
  V4: "Short breaks: agreed series",
  L1: "Police protection",
  L2: "Emergency protection order",
  L3: "Child assessment order",
  J1: "Remanded to LA accommodation",
  J2: "Detained under PACE",
  J3: "Youth rehabilitation order with residence",
});

/** Legal statuses under which a child is not counted as looked after (short breaks). */
export const SHORT_BREAK_LEGAL_STATUSES = ["V3", "V4"] as const;

export const EPISODE_START_REASONS = codeList({
  S: "Started to be looked after",
  L: "Change of legal status only",
  P: "Change of placement and carer",
  T: "Change of placement, same carer",
  B: "Change of legal status and placement and carer",
  U: "Change of legal status and placement, same carer",
});

export const EPISODE_END_REASONS = codeList({
  X1: "Episode ceased, new episode begins the same day",
  E11: "Adopted: application unopposed",
  E12: "Adopted: application opposed",
  E2: "Died",
  E3: "Care taken over by another LA",
  E4A: "Returned home: planned",
  E4B: "Returned home: not planned",
  E13: "Left care to live with a non-parent without PR",
  E41: "Residence or child arrangements order",
  E45: "Special guardianship order: former foster carer",
  E46: "Special guardianship order: carer not former foster carer",
  E47: "Special guardianship order: relative or friend, former foster carer",
  E48: "Special guardianship order: relative or friend, not former foster carer",
  E5: "Moved to independent living with support",
  E6: "Moved to independent living without support",
  E7: "Transferred to adult social care",
  E9: "Sentenced to custody",
  E14: "Accommodation on remand ended",
  E15: "Age assessed as 18 or over",
  E16: "Moved abroad",
  E17: "Staying put",
  E8: "Other",
});

/** Reasons that end a period of care in adoption. */
export const ADOPTION_END_REASONS = ["E11", "E12"] as const;
/** Reasons that end a period of care in permanence (adoption, SGO, child arrangements order). */
export const PERMANENCE_END_REASONS = [
  "E11",
  "E12",
  "E41",
  "E43",
  "E44",
  "E45",
  "E46",
  "E47",
  "E48",
] as const;

export const PLACEMENT_TYPES = codeList({
  A3: "Placed for adoption with consent, with current foster carer",
  A4: "Placed for adoption with consent, not with current foster carer",
  A5: "Placed for adoption with placement order, with current foster carer",
  A6: "Placed for adoption with placement order, not with current foster carer",
  H5: "Semi-independent living",
  K1: "Secure children's home",
  K2: "Children's home",
  K3: "Supported accommodation (from 2024-25)",
  P1: "Placed with parents",
  P2: "Independent living",
  P3: "Residential employment",
  R1: "Residential care home",
  R2: "NHS or health trust",
  R3: "Family centre or mother and baby unit",
  R5: "Young offender institution",
  S1: "Residential school",
  T0: "Temporary: all types of temporary move",
  T1: "Temporary: period in hospital",
  T2: "Temporary: absence of the child on holiday",
  T3: "Temporary: accommodation while the usual foster carer is on holiday",
  T4: "Temporary: seven days or less, for a reason not covered by T1 to T3",
  U1: "Foster: relative or friend, long term",
  U2: "Foster: relative or friend, FFA or concurrent planning",
  U3: "Foster: relative or friend, other",
  U4: "Foster: other carer, long term",
  U5: "Foster: other carer, FFA or concurrent planning",
  U6: "Foster: other carer, other",
  Z1: "Other placement",
  Z11: "Other: custody",
  Z12: "Other: hospital",
  Z13: "Other: not otherwise classified",
  Z14: "Other: supported accommodation",
});

/** Temporary placements, excluded when counting placement moves. */
export const TEMPORARY_PLACEMENT_TYPES = ["T0", "T1", "T2", "T3", "T4"] as const;
/** Placed-for-adoption placement types. */
export const ADOPTION_PLACEMENT_TYPES = ["A3", "A4", "A5", "A6"] as const;

export const PLACEMENT_PROVIDERS = codeList({
  PR0: "Parent or person with PR",
  PR1: "Own LA",
  PR2: "Other LA",
  PR3: "Other public",
  PR4: "Private",
  PR5: "Voluntary or third sector",
});

export const PLACEMENT_CHANGE_REASONS = codeList({
  CARPL: "Change to or implementation of care plan",
  CLOSE: "Resignation or closure of provision",
  ALLEG: "Allegation (s47)",
  STAND: "Standards of care concern",
  APPRR: "Approval removed",
  CREQB: "Carer request: behaviour",
  CREQO: "Carer request: other",
  CHILD: "Child's request",
  LAREQ: "Responsible LA request",
  PLACE: "Change in the status of placement only",
  CUSTOD: "Custody",
  OTHER: "Other",
});

export const REVIEW_PARTICIPATION = codeList({
  PN0: "Under 4 at the review",
  PN1: "Attends and speaks for self",
  PN2: "Attends, advocate speaks",
  PN3: "Attends, conveys views non-verbally",
  PN4: "Attends without contributing",
  PN5: "Does not attend, advocate briefed",
  PN6: "Does not attend, views sent another way",
  PN7: "No participation",
});

export const CARE_LEAVER_IN_TOUCH = codeList({
  YES: "In touch",
  NO: "Not in touch",
  DIED: "Died",
  REFU: "Refuses contact",
  NREQ: "No longer requires services",
  RHOM: "Returned home for more than 6 months",
});

export const CARE_LEAVER_ACTIVITY = codeList({
  F1: "Full-time higher education",
  P1: "Part-time higher education",
  F2: "Full-time other education",
  P2: "Part-time other education",
  F4: "Full-time apprenticeship",
  P4: "Part-time apprenticeship",
  F5: "Full-time training or employment",
  P5: "Part-time training or employment",
  G4: "NEET: illness or disability",
  G5: "NEET: other",
  G6: "NEET: pregnancy or parenting",
});

/** Activities that count as education, employment or training. */
export const EET_ACTIVITIES = ["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"] as const;

export const CARE_LEAVER_ACCOMMODATION = codeList({
  B: "With parents or relatives",
  C: "Community home",
  D: "Semi-independent, transitional",
  E: "Supported lodgings",
  G: "Gone abroad",
  H: "Deported",
  K: "Ordinary lodgings",
  R: "Residence not known",
  S: "No fixed abode or homeless",
  T: "Foyers",
  U: "Independent living",
  V: "Emergency accommodation",
  W: "Bed and breakfast",
  X: "In custody",
  Y: "Other",
  Z: "With former foster carers",
});

export const CARE_LEAVER_ELIGIBILITY = codeList({
  ELIGIBLE: "Eligible (still looked after, 16–17)",
  RELEVANT: "Relevant (16–17, left care)",
  FORMER_RELEVANT: "Former relevant (18–25)",
  QUALIFYING: "Qualifying",
});

export const MISSING_TYPES = codeList({ M: "Missing", A: "Away from placement without authorisation" });

/** Outcomes of a contact, held in `cont_contact_outcome_json` as a JSON array of these codes. */
export const CONTACT_OUTCOMES = codeList({
  REFERRAL: "Progressed to a referral to children's social care",
  EARLY_HELP: "Referred to early help",
  ADVICE: "Advice and information",
  NFA: "No further action",
  OTHER_AGENCY: "Signposted to another agency",
});

export const HEALTH_CHECK_TYPES = codeList({
  HA_INITIAL: "Initial health assessment",
  HA_REVIEW: "Review health assessment",
  DENTAL: "Dental check",
  OPTICIAN: "Optician check",
  SDQ: "Strengths and difficulties questionnaire",
});

export const SEX = codeList({ M: "Male", F: "Female", U: "Unknown or indeterminate" });

export const ETHNICITY = codeList({
  WBRI: "White British",
  WIRI: "White Irish",
  WOTH: "Any other White background",
  WIRT: "Traveller of Irish heritage",
  WROM: "Gypsy/Roma",
  MWBC: "White and Black Caribbean",
  MWBA: "White and Black African",
  MWAS: "White and Asian",
  MOTH: "Any other mixed background",
  AIND: "Indian",
  APKN: "Pakistani",
  ABAN: "Bangladeshi",
  AOTH: "Any other Asian background",
  BCRB: "Caribbean",
  BAFR: "African",
  BOTH: "Any other Black background",
  CHNE: "Chinese",
  OOTH: "Any other ethnic group",
  REFU: "Refused",
  NOBT: "Information not yet obtained",
});

/** DfE's reasons a social worker episode began (SSDA903 SW_REASON, from 2023-24). */
export const SW_REASON_CODES = [
  "MANAGE",
  "FCONTA",
  "LEFTRL",
  "ORGRST",
  "TSPROC",
  "ABSENC",
  "CHCHAN",
  "PCCHAN",
  "SWDIED",
  "OTHERS",
] as const;
