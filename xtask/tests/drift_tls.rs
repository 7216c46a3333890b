//! `cargo xtask drift` against a server that accepts TCP only over TLS: it connects like the
//! runner (sslmode, sslrootcert; the password never printed). Migrated over TLS by
//! `cargo xtask migrate`, the database has no drift; plaintext and the wrong CA are refused.

use std::process::{Command, Output, Stdio};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("xtask runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn drift_over_tls_after_migrate_is_clean_and_plaintext_is_refused() {
    let certs = tempfile::tempdir().unwrap();
    hims_testdb::test_certificates(certs.path());
    let server = hims_testdb::TlsServer::start(
        &certs.path().join("server.crt"),
        &certs.path().join("server.key"),
        None,
    )
    .unwrap_or_else(|e| panic!("TLS server: {e}"));
    postgres::Client::connect(&server.local_conn_str("postgres"), postgres::NoTls)
        .unwrap()
        .batch_execute("CREATE DATABASE hims")
        .unwrap();
    let url = |query: String| {
        format!(
            "postgresql://{}:Sekr1t-pw@127.0.0.1:{}/hims?{query}",
            server.superuser(),
            server.port()
        )
    };
    let ca = |name: &str| certs.path().join(name).display().to_string();
    let verify_full = url(format!("sslmode=verify-full&sslrootcert={}", ca("ca.crt")));

    let o = xtask(&["migrate", "--database-url", &url("sslmode=require".into())]);
    assert!(o.status.success(), "{}", text(&o));
    let o = xtask(&["drift", "--database-url", &verify_full]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("no drift"), "{}", text(&o));

    postgres::Client::connect(&server.local_conn_str("hims"), postgres::NoTls)
        .unwrap()
        .batch_execute("ALTER TABLE billing.payers ADD COLUMN by_hand integer")
        .unwrap();
    let o = xtask(&["drift", "--database-url", &verify_full]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("drop column billing.payers.by_hand"),
        "{}",
        text(&o)
    );

    for (query, expected) in [
        ("sslmode=disable".to_string(), "no encryption"),
        (
            format!("sslmode=verify-full&sslrootcert={}", ca("other-ca.crt")),
            "certificate verify failed",
        ),
    ] {
        let o = xtask(&["drift", "--database-url", &url(query.clone())]);
        let t = text(&o);
        assert!(!o.status.success(), "{query}: {t}");
        assert!(t.contains(expected), "{query}: {t}");
        assert!(!t.contains("Sekr1t"), "{query}: password shown: {t}");
    }
}
