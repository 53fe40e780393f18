import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PeriodType } from "../calendar/periods.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import { figureLookup, type StoredFigure } from "./figures.ts";
import { monthlySpc, narrative, ordinal, type Sentence } from "./narrative.ts";

const ind = (id: string) => {
  const i = findIndicator(id);
  if (!i) throw new Error(id);
  return i;
};

function fig(
  indicator: string,
  period_type: PeriodType,
  period_end: string,
  value: number | null,
  numerator: number | null = null,
  denominator: number | null = null,
): StoredFigure {
  return { indicator, period_type, period_end, value, numerator, denominator };
}

/**
 * Every number written in a sentence (dates, period names and the fixed
 * "per 10,000" and "0–17" aside) is one of the numbers the sentence says
 * it shows, and vice versa.
 */
function assertNumbersListed(s: Sentence, title = ""): void {
  const text = s.text
    .replace(title, "")
    .replace(
      /\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/g,
      "",
    )
    .replace(/\b\d{1,2} (?=[A-Z][a-z]+ )/g, "")
    .replace(/Q[1-4] \d{4}-\d{2}|\d{4}-\d{2}\b/g, "")
    .replace(/per 10,000|0–17|fewer than 5|fewer than 12|rest on \d+ months|, \d+ months in all/g, "");
  const written = [...text.matchAll(/\d+(?:,\d{3})*(?:\.\d+)?%?/g)].map((m) => m[0].replace(/%$/, ""));
  const listed = s.numbers.map((n) => n.shown.replace(/%$/, ""));
  assert.deepEqual(written.sort(), listed.sort(), s.text);
}

describe("narrative: Darlington Q3 2017-18 (seed report)", () => {
  // Referrals year to date 803; 0–17 population 22,626 → 803 × 10,000 ÷ 22,626 = 354.90 per 10,000;
  // 9 months elapsed (April–December) → 354.90 × 12 ÷ 9 = 473.20. England 548.2, SN 518.7 (2016-17).
  const rate = (803 * 10000) / 22626;
  const figures = figureLookup([fig("referrals_rate_10k", "ytd", "2017-12-31", rate, 803, 22626)]);
  const sentences = narrative({
    indicator: ind("referrals_rate_10k"),
    periodType: "ytd",
    periodEnd: "2017-12-31",
    figures,
    benchmarks: { year: 2017, england: 548.2, snAverage: 518.7 },
  });

  it("states the rate with the referrals and population behind it", () => {
    const latest = sentences.find((s) => s.topic === "latest")!;
    assert.equal(
      latest.text,
      "In 2017-18 to date (April 2017 to December 2017), referrals per 10,000 children: 354.9 (803 in a 0–17 population of 22,626).",
    );
    assert.deepEqual(
      latest.numbers.map((n) => [n.shown, n.source]),
      [
        ["354.9", "figure referrals_rate_10k ytd 2017-12-31 value"],
        ["803", "figure referrals_rate_10k ytd 2017-12-31 numerator"],
        ["22,626", "figure referrals_rate_10k ytd 2017-12-31 denominator"],
      ],
    );
    assert.equal(latest.numbers[0]!.value, rate);
  });

  it("projects the year end rate, 473.2, and sets it against England", () => {
    const p = sentences.find((s) => s.topic === "projection")!;
    assert.equal(
      p.text,
      "If the current rate is maintained, the year end rate would be 473.2 per 10,000, lower than England (548.2) and the statistical neighbours' average (518.7).",
    );
    assert.ok(Math.abs(p.numbers[0]!.value - 473.2019) < 1e-4); // 354.9014 × 12 ÷ 9
    assert.equal(p.numbers[0]!.source, "projection");
  });

  it("lists every number it writes", () => {
    for (const s of sentences) assertNumbersListed(s);
  });

  it("gives the issue's wording when only England is known", () => {
    const p = narrative({
      indicator: ind("referrals_rate_10k"),
      periodType: "ytd",
      periodEnd: "2017-12-31",
      figures,
      benchmarks: { year: 2017, england: 548.2, snAverage: null },
    }).find((s) => s.topic === "projection")!;
    assert.equal(
      p.text,
      "If the current rate is maintained, the year end rate would be 473.2 per 10,000, lower than England (548.2).",
    );
  });
});

describe("narrative: counts against the previous quarter and last year", () => {
  // Darlington's Q3 2017-18 referrals 226, Q2 267 (seed); Q3 2016-17 taken as 310.
  const figures = figureLookup([
    fig("referrals", "quarter", "2017-12-31", 226),
    fig("referrals", "quarter", "2017-09-30", 267),
    fig("referrals", "quarter", "2016-12-31", 310),
    fig("referrals", "ytd", "2017-12-31", 803),
  ]);
  const sentences = narrative({
    indicator: ind("referrals"),
    periodType: "quarter",
    periodEnd: "2017-12-31",
    figures,
  });

  it("writes the seeds' sentences", () => {
    assert.deepEqual(
      sentences.map((s) => s.text),
      [
        "During Q3 2017-18, there were 226 referrals.",
        // 267 − 226 = 41, 41 ÷ 267 = 15.4% → 15%; 310 − 226 = 84, 84 ÷ 310 = 27.1% → 27%
        "This is a reduction of 41 (15%) compared with Q2 2017-18 (267), and a reduction of 84 (27%) compared with Q3 2016-17 (310).",
        // 803 × 12 ÷ 9 = 1,070.7 → 1,071
        "If the current rate is maintained, the year end figure would be 1,071.",
      ],
    );
    for (const s of sentences) assertNumbersListed(s);
  });

  it("names the source of each number of the change", () => {
    assert.deepEqual(
      sentences[1]!.numbers.map((n) => [n.value, n.source]),
      [
        [41, "difference"],
        [(100 * 41) / 267, "per cent change"],
        [267, "figure referrals quarter 2017-09-30 value"],
        [84, "difference"],
        [(100 * 84) / 310, "per cent change"],
        [310, "figure referrals quarter 2016-12-31 value"],
      ],
    );
  });

  it("omits the projection in March, when the year is complete", () => {
    const march = narrative({
      indicator: ind("referrals"),
      periodType: "ytd",
      periodEnd: "2018-03-31",
      figures: figureLookup([fig("referrals", "ytd", "2018-03-31", 1041)]),
    });
    assert.deepEqual(
      march.map((s) => s.text),
      ["In 2017-18 to date (April 2017 to March 2018), there were 1,041 referrals."],
    );
  });
});

describe("narrative: percentages, target and benchmarks", () => {
  // 213 of 220 = 96.82%; last month 201 of 214 = 93.93% → 2.9 points higher;
  // a year earlier 180 of 200 = 90.0% → 6.8 points higher.
  const figures = figureLookup([
    fig("assessments_45wd_pct", "month", "2017-12-31", (100 * 213) / 220, 213, 220),
    fig("assessments_45wd_pct", "month", "2017-11-30", (100 * 201) / 214, 201, 214),
    fig("assessments_45wd_pct", "month", "2016-12-31", 90, 180, 200),
  ]);
  const sentences = narrative({
    indicator: ind("assessments_45wd_pct"),
    periodType: "month",
    periodEnd: "2017-12-31",
    figures,
    judgement: { rag: "green", target: "red < 85, amber 85–90, green ≥ 90" },
    benchmarks: { year: 2017, england: 83, snAverage: 86 },
  });

  it("gives the figure, the change in percentage points, the target and the benchmarks", () => {
    assert.deepEqual(
      sentences.map((s) => s.text),
      [
        "In December 2017, % assessments completed within 45 working days: 96.8% (213 of 220).",
        "This is 2.9 percentage points higher than November 2017 (93.9%), and 6.8 percentage points higher than December 2016 (90.0%).",
        "This is green: it meets the target (red < 85, amber 85–90, green ≥ 90).",
        "This is better than England (83.0%) and the statistical neighbours' average (86.0%) (2016-17).",
      ],
    );
    for (const s of sentences) assertNumbersListed(s, "% assessments completed within 45 working days");
  });

  it("words amber and red with the tolerance", () => {
    const at = (rag: "amber" | "red") =>
      narrative({
        indicator: ind("assessments_45wd_pct"),
        periodType: "month",
        periodEnd: "2017-12-31",
        figures,
        judgement: { rag, target: "red < 85, amber 85–90, green ≥ 90" },
      }).find((s) => s.topic === "target")!.text;
    assert.equal(
      at("amber"),
      "This is amber: short of the target but within its tolerance (red < 85, amber 85–90, green ≥ 90).",
    );
    assert.equal(
      at("red"),
      "This is red: outside the target's tolerance (red < 85, amber 85–90, green ≥ 90).",
    );
  });
});

describe("narrative: SPC signal in plain words", () => {
  // 16 months alternating 12, 8 (sum 160), then 7 months alternating 11, 13 (sum 83):
  // mean 243 ÷ 23 = 10.565; moving ranges 15 × 4 + 3 + 6 × 2 = 75 over 22 → 3.409;
  // limits 10.565 ± 2.66 × 3.409 = 1.497 … 19.633, none beyond; the last 7 are above the mean.
  const values = [12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 11, 13, 11, 13, 11, 13, 11];
  const ends: string[] = [];
  for (let m = 0; m < 23; m++) {
    const y = 2016 + Math.floor((1 + m) / 12);
    const month = ((1 + m) % 12) + 1;
    ends.push(new Date(Date.UTC(y, month, 0)).toISOString().slice(0, 10));
  }
  const rows = values.map((v, i) => fig("rereferrals_12m_pct", "month", ends[i]!, v, v, 100));
  const figures = figureLookup(rows);

  it("counts the run: the seventh month in a row above the average, a concern for a lower-is-better measure", () => {
    assert.equal(ends[0], "2016-02-29");
    assert.equal(ends.at(-1), "2017-12-31");
    const spc = monthlySpc(figures, ind("rereferrals_12m_pct"), "2016-02-29", "2017-12-31");
    const s = narrative({
      indicator: ind("rereferrals_12m_pct"),
      periodType: "month",
      periodEnd: "2017-12-31",
      figures,
      spc,
    }).find((x) => x.topic === "signal")!;
    assert.equal(
      s.text,
      "December 2017 is the seventh month in a row above the average (10.6%): a real change, not noise, and a concern.",
    );
    assertNumbersListed(s);
  });

  it("calls a month inside the limits noise", () => {
    const spc = monthlySpc(figures, ind("rereferrals_12m_pct"), "2016-02-29", "2017-08-31");
    // months to August 2017: 12, 8 × 8 then 11, 13, 11 (19 values, sum 195): mean 10.263;
    // moving ranges 15 × 4 + 3 + 2 × 2 = 67 over 18 → 3.722; limits 10.263 ± 9.901 = 0.362 … 20.165
    const s = narrative({
      indicator: ind("rereferrals_12m_pct"),
      periodType: "month",
      periodEnd: "2017-08-31",
      figures,
      spc,
    }).find((x) => x.topic === "signal")!;
    assert.equal(
      s.text,
      "August 2017 is within the usual range (0.4% to 20.2% around an average of 10.3%): the change from month to month is noise, not a real change.",
    );
    assertNumbersListed(s);
  });

  it("words ordinals", () => {
    assert.deepEqual([1, 7, 12, 20, 21, 22, 23, 24].map(ordinal), [
      "first",
      "seventh",
      "twelfth",
      "twentieth",
      "21st",
      "22nd",
      "23rd",
      "24th",
    ]);
  });
});

describe("narrative: published form", () => {
  it("writes no count from 1 to 4 and nothing resting on one", () => {
    const figures = figureLookup([
      fig("icpc_children", "month", "2017-12-31", 3),
      fig("icpc_children", "month", "2017-11-30", 9),
      fig("icpc_children", "ytd", "2017-12-31", 40),
    ]);
    const input = {
      indicator: ind("icpc_children"),
      periodType: "month" as const,
      periodEnd: "2017-12-31",
      figures,
    };
    assert.deepEqual(
      narrative({ ...input, publish: true }).map((s) => s.text),
      [
        "In December 2017, there were fewer than 5 children subject to an ICPC.",
        // 40 × 12 ÷ 9 = 53.3 → 53: the year to date is not small
        "If the current rate is maintained, the year end figure would be 53.",
      ],
    );
    // internally the count and its change are written: 9 − 3 = 6, 6 ÷ 9 = 67%
    assert.deepEqual(
      narrative(input)
        .map((s) => s.text)
        .slice(0, 2),
      [
        "In December 2017, there were 3 children subject to an ICPC.",
        "This is a reduction of 6 (67%) compared with November 2017 (9).",
      ],
    );
  });

  it("leaves out a comparison with a suppressed month and a percentage resting on a small count", () => {
    const figures = figureLookup([
      fig("referrals", "month", "2017-12-31", 12),
      fig("referrals", "month", "2017-11-30", 2),
      fig("referrals", "month", "2016-12-31", 10),
      fig("icpc_15wd_pct", "month", "2017-12-31", 75, 3, 4),
    ]);
    const counts = narrative({
      indicator: ind("referrals"),
      periodType: "month",
      periodEnd: "2017-12-31",
      figures,
      publish: true,
    });
    // 12 − 10 = 2, 2 ÷ 10 = 20%; November's 2 is not mentioned
    assert.deepEqual(
      counts.map((s) => s.text),
      [
        "In December 2017, there were 12 referrals.",
        "This is an increase of 2 (20%) compared with December 2016 (10).",
      ],
    );
    const pct = narrative({
      indicator: ind("icpc_15wd_pct"),
      periodType: "month",
      periodEnd: "2017-12-31",
      figures,
      judgement: { rag: "red", target: "green ≥ 90" },
      benchmarks: { year: 2017, england: 77, snAverage: null },
      publish: true,
    });
    assert.deepEqual(
      pct.map((s) => s.text),
      [
        "In December 2017, % ICPCs within 15 working days of the strategy discussion: not published, as it rests on fewer than 5.",
      ],
    );
  });
});

describe("narrative: wording at the edges", () => {
  it("writes no process limit beyond what the measure can take (below 0, above 100%)", () => {
    // 0, 50, 0, 50 … over 12 months: mean 25, moving ranges 50 → limits 25 ± 2.66 × 50 = −108 … 158
    const ends = Array.from({ length: 12 }, (_, k) =>
      new Date(Date.UTC(2024, 3 + k + 1, 0)).toISOString().slice(0, 10),
    );
    const rows = ends.map((e, k) => fig("rereferrals_12m_pct", "month", e, k % 2 ? 50 : 0, k % 2 ? 1 : 0, 2));
    const figures = figureLookup(rows);
    const spc = monthlySpc(figures, ind("rereferrals_12m_pct"), ends[0]!, ends.at(-1)!);
    const s = narrative({
      indicator: ind("rereferrals_12m_pct"),
      periodType: "month",
      periodEnd: ends.at(-1)!,
      figures,
      spc,
    }).find((x) => x.topic === "signal")!;
    assert.equal(
      s.text,
      "March 2025 is within the usual range (around an average of 25.0%): the change from month to month is noise, not a real change.",
    );
    assertNumbersListed(s);
    // counts: 2, 0, 2, 0 …: mean 1, limits 1 ± 2.66 × 2 = −4.3 … 6.3; the upper is written, the lower not
    const counts = figureLookup(ends.map((e, k) => fig("icpc_children", "month", e, k % 2 ? 0 : 2)));
    const c = narrative({
      indicator: ind("icpc_children"),
      periodType: "month",
      periodEnd: ends.at(-1)!,
      figures: counts,
      spc: monthlySpc(counts, ind("icpc_children"), ends[0]!, ends.at(-1)!),
    }).find((x) => x.topic === "signal")!;
    assert.equal(
      c.text,
      "March 2025 is within the usual range (up to 6, around an average of 1): the change from month to month is noise, not a real change.",
    );
  });

  it("writes a count of one without a plural verb", () => {
    const s = narrative({
      indicator: ind("cla_ceased"),
      periodType: "month",
      periodEnd: "2025-03-31",
      figures: figureLookup([fig("cla_ceased", "month", "2025-03-31", 1)]),
    });
    assert.equal(s[0]!.text, "In March 2025, children who ceased to be looked after: 1.");
  });
});
