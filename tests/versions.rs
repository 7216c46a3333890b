//! Every released version on a real server: a database migrated V001 → VN equals a fresh
//! database built from the baseline migration BN (the complete script at N); each undo
//! brings the database back to the previous version; through the runner, on a database
//! with rows, undo goes from head back to V001 keeping every row; the complete script at
//! head applies twice.

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

    // Each undo, on its own database at that version: back to the previous version (an
    // added enum value too: the type is rebuilt without it).
    let mut undone = 0;
    for i in 1..checkpoints.len() {
        let v = checkpoints[i].0;
        let db = TestDb::new();
        for &(w, _) in &checkpoints[..=i] {
            apply_migration(&db, &file(Prefix::Versioned, w).unwrap()).unwrap();
        }
        let undo = file(Prefix::Undo, v).unwrap_or_else(|| panic!("U{v:03} missing"));
        apply_migration(&db, &undo).unwrap_or_else(|e| panic!("U{v:03}: {e}"));
        assert_same_model(
            &checkpoints[i - 1].1,
            &catalog(&db),
            &format!("after U{v:03}"),
        );
        undone += 1;
    }
    assert_eq!(
        undone,
        checkpoints.len() - 1,
        "every undo restores the previous version"
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

/// The released files without the baseline migrations, so that a new database runs
/// V001..head one by one (with B files the runner starts from the newest one).
fn versioned_only() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(generated_dir().join("migrations")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.starts_with('B') {
            std::fs::copy(entry.path(), dir.path().join(&name)).unwrap();
        }
    }
    dir
}

#[test]
fn undo_runs_from_head_back_to_v001_through_the_runner_on_a_database_with_rows() {
    use hims_runner::{self as runner, Config};
    use hims_tests::rows;
    let files = released();
    if files.is_empty() {
        return;
    }
    let _roles = ROLES.lock().unwrap_or_else(|e| e.into_inner());
    let mut versions: Vec<u32> = files
        .iter()
        .filter(|(p, _, _)| *p == Prefix::Versioned)
        .map(|(_, v, _)| *v)
        .collect();
    versions.dedup();
    // The catalog at each version, from the V files applied one by one.
    let reference = TestDb::new();
    let mut at: std::collections::BTreeMap<u32, hims_model::Model> = Default::default();
    for &v in &versions {
        let (_, _, path) = files
            .iter()
            .find(|(p, w, path)| {
                *p == Prefix::Versioned && *w == v && path.extension().is_some_and(|e| e == "sql")
            })
            .unwrap();
        apply_migration(&reference, path).unwrap();
        at.insert(v, catalog(&reference));
    }

    let dir = versioned_only();
    let db = TestDb::new();
    let config = Config::new(db.conn_str(), dir.path());
    runner::migrate(&config, &mut |_| {}).unwrap_or_else(|e| panic!("migrate: {e}"));
    let head = *versions.last().unwrap();
    assert_same_model(&at[&head], &catalog(&db), "migrated to head");
    let mut client = db.connect();
    let filled = rows::fill(&mut client, &at[&head], 20);
    let with_rows = filled.values().filter(|n| **n > 0).count();
    assert!(
        with_rows * 10 >= filled.len() * 4,
        "only {with_rows} of {} tables got rows: {filled:?}",
        filled.len()
    );

    for &w in versions.iter().rev().skip(1) {
        let now = catalog(&db);
        let target = &at[&w];
        // Values the undo removes from enum types: rows holding them make it refuse,
        // naming each column and its count; the data is fixed and the undo run again.
        let mut held = Vec::new();
        for e in &now.enums {
            let Some(old) = target.enum_type(&e.schema, &e.name) else {
                continue;
            };
            let removed: Vec<&String> = e
                .values
                .iter()
                .filter(|v| !old.values.contains(v))
                .collect();
            let Some(keep) = old.values.first() else {
                continue;
            };
            for t in &now.tables {
                for c in &t.columns {
                    if c.ty.enum_ref() != Some((e.schema.as_str(), e.name.as_str())) {
                        continue;
                    }
                    let array = matches!(c.ty, hims_model::ColumnType::Array(_));
                    let list = removed
                        .iter()
                        .map(|v| format!("'{v}'"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let test = if array {
                        format!("\"{}\"::text[] && ARRAY[{list}]::text[]", c.name)
                    } else {
                        format!("\"{}\"::text IN ({list})", c.name)
                    };
                    if removed.is_empty() {
                        continue;
                    }
                    let q = t.qualified_name();
                    let n: i64 = client
                        .query_one(
                            &format!(
                                "SELECT count(*) FROM \"{}\".\"{}\" WHERE {test}",
                                q.schema, q.name
                            ),
                            &[],
                        )
                        .unwrap()
                        .get(0);
                    if n > 0 {
                        let fix = if array {
                            "'{}'".to_string()
                        } else {
                            format!("'{keep}'")
                        };
                        held.push((
                            format!("{q}.{}: {n} rows", c.name),
                            format!(
                                "UPDATE \"{}\".\"{}\" SET \"{}\" = {fix} WHERE {test}",
                                q.schema, q.name, c.name
                            ),
                        ));
                    }
                }
            }
        }
        if !held.is_empty() {
            let e = runner::undo(&config, &mut |_| {})
                .expect_err("the undo refuses while rows hold a removed value")
                .to_string();
            for (line, _) in &held {
                assert!(
                    e.contains("cannot undo") && e.contains(line.as_str()),
                    "{line} not in: {e}"
                );
            }
            assert_same_model(&now, &catalog(&db), "a refused undo changes nothing");
            for (_, fix) in &held {
                client.batch_execute(fix).unwrap();
            }
        }
        let before = rows::common_digests(&mut client, &now, target);
        runner::undo(&config, &mut |_| {}).unwrap_or_else(|e| panic!("undo back to V{w:03}: {e}"));
        assert_same_model(target, &catalog(&db), &format!("undone back to V{w:03}"));
        let after = rows::common_digests(&mut client, &now, target);
        for (t, d) in &before {
            assert_eq!(
                d.len(),
                after[t].len(),
                "{t}: row count changed by the undo back to V{w:03}"
            );
            assert!(
                d == &after[t],
                "{t}: rows changed by the undo back to V{w:03}"
            );
        }
    }
    // And forward again to head, with the rows still there.
    runner::migrate(&config, &mut |_| {}).unwrap_or_else(|e| panic!("migrate again: {e}"));
    assert_same_model(&at[&head], &catalog(&db), "migrated to head again");
}
