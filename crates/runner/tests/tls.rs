//! TLS against a server that accepts TCP only over TLS (`ssl=on`, `hostssl`-only
//! pg_hba.conf), with a CA and certificates this test makes with the `openssl` CLI:
//! require works, verify-full with the right CA works, with another CA it fails with a clear
//! TLS error, plaintext is refused, client certificates authenticate; and issue #11's "done when": the `hims-migrate` binary,
//! copied alone with the migrations into an empty folder, migrates that server using only
//! FLYWAY_URL (JDBC, sslmode=require) and FLYWAY_USER, and the same with a flyway.toml;
//! `drift` then finds nothing.

use hims_runner::tls::ConnInfo;
use hims_testdb::{TlsServer, openssl};
use std::path::{Path, PathBuf};
use std::process::Command;

/// ca.crt, other-ca.crt, server.crt/server.key (signed by ca, for 127.0.0.1 and localhost).
fn certificates() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    hims_testdb::test_certificates(dir.path());
    dir
}

struct Setup {
    certs: tempfile::TempDir,
    server: TlsServer,
}

fn setup() -> Setup {
    let certs = certificates();
    let server = TlsServer::start(
        &certs.path().join("server.crt"),
        &certs.path().join("server.key"),
        None,
    )
    .unwrap_or_else(|e| panic!("TLS server: {e}"));
    Setup { certs, server }
}

impl Setup {
    fn url(&self, db: &str, query: &str) -> String {
        format!(
            "postgresql://{}@127.0.0.1:{}/{db}?{query}",
            self.server.superuser(),
            self.server.port()
        )
    }
    fn cert(&self, name: &str) -> PathBuf {
        self.certs.path().join(name)
    }
    fn create_db(&self, name: &str) {
        let mut c =
            postgres::Client::connect(&self.server.local_conn_str("postgres"), postgres::NoTls)
                .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    }
}

fn refused(url: &str) -> String {
    match ConnInfo::parse(url).unwrap().connect() {
        Ok(_) => panic!("{url}: connected"),
        Err(e) => e,
    }
}

fn ssl_in_use(url: &str) -> bool {
    let mut c = ConnInfo::parse(url)
        .unwrap()
        .connect()
        .unwrap_or_else(|e| panic!("{e}"));
    c.query_one(
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        &[],
    )
    .unwrap()
    .get(0)
}

#[test]
fn sslmodes_against_a_tls_only_server() {
    let s = setup();
    // HIMS_PG_BIN picks the server (CI runs this on 15, 17 and 18): prove it did.
    if let Some(bin) = std::env::var_os("HIMS_PG_BIN") {
        let v = Command::new(Path::new(&bin).join("postgres"))
            .arg("--version")
            .output()
            .unwrap();
        let major = String::from_utf8_lossy(&v.stdout)
            .split_whitespace()
            .nth(2)
            .and_then(|v| v.split('.').next())
            .unwrap()
            .to_string();
        let mut c =
            postgres::Client::connect(&s.server.local_conn_str("postgres"), postgres::NoTls)
                .unwrap();
        let num: String = c.query_one("SHOW server_version_num", &[]).unwrap().get(0);
        assert_eq!(
            &num[..2],
            major,
            "the server runs the binaries of HIMS_PG_BIN"
        );
        eprintln!("PostgreSQL {num} from {}", Path::new(&bin).display());
    }
    assert!(ssl_in_use(&s.url("postgres", "sslmode=require")));
    assert!(ssl_in_use(&s.url("postgres", "sslmode=prefer")));
    assert!(
        ssl_in_use(&s.url("postgres", "sslmode=allow")),
        "allow falls back to TLS"
    );
    let ca = s.cert("ca.crt");
    assert!(ssl_in_use(&s.url(
        "postgres",
        &format!("sslmode=verify-full&sslrootcert={}", ca.display())
    )));
    assert!(ssl_in_use(&format!(
        "jdbc:postgresql://localhost:{}/postgres?user=postgres&sslmode=verify-full&sslrootcert={}",
        s.server.port(),
        ca.display()
    )));
    assert!(ssl_in_use(&s.url(
        "postgres",
        &format!("sslmode=verify-ca&sslrootcert={}", ca.display())
    )));

    let other = s.cert("other-ca.crt");
    for mode in ["verify-full", "verify-ca"] {
        let e = refused(&s.url(
            "postgres",
            &format!("sslmode={mode}&sslrootcert={}", other.display()),
        ));
        assert!(
            e.contains("certificate verify failed")
                && e.contains("TLS")
                && e.contains("other-ca.crt"),
            "{e}"
        );
    }
    let e = refused(&s.url("postgres", "sslmode=disable"));
    assert!(
        e.contains("pg_hba.conf") && e.contains("no encryption"),
        "plaintext refused: {e}"
    );

    // The password never shows, in errors or in the redacted form.
    let e = refused(&format!(
        "postgresql://nobody:Sekr1t@127.0.0.1:{}/postgres?sslmode=disable",
        s.server.port()
    ));
    assert!(
        !e.contains("Sekr1t") && e.contains("password=<redacted>"),
        "{e}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// The binary alone in an empty folder with a copy of the migrations; nothing else in its
/// environment but PATH and what `env` adds.
fn run_alone(folder: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(folder.join("hims-migrate"));
    cmd.args(args).current_dir(folder).env_clear();
    cmd.env("PATH", "/usr/bin:/bin").env("HOME", folder);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn assert_no_drift(s: &Setup, db: &str) {
    // Over TLS, verify-full, as `cargo xtask drift` connects (hims_pg::connect).
    let mut c = hims_pg::connect(&s.url(
        db,
        &format!(
            "sslmode=verify-full&sslrootcert={}",
            s.cert("ca.crt").display()
        ),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let model = hims_schema_defs::model().unwrap_or_else(|p| panic!("{p}"));
    let drift = hims_pg::drift(&mut c, &model).unwrap();
    assert!(
        drift.is_empty(),
        "drift after migrate: {:?}",
        drift.grouped()
    );
}

#[test]
fn the_standalone_binary_migrates_a_tls_only_server_from_an_empty_folder() {
    let s = setup();
    let folder = tempfile::tempdir().unwrap();
    let f = folder.path();
    std::fs::copy(env!("CARGO_BIN_EXE_hims-migrate"), f.join("hims-migrate")).unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/migrations"),
        &f.join("migrations"),
    );
    let port = s.server.port().to_string();
    let out = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };

    // 1. Only FLYWAY_URL (JDBC, sslmode=require) and FLYWAY_USER.
    s.create_db("by_env");
    let env_url = format!("jdbc:postgresql://127.0.0.1:{port}/by_env?sslmode=require");
    let env = [
        ("FLYWAY_URL", env_url.as_str()),
        ("FLYWAY_USER", "postgres"),
    ];
    let o = run_alone(f, &["migrate"], &env);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("schema version"), "{}", out(&o));
    let o = run_alone(f, &["validate"], &env);
    assert!(o.status.success(), "{}", out(&o));
    let o = run_alone(f, &["info", "--json"], &env);
    let json: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(&o)));
    assert!(json["schemaVersion"].is_string(), "{json}");
    assert_no_drift(&s, "by_env");

    // 2. verify-full against the wrong CA and plaintext are refused, nothing applied.
    s.create_db("refused");
    for query in [
        format!(
            "sslmode=verify-full&sslrootcert={}",
            s.cert("other-ca.crt").display()
        ),
        "sslmode=disable".to_string(),
    ] {
        let url = format!("jdbc:postgresql://127.0.0.1:{port}/refused?{query}");
        let o = run_alone(
            f,
            &["migrate"],
            &[("FLYWAY_URL", &url), ("FLYWAY_USER", "postgres")],
        );
        assert!(!o.status.success(), "{query}: {}", out(&o));
        let text = out(&o);
        assert!(
            text.contains("certificate verify failed") || text.contains("no encryption"),
            "{text}"
        );
    }
    let mut c =
        postgres::Client::connect(&s.server.local_conn_str("refused"), postgres::NoTls).unwrap();
    let n: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'core'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0, "nothing applied to the refused database");

    // 3. The same with a flyway.toml in the folder and no variables at all.
    s.create_db("by_toml");
    std::fs::write(
        f.join("flyway.toml"),
        format!(
            "[environments.default]\nurl = \"jdbc:postgresql://127.0.0.1:{port}/by_toml?sslmode=require\"\nuser = \"postgres\"\n\n[flyway]\nlocations = [\"filesystem:migrations\"]\n"
        ),
    )
    .unwrap();
    let o = run_alone(f, &["migrate"], &[]);
    assert!(o.status.success(), "{}", out(&o));
    assert_no_drift(&s, "by_toml");
    // clean is refused by default (cleanDisabled=true).
    let o = run_alone(f, &["clean"], &[]);
    assert!(
        !o.status.success() && out(&o).contains("cleanDisabled=false"),
        "{}",
        out(&o)
    );
}

/// Client certificates (`sslcert`/`sslkey`): a role whose pg_hba line is `hostssl … cert`
/// gets in with a certificate the server's client CA signed, and not without one.
#[test]
fn client_certificates() {
    let certs = certificates();
    let d = certs.path();
    openssl(
        d,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=certuser",
            "-keyout",
            "client.key",
            "-out",
            "client.csr",
        ],
    );
    openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            "client.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-out",
            "client.crt",
        ],
    );
    let server = TlsServer::start(
        &d.join("server.crt"),
        &d.join("server.key"),
        Some(&d.join("ca.crt")),
    )
    .unwrap_or_else(|e| panic!("TLS server: {e}"));
    let mut admin =
        postgres::Client::connect(&server.local_conn_str("postgres"), postgres::NoTls).unwrap();
    admin.batch_execute("CREATE ROLE certuser LOGIN").unwrap();
    let base = format!(
        "host=127.0.0.1 port={} dbname=postgres user=certuser sslmode=verify-full sslrootcert={}",
        server.port(),
        d.join("ca.crt").display()
    );
    let with_cert = format!(
        "{base} sslcert={} sslkey={}",
        d.join("client.crt").display(),
        d.join("client.key").display()
    );
    assert!(ssl_in_use(&with_cert));
    let e = match ConnInfo::parse(&base).unwrap().connect() {
        Ok(_) => panic!("connected without a client certificate"),
        Err(e) => e,
    };
    assert!(e.contains("certificate"), "{e}");
}
