//! Every released version on a real server: a database migrated V001 → VN equals a fresh
//! database built from the baseline migration BN (the complete script at N); each undo
//! brings the database back to the previous version (or refuses, saying why, where
//! PostgreSQL cannot go back); the complete script at head applies twice.

use hims_migrations::history::{LockFile, Prefix, parse_migration_name};
use hims_testdb::TestDb;
use hims_tests::{
    apply_migration, assert_same_model, generated_dir, head_script_path, hims_model,
    ignoring_column_order,
};
use std::path::PathBuf;

fn released() -> Vec<(Prefix, u32, PathBuf)> {
    let lock_path = generated_dir().join("migrations.lock");
    let Ok(text) = std::fs::read_to_string(&lock_path) else {
        return Vec::new();
    };
    let lock = LockFile::parse(&text).expect("lock parses");
    lock.entries
        .iter()
        .filter_map(|e| {
            let m = parse_migration_name(&e.file_name)?;
            Some((
                m.prefix,
                m.version.as_u32()?,
                generated_dir().join("migrations").join(&e.file_name),
            ))
        })
        .collect()
}

fn catalog(db: &TestDb) -> hims_model::Model {
    let model = hims_model();
    let schemas: Vec<&str> = model.schemas.iter().map(|s| s.name.as_str()).collect();
    ignoring_column_order(&hims_pg::introspect(&mut db.connect(), &schemas).unwrap())
}

static ROLES: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn every_version_migrated_equals_its_baseline_and_undoes() {
    let files = released();
    if files.is_empty() {
        // Nothing released yet: V001 alone is covered by the baseline tests.
        assert!(!generated_dir().join("migrations.lock").exists());
        return;
    }
    let _roles = ROLES.lock().unwrap_or_else(|e| e.into_inner());
    let versions: Vec<u32> = {
        let mut v: Vec<u32> = files
            .iter()
            .filter(|(p, _, _)| *p == Prefix::Versioned)
            .map(|(_, v, _)| *v)
            .collect();
        v.dedup();
        v
    };
    let file = |prefix: Prefix, version: u32| {
        files
            .iter()
            .find(|(p, v, path)| {
                *p == prefix && *v == version && path.extension().is_some_and(|e| e == "sql")
            })
            .map(|(_, _, p)| p.clone())
    };

    let migrated = TestDb::new();
    let mut checkpoints: Vec<(u32, hims_model::Model)> = Vec::new();
    for &v in &versions {
        let path = file(Prefix::Versioned, v).expect("V file");
        apply_migration(&migrated, &path).unwrap();
        if let Some(b) = file(Prefix::Baseline, v) {
            let fresh = TestDb::new();
            apply_migration(&fresh, &b).unwrap();
            assert_same_model(
                &catalog(&fresh),
                &catalog(&migrated),
                &format!("V001..V{v:03} vs B{v:03}"),
            );
        }
        checkpoints.push((v, catalog(&migrated)));
    }
    assert!(checkpoints.len() >= 2, "at least one delta is released");

    // Each undo, on its own database at that version: back to the previous version, or a
    // refusal that says why (PostgreSQL cannot remove an enum value).
    let mut undone = 0;
    for i in 1..checkpoints.len() {
        let v = checkpoints[i].0;
        let db = TestDb::new();
        for &(w, _) in &checkpoints[..=i] {
            apply_migration(&db, &file(Prefix::Versioned, w).unwrap()).unwrap();
        }
        let undo = file(Prefix::Undo, v).unwrap_or_else(|| panic!("U{v:03} missing"));
        match apply_migration(&db, &undo) {
            Ok(()) => {
                assert_same_model(
                    &checkpoints[i - 1].1,
                    &catalog(&db),
                    &format!("after U{v:03}"),
                );
                undone += 1;
            }
            Err(e) => {
                assert!(
                    e.contains("cannot undo"),
                    "U{v:03} failed without saying why: {e}"
                );
                let text = std::fs::read_to_string(&undo).unwrap();
                assert!(
                    text.contains("cannot undo"),
                    "U{v:03} refuses only by design"
                );
            }
        }
    }
    assert!(
        undone >= 1,
        "at least one undo restores the previous version"
    );
}

#[test]
fn the_head_script_is_the_newest_baseline_migration() {
    let files = released();
    let Some((_, _, newest_b)) = files
        .iter()
        .filter(|(p, _, _)| *p == Prefix::Baseline)
        .max_by_key(|(_, v, _)| *v)
    else {
        return;
    };
    // Same statements; only the header naming the file differs.
    let body = |p: &PathBuf| {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        body(newest_b),
        body(&head_script_path()),
        "B file and the complete script at head"
    );
}
