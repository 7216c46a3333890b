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
        [
            "check that laboratory.tests.name holds no NULL",
            "make laboratory.tests.name NOT NULL"
        ],
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

// ---- PostgreSQL 17 and 18 (run there by .ci/run with HIMS_PG_BIN) ----

fn server_version(c: &mut postgres::Client) -> i32 {
    c.query_one("SELECT current_setting('server_version_num')::int", &[])
        .unwrap()
        .get(0)
}

fn col(name: &str, ty: &str, nullable: bool) -> hims_model::Column {
    hims_model::Column::new(name, hims_model::ColumnType::parse(ty).unwrap(), nullable)
}

/// `app.t (id integer NOT NULL PRIMARY KEY, <columns>)` alone in schema `app`.
fn small_model(columns: Vec<hims_model::Column>) -> hims_model::Model {
    let mut t = hims_model::Table::new("app", "t");
    t.columns.push(col("id", "integer", false));
    t.columns.extend(columns);
    t.primary_key = Some(hims_model::PrimaryKey {
        name: "t_pkey".into(),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    let mut m = hims_model::Model {
        schemas: vec![hims_model::Schema {
            name: "app".into(),
            comment: None,
            naming_rules: true,
            origin: Default::default(),
        }],
        tables: vec![t],
        ..Default::default()
    };
    m.canonicalize();
    m.validate().unwrap();
    m
}

fn baseline_sql(model: &hims_model::Model) -> String {
    hims_render::baseline(
        model,
        &hims_render::BaselineHeader {
            file_name: "V001__test.sql".into(),
            regenerate: "test".into(),
        },
    )
}

/// Drift's changes, described.
fn described(d: &hims_pg::Drift) -> Vec<String> {
    d.changes.iter().map(|c| c.describe()).collect()
}

#[test]
fn named_not_null_constraints_introspect_and_drift_clean() {
    let db = hims_testdb::TestDb::new();
    let mut c = db.connect();
    let version = server_version(&mut c);
    let model = small_model(vec![
        col("a", "integer", false),
        col("b", "text", false),
        col("c", "integer", true),
    ]);
    // Named NOT NULL constraints (PostgreSQL 15–17 accept the syntax and drop the name;
    // 18 keeps them in pg_constraint), and one under PostgreSQL's own name.
    c.batch_execute(
        "CREATE SCHEMA app;
         CREATE TABLE app.t (
             id integer CONSTRAINT t_id_custom NOT NULL,
             a integer CONSTRAINT a_must_be_set NOT NULL,
             b text NOT NULL,
             c integer,
             CONSTRAINT t_pkey PRIMARY KEY (id));",
    )
    .unwrap();
    if version >= 180000 {
        let names: Vec<String> = c
            .query(
                "SELECT conname::text FROM pg_constraint
                  WHERE conrelid = 'app.t'::regclass AND contype = 'n' ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(names, ["a_must_be_set", "t_b_not_null", "t_id_custom"]);
    }
    let live = hims_pg::introspect(&mut c, &["app"]).unwrap();
    let t = live
        .table(&hims_model::QualifiedName::new("app", "t"))
        .unwrap();
    let nullable: Vec<(&str, bool)> = t
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.nullable))
        .collect();
    assert_eq!(
        nullable,
        [("id", false), ("a", false), ("b", false), ("c", true)]
    );
    assert!(
        t.checks.is_empty(),
        "NOT NULL constraints are not checks: {:?}",
        t.checks
    );
    let d = hims_pg::drift(&mut c, &model).unwrap();
    assert!(d.is_empty(), "named NOT NULL drifts: {:?}", d.grouped());
    // The import reports the names it cannot keep (on 18; before, the server has none).
    let found = hims_pg::unsupported::unsupported_objects(&mut c, &["app"]).unwrap();
    let names: Vec<&String> = found.iter().filter(|u| u.contains("NOT NULL")).collect();
    if version >= 180000 {
        assert_eq!(names.len(), 2, "{found:#?}");
        assert!(
            names[0].starts_with("constraint app.t.a_must_be_set: NOT NULL a: its name")
                && names[1].starts_with("constraint app.t.t_id_custom: NOT NULL id: its name"),
            "{found:#?}"
        );
    } else {
        assert!(names.is_empty(), "{found:#?}");
    }

    // A database migrated from the definitions drifts clean too.
    let fresh = hims_testdb::TestDb::new();
    let mut f = fresh.connect();
    f.batch_execute(&baseline_sql(&model)).unwrap();
    let d = hims_pg::drift(&mut f, &model).unwrap();
    assert!(d.is_empty(), "after the baseline: {:?}", d.grouped());
}

#[test]
fn a_not_valid_not_null_is_read_as_nullable_and_drift_validates_it() {
    // Named by hand, and by PostgreSQL (`t_c_not_null`, the name the SET NOT NULL repair
    // gives its temporary check too).
    for (add, name) in [
        (
            "ALTER TABLE app.t ADD CONSTRAINT c_nn NOT NULL c NOT VALID",
            "c_nn",
        ),
        ("ALTER TABLE app.t ADD NOT NULL c NOT VALID", "t_c_not_null"),
    ] {
        let db = hims_testdb::TestDb::new();
        let mut c = db.connect();
        let version = server_version(&mut c);
        let model = small_model(vec![col("c", "integer", false)]);
        c.batch_execute(
            "CREATE SCHEMA app;
             CREATE TABLE app.t (id integer PRIMARY KEY, c integer);
             INSERT INTO app.t VALUES (1, NULL);",
        )
        .unwrap();
        let not_valid = c.batch_execute(add);
        if version < 180000 {
            // Only 18 has NOT NULL constraints of their own.
            assert!(
                not_valid.is_err(),
                "PostgreSQL {version} took NOT VALID NOT NULL"
            );
            return;
        }
        not_valid.unwrap();
        let attnotnull: bool = c
            .query_one(
                "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'app.t'::regclass AND attname = 'c'",
                &[],
            )
            .unwrap()
            .get(0);
        assert!(
            attnotnull,
            "PostgreSQL 18 sets attnotnull for a NOT VALID NOT NULL"
        );
        let live = hims_pg::introspect(&mut c, &["app"]).unwrap();
        let t = live
            .table(&hims_model::QualifiedName::new("app", "t"))
            .unwrap();
        assert!(
            t.column("c").unwrap().nullable,
            "{name}: a NOT VALID NOT NULL does not make the column NOT NULL"
        );
        let d = hims_pg::drift(&mut c, &model).unwrap();
        assert_eq!(
            described(&d),
            ["check that app.t.c holds no NULL", "make app.t.c NOT NULL"],
            "{name}"
        );
        let found = hims_pg::unsupported::unsupported_objects(&mut c, &["app"]).unwrap();
        assert!(
            found.iter().any(
                |u| u.starts_with(&format!("constraint app.t.{name}: NOT NULL c is NOT VALID"))
            ),
            "{found:#?}"
        );
        // The repair drift prints validates it once the NULLs are gone.
        c.batch_execute("UPDATE app.t SET c = 0").unwrap();
        for change in &d.changes {
            for s in hims_render::render_change(change, &d.live, &d.expected).sql {
                c.batch_execute(&s)
                    .unwrap_or_else(|e| panic!("{name}: {s}: {e:?}"));
            }
        }
        let (count, validated): (i64, bool) = {
            let r = c
                .query_one(
                    "SELECT count(*), bool_and(convalidated) FROM pg_constraint
                      WHERE conrelid = 'app.t'::regclass AND contype IN ('n', 'c')
                        AND conkey = ARRAY[(SELECT attnum FROM pg_attribute
                                             WHERE attrelid = 'app.t'::regclass AND attname = 'c')]",
                    &[],
                )
                .unwrap();
            (r.get(0), r.get(1))
        };
        assert_eq!(
            (count, validated),
            (1, true),
            "{name}: one valid NOT NULL, no check left"
        );
        let d = hims_pg::drift(&mut c, &model).unwrap();
        assert!(d.is_empty(), "{name}: after the repair: {:?}", d.grouped());
    }
}

#[test]
fn virtual_generated_columns_are_read_as_virtual() {
    let mut virt = col("doubled", "integer", true);
    virt.generated = Some("(a * 2)".into());
    virt.virtual_generated = true;
    let mut stored = col("tripled", "integer", true);
    stored.generated = Some("(a * 3)".into());
    let model = small_model(vec![col("a", "integer", true), virt, stored]);
    let script = baseline_sql(&model);
    assert!(
        script.contains("GENERATED ALWAYS AS ((a * 2)) VIRTUAL")
            && script.contains("GENERATED ALWAYS AS ((a * 3)) STORED"),
        "{script}"
    );
    let db = hims_testdb::TestDb::new();
    let mut c = db.connect();
    let version = server_version(&mut c);
    let applied = c.batch_execute(&script);
    if version < 180000 {
        let e = applied.expect_err("virtual generated columns need PostgreSQL 18");
        let message = e.as_db_error().map(|d| d.message().to_string());
        assert!(
            message.as_deref().is_some_and(|m| m.contains("VIRTUAL")),
            "{e:?}"
        );
        return;
    }
    applied.unwrap();
    // PostgreSQL 18's default for a bare GENERATED ALWAYS AS is virtual too.
    c.batch_execute(
        "ALTER TABLE app.t ADD COLUMN plain_default integer GENERATED ALWAYS AS (a + 1)",
    )
    .unwrap();
    let live = hims_pg::introspect(&mut c, &["app"]).unwrap();
    let t = live
        .table(&hims_model::QualifiedName::new("app", "t"))
        .unwrap();
    let generated: Vec<(&str, Option<&str>, bool)> = t
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.generated.as_deref(), c.virtual_generated))
        .collect();
    assert_eq!(
        generated,
        [
            ("id", None, false),
            ("a", None, false),
            ("doubled", Some("(a * 2)"), true),
            ("tripled", Some("(a * 3)"), false),
            ("plain_default", Some("(a + 1)"), true),
        ]
    );
    assert!(t.columns.iter().all(|c| c.default.is_none()));
    c.batch_execute("ALTER TABLE app.t DROP COLUMN plain_default")
        .unwrap();
    let d = hims_pg::drift(&mut c, &model).unwrap();
    assert!(d.is_empty(), "{:?}", d.grouped());

    // Stored where the definitions say virtual (and back) is drift, and the repair works.
    let mut as_stored = model.clone();
    as_stored.tables[0]
        .columns
        .iter_mut()
        .find(|c| c.name == "doubled")
        .unwrap()
        .virtual_generated = false;
    let d = hims_pg::drift(&mut c, &as_stored).unwrap();
    assert_eq!(
        described(&d),
        ["recompute generated column app.t.doubled (dropped and added again)"]
    );
    c.batch_execute("INSERT INTO app.t (id, a) VALUES (1, 5)")
        .unwrap();
    for change in &d.changes {
        for s in hims_render::render_change(change, &d.live, &d.expected).sql {
            c.batch_execute(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
        }
    }
    let r = c
        .query_one(
            "SELECT (SELECT attgenerated::text FROM pg_attribute
                      WHERE attrelid = 'app.t'::regclass AND attname = 'doubled'), doubled FROM app.t",
            &[],
        )
        .unwrap();
    let (kind, value): (String, i32) = (r.get(0), r.get(1));
    assert_eq!((kind.as_str(), value), ("s", 10));
    let d = hims_pg::drift(&mut c, &as_stored).unwrap();
    assert!(d.is_empty(), "{:?}", d.grouped());

    // Back to virtual (no rewrite), then virtual → plain: PostgreSQL 18 refuses DROP
    // EXPRESSION on a virtual column, so it is dropped and added again, empty, and the
    // plan says so (data-loss).
    let d = hims_pg::drift(&mut c, &model).unwrap();
    let hazards: Vec<hims_diff::HazardKind> = d
        .changes
        .iter()
        .flat_map(|c| c.hazards())
        .map(|h| h.kind)
        .collect();
    assert!(
        !hazards.contains(&hims_diff::HazardKind::Rewrite),
        "stored → virtual rewrites nothing: {hazards:?}"
    );
    for change in &d.changes {
        for s in hims_render::render_change(change, &d.live, &d.expected).sql {
            c.batch_execute(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
        }
    }
    assert!(hims_pg::drift(&mut c, &model).unwrap().is_empty());
    let mut plain = model.clone();
    let p = plain.tables[0]
        .columns
        .iter_mut()
        .find(|c| c.name == "doubled")
        .unwrap();
    p.generated = None;
    p.virtual_generated = false;
    let d = hims_pg::drift(&mut c, &plain).unwrap();
    assert_eq!(
        described(&d),
        [
            "make virtual generated column app.t.doubled a plain column (dropped and added again, empty)"
        ]
    );
    let hazards: Vec<hims_diff::HazardKind> = d
        .changes
        .iter()
        .flat_map(|c| c.hazards())
        .map(|h| h.kind)
        .collect();
    assert!(
        hazards.contains(&hims_diff::HazardKind::DataLoss),
        "{hazards:?}"
    );
    for change in &d.changes {
        for s in hims_render::render_change(change, &d.live, &d.expected).sql {
            c.batch_execute(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
        }
    }
    let r = c
        .query_one(
            "SELECT (SELECT attgenerated::text FROM pg_attribute
                      WHERE attrelid = 'app.t'::regclass AND attname = 'doubled'), doubled FROM app.t",
            &[],
        )
        .unwrap();
    let (kind, value): (String, Option<i32>) = (r.get(0), r.get(1));
    assert_eq!((kind.as_str(), value), ("", None));
    let d = hims_pg::drift(&mut c, &plain).unwrap();
    assert!(d.is_empty(), "{:?}", d.grouped());
}

/// Domains (issue #10): a database built from definitions with domains drifts clean (the
/// server spells their defaults and checks as the catalog does); a check, a default and
/// NOT NULL changed by hand are each reported under the domain, and the delta of the drift
/// repairs them.
#[test]
fn domains_changed_by_hand_are_drift_of_the_domain() {
    let mut m = small_model(vec![col("qty", "integer", true)]);
    m.tables[0].columns[1].ty = hims_model::ColumnType::parse("app.positive").unwrap();
    let mut positive = hims_model::Domain::new("app", "positive", hims_model::ColumnType::Integer);
    positive.default = Some("1".into());
    positive.checks.push(hims_model::Check {
        name: "positive_check".into(),
        expr: "VALUE > 0".into(),
    });
    let mut code = hims_model::Domain::new("app", "code", hims_model::ColumnType::Text);
    code.collation = Some("C".into());
    m.domains = vec![positive, code];
    m.canonicalize();
    m.validate().unwrap();
    let db = hims_testdb::TestDb::new();
    db.psql(&baseline_sql(&m)).unwrap();
    let mut c = db.connect();
    let clean = hims_pg::drift(&mut c, &m).unwrap();
    assert!(clean.is_empty(), "{:?}", clean.grouped());

    c.batch_execute(
        "ALTER DOMAIN app.positive DROP CONSTRAINT positive_check;
         ALTER DOMAIN app.positive ADD CONSTRAINT positive_check CHECK (VALUE >= 0);
         ALTER DOMAIN app.positive SET DEFAULT 2;
         ALTER DOMAIN app.code SET NOT NULL;",
    )
    .unwrap();
    let drift = hims_pg::drift(&mut c, &m).unwrap();
    let grouped = drift.grouped();
    assert_eq!(
        grouped["domain app.positive"],
        [
            "set default of domain app.positive",
            "drop check positive_check of domain app.positive",
            "add check positive_check on domain app.positive",
            "validate check positive_check of domain app.positive",
        ],
        "{grouped:#?}"
    );
    assert_eq!(
        grouped["domain app.code"],
        ["make domain app.code nullable"],
        "{grouped:#?}"
    );
    assert_eq!(grouped.len(), 2, "{grouped:#?}");

    let plan = hims_migrations::delta::plan(&drift.live, &drift.expected);
    for f in &plan.files {
        let header = hims_migrations::delta::FileHeader {
            file_name: "drift",
            command: "test",
            from_snapshot: "live",
        };
        db.psql(&hims_migrations::delta::render_forward(f, &header))
            .unwrap();
    }
    let after = hims_pg::drift(&mut c, &m).unwrap();
    assert!(after.is_empty(), "after the repair: {:?}", after.grouped());
}

/// Column collations (issue #10): a database built with them drifts clean; a collation
/// changed by hand (to another, and to the type's own) is drift of the table, and the delta
/// of the drift repairs it.
#[test]
fn a_column_collation_changed_by_hand_is_drift_of_the_table() {
    let mut word = col("word", "text", true);
    word.collation = Some("C".into());
    let mut tags = col("tags", "text[]", true);
    tags.collation = Some("POSIX".into());
    // Collations that are the type's own: `default`, and a domain's.
    let mut stated = col("stated", "text", true);
    stated.collation = Some("default".into());
    let mut code = col("code", "app.code", true);
    code.collation = Some("C".into());
    let mut m = small_model(vec![word, tags, col("plain", "text", true), stated]);
    let mut domain = hims_model::Domain::new("app", "code", hims_model::ColumnType::Text);
    domain.collation = Some("C".into());
    m.domains.push(domain);
    m.tables[0].columns.push(code);
    m.canonicalize();
    m.validate().unwrap();
    let db = hims_testdb::TestDb::new();
    db.psql(&baseline_sql(&m)).unwrap();
    let mut c = db.connect();
    let clean = hims_pg::drift(&mut c, &m).unwrap();
    assert!(clean.is_empty(), "{:?}", clean.grouped());

    c.batch_execute(
        r#"ALTER TABLE app.t ALTER COLUMN word TYPE text COLLATE "POSIX";
           ALTER TABLE app.t ALTER COLUMN tags TYPE text[];
           ALTER TABLE app.t ALTER COLUMN plain TYPE text COLLATE "C";"#,
    )
    .unwrap();
    let drift = hims_pg::drift(&mut c, &m).unwrap();
    let grouped = drift.grouped();
    let mut found = grouped["table app.t"].clone();
    found.sort();
    assert_eq!(
        found,
        [
            "change collation of app.t.plain from \"C\" to the type's own",
            "change collation of app.t.tags from the type's own to \"POSIX\"",
            "change collation of app.t.word from \"POSIX\" to \"C\"",
        ],
        "{grouped:#?}"
    );
    assert_eq!(grouped.len(), 1, "{grouped:#?}");

    let plan = hims_migrations::delta::plan(&drift.live, &drift.expected);
    for f in &plan.files {
        let header = hims_migrations::delta::FileHeader {
            file_name: "drift",
            command: "test",
            from_snapshot: "live",
        };
        db.psql(&hims_migrations::delta::render_forward(f, &header))
            .unwrap();
    }
    let after = hims_pg::drift(&mut c, &m).unwrap();
    assert!(after.is_empty(), "after the repair: {:?}", after.grouped());
}

/// The definitions' expressions are spelled by the server through probes created in one
/// script; one the server refuses is reported naming its table and object, and a model
/// with several kinds (defaults, generated, checks, partial and expression indexes,
/// policies, views) compares clean with the database built from it.
#[test]
fn normalize_names_the_expression_the_server_refuses() {
    let db = hims_testdb::TestDb::new();
    let mut model = small_model(vec![col("n", "integer", true), col("label", "text", true)]);
    let t = &mut model.tables[0];
    t.checks.push(hims_model::Check {
        name: "t_n_check".into(),
        expr: "n >= 0".into(),
    });
    let label = t.columns.iter_mut().find(|c| c.name == "label").unwrap();
    label.default = Some(hims_model::DefaultValue::Sql("'x'".into()));
    model.canonicalize();
    let mut c = db.connect();
    c.batch_execute(&baseline_sql(&model)).unwrap();
    let clean = hims_pg::drift(&mut c, &model).unwrap();
    assert!(clean.is_empty(), "{:?}", clean.grouped());

    let mut broken = model.clone();
    broken.tables[0].checks.push(hims_model::Check {
        name: "t_missing_check".into(),
        expr: "missing > 0".into(),
    });
    let err = hims_pg::drift(&mut c, &broken).unwrap_err().to_string();
    assert!(
        err.contains("normalize app.t: check t_missing_check") && err.contains("missing"),
        "{err}"
    );
}

/// Composite types (issue #10): a database built with them drifts clean; attributes added,
/// dropped and a comment changed by hand are drift of the type, which the delta of the
/// drift repairs; two databases whose type has the same attributes in another order are
/// told apart by `compare` (drift ignores the order, which a delta cannot change).
#[test]
fn composite_types_changed_by_hand_are_drift_of_the_type() {
    use hims_model::{CompositeAttribute, CompositeType};
    let mut m = small_model(vec![col("id2", "integer", true)]);
    m.tables[0].columns[1] = col("dest", "app.address", true);
    m.tables[0]
        .columns
        .push(col("stops", "app.address[]", true));
    let mut address = CompositeType::new(
        "app",
        "address",
        vec![
            CompositeAttribute::new("street", hims_model::ColumnType::Text),
            CompositeAttribute {
                collation: Some("C".into()),
                ..CompositeAttribute::new("city", hims_model::ColumnType::Text)
            },
        ],
    );
    address.comment = Some("Where it goes.".into());
    m.composites = vec![address];
    m.canonicalize();
    m.validate().unwrap();
    let db = hims_testdb::TestDb::new();
    db.psql(&baseline_sql(&m)).unwrap();
    let mut c = db.connect();
    let clean = hims_pg::drift(&mut c, &m).unwrap();
    assert!(clean.is_empty(), "{:?}", clean.grouped());

    c.batch_execute(
        "ALTER TYPE app.address ADD ATTRIBUTE zip varchar(10);
         ALTER TYPE app.address DROP ATTRIBUTE city;
         COMMENT ON TYPE app.address IS 'Changed by hand.';",
    )
    .unwrap();
    let drift = hims_pg::drift(&mut c, &m).unwrap();
    let grouped = drift.grouped();
    assert_eq!(
        grouped["composite type app.address"],
        [
            "drop attribute zip of composite type app.address",
            "add attribute city text to composite type app.address",
        ],
        "{grouped:#?}"
    );
    assert_eq!(
        grouped["comment on type app.address"],
        ["comment on type app.address"],
        "{grouped:#?}"
    );
    assert_eq!(grouped.len(), 2, "{grouped:#?}");

    let plan = hims_migrations::delta::plan(&drift.live, &drift.expected);
    for f in &plan.files {
        let header = hims_migrations::delta::FileHeader {
            file_name: "drift",
            command: "test",
            from_snapshot: "live",
        };
        db.psql(&hims_migrations::delta::render_forward(f, &header))
            .unwrap();
    }
    let after = hims_pg::drift(&mut c, &m).unwrap();
    assert!(after.is_empty(), "after the repair: {:?}", after.grouped());

    // The same attributes in another order: compare names the type, drift does not.
    let mut reordered = m.clone();
    reordered.composites[0].attributes.reverse();
    let other = hims_testdb::TestDb::new();
    other.psql(&baseline_sql(&reordered)).unwrap();
    let base = hims_testdb::TestDb::new();
    base.psql(&baseline_sql(&m)).unwrap();
    let d = hims_pg::compare(&mut base.connect(), &mut other.connect(), &["app"]).unwrap();
    assert!(d.changes.is_empty(), "{:?}", d.grouped());
    assert_eq!(
        d.attribute_order,
        [hims_model::QualifiedName::new("app", "address")]
    );
    assert_eq!(
        d.grouped()["composite type app.address"],
        ["attributes in another order"]
    );
}
