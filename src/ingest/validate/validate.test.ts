import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Row } from "../../db/database.ts";
import type { Issue } from "../issues.ts";
import type {
  AssessmentView,
  At,
  ChildView,
  CinPlanView,
  CinReturnView,
  CppView,
  DetailsView,
} from "./cinReturn.ts";
import type { Rule } from "./context.ts";
import { CIN_NOT_EVALUATED } from "./rules/cin.ts";
import { CIN_SPEC } from "./rules/cinSpec.ts";
import { END_BEFORE_START_PAIRS, PAIRS_COVERED_BY_DFE } from "./rules/product.ts";
import { inYear } from "./rules/spec.ts";
import { SSDA903_NOT_EVALUATED, type Supplied, ssda903NotEvaluated } from "./rules/ssda903.ts";
import { SSDA903_SPEC } from "./rules/ssda903Spec.ts";
import { findIssues, finishWhole, RULES, type ValidateOptions, validate } from "./validate.ts";

type Rows = Record<string, Row[]>;

/** A CIN census child (the keys the CIN reader sets), born 2015-06-01. */
const cinPerson = (o: Row = {}): Row => ({
  _file: "cin.xml",
  _line: 5,
  pers_person_id: "C1",
  pers_sex: "M",
  pers_ethnicity: "WBRI",
  pers_dob: "2015-06-01",
  pers_expected_dob: null,
  pers_death_date: null,
  pers_upn_unknown: null,
  pers_disability: "NONE",
  ...o,
});
/** A 903 child (header.csv), born 2010-01-01. */
const lacPerson = (o: Row = {}): Row => ({
  _file: "header.csv",
  _row: 2,
  pers_person_id: "C1",
  pers_sex: "M",
  pers_ethnicity: "WBRI",
  pers_dob: "2010-01-01",
  pers_is_mother: null,
  ...o,
});
const ref = (o: Row = {}): Row => ({
  _file: "cin.xml",
  _line: 10,
  cine_referral_id: "R1",
  cine_person_id: "C1",
  cine_referral_date: "2023-05-01",
  cine_cin_primary_need_code: "N1",
  cine_referral_source_code: "1A",
  cine_referral_nfa: "N",
  cine_close_reason: null,
  cine_close_date: null,
  ...o,
});
const asmt = (o: Row = {}): Row => ({
  _file: "cin.xml",
  cina_assessment_id: "A1",
  cina_person_id: "C1",
  cina_referral_id: "R1",
  cina_assessment_start_date: "2023-05-02",
  cina_assessment_auth_date: "2023-06-01",
  ...o,
});
const s47 = (o: Row = {}): Row => ({
  _file: "cin.xml",
  s47e_s47_enquiry_id: "S1",
  s47e_referral_id: "R1",
  s47e_person_id: "C1",
  s47e_s47_start_date: "2023-05-03",
  s47e_s47_nfa: "N",
  ...o,
});
const icpc = (o: Row = {}): Row => ({
  _file: "cin.xml",
  icpc_icpc_id: "I1",
  icpc_s47_enquiry_id: "S1",
  icpc_person_id: "C1",
  icpc_referral_id: "R1",
  icpc_icpc_date: "2023-05-20",
  ...o,
});
const plan = (o: Row = {}): Row => ({
  _file: "cin.xml",
  cppl_cp_plan_id: "P1",
  cppl_referral_id: "R1",
  cppl_icpc_id: "I1",
  cppl_person_id: "C1",
  cppl_cp_plan_start_date: "2023-05-20",
  cppl_cp_plan_end_date: "2024-01-10",
  cppl_cp_plan_initial_category: "NEG",
  cppl_cp_plan_latest_category: "NEG",
  ...o,
});
const cpReview = (o: Row = {}): Row => ({
  _file: "cin.xml",
  cppr_cp_review_id: "V1",
  cppr_person_id: "C1",
  cppr_cp_plan_id: "P1",
  cppr_cp_review_date: "2023-08-10",
  ...o,
});
/** A 903 episode (episodes.csv) with its placement and legal status. */
const ep = (
  start: string,
  end: string | null,
  o: {
    rne?: string;
    rec?: string | null;
    place?: string;
    ls?: string;
    need?: string;
    id?: string;
    period?: string;
  } = {},
): { episode: Row; placement: Row; legal: Row } => {
  const id = o.id ?? start;
  return {
    episode: {
      _file: "episodes.csv",
      _row: 2,
      clae_cla_episode_id: `E${id}`,
      clae_person_id: "C1",
      clae_cla_episode_start_date: start,
      clae_cla_episode_start_reason: o.rne ?? "S",
      clae_cla_primary_need_code: o.need ?? "N1",
      clae_cla_episode_ceased_date: end,
      clae_cla_episode_ceased_reason: o.rec === undefined ? (end ? "E4A" : null) : o.rec,
      clae_cla_id: o.period ?? "POC1",
      clae_cla_placement_id: `P${id}`,
      clae_entered_care_date: start,
    },
    placement: {
      _file: "episodes.csv",
      clap_cla_placement_id: `P${id}`,
      clap_person_id: "C1",
      clap_cla_placement_start_date: start,
      clap_cla_placement_end_date: end,
      clap_cla_placement_type: o.place ?? "U4",
      clap_cla_placement_provider: "PR1",
      clap_cla_id: o.period ?? "POC1",
    },
    legal: {
      _file: "episodes.csv",
      lega_legal_status_id: `L${id}`,
      lega_person_id: "C1",
      lega_legal_status: o.ls ?? "C2",
      lega_legal_status_start_date: start,
      lega_legal_status_end_date: end,
    },
  };
};
/** An episode with its placement's provider replaced. */
const provider = (e: ReturnType<typeof ep>, code: string | null): ReturnType<typeof ep> => ({
  ...e,
  placement: { ...e.placement, clap_cla_placement_provider: code },
});
/** Episodes as the three tables the 903 reader builds. */
function care(...eps: ReturnType<typeof ep>[]): Rows {
  return {
    ssd_cla_episodes: eps.map((e) => e.episode),
    ssd_cla_placement: eps.map((e) => e.placement),
    ssd_legal_status: eps.map((e) => e.legal),
  };
}
const claReview = (date: string, code = "PN1"): Row => ({
  _file: "reviews.csv",
  clar_cla_review_id: `RV${date}`,
  clar_cla_id: "POC1",
  clar_cla_review_date: date,
  clar_cla_review_participation: code,
});
const missing = (start: string, end: string | null, type = "M", id = start): Row => ({
  _file: "missing.csv",
  miss_table_id: id,
  miss_person_id: "C1",
  miss_missing_episode_start_date: start,
  miss_missing_episode_end_date: end,
  miss_missing_episode_type: type,
});
const oc3 = (o: Row = {}): Row => ({
  _file: "oc3.csv",
  clea_table_id: "CL1",
  clea_person_id: "C1",
  clea_care_leaver_in_touch: "YES",
  clea_care_leaver_activity: "F2",
  clea_care_leaver_accommodation: "B",
  ...o,
});

const Y = { collectionYearEnd: "2024-03-31", referenceDate: "2025-01-01" };
const cin = (...parts: Rows[]): Rows => merge({ ssd_person: [cinPerson()] }, ...parts);
const lac = (...parts: Rows[]): Rows => merge({ ssd_person: [lacPerson()] }, ...parts);
function merge(...parts: Rows[]): Rows {
  const out: Rows = {};
  for (const p of parts) for (const [t, rows] of Object.entries(p)) out[t] = [...(out[t] ?? []), ...rows];
  return out;
}
/** A person table replaced. */
const only = (person: Row, ...parts: Rows[]): Rows => merge({ ssd_person: [person] }, ...parts);

interface Case {
  code: string;
  fire: Rows;
  quiet: Rows;
  /** Options for both runs (default Y, the 2023/24 collection). */
  y?: ValidateOptions;
  /** The scanned CIN census file each run sees, for rules on the file's own elements. */
  fireFile?: CinReturnView;
  quietFile?: CinReturnView;
}

const at = (text: string, line = 20): At => ({ text, line });
/** A CIN details group: referred 2023-05-01, going on to further action. */
const details = (o: Partial<DetailsView> = {}): DetailsView => ({
  line: 12,
  referralDate: at("2023-05-01"),
  nfa: at("false"),
  plans: [],
  assessments: [],
  cpps: [],
  ...o,
});
/** A scanned census (ReferenceDate 2024-03-31) of one child, C1, born 2015-06-01. */
const file = (child: Partial<ChildView> = {}, more: ChildView[] = []): CinReturnView => ({
  file: "cin.xml",
  year: at("2024", 5),
  referenceDate: at("2024-03-31", 6),
  children: [{ line: 10, id: at("C1"), dob: at("2015-06-01"), details: [], ...child }, ...more],
});
const cinPlan = (start: string | undefined, end?: string): CinPlanView => ({
  line: 30,
  ...(start ? { start: at(start, 31) } : {}),
  ...(end ? { end: at(end, 32) } : {}),
});
const cpp = (start: string, end?: string, reviews: (string | undefined)[] = []): CppView => ({
  line: 40,
  start: at(start, 41),
  ...(end ? { end: at(end, 42) } : {}),
  reviews: reviews.map((d) => ({ line: 43, ...(d ? { date: at(d, 44) } : {}) })),
});
const assessment = (auth: string | undefined, factors: string[] = []): AssessmentView => ({
  line: 50,
  start: at("2023-05-02", 51),
  ...(auth ? { auth: at(auth, 52) } : {}),
  factors: factors.map((f) => at(f, 53)),
});
/** A case on the file's own elements: the canonical rows are one CIN child either way. */
const fileCase = (code: string, fire: CinReturnView, quiet: CinReturnView, y?: ValidateOptions): Case => ({
  code,
  fire: cin(),
  quiet: cin(),
  fireFile: fire,
  quietFile: quiet,
  ...(y ? { y } : {}),
});
const Y2025 = { collectionYearEnd: "2025-03-31", referenceDate: "2025-06-01" };
const withPlans = (...plans: CinPlanView[]) => file({ details: [details({ plans })] });
const withCpp = (plans: CinPlanView[], cpps: CppView[]) => file({ details: [details({ plans, cpps })] });
const withAssessments = (o: Partial<DetailsView>, ...assessments: AssessmentView[]) =>
  file({ details: [details({ assessments, ...o })] });
const upn = (u: string) => file({ upn: at(u, 21) });

const CASES: Case[] = [
  // --- CIN census ---
  { code: "8500", fire: { ssd_person: [cinPerson({ pers_person_id: "" })] }, quiet: cin() },
  {
    code: "8510",
    fire: { ssd_person: [cinPerson(), cinPerson()] },
    quiet: { ssd_person: [cinPerson(), cinPerson({ pers_person_id: "C2" })] },
  },
  {
    code: "8520",
    fire: only(cinPerson({ pers_dob: "2024-04-01" })),
    quiet: only(cinPerson({ pers_dob: "2024-03-31" })),
  },
  {
    code: "8525Q",
    fire: only(cinPerson({ pers_dob: null })),
    quiet: only(cinPerson({ pers_dob: null, pers_expected_dob: "2024-05-01" })),
  },
  {
    code: "8535Q",
    fire: only(cinPerson({ pers_death_date: "2015-05-31" })),
    quiet: only(cinPerson({ pers_death_date: "2015-06-01" })),
  },
  {
    code: "8555Q",
    fire: only(cinPerson({ pers_death_date: "2023-04-30" }), { ssd_cin_episodes: [ref()] }),
    quiet: only(cinPerson({ pers_death_date: "2023-05-01" }), { ssd_cin_episodes: [ref()] }),
  },
  {
    code: "8600",
    fire: cin({ ssd_cin_episodes: [ref({ cine_referral_date: "2024-04-01" })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_referral_date: "2024-03-31" })] }),
  },
  {
    // 40 weeks = 280 days before 2015-06-01 is 2014-08-25.
    code: "8606",
    fire: cin({ ssd_cin_episodes: [ref({ cine_referral_date: "2014-08-24" })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_referral_date: "2014-08-25" })] }),
  },
  {
    code: "8608",
    fire: cin({ ssd_cin_assessments: [asmt({ cina_assessment_auth_date: "2023-05-01" })] }),
    quiet: cin({ ssd_cin_assessments: [asmt({ cina_assessment_auth_date: "2023-05-02" })] }),
  },
  {
    code: "1103",
    fire: cin({
      ssd_cin_episodes: [ref()],
      ssd_cin_assessments: [asmt({ cina_assessment_start_date: "2023-04-30" })],
    }),
    quiet: cin({
      ssd_cin_episodes: [ref()],
      ssd_cin_assessments: [asmt({ cina_assessment_start_date: "2023-05-01" })],
    }),
  },
  {
    code: "1104",
    fire: cin({
      ssd_cin_episodes: [ref()],
      ssd_initial_cp_conference: [icpc({ icpc_icpc_date: "2023-04-30" })],
    }),
    quiet: cin({ ssd_cin_episodes: [ref()], ssd_initial_cp_conference: [icpc()] }),
  },
  {
    code: "1105",
    fire: cin({ ssd_cin_episodes: [ref()], ssd_cp_plans: [plan({ cppl_cp_plan_start_date: "2023-04-30" })] }),
    quiet: cin({ ssd_cin_episodes: [ref()], ssd_cp_plans: [plan()] }),
  },
  {
    code: "2889",
    fire: cin({ ssd_cin_episodes: [ref()], ssd_s47_enquiry: [s47({ s47e_s47_start_date: "2023-04-30" })] }),
    quiet: cin({ ssd_cin_episodes: [ref()], ssd_s47_enquiry: [s47()] }),
  },
  {
    code: "8615",
    fire: cin({
      ssd_s47_enquiry: [s47({ s47e_s47_start_date: "2023-05-21" })],
      ssd_initial_cp_conference: [icpc()],
    }),
    quiet: cin({
      ssd_s47_enquiry: [s47({ s47e_s47_start_date: "2023-05-20" })],
      ssd_initial_cp_conference: [icpc()],
    }),
  },
  {
    code: "8630",
    fire: cin({ ssd_cin_episodes: [ref({ cine_close_date: "2023-04-30", cine_close_reason: "RC8" })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_close_date: "2023-05-01", cine_close_reason: "RC8" })] }),
  },
  {
    code: "8925",
    fire: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_end_date: "2023-05-19" })] }),
    quiet: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_end_date: "2023-05-21" })] }),
  },
  {
    code: "8840",
    fire: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_end_date: "2023-05-20" })] }),
    quiet: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_end_date: "2023-05-21" })] }),
  },
  {
    code: "8841",
    fire: cin({ ssd_cp_plans: [plan()], ssd_cp_reviews: [cpReview({ cppr_cp_review_date: "2023-05-20" })] }),
    quiet: cin({ ssd_cp_plans: [plan()], ssd_cp_reviews: [cpReview({ cppr_cp_review_date: "2023-05-21" })] }),
  },
  {
    code: "8935",
    fire: cin({
      ssd_cp_plans: [
        plan({ cppl_cp_plan_end_date: null }),
        plan({ cppl_cp_plan_id: "P2", cppl_cp_plan_end_date: null, cppl_cp_plan_start_date: "2023-06-01" }),
      ],
    }),
    quiet: cin({
      ssd_cp_plans: [
        plan(),
        plan({ cppl_cp_plan_id: "P2", cppl_cp_plan_end_date: null, cppl_cp_plan_start_date: "2024-02-01" }),
      ],
    }),
  },
  {
    code: "8940",
    fire: cin({
      ssd_cp_plans: [
        plan(),
        plan({ cppl_cp_plan_id: "P2", cppl_cp_plan_start_date: "2024-01-09", cppl_cp_plan_end_date: null }),
      ],
    }),
    quiet: cin({
      ssd_cp_plans: [
        plan(),
        plan({ cppl_cp_plan_id: "P2", cppl_cp_plan_start_date: "2024-01-10", cppl_cp_plan_end_date: null }),
      ],
    }),
  },
  {
    code: "8820",
    fire: cin({
      ssd_cin_episodes: [
        ref({ cine_close_date: "2023-09-01", cine_close_reason: "RC7" }),
        ref({ cine_referral_id: "R2", cine_referral_date: "2023-08-31" }),
      ],
    }),
    quiet: cin({
      ssd_cin_episodes: [
        ref({ cine_close_date: "2023-09-01", cine_close_reason: "RC7" }),
        ref({ cine_referral_id: "R2", cine_referral_date: "2023-09-01" }),
      ],
    }),
  },
  {
    code: "8815",
    fire: cin({
      ssd_cin_episodes: [ref(), ref({ cine_referral_id: "R2", cine_referral_date: "2023-09-01" })],
    }),
    quiet: cin({
      ssd_cin_episodes: [
        ref(),
        ref({ cine_referral_id: "R2", cine_referral_date: "2023-09-01", cine_referral_nfa: "Y" }),
      ],
    }),
  },
  {
    code: "8805",
    fire: cin({ ssd_cin_episodes: [ref({ cine_close_date: "2023-09-01" })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_close_date: "2023-09-01", cine_close_reason: "RC7" })] }),
  },
  {
    code: "8810",
    fire: cin({ ssd_cin_episodes: [ref({ cine_close_reason: "RC7" })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_close_date: "2023-09-01", cine_close_reason: "RC7" })] }),
  },
  {
    code: "8650",
    fire: cin({ ssd_cin_episodes: [ref({ cine_cin_primary_need_code: "N10" })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_cin_primary_need_code: "n9" })] }),
  },
  {
    code: "8610",
    fire: cin({ ssd_cin_episodes: [ref({ cine_cin_primary_need_code: null })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_cin_primary_need_code: null, cine_referral_nfa: "Y" })] }),
  },
  {
    code: "8640",
    fire: cin({ ssd_cin_episodes: [ref({ cine_close_date: "2023-09-01", cine_close_reason: "RC10" })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_close_date: "2023-09-01", cine_close_reason: "RC9" })] }),
  },
  {
    code: "8866",
    fire: cin({ ssd_cin_episodes: [ref({ cine_referral_source_code: null })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_referral_source_code: null, _file: "Annex_A.xlsx" })] }),
  },
  {
    code: "8905",
    fire: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_initial_category: "ABC" })] }),
    quiet: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_initial_category: "MUL" })] }),
  },
  {
    code: "8910",
    fire: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_latest_category: null })] }),
    quiet: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_latest_category: "EMO" })] }),
  },
  { code: "4220", fire: only(cinPerson({ pers_ethnicity: "XXXX" })), quiet: cin() },
  { code: "4180", fire: only(cinPerson({ pers_sex: null })), quiet: only(lacPerson({ pers_sex: null })) },
  {
    code: "8915",
    fire: only(cinPerson({ pers_death_date: "2023-05-19" }), { ssd_cp_plans: [plan()] }),
    quiet: only(cinPerson({ pers_death_date: "2024-01-10" }), { ssd_cp_plans: [plan()] }),
  },
  {
    code: "8920",
    fire: only(cinPerson({ pers_death_date: "2024-01-09" }), { ssd_cp_plans: [plan()] }),
    quiet: only(cinPerson({ pers_death_date: "2024-01-10" }), { ssd_cp_plans: [plan()] }),
  },
  {
    code: "8585Q",
    fire: cin({ ssd_cin_episodes: [ref({ cine_close_date: "2023-09-01", cine_close_reason: "RC2" })] }),
    quiet: only(cinPerson({ pers_death_date: "2023-09-01" }), {
      ssd_cin_episodes: [ref({ cine_close_date: "2023-09-01", cine_close_reason: "RC2" })],
    }),
  },
  {
    code: "8831",
    fire: cin({ ssd_cin_episodes: [ref({ cine_referral_nfa: "Y" })], ssd_cin_assessments: [asmt()] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_referral_nfa: "N" })], ssd_cin_assessments: [asmt()] }),
  },
  {
    code: "8832",
    fire: cin({ ssd_cin_episodes: [ref({ cine_referral_nfa: "Y" })], ssd_cp_plans: [plan()] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_referral_nfa: "Y" })], ssd_cin_assessments: [asmt()] }),
  },
  {
    code: "8565",
    fire: cin({
      ssd_cin_episodes: [ref({ cine_close_date: "2023-05-31", cine_close_reason: "RC8" })],
      ssd_cin_assessments: [asmt()],
    }),
    quiet: cin({
      ssd_cin_episodes: [ref({ cine_close_date: "2023-06-01", cine_close_reason: "RC8" })],
      ssd_cin_assessments: [asmt()],
    }),
  },
  {
    code: "8867",
    fire: cin({
      ssd_cin_episodes: [ref({ cine_close_date: "2023-06-01", cine_close_reason: "RC8" })],
      ssd_cin_assessments: [asmt({ cina_assessment_auth_date: null })],
    }),
    quiet: cin({
      ssd_cin_episodes: [ref({ cine_close_date: "2023-06-01", cine_close_reason: "RC8" })],
      ssd_cin_assessments: [asmt()],
    }),
  },
  {
    code: "8868",
    fire: cin({
      ssd_cin_episodes: [ref({ cine_close_date: "2023-06-01", cine_close_reason: "RC8" })],
      ssd_s47_enquiry: [s47()],
    }),
    quiet: cin({
      ssd_cin_episodes: [ref({ cine_close_date: "2023-06-01", cine_close_reason: "RC8" })],
      ssd_s47_enquiry: [s47({ s47e_s47_nfa: "Y" })],
    }),
  },
  {
    code: "2885",
    fire: cin({
      ssd_initial_cp_conference: [icpc()],
      ssd_cp_plans: [plan({ cppl_cp_plan_start_date: "2023-05-21" })],
    }),
    quiet: cin({ ssd_initial_cp_conference: [icpc()], ssd_cp_plans: [plan()] }),
  },
  {
    code: "8720",
    fire: cin({
      ssd_cp_plans: [plan({ cppl_cp_plan_start_date: "2024-04-01", cppl_cp_plan_end_date: null })],
    }),
    quiet: cin({
      ssd_cp_plans: [plan({ cppl_cp_plan_start_date: "2024-03-31", cppl_cp_plan_end_date: null })],
    }),
  },
  {
    code: "8620",
    fire: cin({
      ssd_cin_episodes: [
        ref({ cine_close_date: "2023-03-31", cine_close_reason: "RC7", cine_referral_date: "2023-01-01" }),
      ],
    }),
    quiet: cin({
      ssd_cin_episodes: [
        ref({ cine_close_date: "2023-04-01", cine_close_reason: "RC7", cine_referral_date: "2023-01-01" }),
      ],
    }),
  },
  {
    code: "8696",
    fire: cin({ ssd_cin_assessments: [asmt({ cina_assessment_auth_date: "2024-04-01" })] }),
    quiet: cin({ ssd_cin_assessments: [asmt({ cina_assessment_auth_date: "2024-03-31" })] }),
  },
  {
    code: "8715",
    fire: cin({ ssd_initial_cp_conference: [icpc({ icpc_icpc_date: "2023-03-31" })] }),
    quiet: cin({ ssd_initial_cp_conference: [icpc({ icpc_icpc_date: "2023-04-01" })] }),
  },
  {
    code: "8930",
    fire: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_end_date: "2024-04-01" })] }),
    quiet: cin({ ssd_cp_plans: [plan({ cppl_cp_plan_end_date: "2024-03-31" })] }),
  },
  {
    code: "8863Q",
    fire: cin({
      ssd_cin_assessments: [
        asmt(),
        asmt({ cina_assessment_id: "A2", cina_assessment_start_date: "2023-06-01" }),
      ],
    }),
    quiet: cin({
      ssd_cin_assessments: [
        asmt(),
        asmt({ cina_assessment_id: "A2", cina_assessment_start_date: "2023-06-02" }),
      ],
    }),
  },
  {
    code: "8890",
    fire: cin({
      ssd_s47_enquiry: [s47(), s47({ s47e_s47_enquiry_id: "S2", s47e_s47_start_date: "2023-05-10" })],
      ssd_initial_cp_conference: [icpc()],
    }),
    quiet: cin({
      ssd_s47_enquiry: [s47(), s47({ s47e_s47_enquiry_id: "S2", s47e_s47_start_date: "2023-05-21" })],
      ssd_initial_cp_conference: [icpc()],
    }),
  },
  // --- SSDA903 ---
  // --- SSDA903, placements and respite (ssda903More.ts); the child is born 2010-01-01 unless said ---
  {
    code: "353",
    fire: lac(care(ep("1991-10-13", "1991-11-01"))),
    quiet: lac(care(ep("1991-10-14", "1991-11-01"))),
  },
  {
    // Born 2005-01-01: 18 on 2023-01-01, before the year end; open, C2 in U4, not V2 in K2.
    code: "359",
    fire: only(lacPerson({ pers_dob: "2005-01-01" }), care(ep("2023-05-01", null))),
    quiet: only(
      lacPerson({ pers_dob: "2005-01-01" }),
      care(ep("2023-05-01", null, { ls: "V2", place: "K2" })),
    ),
  },
  {
    // 2023-05-01 to 05-23 is 22 days; to 05-22, 21.
    code: "364",
    fire: lac(care(ep("2023-05-01", "2023-05-23", { ls: "J2" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-22", { ls: "J2" }))),
  },
  {
    code: "366",
    fire: lac(care(ep("2023-05-01", "2023-05-03", { ls: "V3", rne: "P" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-03", { ls: "V3", rne: "S" }))),
  },
  {
    // 2023-05-01 to 07-16 is 30 + 30 + 16 = 76 days of V3; to 07-15, 75.
    code: "367",
    fire: lac(care(ep("2023-05-01", "2023-07-16", { ls: "V3" }))),
    quiet: lac(care(ep("2023-05-01", "2023-07-15", { ls: "V3" }))),
  },
  {
    // Born 2010: 13 when placed in P2; born 2007-05-01: 16 that day.
    code: "370",
    fire: lac(care(ep("2023-05-01", null, { place: "P2" }))),
    quiet: only(lacPerson({ pers_dob: "2007-05-01" }), care(ep("2023-05-01", null, { place: "P2" }))),
  },
  {
    // 2023/24: semi-independent living is H5.
    code: "371",
    fire: lac(care(ep("2023-05-01", null, { place: "H5" }))),
    quiet: only(lacPerson({ pers_dob: "2007-05-01" }), care(ep("2023-05-01", null, { place: "H5" }))),
  },
  {
    // 2024/25: supported accommodation is K3 (H5 no longer questioned).
    code: "371",
    y: { collectionYearEnd: "2025-03-31", referenceDate: "2025-06-01" },
    fire: lac(care(ep("2024-05-01", null, { place: "K3" }))),
    quiet: lac(care(ep("2024-05-01", null, { place: "H5" }))),
  },
  {
    // Born 2010-01-01: 9 on 2019-12-31, 10 on 2020-01-01.
    code: "372",
    fire: lac(care(ep("2019-12-31", null, { place: "R5" }))),
    quiet: lac(care(ep("2020-01-01", null, { place: "R5" }))),
  },
  {
    code: "373",
    fire: lac(care(ep("2013-12-31", null, { place: "S1" }))),
    quiet: lac(care(ep("2014-01-01", null, { place: "S1" }))),
  },
  {
    code: "374",
    fire: lac(care(ep("2023-12-31", null, { place: "P3" }))),
    quiet: lac(care(ep("2024-01-01", null, { place: "P3" }))),
  },
  {
    // 2023-05-01 + 42 days = 2023-06-12.
    code: "375",
    fire: lac(care(ep("2023-05-01", "2023-06-13", { place: "T1" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-12", { place: "T1" }))),
  },
  {
    code: "376",
    fire: lac(care(ep("2023-05-01", "2023-05-23", { place: "T3" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-22", { place: "T3" }))),
  },
  {
    code: "379",
    fire: lac(care(ep("2023-05-01", "2023-05-09", { place: "T4" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-08", { place: "T4" }))),
  },
  {
    code: "377",
    fire: lac(
      care(
        ep("2023-05-01", "2023-05-02", { place: "T3" }),
        ep("2023-06-01", "2023-06-02", { place: "T3" }),
        ep("2023-07-01", "2023-07-02", { place: "T3" }),
      ),
    ),
    quiet: lac(
      care(ep("2023-05-01", "2023-05-02", { place: "T3" }), ep("2023-07-01", "2023-07-02", { place: "T3" })),
    ),
  },
  {
    code: "382",
    fire: lac(care(ep("2023-05-01", "2023-05-02", { ls: "V3", place: "T1" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-02", { ls: "V3", place: "U6" }))),
  },
  {
    code: "384",
    fire: lac(care(ep("2023-05-01", "2023-05-02", { ls: "V4", place: "U1" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-02", { ls: "V4", place: "U6" }))),
  },
  {
    code: "426",
    fire: lac(
      care(ep("2023-05-01", "2023-05-02", { ls: "V3" }), ep("2023-06-01", "2023-06-02", { ls: "V4" })),
    ),
    quiet: lac(
      care(ep("2023-05-01", "2023-05-02", { ls: "V3" }), ep("2023-06-01", "2023-06-02", { ls: "V3" })),
    ),
  },
  {
    code: "504",
    fire: lac(
      care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-01", null, { rne: "L", need: "N2" })),
    ),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-01", null, { rne: "L" }))),
  },
  {
    code: "516",
    fire: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E45", place: "K2" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E45", place: "U4" }))),
  },
  {
    code: "526",
    fire: lac(care(provider(ep("2023-05-01", null), null))),
    quiet: lac(care(provider(ep("2023-05-01", null, { place: "T1" }), null))),
  },
  {
    code: "213",
    fire: lac(care(ep("2023-05-01", null, { place: "T1" }))),
    quiet: lac(care(provider(ep("2023-05-01", null, { place: "T1" }), null))),
  },
  {
    code: "527",
    fire: lac(care(ep("2023-05-01", null, { place: "P1" }))),
    quiet: lac(care(ep("2023-05-01", null, { place: "U4" }))),
  },
  {
    code: "528",
    fire: lac(care(provider(ep("2023-05-01", null, { place: "R2" }), "PR2"))),
    quiet: lac(care(provider(ep("2023-05-01", null, { place: "U4" }), "PR2"))),
  },
  {
    code: "529",
    fire: lac(care(provider(ep("2023-05-01", null, { place: "K2" }), "PR3"))),
    quiet: lac(care(provider(ep("2023-05-01", null, { place: "R1" }), "PR3"))),
  },
  {
    code: "530",
    fire: lac(care(provider(ep("2023-05-01", null, { place: "P1" }), "PR4"))),
    quiet: lac(care(provider(ep("2023-05-01", null, { place: "R1" }), "PR4"))),
  },
  {
    code: "531",
    fire: lac(care(provider(ep("2023-05-01", null, { place: "P1" }), "PR5"))),
    quiet: lac(care(provider(ep("2023-05-01", null, { place: "R1" }), "PR5"))),
  },
  {
    code: "550",
    fire: lac(care(provider(ep("2023-05-01", null, { place: "U4" }), "PR0"))),
    quiet: lac(care(provider(ep("2023-05-01", null, { place: "P1" }), "PR0"))),
  },
  {
    code: "217",
    fire: lac(care(ep("2023-05-01", null, { place: "A3", rne: "P" }))),
    quiet: lac(care(ep("2023-05-01", null, { place: "A3", rne: "T" }))),
  },
  {
    code: "217t",
    fire: only(lacPerson({ pers_dob: "2006-01-01" }), care(ep("2023-10-28", null, { place: "P2" }))),
    quiet: only(lacPerson({ pers_dob: "2006-01-01" }), care(ep("2023-10-27", null, { place: "P2" }))),
  },
  {
    code: "408",
    fire: lac(care(ep("2023-05-01", null, { place: "A5" }))),
    quiet: lac(care(ep("2023-05-01", null, { place: "A5", ls: "E1" }))),
  },
  {
    code: "451",
    fire: lac(care(ep("2023-05-01", null, { ls: "D1" }))),
    quiet: lac(care(ep("2023-05-01", null))),
  },
  {
    code: "232",
    y: { collectionYearEnd: "2025-03-31", referenceDate: "2025-06-01" },
    fire: only(lacPerson({ pers_sex: "U" })),
    quiet: only(lacPerson({ pers_sex: "F" })),
  },
  // --- SSDA903, motherhood ---
  {
    code: "393",
    fire: only(lacPerson({ pers_sex: "F" }), care(ep("2023-05-01", null))),
    quiet: only(lacPerson({ pers_sex: "F", pers_is_mother: "N" }), care(ep("2023-05-01", null))),
  },
  {
    // Left care 2023-06-01 (in 2023/24); the neighbour left 2023-03-01, the year before.
    code: "607",
    fire: only(lacPerson({ pers_sex: "F" }), care(ep("2023-05-01", "2023-06-01"))),
    quiet: only(lacPerson({ pers_sex: "F" }), care(ep("2023-02-01", "2023-03-01"))),
  },
  {
    // 11 on 2024-04-02, after the year's first day 2023-04-01; born 2012-04-01: 11 that day.
    code: "620",
    fire: only(lacPerson({ pers_sex: "F", pers_is_mother: "Y", pers_dob: "2013-04-02" })),
    quiet: only(lacPerson({ pers_sex: "F", pers_is_mother: "Y", pers_dob: "2012-04-01" })),
  },
  {
    code: "628",
    fire: only(lacPerson({ pers_dob: "2005-06-01", pers_is_mother: "N" }), { ssd_care_leavers: [oc3()] }),
    quiet: only(
      lacPerson({ pers_dob: "2005-06-01", pers_is_mother: "N" }),
      care(ep("2023-05-01", "2023-06-01")),
      {
        ssd_care_leavers: [oc3()],
      },
    ),
  },
  {
    // Looked after only in 2021/22: not during 2023/24.
    code: "628",
    fire: only(
      lacPerson({ pers_dob: "2005-06-01", pers_is_mother: "N" }),
      care(ep("2022-01-01", "2022-02-01")),
      {
        ssd_care_leavers: [oc3()],
      },
    ),
    quiet: only(
      lacPerson({ pers_dob: "2005-06-01", pers_is_mother: "N" }),
      care(ep("2023-01-01", "2023-04-01")),
      {
        ssd_care_leavers: [oc3()],
      },
    ),
  },
  {
    code: "399",
    fire: only(lacPerson({ pers_is_mother: "N" }), care(ep("2023-05-01", "2023-05-02", { ls: "V3" }))),
    quiet: only(
      lacPerson({ pers_is_mother: "N" }),
      care(ep("2023-05-01", "2023-05-02", { ls: "V3" }), ep("2023-06-01", null)),
    ),
  },
  // --- SSDA903, missing ---
  {
    code: "571",
    fire: lac({ ssd_missing: [missing("2024-03-30", "2024-04-01")] }),
    quiet: lac({ ssd_missing: [missing("2024-03-30", "2024-03-31")] }),
  },
  {
    code: "575",
    fire: lac(care(ep("2023-05-01", "2023-06-01")), { ssd_missing: [missing("2023-05-10", null)] }),
    quiet: lac(care(ep("2023-05-01", "2023-06-01")), { ssd_missing: [missing("2023-05-10", "2023-05-11")] }),
  },
  {
    code: "577",
    fire: lac(care(ep("2023-05-01", "2023-06-01")), { ssd_missing: [missing("2023-05-10", null)] }),
    quiet: lac(care(ep("2023-05-01", null)), { ssd_missing: [missing("2023-05-10", null)] }),
  },
  {
    code: "578",
    fire: lac(care(ep("2023-05-01", "2023-06-01")), { ssd_missing: [missing("2023-07-01", "2023-07-02")] }),
    quiet: lac(care(ep("2023-05-01", "2023-06-01")), { ssd_missing: [missing("2023-05-15", "2023-05-16")] }),
  },
  {
    code: "581",
    fire: lac(care(ep("2023-05-01", null)), { ssd_missing: [missing("2023-04-15", "2023-04-16")] }),
    quiet: lac(care(ep("2023-05-01", null)), { ssd_missing: [missing("2023-05-01", "2023-05-02")] }),
  },
  // --- SSDA903, care leavers (OC3) ---
  {
    code: "344",
    fire: lac({ ssd_care_leavers: [oc3({ clea_care_leaver_in_touch: "DIED" })] }),
    quiet: lac({
      ssd_care_leavers: [
        oc3({
          clea_care_leaver_in_touch: "DIED",
          clea_care_leaver_activity: "0",
          clea_care_leaver_accommodation: null,
        }),
      ],
    }),
  },
  {
    code: "1000",
    fire: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E2" })), { ssd_care_leavers: [oc3()] }),
    quiet: lac(care(ep("2023-05-01", "2023-06-01")), { ssd_care_leavers: [oc3()] }),
  },
  {
    code: "1011",
    fire: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E3" })), { ssd_care_leavers: [oc3()] }),
    quiet: lac(care(ep("2023-05-01", "2023-06-01")), { ssd_care_leavers: [oc3()] }),
  },
  {
    // 17 on 2024-04-01, after the year end 2024-03-31; born 2007-03-31: 17 that day.
    code: "391",
    fire: only(lacPerson({ pers_dob: "2007-04-01" }), { ssd_care_leavers: [oc3()] }),
    quiet: only(lacPerson({ pers_dob: "2007-03-31" }), { ssd_care_leavers: [oc3()] }),
  },
  {
    // 22 on 2023-04-01, the year's first day; born 2001-04-02: 21 all that day.
    code: "391",
    fire: only(lacPerson({ pers_dob: "2001-04-01" }), { ssd_care_leavers: [oc3()] }),
    quiet: only(lacPerson({ pers_dob: "2001-04-02" }), { ssd_care_leavers: [oc3()] }),
  },
  {
    // Born 2006-06-01: 17 at the year end; still looked after then, or left on 2023-05-01, before the birthday.
    code: "1007",
    fire: only(lacPerson({ pers_dob: "2006-06-01" }), care(ep("2023-05-01", null)), {
      ssd_care_leavers: [oc3()],
    }),
    quiet: only(lacPerson({ pers_dob: "2006-06-01" }), care(ep("2023-04-01", "2023-05-01")), {
      ssd_care_leavers: [oc3()],
    }),
  },
  {
    // Born 2006-06-01: 17 on 2023-06-01; left 2023-07-01 (after it) or 2023-05-31 (before).
    code: "1016",
    fire: only(lacPerson({ pers_dob: "2006-06-01" }), care(ep("2023-05-01", "2023-07-01")), {
      ssd_care_leavers: [oc3()],
    }),
    quiet: only(lacPerson({ pers_dob: "2006-06-01" }), care(ep("2023-05-01", "2023-05-31")), {
      ssd_care_leavers: [oc3()],
    }),
  },
  { code: "101", fire: only(lacPerson({ pers_sex: "X" })), quiet: only(lacPerson({ pers_sex: "f" })) },
  { code: "103", fire: only(lacPerson({ pers_ethnicity: null })), quiet: lac() },
  {
    code: "301",
    fire: only(lacPerson({ pers_dob: "2024-04-01" })),
    quiet: only(lacPerson({ pers_dob: "2024-03-31" })),
  },
  {
    // Start of the year 2023-04-01: born 1997-03-31 is 26, born 1997-04-02 is 25.
    code: "351",
    fire: only(lacPerson({ pers_dob: "1997-03-31" })),
    quiet: only(lacPerson({ pers_dob: "1997-04-02" })),
  },
  {
    code: "143",
    fire: lac(care(ep("2023-05-01", null, { rne: "Q" }))),
    quiet: lac(care(ep("2023-05-01", null, { rne: "s" }))),
  },
  {
    code: "144",
    fire: lac(care(ep("2023-05-01", null, { ls: "C9" }))),
    quiet: lac(care(ep("2023-05-01", null, { ls: "E1" }))),
  },
  {
    code: "145",
    fire: lac(care(ep("2023-05-01", null, { need: "N9" }))),
    quiet: lac(care(ep("2023-05-01", null, { need: "N8" }))),
  },
  {
    code: "146",
    fire: lac(care(ep("2023-05-01", null, { place: "Q1" }))),
    quiet: lac(care(ep("2023-05-01", null, { place: "K2" }))),
  },
  {
    code: "149",
    fire: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E99" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E4A" }))),
  },
  {
    code: "178",
    fire: (() => {
      const e = ep("2023-05-01", null);
      e.placement.clap_cla_placement_provider = "PR9";
      return lac(care(e));
    })(),
    quiet: lac(care(ep("2023-05-01", null))),
  },
  {
    code: "1009",
    fire: (() => {
      const e = ep("2023-05-01", null);
      e.placement.clap_cla_placement_change_reason = "BORED";
      return lac(care(e));
    })(),
    quiet: (() => {
      const e = ep("2023-05-01", null);
      e.placement.clap_cla_placement_change_reason = "CARPL";
      return lac(care(e));
    })(),
  },
  {
    code: "167",
    fire: lac(care(ep("2023-05-01", null)), { ssd_cla_reviews: [claReview("2023-06-01", "PN9")] }),
    quiet: lac(care(ep("2023-05-01", null)), { ssd_cla_reviews: [claReview("2023-06-01", "PN1")] }),
  },
  {
    code: "1006",
    fire: lac({ ssd_missing: [missing("2023-06-01", "2023-06-02", "X")] }),
    quiet: lac({ ssd_missing: [missing("2023-06-01", "2023-06-02", "A")] }),
  },
  {
    code: "131",
    fire: lac({ ssd_care_leavers: [oc3({ clea_care_leaver_in_touch: "MAYBE" })] }),
    quiet: lac({ ssd_care_leavers: [oc3()] }),
  },
  {
    code: "132",
    fire: lac({ ssd_care_leavers: [oc3({ clea_care_leaver_activity: "P3" })] }),
    quiet: lac({ ssd_care_leavers: [oc3()] }),
  },
  {
    code: "133",
    fire: lac({ ssd_care_leavers: [oc3({ clea_care_leaver_accommodation: "01" })] }),
    quiet: lac({ ssd_care_leavers: [oc3()] }),
  },
  {
    code: "345",
    fire: lac({ ssd_care_leavers: [oc3({ clea_care_leaver_activity: null })] }),
    quiet: lac({
      ssd_care_leavers: [oc3({ clea_care_leaver_in_touch: "NO", clea_care_leaver_activity: null })],
    }),
  },
  {
    code: "148",
    fire: lac(care(ep("2023-05-01", null, { rec: "E4A" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E4A" }))),
  },
  {
    code: "142",
    fire: lac(care(ep("2023-05-01", null), ep("2023-06-01", null, { rne: "P" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-01", null, { rne: "P" }))),
  },
  {
    code: "501",
    fire: lac(care(ep("2023-05-01", "2023-06-02", { rec: "X1" }), ep("2023-06-01", null, { rne: "P" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-01", null, { rne: "P" }))),
  },
  {
    code: "302",
    fire: only(lacPerson({ pers_dob: "2023-05-02" }), care(ep("2023-05-01", null))),
    quiet: only(lacPerson({ pers_dob: "2023-05-01" }), care(ep("2023-05-01", null))),
  },
  {
    code: "352",
    fire: only(lacPerson({ pers_dob: "2005-05-01" }), care(ep("2023-05-01", null))),
    quiet: only(lacPerson({ pers_dob: "2005-05-02" }), care(ep("2023-05-01", null))),
  },
  { code: "354", fire: lac(care(ep("2024-04-01", null))), quiet: lac(care(ep("2024-03-31", null))) },
  {
    code: "385",
    fire: lac(care(ep("2023-05-01", "2024-04-01"))),
    quiet: lac(care(ep("2023-05-01", "2024-03-31"))),
  },
  {
    code: "355",
    fire: lac(care(ep("2023-05-01", "2023-05-01"))),
    quiet: lac(care(ep("2023-05-01", "2023-05-02"))),
  },
  {
    code: "356",
    fire: lac(care(ep("2023-05-01", "2023-04-30"))),
    quiet: lac(care(ep("2023-05-01", "2023-05-02"))),
  },
  {
    code: "357",
    fire: lac(care(ep("2023-05-01", null, { rne: "P" }))),
    quiet: lac(care(ep("2023-03-01", null, { rne: "P" }))),
  },
  {
    // Born 2010-01-01: tenth birthday 2020-01-01; DfE flags J1–J3 starting on or before it.
    code: "358",
    fire: lac(care(ep("2020-01-01", null, { ls: "J1" }))),
    quiet: lac(care(ep("2020-01-02", null, { ls: "J1" }))),
  },
  {
    code: "361",
    fire: lac(care(ep("2023-05-01", "2023-05-05", { ls: "L1" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-04", { ls: "L1" }))),
  },
  {
    code: "362",
    fire: lac(care(ep("2023-05-01", "2023-05-23", { ls: "L2" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-22", { ls: "L2" }))),
  },
  {
    code: "363",
    fire: lac(care(ep("2023-05-01", "2023-05-09", { ls: "L3" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-08", { ls: "L3" }))),
  },
  {
    code: "365",
    fire: lac(care(ep("2023-05-01", "2023-05-19", { ls: "V3" }))),
    quiet: lac(care(ep("2023-05-01", "2023-05-18", { ls: "V3" }))),
  },
  {
    code: "378",
    fire: lac(care(ep("2023-05-01", null, { ls: "V2", place: "P1" }))),
    quiet: lac(care(ep("2023-05-01", null, { ls: "C2", place: "P1" }))),
  },
  {
    code: "380",
    fire: lac(care(ep("2023-05-01", null, { place: "T1" }))),
    quiet: lac(
      care(ep("2023-04-01", "2023-05-01", { rec: "X1" }), ep("2023-05-01", null, { place: "T1", rne: "P" })),
    ),
  },
  {
    code: "381",
    fire: lac(
      care(
        ep("2023-04-01", "2023-05-01", { rec: "X1" }),
        ep("2023-05-01", "2023-05-03", { place: "T1", rne: "P", rec: "E4A" }),
      ),
    ),
    quiet: lac(
      care(
        ep("2023-04-01", "2023-05-01", { rec: "X1" }),
        ep("2023-05-01", "2023-05-03", { place: "T1", rne: "P", rec: "X1" }),
        ep("2023-05-03", null, { rne: "P" }),
      ),
    ),
  },
  {
    // Born 2010-01-01: 18 on 2028-01-01.
    code: "386",
    fire: lac(care(ep("2027-05-01", "2028-01-01", { rec: "E11", place: "A4" }))),
    quiet: lac(care(ep("2027-05-01", "2027-12-31", { rec: "E11", place: "A4" }))),
  },
  {
    code: "387",
    fire: lac(care(ep("2023-05-01", "2023-12-31", { rec: "E5" }))),
    quiet: lac(care(ep("2023-05-01", "2024-01-01", { rec: "E5" }))),
  },
  {
    code: "389",
    fire: lac(care(ep("2023-05-01", "2025-12-31", { rec: "E7" }))),
    quiet: lac(care(ep("2023-05-01", "2026-01-01", { rec: "E7" }))),
  },
  {
    code: "407",
    fire: lac(care(ep("2027-05-01", "2028-01-01", { rec: "E45" }))),
    quiet: lac(care(ep("2027-05-01", "2027-12-31", { rec: "E45" }))),
  },
  {
    code: "460",
    fire: lac(care(ep("2027-05-01", "2027-12-31", { rec: "E17" }))),
    quiet: lac(care(ep("2027-05-01", "2028-01-01", { rec: "E17" }))),
  },
  {
    code: "388",
    fire: lac(care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-02", null, { rne: "P" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-01", null, { rne: "P" }))),
  },
  {
    code: "390",
    fire: lac(care(ep("2023-05-01", "2023-09-01", { rec: "E11", place: "U4" }))),
    quiet: lac(care(ep("2023-05-01", "2023-09-01", { rec: "E11", place: "A6" }))),
  },
  {
    code: "431",
    fire: lac(care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-01", null, { rne: "S" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E4A" }), ep("2023-06-02", null, { rne: "S" }))),
  },
  {
    code: "432",
    fire: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E4A" }), ep("2023-07-01", null, { rne: "P" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E4A" }), ep("2023-07-01", null, { rne: "S" }))),
  },
  {
    code: "433",
    fire: lac(care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-02", null, { rne: "L" }))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-01", null, { rne: "L" }))),
  },
  {
    code: "437",
    fire: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E15" }), ep("2023-07-01", null))),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "E15" }))),
  },
  {
    code: "445",
    fire: lac(care(ep("2006-01-01", null, { ls: "D1" }))),
    quiet: lac(care(ep("2005-06-01", null, { ls: "D1" }))),
  },
  {
    code: "446",
    fire: lac(care(ep("2005-06-01", null, { ls: "E1" }))),
    quiet: lac(care(ep("2006-01-01", null, { ls: "E1" }))),
  },
  {
    // Born 2010-01-01: 4 on 2014-01-01.
    code: "440",
    fire: lac(care(ep("2012-05-01", null)), { ssd_cla_reviews: [claReview("2014-01-02", "PN0")] }),
    quiet: lac(care(ep("2012-05-01", null)), { ssd_cla_reviews: [claReview("2014-01-01", "PN0")] }),
  },
  {
    code: "441",
    fire: lac(care(ep("2012-05-01", null)), { ssd_cla_reviews: [claReview("2013-12-31", "PN1")] }),
    quiet: lac(care(ep("2012-05-01", null)), { ssd_cla_reviews: [claReview("2014-01-01", "PN1")] }),
  },
  {
    code: "304",
    fire: lac({
      ssd_immigration_status: [
        {
          _file: "uasc.csv",
          immi_immigration_status_id: "U",
          immi_person_id: "C1",
          immi_immigration_status_end_date: "2028-01-02",
        },
      ],
    }),
    quiet: lac({
      ssd_immigration_status: [
        {
          _file: "uasc.csv",
          immi_immigration_status_id: "U",
          immi_person_id: "C1",
          immi_immigration_status_end_date: "2028-01-01",
        },
      ],
    }),
  },
  {
    code: "567",
    fire: lac({ ssd_missing: [missing("2023-06-02", "2023-06-01")] }),
    quiet: lac({ ssd_missing: [missing("2023-06-02", "2023-06-02")] }),
  },
  {
    code: "570",
    fire: lac({ ssd_missing: [missing("2024-04-01", null)] }),
    quiet: lac({ ssd_missing: [missing("2024-03-31", null)] }),
  },
  {
    code: "574",
    fire: lac({ ssd_missing: [missing("2023-06-01", "2023-06-05"), missing("2023-06-04", "2023-06-06")] }),
    quiet: lac({ ssd_missing: [missing("2023-06-01", "2023-06-05"), missing("2023-06-05", "2023-06-06")] }),
  },
  {
    code: "586",
    fire: lac({ ssd_missing: [missing("2009-12-31", null)] }),
    quiet: lac({ ssd_missing: [missing("2010-01-01", null)] }),
  },
  {
    code: "333",
    fire: lac({
      ssd_permanence: [
        {
          perm_table_id: "A",
          perm_person_id: "C1",
          perm_adm_decision_date: "2023-06-02",
          perm_matched_date: "2023-06-01",
        },
      ],
    }),
    quiet: lac({
      ssd_permanence: [
        {
          perm_table_id: "A",
          perm_person_id: "C1",
          perm_adm_decision_date: "2023-06-01",
          perm_matched_date: "2023-06-01",
        },
      ],
    }),
  },
  // --- this product's ---
  {
    code: "PRD-END-BEFORE-START",
    fire: lac({
      ssd_involvements: [
        {
          invo_involvements_id: "W",
          invo_person_id: "C1",
          invo_involvement_start_date: "2023-06-02",
          invo_involvement_end_date: "2023-06-01",
        },
      ],
    }),
    quiet: lac({
      ssd_involvements: [
        {
          invo_involvements_id: "W",
          invo_person_id: "C1",
          invo_involvement_start_date: "2023-06-02",
          invo_involvement_end_date: "2023-06-02",
        },
      ],
    }),
  },
  {
    code: "PRD-BEFORE-BIRTH",
    fire: (() => {
      const e = ep("2023-05-01", null);
      e.placement.clap_cla_placement_start_date = "2009-12-31";
      return lac(care(e));
    })(),
    quiet: lac(care(ep("2010-01-01", null))),
  },
  {
    code: "PRD-PREBIRTH-WORK",
    fire: cin({ ssd_s47_enquiry: [s47({ s47e_s47_start_date: "2014-08-24" })] }),
    quiet: cin({ ssd_s47_enquiry: [s47({ s47e_s47_start_date: "2014-08-25" })] }),
  },
  {
    code: "PRD-AFTER-DEATH",
    fire: only(lacPerson({ pers_death_date: "2023-04-30" }), care(ep("2023-05-01", null))),
    quiet: only(lacPerson({ pers_death_date: "2023-05-01" }), care(ep("2023-05-01", null))),
  },
  {
    // A UASC status ends on the 18th birthday, written in advance while it goes on (SSDA903 DUC).
    code: "PRD-FUTURE-DATE",
    fire: cin({ ssd_cin_episodes: [ref({ cine_referral_date: "2025-01-02" })] }),
    quiet: lac({
      ssd_immigration_status: [
        {
          _file: "uasc.csv",
          immi_immigration_status_id: "U",
          immi_person_id: "C1",
          immi_immigration_status_end_date: "2028-01-01",
        },
      ],
    }),
  },
  {
    code: "PRD-FUTURE-DATE",
    fire: cin({ ssd_cin_episodes: [ref({ cine_referral_date: "2025-01-02" })] }),
    quiet: only(cinPerson({ pers_expected_dob: "2025-06-01" }), {
      ssd_cin_episodes: [ref({ cine_referral_date: "2025-01-01" })],
    }),
  },
  {
    code: "PRD-CARE-OVERLAP",
    fire: (() => {
      const a = ep("2023-05-01", "2023-06-01", { rec: "X1" });
      const b = ep("2023-06-01", null, { rne: "P" });
      a.placement.clap_cla_placement_end_date = "2023-06-10";
      return lac(care(a, b));
    })(),
    quiet: lac(care(ep("2023-05-01", "2023-06-01", { rec: "X1" }), ep("2023-06-01", null, { rne: "P" }))),
  },
  {
    code: "PRD-ICPC-BEFORE-S47",
    fire: cin({
      ssd_s47_enquiry: [s47({ s47e_s47_enquiry_id: "S9", s47e_s47_start_date: "2023-05-21" })],
      ssd_initial_cp_conference: [icpc({ icpc_s47_enquiry_id: null })],
    }),
    quiet: cin({
      ssd_s47_enquiry: [s47({ s47e_s47_enquiry_id: "S9", s47e_s47_start_date: "2023-05-20" })],
      ssd_initial_cp_conference: [icpc({ icpc_s47_enquiry_id: null })],
    }),
  },
  {
    code: "PRD-REVIEW-BEFORE-PLAN",
    fire: lac(care(ep("2023-05-01", null)), { ssd_cla_reviews: [claReview("2023-04-30")] }),
    quiet: lac(care(ep("2023-05-01", null)), { ssd_cla_reviews: [claReview("2023-05-01")] }),
  },
  {
    code: "PRD-REVIEW-AFTER-PLAN",
    fire: cin({ ssd_cp_plans: [plan()], ssd_cp_reviews: [cpReview({ cppr_cp_review_date: "2024-01-11" })] }),
    quiet: cin({ ssd_cp_plans: [plan()], ssd_cp_reviews: [cpReview({ cppr_cp_review_date: "2024-01-10" })] }),
  },
  {
    code: "PRD-DUPLICATE-ID",
    fire: cin({ ssd_cin_episodes: [ref(), ref({ cine_referral_date: "2023-05-02", _line: 99 })] }),
    quiet: cin({ ssd_cin_episodes: [ref(), ref({ _line: 99 })] }),
  },
  // --- CIN census, further rules on the canonical rows ---
  {
    code: "1570",
    fire: only(cinPerson({ pers_person_id: "C12345678901234567890" })), // 21 characters
    quiet: cin(),
    y: Y2025,
  },
  { code: "1580", fire: only(cinPerson({ pers_person_id: "C-1" })), quiet: cin(), y: Y2025 },
  {
    code: "2883",
    fire: cin({ ssd_cp_plans: [plan()] }), // one plan started in 2023/24, no conference
    quiet: cin({ ssd_cp_plans: [plan()], ssd_initial_cp_conference: [icpc()] }),
  },
  {
    code: "2884",
    fire: cin({
      ssd_initial_cp_conference: [icpc(), icpc({ icpc_icpc_id: "I2", icpc_s47_enquiry_id: null })],
    }),
    quiet: cin({ ssd_initial_cp_conference: [icpc()] }),
  },
  // 1 child of 1 with sex U and no expected date of birth: 100% > 2%
  { code: "2886Q", fire: only(cinPerson({ pers_sex: "U" })), quiet: cin() },
  {
    code: "2887Q",
    fire: only(cinPerson({ pers_disability: "MOB,HAND" })), // 2 codes < 8
    quiet: only(cinPerson({ pers_disability: "MOB,HAND,PC,INC,COMM,LD,HEAR,VIS" })), // 8
  },
  {
    code: "2888Q",
    fire: only(cinPerson({ pers_disability: "MOB" })),
    quiet: only(cinPerson({ pers_disability: "MOB,HAND" })),
  },
  {
    code: "2990",
    fire: cin({
      ssd_cin_episodes: [ref({ cine_close_reason: "RC8", cine_close_date: "2023-07-01" })],
      ssd_s47_enquiry: [s47()],
    }),
    quiet: cin({
      ssd_cin_episodes: [ref({ cine_close_reason: "RC8", cine_close_date: "2023-07-01" })],
      ssd_cin_assessments: [asmt()],
    }),
  },
  {
    code: "2991Q",
    fire: cin({ ssd_cin_episodes: [ref()], ssd_s47_enquiry: [s47()] }),
    quiet: cin({ ssd_cin_episodes: [ref()], ssd_s47_enquiry: [s47()], ssd_cin_assessments: [asmt()] }),
  },
  {
    code: "8530Q",
    // ReferenceDate 2024-03-31: expected births 2024-03-01 to 2024-12-31
    fire: only(cinPerson({ pers_dob: null, pers_expected_dob: "2025-01-01" })),
    quiet: only(cinPerson({ pers_dob: null, pers_expected_dob: "2024-12-31" })),
  },
  {
    code: "8540",
    fire: only(cinPerson({ pers_disability: null }), { ssd_cin_episodes: [ref()] }),
    quiet: cin({ ssd_cin_episodes: [ref()] }),
  },
  {
    code: "8545Q",
    fire: only(cinPerson({ pers_death_date: "2023-03-31" })),
    quiet: only(cinPerson({ pers_death_date: "2023-04-01" })),
  },
  {
    code: "8568",
    fire: cin({ ssd_cin_episodes: [ref({ cine_referral_nfa: null })] }),
    quiet: cin({ ssd_cin_episodes: [ref()] }),
  },
  {
    code: "8569Q",
    // the census starts Saturday 2023-04-01; one working day before is Friday 2023-03-31
    fire: cin({ ssd_cin_episodes: [ref({ cine_referral_date: "2023-03-30", cine_referral_nfa: "Y" })] }),
    quiet: cin({ ssd_cin_episodes: [ref({ cine_referral_date: "2023-03-31", cine_referral_nfa: "Y" })] }),
  },
  { code: "8590", fire: cin(), quiet: cin({ ssd_cin_episodes: [ref()] }) },
  {
    code: "8670Q",
    // 45 working days back from 2024-03-31 (Sunday; Good Friday 29 March): 20 in March (28th back to 1st),
    // 21 in February, then 31, 30, 29, 26 January: the 45th is 2024-01-26
    fire: cin({
      ssd_cin_assessments: [
        asmt({ cina_assessment_start_date: "2024-01-25", cina_assessment_auth_date: null }),
      ],
    }),
    quiet: cin({
      ssd_cin_assessments: [
        asmt({ cina_assessment_start_date: "2024-01-26", cina_assessment_auth_date: null }),
      ],
    }),
  },
  {
    code: "8675Q",
    // 15 working days back from 2024-03-31: 28, 27, 26, 25, 22…18, 15…11 March, then 8 March
    fire: cin({ ssd_s47_enquiry: [s47({ s47e_s47_start_date: "2024-03-07" })] }),
    quiet: cin({ ssd_s47_enquiry: [s47({ s47e_s47_start_date: "2024-03-08" })] }),
  },
  {
    code: "8730",
    fire: cin({ ssd_cp_plans: [plan({ cppl_number_of_previous_cpp: null })] }),
    quiet: cin({ ssd_cp_plans: [plan({ cppl_number_of_previous_cpp: 0 })] }),
  },
  {
    code: "8736",
    fire: cin({
      ssd_cin_assessments: [
        asmt({ cina_assessment_start_date: "2023-03-31", cina_assessment_auth_date: null }),
      ],
    }),
    quiet: cin({
      ssd_cin_assessments: [
        asmt({ cina_assessment_start_date: "2023-04-01", cina_assessment_auth_date: null }),
      ],
    }),
  },
  {
    code: "8740",
    fire: cin({ ssd_s47_enquiry: [s47({ s47e_s47_start_date: "2023-03-31" })] }),
    quiet: cin({ ssd_s47_enquiry: [s47({ s47e_s47_start_date: "2023-04-01" })] }),
  },
  {
    code: "8750",
    fire: only(cinPerson({ pers_dob: null, pers_expected_dob: "2024-05-01", pers_sex: "M" })),
    quiet: only(cinPerson({ pers_dob: null, pers_expected_dob: "2024-05-01", pers_sex: "U" })),
  },
  {
    code: "8772",
    fire: only(cinPerson({ pers_upn_unknown: "UN7" }), { ssd_cin_episodes: [ref()] }),
    quiet: only(cinPerson({ pers_upn_unknown: "UN7" }), {
      ssd_cin_episodes: [ref({ cine_referral_nfa: "Y" })],
    }),
  },
  {
    code: "8775Q",
    // born before 2024-03-31 − 25 years = 1999-03-31, with an open case
    fire: only(cinPerson({ pers_dob: "1999-03-30" }), { ssd_cin_episodes: [ref()] }),
    quiet: only(cinPerson({ pers_dob: "1999-03-31" }), { ssd_cin_episodes: [ref()] }),
  },
  {
    code: "8790",
    fire: only(cinPerson({ pers_disability: "NONE,MOB" })),
    quiet: only(cinPerson({ pers_disability: "MOB" })),
  },
  {
    code: "8794",
    fire: only(cinPerson({ pers_disability: "MOB,MOB" })),
    quiet: only(cinPerson({ pers_disability: "MOB,HAND" })),
  },
  {
    code: "8816",
    fire: cin({
      ssd_cin_episodes: [
        ref(),
        ref({
          cine_referral_id: "R2",
          cine_referral_date: "2023-06-01",
          cine_close_date: "2023-07-01",
          cine_close_reason: "RC1",
        }),
      ],
    }),
    quiet: cin({
      ssd_cin_episodes: [
        ref({ cine_close_date: "2023-05-20", cine_close_reason: "RC1" }),
        ref({ cine_referral_id: "R2", cine_referral_date: "2023-06-01" }),
      ],
    }),
  },
  {
    code: "8825Q",
    fire: cin({ ssd_cin_episodes: [ref({ cine_close_reason: "RC8", cine_close_date: "2023-07-01" })] }),
    quiet: cin({
      ssd_cin_episodes: [ref({ cine_close_reason: "RC8", cine_close_date: "2023-07-01" })],
      ssd_cin_assessments: [asmt()],
    }),
  },
  {
    code: "8839",
    fire: cin({ ssd_s47_enquiry: [s47(), s47({ s47e_s47_enquiry_id: "S2" })] }),
    quiet: cin({ ssd_s47_enquiry: [s47()] }),
  },
  {
    code: "8870Q",
    fire: cin({ ssd_initial_cp_conference: [icpc({ icpc_icpc_target_date: "2023-05-21" })] }), // a Sunday
    quiet: cin({ ssd_initial_cp_conference: [icpc({ icpc_icpc_target_date: "2023-05-22" })] }),
  },
  {
    code: "8875",
    fire: cin({ ssd_initial_cp_conference: [icpc({ icpc_icpc_date: "2023-05-20" })] }), // a Saturday
    quiet: cin({ ssd_initial_cp_conference: [icpc({ icpc_icpc_date: "2023-05-19" })] }),
  },
  {
    code: "8896",
    fire: cin({
      ssd_cin_assessments: [
        asmt({ cina_assessment_auth_date: null }),
        asmt({ cina_assessment_id: "A2", cina_assessment_auth_date: null }),
      ],
    }),
    quiet: cin({
      ssd_cin_assessments: [asmt({ cina_assessment_auth_date: null }), asmt({ cina_assessment_id: "A2" })],
    }),
  },
  // --- CIN census, rules on the file's own elements ---
  fileCase("100", { ...file(), referenceDate: at("2024-03-30", 6) }, file()),
  // DfE's worked example: A950000178301 carries the right check letter; R247962919251 should start with another
  fileCase("1510", upn("R247962919251"), upn("A950000178301")),
  fileCase(
    "1520",
    file({ upn: at("A201000000001") }, [{ line: 90, upn: at("A201000000001", 91), details: [] }]),
    file({ upn: at("A201000000001") }, [{ line: 90, upn: at("A201000000002", 91), details: [] }]),
  ),
  fileCase("1530", upn("A999000000001"), upn("A201000000001")),
  fileCase("1540", upn("A20100000X001"), upn("A201000000001")),
  fileCase("1550", upn("A20100000000I"), upn("A20100000000A")),
  fileCase("1560Q", file({ formerUpn: at("X9876543212") }), file({ formerUpn: at("X98765432123B") })),
  // born 2015-06-01, on or before 2018-08-31: of school age in 2023/24
  fileCase("8770Q", file({ details: [details()] }), file({ upn: at("A201000000001"), details: [details()] })),
  fileCase(
    "4000",
    file({ details: [details({ nfa: at("true"), plans: [cinPlan("2023-05-10")] })] }),
    withPlans(cinPlan("2023-05-10")),
  ),
  fileCase(
    "4001",
    withCpp([cinPlan("2023-05-10")], [cpp("2023-06-01")]),
    withCpp([cinPlan("2023-05-10", "2023-05-31")], [cpp("2023-06-01")]),
  ),
  fileCase(
    "4003",
    withCpp([cinPlan("2023-06-01", "2023-12-01")], [cpp("2023-05-20", "2024-01-10", ["2023-08-10"])]),
    withCpp([cinPlan("2023-06-01", "2023-12-01")], [cpp("2023-05-20", "2024-01-10", ["2024-01-10"])]),
  ),
  fileCase(
    "4004",
    withPlans(cinPlan("2023-05-10"), cinPlan("2023-06-10")),
    withPlans(cinPlan("2023-05-10", "2023-06-01"), cinPlan("2023-06-10")),
  ),
  fileCase(
    "4008",
    file({ death: at("2023-06-01"), details: [details({ plans: [cinPlan("2023-06-02")] })] }),
    file({ death: at("2023-06-01"), details: [details({ plans: [cinPlan("2023-06-01")] })] }),
  ),
  fileCase(
    "4009Q",
    file({ death: at("2023-06-01"), details: [details({ plans: [cinPlan("2023-05-10", "2023-06-02")] })] }),
    file({ death: at("2023-06-01"), details: [details({ plans: [cinPlan("2023-05-10", "2023-06-01")] })] }),
  ),
  fileCase(
    "4010",
    withPlans(cinPlan(undefined, "2023-06-01")),
    withPlans(cinPlan("2023-05-10", "2023-06-01")),
  ),
  fileCase(
    "4011",
    withPlans(cinPlan("2023-06-01", "2023-05-31")),
    withPlans(cinPlan("2023-06-01", "2023-06-02")),
  ),
  fileCase(
    "4012Q",
    withPlans(cinPlan("2023-06-01", "2023-06-01")),
    withPlans(cinPlan("2023-06-01", "2023-06-02")),
  ),
  fileCase(
    "4013",
    withPlans(cinPlan("2023-06-01", "2024-04-01")),
    withPlans(cinPlan("2023-06-01", "2024-03-31")),
  ),
  fileCase(
    "4014",
    withPlans(cinPlan("2023-06-01", "2023-08-01"), cinPlan("2023-07-01")),
    withPlans(cinPlan("2023-06-01", "2023-06-30"), cinPlan("2023-07-01")),
  ),
  fileCase("4015", withPlans(cinPlan("2023-04-30")), withPlans(cinPlan("2023-05-01"))),
  fileCase(
    "4016",
    withCpp([cinPlan("2023-06-01")], [cpp("2023-05-20", "2024-01-10")]),
    withCpp([cinPlan("2024-01-10")], [cpp("2023-05-20", "2024-01-10")]),
  ),
  fileCase(
    "4017",
    withCpp([cinPlan("2023-05-10")], [cpp("2023-06-01")]),
    withCpp([cinPlan("2023-05-10", "2023-06-01")], [cpp("2023-06-01")]),
  ),
  fileCase(
    "8614",
    withAssessments({}, assessment(undefined, ["1C"])),
    withAssessments({}, assessment("2023-06-01", ["1C"])),
  ),
  fileCase(
    "8869",
    withAssessments({}, assessment("2023-06-01", ["21", "1C"])),
    withAssessments({}, assessment("2023-06-01", ["21"])),
  ),
  fileCase(
    "8873Q",
    withAssessments({ reason: at("RC1") }, assessment("2023-06-01", ["21"])),
    withAssessments({ reason: at("RC8") }, assessment("2023-06-01", ["21"])),
  ),
  fileCase(
    "8897Q",
    withAssessments({}, assessment("2023-06-01")),
    withAssessments({}, assessment("2023-06-01", ["1C"])),
  ),
  fileCase(
    "8898",
    withAssessments({}, assessment("2023-06-01", ["1C", "1C"])),
    withAssessments({}, assessment("2023-06-01", ["1C", "2A"])),
  ),
  fileCase(
    "8945Q",
    withAssessments({}, assessment("2024-06-01", ["18A"])),
    withAssessments({}, assessment("2024-06-01", ["18B"])),
    Y2025,
  ),
  fileCase(
    "8950Q",
    withAssessments({}, assessment("2024-06-01", ["19A"])),
    withAssessments({}, assessment("2024-06-01", ["19C"])),
    Y2025,
  ),
  fileCase(
    "8842Q",
    withCpp([], [cpp("2023-05-20", undefined, [undefined])]),
    withCpp([], [cpp("2023-05-20", undefined, ["2023-08-10"])]),
  ),
  // the CIN-plan parts of 8565 and 2990
  fileCase(
    "8565",
    file({
      details: [details({ closeDate: at("2023-06-01"), plans: [cinPlan("2023-05-10", "2023-06-02")] })],
    }),
    file({
      details: [details({ closeDate: at("2023-06-01"), plans: [cinPlan("2023-05-10", "2023-06-01")] })],
    }),
  ),
  fileCase(
    "2990",
    file({ details: [details({ reason: at("RC9"), plans: [cinPlan("2023-05-10", "2023-06-01")] })] }),
    file({ details: [details({ reason: at("RC1"), plans: [cinPlan("2023-05-10", "2023-06-01")] })] }),
  ),
];

function fired(rows: Rows, code: string, options: ValidateOptions = Y): number {
  return validate(rows, options).filter((i) => i.rule === code).length;
}

/** The options a case's run uses: its year and, for rules on the file's own elements, the scanned file. */
function optionsOf(c: Case, view: CinReturnView | undefined): ValidateOptions {
  return { ...(c.y ?? Y), ...(view ? { cinFiles: [view] } : {}) };
}

describe("validation rules", () => {
  it("every code once in any one year, each with a case", () => {
    for (const year of [2023, 2024, 2025, 2026]) {
      const codes = RULES.filter((r) => inYear(r.years, year)).map((r) => r.code);
      assert.equal(new Set(codes).size, codes.length, `rule codes are unique in ${year}`);
    }
    // Rules on the 903 return as written have their cases in rules/ssda903Return.test.ts.
    const codes = RULES.filter((r) => !r.tables.every((t) => t.startsWith("903 "))).map((r) => r.code);
    const tested = new Set(CASES.map((c) => c.code));
    assert.deepEqual(
      codes.filter((c) => !tested.has(c)),
      [],
    );
  });

  for (const c of CASES) {
    it(`${c.code} fires`, () =>
      assert.ok(fired(c.fire, c.code, optionsOf(c, c.fireFile)) > 0, `rule ${c.code} did not fire`));
    it(`${c.code} stays quiet`, () =>
      assert.deepEqual(
        validate(c.quiet, optionsOf(c, c.quietFile))
          .filter((i) => i.rule === c.code)
          .map((i) => i.message),
        [],
      ));
  }

  it("every DfE rule of the 2022/23–2025/26 lists is checked or listed as not evaluated, with its reason", () => {
    for (const [source, spec, skipped] of [
      ["DfE CIN", CIN_SPEC, CIN_NOT_EVALUATED],
      ["DfE 903", SSDA903_SPEC, SSDA903_NOT_EVALUATED],
    ] as const) {
      const checked = new Set(RULES.filter((r) => r.source === source).map((r) => r.code));
      const notChecked = new Set(skipped.map((r) => r.code));
      const codes = new Set(spec.map((r) => r.code));
      assert.deepEqual(
        [...checked].filter((c) => notChecked.has(c)),
        [],
        `${source}: checked and listed as not`,
      );
      assert.deepEqual(
        [...codes].filter((c) => !checked.has(c) && !notChecked.has(c)),
        [],
        `${source}: neither`,
      );
      assert.deepEqual(
        [...checked, ...notChecked].filter((c) => !codes.has(c)),
        [],
        `${source}: not DfE's`,
      );
      assert.ok(skipped.every((r) => r.reason.length > 10));
    }
    // DfE's CIN list: 109 codes, all checked; the 903 list from 2023/24: 322 codes, all checked but 411 (PL_LOCATION
    // against PL_LA, both worked out from PL_POST) and 164 (a distance between UK postcodes out of 0–999.9 miles),
    // some only when given what they need (below).
    assert.equal(new Set(CIN_SPEC.map((r) => r.code)).size, 109);
    assert.equal(CIN_NOT_EVALUATED.length, 0);
    assert.equal(new Set(SSDA903_SPEC.map((r) => r.code)).size, 322);
    assert.deepEqual(
      SSDA903_NOT_EVALUATED.map((r) => r.code),
      ["411", "164"],
    );
    const reasons = (given: Supplied) => {
      const n: Record<string, number> = {};
      for (const r of ssda903NotEvaluated(given)) {
        const key =
          ["area", "previous", "postcodes", "providers"].find((k) => r.reason.includes(`--${k}`)) ?? "never";
        n[key] = (n[key] ?? 0) + 1;
      }
      return n;
    };
    // 29 rules compare with last year's return alone; 15 need the postcode directory (452, 453, 503G, 503H
    // and 503J last year's return too; 1015 and 503J the council's area too); 7 the provider list (229 the
    // postcode directory and the council's area too): 322 - 2 - 29 - 15 - 7 = 269 run on the return alone.
    assert.deepEqual(reasons({}), { never: 2, previous: 29, postcodes: 15, providers: 7 });
    assert.deepEqual(reasons({ lastYear: true, postcodes: true, providers: true }), { never: 2, area: 3 });
    assert.deepEqual(reasons({ lastYear: true, postcodes: true, area: true, providers: true }), { never: 2 });
    assert.deepEqual(reasons({ postcodes: true, area: true, providers: true }), { never: 2, previous: 34 });
  });

  it("gives each DfE rule DfE's severity (codes ending Q are queries) and the product's own none", () => {
    const rows = cin({ ssd_cin_assessments: [asmt({ cina_assessment_auth_date: "2023-05-01" })] });
    const [i8608] = validate(rows, Y).filter((i) => i.rule === "8608");
    assert.equal(i8608?.dfe, "error");
    const [q] = validate(only(cinPerson({ pers_death_date: "2015-01-01" })), Y).filter(
      (i) => i.rule === "8535Q",
    );
    assert.equal(q?.dfe, "query");
    const [prd] = validate(
      cin({ ssd_cin_episodes: [ref(), ref({ cine_referral_date: "2023-05-02", _line: 99 })] }),
      Y,
    ).filter((i) => i.rule === "PRD-DUPLICATE-ID");
    assert.equal(prd?.dfe, undefined);
  });

  it("chooses the rule set by collection year: 4180's wording, and 8945Q only from 2024/25", () => {
    const noSex = only(cinPerson({ pers_sex: null }));
    const in2024 = validate(noSex, Y).find((i) => i.rule === "4180");
    const in2025 = validate(noSex, { ...Y, collectionYearEnd: "2025-03-31" }).find((i) => i.rule === "4180");
    assert.match(in2024!.message, /Gender is missing/);
    assert.match(in2025!.message, /Sex must be provided and equal M, F, or U/);
    const f = withAssessments({}, assessment("2023-06-01", ["18A"]));
    assert.equal(validate(cin(), { ...Y, cinFiles: [f] }).filter((i) => i.rule === "8945Q").length, 0);
    assert.equal(
      validate(cin(), { collectionYearEnd: "2025-03-31", cinFiles: [f] }).filter((i) => i.rule === "8945Q")
        .length,
      1,
    );
  });

  it("runs the collection-period rules only when the year is given", () => {
    const rows = cin({ ssd_cin_episodes: [ref({ cine_referral_date: "2024-04-01" })] });
    assert.equal(validate(rows, { referenceDate: "2025-01-01" }).filter((i) => i.rule === "8600").length, 0);
    assert.equal(validate(rows, Y).filter((i) => i.rule === "8600").length, 1);
  });

  it("names the file, row and the source's own column, with the value", () => {
    const rows = lac(care(ep("2023-05-01", "2023-04-30")));
    const [issue] = validate(rows, Y).filter((i) => i.rule === "356");
    assert.deepEqual(issue, {
      severity: "error",
      dfe: "error",
      file: "episodes.csv",
      row: 2,
      column: "DEC",
      value: "2023-04-30",
      rule: "356",
      message:
        "DfE 903 356: The date the episode ceased is before the date the same episode started. (ceased 2023-04-30, started 2023-05-01)",
    });
    const cinIssue = validate(
      cin({ ssd_cin_episodes: [ref({ cine_close_date: "2023-04-30", cine_close_reason: "RC8" })] }),
      Y,
    ).find((i) => i.rule === "8630");
    assert.equal(cinIssue?.column, "CINclosureDate");
    assert.equal(cinIssue?.line, 10);
    const annex = validate(
      cin({
        ssd_cin_episodes: [
          ref({
            _file: "Annex_A.xlsx",
            _sheet: "List 3",
            _row: 7,
            _line: undefined,
            cine_close_date: "2023-04-30",
            cine_close_reason: "RC8",
          }),
        ],
      }),
      Y,
    ).find((i) => i.rule === "8630");
    assert.deepEqual(
      [annex?.file, annex?.sheet, annex?.row, annex?.column],
      ["Annex_A.xlsx", "List 3", 7, "cine_close_date"],
    );
  });

  it("PRD-DUPLICATE-ID says where the first copy is and what differs", () => {
    const [issue] = validate(
      cin({ ssd_cin_episodes: [ref(), ref({ cine_referral_date: "2023-05-02", _line: 99 })] }),
      Y,
    ).filter((i) => i.rule === "PRD-DUPLICATE-ID");
    assert.equal(issue?.line, 99);
    assert.match(issue!.message, /R1 is also at cin\.xml line 10; they differ in cine_referral_date/);
  });

  it("every start/end pair is checked by exactly one rule", () => {
    const tables = [...END_BEFORE_START_PAIRS.map(([t]) => t), ...PAIRS_COVERED_BY_DFE.map(([t]) => t)];
    assert.equal(new Set(tables).size, tables.length);
    for (const [table, start, end, code] of PAIRS_COVERED_BY_DFE) {
      const rule = RULES.find((r) => r.code === code);
      assert.ok(rule?.tables.includes(table), `${code} reads ${table} (${start}–${end})`);
    }
    for (const [table, start, end] of END_BEFORE_START_PAIRS) {
      const rows = lac({ [table]: [{ [start]: "2023-06-02", [end]: "2023-06-01" }] });
      assert.equal(fired(rows, "PRD-END-BEFORE-START"), 1, table);
    }
  });

  it("never throws on odd values: numbers, junk dates, missing ids", () => {
    const rows: Rows = {
      ssd_person: [{ pers_person_id: 7 as unknown as string, pers_dob: "31/02/2024" }, {}],
      ssd_cla_episodes: [{ clae_person_id: "7", clae_cla_episode_start_date: "2024-13-01" }, {}],
      ssd_cp_reviews: [{ cppr_cp_plan_id: null }],
      not_a_table: [{ x: 1 }],
    };
    const issues = validate(rows, { collectionYearEnd: "nonsense" });
    // No rule failed (a failure would be a PRD-INTERNAL or "failed" issue); the one person with no id
    // breaks 8500, and both episodes lack RNE (143) and CIN (145). The junk dates are not dates, so no
    // date rule reads them, and "nonsense" is no year end, so the collection-period rules do not run.
    assert.deepEqual(
      issues.map((i) => [i.rule, i.column]),
      [
        ["8500", "pers_person_id"],
        ["143", "clae_cla_episode_start_reason"],
        ["143", "clae_cla_episode_start_reason"],
        ["145", "clae_cla_primary_need_code"],
        ["145", "clae_cla_primary_need_code"],
      ],
    );
  });

  // Speed is measured by `npm run bench -- --only e`, not here: this checks that a large
  // clean return (25,000 children: 200,000 rows) raises nothing.
  it("raises no issue on a large clean return", () => {
    const episodes: Row[] = [];
    const placements: Row[] = [];
    const legal: Row[] = [];
    const people: Row[] = [];
    for (let c = 0; c < 25_000; c++) {
      people.push({
        _file: "header.csv",
        _row: c + 2,
        pers_person_id: `C${c}`,
        pers_dob: "2010-01-01",
        pers_sex: "M",
        pers_ethnicity: "WBRI",
        pers_is_mother: null,
      });
      for (let k = 0; k < 3; k++) {
        const start = `2020-0${k + 1}-01`;
        const end = k < 2 ? `2020-0${k + 2}-01` : null;
        episodes.push({
          _file: "episodes.csv",
          _row: c * 3 + k + 2,
          clae_cla_episode_id: `C${c}-${k}`,
          clae_person_id: `C${c}`,
          clae_cla_episode_start_date: start,
          clae_cla_episode_start_reason: k === 0 ? "S" : "P",
          clae_cla_primary_need_code: "N1",
          clae_cla_episode_ceased_date: end,
          clae_cla_episode_ceased_reason: end ? "X1" : null,
          clae_cla_id: `C${c}-POC`,
          clae_cla_placement_id: `C${c}-P${k}`,
        });
        placements.push({
          _file: "episodes.csv",
          clap_cla_placement_id: `C${c}-P${k}`,
          clap_person_id: `C${c}`,
          clap_cla_placement_start_date: start,
          clap_cla_placement_end_date: end,
          clap_cla_placement_type: "U4",
          clap_cla_placement_provider: "PR1",
        });
      }
      legal.push({
        _file: "episodes.csv",
        lega_legal_status_id: `C${c}-L`,
        lega_person_id: `C${c}`,
        lega_legal_status: "C2",
        lega_legal_status_start_date: "2020-01-01",
      });
    }
    const issues = validate(
      {
        ssd_person: people,
        ssd_cla_episodes: episodes,
        ssd_cla_placement: placements,
        ssd_legal_status: legal,
      },
      Y,
    );
    // 25,000 × (1 person + 3 episodes + 3 placements + 1 legal status) = 200,000 rows
    assert.equal(people.length + episodes.length + placements.length + legal.length, 200_000);
    assert.equal(issues.length, 0, JSON.stringify(issues.slice(0, 3)));
  });
});

describe("rules about the whole return, a part at a time (a streamed import)", () => {
  const person = (k: number, o: Row = {}) =>
    cinPerson({ pers_person_id: `C${k}`, _line: 10 * k, pers_disability: "MOB,HAND", ...o });
  const persons = (from: number, to: number, o: (k: number) => Row = () => ({})) =>
    Array.from({ length: to - from + 1 }, (_, i) => person(from + i, o(from + i)));
  const parts = (...list: Row[][]) => list.map((p) => ({ ssd_person: p }));
  const streamed = (list: Rows[]) => {
    const tally = new Map<Rule, number>();
    const running = new Map<Rule, unknown>();
    const found = list.flatMap((rows) => findIssues(rows, {}, RULES, tally, running).map((f) => f.issue));
    return [...found, ...finishWhole(running, tally).map((f) => f.issue)];
  };
  const codes = (issues: readonly Issue[], code: string) => issues.filter((i) => i.rule === code);

  it("2886Q counts every part: 1 child of 50 with no sex is 2%, not over; alone in a part of 10 it would be 10%", () => {
    const split = parts(
      persons(1, 10, (k) => (k === 3 ? { pers_sex: "U" } : {})),
      persons(11, 50),
    );
    assert.equal(codes(validate(split[0]!), "2886Q").length, 1);
    assert.deepEqual(codes(streamed(split), "2886Q"), []);
  });

  it("2886Q over the parts reports once, on the return's first child, as over the whole", () => {
    // 2 of 50 = 4% > 2%
    const split = parts(
      persons(1, 10, (k) => (k === 3 ? { pers_sex: "U" } : {})),
      persons(11, 50, (k) => (k === 40 ? { pers_sex: "U" } : {})),
    );
    const whole = codes(
      validate({ ssd_person: [...split[0]!.ssd_person!, ...split[1]!.ssd_person!] }),
      "2886Q",
    );
    assert.equal(whole.length, 1);
    assert.equal(whole[0]!.line, 10);
    assert.match(whole[0]!.message, /2 of 50 children \(4\.0%\)/);
    assert.deepEqual(codes(streamed(split), "2886Q"), whole);
  });

  it("2887Q and 2888Q take codes from every part", () => {
    // Part 1: MOB,HAND each (2 codes, several per child); part 2: one code each, 6 more codes: 8 in all.
    const more = ["PC", "INC", "COMM", "LD", "HEAR", "VIS"];
    const split = parts(
      persons(1, 2),
      persons(3, 8, (k) => ({ pers_disability: more[k - 3]! })),
    );
    assert.equal(codes(validate(split[1]!), "2887Q").length, 1);
    assert.equal(codes(validate(split[1]!), "2888Q").length, 1);
    assert.deepEqual(codes(streamed(split), "2887Q"), []);
    assert.deepEqual(codes(streamed(split), "2888Q"), []);
  });
});
