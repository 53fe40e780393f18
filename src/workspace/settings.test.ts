import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserError } from "../errors/userError.ts";
import {
  councilList,
  forCouncil,
  indicatorOptions,
  parseSettings,
  populationByYear,
  settingsFile,
} from "./settings.ts";

const GOOD = {
  council: { name: "Rotherham", laCode: "372" },
  population: { "2024-25": 57_890, "2025-26": 58_120 },
};

describe("settings", () => {
  it("accepts a minimal file and fills the indicators.md defaults", () => {
    const s = parseSettings(GOOD);
    assert.deepEqual(indicatorOptions(s), {
      cpVisitWorkingDays: 10,
      claVisitStandard: "national",
      assessmentClockStartsAt: "assessment_start",
      careLeaverAges: [19, 21],
    });
    assert.deepEqual(
      [...populationByYear(s)],
      [
        [2024, 57_890],
        [2025, 58_120],
      ],
    );
  });

  it("takes a council's local standards", () => {
    const s = parseSettings({ ...GOOD, standards: { cpVisitWorkingDays: 15, claVisits: { everyDays: 28 } } });
    assert.equal(indicatorOptions(s).cpVisitWorkingDays, 15);
    assert.deepEqual(indicatorOptions(s).claVisitStandard, { everyDays: 28 });
  });

  it("names the field and the value of each problem", () => {
    assert.throws(
      () =>
        parseSettings({
          council: { name: "X", laCode: 372 },
          population: { "2024-26": 100, "2025-26": -5 },
        }),
      (e: unknown) => {
        assert.ok(e instanceof UserError);
        const lines = e.message.split("\n");
        assert.equal(lines.length, 3);
        assert.match(e.message, /settings\.json: council\.laCode: .* \(found 372\)/);
        assert.match(e.message, /population: "2024-26" is not a financial year; write years like "2024-25"/);
        assert.match(e.message, /population\.2025-26: a population is positive \(found -5\)/);
        return true;
      },
    );
  });

  it("rejects unknown keys rather than ignoring a misspelt setting", () => {
    assert.throws(
      () => parseSettings({ ...GOOD, standards: { cpVisitWorkingdays: 10 } }),
      /standards: .*cpVisitWorkingdays/,
    );
  });

  it("rejects care-leaver ages given the wrong way round", () => {
    assert.throws(
      () => parseSettings({ ...GOOD, standards: { careLeaverAges: [21, 19] } }),
      /first age must not be above/,
    );
  });
});

describe("settings of several councils", () => {
  const TWO = {
    councils: [
      { name: "Barnsley", laCode: "370", population: { "2024-25": 51_000 } },
      { name: "Rotherham", laCode: "372", population: { "2024-25": 57_890, "2025-26": 58_120 } },
    ],
  };

  it("lists every council; council and population are the first's until one is chosen", () => {
    const s = parseSettings(TWO);
    assert.deepEqual(
      s.councils.map((c) => c.laCode),
      ["370", "372"],
    );
    assert.deepEqual(s.council, { name: "Barnsley", laCode: "370" });
    const r = forCouncil(s, "372");
    assert.deepEqual(r.council, { name: "Rotherham", laCode: "372" });
    assert.deepEqual(
      [...populationByYear(r)],
      [
        [2024, 57_890],
        [2025, 58_120],
      ],
    );
    assert.deepEqual([...populationByYear(s, s.councils[0]!)], [[2024, 51_000]]);
    assert.equal(councilList(s), "370 Barnsley, 372 Rotherham");
    assert.throws(
      () => forCouncil(s, "999"),
      /LA 999 is not one of the workspace's councils \(370 Barnsley, 372 Rotherham\)/,
    );
  });

  it("writes each form back as it was: one council as council and population, several as councils", () => {
    const two = parseSettings(TWO);
    assert.deepEqual(settingsFile(two), { standards: two.standards, councils: TWO.councils });
    assert.deepEqual(parseSettings(settingsFile(two)), two);
    const one = parseSettings(GOOD);
    assert.deepEqual(settingsFile(one), { standards: one.standards, ...GOOD });
    assert.deepEqual(parseSettings(settingsFile(one)), one);
  });

  it("refuses both forms at once, a council listed twice, a missing council, and one benchmark council for several", () => {
    const messages = (raw: unknown) => {
      try {
        parseSettings(raw);
      } catch (e) {
        assert.ok(e instanceof UserError);
        return e.message;
      }
      assert.fail("accepted");
    };
    assert.match(
      messages({ ...TWO, council: GOOD.council }),
      /councils: write either "council" and "population" \(one council\) or "councils" \(several\), not both/,
    );
    assert.match(
      messages({ councils: [TWO.councils[0], { ...TWO.councils[0], name: "Again" }] }),
      /councils\.1\.laCode: LA 370 is listed twice \(found "370"\)/,
    );
    assert.match(messages({ population: GOOD.population }), /council: the council is required/);
    assert.match(
      messages({ council: GOOD.council }),
      /population: the 0–17 population by financial year is required/,
    );
    assert.match(messages({ councils: [] }), /councils: list at least one council/);
    assert.match(
      messages({ ...TWO, benchmarks: { council: "372" } }),
      /benchmarks\.council: with several councils each is compared with its own statistical neighbours/,
    );
    assert.match(
      messages({ councils: [{ name: "X", laCode: "37" }] }),
      /councils\.0\.laCode: the LA code is DfE's 3-digit code/,
    );
  });
});
