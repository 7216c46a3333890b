//! `cargo xtask migrate | info | validate | undo | db-baseline` as processes against a real
//! server: eight concurrent `migrate`s on one empty database; a tampered applied file is
//! refused by `validate` and `migrate`; the verbs end to end.

use hims_migrations::history::{flyway_checksum, parse_migration_name};
use hims_testdb::TestDb;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

fn run(args: &[&str]) -> Output {
    xtask()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("xtask runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    let (out, err) = text(&o);
    assert!(o.status.success(), "xtask {args:?} failed:\n{out}\n{err}");
    out
}

fn fails(args: &[&str]) -> String {
    let o = run(args);
    let (out, err) = text(&o);
    assert!(
        !o.status.success(),
        "xtask {args:?} should fail:\n{out}\n{err}"
    );
    assert!(err.starts_with("error: "), "{err}");
    err
}

fn generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/migrations")
}

/// (installed_rank, version, type, script, success) of every history row.
fn history(db: &TestDb) -> Vec<(i32, Option<String>, String, String, bool)> {
    db.connect()
        .query(
            "SELECT installed_rank, version, type, script, success FROM public.flyway_schema_history ORDER BY installed_rank",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect()
}

/// Start `n` `xtask migrate` processes at once against `db` and wait for all of them
/// (killing them after a generous timeout instead of hanging). Returns each one's output
/// and wall time.
fn migrate_concurrently(db: &TestDb, dir: &Path, n: usize) -> Vec<(Output, Duration)> {
    let dir = dir.to_str().unwrap();
    let start = Instant::now();
    let children: Vec<_> = (0..n)
        .map(|_| {
            xtask()
                .args([
                    "migrate",
                    "--database-url",
                    db.conn_str(),
                    "--dir",
                    dir,
                    "--lock-retry-count",
                    "-1",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("xtask starts")
        })
        .collect();
    let deadline = start + Duration::from_secs(900);
    // Poll all of them so each one's exit time is when it exited (their output is small
    // enough for the pipes).
    let mut exited: Vec<Option<Duration>> = vec![None; children.len()];
    let mut children = children;
    while exited.iter().any(Option::is_none) {
        for (child, when) in children.iter_mut().zip(exited.iter_mut()) {
            if when.is_none() && child.try_wait().unwrap().is_some() {
                *when = Some(start.elapsed());
            }
        }
        if Instant::now() > deadline {
            for child in &mut children {
                let _ = child.kill();
            }
            panic!("an `xtask migrate` process did not finish in 15 minutes");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    children
        .into_iter()
        .zip(exited)
        .map(|(child, when)| (child.wait_with_output().unwrap(), when.unwrap()))
        .collect()
}

fn check_concurrent_run(what: &str, db: &TestDb, dir: &Path, expected: &[(String, &str)]) {
    let start = Instant::now();
    let results = migrate_concurrently(db, dir, 8);
    let total = start.elapsed();
    let mut applying = 0;
    for (i, (o, t)) in results.iter().enumerate() {
        let (out, err) = text(o);
        assert!(
            o.status.success(),
            "{what}: process {i} failed:\n{out}\n{err}"
        );
        let applied: Vec<&str> = out.lines().filter(|l| l.starts_with("applying ")).collect();
        applying += applied.len();
        for line in applied {
            eprintln!("{what}: process {i}: {line}");
        }
        eprintln!(
            "{what}: process {i} exited 0 after {:.1} s, applied {} file(s)",
            t.as_secs_f64(),
            out.matches(" … done in ").count()
        );
    }
    eprintln!("{what}: 8 processes done in {:.1} s", total.as_secs_f64());
    let rows = history(db);
    assert_eq!(
        applying,
        rows.len(),
        "{what}: every file applied by exactly one process"
    );
    let ranks: Vec<i32> = rows.iter().map(|r| r.0).collect();
    assert_eq!(ranks, (1..=rows.len() as i32).collect::<Vec<_>>(), "{what}");
    let got: Vec<(String, &str)> = rows.iter().map(|r| (r.3.clone(), r.2.as_str())).collect();
    assert_eq!(got, expected, "{what}: each version exactly once, in order");
    assert!(rows.iter().all(|r| r.4), "{what}: all successful");
}

#[test]
fn eight_concurrent_migrate_processes_apply_each_version_once() {
    let mut files: Vec<(String, char, u32)> = std::fs::read_dir(generated())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            let m = parse_migration_name(&name)?;
            Some((name, m.prefix.letter(), m.version.as_u32()?))
        })
        .collect();
    files.sort_by_key(|f| (f.2, f.1));
    let head = files
        .iter()
        .filter(|f| f.1 == 'V')
        .map(|f| f.2)
        .max()
        .unwrap();
    let newest_b = files
        .iter()
        .filter(|f| f.1 == 'B' && f.2 <= head)
        .max_by_key(|f| f.2)
        .unwrap();

    // The real directory: the baseline migration, then any V after it.
    let db = TestDb::new();
    let mut expected = vec![(newest_b.0.clone(), "SQL_BASELINE")];
    expected.extend(
        files
            .iter()
            .filter(|f| f.1 == 'V' && f.2 > newest_b.2)
            .map(|f| (f.0.clone(), "SQL")),
    );
    check_concurrent_run("generated/migrations", &db, &generated(), &expected);

    // Only the versioned files: every one of them, some outside a transaction.
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for (name, prefix, _) in &files {
        if *prefix == 'V' {
            std::fs::copy(generated().join(name), dir.path().join(name)).unwrap();
            let conf = format!("{name}.conf");
            if generated().join(&conf).exists() {
                std::fs::copy(generated().join(&conf), dir.path().join(&conf)).unwrap();
            }
            expected.push((name.clone(), "SQL"));
        }
    }
    check_concurrent_run("V files only", &db, dir.path(), &expected);
}

#[test]
fn a_tampered_applied_file_is_refused_by_validate_and_migrate() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    std::fs::write(dir.path().join("V1__a.sql"), "CREATE TABLE a (id int);\n").unwrap();
    std::fs::write(dir.path().join("V2__b.sql"), "CREATE TABLE b (id int);\n").unwrap();
    let url = db.url();
    let args = |verb: &'static str| [verb, "--database-url", url.as_str(), "--dir", d];
    ok(&args("migrate"));
    let before = flyway_checksum(b"CREATE TABLE b (id int);\n");
    std::fs::write(
        dir.path().join("V2__b.sql"),
        "CREATE TABLE b (id bigint);\n",
    )
    .unwrap();
    let after = flyway_checksum(b"CREATE TABLE b (id bigint);\n");
    for verb in ["validate", "migrate"] {
        let err = fails(&args(verb));
        for needle in [
            "Migration checksum mismatch for migration version 2 (V2__b.sql)".to_string(),
            format!("-> Applied to database : {before}"),
            format!("-> Resolved locally    : {after}"),
        ] {
            assert!(
                err.contains(&needle),
                "{verb}: {needle:?} missing from:\n{err}"
            );
        }
    }
    let info = ok(&args("info"));
    assert!(
        info.contains(&format!("DIFFERS (applied {before}, file {after})")),
        "{info}"
    );
    assert_eq!(history(&db).len(), 2, "nothing applied");
}

#[test]
fn the_verbs_end_to_end() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let files = [
        ("V1__create_a.sql", "CREATE TABLE a (id int);\n"),
        ("V2__create_b.sql", "CREATE TABLE b (id int);\n"),
        ("U2__create_b.sql", "DROP TABLE b;\n"),
    ];
    for (name, sql) in files {
        std::fs::write(dir.path().join(name), sql).unwrap();
    }
    let url = db.conn_str().to_string();
    let args = |verb: &'static str| vec![verb, "--database-url", url.as_str(), "--dir", d];

    let err = fails(&args("validate"));
    assert!(
        err.contains("Detected resolved migration not applied to database: 1 (V1__create_a.sql)"),
        "{err}"
    );
    let mut lenient = args("validate");
    lenient.push("--ignore-pending");
    ok(&lenient);
    let info = ok(&args("info"));
    assert!(
        info.contains("the database is empty") && info.contains("Pending"),
        "{info}"
    );

    let out = ok(&args("migrate"));
    assert!(
        out.contains("created \"public\".\"flyway_schema_history\""),
        "{out}"
    );
    for f in ["V1__create_a.sql", "V2__create_b.sql"] {
        assert!(out.contains(&format!("applying {f} … done in ")), "{out}");
    }
    assert!(out.contains("schema version 2"), "{out}");
    let out = ok(&args("migrate"));
    assert!(out.contains("is up to date: schema version 2"), "{out}");
    assert!(ok(&args("validate")).contains("Successfully validated"));
    let info = ok(&args("info"));
    assert!(
        info.contains("Schema version: 2") && info.contains("Available"),
        "{info}"
    );

    let out = ok(&args("undo"));
    assert!(
        out.contains("applying U2__create_b.sql") && out.contains("undid version 2"),
        "{out}"
    );
    let info = ok(&args("info"));
    assert!(
        info.contains("Undone") && info.contains("Schema version: 1"),
        "{info}"
    );
    ok(&args("migrate"));
    let rows = history(&db);
    let kinds: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    assert_eq!(kinds, ["SQL", "SQL", "UNDO_SQL", "SQL"]);

    // db-baseline on another database that already has V1's table.
    let other = TestDb::new();
    other
        .connect()
        .batch_execute("CREATE TABLE a (id int)")
        .unwrap();
    let other_url = other.conn_str().to_string();
    let oargs = |verb: &'static str| vec![verb, "--database-url", other_url.as_str(), "--dir", d];
    let err = fails(&oargs("migrate"));
    assert!(
        err.contains("non-empty database") && err.contains("table public.a"),
        "{err}"
    );
    let mut b = oargs("db-baseline");
    b.extend(["--version", "1"]);
    assert!(ok(&b).contains("baselined \"public\".\"flyway_schema_history\" at version 1"));
    assert!(ok(&b).contains("already baselined"));
    let out = ok(&oargs("migrate"));
    assert!(
        !out.contains("V1__create_a.sql") && out.contains("applying V2__create_b.sql"),
        "{out}"
    );
    let rows = history(&other);
    assert_eq!(
        rows.iter().map(|r| (r.0, r.2.as_str())).collect::<Vec<_>>(),
        [(1, "BASELINE"), (2, "SQL")]
    );

    // Errors exit non-zero with the message.
    let err = fails(&[
        "migrate",
        "--database-url",
        "postgresql://nobody@127.0.0.1:1/nothing",
        "--dir",
        d,
    ]);
    assert!(err.contains("cannot connect to PostgreSQL"), "{err}");
    let err = fails(&[
        "migrate",
        "--database-url",
        &url,
        "--dir",
        "/nonexistent/dir",
    ]);
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn help_lists_every_verb() {
    let help = ok(&["--help"]);
    for verb in [
        "baseline",
        "check",
        "gen-migration",
        "rebase",
        "regen-undo",
        "new",
        "migrate",
        "info",
        "validate",
        "undo",
        "repair",
        "db-baseline",
        "drift",
        "import",
        "bench",
        "bench-introspect",
        "test",
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{verb} "))),
            "{verb} missing from --help:\n{help}"
        );
    }
}
