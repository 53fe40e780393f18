import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSchema, openDatabase, query, TableLoader } from "./database.ts";

describe("TableLoader", () => {
  it("round-trips strings of every length, non-ASCII text, dates, numbers and empties across chunk boundaries", async () => {
    const db = await openDatabase(":memory:");
    await createSchema(db);
    const loader = await TableLoader.open(db, "ssd_cla_placement");
    const expected: Record<string, unknown>[] = [];
    // 5,000 rows: more than two 2,048-row chunks, so partial and full chunks are both exercised
    for (let i = 0; i < 5000; i++) {
      const id = "x".repeat(i % 20) + String(i); // lengths 1 … 23: inline (≤ 12 bytes) and long
      const postcode =
        i % 7 === 0 ? null : i % 11 === 0 ? `Ŵrexham ${i}` : i % 13 === 0 ? "café" : `AB${i % 100} 1CD`;
      const start = i % 5 === 0 ? null : i % 2 ? "2024-02-29" : 19_782 + (i % 400);
      const distance = i % 3 === 0 ? null : i / 8;
      loader.appendValues([
        "999",
        id,
        start,
        i % 4 === 0 ? "" : "U4",
        null,
        distance,
        `PC${i}`,
        "PR1",
        postcode,
        null,
        null,
        "C0000012",
      ]);
      expected.push({
        clap_cla_placement_id: id,
        clap_cla_placement_start_date:
          start === null
            ? null
            : typeof start === "string"
              ? start
              : new Date(start * 86_400_000).toISOString().slice(0, 10),
        clap_cla_placement_type: i % 4 === 0 ? null : "U4",
        clap_cla_placement_distance: distance,
        clap_cla_placement_postcode: postcode,
        clap_person_id: "C0000012",
      });
    }
    loader.close();
    assert.equal(loader.rowsAppended, 5000);
    const rows = await query(
      db,
      `SELECT clap_cla_placement_id, clap_cla_placement_start_date, clap_cla_placement_type, clap_cla_placement_distance,
        clap_cla_placement_postcode, clap_person_id FROM ssd_cla_placement ORDER BY CAST(regexp_extract(clap_cla_id, '\\d+') AS INTEGER)`,
    );
    assert.equal(rows.length, 5000);
    assert.deepEqual(rows, expected);
    const equal = await query(
      db,
      "SELECT count(*) AS n FROM ssd_cla_placement WHERE clap_person_id = 'C0000012'",
    );
    assert.equal(equal[0]!.n, 5000, "inline strings compare equal to literals");
    db.close();
  });

  it("refuses a value that is not a number in a numeric column", async () => {
    const db = await openDatabase(":memory:");
    await createSchema(db);
    const loader = await TableLoader.open(db, "ssd_professionals");
    assert.throws(
      () => loader.append({ la_code: "999", prof_professional_id: "W1", prof_full_time_equivalency: "lots" }),
      /ssd_professionals\.prof_full_time_equivalency: not a number/,
    );
    db.close();
  });
});
