/**
 * The child's header into one person per child (the latest year's when
 * several sets hold it) and, for a mother, her first child's birth
 * (MC_DOB) into ssd_mother, which the 903 writer reads back; and the UASC
 * record into an immigration status.
 */
import type { ReadContext } from "./context.ts";
import type { Raw } from "./format.ts";

/**
 * One person per child: within a set the first header record; across
 * sets the latest year's, with a warning when the years disagree about
 * sex, date of birth or ethnicity (a blank disagrees with nothing).
 */
export function people(ctx: ReadContext, la: string): void {
  const seen = new Map<string, Raw>();
  // The latest year's header with MOTHER 1 and an MC_DOB, per child: a later year may leave it blank.
  const mothered = new Map<string, Raw>();
  const where = (r: Raw) => `${r.file}${r.row ? ` row ${r.row}` : ""}${r.line ? ` line ${r.line}` : ""}`;
  const norm = (r: Raw, f: string) => {
    const t = (r.v[f] ?? "").toUpperCase();
    return f === "SEX" ? ({ "1": "M", "2": "F", "0": "U", "9": "U" }[t] ?? t) : t;
  };
  const ordered = [...ctx.records.header].sort((a, b) => ctx.setOrder(a) - ctx.setOrder(b));
  for (const r of ordered) {
    const id = r.v.CHILD!;
    if ((r.v.MC_DOB ?? "") !== "" && /^1(?:\.0+)?$/.test(r.v.MOTHER ?? "")) mothered.set(id, r);
    const first = seen.get(id);
    if (first && first.set === r.set) {
      ctx.at(
        "warning",
        "SSDA903_DUPLICATE",
        r,
        "CHILD",
        `child ${id} has a second header record: the first (${where(first)}) was used`,
      );
      continue;
    }
    if (first) {
      const differ = ["SEX", "DOB", "ETHNIC"].filter(
        (f) => norm(first, f) && norm(r, f) && norm(first, f) !== norm(r, f),
      );
      if (differ.length > 0) {
        ctx.at(
          "warning",
          "SSDA903_DUPLICATE",
          r,
          differ[0]!,
          `child ${id}'s header differs from the earlier year's (${where(first)}) in ${differ.join(", ")}: this later one was used`,
        );
      }
    }
    seen.set(id, r);
  }
  for (const r of seen.values()) {
    const id = r.v.CHILD!;
    const dob = ctx.date(r, "DOB", "warning", "child");
    // The UPN column holds the UPN or, when it is not known, the reason (UN1–UN7).
    const upn = (r.v.UPN ?? "").trim().toUpperCase();
    const unknown = /^UN\d$/.test(upn);
    ctx.push("ssd_person", r, {
      la_code: la,
      pers_person_id: id,
      pers_sex: sex(ctx, r),
      pers_ethnicity: ctx.code(r, "ETHNIC"),
      pers_dob: dob || null,
      pers_is_mother: ctx.flag(r, "MOTHER"),
      pers_upn: upn === "" || unknown ? null : upn,
      pers_upn_unknown: unknown ? upn : null,
    });
    const m = mothered.get(id);
    const born = m ? ctx.date(m, "MC_DOB", "warning", "mother's child") : null;
    if (m && born) {
      ctx.push("ssd_mother", m, {
        la_code: la,
        moth_table_id: `${id}-M`,
        moth_person_id: id,
        moth_childs_person_id: null,
        moth_childs_dob: born,
      });
    }
  }
}

function sex(ctx: ReadContext, r: Raw): string | null {
  const text = (r.v.SEX ?? "").toUpperCase();
  if (text === "") return null;
  if (text === "1" || text === "M") return "M";
  if (text === "2" || text === "F") return "F";
  if (text === "U" || text === "0" || text === "9") return "U";
  ctx.at(
    "warning",
    "SSDA903_CODE",
    r,
    "SEX",
    `${r.v.SEX} is not a sex code (1, 2 or M, F, U): kept as written`,
  );
  return r.v.SEX!;
}

/** The UASC record (the latest year's per child) into an immigration status from the child's first period of care. */
export function uasc(ctx: ReadContext, la: string): void {
  const latest = new Map<string, Raw>();
  for (const r of ctx.records.uasc) {
    const have = latest.get(r.v.CHILD!);
    if (!have || ctx.setOrder(r) >= ctx.setOrder(have)) latest.set(r.v.CHILD!, r);
  }
  for (const r of latest.values()) {
    const end = ctx.date(r, "DUC", "warning", "UASC record");
    const child = r.v.CHILD!;
    const start = ctx.periods.get(child)?.[0]?.start ?? null;
    ctx.push("ssd_immigration_status", r, {
      la_code: la,
      immi_immigration_status_id: `${child}-U`,
      immi_person_id: child,
      immi_immigration_status: "UASC",
      immi_immigration_status_start_date: start,
      immi_immigration_status_end_date: end || null,
    });
  }
}
