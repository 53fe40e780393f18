/**
 * Which SSD columns hold DfE codes, and the wording case-management systems
 * write in them instead of the code.
 *
 * Why: SSD extracts are produced by each council's own SQL over its
 * system's lookup tables, so a referral source may arrive as `6`, `Police`,
 * `6 - Police` or `a) 6: Police`. The labels come from model/codes.ts; the
 * aliases add DfE's published descriptions (CIN census and SSDA903 guides)
 * and common system wording.
 */
import {
  ABUSE_CATEGORIES,
  CARE_LEAVER_ACCOMMODATION,
  CARE_LEAVER_ACTIVITY,
  CARE_LEAVER_ELIGIBILITY,
  CARE_LEAVER_IN_TOUCH,
  CIN_CLOSURE_REASONS,
  EPISODE_END_REASONS,
  EPISODE_START_REASONS,
  ETHNICITY,
  HEALTH_CHECK_TYPES,
  LEGAL_STATUSES,
  MISSING_TYPES,
  PLACEMENT_CHANGE_REASONS,
  PLACEMENT_PROVIDERS,
  PLACEMENT_TYPES,
  PRIMARY_NEED,
  REFERRAL_SOURCES,
  REVIEW_PARTICIPATION,
  SEX,
} from "../../model/codes.ts";

/** A code list for mapping: each code with the texts that mean it. */
export interface CodeMap {
  name: string;
  codes: ReadonlySet<string>;
  /** Normalised text → code. */
  texts: ReadonlyMap<string, string>;
}

/** Lower case, `&` as `and`, apostrophes dropped, every other non-alphanumeric run as one space. */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’‘`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function codeMap(
  name: string,
  labels: Record<string, string>,
  aliases: Record<string, readonly string[]> = {},
): CodeMap {
  const texts = new Map<string, string>();
  const add = (text: string, code: string) => {
    const key = normaliseText(text);
    if (key !== "" && !texts.has(key)) texts.set(key, code);
  };
  for (const [code, list] of Object.entries(aliases)) for (const t of list) add(t, code);
  for (const [code, label] of Object.entries(labels)) {
    add(label, code);
    add(code, code);
  }
  return { name, codes: new Set(Object.keys(labels)), texts };
}

const REFERRAL_SOURCE = codeMap("referral source", REFERRAL_SOURCES.labels, {
  "1A": ["Individual - family member/relative/carer", "Family member", "Relative", "Family"],
  "1B": ["Individual - acquaintance (including neighbours and child minders)", "Acquaintance", "Neighbour"],
  "1C": ["Individual - self", "Self", "Self referral"],
  "1D": ["Individual - other (including strangers, MPs)", "Individual - other", "Individual"],
  "2A": ["School", "Schools", "Education - school"],
  "2B": ["Education services", "Education"],
  "3A": ["Health services - GP", "GP", "General practitioner"],
  "3B": ["Health services - health visitor", "Health visitor"],
  "3C": ["Health services - school nurse", "School nurse"],
  "3D": ["Health services - other primary health services", "Other primary health services"],
  "3E": ["Health services - A&E (accident and emergency)", "A&E", "Accident and emergency", "Hospital A&E"],
  "3F": ["Health services - other", "Other health services", "Health", "Health services"],
  "4": ["Housing (LA housing or housing association)", "Housing association"],
  "5A": ["LA services - social care", "Social care", "Children's social care"],
  "5B": ["LA services - other internal", "Other internal"],
  "5C": ["LA services - external", "Another LA", "Other local authority", "Other LA"],
  "5D": ["Early help", "Early help services", "LA services - early help"],
  "6": ["Police", "Police force"],
  "7": ["Other legal agency", "Legal agency", "Courts", "Probation", "Youth offending team"],
  "8": ["Other", "Other agency"],
  "9": ["Anonymous", "Anon"],
  "10": ["Unknown", "Not known"],
});

const ABUSE = codeMap("category of abuse", ABUSE_CATEGORIES.labels, {
  MUL: ["Multiple/not recommended", "Multiple categories", "Mixed"],
  EMO: ["Emotional"],
  PHY: ["Physical"],
  SAB: ["Sexual"],
});

const END_REASONS = codeMap("reason episode ceased", EPISODE_END_REASONS.labels, {
  X1: ["Episode ceases, and new episode begins on same day, for any reason", "Continuing"],
  E11: ["Adopted - application for an adoption order unopposed", "Adopted - unopposed"],
  E12: ["Adopted - consent dispensed with by the court", "Adopted - opposed"],
  E2: ["Died", "Death of child"],
  E3: ["Care taken over by another local authority in the UK", "Care taken over by another LA"],
  E4A: [
    "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process",
    "Returned home - planned",
  ],
  E4B: [
    "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process",
    "Returned home - unplanned",
  ],
  E13: ["Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility"],
  E41: [
    "Residence order (or, from 22 April 2014, a child arrangement order which sets out with whom the child is to live) granted",
    "Child arrangements order",
    "Residence order",
  ],
  E45: ["Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)"],
  E46: ["Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)"],
  E47: [
    "Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)",
  ],
  E48: [
    "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)",
  ],
  E5: [
    "Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements",
  ],
  E6: [
    "Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements",
  ],
  E7: [
    "Transferred to residential care funded by adult social care services",
    "Transferred to adult social care",
  ],
  E9: ["Sentenced to custody", "Custody"],
  E14: ["Accommodation on remand ended", "Remand ended"],
  E15: ["Age assessment determined child aged 18 or over and E5, E6 and E7 do not apply"],
  E16: ["Child moved abroad", "Moved abroad"],
  E17: [
    "Aged 18 (or over) and remained with current carers (inc under staying put arrangements)",
    "Staying put",
  ],
  E8: ["Period of being looked-after ceased for any other reason", "Other reason", "Other"],
});

const LEGAL = codeMap("legal status", LEGAL_STATUSES.labels, {
  C1: ["Interim care order (ICO)", "ICO"],
  C2: ["Full care order", "Care order", "Section 31 care order"],
  D1: ["Freeing order granted"],
  E1: ["Placement order granted"],
  V2: [
    "Single period of accommodation under section 20 (Children Act 1989)",
    "Section 20",
    "S20",
    "Accommodated under section 20",
  ],
  V3: ["Accommodated under an agreement for respite care - single short break", "Short break - single"],
  V4: ["Accommodated under an agreement for a series of short-term breaks", "Short breaks - series"],
  L1: ["Under police protection and in local authority accommodation", "Police protection (PPO)"],
  L2: ["Emergency protection order (EPO)", "EPO"],
  L3: ["Under child assessment order and in local authority accommodation"],
  J1: ["On remand, or committed for trial or sentence, and accommodated by LA", "Remand"],
  J2: ["Detained in LA accommodation under PACE", "PACE"],
  J3: [
    "Sentenced to CYPA 1969 supervision order with residence requirement",
    "Youth rehabilitation order with residence requirement",
  ],
});

const START_REASONS = codeMap("reason for new episode", EPISODE_START_REASONS.labels, {
  S: ["Started to be looked after", "Became looked after"],
  L: ["Change of legal status only"],
  P: ["Change of placement and carer(s) only", "Change of placement and carer"],
  T: ["Change of placement only (with the same carer(s))", "Change of placement only"],
  B: ["Change of legal status and placement and carer(s) at the same time"],
  U: ["Change of legal status and change of placement but with same carer(s)"],
});

const PLACEMENT = codeMap("placement type", PLACEMENT_TYPES.labels, {
  U1: ["Foster placement with relative or friend - long term fostering"],
  U2: [
    "Fostering placement with relative or friend who is also an approved adopter - FFA/concurrent planning",
  ],
  U3: ["Fostering placement with relative or friend who is not long-term or FFA/concurrent planning"],
  U4: ["Foster placement with other foster carer - long term fostering"],
  U5: ["Foster placement with other foster carer who is also an approved adopter - FFA/concurrent planning"],
  U6: ["Foster placement with other foster carer - not long term or FFA/concurrent planning"],
  P1: ["Placed with own parent(s) or other person(s) with parental responsibility", "Placed with parents"],
  K2: ["Children's homes subject to Children's Homes Regulations", "Children's home", "Childrens home"],
  K1: ["Secure children's homes", "Secure unit"],
  R1: ["Residential care home"],
  S1: ["All residential schools, except where dual-registered as a school and children's home"],
});

const PROVIDER = codeMap("placement provider", PLACEMENT_PROVIDERS.labels, {
  PR0: ["Parents or other person with parental responsibility", "Parents"],
  PR1: ["Own provision (by the LA)", "Own provision", "In-house", "LA provision"],
  PR2: ["Other LA provision", "Other local authority"],
  PR3: ["Other public provision (e.g. by a PCT etc)", "Other public provision"],
  PR4: ["Private provision", "Private", "Independent fostering agency", "IFA"],
  PR5: ["Voluntary/third sector provision", "Voluntary", "Third sector"],
});

const IN_TOUCH = codeMap("care leaver in touch", CARE_LEAVER_IN_TOUCH.labels, {
  YES: ["Yes", "Yes - in touch", "Y"],
  NO: ["No", "No - not in touch", "N"],
  DIED: ["Died after leaving care", "Deceased"],
  REFU: ["Young person refuses contact", "Refused contact", "Refused"],
  NREQ: ["Young person no longer requires services", "No longer requires services"],
  RHOM: [
    "Young person returned to live with parents or someone with parental responsibility for a continuous period of 6 months or more",
    "Returned home",
  ],
});

const ACCOM_SUITABLE = codeMap(
  "accommodation suitability",
  { "1": "Suitable", "2": "Unsuitable" },
  {
    "1": ["Accommodation is considered suitable", "Yes", "Y"],
    "2": ["Not suitable", "Accommodation is considered unsuitable", "No", "N"],
  },
);

const ELIGIBILITY = codeMap("care leaver eligibility", CARE_LEAVER_ELIGIBILITY.labels, {
  ELIGIBLE: ["Eligible"],
  RELEVANT: ["Relevant"],
  FORMER_RELEVANT: ["Former relevant", "Former-relevant"],
  QUALIFYING: ["Qualifying"],
});

const SEXES = codeMap("sex", SEX.labels, {
  M: ["1", "Male", "Boy", "Man"],
  F: ["2", "Female", "Girl", "Woman"],
  U: ["0", "9", "Unknown", "Not known", "Indeterminate", "Not stated"],
});

const MISSING = codeMap("missing type", MISSING_TYPES.labels, {
  M: ["Missing from placement", "Missing from care", "Missing from home"],
  A: ["Away", "Absent", "Away from placement", "Absent without authorisation"],
});

const HEALTH = codeMap("health check type", HEALTH_CHECK_TYPES.labels, {
  HA_INITIAL: ["Initial health assessment (IHA)", "IHA", "Initial health check"],
  HA_REVIEW: [
    "Review health assessment (RHA)",
    "RHA",
    "Review health check",
    "Annual health assessment",
    "Health assessment",
  ],
  DENTAL: ["Dental", "Dentist", "Dental check-up"],
  OPTICIAN: ["Optician", "Eye test", "Sight test"],
  SDQ: ["Strengths and difficulties questionnaire (SDQ)"],
});

function plain(
  name: string,
  codes: readonly string[],
  aliases: Record<string, readonly string[]> = {},
): CodeMap {
  return codeMap(name, Object.fromEntries(codes.map((c) => [c, c])), aliases);
}

/** SSD column → the code list its values belong to. */
export const CODE_COLUMNS: Readonly<Record<string, CodeMap>> = {
  pers_sex: SEXES,
  pers_ethnicity: codeMap("ethnicity", ETHNICITY.labels, {
    WBRI: ["White - British", "White British", "British"],
    WIRI: ["White - Irish"],
    WOTH: ["White - any other White background", "Any other White background"],
    NOBT: ["Information not yet obtained", "Not obtained", "Not known", "Unknown"],
    REFU: ["Refused", "Information refused"],
  }),
  cont_contact_source_code: REFERRAL_SOURCE,
  cine_referral_source_code: REFERRAL_SOURCE,
  cine_cin_primary_need_code: codeMap("primary need", PRIMARY_NEED.labels, {
    N3: ["Parental disability or illness"],
    N2: ["Disability"],
  }),
  clae_cla_primary_need_code: codeMap("primary need", PRIMARY_NEED.labels, {
    N3: ["Parental disability or illness"],
    N2: ["Disability"],
  }),
  cine_close_reason: codeMap("CIN closure reason", CIN_CLOSURE_REASONS.labels, {
    RC3: ["Child arrangements order (CAO)", "Residence order"],
    RC4: ["Special guardianship order (SGO)", "SGO"],
    RC5: ["Transferred to services of another local authority"],
    RC6: ["Transferred to adult social care services"],
    RC7: ["Services ceased for any other reason, including child no longer in need"],
    RC8: ["Case closed after assessment, no further action"],
    RC9: ["Case closed after assessment, referred to early help"],
  }),
  cppl_cp_plan_initial_category: ABUSE,
  cppl_cp_plan_latest_category: ABUSE,
  clae_cla_episode_start_reason: START_REASONS,
  clae_cla_episode_ceased_reason: END_REASONS,
  clap_cla_placement_type: PLACEMENT,
  clap_cla_placement_provider: PROVIDER,
  clap_cla_placement_change_reason: codeMap("reason for placement change", PLACEMENT_CHANGE_REASONS.labels),
  lega_legal_status: LEGAL,
  clar_cla_review_participation: codeMap("review participation", REVIEW_PARTICIPATION.labels, {
    PN0: ["Child aged under 4 at the time of the review"],
    PN1: ["Child physically attends and speaks for him or herself"],
    PN7: ["Child does not attend or convey views", "No views conveyed"],
  }),
  clah_health_check_type: HEALTH,
  miss_missing_episode_type: MISSING,
  clea_care_leaver_eligibility: ELIGIBILITY,
  clea_care_leaver_in_touch: IN_TOUCH,
  clec_in_touch: IN_TOUCH,
  clea_care_leaver_activity: codeMap("care leaver activity", CARE_LEAVER_ACTIVITY.labels),
  clec_activity: codeMap("care leaver activity", CARE_LEAVER_ACTIVITY.labels),
  clea_care_leaver_accommodation: codeMap("care leaver accommodation", CARE_LEAVER_ACCOMMODATION.labels),
  clec_accommodation: codeMap("care leaver accommodation", CARE_LEAVER_ACCOMMODATION.labels),
  clea_care_leaver_accom_suitable: ACCOM_SUITABLE,
  clec_accom_suitable: ACCOM_SUITABLE,
  perm_decision_reversed_reason: plain("decision reversed reason", ["RD1", "RD2", "RD3", "RD4"]),
  strd_outcome: plain("strategy discussion outcome", ["S47", "NFA"], {
    S47: ["Section 47", "S47 enquiry", "Initiate S47"],
    NFA: ["No further action"],
  }),
  audt_judgement: plain("audit judgement", ["OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE"], {
    REQUIRES_IMPROVEMENT: ["Requires improvement to be good", "RI"],
  }),
};

const YES = new Set(["y", "yes", "true", "t", "1"]);
const NO = new Set(["n", "no", "false", "f", "0"]);

/** Yes/no wording as Y or N, or undefined when it is neither. */
export function yesNo(text: string): "Y" | "N" | undefined {
  const t = normaliseText(text);
  if (YES.has(t)) return "Y";
  if (NO.has(t)) return "N";
  return undefined;
}

/**
 * The DfE code a value stands for: the code itself (any case), a code
 * followed by its description (`6 - Police`, `a) 1A: Individual`,
 * `Police (6)`), or a known description. Undefined when none fits.
 */
export function mapCode(map: CodeMap, text: string): string | undefined {
  const t = text.trim();
  const upper = t.toUpperCase();
  if (map.codes.has(upper)) return upper;
  const byText = map.texts.get(normaliseText(t));
  if (byText) return byText;
  const lead = /^(?:[a-z]\)\s*)?([A-Za-z0-9_]+)\s*(?:[:\-–—.)]|\s)\s*\S/.exec(t);
  if (lead && map.codes.has(lead[1]!.toUpperCase())) return lead[1]!.toUpperCase();
  const trail = /\(([A-Za-z0-9_]+)\)\s*$/.exec(t);
  if (trail && map.codes.has(trail[1]!.toUpperCase())) return trail[1]!.toUpperCase();
  return undefined;
}
