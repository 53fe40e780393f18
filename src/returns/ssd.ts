/**
 * The SSD extract: each canonical table as `<table>.csv` with SSD column
 * names, the same files `export-tables` writes, for one council and span.
 *
 * Why a writer too: `demo --via ssd` and the SSD round trip need the
 * extract a council's case-management system would produce, limited to
 * one council.
 */
import { join } from "node:path";
import { type Database, query } from "../db/database.ts";
import { TABLES } from "../model/tables.ts";
import type { ReturnScope, WrittenReturn } from "./types.ts";

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Writes every canonical table's rows for `scope.laCode` as CSV (the whole history: an SSD extract is not cut to a period). */
export async function writeSsdExtract(
  db: Database,
  outDir: string,
  scope: ReturnScope,
): Promise<WrittenReturn> {
  const files: string[] = [];
  const counts: Record<string, number> = {};
  for (const t of TABLES) {
    const path = join(outDir, `${t.name}.csv`);
    const where = `la_code = ${lit(scope.laCode)}`;
    await db.connection.run(
      `COPY (SELECT * FROM ${t.name} WHERE ${where} ORDER BY ${t.key}) TO ${lit(path)} (HEADER, DELIMITER ',', DATEFORMAT '%Y-%m-%d')`,
    );
    const n = await query(db, `SELECT count(*) AS n FROM ${t.name} WHERE ${where}`);
    counts[t.name] = Number(n[0]?.n ?? 0);
    files.push(path);
  }
  return { files, counts };
}
