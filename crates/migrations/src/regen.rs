//! `cargo xtask regen-undo`: rewrite released undo files that the engine now writes
//! differently (e.g. an undo that used to refuse), and record each rewrite in the lock.
//!
//! Why this is allowed for `U` files only: a `U` file is never in a database's history
//! until it runs, and a database that ran it successfully is back at the previous version
//! with that row marked undone; the `V` file it undoes, and every `B` file, are what
//! databases record, and they never change. A `U` file is regenerated only when the plan
//! between the two released snapshots still produces exactly the released `V` file's
//! statements (in any order: the undo starts from the state the file leaves): the new undo
//! must undo what was released, not what the engine would write today. Rename hints, which
//! snapshots do not keep, are recovered from the plan listed in the released files.

use crate::delta::{self, FileHeader};
use crate::history::{LOCK_FILE, Prefix, parse_migration_name};
use crate::repo::{Repo, RepoError};
use crate::{GeneratedFile, write_all};
use hims_model::Model;
use std::path::{Path, PathBuf};

/// The command named in the header of a regenerated undo file.
pub const REGEN_COMMAND: &str = "cargo xtask regen-undo";

/// What happened to one undo file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoOutcome {
    /// Already what the engine writes (the same statements in the same order).
    Current,
    /// Rewritten (or, on a dry run, would be) and recorded in the lock.
    Regenerated,
    /// Left alone, with the reason.
    Kept(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoReport {
    /// The undo file, or the version when there is none.
    pub file_name: String,
    pub outcome: UndoOutcome,
}

/// The statements of a script: every line that is not blank and not a `--` comment (plans,
/// hazards and headers are descriptions; the engine may word them differently today).
fn statements(sql: &str) -> Vec<&str> {
    sql.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.trim_start().starts_with("--"))
        .collect()
}

/// Snapshots in version order: `(version, stem, model)`.
fn snapshots(root: &Path) -> Result<Vec<(u32, String, Model)>, RepoError> {
    let repo = Repo::new(root);
    let mut out = Vec::new();
    let mut version = u32::MAX;
    loop {
        let (stem, model) = match repo.snapshot_at_or_before(version) {
            Ok(found) => found,
            Err(RepoError::Other(_)) if !out.is_empty() => break,
            Err(e) => return Err(e),
        };
        let v = parse_migration_name(&format!("{stem}.sql"))
            .and_then(|m| m.version.as_u32())
            .ok_or_else(|| RepoError::Other(format!("snapshot {stem}: no version")))?;
        out.push((v, stem, model));
        if v <= 1 {
            break;
        }
        version = v - 1;
    }
    out.reverse();
    Ok(out)
}

/// Rename hints are not kept in snapshots (they belong to the definitions of one release):
/// recover them from the plan the released files list (`--   N. rename …`, written by
/// `Change::describe`) and put them back on `model`.
fn restore_rename_hints(model: &mut Model, released: &[String]) {
    let plan_lines = released.iter().flat_map(|text| {
        text.lines().filter_map(|l| {
            let rest = l.strip_prefix("--   ")?;
            let (n, what) = rest.split_once(". ")?;
            n.parse::<usize>().ok().map(|_| what)
        })
    });
    for line in plan_lines {
        if let Some(rest) = line.strip_prefix("rename table ")
            && let Some((from, to)) = rest.rsplit_once(" to ")
            && let Some((schema, from)) = from.split_once('.')
        {
            if let Some(t) = model
                .tables
                .iter_mut()
                .find(|t| t.schema == schema && t.name == to)
            {
                t.renamed_from = Some(from.to_string());
            }
        } else if let Some(rest) = line.strip_prefix("rename column ")
            && let Some((from, to)) = rest.rsplit_once(" to ")
            && let Some((table, from)) = from.rsplit_once('.')
            && let Some((schema, table)) = table.split_once('.')
        {
            if let Some(c) = model
                .tables
                .iter_mut()
                .find(|t| t.schema == schema && t.name == table)
                .and_then(|t| t.columns.iter_mut().find(|c| c.name == to))
            {
                c.renamed_from = Some(from.to_string());
            }
        } else if let Some(rest) = line.strip_prefix("rename value '")
            && let Some((from, rest)) = rest.split_once("' of ")
            && let Some((name, to)) = rest.rsplit_once(" to '")
            && let Some(to) = to.strip_suffix('\'')
            && let Some((schema, name)) = name.split_once('.')
            && let Some(e) = model
                .enums
                .iter_mut()
                .find(|e| e.schema == schema && e.name == name)
        {
            e.renamed_values.push((from.to_string(), to.to_string()));
        }
    }
}

/// `file` without the NULL fills (`FillNulls`: data only, no undo) that the released file
/// does not list: the engine learned to write them after the release, and they change
/// nothing the undo starts from.
fn without_new_fills(file: &delta::PlannedFile, released: &str) -> delta::PlannedFile {
    let listed: Vec<&str> = released
        .lines()
        .filter_map(|l| {
            l.strip_prefix("--   ")?
                .split_once(". ")
                .map(|(_, what)| what)
        })
        .collect();
    delta::PlannedFile {
        phase: file.phase,
        steps: file
            .steps
            .iter()
            .filter(|s| {
                !matches!(s.change, hims_diff::Change::FillNulls { .. })
                    || listed.contains(&s.change.describe().as_str())
            })
            .cloned()
            .collect(),
    }
}

/// `file`'s steps in the order the released file lists them (`--   N. <description>`), so
/// that the undo is the exact reverse of what ran and its step numbers match; today's order
/// when a step is not listed or a description repeats.
fn in_released_order(file: &delta::PlannedFile, released: &str) -> delta::PlannedFile {
    let listed: Vec<&str> = released
        .lines()
        .filter_map(|l| {
            let (n, what) = l.strip_prefix("--   ")?.split_once(". ")?;
            n.parse::<usize>().ok().map(|_| what)
        })
        .collect();
    let mut keyed = Vec::new();
    for step in &file.steps {
        let describe = step.change.describe();
        let mut at = listed.iter().enumerate().filter(|(_, d)| **d == describe);
        match (at.next(), at.next()) {
            (Some((i, _)), None) => keyed.push((i, step.clone())),
            _ => return file.clone(),
        }
    }
    keyed.sort_by_key(|(i, _)| *i);
    delta::PlannedFile {
        phase: file.phase,
        steps: keyed.into_iter().map(|(_, s)| s).collect(),
    }
}

/// `file` with each step's forward statements as earlier engines wrote them
/// ([`hims_render::RenderedChange::earlier_sql`]).
fn with_earlier_forms(file: &delta::PlannedFile) -> delta::PlannedFile {
    let mut file = file.clone();
    for step in &mut file.steps {
        if let Some(sql) = &step.rendered.earlier_sql {
            step.rendered.sql = sql.clone();
        }
    }
    file
}

fn read(path: &Path) -> Result<String, RepoError> {
    std::fs::read_to_string(path).map_err(|e| RepoError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Regenerate every stale undo file of the released deltas under `root` (`generated/`).
/// Writes the files and the lock (atomically, all or nothing) unless `dry_run`.
pub fn regen_undo(root: &Path, dry_run: bool) -> Result<Vec<UndoReport>, RepoError> {
    let repo = Repo::new(root);
    let Some(mut lock) = repo.lock()? else {
        return Err(RepoError::Other(
            "nothing is released yet (no generated/migrations.lock): there is no undo file to regenerate".into(),
        ));
    };
    let dir = root.join("migrations");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| RepoError::Read {
            path: dir.clone(),
            message: e.to_string(),
        })?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let find = |prefix: Prefix, version: u32| {
        names
            .iter()
            .find(|n| {
                parse_migration_name(n)
                    .is_some_and(|m| m.prefix == prefix && m.version.as_u32() == Some(version))
            })
            .cloned()
    };

    let mut reports = Vec::new();
    let mut files = Vec::new();
    let snaps = snapshots(root)?;
    for pair in snaps.windows(2) {
        let ((from_v, from_stem, old), (to_v, _, to_model)) = (&pair[0], &pair[1]);
        let versions: Vec<u32> = (from_v + 1..=*to_v).collect();
        let mut released_forward = Vec::new();
        for &v in &versions {
            if let Some(name) = find(Prefix::Versioned, v) {
                released_forward.push(read(&dir.join(name))?);
            }
        }
        let mut new = to_model.clone();
        restore_rename_hints(&mut new, &released_forward);
        let plan = delta::plan(old, &new);
        let kept = |reports: &mut Vec<UndoReport>, why: String| {
            for &v in &versions {
                reports.push(UndoReport {
                    file_name: find(Prefix::Undo, v).unwrap_or_else(|| format!("U{v:03}")),
                    outcome: UndoOutcome::Kept(why.clone()),
                });
            }
        };
        if plan.files.len() != versions.len() {
            kept(
                &mut reports,
                format!(
                    "snapshots {from_stem} → V{to_v:03} plan {} file(s) today for {} released version(s) (a hand-written migration, or the engine splits the change differently)",
                    plan.files.len(),
                    versions.len()
                ),
            );
            continue;
        }
        for (f, &v) in plan.files.iter().zip(&versions) {
            let (Some(v_name), Some(u_name)) = (find(Prefix::Versioned, v), find(Prefix::Undo, v))
            else {
                kept(&mut reports, format!("V{v:03} or U{v:03} is missing"));
                continue;
            };
            let released = read(&dir.join(&v_name))?;
            let header = |file_name| FileHeader {
                file_name,
                command: REGEN_COMMAND,
                from_snapshot: from_stem,
            };
            let f = &in_released_order(&without_new_fills(f, &released), &released);
            let forward = delta::render_forward(f, &header(&v_name));
            // The same statements, in any order: the undo starts from the state the released
            // file leaves (the snapshot), whatever order it took to get there; a statement
            // that differs means the snapshots no longer say what was released.
            let (mut now, mut then) = (statements(&forward), statements(&released));
            now.sort_unstable();
            then.sort_unstable();
            // A file released before the engine wrote some change differently in form only
            // (online statements made re-runnable) is still the same plan.
            let earlier = delta::render_forward(&with_earlier_forms(f), &header(&v_name));
            let mut before = statements(&earlier);
            before.sort_unstable();
            if now != then && before != then {
                let line = now
                    .iter()
                    .zip(&then)
                    .position(|(a, b)| a != b)
                    .unwrap_or(now.len().min(then.len()));
                reports.push(UndoReport {
                    file_name: u_name,
                    outcome: UndoOutcome::Kept(format!(
                        "the engine no longer plans the statements of {v_name} (in sorted order, today `{}`, released `{}`); an undo written today might not undo it",
                        now.get(line).unwrap_or(&"<end>"),
                        then.get(line).unwrap_or(&"<end>")
                    )),
                });
                continue;
            }
            let undo = delta::render_undo(f, &header(&u_name));
            // Stale only when a statement differs: a header or a description worded
            // differently today is no reason to touch a released file.
            if statements(&read(&dir.join(&u_name))?) == statements(&undo) {
                reports.push(UndoReport {
                    file_name: u_name,
                    outcome: UndoOutcome::Current,
                });
                continue;
            }
            lock.record_regeneration(&u_name, undo.as_bytes())
                .map_err(|e| RepoError::Lock(e.to_string()))?;
            files.push(GeneratedFile {
                path: Path::new("migrations").join(&u_name),
                contents: undo,
            });
            reports.push(UndoReport {
                file_name: u_name,
                outcome: UndoOutcome::Regenerated,
            });
        }
    }
    if !files.is_empty() && !dry_run {
        files.push(GeneratedFile {
            path: PathBuf::from(LOCK_FILE),
            contents: lock.render(),
        });
        write_all(root, &files)?;
    }
    Ok(reports)
}
