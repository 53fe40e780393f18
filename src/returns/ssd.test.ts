import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CATALOGUE } from "../indicators/catalogue.ts";
import { writeSsdExtract } from "./ssd.ts";
import { compared, differences, type RoundTripResult, roundTrip } from "./testing.ts";

describe("SSD extract round trip", () => {
  let r: RoundTripResult;
  before(async () => {
    r = await roundTrip([writeSsdExtract], { population: 6_000, years: 2 });
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

  it("gives every indicator the same figures", () => {
    const ids = CATALOGUE.map((i) => i.id);
    assert.ok(compared(r, ids) > 1000, `only ${compared(r, ids)} figures compared`);
    assert.deepEqual(differences(r, ids).slice(0, 10), []);
  });
});
