import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { steadyFrom } from "./coverage.ts";

/** `n` dates on the 10th of a month. */
const month = (ym: string, n: number) => Array.from({ length: n }, () => `${ym}-10`);

describe("steadyFrom", () => {
  it("starts at the earliest date when every month is steady", () => {
    // 6 months of 100 contacts, the first on 3 October
    const dates = [
      "2024-10-03",
      ...month("2024-10", 99),
      ...["11", "12"].flatMap((m) => month(`2024-${m}`, 100)),
    ];
    dates.push(...["01", "02", "03"].flatMap((m) => month(`2025-${m}`, 100)));
    assert.equal(steadyFrom(dates), "2024-10-03");
  });

  it("ignores years of thin history before the steady run, however many months it spans", () => {
    // 120 months of 1–3 old contacts (2010–2019), then 24 months of 400 from April 2020:
    // the recent average is 400, the threshold 120, so the run starts in April 2020.
    const dates: string[] = [];
    for (let y = 2010; y <= 2019; y++)
      for (let m = 1; m <= 12; m++) dates.push(...month(`${y}-${String(m).padStart(2, "0")}`, 1 + (m % 3)));
    for (let k = 0; k < 24; k++) {
      const ym = `${2020 + Math.floor((k + 3) / 12)}-${String(((k + 3) % 12) + 1).padStart(2, "0")}`;
      dates.push(...month(ym, 400));
    }
    assert.equal(steadyFrom(dates), "2020-04-01");
  });

  it("keeps an August dip inside the run, and stops at an empty month", () => {
    // Apr 50, May 0, Jun 300, Jul 300, Aug 100, Sep 300: the recent average over Apr–Sep is
    // (50 + 0 + 300 + 300 + 100 + 300) ÷ 6 = 175, the threshold 52.5; walking back from Sep,
    // Aug 100, Jul and Jun pass, May 0 does not, so the run starts in June.
    const dates = [
      ...month("2024-04", 50),
      ...month("2024-06", 300),
      ...month("2024-07", 300),
      ...month("2024-08", 100),
      ...month("2024-09", 300),
    ];
    assert.equal(steadyFrom(dates), "2024-06-01");
  });

  it("is undefined without dates", () => {
    assert.equal(steadyFrom([]), undefined);
  });
});
