import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { before, describe, it } from "node:test";
import { addMonths, fromDayNumber, monthEnd, toDayNumber } from "../calendar/dates.ts";
import { workingDaysBetween } from "../calendar/workingDays.ts";
import type { CellValue } from "../db/database.ts";
import {
  ABUSE_CATEGORIES,
  CARE_LEAVER_ACCOMMODATION,
  CARE_LEAVER_ACTIVITY,
  CARE_LEAVER_ELIGIBILITY,
  CARE_LEAVER_IN_TOUCH,
  CIN_CLOSURE_REASONS,
  CONTACT_OUTCOMES,
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
} from "../model/codes.ts";
import { tableSpec } from "../model/tables.ts";
import { DayCalendar } from "./calendar.ts";
import { type GenerateParams, type GenerateSummary, generateCouncil } from "./generate.ts";

type Rows = Record<string, CellValue[][]>;

function collect(params: GenerateParams): { rows: Rows; summary: GenerateSummary } {
  const rows: Rows = {};
  const summary = generateCouncil(params, (table, values) => {
    let list = rows[table];
    if (!list) {
      list = [];
      rows[table] = list;
    }
    list.push(values);
  });
  return { rows, summary };
}

function hashOf(params: GenerateParams): string {
  const h = createHash("sha256");
  generateCouncil(params, (table, values) => {
    h.update(table);
    h.update(JSON.stringify(values));
  });
  return h.digest("hex");
}

/** Column accessor by name, failing loudly on a typo. */
function col(table: string, name: string): number {
  const k = tableSpec(table)?.columns.findIndex((c) => c.name === name) ?? -1;
  assert.ok(k >= 0, `${table}.${name}`);
  return k;
}

function values(rows: Rows, table: string, name: string): CellValue[] {
  const k = col(table, name);
  return (rows[table] ?? []).map((r) => r[k]);
}

function checkShape(rows: Rows, params: GenerateParams): void {
  const earliest = toDayNumber("1980-01-01");
  const end = toDayNumber(params.endDate);
  for (const [table, list] of Object.entries(rows)) {
    const spec = tableSpec(table);
    assert.ok(spec, table);
    for (const r of list) {
      assert.equal(r.length, spec.columns.length, table);
      assert.equal(r[0], params.laCode);
      spec.columns.forEach((c, k) => {
        const v = r[k];
        if (v === null) return;
        if (c.type === "DATE") {
          assert.ok(Number.isInteger(v), `${table}.${c.name} ${v}`);
          assert.ok(
            (v as number) >= earliest && (v as number) <= end,
            `${table}.${c.name} ${fromDayNumber(v as number)}`,
          );
        } else if (c.type === "VARCHAR") assert.equal(typeof v, "string", `${table}.${c.name}`);
        else assert.equal(typeof v, "number", `${table}.${c.name}`);
      });
    }
  }
}

describe("calendar arithmetic", () => {
  it("agrees with src/calendar on working days and months", () => {
    const cal = new DayCalendar(toDayNumber("2015-01-01"), toDayNumber("2027-12-31"));
    const pairs: [string, string][] = [
      ["2024-12-20", "2025-01-03"], // 7, as indicators.md
      ["2023-05-05", "2023-05-09"], // coronation bank holiday
      ["2020-02-28", "2020-03-02"],
      ["2022-09-16", "2022-09-20"], // state funeral
    ];
    for (const [a, b] of pairs) {
      assert.equal(
        cal.workingDaysBetween(toDayNumber(a), toDayNumber(b)),
        workingDaysBetween(a, b),
        `${a}..${b}`,
      );
    }
    assert.equal(fromDayNumber(cal.addWorkingDays(toDayNumber("2024-12-20"), 7)), "2025-01-03");
    for (const d of ["2024-01-31", "2024-02-29", "2023-03-31", "2024-08-15"]) {
      assert.equal(fromDayNumber(cal.addMonths(toDayNumber(d), 1)), addMonths(d, 1));
      assert.equal(fromDayNumber(cal.addMonths(toDayNumber(d), -12)), addMonths(d, -12));
    }
    // A leap-day child turns 18 on 1 March.
    assert.equal(fromDayNumber(cal.addYears(toDayNumber("2008-02-29"), 18) as number), "2026-03-01");
  });
});

describe("synthetic council", () => {
  const small: GenerateParams = {
    seed: 42,
    population: 20_000,
    years: 1,
    endDate: "2024-03-31",
    laCode: "812",
  };

  it("is deterministic for a seed and differs between seeds", () => {
    const a = hashOf(small);
    assert.equal(hashOf(small), a);
    assert.notEqual(hashOf({ ...small, seed: 43 }), a);
  });

  const params: GenerateParams = {
    seed: 7,
    population: 100_000,
    years: 3,
    endDate: "2025-03-31",
    laCode: "330",
  };
  let rows: Rows;
  let summary: GenerateSummary;
  before(() => {
    ({ rows, summary } = collect(params));
  });

  it("covers exactly years × 12 months ending at endDate", () => {
    assert.equal(summary.dataFrom, "2022-04-01");
    assert.equal(summary.dataTo, "2025-03-31");
    const total = Object.entries(rows).reduce((s, [, r]) => s + r.length, 0);
    assert.equal(
      Object.values(summary.rowsByTable).reduce((s, n) => s + n, 0),
      total,
    );
    assert.equal(summary.children, rows.ssd_person?.length);
  });

  it("writes rows of the right shape, with whole-day dates never after endDate", () => {
    checkShape(rows, params);
    const other: GenerateParams = {
      seed: 5,
      population: 15_000,
      years: 1,
      endDate: "2024-09-30",
      laCode: "201",
    };
    checkShape(collect(other).rows, other);
    for (const id of values(rows, "ssd_person", "pers_person_id")) assert.match(id as string, /^C\d{7,}$/);
  });

  it("never ends a record before it starts", () => {
    const pairs: [string, string, string][] = [
      ["ssd_cin_episodes", "cine_referral_date", "cine_close_date"],
      ["ssd_cin_assessments", "cina_assessment_start_date", "cina_assessment_auth_date"],
      ["ssd_s47_enquiry", "s47e_s47_start_date", "s47e_s47_end_date"],
      ["ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"],
      ["ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"],
      ["ssd_cla_placement", "clap_cla_placement_start_date", "clap_cla_placement_end_date"],
      ["ssd_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date"],
      ["ssd_missing", "miss_missing_episode_start_date", "miss_missing_episode_end_date"],
      ["ssd_involvements", "invo_involvement_start_date", "invo_involvement_end_date"],
      ["ssd_immigration_status", "immi_immigration_status_start_date", "immi_immigration_status_end_date"],
    ];
    for (const [table, from, to] of pairs) {
      const a = values(rows, table, from) as number[];
      const b = values(rows, table, to) as (number | null)[];
      a.forEach((start, k) => {
        const end = b[k];
        assert.ok(
          end === null || end === undefined || end >= start,
          `${table}: ${fromDayNumber(start)} → ${end}`,
        );
      });
    }
  });

  it("uses DfE codes", () => {
    const check = (table: string, column: string, codes: readonly string[], nullable = true): void => {
      const allowed = new Set(codes);
      for (const v of values(rows, table, column)) {
        if (v === null && nullable) continue;
        assert.ok(allowed.has(v as string), `${table}.${column}: ${v}`);
      }
    };
    check("ssd_person", "pers_sex", SEX.codes, false);
    check("ssd_person", "pers_ethnicity", ETHNICITY.codes, false);
    check("ssd_contacts", "cont_contact_source_code", REFERRAL_SOURCES.codes, false);
    for (const json of values(rows, "ssd_contacts", "cont_contact_outcome_json")) {
      for (const code of JSON.parse(json as string) as string[])
        assert.ok(code in CONTACT_OUTCOMES.labels, code);
    }
    check("ssd_cin_episodes", "cine_referral_source_code", REFERRAL_SOURCES.codes, false);
    check("ssd_cin_episodes", "cine_cin_primary_need_code", PRIMARY_NEED.codes, false);
    check("ssd_cin_episodes", "cine_close_reason", CIN_CLOSURE_REASONS.codes);
    check("ssd_cp_plans", "cppl_cp_plan_initial_category", ABUSE_CATEGORIES.codes, false);
    check("ssd_cp_plans", "cppl_cp_plan_latest_category", ABUSE_CATEGORIES.codes, false);
    check("ssd_cla_episodes", "clae_cla_episode_start_reason", EPISODE_START_REASONS.codes, false);
    check("ssd_cla_episodes", "clae_cla_episode_ceased_reason", EPISODE_END_REASONS.codes);
    check("ssd_cla_episodes", "clae_cla_primary_need_code", PRIMARY_NEED.codes, false);
    check("ssd_cla_placement", "clap_cla_placement_type", PLACEMENT_TYPES.codes, false);
    check("ssd_cla_placement", "clap_cla_placement_provider", PLACEMENT_PROVIDERS.codes, false);
    check("ssd_cla_placement", "clap_cla_placement_change_reason", PLACEMENT_CHANGE_REASONS.codes);
    check("ssd_legal_status", "lega_legal_status", LEGAL_STATUSES.codes, false);
    check("ssd_cla_reviews", "clar_cla_review_participation", REVIEW_PARTICIPATION.codes, false);
    check("ssd_cp_reviews", "cppr_cp_review_participation", REVIEW_PARTICIPATION.codes, false);
    check("ssd_cla_health", "clah_health_check_type", HEALTH_CHECK_TYPES.codes, false);
    check("ssd_missing", "miss_missing_episode_type", MISSING_TYPES.codes, false);
    check("ssd_care_leavers", "clea_care_leaver_eligibility", CARE_LEAVER_ELIGIBILITY.codes, false);
    check("ssdx_care_leaver_contacts", "clec_in_touch", CARE_LEAVER_IN_TOUCH.codes, false);
    check("ssdx_care_leaver_contacts", "clec_accommodation", CARE_LEAVER_ACCOMMODATION.codes);
    check("ssdx_care_leaver_contacts", "clec_activity", CARE_LEAVER_ACTIVITY.codes);
    check("ssdx_care_leaver_contacts", "clec_accom_suitable", ["1", "2"]);
    check("ssd_immigration_status", "immi_immigration_status", ["UASC"], false);
    check("ssdx_strategy_discussions", "strd_outcome", ["S47", "NFA"], false);
    for (const [table, column] of [
      ["ssd_cp_plans", "cppl_cp_plan_ola"],
      ["ssd_initial_cp_conference", "icpc_icpc_outcome_cp_flag"],
      ["ssd_initial_cp_conference", "icpc_icpc_transfer_in"],
      ["ssd_cin_episodes", "cine_referral_nfa"],
      ["ssd_permanence", "perm_adopted_by_carer_flag"],
      ["ssd_cp_visits", "cppv_cp_visit_seen"],
      ["ssd_cla_visits", "clav_cla_visit_seen_alone"],
    ] as const) {
      check(table, column, ["Y", "N"]);
    }
  });

  it("keeps every table present and its keys unique", () => {
    for (const table of Object.keys(summary.rowsByTable)) {
      if (table === "ssdx_audits") continue;
      const spec = tableSpec(table)!;
      const keys = values(rows, table, spec.key);
      assert.ok(keys.length > 0, `${table} has rows`);
      assert.equal(new Set(keys).size, keys.length, `${table} keys unique`);
    }
  });

  it("links records to each other", () => {
    const persons = new Set(values(rows, "ssd_person", "pers_person_id"));
    for (const [table, list] of Object.entries(rows)) {
      const pc = tableSpec(table)?.personColumn;
      if (!pc || table === "ssd_person") continue;
      const k = col(table, pc);
      for (const r of list) assert.ok(persons.has(r[k]), `${table} person ${r[k]}`);
    }
    const referrals = new Set(values(rows, "ssd_cin_episodes", "cine_referral_id"));
    for (const id of values(rows, "ssd_cin_assessments", "cina_referral_id")) assert.ok(referrals.has(id));
    const s47s = new Set(values(rows, "ssd_s47_enquiry", "s47e_s47_enquiry_id"));
    const icpcS47 = values(rows, "ssd_initial_cp_conference", "icpc_s47_enquiry_id");
    const transfer = values(rows, "ssd_initial_cp_conference", "icpc_icpc_transfer_in");
    icpcS47.forEach((id, k) => {
      if (transfer[k] === "Y") assert.equal(id, null);
      else assert.ok(s47s.has(id), `ICPC → S47 ${id}`);
    });
    const strategyS47 = values(rows, "ssdx_strategy_discussions", "strd_s47_enquiry_id").filter(
      (x) => x !== null,
    );
    assert.equal(new Set(strategyS47).size, s47s.size, "each S47 initiated by one strategy discussion");
    const icpcs = new Set(values(rows, "ssd_initial_cp_conference", "icpc_icpc_id"));
    for (const id of values(rows, "ssd_cp_plans", "cppl_icpc_id")) assert.ok(icpcs.has(id));
    const plans = new Set(values(rows, "ssd_cp_plans", "cppl_cp_plan_id"));
    for (const id of values(rows, "ssd_cp_visits", "cppv_cp_plan_id")) assert.ok(plans.has(id));
    for (const id of values(rows, "ssd_cp_reviews", "cppr_cp_plan_id")) assert.ok(plans.has(id));
    const missing = new Set(values(rows, "ssd_missing", "miss_table_id"));
    for (const id of values(rows, "ssdx_missing_return_interviews", "mrhi_missing_id"))
      assert.ok(missing.has(id));

    // Placements belong to a period of care of the same child; episodes point at existing placements.
    const periodChild = new Map<CellValue, CellValue>();
    const e = rows.ssd_cla_episodes!;
    const [ePeriod, ePerson, ePlacement] = ["clae_cla_id", "clae_person_id", "clae_cla_placement_id"].map(
      (c) => col("ssd_cla_episodes", c),
    ) as [number, number, number];
    for (const r of e) periodChild.set(r[ePeriod], r[ePerson]);
    const placements = new Set(values(rows, "ssd_cla_placement", "clap_cla_placement_id"));
    const pPeriod = col("ssd_cla_placement", "clap_cla_id");
    const pPerson = col("ssd_cla_placement", "clap_person_id");
    for (const r of rows.ssd_cla_placement!)
      assert.equal(periodChild.get(r[pPeriod]), r[pPerson], "placement → period");
    for (const r of e) assert.ok(placements.has(r[ePlacement]), "episode → placement");
    for (const id of values(rows, "ssd_cla_reviews", "clar_cla_id"))
      assert.ok(periodChild.has(id), "review → period");
  });

  it("chains the episodes of a period with X1 and one entered-care date", () => {
    const e = rows.ssd_cla_episodes!;
    const [p, s, c, reason, entered] = [
      "clae_cla_id",
      "clae_cla_episode_start_date",
      "clae_cla_episode_ceased_date",
      "clae_cla_episode_ceased_reason",
      "clae_entered_care_date",
    ].map((n) => col("ssd_cla_episodes", n)) as [number, number, number, number, number];
    const byPeriod = new Map<CellValue, CellValue[][]>();
    for (const r of e) {
      const list = byPeriod.get(r[p]) ?? [];
      list.push(r);
      byPeriod.set(r[p], list);
    }
    for (const list of byPeriod.values()) {
      list.sort((a, b) => (a[s] as number) - (b[s] as number));
      for (let k = 0; k < list.length; k++) {
        assert.equal(list[k]![entered], list[0]![s]);
        if (k + 1 < list.length) {
          assert.equal(list[k]![reason], "X1");
          assert.equal(list[k]![c], list[k + 1]![s]);
        } else assert.notEqual(list[k]![reason], "X1");
        if (list[k]![c] !== null) assert.ok((list[k]![c] as number) >= (list[k]![s] as number));
      }
    }
  });

  describe("rates per 10,000 children (±15% of England-like targets)", () => {
    const per10k = (n: number): number => (n / params.population) * 10_000;
    const within = (label: string, actual: number, target: number, tolerance = 0.15): void => {
      assert.ok(
        Math.abs(actual - target) <= target * tolerance,
        `${label}: ${actual.toFixed(1)} vs target ${target} (±${tolerance * 100}%)`,
      );
    };
    const years = [0, 1, 2].map((k) => [
      toDayNumber(addMonths("2022-04-01", 12 * k)),
      toDayNumber(addMonths("2022-04-01", 12 * k + 12)) - 1,
    ]) as [number, number][];
    const yearly = (table: string, column: string, target: number): void => {
      const dates = values(rows, table, column) as (number | null)[];
      for (const [a, b] of years) {
        const n = dates.filter((d) => d !== null && d >= a && d <= b).length;
        within(`${table} ${fromDayNumber(a)}`, per10k(n), target);
      }
    };

    it("contacts, referrals, assessments, S47s and ICPCs a year", () => {
      yearly("ssd_contacts", "cont_contact_date", 2000);
      yearly("ssd_cin_episodes", "cine_referral_date", 520);
      yearly("ssd_cin_assessments", "cina_assessment_auth_date", 530);
      yearly("ssd_s47_enquiry", "s47e_s47_start_date", 190);
      yearly("ssd_initial_cp_conference", "icpc_icpc_date", 60);
    });

    it("re-referrals, second plans and timeliness", () => {
      const child = values(rows, "ssd_cin_episodes", "cine_person_id");
      const date = values(rows, "ssd_cin_episodes", "cine_referral_date") as number[];
      const byChild = new Map<CellValue, number[]>();
      child.forEach((c, k) => {
        byChild.set(c, [...(byChild.get(c) ?? []), date[k]!]);
      });
      let n = 0;
      let re = 0;
      for (const list of byChild.values()) {
        list.sort((a, b) => a - b);
        list.forEach((d, k) => {
          if (d < years[0]![0]) return;
          n++;
          const from = toDayNumber(addMonths(fromDayNumber(d), -12));
          if (list.slice(0, k).some((x) => x >= from && x < d)) re++;
        });
      }
      within("re-referrals %", (100 * re) / n, 22);

      const start = values(rows, "ssd_cp_plans", "cppl_cp_plan_start_date") as number[];
      const prev = values(rows, "ssd_cp_plans", "cppl_number_of_previous_cpp") as number[];
      const planChild = values(rows, "ssd_cp_plans", "cppl_person_id");
      let plans = 0;
      let second = 0;
      start.forEach((s, k) => {
        if (s < years[0]![0]) return;
        plans++;
        if (prev[k]! > 0 || start.some((t, j) => planChild[j] === planChild[k] && t < s)) second++;
      });
      within("second or subsequent plans %", (100 * second) / plans, 24, 0.2);

      const aStart = values(rows, "ssd_cin_assessments", "cina_assessment_start_date") as number[];
      const aAuth = values(rows, "ssd_cin_assessments", "cina_assessment_auth_date") as (number | null)[];
      let done = 0;
      let timely = 0;
      aAuth.forEach((d, k) => {
        if (d === null || d < years[1]![0] || d > years[1]![1]) return;
        done++;
        if (workingDaysBetween(fromDayNumber(aStart[k]!), fromDayNumber(d)) <= 45) timely++;
      });
      within("assessments within 45 working days %", (100 * timely) / done, 85, 0.05);

      const s47Start = new Map(
        (rows.ssd_s47_enquiry ?? []).map((r) => [
          r[col("ssd_s47_enquiry", "s47e_s47_enquiry_id")],
          r[col("ssd_s47_enquiry", "s47e_s47_start_date")] as number,
        ]),
      );
      const icpcS47 = values(rows, "ssd_initial_cp_conference", "icpc_s47_enquiry_id");
      const icpcDate = values(rows, "ssd_initial_cp_conference", "icpc_icpc_date") as number[];
      let held = 0;
      let quick = 0;
      icpcDate.forEach((d, k) => {
        const s = s47Start.get(icpcS47[k]);
        if (s === undefined || d < years[0]![0]) return;
        held++;
        if (workingDaysBetween(fromDayNumber(s), fromDayNumber(d)) <= 15) quick++;
      });
      within("ICPCs within 15 working days %", (100 * quick) / held, 80, 0.08);
    });

    it("children on CP plans and looked after at month ends", () => {
      const shortBreaks = new Set(
        (rows.ssd_legal_status ?? [])
          .filter((r) => ["V3", "V4"].includes(r[col("ssd_legal_status", "lega_legal_status")] as string))
          .map((r) => r[col("ssd_legal_status", "lega_person_id")]),
      );
      const stock = (table: string, person: string, from: string, to: string, at: number): number => {
        const [p, a, b] = [person, from, to].map((c) => col(table, c)) as [number, number, number];
        const open = new Set<CellValue>();
        for (const r of rows[table] ?? []) {
          if ((r[a] as number) <= at && (r[b] === null || (r[b] as number) > at) && !shortBreaks.has(r[p]))
            open.add(r[p]);
        }
        return open.size;
      };
      for (const d of ["2022-04-30", "2023-09-30", "2025-03-31"]) {
        const at = toDayNumber(monthEnd(d));
        within(
          `CP plans ${d}`,
          per10k(
            stock("ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", at),
          ),
          41,
        );
        within(
          `looked after ${d}`,
          per10k(
            stock(
              "ssd_cla_episodes",
              "clae_person_id",
              "clae_cla_episode_start_date",
              "clae_cla_episode_ceased_date",
              at,
            ),
          ),
          67,
        );
      }
    });
  });
});
