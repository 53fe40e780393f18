/**
 * The report document in its three formats, from one generated council:
 * the HTML is self-contained and matches its golden file; in Chromium
 * every table of the full default framework's report fits the printable
 * width of A4 landscape; the PDF opens with numbered A4 landscape pages;
 * the workbook read back with exceljs holds numbers with number formats
 * and RAG as words and fills. One browser for the file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { loadFramework } from "../../framework/load.ts";
import { assertGolden } from "../../testing/golden.ts";
import { SMALL_FRAMEWORK, testWorkspace } from "../../testing/reportWorkspace.ts";
import type { Workspace } from "../../workspace/workspace.ts";
import { contrast } from "../charts/render.ts";
import { findBrowser, INSTALL_HINT } from "./browser.ts";
import { RAG_COLOURS, renderReportHtml } from "./html.ts";
import { buildReportModel, type ReportModel } from "./model.ts";
import { footerTemplate, htmlToPdf, launchBrowser } from "./pdf.ts";
import { numberFormat, renderReportXlsx } from "./xlsx.ts";

/** A4 landscape, 297 mm wide, less the print stylesheet's 10 mm margins each side, in CSS pixels (96 per inch). */
const PRINTABLE_WIDTH_PX = ((297 - 20) / 25.4) * 96; // 1046.9

const SMALL = SMALL_FRAMEWORK;

let ws: Workspace;
let dispose: () => void;
let small: ReportModel;
let full: ReportModel;
let fullHtml: string;
let browser: Browser | undefined;

describe("report document", () => {
  before(async () => {
    ({ ws, dispose } = await testWorkspace());
    small = await buildReportModel(ws, { framework: SMALL, produced: "2025-12-05", exceptions: true });
    full = await buildReportModel(ws, {
      framework: loadFramework(ws.settings, ws.dir),
      produced: "2025-12-05",
    });
    fullHtml = await renderReportHtml(full);
    if (findBrowser()) browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    dispose();
  });

  it("HTML: one self-contained file, as its golden copy", async () => {
    const html = await renderReportHtml(small);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(http|src=/i);
    // no list of children in the HTML, even when the model holds the exception lists
    assert.ok(small.exceptions!.lists.some((p) => p.rows.length > 0));
    for (const p of small.exceptions!.lists)
      for (const r of p.rows) assert.ok(!html.includes(`>${r.child_id}<`), r.child_id);
    assert.match(html, /@page\{size:A4 landscape/);
    for (const id of ["summary", "area-front-door", "area-children-looked-after", "flows", "notes"])
      assert.match(html, new RegExp(`href="#${id}"[\\s\\S]*id="${id}"`), id);
    assert.match(html, /No commentary was written for this period\./);
    assertGolden(join(import.meta.dirname, "golden", "report.html"), html);
  });

  it("HTML contents: each service area is numbered as its indicators' default references (1.1 under 1.)", () => {
    const nav = /<nav class="page" id="contents"[^>]*>.*?<ol>\n([\s\S]*?)\n<\/ol><\/nav>/.exec(fullHtml);
    assert.ok(nav, "a contents list");
    // the number a browser shows for each top-level item: its value (the stylesheet numbers those alone)
    assert.match(fullHtml, /nav>ol>li\{list-style:none\}nav>ol>li\[value\]\{list-style:decimal\}/);
    const shown = nav[1]!.split("\n").map((li) => {
      const value = /^<li[^>]* value="(\d+)"/.exec(li);
      const refs = [...li.matchAll(/<a href="#ind-[^"]+">(\S+) /g)].map((m) => m[1]!);
      return { number: value ? Number(value[1]) : null, refs };
    });
    const areas = shown.filter((s) => s.refs.length > 0);
    assert.ok(areas.length >= 5, `${areas.length} service areas`);
    // the default framework numbers indicator k of section s "s.k" (framework/defaultFramework.ts)
    for (const a of areas) for (const ref of a.refs) assert.equal(ref.split(".")[0], String(a.number), ref);
    // the summary, flows and notes are not service areas: no number
    assert.deepEqual(
      shown.filter((s) => s.refs.length === 0).map((s) => s.number),
      [null, null, null],
    );
  });

  it("HTML published: no explain hint, and the published badge", async () => {
    const html = await renderReportHtml(
      await buildReportModel(ws, { framework: SMALL, produced: "2025-12-05", publish: true }),
    );
    assert.doesNotMatch(html, /scorecard explain/);
    assert.match(html, /Published: counts of 1 to 4 shown as &lt;5/);
  });

  it("RAG colours pass WCAG AA for their words", () => {
    for (const [rag, c] of Object.entries(RAG_COLOURS))
      assert.ok(contrast(c.fill, c.text) >= 4.5, `${rag}: ${contrast(c.fill, c.text).toFixed(2)}`);
  });

  it("in Chromium's print layout, no table of the full report is wider than A4 landscape's printable width", async (t) => {
    if (!browser) return t.skip(INSTALL_HINT);
    const page = await browser.newPage({ viewport: { width: Math.floor(PRINTABLE_WIDTH_PX), height: 700 } });
    await page.emulateMedia({ media: "print" });
    await page.setContent(fullHtml);
    const tables = await page.$$eval("table", (ts) =>
      ts
        .filter((t) => t.getClientRects().length > 0)
        .map((t) => ({
          right: t.getBoundingClientRect().right,
          scroll: t.scrollWidth,
          client: t.clientWidth,
          caption: t.querySelector("caption")?.textContent ?? t.className,
        })),
    );
    await page.close();
    // the summary, and per indicator 13 months and out-turns, and the flows and exceptions tables
    assert.ok(tables.length > 100, `${tables.length} tables`);
    const over = tables.filter((t) => t.right > PRINTABLE_WIDTH_PX + 0.5 || t.scroll > t.client + 1);
    assert.deepEqual(over, []);
  });

  it("PDF: opens as PDF, A4 landscape pages, numbered in the footer", async (t) => {
    if (!browser) return t.skip(INSTALL_HINT);
    const pdf = await htmlToPdf(browser, await renderReportHtml(small), {
      council: small.cover.council,
      period: small.cover.periodLabel,
    });
    const text = pdf.toString("latin1");
    assert.equal(text.slice(0, 5), "%PDF-");
    assert.match(text.slice(-1024), /%%EOF/);
    const pages = text.match(/\/Type\s*\/Page[^s]/g) ?? [];
    assert.ok(pages.length >= 5, `${pages.length} pages`);
    // A4 landscape: 297 × 210 mm = 841.9 × 595.3 pt
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    assert.equal(boxes.length, pages.length);
    for (const b of boxes) assert.deepEqual(b, [842, 595]);
    const footer = footerTemplate(small.cover.council, small.cover.periodLabel);
    assert.match(footer, /Page <span class="pageNumber"><\/span> of <span class="totalPages"><\/span>/);
    assert.match(footer, /Test Borough Council .* November 2025/);
  });

  it("XLSX: numbers with number formats, RAG as words and fills, frozen headers, exceptions", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReportXlsx(small)) as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ["Summary", "Front door", "Children looked after", "Exceptions", "Notes"],
    );
    const summary = wb.getWorksheet("Summary")!;
    const row = summary.getRows(1, summary.rowCount)!.find((r) => r.getCell(1).value === "FD2")!;
    const line = small.summary.scorecard.sections[0]!.lines[1]!;
    // columns: No., Indicator, Good performance is, 3 months, YTD, R12, Direction, RAG …
    assert.equal(row.getCell(6).value, line.months[2]!.cell.value);
    assert.equal(typeof row.getCell(6).value, "number");
    assert.equal(row.getCell(6).numFmt, '#,##0.0"%"');
    const rag = row.getCell(10);
    // rated in month here, so no " R12" after the word
    assert.equal(line.ratedOn, "month");
    assert.equal(rag.value, { red: "Red", amber: "Amber", green: "Green", grey: "Grey" }[line.rag!]);
    assert.equal(
      (rag.fill as ExcelJS.FillPattern).fgColor?.argb,
      `FF${RAG_COLOURS[line.rag!].fill.slice(1).toUpperCase()}`,
    );
    assert.equal(summary.views[0]?.state, "frozen");

    const area = wb.getWorksheet("Front door")!;
    assert.equal(area.views[0]?.state, "frozen");
    const months = area.getRows(2, 26)!;
    // 13 months of referrals, then 13 of re-referrals, each a number
    assert.equal(months[0]!.getCell(1).value, "FD1");
    assert.equal(months[13]!.getCell(1).value, "FD2");
    const rr = small.sections[0]!.indicators[1]!;
    months.slice(13).forEach((r, k) => {
      assert.equal(r.getCell(4).value, rr.months[k]!.figure.value);
      assert.equal(r.getCell(5).value, rr.months[k]!.figure.numerator);
      assert.equal(r.getCell(4).numFmt, numberFormat("percent", 1));
      assert.match(String(r.getCell(8).value), /^(Red|Amber|Green)$/);
    });
    const exceptions = wb.getWorksheet("Exceptions")!;
    assert.equal(
      exceptions.rowCount - 1,
      small.exceptions!.lists.reduce((n, p) => n + p.rows.length, 0),
    );

    const published = new ExcelJS.Workbook();
    await published.xlsx.load(
      (await renderReportXlsx(
        await buildReportModel(ws, {
          framework: SMALL,
          produced: "2025-12-05",
          publish: true,
          exceptions: true,
        }),
      )) as unknown as ArrayBuffer,
    );
    assert.equal(published.getWorksheet("Exceptions"), undefined);
  });
});
