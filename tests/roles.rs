//! Role settings (`ALTER ROLE … SET`) on a real server: rendered by the complete script,
//! changed and undone by a delta, read back by introspection, reported by drift, and in
//! force for a session that logs in as the role.

use hims_model::{Model, Role, Schema};
use hims_testdb::TestDb;
use hims_tests::{cluster_lock, execute_statements};
use std::collections::BTreeMap;

fn settings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn model(role: &str, pairs: &[(&str, &str)]) -> Model {
    let mut m = Model {
        schemas: vec![Schema {
            name: "app".into(),
            comment: None,
            naming_rules: true,
            origin: Default::default(),
        }],
        roles: vec![Role {
            name: role.into(),
            login: true,
            bypass_rls: false,
            member_of: Vec::new(),
            comment: None,
            settings: settings(pairs),
        }],
        ..Default::default()
    };
    m.canonicalize();
    m.validate().unwrap();
    m
}

fn live(db: &TestDb, role: &str) -> BTreeMap<String, String> {
    let mut c = db.connect();
    hims_pg::role_settings(&mut c, &[role])
        .unwrap()
        .remove(role)
        .expect("the role exists")
}

#[test]
fn role_settings_are_created_changed_undone_introspected_and_applied_at_login() {
    let db = TestDb::new();
    let _guard = cluster_lock();
    // Roles are cluster-wide: a name of this test only.
    let role = format!("hims_t_settings_{}", std::process::id());
    let old = model(
        &role,
        &[
            ("statement_timeout", "30s"),
            ("idle_in_transaction_session_timeout", "60s"),
        ],
    );
    let new = model(
        &role,
        &[
            ("statement_timeout", "45s"),
            ("default_transaction_read_only", "on"),
        ],
    );
    let script = hims_render::baseline(
        &old,
        &hims_render::BaselineHeader {
            file_name: "test.sql".into(),
            regenerate: "test".into(),
        },
    );
    assert!(
        script.contains(&format!(
            "ALTER ROLE \"{role}\" SET \"statement_timeout\" = '30s';"
        )),
        "{script}"
    );
    db.psql(&script).unwrap();
    assert_eq!(live(&db, &role), old.roles[0].settings);

    let changes = hims_diff::diff(&old, &new);
    let kinds: Vec<String> = changes.iter().map(|c| c.describe()).collect();
    assert_eq!(
        kinds,
        [
            format!("set default_transaction_read_only = on for role {role}"),
            format!("reset idle_in_transaction_session_timeout for role {role}"),
            format!("set statement_timeout = 45s for role {role}"),
        ]
    );
    let rendered: Vec<_> = changes
        .iter()
        .map(|c| hims_render::render_change(c, &old, &new))
        .collect();
    execute_statements(
        &db,
        &rendered
            .iter()
            .flat_map(|r| r.sql.clone())
            .collect::<Vec<_>>(),
    );
    assert_eq!(live(&db, &role), new.roles[0].settings);

    // Drift: none against the new definitions, the three changes against the old ones.
    let mut c = db.connect();
    let d = hims_pg::drift(&mut c, &new).unwrap();
    assert!(d.is_empty(), "{:?}", d.grouped());
    let d = hims_pg::drift(&mut c, &old).unwrap();
    assert_eq!(d.changes.len(), 3, "{:?}", d.grouped());

    // In force for a session that logs in as the role.
    let mut as_role = postgres::Client::connect(&db.conn_str_as(&role), postgres::NoTls).unwrap();
    let (ro, timeout): (String, String) = {
        let r = as_role
            .query_one(
                "SELECT current_setting('default_transaction_read_only'), current_setting('statement_timeout')",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((ro.as_str(), timeout.as_str()), ("on", "45s"));
    let e = as_role
        .batch_execute("CREATE TEMP TABLE t (x int)")
        .unwrap_err();
    assert_eq!(e.code().unwrap().code(), "25006", "read-only transaction");
    drop(as_role);

    // Undo, in reverse order, restores the old settings exactly.
    execute_statements(
        &db,
        &rendered
            .iter()
            .rev()
            .flat_map(|r| r.undo.clone())
            .collect::<Vec<_>>(),
    );
    assert_eq!(live(&db, &role), old.roles[0].settings);
    db.connect()
        .batch_execute(&format!("DROP ROLE \"{role}\""))
        .unwrap();
}

#[test]
fn a_setting_name_that_is_not_a_parameter_is_refused() {
    let mut m = model("r", &[]);
    m.roles[0]
        .settings
        .insert("statement_timeout; DROP".into(), "1".into());
    let e = m.validate().unwrap_err().to_string();
    assert!(e.contains("is not a configuration parameter name"), "{e}");
}
