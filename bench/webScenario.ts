/**
 * Bench (h): the web application under load. Builds the mid-size council's
 * workspace once into bench/.cache (generated, computed, DfE benchmarks
 * seeded, 50 analyst accounts with passwords; kept between runs), then
 * starts `scorecard serve` as a user does (a fresh process of the compiled
 * CLI, port 0 on 127.0.0.1) and times its start-up to the first responses,
 * signs in 50 sessions and drives each page with 50 concurrent users for a
 * bounded time, each user sending its next request as soon as the last one
 * is answered (no think time: the hardest case for 50 users).
 * Prints one JSON line: start-up times, and per page the latencies' p50,
 * p95, p99, the requests, the errors and the server's CPU milliseconds per
 * request (read from /proc: the server is the only thing charged to it, so
 * it moves little with other load on the machine, unlike wall time).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { distIsFresh } from "../bin/freshness.js";
import { computeWorkspace } from "../src/app/compute.ts";
import { addUser, setPassword } from "../src/auth/users.ts";
import { seedBenchmarks } from "../src/benchmarks/shipped.ts";
import { loadGenerated } from "../src/synth/load.ts";
import { starterSettings } from "../src/workspace/settings.ts";
import { initWorkspace, openWorkspace, setCoverage } from "../src/workspace/workspace.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const [populationText = "60000", yearsText = "6", secondsText = "10", usersText = "50"] =
  process.argv.slice(2);
const population = Number(populationText);
const years = Number(yearsText);
const seconds = Number(secondsText);
const users = Number(usersText);
const laCode = "999";
const PASSWORD = "bench-password-not-secret";
/** Indicators the indicator and drill-down pages visit in turn (each with rows, in the default framework). */
const INDICATORS = [
  "referrals_to_assessment_pct",
  "assessments_45wd_pct",
  "rereferrals_12m_pct",
  "cpp_open",
  "cla_open",
];

const cache = join(ROOT, "bench", ".cache", `web-${population}-${years}`);
const ws = join(cache, "ws");
const stamp = join(cache, "made.json");
const key = JSON.stringify({ population, years, users, v: 1 });

/** Generates, computes and seeds the workspace, with `users` analyst accounts, unless already made. */
async function makeWorkspace(): Promise<void> {
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === key) return;
  console.error(`building the workspace (population ${population}, ${years} years) in ${ws}…`);
  rmSync(cache, { recursive: true, force: true });
  const pop: Record<number, number> = {};
  for (let y = 2005; y <= 2031; y++) pop[y] = population;
  const settings = starterSettings("Bench Council", laCode, pop);
  settings.benchmarks = { council: "372", snMethod: "mean" };
  await initWorkspace(ws, settings);
  const w = await openWorkspace(ws);
  try {
    await seedBenchmarks(w.db, "mean");
    const s = await loadGenerated(w.db, { seed: 1, population, years, endDate: "2026-03-31", laCode });
    await setCoverage(w.db, { laCode, dataFrom: s.dataFrom, dataTo: s.dataTo });
    await computeWorkspace(w);
    for (let k = 1; k <= users; k++) {
      const name = `user${String(k).padStart(2, "0")}`;
      await addUser(w.db, name, "analyst", [], new Date());
      await setPassword(w.db, name, PASSWORD);
    }
  } finally {
    w.close();
  }
  writeFileSync(stamp, key);
}

const agent = new Agent({ keepAlive: true, maxSockets: users + 2 });

/** One HTTP request to the server: status, headers and body. */
function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The value of cookie `name` among Set-Cookie headers. */
function cookie(headers: Record<string, string | string[] | undefined>, name: string): string {
  const all = ([] as string[]).concat(headers["set-cookie"] ?? []);
  const found = all.map((c) => c.split(";")[0]!).find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in the response`);
  return found.slice(name.length + 1);
}

/** Signs `name` in and opens the scorecard: the session cookie's value, and ms to that page. */
async function signIn(port: number, name: string): Promise<{ token: string; pageMs: number }> {
  const form = await call(port, "GET", "/sign-in");
  const csrf = cookie(form.headers, "scorecard_sign_in");
  const body = new URLSearchParams({ _csrf: csrf, name, password: PASSWORD }).toString();
  const r = await call(
    port,
    "POST",
    "/sign-in",
    { "content-type": "application/x-www-form-urlencoded", cookie: `scorecard_sign_in=${csrf}` },
    body,
  );
  if (r.status !== 303) throw new Error(`sign-in of ${name}: status ${r.status}`);
  const token = cookie(r.headers, "scorecard_session");
  // the browser follows the redirect to the scorecard
  const t = performance.now();
  const page = await call(port, "GET", "/", { cookie: `scorecard_session=${token}` });
  if (page.status !== 200) throw new Error(`the scorecard page after sign-in: status ${page.status}`);
  return { token, pageMs: performance.now() - t };
}

/** CPU milliseconds (user + system) the process has used, from /proc; NaN off Linux. */
function cpuMs(pid: number): number {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return Number.NaN;
  const fields = readFileSync(path, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The value at quantile `q` of sorted numbers. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : Number.NaN;
}

/** Drives `paths(k, i)` (user k's i-th request) with every session at once for the bench's time. */
async function drive(
  port: number,
  pid: number,
  sessions: readonly string[],
  paths: (k: number, i: number) => string,
  forSeconds = seconds,
) {
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = cpuMs(pid);
  const deadline = performance.now() + forSeconds * 1000;
  await Promise.all(
    sessions.map(async (token, k) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t = performance.now();
        try {
          const r = await call(port, "GET", paths(k, i), { cookie: `scorecard_session=${token}` });
          if (r.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const cpu = cpuMs(pid) - cpu0;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    cpuPerRequestMs: cpu / latencies.length,
    load: loadavg()[0],
  };
}

/** Starts `scorecard serve` on a free port: the process, its port, and ms from spawn to its "Serving" line. */
function startServer(): Promise<{ child: ChildProcess; port: number; spawned: number; listening: number }> {
  const spawned = performance.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, "bin", "scorecard.js"), "serve", "--dir", ws, "--port", "0"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TZ: "Europe/London" } },
  );
  let errors = "";
  child.stderr!.on("data", (d: Buffer) => {
    const text = d.toString();
    for (const line of text.split("\n")) if (line.startsWith("error on")) errors += `${line}\n`;
  });
  child.on("exit", () => {
    if (errors) console.error(errors);
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve({ child, port: Number(m[1]), spawned, listening: performance.now() - spawned });
    });
    child.on("exit", (code) => reject(new Error(`serve exited (${code}) before listening: ${out}`)));
  });
}

if (!distIsFresh(ROOT)) {
  console.error("dist/ is out of date: building it first…");
  const built = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { stdio: "inherit" });
  if (built.status !== 0) process.exit(1);
}
await makeWorkspace();
const { child, port, spawned, listening } = await startServer();
try {
  await call(port, "GET", "/sign-in");
  const firstSignIn = performance.now() - spawned;
  const firstResponseCpu = cpuMs(child.pid!);
  const sessions: string[] = [];
  let firstScorecard = 0;
  for (let k = 1; k <= users; k++) {
    const s = await signIn(port, `user${String(k).padStart(2, "0")}`);
    if (k === 1) firstScorecard = s.pageMs;
    sessions.push(s.token);
  }
  const pid = child.pid!;
  // one round of each page untimed: the first drill-down of a figure runs explain's query
  for (const id of INDICATORS) {
    await call(port, "GET", `/indicator/${id}`, { cookie: `scorecard_session=${sessions[0]}` });
    await call(port, "GET", `/indicator/${id}/rows`, { cookie: `scorecard_session=${sessions[0]}` });
  }
  const pick = (k: number, i: number) => INDICATORS[(k + i) % INDICATORS.length]!;
  // a few seconds of every page at once, untimed: the server's code is compiled as it runs
  const PAGES = ["/", ...INDICATORS.flatMap((id) => [`/indicator/${id}`, `/indicator/${id}/rows`])];
  await drive(port, pid, sessions, (k, i) => PAGES[(k + i) % PAGES.length]!, 3);
  const scorecard = await drive(port, pid, sessions, () => "/");
  const indicator = await drive(port, pid, sessions, (k, i) => `/indicator/${pick(k, i)}`);
  const rows = await drive(port, pid, sessions, (k, i) => `/indicator/${pick(k, i)}/rows`);
  console.log(
    JSON.stringify({
      population,
      years,
      users,
      seconds,
      startup: {
        listeningMs: listening,
        firstSignInMs: firstSignIn,
        firstResponseCpuMs: firstResponseCpu,
        firstScorecardAfterSignInMs: firstScorecard,
      },
      scorecard,
      indicator,
      rows,
    }),
  );
} finally {
  child.kill("SIGTERM");
  agent.destroy();
}
