/**
 * Reads the reference files a council may give `validate`: its copy of the
 * ONS Postcode Directory and its Ofsted provider list.
 *
 * Why DuckDB: the directory is a 1 GB CSV of 2.7 million postcodes; DuckDB
 * scans it in seconds and hands back only the postcodes the return uses,
 * so nothing large sits in memory. The file's path and the postcodes go in
 * as bound parameters; column names are this module's own.
 *
 * Columns (header row, any order, any case; other columns are ignored):
 * - postcodes: `pcd` or `pcds` (the postcode, spaces anywhere), `oseast1m`
 *   and `osnrth1m` (grid reference in metres), `oslaua` (the district or
 *   unitary authority's ONS code) and, where present, `oscty` (the county's,
 *   used for two-tier areas; E99999999 means none). These are the ONS
 *   Postcode Directory's (ONSPD) and National Statistics Postcode Lookup's
 *   names, so their CSV is used as published.
 * - providers: `URN`, `PLACE_CODES` and `PROVIDER_CODES` (codes the provider
 *   may be recorded under, separated by commas or spaces), and where known
 *   `REG_END` (registration end, YYYY-MM-DD or DD/MM/YYYY), `POSTCODE` and
 *   `LA` (the provider's ONS local authority code).
 */
import { DuckDBInstance, DuckDBListValue, LIST, VARCHAR } from "@duckdb/node-api";
import { UserError } from "../../errors/userError.ts";
import { parseDateText } from "../text.ts";
import {
  type PostcodeDirectory,
  type PostcodeEntry,
  type Provider,
  type ProviderList,
  postcodeKey,
} from "./reference.ts";

/** Rows of a CSV as text, the columns named `columns` (lower case) picked by this module. */
async function query(
  file: string,
  what: string,
  build: (has: (c: string) => boolean) => {
    sql: string;
    values?: Record<string, unknown>;
    types?: Record<string, unknown>;
  },
): Promise<Record<string, string | null>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    let header: string[];
    try {
      header = (
        await c.runAndReadAll(
          "SELECT * FROM read_csv($path, header = true, all_varchar = true) LIMIT 0",
          { path: file },
          { path: VARCHAR },
        )
      ).columnNames();
    } catch (e) {
      throw new UserError(
        `${what} ${file}: cannot be read as a CSV file (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`,
      );
    }
    const names = new Set(header.map((h) => h.trim().toLowerCase()));
    const { sql, values, types } = build((col) => names.has(col));
    const result = await c.runAndReadAll(
      sql,
      { path: file, ...values } as never,
      { path: VARCHAR, ...types } as never,
    );
    return result.getRowObjectsJS() as Record<string, string | null>[];
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

function requireColumns(file: string, what: string, has: (c: string) => boolean, columns: string[]): void {
  const missing = columns.filter((c) => !has(c));
  if (missing.length)
    throw new UserError(`${what} ${file}: no column ${missing.join(", ")} in its header row`);
}

/**
 * The postcodes of `wanted` (keys without spaces, upper case) found in the
 * council's postcode directory; a postcode with no grid reference (ONSPD
 * leaves some terminated ones without) counts as not found.
 */
export async function loadPostcodes(
  file: string,
  wanted: ReadonlySet<string>,
  area?: readonly string[],
): Promise<PostcodeDirectory> {
  const rows = await query(file, "--postcodes", (has) => {
    const key = has("pcd") ? "pcd" : "pcds";
    requireColumns(file, "--postcodes", has, [key, "oseast1m", "osnrth1m", "oslaua"]);
    const county = has("oscty") ? "oscty" : "NULL";
    return {
      sql: `SELECT upper(replace(${key}, ' ', '')) AS pc, oseast1m AS e, osnrth1m AS n, oslaua AS la, ${county} AS cty
        FROM read_csv($path, header = true, all_varchar = true)
        WHERE upper(replace(${key}, ' ', '')) IN (SELECT unnest($wanted))`,
      values: { wanted: new DuckDBListValue([...wanted]) },
      types: { wanted: LIST(VARCHAR) },
    };
  });
  const entries = new Map<string, PostcodeEntry>();
  for (const r of rows) {
    const east = Number(r.e);
    const north = Number(r.n);
    const cty = r.cty?.trim().toUpperCase();
    const la = cty && cty !== "E99999999" ? cty : r.la?.trim().toUpperCase();
    if (!r.pc || !la || r.e === null || r.n === null || !Number.isFinite(east) || !Number.isFinite(north))
      continue;
    entries.set(r.pc, { east, north, la });
  }
  return {
    file,
    entries,
    ...(area?.length ? { area: new Set(area.map((a) => a.trim().toUpperCase())) } : {}),
  };
}

const codes = (v: string | null | undefined) =>
  new Set(
    (v ?? "")
      .split(/[\s,;]+/)
      .map((x) => x.trim().toUpperCase())
      .filter(Boolean),
  );

/** The council's provider list, by URN. */
export async function loadProviders(file: string): Promise<ProviderList> {
  const rows = await query(file, "--providers", (has) => {
    requireColumns(file, "--providers", has, ["urn", "place_codes", "provider_codes"]);
    const opt = (c: string) => (has(c) ? c : "NULL");
    return {
      sql: `SELECT urn AS urn, place_codes AS place_codes, provider_codes AS provider_codes, ${opt("reg_end")} AS reg_end, ${opt("postcode")} AS postcode, ${opt("la")} AS la
        FROM read_csv($path, header = true, all_varchar = true)`,
    };
  });
  const byUrn = new Map<string, Provider>();
  rows.forEach((r, k) => {
    const urn = r.urn?.trim().toUpperCase();
    if (!urn) return;
    let regEnd: string | undefined;
    if (r.reg_end?.trim()) {
      const p = parseDateText(r.reg_end.trim());
      if (!("iso" in p))
        throw new UserError(`--providers ${file}: row ${k + 2}, column REG_END: ${r.reg_end} is not a date`);
      regEnd = p.iso;
    }
    byUrn.set(urn, {
      urn,
      places: codes(r.place_codes),
      providers: codes(r.provider_codes),
      ...(regEnd ? { regEnd } : {}),
      ...(r.postcode?.trim() ? { postcode: postcodeKey(r.postcode) } : {}),
      ...(r.la?.trim() ? { la: r.la.trim().toUpperCase() } : {}),
    });
  });
  return { file, byUrn };
}
