/**
 * Reference data a council may give `validate` for DfE's SSDA903 rules that
 * the return alone cannot answer: the national postcode directory (the
 * distance from home to placement, the placement's local authority, in or
 * out of the council's area) and Ofsted's register of providers (URNs).
 *
 * Why plain data here: the rules stay pure; files are read at the edge
 * (referenceFiles.ts), keeping only the postcodes and URNs the return uses.
 */

/** One postcode of the directory. */
export interface PostcodeEntry {
  /** Ordnance Survey grid reference, metres (ONSPD `oseast1m`, `osnrth1m`). */
  east: number;
  north: number;
  /** The local authority: the county (`oscty`) in two-tier areas, else the district or unitary authority (`oslaua`). */
  la: string;
}

/** The postcodes of a return found in the council's copy of the directory, by postcode without spaces, upper case. */
export interface PostcodeDirectory {
  file: string;
  entries: ReadonlyMap<string, PostcodeEntry>;
  /** The council's own ONS local authority codes (`--area`), for in or out of area; absent when not given. */
  area?: ReadonlySet<string>;
}

/** One provider of Ofsted's register, as the council's provider file gives it. */
export interface Provider {
  urn: string;
  /** Placement types (PLACE) the provider may take. */
  places: ReadonlySet<string>;
  /** Provider codes (PLACE_PROVIDER) it may be recorded under. */
  providers: ReadonlySet<string>;
  /** The day its registration ended, when it did. */
  regEnd?: string;
  /** Its postcode, without spaces, upper case. */
  postcode?: string;
  /** Its ONS local authority code, when given. */
  la?: string;
}

/** The providers a return names, by URN (upper case). */
export interface ProviderList {
  file: string;
  byUrn: ReadonlyMap<string, Provider>;
}

/** A postcode as the directory keys it. */
export const postcodeKey = (v: string) => v.replace(/\s+/g, "").toUpperCase();
