/**
 * Six real councils in one workspace (settings `councils`), for the
 * regional comparison's tests: their figures written straight into
 * indicator_values, DfE's shipped benchmarks seeded. Test support only.
 *
 * Barnsley 370, Doncaster 371, Rotherham 372 (the settings' council),
 * Wakefield 384, Tameside 357, Sheffield 373 (Rotherham listed first). In DfE's shipped neighbour
 * list 370, 371, 372 and 384 each have four of the others among their 10
 * neighbours, 357 three (372, 370, 384), 373 one (357).
 */
import { seedBenchmarks } from "../benchmarks/shipped.ts";
import { initWorkspace, openWorkspace, setCoverage, type Workspace } from "../workspace/workspace.ts";

const row = (
  la: string,
  id: string,
  type: string,
  num: number | null,
  den: number | null,
  value: number | null,
) =>
  `('${la}', '${id}', '${type}', DATE '2024-04-01', DATE '2025-03-31', ${num ?? "NULL"}, ${den ?? "NULL"}, ${value ?? "NULL"})`;

/** Creates the six councils' workspace in `dir` (a new folder) and opens it. */
export async function sixCouncilWorkspace(dir: string): Promise<Workspace> {
  const population = { "2024-25": 60_000 };
  await initWorkspace(dir, {
    councils: [
      { name: "Rotherham", laCode: "372", population },
      { name: "Barnsley", laCode: "370", population },
      { name: "Doncaster", laCode: "371", population },
      { name: "Wakefield", laCode: "384", population },
      { name: "Tameside", laCode: "357", population },
      { name: "Sheffield", laCode: "373", population },
    ],
  });
  const ws = await openWorkspace(dir, { allCouncils: true });
  await seedBenchmarks(ws.db);
  const r = "rereferrals_12m_pct";
  const a = "assessments_45wd_pct";
  await ws.db.connection.run(`INSERT INTO indicator_values VALUES
    ${[
      // re-referrals, rolling 12 months (the default for a flow): 20.0, 25.0, 20.0, 31.0, 18.5, 12.0
      row("370", r, "rolling12", 20, 100, 20),
      row("371", r, "rolling12", 25, 100, 25),
      row("372", r, "rolling12", 40, 200, 20),
      row("384", r, "rolling12", 31, 100, 31),
      row("357", r, "rolling12", 37, 200, 18.5),
      row("373", r, "rolling12", 12, 100, 12),
      // the month figure, compared only with --period-type month
      row("370", r, "month", 1, 2, 50),
      row("373", r, "month", 3, 10, 30),
      // assessments in 45 working days: 85.04, 84.96, 90.0, 75.0 (3 of 4), 60.0; none for 384
      row("370", a, "rolling12", 8504, 10000, 85.04),
      row("371", a, "rolling12", 8496, 10000, 84.96),
      row("372", a, "rolling12", 90, 100, 90),
      row("357", a, "rolling12", 3, 4, 75),
      row("373", a, "rolling12", 60, 100, 60),
      row("384", a, "rolling12", 0, 0, null),
    ].join(",\n")}`);
  for (const la of ["370", "371", "372", "384", "357"])
    await setCoverage(ws.db, { laCode: la, dataFrom: "2022-04-01", dataTo: "2025-05-31" });
  // Sheffield's data end earlier: its latest complete month is March 2025
  await setCoverage(ws.db, { laCode: "373", dataFrom: "2022-04-01", dataTo: "2025-04-10" });
  return ws;
}
