/**
 * `scorecard comment add|list|template|import`: the service's commentary on
 * each figure, written one at a time or collected from managers in a
 * workbook, kept with its history.
 */
import { readFileSync, writeFileSync } from "node:fs";
import {
  addCommentary,
  COMMENTARY_PERIOD_TYPES,
  type CommentaryPeriodType,
  commentaryHistory,
  isCommentaryPeriodType,
  listLatestCommentary,
} from "../../app/commentary.ts";
import {
  commentableIndicators,
  importCommentaryWorkbook,
  periodChecker,
  templateLines,
  templateWorkbook,
} from "../../app/commentaryWorkbook.ts";
import { isIsoDate } from "../../calendar/dates.ts";
import { UserError } from "../../errors/userError.ts";
import { loadFramework } from "../../framework/load.ts";
import { toCsv, toTextTable } from "../../report/tableFormats.ts";
import { openWorkspace, type Workspace } from "../../workspace/workspace.ts";
import { type CommandArgs, type CommandRunner, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";

const ACTIONS = ["add", "list", "template", "import"];

function periodType(values: CommandArgs["values"]): CommentaryPeriodType {
  const t = String(values["period-type"] ?? "month");
  if (!isCommentaryPeriodType(t))
    throw new UserError(
      `comment: --period-type must be one of ${COMMENTARY_PERIOD_TYPES.join(", ")} (got "${t}")`,
    );
  return t;
}

function periodEnd(values: CommandArgs["values"], required: true): string;
function periodEnd(values: CommandArgs["values"], required: false): string | undefined;
function periodEnd(values: CommandArgs["values"], required: boolean): string | undefined {
  if (!required && values["period-end"] === undefined) return undefined;
  const end = requiredOption(values, "period-end", "comment");
  if (!isIsoDate(end))
    throw new UserError(`comment: --period-end must be a date written YYYY-MM-DD (got "${end}")`);
  return end;
}

async function withWorkspace<T>(
  values: CommandArgs["values"],
  work: (ws: Workspace) => Promise<T>,
  readOnly = false,
): Promise<T> {
  const ws = await openWorkspace(requiredOption(values, "dir", "comment"), {
    readOnly,
    council: councilOption(values),
  });
  try {
    return await work(ws);
  } finally {
    ws.close();
  }
}

async function add(id: string | undefined, values: CommandArgs["values"]): Promise<void> {
  if (!id)
    throw new UserError(
      "comment: missing the indicator ID (usage: scorecard comment add ID --period-end D --text T --author NAME --dir W)",
    );
  const end = periodEnd(values, true);
  const type = periodType(values);
  const author = requiredOption(values, "author", "comment");
  if ((values.text === undefined) === (values.file === undefined))
    throw new UserError("comment: give the commentary as --text T or --file F (one of them)");
  let text: string;
  if (values.text !== undefined) text = String(values.text);
  else {
    const file = String(values.file);
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new UserError(`comment: cannot read ${file}`);
    }
  }
  text = text.trim();
  if (text === "") throw new UserError("comment: the commentary is empty");
  await withWorkspace(values, async (ws) => {
    const framework = loadFramework(ws.settings, ws.dir);
    if (!commentableIndicators(framework).has(id))
      throw new UserError(`comment: no indicator "${id}" (see scorecard indicators)`);
    const exists = await periodChecker(ws.db, ws.settings.council.laCode);
    if (!(await exists(type, end)))
      throw new UserError(`comment: the data has no ${type} period ending ${end}`);
    const [stored] = await addCommentary(ws.db, ws.settings.council.laCode, [
      { indicator: id, periodType: type, periodEnd: end, text, author },
    ]);
    console.log(
      stored
        ? `commentary ${stored.id} stored for ${id}, ${type} ending ${end}${stored.replaces === null ? "" : ` (replaces ${stored.replaces})`}`
        : `${id}, ${type} ending ${end}: the same text is already the latest; nothing stored`,
    );
  });
}

async function list(values: CommandArgs["values"]): Promise<void> {
  const format = String(values.format ?? "text");
  if (format !== "text" && format !== "csv")
    throw new UserError(`comment: --format must be text or csv (got "${format}")`);
  const end = periodEnd(values, false);
  const id = values.indicator === undefined ? undefined : String(values.indicator);
  if (id !== undefined && end === undefined)
    throw new UserError("comment: --indicator shows one period's history: give --period-end too");
  await withWorkspace(
    values,
    async (ws) => {
      const versions =
        id === undefined
          ? await listLatestCommentary(ws.db, ws.settings.council.laCode, end)
          : await commentaryHistory(ws.db, ws.settings.council.laCode, id, end!, periodType(values));
      const columns = [
        "id",
        "indicator",
        "period_type",
        "period_end",
        "author",
        "written_at",
        "replaces",
        "text",
      ];
      const rows = versions.map((v) => ({
        id: v.id,
        indicator: v.indicator,
        period_type: v.periodType,
        period_end: v.periodEnd,
        author: v.author,
        written_at: v.writtenAt,
        replaces: v.replaces ?? "",
        text: format === "text" ? v.text.replace(/\s+/g, " ") : v.text,
      }));
      if (format === "csv") process.stdout.write(toCsv(columns, rows));
      else if (rows.length === 0)
        console.log(`no commentary stored${end ? ` for periods ending ${end}` : ""}`);
      else process.stdout.write(toTextTable(columns, rows));
    },
    true,
  );
}

async function template(values: CommandArgs["values"]): Promise<void> {
  const end = periodEnd(values, true);
  const type = periodType(values);
  const out = requiredOption(values, "out", "comment");
  if (!/\.xlsx$/i.test(out)) throw new UserError(`comment: --out must name an .xlsx file (got "${out}")`);
  await withWorkspace(
    values,
    async (ws) => {
      const la = ws.settings.council.laCode;
      const exists = await periodChecker(ws.db, la);
      if (!(await exists(type, end)))
        throw new UserError(`comment: the data has no ${type} period ending ${end}`);
      const framework = loadFramework(ws.settings, ws.dir);
      const lines = await templateLines(
        ws.db,
        framework,
        la,
        ws.settings.benchmarks?.council ?? la,
        end,
        type,
      );
      writeFileSync(out, await templateWorkbook(lines, ws.settings.council.name, end, type));
      console.log(`${out}: ${lines.length} indicators, commentary for the ${type} ending ${end}`);
    },
    true,
  );
}

async function importWorkbook(file: string | undefined, values: CommandArgs["values"]): Promise<void> {
  if (!file)
    throw new UserError("comment: missing the workbook (usage: scorecard comment import F.xlsx --dir W)");
  await withWorkspace(values, async (ws) => {
    const framework = loadFramework(ws.settings, ws.dir);
    const author = values.author === undefined ? undefined : String(values.author);
    const { read, stored } = await importCommentaryWorkbook(
      ws.db,
      framework,
      ws.settings.council.laCode,
      file,
      author,
    );
    console.log(
      `${file}: ${read} row(s) with commentary, ${stored.length} stored (${read - stored.length} unchanged)`,
    );
  });
}

export const commentCommand: CommandRunner = {
  async run({ values, positionals }) {
    const [action, arg, extra] = positionals;
    if (!action || !ACTIONS.includes(action))
      throw new UserError(
        `comment: the first argument must be one of ${ACTIONS.join(", ")} (got "${action ?? ""}")`,
      );
    if (extra !== undefined || ((action === "list" || action === "template") && arg !== undefined))
      throw new UserError(`comment ${action}: unexpected argument "${extra ?? arg}"`);
    if (action === "add") return add(arg, values);
    if (action === "list") return list(values);
    if (action === "template") return template(values);
    return importWorkbook(arg, values);
  },
};
