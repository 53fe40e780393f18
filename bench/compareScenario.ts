/**
 * Bench (compare): `scorecard compare` over a region of 33 councils (the
 * London boroughs of DfE's neighbour list). Their figures (every catalogue
 * indicator, every period type, 3 years of month ends: as `compute` stores
 * them) are written into indicator_values by one SQL statement, untimed;
 * then the comparison of every indicator, and its HTML, XLSX and CSV, are
 * timed as the command does them. Prints one JSON line of measurements.
 *
 * Run: node --import tsx bench/compareScenario.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listValue } from "@duckdb/node-api";
import { compareWorkspace } from "../src/app/compare.ts";
import { readBundleNeighbours } from "../src/benchmarks/bundle.ts";
import { seedBenchmarks } from "../src/benchmarks/shipped.ts";
import { query } from "../src/db/database.ts";
import { CATALOGUE } from "../src/indicators/catalogue.ts";
import { renderCompareHtml } from "../src/report/compare/html.ts";
import { COMPARE_COLUMNS, comparisonRows } from "../src/report/compare/rows.ts";
import { renderCompareXlsx } from "../src/report/compare/xlsx.ts";
import { toCsv } from "../src/report/tableFormats.ts";
import { starterSettings } from "../src/workspace/settings.ts";
import { initWorkspace, openWorkspace, setCoverage } from "../src/workspace/workspace.ts";

const dir = mkdtempSync(join(tmpdir(), "scorecard-bench-compare-"));
const london = readBundleNeighbours()
  .filter((g) => /london/i.test(g.region_name))
  .map((g) => g.la_code)
  .slice(0, 33);

async function timed<T>(work: () => Promise<T> | T): Promise<{ result: T; wall: number }> {
  const t = performance.now();
  const result = await work();
  return { result, wall: (performance.now() - t) / 1000 };
}

try {
  const pop: Record<number, number> = {};
  for (let y = 2020; y <= 2027; y++) pop[y] = 60_000;
  await initWorkspace(join(dir, "ws"), starterSettings("Bench Borough", london[0]!, pop));
  const ws = await openWorkspace(join(dir, "ws"));
  try {
    await seedBenchmarks(ws.db, "mean");
    // 33 councils × every indicator × 36 month ends × month, quarter, ytd, rolling12 (+ 3 years)
    await ws.db.connection.run(
      `INSERT INTO indicator_values
       SELECT la, ind, t, (e - INTERVAL 1 MONTH)::DATE, e::DATE, n, d, CASE WHEN d = 0 THEN NULL ELSE 100.0 * n / d END
       FROM (SELECT unnest($1::VARCHAR[]) AS la), (SELECT unnest($2::VARCHAR[]) AS ind),
            (SELECT unnest(['month', 'quarter', 'ytd', 'rolling12']) AS t),
            (SELECT last_day(DATE '2023-04-01' + INTERVAL (k) MONTH) AS e FROM range(36) r(k)),
            LATERAL (SELECT floor(random() * 200)::DOUBLE AS n, 200.0 AS d)`,
      [listValue(london), listValue(CATALOGUE.map((i) => i.id))],
    );
    for (const la of london)
      await setCoverage(ws.db, { laCode: la, dataFrom: "2023-04-01", dataTo: "2026-03-31" });
    const [{ n }] = (await query(ws.db, "SELECT count(*) AS n FROM indicator_values")) as [{ n: unknown }];
    await compareWorkspace(ws, { indicator: "rereferrals_12m_pct" }); // warm: module loading
    const all = await timed(() => compareWorkspace(ws));
    const html = await timed(() => renderCompareHtml(all.result));
    const xlsx = await timed(() => renderCompareXlsx(all.result));
    const csv = await timed(() => toCsv(COMPARE_COLUMNS, comparisonRows(all.result)));
    console.log(
      JSON.stringify({
        councils: london.length,
        indicators: all.result.indicators.length,
        figures_stored: Number(n),
        compare_s: Number(all.wall.toFixed(3)),
        html_s: Number(html.wall.toFixed(3)),
        xlsx_s: Number(xlsx.wall.toFixed(3)),
        csv_s: Number(csv.wall.toFixed(3)),
        total_s: Number((all.wall + Math.max(html.wall, xlsx.wall, csv.wall)).toFixed(3)),
      }),
    );
  } finally {
    ws.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
