/**
 * The audit log: who looked at which children, who signed in or failed to,
 * and what was refused. Append-only: this module offers no update or delete.
 *
 * Why in the workspace: the record of access to child-level data belongs
 * with the data, and is backed up and handed over with it.
 */
import type { Database } from "../db/database.ts";
import { execute as exec, query as select } from "../db/database.ts";

/** One entry, as appended. */
export interface AuditEntry {
  user: string | null;
  role: string | null;
  /** sign-in, sign-in-failed, sign-out, view-rows, download-rows, view-child, refused, user-add … */
  action: string;
  /** The route pattern (e.g. /child/:id), never a URL with ids in it. */
  route?: string;
  indicator?: string;
  /** e.g. "month 2025-03-31". */
  period?: string;
  /** The children whose data was shown, when one or a few. */
  childIds?: readonly string[];
  /** How many children's rows were shown. */
  childCount?: number;
  outcome: "ok" | "refused" | "failed";
  detail?: string;
  /** The council (LA code) the request was about. */
  council?: string;
}

/** An entry as stored. */
export interface AuditRecord {
  seq: number;
  at: string;
  user: string | null;
  role: string | null;
  action: string;
  route: string | null;
  indicator: string | null;
  period: string | null;
  childIds: string | null;
  childCount: number | null;
  outcome: string;
  detail: string | null;
  council: string | null;
}

/** Appends one entry at `now`. */
export async function appendAudit(db: Database, e: AuditEntry, now: Date): Promise<void> {
  await exec(
    db,
    `INSERT INTO audit_log (logged_at, user_name, role, action, route, indicator, period, child_ids, child_count, outcome, detail, la_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      now.toISOString(),
      e.user,
      e.role,
      e.action,
      e.route ?? null,
      e.indicator ?? null,
      e.period ?? null,
      e.childIds?.length ? e.childIds.join(" ") : null,
      e.childCount ?? e.childIds?.length ?? null,
      e.outcome,
      e.detail ?? null,
      e.council ?? null,
    ],
  );
}

/** Filters of the audit log page; all optional, dates YYYY-MM-DD inclusive. */
export interface AuditFilter {
  user?: string;
  child?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
}

/** Entries matching `f`, newest first. */
export async function listAudit(db: Database, f: AuditFilter = {}): Promise<AuditRecord[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, v: string | number) => {
    params.push(v);
    where.push(sql.replace("?", `$${params.length}`));
  };
  if (f.user) add("user_name = ?", f.user);
  if (f.child) add("list_contains(string_split(child_ids, ' '), ?)", f.child);
  if (f.action) add("action = ?", f.action);
  if (f.from) add("logged_at >= ?", f.from);
  if (f.to) add("logged_at < ?", `${f.to}T99`);
  const limit = f.limit ? ` LIMIT ${Math.trunc(f.limit)}` : "";
  const rows = await select(
    db,
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC${limit}`,
    params,
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: String(r.logged_at),
    user: r.user_name === null ? null : String(r.user_name),
    role: r.role === null ? null : String(r.role),
    action: String(r.action),
    route: r.route === null ? null : String(r.route),
    indicator: r.indicator === null ? null : String(r.indicator),
    period: r.period === null ? null : String(r.period),
    childIds: r.child_ids === null ? null : String(r.child_ids),
    childCount: r.child_count === null ? null : Number(r.child_count),
    outcome: String(r.outcome),
    detail: r.detail === null ? null : String(r.detail),
    council: r.la_code === null || r.la_code === undefined ? null : String(r.la_code),
  }));
}
