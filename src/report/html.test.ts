import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { assertGolden } from "../testing/golden.ts";
import { escapeHtml, renderScorecardHtml } from "./html.ts";
import type { Scorecard } from "./scorecard.ts";

const CARD: Scorecard = {
  council: "Testshire <County> Council",
  laCode: "999",
  asAt: "2015-12-31",
  dataFrom: "2013-04-01",
  dataTo: "2015-12-31",
  ytdLabel: "2015-16",
  areas: [
    {
      area: "Front door",
      lines: [
        {
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
          rolling12: { value: 11205, numerator: null, denominator: null },
          outturns: [
            { label: "2013-14", cell: { value: null, numerator: null, denominator: null } },
            { label: "2014-15", cell: { value: 10517, numerator: null, denominator: null } },
          ],
          direction: "higher",
        },
        {
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
          rolling12: { value: 29.3, numerator: 1322, denominator: 4513 },
          outturns: [
            { label: "2013-14", cell: { value: 24.9, numerator: 1000, denominator: 4016 } },
            { label: "2014-15", cell: { value: 22.8, numerator: 1029, denominator: 4513 } },
          ],
          direction: "improving",
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
});
