/**
 * The sources a streamed import (importStreamed.ts) reads: a CIN census
 * (cin/stream.ts) and a set of SSDA903 files staged in DuckDB
 * (ssda903/stream.ts: the CSV files of an import together, or one XML
 * file), an Annex A workbook staged by child (annexA/stream.ts: a
 * child's records lie on several sheets) and a set of SSD table files
 * staged by child (ssd/stream.ts: a child's rows lie in several files),
 * each chunk validated by the same rules as the whole-file path.
 *
 * Why here: what a source checks after its last chunk (the rules about the
 * whole return, as running aggregates; the reader's closing counts; a
 * file-level error; a year not begun) is said in the whole-file path's
 * words, so a refused or reported file reads the same whichever path
 * imported it.
 */
import { basename } from "node:path";
import { isIsoDate } from "../calendar/dates.ts";
import type { Database, Row } from "../db/database.ts";
import { type StagedAnnexA, stageAnnexA } from "../ingest/annexA/stream.ts";
import { CinStream } from "../ingest/cin/stream.ts";
import { RowDates } from "../ingest/coverage.ts";
import type { Issue } from "../ingest/issues.ts";
import { type StagedSsd, stageSsd } from "../ingest/ssd/stream.ts";
import { type Ssda903Chunk, type StagedSsda903, stageSsda903 } from "../ingest/ssda903/stream.ts";
import {
  closingIssues,
  findIssues,
  finishWhole,
  RULES,
  type Rule,
  type ValidateOptions,
} from "../ingest/validate/validate.ts";
import { councilOfRows } from "./importCouncil.ts";
import type { CheckedChunk, SourceEnd, StreamSource } from "./importStreamed.ts";
import {
  collectionPeriod,
  type FileInfo,
  inferredAfterToday,
  isFatal,
  keepDates,
  type Period,
  periodOfRows,
  refusalOf,
  upToToday,
} from "./importWrite.ts";
import { RulesWorker } from "./rulesOnWorker.ts";

const today = () => new Date().toISOString().slice(0, 10);

/**
 * One CIN census file, `childrenPerChunk` children a chunk: the rules
 * about the whole return (Rule.whole) kept as running aggregates and
 * finished after the last chunk.
 */
export function cinSource(file: FileInfo, laCode: string, childrenPerChunk?: number): StreamSource {
  const name = `CIN census ${basename(file.path)}`;
  const stream = new CinStream(file.path, { laCode }, childrenPerChunk);
  const tally = new Map<Rule, number>();
  const running = new Map<Rule, unknown>();
  /** Without a collection year the coverage comes from the rows' dates: only those are kept. */
  const dates: Record<string, Row[]> = {};
  return {
    name,
    format: "cin",
    async *chunks(): AsyncGenerator<CheckedChunk> {
      for await (const chunk of stream.chunks()) {
        if (stream.collectionYear === undefined) keepDates(chunk.rows, dates);
        const period = collectionPeriod(stream.collectionYear);
        const reference = stream.referenceDate;
        const yearEnd = reference && isIsoDate(reference) ? reference : period?.to;
        const checked = findIssues(
          chunk.rows,
          { ...(yearEnd ? { collectionYearEnd: yearEnd } : {}), cinFiles: [chunk.view] },
          RULES,
          tally,
          running,
        ).map((f) => f.issue);
        const reported = [...chunk.issues, ...checked];
        yield { rows: chunk.rows, reported, rejecting: reported };
      }
    },
    end(): SourceEnd {
      const end = stream.end();
      const fatal = end.issues.find(isFatal);
      if (fatal) return { issues: [], fatal: refusalOf(fatal) };
      const yearPeriod = collectionPeriod(stream.collectionYear);
      const now = today();
      const notBegun = yearPeriod && yearPeriod.from > now;
      return {
        issues: [...end.issues, ...finishWhole(running, tally).map((f) => f.issue), ...closingIssues(tally)],
        ...(notBegun
          ? {
              notBegun: `${name}: ReferenceDate ${yearPeriod.to} is of a year that has not begun (today is ${now})`,
            }
          : {}),
        ...periodOr(yearPeriod ? (notBegun ? yearPeriod : upToToday(yearPeriod)) : undefined, dates),
      };
    },
    close() {},
  };
}

/**
 * A set of SSDA903 files read as the whole-file path reads them together
 * (every CSV file of an import as one source; an XML file on its own),
 * staged in DuckDB and read back `childrenPerChunk` children a chunk.
 */
export function ssda903Source(
  files: readonly FileInfo[],
  options: {
    laCode: string;
    spillUnder: string;
    collectionYear?: number;
    childrenPerChunk?: number;
    /**
     * The rules on a worker thread (RulesWorker): opt-in, as it costs a
     * fifth more CPU for a shorter critical path (docs/benchmarks.md).
     */
    rulesOnWorker?: boolean;
  },
): StreamSource {
  const paths = files.map((f) => f.path);
  const name = `SSDA903 ${paths.length === 1 ? basename(paths[0]!) : `${paths.length} files`}`;
  const tally = new Map<Rule, number>();
  const dates: Record<string, Row[]> = {};
  let staged: StagedSsda903 | undefined;
  let yearPeriod: Period | undefined;
  return {
    name,
    format: "903",
    async *chunks(): AsyncGenerator<CheckedChunk> {
      staged = await stageSsda903(
        paths,
        {
          laCode: options.laCode,
          spillUnder: options.spillUnder,
          ...(options.collectionYear ? { collectionYear: options.collectionYear } : {}),
        },
        options.childrenPerChunk,
      );
      if (staged.issues.some(isFatal)) return;
      yearPeriod = staged.period ?? collectionPeriod(staged.collectionYear);
      const validateOptions: ValidateOptions = yearPeriod ? { collectionYearEnd: yearPeriod.to } : {};
      const located = staged.issues.filter((i) => i.severity === "error");
      const shared = staged.sharedLines;
      const checked = (chunk: Ssda903Chunk, found: Issue[]): CheckedChunk => {
        if (!yearPeriod) keepDates(chunk.rows, dates);
        const reported = [...chunk.issues, ...found];
        const rejecting = [...located, ...reported];
        return {
          rows: chunk.rows,
          reported,
          // An error on a line of several children's records (an XML file on one line) identifies none of them.
          rejecting: shared.size
            ? rejecting.filter((i) => i.line === undefined || !shared.has(`${i.file}\u0000${i.line}`))
            : rejecting,
        };
      };
      if (!options.rulesOnWorker) {
        for await (const chunk of staged.chunks()) {
          const found = findIssues(
            chunk.rows,
            { ...validateOptions, ssda903: chunk.returns },
            RULES,
            tally,
          ).map((f) => f.issue);
          yield checked(chunk, found);
        }
        return;
      }
      // Chunk k is written while the worker checks chunk k + 1.
      const rules = new RulesWorker(staged.plan, validateOptions);
      try {
        let last: { chunk: Ssda903Chunk; found: Promise<Issue[]> } | undefined;
        for await (const chunk of staged.chunks({ text: true })) {
          const next = { chunk, found: rules.check(chunk.text!) };
          if (last) yield checked(last.chunk, await last.found);
          last = next;
        }
        if (last) yield checked(last.chunk, await last.found);
        await rules.tally(tally);
      } finally {
        rules.close();
      }
    },
    end(): SourceEnd {
      const fatal = staged?.issues.find(isFatal);
      if (!staged || fatal) return { issues: [], ...(fatal ? { fatal: refusalOf(fatal) } : {}) };
      const now = today();
      // As the whole-file path: a year declared with --collection-year that has not begun is refused.
      const notBegun = !!options.collectionYear && !!yearPeriod && yearPeriod.from > now;
      return {
        issues: [
          ...staged.issues,
          ...(yearPeriod && yearPeriod.from > now && !options.collectionYear
            ? [inferredAfterToday(paths.join(", "), yearPeriod, now)]
            : []),
          ...staged.closing(),
          ...closingIssues(tally),
        ],
        ...(notBegun
          ? {
              notBegun: `${name}: collection year ${yearPeriod!.from} to ${yearPeriod!.to} is of a year that has not begun (today is ${now})`,
            }
          : {}),
        ...periodOr(yearPeriod ? (notBegun ? yearPeriod : upToToday(yearPeriod)) : undefined, dates),
      };
    },
    close() {
      staged?.close();
      staged = undefined;
    },
  };
}

/**
 * One Annex A workbook, staged by child and read back `childrenPerChunk`
 * children a chunk; the rules about the whole file as running aggregates.
 * Its coverage is the rows' dates counted by month (RowDates), as
 * periodOfRows reads them: the dates of every row read, rejected or not.
 */
export function annexASource(
  file: FileInfo,
  options: { laCode: string; spillUnder: string; childrenPerChunk?: number },
): StreamSource {
  const name = `Annex A ${basename(file.path)}`;
  const tally = new Map<Rule, number>();
  const running = new Map<Rule, unknown>();
  const dates = new RowDates(today());
  let staged: StagedAnnexA | undefined;
  return {
    name,
    format: "annex-a",
    async *chunks(): AsyncGenerator<CheckedChunk> {
      staged = await stageAnnexA(
        file.path,
        { laCode: options.laCode, spillUnder: options.spillUnder },
        options.childrenPerChunk,
      );
      if (staged.issues.some(isFatal)) return;
      const located = staged.issues.filter((i) => i.severity === "error");
      for await (const chunk of staged.chunks()) {
        dates.add(chunk.rows);
        const checked = findIssues(chunk.rows, {}, RULES, tally, running).map((f) => f.issue);
        const reported = [...chunk.issues, ...checked];
        yield { rows: chunk.rows, reported, rejecting: [...located, ...reported] };
      }
    },
    end: () => stagedEnd(staged && [...staged.issues, ...staged.closing()], running, tally, dates),
    close() {
      staged?.close();
      staged = undefined;
    },
  };
}

/**
 * A set of SSD table files (one source, as the whole-file path reads them
 * together), staged by child (ssd/stream.ts) and read back
 * `childrenPerChunk` children a chunk; the rules about the whole extract as
 * running aggregates, its coverage the rows' dates (RowDates).
 */
export function ssdSource(
  files: readonly FileInfo[],
  options: { laCode: string; db: Database; spillUnder: string; childrenPerChunk?: number },
): StreamSource {
  const name = `SSD tables (${files.length} files)`;
  const tally = new Map<Rule, number>();
  const running = new Map<Rule, unknown>();
  const dates = new RowDates(today());
  let staged: StagedSsd | undefined;
  return {
    name,
    format: "ssd",
    async *chunks(): AsyncGenerator<CheckedChunk> {
      staged = await stageSsd(
        files.map((f) => f.path),
        { laCode: options.laCode, spillUnder: options.spillUnder },
        options.childrenPerChunk,
      );
      if (staged.issues.some(isFatal)) return;
      // An extract holding another council's rows is refused before any is written, naming the first.
      councilOfRows([{ name, format: "ssd", rows: staged.otherCouncil }], options.laCode);
      const located = staged.issues.filter((i) => i.severity === "error");
      for await (const rows of staged.chunks((add) => workspaceEpisodes(options.db, options.laCode, add))) {
        dates.add(rows);
        const reported = findIssues(rows, {}, RULES, tally, running).map((f) => f.issue);
        yield { rows, reported, rejecting: [...located, ...reported] };
      }
    },
    end: () => stagedEnd(staged?.issues, running, tally, dates),
    close() {
      staged?.close();
      staged = undefined;
    },
  };
}

/**
 * The end of a source staged whole before its chunks (Annex A, SSD): its
 * refusal when staging found a file-level error (or never ran), else the
 * stage's issues, the rules about the whole file finished, and the
 * coverage its rows' dates give.
 */
function stagedEnd(
  staged: Issue[] | undefined,
  running: Map<Rule, unknown>,
  tally: Map<Rule, number>,
  dates: RowDates,
): SourceEnd {
  const fatal = staged?.find(isFatal);
  if (!staged || fatal) return { issues: [], ...(fatal ? { fatal: refusalOf(fatal) } : {}) };
  const period = dates.period();
  return {
    issues: [...staged, ...finishWhole(running, tally).map((f) => f.issue), ...closingIssues(tally)],
    ...(period ? { period } : {}),
  };
}

/** The council's periods of care in the workspace, each with its child, streamed. */
async function workspaceEpisodes(
  db: Database,
  laCode: string,
  add: (cla: string, child: string) => void,
): Promise<void> {
  const result = await db.connection.stream(
    `SELECT clae_cla_id::VARCHAR, clae_person_id::VARCHAR FROM ssd_cla_episodes
     WHERE la_code = $1 AND clae_cla_id IS NOT NULL AND coalesce(clae_person_id, '') <> ''`,
    [laCode],
  );
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    const [cla, child] = chunk.getColumns() as [string[], string[]];
    for (let k = 0; k < chunk.rowCount; k++) add(cla[k]!, child[k]!);
  }
}

/** `period`, else the period of the rows' dates (periodOfRows), as `{ period }` when there is one. */
function periodOr(period: Period | undefined, dates: Record<string, Row[]>): { period?: Period } {
  const p = period ?? periodOfRows(dates);
  return p ? { period: p } : {};
}
