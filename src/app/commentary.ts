/**
 * Commentary written by the service about an indicator's figure for one
 * period (issue 10, item 3), kept in the workspace's `commentary` table.
 *
 * Why history and no updates: a report once published must be explainable
 * later, so an edit is a new row pointing at the version it replaces
 * (`replaces`) and the old text stays. Why exact periods only: the report
 * shows commentary written for its own period and says when there is none;
 * last month's text is never offered as this month's. Why a council on
 * every row: in a workspace of several councils each writes about its own
 * figures and sees only its own commentary. The table is created by the
 * schema registry (db/schema.ts, migrations 4 and 8).
 */
import type { IsoDate } from "../calendar/dates.ts";
import { type Database, inTransaction, type Params, query } from "../db/database.ts";

/** The period types commentary is written for. */
export const COMMENTARY_PERIOD_TYPES = ["month", "quarter", "year"] as const;
export type CommentaryPeriodType = (typeof COMMENTARY_PERIOD_TYPES)[number];

/** True for a period type commentary can be written for. */
export function isCommentaryPeriodType(t: string): t is CommentaryPeriodType {
  return (COMMENTARY_PERIOD_TYPES as readonly string[]).includes(t);
}

/** The latest commentary of one indicator and period, as the report shows it. */
export interface LatestCommentary {
  text: string;
  author: string;
  /** When it was written: an ISO timestamp in UTC ("2026-12-06T22:30:00.000Z"). */
  writtenAt: string;
}

/** One stored version of a commentary. */
export interface CommentaryVersion extends LatestCommentary {
  id: number;
  indicator: string;
  periodType: CommentaryPeriodType;
  periodEnd: IsoDate;
  /** The id of the version this one edits; null for the first. */
  replaces: number | null;
}

/** What is written: the text for one indicator and period, by an author. */
export interface NewCommentary {
  indicator: string;
  periodType: CommentaryPeriodType;
  periodEnd: IsoDate;
  text: string;
  author: string;
}

async function select(db: Database, sql: string, values: Params): Promise<CommentaryVersion[]> {
  const rows = await query(
    db,
    `SELECT id, indicator, period_type, strftime(period_end, '%Y-%m-%d') AS period_end, text, author,
       strftime(written_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS written_at, replaces FROM commentary ${sql}`,
    values,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    indicator: String(r.indicator),
    periodType: String(r.period_type) as CommentaryPeriodType,
    periodEnd: String(r.period_end),
    text: String(r.text),
    author: String(r.author),
    writtenAt: String(r.written_at),
    replaces: r.replaces === null ? null : Number(r.replaces),
  }));
}

/** The council's versions no later version replaces: one per indicator and period (binds the LA code first). */
const LATEST = "WHERE la_code = ? AND id NOT IN (SELECT replaces FROM commentary WHERE replaces IS NOT NULL)";

/**
 * Stores council `laCode`'s commentary, each an edit of its latest version
 * for the indicator and period where there is one, all in one transaction;
 * a text identical to the latest is not stored again. Returns the stored
 * versions.
 */
export async function addCommentary(
  db: Database,
  laCode: string,
  items: readonly NewCommentary[],
  now: Date = new Date(),
): Promise<CommentaryVersion[]> {
  return inTransaction(db, async () => {
    const stored: CommentaryVersion[] = [];
    for (const item of items) {
      const [latest] = await select(
        db,
        `${LATEST} AND indicator = ? AND period_type = ? AND period_end = ?::DATE`,
        [laCode, item.indicator, item.periodType, item.periodEnd],
      );
      if (latest && latest.text === item.text) continue;
      const next = await db.connection.runAndReadAll("SELECT coalesce(max(id), 0) + 1 FROM commentary");
      const id = Number(next.getRows()[0]?.[0]);
      const writtenAt = now.toISOString();
      await db.connection.run(
        `INSERT INTO commentary (id, indicator, period_type, period_end, text, author, written_at, replaces, la_code)
         VALUES (?, ?, ?, ?::DATE, ?, ?, ?::TIMESTAMP, ?, ?)`,
        [
          id,
          item.indicator,
          item.periodType,
          item.periodEnd,
          item.text,
          item.author,
          writtenAt.replace("T", " ").replace("Z", ""),
          latest?.id ?? null,
          laCode,
        ],
      );
      stored.push({ id, ...item, writtenAt, replaces: latest?.id ?? null });
    }
    return stored;
  });
}

/**
 * The latest commentary council `laCode` wrote for each indicator for
 * exactly this period (an indicator with none written for it is absent:
 * never an earlier period's), keyed by indicator id.
 */
export async function latestCommentary(
  db: Database,
  laCode: string,
  periodEnd: IsoDate,
  periodType: CommentaryPeriodType,
): Promise<Map<string, LatestCommentary>> {
  const rows = await select(db, `${LATEST} AND period_end = ?::DATE AND period_type = ? ORDER BY indicator`, [
    laCode,
    periodEnd,
    periodType,
  ]);
  return new Map(rows.map((r) => [r.indicator, { text: r.text, author: r.author, writtenAt: r.writtenAt }]));
}

/** Every version council `laCode` wrote for one indicator and period, oldest first. */
export async function commentaryHistory(
  db: Database,
  laCode: string,
  indicator: string,
  periodEnd: IsoDate,
  periodType: CommentaryPeriodType,
): Promise<CommentaryVersion[]> {
  return select(
    db,
    "WHERE la_code = ? AND indicator = ? AND period_end = ?::DATE AND period_type = ? ORDER BY id",
    [laCode, indicator, periodEnd, periodType],
  );
}

/**
 * Council `laCode`'s latest version of every indicator and period (of one
 * period end where given), by period then indicator.
 */
export async function listLatestCommentary(
  db: Database,
  laCode: string,
  periodEnd?: IsoDate,
): Promise<CommentaryVersion[]> {
  return periodEnd === undefined
    ? select(db, `${LATEST} ORDER BY period_end, period_type, indicator`, [laCode])
    : select(db, `${LATEST} AND period_end = ?::DATE ORDER BY period_type, indicator`, [laCode, periodEnd]);
}
