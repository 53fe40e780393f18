import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeSources, type Scorecard } from "../app/scorecard.ts";
import { renderScorecardHtml } from "./html.ts";

const CARD: Scorecard = {
  council: "Demo Borough Council (synthetic data)",
  laCode: "999",
  asAt: "2025-03-31",
  dataFrom: "2024-04-01",
  dataTo: "2025-03-31",
  ytdLabel: "2024-25",
  benchmarkCouncil: null,
  sections: [],
};

/** The report's notes paragraph, as text. */
function note(card: Scorecard): string {
  const html = renderScorecardHtml(card);
  return (/<p class="note">(.*?)<\/p>/s.exec(html)?.[1] ?? "").replaceAll("&#39;", "'");
}

describe("the report's note on benchmarks", () => {
  it("names the comparison council chosen by settings and where the figures came from", () => {
    const text = note({
      ...CARD,
      benchmarkCouncil: { laCode: "372", name: "Rotherham", fromSettings: true },
      benchmarkSources: describeSources([
        { origin: "shipped", publication: "Children in need, Reporting year 2025" },
        { origin: "shipped", publication: "Children in need, Reporting year 2025" },
        { origin: "imported", publication: "bds_long_0.parquet" },
      ]),
      benchmarksStored: true,
    });
    assert.match(
      text,
      /latest year to 31 March \(shipped with csc-scorecard: Children in need, Reporting year 2025; imported: bds_long_0\.parquet\): the statistical-neighbour average and quartile are those of LA 372 Rotherham \(a comparison council, chosen by settings benchmarks\.council\);/,
    );
  });

  it("tells a council DfE publishes no neighbours for how to choose one", () => {
    assert.match(
      note({ ...CARD, benchmarksStored: true }),
      /No benchmarks shown: DfE publishes no statistical neighbours for LA 999; set benchmarks\.council in settings\.json/,
    );
    assert.match(note(CARD), /No benchmarks imported \(scorecard benchmarks import\)\./);
  });
});
