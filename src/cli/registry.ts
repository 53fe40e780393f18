/**
 * Every command the CLI offers, as --help shows it, with how to load what it
 * does.
 *
 * Why here and not in each command's module: listing the commands, or one
 * command's help, must not load DuckDB, exceljs and the rest (a second or
 * more); each command's module is imported only when that command runs.
 */
import { PERIOD_TYPES } from "../calendar/periods.ts";
import { TARGET_COLUMNS } from "../framework/targetColumns.ts";
import type { Command } from "./command.ts";
import { withCouncilOption } from "./council.ts";

/**
 * The commands, in the order the overview lists them.
 *
 * To add one: write its module under commands/ exporting a CommandRunner
 * that parses its options, calls a use case in app/ and prints the plain
 * data it returns; then list it here (the help is declared once, here, so
 * `--help` never loads the module).
 *
 * @example
 *   // commands/coverage.ts
 *   export const coverageCommand: CommandRunner = {
 *     async run({ values }) {
 *       const ws = await openWorkspace(requiredOption(values, "dir", "coverage"), { readOnly: true });
 *       try {
 *         process.stdout.write(toTextTable(["laCode", "dataFrom", "dataTo"], await readCoverage(ws.db)));
 *       } finally {
 *         ws.close();
 *       }
 *     },
 *   };
 *   // here
 *   {
 *     name: "coverage",
 *     usage: "coverage --dir D",
 *     summary: "Print the dates between which each council's data is complete.",
 *     options: { dir: { type: "string", value: "D", help: "the workspace folder" } },
 *     load: async () => (await import("./commands/coverage.ts")).coverageCommand,
 *   },
 */
export const COMMANDS: Command[] = withCouncilOption([
  {
    name: "init",
    usage: "init <dir> [--name NAME] [--la-code CODE] [--population N]",
    summary:
      "Create an empty workspace in <dir> with a settings.json to edit: council name, LA code, 0–17 population by financial year and local standards.",
    positionals: { min: 1, max: 1, names: "<dir>" },
    options: {
      name: { type: "string", value: "NAME", help: 'council name (default "Example Council")' },
      "la-code": { type: "string", value: "CODE", help: "DfE 3-digit LA code (default 999)" },
      population: {
        type: "string",
        value: "N",
        help: "0–17 population written for every financial year from 2012-13 to this one (edit per year afterwards)",
      },
    },
    load: async () => (await import("./commands/init.ts")).initCommand,
  },
  {
    name: "demo",
    usage:
      "demo [--dir D] [--seed N] [--population P] [--years Y] [--end YYYY-MM-DD] [--via annex-a|cin-903|ssd] [--benchmarks FOLDER] [--compare-with LA] [--format all|html|pdf|xlsx] [--serve [--port P] [--host H]]",
    summary:
      "Generate a synthetic council into workspace D (default ./demo-workspace), compute every indicator, write the report as D/report.html, D/report.pdf and D/report.xlsx and print the HTML's path.",
    options: {
      dir: {
        type: "string",
        value: "D",
        help: "workspace folder (default ./demo-workspace; replaced if it holds a demo)",
      },
      seed: { type: "string", value: "N", help: "random seed (default 1)" },
      councils: {
        type: "string",
        value: "N",
        help: "N synthetic councils of different sizes, demand and profiles (lateness, placement moves, re-referral), each with its own real LA code, in one workspace (a report each: D/report-LA.html)",
      },
      population: { type: "string", value: "P", help: "0–17 population (default 60000)" },
      years: { type: "string", value: "Y", help: "years of data (default 3)" },
      end: { type: "string", value: "YYYY-MM-DD", help: "last day of data (default: the end of last month)" },
      via: {
        type: "string",
        value: "FORMAT",
        help: "annex-a, cin-903 or ssd: write the council as those files into D/returns and import them through the real import path",
      },
      benchmarks: {
        type: "string",
        value: "FOLDER",
        help: "import DfE's benchmark files from FOLDER (LAIT parquet, EES CSVs, neighbour list) instead of the DfE figures shipped with the product",
      },
      "compare-with": {
        type: "string",
        value: "LA",
        help: "the real council whose neighbours and quartile the demo is compared with (settings benchmarks.council; default 372, Rotherham, whose 0–17 population is close to the demo's 60,000)",
      },
      format: {
        type: "string",
        value: "FORMAT",
        help: "the report's formats: all (default: HTML, PDF without a browser left out with a note, and XLSX), html, pdf or xlsx",
      },
      serve: {
        type: "boolean",
        help: "then serve it as the web application (scorecard serve), printing its address and a first admin's one-time password",
      },
      port: { type: "string", value: "PORT", help: "with --serve: the port (default 8080)" },
      host: { type: "string", value: "HOST", help: "with --serve: the address (default 127.0.0.1)" },
    },
    load: async () => (await import("./commands/demo.ts")).demoCommand,
  },
  {
    name: "compute",
    usage: "compute --dir D",
    summary:
      "Compute every indicator for every month end, quarter, year to date, rolling 12 months and year in the data.",
    options: { dir: { type: "string", value: "D", help: "the workspace folder" } },
    load: async () => (await import("./commands/compute.ts")).computeCommand,
  },
  {
    name: "report",
    usage: "report --dir D [--period-end YYYY-MM-DD] [--format html|pdf|xlsx|all] [--out PATH] [--publish]",
    summary:
      "Write the council's monthly performance report (cover, summary scorecard with where we are performing well and need to improve, a section per service area with trend charts, tables, benchmarks, commentary and narrative, flows, notes) as one self-contained HTML file, a PDF (A4 landscape, printed by Chromium) and/or an Excel workbook (which also lists the children behind the exceptions, unless --publish), by default D/report.html, and print the paths.",
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      "period-end": {
        type: "string",
        value: "YYYY-MM-DD",
        help: "the month end reported on (default: the latest complete month of the data)",
      },
      format: {
        type: "string",
        value: "FORMAT",
        help: "html (default), pdf (needs Chromium on PATH: apt-get install chromium), xlsx, or all three",
      },
      out: {
        type: "string",
        value: "PATH",
        help: "the file to write (default D/report.html, .pdf or .xlsx); with --format all, the name without its extension",
      },
      publish: {
        type: "boolean",
        help: "for publication: counts of 1 to 4 shown as <5, the figures they would reveal left blank, and no child-level content",
      },
    },
    load: async () => (await import("./commands/report.ts")).reportCommand,
  },
  {
    name: "compare",
    usage:
      "compare --dir D [--indicator ID] [--period-end YYYY-MM-DD] [--period-type T] [--format html|xlsx|csv] [--out FILE] [--publish]",
    summary:
      "Compare every council of the workspace, indicator by indicator: each council's figure ranked (1 = best by the indicator's polarity; ties share a rank), its quartile band (A best, DfE LAIT's rule) among the workspace's councils, the councils' mean and median, each council's statistical neighbours' average over those of its 10 DfE neighbours in the workspace, and DfE's published figures beside them; written as D/compare.html (or .xlsx, .csv) and the path printed.",
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      indicator: {
        type: "string",
        value: "ID",
        help: "only this indicator (default: every indicator of the framework)",
      },
      "period-end": {
        type: "string",
        value: "YYYY-MM-DD",
        help: "the month end compared (default: the latest complete month every council's data covers)",
      },
      "period-type": {
        type: "string",
        value: "T",
        help: `one of ${PERIOD_TYPES.join(", ")} for every indicator (default: rolling12 for flows, month for stocks)`,
      },
      format: { type: "string", value: "FORMAT", help: "html (default), xlsx or csv" },
      out: {
        type: "string",
        value: "FILE",
        help: "the file to write (default D/compare.html, .xlsx or .csv)",
      },
      publish: {
        type: "boolean",
        help: "for publication: a figure resting on a count of 1 to 4 is shown as suppressed and left out of ranks, quartiles and averages",
      },
    },
    load: async () => (await import("./commands/compare.ts")).compareCommand,
  },
  {
    name: "values",
    usage: "values --dir D [--indicator ID] [--period-type T] [--publish] [--format csv|json]",
    summary:
      "Print computed values: indicator, period type, period end (YYYY-MM-DD), numerator, denominator (empty for counts), value, and their judgement: rag (only on the period type the framework rates), direction, signal (XmR variation, months only), target, sn_average, england and quartile (from imported benchmarks), and compared_with, benchmark and vs_benchmark (the benchmark the framework compares the indicator with, and better or worse); empty where not applicable. --publish shows counts of 1 to 4 as <5 and blanks the percentages, rates and averages they would reveal.",
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      indicator: { type: "string", value: "ID", help: "only this indicator (see scorecard indicators)" },
      "period-type": {
        type: "string",
        value: "T",
        help: `only this period type: ${PERIOD_TYPES.join(", ")}`,
      },
      format: { type: "string", value: "FORMAT", help: "csv (default) or json" },
      publish: { type: "boolean", help: "suppress small numbers, for publication" },
    },
    load: async () => (await import("./commands/values.ts")).valuesCommand,
  },
  {
    name: "targets",
    usage: "targets --dir D [--at YYYY-MM-DD] [--format text|csv] [--import FILE]",
    summary: `Show the targets in force in workspace D's framework (at the end of its data, or --at), or --import a CSV/XLSX of targets (columns: ${TARGET_COLUMNS.join(", ")}) into its framework.`,
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      at: { type: "string", value: "YYYY-MM-DD", help: "show the targets in force on this date" },
      format: { type: "string", value: "FORMAT", help: "text (default) or csv" },
      import: {
        type: "string",
        value: "FILE",
        help: "replace the listed indicators' targets with those in FILE (CSV or XLSX)",
      },
    },
    load: async () => (await import("./commands/targets.ts")).targetsCommand,
  },
  {
    name: "benchmarks",
    usage: "benchmarks import --dir D FILE… | benchmarks show --dir D [--council LA] [--format text|csv]",
    summary:
      "Import DfE's published benchmarks (LAIT long data .parquet, Explore Education Statistics CSVs, statistical-neighbour list, hand-entered CSV/XLSX) into workspace D, or show the statistics the scorecard compares with.",
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      council: {
        type: "string",
        value: "LA",
        help: "show: whose benchmarks (default: settings benchmarks.council, else the council)",
      },
      format: { type: "string", value: "FORMAT", help: "show: text (default) or csv" },
    },
    positionals: { min: 1, max: 10_000, names: "import FILE… or show" },
    load: async () => (await import("./commands/benchmarks.ts")).benchmarksCommand,
  },
  {
    name: "local",
    usage: "local import --dir D FILE… | local show --dir D [--format text|csv]",
    summary:
      'Import local indicator values (CSV/XLSX: indicator, month, value, optional numerator, denominator; indicators declared under "local" in the framework) into workspace D, deriving their quarters and years; or show what is stored.',
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      format: { type: "string", value: "FORMAT", help: "show: text (default) or csv" },
    },
    positionals: { min: 1, max: 10_000, names: "import FILE… or show" },
    load: async () => (await import("./commands/local.ts")).localCommand,
  },
  {
    name: "explain",
    usage: "explain ID --period-end YYYY-MM-DD [--period-type T] --dir D [--format text|csv]",
    summary:
      "List the rows behind a figure: child id, event id, date, when it was due (for indicators measured against a deadline), whether in the numerator and denominator, and why not where excluded.",
    positionals: { min: 1, max: 1, names: "the indicator ID" },
    options: {
      "period-end": { type: "string", value: "YYYY-MM-DD", help: "the month end the figure is for" },
      "period-type": { type: "string", value: "T", help: `${PERIOD_TYPES.join(", ")} (default month)` },
      dir: { type: "string", value: "D", help: "the workspace folder" },
      format: { type: "string", value: "FORMAT", help: "text (default) or csv" },
    },
    load: async () => (await import("./commands/explain.ts")).explainCommand,
  },
  {
    name: "breakdown",
    usage:
      "breakdown ID --by DIM --period-end YYYY-MM-DD [--period-type T] [--publish] [--format table|csv|json] --dir D",
    summary:
      "Break one figure down by a dimension (age_band, sex, ethnicity, disability, uasc, team, worker, and those the indicator carries: source, need, abuse_category, legal_status, placement_type, distance_band, reason_ceased, outcome …). Cells add up to the figure; 'Unknown' holds rows whose value is missing. Counts show the count; percentages numerator, denominator and %; rates per 10,000 show counts only (no population per cell); averages the mean and the number of events; caseloads children and FTE. --publish shows counts of 1 to 4 as <5 and blanks the figures they would reveal.",
    positionals: { min: 1, max: 1, names: "the indicator ID" },
    options: {
      by: {
        type: "string",
        value: "DIM",
        help: "the dimension (a wrong one lists those the indicator offers)",
      },
      "period-end": { type: "string", value: "YYYY-MM-DD", help: "the month end the figure is for" },
      "period-type": { type: "string", value: "T", help: `${PERIOD_TYPES.join(", ")} (default month)` },
      publish: { type: "boolean", help: "suppress small numbers, for publication" },
      format: { type: "string", value: "FORMAT", help: "table (default), csv or json" },
      dir: { type: "string", value: "D", help: "the workspace folder" },
    },
    load: async () => (await import("./commands/breakdown.ts")).breakdownCommand,
  },
  {
    name: "exceptions",
    usage:
      "exceptions --dir D [--list NAME] [--as-at YYYY-MM-DD] [--team T] [--format text|csv|html|xlsx] [--out FILE]",
    summary:
      "The lists of children behind the exceptions for the weekly performance meeting (assessments past 45 working days, ICPCs late, CP and CLA visits and reviews overdue, health and dental checks, 3+ placements, care leavers not in touch, missing episodes without a return interview offered, re-referrals): explain's rows of each list's indicator for the month, grouped by team then worker, each list's total set against the figure it counts against. Never with --publish.",
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      list: { type: "string", value: "NAME", help: "one list (default all; a wrong name lists them)" },
      "as-at": { type: "string", value: "YYYY-MM-DD", help: "the month end (default the latest computed)" },
      team: { type: "string", value: "T", help: "one team's rows only" },
      format: { type: "string", value: "FORMAT", help: "text (default), csv, html or xlsx" },
      out: { type: "string", value: "FILE", help: "write to FILE (needed for html and xlsx)" },
      publish: { type: "boolean", help: "refused: exception lists name children" },
    },
    load: async () => (await import("./commands/exceptions.ts")).exceptionsCommand,
  },
  {
    name: "comment",
    usage:
      "comment add ID --period-end D (--text T | --file F) --author NAME --dir W [--period-type month|quarter|year] | comment list --dir W [--period-end D] [--indicator ID] | comment template --dir W --period-end D --out F.xlsx | comment import F.xlsx --dir W [--author NAME]",
    summary:
      "The service's commentary on each figure, per indicator, period end and period type, with author and time; an edit keeps the old text (list --indicator shows the history). template writes a workbook for managers, one row per indicator (number, title, the period's figures and RAG, the previous period's commentary, an empty column to write in); import reads it back, checking every row names a real indicator and a period of the data, and stores all rows or none. The report shows only commentary written for its own period.",
    positionals: { min: 1, max: 2, names: "add ID, list, template or import FILE" },
    options: {
      dir: { type: "string", value: "W", help: "the workspace folder" },
      "period-end": { type: "string", value: "YYYY-MM-DD", help: "the month end the commentary is for" },
      "period-type": { type: "string", value: "T", help: "month (default), quarter or year" },
      text: { type: "string", value: "T", help: "add: the commentary" },
      file: { type: "string", value: "F", help: "add: read the commentary from a text file" },
      author: {
        type: "string",
        value: "NAME",
        help: "add: who wrote it; import: for rows whose Author cell is empty",
      },
      indicator: { type: "string", value: "ID", help: "list: every version for this indicator and period" },
      out: { type: "string", value: "F.xlsx", help: "template: the workbook to write" },
      format: { type: "string", value: "FORMAT", help: "list: text (default) or csv" },
    },
    load: async () => (await import("./commands/comment.ts")).commentCommand,
  },
  {
    name: "export-tables",
    usage: "export-tables --dir D --out FOLDER",
    summary:
      "Write each canonical table as FOLDER/<table>.csv: SSD column names, dates as YYYY-MM-DD, ids as text.",
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      out: { type: "string", value: "FOLDER", help: "where to write the CSV files (created if absent)" },
    },
    load: async () => (await import("./commands/exportTables.ts")).exportTablesCommand,
  },
  {
    name: "export-returns",
    usage:
      "export-returns --dir D --format annex-a|cin|903|ssd --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD]",
    summary:
      "Write the council's data as an Annex A workbook, CIN census XML (one per collection year), SSDA903 CSVs (one set per collection year) or SSD tables, into DIR.",
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      format: { type: "string", value: "FORMAT", help: "annex-a, cin, 903 or ssd" },
      out: { type: "string", value: "DIR", help: "where to write the files (created if absent)" },
      from: {
        type: "string",
        value: "YYYY-MM-DD",
        help: "first day covered (default: the start of the data); a CIN census or SSDA903 year is always written from its 1 April",
      },
      to: { type: "string", value: "YYYY-MM-DD", help: "last day covered (default: the end of the data)" },
    },
    load: async () => (await import("./commands/exportReturns.ts")).exportReturnsCommand,
  },
  {
    name: "indicators",
    usage: "indicators [--format text|json]",
    summary: "List every indicator: id, area, title, polarity, unit, kind and definition.",
    options: { format: { type: "string", value: "FORMAT", help: "text (default) or json" } },
    load: async () => (await import("./commands/indicators.ts")).indicatorsCommand,
  },
  {
    name: "import",
    usage: "import --dir D FILE_OR_FOLDER… [--as FORMAT] [--year YYYY]",
    summary:
      "Import Annex A, CIN census, SSDA903 or SSD table files (format detected) into workspace D in one transaction, write the validation report and recompute.",
    positionals: { min: 1, max: 1000, names: "FILE_OR_FOLDER" },
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      as: { type: "string", value: "FORMAT", help: "read every file as annex-a, cin, 903 or ssd" },
      year: {
        type: "string",
        value: "YYYY",
        help: "SSDA903 collection year, by its end (default: from the dates)",
      },
    },
    load: async () => (await import("./commands/import.ts")).importCommand,
  },
  {
    name: "validate",
    usage:
      "validate FILE_OR_FOLDER… [--out DIR] [--as FORMAT] [--la-code CODE] [--previous DIR] [--postcodes FILE.csv [--area CODES]] [--providers FILE.csv]",
    summary:
      "Check files as an import would, without importing: write the validation report (HTML and XLSX) and exit 1 on any DfE error or any record that cannot be used.",
    positionals: { min: 1, max: 1000, names: "FILE_OR_FOLDER" },
    options: {
      out: { type: "string", value: "DIR", help: "where to write the report (default ./validation)" },
      as: { type: "string", value: "FORMAT", help: "read every file as annex-a, cin, 903 or ssd" },
      "la-code": {
        type: "string",
        value: "CODE",
        help: "the council's 3-digit LA code, to label rows (default 000)",
      },
      year: {
        type: "string",
        value: "YYYY",
        help: "SSDA903 collection year, by its end (default: from the dates)",
      },
      previous: {
        type: "string",
        value: "DIR",
        help: "last year's SSDA903 return (a folder of CSVs or an XML file; several separated by commas), for DfE's rules comparing with last year",
      },
      postcodes: {
        type: "string",
        value: "FILE.csv",
        help: "the ONS Postcode Directory as CSV (columns pcd or pcds, oseast1m, osnrth1m, oslaua, oscty), for DfE's distance and placement LA rules",
      },
      area: {
        type: "string",
        value: "CODES",
        help: "the council's ONS local authority code(s), comma-separated (e.g. E09000002), for in or out of area",
      },
      providers: {
        type: "string",
        value: "FILE.csv",
        help: "Ofsted's providers as CSV (columns URN, PLACE_CODES, PROVIDER_CODES, REG_END, POSTCODE, LA), for DfE's URN rules",
      },
    },
    load: async () => (await import("./commands/validateCmd.ts")).validateCommand,
  },
  {
    name: "imports",
    usage: "imports --dir D [--undo ID]",
    summary:
      "List past imports (when, files, SHA-256 hashes, counts), or undo one: remove its records and recompute.",
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      undo: {
        type: "string",
        value: "ID",
        help: "remove the records import ID added (those no other import also brought)",
      },
    },
    load: async () => (await import("./commands/imports.ts")).importsCommand,
  },
  {
    name: "user",
    usage: "user add|remove|reset --dir D NAME [--role viewer|manager|analyst|admin] [--team T[,T…]]",
    summary:
      "Add, remove or reset a local account of the web application (scorecard serve). add and reset print a one-time password, to be replaced at first sign-in. Roles: viewer (aggregates, small numbers suppressed), manager (and the children of their teams), analyst (all children), admin (users and the audit log).",
    positionals: { min: 2, max: 2, names: "add|remove|reset and the user's NAME" },
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      role: {
        type: "string",
        value: "ROLE",
        help: "viewer, manager, analyst or admin (add; reset to change it)",
      },
      team: {
        type: "string",
        value: "T[,T…]",
        help: "a manager's team ids (as in the data's involvements), comma-separated",
      },
    },
    load: async () => (await import("./commands/user.ts")).userCommand,
  },
  {
    name: "serve",
    usage: "serve --dir D [--port 8080] [--host 127.0.0.1] [--oidc FILE] [--trust-proxy]",
    summary:
      "Serve workspace D's scorecard as a web application with sign-in (accounts from scorecard user), roles and an audit log; holds the workspace while it runs.",
    options: {
      dir: { type: "string", value: "D", help: "the workspace folder" },
      port: { type: "string", value: "PORT", help: "port to listen on (default 8080)" },
      host: {
        type: "string",
        value: "HOST",
        help: "address to listen on (default 127.0.0.1; put a TLS proxy in front for anything else)",
      },
      oidc: {
        type: "string",
        value: "FILE",
        help: "single sign-on with the council's OpenID Connect provider: a JSON file of issuer, clientId, clientSecret, redirectUri (https://…/sign-in/oidc/callback), roleClaim, roles (claim value → viewer|manager|analyst|admin), teamsClaim",
      },
      "trust-proxy": {
        type: "boolean",
        help: "take the client's address and https from the X-Forwarded-For and X-Forwarded-Proto of a proxy in front",
      },
    },
    load: async () => (await import("./commands/serve.ts")).serveCommand,
  },
]);
