import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSchema, type Database, openDatabase } from "../db/database.ts";
import {
  addCommentary,
  commentaryHistory,
  latestCommentary,
  listLatestCommentary,
  type NewCommentary,
} from "./commentary.ts";

/** The council whose commentary the tests write (a bare database: any LA code). */
const LA = "201";

const note = (indicator: string, periodEnd: string, text: string, author = "A. Manager"): NewCommentary => ({
  indicator,
  periodType: "month",
  periodEnd,
  text,
  author,
});

describe("commentary store", () => {
  let db: Database;
  before(async () => {
    db = await openDatabase(":memory:");
    await createSchema(db);
  });
  after(() => db.close());

  it("stores a text with its author and time, and an edit as a new version replacing it", async () => {
    const first = await addCommentary(
      db,
      LA,
      [note("referrals", "2024-11-30", "Referrals fell after the half-term.")],
      new Date("2024-12-05T09:00:00Z"),
    );
    assert.deepEqual(first, [
      {
        id: 1,
        indicator: "referrals",
        periodType: "month",
        periodEnd: "2024-11-30",
        text: "Referrals fell after the half-term.",
        author: "A. Manager",
        writtenAt: "2024-12-05T09:00:00.000Z",
        replaces: null,
      },
    ]);
    await addCommentary(
      db,
      LA,
      [
        note(
          "referrals",
          "2024-11-30",
          "Referrals fell after half-term; the MASH was fully staffed.",
          "B. Head",
        ),
      ],
      new Date("2024-12-06T10:30:15.250Z"),
    );
    const history = await commentaryHistory(db, LA, "referrals", "2024-11-30", "month");
    assert.deepEqual(
      history.map((v) => [v.id, v.text, v.author, v.writtenAt, v.replaces]),
      [
        [1, "Referrals fell after the half-term.", "A. Manager", "2024-12-05T09:00:00.000Z", null],
        [
          2,
          "Referrals fell after half-term; the MASH was fully staffed.",
          "B. Head",
          "2024-12-06T10:30:15.250Z",
          1,
        ],
      ],
    );
    const latest = await latestCommentary(db, LA, "2024-11-30", "month");
    assert.deepEqual(
      [...latest],
      [
        [
          "referrals",
          {
            text: "Referrals fell after half-term; the MASH was fully staffed.",
            author: "B. Head",
            writtenAt: "2024-12-06T10:30:15.250Z",
          },
        ],
      ],
    );
  });

  it("does not store the same text again", async () => {
    const again = await addCommentary(db, LA, [
      note("referrals", "2024-11-30", "Referrals fell after half-term; the MASH was fully staffed."),
    ]);
    assert.deepEqual(again, []);
    assert.equal((await commentaryHistory(db, LA, "referrals", "2024-11-30", "month")).length, 2);
  });

  it("never gives last month's text for this month, nor a quarter's for the month", async () => {
    await addCommentary(db, LA, [
      { ...note("referrals", "2024-12-31", "Quarter 3 overall."), periodType: "quarter" },
    ]);
    assert.deepEqual([...(await latestCommentary(db, LA, "2024-12-31", "month"))], []);
    assert.deepEqual(
      [...(await latestCommentary(db, LA, "2024-12-31", "quarter"))].map(([id, c]) => [id, c.text]),
      [["referrals", "Quarter 3 overall."]],
    );
  });

  it("keeps text exactly as written, quotes and all (bound parameters)", async () => {
    const text = "It's 'quoted'; DROP TABLE commentary; --\nsecond line";
    await addCommentary(db, LA, [note("cla_rate_10k", "2024-11-30", text, "O'Neill")]);
    const latest = await latestCommentary(db, LA, "2024-11-30", "month");
    assert.equal(latest.get("cla_rate_10k")?.text, text);
    assert.equal(latest.get("cla_rate_10k")?.author, "O'Neill");
  });

  it("lists the latest version of each indicator and period", async () => {
    assert.deepEqual(
      (await listLatestCommentary(db, LA)).map((v) => [v.periodEnd, v.periodType, v.indicator, v.id]),
      [
        ["2024-11-30", "month", "cla_rate_10k", 4],
        ["2024-11-30", "month", "referrals", 2],
        ["2024-12-31", "quarter", "referrals", 3],
      ],
    );
    assert.deepEqual(
      (await listLatestCommentary(db, LA, "2024-12-31")).map((v) => v.id),
      [3],
    );
  });

  it("stores nothing when one item of a batch fails", async () => {
    await assert.rejects(
      addCommentary(db, LA, [
        note("referrals", "2024-10-31", "fine"),
        // a NOT NULL column left empty: the whole batch is rolled back
        { ...note("referrals", "2024-09-30", "x"), author: null as unknown as string },
      ]),
    );
    assert.deepEqual(await commentaryHistory(db, LA, "referrals", "2024-10-31", "month"), []);
  });
});
