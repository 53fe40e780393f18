/**
 * The framework the product ships with: every catalogue indicator, one
 * section per service area in catalogue order, numbered area.position
 * (1.1, 1.2 …), with targets where the seed reports give one.
 *
 * Why these targets: a default must look like a real council's, so each is
 * taken from a seed report (../shared/reference/seed-reports, cited per
 * indicator: "R" = Rotherham's monthly report, December 2015 (001), with
 * its reference number; "D" = Darlington's quarter 3 2017-18 report (004);
 * "W" = the 2017-18 quarterly report with commentary (000)). Thresholds are
 * Rotherham's "Amber" and "Target Green" columns; RAG is in month unless
 * Rotherham rates the measure over a rolling year or year to date. Every
 * target takes effect on 1 April 2010 so any period of data has one.
 * High/low indicators with no target in any seed (and every information
 * measure) are not rated: grey.
 *
 * It also declares three local workforce indicators, which seed report
 * 002 shows quarterly with West Midlands and England comparators but no
 * target (so grey), in a last "Workforce (local)" section: the report
 * shows that section only once their values are imported (`scorecard
 * local import`). All three are stocks, as HR reports them at each month
 * end; turnover is the rolling-year rate HR gives, which summing monthly
 * leavers over monthly headcounts would understate.
 */

import type { PeriodType } from "../calendar/periods.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { AREAS } from "../indicators/define.ts";
import type { FrameworkInput, LocalDeclaration } from "./config.ts";
import type { DatedTarget } from "./targets.ts";

const FROM = "2010-04-01";

type Rated = { ratedOn?: PeriodType; targets: DatedTarget[]; source: string };

const threshold = (green: number, amber: number, source: string, ratedOn?: PeriodType): Rated => ({
  ...(ratedOn ? { ratedOn } : {}),
  targets: [{ form: "threshold", green, amber, from: FROM }],
  source,
});

/** Targets by indicator id, with the seed each comes from. */
export const DEFAULT_TARGETS: Readonly<Record<string, Rated>> = {
  referrals_to_assessment_pct: threshold(86, 83, "R 2.5"),
  rereferrals_12m_pct: threshold(23, 26, "R 2.8 (rolling year)", "rolling12"),
  assessments_45wd_pct: threshold(86, 83, "R 3.3"),
  icpc_15wd_pct: threshold(90, 85, "R 6.4 (rolling 12 months)", "rolling12"),
  cpp_second_within_2y_pct: threshold(4, 6, "R 6.8 (rolling 12 months)", "rolling12"),
  cpp_second_or_subsequent_pct: threshold(14, 16, "R 6.9 (rolling 12 months)", "rolling12"),
  cpp_open_2y_plus_pct: threshold(2.6, 3.6, "R 6.10"),
  cpp_open_18m_plus_pct: {
    targets: [{ form: "range", low: 0, high: 4, from: FROM }],
    source: "W: tolerance minimum 0%, maximum 4%",
  },
  cpp_ceased_2y_plus_pct: threshold(4.5, 6.5, "R 6.11 (YTD)", "ytd"),
  cpp_reviews_on_time_pct: threshold(98, 95, "R 6.12"),
  cpp_visits_on_time_pct: threshold(95, 90, "R 6.14"),
  cla_ceased_permanence_pct: threshold(35, 33, "R 7.5 (YTD)", "ytd"),
  cla_reviews_on_time_pct: threshold(95, 90, "R 7.6"),
  cla_visits_on_time_pct: threshold(98, 95, "R 7.13 (national minimum standard)"),
  cla_health_assessment_pct: threshold(95, 90, "R 7.8"),
  cla_dental_check_pct: threshold(95, 90, "R 7.9"),
  cla_3plus_placements_pct: threshold(10, 12, "R 9.2"),
  cla_long_term_stability_pct: threshold(70, 68, "R 9.1"),
  cla_placed_20_miles_pct: {
    targets: [{ form: "target", target: 10, from: FROM }],
    source: "D: target 10%",
  },
  care_leavers_suitable_accommodation_pct: threshold(98, 95, "R 8.3"),
  care_leavers_eet_pct: threshold(72, 70, "R 8.4"),
  adoption_a1_days: threshold(487, 511, "R 10.2 (YTD)", "ytd"),
  adoption_a2_days: threshold(121, 127, "R 10.3 (YTD)", "ytd"),
  allocated_sw_pct: { targets: [{ form: "target", target: 100, from: FROM }], source: "W: target 100%" },
  caseload_average: {
    targets: [{ form: "range", low: 14, high: 20, amberAbove: 1, from: FROM }],
    source: "R 11.3: 14–20, amber within 1 above",
  },
};

/**
 * Breakdown charts the default report draws: the front door by age, child
 * protection plans by category of abuse, children looked after by age, as
 * the seed reports break these down.
 */
export const DEFAULT_BREAKDOWNS: Readonly<Record<string, string>> = {
  referrals: "age_band",
  cpp_open: "abuse_category",
  cla_open: "age_band",
};

/** The local indicators the default framework declares. */
export const DEFAULT_LOCAL: readonly LocalDeclaration[] = [
  {
    id: "agency_staff_pct",
    title: "% of social workers who are agency staff",
    unit: "percent",
    polarity: "low",
    kind: "stock",
    decimals: 1,
    definition:
      "Agency social workers (FTE) as a percentage of all social worker posts filled (FTE), at the month end.",
  },
  {
    id: "vacancy_rate_pct",
    title: "Social worker vacancy rate",
    unit: "percent",
    polarity: "low",
    kind: "stock",
    decimals: 1,
    definition:
      "Vacant social worker posts (FTE) as a percentage of all social worker posts (FTE), at the month end.",
  },
  {
    id: "turnover_pct",
    title: "Social worker turnover (rolling 12 months)",
    unit: "percent",
    polarity: "low",
    kind: "stock",
    decimals: 1,
    definition:
      "Permanent social workers (FTE) who left in the 12 months to the month end as a percentage of the average permanent social workers in post (FTE), as HR reports it each month.",
  },
];

/** The default framework, as a council would write it. */
export const DEFAULT_FRAMEWORK: FrameworkInput = {
  name: "csc-scorecard default framework",
  direction: { basis: "previous", noChangeWithin: 0 },
  local: [...DEFAULT_LOCAL],
  sections: [
    ...AREAS.map((area, a) => ({
      title: area,
      indicators: CATALOGUE.filter((i) => i.area === area).map((i, k) => {
        const rated = DEFAULT_TARGETS[i.id];
        return {
          id: i.id,
          ref: `${a + 1}.${k + 1}`,
          ...(rated?.ratedOn ? { ratedOn: rated.ratedOn } : {}),
          ...(DEFAULT_BREAKDOWNS[i.id] ? { breakdown: DEFAULT_BREAKDOWNS[i.id] } : {}),
          ...(rated
            ? {
                targets: rated.targets.map((t) => ({
                  ...t,
                  note: `default, after seed report ${rated.source}`,
                })),
              }
            : {}),
        };
      }),
    })).filter((s) => s.indicators.length > 0),
    {
      title: "Workforce (local)",
      indicators: DEFAULT_LOCAL.map((l, k) => ({ id: l.id, ref: `${AREAS.length + 1}.${k + 1}` })),
    },
  ],
};
