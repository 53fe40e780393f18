/**
 * The narrative against stored figures: the Darlington Q3 2017-18
 * arithmetic computed by the engine from the seed's inputs, and every
 * number of every sentence of a generated council held to the figure it
 * comes from.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { addMonths, monthEnd, monthStart } from "../calendar/dates.ts";
import type { PeriodType } from "../calendar/periods.ts";
import { type Database, query } from "../db/database.ts";
import { monthsElapsed } from "../framework/projection.ts";
import { CATALOGUE, findIndicator } from "../indicators/catalogue.ts";
import { FRONT_DOOR } from "../indicators/frontDoor.ts";
import { type Computed, computedGeneratedCouncil, computeScenario, TEST_LA } from "../testing/scenario.ts";
import { type FigureLookup, figureLookup, type StoredFigure } from "./figures.ts";
import { formatValue } from "./format.ts";
import {
  monthlySpc,
  type NarrativeInput,
  type NarrativePeriod,
  narrative,
  type Sentence,
} from "./narrative.ts";

async function storedFigures(db: Database): Promise<FigureLookup> {
  const rows = await query(
    db,
    `SELECT indicator, period_type, strftime(period_end, '%Y-%m-%d') AS period_end, value, numerator, denominator
     FROM indicator_values WHERE la_code = '${TEST_LA}'`,
  );
  return figureLookup(
    rows.map(
      (r): StoredFigure => ({
        indicator: String(r.indicator),
        period_type: r.period_type as PeriodType,
        period_end: String(r.period_end),
        value: r.value as number | null,
        numerator: r.numerator as number | null,
        denominator: r.denominator as number | null,
      }),
    ),
  );
}

/**
 * The numbers written in a sentence (dates, period names, the indicator's
 * title and the fixed phrases aside), as shown.
 */
function writtenNumbers(s: Sentence, title: string): string[] {
  const noun = /^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
  const text = s.text
    .replace(title, "")
    .replace(noun, "")
    .replace(
      /\b(\d{1,2} )?(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/g,
      "",
    )
    .replace(/Q[1-4] \d{4}-\d{2}|\d{4}-\d{2}\b/g, "")
    .replace(/per 10,000|0–17|fewer than 5|fewer than 12|rest on \d+ months|, \d+ months in all/g, "");
  return [...text.matchAll(/-?\d+(?:,\d{3})*(?:\.\d+)?%?/g)].map((m) => m[0].replace(/%$/, ""));
}

describe("narrative: Darlington Q3 2017-18 from the seed's inputs, computed by the engine", () => {
  // Seed: reference/seed-reports/004_33b5f853ef0042ac.txt, Darlington's Children's Social Care Monthly
  // Performance & Quality Assurance Report, Quarter 3 2017-18, section REFERRALS (lines 215–249 of the
  // text extract, which carries no page numbers): monthly referrals April–December 2017 and the year to
  // date rate per 10,000 ("CSC 013, CSC 012, CSC 014"), and the paragraph "To date there have been 803
  // referrals … a reduction of 254 (24%) … rate of referrals was 354.9 per 10,000 … year end rate of
  // referrals would be 473.2 per 10,000 … lower than the most recent national (548.2 per 10,000) …
  // and statistical (518.7 per 10,000) benchmarks".
  // The report does not print the 0–17 population; 22,626 is the one its rates imply
  // (803 × 10,000 ÷ 354.9 = 22,626.1; April's 102 → 45.1 and 2016-17's 1,472 → 650.6 agree).
  const MONTHLY_2017 = [102, 104, 104, 103, 87, 77, 97, 77, 52]; // April … December 2017, sum 803
  const YTD_RATE_2017 = [45.1, 91.0, 137.0, 182.5, 221.0, 255.0, 297.9, 331.9, 354.9]; // the seed's column
  // 2016-17 to December: the seed gives only the total, 1,057 (803 + 254); spread 118 × 4 + 117 × 5.
  const MONTHLY_2016 = [118, 118, 118, 118, 117, 117, 117, 117, 117];
  const ends = (year: number) => MONTHLY_2017.map((_, k) => monthEnd(addMonths(`${year}-04-01`, k)));
  let c: Computed;
  let figures: FigureLookup;
  before(async () => {
    const referrals: Record<string, string>[] = [];
    for (const [year, counts] of [
      [2016, MONTHLY_2016],
      [2017, MONTHLY_2017],
    ] as const) {
      ends(year).forEach((end, k) => {
        for (let n = 0; n < counts[k]!; n++) {
          const id = `R${year}-${k}-${n}`;
          referrals.push({
            cine_referral_id: id,
            cine_person_id: `C${id}`,
            cine_referral_date: `${end.slice(0, 8)}${String(1 + (n % 28)).padStart(2, "0")}`,
            cine_referral_nfa: "N",
          });
        }
      });
    }
    c = await computeScenario(FRONT_DOOR, {
      dataFrom: "2016-04-01",
      dataTo: "2017-12-31",
      population: { 2016: 22_626, 2017: 22_626 },
      tables: { ssd_cin_episodes: referrals },
    });
    figures = await storedFigures(c.db);
  });
  after(() => c.close());

  it("stores the seed's year-to-date rates month by month", async () => {
    const shown = [];
    for (const end of ends(2017))
      shown.push(Number((await c.figure("referrals_rate_10k", "ytd", end)).value!.toFixed(1)));
    assert.deepEqual(shown, YTD_RATE_2017);
    // December: 803 × 10,000 ÷ 22,626 = 354.90
    assert.deepEqual(await c.figure("referrals_rate_10k", "ytd", "2017-12-31"), {
      numerator: 803,
      denominator: 22_626,
      value: (803 * 10_000) / 22_626,
    });
  });

  it("writes the rate, its projection (473.2) and England, from the stored figure", () => {
    const sentences = narrative({
      indicator: findIndicator("referrals_rate_10k")!,
      periodType: "ytd",
      periodEnd: "2017-12-31",
      figures,
      benchmarks: { year: 2017, england: 548.2, snAverage: 518.7 },
    });
    assert.deepEqual(
      sentences.map((s) => s.text),
      [
        "In 2017-18 to date (April 2017 to December 2017), referrals per 10,000 children: 354.9 (803 in a 0–17 population of 22,626).",
        // 1,057 × 10,000 ÷ 22,626 = 467.16; 467.16 − 354.90 = 112.26 → 112.3; 112.26 ÷ 467.16 = 24.0% → 24%
        "This is a reduction of 112.3 (24%) compared with the same period of 2016-17 (467.2).",
        // 354.90 × 12 ÷ 9 = 473.20
        "If the current rate is maintained, the year end rate would be 473.2 per 10,000, lower than England (548.2) and the statistical neighbours' average (518.7).",
      ],
    );
    const projection = sentences.at(-1)!.numbers[0]!;
    assert.ok(Math.abs(projection.value - 473.2019) < 1e-4, String(projection.value)); // 803e4 ÷ 22,626 × 12 ÷ 9
  });

  it("writes the counts as the seed does: 803 to date, 254 (24%) fewer; Q3 226, 41 (15%) fewer than Q2", () => {
    const ytd = narrative({
      indicator: findIndicator("referrals")!,
      periodType: "ytd",
      periodEnd: "2017-12-31",
      figures,
    }).map((s) => s.text);
    assert.deepEqual(ytd, [
      "In 2017-18 to date (April 2017 to December 2017), there were 803 referrals.",
      // 1,057 − 803 = 254; 254 ÷ 1,057 = 24.0% → 24%
      "This is a reduction of 254 (24%) compared with the same period of 2016-17 (1,057).",
      // 803 × 12 ÷ 9 = 1,070.7 → 1,071
      "If the current rate is maintained, the year end figure would be 1,071.",
    ]);
    const quarter = narrative({
      indicator: findIndicator("referrals")!,
      periodType: "quarter",
      periodEnd: "2017-12-31",
      figures,
    }).map((s) => s.text);
    // Q3 97 + 77 + 52 = 226; Q2 103 + 87 + 77 = 267: 41 fewer, 41 ÷ 267 = 15.4% → 15%;
    // Q3 2016-17 118 + 117 + 117 + … = 117 × 3 = 351: 125 fewer, 125 ÷ 351 = 35.6% → 36%
    assert.deepEqual(quarter.slice(0, 2), [
      "During Q3 2017-18, there were 226 referrals.",
      "This is a reduction of 41 (15%) compared with Q2 2017-18 (267), and a reduction of 125 (36%) compared with Q3 2016-17 (351).",
    ]);
  });
});

/** Checks one sentence's numbers: each written one is listed, and each listed one equals its source. */
function checkSentence(
  s: Sentence,
  input: NarrativeInput,
  spc: ReturnType<typeof monthlySpc>,
  problems: string[],
): void {
  const ind = input.indicator;
  const written = writtenNumbers(s, ind.title).sort();
  const listed = s.numbers.map((n) => n.shown.replace(/%$/, "")).sort();
  if (JSON.stringify(written) !== JSON.stringify(listed)) {
    problems.push(`${s.text} writes ${written.join(" ")} but lists ${listed.join(" ")}`);
  }
  const unit = ind.unit === "percent" ? "percent" : "count";
  const current = input.figures(ind.id, input.periodType, input.periodEnd);
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  s.numbers.forEach((n, k) => {
    let expected: number | undefined;
    let decimals = ind.decimals;
    const m = /^figure (\S+) (\S+) (\S+) (value|numerator|denominator)$/.exec(n.source);
    if (m) {
      const f = input.figures(m[1]!, m[2] as PeriodType, m[3]!);
      expected = f?.[m[4] as "value" | "numerator" | "denominator"] ?? undefined;
      if (m[4] !== "value") decimals = 0;
    } else if (n.source === "difference" || n.source === "per cent change") {
      // the figure compared with follows its difference (and per cent change) in the list
      const was = s.numbers.slice(k + 1).find((x) => x.source.startsWith("figure "));
      const before = was && input.figures(ind.id, input.periodType, /(\S+) value$/.exec(was.source)![1]!);
      const diff = Math.abs(current!.value! - before!.value!);
      expected = n.source === "difference" ? diff : (100 * diff) / Math.abs(before!.value!);
      if (n.source === "per cent change") decimals = 0;
    } else if (n.source === "projection") {
      const ytd = input.figures(ind.id, "ytd", input.periodEnd)!.value!;
      expected = (ytd * 12) / monthsElapsed(input.periodEnd);
    } else if (n.source === "England") expected = input.benchmarks?.england ?? undefined;
    else if (n.source === "statistical neighbours' average")
      expected = input.benchmarks?.snAverage ?? undefined;
    else if (n.source === "SPC mean") expected = spc.mean ?? undefined;
    else if (n.source === "SPC upper limit") expected = spc.upper ?? undefined;
    else if (n.source === "SPC lower limit") expected = spc.lower ?? undefined;
    if (expected === undefined || !close(n.value, expected)) {
      problems.push(`${s.text}: ${n.shown} (${n.source}) is ${n.value}, its source ${expected}`);
      return;
    }
    const pct =
      n.source === "per cent change" ||
      (unit === "percent" && !/numerator|denominator|difference/.test(n.source));
    const shown = formatValue(expected, pct ? "percent" : "count", decimals);
    if (n.shown !== shown) problems.push(`${s.text}: shows ${n.shown}, its source written ${shown}`);
  });
}

describe("narrative: every number equals the stored figure it comes from (generated council)", () => {
  let db: Database;
  let figures: FigureLookup;
  before(async () => {
    db = await computedGeneratedCouncil({ seed: 3, population: 6_000, years: 2, endDate: "2025-03-31" });
    figures = await storedFigures(db);
  });
  after(() => db.close());

  for (const end of ["2024-12-31", "2025-02-28"]) {
    it(`at ${end}: every indicator, month, quarter and year to date`, () => {
      const problems: string[] = [];
      let sentences = 0;
      let numbers = 0;
      const topics = new Set<string>();
      for (const ind of CATALOGUE) {
        const spc = monthlySpc(figures, ind, monthEnd(addMonths(monthStart(end), -23)), end);
        for (const periodType of ["month", "quarter", "ytd"] as NarrativePeriod[]) {
          const input: NarrativeInput = {
            indicator: ind,
            periodType,
            periodEnd: end,
            figures,
            spc: periodType === "month" ? spc : null,
            benchmarks: { year: 2024, england: ind.unit === "percent" ? 71.3 : 412.6, snAverage: 55.5 },
          };
          for (const s of narrative(input)) {
            sentences++;
            numbers += s.numbers.length;
            topics.add(s.topic);
            checkSentence(s, input, spc, problems);
          }
        }
      }
      assert.deepEqual(problems, []);
      // the check covered every kind of sentence (targets have their own test in narrative.test.ts)
      assert.deepEqual([...topics].sort(), ["benchmark", "change", "latest", "projection", "signal"]);
      assert.ok(sentences > 400 && numbers > 1000, `${sentences} sentences, ${numbers} numbers`);
    });
  }
});
