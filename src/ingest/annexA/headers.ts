/**
 * The eleven Annex A lists, each as the columns this reader knows and the
 * patterns their headers match.
 *
 * Why patterns on normalised headers: councils rename sheets, reword headers
 * (`Age` for `Age of Child (Years)`, curly quotes, `(Y/N))`), and from 2026
 * write `Sex` for `Gender`. A header is lower-cased with punctuation turned to
 * single spaces (headerKey) and matched against these patterns, which follow
 * the liia schema's header regexes where it has them. A sheet is taken to be
 * the list whose required columns all match and which matches most columns.
 */
import { spellingKey } from "./codes.ts";

/** How a column's cells are read. */
export type ColumnKind = "id" | "text" | "date" | "number" | "code" | "flag" | "ignore";

export interface ColumnDef {
  /** Field name used by the reader. */
  field: string;
  /** Pattern on headerKey(header). */
  pattern: RegExp;
  kind: ColumnKind;
}

export interface ListDef {
  list: number;
  title: string;
  /** Columns, most specific first: a header goes to the first column whose pattern it matches. */
  columns: ColumnDef[];
  /** Fields that must all be present for a sheet to be this list. */
  required: string[];
}

/** A header as matched: lower case, punctuation and quotes to single spaces. */
export function headerKey(header: string): string {
  return spellingKey(header);
}

const col = (field: string, pattern: RegExp, kind: ColumnKind): ColumnDef => ({ field, pattern, kind });

const CHILD_ID = col("childId", /\bchild\b.*\b(id|identifier)\b|\b(id|identifier)\b.*\bchild\b/, "id");
const COMMON: ColumnDef[] = [
  CHILD_ID,
  col("sex", /^(gender|sex)\b|\b(legal )?sex$|\bgender$/, "code"),
  col("ethnicity", /\bethnic/, "code"),
  col("dob", /\bdate\b.*\bbirth\b|\bdob\b/, "date"),
  col("age", /^age\b|\bage of (the )?child\b|\bage in years\b/, "number"),
  col("disability", /\bdisab/, "flag"),
];
const TEAM = col("team", /\bteam\b/, "text");
const WORKER = col("worker", /\bworker\b|\bsocial worker\b/, "text");

/** The Annex A lists. */
export const LISTS: readonly ListDef[] = [
  {
    list: 1,
    title: "contacts",
    required: ["childId", "contactDate"],
    columns: [
      ...COMMON,
      col("contactDate", /\bdate\b.*\bcontact\b|\bcontact date\b/, "date"),
      col("contactSource", /\bcontact\b.*\bsource\b|\bsource\b.*\bcontact\b/, "code"),
    ],
  },
  {
    list: 2,
    title: "early help assessments",
    required: ["childId", "ehStart", "ehEnd"],
    columns: [
      ...COMMON,
      col("ehStart", /\bassessment start\b|\bstart date\b/, "date"),
      col("ehEnd", /\bcompletion\b|\bcompleted? date\b|\bend date\b/, "date"),
      col("ehOrg", /\borganisation\b|\borganization\b/, "text"),
    ],
  },
  {
    list: 3,
    title: "referrals",
    required: ["childId", "referralDate"],
    columns: [
      ...COMMON,
      col("referralCount", /\bnumber of referrals\b/, "number"),
      col("referralDate", /\bdate\b.*\breferral\b|\breferral\b.*\bdate\b/, "date"),
      col("referralSource", /\breferral\b.*\bsource\b|\bsource\b.*\breferral\b/, "code"),
      col("referralNfa", /\bnfa\b|\bno further action\b/, "flag"),
      TEAM,
      WORKER,
    ],
  },
  {
    list: 4,
    title: "assessments",
    required: ["childId", "asmtStart"],
    columns: [
      ...COMMON,
      col("asmtStart", /\bassessment start\b|\bstart date\b.*\bassessment\b/, "date"),
      col("childSeen", /\bchild seen\b|\bseen during\b/, "flag"),
      col("asmtAuth", /\bauthori[sz]/, "date"),
      col("asmtOutcome", /\brequiring\b.*\bsupport\b|\bsocial care support\b/, "flag"),
      TEAM,
      WORKER,
    ],
  },
  {
    list: 5,
    title: "section 47 enquiries and ICPCs",
    required: ["childId", "stratDate"],
    columns: [
      ...COMMON,
      col("s47Count", /\bnumber of\b.*\b(section 47|s47)\b/, "number"),
      col("icpcCount", /\bnumber of\b.*\b(icpcs?|initial child protection conferences?)\b/, "number"),
      col("stratDate", /\bstrategy discussion\b|\b(section 47|s47) enquiry start\b/, "date"),
      col("icpcUnnecessary", /\bunnecessary\b|\bnot required\b/, "flag"),
      col("icpcPlan", /\bresult(ed)? in\b/, "flag"),
      col("icpcDate", /\bdate\b.*\b(initial child protection conference|icpc)\b|\bicpc date\b/, "date"),
      TEAM,
      WORKER,
    ],
  },
  {
    list: 6,
    title: "children in need",
    required: ["childId", "cinStart"],
    columns: [
      ...COMMON,
      col("cinStart", /\b(cin|child in need) start\b|\bstart date\b.*\b(cin|child in need)\b/, "date"),
      col("primaryNeed", /\bprimary need\b|\bneed code\b|\bcategory of need\b/, "code"),
      col("lastSeen", /\blast seen\b/, "date"),
      col("closeReason", /\breason\b.*\bclos/, "code"),
      col("cinClose", /\bclosure date\b|\bdate\b.*\bclos/, "date"),
      col("caseStatus", /\bcase status\b/, "ignore"),
      TEAM,
      WORKER,
    ],
  },
  {
    list: 7,
    title: "child protection",
    required: ["childId", "cppStart"],
    columns: [
      ...COMMON,
      col("cppStart", /\bplan start\b|\bcpp start\b|\bstart date\b.*\bplan\b/, "date"),
      col("initialCategory", /\binitial category\b/, "code"),
      col("latestCategory", /\blatest category\b/, "code"),
      col("lastVisit", /\blast\b.*\bvisit\b/, "date"),
      col("seenAlone", /\bseen alone\b/, "flag"),
      col("lastReview", /\breview conference\b|\blatest review\b/, "date"),
      col("cppEnd", /\bplan end\b|\bcpp end\b|\bend date\b/, "date"),
      col("epo", /\bemergency protection\b|\bpolice powers\b/, "flag"),
      col("previousPlans", /\bnumber of previous\b|\bprevious\b.*\bplans\b/, "number"),
      TEAM,
      WORKER,
    ],
  },
  {
    list: 8,
    title: "children in care",
    required: ["childId", "claStart"],
    columns: [
      ...COMMON,
      col("uasc", /\bunaccompanied\b|\buasc\b/, "flag"),
      col("secondPeriod", /\bsecond or subsequent\b/, "flag"),
      col(
        "claStart",
        /\bstart(ed)? to be looked after\b|\bbecame looked after\b|\bdate\b.*\bentered care\b/,
        "date",
      ),
      col("categoryOfNeed", /\bcategory of need\b|\bprimary need\b/, "code"),
      col("legalStart", /\bstart\b.*\blegal status\b|\blegal status\b.*\bstart\b/, "date"),
      col("legalStatus", /\blegal status\b/, "code"),
      col("lastReview", /\bstatutory review\b|\blatest review\b|\blast review\b/, "date"),
      col("lastVisit", /\bsocial work visit\b|\bstatutory visit\b/, "date"),
      col("permanencePlan", /\bpermanence plan\b/, "ignore"),
      col("lastIro", /\biro\b/, "date"),
      col("lastHealth", /\bhealth assessment\b/, "date"),
      col("lastDental", /\bdental\b/, "date"),
      col("placementCount", /\bnumber of placements\b/, "number"),
      col("ceasedReason", /\breason\b.*\bceased\b/, "code"),
      col("ceasedDate", /\bceased\b/, "date"),
      col("placementStart", /\bstart\b.*\bplacement\b|\bplacement start\b/, "date"),
      col("placementType", /\bplacement type\b|\btype of placement\b/, "code"),
      col("provider", /\bprovider\b/, "code"),
      col("postcode", /\bpost ?code\b/, "text"),
      col("urn", /\burn\b/, "text"),
      col("distance", /\bdistance\b/, "number"),
      col("laOfPlacement", /\bla of placement\b|\blocal authority of placement\b/, "ignore"),
      col("location", /\bplacement location\b|\b(in|out) of (area|borough|la)\b/, "ignore"),
      col("rhiOffered", /\boffered\b.*\breturn interview\b/, "ignore"),
      col("rhiAccepted", /\baccept\b.*\breturn interview\b/, "ignore"),
      col("missingCount", /\bmissing\b/, "number"),
      col("absentCount", /\babsent\b|\baway\b/, "number"),
      TEAM,
      WORKER,
    ],
  },
  {
    list: 9,
    title: "care leavers",
    required: ["childId", "eligibility"],
    columns: [
      ...COMMON,
      col("uasc", /\bunaccompanied\b|\buasc\b/, "flag"),
      col("personalAdviser", /\bpersonal advis/, "text"),
      col("eligibility", /\beligibility\b/, "code"),
      col("pathwayReview", /\bpathway plan\b/, "date"),
      col("inTouch", /\bin touch\b/, "code"),
      col("latestContact", /\bdate of contact\b|\blatest contact\b|\bcontact date\b/, "date"),
      col("accommodation", /\btype of accommodation\b|\baccommodation type\b/, "code"),
      col("suitable", /\bsuitab/, "code"),
      col("activity", /\bactivity\b/, "code"),
      TEAM,
      WORKER,
    ],
  },
  {
    list: 10,
    title: "adoption",
    required: ["childId", "admDecision"],
    columns: [
      ...COMMON,
      col("familyId", /\bfamily id/, "text"),
      col("enteredCare", /\bentered care\b/, "date"),
      col("reversedReason", /\breason\b.*\bno longer\b/, "code"),
      col("reversedDate", /\bno longer\b/, "date"),
      col("admDecision", /\bdecision\b.*\bshould be placed for adoption\b/, "date"),
      col("placementOrder", /\bplacement order\b/, "date"),
      col("matched", /\bmatch/, "date"),
      col("placedForAdoption", /\bdate placed for adoption\b/, "date"),
      col("adoptionOrder", /\badoption order\b/, "date"),
      col("ffaDate", /\bffa\b|\bconcurrent planning\b/, "date"),
    ],
  },
  {
    list: 11,
    title: "adopters",
    required: ["adopterId", "enquiry"],
    columns: [
      col("adopterId", /\badopter\b.*\b(id|identifier)\b/, "text"),
      col("familyId", /\bfamily id/, "text"),
      col("sex", /^(gender|sex)\b/, "ignore"),
      col("ethnicity", /\bethnic/, "ignore"),
      col("disability", /\bdisab/, "ignore"),
      col("ffa", /\bfostering for adoption\b/, "ignore"),
      col("enquiry", /\benquiry\b/, "date"),
      col(
        "stageDates",
        /\bstage [12]\b|\bapplication\b|\bmatched\b|\bplaced with\b|\bchildren placed\b/,
        "ignore",
      ),
      col("otherDates", /\badoption order\b|\bleaving\b/, "ignore"),
    ],
  },
];

/** The columns of one sheet, as matched against a list. */
export interface HeaderMatch {
  list: ListDef;
  /** The header texts, 0-based. */
  headers: string[];
  /** 0-based column index → column definition. */
  byIndex: Map<number, ColumnDef>;
  /** Headers that matched no column of the list: 0-based index → header text. */
  unknown: Map<number, string>;
  /** Fields that appeared in more than one column (the first is used): field → header text of the later ones. */
  repeated: Map<string, string[]>;
  score: number;
}

function matchList(list: ListDef, keys: (string | undefined)[], headers: string[]): HeaderMatch {
  const byIndex = new Map<number, ColumnDef>();
  const unknown = new Map<number, string>();
  const repeated = new Map<string, string[]>();
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (!key) return;
    const def = list.columns.find((c) => c.pattern.test(key));
    if (!def) {
      unknown.set(i, headers[i]!);
      return;
    }
    if (seen.has(def.field)) {
      if (def.kind === "ignore") return;
      repeated.set(def.field, [...(repeated.get(def.field) ?? []), headers[i]!]);
      return;
    }
    seen.add(def.field);
    byIndex.set(i, def);
  });
  const complete = list.required.every((f) => seen.has(f));
  return { list, headers, byIndex, unknown, repeated, score: complete ? seen.size : -1 };
}

/**
 * The list a row of headers belongs to, or undefined when no list's required
 * columns are all there. `headers` is 0-based, one entry per column.
 */
export function identifyList(headers: string[]): HeaderMatch | undefined {
  const keys = headers.map((h) => (h.trim() === "" ? undefined : headerKey(h)));
  let best: HeaderMatch | undefined;
  for (const list of LISTS) {
    const m = matchList(list, keys, headers);
    if (m.score > 0 && (!best || m.score > best.score)) best = m;
  }
  return best;
}
