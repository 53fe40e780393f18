import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type CodeField, readCode, spellingKey } from "./codes.ts";
import { SPELLINGS } from "./spellings.ts";

describe("Annex A spellings table", () => {
  it("keys are normalised as readCode looks them up", () => {
    const bad = Object.entries(SPELLINGS).flatMap(([field, table]) =>
      Object.keys(table)
        .filter((k) => spellingKey(k) !== k)
        .map((k) => `${field}: "${k}"`),
    );
    assert.deepEqual(bad, []);
  });

  it("every value is a DfE code of its field", () => {
    const bad = Object.entries(SPELLINGS).flatMap(([field, table]) =>
      Object.entries(table)
        .filter(([, code]) => readCode(field as CodeField, code).how !== "code")
        .map(([k, code]) => `${field}: "${k}" → ${code}`),
    );
    assert.deepEqual(bad, []);
  });

  it("maps a council's wording to its code through the table", () => {
    assert.deepEqual(readCode("abuse", "Emotional Abuse - only"), { code: "EMO", how: "spelling" });
    assert.deepEqual(readCode("abuse", "Likelihood of neglect"), { code: "NEG", how: "spelling" });
  });
});
