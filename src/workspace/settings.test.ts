import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserError } from "../errors/userError.ts";
import { indicatorOptions, parseSettings, populationByYear } from "./settings.ts";

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
