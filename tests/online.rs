//! Online files (the phase that runs outside a transaction: concurrent index builds,
//! validations, `SET NOT NULL`) re-run after a failure at any statement, on a real server
//! through the runner, as a user would: `migrate` fails, `repair` removes the failed row,
//! `migrate` runs the whole file again — and the database ends as after a clean run.
//!
//! For each kind of online change, and for a file holding all of them:
//! - a failure at every statement in turn (the earlier statements committed, that one
//!   failing before it does anything);
//! - every concurrent index build interrupted while it waits for other transactions (the
//!   statement cancelled on the server), which leaves an INVALID index under the name;
//! - the failure a user meets (rows that violate the new constraint or index), the rows
//!   fixed, `repair`, `migrate`;
//! - the undo file (outside a transaction too) failing at every statement, `repair`, `undo`.
//!
//! The end state is compared with a clean run by `hims_pg::compare` (the comparison `drift`
//! uses), plus what introspection does not read: no INVALID index, no index or check left
//! under a temporary name, the same rows.

use hims_migrations::delta::{DeltaPlan, FileHeader, NON_TRANSACTIONAL_CONF, plan};
use hims_model::{
    Check, Column, ColumnType, ForeignKey, Index, IndexKey, Model, PrimaryKey, QualifiedName,
    Schema, Table,
};
use hims_runner as runner;
use hims_testdb::TestDb;
use postgres::Client;
use std::path::Path;
use std::time::{Duration, Instant};

const S: &str = "app";

fn col(name: &str, ty: &str, nullable: bool) -> Column {
    Column::new(name, ColumnType::parse(ty).unwrap(), nullable)
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    let mut t = Table::new(S, name);
    t.columns.push(col("id", "integer", false));
    t.columns.extend(columns);
    t.primary_key = Some(PrimaryKey {
        name: format!("{name}_pkey"),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    t
}

fn index(name: &str, cols: &[&str], unique: bool) -> Index {
    Index {
        name: name.into(),
        keys: cols.iter().map(|c| IndexKey::column(*c)).collect(),
        unique,
        method: Default::default(),
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    }
}

fn model(tables: Vec<Table>) -> Model {
    let mut m = Model {
        schemas: vec![Schema {
            name: S.into(),
            comment: None,
            naming_rules: true,
            origin: Default::default(),
        }],
        tables,
        ..Default::default()
    };
    m.canonicalize();
    m
}

/// `app.parents (id)` and `app.items (id, parent_id, qty, code)`, every column nullable.
fn old_model() -> Model {
    model(vec![
        table("parents", Vec::new()),
        table(
            "items",
            vec![
                col("parent_id", "integer", true),
                col("qty", "integer", true),
                col("code", "text", true),
            ],
        ),
    ])
}

fn items(m: &mut Model) -> &mut Table {
    m.tables.iter_mut().find(|t| t.name == "items").unwrap()
}

/// Rows every run starts with (none violates anything the new models add).
const ROWS: &str = "INSERT INTO app.parents (id) SELECT g FROM generate_series(1, 50) g;
INSERT INTO app.items (id, parent_id, qty, code)
    SELECT g, 1 + g % 50, g, 'c' || g FROM generate_series(1, 2000) g;";

/// One kind of online change.
struct Case {
    name: &'static str,
    new: Model,
    /// Rows that make the online file fail the way a user meets it…
    breaking: &'static str,
    /// …and the data fix (deleting them again, so the end state equals the clean run's).
    fix: &'static str,
}

fn add_index(m: &mut Model) {
    items(m)
        .indexes
        .push(index("items_qty_idx", &["qty", "parent_id"], false));
}

fn add_unique_index(m: &mut Model) {
    items(m)
        .indexes
        .push(index("items_code_uidx", &["code"], true));
}

fn add_check(m: &mut Model) {
    items(m).checks.push(Check {
        name: "items_qty_nonnegative".into(),
        expr: "qty >= 0".into(),
    });
}

fn add_foreign_key(m: &mut Model) {
    items(m).foreign_keys.push(ForeignKey {
        name: "items_parent_id_fkey".into(),
        columns: vec!["parent_id".into()],
        ref_table: QualifiedName::new(S, "parents"),
        ref_columns: vec!["id".into()],
        on_delete: Default::default(),
        on_update: Default::default(),
        deferral: Default::default(),
    });
}

fn set_not_null(m: &mut Model) {
    let t = items(m);
    let c = t.columns.iter_mut().find(|c| c.name == "qty").unwrap();
    c.nullable = false;
}

fn set_not_null_with_default(m: &mut Model) {
    let t = items(m);
    let c = t.columns.iter_mut().find(|c| c.name == "qty").unwrap();
    c.nullable = false;
    c.default = Some(hims_model::DefaultValue::Integer(0));
}

fn edited(edits: &[fn(&mut Model)]) -> Model {
    let mut m = old_model();
    for e in edits {
        e(&mut m);
    }
    m.canonicalize();
    m
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "index",
            new: edited(&[add_index]),
            // A non-unique build fails on no row; the interrupted builds cover it.
            breaking: "",
            fix: "",
        },
        Case {
            name: "unique_index",
            new: edited(&[add_unique_index]),
            breaking: "INSERT INTO app.items (id, parent_id, qty, code) VALUES (9001, 1, 1, 'c1');",
            fix: "DELETE FROM app.items WHERE id = 9001;",
        },
        Case {
            name: "check",
            new: edited(&[add_check]),
            breaking: "INSERT INTO app.items (id, parent_id, qty, code) VALUES (9001, 1, -5, 'x');",
            fix: "DELETE FROM app.items WHERE id = 9001;",
        },
        Case {
            name: "foreign_key",
            new: edited(&[add_foreign_key]),
            breaking: "INSERT INTO app.items (id, parent_id, qty, code) VALUES (9001, 999, 1, 'x');",
            fix: "DELETE FROM app.items WHERE id = 9001;",
        },
        Case {
            name: "not_null",
            new: edited(&[set_not_null]),
            breaking: "INSERT INTO app.items (id, parent_id, qty, code) VALUES (9001, 1, NULL, 'x');",
            fix: "DELETE FROM app.items WHERE id = 9001;",
        },
        Case {
            // NULLs filled in batches from the default first (none here: the statements
            // around the fill are what fail in turn).
            name: "not_null_with_default",
            new: edited(&[set_not_null_with_default]),
            breaking: "",
            fix: "",
        },
        Case {
            name: "all_kinds",
            new: edited(&[
                add_index,
                add_unique_index,
                add_check,
                add_foreign_key,
                set_not_null,
            ]),
            breaking: "INSERT INTO app.items (id, parent_id, qty, code) VALUES (9001, 999, NULL, 'c1');",
            fix: "DELETE FROM app.items WHERE id = 9001;",
        },
    ]
}

/// The plan's files as the migrations directory holds them: `V1` the baseline of the old
/// model, then the delta's files from `V2`, each with its undo.
struct Files {
    /// (file name, contents), sidecars included.
    files: Vec<(String, String)>,
    /// Name of the online forward file and of its undo.
    online: String,
    online_undo: String,
}

fn files(plan: &DeltaPlan, old: &Model) -> Files {
    let mut files = vec![(
        "V1__base.sql".to_string(),
        hims_render::baseline(
            old,
            &hims_render::BaselineHeader {
                file_name: "V1__base.sql".into(),
                regenerate: "test".into(),
            },
        ),
    )];
    let (mut online, mut online_undo) = (String::new(), String::new());
    for (i, f) in plan.files.iter().enumerate() {
        let v = i + 2;
        let desc = format!("{:?}", f.phase).to_lowercase();
        let forward = format!("V{v}__{desc}.sql");
        let undo = format!("U{v}__{desc}.sql");
        let h = |name: &str| {
            hims_migrations::delta::render_forward(
                f,
                &FileHeader {
                    file_name: name,
                    command: "test",
                    from_snapshot: "old",
                },
            )
        };
        let hu = |name: &str| {
            hims_migrations::delta::render_undo(
                f,
                &FileHeader {
                    file_name: name,
                    command: "test",
                    from_snapshot: "old",
                },
            )
        };
        files.push((forward.clone(), h(&forward)));
        files.push((undo.clone(), hu(&undo)));
        if f.non_transactional() {
            files.push((format!("{forward}.conf"), NON_TRANSACTIONAL_CONF.into()));
            files.push((format!("{undo}.conf"), NON_TRANSACTIONAL_CONF.into()));
            online = forward;
            online_undo = undo;
        }
    }
    assert!(!online.is_empty(), "the plan has an online file");
    Files {
        files,
        online,
        online_undo,
    }
}

impl Files {
    fn text(&self, name: &str) -> &str {
        &self.files.iter().find(|(n, _)| n == name).unwrap().1
    }

    /// A directory with every file, `replace` substituting the contents of some.
    fn dir(&self, replace: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in &self.files {
            let text = replace
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| *t)
                .unwrap_or(text);
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    /// A directory with the baseline only.
    fn base_dir(&self) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let (name, text) = &self.files[0];
        std::fs::write(dir.path().join(name), text).unwrap();
        dir
    }
}

/// The statements of a script, as the runner splits it.
fn statements(sql: &str) -> Vec<String> {
    runner::script::split(sql)
        .unwrap()
        .into_iter()
        .map(|s| s.text)
        .collect()
}

fn script(statements: &[String]) -> String {
    statements.iter().map(|s| format!("{s};\n\n")).collect()
}

/// Statements `0..k` of `all`, then one that fails (before doing anything).
fn failing_at(all: &[String], k: usize) -> String {
    let mut v = all[..k].to_vec();
    v.push(format!(
        "DO $$BEGIN RAISE EXCEPTION 'injected failure at statement {k}'; END$$"
    ));
    script(&v)
}

fn config(db: &TestDb, dir: &Path) -> runner::Config {
    runner::Config::new(db.conn_str(), dir)
}

/// A database at the old release (through the runner) holding [`ROWS`] and `extra`.
fn at_old_release(f: &Files, extra: &str) -> TestDb {
    let db = TestDb::new();
    let base = f.base_dir();
    runner::migrate(&config(&db, base.path()), &mut |_| {}).expect("the baseline applies");
    db.connect()
        .batch_execute(&format!("{ROWS}\n{extra}"))
        .unwrap();
    db
}

fn migrate(db: &TestDb, dir: &Path) -> Result<runner::MigrateReport, runner::Error> {
    runner::migrate(&config(db, dir), &mut |_| {})
}

/// `repair` as the runner's failure message advises: exactly one failed row removed.
fn repair(db: &TestDb, dir: &Path, what: &str) {
    let report = runner::repair(&config(db, dir), runner::RepairOptions::default())
        .unwrap_or_else(|e| panic!("{what}: repair fails: {e}"));
    assert_eq!(
        report.changes.len(),
        1,
        "{what}: repair removes the failed row: {report:?}"
    );
}

/// Every row of the schema's tables, in one text.
fn rows(c: &mut Client) -> String {
    c.query_one(
        "SELECT coalesce(string_agg(p::text, ',' ORDER BY p.id), '') || '|' || coalesce((SELECT string_agg(i::text, ',' ORDER BY i.id) FROM app.items i), '') FROM app.parents p",
        &[],
    )
    .unwrap()
    .get(0)
}

/// What introspection does not read: INVALID indexes, objects under the temporary names of
/// the online statements, and (PostgreSQL 18) NOT NULL constraints named otherwise than a
/// fresh build names them (`…_not_null1` when a temporary check held the name).
fn leftovers(c: &mut Client) -> Vec<String> {
    c.query(
        "SELECT 'index ' || ci.relname || CASE WHEN NOT i.indisvalid THEN ' (INVALID)' ELSE '' END
           FROM pg_catalog.pg_index i
           JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid
           JOIN pg_catalog.pg_namespace n ON n.oid = ci.relnamespace
          WHERE n.nspname = 'app' AND (NOT i.indisvalid OR ci.relname LIKE '%\\_\\_invalid')
         UNION ALL
         SELECT 'constraint ' || conname FROM pg_catalog.pg_constraint
          WHERE connamespace = 'app'::regnamespace AND contype = 'c' AND conname LIKE '%\\_not\\_null%'
         UNION ALL
         SELECT 'not-null constraint ' || con.conname FROM pg_catalog.pg_constraint con
           JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
          WHERE con.connamespace = 'app'::regnamespace AND con.contype = 'n'
            AND con.conname <> c.relname || '_' || a.attname || '_not_null'
         ORDER BY 1",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// `db` ends as `clean`: same catalog (as `drift` compares), same rows, nothing left over.
fn assert_same_end(clean: &TestDb, db: &TestDb, what: &str) {
    let (mut a, mut b) = (clean.connect(), db.connect());
    let d = hims_pg::compare(&mut a, &mut b, &[S]).unwrap();
    assert!(
        d.changes.is_empty(),
        "{what}: the catalog differs from a clean run's; to match it would need: {:#?}",
        d.changes
    );
    assert_eq!(leftovers(&mut b), Vec::<String>::new(), "{what}: leftovers");
    assert_eq!(rows(&mut a), rows(&mut b), "{what}: rows differ");
}

/// Whether `text` is a concurrent index build or drop (what a cancel can interrupt).
fn concurrent(text: &str) -> bool {
    let words = runner::script::leading_words(text, 4).join(" ");
    words.starts_with("CREATE INDEX CONCURRENTLY")
        || words.starts_with("CREATE UNIQUE INDEX CONCURRENTLY")
        || words.starts_with("DROP INDEX CONCURRENTLY")
}

/// Run `dir`'s migrations (or the undo) on `db` while another transaction holds a lock on
/// app.items: the concurrent `statement` waits for it, and is cancelled on the server while
/// it waits. Returns the runner's error. (The statements before it must not wait for that
/// lock: the guarded ones, once done, take none that conflicts with it.)
fn interrupted(db: &TestDb, dir: &Path, undo: bool, statement: &str, what: &str) -> runner::Error {
    let mut blocker = db.connect();
    blocker
        .batch_execute("BEGIN; LOCK TABLE app.items IN ROW EXCLUSIVE MODE;")
        .unwrap();
    let blocker_pid: i32 = blocker
        .query_one("SELECT pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    let cfg = config(db, dir);
    let run = std::thread::spawn(move || {
        if undo {
            runner::undo(&cfg, &mut |_| {}).map(|_| ())
        } else {
            runner::migrate(&cfg, &mut |_| {}).map(|_| ())
        }
    });
    let mut watcher = db.connect();
    let started = Instant::now();
    loop {
        let waiting = watcher
            .query_opt(
                "SELECT pid FROM pg_catalog.pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> $1
                    AND strpos(query, $2) > 0 AND wait_event_type = 'Lock'",
                &[&blocker_pid, &statement],
            )
            .unwrap();
        if let Some(row) = waiting {
            let pid: i32 = row.get(0);
            watcher
                .execute("SELECT pg_cancel_backend($1)", &[&pid])
                .unwrap();
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "{what}: the concurrent statement never waited for the open transaction (or an earlier one waited instead)"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let result = run.join().unwrap();
    blocker.batch_execute("ROLLBACK").unwrap();
    match result {
        Ok(()) => panic!("{what}: the cancelled run succeeded"),
        Err(e) => e,
    }
}

fn invalid_indexes(db: &TestDb) -> i64 {
    db.connect()
        .query_one(
            "SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
              WHERE c.relnamespace = 'app'::regnamespace AND NOT i.indisvalid",
            &[],
        )
        .unwrap()
        .get(0)
}

fn snapshot_text(f: &Files) -> String {
    let mut text = String::new();
    for name in [&f.online, &f.online_undo] {
        text.push_str(f.text(name));
        text.push('\n');
    }
    text
}

fn run_case(case: &Case) {
    let old = old_model();
    let p = plan(&old, &case.new);
    let f = files(&p, &old);
    insta::assert_snapshot!(format!("online_{}", case.name), snapshot_text(&f));
    let real = f.dir(&[]);
    let online = statements(f.text(&f.online));
    let name = case.name;

    // The clean run, and the clean undo of the online file.
    let clean = at_old_release(&f, "");
    migrate(&clean, real.path()).unwrap_or_else(|e| panic!("{name}: clean run: {e}"));
    let undone = at_old_release(&f, "");
    migrate(&undone, real.path()).unwrap();
    runner::undo(&config(&undone, real.path()), &mut |_| {})
        .unwrap_or_else(|e| panic!("{name}: clean undo: {e}"));

    // A failure at every statement of the online file.
    for k in 0..online.len() {
        let what = format!("{name}: failure at statement {k} ({})", online[k]);
        let db = at_old_release(&f, "");
        let broken = failing_at(&online, k);
        let failing = f.dir(&[(f.online.as_str(), broken.as_str())]);
        let e = migrate(&db, failing.path()).expect_err(&what);
        assert!(e.to_string().contains("injected failure"), "{what}: {e}");
        repair(&db, real.path(), &what);
        migrate(&db, real.path()).unwrap_or_else(|e| panic!("{what}: the re-run fails: {e}"));
        assert_same_end(&clean, &db, &what);
    }

    // Every concurrent build interrupted (cancelled while it waits): an INVALID index under
    // the name. Re-run as is, or with the drop of that index interrupted too.
    let drops_aside =
        |s: &str| s.starts_with("DROP INDEX CONCURRENTLY IF EXISTS") && s.ends_with("__invalid\"");
    assert!(
        online
            .iter()
            .all(|s| !concurrent(s) || s.starts_with("CREATE") || drops_aside(s)),
        "{name}: a forward online file drops only INVALID indexes moved aside"
    );
    for k in
        (0..online.len()).filter(|&k| concurrent(&online[k]) && online[k].starts_with("CREATE"))
    {
        let what = format!("{name}: statement {k} interrupted ({})", online[k]);
        assert!(
            k >= 2 && drops_aside(&online[k - 1]),
            "{what}: the build follows the drop of an INVALID index moved aside"
        );
        for twice in [false, true] {
            let what = if twice {
                format!("{what}, then the drop of the INVALID index interrupted")
            } else {
                what.clone()
            };
            // The statements before it done first (a failure at it, repaired): their
            // re-run must then wait for no lock the open transaction holds.
            let db = at_old_release(&f, "");
            let broken = failing_at(&online, k);
            let failing = f.dir(&[(f.online.as_str(), broken.as_str())]);
            migrate(&db, failing.path()).expect_err(&what);
            repair(&db, real.path(), &what);
            let cut = script(&online[..=k]);
            let cut_dir = f.dir(&[(f.online.as_str(), cut.as_str())]);
            let e = interrupted(&db, cut_dir.path(), false, &online[k], &what);
            assert!(e.to_string().contains("canceling statement"), "{what}: {e}");
            assert_eq!(
                invalid_indexes(&db),
                1,
                "{what}: the cancelled build leaves an INVALID index"
            );
            if twice {
                repair(&db, real.path(), &what);
                let cut = script(&online[..k]);
                let cut_dir = f.dir(&[(f.online.as_str(), cut.as_str())]);
                let e = interrupted(&db, cut_dir.path(), false, &online[k - 1], &what);
                assert!(e.to_string().contains("canceling statement"), "{what}: {e}");
                assert_eq!(
                    invalid_indexes(&db),
                    1,
                    "{what}: the cancelled drop leaves the INVALID index (moved aside)"
                );
            }
            repair(&db, real.path(), &what);
            migrate(&db, real.path()).unwrap_or_else(|e| panic!("{what}: the re-run fails: {e}"));
            assert_same_end(&clean, &db, &what);
        }
    }

    // The failure a user meets: rows the new definitions refuse; fixed; repair; migrate.
    if !case.breaking.is_empty() {
        let what = format!("{name}: rows that violate the change");
        let db = at_old_release(&f, case.breaking);
        let e = migrate(&db, real.path()).expect_err(&what);
        let history: i64 = db
            .connect()
            .query_one(
                "SELECT count(*) FROM public.flyway_schema_history WHERE NOT success",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(history, 1, "{what}: one failed row ({e})");
        db.connect().batch_execute(case.fix).unwrap();
        repair(&db, real.path(), &what);
        migrate(&db, real.path()).unwrap_or_else(|e| panic!("{what}: the re-run fails: {e}"));
        assert_same_end(&clean, &db, &what);
    }

    // The undo file: a failure at every statement, repair, undo again; and its concurrent
    // drops interrupted.
    let undo = statements(f.text(&f.online_undo));
    for k in 0..undo.len() {
        let what = format!("{name}: undo failure at statement {k} ({})", undo[k]);
        let db = at_old_release(&f, "");
        migrate(&db, real.path()).unwrap();
        let broken = failing_at(&undo, k);
        let failing = f.dir(&[(f.online_undo.as_str(), broken.as_str())]);
        let e = runner::undo(&config(&db, failing.path()), &mut |_| {}).expect_err(&what);
        assert!(e.to_string().contains("injected failure"), "{what}: {e}");
        repair(&db, real.path(), &what);
        runner::undo(&config(&db, real.path()), &mut |_| {})
            .unwrap_or_else(|e| panic!("{what}: the undo re-run fails: {e}"));
        assert_same_end(&undone, &db, &what);
    }
    for k in (0..undo.len()).filter(|&k| concurrent(&undo[k])) {
        let what = format!("{name}: undo statement {k} interrupted ({})", undo[k]);
        let db = at_old_release(&f, "");
        migrate(&db, real.path()).unwrap();
        let broken = failing_at(&undo, k);
        let failing = f.dir(&[(f.online_undo.as_str(), broken.as_str())]);
        runner::undo(&config(&db, failing.path()), &mut |_| {}).expect_err(&what);
        repair(&db, real.path(), &what);
        let cut = script(&undo[..=k]);
        let cut_dir = f.dir(&[(f.online_undo.as_str(), cut.as_str())]);
        let e = interrupted(&db, cut_dir.path(), true, &undo[k], &what);
        assert!(e.to_string().contains("canceling statement"), "{what}: {e}");
        repair(&db, real.path(), &what);
        runner::undo(&config(&db, real.path()), &mut |_| {})
            .unwrap_or_else(|e| panic!("{what}: the undo re-run fails: {e}"));
        assert_same_end(&undone, &db, &what);
    }
}

#[test]
fn online_files_complete_when_run_again_after_a_failure_at_any_statement() {
    let cases = cases();
    for case in &cases {
        run_case(case);
    }
}

#[test]
fn every_online_statement_is_guarded_or_repeatable() {
    // What each kind renders, statement by statement: nothing that fails on a second run.
    for case in cases() {
        let old = old_model();
        let p = plan(&old, &case.new);
        for file in p.files.iter().filter(|f| f.non_transactional()) {
            for step in &file.steps {
                for sql in step.rendered.sql.iter().chain(&step.rendered.undo) {
                    let words = runner::script::leading_words(sql, 8).join(" ");
                    let repeatable = words.starts_with("DO")
                        || words.contains("IF NOT EXISTS")
                        || words.starts_with("DROP INDEX CONCURRENTLY IF EXISTS")
                        || sql.contains("VALIDATE CONSTRAINT")
                        || sql.contains(" DROP NOT NULL;");
                    assert!(
                        repeatable && !sql.contains("CONCURRENTLY \""),
                        "{}: `{sql}` may fail when run again",
                        case.name
                    );
                }
            }
        }
    }
}
