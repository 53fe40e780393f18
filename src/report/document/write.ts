/**
 * `scorecard report` and the demo's report written out: the report model
 * of the workspace rendered as HTML, PDF and/or XLSX and written to files.
 *
 * Why PDF may be skipped: the PDF needs a Chromium on the machine; without
 * one, `--format pdf` stops with the one line saying how to install it,
 * while `--format all` writes the other formats and says what it left out.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { IsoDate } from "../../calendar/dates.ts";
import { UserError } from "../../errors/userError.ts";
import type { Framework } from "../../framework/config.ts";
import { findBrowser, INSTALL_HINT } from "./browser.ts";
import { renderReportHtml } from "./html.ts";
import { buildReportModel, type Commentary, type ReportSource } from "./model.ts";
import { renderReportXlsx } from "./xlsx.ts";

/** The formats `--format` accepts. */
export const REPORT_FORMATS = ["html", "pdf", "xlsx", "all"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** True for a known format. */
export function isReportFormat(text: string): text is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(text);
}

/** What was written, and what was left out and why. */
export interface WrittenReport {
  files: string[];
  /** Set when `all` left the PDF out (no browser). */
  skipped: string | null;
}

/**
 * Writes the report of `ws` in `format`. `out` is the file (one format) or
 * the file name without its extension (all); default `dir`/report.html,
 * .pdf, .xlsx.
 */
export async function writeReportDocument(
  ws: ReportSource,
  options: {
    framework: Framework;
    format: ReportFormat;
    dir: string;
    out?: string;
    publish?: boolean;
    periodEnd?: IsoDate;
    commentary?: ReadonlyMap<string, Commentary>;
  },
): Promise<WrittenReport> {
  const { format } = options;
  const browser = findBrowser();
  if (format === "pdf" && !browser) throw new UserError(`report: ${INSTALL_HINT}`);
  const wanted = format === "all" ? (["html", "pdf", "xlsx"] as const) : ([format] as const);
  const pathOf = (ext: string) => {
    if (options.out === undefined) return join(options.dir, `report.${ext}`);
    const out = resolve(options.out);
    return format === "all" ? `${out.replace(/\.(html?|pdf|xlsx)$/i, "")}.${ext}` : out;
  };
  const model = await buildReportModel(ws, {
    framework: options.framework,
    publish: options.publish ?? false,
    ...(options.periodEnd ? { periodEnd: options.periodEnd } : {}),
    ...(options.commentary ? { commentary: options.commentary } : {}),
    exceptions: format === "xlsx" || format === "all",
  });
  const files: string[] = [];
  let skipped: string | null = null;
  const write = (path: string, body: string | Buffer) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
    files.push(path);
  };
  let html: string | undefined;
  for (const f of wanted) {
    if (f === "html" || f === "pdf") html ??= await renderReportHtml(model);
    if (f === "html") write(pathOf("html"), html!);
    else if (f === "pdf") {
      if (!browser) {
        skipped = `PDF not written: ${INSTALL_HINT}`;
        continue;
      }
      write(
        pathOf("pdf"),
        await (await import("./pdf.ts")).renderReportPdf(html!, {
          council: model.cover.council,
          period: model.cover.periodLabel,
        }),
      );
    } else write(pathOf("xlsx"), await renderReportXlsx(model));
  }
  return { files, skipped };
}
