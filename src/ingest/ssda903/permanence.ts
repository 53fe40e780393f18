/**
 * Adoption: AD1 and placed-for-adoption records with the dates the
 * episodes give (placement order, placed for adoption, placed with a foster
 * carer who adopts) into one permanence row per child.
 *
 * Why apart: it reads the placements and legal statuses the episodes built,
 * so it runs after them.
 */

import type { Row } from "../../db/database.ts";
import { ADOPTION_PLACEMENT_TYPES } from "../../model/codes.ts";
import type { Period, ReadContext } from "./context.ts";
import type { Raw } from "./format.ts";

const DECISION_REVERSED = new Set(["RD1", "RD2", "RD3", "RD4"]);

const ADOPTION_PLACEMENTS: ReadonlySet<string> = new Set(ADOPTION_PLACEMENT_TYPES);

/** One permanence row per child with an AD1 or placed-for-adoption record; run after the episodes. */
export function permanence(ctx: ReadContext, la: string): void {
  const byChild = new Map<string, { r: Raw; row: Row }>();
  const get = (r: Raw) => {
    const child = r.v.CHILD!;
    let hit = byChild.get(child);
    if (!hit) {
      hit = {
        r,
        row: { la_code: la, perm_table_id: `${child}-A`, perm_person_id: child, perm_cla_id: null },
      };
      byChild.set(child, hit);
    }
    return hit;
  };
  for (const r of ctx.records.ad1) {
    const decision = ctx.date(r, "DATE_INT", "error", "adoption record");
    const matched = ctx.date(r, "DATE_MATCH", "error", "adoption record");
    if (decision === false || matched === false) continue;
    const { row } = get(r);
    row.perm_adm_decision_date = decision;
    row.perm_matched_date = matched;
    row.perm_adopted_by_carer_flag = ctx.flag(r, "FOSTER_CARE");
    const adopters = [ctx.code(r, "NB_ADOPTR"), ctx.code(r, "SEX_ADOPTR"), ctx.code(r, "LS_ADOPTR")];
    if (adopters.some((x) => x !== null))
      ctx.push("ssdx_adopters", r, {
        la_code: la,
        adop_perm_table_id: row.perm_table_id,
        adop_person_id: r.v.CHILD!,
        adop_number_of_adopters: adopters[0],
        adop_adopter_sex: adopters[1],
        adop_adopter_legal_status: adopters[2],
      });
  }
  const placedDecision = new Map<string, string>();
  const placed = [...ctx.records.placed_for_adoption].map((r) => ({
    r,
    date: ctx.required(r, "DATE_PLACED", "placed-for-adoption record"),
    ceased: ctx.date(r, "DATE_PLACED_CEASED", "error", "placed-for-adoption record"),
  }));
  placed.sort((a, b) => String(a.date).localeCompare(String(b.date)));
  for (const { r, date, ceased } of placed) {
    if (date === false || ceased === false) continue;
    const { row } = get(r);
    placedDecision.set(r.v.CHILD!, date);
    const reason = (r.v.REASON_PLACED_CEASED ?? "").toUpperCase();
    if (ceased && DECISION_REVERSED.has(reason)) {
      row.perm_decision_reversed_date = ceased;
      row.perm_decision_reversed_reason = reason;
    } else {
      row.perm_decision_reversed_date = null;
      row.perm_decision_reversed_reason = null;
    }
  }
  const placements = new Map<string, Row[]>();
  for (const p of ctx.rows.ssd_cla_placement) {
    const list = placements.get(String(p.clap_cla_id));
    if (list) list.push(p);
    else placements.set(String(p.clap_cla_id), [p]);
  }
  const placementOrders = new Map<string, string[]>();
  for (const l of ctx.rows.ssd_legal_status) {
    if (l.lega_legal_status !== "E1" || typeof l.lega_legal_status_start_date !== "string") continue;
    const child = String(l.lega_person_id);
    const list = placementOrders.get(child);
    if (list) list.push(l.lega_legal_status_start_date);
    else placementOrders.set(child, [l.lega_legal_status_start_date]);
  }
  for (const [child, { r, row }] of byChild) {
    row.perm_adm_decision_date ??= placedDecision.get(child) ?? null;
    const anchor = row.perm_adm_decision_date as string | null;
    const period = anchor ? ctx.periodAt(child, anchor).period : undefined;
    row.perm_cla_id = period?.id ?? null;
    Object.assign(
      row,
      adoptionDates(period, placementOrders.get(child) ?? [], placements.get(period?.id ?? "") ?? [], row),
    );
    ctx.push("ssd_permanence", r, row);
  }
}

/**
 * What the episodes say about an adoption in `period`: the placement
 * order (the first E1 legal status in the period), the date placed for
 * adoption (the first A3–A6 placement) and, for a child adopted by their
 * foster carer, the date the placement before that one began. `placementOrders`:
 * the start dates of the child's E1 legal statuses.
 */
function adoptionDates(
  period: Period | undefined,
  placementOrders: readonly string[],
  placements: readonly Row[],
  row: Row,
): Row {
  if (!period) {
    return {
      perm_placement_order_date: null,
      perm_placed_for_adoption_date: null,
      perm_placed_foster_carer_date: null,
    };
  }
  const inPeriod = (d: unknown) =>
    typeof d === "string" && d >= period.start && (period.end === null || d <= period.end);
  // In a period that began before the files, a status or placement already in force at its
  // first known episode began on a date the files do not hold.
  const known = (d: string | undefined | null) => (d && (period.entered || d !== period.start) ? d : null);
  const order = known(placementOrders.filter(inPeriod).sort()[0]);
  const sorted = [...placements].sort((a, b) =>
    String(a.clap_cla_placement_start_date).localeCompare(String(b.clap_cla_placement_start_date)),
  );
  const k = sorted.findIndex((p) => ADOPTION_PLACEMENTS.has(String(p.clap_cla_placement_type)));
  const placedOn = k >= 0 ? known(String(sorted[k]!.clap_cla_placement_start_date)) : null;
  const byCarer = row.perm_adopted_by_carer_flag === "Y";
  const fosterFrom =
    byCarer && k >= 0 ? known(String(sorted[Math.max(0, k - 1)]!.clap_cla_placement_start_date)) : null;
  return {
    perm_placement_order_date: order ?? null,
    perm_placed_for_adoption_date: placedOn,
    perm_placed_foster_carer_date: fosterFrom,
  };
}
