/**
 * Which published DfE figure each of this product's indicators is compared
 * with.
 *
 * Why a table: a benchmark is only fair when DfE's measure counts what the
 * indicator counts, so each pairing is stated once, with LAIT's measure
 * (its `Short Desc` in the long data file, its number and name in the data
 * dictionary) and, where Explore Education Statistics publishes the same
 * figure, the file, column and filters. Differences an analyst should know
 * about are written in `note`. Published figures are for the year to (or at)
 * 31 March, so they compare with the indicator's `year` value for the same
 * financial year, or its value at 31 March for stock indicators.
 * Indicators with no published equivalent (contacts, visits, missing
 * episodes, adoption scorecard, workforce) are left out: a council enters
 * their benchmarks by hand (readManualBenchmarks).
 */

/** An Explore Education Statistics figure: a column of a file, on the rows matching the filters. */
export interface EesMeasure {
  /** How the file's name starts (`c1_`, `la_cla_placement_stability`). */
  file: string;
  column: string;
  filters?: Readonly<Record<string, string>>;
}

/** The published figure an indicator compares with. */
export interface BenchmarkMapping {
  indicator: string;
  /** LAIT: `Short Desc` in the long file (= `Measure_short` in the dictionary), its number and name. */
  lait: { measure: string; code: string; name: string };
  ees?: EesMeasure;
  /** LAIT's polarity for the measure; `info` = no quartile band or rank, as LAIT shows none. */
  polarity: "high" | "low" | "info";
  note?: string;
}

/** Every mapped indicator. */
export const BENCHMARK_MAP: readonly BenchmarkMapping[] = [
  {
    indicator: "referrals_rate_10k",
    lait: {
      measure: "CPP_Total_Rateper10,000",
      code: "305",
      name: "Rates per 10,000 of referrals to Children's Social Services",
    },
    polarity: "info",
  },
  {
    indicator: "rereferrals_12m_pct",
    lait: {
      measure: "ReReferral",
      code: "271",
      name: "Percentage of re-referrals to children's social care within 12 months",
    },
    ees: { file: "c1_", column: "rereferral_percent" },
    polarity: "low",
  },
  {
    indicator: "referrals_nfa_pct",
    lait: {
      measure: "CIN_Refferals_NFA",
      code: "290",
      name: "Referrals to children's social care closed with no further action",
    },
    ees: { file: "c1_", column: "no_further_action_percent" },
    polarity: "info",
  },
  {
    indicator: "assessments_45wd_pct",
    lait: {
      measure: "Continue_Assess_Comp",
      code: "304",
      name: "Continuous assessments completed within 45 working days",
    },
    polarity: "high",
  },
  {
    indicator: "s47_rate_10k",
    lait: { measure: "Section_47", code: "217", name: "Section 47 enquiries rate per 10,000 children" },
    polarity: "info",
  },
  {
    indicator: "icpc_15wd_pct",
    lait: {
      measure: "CP_conf_15days",
      code: "218",
      name: "Percentage of child protection conferences held within 15 days",
    },
    polarity: "high",
  },
  {
    indicator: "cpp_rate_10k",
    lait: { measure: "CPP_rate", code: "215", name: "Child Protection Plans rate per 10,000" },
    polarity: "info",
  },
  {
    indicator: "cpp_second_or_subsequent_pct",
    lait: {
      measure: "PrevRegCPR",
      code: "15",
      name: "Percentage of children who became the subject of a plan for a second or subsequent time",
    },
    ees: { file: "d3_", column: "CPP_subsequent_percent" },
    polarity: "low",
  },
  {
    indicator: "cpp_open_2y_plus_pct",
    lait: {
      measure: "CPPlans2yrsActive",
      code: "264",
      name: "Child Protection Plans lasting 2 years or more as at 31 March",
    },
    ees: { file: "d5_", column: "2_years_or_more_percent" },
    polarity: "low",
  },
  {
    indicator: "cpp_ceased_2y_plus_pct",
    lait: {
      measure: "CPPlans2yrs",
      code: "98",
      name: "Child Protection Plans lasting 2 years or more which cease during the year",
    },
    polarity: "low",
  },
  {
    indicator: "cpp_reviews_on_time_pct",
    lait: { measure: "RevCP", code: "19", name: "Review of Child Protection Cases" },
    polarity: "high",
  },
  {
    indicator: "cin_rate_10k",
    lait: { measure: "CIN", code: "171", name: "Children in Need rate per 10,000" },
    polarity: "info",
    note: "DfE counts children in need at 31 March, including those on CP plans and looked after",
  },
  {
    indicator: "cla_rate_10k",
    lait: { measure: "LAC", code: "124", name: "Children looked after rate per 10,000" },
    ees: {
      file: "cla_number_and_rate_per_10k_children",
      column: "rate_per_10000",
      filters: { population_type: "Children looked after on 31 March each year" },
    },
    polarity: "info",
  },
  {
    indicator: "cla_3plus_placements_pct",
    lait: {
      measure: "LACStable_2016on",
      code: "372",
      name: "Placement 1 - % CLA with three or more placements",
    },
    ees: {
      file: "la_cla_placement_stability",
      column: "children_percent",
      filters: {
        cla_group: "CLA on 31 March",
        placement_stability: "With 3 or more placements during the year",
      },
    },
    polarity: "low",
  },
  {
    indicator: "cla_long_term_stability_pct",
    lait: { measure: "LAC_LongStable%", code: "393", name: "Long Term Placement Stability (%)" },
    ees: {
      file: "la_cla_placement_stability",
      column: "children_percent",
      filters: {
        cla_group:
          "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years",
        placement_stability: "Living with the same carer for at least 2 years",
      },
    },
    polarity: "high",
  },
  {
    indicator: "cla_health_assessment_pct",
    lait: { measure: "LACHealth%", code: "3", name: "Percentage of CLA having Health Checks" },
    polarity: "high",
  },
  {
    indicator: "cla_dental_check_pct",
    lait: { measure: "LACDental%", code: "3", name: "Percentage of CLA having Dental Checks" },
    polarity: "high",
  },
  {
    indicator: "cla_placed_20_miles_pct",
    lait: {
      measure: "LACDistance",
      code: "87",
      name: "Children looked after placed more than 20 miles from home, outside LA Boundary (%)",
    },
    polarity: "low",
    note: "DfE counts only placements both over 20 miles from home and outside the council's boundary",
  },
  {
    indicator: "care_leavers_suitable_accommodation_pct",
    lait: { measure: "CareLeaverAcc", code: "112", name: "Care Leavers - Suitable accommodation (%)" },
    ees: {
      file: "la_care_leavers_accommodation_suitability",
      column: "care_leaver_percent",
      filters: { care_leaver_age: "19 to 21 years", breakdown: "Accommodation considered suitable" },
    },
    polarity: "high",
  },
  {
    indicator: "care_leavers_eet_pct",
    lait: {
      measure: "CareLeaverEET",
      code: "113",
      name: "Care Leavers - Education, Employment & Training (EET) (%)",
    },
    ees: {
      file: "la_care_leavers_activity",
      column: "care_leaver_percent",
      filters: { care_leaver_age: "19 to 21 years", breakdown: "Total in education, employment or training" },
    },
    polarity: "high",
  },
];

const BY_INDICATOR = new Map(BENCHMARK_MAP.map((m) => [m.indicator, m]));

/** The published figure an indicator compares with, or undefined when DfE publishes none. */
export function benchmarkMapping(indicator: string): BenchmarkMapping | undefined {
  return BY_INDICATOR.get(indicator);
}

/** True when `breakdown` (as readers write it: `k=v; k=v`) has every filter's value. */
export function matchesFilters(breakdown: string, filters: Readonly<Record<string, string>> = {}): boolean {
  const parts = new Set(breakdown.split("; "));
  return Object.entries(filters).every(([k, v]) => parts.has(`${k}=${v}`));
}
