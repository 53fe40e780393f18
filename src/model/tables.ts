/**
 * The canonical child-level model: SSD 1.4.5 tables, plus extension tables
 * for what the reports need and the SSD cannot hold.
 *
 * Why as data: the DDL, the loaders, `export-tables`, the docs and the
 * importers all read this one declaration, so a column is named once.
 * SSD tables keep their SSD table and column names; extension tables are
 * prefixed `ssdx_` and written in the same style. Every table carries the
 * council's LA code (`la_code`) so one workspace can hold several councils.
 */

/** Column types the model uses (DuckDB names). */
export type ColumnType = "VARCHAR" | "DATE" | "INTEGER" | "DOUBLE";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  description: string;
  /**
   * Text whose values are mostly distinct (ids, postcodes): DuckDB stores it with FSST; every
   * other text column with a dictionary (see createTableSql).
   */
  distinct?: true;
}

export interface TableSpec {
  name: string;
  /** `ssd`: a Standard Safeguarding Dataset 1.4.5 table; `extension`: ours, for gaps in the SSD. */
  origin: "ssd" | "extension";
  description: string;
  /** The column that identifies a row. */
  key: string;
  /** The column holding the child's person id, where the table is about a child. */
  personColumn?: string;
  columns: ColumnSpec[];
}

const v = (name: string, description: string): ColumnSpec => ({ name, type: "VARCHAR", description });
/** A text column of mostly distinct values, e.g. a row's id. */
const x = (name: string, description: string): ColumnSpec => ({
  name,
  type: "VARCHAR",
  description,
  distinct: true,
});
const d = (name: string, description: string): ColumnSpec => ({ name, type: "DATE", description });
const n = (name: string, description: string): ColumnSpec => ({ name, type: "DOUBLE", description });
const i = (name: string, description: string): ColumnSpec => ({ name, type: "INTEGER", description });

const LA_CODE = v("la_code", "Council: DfE 3-digit LA code (all tables)");

function table(spec: Omit<TableSpec, "columns"> & { columns: ColumnSpec[] }): TableSpec {
  return { ...spec, columns: [LA_CODE, ...spec.columns] };
}

/** Every canonical table, in load order (parents before children). */
export const TABLES: readonly TableSpec[] = [
  table({
    name: "ssd_department",
    origin: "ssd",
    description: "Teams and departments",
    key: "dept_team_id",
    columns: [
      v("dept_team_id", "Department or team id"),
      v("dept_team_name", "Department or team name"),
      v("dept_team_parent_id", "Parent department id"),
      v("dept_team_parent_name", "Parent department name"),
    ],
  }),
  table({
    name: "ssd_professionals",
    origin: "ssd",
    description: "Workers",
    key: "prof_professional_id",
    columns: [
      x("prof_professional_id", "Worker id"),
      x("prof_staff_id", "Staff identifier"),
      v("prof_professional_name", "Staff name"),
      x("prof_social_worker_registration_no", "Social Work England registration"),
      v("prof_professional_job_title", "Job title"),
      i("prof_professional_caseload", "Cases held on previous 30 September"),
      v("prof_professional_department", "Team id"),
      n("prof_full_time_equivalency", "FTE"),
      v("prof_agency_worker_flag", "Agency worker Y/N"),
    ],
  }),
  table({
    name: "ssd_person",
    origin: "ssd",
    description: "Children",
    key: "pers_person_id",
    personColumn: "pers_person_id",
    columns: [
      x("pers_person_id", "Person unique id (the council's child id, kept as text)"),
      v("pers_sex", "Sex: M, F, U"),
      v("pers_gender", "Gender"),
      v("pers_ethnicity", "Ethnicity code (DfE)"),
      d("pers_dob", "Date of birth"),
      x("pers_common_child_id", "NHS number"),
      v("pers_upn_unknown", "UPN unknown reason"),
      v("pers_send_flag", "SEND flag"),
      d("pers_expected_dob", "Expected date of birth"),
      d("pers_death_date", "Date of death"),
      v("pers_is_mother", "Mother Y/N"),
      v("pers_nationality", "Country of origin (UASC)"),
      v("pers_disability", "Extension column: DfE disability codes, comma separated (NONE when none)"),
      x("pers_upn", "Extension column: Unique Pupil Number (CIN census UPN, SSDA903 UPN)"),
    ],
  }),
  table({
    name: "ssd_mother",
    origin: "ssd",
    description: "Children who are mothers, one row per child of theirs",
    key: "moth_table_id",
    personColumn: "moth_person_id",
    columns: [
      x("moth_table_id", "Row id"),
      x("moth_person_id", "Person id of the mother"),
      v("moth_childs_person_id", "Person id of her child, when the council holds one"),
      d("moth_childs_dob", "Her child's date of birth (the first child's is SSDA903 MC_DOB)"),
    ],
  }),
  table({
    name: "ssd_contacts",
    origin: "ssd",
    description: "Contacts",
    key: "cont_contact_id",
    personColumn: "cont_person_id",
    columns: [
      x("cont_contact_id", "Contact id"),
      x("cont_person_id", "Person id"),
      d("cont_contact_date", "Date of contact"),
      v("cont_contact_source_code", "Contact source (DfE code)"),
      v("cont_contact_source_desc", "Contact source description"),
      v(
        "cont_contact_outcome_json",
        'Outcome codes as a JSON array, e.g. ["REFERRAL"] (see CONTACT_OUTCOMES)',
      ),
    ],
  }),
  table({
    name: "ssd_cin_episodes",
    origin: "ssd",
    description: "Referrals (CIN episodes)",
    key: "cine_referral_id",
    personColumn: "cine_person_id",
    columns: [
      x("cine_referral_id", "Referral id"),
      x("cine_person_id", "Person id"),
      d("cine_referral_date", "Referral date"),
      v("cine_cin_primary_need_code", "Primary need N0–N9"),
      v("cine_referral_source_code", "Referral source (DfE code)"),
      v("cine_referral_source_desc", "Referral source description"),
      v("cine_referral_outcome_json", "Referral outcome"),
      v("cine_referral_nfa", "Referral NFA Y/N"),
      v("cine_close_reason", "Closure reason RC1–RC9"),
      d("cine_close_date", "Closure date"),
      v("cine_referral_team", "Team id"),
      v("cine_referral_worker_id", "Worker id"),
    ],
  }),
  table({
    name: "ssd_cin_assessments",
    origin: "ssd",
    description: "Continuous (single) assessments",
    key: "cina_assessment_id",
    personColumn: "cina_person_id",
    columns: [
      x("cina_assessment_id", "Assessment id"),
      x("cina_person_id", "Person id"),
      x("cina_referral_id", "Referral id"),
      d("cina_assessment_start_date", "Assessment start date"),
      v("cina_assessment_child_seen", "Child seen Y/N"),
      d("cina_assessment_auth_date", "Assessment authorisation date"),
      v("cina_assessment_outcome_json", "Assessment outcome"),
      v("cina_assessment_outcome_nfa", "Assessment NFA Y/N"),
      v("cina_assessment_team", "Team id"),
      v("cina_assessment_worker_id", "Worker id"),
      v(
        "cina_assessment_factors",
        "Extension column: factors identified at assessment, DfE codes comma separated (CIN census AssessmentFactors)",
      ),
    ],
  }),
  table({
    name: "ssdx_strategy_discussions",
    origin: "extension",
    description: "Strategy discussions (extension: the SSD has no table for them)",
    key: "strd_strategy_discussion_id",
    personColumn: "strd_person_id",
    columns: [
      x("strd_strategy_discussion_id", "Strategy discussion id"),
      x("strd_person_id", "Person id"),
      x("strd_referral_id", "Referral id"),
      d("strd_strategy_discussion_date", "Date of the strategy discussion"),
      x("strd_s47_enquiry_id", "S47 enquiry it initiated, if any"),
      v("strd_outcome", "Outcome: S47 (initiate a S47 enquiry) or NFA"),
    ],
  }),
  table({
    name: "ssd_s47_enquiry",
    origin: "ssd",
    description: "Section 47 enquiries",
    key: "s47e_s47_enquiry_id",
    personColumn: "s47e_person_id",
    columns: [
      x("s47e_s47_enquiry_id", "S47 enquiry id"),
      x("s47e_referral_id", "Referral id"),
      x("s47e_person_id", "Person id"),
      d("s47e_s47_start_date", "S47 start date (the strategy discussion initiating it)"),
      d("s47e_s47_end_date", "S47 end date"),
      v("s47e_s47_nfa", "S47 NFA Y/N"),
      v("s47e_s47_outcome_json", "S47 outcome"),
      v("s47e_s47_completed_by_worker_id", "Worker id"),
      v("s47e_s47_completed_by_team", "Team id"),
    ],
  }),
  table({
    name: "ssd_initial_cp_conference",
    origin: "ssd",
    description: "Initial child protection conferences",
    key: "icpc_icpc_id",
    personColumn: "icpc_person_id",
    columns: [
      x("icpc_icpc_id", "ICPC id"),
      x("icpc_icpc_meeting_id", "Meeting id"),
      x("icpc_s47_enquiry_id", "S47 enquiry id"),
      x("icpc_person_id", "Person id"),
      x("icpc_cp_plan_id", "CP plan id"),
      x("icpc_referral_id", "Referral id"),
      v("icpc_icpc_transfer_in", "Transfer-in Y/N"),
      d("icpc_icpc_target_date", "Target date"),
      d("icpc_icpc_date", "Date of ICPC"),
      v("icpc_icpc_outcome_cp_flag", "Resulted in a CP plan Y/N"),
      v("icpc_icpc_outcome_json", "Outcome"),
      v("icpc_icpc_team", "Team id"),
      v("icpc_icpc_worker_id", "Worker id"),
    ],
  }),
  table({
    name: "ssd_cp_plans",
    origin: "ssd",
    description: "Child protection plans",
    key: "cppl_cp_plan_id",
    personColumn: "cppl_person_id",
    columns: [
      x("cppl_cp_plan_id", "CP plan id"),
      x("cppl_referral_id", "Referral id"),
      x("cppl_icpc_id", "ICPC id"),
      x("cppl_person_id", "Person id"),
      d("cppl_cp_plan_start_date", "Plan start date"),
      d("cppl_cp_plan_end_date", "Plan end date"),
      v("cppl_cp_plan_initial_category", "Initial category of abuse"),
      v("cppl_cp_plan_latest_category", "Latest category of abuse"),
      v("cppl_cp_plan_ola", "Plan held by another LA Y/N"),
      i("cppl_number_of_previous_cpp", "Extension column: recorded number of previous plans (CIN census)"),
    ],
  }),
  table({
    name: "ssd_cp_reviews",
    origin: "ssd",
    description: "Child protection review conferences",
    key: "cppr_cp_review_id",
    personColumn: "cppr_person_id",
    columns: [
      x("cppr_cp_review_id", "Review id"),
      x("cppr_person_id", "Person id"),
      x("cppr_cp_plan_id", "CP plan id"),
      d("cppr_cp_review_due", "Review due date"),
      d("cppr_cp_review_date", "Review date"),
      x("cppr_cp_review_meeting_id", "Meeting id"),
      v("cppr_cp_review_outcome_continue_cp", "Plan to continue Y/N"),
      v("cppr_cp_review_quorate", "Quorate Y/N"),
      v("cppr_cp_review_participation", "Child participation"),
    ],
  }),
  table({
    name: "ssd_cp_visits",
    origin: "ssd",
    description: "Child protection visits",
    key: "cppv_cp_visit_id",
    personColumn: "cppv_person_id",
    columns: [
      x("cppv_cp_visit_id", "Visit id"),
      v("cppv_person_id", "Person id"),
      v("cppv_cp_plan_id", "CP plan id"),
      d("cppv_cp_visit_date", "Visit date"),
      v("cppv_cp_visit_seen", "Child seen Y/N"),
      v("cppv_cp_visit_seen_alone", "Child seen alone Y/N"),
      v("cppv_cp_visit_bedroom", "Bedroom seen Y/N"),
    ],
  }),
  table({
    name: "ssd_cla_episodes",
    origin: "ssd",
    description: "Looked-after episodes; clae_cla_id identifies the period of care an episode belongs to",
    key: "clae_cla_episode_id",
    personColumn: "clae_person_id",
    columns: [
      x("clae_cla_episode_id", "Episode id"),
      x("clae_person_id", "Person id"),
      d("clae_cla_episode_start_date", "Episode start date"),
      v("clae_cla_episode_start_reason", "Reason for new episode (S, L, P, T, B, U)"),
      v("clae_cla_primary_need_code", "Category of need N1–N8"),
      d("clae_cla_episode_ceased_date", "Episode ceased date"),
      v("clae_cla_episode_ceased_reason", "Reason episode ceased (X1, E11 …)"),
      x("clae_cla_id", "Period of care id"),
      v("clae_referral_id", "Referral id"),
      x("clae_cla_placement_id", "Placement id"),
      d("clae_entered_care_date", "Date the child entered care (start of the period of care)"),
      d("clae_cla_last_iro_contact_date", "Last IRO contact"),
    ],
  }),
  table({
    name: "ssd_cla_placement",
    origin: "ssd",
    description: "Placements",
    key: "clap_cla_placement_id",
    personColumn: "clap_person_id",
    columns: [
      x("clap_cla_placement_id", "Placement id"),
      d("clap_cla_placement_start_date", "Placement start date"),
      v("clap_cla_placement_type", "Placement type (A3 … Z14)"),
      x("clap_cla_placement_urn", "URN"),
      n("clap_cla_placement_distance", "Distance from home in miles"),
      x("clap_cla_id", "Period of care id"),
      v("clap_cla_placement_provider", "Provider PR0–PR5"),
      v("clap_cla_placement_postcode", "Placement postcode"),
      d("clap_cla_placement_end_date", "Placement end date"),
      v("clap_cla_placement_change_reason", "Reason for placement change"),
      v("clap_person_id", "Person id"),
    ],
  }),
  table({
    name: "ssd_legal_status",
    origin: "ssd",
    description: "Legal statuses",
    key: "lega_legal_status_id",
    personColumn: "lega_person_id",
    columns: [
      x("lega_legal_status_id", "Legal status id"),
      x("lega_person_id", "Person id"),
      v("lega_legal_status", "Legal status (C1 … V4)"),
      d("lega_legal_status_start_date", "Start date"),
      d("lega_legal_status_end_date", "End date"),
    ],
  }),
  table({
    name: "ssd_cla_reviews",
    origin: "ssd",
    description: "Looked-after reviews",
    key: "clar_cla_review_id",
    columns: [
      x("clar_cla_review_id", "Review id"),
      v("clar_cla_id", "Period of care id"),
      d("clar_cla_review_due_date", "Due date"),
      d("clar_cla_review_date", "Review date"),
      v("clar_cla_review_cancelled", "Cancelled Y/N"),
      v("clar_cla_review_participation", "Participation PN0–PN7"),
    ],
  }),
  table({
    name: "ssd_cla_visits",
    origin: "ssd",
    description: "Looked-after statutory visits",
    key: "clav_cla_visit_id",
    personColumn: "clav_person_id",
    columns: [
      x("clav_cla_visit_id", "Visit id"),
      v("clav_cla_id", "Period of care id"),
      v("clav_person_id", "Person id"),
      d("clav_cla_visit_date", "Visit date"),
      v("clav_cla_visit_seen", "Child seen Y/N"),
      v("clav_cla_visit_seen_alone", "Child seen alone Y/N"),
    ],
  }),
  table({
    name: "ssd_cla_health",
    origin: "ssd",
    description:
      "Health checks; clah_health_check_type holds a HEALTH_CHECK_TYPES code (initial vs review health assessments, dental)",
    key: "clah_health_check_id",
    personColumn: "clah_person_id",
    columns: [
      x("clah_health_check_id", "Health check id"),
      v("clah_person_id", "Person id"),
      v("clah_health_check_type", "Type: HA_INITIAL, HA_REVIEW, DENTAL, OPTICIAN, SDQ"),
      d("clah_health_check_date", "Date of the check"),
      v("clah_health_check_status", "Status"),
    ],
  }),
  table({
    name: "ssd_immigration_status",
    origin: "ssd",
    description: "Immigration statuses (UASC)",
    key: "immi_immigration_status_id",
    personColumn: "immi_person_id",
    columns: [
      x("immi_immigration_status_id", "Immigration status id"),
      x("immi_person_id", "Person id"),
      v("immi_immigration_status", "Status: UASC, …"),
      d("immi_immigration_status_start_date", "Start date"),
      d("immi_immigration_status_end_date", "End date"),
    ],
  }),
  table({
    name: "ssd_missing",
    origin: "ssd",
    description: "Missing and away-from-placement episodes",
    key: "miss_table_id",
    personColumn: "miss_person_id",
    columns: [
      x("miss_table_id", "Missing episode id"),
      v("miss_person_id", "Person id"),
      d("miss_missing_episode_start_date", "Start"),
      v("miss_missing_episode_type", "M missing / A away"),
      d("miss_missing_episode_end_date", "End"),
      v("miss_missing_rhi_offered", "Return interview offered Y/N"),
      v("miss_missing_rhi_accepted", "Return interview accepted Y/N"),
    ],
  }),
  table({
    name: "ssdx_missing_return_interviews",
    origin: "extension",
    description:
      "Return home interviews with their dates (extension: the SSD holds only offered/accepted flags)",
    key: "mrhi_return_interview_id",
    personColumn: "mrhi_person_id",
    columns: [
      x("mrhi_return_interview_id", "Return interview id"),
      x("mrhi_missing_id", "Missing episode id (ssd_missing.miss_table_id)"),
      x("mrhi_person_id", "Person id"),
      d("mrhi_return_interview_date", "Date the interview was held"),
    ],
  }),
  table({
    name: "ssd_permanence",
    origin: "ssd",
    description: "Permanence and adoption",
    key: "perm_table_id",
    personColumn: "perm_person_id",
    columns: [
      x("perm_table_id", "Permanence row id"),
      x("perm_person_id", "Person id"),
      x("perm_cla_id", "Period of care id"),
      d("perm_adm_decision_date", "Date of ADM decision (should be placed for adoption)"),
      d("perm_ffa_cp_decision_date", "FFA / concurrent planning decision"),
      d("perm_placement_order_date", "Placement order date"),
      d("perm_placed_for_adoption_date", "Date placed for adoption"),
      d("perm_matched_date", "Date matched"),
      v("perm_adopted_by_carer_flag", "Adopted by foster carer Y/N"),
      d("perm_placed_ffa_cp_date", "Placed in FFA / concurrent placement"),
      d("perm_decision_reversed_date", "Decision reversed date"),
      d("perm_placed_foster_carer_date", "Date originally placed with the foster carer (adopted by carer)"),
      v("perm_decision_reversed_reason", "RD1–RD4"),
      d("perm_permanence_order_date", "Date of the permanence order"),
      v("perm_permanence_order_type", "Order type"),
    ],
  }),
  table({
    name: "ssd_care_leavers",
    origin: "ssd",
    description: "Care leavers: current snapshot",
    key: "clea_table_id",
    personColumn: "clea_person_id",
    columns: [
      x("clea_table_id", "Care leaver row id"),
      x("clea_person_id", "Person id"),
      v("clea_care_leaver_eligibility", "Eligibility: RELEVANT, FORMER_RELEVANT, …"),
      v("clea_care_leaver_in_touch", "In touch: YES, NO, DIED, REFU, NREQ, RHOM"),
      d("clea_care_leaver_latest_contact", "Latest date of contact"),
      v("clea_care_leaver_accommodation", "Accommodation code (B … Z)"),
      v("clea_care_leaver_accom_suitable", "1 suitable / 2 unsuitable"),
      v("clea_care_leaver_activity", "Activity (F1 … G6)"),
      d("clea_pathway_plan_review_date", "Latest pathway plan review"),
      v("clea_care_leaver_personal_advisor", "Personal adviser"),
      v("clea_care_leaver_allocated_team", "Team id"),
      v("clea_care_leaver_worker_id", "Worker id"),
    ],
  }),
  table({
    name: "ssdx_care_leaver_contacts",
    origin: "extension",
    description: "Care-leaver contact history by date (extension: the SSD holds only the latest)",
    key: "clec_contact_id",
    personColumn: "clec_person_id",
    columns: [
      x("clec_contact_id", "Contact id"),
      v("clec_person_id", "Person id"),
      d("clec_contact_date", "Date of contact"),
      v("clec_in_touch", "In touch code"),
      v("clec_accommodation", "Accommodation code"),
      v("clec_accom_suitable", "1 suitable / 2 unsuitable"),
      v("clec_activity", "Activity code"),
    ],
  }),
  table({
    name: "ssd_involvements",
    origin: "ssd",
    description: "Worker allocations",
    key: "invo_involvements_id",
    personColumn: "invo_person_id",
    columns: [
      x("invo_involvements_id", "Involvement id"),
      v("invo_professional_id", "Worker id"),
      v("invo_professional_role_id", "Role"),
      v("invo_professional_team", "Team id"),
      d("invo_involvement_start_date", "Start"),
      d("invo_involvement_end_date", "End"),
      v("invo_worker_change_reason", "Reason for change"),
      x("invo_person_id", "Person id"),
      x("invo_referral_id", "Referral id"),
    ],
  }),
  table({
    name: "ssdx_audits",
    origin: "extension",
    description: "Case audit judgements (extension: the SSD has no audit table)",
    key: "audt_audit_id",
    personColumn: "audt_person_id",
    columns: [
      v("audt_audit_id", "Audit id"),
      v("audt_person_id", "Person id"),
      d("audt_audit_date", "Audit date"),
      v("audt_audit_type", "Audit type"),
      v("audt_judgement", "OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE"),
      v("audt_team", "Team id"),
    ],
  }),
  table({
    name: "ssdx_adopters",
    origin: "extension",
    description:
      "The adopters of an adoption (SSDA903 AD1 items the SSD does not hold), one per permanence row",
    key: "adop_perm_table_id",
    personColumn: "adop_person_id",
    columns: [
      x("adop_perm_table_id", "Permanence row id (ssd_permanence.perm_table_id)"),
      x("adop_person_id", "Person id"),
      v("adop_number_of_adopters", "Number of adopters: 1 or 2 (NB_ADOPTR)"),
      v("adop_adopter_sex", "Sex of the adopters: M1, F1, MM, FF, MF (SEX_ADOPTR)"),
      v("adop_adopter_legal_status", "Legal status of the adopters: L0, L11, L12, L2, L3, L4 (LS_ADOPTR)"),
    ],
  }),
  table({
    name: "ssdx_cla_period_details",
    origin: "extension",
    description:
      "Per period of care: the child's home postcode and any previous permanence option (SSDA903 items the SSD does not hold)",
    key: "clpd_cla_id",
    personColumn: "clpd_person_id",
    columns: [
      x("clpd_cla_id", "Period of care id (ssd_cla_episodes.clae_cla_id)"),
      x("clpd_person_id", "Person id"),
      x("clpd_home_postcode", "Postcode of the child's home when the period began (HOME_POST)"),
      v("clpd_previous_permanence", "Previous permanence option: P1, P2, P3, P4 or Z1 none (PREV_PERM)"),
      v("clpd_previous_permanence_la", "LA code that made the previous permanence order (LA_PERM)"),
      d("clpd_previous_permanence_date", "Date of the previous permanence order (DATE_PERM)"),
    ],
  }),
  table({
    name: "ssdx_cla_outcomes",
    origin: "extension",
    description:
      "A looked-after child's outcome items at 31 March (SSDA903 OC2 items the SSD does not hold); the return blanks those DfE asks only at some ages",
    key: "outc_table_id",
    personColumn: "outc_person_id",
    columns: [
      x("outc_table_id", "Row id"),
      v("outc_person_id", "Person id"),
      d("outc_year_end", "The 31 March the items describe"),
      i("outc_sdq_score", "Strengths and Difficulties score 0–40 (SDQ_SCORE)"),
      v("outc_convicted", "Convicted during the year Y/N (CONVICTED)"),
      v("outc_health_check", "Development (health promotion) checks up to date Y/N (HEALTH_CHECK)"),
      v("outc_immunisations", "Immunisations up to date Y/N (IMMUNISATIONS)"),
      v("outc_substance_misuse", "Substance misuse problem identified Y/N (SUBSTANCE_MISUSE)"),
      v(
        "outc_intervention_received",
        "Intervention for substance misuse received Y/N (INTERVENTION_RECEIVED)",
      ),
      v("outc_intervention_offered", "Intervention offered but refused Y/N (INTERVENTION_OFFERED)"),
    ],
  }),
];

const BY_NAME = new Map(TABLES.map((t) => [t.name, t]));

/** Names of every canonical table. */
export type TableName = string;

/** The table declaration, or undefined for an unknown name. */
export function tableSpec(name: string): TableSpec | undefined {
  return BY_NAME.get(name);
}

/**
 * CREATE TABLE statement for a table declaration. With `storage`, each text column also names
 * how DuckDB compresses it (FSST for `distinct` columns, a dictionary for the rest): the same
 * methods DuckDB picks by itself for these tables, but without trying every method on every
 * block it writes, which was a third of the CPU of loading England (docs/benchmarks.md).
 * Values and queries are the same either way.
 */
export function createTableSql(spec: TableSpec, options: { storage?: boolean } = {}): string {
  const compression = (c: ColumnSpec) =>
    options.storage && c.type === "VARCHAR" ? ` USING COMPRESSION ${c.distinct ? "fsst" : "dictionary"}` : "";
  const cols = spec.columns.map((c) => `  ${c.name} ${c.type}${compression(c)}`).join(",\n");
  return `CREATE TABLE IF NOT EXISTS ${spec.name} (\n${cols}\n)`;
}
