import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type ComparedIndicator,
  type CouncilFigure,
  compareCouncils,
  type NeighbourList,
} from "./compare.ts";

/**
 * Six real councils: Barnsley 370, Doncaster 371, Rotherham 372, Wakefield
 * 384, Tameside 357 and Sheffield 373, with their 10 statistical neighbours
 * as DfE's list (data/benchmarks/neighbours.csv.gz) gives them, closest first.
 * Among the six: 370 has 372, 384, 357, 371; 371 has 372, 370, 384, 357;
 * 372 has 370, 357, 371, 384; 384 has 370, 372, 357, 371; 357 has 372,
 * 370, 384; 373 has only 357.
 */
const NEIGHBOURS: NeighbourList[] = [
  { la_code: "370", neighbours: ["372", "384", "357", "371", "332", "894", "840", "390", "807", "394"] },
  { la_code: "371", neighbours: ["372", "370", "384", "894", "357", "812", "335", "861", "354", "813"] },
  { la_code: "372", neighbours: ["370", "357", "371", "384", "894", "332", "807", "394", "390", "840"] },
  { la_code: "384", neighbours: ["332", "370", "894", "372", "925", "357", "371", "813", "841", "888"] },
  { la_code: "357", neighbours: ["372", "390", "354", "370", "384", "332", "894", "879", "394", "880"] },
  { la_code: "373", neighbours: ["382", "851", "355", "383", "831", "354", "391", "852", "357", "350"] },
];
const COUNCILS = [
  { la_code: "357", name: "Tameside" },
  { la_code: "370", name: "Barnsley" },
  { la_code: "371", name: "Doncaster" },
  { la_code: "372", name: "Rotherham" },
  { la_code: "373", name: "Sheffield" },
  { la_code: "384", name: "Wakefield" },
];

const pct = (id: string, polarity: ComparedIndicator["polarity"]): ComparedIndicator => ({
  id,
  title: id,
  unit: "percent",
  decimals: 1,
  polarity,
});
const fig = (la_code: string, value: number | null, suppressed = false): CouncilFigure => ({
  la_code,
  value,
  numerator: null,
  denominator: null,
  ...(suppressed ? { suppressed } : {}),
});

const compare = (indicator: ComparedIndicator, figures: CouncilFigure[]) =>
  compareCouncils({
    indicator,
    periodType: "rolling12",
    periodEnd: "2025-03-31",
    councils: COUNCILS,
    figures,
    neighbours: NEIGHBOURS,
  });

const by = (c: ReturnType<typeof compare>) => new Map(c.places.map((p) => [p.la_code, p]));
const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

describe("compareCouncils: six councils, lower is better", () => {
  // re-referrals (low polarity): 373 12.0, 357 18.5, 370 20.0, 372 20.0, 371 25.0, 384 31.0
  const c = compare(pct("rereferrals_12m_pct", "low"), [
    fig("370", 20),
    fig("371", 25),
    fig("372", 20),
    fig("384", 31),
    fig("357", 18.5),
    fig("373", 12),
  ]);
  const p = by(c);

  it("ranks lowest first; the tie at 20.0 shares rank 3 and the next is 5", () => {
    assert.deepEqual(
      c.places.map((x) => [x.la_code, x.rank]),
      [
        ["373", 1],
        ["357", 2],
        ["370", 3],
        ["372", 3],
        ["371", 5],
        ["384", 6],
      ],
    );
  });

  it("mean, median and type-7 quartiles of the six", () => {
    // sorted 12, 18.5, 20, 20, 25, 31; mean 126.5 / 6
    close(c.mean, 126.5 / 6);
    // h = 5 × 0.5 = 2.5: 20 + 0.5 × (20 − 20)
    assert.equal(c.median, 20);
    // h = 5 × 0.25 = 1.25: 18.5 + 0.25 × (20 − 18.5) = 18.875
    assert.equal(c.q1, 18.875);
    // h = 5 × 0.75 = 3.75: 20 + 0.75 × (25 − 20) = 23.75
    assert.equal(c.q3, 23.75);
    assert.deepEqual([c.min, c.max, c.withFigure, c.councils], [12, 31, 6, 6]);
  });

  it("bands by LAIT's rule for low polarity: A ≤ Q1 < B ≤ median < C ≤ Q3 < D", () => {
    // 12, 18.5 ≤ 18.875 → A; 20, 20 ≤ 20 → B; none in (20, 23.75] → no C; 25, 31 → D
    assert.deepEqual(
      c.places.map((x) => [x.la_code, x.band]),
      [
        ["373", "A"],
        ["357", "A"],
        ["370", "B"],
        ["372", "B"],
        ["371", "D"],
        ["384", "D"],
      ],
    );
  });

  it("averages each council's neighbours among the six, saying how many are present", () => {
    // 370: 372 20 + 384 31 + 357 18.5 + 371 25 = 94.5 / 4
    assert.equal(p.get("370")!.neighbours.average, 23.625);
    assert.deepEqual(p.get("370")!.neighbours.present, ["372", "384", "357", "371"]);
    // 371: 372 20 + 370 20 + 384 31 + 357 18.5 = 89.5 / 4
    assert.equal(p.get("371")!.neighbours.average, 22.375);
    // 372: 370 20 + 357 18.5 + 371 25 + 384 31 = 94.5 / 4
    assert.equal(p.get("372")!.neighbours.average, 23.625);
    // 384: 370 20 + 372 20 + 357 18.5 + 371 25 = 83.5 / 4
    assert.equal(p.get("384")!.neighbours.average, 20.875);
    // 357: 372 20 + 370 20 + 384 31 = 71 / 3
    close(p.get("357")!.neighbours.average, 71 / 3);
    assert.equal(p.get("357")!.neighbours.present.length, 3);
    // 373: only 357 of its 10 is here
    assert.equal(p.get("373")!.neighbours.average, 18.5);
    assert.deepEqual(p.get("373")!.neighbours.present, ["357"]);
  });
});

describe("compareCouncils: higher is better, with a tie at displayed precision, no figure and a suppressed one", () => {
  // assessments in 45 working days (high): 372 90.0, 370 85.04 and 371 84.96 (both shown 85.0),
  // 373 60.0; 384 has no figure; 357's 70.0 is suppressed
  const c = compare(pct("assessments_45wd_pct", "high"), [
    fig("370", 85.04),
    fig("371", 84.96),
    fig("372", 90),
    fig("357", 70, true),
    fig("373", 60),
  ]);
  const p = by(c);

  it("ranks highest first; 85.04 and 84.96 are both 85.0 as shown, so share rank 2; the unranked come last", () => {
    assert.deepEqual(
      c.places.map((x) => [x.la_code, x.rank, x.unranked]),
      [
        ["372", 1, null],
        ["370", 2, null],
        ["371", 2, null],
        ["373", 4, null],
        ["357", null, "suppressed"],
        ["384", null, "no figure"],
      ],
    );
    assert.equal(p.get("370")!.value, 85.04);
    assert.equal(p.get("370")!.shown, 85);
    assert.equal(p.get("357")!.value, null);
  });

  it("takes mean, median and quartiles over the four with a figure", () => {
    // sorted 60, 85, 85, 90: mean 320 / 4 = 80
    assert.equal(c.mean, 80);
    assert.equal(c.withFigure, 4);
    assert.equal(c.councils, 6);
    // h = 3 × 0.25 = 0.75: 60 + 0.75 × 25 = 78.75
    assert.equal(c.q1, 78.75);
    // h = 1.5: 85 + 0.5 × 0
    assert.equal(c.median, 85);
    // h = 2.25: 85 + 0.25 × 5 = 86.25
    assert.equal(c.q3, 86.25);
  });

  it("bands by LAIT's rule for high polarity: D ≤ Q1 < C ≤ median < B ≤ Q3 < A", () => {
    // 90 > 86.25 → A; 85 ≤ 85 → C; 60 ≤ 78.75 → D
    assert.deepEqual(
      c.places.map((x) => [x.la_code, x.band]),
      [
        ["372", "A"],
        ["370", "C"],
        ["371", "C"],
        ["373", "D"],
        ["357", null],
        ["384", null],
      ],
    );
  });

  it("leaves councils with no figure out of the neighbours' averages but counts them present", () => {
    // 370: present 372, 384, 357, 371; with a figure 372 90 + 371 85 → 87.5
    assert.deepEqual(p.get("370")!.neighbours.present, ["372", "384", "357", "371"]);
    assert.deepEqual(p.get("370")!.neighbours.withFigure, ["372", "371"]);
    assert.equal(p.get("370")!.neighbours.average, 87.5);
    // 372: 370 85 + 371 85 → 85
    assert.equal(p.get("372")!.neighbours.average, 85);
    // 384 (no figure of its own): 370 85 + 372 90 + 371 85 = 260 / 3
    close(p.get("384")!.neighbours.average, 260 / 3);
    // 373: its one neighbour present, 357, is suppressed → no average
    assert.deepEqual(p.get("373")!.neighbours.present, ["357"]);
    assert.deepEqual(p.get("373")!.neighbours.withFigure, []);
    assert.equal(p.get("373")!.neighbours.average, null);
  });
});

describe("compareCouncils: measures with no polarity, and councils DfE does not list", () => {
  it("an information measure is listed highest first with no rank or band", () => {
    const c = compare(pct("referrals_nfa_pct", "info"), [fig("370", 10), fig("371", 30), fig("372", 20)]);
    assert.equal(c.rankedBy, "info");
    assert.deepEqual(
      c.places.map((x) => [x.la_code, x.rank, x.band, x.unranked]),
      [
        ["371", null, null, "no polarity"],
        ["372", null, null, "no polarity"],
        ["370", null, null, "no polarity"],
        ["357", null, null, "no figure"],
        ["373", null, null, "no figure"],
        ["384", null, null, "no figure"],
      ],
    );
    // median of 10, 20, 30
    assert.equal(c.median, 20);
  });

  it("a code with no neighbour group has none listed and no average", () => {
    const c = compareCouncils({
      indicator: pct("rereferrals_12m_pct", "low"),
      periodType: "month",
      periodEnd: "2025-03-31",
      councils: [
        { la_code: "999", name: "Synthetic" },
        { la_code: "370", name: "Barnsley" },
      ],
      figures: [fig("999", 10), fig("370", 20)],
      neighbours: NEIGHBOURS,
    });
    const synthetic = c.places.find((x) => x.la_code === "999")!;
    assert.deepEqual(synthetic.neighbours, { listed: false, present: [], withFigure: [], average: null });
    assert.equal(synthetic.rank, 1);
  });
});
