import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { monthEnd } from "../calendar/dates.ts";
import { createSchema, openDatabase, query } from "../db/database.ts";
import { parseFramework } from "../framework/config.ts";
import { deriveFigures, deriveLocalFigures, type MonthFigure } from "./derive.ts";
import { storeLocalValues } from "./store.ts";

const m = (
  month: string,
  numerator: number | null,
  denominator: number | null,
  value: number | null = null,
): MonthFigure => ({
  month,
  numerator,
  denominator,
  value,
});

/** "type end numerator/denominator value" for each figure, value to 2 places. */
const shown = (figures: ReturnType<typeof deriveFigures>) =>
  figures.map(
    (f) =>
      `${f.period_type} ${f.period_start}..${f.period_end} ${f.numerator ?? ""}/${f.denominator ?? ""} ${f.value?.toFixed(2) ?? "null"}`,
  );

describe("deriving local figures", () => {
  const q1 = [m("2025-04-30", 10, 100), m("2025-05-31", 20, 100), m("2025-06-30", 30, 150)];

  it("sums a flow percentage's numerators and denominators over each window", () => {
    const figures = deriveFigures({ unit: "percent", kind: "flow" }, q1);
    assert.deepEqual(
      shown(figures).filter((f) => f.includes("2025-06-30")),
      [
        "month 2025-06-01..2025-06-30 30/150 20.00",
        // 10+20+30 = 60 of 100+100+150 = 350: 17.14%
        "quarter 2025-04-01..2025-06-30 60/350 17.14",
        "ytd 2025-04-01..2025-06-30 60/350 17.14",
        // no rolling 12 months: only 3 months of figures
      ],
    );
    // May: quarter and YTD are Apr–May, 30/200 = 15%
    assert.ok(shown(figures).includes("quarter 2025-04-01..2025-05-31 30/200 15.00"));
  });

  it("takes a stock's last month for every window", () => {
    const figures = deriveFigures({ unit: "percent", kind: "stock" }, q1);
    const june = shown(figures).filter((f) => f.includes("2025-06-30"));
    // Jun 30/150 = 20%; no rolling 12 months: it would start before April, the first month
    assert.deepEqual(june, [
      "month 2025-06-01..2025-06-30 30/150 20.00",
      "quarter 2025-04-01..2025-06-30 30/150 20.00",
      "ytd 2025-04-01..2025-06-30 30/150 20.00",
    ]);
  });

  it("gives a flow percentage without numerator and denominator its months only", () => {
    const figures = deriveFigures({ unit: "percent", kind: "flow" }, [
      m("2025-04-30", null, null, 10),
      m("2025-05-31", null, null, 20),
    ]);
    assert.deepEqual(
      figures.map((f) => f.period_type),
      ["month", "month"],
    );
  });

  it("sums a flow count's values, and gives no window with a month missing", () => {
    const figures = deriveFigures({ unit: "count", kind: "flow" }, [
      m("2025-04-30", null, null, 7),
      m("2025-05-31", null, null, 5),
      m("2025-07-31", null, null, 4),
    ]);
    // Apr–May: 7 + 5 = 12; July's quarter (Jul) is 4; July's YTD would need June: none
    assert.deepEqual(
      shown(figures).filter((f) => !f.startsWith("month")),
      [
        "quarter 2025-04-01..2025-04-30 / 7.00",
        "ytd 2025-04-01..2025-04-30 / 7.00",
        "quarter 2025-04-01..2025-05-31 / 12.00",
        "ytd 2025-04-01..2025-05-31 / 12.00",
        "quarter 2025-07-01..2025-07-31 / 4.00",
      ],
    );
  });

  it("writes a year at 31 March and replaces what was derived before", async () => {
    const db = await openDatabase(":memory:");
    try {
      await createSchema(db);
      const fw = parseFramework({
        local: [
          {
            id: "early_help_open",
            title: "Early help cases open",
            unit: "count",
            polarity: "info",
            kind: "stock",
          },
        ],
        sections: [{ title: "Early help", indicators: [{ id: "early_help_open" }] }],
      });
      const months = [
        "2024-04",
        "2024-05",
        "2024-06",
        "2024-07",
        "2024-08",
        "2024-09",
        "2024-10",
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
        "2025-03",
      ];
      const rows = months.map((mo, k) => ({
        indicator: "early_help_open",
        month: monthEnd(`${mo}-01`),
        value: 100 + k,
        numerator: null,
        denominator: null,
        file: "eh.csv",
        row: k + 2,
      }));
      await storeLocalValues(db, "999", rows);
      const report = await deriveLocalFigures(db, fw, "999");
      // 12 months × (month, quarter, ytd) + rolling12 at March + year at March = 38
      assert.deepEqual(report, [{ indicator: "early_help_open", months: 12, figures: 38, monthOnly: 0 }]);
      await deriveLocalFigures(db, fw, "999");
      const year = await query(
        db,
        "SELECT period_type, strftime(period_start, '%Y-%m-%d') AS s, value, count(*) OVER () AS n FROM indicator_values WHERE period_type = 'year'",
      );
      // March's stock: 100 + 11; derived twice, stored once
      assert.deepEqual(year, [{ period_type: "year", s: "2024-04-01", value: 111, n: 1 }]);
    } finally {
      db.close();
    }
  });
});
