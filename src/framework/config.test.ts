import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { UserError } from "../errors/userError.ts";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { parseSettings } from "../workspace/settings.ts";
import { frameworkIndicators, parseFramework } from "./config.ts";
import { DEFAULT_FRAMEWORK } from "./defaultFramework.ts";
import { loadFramework } from "./load.ts";

const tmp = mkdtempSync(join(tmpdir(), "framework-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const COUNCIL = { council: { name: "Rotherham", laCode: "372" }, population: { "2015-16": 56_400 } };

/** The error lines a bad framework gets. */
function problems(raw: unknown): string[] {
  try {
    parseFramework(raw, "fw.json");
  } catch (e) {
    assert.ok(e instanceof UserError);
    return e.message.split("\n");
  }
  assert.fail("expected the framework to be rejected");
}

describe("the default framework", () => {
  const fw = parseFramework(DEFAULT_FRAMEWORK);

  it("lists every catalogue indicator once, in catalogue order, numbered by area, then the local workforce section", () => {
    assert.deepEqual(
      frameworkIndicators(fw).map((i) => i.id),
      [...CATALOGUE.map((i) => i.id), "agency_staff_pct", "vacancy_rate_pct", "turnover_pct"],
    );
    const local = fw.sections.at(-1)!;
    assert.deepEqual(
      [local.title, ...local.indicators.map((i) => `${i.ref} ${i.indicator.unit} ${i.local?.kind}`)],
      ["Workforce (local)", "11.1 percent stock", "11.2 percent stock", "11.3 percent stock"],
    );
    const first = fw.sections[0]!;
    assert.equal(first.title, "Front door");
    assert.deepEqual(
      first.indicators.slice(0, 2).map((i) => [i.ref, i.title]),
      [
        ["1.1", "Contacts received"],
        ["1.2", "% of contacts progressing to referral"],
      ],
    );
  });

  it("rates re-referrals over the rolling year against Rotherham's 23% / 26%", () => {
    const r = frameworkIndicators(fw).find((i) => i.id === "rereferrals_12m_pct")!;
    assert.equal(r.ratedOn, "rolling12");
    assert.deepEqual(
      r.targets.map(({ form, from }) => ({ form, from })),
      [{ form: "threshold", from: "2010-04-01" }],
    );
    const contacts = frameworkIndicators(fw).find((i) => i.id === "contacts")!;
    assert.deepEqual([contacts.ratedOn, contacts.targets], ["month", []]);
  });
});

describe("a council's framework", () => {
  const ROTHERHAM = {
    name: "Rotherham monthly report",
    sections: [
      {
        title: "Contact & referral (MASH)",
        indicators: [
          { id: "contacts", ref: "2.1", title: "Number of contacts" },
          {
            id: "rereferrals_12m_pct",
            ref: "2.8",
            title: "% re-referral rate in the last 12 months (rolling year)",
            ratedOn: "rolling12",
            targets: [
              { form: "threshold", green: 23, amber: 26, from: "2015-04-01" },
              { form: "threshold", green: 22, amber: 25, from: "2015-12-01" },
            ],
          },
        ],
      },
      {
        title: "Assessments",
        indicators: [{ id: "assessments_45wd_pct", ref: "3.3" }, { id: "assessments_completed" }],
      },
    ],
  };

  it("renumbers, reorders, retitles and hides indicators", () => {
    const fw = parseFramework(ROTHERHAM);
    assert.deepEqual(
      frameworkIndicators(fw).map((i) => [i.ref, i.id, i.title]),
      [
        ["2.1", "contacts", "Number of contacts"],
        ["2.8", "rereferrals_12m_pct", "% re-referral rate in the last 12 months (rolling year)"],
        ["3.3", "assessments_45wd_pct", "% assessments completed within 45 working days"],
        // no ref: section 2, position 2
        ["2.2", "assessments_completed", "Assessments completed"],
      ],
    );
    // every other indicator is hidden
    assert.equal(frameworkIndicators(fw).length, 4);
    assert.deepEqual(
      fw.sections.map((s) => s.title),
      ["Contact & referral (MASH)", "Assessments"],
    );
    assert.deepEqual(fw.direction, { basis: "previous", noChangeWithin: 0 });
  });

  it("names the field and the value of every problem", () => {
    const lines = problems({
      sections: [
        {
          title: "Front door",
          indicators: [
            { id: "contacts_recieved" },
            { id: "contacts", targets: [{ form: "threshold", green: 900, from: "2015-04-01" }] },
            {
              id: "assessments_45wd_pct",
              ref: "1.1",
              targets: [{ form: "threshold", green: 83, amber: 86, from: "2015-4-1" }],
            },
            { id: "contacts", colour: "red" },
          ],
        },
      ],
      direction: { basis: "last month" },
    });
    // shape first: the catalogue checks wait until the file's shape is right
    assert.deepEqual(lines, [
      'fw.json: direction.basis: Invalid option: expected one of "previous"|"same period last year" (found "last month")',
      'fw.json: sections.0.indicators.3: Unrecognized key: "colour"',
    ]);
    const more = problems({
      sections: [
        {
          title: "Front door",
          indicators: [
            { id: "contacts_recieved" },
            { id: "contacts", targets: [{ form: "threshold", green: 900, from: "2015-04-01" }] },
            {
              id: "assessments_45wd_pct",
              ref: "1.1",
              targets: [{ form: "threshold", green: 83, amber: 86, from: "2015-4-1" }],
            },
            { id: "contacts" },
          ],
        },
      ],
    });
    assert.deepEqual(more, [
      'fw.json: sections.0.indicators.0.id: no such indicator in the catalogue (see scorecard indicators) nor declared under local (found "contacts_recieved")',
      'fw.json: sections.0.indicators.1.targets.0: an information measure is not rated: use form "none" (found form "threshold") (contacts is an information measure)',
      'fw.json: sections.0.indicators.2.ref: reference number "1.1" is already used at sections.0.indicators.0 (found "1.1")',
      'fw.json: sections.0.indicators.2.targets.0.from: a date is written YYYY-MM-DD (assessments_45wd_pct is polarity high) (found "2015-4-1")',
      "fw.json: sections.0.indicators.2.targets.0: high is good, so amber (86) must not be above green (83) (assessments_45wd_pct is polarity high)",
      'fw.json: sections.0.indicators.3.id: listed twice (first at sections.0.indicators.1) (found "contacts")',
    ]);
  });

  it("is read inline from settings.json or from the file settings.json names", () => {
    const inline = parseSettings({ ...COUNCIL, framework: ROTHERHAM });
    assert.equal(frameworkIndicators(loadFramework(inline, tmp))[1]!.ref, "2.8");

    writeFileSync(join(tmp, "framework.json"), JSON.stringify(ROTHERHAM));
    const file = parseSettings({ ...COUNCIL, framework: "framework.json" });
    assert.equal(loadFramework(file, tmp).name, "Rotherham monthly report");

    const noDefault = parseSettings(COUNCIL);
    // the catalogue and the default's 3 local workforce indicators
    assert.equal(frameworkIndicators(loadFramework(noDefault, tmp)).length, CATALOGUE.length + 3);

    const bad = parseSettings({ ...COUNCIL, framework: { sections: [] } });
    assert.throws(
      () => loadFramework(bad, tmp),
      (e: Error) => e.message === "settings.json: framework.sections: a framework has at least one section",
    );
    const missing = parseSettings({ ...COUNCIL, framework: "nowhere.json" });
    assert.throws(() => loadFramework(missing, tmp), /nowhere\.json: cannot read the framework file/);
  });

  it("places declared local indicators in sections, with targets against their polarity", () => {
    const fw = parseFramework({
      local: [
        {
          id: "agency_staff_pct",
          title: "Agency social workers",
          unit: "percent",
          polarity: "low",
          kind: "stock",
        },
        {
          id: "audits_good_plus",
          title: "Audits good or better",
          unit: "number",
          polarity: "high",
          kind: "flow",
          decimals: 0,
          definition: "Case audits graded good or outstanding.",
        },
      ],
      sections: [
        {
          title: "Workforce",
          indicators: [
            {
              id: "agency_staff_pct",
              ref: "W1",
              targets: [{ form: "threshold", green: 15, amber: 18, from: "2025-04-01" }],
            },
            { id: "caseload_average" },
          ],
        },
      ],
    });
    const [agency, caseload] = frameworkIndicators(fw);
    assert.deepEqual(
      [agency!.local?.unit, agency!.indicator.decimals, agency!.indicator.title, agency!.targets.length],
      ["percent", 1, "Agency social workers", 1],
    );
    assert.equal(caseload!.local, undefined);
    // declared but not placed: still known (its values can be imported), not shown
    const audits = fw.local.find((l) => l.id === "audits_good_plus")!;
    assert.deepEqual(
      [audits.unit, audits.decimals, audits.definition],
      ["number", 0, "Case audits graded good or outstanding."],
    );
  });

  it("names the field and value of every bad local declaration", () => {
    const lines = problems({
      local: [
        { id: "Agency%", title: "Agency", unit: "percent", polarity: "low", kind: "stock" },
        {
          id: "vacancies",
          title: "Vacancies",
          unit: "fte",
          polarity: "down",
          kind: "snapshot",
          decimals: 1.5,
        },
        { id: "leavers", title: "", unit: "count", polarity: "low", kind: "flow", colour: "red" },
      ],
      sections: [{ title: "Workforce", indicators: [{ id: "vacancies" }] }],
    });
    assert.deepEqual(lines, [
      'fw.json: local.0.id: an id is lower_snake_case: a-z, 0-9 and _, starting with a letter (found "Agency%")',
      'fw.json: local.1.unit: unit is one of count, percent, rate10k, days, ratio, number (found "fte")',
      'fw.json: local.1.polarity: polarity is one of high, low, info, range (found "down")',
      'fw.json: local.1.kind: kind is one of flow (summed over a window), stock (a window\'s last month) (found "snapshot")',
      "fw.json: local.1.decimals: decimals is a whole number (found 1.5)",
      'fw.json: local.2.title: a local indicator needs a title (found "")',
      'fw.json: local.2: Unrecognized key: "colour"',
    ]);
    const more = problems({
      local: [
        { id: "contacts", title: "Contacts", unit: "count", polarity: "info", kind: "flow" },
        { id: "agency_pct", title: "Agency", unit: "percent", polarity: "low", kind: "stock" },
        { id: "agency_pct", title: "Agency again", unit: "percent", polarity: "low", kind: "stock" },
      ],
      sections: [
        {
          title: "Workforce",
          indicators: [
            { id: "agency_pct", targets: [{ form: "threshold", green: 20, amber: 15, from: "2025-04-01" }] },
            { id: "vacancy_pct" },
          ],
        },
      ],
    });
    assert.deepEqual(more, [
      'fw.json: local.0.id: clashes with the catalogue indicator "Contacts received": a local indicator needs an id of its own (found "contacts")',
      'fw.json: local.2.id: declared twice (first at local.1) (found "agency_pct")',
      "fw.json: sections.0.indicators.0.targets.0: low is good, so amber (15) must not be below green (20) (agency_pct is polarity low)",
      'fw.json: sections.0.indicators.1.id: no such indicator in the catalogue (see scorecard indicators) nor declared under local (found "vacancy_pct")',
    ]);
  });

  it("rejects a benchmark council that is not a 3-digit code", () => {
    assert.throws(
      () => parseSettings({ ...COUNCIL, benchmarks: { council: 372 } }),
      /benchmarks\.council: .*\(found 372\)/,
    );
    assert.deepEqual(parseSettings({ ...COUNCIL, benchmarks: { council: "372" } }).benchmarks, {
      council: "372",
      snMethod: "mean",
    });
  });
});

describe("which benchmark each indicator is compared with", () => {
  it("defaults to the statistical-neighbour average, set for the framework or per indicator", () => {
    const fw = parseFramework({
      compareWith: "england",
      sections: [
        {
          title: "Front door",
          indicators: [{ id: "referrals" }, { id: "rereferrals_12m_pct", compareWith: "best_sn" }],
        },
      ],
    });
    assert.deepEqual(
      frameworkIndicators(fw).map((f) => f.compareWith),
      ["england", "best_sn"],
    );
    const plain = parseFramework({ sections: [{ title: "A", indicators: [{ id: "referrals" }] }] });
    assert.equal(frameworkIndicators(plain)[0]!.compareWith, "sn_average");
  });

  it("names an unknown benchmark precisely", () => {
    assert.deepEqual(
      problems({
        sections: [{ title: "A", indicators: [{ id: "referrals", compareWith: "wales" }] }],
      }),
      [
        'fw.json: sections.0.indicators.0.compareWith: compareWith is one of sn_average, best_sn, england, region, median, top_quartile (found "wales")',
      ],
    );
  });
});
