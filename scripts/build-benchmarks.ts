/**
 * Builds data/benchmarks/ (the DfE benchmarks shipped with the product)
 * from a folder of DfE's downloads:
 *
 *   npx tsx scripts/build-benchmarks.ts DFE_FOLDER [--out DIR] [--built YYYY-MM-DD]
 *
 * DFE_FOLDER holds DfE's downloads as named in PUBLICATIONS. When rebuilding
 * from a newer download, update `retrieved` below to say where and when
 * the files were taken; the release (reporting year) is read from the data.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildBundle, type PublicationSource } from "../src/benchmarks/build.ts";
import { SHIPPED_BENCHMARKS_DIR, writeBundle } from "../src/benchmarks/bundle.ts";
import { UserError } from "../src/errors/userError.ts";

const OGL = "Open Government Licence v3.0";
const DFE = "Department for Education";

/** The publications read, and where the copies they were built from came from. */
const PUBLICATIONS: PublicationSource[] = [
  {
    key: "lait",
    kind: "lait",
    files: /^bds_long.*\.parquet$/i,
    title: "Local Authority Interactive Tool (LAIT): long data file",
    publisher: DFE,
    url: "https://github.com/dfe-analytical-services/local-authority-interactive-tool",
    retrieved:
      "dfe-analytical-services/local-authority-interactive-tool @ 2e30e39 (2026-04-08), 01_data/02_prod/",
    licence: OGL,
  },
  {
    key: "cin",
    kind: "ees",
    files: /^(b1|c1|d3|d5)_.*\.csv$/i,
    title: "Children in need",
    publisher: DFE,
    url: "https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need",
    retrieved: "dfe-analytical-services/CSC_outcomes_and_enablers @ 2f5d11a (2026-04-27), data-raw/",
    licence: OGL,
  },
  {
    key: "cla",
    kind: "ees",
    files: /^(cla_|la_cla_|la_care_leavers_).*\.csv$/i,
    title: "Children looked after in England including adoptions",
    publisher: DFE,
    url: "https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions",
    retrieved: "dfe-analytical-services/CSC_outcomes_and_enablers @ 2f5d11a (2026-04-27), data-raw/",
    licence: OGL,
  },
  {
    key: "neighbours",
    kind: "neighbours",
    files: /^sn_model_\d{4}_wide\.csv$/i,
    title: "Children's services statistical neighbours",
    publisher: DFE,
    url: "https://github.com/dfe-analytical-services/CSC_outcomes_and_enablers",
    retrieved:
      "dfe-analytical-services/CSC_outcomes_and_enablers @ 2f5d11a (2026-04-27), data-raw/sn_model_2025_wide.csv",
    licence: OGL,
  },
];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, built: { type: "string" } },
  });
  if (!positionals[0])
    throw new UserError("build-benchmarks: name the folder of DfE's downloads (DFE_FOLDER)");
  const folder = resolve(positionals[0]);
  const out = resolve(values.out ?? SHIPPED_BENCHMARKS_DIR);
  const built = values.built ?? new Date().toISOString().slice(0, 10);
  const { bundle, skipped } = await buildBundle(folder, {
    publications: PUBLICATIONS,
    built,
    builtBy: "scripts/build-benchmarks.ts",
  });
  writeBundle(out, bundle);
  for (const p of bundle.manifest.publications) {
    console.log(`${p.title}, ${p.release}: ${p.files.map((f) => `${f.name} (${f.rows} rows)`).join(", ")}`);
  }
  for (const s of skipped) console.log(`skipped ${s.file}: ${s.reason}`);
  console.log(
    `${bundle.values.length} figures and ${bundle.neighbours.groups.length} neighbour groups written to ${out}`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof UserError ? e.message : e);
  process.exitCode = 1;
});
