/**
 * The parts of a CIN census file that DfE's rules read and the canonical
 * rows do not hold: UPN and former UPN, CIN plan dates, factors at
 * assessment, review groups and the header's ReferenceDate, each with its
 * line, grouped as the file groups them (child, CIN details, assessment,
 * CP plan).
 *
 * Why a scan of its own: the tables the indicators use have no place for
 * these elements, and the reader that fills those tables belongs to the
 * import. The file has already been read as well-formed XML by then, so a
 * tag scan (no entity handling, no schema) is enough and costs a fraction
 * of a full parse: a 21 MB census takes well under a second.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { own } from "../text.ts";

/** An element's text and the line it is on. */
export interface At {
  text: string;
  line: number;
}

export interface CinPlanView {
  line: number;
  start?: At;
  end?: At;
}

export interface AssessmentView {
  line: number;
  start?: At;
  auth?: At;
  factors: At[];
}

export interface CppView {
  line: number;
  start?: At;
  end?: At;
  /** One per <Reviews> group: its CPPreviewDate, if any. */
  reviews: { line: number; date?: At }[];
}

export interface DetailsView {
  line: number;
  referralDate?: At;
  closeDate?: At;
  reason?: At;
  nfa?: At;
  plans: CinPlanView[];
  assessments: AssessmentView[];
  cpps: CppView[];
}

export interface ChildView {
  line: number;
  id?: At;
  upn?: At;
  formerUpn?: At;
  upnUnknown?: At;
  dob?: At;
  death?: At;
  details: DetailsView[];
}

/** One CIN census file, as DfE's rules on these elements need it. */
export interface CinReturnView {
  file: string;
  year?: At;
  referenceDate?: At;
  children: ChildView[];
}

/** The elements that open a record this scan keeps. */
const OPENS: Record<string, true> = {
  CollectionDetails: true,
  Child: true,
  ChildIdentifiers: true,
  CINdetails: true,
  CINPlanDates: true,
  Assessments: true,
  ChildProtectionPlans: true,
  Reviews: true,
};

const LEAVES: Record<string, Record<string, string>> = {
  CollectionDetails: { Year: "year", ReferenceDate: "referenceDate" },
  ChildIdentifiers: {
    LAchildID: "id",
    UPN: "upn",
    FormerUPN: "formerUpn",
    UPNunknown: "upnUnknown",
    PersonBirthDate: "dob",
    PersonDeathDate: "death",
  },
  CINdetails: {
    CINreferralDate: "referralDate",
    CINclosureDate: "closeDate",
    ReasonForClosure: "reason",
    ReferralNFA: "nfa",
  },
  CINPlanDates: { CINPlanStartDate: "start", CINPlanEndDate: "end" },
  Assessments: { AssessmentActualStartDate: "start", AssessmentAuthorisationDate: "auth" },
  ChildProtectionPlans: { CPPstartDate: "start", CPPendDate: "end" },
  Reviews: { CPPreviewDate: "date" },
};

/**
 * Scans a CIN census file, bytes fed in order: `view.children` fills as the
 * scan goes, and `completed` counts the children whose `</Child>` has been
 * read (a streamed import takes those a chunk at a time).
 */
export class CinScan {
  readonly view: CinReturnView;
  /** Children at the head of view.children whose element is closed. */
  completed = 0;
  private readonly decoder = new TextDecoder("utf-8");
  private carry = "";
  private readonly scan: (s: string) => number;

  constructor(path: string) {
    const view: CinReturnView = { file: path, children: [] };
    this.view = view;
    const done = () => this.completed++;
    let child: ChildView | undefined;
    let details: DetailsView | undefined;
    let assessment: AssessmentView | undefined;
    let cpp: CppView | undefined;
    /** The record whose leaves are being read, and the map of its leaf names. */
    let owner: Record<string, unknown> | undefined;
    let leaves: Record<string, string> | undefined;
    const owners: { name: string; owner?: Record<string, unknown>; leaves?: Record<string, string> }[] = [];
    let openLeaf: string | undefined;
    let leafLine = 0;
    let text = "";
    let line = 1;

    const open = (name: string) => {
      switch (name) {
        case "CollectionDetails":
          owners.push({ name, owner, leaves });
          owner = view as unknown as Record<string, unknown>;
          leaves = LEAVES[name];
          return;
        case "Child":
          child = { line, details: [] };
          view.children.push(child);
          return;
        case "ChildIdentifiers":
          if (!child) return;
          owners.push({ name, owner, leaves });
          owner = child as unknown as Record<string, unknown>;
          leaves = LEAVES[name];
          return;
        case "CINdetails":
          if (!child) return;
          details = { line, plans: [], assessments: [], cpps: [] };
          child.details.push(details);
          owners.push({ name, owner, leaves });
          owner = details as unknown as Record<string, unknown>;
          leaves = LEAVES[name];
          return;
        case "CINPlanDates": {
          if (!details) return;
          const p: CinPlanView = { line };
          details.plans.push(p);
          owners.push({ name, owner, leaves });
          owner = p as unknown as Record<string, unknown>;
          leaves = LEAVES[name];
          return;
        }
        case "Assessments":
          if (!details) return;
          assessment = { line, factors: [] };
          details.assessments.push(assessment);
          owners.push({ name, owner, leaves });
          owner = assessment as unknown as Record<string, unknown>;
          leaves = LEAVES[name];
          return;
        case "ChildProtectionPlans":
          if (!details) return;
          cpp = { line, reviews: [] };
          details.cpps.push(cpp);
          owners.push({ name, owner, leaves });
          owner = cpp as unknown as Record<string, unknown>;
          leaves = LEAVES[name];
          return;
        case "Reviews": {
          if (!cpp) return;
          const r: CppView["reviews"][number] = { line };
          cpp.reviews.push(r);
          owners.push({ name, owner, leaves });
          owner = r as unknown as Record<string, unknown>;
          leaves = LEAVES[name];
          return;
        }
        default:
          if (leaves?.[name] !== undefined || (name === "AssessmentFactors" && assessment)) {
            openLeaf = name;
            leafLine = line;
            text = "";
          }
      }
    };
    const close = (name: string) => {
      if (openLeaf === name) {
        // A copy: the rules about the whole return keep some values (UPNs) to the end of the file.
        const value = { text: own(text.trim()), line: leafLine };
        if (name === "AssessmentFactors") assessment?.factors.push(value);
        else if (owner && leaves) owner[leaves[name]!] = value;
        openLeaf = undefined;
        return;
      }
      const top = owners.at(-1);
      if (top && top.name === name) {
        owners.pop();
        owner = top.owner;
        leaves = top.leaves;
      }
      if (name === "Child") {
        child = details = assessment = cpp = undefined;
        done();
      } else if (name === "CINdetails") details = assessment = cpp = undefined;
      else if (name === "Assessments") assessment = undefined;
      else if (name === "ChildProtectionPlans") cpp = undefined;
    };

    /** Lines are counted up to `counted` only when a line is needed (most tags are not kept). */
    let buf = "";
    let counted = 0;
    const lineAt = (pos: number): number => {
      for (let k = buf.indexOf("\n", counted); k !== -1 && k < pos; k = buf.indexOf("\n", k + 1)) line++;
      counted = pos;
      return line;
    };
    const TAG = /<(\/?)([A-Za-z_][^\s>/]*)[^>]*>/g;
    /** Scans whole tags in `s`; returns where the unscanned rest starts. */
    this.scan = (s: string): number => {
      buf = s;
      counted = 0;
      TAG.lastIndex = 0;
      let after = 0;
      for (let m = TAG.exec(s); m !== null; m = TAG.exec(s)) {
        const lt = m.index;
        if (openLeaf) text += s.slice(after, lt);
        after = TAG.lastIndex;
        let name = m[2]!;
        const colon = name.indexOf(":");
        if (colon !== -1) name = name.slice(colon + 1);
        if (m[1]) close(name);
        else {
          if (
            name in OPENS ||
            (openLeaf === undefined && (leaves?.[name] !== undefined || name === "AssessmentFactors"))
          )
            lineAt(lt);
          open(name);
          if (s.charCodeAt(after - 2) === 47) close(name);
        }
      }
      const rest = s.indexOf("<", after);
      const stop = rest === -1 ? s.length : rest;
      if (openLeaf) text += s.slice(after, stop);
      lineAt(stop);
      return stop;
    };
  }

  /** Scans the next bytes of the file. */
  write(bytes: Uint8Array): void {
    this.writeText(this.decoder.decode(bytes, { stream: true }));
  }

  /** Scans the next text of the file, decoded from UTF-8 elsewhere (instead of `write`, never both). */
  writeText(text: string): void {
    const s = this.carry + text;
    this.carry = s.slice(this.scan(s));
  }

  /** Scans what is left at the end of the file. */
  end(): void {
    const rest = `${this.carry}${this.decoder.decode()}`;
    this.carry = "";
    if (rest) this.scan(rest);
  }
}

/** Scans a CIN census file: what it found (empty lists for a file with none). */
export function scanCinReturn(path: string): CinReturnView {
  const scan = new CinScan(path);
  // Read synchronously, 4 MB at a time: the stream's round trips through the thread pool cost
  // more than the scan itself on a busy machine, and memory stays bounded for a 200 MB file.
  const chunk = Buffer.allocUnsafe(1 << 22);
  const fd = openSync(path, "r");
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) scan.write(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  scan.end();
  return scan.view;
}
