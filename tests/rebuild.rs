//! A table whose partitioning changes is rebuilt: on a real server, with rows, an identity
//! column, an index, a check, a renamed column and another table's foreign key to it, the
//! delta gives the same catalog as a fresh database at the new model, keeps every row and
//! reference, and its undo gives the old catalog back with the rows.

use hims_model::{
    Check, Column, ColumnType, ForeignKey, Identity, Index, IndexKey, Model, PartitionMethod,
    Partitioning, PrimaryKey, QualifiedName, Schema, Table,
};
use hims_testdb::TestDb;
use hims_tests::{assert_same_model, cluster_lock, ignoring_column_order};

fn col(name: &str, ty: &str, nullable: bool) -> Column {
    Column::new(name, ColumnType::parse(ty).unwrap(), nullable)
}

fn model(partitioned: bool) -> Model {
    let mut events = Table::new("app", "events");
    let mut id = col("id", "bigint", false);
    id.identity = Some(Identity::Always);
    events.columns.push(id);
    events
        .columns
        .push(col("at", "timestamp with time zone", false));
    let mut kind = col(
        if partitioned { "event_kind" } else { "kind" },
        "text",
        false,
    );
    if partitioned {
        kind.renamed_from = Some("kind".into());
    }
    events.columns.push(kind);
    events.primary_key = Some(PrimaryKey {
        name: "events_pkey".into(),
        columns: vec!["id".into(), "at".into()],
        deferral: Default::default(),
    });
    events.checks.push(Check {
        name: "events_kind_not_empty".into(),
        expr: format!("{} <> ''", if partitioned { "event_kind" } else { "kind" }),
    });
    events.indexes.push(Index {
        name: "events_kind_idx".into(),
        keys: vec![IndexKey::column(if partitioned {
            "event_kind"
        } else {
            "kind"
        })],
        unique: false,
        method: Default::default(),
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    });
    if partitioned {
        events.partition_by = Some(Partitioning {
            method: PartitionMethod::Range,
            columns: vec!["at".into()],
        });
    }
    let mut notes = Table::new("app", "notes");
    notes.columns.push(col("id", "integer", false));
    notes.columns.push(col("event_id", "bigint", false));
    notes
        .columns
        .push(col("event_at", "timestamp with time zone", false));
    notes.primary_key = Some(PrimaryKey {
        name: "notes_pkey".into(),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    notes.foreign_keys.push(ForeignKey {
        name: "notes_event_fkey".into(),
        columns: vec!["event_id".into(), "event_at".into()],
        ref_table: QualifiedName::new("app", "events"),
        ref_columns: vec!["id".into(), "at".into()],
        on_delete: Default::default(),
        on_update: Default::default(),
        deferral: Default::default(),
    });
    notes.indexes.push(Index {
        name: "notes_event_idx".into(),
        keys: vec![IndexKey::column("event_id"), IndexKey::column("event_at")],
        unique: false,
        method: Default::default(),
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    });
    let mut m = Model {
        schemas: vec![Schema {
            name: "app".into(),
            comment: None,
            naming_rules: true,
            origin: Default::default(),
        }],
        tables: vec![events, notes],
        ..Default::default()
    };
    m.canonicalize();
    m.validate().unwrap();
    m
}

fn script(m: &Model) -> String {
    hims_render::baseline(
        m,
        &hims_render::BaselineHeader {
            file_name: "test.sql".into(),
            regenerate: "test".into(),
        },
    )
}

fn catalog(db: &TestDb) -> Model {
    let mut m = hims_pg::introspect(&mut db.connect(), &["app"]).unwrap();
    m = ignoring_column_order(&m);
    m
}

fn fresh(m: &Model) -> Model {
    let db = TestDb::new();
    db.psql(&script(m)).unwrap();
    catalog(&db)
}

fn run(db: &TestDb, statements: &[String]) {
    let sql = format!("BEGIN;\n{}\nCOMMIT;\n", statements.join("\n"));
    db.psql(&sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
}

fn rows(db: &TestDb, kind: &str) -> Vec<String> {
    db.connect()
        .query(
            &format!("SELECT id || ' ' || at || ' ' || {kind} FROM app.events ORDER BY id"),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[test]
fn partitioning_a_table_rebuilds_it_with_its_rows_and_references_and_undoes() {
    let _guard = cluster_lock();
    let (old, new) = (model(false), model(true));
    let db = TestDb::new();
    db.psql(&script(&old)).unwrap();
    db.connect()
        .batch_execute(
            "INSERT INTO app.events (at, kind) SELECT TIMESTAMPTZ '2025-01-01' + n * interval '11 days', 'k' || n FROM generate_series(1, 50) n;
             INSERT INTO app.notes SELECT id, id, at FROM app.events WHERE id % 5 = 0;",
        )
        .unwrap();
    let before = rows(&db, "kind");

    let changes = hims_diff::diff(&old, &new);
    let described: Vec<String> = changes.iter().map(|c| c.describe()).collect();
    assert_eq!(
        described,
        ["rebuild table app.events (partitioning changed), copying its rows"],
        "one change, not a column rename plus key churn"
    );
    let kinds: Vec<_> = changes[0]
        .hazards()
        .into_iter()
        .map(|h| h.kind.name())
        .collect();
    assert_eq!(kinds, ["rewrite", "locking"]);
    let rendered: Vec<_> = changes
        .iter()
        .map(|c| hims_render::render_change(c, &old, &new))
        .collect();
    run(
        &db,
        &rendered
            .iter()
            .flat_map(|r| r.sql.clone())
            .collect::<Vec<_>>(),
    );
    assert_same_model(&fresh(&new), &catalog(&db), "rebuilt vs fresh");
    assert_eq!(rows(&db, "event_kind"), before, "every row, same ids");
    let mut c = db.connect();
    let notes: i64 = c
        .query_one(
            "SELECT count(*) FROM app.notes n JOIN app.events e ON (e.id, e.at) = (n.event_id, n.event_at)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(notes, 10, "references kept and enforced again");
    let e = c
        .batch_execute("INSERT INTO app.notes VALUES (999, 12345, now())")
        .unwrap_err();
    assert_eq!(e.code().unwrap().code(), "23503");
    let next: i64 = c
        .query_one(
            "INSERT INTO app.events (at, event_kind) VALUES (now(), 'new') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(next, 51, "the identity continues after the copied rows");
    c.batch_execute("DELETE FROM app.events WHERE id = 51")
        .unwrap();
    drop(c);

    run(
        &db,
        &rendered
            .iter()
            .rev()
            .flat_map(|r| r.undo.clone())
            .collect::<Vec<_>>(),
    );
    assert_same_model(&fresh(&old), &catalog(&db), "undone vs fresh old");
    assert_eq!(rows(&db, "kind"), before);
}
