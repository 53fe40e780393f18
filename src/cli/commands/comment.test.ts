import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { commentaryHistory, latestCommentary, listLatestCommentary } from "../../app/commentary.ts";
import { importCommentaryWorkbook, TEMPLATE_HEADERS } from "../../app/commentaryWorkbook.ts";
import { query } from "../../db/database.ts";
import { loadFramework } from "../../framework/load.ts";
import { openWorkspace } from "../../workspace/workspace.ts";

const tmp = mkdtempSync(join(tmpdir(), "comment-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "scorecard.js");

/** Runs the command line (in a child process: the test runner owns this process's stdout). */
function scorecard(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = join(tmp, "ws");

async function inWorkspace<T>(
  work: (ws: Awaited<ReturnType<typeof openWorkspace>>) => Promise<T>,
): Promise<T> {
  const ws = await openWorkspace(dir);
  try {
    return await work(ws);
  } finally {
    ws.close();
  }
}

/** The template's rows as header → cell value objects. */
async function readSheet(path: string): Promise<{ wb: ExcelJS.Workbook; rows: Record<string, unknown>[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet("Commentary")!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const values = (r.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, k) => [h, values[k] ?? null])));
  });
  return { wb, rows };
}

/** Writes `cells` (row number → header → value) into a copy of the template. */
async function fillTemplate(
  template: string,
  cells: Record<number, Record<string, string>>,
  name: string,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const ws = wb.getWorksheet("Commentary")!;
  const header = (ws.getRow(1).values as unknown[]).map(String);
  for (const [row, values] of Object.entries(cells)) {
    for (const [h, v] of Object.entries(values)) ws.getRow(Number(row)).getCell(header.indexOf(h)).value = v;
  }
  const path = join(tmp, name);
  await wb.xlsx.writeFile(path);
  return path;
}

describe("scorecard comment", () => {
  const template = join(tmp, "template.xlsx");
  before(() => {
    const r = scorecard("demo", "--dir", dir, "--population", "3000", "--years", "2", "--end", "2025-03-31");
    assert.equal(r.code, 0, r.err);
  });

  it("adds, edits (keeping the old text) and lists commentary", () => {
    const add = (text: string, author: string) =>
      scorecard(
        "comment",
        "add",
        "referrals",
        "--period-end",
        "2025-02-28",
        "--text",
        text,
        "--author",
        author,
        "--dir",
        dir,
      );
    let r = add("Referrals fell in February.", "A. Manager");
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), "commentary 1 stored for referrals, month ending 2025-02-28");
    r = add("Referrals fell in February, as every year.", "B. Head");
    assert.equal(r.out.trim(), "commentary 2 stored for referrals, month ending 2025-02-28 (replaces 1)");
    const notesFile = join(tmp, "note.txt");
    writeFileSync(notesFile, "  Visits held up.\n");
    r = scorecard(
      "comment",
      "add",
      "cpp_visits_on_time_pct",
      "--period-end",
      "2025-03-31",
      "--file",
      notesFile,
      "--author",
      "C. Lead",
      "--dir",
      dir,
    );
    assert.equal(r.code, 0, r.err);
    r = scorecard("comment", "list", "--dir", dir, "--format", "csv");
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split("\n");
    assert.equal(lines[0], "id,indicator,period_type,period_end,author,written_at,replaces,text");
    assert.deepEqual(
      lines.slice(1).map((l) =>
        l
          .split(",")
          .filter((_, k) => k !== 5)
          .join(","),
      ),
      [
        '2,referrals,month,2025-02-28,B. Head,1,"Referrals fell in February, as every year."',
        "3,cpp_visits_on_time_pct,month,2025-03-31,C. Lead,,Visits held up.",
      ],
    );
    r = scorecard(
      "comment",
      "list",
      "--dir",
      dir,
      "--indicator",
      "referrals",
      "--period-end",
      "2025-02-28",
      "--format",
      "csv",
    );
    assert.deepEqual(
      r.out
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")[0]),
      ["1", "2"],
    );
  });

  it("refuses an unknown indicator or a period the data does not have, in one line", () => {
    for (const [args, message] of [
      [["nope", "--period-end", "2025-02-28"], /^scorecard comment: no indicator "nope"/],
      [
        ["referrals", "--period-end", "2030-01-31"],
        /^scorecard comment: the data has no month period ending 2030-01-31/,
      ],
      [
        ["referrals", "--period-end", "2025-02-28", "--period-type", "ytd"],
        /--period-type must be one of month, quarter, year/,
      ],
    ] as const) {
      const r = scorecard("comment", "add", ...args, "--text", "x", "--author", "y", "--dir", dir);
      assert.equal(r.code, 1);
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
      assert.match(r.err, message);
    }
  });

  it("writes a template: one row per indicator with its stored figure, RAG, last month's commentary and an empty column", async () => {
    const r = scorecard("comment", "template", "--dir", dir, "--period-end", "2025-03-31", "--out", template);
    assert.equal(r.code, 0, r.err);
    const { rows } = await readSheet(template);
    const { framework, stored } = await inWorkspace(async (ws) => ({
      framework: loadFramework(ws.settings, ws.dir),
      stored: await query(
        ws.db,
        "SELECT indicator, value, numerator, denominator FROM indicator_values WHERE period_type = 'month' AND period_end = DATE '2025-03-31'",
      ),
    }));
    const ids = framework.sections.flatMap((s) => s.indicators.map((i) => i.id));
    assert.deepEqual(
      rows.map((x) => x[TEMPLATE_HEADERS.id]),
      ids,
    );
    const previous = "Previous commentary (February 2025)";
    for (const row of rows) {
      const s = stored.find((x) => x.indicator === row[TEMPLATE_HEADERS.id]);
      assert.equal(row[TEMPLATE_HEADERS.value], s ? s.value : null, String(row[TEMPLATE_HEADERS.id]));
      assert.equal(row[TEMPLATE_HEADERS.numerator], s ? s.numerator : null);
      assert.equal(row[TEMPLATE_HEADERS.periodEnd], "2025-03-31");
      assert.equal(row[TEMPLATE_HEADERS.text], null);
      assert.match(String(row[TEMPLATE_HEADERS.rag] ?? ""), /^(red|amber|green|grey|)$/);
      assert.equal(
        row[previous],
        row[TEMPLATE_HEADERS.id] === "referrals"
          ? "Referrals fell in February, as every year."
          : "(none written)",
      );
    }
    // March's own commentary is not last month's: the visits note of 31 March is not shown as previous
    assert.equal(
      rows.find((x) => x[TEMPLATE_HEADERS.id] === "cpp_visits_on_time_pct")?.[previous],
      "(none written)",
    );
  });

  it("imports the filled-in template, and a second import of the same text stores nothing", async () => {
    // row 2 is the first indicator, contacts; referrals is a later row
    const { rows } = await readSheet(template);
    const referralsRow = rows.findIndex((x) => x[TEMPLATE_HEADERS.id] === "referrals") + 2;
    const filled = await fillTemplate(
      template,
      {
        2: { [TEMPLATE_HEADERS.text]: "Contacts steady.", [TEMPLATE_HEADERS.author]: "D. Front" },
        [referralsRow]: { [TEMPLATE_HEADERS.text]: "March referrals: schools' Easter rise." },
      },
      "filled.xlsx",
    );
    let r = scorecard("comment", "import", filled, "--dir", dir);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      new RegExp(
        `row ${referralsRow}: no author \\(fill the Author column or give --author\\); nothing imported`,
      ),
    );
    r = scorecard("comment", "import", filled, "--dir", dir, "--author", "E. Service");
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), `${filled}: 2 row(s) with commentary, 2 stored (0 unchanged)`);
    const latest = await inWorkspace((ws) =>
      latestCommentary(ws.db, ws.settings.council.laCode, "2025-03-31", "month"),
    );
    assert.deepEqual(
      [...latest].map(([id, c]) => [id, c.text, c.author]),
      [
        ["contacts", "Contacts steady.", "D. Front"],
        ["cpp_visits_on_time_pct", "Visits held up.", "C. Lead"],
        ["referrals", "March referrals: schools' Easter rise.", "E. Service"],
      ],
    );
    r = scorecard("comment", "import", filled, "--dir", dir, "--author", "E. Service");
    assert.equal(r.out.trim(), `${filled}: 2 row(s) with commentary, 0 stored (2 unchanged)`);
  });

  it("refuses a bad workbook in one line naming the row, importing nothing", async () => {
    const before = await inWorkspace(
      async (ws) => (await listLatestCommentary(ws.db, ws.settings.council.laCode)).length,
    );
    const pdf = join(tmp, "minutes.xlsx");
    writeFileSync(pdf, "%PDF-1.7\n1 0 obj <<>> endobj\n");
    const empty = join(tmp, "empty.xlsx");
    writeFileSync(empty, "");
    const good = { [TEMPLATE_HEADERS.text]: "Fine.", [TEMPLATE_HEADERS.author]: "F" };
    const cases: [string, RegExp][] = [
      [
        await fillTemplate(
          template,
          { 2: good, 3: { ...good, [TEMPLATE_HEADERS.id]: "referals" } },
          "typo.xlsx",
        ),
        /typo\.xlsx: row 3: no indicator "referals" \(see scorecard indicators\); nothing imported$/,
      ],
      [
        await fillTemplate(
          template,
          { 2: good, 4: { ...good, [TEMPLATE_HEADERS.periodEnd]: "2031-03-31" } },
          "period.xlsx",
        ),
        /period\.xlsx: row 4: the data has no month period ending 2031-03-31; nothing imported$/,
      ],
      [
        await fillTemplate(
          template,
          { 5: { ...good, [TEMPLATE_HEADERS.periodEnd]: "31/03/2025" } },
          "date.xlsx",
        ),
        /date\.xlsx: row 5: period end "31\/03\/2025" is not a date written YYYY-MM-DD; nothing imported$/,
      ],
      [
        await fillTemplate(
          template,
          { 2: good, 6: { ...good, [TEMPLATE_HEADERS.id]: "contacts" } },
          "twice.xlsx",
        ),
        /twice\.xlsx: row 6: contacts, month ending 2025-03-31 already has commentary in row 2; nothing imported$/,
      ],
      [template, /template\.xlsx: no commentary written in the "New commentary" column; nothing imported$/],
      [empty, /empty\.xlsx is empty; nothing imported$/],
      [pdf, /minutes\.xlsx is a PDF document, not a data file; nothing imported$/],
    ];
    for (const [file, message] of cases) {
      await inWorkspace(async (ws) => {
        await assert.rejects(
          importCommentaryWorkbook(
            ws.db,
            loadFramework(ws.settings, ws.dir),
            ws.settings.council.laCode,
            file,
          ),
          (e: Error) => {
            assert.equal(e.name, "UserError");
            assert.equal(e.message.split("\n").length, 1);
            assert.match(e.message, message);
            return true;
          },
        );
      });
    }
    const r = scorecard("comment", "import", pdf, "--dir", dir);
    assert.equal(r.code, 1);
    assert.equal(r.err.trim().split("\n").length, 1);
    await inWorkspace(async (ws) => {
      assert.equal((await listLatestCommentary(ws.db, ws.settings.council.laCode)).length, before);
      assert.deepEqual(
        await commentaryHistory(ws.db, ws.settings.council.laCode, "contacts", "2025-03-31", "month").then(
          (h) => h.length,
        ),
        1,
      );
    });
  });
});
