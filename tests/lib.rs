//! Helpers shared by the workspace tests: the model, the generated directory, and
//! comparing a live database with a model.

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

/// The committed baseline migration.
pub fn v001_path() -> PathBuf {
    generated_dir()
        .join("migrations")
        .join(hims_migrations::BASELINE_MIGRATION)
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
