//! The Flyway-compatible runner against a real server: the generated migrations through the
//! baseline migration and through the versioned chain give the same catalog; undo and
//! migrate again; baseline of an existing database; a failing statement leaves nothing
//! behind; non-transactional failures; checksums and rows exactly as Flyway writes them;
//! the lock shared with Flyway; emptiness; transaction-mode detection; placeholders.

use hims_migrations::history::{flyway_checksum, parse_migration_name};
use hims_model::Model;
use hims_runner::{
    self as runner, BaselineOutcome, Config, Error, Progress, RepairChange, RepairOptions, State,
};
use hims_testdb::TestDb;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Roles are cluster-wide: held around applying the HIMS schema so that the tests stay
/// independent of one another. (A file that meets a concurrent write of a shared catalog
/// from another database is retried: see the test of that below.)
static ROLES: Mutex<()> = Mutex::new(());

fn generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/migrations")
}

/// (prefix letter, version) of every migration file in generated/migrations.
fn generated_files() -> Vec<(char, u32, String)> {
    let mut out: Vec<(char, u32, String)> = std::fs::read_dir(generated())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            let m = parse_migration_name(&name)?;
            Some((m.prefix.letter(), m.version.as_u32()?, name))
        })
        .collect();
    out.sort_by_key(|a| (a.1, a.0));
    out
}

fn head_version() -> u32 {
    generated_files()
        .iter()
        .filter(|f| f.0 == 'V')
        .map(|f| f.1)
        .max()
        .unwrap()
}

/// A copy of generated/migrations with only the files (and their sidecars) `keep` accepts.
fn copy_generated(keep: impl Fn(char, u32) -> bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (prefix, version, name) in generated_files() {
        if keep(prefix, version) {
            std::fs::copy(generated().join(&name), dir.path().join(&name)).unwrap();
            let conf = format!("{name}.conf");
            if generated().join(&conf).exists() {
                std::fs::copy(generated().join(&conf), dir.path().join(&conf)).unwrap();
            }
        }
    }
    dir
}

fn write_files(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn config(db: &TestDb, dir: &Path) -> Config {
    Config::new(db.conn_str(), dir)
}

fn quiet() -> impl FnMut(&Progress) {
    |_| {}
}

fn migrate_hims(db: &TestDb, dir: &Path) -> runner::MigrateReport {
    let _roles = ROLES.lock().unwrap_or_else(|e| e.into_inner());
    runner::migrate(&config(db, dir), &mut quiet()).unwrap_or_else(|e| panic!("migrate: {e}"))
}

/// Copied from tests/lib.rs: a column added by a delta goes to the end of its table while
/// the complete script declares it where the struct has it.
fn ignoring_column_order(model: &Model) -> Model {
    let mut m = model.clone();
    for t in &mut m.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    m
}

/// Every schema but the system ones and `public` (where the history table lives).
fn catalog(db: &TestDb) -> Model {
    let mut c = db.connect();
    let schemas: Vec<String> = c
        .query(
            "SELECT nspname::text FROM pg_namespace WHERE nspname !~ '^pg_' \
             AND nspname NOT IN ('information_schema', 'public') ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let schemas: Vec<&str> = schemas.iter().map(String::as_str).collect();
    ignoring_column_order(&hims_pg::introspect(&mut c, &schemas).unwrap())
}

fn catalog_of(db: &TestDb, schemas: &[&str]) -> String {
    hims_pg::introspect(&mut db.connect(), schemas)
        .unwrap()
        .to_canonical_json()
}

fn assert_same(expected: &Model, actual: &Model, what: &str) {
    let (e, a) = (expected.to_canonical_json(), actual.to_canonical_json());
    if e != a {
        let diff: Vec<String> = e
            .lines()
            .zip(a.lines())
            .filter(|(x, y)| x != y)
            .take(20)
            .map(|(x, y)| format!("- {x}\n+ {y}"))
            .collect();
        panic!("{what}: catalogs differ:\n{}", diff.join("\n"));
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Row {
    rank: i32,
    version: Option<String>,
    description: String,
    kind: String,
    script: String,
    checksum: Option<i32>,
    installed_by: String,
    success: bool,
}

fn history(db: &TestDb, table: &str) -> Vec<Row> {
    db.connect()
        .query(
            &format!(
                "SELECT installed_rank, version, description, type, script, checksum, installed_by, success \
                 FROM {table} ORDER BY installed_rank"
            ),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| Row {
            rank: r.get(0),
            version: r.get(1),
            description: r.get(2),
            kind: r.get(3),
            script: r.get(4),
            checksum: r.get(5),
            installed_by: r.get(6),
            success: r.get(7),
        })
        .collect()
}

const HISTORY: &str = "\"public\".\"flyway_schema_history\"";

fn checksum_of(dir: &Path, name: &str) -> i32 {
    flyway_checksum(&std::fs::read(dir.join(name)).unwrap())
}

/// The catalog of a new database migrated with generated/migrations (baseline migration).
fn via_baseline() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        let db = TestDb::new();
        migrate_hims(&db, &generated());
        catalog(&db)
    })
}

/// The catalog of a new database migrated with V001..V`upto` only, one by one.
fn via_versions(upto: u32) -> Model {
    let db = TestDb::new();
    let dir = copy_generated(|p, v| p == 'V' && v <= upto);
    migrate_hims(&db, dir.path());
    catalog(&db)
}

#[test]
fn empty_database_gets_the_baseline_migration_and_equals_the_versioned_chain() {
    let files = generated_files();
    let head = head_version();
    let newest_b = files
        .iter()
        .filter(|f| f.0 == 'B' && f.1 <= head)
        .max_by_key(|f| f.1)
        .expect("generated/migrations has a baseline migration")
        .clone();

    // Through the baseline migration. An extension installed beforehand by a DBA does not
    // make the database "not empty".
    let db_b = TestDb::new();
    db_b.connect()
        .batch_execute("CREATE EXTENSION pg_trgm")
        .unwrap();
    let mut events = Vec::new();
    let report = {
        let _roles = ROLES.lock().unwrap_or_else(|e| e.into_inner());
        runner::migrate(&config(&db_b, &generated()), &mut |p: &Progress| {
            events.push(p.clone())
        })
        .unwrap_or_else(|e| panic!("{e}"))
    };
    assert!(report.history_created);
    assert_eq!(
        report.baseline_migration.as_deref(),
        Some(newest_b.2.as_str())
    );
    assert_eq!(report.schema_version, Some(format!("{head:03}")));
    assert!(events.contains(&Progress::EmptyDatabase {
        baseline: Some(newest_b.2.clone())
    }));
    let rows = history(&db_b, HISTORY);
    let after_b: Vec<&(char, u32, String)> = files
        .iter()
        .filter(|f| f.0 == 'V' && f.1 > newest_b.1)
        .collect();
    assert_eq!(rows.len(), 1 + after_b.len(), "{rows:#?}");
    let b_name = parse_migration_name(&newest_b.2).unwrap();
    assert_eq!(
        rows[0],
        Row {
            rank: 1,
            version: Some(format!("{:03}", newest_b.1)),
            description: b_name.description.clone(),
            kind: "SQL_BASELINE".into(),
            script: newest_b.2.clone(),
            checksum: Some(checksum_of(&generated(), &newest_b.2)),
            installed_by: "postgres".into(),
            success: true,
        }
    );
    for (row, f) in rows[1..].iter().zip(&after_b) {
        assert_eq!(
            (row.kind.as_str(), row.script.as_str()),
            ("SQL", f.2.as_str())
        );
    }

    // Through every versioned migration, one by one (V003/V006 run outside a transaction
    // with CREATE INDEX CONCURRENTLY: this would hang if our lock held a transaction open).
    let db_v = TestDb::new();
    let v_dir = copy_generated(|p, _| p == 'V');
    let report = migrate_hims(&db_v, v_dir.path());
    assert_eq!(report.baseline_migration, None);
    let versioned: Vec<&(char, u32, String)> = files.iter().filter(|f| f.0 == 'V').collect();
    assert_eq!(report.applied.len(), versioned.len());
    let rows = history(&db_v, HISTORY);
    for (i, (row, f)) in rows.iter().zip(&versioned).enumerate() {
        let name = parse_migration_name(&f.2).unwrap();
        assert_eq!(
            *row,
            Row {
                rank: i as i32 + 1,
                version: Some(format!("{:03}", f.1)),
                description: name.description,
                kind: "SQL".into(),
                script: f.2.clone(),
                checksum: Some(checksum_of(&generated(), &f.2)),
                installed_by: "postgres".into(),
                success: true,
            }
        );
    }
    let non_transactional: Vec<&str> = report
        .applied
        .iter()
        .filter(|a| !a.transactional)
        .map(|a| a.script.as_str())
        .collect();
    assert!(
        non_transactional
            .iter()
            .all(|s| generated().join(format!("{s}.conf")).exists()),
        "{non_transactional:?}"
    );

    assert_same(
        &catalog(&db_v),
        &catalog(&db_b),
        "V001..Vhead vs baseline migration",
    );

    // Both validate; nothing left to do; info explains the baseline path.
    for (db, dir) in [(&db_b, generated()), (&db_v, v_dir.path().to_path_buf())] {
        runner::validate(&config(db, &dir)).unwrap_or_else(|e| panic!("{e}"));
        let again = runner::migrate(&config(db, &dir), &mut quiet()).unwrap();
        assert!(again.applied.is_empty());
        assert_eq!(again.schema_version, Some(format!("{head:03}")));
    }
    let info = runner::info(&config(&db_b, &generated())).unwrap();
    assert_eq!(info.current_version, Some(format!("{head:03}")));
    let state_of = |script: &str| {
        info.entries
            .iter()
            .find(|e| e.script == script)
            .map(|e| e.state)
    };
    assert_eq!(state_of(&newest_b.2), Some(State::Success));
    assert_eq!(
        state_of("V001__complete_hims_schema.sql"),
        Some(State::BelowBaseline)
    );
    for f in &files {
        if f.0 == 'B' && f.2 != newest_b.2 {
            assert_eq!(state_of(&f.2), Some(State::Unused), "{}", f.2);
        }
    }
    assert!(
        info.entries
            .iter()
            .all(|e| e.checksum_matches() != Some(false))
    );
}

#[test]
fn undo_then_migrate_again() {
    let head = head_version();
    let db = TestDb::new();
    let dir = copy_generated(|p, _| p == 'V' || p == 'U');
    migrate_hims(&db, dir.path());
    let full = catalog(&db);

    let undone = {
        let _roles = ROLES.lock().unwrap_or_else(|e| e.into_inner());
        runner::undo(&config(&db, dir.path()), &mut quiet()).unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(undone.kind, "UNDO_SQL");
    assert_eq!(undone.version, format!("{head:03}"));
    assert!(undone.script.starts_with(&format!("U{head:03}__")));
    let rows = history(&db, HISTORY);
    let last = rows.last().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.version.as_deref(), last.success),
        ("UNDO_SQL", Some(format!("{head:03}").as_str()), true)
    );
    assert_eq!(last.checksum, Some(checksum_of(dir.path(), &undone.script)));
    assert_same(&via_versions(head - 1), &catalog(&db), "after undo");

    let info = runner::info(&config(&db, dir.path())).unwrap();
    assert_eq!(info.current_version, Some(format!("{:03}", head - 1)));
    let v_head = info
        .entries
        .iter()
        .filter(|e| e.kind == "SQL" && e.version.as_deref() == Some(&format!("{head:03}")))
        .map(|e| e.state)
        .collect::<Vec<_>>();
    assert_eq!(v_head, [State::Undone, State::Pending]);

    // Pending again: migrate re-applies it, with a new row.
    let report = migrate_hims(&db, dir.path());
    assert_eq!(report.applied.len(), 1);
    assert_eq!(report.applied[0].version, format!("{head:03}"));
    assert_eq!(report.applied[0].installed_rank, rows.len() as i32 + 1);
    assert_same(&full, &catalog(&db), "after undo + migrate");
    runner::validate(&config(&db, dir.path())).unwrap_or_else(|e| panic!("{e}"));

    // A database that started from the baseline migration has nothing below it to go
    // back to: refused, saying so.
    let db_b = TestDb::new();
    migrate_hims(&db_b, &generated());
    let e = runner::undo(&config(&db_b, &generated()), &mut quiet()).unwrap_err();
    assert!(e.to_string().contains("baseline"), "{e}");
}

#[test]
fn baseline_marks_an_existing_database_then_migrate_applies_only_later_versions() {
    let head = head_version();
    let files = generated_files();
    // An older released baseline migration B00N with N < head, applied by hand: a database
    // "created from an old export" at N.
    let (_, n, b_file) = files
        .iter()
        .filter(|f| f.0 == 'B' && f.1 < head)
        .max_by_key(|f| f.1)
        .expect("a baseline migration below head")
        .clone();
    let db = TestDb::new();
    {
        let _roles = ROLES.lock().unwrap_or_else(|e| e.into_inner());
        db.psql_file(&generated().join(&b_file)).unwrap();
    }
    let cfg = config(&db, &generated());

    // Not empty and no history: refused, naming objects.
    let e = runner::migrate(&cfg, &mut quiet()).unwrap_err();
    assert!(matches!(e, Error::NotEmpty { .. }), "{e}");
    let text = e.to_string();
    assert!(
        text.contains("schema billing") && text.contains("baseline --version"),
        "{text}"
    );
    let no_table: bool = db
        .connect()
        .query_one(
            "SELECT to_regclass('public.flyway_schema_history') IS NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(no_table, "a refused migrate creates nothing");

    assert_eq!(
        runner::baseline(&cfg, &n.to_string(), None).unwrap(),
        BaselineOutcome::Created
    );
    let rows = history(&db, HISTORY);
    assert_eq!(
        rows,
        [Row {
            rank: 1,
            version: Some(n.to_string()),
            description: "<< Flyway Baseline >>".into(),
            kind: "BASELINE".into(),
            script: "<< Flyway Baseline >>".into(),
            checksum: None,
            installed_by: "postgres".into(),
            success: true,
        }]
    );
    let (exec, on_default): (i32, bool) = {
        let r = db
            .connect()
            .query_one(
                "SELECT execution_time, installed_on <= now()::timestamp FROM public.flyway_schema_history",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((exec, on_default), (0, true));
    // The same baseline again is fine; another one is refused.
    assert_eq!(
        runner::baseline(&cfg, &n.to_string(), None).unwrap(),
        BaselineOutcome::AlreadyBaselined
    );
    let e = runner::baseline(&cfg, &(n + 1).to_string(), None).unwrap_err();
    assert!(e.to_string().contains("already been baselined"), "{e}");

    let report = migrate_hims(&db, &generated());
    let applied: Vec<u32> = report
        .applied
        .iter()
        .map(|a| a.version.parse().unwrap())
        .collect();
    assert_eq!(applied, ((n + 1)..=head).collect::<Vec<_>>());
    assert!(report.applied.iter().all(|a| a.kind == "SQL"));
    assert_same(
        via_baseline(),
        &catalog(&db),
        "baseline N + migrate vs head",
    );
    runner::validate(&cfg).unwrap_or_else(|e| panic!("{e}"));

    // A history with migrations cannot be baselined.
    let e = runner::baseline(&config(&db, &generated()), "1", Some("other")).unwrap_err();
    assert!(e.to_string().contains("Unable to baseline"), "{e}");
}

const V001: &str = "CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a VALUES (1);\n";
const BAD_V002: &str = "-- three statements; the third fails\n\
CREATE TABLE b (id int, note text DEFAULT E'it\\'s; fine');\n\
INSERT INTO b VALUES (1, $x$ semi; colon $x$);\n\
\n\
INSERT INTO b (id)\n\
    SELECT id FROM nope;\n";

#[test]
fn a_failing_statement_leaves_no_trace() {
    let db = TestDb::new();
    let dir = write_files(&[("V001__first.sql", V001)]);
    let cfg = config(&db, dir.path());
    runner::migrate(&cfg, &mut quiet()).unwrap();
    let before = catalog_of(&db, &["public"]);
    let rows_before = history(&db, HISTORY);

    std::fs::write(dir.path().join("V002__bad.sql"), BAD_V002).unwrap();
    let mut events = Vec::new();
    let e = runner::migrate(&cfg, &mut |p: &Progress| events.push(p.clone())).unwrap_err();
    let Error::Statement(s) = &e else {
        panic!("expected a statement error, got {e}")
    };
    assert_eq!(s.script, "V002__bad.sql");
    assert_eq!(s.line, 5, "the third statement starts at line 5");
    assert_eq!(
        s.error_line,
        Some(6),
        "PostgreSQL points at `nope` on line 6"
    );
    assert_eq!(s.statement, "INSERT INTO b (id)");
    assert_eq!(s.sqlstate.as_deref(), Some("42P01"));
    assert_eq!(s.message, "relation \"nope\" does not exist");
    assert!(s.transactional);
    let text = e.to_string();
    for needle in [
        "V002__bad.sql",
        "line 6",
        "statement starting at line 5",
        "relation \"nope\" does not exist",
        "rolled back",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from: {text}");
    }
    assert_eq!(
        events.last(),
        Some(&Progress::Failed {
            script: "V002__bad.sql".into()
        })
    );
    assert_eq!(catalog_of(&db, &["public"]), before, "database unchanged");
    assert_eq!(history(&db, HISTORY), rows_before, "no history row");
    // The lock was released despite the error.
    assert!(
        db.connect()
            .query_one("SELECT pg_try_advisory_lock($1)", &[&cfg.lock_key()])
            .unwrap()
            .get::<_, bool>(0)
    );

    // Fixed, it applies.
    std::fs::write(
        dir.path().join("V002__bad.sql"),
        BAD_V002.replace("nope", "a"),
    )
    .unwrap();
    let report = runner::migrate(&cfg, &mut quiet()).unwrap();
    assert_eq!(report.applied.len(), 1);
    assert_eq!(report.applied[0].statements, 3);
    let n: i64 = db
        .connect()
        .query_one("SELECT count(*) FROM b", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 2);

    // A failing PL/pgSQL block reports PostgreSQL's CONTEXT too.
    std::fs::write(
        dir.path().join("V003__do.sql"),
        "DO $hims$\nBEGIN\n    RAISE EXCEPTION 'boom' USING HINT = 'try again';\nEND\n$hims$;\n",
    )
    .unwrap();
    let text = runner::migrate(&cfg, &mut quiet()).unwrap_err().to_string();
    assert!(
        text.contains("ERROR: boom")
            && text.contains("HINT: try again")
            && text.contains("CONTEXT: PL/pgSQL"),
        "{text}"
    );
}

#[test]
fn a_non_transactional_failure_writes_a_failed_row_and_blocks_migrate() {
    let db = TestDb::new();
    let dir = write_files(&[
        ("V001__first.sql", V001),
        (
            "V002__online.sql",
            "CREATE TABLE b (id int);\nCREATE INDEX CONCURRENTLY b_id_idx ON b (id);\nSELECT 1/0;\n",
        ),
        ("V002__online.sql.conf", "executeInTransaction=false\n"),
        ("V003__later.sql", "CREATE TABLE c (id int);\n"),
    ]);
    let cfg = config(&db, dir.path());
    let e = runner::migrate(&cfg, &mut quiet()).unwrap_err();
    let Error::Statement(s) = &e else {
        panic!("{e}")
    };
    assert!(!s.transactional);
    assert_eq!((s.line, s.sqlstate.as_deref()), (3, Some("22012")));
    assert!(matches!(s.failed_row, Some(Ok(2))), "{:?}", s.failed_row);
    assert!(e.to_string().contains("success = false"), "{e}");
    let rows = history(&db, HISTORY);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (
            rows[1].version.as_deref(),
            rows[1].kind.as_str(),
            rows[1].success
        ),
        (Some("002"), "SQL", false)
    );
    // What ran before the failure stays (autocommit), V003 was not attempted.
    let mut c = db.connect();
    let b_idx: bool = c
        .query_one(
            "SELECT to_regclass('public.b_id_idx') IS NOT NULL AND to_regclass('public.c') IS NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(b_idx);

    let e = runner::migrate(&cfg, &mut quiet()).unwrap_err();
    assert!(matches!(e, Error::FailedMigration { .. }), "{e}");
    assert!(
        e.to_string().contains("V002__online.sql") && e.to_string().contains("run `repair`"),
        "{e}"
    );
    let e = runner::validate(&cfg).unwrap_err().to_string();
    assert!(
        e.contains("Detected failed migration to version 002"),
        "{e}"
    );
    let info = runner::info(&cfg).unwrap();
    assert_eq!(info.entries[1].state, State::Failed);
}

#[test]
fn checksums_are_flyways_test_vectors() {
    // flyway-compat §2 (a)..(e).
    let cases: &[(&[u8], i32)] = &[
        (b"CREATE TABLE t (id int);\n", 92137680),
        (b"CREATE TABLE t (id int);\r\n", 92137680),
        (b"\xEF\xBB\xBFCREATE TABLE t (id int);\n", 92137680),
        (b"SELECT 1;\nSELECT 2;\n", -1665099012),
        (b"", 0),
    ];
    for (content, expected) in cases {
        let db = TestDb::new();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("V1__vector.sql"), content).unwrap();
        runner::migrate(&config(&db, dir.path()), &mut quiet()).unwrap();
        let rows = history(&db, HISTORY);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].checksum,
            Some(*expected),
            "{:?}",
            String::from_utf8_lossy(content)
        );
        assert_eq!(rows[0].version.as_deref(), Some("1"));
        assert_eq!(rows[0].description, "vector");
    }
}

/// The §3 DDL, verbatim, as Flyway runs it (not taken from our code).
const FLYWAY_DDL: &str = r#"CREATE TABLE "public"."flyway_schema_history" (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
);
ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");
"#;

#[test]
fn rows_written_by_flyway_are_accepted_and_our_table_is_flyways() {
    // A database Flyway migrated: its table, its row for V1, the migration's effect.
    let flyway_db = TestDb::new();
    flyway_db
        .connect()
        .batch_execute(&format!(
            "{FLYWAY_DDL}
             CREATE TABLE t (id int);
             INSERT INTO \"public\".\"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")
             VALUES (1, '1', 'Add users table', 'SQL', 'V1__Add_users_table.sql', 92137680, 'flyway_user', 45, true);"
        ))
        .unwrap();
    let dir = write_files(&[
        ("V1__Add_users_table.sql", "CREATE TABLE t (id int);\n"),
        ("V1_1__Add_index.sql", "CREATE INDEX t_id_idx ON t (id);\n"),
    ]);
    let cfg = config(&flyway_db, dir.path());
    let info = runner::info(&cfg).unwrap();
    assert_eq!(info.entries[0].state, State::Success);
    assert_eq!(info.entries[0].checksum_matches(), Some(true));
    assert_eq!(info.entries[1].state, State::Pending);
    let report = runner::migrate(&cfg, &mut quiet()).unwrap();
    assert_eq!(report.applied.len(), 1);
    let rows = history(&flyway_db, HISTORY);
    assert_eq!(rows[1].rank, 2);
    assert_eq!(rows[1].version.as_deref(), Some("1.1"));
    assert_eq!(rows[1].description, "Add index");
    runner::validate(&cfg).unwrap_or_else(|e| panic!("{e}"));

    // Our own table on a fresh database has exactly the shape of Flyway's DDL.
    let ours = TestDb::new();
    runner::migrate(&config(&ours, dir.path()), &mut quiet()).unwrap();
    let reference = TestDb::new();
    reference.connect().batch_execute(FLYWAY_DDL).unwrap();
    // NOT NULL shows as attnotnull; PostgreSQL 18 also keeps it as a constraint (contype 'n').
    let shape = |db: &TestDb| -> Vec<String> {
        db.connect()
            .query(
                "SELECT a.attnum || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull \
                        || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') \
                 FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
                 WHERE a.attrelid = 'public.flyway_schema_history'::regclass AND a.attnum > 0 \
                 UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint \
                 WHERE conrelid = 'public.flyway_schema_history'::regclass AND contype <> 'n' \
                 UNION ALL SELECT pg_get_indexdef(indexrelid) FROM pg_index \
                 WHERE indrelid = 'public.flyway_schema_history'::regclass ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let expected = shape(&reference);
    assert_eq!(expected.len(), 10 + 1 + 2);
    assert_eq!(shape(&ours), expected);
}

#[test]
fn a_missing_schema_is_created_with_flyways_schema_row() {
    let db = TestDb::new();
    let dir = write_files(&[("V1__t.sql", "CREATE TABLE t (id int);\n")]);
    let mut cfg = config(&db, dir.path());
    cfg.schema = "app".into();
    cfg.table = "history".into();
    runner::migrate(&cfg, &mut quiet()).unwrap();
    let rows = history(&db, "\"app\".\"history\"");
    assert_eq!(
        rows[0],
        Row {
            rank: 0,
            version: None,
            description: "<< Flyway Schema Creation >>".into(),
            kind: "SCHEMA".into(),
            script: "\"app\"".into(),
            checksum: None,
            installed_by: "postgres".into(),
            success: true,
        }
    );
    assert_eq!(rows[1].rank, 1);
    // search_path had the history schema first, as with Flyway: t is app.t.
    let in_app: bool = db
        .connect()
        .query_one("SELECT to_regclass('app.t') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    assert!(in_app);
    let names: Vec<String> = db
        .connect()
        .query(
            // PostgreSQL 18 also lists NOT NULL constraints (contype 'n'); attnotnull covers them.
            "SELECT conname::text FROM pg_constraint WHERE conrelid = 'app.history'::regclass AND contype <> 'n' \
             UNION ALL SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'app.history'::regclass ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names, ["app.history_pk", "app.history_s_idx", "history_pk"]);
    runner::validate(&cfg).unwrap();
}

#[test]
fn the_lock_excludes_flyway_in_both_modes_and_is_always_released() {
    let db = TestDb::new();
    let dir = write_files(&[("V1__t.sql", "CREATE TABLE t (id int);\n")]);
    let mut cfg = config(&db, dir.path());
    cfg.lock_retry_count = 1;
    assert_eq!(cfg.lock_key(), 77433833903597);

    // Flyway's default: a transaction-level advisory lock held in an open transaction.
    let mut flyway = db.connect();
    let mut tx = flyway.transaction().unwrap();
    let pid: i32 = tx.query_one("SELECT pg_backend_pid()", &[]).unwrap().get(0);
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&cfg.lock_key()])
        .unwrap();
    let start = std::time::Instant::now();
    let e = runner::migrate(&cfg, &mut quiet()).unwrap_err();
    assert!(start.elapsed() >= std::time::Duration::from_secs(1));
    let Error::Lock { holders, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(holders, &[pid]);
    assert!(e.to_string().contains("Number of retries exceeded while attempting to acquire PostgreSQL advisory lock 77433833903597"), "{e}");
    tx.rollback().unwrap();

    // Flyway with postgresql.transactional.lock=false: a session lock.
    flyway
        .execute("SELECT pg_advisory_lock($1)", &[&cfg.lock_key()])
        .unwrap();
    assert!(matches!(
        runner::migrate(&cfg, &mut quiet()),
        Err(Error::Lock { .. })
    ));
    flyway
        .execute("SELECT pg_advisory_unlock($1)", &[&cfg.lock_key()])
        .unwrap();

    runner::migrate(&cfg, &mut quiet()).unwrap();
    // Released after success: Flyway could take it now.
    let got: bool = flyway
        .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&cfg.lock_key()])
        .unwrap()
        .get(0);
    assert!(got);
}

#[test]
fn emptiness_is_checked_on_every_schema() {
    let dir = write_files(&[("V1__t.sql", "CREATE TABLE t (id int);\n")]);
    for (setup, found) in [
        ("CREATE SCHEMA billing", "schema billing"),
        ("CREATE TABLE public.legacy (id int)", "table public.legacy"),
        ("CREATE TYPE public.mood AS ENUM ('ok')", "type public.mood"),
        (
            "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
            "function public.f()",
        ),
        (
            "CREATE SCHEMA s; CREATE VIEW s.v AS SELECT 1 AS one",
            "view s.v",
        ),
    ] {
        let db = TestDb::new();
        db.connect().batch_execute(setup).unwrap();
        let e = runner::migrate(&config(&db, dir.path()), &mut quiet()).unwrap_err();
        assert!(matches!(e, Error::NotEmpty { .. }), "{setup}: {e}");
        assert!(e.to_string().contains(found), "{setup}: {e}");
        let info = runner::info(&config(&db, dir.path())).unwrap();
        assert!(info.non_empty_objects.unwrap().iter().any(|o| o == found));
    }
    // Restricting the check to named schemas (Flyway `schemas`) ignores the others.
    let db = TestDb::new();
    db.connect()
        .batch_execute("CREATE SCHEMA other; CREATE TABLE other.x (id int)")
        .unwrap();
    let mut cfg = config(&db, dir.path());
    cfg.schemas = vec!["public".into()];
    runner::migrate(&cfg, &mut quiet()).unwrap();
}

#[test]
fn transaction_mode_is_detected_like_flyway() {
    // Only statements that cannot run in a transaction, no sidecar: autocommit.
    let db = TestDb::new();
    let dir = write_files(&[
        ("V1__t.sql", "CREATE TABLE t (id int);\n"),
        (
            "V2__idx.sql",
            "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n",
        ),
    ]);
    let report = runner::migrate(&config(&db, dir.path()), &mut quiet()).unwrap();
    assert!(report.applied[0].transactional);
    assert!(!report.applied[1].transactional);

    // A mix without a sidecar is refused before anything runs.
    let db = TestDb::new();
    let dir = write_files(&[(
        "V1__mixed.sql",
        "SET lock_timeout = '1s';\nCREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n",
    )]);
    let e = runner::migrate(&config(&db, dir.path()), &mut quiet()).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("Detected both transactional and non-transactional statements")
            && text.contains("line 3"),
        "{text}"
    );
    assert!(history(&db, HISTORY).is_empty());
    // ... unless mixed is allowed (then it runs without a transaction).
    let mut cfg = config(&db, dir.path());
    cfg.mixed = true;
    let report = runner::migrate(&cfg, &mut quiet()).unwrap();
    assert!(!report.applied[0].transactional);

    // An unterminated quote is reported before anything runs.
    let db = TestDb::new();
    let dir = write_files(&[
        ("V1__ok.sql", "CREATE TABLE t (id int);\n"),
        ("V2__broken.sql", "SELECT 1;\nDO $hims$ BEGIN END;\n"),
    ]);
    let e = runner::migrate(&config(&db, dir.path()), &mut quiet()).unwrap_err();
    assert!(
        e.to_string().contains(
            "V2__broken.sql: unterminated dollar-quoted string $hims$ starting at line 2"
        ),
        "{e}"
    );
    let t: bool = db
        .connect()
        .query_one("SELECT to_regclass('public.t') IS NULL", &[])
        .unwrap()
        .get(0);
    assert!(t, "V1 did not run either");
}

#[test]
fn placeholders_are_replaced_like_flyway() {
    let db = TestDb::new();
    let text = "CREATE TABLE ${flyway:defaultSchema}.t (id int);\nCOMMENT ON TABLE t IS '${flyway:filename} by ${Owner}';\n";
    let dir = write_files(&[("V1__t.sql", text)]);
    let mut cfg = config(&db, dir.path());
    let e = runner::migrate(&cfg, &mut quiet()).unwrap_err();
    assert!(
        e.to_string()
            .contains("No value provided for placeholder: ${Owner}"),
        "{e}"
    );
    cfg.placeholders.insert("owner".into(), "team".into());
    runner::migrate(&cfg, &mut quiet()).unwrap();
    let comment: String = db
        .connect()
        .query_one(
            "SELECT obj_description('public.t'::regclass, 'pg_class')",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(comment, "V1__t.sql by team");
    // The checksum is the raw file's.
    assert_eq!(
        history(&db, HISTORY)[0].checksum,
        Some(flyway_checksum(text.as_bytes()))
    );
}

#[test]
fn validate_reports_every_problem_at_once() {
    let db = TestDb::new();
    let dir = write_files(&[
        ("V1__a.sql", "CREATE TABLE a (id int);\n"),
        ("V2__b.sql", "CREATE TABLE b (id int);\n"),
        ("V4__d.sql", "CREATE TABLE d (id int);\n"),
    ]);
    let cfg = config(&db, dir.path());
    runner::migrate(&cfg, &mut quiet()).unwrap();
    let v1_before = checksum_of(dir.path(), "V1__a.sql");
    // Tampered V1, deleted V2, an old V3 never applied, a new V5 pending.
    std::fs::write(
        dir.path().join("V1__a.sql"),
        "CREATE TABLE a (id bigint);\n",
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("V2__b.sql")).unwrap();
    std::fs::write(dir.path().join("V3__c.sql"), "SELECT 1;\n").unwrap();
    std::fs::write(dir.path().join("V5__e.sql"), "SELECT 1;\n").unwrap();
    let v1_after = checksum_of(dir.path(), "V1__a.sql");
    let Err(Error::Validation { problems }) = runner::validate(&cfg) else {
        panic!("validation must fail")
    };
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[0].starts_with(&format!(
        "Migration checksum mismatch for migration version 1 (V1__a.sql)\n-> Applied to database : {v1_before}\n-> Resolved locally    : {v1_after}"
    )));
    assert!(
        messages[1].starts_with("Detected applied migration not resolved locally: 2 (V2__b.sql)")
    );
    assert!(messages[2].contains("not applied to database: 3 (V3__c.sql)"));
    assert!(
        messages[3]
            .starts_with("Detected resolved migration not applied to database: 5 (V5__e.sql)")
    );
    // migrate reports the same, minus the pending one, and applies nothing.
    let Err(Error::Validation { problems }) = runner::migrate(&cfg, &mut quiet()) else {
        panic!("migrate must refuse")
    };
    assert_eq!(problems.len(), 3);
    assert_eq!(history(&db, HISTORY).len(), 3);
}

/// Issue #9's sequence without touching a released file: a migration fails on the data
/// (outside a transaction, so a failed row is written), the message says what to do, the
/// data is fixed, `repair` removes the failed row, `migrate` runs the file again and
/// succeeds. A transactional failure needs no repair: fix the data, migrate again.
#[test]
fn a_migration_that_fails_on_data_goes_through_after_fixing_the_data_repair_and_migrate() {
    let db = TestDb::new();
    let dir = write_files(&[
        (
            "V001__patients.sql",
            "CREATE TABLE patients (id int PRIMARY KEY, lang text);\n\
             INSERT INTO patients SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'hi' END FROM generate_series(1, 3000) g;\n",
        ),
        (
            "V002__lang_not_null.sql",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS patients_lang_idx ON patients (lang);\n\
             ALTER TABLE patients ALTER COLUMN lang SET NOT NULL;\n",
        ),
        (
            "V002__lang_not_null.sql.conf",
            "executeInTransaction=false\n",
        ),
        (
            "V003__lang_check.sql",
            "ALTER TABLE patients ADD CONSTRAINT patients_lang_len CHECK (length(lang) = 2);\n",
        ),
    ]);
    let released: Vec<(String, Vec<u8>)> = [
        "V001__patients.sql",
        "V002__lang_not_null.sql",
        "V003__lang_check.sql",
    ]
    .iter()
    .map(|n| (n.to_string(), std::fs::read(dir.path().join(n)).unwrap()))
    .collect();
    let cfg = config(&db, dir.path());
    let e = runner::migrate(&cfg, &mut quiet()).unwrap_err();
    let text = e.to_string();
    assert!(
        matches!(&e, Error::Statement(s) if s.sqlstate.as_deref() == Some("23502")),
        "{text}"
    );
    for needle in ["fix the cause", "run `repair`", "run `migrate` again"] {
        assert!(text.contains(needle), "{needle:?} missing from: {text}");
    }
    // Blocked until repaired, and the message says the same.
    let blocked = runner::migrate(&cfg, &mut quiet()).unwrap_err().to_string();
    assert!(
        blocked.contains("run `repair`") && blocked.contains("fix the cause"),
        "{blocked}"
    );

    let mut c = db.connect();
    c.batch_execute("UPDATE patients SET lang = 'en' WHERE lang IS NULL")
        .unwrap();
    let report = runner::repair(&cfg, RepairOptions::default()).unwrap();
    assert_eq!(report.changes.len(), 1, "{report:?}");
    assert!(
        matches!(&report.changes[0], RepairChange::RemovedFailed { version: Some(v), script, .. }
            if v == "002" && script == "V002__lang_not_null.sql"),
        "{report:?}"
    );
    assert!(history(&db, HISTORY).iter().all(|r| r.success));

    // V002 now succeeds; V003 fails in its transaction on rows of length 3.
    c.batch_execute("UPDATE patients SET lang = 'eng' WHERE id = 7")
        .unwrap();
    let e = runner::migrate(&cfg, &mut quiet()).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("V003__lang_check.sql")
            && text.contains("rolled back")
            && text.contains("run `migrate` again"),
        "{text}"
    );
    let nulls: bool = c
        .query_one("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'patients'::regclass AND attname = 'lang'", &[])
        .unwrap()
        .get(0);
    assert!(nulls, "V002 applied: lang is NOT NULL");
    c.batch_execute("UPDATE patients SET lang = 'en' WHERE length(lang) <> 2")
        .unwrap();
    let nothing = runner::repair(&cfg, RepairOptions::default()).unwrap();
    assert!(
        nothing.changes.is_empty() && nothing.left.is_empty(),
        "{nothing:?}"
    );
    let report = runner::migrate(&cfg, &mut quiet()).unwrap();
    assert_eq!(report.schema_version.as_deref(), Some("003"));
    runner::validate(&cfg).unwrap_or_else(|e| panic!("{e}"));
    let n: i64 = c
        .query_one("SELECT count(*) FROM patients WHERE lang = 'en'", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1001, "every NULL and the bad row fixed, no row lost");
    let rows = history(&db, HISTORY);
    assert_eq!(
        rows.iter()
            .map(|r| (r.version.as_deref().unwrap_or(""), r.success))
            .collect::<Vec<_>>(),
        [("001", true), ("002", true), ("003", true)]
    );
    for (name, bytes) in &released {
        assert_eq!(
            &std::fs::read(dir.path().join(name)).unwrap(),
            bytes,
            "{name} untouched"
        );
        let row = rows.iter().find(|r| &r.script == name).unwrap();
        assert_eq!(row.checksum, Some(flyway_checksum(bytes)));
    }
}

/// `repair` realigns checksums and marks missing files deleted only when asked, and
/// reports each change; without the flags it lists what it left.
#[test]
fn repair_realigns_and_deletes_only_when_asked() {
    let db = TestDb::new();
    let dir = write_files(&[
        ("V001__first.sql", V001),
        ("V002__second.sql", "CREATE TABLE b (id int);\n"),
        ("V003__third.sql", "CREATE TABLE c (id int);\n"),
    ]);
    let cfg = config(&db, dir.path());
    runner::migrate(&cfg, &mut quiet()).unwrap();
    let old = checksum_of(dir.path(), "V003__third.sql");
    std::fs::write(
        dir.path().join("V003__third.sql"),
        "CREATE TABLE c (id int); -- edited\n",
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("V002__second.sql")).unwrap();
    let new = checksum_of(dir.path(), "V003__third.sql");
    let before = history(&db, HISTORY);

    let report = runner::repair(&cfg, RepairOptions::default()).unwrap();
    assert!(report.changes.is_empty(), "{report:?}");
    assert_eq!(report.left.len(), 2, "{report:?}");
    assert!(
        report
            .left
            .iter()
            .any(|l| l.contains("V002__second.sql") && l.contains("--delete-missing"))
    );
    assert!(
        report
            .left
            .iter()
            .any(|l| l.contains("V003__third.sql") && l.contains("--realign-checksums"))
    );
    assert_eq!(history(&db, HISTORY), before, "nothing changed");
    assert!(runner::validate(&cfg).is_err());

    let report = runner::repair(
        &cfg,
        RepairOptions {
            realign_checksums: true,
            delete_missing: false,
        },
    )
    .unwrap();
    assert_eq!(report.changes.len(), 1, "{report:?}");
    let shown = report.changes[0].to_string();
    assert!(
        shown.contains(&format!("checksum {old} -> {new}")) && shown.contains("V003__third.sql"),
        "{shown}"
    );
    let e = runner::validate(&cfg).unwrap_err().to_string();
    assert!(
        e.contains("not resolved locally") && !e.contains("checksum mismatch"),
        "{e}"
    );

    let report = runner::repair(
        &cfg,
        RepairOptions {
            realign_checksums: true,
            delete_missing: true,
        },
    )
    .unwrap();
    assert_eq!(report.changes.len(), 1, "{report:?}");
    assert!(
        matches!(&report.changes[0], RepairChange::MarkedDeleted { version: Some(v), marker_rank: 4, .. } if v == "002"),
        "{report:?}"
    );
    runner::validate(&cfg).unwrap_or_else(|e| panic!("{e}"));
    let rows = history(&db, HISTORY);
    assert_eq!(
        (
            rows[3].kind.as_str(),
            rows[3].version.as_deref(),
            rows[3].script.as_str()
        ),
        ("DELETE", Some("002"), "V002__second.sql")
    );
    assert_eq!(rows[2].checksum, Some(new));
}

/// Ctrl-C on `hims-migrate` while a long statement runs: the elapsed time is shown, the
/// statement is cancelled on the server, and the history stays consistent — a
/// transactional file leaves nothing (no row, no data), a non-transactional one its failed
/// row (repair, then migrate again).
#[test]
fn ctrl_c_cancels_the_running_statement_and_leaves_the_history_consistent() {
    for transactional in [true, false] {
        let db = TestDb::new();
        let mut files = vec![
            ("V001__t.sql", "CREATE TABLE t (id int);\n"),
            (
                "V002__slow.sql",
                "INSERT INTO t VALUES (1);\nSELECT pg_sleep(120);\nINSERT INTO t VALUES (2);\n",
            ),
        ];
        if !transactional {
            files.push(("V002__slow.sql.conf", "executeInTransaction=false\n"));
        }
        let dir = write_files(&files);
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_hims-migrate"))
            .args(["migrate", "--url", db.conn_str(), "--dir"])
            .arg(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut c = db.connect();
        let sleeping = |c: &mut postgres::Client| -> bool {
            c.query_one(
                "SELECT count(*) > 0 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(120)%' AND state = 'active'",
                &[],
            )
            .unwrap()
            .get(0)
        };
        let start = std::time::Instant::now();
        while !sleeping(&mut c) {
            assert!(
                start.elapsed().as_secs() < 30,
                "the slow statement never started"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if transactional {
            // Long enough for the elapsed-time line.
            std::thread::sleep(std::time::Duration::from_millis(6500));
        }
        let status = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = child.wait_with_output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.status.success(), "{text}");
        assert!(
            text.contains("cancelling V002__slow.sql line 2 on the server")
                && text.contains("canceling statement due to user request"),
            "{text}"
        );
        assert!(
            !sleeping(&mut c),
            "the statement no longer runs on the server"
        );
        let rows = history(&db, HISTORY);
        let ids: Vec<i32> = c
            .query("SELECT id FROM t ORDER BY id", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let cfg = config(&db, dir.path());
        if transactional {
            assert!(
                text.contains("running for 5 s"),
                "elapsed time shown: {text}"
            );
            assert!(text.contains("rolled back"), "{text}");
            assert_eq!(rows.len(), 1, "only V001 recorded");
            assert!(ids.is_empty(), "V002's insert rolled back");
        } else {
            assert!(text.contains("run `repair`"), "{text}");
            assert_eq!(
                rows.iter()
                    .map(|r| (r.version.as_deref().unwrap(), r.success))
                    .collect::<Vec<_>>(),
                [("001", true), ("002", false)]
            );
            assert_eq!(
                ids,
                [1],
                "the statement before the cancelled one stays committed"
            );
            runner::repair(&cfg, RepairOptions::default()).unwrap();
        }
        // Either way the history is consistent: validate names only what is pending.
        let e = runner::validate(&cfg).unwrap_err().to_string();
        assert!(
            e.contains("not applied") && !e.contains("Detected failed"),
            "{e}"
        );
    }
}

/// Flyway `target`: migrate stops at that version; a later migrate without it goes on.
#[test]
fn migrate_stops_at_the_target_version() {
    let db = TestDb::new();
    let dir = write_files(&[
        ("V001__first.sql", V001),
        ("V002__second.sql", "CREATE TABLE b (id int);\n"),
        ("V003__third.sql", "CREATE TABLE c (id int);\n"),
    ]);
    let mut cfg = config(&db, dir.path());
    cfg.target = Some("2".into());
    let report = runner::migrate(&cfg, &mut quiet()).unwrap();
    assert_eq!(report.applied.len(), 2);
    assert_eq!(report.schema_version.as_deref(), Some("002"));
    let c_exists: bool = db
        .connect()
        .query_one("SELECT to_regclass('public.c') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    assert!(!c_exists, "V003 is above the target");
    cfg.target = None;
    let report = runner::migrate(&cfg, &mut quiet()).unwrap();
    assert_eq!(report.applied.len(), 1);
    assert_eq!(report.schema_version.as_deref(), Some("003"));
}

/// Flyway's advisory lock is per database, so two databases of one cluster may be migrated
/// at the same moment, and roles and role settings are shared by the cluster: a released
/// file that sets a role's settings with a plain `ALTER ROLE … SET` fails in the second
/// database once the first commits (`unique_violation` on `pg_db_role_setting`). The file
/// was rolled back whole, so the runner runs it again, and reports that it did.
#[test]
fn a_file_rolled_back_by_a_concurrent_role_write_in_another_database_is_retried() {
    let first = TestDb::new();
    let second = TestDb::new();
    let role = format!("hims_t_retry_{}", std::process::id());
    first
        .connect()
        .batch_execute(&format!("CREATE ROLE \"{role}\" NOLOGIN"))
        .unwrap();
    let dir = write_files(&[(
        "V1__settings.sql",
        &format!("CREATE TABLE t (x int);\nALTER ROLE \"{role}\" SET statement_timeout = '30s';\n"),
    )]);
    // The first database sets the role's settings and keeps its transaction open.
    let mut in_first = first.connect();
    let mut tx = in_first.transaction().unwrap();
    tx.batch_execute(&format!("ALTER ROLE \"{role}\" SET lock_timeout = '5s'"))
        .unwrap();
    let cfg = config(&second, dir.path());
    let migrating = std::thread::spawn(move || {
        let mut events = Vec::new();
        let r = runner::migrate(&cfg, &mut |p| events.push(p.clone()));
        (r, events)
    });
    std::thread::sleep(std::time::Duration::from_millis(700));
    tx.commit().unwrap();
    let (result, events) = migrating.join().unwrap();
    let report = result.unwrap_or_else(|e| panic!("migrate failed: {e}"));
    assert_eq!(report.applied.len(), 1);
    assert!(
        events.iter().any(|e| matches!(
            e,
            Progress::Retrying { script, reason }
                if script == "V1__settings.sql" && reason.contains("pg_db_role_setting")
        )),
        "{events:?}"
    );
    let rows = history(&second, HISTORY);
    assert_eq!(rows.len(), 1, "one row, no failed attempt recorded");
    let settings: Vec<String> = first
        .connect()
        .query_one(
            "SELECT s.setconfig::text[] FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = $1 AND s.setdatabase = 0",
            &[&role],
        )
        .unwrap()
        .get(0);
    assert_eq!(settings, ["lock_timeout=5s", "statement_timeout=30s"]);
    first
        .connect()
        .batch_execute(&format!("DROP ROLE \"{role}\""))
        .unwrap();
}
