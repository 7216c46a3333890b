//! Helpers shared by the workspace tests: the model, the generated directory, and
//! comparing a live database with a model.

pub mod rows;

use hims_model::Model;
use hims_testdb::TestDb;
use std::path::PathBuf;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

pub fn generated_dir() -> PathBuf {
    workspace_root().join("generated")
}

/// The HIMS model; a broken definition fails the test with every problem listed.
pub fn hims_model() -> Model {
    hims_schema_defs::model().unwrap_or_else(|p| panic!("{p}"))
}

/// The committed baseline migration V001 (frozen once a delta exists).
pub fn v001_path() -> PathBuf {
    generated_dir()
        .join("migrations")
        .join(hims_migrations::BASELINE_MIGRATION)
}

/// The complete, idempotent script at head: what a new deployment runs.
pub fn head_script_path() -> PathBuf {
    generated_dir()
        .join("schema")
        .join(hims_migrations::repo::COMPLETE_SCRIPT)
}

/// A copy of `model` whose column order does not matter: a column added by a delta goes to
/// the end of its table while the complete script declares it where the struct has it (an
/// attribute added to a composite type likewise).
pub fn ignoring_column_order(model: &Model) -> Model {
    let mut m = model.clone();
    for t in &mut m.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    for c in &mut m.composites {
        c.attributes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    m
}

pub fn schema_names(model: &Model) -> Vec<&str> {
    model.schemas.iter().map(|s| s.name.as_str()).collect()
}

/// The database's schemas as a model, read from the catalog.
pub fn introspect(db: &TestDb, model: &Model) -> Model {
    let mut client = db.connect();
    hims_pg::introspect(&mut client, &schema_names(model))
        .unwrap_or_else(|e| panic!("introspection failed: {e}"))
}

/// Fail with a readable line diff of the canonical JSON forms when the models differ.
pub fn assert_same_model(expected: &Model, actual: &Model, what: &str) {
    let e = expected.to_canonical_json();
    let a = actual.to_canonical_json();
    if e != a {
        let diff = similar::TextDiff::from_lines(&e, &a);
        let mut out = String::new();
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Equal => {}
                similar::ChangeTag::Delete => out.push_str(&format!("- {change}")),
                similar::ChangeTag::Insert => out.push_str(&format!("+ {change}")),
            }
        }
        panic!("{what}: models differ (- expected, + actual):\n{out}");
    }
}

/// Serialises scripts that create roles within this test process: roles are cluster-wide,
/// and two databases creating the same role at once race in the catalog (Flyway's lock
/// prevents that in real deployments).
pub fn cluster_lock() -> std::sync::MutexGuard<'static, ()> {
    static APPLY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    APPLY.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fresh database with the complete script at head applied. Applications are serialised
/// within the test process to keep the tests independent of one another (roles are
/// cluster-wide); the script itself tolerates a concurrent run in another database
/// (tests/roles.rs).
pub fn hims_db() -> TestDb {
    let db = TestDb::new();
    let _guard = cluster_lock();
    db.psql_file(&head_script_path())
        .unwrap_or_else(|e| panic!("the complete script failed to apply: {e}"));
    db
}

/// Apply a SQL file the way Flyway would: in one transaction, or statement by statement
/// when its `.conf` sidecar says `executeInTransaction=false`. Like our runner, a
/// transactional file rolled back by a concurrent write of a cluster-wide catalog (a
/// released file's plain `ALTER ROLE … SET` while another test's database sets the same
/// role) runs again.
pub fn apply_migration(db: &TestDb, path: &std::path::Path) -> Result<(), String> {
    let mut attempt = 1;
    loop {
        match apply_migration_once(db, path) {
            Err((true, _)) if attempt < 4 => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(200 * attempt));
            }
            r => return r.map_err(|(_, e)| e),
        }
    }
}

/// `Err((retryable, message))`.
fn apply_migration_once(db: &TestDb, path: &std::path::Path) -> Result<(), (bool, String)> {
    let conf = path.with_file_name(format!(
        "{}.conf",
        path.file_name().unwrap().to_string_lossy()
    ));
    let non_transactional =
        std::fs::read_to_string(conf).is_ok_and(|c| c.contains("executeInTransaction=false"));
    let mut cmd = db.psql_command().map_err(|e| (false, e.to_string()))?;
    if !non_transactional {
        cmd.arg("--single-transaction");
    }
    let out = cmd
        .arg("-f")
        .arg(path)
        .output()
        .map_err(|e| (false, e.to_string()))?;
    if out.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let concurrent = stderr.contains("tuple concurrently updated")
            || hims_runner::SHARED_CATALOG_INDEXES
                .iter()
                .any(|index| stderr.contains(&format!("\"{index}")));
        Err((
            concurrent && !non_transactional,
            format!("{} failed: {stderr}", path.display()),
        ))
    }
}

/// The statements of the delta from `old` to `new`, and of its undo (newest change first).
pub fn delta_statements(old: &Model, new: &Model) -> (Vec<String>, Vec<String>) {
    let rendered: Vec<_> = hims_diff::diff(old, new)
        .iter()
        .map(|c| hims_render::render_change(c, old, new))
        .collect();
    let forward = rendered.iter().flat_map(|r| r.sql.clone()).collect();
    let undo = rendered.iter().rev().flat_map(|r| r.undo.clone()).collect();
    (forward, undo)
}

/// Run `statements` in one batch, failing with PostgreSQL's message and the statements.
pub fn execute_statements(db: &TestDb, statements: &[String]) {
    db.connect()
        .batch_execute(&statements.join("\n"))
        .unwrap_or_else(|e| {
            panic!(
                "{}\n{}",
                hims_testdb::pg_error_message(&e),
                statements.join("\n")
            )
        });
}

/// The SQLSTATE of a failed statement, for asserting *why* it failed.
pub fn sqlstate(e: &postgres::Error) -> String {
    e.code()
        .map(|c| c.code().to_string())
        .unwrap_or_else(|| format!("no SQLSTATE: {e}"))
}

/// Run `sql` as the application role with `tenant` (and optionally `user`) set for the
/// transaction, the way the application does it.
pub fn as_app(
    client: &mut postgres::Client,
    tenant: Option<uuid::Uuid>,
    user: Option<uuid::Uuid>,
    sql: &str,
) -> Result<Vec<postgres::Row>, postgres::Error> {
    let mut tx = client.transaction()?;
    tx.batch_execute("SET LOCAL ROLE hims_app")?;
    tx.execute(
        "SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)",
        &[
            &tenant.map(|t| t.to_string()).unwrap_or_default(),
            &user.map(|u| u.to_string()).unwrap_or_default(),
        ],
    )?;
    let rows = tx.query(sql, &[])?;
    tx.commit()?;
    Ok(rows)
}

/// Copy a directory tree (creating `to`), for tests that work on a copy of generated/.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
