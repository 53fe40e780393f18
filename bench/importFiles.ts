/**
 * Import benchmark, step 1 (its own process): generate a synthetic council
 * into a scratch database and write it as one format's files, into a
 * folder kept between runs (`bench/.cache`, ignored by git) so the import
 * can be timed in a fresh process. Prints one JSON line: the files, their
 * size and the records written.
 *
 * Usage: importFiles.ts FORMAT POPULATION YEARS OUT_DIR [LAST_YEARS] [COPIES]
 * (LAST_YEARS: write only the last N collection years; COPIES, for 903
 * CSVs: repeat every row that many times with the child id suffixed, so a
 * million episode rows need not mean generating 40 million children — the
 * copies are distinct children with identical histories).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSchema, openDatabase } from "../src/db/database.ts";
import { writeAnnexA } from "../src/returns/annexA.ts";
import { writeCinCensus } from "../src/returns/cin.ts";
import { writeSsda903 } from "../src/returns/ssda903.ts";
import type { ReturnWriter } from "../src/returns/types.ts";
import { loadGenerated } from "../src/synth/load.ts";

const WRITERS: Record<string, ReturnWriter> = {
  "annex-a": writeAnnexA,
  cin: writeCinCensus,
  "903": writeSsda903,
};

const [format = "", populationText = "", yearsText = "", out = "", lastYearsText, copiesText] =
  process.argv.slice(2);
const writer = WRITERS[format];
if (!writer) throw new Error(`unknown format ${format}`);
const population = Number(populationText);
const years = Number(yearsText);
const endDate = "2026-03-31";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const db = await openDatabase(":memory:");
try {
  await createSchema(db);
  let t = performance.now();
  const summary = await loadGenerated(db, { seed: 3, population, years, endDate, laCode: "999" });
  const generateSeconds = (performance.now() - t) / 1000;
  const lastYears = lastYearsText ? Number(lastYearsText) : undefined;
  const from = lastYears ? `${2026 - lastYears}-04-01` : summary.dataFrom;
  t = performance.now();
  const written = await writer(db, out, { laCode: "999", from, to: summary.dataTo });
  const copies = copiesText ? Number(copiesText) : 1;
  if (copies > 1) {
    replicate(out, copies);
    for (const k of Object.keys(written.counts)) written.counts[k] = (written.counts[k] ?? 0) * copies;
  }
  const writeSeconds = (performance.now() - t) / 1000;
  const bytes = written.files.reduce((n, f) => n + statSync(f).size, 0);
  console.log(
    JSON.stringify({
      format,
      population,
      years,
      from,
      to: summary.dataTo,
      files: written.files.length,
      bytes,
      counts: written.counts,
      generateSeconds,
      writeSeconds,
    }),
  );
} finally {
  db.close();
}

/** Repeats every data row of every CSV under `dir` `copies` times, suffixing the CHILD column. */
function replicate(dir: string, copies: number): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      replicate(path, copies);
      continue;
    }
    if (!name.endsWith(".csv")) continue;
    const [header = "", ...rows] = readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l !== "");
    const child = header.split(",").indexOf("CHILD");
    const out: string[] = [header];
    for (let k = 0; k < copies; k++) {
      for (const row of rows) {
        const cells = row.split(",");
        if (child >= 0 && cells[child]) cells[child] = `${cells[child]}${String(k).padStart(3, "0")}`;
        out.push(cells.join(","));
      }
    }
    writeFileSync(path, `${out.join("\n")}\n`);
  }
}
