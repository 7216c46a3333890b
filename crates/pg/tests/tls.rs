//! Drift and introspection over TLS: `hims_pg::connect` (what `cargo xtask drift` and
//! `import` use) goes through the runner's connection code, so a server that accepts TCP
//! only over TLS (`ssl=on`, hostssl-only pg_hba.conf) is read with `sslmode=require` or
//! `verify-full`; the wrong CA and plaintext are refused with clear errors that never show
//! the password.

use hims_model::{Column, ColumnType, Model, PrimaryKey, QualifiedName, Schema, Table};
use hims_testdb::TlsServer;

fn model() -> Model {
    let mut t = Table::new("app", "t");
    t.columns.push(Column::new(
        "id",
        ColumnType::parse("integer").unwrap(),
        false,
    ));
    t.columns.push(Column::new(
        "note",
        ColumnType::parse("text").unwrap(),
        true,
    ));
    t.primary_key = Some(PrimaryKey {
        name: "t_pkey".into(),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    let mut m = Model {
        schemas: vec![Schema {
            name: "app".into(),
            comment: None,
            naming_rules: true,
            origin: Default::default(),
        }],
        tables: vec![t],
        ..Default::default()
    };
    m.canonicalize();
    m
}

#[test]
fn drift_reads_a_tls_only_server_and_refuses_the_wrong_ca_and_plaintext() {
    let certs = tempfile::tempdir().unwrap();
    hims_testdb::test_certificates(certs.path());
    let server = TlsServer::start(
        &certs.path().join("server.crt"),
        &certs.path().join("server.key"),
        None,
    )
    .unwrap_or_else(|e| panic!("TLS server: {e}"));
    let mut local =
        postgres::Client::connect(&server.local_conn_str("postgres"), postgres::NoTls).unwrap();
    local
        .batch_execute(
            "CREATE SCHEMA app; CREATE TABLE app.t (id integer PRIMARY KEY, note text);
             ALTER ROLE postgres PASSWORD 'Sekr1t-pw'",
        )
        .unwrap();
    let url = |query: String| {
        format!(
            "postgresql://{}:Sekr1t-pw@127.0.0.1:{}/postgres?{query}",
            server.superuser(),
            server.port()
        )
    };
    let ca = |name: &str| certs.path().join(name).display().to_string();

    for query in [
        "sslmode=require".to_string(),
        format!("sslmode=verify-full&sslrootcert={}", ca("ca.crt")),
    ] {
        let mut c =
            hims_pg::connect(&url(query.clone())).unwrap_or_else(|e| panic!("{query}: {e}"));
        let ssl: bool = c
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0);
        assert!(ssl, "{query}: the session is encrypted");
        let drift = hims_pg::drift(&mut c, &model()).unwrap();
        assert!(drift.is_empty(), "{query}: {:?}", drift.grouped());
        assert!(
            drift
                .live
                .table(&QualifiedName::new("app", "t"))
                .is_some_and(|t| t.columns.len() == 2),
            "{query}: introspected over TLS"
        );
    }
    // Drift over TLS still reports differences.
    local
        .batch_execute("ALTER TABLE app.t ADD COLUMN by_hand integer")
        .unwrap();
    let mut c = hims_pg::connect(&url("sslmode=require".into())).unwrap();
    let drift = hims_pg::drift(&mut c, &model()).unwrap();
    assert_eq!(
        drift.grouped()["table app.t"],
        ["drop column app.t.by_hand"]
    );

    let refused = |query: String| match hims_pg::connect(&url(query.clone())) {
        Ok(_) => panic!("{query}: connected"),
        Err(e) => e.to_string(),
    };
    let wrong_ca = refused(format!(
        "sslmode=verify-full&sslrootcert={}",
        ca("other-ca.crt")
    ));
    assert!(
        wrong_ca.contains("certificate verify failed") && wrong_ca.contains("other-ca.crt"),
        "{wrong_ca}"
    );
    let plaintext = refused("sslmode=disable".into());
    assert!(
        plaintext.contains("no encryption") || plaintext.contains("pg_hba.conf"),
        "{plaintext}"
    );
    for message in [&wrong_ca, &plaintext] {
        assert!(!message.contains("Sekr1t"), "password shown: {message}");
        assert!(message.contains("password=<redacted>"), "{message}");
    }
    // A JDBC URL (what Flyway users have) works the same.
    let jdbc = format!(
        "jdbc:postgresql://127.0.0.1:{}/postgres?sslmode=require&user={}&password=Sekr1t-pw",
        server.port(),
        server.superuser()
    );
    hims_pg::connect(&jdbc).unwrap_or_else(|e| panic!("{e}"));
}
