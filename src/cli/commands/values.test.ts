import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { storeBenchmarks } from "../../benchmarks/store.ts";
import { initWorkspace, openWorkspace } from "../../workspace/workspace.ts";

const tmp = mkdtempSync(join(tmpdir(), "values-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "scorecard.js");

/** Runs the command line (in a child process: the test runner owns this process's stdout). */
function scorecard(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = join(tmp, "ws");

describe("scorecard values and targets", () => {
  it("gives each figure its RAG, direction, signal, target and benchmarks", async () => {
    await initWorkspace(dir, {
      council: { name: "Test", laCode: "999" },
      population: { "2015-16": 50_000 },
      benchmarks: { council: "372", snMethod: "mean" },
      framework: {
        sections: [
          {
            title: "Front door",
            indicators: [
              {
                id: "rereferrals_12m_pct",
                ref: "2.8",
                targets: [{ form: "threshold", green: 23, amber: 26, from: "2015-04-01" }],
              },
            ],
          },
        ],
      },
    });
    const ws = await openWorkspace(dir);
    try {
      await ws.db.connection.run(`INSERT INTO indicator_values VALUES
        ('999', 'rereferrals_12m_pct', 'month', DATE '2015-11-01', DATE '2015-11-30', 160, 509, 31.43),
        ('999', 'rereferrals_12m_pct', 'month', DATE '2015-12-01', DATE '2015-12-31', 150, 485, 30.93),
        ('999', 'rereferrals_12m_pct', 'ytd', DATE '2015-04-01', DATE '2015-12-31', 1130, 3608, 31.32),
        ('999', 'contacts', 'month', DATE '2015-12-01', DATE '2015-12-31', 1041, NULL, 1041),
        ('372', 'rereferrals_12m_pct', 'month', DATE '2015-12-01', DATE '2015-12-31', 1, 10, 10)`);
      await storeBenchmarks(ws.db, {
        stats: [
          {
            la_code: "372",
            indicator: "rereferrals_12m_pct",
            year: 2015,
            polarity: "low",
            source: "lait",
            value: 21.8,
            sn_method: "mean",
            sn_average: 22.37,
            sn_count: 10,
            best_sn_code: null,
            best_sn_value: 15.4,
            england: 24.2,
            region_code: null,
            region: 28.6,
            n_councils: 149,
            q1: 16.8,
            median: 21,
            q3: 25,
            top_quartile: 16.8,
            quartile_band: "C",
            rank: 83,
          },
        ],
      });
    } finally {
      ws.close();
    }
    const { out: csv, err } = scorecard("values", "--dir", dir);
    assert.equal(err, "");
    // Nov 31.4% > 26: red, nothing before it: new; Dec 30.9% red, lower = improving (low is good);
    // YTD not rated (rated in month); benchmarks of LA 372 for 2015 (latest ≤ 2016): 31.x > Q3 25: band D;
    // contacts (catalogue order, first): hidden by the framework, still listed, grey
    assert.equal(
      csv,
      [
        "indicator,period_type,period_end,numerator,denominator,value,rag,direction,signal,target,sn_average,england,quartile,compared_with,benchmark,vs_benchmark",
        // no benchmark for contacts: compared with the SN average, which is missing
        "contacts,month,2015-12-31,1041,,1041,grey,new,common,,,,,sn_average,,",
        // low is good: 31.43 > 22.37 → worse than the SN average
        'rereferrals_12m_pct,month,2015-11-30,160,509,31.43,red,new,common,"red > 26, amber 23–26, green ≤ 23",22.37,24.2,D,sn_average,22.37,worse',
        'rereferrals_12m_pct,month,2015-12-31,150,485,30.93,red,improving,common,"red > 26, amber 23–26, green ≤ 23",22.37,24.2,D,sn_average,22.37,worse',
        "rereferrals_12m_pct,ytd,2015-12-31,1130,3608,31.32,,new,,,22.37,24.2,D,sn_average,22.37,worse",
        "",
      ].join("\n"),
    );
  });

  it("imports targets from a CSV into the framework and shows those in force", () => {
    const file = join(tmp, "targets.csv");
    writeFileSync(
      file,
      [
        "indicator,from,form,green,amber,rated_on,note",
        "rereferrals_12m_pct,2015-04-01,threshold,23,26,ytd,",
        "rereferrals_12m_pct,2015-12-01,threshold,20%,22,ytd,agreed Dec 15",
      ].join("\n"),
    );
    const said = scorecard("targets", "--dir", dir, "--import", file).out;
    assert.match(said, /2 targets for 1 indicators written to settings\.json/);
    const settings = JSON.parse(readFileSync(join(dir, "settings.json"), "utf8"));
    assert.equal(settings.framework.sections[0].indicators[0].ratedOn, "ytd");
    const shown = scorecard("targets", "--dir", dir, "--at", "2015-11-30", "--format", "csv").out;
    assert.equal(
      shown.split("\n")[1],
      '2.8,rereferrals_12m_pct,% re-referrals within 12 months,low,Year to date,2015-04-01,"red > 26, amber 23–26, green ≤ 23",',
    );
    const later = scorecard("targets", "--dir", dir, "--at", "2015-12-31", "--format", "csv").out;
    assert.match(later, /2015-12-01,"red > 22, amber 20–22, green ≤ 20",agreed Dec 15/);

    writeFileSync(file, "indicator,from,form,green\ncontacts,2015-4-1,threshold,x\n");
    const bad = scorecard("targets", "--dir", dir, "--import", file);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.err,
      `scorecard targets: ${file}: row 2, from: a date is written YYYY-MM-DD (found "2015-4-1")\n${file}: row 2, green: not a number (found "x")\n`,
    );
  });

  it("--publish shows counts of 1 to 4 as <5 and blanks what they reveal", async () => {
    const pubDir = join(tmp, "pub");
    await initWorkspace(pubDir, {
      council: { name: "Test", laCode: "999" },
      population: { "2015-16": 50_000 },
    });
    const ws = await openWorkspace(pubDir);
    try {
      await ws.db.connection.run(`INSERT INTO indicator_values VALUES
        ('999', 'contacts', 'month', DATE '2015-09-01', DATE '2015-09-30', NULL, NULL, 0),
        ('999', 'contacts', 'month', DATE '2015-10-01', DATE '2015-10-31', NULL, NULL, 1),
        ('999', 'contacts', 'month', DATE '2015-11-01', DATE '2015-11-30', NULL, NULL, 4),
        ('999', 'contacts', 'month', DATE '2015-12-01', DATE '2015-12-31', NULL, NULL, 5),
        ('999', 'rereferrals_12m_pct', 'month', DATE '2015-12-01', DATE '2015-12-31', 4, 40, 10)`);
    } finally {
      ws.close();
    }
    const cols = (line: string) => line.split(",").slice(0, 6).join(",");
    const pub = scorecard("values", "--dir", pubDir, "--publish").out.trim().split("\n").map(cols);
    assert.deepEqual(pub.slice(1), [
      "contacts,month,2015-09-30,,,0",
      "contacts,month,2015-10-31,,,<5",
      "contacts,month,2015-11-30,,,<5",
      "contacts,month,2015-12-31,,,5",
      "rereferrals_12m_pct,month,2015-12-31,<5,40,",
    ]);
    const internal = scorecard("values", "--dir", pubDir).out.trim().split("\n").map(cols);
    assert.equal(internal[2], "contacts,month,2015-10-31,,,1");
    assert.equal(internal[5], "rereferrals_12m_pct,month,2015-12-31,4,40,10");
  });
});
