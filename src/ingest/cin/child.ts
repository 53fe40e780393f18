/**
 * One `<Child>`: its person row from identifiers and characteristics (the
 * first entry when a child appears twice), then each CINdetails as a referral.
 */
import { GENDER_TO_SEX } from "./codes.ts";
import { kid, type Node, own, type ReadContext } from "./context.ts";
import { referral } from "./referral.ts";

/** A closed `<Child>` into its person row and referrals (a repeated child adds referrals only). */
export function readChild(ctx: ReadContext, node: Node): void {
  const ids = kid(node, "ChildIdentifiers");
  const chars = kid(node, "ChildCharacteristics");
  const idVal = ids?.leaf.get("LAchildID");
  ctx.lastChildId = idVal?.text || undefined;
  if (!idVal || idVal.text === "") {
    ctx.issue(
      "error",
      "CIN_CHILD_ID",
      `child ${ctx.childIndex} has no LAchildID: none of its records were imported`,
      idVal?.line ?? node.line,
      idVal?.path ?? `${node.path}/ChildIdentifiers/LAchildID`,
      "",
    );
    return;
  }
  const id = own(idVal.text);
  const previous = ctx.seenChildren.get(id);
  let referralNumber = previous ?? 0;
  ctx.children += previous === undefined ? 1 : 0;
  if (ctx.la === undefined) ctx.rowsBeforeLa = true;

  if (previous !== undefined) {
    ctx.at(
      "warning",
      "CIN_DUPLICATE_CHILD",
      idVal,
      `child ${id} appears again: its referrals were added to the first entry and its identifiers and characteristics ignored`,
    );
  } else {
    person(ctx, id, node, ids!, chars);
  }
  for (const details of node.kids) {
    if (details.name !== "CINdetails") continue;
    referralNumber++;
    referral(ctx, id, `${id}-R${referralNumber}`, details);
  }
  if (referralNumber === (previous ?? 0)) {
    ctx.issue("warning", "CIN_MISSING", `child ${id} has no CINdetails`, node.line, node.path, "");
  }
  ctx.seenChildren.set(id, referralNumber);
}

function person(ctx: ReadContext, id: string, child: Node, ids: Node, chars: Node | undefined): void {
  const dob = ctx.optionalDate(ids, "PersonBirthDate");
  const expected = ctx.optionalDate(ids, "ExpectedPersonBirthDate");
  const death = ctx.optionalDate(ids, "PersonDeathDate");
  const sex = sexOf(ctx, id, ids);
  if (!chars) {
    ctx.issue(
      "warning",
      "CIN_MISSING",
      `child ${id} has no ChildCharacteristics`,
      child.line,
      `${child.path}/ChildCharacteristics`,
      "",
    );
  }
  const ethnicityVal = chars?.leaf.get("Ethnicity");
  if (chars && !ethnicityVal) {
    ctx.issue(
      "warning",
      "CIN_MISSING",
      `child ${id} has no Ethnicity`,
      chars.line,
      `${chars.path}/Ethnicity`,
      "",
    );
  }
  const disabilities = kid(chars, "Disabilities")?.multi?.get("Disability") ?? [];
  const codes = disabilities.map((v) => ctx.code(v));
  const none = codes.indexOf("NONE");
  if (none >= 0 && codes.length > 1) {
    ctx.at(
      "warning",
      "CIN_DISABILITY_NONE",
      disabilities[none]!,
      `child ${id} has NONE alongside other disabilities`,
    );
  }
  if (dob === false || expected === false || death === false) {
    ctx.issue(
      "error",
      "CIN_RECORD_REJECTED",
      `child ${id}'s identifiers hold an invalid date: the person record was not imported (its referrals were)`,
      ids.line,
      ids.path,
      "",
    );
    return;
  }
  ctx.push("ssd_person", child.line, {
    la_code: ctx.la,
    pers_person_id: id,
    pers_sex: sex,
    pers_ethnicity: ethnicityVal ? ctx.code(ethnicityVal) : null,
    pers_dob: dob,
    pers_upn_unknown: ctx.optionalCode(ids, "UPNunknown"),
    pers_upn: ids.leaf.get("UPN")?.text.trim().toUpperCase() || null,
    pers_expected_dob: expected,
    pers_death_date: death,
    pers_disability: codes.length > 0 ? codes.join(",") : null,
  });
}

function sexOf(ctx: ReadContext, id: string, ids: Node): string | null {
  const sex = ids.leaf.get("Sex");
  const gender = ids.leaf.get("GenderCurrent");
  const v = sex ?? gender;
  if (!v) {
    ctx.issue(
      "warning",
      "CIN_MISSING",
      `child ${id} has no Sex (GenderCurrent before 2025)`,
      ids.line,
      ids.path,
      "",
    );
    return null;
  }
  if (sex && gender) {
    ctx.at(
      "warning",
      "CIN_REPEATED_ELEMENT",
      gender,
      `child ${id} has both Sex and GenderCurrent: Sex was used`,
    );
  }
  const upper = v.text.toUpperCase();
  if (upper === "M" || upper === "F" || upper === "U") {
    if (v === gender)
      ctx.at("warning", "CIN_SEX_CODE", v, `GenderCurrent holds ${v.text}; read as Sex ${upper}`);
    return upper;
  }
  const mapped = GENDER_TO_SEX[v.text];
  if (mapped) {
    if (v === sex)
      ctx.at("warning", "CIN_SEX_CODE", v, `Sex holds the pre-2025 code ${v.text}; read as ${mapped}`);
    return mapped;
  }
  ctx.at("warning", "CIN_CODE", v, `${v.text || "(empty)"} is not a sex code (M, F, U; or 1, 2, 0, 9)`);
  return own(v.text);
}
