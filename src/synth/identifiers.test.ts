import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ASSESSMENT_FACTORS } from "../ingest/cin/codes.ts";
import { assessmentFactors, syntheticUpn } from "./identifiers.ts";

describe("synthetic identifiers", () => {
  it("gives a UPN with DfE's check letter (digits 2–13 weighted 2–13, sum mod 23)", () => {
    // LA 801, establishment 2000 (child 1), issued 2005, serial 001: body 801200005001.
    // 8×2 + 0×3 + 1×4 + 2×5 + 0×6 + 0×7 + 0×8 + 0×9 + 5×10 + 0×11 + 0×12 + 1×13 = 93;
    // 93 = 4×23 + 1 → letter 1 of ABCDEFGHJKLMNPQRTUVWXYZ = B
    assert.equal(syntheticUpn("801", 1, 2005), "B801200005001");
    // LA 999 is no LA code: 372 stands in. Child 123456: establishment 2000 + 123 = 2123, serial 456,
    // issued 2019: body 372212319456. 3×2 + 7×3 + 2×4 + 2×5 + 1×6 + 2×7 + 3×8 + 1×9 + 9×10 + 4×11
    // + 5×12 + 6×13 = 6+21+8+10+6+14+24+9+90+44+60+78 = 370; 370 = 16×23 + 2 → C
    assert.equal(syntheticUpn("999", 123456, 2019), "C372212319456");
    // child 1000 of LA 372, issued 2010: body 372200110000 (establishment 2001, serial 000).
    // 3×2 + 7×3 + 2×4 + 2×5 + 0×6 + 0×7 + 1×8 + 1×9 + 0×10 + 0×11 + 0×12 + 0×13 = 6+21+8+10+8+9
    // = 62; 62 = 2×23 + 16 → letter 16 = T (I and O and S are not used)
    assert.equal(syntheticUpn("372", 1000, 2010), "T372200110000");
  });

  it("gives distinct children distinct UPNs", () => {
    const upns = new Set(Array.from({ length: 20_000 }, (_, k) => syntheticUpn("372", k + 1, 2015)));
    assert.equal(upns.size, 20_000);
  });

  it("gives each completed assessment one to three distinct DfE factors, the same for the same id", () => {
    const valid = new Set<string>(ASSESSMENT_FACTORS);
    const counts = new Map<string, number>();
    for (let k = 0; k < 2000; k++) {
      const id = `A${k}`;
      const factors = assessmentFactors(id).split(",");
      assert.ok(factors.length >= 1 && factors.length <= 3, `${id}: ${factors}`);
      assert.equal(new Set(factors).size, factors.length, `${id}: ${factors}`);
      for (const f of factors) {
        assert.ok(valid.has(f), f);
        counts.set(f, (counts.get(f) ?? 0) + 1);
      }
      assert.equal(assessmentFactors(id), factors.join(","));
    }
    // the list's head (domestic abuse) is commoner than its tail
    assert.ok((counts.get("3A") ?? 0) > 2 * (counts.get("10A") ?? 0), JSON.stringify([...counts]));
  });
});
