//! `gen-migration` proves every plan before writing it: the previous release in a throw-away
//! database, the new files applied by the runner, the catalog compared with the definitions,
//! then the undo files and the previous snapshot. A plan the database disproves is refused
//! and nothing is written.

use hims_migrations::delta::DeltaPlan;
use hims_migrations::repo::{GenOptions, RepoError, Verifier, gen_migration};
use hims_model::{Column, ColumnType, Model};
use hims_tests::{cluster_lock, copy_dir, generated_dir, hims_model};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hims-verify-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    copy_dir(&generated_dir(), &dir);
    dir
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn with_column(model: &Model) -> Model {
    let mut m = model.clone();
    m.tables
        .iter_mut()
        .find(|t| t.schema == "core" && t.name == "patients")
        .unwrap()
        .columns
        .push(Column::new("verify_note", ColumnType::Text, true));
    m
}

fn server() -> hims_verify::Server {
    let cluster = hims_testdb::cluster().expect("a PostgreSQL server (hims-testdb)");
    hims_verify::Server::new(cluster.admin_conn_str(), move |db| cluster.conn_str_for(db))
}

fn generate(
    dir: &Path,
    model: &Model,
    edit: Option<&dyn Fn(&mut DeltaPlan)>,
) -> Result<hims_migrations::repo::Generated, RepoError> {
    let server = server();
    let verifier = hims_verify::DbVerifier { server: &server };
    // The release's baseline migration creates roles (cluster-wide).
    let _guard = cluster_lock();
    gen_migration(
        dir,
        model,
        &GenOptions {
            description: "add_verify_note",
            allow: &[],
            dry_run: false,
            empty_template: None,
            verifier: Some(&verifier as &dyn Verifier),
            edit_plan: edit,
        },
    )
    .map(|g| g.expect("a change"))
}

#[test]
fn a_correct_plan_is_proven_forward_and_back_then_written() {
    let dir = scratch("proven");
    let g = generate(&dir, &with_column(&hims_model()), None).unwrap();
    assert!(
        g.verified.iter().any(|n| n.starts_with("proven: V")),
        "{:?}",
        g.verified
    );
    assert!(
        g.verified
            .iter()
            .any(|n| n == "proven: the undo files give the previous snapshot"),
        "{:?}",
        g.verified
    );
    assert!(!g.written.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_forward_file_the_database_disproves_is_refused_and_nothing_is_written() {
    let dir = scratch("wrong-forward");
    let before = contents(&dir);
    // The engine "forgets" the column: the statement does something harmless instead.
    let forget = |plan: &mut DeltaPlan| {
        for f in &mut plan.files {
            for s in &mut f.steps {
                if matches!(s.change, hims_diff::Change::AddColumn { .. }) {
                    s.rendered.sql = vec!["SELECT 1;".to_string()];
                }
            }
        }
    };
    let err = generate(&dir, &with_column(&hims_model()), Some(&forget)).unwrap_err();
    let RepoError::Disproved { differences } = &err else {
        panic!("expected a disproved plan, got: {err}");
    };
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert!(
        differences[0].starts_with("after migrate: table core.patients differs")
            && differences[0].contains("add column core.patients.verify_note"),
        "{differences:?}"
    );
    assert!(err.to_string().contains("nothing was written"), "{err}");
    assert_eq!(contents(&dir), before, "a disproved plan wrote files");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_undo_the_database_disproves_is_refused_and_nothing_is_written() {
    let dir = scratch("wrong-undo");
    let before = contents(&dir);
    // The undo leaves the column behind.
    let keep = |plan: &mut DeltaPlan| {
        for f in &mut plan.files {
            for s in &mut f.steps {
                if matches!(s.change, hims_diff::Change::AddColumn { .. }) {
                    s.rendered.undo.clear();
                }
            }
        }
    };
    let err = generate(&dir, &with_column(&hims_model()), Some(&keep)).unwrap_err();
    let RepoError::Disproved { differences } = &err else {
        panic!("expected a disproved plan, got: {err}");
    };
    assert!(
        differences
            .iter()
            .any(|d| d.starts_with("after undo: table core.patients differs")
                && d.contains("drop column core.patients.verify_note")),
        "{differences:?}"
    );
    assert_eq!(contents(&dir), before, "a disproved plan wrote files");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_forward_file_that_fails_is_refused_with_the_runners_message() {
    let dir = scratch("failing");
    let before = contents(&dir);
    let fail = |plan: &mut DeltaPlan| {
        for f in &mut plan.files {
            for s in &mut f.steps {
                if matches!(s.change, hims_diff::Change::AddColumn { .. }) {
                    s.rendered.sql =
                        vec!["ALTER TABLE core.no_such_table ADD COLUMN x text;".to_string()];
                }
            }
        }
    };
    let err = generate(&dir, &with_column(&hims_model()), Some(&fail)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("migrate fails on a database at the previous release")
            && text.contains("no_such_table"),
        "{text}"
    );
    assert_eq!(contents(&dir), before, "a disproved plan wrote files");
    std::fs::remove_dir_all(&dir).ok();
}
