/**
 * Migrations: a workspace made by the release before versioning opens and
 * is upgraded; a read-only open refuses an out-of-date or locked file in
 * one line; two read-only processes share a file.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { TABLES } from "../model/tables.ts";
import { tempFiles } from "../testing/tempFiles.ts";
import { execute, openDatabase, query } from "./connection.ts";
import { TableLoader } from "./loader.ts";
import { checkSchema, createSchema, MIGRATIONS, migrate, SCHEMA_VERSION, schemaVersion } from "./schema.ts";

const files = tempFiles("scorecard-schema-", "duckdb");

/**
 * Every table as the release before versioned migrations created it, written out
 * by hand: ssd_person without pers_upn and ssd_cin_assessments without
 * cina_assessment_factors, and no schema_version table.
 */
const OLD_CANONICAL = [
  `CREATE TABLE ssd_department (
    la_code VARCHAR, dept_team_id VARCHAR, dept_team_name VARCHAR, dept_team_parent_id VARCHAR, dept_team_parent_name VARCHAR)`,
  `CREATE TABLE ssd_professionals (
    la_code VARCHAR, prof_professional_id VARCHAR, prof_staff_id VARCHAR, prof_professional_name VARCHAR, prof_social_worker_registration_no VARCHAR, prof_professional_job_title VARCHAR, prof_professional_caseload INTEGER, prof_professional_department VARCHAR, prof_full_time_equivalency DOUBLE, prof_agency_worker_flag VARCHAR)`,
  `CREATE TABLE ssd_person (
    la_code VARCHAR, pers_person_id VARCHAR, pers_sex VARCHAR, pers_gender VARCHAR, pers_ethnicity VARCHAR, pers_dob DATE, pers_common_child_id VARCHAR, pers_upn_unknown VARCHAR, pers_send_flag VARCHAR, pers_expected_dob DATE, pers_death_date DATE, pers_is_mother VARCHAR, pers_nationality VARCHAR, pers_disability VARCHAR)`,
  `CREATE TABLE ssd_contacts (
    la_code VARCHAR, cont_contact_id VARCHAR, cont_person_id VARCHAR, cont_contact_date DATE, cont_contact_source_code VARCHAR, cont_contact_source_desc VARCHAR, cont_contact_outcome_json VARCHAR)`,
  `CREATE TABLE ssd_cin_episodes (
    la_code VARCHAR, cine_referral_id VARCHAR, cine_person_id VARCHAR, cine_referral_date DATE, cine_cin_primary_need_code VARCHAR, cine_referral_source_code VARCHAR, cine_referral_source_desc VARCHAR, cine_referral_outcome_json VARCHAR, cine_referral_nfa VARCHAR, cine_close_reason VARCHAR, cine_close_date DATE, cine_referral_team VARCHAR, cine_referral_worker_id VARCHAR)`,
  `CREATE TABLE ssd_cin_assessments (
    la_code VARCHAR, cina_assessment_id VARCHAR, cina_person_id VARCHAR, cina_referral_id VARCHAR, cina_assessment_start_date DATE, cina_assessment_child_seen VARCHAR, cina_assessment_auth_date DATE, cina_assessment_outcome_json VARCHAR, cina_assessment_outcome_nfa VARCHAR, cina_assessment_team VARCHAR, cina_assessment_worker_id VARCHAR)`,
  `CREATE TABLE ssdx_strategy_discussions (
    la_code VARCHAR, strd_strategy_discussion_id VARCHAR, strd_person_id VARCHAR, strd_referral_id VARCHAR, strd_strategy_discussion_date DATE, strd_s47_enquiry_id VARCHAR, strd_outcome VARCHAR)`,
  `CREATE TABLE ssd_s47_enquiry (
    la_code VARCHAR, s47e_s47_enquiry_id VARCHAR, s47e_referral_id VARCHAR, s47e_person_id VARCHAR, s47e_s47_start_date DATE, s47e_s47_end_date DATE, s47e_s47_nfa VARCHAR, s47e_s47_outcome_json VARCHAR, s47e_s47_completed_by_worker_id VARCHAR, s47e_s47_completed_by_team VARCHAR)`,
  `CREATE TABLE ssd_initial_cp_conference (
    la_code VARCHAR, icpc_icpc_id VARCHAR, icpc_icpc_meeting_id VARCHAR, icpc_s47_enquiry_id VARCHAR, icpc_person_id VARCHAR, icpc_cp_plan_id VARCHAR, icpc_referral_id VARCHAR, icpc_icpc_transfer_in VARCHAR, icpc_icpc_target_date DATE, icpc_icpc_date DATE, icpc_icpc_outcome_cp_flag VARCHAR, icpc_icpc_outcome_json VARCHAR, icpc_icpc_team VARCHAR, icpc_icpc_worker_id VARCHAR)`,
  `CREATE TABLE ssd_cp_plans (
    la_code VARCHAR, cppl_cp_plan_id VARCHAR, cppl_referral_id VARCHAR, cppl_icpc_id VARCHAR, cppl_person_id VARCHAR, cppl_cp_plan_start_date DATE, cppl_cp_plan_end_date DATE, cppl_cp_plan_initial_category VARCHAR, cppl_cp_plan_latest_category VARCHAR, cppl_cp_plan_ola VARCHAR, cppl_number_of_previous_cpp INTEGER)`,
  `CREATE TABLE ssd_cp_reviews (
    la_code VARCHAR, cppr_cp_review_id VARCHAR, cppr_person_id VARCHAR, cppr_cp_plan_id VARCHAR, cppr_cp_review_due DATE, cppr_cp_review_date DATE, cppr_cp_review_meeting_id VARCHAR, cppr_cp_review_outcome_continue_cp VARCHAR, cppr_cp_review_quorate VARCHAR, cppr_cp_review_participation VARCHAR)`,
  `CREATE TABLE ssd_cp_visits (
    la_code VARCHAR, cppv_cp_visit_id VARCHAR, cppv_person_id VARCHAR, cppv_cp_plan_id VARCHAR, cppv_cp_visit_date DATE, cppv_cp_visit_seen VARCHAR, cppv_cp_visit_seen_alone VARCHAR, cppv_cp_visit_bedroom VARCHAR)`,
  `CREATE TABLE ssd_cla_episodes (
    la_code VARCHAR, clae_cla_episode_id VARCHAR, clae_person_id VARCHAR, clae_cla_episode_start_date DATE, clae_cla_episode_start_reason VARCHAR, clae_cla_primary_need_code VARCHAR, clae_cla_episode_ceased_date DATE, clae_cla_episode_ceased_reason VARCHAR, clae_cla_id VARCHAR, clae_referral_id VARCHAR, clae_cla_placement_id VARCHAR, clae_entered_care_date DATE, clae_cla_last_iro_contact_date DATE)`,
  `CREATE TABLE ssd_cla_placement (
    la_code VARCHAR, clap_cla_placement_id VARCHAR, clap_cla_placement_start_date DATE, clap_cla_placement_type VARCHAR, clap_cla_placement_urn VARCHAR, clap_cla_placement_distance DOUBLE, clap_cla_id VARCHAR, clap_cla_placement_provider VARCHAR, clap_cla_placement_postcode VARCHAR, clap_cla_placement_end_date DATE, clap_cla_placement_change_reason VARCHAR, clap_person_id VARCHAR)`,
  `CREATE TABLE ssd_legal_status (
    la_code VARCHAR, lega_legal_status_id VARCHAR, lega_person_id VARCHAR, lega_legal_status VARCHAR, lega_legal_status_start_date DATE, lega_legal_status_end_date DATE)`,
  `CREATE TABLE ssd_cla_reviews (
    la_code VARCHAR, clar_cla_review_id VARCHAR, clar_cla_id VARCHAR, clar_cla_review_due_date DATE, clar_cla_review_date DATE, clar_cla_review_cancelled VARCHAR, clar_cla_review_participation VARCHAR)`,
  `CREATE TABLE ssd_cla_visits (
    la_code VARCHAR, clav_cla_visit_id VARCHAR, clav_cla_id VARCHAR, clav_person_id VARCHAR, clav_cla_visit_date DATE, clav_cla_visit_seen VARCHAR, clav_cla_visit_seen_alone VARCHAR)`,
  `CREATE TABLE ssd_cla_health (
    la_code VARCHAR, clah_health_check_id VARCHAR, clah_person_id VARCHAR, clah_health_check_type VARCHAR, clah_health_check_date DATE, clah_health_check_status VARCHAR)`,
  `CREATE TABLE ssd_immigration_status (
    la_code VARCHAR, immi_immigration_status_id VARCHAR, immi_person_id VARCHAR, immi_immigration_status VARCHAR, immi_immigration_status_start_date DATE, immi_immigration_status_end_date DATE)`,
  `CREATE TABLE ssd_missing (
    la_code VARCHAR, miss_table_id VARCHAR, miss_person_id VARCHAR, miss_missing_episode_start_date DATE, miss_missing_episode_type VARCHAR, miss_missing_episode_end_date DATE, miss_missing_rhi_offered VARCHAR, miss_missing_rhi_accepted VARCHAR)`,
  `CREATE TABLE ssdx_missing_return_interviews (
    la_code VARCHAR, mrhi_return_interview_id VARCHAR, mrhi_missing_id VARCHAR, mrhi_person_id VARCHAR, mrhi_return_interview_date DATE)`,
  `CREATE TABLE ssd_permanence (
    la_code VARCHAR, perm_table_id VARCHAR, perm_person_id VARCHAR, perm_cla_id VARCHAR, perm_adm_decision_date DATE, perm_ffa_cp_decision_date DATE, perm_placement_order_date DATE, perm_placed_for_adoption_date DATE, perm_matched_date DATE, perm_adopted_by_carer_flag VARCHAR, perm_placed_ffa_cp_date DATE, perm_decision_reversed_date DATE, perm_placed_foster_carer_date DATE, perm_decision_reversed_reason VARCHAR, perm_permanence_order_date DATE, perm_permanence_order_type VARCHAR)`,
  `CREATE TABLE ssd_care_leavers (
    la_code VARCHAR, clea_table_id VARCHAR, clea_person_id VARCHAR, clea_care_leaver_eligibility VARCHAR, clea_care_leaver_in_touch VARCHAR, clea_care_leaver_latest_contact DATE, clea_care_leaver_accommodation VARCHAR, clea_care_leaver_accom_suitable VARCHAR, clea_care_leaver_activity VARCHAR, clea_pathway_plan_review_date DATE, clea_care_leaver_personal_advisor VARCHAR, clea_care_leaver_allocated_team VARCHAR, clea_care_leaver_worker_id VARCHAR)`,
  `CREATE TABLE ssdx_care_leaver_contacts (
    la_code VARCHAR, clec_contact_id VARCHAR, clec_person_id VARCHAR, clec_contact_date DATE, clec_in_touch VARCHAR, clec_accommodation VARCHAR, clec_accom_suitable VARCHAR, clec_activity VARCHAR)`,
  `CREATE TABLE ssd_involvements (
    la_code VARCHAR, invo_involvements_id VARCHAR, invo_professional_id VARCHAR, invo_professional_role_id VARCHAR, invo_professional_team VARCHAR, invo_involvement_start_date DATE, invo_involvement_end_date DATE, invo_worker_change_reason VARCHAR, invo_person_id VARCHAR, invo_referral_id VARCHAR)`,
  `CREATE TABLE ssdx_audits (
    la_code VARCHAR, audt_audit_id VARCHAR, audt_person_id VARCHAR, audt_audit_date DATE, audt_audit_type VARCHAR, audt_judgement VARCHAR, audt_team VARCHAR)`,
];

const OLD_SYSTEM = [
  `CREATE TABLE cal_days (cal_date DATE PRIMARY KEY, is_working_day BOOLEAN, is_bank_holiday BOOLEAN, wd_index INTEGER)`,
  `CREATE TABLE cfg_population (la_code VARCHAR, fy_start INTEGER, population DOUBLE)`,
  `CREATE TABLE cfg_coverage (la_code VARCHAR, data_from DATE, data_to DATE)`,
  `CREATE TABLE indicator_values (la_code VARCHAR, indicator VARCHAR, period_type VARCHAR, period_start DATE,
    period_end DATE, numerator DOUBLE, denominator DOUBLE, value DOUBLE)`,
  `CREATE TABLE imports (import_id INTEGER PRIMARY KEY, imported_at VARCHAR, la_code VARCHAR, formats VARCHAR,
    counts_json VARCHAR, errors INTEGER, warnings INTEGER, data_from DATE, data_to DATE,
    coverage_before_json VARCHAR, undone_at VARCHAR)`,
  `CREATE TABLE import_files (import_id INTEGER, path VARCHAR, format VARCHAR, sha256 VARCHAR, bytes BIGINT)`,
  `CREATE TABLE import_rows (import_id INTEGER, table_name VARCHAR, la_code VARCHAR, row_key VARCHAR, added BOOLEAN)`,
  "INSERT INTO cal_days VALUES (DATE '2024-01-01', false, true, 0)",
  "INSERT INTO ssd_person (la_code, pers_person_id, pers_sex) VALUES ('999', 'C1', 'F')",
];

/** Makes a database file the way the previous release left it. */
async function oldWorkspaceFile(): Promise<string> {
  const path = files.next();
  const db = await openDatabase(path);
  for (const sql of [...OLD_CANONICAL, ...OLD_SYSTEM]) await db.connection.run(sql);
  db.close();
  return path;
}

async function columnsOf(db: Awaited<ReturnType<typeof openDatabase>>, table: string): Promise<string[]> {
  const rows = await query(
    db,
    "SELECT column_name FROM duckdb_columns() WHERE table_name = $1 AND database_name = current_database() ORDER BY column_index",
    [table],
  );
  return rows.map((r) => String(r.column_name));
}

describe("schema migrations", () => {
  it("upgrades a workspace made before versioning: columns added in declared order, rows kept", async () => {
    const path = await oldWorkspaceFile();
    const readOnly = await openDatabase(path, { readOnly: true });
    assert.equal(await schemaVersion(readOnly), 0);
    await assert.rejects(
      checkSchema(readOnly, "the workspace ws", "scorecard compute --dir ws"),
      (e: Error) =>
        e.name === "UserError" &&
        /^the workspace ws was made by an earlier version of scorecard \(schema 0, this version reads \d+\); run "scorecard compute --dir ws" once to upgrade it$/.test(
          e.message,
        ),
    );
    readOnly.close();

    const db = await openDatabase(path);
    assert.deepEqual(
      await migrate(db),
      MIGRATIONS.map((m) => m.version),
    );
    assert.equal(await schemaVersion(db), SCHEMA_VERSION);
    for (const t of TABLES)
      assert.deepEqual(
        await columnsOf(db, t.name),
        t.columns.map((c) => c.name),
        t.name,
      );
    for (const table of ["bm_values", "bm_neighbours", "bm_stats", "bm_sources", "local_values"])
      assert.equal((await columnsOf(db, table)).length > 0, true, table);
    // the old row survives, with the new column empty; the Appender writes the declared order
    assert.deepEqual(await query(db, "SELECT pers_person_id, pers_upn FROM ssd_person"), [
      { pers_person_id: "C1", pers_upn: null },
    ]);
    const loader = await TableLoader.open(db, "ssd_person");
    loader.append({ la_code: "999", pers_person_id: "C2", pers_upn: "A123456789012" });
    loader.close();
    assert.deepEqual(await query(db, "SELECT pers_upn FROM ssd_person WHERE pers_person_id = $1", ["C2"]), [
      { pers_upn: "A123456789012" },
    ]);
    // the calendar the old release loaded is kept, not loaded again
    assert.deepEqual(await query(db, "SELECT count(*) AS n FROM cal_days"), [{ n: 1 }]);
    assert.deepEqual(await migrate(db), [], "nothing left to apply");
    db.close();

    const again = await openDatabase(path, { readOnly: true });
    await checkSchema(again, "the workspace ws", "scorecard compute --dir ws");
    again.close();
  });

  it("creates every table in a new database, and refuses one made by a newer version", async () => {
    const db = await openDatabase(":memory:");
    await createSchema(db);
    assert.equal(await schemaVersion(db), SCHEMA_VERSION);
    assert.ok(Number((await query(db, "SELECT count(*) AS n FROM cal_days"))[0]?.n) > 3000);
    await execute(db, "INSERT INTO schema_version VALUES ($1, 'from the future', NULL)", [
      SCHEMA_VERSION + 1,
    ]);
    await assert.rejects(migrate(db), /made by a newer version of scorecard/);
    db.close();
  });

  it("rolls a failed migration back whole", async () => {
    const db = await openDatabase(":memory:");
    await db.connection.run("CREATE TABLE ssd_person (la_code INTEGER)");
    await db.connection.run("CREATE VIEW ssd_cin_assessments AS SELECT 1 AS x");
    await assert.rejects(migrate(db));
    assert.equal(await schemaVersion(db), 0);
    assert.deepEqual(await columnsOf(db, "cal_days"), []);
    db.close();
  });
});

describe("opening a database file from two processes", () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill();
  });

  /** Opens the file in another process and resolves once it is open. */
  function holdOpen(path: string, readOnly: boolean): Promise<void> {
    const options = readOnly ? "{ access_mode: 'READ_ONLY' }" : "{}";
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { DuckDBInstance } from "@duckdb/node-api";
         await DuckDBInstance.create(${JSON.stringify(path)}, ${options});
         console.log("open");
         setTimeout(() => {}, 60000);`,
      ],
      { cwd: join(import.meta.dirname, "..", ".."), stdio: ["ignore", "pipe", "inherit"] },
    );
    children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.on("data", () => resolve());
      child.on("exit", (code) => reject(new Error(`the holding process ended (${code})`)));
    });
  }

  it("says in one line that a file another process writes is in use, even to a reader", async () => {
    const path = await oldWorkspaceFile();
    await holdOpen(path, false);
    await assert.rejects(
      openDatabase(path, { readOnly: true }),
      (e: Error) =>
        e.name === "UserError" &&
        /^the workspace .* is in use by another process \(PID \d+\); one process owns a workspace at a time/.test(
          e.message,
        ) &&
        !e.message.includes("\n"),
    );
    children.pop()!.kill();
  });

  it("lets two processes read one file at once", async () => {
    const path = await oldWorkspaceFile();
    await holdOpen(path, true);
    const db = await openDatabase(path, { readOnly: true });
    assert.deepEqual(await query(db, "SELECT count(*) AS n FROM ssd_person"), [{ n: 1 }]);
    await assert.rejects(db.connection.run("DELETE FROM ssd_person"), /read-only/);
    db.close();
    await assert.rejects(openDatabase(path), /in use by another process/, "no writer while a reader has it");
  });
});
