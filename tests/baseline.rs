//! The generated baseline against a real PostgreSQL server.

use hims_model::{Column, ColumnType, Model};
use hims_testdb::TestDb;
use hims_tests::{
    assert_same_model, copy_dir, generated_dir, head_script_path, hims_model, introspect,
};

#[test]
fn the_complete_script_applies_and_the_catalog_matches_the_model() {
    let model = hims_model();
    let db = TestDb::new();
    {
        // Roles are cluster-wide: the other test of this file applies the script too.
        let _roles = hims_tests::cluster_lock();
        db.psql_file(&head_script_path())
            .unwrap_or_else(|e| panic!("the complete script failed to apply: {e}"));
    }
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
fn the_complete_script_applied_twice_succeeds_and_changes_nothing() {
    let model = hims_model();
    let db = TestDb::new();
    let _roles = hims_tests::cluster_lock();
    db.psql_file(&head_script_path()).expect("first run");
    let once = introspect(&db, &model);
    let before = catalog_fingerprint(&db);
    db.psql_file(&head_script_path()).expect("second run");
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
fn complete_script_snapshot() {
    let model = hims_model();
    let sql = hims_render::baseline(
        &model,
        &hims_render::BaselineHeader {
            file_name: hims_migrations::repo::COMPLETE_SCRIPT.into(),
            regenerate: hims_migrations::REGENERATE.into(),
        },
    );
    insta::assert_snapshot!("complete_script", sql);
}

#[test]
fn generated_directory_matches_the_definitions_and_the_lock() {
    let problems = hims_migrations::repo::check_all(&generated_dir(), &hims_model()).unwrap();
    assert!(
        problems.is_empty(),
        "generated/ is not in step with schema-defs:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_fails_after_a_definition_changes_without_regenerating() {
    let mut changed: Model = hims_model();
    let patients = changed
        .tables
        .iter_mut()
        .find(|t| t.schema == "core" && t.name == "patients")
        .expect("core.patients");
    patients
        .columns
        .push(Column::new("nickname", ColumnType::Varchar(Some(50)), true));
    let problems = hims_migrations::repo::check_all(&generated_dir(), &changed).unwrap();
    let all = problems.join("\n");
    assert!(all.contains("docs/schema.md is stale"), "{all}");
    assert!(
        all.contains("schema/complete_hims_schema.sql is stale"),
        "{all}"
    );
    assert!(all.contains("\"nickname\" character varying(50)"), "{all}");
    let released = generated_dir().join("migrations.lock").exists();
    if released {
        assert!(
            all.contains("cargo xtask gen-migration <description>"),
            "{all}"
        );
    } else {
        assert!(
            all.contains("migrations/V001__complete_hims_schema.sql is stale"),
            "{all}"
        );
    }
}

#[test]
fn a_released_migration_edited_by_hand_is_named_by_the_check() {
    // Release the current state in a copy of generated/ (a hand-written migration freezes
    // V001), then edit V001 there.
    let dir = tempfile_dir();
    copy_dir(&generated_dir(), &dir);
    let model = hims_model();
    let template =
        std::fs::read_to_string(generated_dir().join("../templates/migration.sql.tmpl")).unwrap();
    let opts = hims_migrations::repo::GenOptions {
        description: "hand_written_backfill",
        allow: &[],
        dry_run: false,
        empty_template: Some(&template),
        verifier: None,
        edit_plan: None,
    };
    hims_migrations::repo::gen_migration(&dir, &model, &opts)
        .unwrap()
        .expect("a hand-written migration is always written");
    assert!(
        hims_migrations::repo::check_all(&dir, &model)
            .unwrap()
            .is_empty()
    );
    let v001 = dir
        .join("migrations")
        .join(hims_migrations::BASELINE_MIGRATION);
    let text =
        std::fs::read_to_string(&v001)
            .unwrap()
            .replacen("CREATE SCHEMA", "CREATE  SCHEMA", 1);
    std::fs::write(&v001, text).unwrap();
    let problems = hims_migrations::repo::check_all(&dir, &model).unwrap();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains(hims_migrations::BASELINE_MIGRATION),
        "{}",
        problems[0]
    );
    assert!(problems[0].contains("immutable"), "{}", problems[0]);
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
