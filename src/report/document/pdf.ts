/**
 * The report as PDF: the same HTML file printed by headless Chromium
 * through playwright-core, A4 landscape as the print stylesheet lays it
 * out, with the council, the period and "Page n of N" in every footer.
 *
 * Why print the HTML rather than draw a PDF: one layout to keep right, and
 * what a reader prints from the HTML is what the PDF shows.
 */
import { type Browser, chromium } from "playwright-core";
import { UserError } from "../../errors/userError.ts";
import { escapeHtml } from "../html.ts";
import { findBrowser, INSTALL_HINT } from "./browser.ts";

/** Launches the Chromium found on PATH (headless), or fails with the one-line install hint. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findBrowser();
  if (!executablePath) throw new UserError(INSTALL_HINT);
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      // root in a container has no user namespace for Chromium's sandbox; the page is our own file, with no scripts
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
  } catch (e) {
    throw new UserError(
      `could not start Chromium (${executablePath}): ${(e as Error).message.split("\n")[0]}`,
    );
  }
}

/** The footer on every page: who and when, and the page number. */
export function footerTemplate(council: string, period: string): string {
  return `<div style="font-family:Arial,Helvetica,sans-serif;font-size:8px;color:#333;width:100%;margin:0 10mm;display:flex;justify-content:space-between"><span>${escapeHtml(council)} · children's social care performance report · ${escapeHtml(period)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** Prints `html` to PDF with `browser` (one page context per call). */
export async function htmlToPdf(
  browser: Browser,
  html: string,
  footer: { council: string; period: string },
): Promise<Buffer> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.emulateMedia({ media: "print" });
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: footerTemplate(footer.council, footer.period),
      tagged: true,
      outline: true,
    });
  } finally {
    await context.close();
  }
}

/** Prints `html` to PDF in a browser of its own, closed afterwards. */
export async function renderReportPdf(
  html: string,
  footer: { council: string; period: string },
): Promise<Buffer> {
  const browser = await launchBrowser();
  try {
    return await htmlToPdf(browser, html, footer);
  } finally {
    await browser.close();
  }
}
