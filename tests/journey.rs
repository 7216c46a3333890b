//! The journey of README.md ("An existing database"), end to end on a real server, through
//! the code paths of the CLI: a single-hospital database of a team's own (its names, not
//! ours; `serial`, identity and uuid keys; foreign keys between its tables; rows in every
//! table) is imported (`import --database-url`: introspection and codegen — the written
//! module must be `journey/hospital.rs`, byte for byte), its V001 reproduces it, the
//! database is marked as at V001 (`db-baseline`), then the definitions turn on
//! `tenant_scoped` and `compliance` (`journey/hospital_multi_tenant.rs`, with the hospital's
//! tenant named in the builder's tenancy) and `gen-migration` writes V002 (proven on a
//! throw-away database first). `migrate` on the database full of rows keeps every row (count
//! and per-row digest of every original column), gives each the hospital's tenant, fills the
//! compliance columns, isolates tenants by forced RLS; the database equals a fresh one built
//! from the head script and has no drift; `undo` goes back to the imported database, every
//! row kept, equal to a fresh V001.

use hims_dsl::model::{Model, QualifiedName};
use hims_dsl::{ExistingTenant, ModelBuilder, Tenancy};
use hims_migrations::repo::{GenOptions, gen_migration};
use hims_testdb::TestDb;
use hims_tests::rows::digests;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The team's database, as `pg_dump --schema-only` would give it back.
const SOURCE: &str = include_str!("journey/hospital.sql");
/// What `cargo xtask import` writes for it (checked below), and the same after the edit.
const IMPORTED: &str = include_str!("journey/hospital.rs");

// The structs are read by their derives only.
#[allow(dead_code)]
#[path = "journey/hospital.rs"]
mod imported;
#[allow(dead_code)]
#[path = "journey/hospital_multi_tenant.rs"]
mod multi_tenant;

/// The hospital's tenant: fixed in the definitions, so every copy of the database (and the
/// proof on a throw-away one) gives the existing rows the same tenant.
const HOSPITAL: Uuid = Uuid::from_u128(0x5a1e_0000_0000_4000_8000_0000_0000_0001);

const WARDS: i64 = 6;
const DOCTORS: i64 = 40;
const PATIENTS: i64 = 3_000;
/// More than one fill batch (`FILL_BATCH` = 5,000).
const ADMISSIONS: i64 = 7_500;

/// `imported::builder()` as `mod.rs` writes it.
fn release() -> Model {
    let mut b = ModelBuilder::new();
    imported::register(&mut b);
    b.build().unwrap_or_else(|p| panic!("{p}"))
}

/// The builder after the edit: tenancy, with the tenant existing rows belong to.
fn head() -> Model {
    let mut b = ModelBuilder::new();
    b.tenancy(Tenancy {
        tenants: QualifiedName::new("core", "tenants"),
        current_tenant: "(NULLIF(current_setting('app.tenant_id', true), '')::uuid)".into(),
        policy_name: "tenant_isolation".into(),
        policy_roles: Vec::new(),
        existing_rows: Some(ExistingTenant {
            id: HOSPITAL,
            values: vec![("name".into(), "St. Mary's Hospital".into())],
        }),
    });
    b.audit_trail("core");
    multi_tenant::register(&mut b);
    b.build().unwrap_or_else(|p| panic!("{p}"))
}

fn server() -> hims_verify::Server {
    let cluster = hims_testdb::cluster().expect("a PostgreSQL server (hims-testdb)");
    hims_verify::Server::new(cluster.admin_conn_str(), move |db| cluster.conn_str_for(db))
}

fn config(db: &TestDb, dir: &Path) -> hims_runner::Config {
    hims_runner::Config::new(db.conn_str(), dir.join("migrations"))
}

fn count(db: &TestDb, sql: &str) -> i64 {
    db.connect()
        .query_one(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

/// Rows of the hospital's data, so that every table has some and every foreign key is used
/// (a few admissions without a doctor).
fn fill(db: &TestDb) {
    db.connect()
        .batch_execute(&format!(
            "INSERT INTO hospital.wards (code, name)
             SELECT 'W' || i, 'Ward ' || i FROM generate_series(1, {WARDS}) AS i;
             INSERT INTO hospital.\"Doctors\" (\"fullName\", \"licenseNo\", ward_code)
             SELECT 'Dr. ' || i, CASE WHEN i % 5 <> 0 THEN 'MCI-' || i END, 'W' || (1 + i % {WARDS})
               FROM generate_series(1, {DOCTORS}) AS i;
             INSERT INTO hospital.patients (mrn, name, born)
             SELECT 'MRN' || lpad(i::text, 6, '0'), 'Patient ' || i,
                    CASE WHEN i % 7 <> 0 THEN date '1950-01-01' + i END
               FROM generate_series(1, {PATIENTS}) AS i;
             INSERT INTO hospital.admissions (patient_id, doctor_id, admitted_at, notes)
             SELECT 1 + i % {PATIENTS}, CASE WHEN i % 9 <> 0 THEN 1 + i % {DOCTORS} END,
                    timestamptz '2025-01-01 08:00+05:30' + i * interval '1 hour',
                    CASE WHEN i % 3 = 0 THEN 'note ' || i END
               FROM generate_series(1, {ADMISSIONS}) AS i;"
        ))
        .unwrap();
}

/// Per table, the digest of every row over the columns the imported database has: what
/// must survive, forward and back.
fn digests_of(db: &TestDb, model: &Model) -> BTreeMap<QualifiedName, Vec<String>> {
    let mut client = db.connect();
    model
        .tables
        .iter()
        .map(|t| {
            let mut cols: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
            cols.sort();
            (
                t.qualified_name(),
                digests(&mut client, &t.qualified_name(), &cols),
            )
        })
        .collect()
}

/// The catalogs of two databases compared as `drift` compares them; with `any_column_order`
/// a table's columns may come in another order (a delta adds columns at the end, where the
/// complete script declares them where the struct has them).
fn assert_same_catalog(a: &TestDb, b: &TestDb, schemas: &[&str], what: &str) {
    same_catalog(a, b, schemas, what, false)
}

fn same_catalog(a: &TestDb, b: &TestDb, schemas: &[&str], what: &str, any_column_order: bool) {
    let mut d = hims_pg::compare(&mut a.connect(), &mut b.connect(), schemas).unwrap();
    if any_column_order {
        d.column_order.clear();
    }
    assert!(d.is_empty(), "{what}: {:#?}", d.grouped());
}

/// The files `gen-migration` wrote (V, U and sidecars after V001), for the snapshot: the
/// SQL a reviewer reads.
fn written_migrations(dir: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("migrations"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| !n.starts_with("V001__") && !n.starts_with('B'))
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| {
            format!(
                "==> {n} <==\n{}",
                std::fs::read_to_string(dir.join("migrations").join(n)).unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn fresh_from(script: &Path) -> TestDb {
    let db = TestDb::new();
    db.psql_file(script)
        .unwrap_or_else(|e| panic!("{}: {e}", script.display()));
    db
}

#[test]
fn a_single_hospital_database_is_imported_made_multi_tenant_and_compliant_and_undone_keeping_every_row()
 {
    // The team's database, with its rows.
    let db = TestDb::new();
    db.psql(SOURCE).unwrap();
    fill(&db);

    // import: the module written is the one this test builds from.
    let introspected = hims_pg::introspect(&mut db.connect(), &["hospital"]).unwrap();
    let mut for_codegen = introspected.clone();
    for s in &mut for_codegen.schemas {
        s.naming_rules = false;
    }
    hims_codegen::infer_dependencies(&mut for_codegen);
    let files = hims_codegen::module_files(&for_codegen, &["hospital".to_string()]).unwrap();
    let written = &files.iter().find(|(n, _)| n == "hospital.rs").unwrap().1;
    assert_eq!(
        written, IMPORTED,
        "import no longer writes tests/journey/hospital.rs (update both definition files)"
    );

    // baseline: V001 reproduces the team's database.
    let (old, new) = (release(), head());
    let dir: PathBuf = std::env::temp_dir().join(format!("hims-journey-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    hims_migrations::write_all(&dir, &hims_migrations::generate(&old)).unwrap();
    let v001 = dir
        .join("migrations")
        .join(hims_migrations::BASELINE_MIGRATION);
    assert_same_catalog(
        &db,
        &fresh_from(&v001),
        &["hospital"],
        "V001 vs the team's database",
    );

    // db-baseline --version 1: the existing database is at V001.
    hims_runner::baseline(&config(&db, &dir), "1", None).unwrap_or_else(|e| panic!("{e}"));
    let before = digests_of(&db, &old);
    for (t, rows) in &before {
        assert!(!rows.is_empty(), "{t} has no rows to keep");
    }

    // gen-migration, proven on a throw-away database before anything is written. The
    // unique keys made per tenant are dropped and added again: allowed, as a reviewer would
    // once read (locking: the keys are rebuilt under ACCESS EXCLUSIVE).
    let server = server();
    let verifier = hims_verify::DbVerifier { server: &server };
    let g = gen_migration(
        &dir,
        &new,
        &GenOptions {
            description: "multi_tenant_compliance",
            allow: &[hims_diff::HazardKind::Locking],
            dry_run: false,
            empty_template: None,
            verifier: Some(&verifier as &dyn hims_migrations::repo::Verifier),
            edit_plan: None,
        },
    )
    .unwrap_or_else(|e| panic!("gen-migration: {e}"))
    .expect("a change");
    assert!(
        g.verified.iter().any(|n| n.starts_with("proven")),
        "{:?}",
        g.verified
    );
    insta::assert_snapshot!("multi_tenant_compliance", written_migrations(&dir));
    let described: Vec<String> = g.plan.steps().map(|s| s.change.describe()).collect();
    let at = |prefix: &str| {
        described
            .iter()
            .position(|d| d.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix:?} not in the plan: {described:#?}"))
    };
    let created = at("create table core.tenants");
    let inserted = at(&format!("insert row (id = {HOSPITAL}) into core.tenants"));
    let added = at("add column hospital.admissions.tenant_id");
    let filled = at("fill NULLs of hospital.admissions.tenant_id with `'5a1e0000");
    let not_null = at("make hospital.admissions.tenant_id NOT NULL");
    assert!(created < inserted && added < filled && inserted < filled && filled < not_null);
    for expected in [
        "add unique admissions_tenant_id_id_key on hospital.admissions",
        "add foreign key admissions_patient_id_fkey on hospital.admissions",
        "enable and force row-level security on hospital.Doctors",
        "create policy tenant_isolation on hospital.wards",
        "add column hospital.patients.created_at",
        "add column hospital.patients.version",
        "validate constraint admissions_patient_id_fkey of hospital.admissions",
        "validate constraint admissions_tenant_id_fkey of hospital.admissions",
        "create table core.audit_log",
        "create trigger audit_row_change on hospital.patients",
        "create trigger set_row_meta on hospital.Doctors",
    ] {
        at(expected);
    }

    // migrate: every row kept, each given the hospital's tenant, compliance columns filled.
    hims_runner::migrate(&config(&db, &dir), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        digests_of(&db, &old),
        before,
        "rows changed by the migration"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM core.tenants WHERE id = '5a1e0000-0000-4000-8000-000000000001' AND name = 'St. Mary''s Hospital'"
        ),
        1
    );
    assert_eq!(count(&db, "SELECT count(*) FROM core.tenants"), 1);
    for (table, rows) in [
        ("hospital.wards", WARDS),
        ("hospital.\"Doctors\"", DOCTORS),
        ("hospital.patients", PATIENTS),
        ("hospital.admissions", ADMISSIONS),
    ] {
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT count(*) FROM {table} WHERE tenant_id = '{HOSPITAL}' \
                     AND created_at <= updated_at AND version = 2 AND deleted_at IS NULL"
                )
            ),
            rows,
            "{table}"
        );
    }
    // The fill is an update like any other: the row-meta trigger stamped it (version 2)
    // and the audit log holds, for every existing row, the tenant it was given.
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM core.audit_log WHERE action = 'UPDATE' AND tenant_id = '{HOSPITAL}' \
                 AND old_row ->> 'tenant_id' IS NULL AND new_row ->> 'tenant_id' = '{HOSPITAL}'"
            )
        ),
        WARDS + DOCTORS + PATIENTS + ADMISSIONS
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM core.audit_log"),
        WARDS + DOCTORS + PATIENTS + ADMISSIONS
    );

    // Tenants are isolated, even from the tables' owner (FORCE): with the hospital's tenant
    // every row shows, with another none, and a row cannot point at another tenant's row.
    let mut c = db.connect();
    c.batch_execute(&format!(
        "CREATE ROLE journey_app_{pid} NOLOGIN;
         GRANT USAGE ON SCHEMA hospital, core TO journey_app_{pid};
         GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA hospital TO journey_app_{pid};",
        pid = std::process::id()
    ))
    .unwrap();
    let visible = |c: &mut postgres::Client, tenant: Uuid| -> i64 {
        let mut tx = c.transaction().unwrap();
        tx.batch_execute(&format!(
            "SET LOCAL ROLE journey_app_{}; SET LOCAL app.tenant_id = '{tenant}'",
            std::process::id()
        ))
        .unwrap();
        let n: i64 = tx
            .query_one("SELECT count(*) FROM hospital.admissions", &[])
            .unwrap()
            .get(0);
        tx.rollback().unwrap();
        n
    };
    assert_eq!(visible(&mut c, HOSPITAL), ADMISSIONS);
    assert_eq!(visible(&mut c, Uuid::from_u128(2)), 0);
    // The application, unchanged, inserts without a tenant: the session's is taken; the
    // row is stamped and audited, and so is its update.
    let mut tx = c.transaction().unwrap();
    tx.batch_execute(&format!(
        "SET LOCAL ROLE journey_app_{}; SET LOCAL app.tenant_id = '{HOSPITAL}';
         SET LOCAL app.user_id = '00000000-0000-0000-0000-0000000000aa';
         INSERT INTO hospital.admissions (patient_id, doctor_id, notes) VALUES (1, 1, 'walk-in');
         UPDATE hospital.admissions SET notes = 'seen' WHERE notes = 'walk-in';",
        std::process::id()
    ))
    .unwrap_or_else(|e| {
        panic!(
            "the application's insert: {}",
            hims_testdb::pg_error_message(&e)
        )
    });
    tx.commit().unwrap();
    let walk_in = "FROM hospital.admissions WHERE notes = 'seen'";
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) {walk_in} AND tenant_id = '{HOSPITAL}' AND version = 2 AND created_by = '00000000-0000-0000-0000-0000000000aa'"
            )
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM core.audit_log WHERE table_name = 'admissions' AND tenant_id = '{HOSPITAL}' \
             AND actor_user_id = '00000000-0000-0000-0000-0000000000aa' \
             AND coalesce(new_row, old_row) ->> 'id' = (SELECT id::text {walk_in})"
            )
        ),
        2,
        "INSERT and UPDATE audited"
    );
    c.batch_execute("DELETE FROM hospital.admissions WHERE notes = 'seen'")
        .unwrap();
    // The log is append-only, even for the superuser.
    for sql in [
        "UPDATE core.audit_log SET actor_user_id = NULL",
        "DELETE FROM core.audit_log",
        "TRUNCATE core.audit_log",
    ] {
        let refused = c.batch_execute(sql).expect_err(sql);
        assert_eq!(hims_tests::sqlstate(&refused), "42501", "{sql}");
    }
    c.batch_execute("INSERT INTO core.tenants (id, name) VALUES ('00000000-0000-0000-0000-000000000002', 'Other')")
        .unwrap();
    let cross = c.batch_execute(
        "INSERT INTO hospital.admissions (tenant_id, patient_id) VALUES ('00000000-0000-0000-0000-000000000002', 1)",
    );
    assert_eq!(
        hims_tests::sqlstate(&cross.unwrap_err()),
        "23503",
        "a row pointing at another tenant's patient"
    );
    c.batch_execute(&format!(
        "DELETE FROM core.tenants WHERE name = 'Other';
         DROP OWNED BY journey_app_{pid}; DROP ROLE journey_app_{pid};",
        pid = std::process::id()
    ))
    .unwrap();

    // Drift-free, and the same catalog as a fresh database built from the head script.
    let d = hims_pg::drift(&mut db.connect(), &new).unwrap();
    assert!(d.is_empty(), "drift after migrate: {:#?}", d.grouped());
    let head_script = dir
        .join("schema")
        .join(hims_migrations::repo::COMPLETE_SCRIPT);
    let fresh = fresh_from(&head_script);
    same_catalog(
        &fresh,
        &db,
        &["core", "hospital"],
        "migrated vs the head script",
        true,
    );
    assert_eq!(
        count(
            &fresh,
            "SELECT count(*) FROM core.tenants WHERE id = '5a1e0000-0000-4000-8000-000000000001'"
        ),
        1,
        "a new deployment has the hospital's tenant too"
    );

    // undo, file by file: the imported database again, every row kept.
    for _ in &g.migrations {
        hims_runner::undo(&config(&db, &dir), &mut |_| {}).unwrap_or_else(|e| panic!("undo: {e}"));
    }
    assert_eq!(digests_of(&db, &old), before, "rows changed by the undo");
    let released = fresh_from(&v001);
    assert_same_catalog(&released, &db, &["hospital"], "undone vs V001");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'core'"
        ),
        0,
        "the undo drops what tenancy added"
    );
    let d = hims_pg::drift(&mut db.connect(), &old).unwrap();
    assert!(d.is_empty(), "drift after undo: {:#?}", d.grouped());
    std::fs::remove_dir_all(&dir).ok();
}

/// An imported `ON DELETE SET NULL` key made tenant-safe would clear `tenant_id` too: the
/// builder refuses it, naming the key and what to write instead.
#[test]
fn a_tenant_safe_key_that_would_clear_the_tenant_is_refused() {
    use hims_dsl::Table;
    #[derive(Table)]
    #[table(schema = "hospital", name = "beds", tenant_scoped)]
    #[allow(dead_code)]
    struct Bed {
        #[column(primary_key)]
        id: i32,
    }
    #[derive(Table)]
    #[table(schema = "hospital", name = "stays", tenant_scoped)]
    #[foreign_key(columns(bed_id), references = Bed, on_delete = "set null", name = "stays_bed_fkey")]
    #[allow(dead_code)]
    struct Stay {
        #[column(primary_key)]
        id: i32,
        bed_id: Option<i32>,
    }
    let mut b = ModelBuilder::new();
    b.imported_schema("hospital", "");
    b.tenancy(Tenancy {
        tenants: QualifiedName::new("core", "tenants"),
        current_tenant: "NULL::uuid".into(),
        policy_name: "tenant_isolation".into(),
        policy_roles: Vec::new(),
        existing_rows: None,
    });
    b.table::<Bed>().table::<Stay>();
    let report = b.build().expect_err("refused").to_string();
    for part in [
        "hospital.stays.stays_bed_fkey",
        "(tenant_id, bed_id) has ON DELETE SET NULL",
        "on_delete = \"restrict\"",
    ] {
        assert!(report.contains(part), "{part:?} not in: {report}");
    }
}

/// Without the tenant existing rows belong to, the plan says that adding `tenant_id` stops
/// on rows, and what to set: a `fails-on-data` hazard `gen-migration` refuses unless allowed.
#[test]
fn without_the_existing_tenant_the_plan_says_it_fails_on_rows() {
    let mut b = ModelBuilder::new();
    b.tenancy(Tenancy {
        tenants: QualifiedName::new("core", "tenants"),
        current_tenant: "NULL::uuid".into(),
        policy_name: "tenant_isolation".into(),
        policy_roles: Vec::new(),
        existing_rows: None,
    });
    multi_tenant::register(&mut b);
    let new = b.build().unwrap_or_else(|p| panic!("{p}"));
    let hazards: Vec<hims_diff::Hazard> = hims_diff::diff(&release(), &new)
        .iter()
        .flat_map(|c| c.hazards())
        .filter(|h| h.kind == hims_diff::HazardKind::FailsOnData)
        .collect();
    assert_eq!(hazards.len(), 4, "one per table: {hazards:#?}");
    assert!(
        hazards[0]
            .reason
            .contains("tenant existing rows belong to (`Tenancy::existing_rows`)"),
        "{}",
        hazards[0]
    );
}
