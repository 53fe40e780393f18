/**
 * `npm run bench`: the speed targets of the issues, measured on this machine.
 *
 * (a) a mid-size council: 60,000 children aged 0–17, 6 years — full compute under 3 s, and
 *     compute with RAG, direction, signal and benchmarks (the report's judgements) under 5 s;
 * (b) England scale: 12,000,000 children, 2 years — load under 60 s, compute under 60 s, peak memory under 8 GB.
 * Each scenario runs in its own process. `--only a` or `--only b` runs one.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCENARIOS = [
  {
    key: "a",
    name: "mid-size council",
    population: 60_000,
    years: 6,
    targets: { compute: 3, judged: 5 },
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

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const script = fileURLToPath(new URL("./scenario.ts", import.meta.url));
const results: string[] = [];
for (const s of SCENARIOS.filter((x) => !only || x.key === only)) {
  console.error(
    `running (${s.key}) ${s.name}: population ${s.population.toLocaleString("en-GB")}, ${s.years} years…`,
  );
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", script, s.name, String(s.population), String(s.years), ...(s.args ?? [])],
    {
      encoding: "utf8",
      env: { ...process.env, TZ: "Europe/London" },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  const m = JSON.parse(r.stdout.trim().split("\n").pop()!);
  const verdict = (value: number, target: number | undefined) =>
    target === undefined
      ? ""
      : value <= target
        ? ` (target < ${target}: met)`
        : ` (target < ${target}: MISSED)`;
  results.push(
    [
      `(${s.key}) ${s.name}: population ${s.population.toLocaleString("en-GB")}, ${s.years} years (${m.dataFrom} to ${m.dataTo})`,
      `    rows generated      ${m.rows.toLocaleString("en-GB")}`,
      `    load (generate + append)  ${m.loadSeconds.toFixed(1)} s${verdict(m.loadSeconds, (s.targets as { load?: number }).load)}`,
      `    compute ${m.indicators} indicators × every period (${m.values.toLocaleString("en-GB")} values)  ${m.computeSeconds.toFixed(2)} s${verdict(m.computeSeconds, s.targets.compute)}`,
      ...(m.judgeSeconds === undefined
        ? []
        : [
            m.benchmarkImportSeconds === undefined
              ? "    DfE benchmark files not found (../shared/fixtures/benchmarks): judged without benchmarks"
              : `    import DfE benchmarks (${m.benchmarkFiles} files, once per publication)  ${m.benchmarkImportSeconds.toFixed(2)} s`,
            `    judge + report (RAG, direction, signal, benchmarks)  ${m.judgeSeconds.toFixed(2)} s`,
            `    compute + judge + report  ${(m.computeSeconds + m.judgeSeconds).toFixed(2)} s${verdict(m.computeSeconds + m.judgeSeconds, (s.targets as { judged?: number }).judged)}`,
          ]),
      `    peak memory         ${m.peakMemoryGB.toFixed(2)} GB${verdict(m.peakMemoryGB, (s.targets as { memory?: number }).memory)}`,
    ].join("\n"),
  );
}
console.log(results.join("\n\n"));
