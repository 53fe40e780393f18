/**
 * Combines rows read from several returns, and from the workspace, into one
 * set of canonical rows to add.
 *
 * Why: one child's records arrive from several returns (an Annex A covering
 * six months, a CIN census covering a year, a 903, an SSD extract), each
 * making up its own record ids. The same event must be counted once, and a
 * field two returns disagree about must be decided by a stated rule and
 * reported, never silently dropped.
 *
 * Identity. Sources are joined on the council's child id. Two rows of a
 * table are the same event when they are about the same child and have the
 * same event date (the table's date column in EVENTS below, plus a few
 * discriminating columns, e.g. the health check type). Tables with no date
 * (people, care-leaver snapshot) are one row per child; teams and workers
 * are matched on their id. A source holding two rows with the same identity
 * (two contacts on one day) keeps both: the n-th such row of one source
 * matches the n-th of another. A row with no child or no date is matched on
 * its id only.
 *
 * Precedence, for the fields the sources share (the first listed wins):
 *
 * | rank | source                         | why                                      |
 * |------|--------------------------------|------------------------------------------|
 * | 0    | the workspace (earlier imports)| an import never changes rows already held, so it can be undone exactly; undo the earlier import to replace them |
 * | 1    | SSD tables                     | the case-management system's own extract |
 * | 2    | CIN census                     | a validated statutory return             |
 * | 3    | SSDA903                        | a validated statutory return (looked-after children) |
 * | 4    | Annex A                        | an inspection list, often hand-edited    |
 *
 * Sources of the same format rank in the order they were given. The
 * winning row is kept; a field it leaves empty is filled from a lower-ranked
 * duplicate (not a disagreement); a field both hold with different values
 * keeps the winner's and raises a `COMBINE_CONFLICT` warning naming both
 * sources and both values. Ids (`*_id` columns) are each source's own and
 * are not compared: a duplicate's id is mapped to the kept row's, and every
 * reference to it from the same source (an assessment's referral id, a
 * placement's period of care) is rewritten. An id that clashes with a
 * different record's is given a `~n` suffix.
 */

import type { Row } from "../db/database.ts";
import { TABLES, type TableSpec } from "../model/tables.ts";
import type { Format } from "./detect.ts";
import type { Issue } from "./issues.ts";
import { sourceOf } from "./source.ts";

/** Rows read from one return. */
export interface SourceRows {
  /** How the source is named in messages, e.g. `CIN census fake_CIN_data.xml`. */
  name: string;
  format: Format;
  rows: Record<string, Row[]>;
}

/** Rows already in the workspace, with the name of the import that brought them (for messages). */
export interface ExistingRows {
  rows: Record<string, Row[]>;
  /** The source of an existing row, by table and key; "the workspace" when unknown. */
  sourceOf?: (table: string, key: string) => string | undefined;
}

/** Per table: rows offered, rows added, rows that duplicated a kept one. */
export interface CombineCounts {
  read: number;
  added: number;
  duplicate: number;
}

export interface CombineResult {
  /** Rows to add, by table, ids and references rewritten. */
  rows: Record<string, Row[]>;
  counts: Record<string, CombineCounts>;
  /** Keys of workspace rows an incoming row duplicated, by table (the import "also brought" them). */
  matchedExisting: Record<string, string[]>;
  issues: Issue[];
}

/** Format precedence: lower wins. The workspace (rank 0) outranks every file. */
export const PRECEDENCE: Record<Format, number> = { ssd: 1, cin: 2, "903": 3, "annex-a": 4 };

interface EventSpec {
  /** Date columns, the first non-empty one dating the event; none: one row per child. */
  dates?: string[];
  /** Further columns that tell two same-day events apart. */
  also?: string[];
  /** Matched on the key alone (no child). */
  byKey?: boolean;
}

/** How each table's events are identified. */
export const EVENTS: Record<string, EventSpec> = {
  ssd_department: { byKey: true },
  ssd_professionals: { byKey: true },
  ssd_person: {},
  // a mother's child is one event per birth date: a 903's MC_DOB matches the SSD's row for her first child
  ssd_mother: { dates: ["moth_childs_dob"] },
  ssd_contacts: { dates: ["cont_contact_date"] },
  ssd_cin_episodes: { dates: ["cine_referral_date"] },
  ssd_cin_assessments: { dates: ["cina_assessment_start_date"] },
  ssdx_strategy_discussions: { dates: ["strd_strategy_discussion_date"] },
  ssd_s47_enquiry: { dates: ["s47e_s47_start_date"] },
  ssd_initial_cp_conference: { dates: ["icpc_icpc_date"] },
  ssd_cp_plans: { dates: ["cppl_cp_plan_start_date"] },
  ssd_cp_reviews: { dates: ["cppr_cp_review_date"] },
  ssd_cp_visits: { dates: ["cppv_cp_visit_date"] },
  ssd_cla_episodes: { dates: ["clae_cla_episode_start_date"] },
  ssd_cla_placement: { dates: ["clap_cla_placement_start_date"] },
  ssd_legal_status: { dates: ["lega_legal_status_start_date"] },
  ssd_cla_reviews: { dates: ["clar_cla_review_date"] },
  ssd_cla_visits: { dates: ["clav_cla_visit_date"] },
  ssd_cla_health: { dates: ["clah_health_check_date"], also: ["clah_health_check_type"] },
  ssd_immigration_status: {
    dates: ["immi_immigration_status_start_date"],
    also: ["immi_immigration_status"],
  },
  ssd_missing: { dates: ["miss_missing_episode_start_date"] },
  ssdx_missing_return_interviews: { dates: ["mrhi_return_interview_date"] },
  ssd_permanence: {
    dates: [
      "perm_adm_decision_date",
      "perm_placement_order_date",
      "perm_placed_for_adoption_date",
      "perm_permanence_order_date",
      "perm_decision_reversed_date",
    ],
  },
  ssd_care_leavers: {},
  ssdx_care_leaver_contacts: { dates: ["clec_contact_date"] },
  ssd_involvements: { dates: ["invo_involvement_start_date"], also: ["invo_professional_id"] },
  ssdx_audits: { dates: ["audt_audit_date"], also: ["audt_audit_type"] },
};

/** Namespace of the period-of-care id, which is no table's key. */
const CLA = "cla";

/** The namespace (table, or CLA) a reference column points into, if it is a reference. */
function referenceOf(column: string): string | undefined {
  if (column === "mrhi_missing_id") return "ssd_missing";
  if (column.endsWith("_referral_id")) return "ssd_cin_episodes";
  if (column.endsWith("_cp_plan_id")) return "ssd_cp_plans";
  if (column.endsWith("_icpc_id")) return "ssd_initial_cp_conference";
  if (column.endsWith("_s47_enquiry_id")) return "ssd_s47_enquiry";
  if (column.endsWith("_cla_placement_id")) return "ssd_cla_placement";
  if (column.endsWith("_cla_id")) return CLA;
  return undefined;
}

const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

/**
 * A row kept so far: from the workspace (source -1) or a file source. A
 * file source's row is the source's own object until something must change
 * in it (a renamed id, a filled gap, a rewritten reference); then it is
 * copied (`owned`), so the input rows are never changed and a large import
 * that changes nothing copies nothing.
 */
interface Kept {
  row: Row;
  source: number;
  table: string;
  owned: boolean;
}

/** The row of a kept file row, copied first if it is still the source's own object. */
function writable(kept: Kept): Row {
  if (!kept.owned) {
    kept.row = { ...kept.row };
    kept.owned = true;
  }
  return kept.row;
}

/**
 * Combines the sources' rows with each other and with the workspace's.
 * Pure: the input rows are not changed (a returned row may be an input row
 * object when nothing in it changed).
 */
export function combineSources(sources: readonly SourceRows[], existing: ExistingRows): CombineResult {
  const order = sources
    .map((s, k) => ({ s, k }))
    .sort((a, b) => PRECEDENCE[a.s.format] - PRECEDENCE[b.s.format] || a.k - b.k);
  const remaps = sources.map(() => new Map<string, Map<string, string>>());
  const remap = (source: number, ns: string) => {
    const have = remaps[source]!.get(ns);
    if (have) return have;
    const made = new Map<string, string>();
    remaps[source]!.set(ns, made);
    return made;
  };
  const out: Record<string, Row[]> = {};
  const counts: Record<string, CombineCounts> = {};
  const issues: Issue[] = [];
  const matchedExistingBy = new Map<string, string[]>();
  const keptBy: Record<string, Kept[]> = {};
  const personOfCla = new Map<string, string>();
  for (const r of existing.rows.ssd_cla_episodes ?? []) {
    if (r.clae_cla_id && r.clae_person_id) personOfCla.set(text(r.clae_cla_id), text(r.clae_person_id));
  }
  for (const { s } of order) {
    for (const r of s.rows.ssd_cla_episodes ?? []) {
      const cla = text(r.clae_cla_id);
      if (cla && r.clae_person_id && !personOfCla.has(cla)) personOfCla.set(cla, text(r.clae_person_id));
    }
  }

  for (const spec of TABLES) {
    const event = EVENTS[spec.name] ?? { byKey: true };
    const also = event.also ?? [];
    const identity = (row: Row): string => {
      const key = text(row[spec.key]);
      if (event.byKey) return `#${key}`;
      const person = spec.personColumn
        ? text(row[spec.personColumn])
        : spec.name === "ssd_cla_reviews"
          ? (personOfCla.get(text(row.clar_cla_id)) ?? "")
          : "";
      if (!person) return `#${key}`;
      if (!event.dates) return person;
      let date = "";
      for (const c of event.dates) {
        date = text(row[c]);
        if (date !== "") break;
      }
      if (!date) return `#${key}`;
      let id = `${person}\u0001${date}`;
      for (const c of also) id += `\u0001${text(row[c]).toUpperCase()}`;
      return id;
    };
    const byIdentity = new Map<string, Kept[]>();
    const byKey = new Map<string, Kept>();
    for (const row of existing.rows[spec.name] ?? []) {
      const kept: Kept = { row, source: -1, table: spec.name, owned: false };
      push(byIdentity, identity(row), kept);
      byKey.set(text(row[spec.key]), kept);
    }
    const added: Kept[] = [];
    const count: CombineCounts = { read: 0, added: 0, duplicate: 0 };
    for (let o = 0; o < order.length; o++) {
      const { s, k } = order[o]!;
      const list = s.rows[spec.name] ?? [];
      if (list.length === 0) continue;
      // No earlier rows to match and no later source to match these: identities are never looked up.
      let later = false;
      for (let p = o + 1; p < order.length && !later; p++)
        later = (order[p]!.s.rows[spec.name]?.length ?? 0) > 0;
      const matching = byIdentity.size > 0 || later;
      const seen = new Map<string, number>();
      for (const original of list) {
        count.read++;
        const key = text(original[spec.key]);
        let id = "";
        let target: Kept | undefined;
        const sameKey = byKey.get(key);
        if (matching) {
          id = identity(original);
          const nth = seen.get(id) ?? 0;
          seen.set(id, nth + 1);
          if (sameKey && sameKey.source === k) target = sameKey;
          else {
            // Rows of this source come after every earlier one in the list, so the n-th row of another source is list[n].
            const x = byIdentity.get(id)?.[nth];
            if (x && x.source !== k) target = x;
          }
        } else if (sameKey && sameKey.source === k) target = sameKey;
        if (target) {
          count.duplicate++;
          if (target.source < 0) push(matchedExistingBy, spec.name, text(target.row[spec.key]));
          if (text(target.row[spec.key]) !== key) remap(k, spec.name).set(key, text(target.row[spec.key]));
          if (spec.name === "ssd_cla_episodes" && original.clae_cla_id && target.row.clae_cla_id) {
            const m = remap(k, CLA);
            if (!m.has(text(original.clae_cla_id)))
              m.set(text(original.clae_cla_id), text(target.row.clae_cla_id));
          }
          reconcile(spec, target, original, s, existing, sources, issues);
          continue;
        }
        const kept: Kept = { row: original, source: k, table: spec.name, owned: false };
        if (sameKey) {
          let n = 2;
          while (byKey.has(`${key}~${n}`)) n++;
          writable(kept)[spec.key] = `${key}~${n}`;
          remap(k, spec.name).set(key, `${key}~${n}`);
          byKey.set(`${key}~${n}`, kept);
        } else byKey.set(key, kept);
        if (matching) push(byIdentity, id, kept);
        added.push(kept);
        count.added++;
      }
    }
    if (added.length) keptBy[spec.name] = added;
    counts[spec.name] = count;
  }
  const remapping = remaps.some((m) => m.size > 0);
  for (const [table, kepts] of Object.entries(keptBy)) {
    const spec = TABLES.find((t) => t.name === table)!;
    const refs = spec.columns
      .map((c) => c.name)
      .filter((c) => c !== spec.key)
      .map((c) => [c, referenceOf(c)] as const)
      .filter((x): x is [string, string] => x[1] !== undefined);
    const rows: Row[] = new Array(kepts.length);
    for (let n = 0; n < kepts.length; n++) {
      const kept = kepts[n]!;
      if (remapping && refs.length) {
        const maps = remaps[kept.source]!;
        for (const [column, ns] of refs) {
          const v = kept.row[column];
          const to = v === null || v === undefined ? undefined : maps.get(ns)?.get(String(v));
          if (to !== undefined) writable(kept)[column] = to;
        }
      }
      rows[n] = kept.row;
    }
    out[table] = rows;
  }
  return { rows: out, counts, matchedExisting: Object.fromEntries(matchedExistingBy), issues };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Compares a duplicate with the kept row: fills the kept row's gaps, reports disagreements. */
function reconcile(
  spec: TableSpec,
  target: Kept,
  dup: Row,
  dupSource: SourceRows,
  existing: ExistingRows,
  sources: readonly SourceRows[],
  issues: Issue[],
): void {
  const key = text(target.row[spec.key]);
  const winner =
    target.source < 0
      ? (existing.sourceOf?.(spec.name, key) ?? "the workspace")
      : (sources[target.source]?.name ?? "another file");
  const person = spec.personColumn ? text(dup[spec.personColumn]) : "";
  const date = (EVENTS[spec.name]?.dates ?? []).map((c) => text(dup[c])).find((d) => d !== "");
  for (const c of spec.columns) {
    if (c.name === "la_code" || c.name === spec.key || c.name.endsWith("_id")) continue;
    const a = text(target.row[c.name]);
    const b = text(dup[c.name]);
    if (b === "" || a === b) continue;
    if (a === "") {
      if (target.source >= 0) writable(target)[c.name] = dup[c.name];
      continue;
    }
    if (c.type === "DOUBLE" || c.type === "INTEGER") {
      if (Number(a) === Number(b)) continue;
    }
    const where = sourceOf(dup);
    issues.push({
      severity: "warning",
      file: where?.file ?? dupSource.name,
      ...(where?.sheet !== undefined ? { sheet: where.sheet } : {}),
      ...(where?.row !== undefined ? { row: where.row } : {}),
      ...(where?.line !== undefined ? { line: where.line } : {}),
      column: c.name,
      value: b,
      rule: "COMBINE_CONFLICT",
      message: `${person ? `child ${person}, ` : ""}${spec.description.toLowerCase()}${date ? ` of ${date}` : ""}: ${winner} has ${c.name} "${a}" but ${dupSource.name} has "${b}"; ${winner}'s value was kept (${target.source < 0 ? "an import never changes data already in the workspace" : "precedence: SSD tables, CIN census, SSDA903, Annex A"})`,
    });
  }
}
