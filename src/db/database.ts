/**
 * The database module's one entry point: opening a DuckDB file read-only or
 * read-write, queries with bound parameters, transactions, the Appender
 * loader and the schema registry.
 *
 * Why a leaf: everything above reads and writes the workspace through this
 * folder, and it imports nothing from above it (only the table
 * declarations in model/ and the calendar it loads into cal_days).
 */
export {
  type Database,
  execute,
  inTransaction,
  memoryLimit,
  type OpenOptions,
  openDatabase,
  type Params,
  query,
  withOwnConnection,
} from "./connection.ts";
export { type CellValue, type LoaderType, loadTables, type Row, TableLoader } from "./loader.ts";
export {
  checkSchema,
  createSchema,
  MIGRATIONS,
  type Migration,
  type MigrationContext,
  migrate,
  SCHEMA_VERSION,
  schemaVersion,
} from "./schema.ts";
