/**
 * Issue 3, item 6, end to end: every kind of bad input through importFiles
 * (and the worst through the CLI) gives a one-line error and leaves the
 * workspace exactly as it was, or imports with a precisely located issue.
 * The readers' own tests go deeper per format; this file is the one place
 * that proves each case through the whole import path.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, ftruncateSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { type ImportOptions, type ImportResult, importFiles } from "../app/import.ts";
import { query } from "../db/database.ts";
import { TABLES } from "../model/tables.ts";
import { sharedFixture } from "../testing/fixtures.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { starterSettings } from "../workspace/settings.ts";
import { initWorkspace, openWorkspace, type Workspace } from "../workspace/workspace.ts";
import type { Issue } from "./issues.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "scorecard.js");
const tmp = tempFiles("scorecard-bad-input-", "csv");
const POPULATION: Record<number, number> = {};
for (let y = 2016; y <= 2028; y++) POPULATION[y] = 50_000;
const LA = "201";

let wsCount = 0;
async function newWorkspaceDir(): Promise<string> {
  const dir = tmp.path(`ws${++wsCount}`);
  await initWorkspace(dir, starterSettings("Test Council", LA, POPULATION));
  return dir;
}

/** Row counts of every canonical and ledger table. */
async function snapshot(ws: Workspace): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [...TABLES.map((x) => x.name), "imports", "import_files", "import_rows", "cfg_coverage"]) {
    out[t] = Number((await query(ws.db, `SELECT count(*) AS n FROM ${t}`))[0]?.n);
  }
  return out;
}

/** Writes content under a chosen file name (detection of SSD tables goes by name). */
function named(name: string, content: string | Uint8Array): string {
  const path = tmp.path(name);
  rmSync(path, { force: true });
  const fd = openSync(path, "w");
  writeSync(fd, typeof content === "string" ? Buffer.from(content) : content);
  closeSync(fd);
  return path;
}

type Sheet = { name: string; rows: unknown[][] };

async function workbook(sheets: Sheet[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) => {
      sheet.getRow(i + 1).values = r as ExcelJS.CellValue[];
    });
  }
  const path = tmp.next("xlsx");
  await wb.xlsx.writeFile(path);
  return path;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A well-formed zip (deflated entries) of these files: a workbook's parts, whatever they hold. */
function zip(entries: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc32(data), 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(fileName.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, fileName, packed);
    central.push(dir, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

/** The parts of a one-sheet workbook, with this sheet XML. */
function workbookParts(sheetXml: string): Record<string, string> {
  const ns = "http://schemas.openxmlformats.org";
  return {
    "[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    "_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="List 1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": sheetXml,
  };
}

const COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"];
const LIST1 = [...COMMON, "Date of Contact", "Contact Source"];
const HEADER_903 = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";
const EPISODES_903 =
  "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";
const MINIMAL_CIN = () => readFileSync(sharedFixture("cin-census", "minimal_cin_2026.xml"), "utf8");

/** A CIN census of one child whose referral date is `referral` (the minimal fixture, edited). */
function cinWith(edit: (xml: string) => string): string {
  return edit(MINIMAL_CIN());
}

let ws: Workspace;
before(async () => {
  ws = await openWorkspace(await newWorkspaceDir());
  // Something already in every import ledger table, so "unchanged" is not "empty".
  const first = await importFiles(ws, [sharedFixture("cin-census", "minimal_cin_2026.xml")], {
    recompute: false,
  });
  assert.equal(first.id, 1);
});
after(() => ws?.close());

/** Asserts the import is refused in one line matching `pattern`, the workspace unchanged. */
async function refused(path: string, pattern: RegExp, options: ImportOptions = {}): Promise<string> {
  const before = await snapshot(ws);
  let message = "";
  await assert.rejects(importFiles(ws, [path], { recompute: false, ...options }), (e: Error) => {
    assert.equal(e.name, "UserError", e.stack);
    assert.equal(e.message.split("\n").length, 1, e.message);
    assert.match(e.message, pattern);
    assert.ok(e.message.includes(path), `the message names the file: ${e.message}`);
    message = e.message;
    return true;
  });
  assert.deepEqual(await snapshot(ws), before, "the workspace is unchanged");
  return message;
}

async function imported(paths: string[], options: ImportOptions = {}): Promise<ImportResult> {
  const r = await importFiles(ws, paths, { recompute: false, ...options });
  assert.ok(r.id !== undefined, "a new import");
  return r;
}

/** The only issue of a rule, with the location fields that matter. */
function located(issues: Issue[], rule: string): Partial<Issue> {
  const found = issues.filter((i) => i.rule === rule);
  assert.equal(found.length, 1, `one ${rule} issue: ${JSON.stringify(issues)}`);
  const i = found[0]!;
  return {
    severity: i.severity,
    file: i.file,
    ...(i.sheet !== undefined ? { sheet: i.sheet } : {}),
    ...(i.row !== undefined ? { row: i.row } : {}),
    ...(i.line !== undefined ? { line: i.line } : {}),
    column: i.column,
    value: i.value,
  };
}

/** The first column of a query's rows (counts as numbers). */
async function column(sqlText: string): Promise<unknown[]> {
  return (await query(ws.db, sqlText)).map((r) => {
    const v = Object.values(r)[0];
    return typeof v === "bigint" ? Number(v) : v;
  });
}

describe("corrupt and truncated files are refused in one line, nothing imported", () => {
  it("an xlsx whose bytes are damaged (its zip directory unreadable)", async () => {
    const bytes = Buffer.from(readFileSync(sharedFixture("annex-a", "Annex_A_2024_Jan.xlsx")));
    for (let k = 2000; k < bytes.length; k += 97) bytes[k] = bytes[k]! ^ 0x5a;
    await refused(named("damaged.xlsx", bytes), /truncated or corrupt|cannot be read/);
  });

  it("an xlsx cut in half", async () => {
    const bytes = readFileSync(sharedFixture("annex-a", "Annex_A_2024_Jan.xlsx"));
    await refused(
      named("half.xlsx", bytes.subarray(0, Math.floor(bytes.length / 2))),
      /truncated or corrupt/,
    );
  });

  it("an intact zip whose worksheet XML is cut short", async () => {
    const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Child Unique ID</t></is></c>`;
    await refused(named("cut-sheet.xlsx", zip(workbookParts(sheet))), /corrupt|cannot be read/);
  });

  it("a zip that is not a workbook", async () => {
    await refused(named("photos.xlsx", zip({ "a.txt": "hello" })), /zip archive but not an Excel workbook/);
  });

  it("a CIN census with a mismatched tag, naming the line", async () => {
    const xml = cinWith((x) => x.replace("</ChildIdentifiers>", "</ChildIdentifier>"));
    // grep -n '</ChildIdentifiers>' minimal_cin_2026.xml → 14
    await refused(named("mismatched.xml", xml), /malformed or cut short \(line 14\b/);
  });

  it("a CIN census and an SSDA903 XML cut in half", async () => {
    for (const f of [
      sharedFixture("cin-census", "fake_CIN_data.xml"),
      sharedFixture("ssda903", "fake_903.xml"),
    ]) {
      const bytes = readFileSync(f);
      await refused(
        named("half.xml", bytes.subarray(0, Math.floor(bytes.length / 2))),
        /malformed or cut short/,
      );
    }
  });

  it("a PDF renamed .xlsx", async () => {
    await refused(named("report.xlsx", "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), /is a PDF/);
  });

  it("a PDF renamed .xlsx even when a format is forced", async () => {
    await refused(named("forced.xlsx", "%PDF-1.7\n"), /is a PDF/, { as: "annex-a" });
  });

  it("an empty file, whatever its name or forced format", async () => {
    for (const name of ["empty.xlsx", "empty.xml", "empty.csv", "ssd_contacts.csv"]) {
      await refused(named(name, ""), /is empty/);
    }
    await refused(named("empty.csv", ""), /is empty/, { as: "903" });
  });
});

describe("header-only files, and files that hold no return, are refused", () => {
  it("an SSDA903 CSV with only its header line", async () => {
    await refused(named("header.csv", `${HEADER_903}\n`), /no records|nothing was imported/);
  });

  it("an SSDA903 XML with no children", async () => {
    await refused(
      named("empty903.xml", "<?xml version='1.0'?><EXPSSDA903></EXPSSDA903>"),
      /no records|no children|nothing was imported/,
    );
  });

  it("a CIN census with its header but no children", async () => {
    const xml = cinWith((x) => x.replace(/<Children>[\s\S]*<\/Children>/, "<Children></Children>"));
    await refused(named("nochildren.xml", xml), /no records|no children|nothing was imported/);
  });

  it("an SSD table with only its header line", async () => {
    await refused(
      named("ssd_contacts.csv", "la_code,cont_contact_id,cont_person_id,cont_contact_date\n"),
      /no records|nothing was imported/,
    );
  });

  it("an Annex A workbook whose lists have headers and no rows", async () => {
    await refused(await workbook([{ name: "List 1", rows: [LIST1] }]), /header but no rows/);
  });

  it("a workbook with no recognisable list", async () => {
    const path = await workbook([
      {
        name: "Sheet1",
        rows: [
          ["Name", "Address", "Phone"],
          ["A", "B", "C"],
        ],
      },
    ]);
    await refused(path, /no Annex A list|no .*list/i);
  });

  it("a CSV whose columns are all unknown", async () => {
    await refused(named("export.csv", "foo,bar,baz\n1,2,3\n"), /\(FOO, BAR, BAZ\) match no SSDA903 file/);
  });
});

describe("unknown columns in a file that is otherwise a return: kept, and the column reported", () => {
  it("an SSDA903 header file with an extra column", async () => {
    const path = named("extra_header.csv", `${HEADER_903},NICKNAME\nU1,1,01/01/2015,WBRI,,,,Bob\n`);
    const r = await imported([path], { collectionYear: 2024 });
    assert.deepEqual(located(r.issues, "SSDA903_UNKNOWN_COLUMN"), {
      severity: "warning",
      file: path,
      row: 1,
      column: "NICKNAME",
      value: "NICKNAME",
    });
    assert.deepEqual(await column("SELECT pers_dob FROM ssd_person WHERE pers_person_id = 'U1'"), [
      "2015-01-01",
    ]);
  });

  it("an SSD table with an extra column", async () => {
    const path = named(
      "ssd_contacts.csv",
      "la_code,cont_contact_id,cont_person_id,cont_contact_date,cont_colour\n201,K1,U2,2024-01-05,blue\n",
    );
    const r = await imported([path]);
    assert.deepEqual(located(r.issues, "SSD_UNKNOWN_COLUMN"), {
      severity: "warning",
      file: path,
      row: 1,
      column: "cont_colour",
      value: "cont_colour",
    });
    assert.deepEqual(await column("SELECT cont_contact_date FROM ssd_contacts WHERE cont_person_id = 'U2'"), [
      "2024-01-05",
    ]);
  });

  it("an Annex A list with an extra column", async () => {
    const path = await workbook([
      {
        name: "List 1",
        rows: [
          [...LIST1, "Favourite colour"],
          ["U3", "M", "WBRI", "01/01/2015", 9, "06/01/2024", "6", "blue"],
        ],
      },
    ]);
    const r = await imported([path]);
    const issue = located(r.issues, "ANNEXA_UNKNOWN_COLUMN");
    assert.deepEqual(
      [issue.severity, issue.file, issue.sheet, issue.column],
      ["warning", path, "List 1", "Favourite colour"],
    );
    assert.deepEqual(await column("SELECT cont_contact_date FROM ssd_contacts WHERE cont_person_id = 'U3'"), [
      "2024-01-06",
    ]);
  });

  it("a CIN census with an unknown element", async () => {
    const xml = cinWith((x) =>
      x.replace("<LAchildID>C0001</LAchildID>", "<LAchildID>U4</LAchildID><Nickname>Bob</Nickname>"),
    );
    const path = named("unknown_element.xml", xml);
    const r = await imported([path]);
    const unknown = r.issues.filter((i) => /Nickname/.test(i.column) || i.value === "Nickname");
    assert.equal(unknown.length, 1, JSON.stringify(r.issues));
    // the edited line: grep -n '<LAchildID>' minimal_cin_2026.xml → 10
    assert.deepEqual([unknown[0]!.severity, unknown[0]!.file, unknown[0]!.line], ["warning", path, 10]);
    assert.deepEqual(await column("SELECT pers_sex FROM ssd_person WHERE pers_person_id = 'U4'"), ["F"]);
  });
});

describe("dates that do not exist or are ambiguous: the record is rejected, the issue located exactly", () => {
  const BAD = ["31/02/2024", "2024-13-01", "1/2/24"];

  it("SSDA903 CSV: an episode's DECOM", async () => {
    // rows 2–4 of the file, one per bad date, children D1–D3; a good episode on row 5 for D4
    const lines = BAD.map((d, k) => `D${k + 1},${d},S,C2,N1,U1,PR1,,,,,,`);
    const path = named(
      "dates_episodes.csv",
      [EPISODES_903, ...lines, "D4,05/01/2024,S,C2,N1,U1,PR1,,,,,,"].join("\n"),
    );
    const header = named(
      "dates_header.csv",
      [HEADER_903, ...[1, 2, 3, 4].map((k) => `D${k},1,01/01/2015,WBRI,,,`)].join("\n"),
    );
    const r = await imported([header, path], { collectionYear: 2024 });
    const issues = r.issues.filter((i) => i.file === path && i.severity === "error");
    assert.deepEqual(
      issues.map((i) => [i.row, i.column, i.value]),
      [
        [2, "DECOM", "31/02/2024"],
        [3, "DECOM", "2024-13-01"],
        [4, "DECOM", "1/2/24"],
      ],
    );
    assert.deepEqual(
      await column("SELECT clae_person_id FROM ssd_cla_episodes WHERE clae_person_id LIKE 'D%' ORDER BY 1"),
      ["D4"],
    );
  });

  it("Annex A: a contact's date", async () => {
    const path = await workbook([
      {
        name: "List 1",
        rows: [
          LIST1,
          ...BAD.map((d, k) => [`A${k + 1}`, "M", "WBRI", "01/01/2015", 9, d, "6"]),
          ["A4", "M", "WBRI", "01/01/2015", 9, "05/01/2024", "6"],
        ],
      },
    ]);
    const r = await imported([path]);
    const issues = r.issues.filter((i) => i.severity === "error");
    assert.deepEqual(
      issues.map((i) => [i.file, i.sheet, i.row, i.column, i.value]),
      BAD.map((d, k) => [path, "List 1", k + 2, "Date of Contact", d]),
    );
    assert.deepEqual(await column("SELECT cont_person_id FROM ssd_contacts WHERE cont_person_id LIKE 'A%'"), [
      "A4",
    ]);
  });

  it("SSD tables: a contact's date", async () => {
    const path = named(
      "ssd_contacts.csv",
      [
        "la_code,cont_contact_id,cont_person_id,cont_contact_date",
        ...BAD.map((d, k) => `201,SC${k + 1},S${k + 1},${d}`),
        "201,SC4,S4,2024-01-05",
      ].join("\n"),
    );
    const r = await imported([path]);
    assert.deepEqual(
      r.issues.filter((i) => i.severity === "error").map((i) => [i.file, i.row, i.column, i.value]),
      BAD.map((d, k) => [path, k + 2, "cont_contact_date", d]),
    );
    assert.deepEqual(await column("SELECT cont_person_id FROM ssd_contacts WHERE cont_person_id LIKE 'S%'"), [
      "S4",
    ]);
  });

  it("CIN census: a referral's date (the referral and all it holds are left out)", async () => {
    for (const [k, d] of ["2024-02-31", "2024-13-01", "1/2/24"].entries()) {
      const xml = cinWith((x) =>
        x
          .replace("<LAchildID>C0001</LAchildID>", `<LAchildID>N${k}</LAchildID>`)
          .replace(
            "<CINreferralDate>2025-06-02</CINreferralDate>",
            `<CINreferralDate>${d}</CINreferralDate>`,
          ),
      );
      const path = named(`dates_cin_${k}.xml`, xml);
      const r = await imported([path]);
      const errors = r.issues.filter((i) => i.severity === "error" && i.value === d);
      // grep -n '<CINreferralDate>' minimal_cin_2026.xml → 20
      assert.deepEqual(
        errors.map((i) => [i.file, i.line, i.value]),
        [[path, 20, d]],
        JSON.stringify(r.issues),
      );
      assert.match(errors[0]!.column, /CINreferralDate/);
      assert.deepEqual(
        await column(`SELECT count(*) FROM ssd_cin_episodes WHERE cine_person_id = 'N${k}'`),
        [0],
      );
    }
  });
});

describe("numbers with thousands separators and ids with leading zeros", () => {
  it("read 1,234 as 1234 in an SSD table and an Annex A list", async () => {
    const ssd = named(
      "ssd_professionals.csv",
      'la_code,prof_professional_id,prof_professional_caseload,prof_full_time_equivalency\n201,W9,"1,234",1\n',
    );
    const r = await imported([ssd]);
    assert.deepEqual(
      r.issues.filter((i) => i.rule !== "SSD_MISSING_COLUMN"),
      [],
    );
    assert.deepEqual(
      await column(
        "SELECT prof_professional_caseload FROM ssd_professionals WHERE prof_professional_id = 'W9'",
      ),
      [1234],
    );
    const annex = await workbook([
      {
        name: "List 8",
        rows: [
          [
            ...COMMON,
            "Date Started to be Looked After",
            "Child's Legal Status",
            "Start Date of Most Recent Placement",
            "Placement Type",
            "Placement distance (miles)",
          ],
          ["T1", "M", "WBRI", "01/01/2015", 9, "03/03/2023", "C2", "04/03/2023", "U4", "1,234.5"],
        ],
      },
    ]);
    const a = await imported([annex]);
    assert.ok(!a.issues.some((i) => i.rule === "ANNEXA_NUMBER"), JSON.stringify(a.issues));
    assert.deepEqual(
      await column("SELECT clap_cla_placement_distance FROM ssd_cla_placement WHERE clap_person_id = 'T1'"),
      [1234.5],
    );
  });

  it("keep leading zeros on ids from every format", async () => {
    const csv = named("zeros_header.csv", `${HEADER_903}\n000123,1,01/01/2015,WBRI,,,\n`);
    const cin = named(
      "zeros_cin.xml",
      cinWith((x) => x.replace("<LAchildID>C0001</LAchildID>", "<LAchildID>00042</LAchildID>")),
    );
    const ssd = named("ssd_person.csv", "la_code,pers_person_id,pers_sex\n201,0007,F\n");
    const annex = await workbook([
      { name: "List 1", rows: [LIST1, ["00999", "M", "WBRI", "01/01/2015", 9, "05/01/2024", "6"]] },
    ]);
    for (const path of [csv, cin, ssd, annex]) await imported([path], { collectionYear: 2024 });
    assert.deepEqual(
      await column(
        "SELECT pers_person_id FROM ssd_person WHERE pers_person_id IN ('000123', '00042', '0007', '00999') ORDER BY 1",
      ),
      ["000123", "00042", "0007", "00999"],
    );
    assert.deepEqual(
      await column("SELECT count(*) FROM ssd_person WHERE pers_person_id IN ('123', '42', '7', '999')"),
      [0],
    );
  });
});

/** A 2 GB file of junk made cheaply: 64 KB of random-looking bytes, then a sparse tail. */
function junk(name: string): string {
  const path = tmp.path(name);
  const head = Buffer.alloc(64 * 1024);
  let x = 12345;
  for (let k = 0; k < head.length; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    head[k] = x >>> 24;
  }
  const fd = openSync(path, "w");
  writeSync(fd, head);
  ftruncateSync(fd, 2 * 1024 ** 3);
  closeSync(fd);
  return path;
}

describe("2 GB of junk", () => {
  it("is refused in one line within seconds, without reading it, detected or forced", async () => {
    const path = junk("junk.xlsx");
    try {
      assert.equal(statSync(path).size, 2_147_483_648);
      const rss = process.memoryUsage().rss;
      for (const as of [undefined, "annex-a", "cin", "903", "ssd"] as const) {
        const started = performance.now();
        await refused(path, /binary data/, as ? { as } : {});
        assert.ok(performance.now() - started < 2000, `refused in ${performance.now() - started} ms`);
      }
      const grown = (process.memoryUsage().rss - rss) / 1024 ** 2;
      assert.ok(grown < 100, `memory grew by ${grown} MB`);
    } finally {
      rmSync(path, { force: true });
    }
  });
});

describe("through the CLI: a non-zero exit, one line on stderr, no stack trace, the workspace unchanged", () => {
  it("refuses 2 GB of junk, a truncated census, an empty and a header-only file", async () => {
    const dir = await newWorkspaceDir();
    const counts = async () => {
      const w = await openWorkspace(dir);
      try {
        return await snapshot(w);
      } finally {
        w.close();
      }
    };
    const before = await counts();
    // The child's peak memory, written on exit by a preloaded script.
    const rssFile = tmp.path("rss.txt");
    const preload = named(
      "rss.cjs",
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`,
    );
    const big = junk("junk-cli.csv");
    const cin = readFileSync(sharedFixture("cin-census", "fake_CIN_data.xml"));
    try {
      const cases: [string[], RegExp][] = [
        [[big], /binary data/],
        [[named("cut.xml", cin.subarray(0, cin.length / 2))], /malformed or cut short/],
        [[named("nothing.csv", "")], /is empty/],
        [[named("only_header.csv", `${HEADER_903}\n`)], /no records|nothing was imported/],
      ];
      for (const [args, pattern] of cases) {
        const started = performance.now();
        const r = spawnSync(process.execPath, ["--require", preload, BIN, "import", "--dir", dir, ...args], {
          encoding: "utf8",
        });
        const seconds = (performance.now() - started) / 1000;
        assert.notEqual(r.status, 0, r.stdout);
        assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
        assert.match(r.stderr, pattern);
        assert.doesNotMatch(r.stderr, /\n\s+at |\bat .*\.ts:\d+/);
        if (args.includes(big)) {
          const peakMb = Number(readFileSync(rssFile, "utf8")) / 1024;
          assert.ok(peakMb < 400, `peak memory ${peakMb} MB`);
          assert.ok(seconds < 15, `took ${seconds} s`);
        }
      }
    } finally {
      rmSync(big, { force: true });
    }
    assert.deepEqual(await counts(), before);
  });
});
