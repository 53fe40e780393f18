import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RowDates, steadyFrom } from "./coverage.ts";

/** `n` dates on the 10th of a month. */
const month = (ym: string, n: number) => Array.from({ length: n }, () => `${ym}-10`);

describe("steadyFrom", () => {
  it("starts at the earliest date when every month is steady", () => {
    // 6 months of 100 contacts, the first on 3 October
    const dates = [
      "2024-10-03",
      ...month("2024-10", 99),
      ...["11", "12"].flatMap((m) => month(`2024-${m}`, 100)),
    ];
    dates.push(...["01", "02", "03"].flatMap((m) => month(`2025-${m}`, 100)));
    assert.equal(steadyFrom(dates), "2024-10-03");
  });

  it("ignores years of thin history before the steady run, however many months it spans", () => {
    // 120 months of 1–3 old contacts (2010–2019), then 24 months of 400 from April 2020:
    // the recent average is 400, the threshold 120, so the run starts in April 2020.
    const dates: string[] = [];
    for (let y = 2010; y <= 2019; y++)
      for (let m = 1; m <= 12; m++) dates.push(...month(`${y}-${String(m).padStart(2, "0")}`, 1 + (m % 3)));
    for (let k = 0; k < 24; k++) {
      const ym = `${2020 + Math.floor((k + 3) / 12)}-${String(((k + 3) % 12) + 1).padStart(2, "0")}`;
      dates.push(...month(ym, 400));
    }
    assert.equal(steadyFrom(dates), "2020-04-01");
  });

  it("keeps an August dip inside the run, and stops at an empty month", () => {
    // Apr 50, May 0, Jun 300, Jul 300, Aug 100, Sep 300: the recent average over Apr–Sep is
    // (50 + 0 + 300 + 300 + 100 + 300) ÷ 6 = 175, the threshold 52.5; walking back from Sep,
    // Aug 100, Jul and Jun pass, May 0 does not, so the run starts in June.
    const dates = [
      ...month("2024-04", 50),
      ...month("2024-06", 300),
      ...month("2024-07", 300),
      ...month("2024-08", 100),
      ...month("2024-09", 300),
    ];
    assert.equal(steadyFrom(dates), "2024-06-01");
  });

  it("is undefined without dates", () => {
    assert.equal(steadyFrom([]), undefined);
  });
});

describe("RowDates", () => {
  const contact = (d: string) => ({ cont_contact_date: d });
  const referral = (d: string) => ({ cine_referral_date: d });

  it("runs from the contacts' steady month to the latest dated event, up to today", () => {
    // Contacts: one in Jan 2020, then 100 a month Jun–Nov 2024. The 12 months to Nov 2024 hold 600: average
    // 50, threshold 15; walking back from Nov, Jun passes and May 2024 (0) does not: from 2024-06-01. The
    // latest event is a plan of 2025-01-15; a contact of 2031 is after today and left out.
    const contacts = [contact("2020-01-20"), contact("2031-01-01")];
    for (const m of ["06", "07", "08", "09", "10", "11"])
      for (let k = 0; k < 100; k++) contacts.push(contact(`2024-${m}-10`));
    const dates = new RowDates("2026-12-07");
    dates.add({
      ssd_contacts: contacts,
      ssd_cin_episodes: [referral("2019-05-01")],
      ssd_cp_plans: [{ cppl_cp_plan_start_date: "2025-01-15" }],
      ssd_person: [{ pers_dob: "2010-01-01" }],
    });
    assert.deepEqual(dates.period(), { from: "2024-06-01", to: "2025-01-15" });
  });

  it("falls back to referrals, then to every dated event, and gives the same period added in parts", () => {
    const rows = {
      ssd_cin_episodes: [referral("2023-04-03"), referral("2023-05-09")],
      ssd_permanence: [{ perm_adm_decision_date: "2022-01-01", perm_permanence_order_date: "2024-02-02" }],
    };
    const whole = new RowDates("2026-12-07");
    whole.add(rows);
    // Referrals in April and May 2023 (1 each: threshold 0.3, both pass): from the earliest, 2023-04-03;
    // the latest event is the permanence order of 2024-02-02 (every date column of a row counts).
    assert.deepEqual(whole.period(), { from: "2023-04-03", to: "2024-02-02" });
    const parts = new RowDates("2026-12-07");
    parts.add({ ssd_cin_episodes: [rows.ssd_cin_episodes[1]!] });
    parts.add({ ssd_permanence: rows.ssd_permanence, ssd_cin_episodes: [rows.ssd_cin_episodes[0]!] });
    assert.deepEqual(parts.period(), whole.period());
    const none = new RowDates("2026-12-07");
    none.add({ ssd_permanence: rows.ssd_permanence });
    // No contact, no referral: every dated event, the two permanence dates 25 months apart (the recent
    // average over Mar 2023–Feb 2024 is 1 ÷ 12, threshold 0.025; Jan 2024 has none): from 2024-02-01.
    assert.deepEqual(none.period(), { from: "2024-02-01", to: "2024-02-02" });
    assert.equal(new RowDates("2026-12-07").period(), undefined);
  });
});
