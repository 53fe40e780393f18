/**
 * The CIN census code lists and the schema changes between collection years
 * (read from the DfE XSDs 2017–2026 in fixtures/cin-census/xsd).
 *
 * Why here and not in model/codes.ts: these lists (disabilities, assessment
 * factors, UPN-unknown reasons) matter only to reading the census; the lists
 * the indicators use are imported from the model so each code is written once.
 */
import {
  ABUSE_CATEGORIES,
  CIN_CLOSURE_REASONS,
  ETHNICITY,
  PRIMARY_NEED,
  REFERRAL_SOURCES,
} from "../../model/codes.ts";

/** Disability codes (XSD `disabilitytype`). */
export const DISABILITIES = [
  "NONE",
  "MOB",
  "HAND",
  "PC",
  "INC",
  "COMM",
  "LD",
  "HEAR",
  "VIS",
  "BEH",
  "CON",
  "AUT",
  "DDA",
] as const;

/** Factors identified at assessment (XSD `assessmentfactorstype`, 2026, the union of all years). */
export const ASSESSMENT_FACTORS = [
  ..."1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A 8B 8C 8D 8E 8F 9A 10A 11A 12A".split(" "),
  ..."13A 14A 15A 16A 17A 18A 18B 18C 19A 19B 19C 20 21 22A 23A 24A".split(" "),
];

/** Reasons a UPN is unknown (XSD `unknownupntype`). */
export const UPN_UNKNOWN = ["UN1", "UN2", "UN3", "UN4", "UN5", "UN6", "UN7"] as const;

/** The code list each coded element is checked against. */
export const CODE_LISTS: Record<string, ReadonlySet<string>> = {
  Ethnicity: new Set(ETHNICITY.codes),
  Disability: new Set(DISABILITIES),
  UPNunknown: new Set(UPN_UNKNOWN),
  ReferralSource: new Set(REFERRAL_SOURCES.codes),
  PrimaryNeedCode: new Set(PRIMARY_NEED.codes),
  ReasonForClosure: new Set(CIN_CLOSURE_REASONS.codes),
  AssessmentFactors: new Set(ASSESSMENT_FACTORS),
  InitialCategoryOfAbuse: new Set(ABUSE_CATEGORIES.codes),
  LatestCategoryOfAbuse: new Set(ABUSE_CATEGORIES.codes),
};

/** Codes added to the schema in a given collection year: `element:code` → first year. */
export const CODE_FIRST_YEAR: ReadonlyMap<string, number> = new Map([
  ["AssessmentFactors:18B", 2021],
  ["AssessmentFactors:18C", 2021],
  ["AssessmentFactors:19B", 2021],
  ["AssessmentFactors:19C", 2021],
  ["AssessmentFactors:24A", 2022],
  ["ReferralSource:5D", 2023],
  ["ReasonForClosure:RC9", 2023],
]);

/** Elements that exist only from (`from`) or only until (`until`) a collection year. */
export const ELEMENT_YEARS: ReadonlyMap<string, { from?: number; until?: number }> = new Map([
  ["CINPlanDates", { from: 2022 }],
  ["Sex", { from: 2025 }],
  ["GenderCurrent", { until: 2024 }],
]);

/** `GenderCurrent` (to 2024) codes mapped to the `Sex` codes used from 2025 and in the model. */
export const GENDER_TO_SEX: Record<string, string> = { "1": "M", "2": "F", "0": "U", "9": "U" };

/**
 * The elements of the message, each container with the elements it may
 * hold, in the schema's order. Anything else is reported and skipped.
 */
export const CONTAINERS: Record<string, readonly string[]> = {
  Message: ["Header", "Children"],
  Header: ["CollectionDetails", "Source"],
  CollectionDetails: ["Collection", "Year", "ReferenceDate"],
  Source: ["SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"],
  Children: ["Child"],
  Child: ["ChildIdentifiers", "ChildCharacteristics", "CINdetails"],
  ChildIdentifiers: [
    "LAchildID",
    "UPN",
    "FormerUPN",
    "UPNunknown",
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "GenderCurrent",
    "Sex",
    "PersonDeathDate",
  ],
  ChildCharacteristics: ["Ethnicity", "Disabilities"],
  Disabilities: ["Disability"],
  CINdetails: [
    "CINreferralDate",
    "ReferralSource",
    "PrimaryNeedCode",
    "CINclosureDate",
    "ReasonForClosure",
    "DateOfInitialCPC",
    "Assessments",
    "CINPlanDates",
    "Section47",
    "ReferralNFA",
    "ChildProtectionPlans",
  ],
  Assessments: [
    "AssessmentActualStartDate",
    "AssessmentInternalReviewDate",
    "AssessmentAuthorisationDate",
    "FactorsIdentifiedAtAssessment",
  ],
  FactorsIdentifiedAtAssessment: ["AssessmentFactors"],
  CINPlanDates: ["CINPlanStartDate", "CINPlanEndDate"],
  Section47: ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"],
  ChildProtectionPlans: [
    "CPPstartDate",
    "CPPendDate",
    "InitialCategoryOfAbuse",
    "LatestCategoryOfAbuse",
    "NumberOfPreviousCPP",
    "Reviews",
  ],
  Reviews: ["CPPreviewDate"],
};

/** Elements that may occur more than once in their parent (their paths carry an index). */
export const REPEATABLE: ReadonlySet<string> = new Set([
  "Source",
  "Child",
  "CINdetails",
  "Assessments",
  "CINPlanDates",
  "Section47",
  "ChildProtectionPlans",
  "Disability",
  "AssessmentFactors",
  "CPPreviewDate",
]);
