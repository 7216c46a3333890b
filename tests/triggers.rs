//! Triggers as other teams write them (issue #10): function arguments (`TG_ARGV`, a
//! built-in `pg_catalog.tsvector_update_trigger`), `UPDATE OF` columns, `WHEN`, statement
//! triggers with transition tables, and constraint triggers (deferrable or not). Each is
//! read from a real catalog, written by the baseline (applied twice: idempotent), read back
//! equal, behaves as in the source, and a changed trigger is replaced and undone by a delta.

use hims_model::{Deferral, Model};
use hims_testdb::TestDb;
use hims_tests::{assert_same_model, delta_statements, execute_statements, sqlstate};

const FIXTURE: &str = r#"
CREATE SCHEMA tg;
CREATE TABLE tg.docs (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    status text DEFAULT 'draft' NOT NULL,
    search tsvector
);
CREATE TABLE tg.log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    what text NOT NULL,
    n bigint
);
CREATE FUNCTION tg.note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tg.log (what) VALUES (TG_NAME || ':' || coalesce(array_to_string(TG_ARGV, '|'), ''));
    RETURN NULL;
END
$$;
CREATE FUNCTION tg.count_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tg.log (what, n) SELECT TG_NAME, count(*) FROM added;
    RETURN NULL;
END
$$;
CREATE FUNCTION tg.require_body() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM tg.docs d WHERE d.id = NEW.id AND d.body IS NOT NULL) THEN
        RAISE EXCEPTION 'document % has no body', NEW.id USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER docs_search BEFORE INSERT OR UPDATE OF title, body ON tg.docs
    FOR EACH ROW EXECUTE FUNCTION pg_catalog.tsvector_update_trigger('search', 'pg_catalog.english', 'title', 'body');
CREATE TRIGGER docs_status AFTER UPDATE OF status ON tg.docs
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION tg.note('status', 'it''s changed');
CREATE TRIGGER docs_added AFTER INSERT ON tg.docs REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION tg.count_new();
CREATE CONSTRAINT TRIGGER docs_need_body AFTER INSERT ON tg.docs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tg.require_body();
CREATE CONSTRAINT TRIGGER docs_checked AFTER UPDATE ON tg.docs
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION tg.note();
CREATE CONSTRAINT TRIGGER docs_strict AFTER DELETE ON tg.docs
    FOR EACH ROW EXECUTE FUNCTION tg.note('deleted');
"#;

fn read(db: &TestDb) -> Model {
    let mut m = hims_pg::introspect(&mut db.connect(), &["tg"])
        .unwrap_or_else(|e| panic!("introspection failed: {e}"));
    m.canonicalize();
    m
}

fn trigger<'m>(m: &'m Model, name: &str) -> &'m hims_model::Trigger {
    m.tables
        .iter()
        .flat_map(|t| &t.triggers)
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("trigger {name} is read"))
}

fn baseline(m: &Model) -> String {
    hims_render::baseline(
        m,
        &hims_render::BaselineHeader {
            file_name: "triggers.sql".into(),
            regenerate: "test".into(),
        },
    )
}

fn log(c: &mut postgres::Client) -> Vec<(String, Option<i64>)> {
    c.query("SELECT what, n FROM tg.log ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

#[test]
fn triggers_round_trip_and_behave_as_in_the_source() {
    let source = TestDb::new();
    source.psql(FIXTURE).expect("fixture applies");
    let model = read(&source);
    model
        .validate()
        .unwrap_or_else(|e| panic!("the imported triggers validate: {e}"));

    let search = trigger(&model, "docs_search");
    assert_eq!(
        search.args,
        ["search", "pg_catalog.english", "title", "body"]
    );
    assert_eq!(search.update_of, ["title", "body"]);
    assert_eq!(
        search.function.to_string(),
        "pg_catalog.tsvector_update_trigger"
    );
    let status = trigger(&model, "docs_status");
    assert_eq!(status.args, ["status", "it's changed"]);
    assert_eq!(
        status.when.as_deref(),
        Some("old.status IS DISTINCT FROM new.status")
    );
    let added = trigger(&model, "docs_added");
    assert_eq!(
        (added.new_table.as_deref(), added.for_each_row),
        (Some("added"), false)
    );
    assert_eq!(
        trigger(&model, "docs_need_body").constraint,
        Some(Deferral::InitiallyDeferred)
    );
    assert_eq!(
        trigger(&model, "docs_checked").constraint,
        Some(Deferral::InitiallyImmediate)
    );
    assert_eq!(
        trigger(&model, "docs_strict").constraint,
        Some(Deferral::NotDeferrable)
    );

    // The baseline recreates them exactly, and a second run changes nothing.
    let script = baseline(&model);
    let copy = TestDb::new();
    copy.psql(&script).expect("the baseline applies");
    copy.psql(&script)
        .expect("the baseline applies a second time");
    assert_same_model(&model, &read(&copy), "triggers after the baseline");

    // Behaviour in the copy.
    let mut c = copy.connect();
    c.batch_execute("INSERT INTO tg.docs (id, title, body) VALUES (1, 'Discharge summary', 'Stable at discharge')")
        .unwrap();
    let found: bool = c
        .query_one(
            "SELECT search @@ to_tsquery('english', 'discharge') FROM tg.docs WHERE id = 1",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(
        found,
        "tsvector_update_trigger filled the search column from its arguments"
    );
    assert_eq!(log(&mut c), [("docs_added".to_string(), Some(1))]);

    // Deferred to COMMIT: a body added later in the same transaction satisfies it.
    let mut tx = c.transaction().unwrap();
    tx.batch_execute("INSERT INTO tg.docs (id, title) VALUES (2, 'Draft')")
        .unwrap();
    tx.batch_execute("UPDATE tg.docs SET body = 'Written' WHERE id = 2")
        .unwrap();
    tx.commit().expect("the deferred check passes at commit");
    let e = c
        .batch_execute("BEGIN; INSERT INTO tg.docs (id, title) VALUES (3, 'Empty'); COMMIT;")
        .unwrap_err();
    assert_eq!(sqlstate(&e), "23514", "refused at commit: {e}");
    c.batch_execute("ROLLBACK").ok();

    // UPDATE OF status with WHEN: fires only when the status changes, with its arguments.
    c.batch_execute("DELETE FROM tg.log").unwrap();
    c.batch_execute("UPDATE tg.docs SET title = 'Renamed' WHERE id = 1")
        .unwrap();
    c.batch_execute("UPDATE tg.docs SET status = 'draft' WHERE id = 1")
        .unwrap();
    c.batch_execute("UPDATE tg.docs SET status = 'final' WHERE id = 1")
        .unwrap();
    let whats: Vec<String> = log(&mut c).into_iter().map(|(w, _)| w).collect();
    assert_eq!(
        whats,
        [
            "docs_checked:",
            "docs_checked:",
            // AFTER triggers of one event fire in name order.
            "docs_checked:",
            "docs_status:status|it's changed",
        ]
    );
}

#[test]
fn a_changed_trigger_is_replaced_by_a_delta_and_restored_by_its_undo() {
    let db = TestDb::new();
    db.psql(FIXTURE).expect("fixture applies");
    let old = read(&db);
    let mut new = old.clone();
    for t in &mut new.tables {
        for tr in &mut t.triggers {
            match tr.name.as_str() {
                "docs_status" => {
                    tr.args = vec!["state".into()];
                    tr.update_of = vec!["status".into(), "title".into()];
                }
                "docs_need_body" => tr.constraint = Some(Deferral::InitiallyImmediate),
                _ => {}
            }
        }
    }
    new.validate().unwrap();
    let (forward, undo) = delta_statements(&old, &new);
    assert!(!forward.is_empty());
    execute_statements(&db, &forward);
    assert_same_model(&new, &read(&db), "after the delta");
    execute_statements(&db, &undo);
    assert_same_model(&old, &read(&db), "after the undo");
}

/// Column collations (issue #10): PostgreSQL refuses a new collation (as a new type) under a
/// trigger whose UPDATE OF or WHEN reads the column and under a policy that reads it, so the
/// delta drops them first and creates them again; the undo goes back, rows kept, and the
/// triggers still fire.
#[test]
fn a_new_collation_under_triggers_and_a_policy_replaces_them() {
    let db = TestDb::new();
    db.psql(FIXTURE).expect("fixture applies");
    db.psql(
        "ALTER TABLE tg.docs ENABLE ROW LEVEL SECURITY;
         CREATE POLICY docs_drafts ON tg.docs USING (status <> 'hidden');
         INSERT INTO tg.docs (id, title, body) VALUES (1, 'b', 'x'), (2, 'A', 'y');",
    )
    .expect("policy and rows");
    let old = read(&db);
    let mut new = old.clone();
    let docs = new.tables.iter_mut().find(|t| t.name == "docs").unwrap();
    for c in &mut docs.columns {
        if c.name == "status" || c.name == "title" {
            c.collation = Some("C".into());
        }
    }
    new.validate().unwrap();
    let (forward, undo) = delta_statements(&old, &new);
    let text = forward.join("\n");
    for needle in [
        r#"DROP TRIGGER IF EXISTS "docs_status""#,
        r#"DROP TRIGGER IF EXISTS "docs_search""#,
        r#"DROP POLICY IF EXISTS "docs_drafts""#,
        r#"ALTER COLUMN "status" TYPE text COLLATE "C""#,
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    execute_statements(&db, &forward);
    assert_same_model(&new, &read(&db), "after the delta");
    let mut c = db.connect();
    c.batch_execute("DELETE FROM tg.log; UPDATE tg.docs SET status = 'final' WHERE id = 1")
        .unwrap();
    assert_eq!(
        log(&mut c),
        [
            ("docs_checked:".to_string(), None),
            ("docs_status:status|it's changed".to_string(), None)
        ]
    );
    execute_statements(&db, &undo);
    assert_same_model(&old, &read(&db), "after the undo");
    let titles: Vec<String> = c
        .query("SELECT title FROM tg.docs ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(titles, ["b", "A"]);
}

#[test]
fn invalid_trigger_declarations_are_listed_together() {
    let db = TestDb::new();
    db.psql(FIXTURE).expect("fixture applies");
    let mut m = read(&db);
    for t in &mut m.tables {
        for tr in &mut t.triggers {
            match tr.name.as_str() {
                "docs_search" => tr.update_of = vec!["no_such_column".into()],
                "docs_added" => tr.constraint = Some(Deferral::InitiallyDeferred),
                "docs_strict" => tr.old_table = Some("gone".into()),
                _ => {}
            }
        }
    }
    let e = m.validate().unwrap_err().to_string();
    for words in [
        "docs_search",
        "`no_such_column`",
        "docs_added",
        "AFTER … FOR EACH ROW",
        "docs_strict",
        "ordinary AFTER trigger",
    ] {
        assert!(e.contains(words), "{words}: {e}");
    }
}
