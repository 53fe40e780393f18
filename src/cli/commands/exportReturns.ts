/**
 * `scorecard export-returns`: the council's data written back out as the
 * returns councils must produce — Ofsted's Annex A, DfE's CIN census and
 * SSDA903 — or as an SSD extract.
 *
 * Why: the same files are made every year by hand today; and exporting then
 * importing proves the readers and writers agree (the round-trip tests).
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { isIsoDate } from "../../calendar/dates.ts";
import { UserError } from "../../errors/userError.ts";
import { FORMAT_NAMES, type Format, parseFormat } from "../../ingest/detect.ts";
import { writeAnnexA } from "../../returns/annexA.ts";
import { writeCinCensus } from "../../returns/cin.ts";
import { writeSsdExtract } from "../../returns/ssd.ts";
import { writeSsda903 } from "../../returns/ssda903.ts";
import type { ReturnWriter } from "../../returns/types.ts";
import { openWorkspace, readCoverage } from "../../workspace/workspace.ts";
import { type CommandRunner, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";

/** The writer for each format. */
export const RETURN_WRITERS: Record<Format, ReturnWriter> = {
  "annex-a": writeAnnexA,
  cin: writeCinCensus,
  "903": writeSsda903,
  ssd: writeSsdExtract,
};

export const exportReturnsCommand: CommandRunner = {
  async run({ values }) {
    const formatText = requiredOption(values, "format", "export-returns");
    let format: Format;
    try {
      format = parseFormat(formatText);
    } catch {
      throw new UserError(
        `export-returns: --format must be one of annex-a, cin, 903, ssd (got "${formatText}")`,
      );
    }
    const out = resolve(requiredOption(values, "out", "export-returns"));
    for (const k of ["from", "to"] as const) {
      if (values[k] !== undefined && !isIsoDate(String(values[k])))
        throw new UserError(`export-returns: --${k} must be a date written YYYY-MM-DD (got "${values[k]}")`);
    }
    const ws = await openWorkspace(requiredOption(values, "dir", "export-returns"), {
      readOnly: true,
      council: councilOption(values),
    });
    try {
      const la = ws.settings.council.laCode;
      const coverage = (await readCoverage(ws.db)).find((c) => c.laCode === la);
      if (!coverage) throw new UserError(`export-returns: the workspace has no data for LA ${la} yet`);
      const from = values.from === undefined ? coverage.dataFrom : String(values.from);
      const to = values.to === undefined ? coverage.dataTo : String(values.to);
      if (from > to) throw new UserError(`export-returns: --from ${from} is after --to ${to}`);
      mkdirSync(out, { recursive: true });
      const written = await RETURN_WRITERS[format](ws.db, out, { laCode: la, from, to });
      const records = Object.entries(written.counts)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n.toLocaleString("en-GB")}`)
        .join(", ");
      console.log(
        `Wrote ${FORMAT_NAMES[format]} covering ${from} to ${to}: ${written.files.length} files in ${out}`,
      );
      if (records) console.log(`Records: ${records}`);
      for (const f of written.files) console.log(f);
    } finally {
      ws.close();
    }
  },
};
