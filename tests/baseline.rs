//! The generated baseline against a real PostgreSQL server.

use hims_model::{Column, ColumnType, Model};
use hims_testdb::TestDb;
use hims_tests::{assert_same_model, generated_dir, hims_model, introspect, v001_path};

#[test]
fn v001_applies_and_the_catalog_matches_the_model() {
    let model = hims_model();
    let db = TestDb::new();
    db.psql_file(&v001_path())
        .unwrap_or_else(|e| panic!("V001 failed to apply: {e}"));
    let live = introspect(&db, &model);
    let expected = hims_pg::normalize(&mut db.connect(), &model).expect("normalize");
    assert_same_model(&expected, &live, "catalog after V001 vs schema-defs");
    // Not vacuous: the comparison covered real objects.
    assert!(live.tables.len() >= 20, "{} tables", live.tables.len());
    assert!(
        live.tables
            .iter()
            .any(|t| !t.checks.is_empty() && !t.foreign_keys.is_empty())
    );
    let gender = live.enum_type("core", "gender").expect("core.gender");
    assert_eq!(gender.values, ["male", "female", "other", "unknown"]);
}

#[test]
fn v001_applied_twice_succeeds_and_changes_nothing() {
    let model = hims_model();
    let db = TestDb::new();
    db.psql_file(&v001_path()).expect("first run");
    let once = introspect(&db, &model);
    let before = catalog_fingerprint(&db);
    db.psql_file(&v001_path()).expect("second run");
    let twice = introspect(&db, &model);
    assert_same_model(&once, &twice, "catalog after V001 twice vs once");
    assert_eq!(
        before,
        catalog_fingerprint(&db),
        "objects were created or dropped by the second run"
    );
}

/// Every relation, type, constraint, policy and trigger in the HIMS schemas, with its oid:
/// a re-created object gets a new oid, so "changes nothing" means this stays identical.
fn catalog_fingerprint(db: &TestDb) -> Vec<String> {
    let mut c = db.connect();
    let rows = c
        .query(
            "SELECT 'class ' || c.oid || ' ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('core','clinical','billing','abdm','laboratory')
             UNION ALL SELECT 'type ' || t.oid || ' ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname IN ('core','clinical','billing','abdm','laboratory')
             UNION ALL SELECT 'constraint ' || oid || ' ' || conname FROM pg_constraint WHERE connamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('core','clinical','billing','abdm','laboratory'))
             UNION ALL SELECT 'policy ' || oid || ' ' || polname FROM pg_policy
             UNION ALL SELECT 'trigger ' || oid || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
             ORDER BY 1",
            &[],
        )
        .expect("fingerprint query");
    rows.iter().map(|r| r.get(0)).collect()
}

#[test]
fn v001_snapshot() {
    let model = hims_model();
    let sql = hims_render::baseline(
        &model,
        &hims_render::BaselineHeader {
            file_name: hims_migrations::BASELINE_MIGRATION.into(),
            regenerate: hims_migrations::REGENERATE.into(),
        },
    );
    insta::assert_snapshot!("v001", sql);
}

#[test]
fn generated_directory_matches_the_definitions() {
    let drift = hims_migrations::check(&generated_dir(), &hims_migrations::generate(&hims_model()));
    assert!(
        drift.is_empty(),
        "generated/ is stale; run `cargo xtask baseline` and commit:\n{}",
        drift
            .iter()
            .map(|d| format!("  - {d}\n"))
            .collect::<String>()
    );
}

#[test]
fn the_drift_check_fails_after_a_definition_changes_without_regenerating() {
    let mut changed: Model = hims_model();
    let patients = changed
        .tables
        .iter_mut()
        .find(|t| t.schema == "core" && t.name == "patients")
        .expect("core.patients");
    patients
        .columns
        .push(Column::new("nickname", ColumnType::Varchar(Some(50)), true));
    let drift = hims_migrations::check(&generated_dir(), &hims_migrations::generate(&changed));
    let report: Vec<String> = drift.iter().map(ToString::to_string).collect();
    // The reference document, the migration and its snapshot all go stale.
    assert_eq!(drift.len(), 3, "{report:#?}");
    let expect = [
        "docs/schema.md is stale",
        "migrations/V001__complete_hims_schema.sql is stale",
        "snapshots/V001__complete_hims_schema.json is stale",
    ];
    for (r, e) in report.iter().zip(expect) {
        assert!(r.contains(e), "expected `{e}` in {r}");
    }
    assert!(
        report[1].contains("\"nickname\" character varying(50)"),
        "{}",
        report[1]
    );
}

#[test]
fn xtask_check_names_the_stale_file_and_what_to_run() {
    // The real command against a copy of generated/ with one line edited.
    let dir = tempfile_dir();
    copy_dir(&generated_dir(), &dir);
    let v001 = dir
        .join("migrations")
        .join(hims_migrations::BASELINE_MIGRATION);
    let text =
        std::fs::read_to_string(&v001)
            .unwrap()
            .replacen("CREATE SCHEMA", "CREATE  SCHEMA", 1);
    std::fs::write(&v001, text).unwrap();
    let drift = hims_migrations::check(&dir, &hims_migrations::generate(&hims_model()));
    assert_eq!(drift.len(), 1);
    assert!(
        matches!(&drift[0], hims_migrations::Drift::Differs { path, .. } if path.ends_with(hims_migrations::BASELINE_MIGRATION))
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "hims-generated-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
