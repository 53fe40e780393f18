import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Scorecard } from "../app/scorecard.ts";
import { assertGolden } from "../testing/golden.ts";
import { escapeHtml, renderScorecardHtml } from "./html.ts";

const CARD: Scorecard = {
  council: "Testshire <County> Council",
  laCode: "999",
  asAt: "2015-12-31",
  dataFrom: "2013-04-01",
  dataTo: "2015-12-31",
  ytdLabel: "2015-16",
  benchmarkCouncil: { laCode: "372", name: "Rotherham" },
  sections: [
    {
      title: "Contact & referral (MASH)",
      lines: [
        {
          ref: "2.1",
          title: "Number of contacts",
          indicator: {
            id: "contacts",
            title: "Contacts received",
            polarity: "info",
            unit: "count",
            decimals: 0,
            kind: "flow",
            definition: "Contacts dated in the period.",
          },
          months: [
            { end: "2015-10-31", cell: { value: 935, numerator: null, denominator: null } },
            { end: "2015-11-30", cell: { value: 1029, numerator: null, denominator: null } },
            { end: "2015-12-31", cell: { value: 1041, numerator: null, denominator: null } },
          ],
          ytd: { value: 8727, numerator: null, denominator: null },
          ytdLastYear: { value: 7874, numerator: null, denominator: null },
          // 8,727 in 9 months → 8,727 × 12 ÷ 9 = 11,636
          projection: 11636,
          rolling12: { value: 11205, numerator: null, denominator: null },
          outturns: [
            { label: "2013-14", cell: { value: null, numerator: null, denominator: null } },
            { label: "2014-15", cell: { value: 10517, numerator: null, denominator: null } },
          ],
          direction: "higher",
          signal: false,
          rag: "grey",
          ratedOn: "month",
          target: "",
          benchmarks: {
            year: null,
            snAverage: null,
            england: null,
            quartile: null,
            compared: {
              name: "sn_average",
              label: "statistical neighbours' average",
              value: null,
              verdict: null,
            },
          },
        },
        {
          ref: "2.8",
          title: "% re-referral rate in the last 12 months (rolling year)",
          indicator: {
            id: "rereferrals_12m_pct",
            title: "% re-referrals within 12 months",
            polarity: "low",
            unit: "percent",
            decimals: 1,
            kind: "flow",
            definition: "Of referrals in the period, those with a referral in the 12 months before.",
          },
          months: [
            { end: "2015-10-31", cell: { value: 30.6, numerator: 115, denominator: 374 } },
            { end: "2015-11-30", cell: { value: 31.4, numerator: 160, denominator: 509 } },
            { end: "2015-12-31", cell: { value: 31.0, numerator: 150, denominator: 485 } },
          ],
          ytd: { value: 31.3, numerator: 1130, denominator: 3608 },
          ytdLastYear: { value: 23.1, numerator: 800, denominator: 3463 },
          projection: null,
          rolling12: { value: 29.3, numerator: 1322, denominator: 4513 },
          outturns: [
            { label: "2013-14", cell: { value: 24.9, numerator: 1000, denominator: 4016 } },
            { label: "2014-15", cell: { value: 22.8, numerator: 1029, denominator: 4513 } },
          ],
          direction: "improving",
          signal: true,
          rag: "red",
          ratedOn: "rolling12",
          target: "red > 26, amber 23–26, green ≤ 23",
          benchmarks: {
            year: 2015,
            snAverage: 23.6,
            england: 24,
            quartile: "D",
            compared: { name: "england", label: "England", value: 24, verdict: "worse" },
          },
        },
        {
          ref: "2.9",
          title: "% referrals going on to assessment",
          indicator: {
            id: "referrals_to_assessment_pct",
            title: "% referrals going on to assessment",
            polarity: "high",
            unit: "percent",
            decimals: 1,
            kind: "flow",
            definition: "Of referrals in the period, those followed by an assessment.",
          },
          months: [
            { end: "2015-10-31", cell: { value: null, numerator: null, denominator: null } },
            { end: "2015-11-30", cell: { value: null, numerator: null, denominator: null } },
            { end: "2015-12-31", cell: { value: null, numerator: null, denominator: null } },
          ],
          ytd: { value: null, numerator: null, denominator: null },
          ytdLastYear: { value: null, numerator: null, denominator: null },
          projection: null,
          rolling12: { value: null, numerator: null, denominator: null },
          outturns: [
            { label: "2013-14", cell: { value: null, numerator: null, denominator: null } },
            { label: "2014-15", cell: { value: null, numerator: null, denominator: null } },
          ],
          direction: "new",
          signal: false,
          rag: null,
          ratedOn: "month",
          target: "red < 83, amber 83–86, green ≥ 86",
          benchmarks: {
            year: 2015,
            snAverage: 85.9,
            england: 87.1,
            quartile: null,
            compared: {
              name: "sn_average",
              label: "statistical neighbours' average",
              value: 85.9,
              verdict: null,
            },
          },
        },
      ],
    },
  ],
};

describe("scorecard HTML", () => {
  it("matches the golden page", () => {
    assertGolden(join(import.meta.dirname, "golden", "scorecard.html"), renderScorecardHtml(CARD));
  });

  it("is self-contained: no scripts, links or remote resources", () => {
    const html = renderScorecardHtml(CARD);
    assert.doesNotMatch(html, /<script|<link|src=|url\(|@import|https?:\/\//i);
  });

  it("escapes text and shows counts beside percentages", () => {
    const html = renderScorecardHtml(CARD);
    assert.match(html, /Testshire &#60;County&#62; Council/);
    assert.match(html, /31\.0%<span class="sub">150 of 485<\/span>/);
    assert.match(html, /title="not yet available">–</);
    assert.equal(escapeHtml(`a"b'c&`), "a&#34;b&#39;c&#38;");
  });

  it("numbers and titles lines as the framework says", () => {
    const html = renderScorecardHtml(CARD);
    assert.match(
      html,
      /<td class="l">2\.8<\/td>\n<td class="l title"><span [^>]*>% re-referral rate in the last 12 months \(rolling year\)</,
    );
    assert.match(html, /<tr class="area"><th colspan="18">Contact &#38; referral \(MASH\)<\/th>/);
  });

  it("shows RAG as a coloured cell with its word and period, grey for information, blank for no value", () => {
    const html = renderScorecardHtml(CARD);
    assert.match(html, /<td class="rag rag-grey">Grey<\/td>/);
    assert.match(html, /<td class="rag rag-red">Red R12<\/td>/);
    // no value: a blank RAG cell, though a target is in force
    assert.match(
      html,
      /new<\/td>\n<td class="rag"><\/td>\n<td class="l target">red &#60; 83, amber 83–86, green ≥ 86<\/td>/,
    );
  });

  it("marks a special-cause month and shows the benchmarks", () => {
    const html = renderScorecardHtml(CARD);
    assert.match(html, /▲ improving \(signal\)<\/td>/);
    assert.match(html, /<td>23\.6%<\/td>\n<td>24\.0%<\/td>\n<td class="l">D<\/td>/);
    assert.match(html, /Benchmarks 2014-15/);
    assert.match(html, /those of LA 372 Rotherham \(a comparison council\)/);
  });
});

describe("published scorecard HTML", () => {
  /** CARD with small numbers: contacts Oct 4, Nov 0, Dec 5; re-referrals Oct 3 of 12, Nov 5 of 5. */
  const small = structuredClone(CARD);
  const [contacts, rereferrals] = small.sections[0]!.lines;
  contacts!.months[0]!.cell = { value: 4, numerator: null, denominator: null };
  contacts!.months[1]!.cell = { value: 0, numerator: null, denominator: null };
  contacts!.months[2]!.cell = { value: 5, numerator: null, denominator: null };
  rereferrals!.months[0]!.cell = { value: 25, numerator: 3, denominator: 12 };
  rereferrals!.months[1]!.cell = { value: 100, numerator: 5, denominator: 5 };

  it("shows counts of 1 to 4 as <5 and blanks the percentage they would reveal", () => {
    const html = renderScorecardHtml(small, { publish: true });
    assert.match(html, /<td title="suppressed: small numbers">&#60;5<\/td><td>0<\/td><td>5<\/td>/);
    assert.match(html, /<td title="suppressed: small numbers"><span class="sub">&#60;5 of 12<\/span><\/td>/);
    assert.match(html, /<td>100\.0%<span class="sub">5 of 5<\/span><\/td>/);
    assert.match(html, /counts of 1 to 4 are shown as/);
  });

  it("leaves the internal page unchanged", () => {
    const html = renderScorecardHtml(small);
    assert.match(html, /<td>4<\/td><td>0<\/td><td>5<\/td>/);
    assert.match(html, /25\.0%<span class="sub">3 of 12<\/span>/);
    assert.doesNotMatch(html, /&#60;5/);
  });
});
