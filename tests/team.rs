//! Two branches each generate the next version from the same release; merging them makes
//! `check` fail naming both files, and `rebase` moves the local delta after the other one.

use hims_migrations::repo::{GenOptions, check_all, gen_migration};
use hims_model::{Column, ColumnType, Model};
use hims_tests::{copy_dir, generated_dir, hims_model};
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hims-team-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    copy_dir(&generated_dir(), &dir);
    dir
}

fn with_column(model: &Model, table: &str, column: &str) -> Model {
    let mut m = model.clone();
    m.tables
        .iter_mut()
        .find(|t| t.schema == "core" && t.name == table)
        .unwrap()
        .columns
        .push(Column::new(column, ColumnType::Text, true));
    m
}

fn generate(dir: &Path, model: &Model, description: &str) -> String {
    let g = gen_migration(
        dir,
        model,
        &GenOptions {
            description,
            allow: &[],
            dry_run: false,
            empty_template: None,
            verifier: None,
            edit_plan: None,
        },
    )
    .unwrap()
    .expect("a change");
    g.migrations[0].0.clone()
}

fn new_lock_lines(base: &str, branch: &str) -> Vec<String> {
    let base: Vec<&str> = base.lines().collect();
    branch
        .lines()
        .filter(|l| !base.contains(l))
        .map(str::to_string)
        .collect()
}

#[test]
fn merging_two_releases_of_one_version_is_caught_and_rebased() {
    let base_model = hims_model();
    let released = generated_dir().join("migrations.lock").exists();
    if !released {
        return; // nothing released yet: no lock to collide in
    }
    let base_lock = std::fs::read_to_string(generated_dir().join("migrations.lock")).unwrap();
    let mine_model = with_column(&base_model, "patients", "x_note");
    let theirs_model = with_column(&base_model, "facilities", "y_note");
    let mine_dir = scratch("mine");
    let theirs_dir = scratch("theirs");
    let mine = generate(&mine_dir, &mine_model, "add_x_note");
    let theirs = generate(&theirs_dir, &theirs_model, "add_y_note");
    assert_eq!(
        &mine[..5],
        &theirs[..5],
        "both branches took the same version: {mine} {theirs}"
    );

    // The merge: their files, my new files next to them, both baseline migrations of that
    // version in conflict, and the lock in conflict.
    let merged = scratch("merged");
    std::fs::remove_dir_all(&merged).unwrap();
    copy_dir(&theirs_dir, &merged);
    for dir in ["migrations", "snapshots"] {
        for entry in std::fs::read_dir(mine_dir.join(dir)).unwrap().flatten() {
            let target = merged.join(dir).join(entry.file_name());
            if !target.exists() {
                std::fs::copy(entry.path(), &target).unwrap();
            } else if std::fs::read(entry.path()).unwrap() != std::fs::read(&target).unwrap() {
                let ours = std::fs::read_to_string(&target).unwrap();
                let other = std::fs::read_to_string(entry.path()).unwrap();
                std::fs::write(
                    &target,
                    format!("<<<<<<< HEAD\n{ours}=======\n{other}>>>>>>> mine\n"),
                )
                .unwrap();
            }
        }
    }
    let theirs_lock = std::fs::read_to_string(theirs_dir.join("migrations.lock")).unwrap();
    let mine_lock = std::fs::read_to_string(mine_dir.join("migrations.lock")).unwrap();
    let conflicted = format!(
        "{}<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> mine\n",
        base_lock,
        new_lock_lines(&base_lock, &theirs_lock).join("\n"),
        new_lock_lines(&base_lock, &mine_lock).join("\n")
    );
    std::fs::write(merged.join("migrations.lock"), conflicted).unwrap();

    let merged_model = with_column(&theirs_model, "patients", "x_note");
    let message = match check_all(&merged, &merged_model) {
        Err(e) => e.to_string(),
        Ok(problems) => problems.join("\n"),
    };
    assert!(
        message.contains(&mine) && message.contains(&theirs),
        "check names both files: {message}"
    );

    let rebased = hims_migrations::rebase::rebase(&merged, &merged_model, &mine, &[]).unwrap();
    let regenerated = rebased
        .generated
        .expect("the local change is generated again");
    let (new_name, sql) = &regenerated.migrations[0];
    assert!(
        new_name.as_str() > theirs.as_str(),
        "{new_name} comes after {theirs}"
    );
    assert!(
        sql.contains("\"x_note\"") && !sql.contains("\"y_note\""),
        "only the local change:\n{sql}"
    );
    let problems = check_all(&merged, &merged_model).unwrap();
    assert!(
        problems.is_empty(),
        "after the rebase:\n{}",
        problems.join("\n")
    );
    for d in [mine_dir, theirs_dir, merged] {
        std::fs::remove_dir_all(d).ok();
    }
}

#[test]
fn regen_undo_finds_nothing_stale_in_the_committed_files_and_restores_a_hand_edited_undo() {
    use hims_migrations::regen::{UndoOutcome, regen_undo};
    if !generated_dir().join("migrations.lock").exists() {
        return;
    }
    let dir = scratch("regen");
    let reports = regen_undo(&dir, true).unwrap();
    assert!(!reports.is_empty());
    for r in &reports {
        assert_eq!(
            r.outcome,
            UndoOutcome::Current,
            "{}: the committed undo files are what the engine writes",
            r.file_name
        );
    }
    // A hand edit of an undo file: `check` refuses it, regen-undo writes the file again and
    // `check` accepts the result; the lock and every V and B file are unchanged.
    let migrations = dir.join("migrations");
    let undo = std::fs::read_dir(&migrations)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("U002__") && n.ends_with(".sql"))
        .expect("U002");
    let committed = std::fs::read_to_string(migrations.join(&undo)).unwrap();
    let lock_before = std::fs::read_to_string(dir.join("migrations.lock")).unwrap();
    std::fs::write(migrations.join(&undo), "SELECT 'edited by hand';\n").unwrap();
    let problems = check_all(&dir, &hims_model()).unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&undo) && p.contains("regen-undo")),
        "{problems:?}"
    );
    let reports = regen_undo(&dir, false).unwrap();
    assert!(
        reports
            .iter()
            .any(|r| r.file_name == undo && r.outcome == UndoOutcome::Regenerated)
    );
    assert_eq!(
        std::fs::read_to_string(migrations.join(&undo)).unwrap(),
        committed
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("migrations.lock")).unwrap(),
        lock_before,
        "the file is back to its recorded version: nothing new to record"
    );
    assert_eq!(
        check_all(&dir, &hims_model()).unwrap(),
        Vec::<String>::new()
    );
    std::fs::remove_dir_all(&dir).ok();
}
