import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toDayNumber } from "../calendar/dates.ts";
import { placementTypeFor } from "./placementCodes.ts";

const span = (type: string, from: string, to: string) =>
  placementTypeFor(type, toDayNumber(from), toDayNumber(to));

describe("placement types by date", () => {
  it("keeps a type DfE accepted throughout the placement", () => {
    assert.equal(span("H5", "2023-01-01", "2023-06-01"), "H5");
    assert.equal(span("K3", "2024-05-01", "2026-01-01"), "K3");
    assert.equal(span("Z1", "2022-01-01", "2025-03-31"), "Z1");
    assert.equal(span("U6", "2015-01-01", "2030-01-01"), "U6");
  });

  it("substitutes the nearest type valid throughout", () => {
    // H5 went in 2025-26: one running into it is supported accommodation (K3, from 2024-25)
    assert.equal(span("H5", "2024-05-01", "2025-06-01"), "K3");
    // K3 before 2024-25 was semi-independent living (H5)
    assert.equal(span("K3", "2023-01-01", "2024-03-01"), "H5");
    // P2 withdrawn from 28 October 2023, before K3 existed
    assert.equal(span("P2", "2023-11-01", "2024-02-01"), "H5");
    assert.equal(span("P2", "2023-01-01", "2023-10-27"), "P2");
    // Z1 split into Z11–Z14 in 2025-26: "not otherwise classified" after, Z1 before
    assert.equal(span("Z1", "2025-04-01", "2025-09-01"), "Z13");
    assert.equal(span("Z14", "2023-01-01", "2023-03-01"), "H5");
    // across the 2025-26 change neither Z1 nor Z13 holds throughout: other foster care
    assert.equal(span("Z1", "2024-06-01", "2025-06-01"), "U6");
  });
});
