/**
 * Identifiers and assessment factors the synthetic council's children get
 * without drawing from the generator's random stream: a UPN per child and
 * the factors identified at each completed assessment.
 *
 * Why outside the stream: adding them must not move any other random draw,
 * so a seed's referrals, plans and placements stay what they were. Both
 * are functions of values the generator already has (the child's number,
 * the assessment id).
 */
import { UPN_LA_CODES, upnCheckLetter } from "../ingest/validate/rules/cinFile.ts";

/** The UPN LA part when the council's own code is not an LA code (the demo's 999): 372, the demo's default comparison council. */
const FALLBACK_UPN_LA = "372";

/**
 * A valid permanent UPN for the `n`th child (n ≥ 1) of council `laCode`:
 * check letter, LA code (3), DfE establishment number (4), issue year (2),
 * serial (3). Unique per `n` up to 8,000,000 children.
 */
export function syntheticUpn(laCode: string, n: number, issueYear: number): string {
  const la = UPN_LA_CODES.has(laCode) ? laCode : FALLBACK_UPN_LA;
  const establishment = 2000 + (Math.floor(n / 1000) % 8000);
  const serial = String(n % 1000).padStart(3, "0");
  const year = String(issueYear % 100).padStart(2, "0");
  const body = `${la}${establishment}${year}${serial}`;
  return `${upnCheckLetter(`A${body}`)}${body}`;
}

/**
 * Factors DfE lists at assessment, the common ones first (domestic abuse,
 * parental mental health and substance misuse), each valid in every census
 * year since 2012 (none of the 2021 and 2022 additions, nor 21 "no factors").
 */
const FACTORS = "3A 3B 4B 2B 1B 4A 7A 6B 5A 22A 8B 10A".split(" ");

/** FNV-1a over the text: a stable 32-bit number for an id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * One to three distinct factors for a completed assessment, comma separated,
 * chosen by its id: the earlier factors of the list are the likelier.
 */
export function assessmentFactors(assessmentId: string): string {
  let h = hash(assessmentId);
  const count = 1 + (h % 3);
  const chosen: string[] = [];
  for (let k = 0; chosen.length < count && k < 12; k++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    // Squaring a uniform in [0, 1) favours the start of the list.
    const u = (h % 10000) / 10000;
    const f = FACTORS[Math.floor(u * u * FACTORS.length)]!;
    if (!chosen.includes(f)) chosen.push(f);
  }
  return chosen.join(",");
}
