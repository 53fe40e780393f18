/**
 * `scorecard demo`: a synthetic council, computed and reported, end to end.
 *
 * With `--via`, the council is first written as the files a real council
 * has (an Annex A workbook, CIN census and SSDA903 returns, or SSD tables)
 * into D/returns and then imported through the real import path, so the
 * main job exercises readers, validation and combining, not a shortcut.
 * With `--councils N`, N synthetic councils of different sizes, demand and
 * profiles (some more often late, moving children more or seeing them back
 * more than England, some less) share the workspace, listed on stderr, each under its own real LA code (issue 12).
 * The demo compares itself with a real council's statistical neighbours,
 * England and quartiles (settings benchmarks.council), from DfE's figures
 * shipped with the product unless `--benchmarks` names a folder of DfE files.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { importBenchmarks } from "../../app/benchmarks.ts";
import { computeWorkspace } from "../../app/compute.ts";
import {
  demoRegion,
  describeRegionCouncil,
  generateParams,
  loadRegionCouncil,
  type RegionParams,
  regionSettings,
} from "../../app/demoRegion.ts";
import { importFiles } from "../../app/import.ts";
import { checkBenchmarkCouncil, seedBenchmarks } from "../../benchmarks/shipped.ts";
import { isIsoDate, monthEnd } from "../../calendar/dates.ts";
import { financialYearOf } from "../../calendar/financialYear.ts";
import { latestMonthEndOnOrBefore } from "../../calendar/periods.ts";
import { createSchema, openDatabase } from "../../db/database.ts";
import { UserError } from "../../errors/userError.ts";
import { loadFramework } from "../../framework/load.ts";
import {
  isReportFormat,
  REPORT_FORMATS,
  type ReportFormat,
  writeReportDocument,
} from "../../report/document/write.ts";
import { writeValidationReport } from "../../report/validationReport.ts";
import { writeAnnexA } from "../../returns/annexA.ts";
import { writeCinCensus } from "../../returns/cin.ts";
import { writeSsdExtract } from "../../returns/ssd.ts";
import { writeSsda903 } from "../../returns/ssda903.ts";
import type { ReturnWriter } from "../../returns/types.ts";
import { loadGenerated } from "../../synth/load.ts";
import { forCouncil, SETTINGS_FILE, type SettingsInput, starterSettings } from "../../workspace/settings.ts";
import {
  DATABASE_FILE,
  initWorkspace,
  openWorkspace,
  setCoverage,
  type Workspace,
} from "../../workspace/workspace.ts";
import { type CommandRunner, intOption } from "../command.ts";
import { step } from "../progress.ts";
import { issueSummary } from "./validateCmd.ts";

/**
 * The real council the demo compares itself with by default: Rotherham,
 * a council of the demo's size (0–17 population 59,521 at ONS mid-2024,
 * against the demo's default 60,000).
 */
export const DEMO_COMPARE_WITH = "372";

/** The files each `--via` writes. */
const VIA: Record<string, readonly ReturnWriter[]> = {
  "annex-a": [writeAnnexA],
  "cin-903": [writeCinCensus, writeSsda903],
  ssd: [writeSsdExtract],
};

/** Files a demo workspace holds; a folder with anything else is not replaced. */
const DEMO_FILES = new Set([
  SETTINGS_FILE,
  DATABASE_FILE,
  `${DATABASE_FILE}.wal`,
  "report.html",
  "report.pdf",
  "report.xlsx",
  "returns",
  "validation",
]);

export const demoCommand: CommandRunner = {
  async run({ values }) {
    const dir = resolve(String(values.dir ?? "demo-workspace"));
    const seed = intOption(values, "seed", 1, [0, 2 ** 31 - 1]);
    const population = intOption(values, "population", 60_000, [1_000, 20_000_000]);
    const years = intOption(values, "years", 3, [1, 12]);
    const endText = values.end === undefined ? undefined : String(values.end);
    if (endText !== undefined && !isIsoDate(endText)) {
      throw new UserError(`demo: --end must be a date written YYYY-MM-DD (got "${endText}")`);
    }
    const today = new Date().toISOString().slice(0, 10);
    const end = endText ? monthEnd(endText) : latestMonthEndOnOrBefore(today);
    if (endText && end !== endText)
      throw new UserError(`demo: --end must be a month end (${endText} is not; try ${end})`);
    if (end > "2030-12-31" || end < "2015-03-31")
      throw new UserError("demo: --end must be between 2015-03-31 and 2030-12-31");

    const benchmarkDir = values.benchmarks === undefined ? undefined : resolve(String(values.benchmarks));
    const compareWith = String(values["compare-with"] ?? DEMO_COMPARE_WITH);
    if (!/^\d{3}$/.test(compareWith))
      throw new UserError(`demo: --compare-with is DfE's 3-digit LA code, e.g. 372 (got "${compareWith}")`);
    if (benchmarkDir !== undefined && !existsSync(benchmarkDir))
      throw new UserError(`demo: --benchmarks: no folder ${benchmarkDir}`);

    const format = String(values.format ?? "all");
    if (!isReportFormat(format))
      throw new UserError(`demo: --format must be one of ${REPORT_FORMATS.join(", ")} (got "${format}")`);
    const via = values.via === undefined ? undefined : String(values.via);
    if (via !== undefined && !VIA[via])
      throw new UserError(`demo: --via must be one of ${Object.keys(VIA).join(", ")} (got "${via}")`);

    if (values.councils !== undefined) {
      if (values["compare-with"] !== undefined)
        throw new UserError(
          "demo: --compare-with is for one council; with --councils each council is compared with its own neighbours",
        );
      const councils = intOption(values, "councils", 1, [1, 150]);
      clearDemoFolder(dir);
      const first = await regionDemo(
        dir,
        { councils, seed, population, years, endDate: end },
        {
          format,
          ...(via ? { via } : {}),
          ...(benchmarkDir ? { benchmarkDir } : {}),
        },
      );
      if (values.serve === true) {
        const { serveCommand } = await import("./serve.ts");
        await serveCommand.run({
          values: { dir, port: values.port, host: values.host, council: first },
          positionals: [],
        });
      }
      return;
    }
    if (benchmarkDir === undefined)
      await checkBenchmarkCouncil(undefined, compareWith, "demo: --compare-with");
    clearDemoFolder(dir);
    const laCode = "999";
    const populationByFy: Record<number, number> = {};
    for (let y = financialYearOf(end) - years - 3; y <= financialYearOf(end); y++)
      populationByFy[y] = population;
    const settings: SettingsInput = starterSettings(
      "Demo Borough Council (synthetic data)",
      laCode,
      populationByFy,
    );
    settings.benchmarks = { council: compareWith, snMethod: "mean" };
    await initWorkspace(dir, settings);
    const ws = await openWorkspace(dir);
    try {
      const snMethod = ws.settings.benchmarks?.snMethod ?? "mean";
      if (benchmarkDir === undefined) {
        await step("Loading DfE's benchmarks shipped with csc-scorecard", () =>
          seedBenchmarks(ws.db, snMethod),
        );
      } else {
        const files = readdirSync(benchmarkDir)
          .sort()
          .map((f) => join(benchmarkDir, f));
        await step("Importing DfE benchmarks", () => importBenchmarks(ws.db, files, snMethod));
      }
      if (benchmarkDir !== undefined) await checkBenchmarkCouncil(ws.db, compareWith, "demo: --compare-with");
      const params = { seed, population, years, endDate: end, laCode };
      if (via === undefined) {
        const summary = await step("Generating the synthetic council", () => loadGenerated(ws.db, params));
        await setCoverage(ws.db, { laCode, dataFrom: summary.dataFrom, dataTo: summary.dataTo });
      } else {
        const returns = join(dir, "returns");
        await step(`Writing the synthetic council as ${via} files`, () =>
          writeReturns(params, VIA[via]!, returns),
        );
        const result = await step("Importing them", () => importFiles(ws, [returns], { recompute: false }));
        const records = Object.values(result.counts).reduce((n, c) => n + c.added, 0);
        const report = await writeValidationReport(
          result.issues,
          join(dir, "validation"),
          String(result.id ?? 0),
          "Validation report, demo import",
        );
        console.error(
          `Imported ${records.toLocaleString("en-GB")} records from ${result.files.length} files in ${returns}; ${issueSummary(result.issues)} (${report.html})`,
        );
      }
      await step("Computing indicators", (tick) =>
        computeWorkspace(ws, (done, total, id) => tick(`${done}/${total} ${id}`)),
      );
      const framework = loadFramework(ws.settings, ws.dir);
      const written = await step("Writing the report", () =>
        writeReportDocument(ws, { framework, format, dir }),
      );
      // the HTML's path on stdout, as before; the other files beside it
      const [first, ...rest] = written.files;
      if (first) console.log(first);
      if (rest.length) console.error(`Also written: ${rest.join(", ")}`);
      if (written.skipped) console.error(written.skipped);
    } finally {
      ws.close();
    }
    if (values.serve === true) {
      const { serveCommand } = await import("./serve.ts");
      await serveCommand.run({ values: { dir, port: values.port, host: values.host }, positionals: [] });
    }
  },
};

/**
 * `demo --councils N`: N synthetic councils in one workspace (each under its
 * own real LA code, compared with its own neighbours), computed in one pass,
 * and a report per council (D/report-LA.html…). Returns the first council's
 * LA code.
 */
async function regionDemo(
  dir: string,
  params: RegionParams,
  options: { format: ReportFormat; via?: string; benchmarkDir?: string },
): Promise<string> {
  const councils = demoRegion(params);
  console.error("The region's councils (factors relative to England's 1: below is better, above worse):");
  for (const c of councils) console.error(`  ${describeRegionCouncil(c)}`);
  await initWorkspace(dir, regionSettings(councils, params));
  const ws = await openWorkspace(dir, { allCouncils: true });
  try {
    await loadBenchmarks(ws, options.benchmarkDir);
    for (const c of councils) {
      const label = `${c.laCode} ${c.name}`;
      if (options.via === undefined) {
        await step(`Generating ${label}`, () => loadRegionCouncil(ws, c, params));
      } else {
        const returns = join(dir, "returns", c.laCode);
        await step(`Writing ${label} as ${options.via} files`, () =>
          writeReturns(generateParams(c, params), VIA[options.via!]!, returns),
        );
        await step("Importing them", () =>
          importFiles(ws, [returns], { recompute: false, council: c.laCode }),
        );
      }
    }
    await step("Computing indicators for every council", (tick) =>
      computeWorkspace(ws, (done, total, id) => tick(`${done}/${total} ${id}`)),
    );
    const framework = loadFramework(ws.settings, ws.dir);
    for (const c of councils) {
      const one = { ...ws, settings: forCouncil(ws.settings, c.laCode) };
      const ext = options.format === "all" ? "html" : options.format;
      const written = await step(`Writing ${c.name}'s report`, () =>
        writeReportDocument(one, {
          framework,
          format: options.format,
          dir,
          out: join(dir, `report-${c.laCode}.${ext}`),
        }),
      );
      for (const f of written.files) console.log(f);
      if (written.skipped) console.error(written.skipped);
    }
  } finally {
    ws.close();
  }
  return councils[0]!.laCode;
}

/** DfE's benchmarks: those shipped with the product, or the files of `benchmarkDir`. */
async function loadBenchmarks(ws: Workspace, benchmarkDir: string | undefined): Promise<void> {
  const snMethod = ws.settings.benchmarks?.snMethod ?? "mean";
  if (benchmarkDir === undefined) {
    await step("Loading DfE's benchmarks shipped with csc-scorecard", () => seedBenchmarks(ws.db, snMethod));
    return;
  }
  const files = readdirSync(benchmarkDir)
    .sort()
    .map((f) => join(benchmarkDir, f));
  await step("Importing DfE benchmarks", () => importBenchmarks(ws.db, files, snMethod));
}

/** Generates the council into a scratch in-memory database and writes it out with `writers`. */
async function writeReturns(
  params: Parameters<typeof loadGenerated>[1],
  writers: readonly ReturnWriter[],
  outDir: string,
): Promise<void> {
  const scratch = await openDatabase(":memory:");
  try {
    await createSchema(scratch);
    const summary = await loadGenerated(scratch, params);
    mkdirSync(outDir, { recursive: true });
    for (const write of writers) {
      await write(scratch, outDir, { laCode: params.laCode, from: summary.dataFrom, to: summary.dataTo });
    }
  } finally {
    scratch.close();
  }
}

function clearDemoFolder(dir: string): void {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir);
  const foreign = entries.filter((e) => !DEMO_FILES.has(e) && !/^report-\d{3}\.(html|pdf|xlsx)$/.test(e));
  if (foreign.length) {
    throw new UserError(
      `demo: ${dir} holds files that are not a demo's (${foreign.slice(0, 3).join(", ")}); choose another --dir`,
    );
  }
  for (const e of entries) rmSync(join(dir, e), { recursive: true, force: true });
}
