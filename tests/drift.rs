//! Drift between a live database and the definitions, on a real server.

use hims_tests::{apply_migration, hims_db, hims_model};

#[test]
fn hand_made_changes_are_reported_by_object_and_the_delta_repairs_them() {
    let db = hims_db();
    let model = hims_model();
    let mut c = db.connect();
    let clean = hims_pg::drift(&mut c, &model).unwrap();
    assert!(
        clean.is_empty(),
        "a database built from the complete script has no drift: {:?}",
        clean.grouped()
    );

    c.batch_execute(
        "ALTER TABLE core.patients ADD COLUMN hand_made text;
         CREATE INDEX hand_idx ON billing.invoices (irn);
         ALTER TABLE laboratory.tests ALTER COLUMN name DROP NOT NULL;
         DROP POLICY tenant_isolation ON clinical.beds;",
    )
    .unwrap();
    let drift = hims_pg::drift(&mut c, &model).unwrap();
    let grouped = drift.grouped();
    let show = format!("{grouped:#?}");
    assert_eq!(
        grouped["table core.patients"],
        ["drop column core.patients.hand_made"],
        "{show}"
    );
    assert_eq!(
        grouped["table billing.invoices"],
        ["drop index hand_idx of billing.invoices"],
        "{show}"
    );
    assert_eq!(
        grouped["table laboratory.tests"],
        ["make laboratory.tests.name NOT NULL"],
        "{show}"
    );
    assert_eq!(
        grouped["table clinical.beds"],
        ["create policy tenant_isolation on clinical.beds"],
        "{show}"
    );
    assert_eq!(grouped.len(), 4, "{show}");

    // The delta `drift --sql` prints brings the database back to the definitions.
    let plan = hims_migrations::delta::plan(&drift.live, &drift.expected);
    let dir = std::env::temp_dir().join(format!("hims-drift-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, f) in plan.files.iter().enumerate() {
        let header = hims_migrations::delta::FileHeader {
            file_name: "drift",
            command: "test",
            from_snapshot: "live",
        };
        let path = dir.join(format!("V{:03}__drift.sql", i + 1));
        std::fs::write(&path, hims_migrations::delta::render_forward(f, &header)).unwrap();
        if f.non_transactional() {
            std::fs::write(
                dir.join(format!("V{:03}__drift.sql.conf", i + 1)),
                "executeInTransaction=false\n",
            )
            .unwrap();
        }
        apply_migration(&db, &path).unwrap();
    }
    std::fs::remove_dir_all(&dir).ok();
    let after = hims_pg::drift(&mut c, &model).unwrap();
    assert!(after.is_empty(), "after the repair: {:?}", after.grouped());
}

#[test]
fn a_column_added_by_hand_is_drift_and_a_migrated_database_has_none() {
    // An empty database migrated by our runner (newest baseline migration + later V files).
    let db = hims_testdb::TestDb::new();
    let dir = hims_tests::generated_dir().join("migrations");
    let config = hims_runner::Config::new(db.conn_str(), &dir);
    {
        // Roles are cluster-wide: one script creating them at a time in this process.
        let _roles = hims_tests::cluster_lock();
        hims_runner::migrate(&config, &mut |_| {}).unwrap_or_else(|e| panic!("migrate: {e}"));
    }
    let model = hims_model();
    let mut c = db.connect();
    assert!(
        hims_pg::applied_version(&mut c).is_some(),
        "the history records a version"
    );
    let after_migrate = hims_pg::drift(&mut c, &model).unwrap();
    assert!(
        after_migrate.is_empty(),
        "after migrate: {:?}",
        after_migrate.grouped()
    );
    c.batch_execute("ALTER TABLE billing.payers ADD COLUMN hand_added integer")
        .unwrap();
    let drift = hims_pg::drift(&mut c, &model).unwrap();
    assert_eq!(
        drift
            .grouped()
            .get("table billing.payers")
            .cloned()
            .unwrap_or_default(),
        ["drop column billing.payers.hand_added"]
    );
}
