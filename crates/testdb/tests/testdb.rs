//! Behaviour against a real server (the ephemeral cluster, or DATABASE_URL).
//! Without a server these fail; they never skip.

use std::io::Write;

use hims_testdb::{TestDb, cluster};
use postgres::NoTls;

fn user_tables(db: &TestDb) -> Vec<String> {
    db.connect()
        .query(
            "SELECT tablename::text FROM pg_tables \
             WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn database_exists(name: &str) -> bool {
    let mut admin = postgres::Client::connect(&cluster().unwrap().admin_conn_str(), NoTls).unwrap();
    admin
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&name],
        )
        .unwrap()
        .get::<_, i64>(0)
        == 1
}

#[test]
fn two_test_dbs_are_different_and_empty() {
    let a = TestDb::new();
    let b = TestDb::new();
    assert_ne!(a.name(), b.name());
    assert!(a.name().starts_with("hims_test_"));
    assert!(user_tables(&a).is_empty());
    assert!(user_tables(&b).is_empty());
    let current: String = a
        .connect()
        .query_one("SELECT current_database()::text", &[])
        .unwrap()
        .get(0);
    assert_eq!(current, a.name());
}

#[test]
fn table_in_one_is_invisible_in_the_other() {
    let a = TestDb::new();
    let b = TestDb::new();
    a.connect()
        .batch_execute("CREATE TABLE only_in_a (id int); INSERT INTO only_in_a VALUES (1)")
        .unwrap();
    assert_eq!(user_tables(&a), ["only_in_a"]);
    assert!(user_tables(&b).is_empty());
    let err = b
        .connect()
        .batch_execute("SELECT * FROM only_in_a")
        .unwrap_err();
    let msg = hims_testdb::pg_error_message(&err);
    assert!(
        msg.contains(r#"relation "only_in_a" does not exist"#),
        "{msg}"
    );
}

#[test]
fn database_is_dropped_on_drop_even_with_open_connections() {
    let db = TestDb::new();
    let name = db.name().to_owned();
    let _still_open = db.connect();
    assert!(database_exists(&name));
    drop(db);
    assert!(!database_exists(&name));
}

#[test]
fn psql_file_stops_at_first_error_and_reports_it() {
    let db = TestDb::new();
    let mut script = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        script,
        "CREATE TABLE before_error (id int);\n\
         SELECT * FROM no_such_table;\n\
         CREATE TABLE after_error (id int);"
    )
    .unwrap();
    let err = db.psql_file(script.path()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains(r#"relation "no_such_table" does not exist"#),
        "{msg}"
    );
    // ON_ERROR_STOP: nothing after the bad statement ran.
    assert_eq!(user_tables(&db), ["before_error"]);

    let mut good = tempfile::NamedTempFile::new().unwrap();
    writeln!(good, "CREATE TABLE ok (id int);").unwrap();
    db.psql_file(good.path()).unwrap();
    assert_eq!(user_tables(&db), ["before_error", "ok"]);
}

#[test]
fn psql_returns_stdout_and_errors() {
    let db = TestDb::new();
    let out = db
        .psql("\\pset tuples_only on\nSELECT 40 + 2 AS answer;")
        .unwrap();
    assert_eq!(out.trim(), "42");
    let err = db.psql("SELECT 1/0;").unwrap_err();
    assert!(err.to_string().contains("division by zero"), "{err}");
}

#[test]
fn conn_str_as_connects_as_a_login_role() {
    let db = TestDb::new();
    // Roles are cluster-wide: a name unique to this database, created idempotently.
    let role = format!("{}_app", db.name());
    let create = format!(
        "DO $$ BEGIN CREATE ROLE {role} LOGIN PASSWORD 'app-pw'; \
         EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    );
    db.connect().batch_execute(&create).unwrap();
    db.connect().batch_execute(&create).unwrap();

    let who = |conn: &str| -> String {
        postgres::Client::connect(conn, NoTls)
            .unwrap_or_else(|e| {
                panic!("connect with {conn}: {}", hims_testdb::pg_error_message(&e))
            })
            .query_one(
                "SELECT current_user::text || '@' || current_database()",
                &[],
            )
            .unwrap()
            .get(0)
    };
    let expected = format!("{role}@{}", db.name());
    assert_eq!(
        who(&db.conn_str_as_with_password(&role, "app-pw")),
        expected
    );
    if db.cluster().is_ephemeral() {
        // The ephemeral cluster trusts local connections: no password needed.
        assert_eq!(who(&db.conn_str_as(&role)), expected);
    }

    let cleanup = format!("DROP OWNED BY {role}; DROP ROLE {role}");
    db.connect().batch_execute(&cleanup).unwrap();
}

#[test]
fn url_and_conn_str_work_with_psql_and_postgres_crate() {
    let db = TestDb::new();
    for conn in [db.conn_str().to_owned(), db.url()] {
        let name: String = postgres::Client::connect(&conn, NoTls)
            .unwrap_or_else(|e| {
                panic!(
                    "postgres crate rejects {conn}: {}",
                    hims_testdb::pg_error_message(&e)
                )
            })
            .query_one("SELECT current_database()::text", &[])
            .unwrap()
            .get(0);
        assert_eq!(name, db.name());

        let psql = hims_testdb::pg_tool("psql").unwrap();
        let out = std::process::Command::new(psql)
            .args(["-X", "-At", "-c", "SELECT current_database()", "-d", &conn])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql rejects {conn}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), db.name());
    }
    if db.cluster().is_ephemeral() {
        assert!(
            db.url().starts_with("postgresql://postgres@/"),
            "{}",
            db.url()
        );
    }
}

#[test]
fn many_databases_in_parallel_threads() {
    let handles: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                let db = TestDb::new();
                let mut c = db.connect();
                c.batch_execute(&format!("CREATE TABLE t{i} (id int)"))
                    .unwrap();
                assert_eq!(user_tables(&db), [format!("t{i}")]);
                db.name().to_owned()
            })
        })
        .collect();
    let mut names: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 8);
    for name in names {
        assert!(!database_exists(&name), "{name} not dropped");
    }
}

#[test]
fn cluster_describes_itself() {
    let c = cluster().unwrap();
    assert!(c.port() > 0);
    assert!(!c.host().is_empty());
    if c.is_ephemeral() {
        assert_eq!(c.superuser(), "postgres");
        assert!(c.bin_dir().unwrap().join("initdb").exists());
        assert!(c.data_dir().unwrap().join("PG_VERSION").exists());
        assert!(c.log_file().unwrap().exists());
        assert!(c.admin_conn_str().contains("dbname=postgres"));
        assert!(c.admin_conn_str().contains("user=postgres"));
        // The cluster tolerates fsync=off etc.; spot-check the settings took.
        let mut admin = postgres::Client::connect(&c.admin_conn_str(), NoTls).unwrap();
        let fsync: String = admin.query_one("SHOW fsync", &[]).unwrap().get(0);
        assert_eq!(fsync, "off");
        let max: String = admin.query_one("SHOW max_connections", &[]).unwrap().get(0);
        assert_eq!(max, "200");
    }
}
