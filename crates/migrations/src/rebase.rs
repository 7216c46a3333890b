//! `cargo xtask rebase <file>`: after merging a branch that released the same version, move
//! the local, unreleased delta after the other branch's: remove the local files, restore the
//! other branch's baseline migration and lock, then generate the delta again from the merged
//! snapshot (renumbered).

use crate::history::{LockEntry, LockFile, Prefix, parse_migration_name, parse_sidecar_name};
use crate::repo::{GenOptions, Generated, LOCK_FILE, Repo, RepoError, gen_migration};
use crate::{GeneratedFile, write_all};
use hims_model::Model;
use hims_render::{BaselineHeader, baseline};
use std::path::{Path, PathBuf};

/// What the rebase removed and generated.
pub struct Rebased {
    pub removed: Vec<String>,
    pub generated: Option<Generated>,
}

/// The description a delta's files share: `add_x`, `add_x_online`, `add_x_enum_values`.
fn base_description(description: &str) -> &str {
    description
        .strip_suffix(" online")
        .or_else(|| description.strip_suffix(" enum values"))
        .unwrap_or(description)
}

/// Lock entries of a lock file that may hold git conflict markers: every entry line of both
/// sides is kept (the markers are dropped); the caller removes what goes and re-chains.
fn lenient_lock(text: &str) -> Vec<LockEntry> {
    text.lines()
        .filter(|l| {
            !(l.starts_with("<<<<<<<")
                || l.starts_with("=======")
                || l.starts_with(">>>>>>>")
                || l.starts_with("|||||||"))
        })
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let file_name = parts.next()?.to_string();
            if file_name.starts_with('#') {
                return None;
            }
            let mut entry = LockEntry {
                file_name,
                flyway_checksum: 0,
                sha256: String::new(),
                chain: String::new(),
                regenerated: false,
            };
            for p in parts {
                if p == crate::history::REGENERATED {
                    entry.regenerated = true;
                }
                if let Some(v) = p.strip_prefix("flyway=") {
                    entry.flyway_checksum = v.parse().ok()?;
                } else if let Some(v) = p.strip_prefix("sha256=") {
                    entry.sha256 = v.to_string();
                } else if let Some(v) = p.strip_prefix("chain=") {
                    entry.chain = v.to_string();
                }
            }
            Some(entry)
        })
        .collect()
}

/// Rebase the local delta that starts with `file_name` (e.g. `V007__add_x.sql`) onto what is
/// now released under `root`, regenerating it from `model` (the merged definitions).
pub fn rebase(
    root: &Path,
    model: &Model,
    file_name: &str,
    allow: &[hims_diff::HazardKind],
) -> Result<Rebased, RepoError> {
    let name = parse_migration_name(file_name)
        .filter(|n| n.prefix == Prefix::Versioned)
        .ok_or_else(|| RepoError::Other(format!("`{file_name}` is not a versioned migration file name (V<version>__<description>.sql)")))?;
    let from_version = name
        .version
        .as_u32()
        .ok_or_else(|| RepoError::Other(format!("{file_name}: unsupported version")))?;
    // The raw description (underscores kept), as gen-migration was given it.
    let description = base_description(&name.description).replace(' ', "_");
    let migrations = root.join("migrations");
    let snapshots = root.join("snapshots");

    // The local delta's files: its migrations, undos, sidecars and snapshots.
    let mut mine: Vec<PathBuf> = Vec::new();
    let mut my_versions: Vec<u32> = Vec::new();
    for dir in [&migrations, &snapshots] {
        for entry in std::fs::read_dir(dir).map_err(|e| RepoError::Read {
            path: dir.clone(),
            message: e.to_string(),
        })? {
            let path = entry
                .map_err(|e| RepoError::Read {
                    path: dir.clone(),
                    message: e.to_string(),
                })?
                .path();
            let fname = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let parsed = parse_sidecar_name(&fname)
                .or_else(|| parse_migration_name(&fname))
                .or_else(|| {
                    fname
                        .strip_suffix(".json")
                        .and_then(|s| parse_migration_name(&format!("{s}.sql")))
                });
            let Some(m) = parsed else { continue };
            let Some(v) = m.version.as_u32() else {
                continue;
            };
            if m.prefix != Prefix::Baseline
                && v >= from_version
                && base_description(&m.description).replace(' ', "_") == description
            {
                if m.prefix == Prefix::Versioned
                    && !fname.ends_with(".json")
                    && !fname.ends_with(".conf")
                {
                    my_versions.push(v);
                }
                mine.push(path);
            }
        }
    }
    if !mine
        .iter()
        .any(|p| p.file_name().is_some_and(|f| f == file_name))
    {
        return Err(RepoError::Other(format!(
            "generated/migrations/{file_name} not found"
        )));
    }
    my_versions.sort();
    my_versions.dedup();

    // Baseline migrations at my versions go too (an add/add conflict leaves markers in
    // them); the other branch's are regenerated from its snapshot.
    let mut removed: Vec<String> = Vec::new();
    for v in &my_versions {
        for entry in std::fs::read_dir(&migrations)
            .map_err(|e| RepoError::Read {
                path: migrations.clone(),
                message: e.to_string(),
            })?
            .flatten()
        {
            let fname = entry.file_name().to_string_lossy().to_string();
            if let Some(m) = parse_migration_name(&fname)
                && m.prefix == Prefix::Baseline
                && m.version.as_u32() == Some(*v)
            {
                mine.push(entry.path());
            }
        }
    }
    for p in &mine {
        removed.push(
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string(),
        );
        std::fs::remove_file(p).map_err(|e| RepoError::Read {
            path: p.clone(),
            message: e.to_string(),
        })?;
    }

    let repo = Repo::new(root);
    let mut restored: Vec<GeneratedFile> = Vec::new();
    let theirs_head = repo.head_version();
    for v in &my_versions {
        if *v > theirs_head {
            continue;
        }
        // The other branch released this version: rebuild its baseline migration from the
        // snapshot of that version (the renderer is deterministic).
        let (stem, snapshot) = snapshot_at(root, *v)?;
        let b = crate::history::migration_file_name(Prefix::Baseline, *v, "complete_hims_schema")?;
        let _ = stem;
        restored.push(GeneratedFile {
            path: Path::new("migrations").join(&b),
            contents: baseline(
                &snapshot,
                &BaselineHeader {
                    file_name: b.clone(),
                    regenerate: "cargo xtask baseline".into(),
                },
            ),
        });
    }

    // The lock: both sides' entries minus what was removed, plus the restored baselines.
    let lock_path = root.join(LOCK_FILE);
    let text = std::fs::read_to_string(&lock_path).map_err(|e| RepoError::Read {
        path: lock_path.clone(),
        message: e.to_string(),
    })?;
    let mut lock = LockFile {
        entries: lenient_lock(&text)
            .into_iter()
            .filter(|e| !removed.contains(&e.file_name))
            .collect(),
    };
    // Both sides' copies of the same line (a regeneration record is its own line).
    lock.recompute();
    lock.entries
        .dedup_by(|a, b| a.file_name == b.file_name && a.sha256 == b.sha256);
    for f in &restored {
        let fname = f
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        lock.append(&fname, f.contents.as_bytes())
            .map_err(|e| RepoError::Lock(e.to_string()))?;
    }
    lock.recompute();
    restored.push(GeneratedFile {
        path: PathBuf::from(LOCK_FILE),
        contents: lock.render(),
    });
    write_all(root, &restored)?;

    let generated = gen_migration(
        root,
        model,
        &GenOptions {
            description: &description,
            allow,
            dry_run: false,
            empty_template: None,
            verifier: None,
            edit_plan: None,
        },
    )?;
    Ok(Rebased { removed, generated })
}

/// The snapshot written for version `v`.
fn snapshot_at(root: &Path, v: u32) -> Result<(String, Model), RepoError> {
    let dir = root.join("snapshots");
    for entry in std::fs::read_dir(&dir)
        .map_err(|e| RepoError::Read {
            path: dir.clone(),
            message: e.to_string(),
        })?
        .flatten()
    {
        let fname = entry.file_name().to_string_lossy().to_string();
        let Some(stem) = fname.strip_suffix(".json") else {
            continue;
        };
        if parse_migration_name(&format!("{stem}.sql")).and_then(|m| m.version.as_u32()) == Some(v)
        {
            let text = std::fs::read_to_string(entry.path()).map_err(|e| RepoError::Read {
                path: entry.path(),
                message: e.to_string(),
            })?;
            let model = Model::from_json(&text).map_err(|e| RepoError::Snapshot {
                path: entry.path(),
                message: e.to_string(),
            })?;
            return Ok((stem.to_string(), model));
        }
    }
    Err(RepoError::Other(format!(
        "no snapshot for version {v:03} under generated/snapshots/"
    )))
}
