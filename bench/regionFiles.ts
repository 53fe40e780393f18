/**
 * Region benchmark, step 1 (its own process): the 33 London boroughs as
 * synthetic councils (the region generator's sizes and demand, scaled so
 * they total CHILDREN children aged 0–17), each generated into a scratch
 * database and written as its CIN census and SSDA903 files by the
 * product's writers into OUT_DIR/LA, as `demo --councils N --via cin-903`
 * does. Kept between runs in bench/.cache. Prints one JSON line: the
 * councils, the files, their size and the records written.
 *
 * Why London: DfE's statistical neighbours of a London borough are mostly
 * London boroughs, so `compare` has neighbours present in the workspace.
 *
 * Usage: regionFiles.ts CHILDREN YEARS END_DATE OUT_DIR [SEED] [COUNCILS]
 * (COUNCILS: only the first N boroughs of the list, for the bench's own test)
 */
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { generateParams, type RegionParams } from "../src/app/demoRegion.ts";
import { createSchema, openDatabase } from "../src/db/database.ts";
import { writeCinCensus } from "../src/returns/cin.ts";
import { writeSsda903 } from "../src/returns/ssda903.ts";
import { loadGenerated } from "../src/synth/load.ts";
import { parseLaCodes, type RegionCouncil, regionCouncils } from "../src/synth/region.ts";

/** The 33 London boroughs of DfE's LA code list (region "Inner London" or "Outer London"). */
export function londonBoroughs(): { code: string; name: string }[] {
  const csv = readFileSync(new URL("../data/la-codes.csv", import.meta.url), "utf8");
  const london = new Set(
    csv
      .split(/\r?\n/)
      .filter((l) => /^\d{3},.*,(Inner|Outer) London,[A-Z]+$/.test(l))
      .map((l) => l.slice(0, 3)),
  );
  return parseLaCodes(csv).filter((c) => london.has(c.code));
}

/**
 * The region's councils: the generator's draw (sizes 0.4–2× the mean,
 * demand 0.7–1.4), populations scaled to total `children` (to the nearest
 * 100, at least 1,000 each).
 */
export function regionOf(params: RegionParams & { children: number }): RegionCouncil[] {
  const boroughs = londonBoroughs().slice(0, params.councils);
  const drawn = regionCouncils(boroughs, {
    count: boroughs.length,
    seed: params.seed,
    population: Math.round(params.children / boroughs.length),
  });
  const scale = params.children / drawn.reduce((n, c) => n + c.population, 0);
  return drawn.map((c) => ({
    ...c,
    population: Math.max(1_000, Math.round((c.population * scale) / 100) * 100),
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [childrenText = "", yearsText = "", endDate = "", out = "", seedText = "7", councilsText = "33"] =
    process.argv.slice(2);
  const children = Number(childrenText);
  const count = Number(councilsText);
  const params: RegionParams = {
    councils: count,
    seed: Number(seedText),
    population: Math.round(children / count),
    years: Number(yearsText),
    endDate,
  };
  const councils = regionOf({ ...params, children });
  rmSync(out, { recursive: true, force: true });
  const t = performance.now();
  let bytes = 0;
  let files = 0;
  const counts: Record<string, number> = {};
  for (const c of councils) {
    const folder = join(out, c.laCode);
    mkdirSync(folder, { recursive: true });
    const db = await openDatabase(":memory:");
    try {
      await createSchema(db);
      const summary = await loadGenerated(db, generateParams(c, params));
      for (const write of [writeCinCensus, writeSsda903]) {
        const written = await write(db, folder, {
          laCode: c.laCode,
          from: summary.dataFrom,
          to: summary.dataTo,
        });
        files += written.files.length;
        bytes += written.files.reduce((n, f) => n + statSync(f).size, 0);
        for (const [k, v] of Object.entries(written.counts)) counts[k] = (counts[k] ?? 0) + v;
      }
    } finally {
      db.close();
    }
    console.error(
      `  ${c.laCode} ${c.name}: ${c.population.toLocaleString("en-GB")} children, demand ×${c.demand}`,
    );
  }
  console.log(
    JSON.stringify({
      params,
      children: councils.reduce((n, c) => n + c.population, 0),
      councils,
      files,
      bytes,
      counts,
      writeSeconds: (performance.now() - t) / 1000,
    }),
  );
}
