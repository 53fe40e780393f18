import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { computeWorkspace } from "../../app/compute.ts";
import { buildScorecard } from "../../app/scorecard.ts";
import { loadFramework } from "../../framework/load.ts";
import { tempFiles } from "../../testing/tempFiles.ts";
import { initWorkspace, openWorkspace, setCoverage } from "../../workspace/workspace.ts";

const files = tempFiles("local-cli-", "csv");
const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "scorecard.js");

/** Runs the command line (in a child process: the test runner owns this process's stdout). */
function scorecard(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("scorecard local", () => {
  it("imports values, derives their windows, and shows them in values and in the report's section", async () => {
    const dir = files.path("ws");
    await initWorkspace(dir, {
      council: { name: "Test", laCode: "999" },
      population: { "2025-26": 50_000 },
      framework: {
        local: [
          {
            id: "ssw_audits_good_pct",
            title: "Audits good or better",
            unit: "percent",
            polarity: "high",
            kind: "flow",
          },
          { id: "eh_open", title: "Early help cases open", unit: "count", polarity: "info", kind: "stock" },
        ],
        sections: [
          { title: "Front door", indicators: [{ id: "contacts", ref: "1.1" }] },
          {
            title: "Quality",
            indicators: [
              {
                id: "ssw_audits_good_pct",
                ref: "Q1",
                targets: [{ form: "threshold", green: 20, amber: 15, from: "2025-04-01" }],
              },
            ],
          },
          { title: "Early help", indicators: [{ id: "eh_open", ref: "E1" }] },
        ],
      },
    });
    const ws = await openWorkspace(dir);
    try {
      await setCoverage(ws.db, { laCode: "999", dataFrom: "2025-04-01", dataTo: "2025-06-30" });
    } finally {
      ws.close();
    }
    const csv = files.write(
      "indicator,month,numerator,denominator,value\n" +
        "ssw_audits_good_pct,2025-04,10,100,\n" +
        "ssw_audits_good_pct,2025-05,20,100,\n" +
        "ssw_audits_good_pct,2025-06,30,150,\n" +
        "contacts,2025-06,,,900\n",
    );
    const first = scorecard("local", "import", "--dir", dir, csv);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /: 3 monthly values, 1 errors/);
    assert.match(
      first.out,
      /error: row 5, indicator \("contacts"\): a catalogue indicator, computed from child-level data/,
    );
    // 3 months, 3 quarters and 3 YTDs (Apr, Apr–May, Apr–Jun)
    assert.match(first.out, /ssw_audits_good_pct: 3 months stored, 9 figures derived\n/);

    // a corrected June replaces the stored one and says so
    const fix = files.write(
      "Indicator,Month,Numerator,Denominator,Value\nssw_audits_good_pct,30/06/2025,40,150,\n",
    );
    const second = scorecard("local", "import", "--dir", dir, fix);
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /replaced ssw_audits_good_pct 2025-06: \(no value\) → \(no value\)/);

    const shown = scorecard("local", "show", "--dir", dir, "--format", "csv");
    assert.equal(shown.code, 0, shown.err);
    assert.deepEqual(shown.out.trim().split("\n").slice(1, 4), [
      `ssw_audits_good_pct,2025-04,10,100,,${csv} row 2`,
      `ssw_audits_good_pct,2025-05,20,100,,${csv} row 3`,
      `ssw_audits_good_pct,2025-06,40,150,,${fix} row 2`,
    ]);

    const values = scorecard("values", "--dir", dir, "--period-type", "quarter");
    assert.equal(values.code, 0, values.err);
    const quarter = values.out
      .split("\n")
      .find((l) => l.startsWith("ssw_audits_good_pct,quarter,2025-06-30"));
    // 10 + 20 + 40 = 70 of 100 + 100 + 150 = 350: 20%; rated in month, so the quarter has no RAG,
    // and no quarter before it: direction new
    assert.equal(quarter, "ssw_audits_good_pct,quarter,2025-06-30,70,350,20,,new,,,,,,sn_average,,");

    const reopened = await openWorkspace(dir);
    try {
      // computing clears indicator_values and re-derives the local figures
      await computeWorkspace(reopened);
      const card = await buildScorecard(
        reopened.db,
        reopened.settings,
        loadFramework(reopened.settings, reopened.dir),
      );
      // early help has no values: its section is not shown; contacts (catalogue) keeps its line
      assert.deepEqual(
        card.sections.map((s) => [s.title, s.lines.map((l) => l.ref)]),
        [
          ["Front door", ["1.1"]],
          ["Quality", ["Q1"]],
        ],
      );
      const line = card.sections[1]!.lines[0]!;
      // June 40/150 = 26.7%: green (≥ 20); May 20/100 = 20%: a rise, improving
      assert.deepEqual(
        [
          line.months.map((m) => m.cell.value?.toFixed(1)),
          line.ytd.value?.toFixed(1),
          line.rag,
          line.direction,
          line.target,
        ],
        [["10.0", "20.0", "26.7"], "20.0", "green", "improving", "red < 15, amber 15–20, green ≥ 20"],
      );
    } finally {
      reopened.close();
    }
  });
});
