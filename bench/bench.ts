/**
 * `npm run bench`: the speed targets of the issues, measured on this machine.
 *
 * (a) a mid-size council: 60,000 children aged 0–17, 6 years — full compute under 3 s, and
 *     compute with RAG, direction, signal and benchmarks (the report's judgements) under 5 s;
 * (b) England scale: 12,000,000 children, 2 years — load under 60 s, compute under 60 s, peak memory under 8 GB.
 * (c) imports: an Annex A workbook of 200,000 rows under 8 s; a 200 MB CIN census under 20 s
 *     with peak memory under 600 MB; SSDA903 CSVs with 1,000,000 episode rows under 10 s
 *     (903, CIN and Annex A streamed a chunk of children at a time; `--whole` also times the whole-file path).
 *     The files are written once by the product's own writers into bench/.cache (kept between
 *     runs), then each import is timed in a fresh process, wall and CPU time (CPU time is
 *     the fairer figure on a shared machine). `--formats 903,cin` limits (c) to those files;
 *     `--rules-worker` also times the 903 import with its rules on a worker thread.
 * (d) start-up: `scorecard --help` and `scorecard indicators` under 0.3 s (median of 10 fresh
 *     processes, compiled dist/), and `scorecard demo` at its default size for reference.
 * (e) validate: a 300,000-child council's CIN census (~21 MB) and its SSDA903 CSVs, each validated
 *     with every rule, as `scorecard validate` does, under 6 s.
 * (f) exception lists: every list for all teams of the mid-size council at its latest month end, under 2 s.
 * (g) the report document: the mid-size council's report model, then HTML with every chart under 3 s,
 *     XLSX under 3 s (each including the model), and PDF (the HTML printed by Chromium) under 20 s.
 * (h) the web application: `scorecard serve` over the mid-size council (built once into bench/.cache), start-up to
 *     its first response under 2 s; then 50 signed-in users at once, each asking again as soon as answered, for
 *     10 s per page on 127.0.0.1: scorecard p95 under 200 ms, indicator p95 under 300 ms, drill-down p95 under
 *     500 ms, no errors (with the server's CPU time per request, which other load on the machine barely moves).
 * (r) a region (only with `--only r` or `--region`): the 33 London boroughs as synthetic councils totalling
 *     2,000,000 children aged 0–17 (`--children N` to iterate small), 3 years, written once as CIN census and SSDA903
 *     files into bench/.cache, imported council by council with --council, computed once: import under 5 min,
 *     compute under 2 min, peak under 8 GB; then `compare` of every indicator with its HTML under 5 s.
 * Each scenario runs in its own process. `--only a` … `--only h` runs one; `--worker` generates (a) and (b)
 * on a worker thread (loadGenerated's `worker` option).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SCENARIOS = [
  {
    key: "a",
    name: "mid-size council",
    population: 60_000,
    years: 6,
    targets: { compute: 1, judged: 5 },
    args: ["--framework"],
  },
  {
    key: "b",
    name: "England scale",
    population: 12_000_000,
    years: 2,
    targets: { load: 60, compute: 60, memory: 8 },
  },
];

/** Runs a TypeScript script of the bench in its own process and returns the JSON line it prints last; exits on failure. */
// biome-ignore lint/suspicious/noExplicitAny: measurements as each script prints them
function runScript(name: string, args: readonly string[]): Record<string, any> {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL(name, import.meta.url)), ...args],
    { encoding: "utf8", env: { ...process.env, TZ: "Europe/London" }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

/** " (target < T: met)" or "… MISSED", or nothing without a target. */
function verdict(value: number, target: number | undefined): string {
  if (target === undefined) return "";
  const shown = target < 10 ? target.toFixed(1) : String(target);
  return value <= target ? ` (target < ${shown}: met)` : ` (target < ${shown}: MISSED)`;
}

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const results: string[] = [];
for (const s of SCENARIOS.filter((x) => !only || x.key === only)) {
  console.error(
    `running (${s.key}) ${s.name}: population ${s.population.toLocaleString("en-GB")}, ${s.years} years…`,
  );
  const m = runScript("./scenario.ts", [
    s.name,
    String(s.population),
    String(s.years),
    ...(s.args ?? []),
    ...(process.argv.includes("--worker") ? ["--worker"] : []),
  ]);
  results.push(
    [
      `(${s.key}) ${s.name}: population ${s.population.toLocaleString("en-GB")}, ${s.years} years (${m.dataFrom} to ${m.dataTo})`,
      `    rows generated      ${m.rows.toLocaleString("en-GB")}`,
      `    load (generate + append)  ${m.loadSeconds.toFixed(1)} s${verdict(m.loadSeconds, (s.targets as { load?: number }).load)}; CPU ${m.loadCpuSeconds.toFixed(1)} s (load average ${m.loadAverage.toFixed(1)} at its end)`,
      `    compute ${m.indicators} indicators × every period (${m.values.toLocaleString("en-GB")} values)  ${m.computeSeconds.toFixed(2)} s${verdict(m.computeSeconds, s.targets.compute)}; CPU ${m.computeCpuSeconds.toFixed(1)} s`,
      ...(m.judgeSeconds === undefined
        ? []
        : [
            `    seed the shipped DfE benchmarks (${m.benchmarkFiles} files, as init and demo do)  ${m.benchmarkImportSeconds.toFixed(2)} s`,
            `    judge + report (RAG, direction, signal, benchmarks)  ${m.judgeSeconds.toFixed(2)} s`,
            `    compute + judge + report  ${(m.computeSeconds + m.judgeSeconds).toFixed(2)} s${verdict(m.computeSeconds + m.judgeSeconds, (s.targets as { judged?: number }).judged)}`,
          ]),
      `    peak memory         ${m.peakMemoryGB.toFixed(2)} GB${verdict(m.peakMemoryGB, (s.targets as { memory?: number }).memory)}`,
    ].join("\n"),
  );
}
/** The import targets: which files, how big, and the limits. */
const IMPORTS = [
  {
    format: "annex-a",
    what: "Annex A workbook, ~200,000 rows",
    args: ["170000", "3", "3"],
    targets: { seconds: 8 },
  },
  {
    format: "cin",
    what: "CIN census XML, ~200 MB",
    args: ["2800000", "1", "1"],
    targets: { seconds: 20, memory: 0.6 },
  },
  {
    format: "903",
    what: "SSDA903 CSVs, ~1,000,000 episode rows",
    args: ["1000000", "2", "2", "30"],
    targets: { seconds: 10 },
  },
];

if (!only || only === "c") {
  const cache = fileURLToPath(new URL("./.cache", import.meta.url));
  const lines = [
    "(c) imports (files written by the product's writers; import without recompute, in a fresh process)",
  ];
  const formats = process.argv.includes("--formats")
    ? (process.argv[process.argv.indexOf("--formats") + 1] ?? "").split(",")
    : undefined;
  for (const imp of IMPORTS.filter((x) => !formats || formats.includes(x.format))) {
    const folder = join(cache, imp.format);
    const stamp = join(cache, `${imp.format}.json`);
    const key = JSON.stringify(imp.args);
    let made = existsSync(stamp) ? JSON.parse(readFileSync(stamp, "utf8")) : undefined;
    if (!made || made.key !== key) {
      console.error(`writing the ${imp.what} into ${folder}…`);
      made = {
        key,
        ...runScript("./importFiles.ts", [
          imp.format,
          imp.args[0]!,
          imp.args[1]!,
          folder,
          ...imp.args.slice(2),
        ]),
      };
      writeFileSync(stamp, JSON.stringify(made));
    }
    console.error(`importing the ${imp.what}…`);
    const m = runScript("./importScenario.ts", [folder]);
    const episodes =
      imp.format === "903"
        ? `, ${(made.counts.episodes as number).toLocaleString("en-GB")} episode rows`
        : "";
    const timed = (label: string, r: ReturnType<typeof runScript>) =>
      `        ${label} ${r.seconds.toFixed(1)} s${verdict(r.seconds, imp.targets.seconds)} (CPU ${r.cpuSeconds.toFixed(1)} s); peak memory ${r.peakGB.toFixed(2)} GB${verdict(r.peakGB, (imp.targets as { memory?: number }).memory)} (of which ${r.baselineGB.toFixed(2)} GB before the import)`;
    lines.push(
      [
        `    ${imp.what}: ${made.files} files, ${(made.bytes / 1024 ** 2).toFixed(1)} MB${episodes}, ${m.read.toLocaleString("en-GB")} records read (${m.errors} errors, ${m.warnings} warnings)`,
        timed("import (streamed)", m),
        ...(process.argv.includes("--whole")
          ? [timed("import (whole files)", runScript("./importScenario.ts", [folder, "--whole"]))]
          : []),
        ...(process.argv.includes("--rules-worker") && imp.format === "903"
          ? [
              timed(
                "import (streamed, rules on a worker thread)",
                runScript("./importScenario.ts", [folder, "--rules-worker"]),
              ),
            ]
          : []),
      ].join("\n"),
    );
  }
  results.push(lines.join("\n"));
}
if (!only || only === "d") {
  console.error("timing start-up (fresh processes)…");
  const m = runScript("./startup.ts", []);
  const lines = ["(d) start-up (each run a fresh `node bin/scorecard.js` process; compiled dist/)"];
  for (const r of m.results) {
    lines.push(
      `    ${r.command}: median ${r.median.toFixed(2)} s (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)}, ${r.runs} runs)${verdict(r.median, r.target)}${r.cpu === undefined ? "" : `; CPU ${r.cpu.toFixed(2)} s`}`,
    );
  }
  results.push(lines.join("\n"));
}
/** SHA-256 of the generator's and the writers' sources, so cached returns are written again when either changes. */
function writersHash(): string {
  const h = createHash("sha256");
  for (const dir of ["../src/synth", "../src/returns"]) {
    const path = fileURLToPath(new URL(dir, import.meta.url));
    for (const f of readdirSync(path).sort())
      if (f.endsWith(".ts") && !f.endsWith(".test.ts")) h.update(readFileSync(join(path, f)));
  }
  return h.digest("hex");
}

/** The validate targets: a 300,000-child council's returns, one collection year. */
const VALIDATES = [
  {
    format: "cin",
    what: "CIN census XML of a 300,000-child council",
    args: ["300000", "1", "1"],
    seconds: 6,
  },
  { format: "903", what: "SSDA903 CSVs of a 300,000-child council", args: ["300000", "1", "1"], seconds: 6 },
];

if (!only || only === "e") {
  const cache = fileURLToPath(new URL("./.cache", import.meta.url));
  const lines = ["(e) validate (every DfE and product rule, no import, in a fresh process)"];
  for (const v of VALIDATES) {
    const folder = join(cache, `validate-${v.format}`);
    const stamp = join(cache, `validate-${v.format}.json`);
    const key = JSON.stringify([...v.args, writersHash()]);
    let made = existsSync(stamp) ? JSON.parse(readFileSync(stamp, "utf8")) : undefined;
    if (!made || made.key !== key) {
      console.error(`writing the ${v.what} into ${folder}…`);
      made = {
        key,
        ...runScript("./importFiles.ts", [v.format, v.args[0]!, v.args[1]!, folder, v.args[2]!]),
      };
      writeFileSync(stamp, JSON.stringify(made));
    }
    console.error(`validating the ${v.what}…`);
    const m = runScript("./validateScenario.ts", [folder]);
    // the product's own returns should break no DfE error rule: any that do are listed by code
    const byCode = Object.entries(m.dfeErrorsByCode as Record<string, number>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, n]) => `${code} ×${n}`)
      .join(", ");
    lines.push(
      `    ${v.what}: ${made.files} files, ${(made.bytes / 1024 ** 2).toFixed(1)} MB; ${m.dfeErrors.toLocaleString("en-GB")} DfE errors${byCode ? ` (${byCode})` : ""}, ${m.dfeQueries.toLocaleString("en-GB")} queries, ${m.issues.toLocaleString("en-GB")} issues in all\n        validate ${m.seconds.toFixed(1)} s${verdict(m.seconds, v.seconds)}`,
    );
  }
  results.push(lines.join("\n"));
}
if (!only || only === "f") {
  console.error("running (f) exception lists: mid-size council, population 60,000, 6 years…");
  const m = runScript("./exceptionsScenario.ts", ["60000", "6"]);
  results.push(
    [
      `(f) exception lists, mid-size council (population 60,000, 6 years), as at ${m.asAt}, all teams`,
      `    ${m.lists} lists, ${m.rows.toLocaleString("en-GB")} rows (${m.reconciled} of ${m.reconcilable} reconciling lists equal their figure)`,
      `    produce every list  ${m.listSeconds.toFixed(2)} s${verdict(m.listSeconds, 2)}`,
      `    write HTML ${m.htmlSeconds.toFixed(2)} s, XLSX ${m.xlsxSeconds.toFixed(2)} s`,
    ].join("\n"),
  );
}
if (!only || only === "g") {
  console.error("running (g) report document: mid-size council, population 60,000, 6 years…");
  const m = runScript("./reportScenario.ts", ["60000", "6"]);
  const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  const html = m.model.wall + m.html.wall;
  const xlsx = m.xlsxModel.wall + m.xlsx.wall;
  results.push(
    [
      `(g) report document, mid-size council (population 60,000, 6 years), as at ${m.asAt}: ${m.indicators} indicators, ${m.charts} charts (load average ${m.load.toFixed(1)} at the end)`,
      `    report model (figures, judgements, breakdowns)  ${m.model.wall.toFixed(2)} s (CPU ${m.model.cpu.toFixed(2)} s); with the exception lists, for the workbook, ${m.xlsxModel.wall.toFixed(2)} s (CPU ${m.xlsxModel.cpu.toFixed(2)} s)`,
      `    HTML with every chart, model included  ${html.toFixed(2)} s${verdict(html, 3)} (render ${m.html.wall.toFixed(2)} s, CPU ${m.html.cpu.toFixed(2)} s; ${mb(m.html.bytes)})`,
      `    XLSX, model included  ${xlsx.toFixed(2)} s${verdict(xlsx, 3)} (render ${m.xlsx.wall.toFixed(2)} s, CPU ${m.xlsx.cpu.toFixed(2)} s; ${mb(m.xlsx.bytes)})`,
      m.pdf === null
        ? "    PDF: not measured (no Chromium on PATH)"
        : `    PDF, HTML included  ${(html + m.pdf.wall).toFixed(2)} s${verdict(html + m.pdf.wall, 20)} (printing ${m.pdf.wall.toFixed(2)} s; ${m.pdf.pages} pages, ${mb(m.pdf.bytes)})`,
    ].join("\n"),
  );
}
if (!only || only === "h") {
  console.error("running (h) web application: mid-size council, population 60,000, 6 years, 50 users…");
  const m = runScript("./webScenario.ts", ["60000", "6", "10", "50"]);
  const ms = (x: number) => `${Math.round(x)} ms`;
  const page = (what: string, r: Record<string, number>, target: number) =>
    `    ${what}: p50 ${ms(r.p50!)}, p95 ${ms(r.p95!)}${verdict(r.p95! / 1000, target / 1000).replace(/ \(target < [\d.]+/, ` (target < ${target} ms`)}, p99 ${ms(r.p99!)}; ${r.requests} requests, ${r.errors} errors; server CPU ${r.cpuPerRequestMs!.toFixed(1)} ms a request (load average ${r.load!.toFixed(1)})`;
  const first = m.startup.firstSignInMs / 1000;
  results.push(
    [
      `(h) web application, mid-size council (population 60,000, 6 years), ${m.users} signed-in users at once, ${m.seconds} s a page`,
      `    start-up: listening after ${ms(m.startup.listeningMs)}, first response (sign-in page) after ${ms(m.startup.firstSignInMs)}${verdict(first, 2)} (server CPU ${ms(m.startup.firstResponseCpuMs)}); the first signed-in scorecard page ${ms(m.startup.firstScorecardAfterSignInMs)}`,
      page("scorecard", m.scorecard, 200),
      page("indicator", m.indicator, 300),
      page("drill-down", m.rows, 500),
    ].join("\n"),
  );
}
// (r) region: issue 12's 33 councils, written as returns, imported council by council, computed, compared.
if (only === "r" || (!only && process.argv.includes("--region"))) {
  const children = process.argv.includes("--children")
    ? Number(process.argv[process.argv.indexOf("--children") + 1])
    : 2_000_000;
  const [years, endDate, seed] = [3, "2026-03-31", 7];
  const cache = fileURLToPath(new URL("./.cache", import.meta.url));
  const folder = join(cache, `region-${children}`);
  const stamp = join(cache, `region-${children}.json`);
  const script = readFileSync(fileURLToPath(new URL("./regionFiles.ts", import.meta.url)));
  const key = JSON.stringify([
    children,
    years,
    endDate,
    seed,
    writersHash(),
    createHash("sha256").update(script).digest("hex"),
  ]);
  // as runScript, with the script's progress lines shown as they come (the full-size region takes minutes)
  const runShown = (name: string, args: readonly string[]) => {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL(name, import.meta.url)), ...args],
      {
        encoding: "utf8",
        env: { ...process.env, TZ: "Europe/London" },
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (r.status !== 0) process.exit(1);
    return JSON.parse(r.stdout.trim().split("\n").pop()!);
  };
  let made = existsSync(stamp) ? JSON.parse(readFileSync(stamp, "utf8")) : undefined;
  if (!made || made.key !== key) {
    console.error(
      `writing 33 councils' CIN census and SSDA903 files (${children.toLocaleString("en-GB")} children) into ${folder}…`,
    );
    made = {
      key,
      ...runShown("./regionFiles.ts", [String(children), String(years), endDate, folder, String(seed)]),
    };
    writeFileSync(stamp, JSON.stringify(made));
  }
  console.error(`importing, computing and comparing the region…`);
  const m = runShown("./regionScenario.ts", [folder, stamp]);
  const c = runScript("./compareScenario.ts", []);
  const step = (label: string, t: { wall: number; cpu: number; peakGB: number }, target?: number) =>
    `    ${label}  ${t.wall.toFixed(1)} s${verdict(t.wall, target)}; CPU ${t.cpu.toFixed(1)} s; peak ${t.peakGB.toFixed(2)} GB`;
  // biome-ignore lint/suspicious/noExplicitAny: measurements as the script prints them
  const slowest = [...(m.councils as any[])].sort((a, b) => b.wall - a.wall)[0];
  const n = (x: number) => x.toLocaleString("en-GB");
  results.push(
    [
      `(r) region: the 33 London boroughs, ${n(m.children)} children aged 0–17, ${years} years to ${endDate} (load average ${m.load.map((x: number) => x.toFixed(1)).join(" ")} at the end)`,
      `    files: ${made.files} (CIN census + SSDA903), ${(made.bytes / 1024 ** 2).toFixed(0)} MB, written in ${made.writeSeconds.toFixed(0)} s (cached in bench/.cache)`,
      step(
        `import 33 councils (--council LA each, no recompute; ${n(m.read)} records, ${m.errors} errors, ${n(m.warnings)} warnings)`,
        m.import,
        300,
      ),
      `        slowest council ${slowest.laCode} (${n(slowest.children)} children): ${slowest.wall.toFixed(1)} s; workspace ${m.afterImportGB.toFixed(2)} GB on disk`,
      step(`compute every council in one pass (${n(m.values)} values)`, m.compute, 120),
      step(`compare every indicator (${m.compared}) + HTML (${m.htmlMB.toFixed(1)} MB)`, m.compare, 5),
      `        XLSX ${m.xlsx.wall.toFixed(2)} s, CSV ${m.csv.wall.toFixed(2)} s`,
      `    peak memory ${m.peakGB.toFixed(2)} GB${verdict(m.peakGB, 8)}`,
      `    compare over ${n(c.figures_stored)} stored random figures of 33 councils (compareScenario): ${c.compare_s.toFixed(2)} s, HTML ${c.html_s.toFixed(2)} s, XLSX ${c.xlsx_s.toFixed(2)} s, CSV ${c.csv_s.toFixed(2)} s`,
    ].join("\n"),
  );
}
console.log(results.join("\n\n"));
