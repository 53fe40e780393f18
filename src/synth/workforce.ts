/**
 * The council's workforce: departments, teams, caseholding workers and
 * personal advisers, and the postcodes and URNs placements draw from.
 *
 * Why first: every child's records name a worker and a team, so the
 * workforce is drawn before any child, sized per 10,000 children.
 */
import type { Council } from "./council.ts";
import { FIRST_NAMES, LAST_NAMES } from "./distributions.ts";
import { A_LEAVE, DAYS_PER_YEAR } from "./model.ts";
import { T_DEPT, T_PROF } from "./tableIds.ts";

/** Caseholding FTE per 10,000 children by service area, and workers per team. */
const AREA_FTE = [5.2, 14, 4.6, 2.2];
const AREA_NAMES = ["Assessment Team", "Safeguarding Team", "Children in Care Team", "Leaving Care Team"];
const AREA_PARENT = [
  "Early Help and Assessment",
  "Safeguarding",
  "Corporate Parenting",
  "Corporate Parenting",
];
const TEAM_SIZE = 7;

/** Writes departments, teams and workers, and fills the council's workforce lookups (call once, before any child). */
export function workforce(g: Council): void {
  const rng = g.rng;
  const pop10k = g.unit * DAYS_PER_YEAR;
  g.row(T_DEPT, [g.la, "CSC", "Children's Social Care", null, null]);
  const parents = [...new Set(AREA_PARENT)];
  parents.forEach((name, k) => {
    g.row(T_DEPT, [g.la, `D${k + 1}`, name, "CSC", "Children's Social Care"]);
  });
  let team = 0;
  for (let area = 0; area < AREA_FTE.length; area++) {
    const headcount = Math.max(2, Math.round((AREA_FTE[area]! * pop10k) / 0.92));
    const teams = Math.ceil(headcount / TEAM_SIZE);
    const parentId = `D${parents.indexOf(AREA_PARENT[area]!) + 1}`;
    g.areaFirst.push(g.workerIds.length);
    g.areaCount.push(headcount);
    for (let t = 0; t < teams; t++) {
      team++;
      const teamId = `TM${team}`;
      g.row(T_DEPT, [g.la, teamId, `${AREA_NAMES[area]} ${t + 1}`, parentId, AREA_PARENT[area]!]);
      const members = Math.min(TEAM_SIZE, headcount - t * TEAM_SIZE);
      for (let k = 0; k < members; k++) {
        const n = g.workerIds.length + 1;
        const id = `W${n}`;
        const name = `${FIRST_NAMES[rng.int(FIRST_NAMES.length)]} ${LAST_NAMES[rng.int(LAST_NAMES.length)]}`;
        const fte = rng.chance(0.8) ? 1 : [0.8, 0.6, 0.5][rng.int(3)]!;
        const pa = area === A_LEAVE;
        const title = pa
          ? "Personal Adviser"
          : (["Social Worker", "Social Worker", "Senior Social Worker", "Advanced Practitioner"][
              rng.int(4)
            ] ?? "Social Worker");
        g.row(T_PROF, [
          g.la,
          id,
          `S${100000 + n}`,
          name,
          pa ? null : `SW${100000 + rng.int(900000)}`,
          title,
          Math.max(0, Math.round(fte * (pa ? 20 : 16) + rng.normal() * 3)),
          teamId,
          fte,
          rng.chance(pa ? 0.05 : 0.17) ? "Y" : "N",
        ]);
        g.workerIds.push(id);
        g.workerTeam.push(teamId);
        if (pa) g.paNames.push(name);
      }
      // A team manager who holds no cases.
      g.row(T_PROF, [
        g.la,
        `WM${team}`,
        `S${900000 + team}`,
        `${FIRST_NAMES[rng.int(FIRST_NAMES.length)]} ${LAST_NAMES[rng.int(LAST_NAMES.length)]}`,
        `SW${100000 + rng.int(900000)}`,
        "Team Manager",
        0,
        teamId,
        1,
        "N",
      ]);
    }
  }
  const letters = "ABCDEFGHJKLMNPRSTUWY";
  for (let k = 0; k < 300; k++) {
    const a = letters[rng.int(letters.length)]!;
    const b = letters[rng.int(letters.length)]!;
    g.postcodes.push(`${a}${b}${1 + rng.int(30)} ${rng.int(10)}${b}${a}`);
    g.urns.push(`SC${100000 + rng.int(900000)}`);
  }
}
