/**
 * Text typed by a user or read from a file never runs as SQL: a council code, child id,
 * indicator id, period, team and free text holding quotes, semicolons, comments and SQL
 * keywords go through every function that takes them, and afterwards every table of the
 * workspace holds what it held (row count and a hash of every row), apart from what the
 * call is meant to write — and that holds the text exactly as given.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { listValue } from "@duckdb/node-api";
import { appendAudit, listAudit } from "../auth/audit.ts";
import { addUser, checkSignIn, findUser } from "../auth/users.ts";
import { storeBenchmarks, storedValues } from "../benchmarks/store.ts";
import { type Period, type PeriodType, periodsEndingOn } from "../calendar/periods.ts";
import { query } from "../db/database.ts";
import { breakdown } from "../engine/breakdown.ts";
import { findPeriod, preparePeriods } from "../engine/compute.ts";
import { explainRows } from "../engine/explain.ts";
import { judgeWorkspace } from "../framework/judge.ts";
import { loadFramework } from "../framework/load.ts";
import { findIndicator } from "../indicators/catalogue.ts";
import { deriveLocalFigures } from "../local/derive.ts";
import { readLocalValuesStored, storeLocalValues } from "../local/store.ts";
import { EXCEPTION_LISTS } from "../report/exceptions.ts";
import { latestComputedMonthEnd, produceExceptionLists } from "../report/exceptionsData.ts";
import { loadGenerated } from "../synth/load.ts";
import { starterSettings } from "../workspace/settings.ts";
import {
  initWorkspace,
  openWorkspace,
  readCoverage,
  setCoverage,
  type Workspace,
} from "../workspace/workspace.ts";
import { breakdownFigure } from "./breakdown.ts";
import { addCommentary, commentaryHistory, latestCommentary } from "./commentary.ts";
import { computeWorkspace } from "./compute.ts";
import { explainFigure } from "./explain.ts";
import { importFiles, undoImport } from "./import.ts";
import { storedLocalValues } from "./local.ts";
import { judgedValues } from "./values.ts";

const LA = "998";
const NASTY = [
  "'); DROP TABLE indicator_values; --",
  "x' OR '1'='1",
  "'; DELETE FROM ssd_person; SELECT '",
  '"; DROP TABLE cal_days; --',
  "\\'; UPDATE cfg_population SET population = 0; --",
  "SELECT * FROM imports /* */ UNION SELECT 1",
  "O'Brien – naïve ✓; $1 ? --",
] as const;

/** Every table of the workspace: row count and a hash of its rows. */
async function contents(ws: Workspace): Promise<Record<string, string>> {
  const tables = await query(
    ws.db,
    "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary ORDER BY 1",
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const r = await query(
      ws.db,
      `SELECT count(*) AS n, sum(hash(t))::VARCHAR AS h FROM "${table_name}" AS t`,
    );
    out[String(table_name)] = `${r[0]!.n} rows, hash ${r[0]!.h}`;
  }
  return out;
}

/** The tables whose contents differ between two `contents`. */
function changed(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((t) => a[t] !== b[t]).sort();
}

describe("user and file text never runs as SQL", () => {
  const tmp = mkdtempSync(join(tmpdir(), "scorecard-injection-"));
  let ws: Workspace;
  let period: Period;
  let untouched: Record<string, string>;
  after(() => {
    ws?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  before(async () => {
    const population: Record<number, number> = {};
    for (let y = 2016; y <= 2028; y++) population[y] = 2_000;
    await initWorkspace(join(tmp, "ws"), starterSettings("Test Council", LA, population));
    ws = await openWorkspace(join(tmp, "ws"));
    const s = await loadGenerated(ws.db, {
      seed: 9,
      population: 2_000,
      years: 1,
      endDate: "2024-03-31",
      laCode: LA,
    });
    await setCoverage(ws.db, { laCode: LA, dataFrom: s.dataFrom, dataTo: s.dataTo });
    await computeWorkspace(ws);
    period = periodsEndingOn(s.dataTo).find((p) => p.type === "month")!;
    untouched = await contents(ws);
    assert.ok(Number(untouched.indicator_values!.split(" ")[0]) > 1000, "figures computed");
  });

  it("reads with hostile council codes, indicator ids, periods and teams, changing nothing", async () => {
    const framework = loadFramework(ws.settings, ws.dir);
    const stock = findIndicator("cpp_open")!;
    const flow = findIndicator("contacts")!;
    for (const text of NASTY) {
      for (const ind of [stock, flow]) {
        assert.deepEqual(await explainRows(ws.db, ind, ws.options, text, period), []);
        const b = await breakdown(ws.db, ind, ws.options, text, period, "sex");
        assert.equal(b.cells.length, 0);
        const hostilePeriod = { type: "month" as const, start: text, end: text };
        await assert.rejects(explainRows(ws.db, ind, ws.options, LA, hostilePeriod));
        await assert.rejects(breakdown(ws.db, ind, ws.options, LA, hostilePeriod, "sex"));
      }
      const judged = await judgeWorkspace(ws.db, framework, text, text);
      assert.ok([...judged.values()].every((rows) => rows.length === 0));
      assert.equal(await latestComputedMonthEnd(ws.db, text), null);
      assert.deepEqual(await readLocalValuesStored(ws.db, text), []);
      await preparePeriods(ws.db, await readCoverage(ws.db));
      assert.equal(await findPeriod(ws.db, text, "month", period.end), undefined);
      assert.equal(await findPeriod(ws.db, LA, text, period.end), undefined);
      await assert.rejects(findPeriod(ws.db, LA, "month", text));
      const lists = await produceExceptionLists(ws.db, ws.options, text, period, EXCEPTION_LISTS);
      assert.ok(lists.every((l) => l.rows.length === 0 && l.figure === null));
      const forTeam = await produceExceptionLists(ws.db, ws.options, LA, period, EXCEPTION_LISTS, text);
      assert.ok(forTeam.every((l) => l.rows.length === 0));
      assert.deepEqual(await storedValues(ws.db, "measure = $1", [text]), []);
      // the use cases, as the command line and the web server call them
      await assert.rejects(explainFigure(ws, text, "month", period.end), /no indicator/);
      await assert.rejects(explainFigure(ws, "contacts", text as PeriodType, period.end), /no .* period/);
      await assert.rejects(explainFigure(ws, "contacts", "month", text));
      await assert.rejects(judgedValues(ws, { indicator: text }), /no indicator/);
      assert.deepEqual(await judgedValues(ws, { periodType: text as PeriodType }), []);
      await assert.rejects(breakdownFigure(ws, flow, "sex", "month", text));
    }
    assert.deepEqual(changed(untouched, await contents(ws)), []);
  });

  it("imports a file whose cells hold hostile text as that text, and undoes it", async () => {
    const child = String((await query(ws.db, "SELECT min(pers_person_id) AS id FROM ssd_person"))[0]!.id);
    const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const lines = [
      "la_code,cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code,cont_contact_source_desc,cont_contact_outcome_json",
      ...NASTY.map((text, k) =>
        [LA, text, k === 0 ? child : text, "2024-03-15", "1A", text, '["NFA"]'].map(csvCell).join(","),
      ),
    ];
    const file = join(tmp, "ssd_contacts.csv");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const before = await contents(ws);
    const result = await importFiles(ws, [file], { as: "ssd", recompute: false });
    assert.equal(result.errors, 0, JSON.stringify(result.issues.slice(0, 3)));
    const afterImport = await contents(ws);
    assert.deepEqual(changed(before, afterImport), [
      "import_files",
      "import_rows",
      "imports",
      "ssd_contacts",
    ]);
    const stored = await query(
      ws.db,
      "SELECT cont_contact_id AS id, cont_contact_source_desc AS text FROM ssd_contacts WHERE cont_contact_date = DATE '2024-03-15' AND cont_contact_source_desc IS NOT NULL AND cont_contact_id = cont_contact_source_desc ORDER BY 1",
    );
    assert.deepEqual(
      stored.map((r) => r.id),
      [...NASTY].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    await undoImport(ws, result.id!, { recompute: false });
    const afterUndo = await contents(ws);
    // the ledger records the undo; the data is as it was
    assert.deepEqual(changed(before, afterUndo), ["import_files", "imports"]);
  });

  it("stores and derives local values whose indicator id, file and sheet are hostile text", async () => {
    const before = await contents(ws);
    const rows = NASTY.map((text, k) => ({
      indicator: text,
      month: period.end,
      value: k + 1,
      numerator: null,
      denominator: null,
      file: text,
      sheet: text,
      row: k + 2,
    }));
    await storeLocalValues(ws.db, LA, rows);
    assert.deepEqual(changed(before, await contents(ws)), ["local_values"]);
    const stored = await readLocalValuesStored(ws.db, LA);
    assert.deepEqual((await storedLocalValues(ws)).undeclared.sort(), [...NASTY].sort());
    assert.deepEqual(
      stored.map((s) => [s.indicator, s.value, s.source]).sort(),
      NASTY.map((text, k) => [text, k + 1, `${text} [${text}] row ${k + 2}`]).sort(),
    );
    const computed = await query(
      ws.db,
      "SELECT count(*) AS n, sum(hash(t))::VARCHAR AS h FROM indicator_values t WHERE la_code = $1",
      [LA],
    );
    const local = NASTY.map((id) => ({
      id,
      title: id,
      unit: "count" as const,
      polarity: "info" as const,
      kind: "stock" as const,
      decimals: 0,
      definition: id,
    }));
    await deriveLocalFigures(ws.db, { local }, LA);
    const figures = await query(
      ws.db,
      "SELECT indicator, value FROM indicator_values WHERE la_code = $1 AND period_type = 'month' AND period_end = $2::DATE",
      [LA, period.end],
    );
    for (const [k, text] of NASTY.entries()) {
      assert.deepEqual(
        figures.filter((f) => f.indicator === text).map((f) => f.value),
        [k + 1],
      );
    }
    const others = await query(
      ws.db,
      `SELECT count(*) AS n, sum(hash(t))::VARCHAR AS h FROM indicator_values t
       WHERE la_code = $1 AND NOT list_contains($2::VARCHAR[], indicator)`,
      [LA, listValue([...NASTY])],
    );
    assert.deepEqual(others, computed, "the computed figures are as they were");
    const after = await contents(ws);
    assert.deepEqual(changed(before, after), ["indicator_values", "local_values"]);
  });

  it("stores benchmarks whose council, dataset, measure and publication are hostile text", async () => {
    const before = await contents(ws);
    await storeBenchmarks(ws.db, {
      values: NASTY.map((text, k) => ({
        source: "manual" as const,
        dataset: text,
        measure: text,
        breakdown: "",
        year: 2024,
        period: "2024",
        level: "la" as const,
        la_code: text,
        area_name: text,
        value: k,
        symbol: null,
        row: k + 2,
      })),
      origin: { origin: "imported", publication: NASTY[0] },
    });
    assert.deepEqual(changed(before, await contents(ws)), ["bm_sources", "bm_values"]);
    for (const [k, text] of NASTY.entries()) {
      const found = await storedValues(ws.db, "source = 'manual' AND measure = $1", [text]);
      assert.deepEqual(
        found.map((v) => [v.dataset, v.la_code, v.area_name, v.value]),
        [[text, text, text, k]],
      );
    }
  });

  it("records a hostile council's coverage as given, and refuses a hostile date", async () => {
    const before = await contents(ws);
    for (const text of NASTY)
      await setCoverage(ws.db, { laCode: text, dataFrom: "2023-04-01", dataTo: "2024-03-31" });
    await assert.rejects(
      setCoverage(ws.db, { laCode: LA, dataFrom: NASTY[0], dataTo: "2024-03-31" }),
      /YYYY-MM-DD/,
    );
    assert.deepEqual(changed(before, await contents(ws)), ["cfg_coverage"]);
    const codes = (await readCoverage(ws.db)).map((c) => c.laCode);
    for (const text of NASTY) assert.ok(codes.includes(text), text);
    assert.ok(codes.includes(LA));
  });

  it("stores commentary whose text, author and indicator id are hostile text, and keeps its history", async () => {
    const before = await contents(ws);
    const first = NASTY.map((text) => ({
      indicator: text,
      periodType: "month" as const,
      periodEnd: period.end,
      text,
      author: text,
    }));
    await addCommentary(ws.db, ws.settings.council.laCode, first, new Date("2024-04-02T09:00:00Z"));
    // an edit of each: a second version replacing the first
    await addCommentary(
      ws.db,
      ws.settings.council.laCode,
      first.map((c) => ({ ...c, text: `${c.text} (edited)` })),
      new Date("2024-04-03T09:00:00Z"),
    );
    assert.deepEqual(changed(before, await contents(ws)), ["commentary"]);
    const latest = await latestCommentary(ws.db, ws.settings.council.laCode, period.end, "month");
    for (const text of NASTY) {
      assert.equal(latest.get(text)?.text, `${text} (edited)`);
      assert.equal(latest.get(text)?.author, text);
      const history = await commentaryHistory(ws.db, ws.settings.council.laCode, text, period.end, "month");
      assert.deepEqual(
        history.map((h) => h.text),
        [text, `${text} (edited)`],
      );
    }
  });

  it("refuses a hostile user name, signs in no one with a hostile name or password, and logs hostile audit text as given", async () => {
    const before = await contents(ws);
    for (const text of NASTY) {
      await assert.rejects(addUser(ws.db, text, "viewer", [], new Date()), /not a valid user name/);
      const result = await checkSignIn(ws.db, text, text, Date.now());
      assert.notEqual(result.ok, true);
      assert.equal(await findUser(ws.db, text), undefined);
    }
    // a manager's teams are free text: stored as given
    await addUser(ws.db, "manager.one", "manager", [...NASTY], new Date());
    assert.deepEqual((await findUser(ws.db, "manager.one"))?.teams, [...NASTY]);
    for (const text of NASTY) {
      await appendAudit(
        ws.db,
        {
          user: text,
          role: "viewer",
          action: text,
          route: text,
          indicator: text,
          period: text,
          childIds: [text],
          outcome: "refused",
          detail: text,
        },
        new Date("2024-04-04T09:00:00Z"),
      );
      const found = await listAudit(ws.db, { user: text, action: text });
      assert.deepEqual(
        found.map((a) => [a.user, a.action, a.route, a.indicator, a.period, a.detail]),
        [[text, text, text, text, text, text]],
      );
    }
    assert.deepEqual(changed(before, await contents(ws)), ["audit_log", "users"]);
  });
});
