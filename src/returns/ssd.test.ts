import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CATALOGUE } from "../indicators/catalogue.ts";
import {
  compared,
  differences,
  fromCollectionYear,
  type RoundTripResult,
  roundTrip,
  uncompared,
} from "../testing/roundTrip.ts";
import { writeSsdExtract } from "./ssd.ts";

describe("SSD extract round trip", () => {
  let r: RoundTripResult;
  before(async () => {
    // as `demo --via ssd` writes it: the whole history. The data starts part-way through a year
    // (2023-08-01); the original's coverage is widened back to 2023-04-01 to compare that year whole
    r = await roundTrip([writeSsdExtract], {
      population: 6_000,
      years: 2,
      end: "2025-07-31",
      coverage: fromCollectionYear,
    });
  });
  after(() => r?.cleanup());

  it("imports without errors", () => {
    assert.equal(
      r.imports.errors,
      0,
      r.imports.issues
        .slice(0, 5)
        .map((i) => i.message)
        .join("\n"),
    );
  });

  it("gives every indicator the same figures, at every period from the first month", () => {
    const ids = CATALOGUE.map((i) => i.id);
    assert.deepEqual(uncompared(r, ids).slice(0, 10), []);
    assert.ok(compared(r, ids) > 1000, `only ${compared(r, ids)} figures compared`);
    assert.deepEqual(differences(r, ids).slice(0, 10), []);
  });
});
