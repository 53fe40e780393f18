/**
 * Opening a DuckDB database, running statements with bound parameters, and
 * transactions.
 *
 * Why here: DuckDB is the I/O edge. Opening turns DuckDB's lock error into
 * a plain sentence (one process writes a workspace at a time; several may
 * read it when none writes), and values reach SQL only as bound parameters.
 */
import { totalmem } from "node:os";
import { type DuckDBConnection, DuckDBDateValue, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { UserError } from "../errors/userError.ts";

/** An open workspace database. */
export interface Database {
  connection: DuckDBConnection;
  /** Opened read-only: statements that write fail. */
  readOnly?: boolean;
  /** A further connection to the same database (closed by its user), for work run side by side. */
  connect?: () => Promise<DuckDBConnection>;
  close(): void;
}

/**
 * DuckDB's memory ceiling: 40% of the machine's memory, at most 4 GB, so a large
 * load spills to disk instead of crowding out everything else on an analyst's
 * laptop. SCORECARD_MEMORY_LIMIT (e.g. "8GB") overrides it.
 */
export function memoryLimit(): string {
  const fromEnv = process.env.SCORECARD_MEMORY_LIMIT;
  if (fromEnv && /^\d+(\.\d+)?\s*(MB|GB)$/i.test(fromEnv)) return fromEnv;
  const mb = Math.min(4096, Math.floor((totalmem() * 0.4) / 2 ** 20));
  return `${mb}MB`;
}

/** How to open a database. */
export interface OpenOptions {
  /**
   * Open without taking the write lock: any number of read-only processes
   * may share a file, none while a process has it open for writing.
   */
  readOnly?: boolean;
}

/**
 * Opens (creating if needed, unless read-only) a DuckDB database; `:memory:` for tests.
 *
 * @example
 *   const db = await openDatabase("ws/workspace.duckdb", { readOnly: true });
 *   try {
 *     const rows = await query(db, "SELECT count(*) AS n FROM ssd_person WHERE la_code = $1", ["999"]);
 *   } finally {
 *     db.close();
 *   }
 */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      memory_limit: memoryLimit(),
      ...(options.readOnly ? { access_mode: "READ_ONLY" } : {}),
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pid = /PID (\d+)/.exec(message)?.[1];
    if (/lock/i.test(message)) {
      throw new UserError(
        `the workspace ${path} is in use by another process${pid ? ` (PID ${pid})` : ""}; one process owns a workspace at a time, so wait for it to finish and try again`,
      );
    }
    throw new UserError(`cannot open the workspace ${path}: ${message.split("\n")[0]}`);
  }
  const connection = await instance.connect();
  return {
    connection,
    readOnly: options.readOnly === true,
    connect: () => instance.connect(),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Runs `work` in one transaction: committed when it returns, rolled back
 * when it throws, and the error passed on (a rollback that fails because
 * the transaction is already gone does not hide it).
 */
export async function inTransaction<T>(db: Pick<Database, "connection">, work: () => Promise<T>): Promise<T> {
  await db.connection.run("BEGIN TRANSACTION");
  try {
    const result = await work();
    await db.connection.run("COMMIT");
    return result;
  } catch (e) {
    try {
      await db.connection.run("ROLLBACK");
    } catch {
      // the transaction is already gone; nothing was committed
    }
    throw e;
  }
}

/** Values bound to a statement's `$1`, `$2`… (an array) or `$name` (an object) placeholders. */
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/**
 * Runs a query and returns plain JS row objects (dates as YYYY-MM-DD
 * strings, bigints as numbers). Values from users or files go in `params`,
 * never into `sql`.
 *
 * @example
 *   await query(db, "SELECT * FROM imports WHERE la_code = $1 AND import_id = $2", [la, id]);
 */
export async function query(
  db: Pick<Database, "connection">,
  sql: string,
  params?: Params,
): Promise<Record<string, unknown>[]> {
  const result = await db.connection.runAndReadAll(sql, params);
  const names = result.columnNames();
  return result.getRows().map((r) => {
    const o: Record<string, unknown> = {};
    names.forEach((name, k) => {
      o[name] = toPlain(r[k]);
    });
    return o;
  });
}

function toPlain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof DuckDBDateValue) return v.toString();
  if (typeof v === "object") return String(v);
  return v;
}

/** Runs one statement with bound parameters; returns the number of rows it changed. */
export async function execute(
  db: Pick<Database, "connection">,
  sql: string,
  params?: Params,
): Promise<number> {
  const result = await db.connection.run(sql, params);
  return Number(result.rowsChanged);
}
