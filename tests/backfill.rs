//! NOT NULL on columns that hold NULLs, on a real server and through the runner (as a user
//! runs it): existing NULLs are filled from the default or from `#[column(backfill = …)]`
//! in batches, each its own transaction, before any constraint that would make writes of
//! those rows fail; with nothing to fill them, the plan carries a hazard, `gen-migration`
//! refuses it unless allowed, and the migration stops before adding a constraint, leaving
//! the table writable until the rows are fixed, `repair` and `migrate` run again.

use hims_diff::{Change, FILL_BATCH, HazardKind};
use hims_migrations::repo::{GenOptions, RepoError, gen_migration};
use hims_model::{Column, ColumnType, DefaultValue, Model, PrimaryKey, Schema, Table};
use hims_testdb::TestDb;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

const S: &str = "app";
/// Enough rows for several batches; a third of them NULL.
const ROWS: i64 = 12_000;

fn col(name: &str, ty: &str, nullable: bool) -> Column {
    Column::new(name, ColumnType::parse(ty).unwrap(), nullable)
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
    m.validate().unwrap_or_else(|p| panic!("{p}"));
    m
}

fn patients(language: Column) -> Table {
    let mut t = Table::new(S, "patients");
    t.columns = vec![
        col("id", "bigint", false),
        col("nickname", "text", true),
        language,
        col("visits", "integer", true),
    ];
    t.primary_key = Some(PrimaryKey {
        name: "patients_pkey".into(),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    t.origin = hims_model::Origin::item("tests::Patient");
    t
}

fn language(nullable: bool) -> Column {
    let mut c = col("preferred_language", "text", nullable);
    c.rust_field = Some("preferred_language".into());
    c
}

/// A scratch `generated/` directory released at `a` (V001 and its snapshot).
fn repo(name: &str, a: &Model) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hims-backfill-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    hims_migrations::write_all(&dir, &hims_migrations::generate(a)).unwrap();
    dir
}

fn server() -> hims_verify::Server {
    let cluster = hims_testdb::cluster().expect("a PostgreSQL server (hims-testdb)");
    hims_verify::Server::new(cluster.admin_conn_str(), move |db| cluster.conn_str_for(db))
}

/// `gen-migration` on `dir` for `b`, proven on a throw-away database.
fn generate(
    dir: &Path,
    b: &Model,
    allow: &[HazardKind],
) -> Result<hims_migrations::repo::Generated, RepoError> {
    let server = server();
    let verifier = hims_verify::DbVerifier { server: &server };
    gen_migration(
        dir,
        b,
        &GenOptions {
            description: "language_required",
            allow,
            dry_run: false,
            empty_template: None,
            verifier: Some(&verifier as &dyn hims_migrations::repo::Verifier),
            edit_plan: None,
        },
    )
    .map(|g| g.expect("a change"))
}

/// The files `gen-migration` wrote under `migrations/` (V, U and sidecars after V001), for
/// the snapshot.
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

fn config(db: &TestDb, dir: &Path) -> hims_runner::Config {
    hims_runner::Config::new(db.conn_str(), dir.join("migrations"))
}

/// The release (V001) applied by the runner, then `ROWS` patients: every third one
/// (`id % 3 = 0`) without a preferred language.
fn released_with_rows(dir: &Path) -> TestDb {
    released_with(dir, ROWS)
}

fn released_with(dir: &Path, rows: i64) -> TestDb {
    let db = TestDb::new();
    let mut c = config(&db, dir);
    c.target = Some("1".into());
    hims_runner::migrate(&c, &mut |_| {}).unwrap_or_else(|e| panic!("migrate to V001: {e}"));
    db.connect()
        .batch_execute(&format!(
            "INSERT INTO app.patients (id, nickname, preferred_language, visits) \
             SELECT i, CASE WHEN i % 2 = 0 THEN 'nick ' || i END, \
                    CASE WHEN i % 3 = 0 THEN NULL WHEN i % 3 = 1 THEN 'hi' ELSE 'ta' END, 0 \
             FROM generate_series(1, {rows}) AS i"
        ))
        .unwrap();
    db
}

/// Writes during the migration: a session updating (another column of) rows, NULL ones
/// included, and inserting rows that name no language, until stopped. Returns the number
/// of writes and every error.
struct Writer {
    stop: Arc<AtomicBool>,
    handle: std::thread::JoinHandle<(u64, Vec<String>)>,
}

impl Writer {
    /// Updates touch ids above `from` only, so that rows below keep the transaction ids of
    /// the batches that filled them.
    fn start(db: &TestDb, from: i64) -> Writer {
        let stop = Arc::new(AtomicBool::new(false));
        let conn = db.conn_str().to_string();
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let mut c = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
            let (mut n, mut errors) = (0u64, Vec::new());
            let mut id = from;
            while !flag.load(Ordering::Relaxed) || n < 50 {
                id = if id >= ROWS { from + 1 } else { id + 1 };
                let r = c.execute(
                    "UPDATE app.patients SET visits = visits + 1 WHERE id = $1",
                    &[&id],
                );
                if let Err(e) = r {
                    errors.push(format!("update of patient {id}: {e}"));
                }
                n += 1;
            }
            (n, errors)
        });
        Writer { stop, handle }
    }

    fn finish(self) -> (u64, Vec<String>) {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.join().unwrap()
    }
}

fn count(db: &TestDb, sql: &str) -> i64 {
    db.connect().query_one(sql, &[]).unwrap().get(0)
}

fn not_null(db: &TestDb, table: &str, column: &str) -> bool {
    db.connect()
        .query_one(
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = $1::text::regclass AND attname = $2",
            &[&table, &column],
        )
        .unwrap()
        .get(0)
}

/// Checks left on `table` (the temporary `…_not_null_check` one must be gone).
fn checks(db: &TestDb, table: &str) -> Vec<String> {
    db.connect()
        .query(
            "SELECT conname::text FROM pg_constraint WHERE conrelid = $1::text::regclass AND contype = 'c' ORDER BY 1",
            &[&table],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

/// The catalog equals the definitions (the comparison `drift` uses).
fn assert_no_drift(db: &TestDb, m: &Model, what: &str) {
    let d = hims_pg::drift(&mut db.connect(), m).unwrap();
    assert!(d.is_empty(), "{what}: {:?}", d.grouped());
}

#[test]
fn nulls_are_filled_from_the_default_in_batches_while_the_table_stays_writable() {
    let a = model(vec![patients(language(true))]);
    let mut lang = language(false);
    lang.default = Some(DefaultValue::Text("en".into()));
    let b = model(vec![patients(lang)]);
    let dir = repo("default", &a);
    let g = generate(&dir, &b, &[]).unwrap();
    assert!(
        g.plan.steps().all(|s| s.hazards.is_empty()),
        "a default fills the NULLs: no hazard"
    );
    insta::assert_snapshot!("not_null_with_default", written_migrations(&dir));

    let db = released_with_rows(&dir);
    let writer = Writer::start(&db, 11_000);
    let report = hims_runner::migrate(&config(&db, &dir), &mut |_| {});
    let (writes, errors) = writer.finish();
    report.unwrap_or_else(|e| panic!("migrate: {e}"));
    assert!(
        errors.is_empty(),
        "writes failed during the migration: {errors:?}"
    );
    assert!(writes >= 50);

    assert_eq!(count(&db, "SELECT count(*) FROM app.patients"), ROWS);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM app.patients WHERE preferred_language IS NULL"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM app.patients WHERE preferred_language = 'en'"
        ),
        ROWS / 3,
        "exactly the NULL rows are filled"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM app.patients WHERE preferred_language <> CASE WHEN id % 3 = 0 THEN 'en' WHEN id % 3 = 1 THEN 'hi' ELSE 'ta' END"
        ),
        0,
        "values that were there are kept"
    );
    // One transaction per batch of FILL_BATCH keys: the filled rows the writer did not
    // touch carry as many transaction ids as there are batches over ids 1..=11000.
    let batches = (11_000 + i64::from(FILL_BATCH) - 1) / i64::from(FILL_BATCH);
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT xmin::text) FROM app.patients WHERE id % 3 = 0 AND id <= 11000"
        ),
        batches
    );
    assert!(not_null(&db, "app.patients", "preferred_language"));
    assert!(
        checks(&db, "app.patients").is_empty(),
        "the temporary check is gone"
    );
    assert_no_drift(&db, &b, "after migrate");

    let mut c = db.connect();
    c.batch_execute("UPDATE app.patients SET visits = visits + 1 WHERE id % 3 = 0")
        .unwrap();
    c.batch_execute("INSERT INTO app.patients (id) VALUES (100000)")
        .unwrap();
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM app.patients WHERE id = 100000 AND preferred_language = 'en'"
        ),
        1
    );
    let e = c
        .batch_execute("INSERT INTO app.patients (id, preferred_language) VALUES (100001, NULL)")
        .unwrap_err();
    assert_eq!(
        e.code(),
        Some(&postgres::error::SqlState::NOT_NULL_VIOLATION)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Beds keyed by (ward, bed): the batches walk a two-column key.
fn beds(label: Column) -> Table {
    let mut t = Table::new(S, "beds");
    t.columns = vec![
        col("ward", "text", false),
        col("bed", "integer", false),
        col("code", "text", true),
        label,
    ];
    t.primary_key = Some(PrimaryKey {
        name: "beds_pkey".into(),
        columns: vec!["ward".into(), "bed".into()],
        deferral: Default::default(),
    });
    t
}

#[test]
fn a_backfill_expression_reads_the_other_columns_of_each_row() {
    let a_patients = patients(language(true));
    let a = model(vec![a_patients.clone(), beds(col("label", "text", true))]);
    // The nickname becomes required: filled from the row's own id; the bed label from its
    // ward and number (or its code).
    let mut b_patients = a_patients;
    b_patients.columns[1].nullable = false;
    b_patients.columns[1].backfill = Some("'patient ' || id".into());
    let mut label = col("label", "text", false);
    label.backfill = Some("coalesce(code, ward || '-' || bed)".into());
    // A default too: the backfill wins for existing rows, the default serves new ones.
    label.default = Some(DefaultValue::Text("unlabelled".into()));
    let b = model(vec![b_patients, beds(label)]);
    let dir = repo("expression", &a);
    generate(&dir, &b, &[]).unwrap();
    insta::assert_snapshot!("not_null_with_backfill", written_migrations(&dir));

    let db = released_with_rows(&dir);
    db.connect()
        .batch_execute(
            "INSERT INTO app.beds (ward, bed, code, label) \
             SELECT w, n, CASE WHEN n % 5 = 0 THEN 'C' || n END, CASE WHEN n % 3 = 1 THEN 'kept' END \
             FROM unnest(ARRAY['east', 'north', 'south', 'west']) AS w, generate_series(1, 3000) AS n",
        )
        .unwrap();
    hims_runner::migrate(&config(&db, &dir), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM app.patients WHERE nickname IS DISTINCT FROM CASE WHEN id % 2 = 0 THEN 'nick ' || id ELSE 'patient ' || id END"
        ),
        0
    );
    assert_eq!(count(&db, "SELECT count(*) FROM app.beds"), 12_000);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM app.beds WHERE label IS DISTINCT FROM CASE WHEN bed % 3 = 1 THEN 'kept' WHEN bed % 5 = 0 THEN 'C' || bed ELSE ward || '-' || bed END"
        ),
        0
    );
    // 12,000 keys in batches of FILL_BATCH: that many transactions wrote the filled rows.
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT xmin::text) FROM app.beds WHERE bed % 3 <> 1"
        ),
        (12_000 + i64::from(FILL_BATCH) - 1) / i64::from(FILL_BATCH)
    );
    assert!(not_null(&db, "app.beds", "label"));
    assert!(not_null(&db, "app.patients", "nickname"));
    assert_no_drift(&db, &b, "after migrate");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn with_nothing_to_fill_the_plan_has_a_hazard_and_the_migration_stops_before_any_constraint() {
    let a = model(vec![patients(language(true))]);
    let b = model(vec![patients(language(false))]);
    let dir = repo("neither", &a);

    // The hazard names the column, the Rust field and the attribute; refused until allowed.
    let err = generate(&dir, &b, &[]).unwrap_err();
    let RepoError::Refused { hazards, kinds } = &err else {
        panic!("expected a refusal, got: {err}");
    };
    assert_eq!(kinds, &[HazardKind::FailsOnData]);
    assert_eq!(hazards.len(), 1);
    let reason = &hazards[0].reason;
    for part in [
        "app.patients.preferred_language",
        "#[column(backfill = \"…\")]",
        "`Patient.preferred_language`",
    ] {
        assert!(reason.contains(part), "{reason}");
    }
    assert!(err.to_string().contains("--allow fails-on-data"), "{err}");
    assert!(
        !dir.join("migrations.lock").exists(),
        "nothing written on a refusal"
    );
    let g = generate(&dir, &b, &[HazardKind::FailsOnData]).unwrap();
    assert!(
        g.plan
            .steps()
            .any(|s| matches!(s.change, Change::FillNulls { fill: None, .. }))
    );
    insta::assert_snapshot!("not_null_with_nothing_to_fill", written_migrations(&dir));

    // A database at the release with NULLs: migrate stops, naming the column and the count.
    let db = released_with_rows(&dir);
    let err = hims_runner::migrate(&config(&db, &dir), &mut |_| {}).unwrap_err();
    let text = err.to_string();
    for part in [
        "app.patients.preferred_language is becoming NOT NULL but 4000 row(s) hold NULL",
        "repair",
    ] {
        assert!(text.contains(part), "{text}");
    }
    // No constraint was added: every row, NULL ones included, can still be written.
    assert!(checks(&db, "app.patients").is_empty());
    assert!(!not_null(&db, "app.patients", "preferred_language"));
    let mut c = db.connect();
    c.batch_execute("UPDATE app.patients SET visits = visits + 1 WHERE preferred_language IS NULL")
        .unwrap();

    // The way out the error names: fix the rows, repair, migrate again.
    c.batch_execute(
        "UPDATE app.patients SET preferred_language = 'en' WHERE preferred_language IS NULL",
    )
    .unwrap();
    let repaired = hims_runner::repair(&config(&db, &dir), Default::default()).unwrap();
    assert!(!repaired.changes.is_empty(), "the failed row is removed");
    hims_runner::migrate(&config(&db, &dir), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert!(not_null(&db, "app.patients", "preferred_language"));
    assert_eq!(count(&db, "SELECT count(*) FROM app.patients"), ROWS);
    assert_no_drift(&db, &b, "after the fix, repair and migrate");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_fill_cancelled_between_batches_keeps_what_it_committed_and_a_re_run_finishes() {
    let a = model(vec![patients(language(true))]);
    let mut lang = language(false);
    lang.default = Some(DefaultValue::Text("en".into()));
    let b = model(vec![patients(lang)]);
    let dir = repo("cancelled", &a);
    generate(&dir, &b, &[]).unwrap();
    let rows = 40 * i64::from(FILL_BATCH);
    let db = released_with(&dir, rows);

    // Cancel the fill once three of its batches have committed (each batch is a
    // transaction: the backend's xact_start moves on).
    let watcher = {
        let mut c = db.connect();
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let mut starts: Vec<f64> = Vec::new();
            while started.elapsed() < std::time::Duration::from_secs(60) {
                let row = c
                    .query_opt(
                        "SELECT pid, extract(epoch FROM xact_start)::float8 FROM pg_stat_activity \
                         WHERE datname = current_database() AND query LIKE 'DO %hims_lo_1%' AND state = 'active'",
                        &[],
                    )
                    .unwrap();
                if let Some(r) = row {
                    let (pid, x): (i32, f64) = (r.get(0), r.get(1));
                    if starts.last() != Some(&x) {
                        starts.push(x);
                    }
                    if starts.len() > 3 {
                        c.execute("SELECT pg_cancel_backend($1)", &[&pid]).unwrap();
                        return true;
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            false
        })
    };
    let err = hims_runner::migrate(&config(&db, &dir), &mut |_| {}).unwrap_err();
    assert!(watcher.join().unwrap(), "the fill was seen and cancelled");
    assert!(err.to_string().contains("canceling statement"), "{err}");
    let left = count(
        &db,
        "SELECT count(*) FROM app.patients WHERE preferred_language IS NULL",
    );
    assert!(
        left > 0 && left < rows / 3,
        "the batches before the cancel stay committed: {left} NULL(s) left of {}",
        rows / 3
    );
    // Nothing blocks writers meanwhile.
    assert!(checks(&db, "app.patients").is_empty());
    db.connect()
        .batch_execute(
            "UPDATE app.patients SET visits = visits + 1 WHERE preferred_language IS NULL",
        )
        .unwrap();

    hims_runner::repair(&config(&db, &dir), Default::default()).unwrap();
    hims_runner::migrate(&config(&db, &dir), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM app.patients WHERE preferred_language IS NULL"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM app.patients WHERE preferred_language = 'en'"
        ),
        rows / 3
    );
    assert!(not_null(&db, "app.patients", "preferred_language"));
    assert_no_drift(&db, &b, "after the re-run");
    std::fs::remove_dir_all(&dir).ok();
}
