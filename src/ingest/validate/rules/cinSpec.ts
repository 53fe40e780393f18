/**
 * DfE's CIN census validation rules, 2022/23 to 2025/26, as DfE states them:
 * code, message, the elements each names and the collection years it
 * applies to. DfE's severity follows the code: codes ending Q are queries,
 * the rest errors.
 *
 * Why a list apart from the checks: it is the one place that says what
 * every DfE rule is, so the validator can say of each one whether it is
 * checked here or why not (a test holds the two together). Source of the
 * facts: DfE's CIN census validation rules as published each year and as
 * named by data-to-insight's csc-validator-be-cin (rules/cin2022_23 …
 * cin2025_26); no rule was removed in those years. Years are collection
 * years by their end: 2023 is 2022/23 (ReferenceDate 2023-03-31).
 */
import type { DfeRuleSpec } from "./spec.ts";

/** Every DfE CIN census rule, in code order; a code appears twice when its wording changed (years say which). */
export const CIN_SPEC: readonly DfeRuleSpec[] = [
  { code: "100", message: "Reference Date is incorrect", fields: ["ReferenceDate"], years: {} },
  {
    code: "1103",
    message: "The assessment start date cannot be before the referral date",
    fields: ["AssessmentActualStartDate", "CINreferralDate"],
    years: {},
  },
  {
    code: "1104",
    message: "The date of the initial child protection conference cannot be before the referral date",
    fields: ["CINreferralDate", "DateOfInitialCPC"],
    years: {},
  },
  {
    code: "1105",
    message: "The child protection plan start date cannot be before the referral date",
    fields: ["CPPstartDate", "CINreferralDate"],
    years: {},
  },
  { code: "1510", message: "UPN invalid (wrong check letter at character 1)", fields: ["UPN"], years: {} },
  { code: "1520", message: "More than one record with the same UPN.", fields: ["UPN"], years: {} },
  {
    code: "1530",
    message: "UPN invalid (characters 2-4 not a recognised LA code)",
    fields: ["UPN"],
    years: {},
  },
  { code: "1540", message: "UPN invalid (characters 5-12 not all numeric)", fields: ["UPN"], years: {} },
  { code: "1550", message: "UPN invalid (character 13 not a recognised value)", fields: ["UPN"], years: {} },
  {
    code: "1560Q",
    message: "Please check and either amend or provide a reason: Former UPN wrongly formatted",
    fields: ["FormerUPN"],
    years: {},
  },
  {
    code: "1570",
    message: "LA Child ID must not be longer than 20 characters",
    fields: ["LAchildID"],
    years: { from: 2025 },
  },
  {
    code: "1580",
    message: "LA Child ID must not contain any non-alphanumeric characters",
    fields: ["LAchildID"],
    years: { from: 2025 },
  },
  {
    code: "2883",
    message: "There are more child protection plans starting than initial conferences taking place",
    fields: ["CPPstartDate", "DateOfInitialCPC"],
    years: {},
  },
  {
    code: "2884",
    message:
      "An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one",
    fields: ["DateOfInitialCPC"],
    years: {},
  },
  {
    code: "2885",
    message:
      "Child protection plan shown as starting a different day to the initial child protection conference.",
    fields: ["CPPstartDate", "DateOfInitialCPC"],
    years: {},
  },
  {
    code: "2886Q",
    message:
      "Please check and either amend or provide a reason: Percentage of children with no gender recorded is more than 2% (excluding unborns)",
    fields: ["GenderCurrent", "ExpectedPersonBirthDate"],
    years: { until: 2024 },
  },
  {
    code: "2886Q",
    message:
      "Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)",
    fields: ["Sex", "ExpectedPersonBirthDate"],
    years: { from: 2025 },
  },
  {
    code: "2887Q",
    message:
      "Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return",
    fields: ["Disability"],
    years: {},
  },
  {
    code: "2888Q",
    message:
      "Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.",
    fields: ["Disability"],
    years: {},
  },
  {
    code: "2889",
    message: "The S47 start date cannot be before the referral date.",
    fields: ["S47ActualStartDate", "CINreferralDate"],
    years: {},
  },
  {
    code: "2990",
    message:
      "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
    fields: ["ReasonForClosure"],
    years: {},
  },
  {
    code: "2991Q",
    message:
      "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode",
    fields: ["CINdetailsID"],
    years: {},
  },
  {
    code: "4000",
    message: "CIN Plan details provided for a referral with no further action",
    fields: ["ReferralNFA"],
    years: {},
  },
  {
    code: "4001",
    message: "A CIN Plan cannot run concurrently with a Child Protection Plan",
    fields: ["CINPlanEndDate", "CPPendDate"],
    years: {},
  },
  {
    code: "4003",
    message: "A CPP review date is shown as being held at the same time as an open CIN Plan.",
    fields: ["CINPlanStartDate", "CINPlanEndDate", "CPPreviewDate"],
    years: {},
  },
  {
    code: "4004",
    message: "This child is showing more than one open CIN Plan, i.e. with no End Date",
    fields: ["CINPlanEndDate"],
    years: {},
  },
  {
    code: "4008",
    message: "CIN Plan shown as starting after the child’s Date of Death.",
    fields: ["PersonDeathDate", "CINPlanStartDate"],
    years: {},
  },
  {
    code: "4009Q",
    message: "CIN Plan cannot end after the child’s Date of Death",
    fields: ["PersonDeathDate", "CINPlanEndDate"],
    years: {},
  },
  {
    code: "4010",
    message: "CIN Plan start date is missing or out of data collection period",
    fields: ["CINPlanStartDate"],
    years: {},
  },
  {
    code: "4011",
    message: "CIN Plan End Date earlier than Start Date",
    fields: ["CINPlanEndDate", "CINPlanStartDate"],
    years: {},
  },
  {
    code: "4012Q",
    message:
      "Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day",
    fields: ["CINPlanStartDate", "CINPlanEndDate"],
    years: {},
  },
  {
    code: "4013",
    message: "CIN Plan end date must fall within the census year",
    fields: ["CINPlanEndDate", "ReferenceDate"],
    years: {},
  },
  {
    code: "4014",
    message: "CIN Plan data contains overlapping dates",
    fields: ["CINPlanStartDate", "CINPlanEndDate"],
    years: {},
  },
  {
    code: "4015",
    message: "The CIN Plan start date cannot be before the referral date",
    fields: ["CINPlanStartDate", "CINreferralDate"],
    years: {},
  },
  {
    code: "4016",
    message: "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
    fields: ["CINPlanStartDate", "CPPstartDate", "CPPendDate"],
    years: {},
  },
  {
    code: "4017",
    message: "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
    fields: ["CINPlanStartDate", "CINPlanEndDate", "CPPstartDate"],
    years: {},
  },
  { code: "4180", message: "Gender is missing", fields: ["GenderCurrent"], years: { until: 2024 } },
  {
    code: "4180",
    message: "Sex must be provided and equal M, F, or U",
    fields: ["Sex"],
    years: { from: 2025 },
  },
  {
    code: "4220",
    message: "Ethnicity is missing or invalid (see Ethnicity table)",
    fields: ["Ethnicity"],
    years: {},
  },
  { code: "8500", message: "LA Child ID missing", fields: ["LAchildID"], years: {} },
  {
    code: "8510",
    message: "More than one child record with the same LA Child ID",
    fields: ["LAchildID"],
    years: {},
  },
  {
    code: "8520",
    message:
      "Date of Birth is after data collection period (must be on or before the end of the census period)",
    fields: ["PersonBirthDate", "ReferenceDate"],
    years: {},
  },
  {
    code: "8525Q",
    message: "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
    fields: ["PersonBirthDate", "ExpectedPersonBirthDate"],
    years: {},
  },
  {
    code: "8530Q",
    message:
      "Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)",
    fields: ["ExpectedPersonBirthDate"],
    years: {},
  },
  {
    code: "8535Q",
    message:
      "Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth",
    fields: ["PersonDeathDate", "PersonBirthDate"],
    years: {},
  },
  {
    code: "8540",
    message: "Child’s disability is missing or invalid (see Disability table)",
    fields: ["Disability", "PersonBirthDate", "ReferralNFA"],
    years: {},
  },
  {
    code: "8545Q",
    message:
      "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
    fields: ["PersonDeathDate"],
    years: {},
  },
  {
    code: "8555Q",
    message: "Child cannot be referred after its recorded date of death",
    fields: ["PersonDeathDate", "CINreferralDate"],
    years: {},
  },
  {
    code: "8565",
    message: "Activity shown after a case has been closed",
    fields: [
      "CINclosureDate",
      "DateOfInitialCPC",
      "AssessmentActualStartDate",
      "AssessmentAuthorisationDate",
      "S47ActualStartDate",
      "CPPendDate",
      "CINPlanStartDate",
      "CINPlanEndDate",
    ],
    years: {},
  },
  { code: "8568", message: "RNFA flag is missing or invalid", fields: ["ReferralNFA"], years: {} },
  {
    code: "8569Q",
    message:
      "A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case",
    fields: ["ReferralNFA"],
    years: {},
  },
  {
    code: "8585Q",
    message:
      "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death",
    fields: ["ReasonForClosure", "PersonDeathDate"],
    years: {},
  },
  { code: "8590", message: "Child does not have a recorded CIN episode.", fields: ["LAchildID"], years: {} },
  {
    code: "8600",
    message: "Child referral date missing or after data collection period",
    fields: ["CINreferralDate"],
    years: {},
  },
  {
    code: "8606",
    message: "Child referral date is more than 40 weeks before DOB or expected DOB",
    fields: ["CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"],
    years: {},
  },
  {
    code: "8608",
    message: "Assessment Start Date cannot be later than its End Date",
    fields: ["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
    years: {},
  },
  {
    code: "8610",
    message: "Primary Need code is missing for a referral which led to further action.",
    fields: ["ReferralNFA", "PrimaryNeedCode"],
    years: {},
  },
  {
    code: "8614",
    message: "Parental or child factors at assessment should only be present for a completed assessment.",
    fields: ["AssessmentAuthorisationDate", "AssessmentFactors"],
    years: {},
  },
  {
    code: "8615",
    message:
      "Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference",
    fields: ["S47ActualStartDate", "DateOfInitialCPC"],
    years: {},
  },
  {
    code: "8620",
    message: "CIN Closure Date present and does not fall within the Census year",
    fields: ["CINclosureDate"],
    years: {},
  },
  {
    code: "8630",
    message: "CIN Closure Date is before CIN Referral Date for the same CIN episode",
    fields: ["CINreferralDate", "CINclosureDate"],
    years: {},
  },
  {
    code: "8640",
    message: "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)",
    fields: ["ReasonForClosure"],
    years: {},
  },
  {
    code: "8650",
    message: "Primary Need Code invalid (see Primary Need table in CIN census code set)",
    fields: ["PrimaryNeedCode"],
    years: {},
  },
  {
    code: "8670Q",
    message:
      "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.",
    fields: ["AssessmentActualStartDate"],
    years: {},
  },
  {
    code: "8675Q",
    message:
      "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.",
    fields: ["DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"],
    years: {},
  },
  {
    code: "8696",
    message: "Assessment end date must fall within the census year",
    fields: ["AssessmentAuthorisationDate", "ReferenceDate"],
    years: {},
  },
  {
    code: "8715",
    message: "Date of Initial Child Protection Conference must fall within the census year",
    fields: ["DateOfInitialCPC", "ReferenceDate"],
    years: {},
  },
  {
    code: "8720",
    message: "Child Protection Plan Start Date missing or out of data collection period",
    fields: ["CPPstartDate", "ReferenceDate"],
    years: {},
  },
  {
    code: "8730",
    message: "Total Number of previous Child Protection Plans missing",
    fields: ["NumberOfPreviousCPP"],
    years: {},
  },
  {
    code: "8736",
    message: "For an Assessment that has not been completed, the start date must fall within the census year",
    fields: ["AssessmentAuthorisationDate", "AssessmentActualStartDate"],
    years: {},
  },
  {
    code: "8740",
    message:
      "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year",
    fields: ["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"],
    years: {},
  },
  {
    code: "8750",
    message: "Gender must equal 0 for an unborn child",
    fields: ["GenderCurrent", "PersonBirthDate", "ExpectedPersonBirthDate"],
    years: { until: 2024 },
  },
  {
    code: "8750",
    message: "Sex must equal U for an unborn child",
    fields: ["Sex", "PersonBirthDate", "ExpectedPersonBirthDate"],
    years: { from: 2025 },
  },
  {
    code: "8770Q",
    message:
      "Please check and either amend data or provide a reason: UPN or reason UPN missing expected for a child who is more than 5 years old",
    fields: ["UPN", "UPNunknown", "PersonBirthDate"],
    years: { until: 2024 },
  },
  {
    code: "8770Q",
    message:
      "Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.",
    fields: ["UPN", "UPNunknown", "PersonBirthDate"],
    years: { from: 2025 },
  },
  {
    code: "8772",
    message:
      "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action",
    fields: ["UPNunknown", "ReferralNFA"],
    years: {},
  },
  {
    code: "8775Q",
    message: "Please check and either amend data or provide a reason: Child is over 25 years old",
    fields: ["PersonBirthDate", "CINclosureDate"],
    years: {},
  },
  {
    code: "8790",
    message: "Disability information includes both None and other values",
    fields: ["Disability"],
    years: {},
  },
  {
    code: "8794",
    message: "Child has two or more disabilities with the same code",
    fields: ["Disability"],
    years: {},
  },
  {
    code: "8805",
    message: "A CIN case cannot have a CIN closure date without a Reason for Closure",
    fields: ["CINclosureDate", "ReasonForClosure"],
    years: {},
  },
  {
    code: "8810",
    message: "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
    fields: ["ReasonForClosure", "CINclosureDate"],
    years: {},
  },
  {
    code: "8815",
    message:
      "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.",
    fields: ["ReferralNFA", "CINclosureDate"],
    years: {},
  },
  {
    code: "8816",
    message:
      "An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.",
    fields: ["CINreferralDate", "ReferralNFA"],
    years: {},
  },
  {
    code: "8820",
    message: "The dates on the CIN episodes for this child overlap",
    fields: ["CINreferralDate", "CINclosureDate"],
    years: {},
  },
  {
    code: "8825Q",
    message:
      "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.",
    fields: ["ReasonForClosure"],
    years: {},
  },
  {
    code: "8831",
    message: "Activity is recorded against a case marked as a referral with no further action",
    fields: [
      "AssessmentActualStartDate",
      "AssessmentAuthorisationDate",
      "S47ActualStartDate",
      "DateOfInitialCPC",
    ],
    years: {},
  },
  {
    code: "8832",
    message: "Child Protection details provided for a referral with no further action.",
    fields: ["CINdetailsID", "ReferralNFA"],
    years: {},
  },
  {
    code: "8839",
    message: "Within one CINDetails group there are 2 or more open S47 Assessments",
    fields: ["DateOfInitialCPC"],
    years: {},
  },
  {
    code: "8840",
    message: "Child Protection Plan cannot start and end on the same day",
    fields: ["CPPstartDate", "CPPendDate"],
    years: {},
  },
  {
    code: "8841",
    message: "The review date cannot be on the same day or before the Child protection Plan start date.",
    fields: ["CPPstartDate", "CPPreviewDate"],
    years: {},
  },
  {
    code: "8842Q",
    message: "Please check and either amend or provide a reason: Review Record has a missing date",
    fields: ["CPPreviewDate"],
    years: {},
  },
  {
    code: "8863Q",
    message: "An Assessment is shown as starting when there is another Assessment ongoing.",
    fields: ["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
    years: {},
  },
  {
    code: "8866",
    message: "Source of Referral is missing or an invalid code",
    fields: ["CINreferralDate", "ReferralSource"],
    years: {},
  },
  {
    code: "8867",
    message: "CIN episode is shown as closed, however Assessment is not shown as completed",
    fields: ["CINclosureDate", "AssessmentAuthorisationDate"],
    years: {},
  },
  {
    code: "8868",
    message:
      "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag",
    fields: ["ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"],
    years: {},
  },
  {
    code: "8869",
    message:
      "The assessment factors code “21” cannot be used in conjunction with any other assessment factors.",
    fields: ["AssessmentFactors"],
    years: {},
  },
  {
    code: "8870Q",
    message:
      "Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend",
    fields: ["InitialCPCtarget"],
    years: {},
  },
  {
    code: "8873Q",
    message:
      "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
    fields: ["ReasonForClosure", "AssessmentFactors"],
    years: {},
  },
  {
    code: "8875",
    message: "The Date of Initial Child Protection Conference cannot be a weekend",
    fields: ["DateOfInitialCPC"],
    years: {},
  },
  {
    code: "8890",
    message: "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
    fields: ["S47ActualStartDate"],
    years: {},
  },
  {
    code: "8896",
    message: "Within one CINDetails group there are 2 or more open Assessments groups",
    fields: ["AssessmentAuthorisationDate"],
    years: {},
  },
  {
    code: "8897Q",
    message: "Parental or child factors at assessment information is missing from a completed assessment",
    fields: ["AssessmentAuthorisationDate", "AssessmentFactors"],
    years: {},
  },
  {
    code: "8898",
    message: "The assessment has more than one parental or child factors with the same code",
    fields: ["AssessmentFactors"],
    years: {},
  },
  {
    code: "8905",
    message:
      "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
    fields: ["InitialCategoryOfAbuse"],
    years: {},
  },
  {
    code: "8910",
    message:
      "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
    fields: ["LatestCategoryOfAbuse"],
    years: {},
  },
  {
    code: "8915",
    message: "Child Protection Plan shown as starting after the child’s Date of Death",
    fields: ["CPPstartDate", "PersonDeathDate"],
    years: {},
  },
  {
    code: "8920",
    message: "Child Protection Plan cannot end after the child’s Date of Death",
    fields: ["PersonDeathDate", "CPPendDate"],
    years: {},
  },
  {
    code: "8925",
    message: "Child Protection Plan End Date earlier than Start Date",
    fields: ["CPPstartDate", "CPPendDate"],
    years: {},
  },
  {
    code: "8930",
    message: "Child Protection Plan End Date must fall within the census year",
    fields: ["CPPendDate", "ReferenceDate"],
    years: {},
  },
  {
    code: "8935",
    message: "This child is showing more than one open Child Protection plan, i.e. with no End Date",
    fields: ["CPPendDate"],
    years: {},
  },
  {
    code: "8940",
    message: "Child Protection Plan data contains overlapping dates",
    fields: ["CPPstartDate", "CPPendDate"],
    years: {},
  },
  {
    code: "8945Q",
    message:
      "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)",
    fields: ["AssessmentFactors"],
    years: { from: 2025 },
  },
  {
    code: "8950Q",
    message:
      "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)",
    fields: ["AssessmentFactors"],
    years: { from: 2025 },
  },
];
